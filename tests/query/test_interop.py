"""What other tools receive is right (issue 13): every `kg export` format read by Debian's rapper and
by Jena's riot --strict, the same statements in every format down to each literal's lexical form,
PyLD's reading of the JSON-LD equal to the N-Quads, HermiT (Protégé's reasoner, via owlready2) finding
the full export consistent, and the SHACL shapes holding under RDFS and OWL-RL inference (pyshacl
-i rdfs / -i owlrl, as GraphDB's rulesets do). The store has a named graph added by `kg load`."""

from __future__ import annotations

import json
import subprocess

import pyoxigraph as ox
import pytest

from tests import tools
from tests.conftest import PROJECT, run_cli

FORMATS = ["turtle", "trig", "nt", "nquads", "jsonld", "xml"]
QUADS = {"trig", "nquads", "jsonld"}
LOADED = "https://example.org/i13/interop"
EXTRA = """@prefix kg: <https://w3id.org/mali-kg/ontology#> .
@prefix ent: <https://w3id.org/mali-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/i13/x> <http://example.org/i13/note> "deux lignes\\nune \\"citation\\""@fr ;
    <http://example.org/i13/amount> "12.50"^^xsd:decimal .
"""


@pytest.fixture(scope="module")
def exported(store_path, tmp_path_factory):
    """Every export format of a copy of the built store to which `kg load` added one named graph."""
    import shutil

    folder = tmp_path_factory.mktemp("interop")
    store = folder / "store"
    shutil.copytree(store_path, store)
    extra = folder / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    assert run_cli("--store", str(store), "load", str(extra), "--graph", LOADED).exit_code == 0
    files = {}
    for fmt in FORMATS:
        result = run_cli("--store", str(store), "export", "-F", fmt)
        assert result.exit_code == 0, result.output
        files[fmt] = folder / f"mali.{fmt}"
        files[fmt].write_bytes(result.stdout_bytes)
    return files


def _quads(data: bytes, fmt) -> set:
    return set(ox.parse(data, format=fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_riot_strict_validates(exported, fmt):
    proc = tools.riot(exported[fmt], fmt)
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f in tools.RAPPER_SYNTAX])
def test_rapper_reads_every_statement(exported, fmt):
    count, warnings = tools.rapper_count(exported[fmt], fmt)
    assert warnings == ""
    nquads = _quads(exported["nquads"].read_bytes(), ox.RdfFormat.N_QUADS)
    want = len(nquads) if fmt in QUADS else len({(q.subject, q.predicate, q.object) for q in nquads})
    assert count == want


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_statements_and_lexical_forms_in_jena(exported, fmt):
    """Jena writes back what it read, term for term: every format gives the lines of the N-Triples
    (N-Quads) export exactly, "50000000"^^xsd:decimal and "14"^^xsd:decimal included."""
    output = "nq" if fmt in QUADS else "nt"
    proc = tools.riot(exported[fmt], fmt, output)
    assert proc.returncode == 0, proc.stderr
    ours = exported["nquads" if fmt in QUADS else "nt"].read_text(encoding="utf-8")
    assert set(proc.stdout.splitlines()) == set(ours.splitlines())


def test_pyld_reads_the_jsonld_as_the_nquads(exported):
    from pyld import jsonld

    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    got = _quads(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)
    want = _quads(exported["nquads"].read_bytes(), ox.RdfFormat.N_QUADS)
    assert got == want
    assert {q.graph_name for q in got} == {ox.DefaultGraph(), ox.NamedNode(LOADED)}


def test_hermit_finds_the_export_consistent(exported):
    assert tools.hermit_consistent(exported["xml"])


def test_hermit_finds_an_inconsistency(tmp_path):
    """The check can fail: a language-tagged note where the range is xsd:string is inconsistent."""
    broken = tmp_path / "broken.ttl"
    broken.write_text("""@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/o> a owl:Ontology .
<http://example.org/note> a owl:DatatypeProperty ; rdfs:range xsd:string .
<http://example.org/x> <http://example.org/note> "a note"@en .
""")
    xml = tmp_path / "broken.rdf"
    xml.write_bytes(ox.serialize(ox.parse(broken.read_bytes(), format=ox.RdfFormat.TURTLE),
                                 format=ox.RdfFormat.RDF_XML))
    assert not tools.hermit_consistent(xml)


@pytest.mark.parametrize("inference", ["none", "rdfs", "owlrl"])
def test_shapes_hold_under_inference(exported, inference):
    """`pyshacl -s ontology/shapes.ttl -a -i rdfs|owlrl mali.ttl` conforms (the ontology is part of
    the export, so the inference uses its domains, ranges, subclasses and owl:sameAs)."""
    proc = subprocess.run([str(PROJECT / ".venv" / "bin" / "pyshacl"), "-s", str(PROJECT / "ontology" / "shapes.ttl"),
                           "-a", "-i", inference, "-f", "human", str(exported["turtle"])],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and "Conforms: True" in proc.stdout, proc.stdout[-3000:]
