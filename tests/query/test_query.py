"""SPARQL through the library and the CLI: forms, formats, refusals, errors, lazy imports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

from kg.core.errors import QueryError
from kg.query.sparql import format_result, query_output, run_query
from kg.store.embedded import EmbeddedStore

from tests.conftest import PROJECT, run_cli

BLOCKADES = "SELECT ?place ?name WHERE { ent:jnim kg:blockades ?place . ?place skos:prefLabel ?name } ORDER BY ?name"


def test_select_with_project_prefixes(store):
    result = run_query(store, BLOCKADES)
    assert result.type == "SELECT" and result.vars == ["place", "name"]
    names = [str(r[1]) for r in result.rows]
    assert "Bamako" in names and names == sorted(names)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_select_formats_carry_the_same_rows(store, fmt):
    result = run_query(store, BLOCKADES)
    data = format_result(result, fmt).decode("utf-8")
    expected = [str(r[1]) for r in result.rows]
    if fmt == "json":
        names = [b["name"]["value"] for b in json.loads(data)["results"]["bindings"]]
    elif fmt == "csv":
        names = [row["name"] for row in csv.DictReader(io.StringIO(data))]
    elif fmt == "tsv":
        from rdflib.query import Result
        assert data.splitlines()[0].split("\t") == ["?place", "?name"]
        parsed = Result.parse(io.StringIO(data), format="tsv")
        names = [str(row.name) for row in parsed]
    elif fmt == "xml":
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(data)
        names = [b.find("s:literal", ns).text for b in root.iterfind(".//s:binding[@name='name']", ns)]
    else:
        lines = data.splitlines()
        assert lines[0].split() == ["place", "name"] and set(lines[1]) <= {"-", " "}
        assert any(line.startswith("ent:bamako") for line in lines)
        names = [line.split(None, 1)[1] for line in lines[2:]]
    assert names == expected


def test_ask_construct_describe(store):
    assert run_query(store, "ASK { ent:junta kg:pivotedTo ent:russia }").boolean is True
    assert run_query(store, "ASK { ent:junta kg:pivotedTo ent:france }").boolean is False
    built = run_query(store, "CONSTRUCT { ?a kg:blockades ?b } WHERE { ?a kg:blockades ?b }")
    assert built.type == "CONSTRUCT" and len(built.graph) >= 5
    ttl = format_result(built, "turtle")
    assert len(Graph().parse(data=ttl, format="turtle")) == len(built.graph)
    described = run_query(store, "DESCRIBE ent:bamako")
    assert described.type == "DESCRIBE" and len(described.graph) > 0
    jsonld = format_result(described, "jsonld")
    assert b"http" in jsonld and "@context" in json.loads(jsonld)


@pytest.mark.parametrize("sparql, expected", [
    ("SELECT * WHERE { ?s ?p ", "line 1, column"),
    ("SELECT * WHERE {\n  ?s foo:bar ?o }", "undefined prefix 'foo:'"),
    ("INSERT DATA { ent:a ent:b ent:c }", "SPARQL Update is refused"),
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update is refused"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("  ", "empty query"),
])
@pytest.mark.parametrize("run", [run_query, lambda store, q: query_output(store, q, "json")],
                         ids=["run_query", "query_output"])
def test_bad_queries_are_refused_with_a_clear_message(store, sparql, expected, run):
    with pytest.raises(QueryError) as err:
        run(store, sparql)
    assert expected in str(err.value)


@pytest.mark.parametrize("path", sorted((PROJECT / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_oxigraph_written_answers_equal_the_rdflib_path(store, path):
    """``query_output`` (kg query) writes SELECT answers straight from Oxigraph's solutions; the
    bytes equal ``format_result(run_query(...))``, which other stores' answers go through."""
    sparql = path.read_text(encoding="utf-8")
    reference = run_query(store, sparql)
    assert reference.rows, f"{path.name} has no rows to compare"
    for fmt in ("csv", "tsv", "json", "xml"):
        got = query_output(store, sparql, fmt)
        assert got == format_result(reference, fmt), fmt
        assert got.endswith(b"\n") and str(reference.rows[0][0]).encode("utf-8") in got
    assert query_output(store, sparql, "table") == format_result(reference, "table")


@pytest.mark.parametrize("sparql", ["DESCRIBE ent:bamako", "CONSTRUCT { ?s kg:blockades ?o } WHERE { ?s kg:blockades ?o }",
                                    "CONSTRUCT WHERE { ?s kg:nothingLikeThis ?o }"])
def test_oxigraph_written_graphs_equal_the_rdflib_path(store, sparql):
    """CONSTRUCT/DESCRIBE in N-Triples: written by Oxigraph from its own triples, sorted; the same
    bytes as the rdflib graph written by ``format_result``."""
    reference = run_query(store, sparql)
    for fmt in ("nt", "nquads"):
        got = query_output(store, sparql, fmt)
        assert got == format_result(reference, fmt)
        assert len(got.splitlines()) == len(reference.graph)
        assert sorted(got.splitlines()) == got.splitlines() and b"^^<http://www.w3.org/2001/XMLSchema#string>" not in got


def test_text_comes_back_as_simple_literals(store):
    """Oxigraph stores "Bamako" as an xsd:string; kg hands it to rdflib as the simple literal it is
    in RDF 1.1, so Turtle, TriG and JSON-LD exports write "Bamako", not "Bamako"^^xsd:string."""
    from rdflib import Literal

    from kg.query.export import export_store

    names = [r[1] for r in run_query(store, BLOCKADES).rows]
    assert names and all(type(n) is Literal and n.datatype is None and n.language is None for n in names)
    for fmt in ("turtle", "trig", "jsonld"):
        data = export_store(store, fmt).decode("utf-8")
        assert '"Bamako"' in data and "XMLSchema#string\"" not in data and '"Bamako"^^xsd:string' not in data, fmt


def test_plain_text_carries_no_xsd_string_datatype(store):
    """RDF 1.1: "text" and "text"^^xsd:string are one literal; JSON results write it plainly,
    whichever serializer wrote them (the remote store's answers go through rdflib's)."""
    result = run_query(store, BLOCKADES)
    for data in (format_result(result, "json"), query_output(store, BLOCKADES, "json")):
        names = [b["name"] for b in json.loads(data)["results"]["bindings"]]
        assert names and all(n["type"] == "literal" and "datatype" not in n for n in names)


def test_service_inside_a_string_is_not_a_service_call(store):
    result = run_query(store, 'SELECT ?x WHERE { BIND("SERVICE and INSERT" AS ?x) }')
    assert str(result.rows[0][0]) == "SERVICE and INSERT"


def test_update_only_when_allowed(store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    store = EmbeddedStore(copy)
    run_query(store, "INSERT DATA { ent:test-x rdfs:label \"x\" }", allow_update=True)
    assert run_query(store, "ASK { ent:test-x rdfs:label \"x\" }").boolean is True


def test_cli_query_argument_file_and_stdin(cli_env, tmp_path):
    res = run_cli("query", BLOCKADES, "--format", "csv", env=cli_env)
    assert res.exit_code == 0 and "Bamako" in res.stdout
    path = tmp_path / "q.rq"
    path.write_text(BLOCKADES, encoding="utf-8")
    by_file = run_cli("query", "-f", str(path), "--format", "csv", env=cli_env)
    by_stdin = run_cli("query", "--format", "csv", input=BLOCKADES, env=cli_env)
    assert by_file.stdout == by_stdin.stdout == res.stdout
    both = run_cli("query", BLOCKADES, "-f", str(path), env=cli_env)
    assert both.exit_code == 2


@pytest.mark.parametrize("args, code, expected", [
    (["query", "SELECT * WHERE { ?s ?p "], 2, "kg: error: line 1, column"),
    (["query", "SELECT * WHERE {\n ?s ?p }", "--format", "json"], 2, "kg: error: line 2, column"),
    (["query", "INSERT DATA { ent:a ent:b ent:c }"], 2, "refused"),
    (["query", "SELECT * WHERE { ?s ?p ?o }", "--format", "yaml"], 2, "Invalid value"),
    (["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], 2, "unknown RDF format"),
    (["show", "Atlantis"], 2, "no entity named 'Atlantis'"),
    (["show", "Ivry Coast"], 2, "did you mean: Côte d'Ivoire"),
    (["export", "--format", "docx"], 2, "Invalid value"),
])
def test_cli_bad_input_one_line_exit_code(cli_env, args, code, expected):
    res = run_cli(*args, env=cli_env)
    assert res.exit_code == code
    assert expected in res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    if "kg: error" in expected:
        assert len(res.stderr.strip().splitlines()) == 1


def test_missing_store_is_a_clear_error(tmp_path):
    res = run_cli("query", BLOCKADES, env={"KG_STORE": str(tmp_path / "nowhere")})
    assert res.exit_code == 2 and "run 'kg build' first" in res.stderr


def test_kg_query_does_not_import_heavy_libraries(store_path):
    code = (
        "import sys\n"
        "from cli import cli\n"
        "try:\n"
        f"    cli(['--store', {str(store_path)!r}, 'query', 'ASK {{ ?s ?p ?o }}'], standalone_mode=False)\n"
        "finally:\n"
        "    heavy = sorted(m for m in ('networkx', 'pyvis', 'pyshacl', 'spacy', 'jinja2') if m in sys.modules)\n"
        "    print('HEAVY=' + ','.join(heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert "true" in out.stdout
    assert "HEAVY=\n" in out.stdout, out.stdout


def test_rdflib_dataset_view_over_the_store(store):
    """Python users get rdflib's own API over the same Oxigraph store (oxrdflib)."""
    ds = store.dataset()
    assert sum(1 for _ in ds.triples((None, None, None))) == len(store)
    from kg.core.namespaces import ENT, KG
    assert (ENT.jnim, KG.blockades, ENT.bamako) in ds
    rows = ds.query("SELECT ?p WHERE { ent:jnim kg:blockades ?p }", initNs={"ent": str(ENT), "kg": str(KG)})
    assert len(list(rows)) == len(run_query(store, BLOCKADES).rows)
