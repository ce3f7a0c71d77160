"""Export (deterministic, every format parses back), show, stats, validate through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph

from kg.corpus.build import build_graph
from kg.query.export import FORMATS, export_store
from kg.store.embedded import EmbeddedStore

from tests.conftest import DATA, PROJECT, run_cli


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_format_parses_back_to_the_same_triples(store, fmt):
    data = export_store(store, fmt)
    rdf_fmt = FORMATS[fmt][0]
    if FORMATS[fmt][2]:
        parsed = Dataset()
        parsed.parse(data=data, format=rdf_fmt)
        count = sum(1 for _ in parsed.quads((None, None, None, None)))
    else:
        count = len(Graph().parse(data=data, format=rdf_fmt))
    assert count == len(store)
    assert b"http://www.w3.org/2003/01/geo/wgs84_pos#" in data or fmt == "jsonld"


def test_jsonld_has_an_inline_context_and_no_remote_one(store):
    doc = json.loads(export_store(store, "jsonld"))
    context = doc["@context"]
    assert isinstance(context, dict) and context["kg"] == "https://w3id.org/mali-kg/ontology#"


def _build_and_export(tmp_path, name, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed), KG_STORE=str(tmp_path / name))
    kg = [sys.executable, "-c", "from cli import main; main()"]
    subprocess.run(kg + ["build"], cwd=PROJECT, env=env, check=True, capture_output=True)
    outputs = {}
    for fmt in ("turtle", "nt", "trig", "jsonld", "xml"):
        outputs[fmt] = subprocess.run(kg + ["export", "--format", fmt], cwd=PROJECT, env=env, check=True,
                                      capture_output=True).stdout
    return outputs


def test_two_builds_give_byte_identical_exports(tmp_path):
    first = _build_and_export(tmp_path, "a", 1)
    second = _build_and_export(tmp_path, "b", 2)
    for fmt in first:
        assert first[fmt] == second[fmt], fmt
    assert len(first["turtle"]) > 10_000


def test_export_to_file_is_written_whole(cli_env, tmp_path, store):
    target = tmp_path / "mali.ttl"
    res = run_cli("export", "-o", str(target), env=cli_env)
    assert res.exit_code == 0 and res.stdout == ""
    assert target.read_bytes() == export_store(store, "turtle")
    assert [p.name for p in tmp_path.iterdir()] == ["mali.ttl"]
    bad = run_cli("export", "-o", str(tmp_path / "no" / "such" / "dir.ttl"), env=cli_env)
    assert bad.exit_code == 2 and "does not exist" in bad.stderr


@pytest.mark.parametrize("name", ["Ivory Coast", "côte d'ivoire", "COTE D’IVOIRE", "cote-divoire"])
def test_show_finds_an_entity_by_any_name(cli_env, name):
    res = run_cli("show", name, "--format", "json", env=cli_env)
    assert res.exit_code == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["name"] == "Côte d'Ivoire"
    assert "http://www.wikidata.org/entity/Q1008" in info["same_as"]
    relations = {(s["subject"], s["relation"], s["object"]) for s in info["statements"]}
    assert ("JNIM", "attacks convoys from", "Côte d'Ivoire") in relations
    assert all(s["quote"] and s["article_title"] for s in info["statements"])


def test_show_text_lists_quotes_sources_and_claimants(cli_env):
    res = run_cli("show", "jihadists", env=cli_env)
    assert res.exit_code == 0
    assert res.stdout.startswith("JNIM  <https://w3id.org/mali-kg/id/jnim>")
    assert "according to Control Risks" in res.stdout
    assert "“" in res.stdout and "Is Mali’s Military Regime Running out of Gas?" in res.stdout


def test_stats_counts_match_the_data(cli_env):
    res = run_cli("stats", "--format", "json", env=cli_env)
    stats = json.loads(res.stdout)
    corpus = build_graph(DATA, validate=False).corpus
    assert stats["totals"]["statements"] == len(corpus.statements)
    assert stats["totals"]["entities"] == len(corpus.entities)
    by_source = {r["source"]: r["count"] for r in stats["source"]}
    for art in corpus.articles:
        assert by_source[f"art:{art}"] == sum(1 for s in corpus.statements if s.article == art)


def test_validate_passes_on_the_built_store_and_fails_on_a_broken_one(cli_env, store, tmp_path):
    ok = run_cli("validate", env=cli_env)
    assert ok.exit_code == 0 and "conforms" in ok.stderr
    g = Graph()
    for s, p, o, _ in store.quads():
        g.add((s, p, o))
    from kg.core.namespaces import GEO, ENT
    from rdflib import Literal
    g.set((ENT.bamako, GEO.lat, Literal(123.5)))
    broken = EmbeddedStore(tmp_path / "broken")
    broken.replace(g)
    res = run_cli("--store", str(tmp_path / "broken"), "validate", "--format", "csv", env=cli_env)
    assert res.exit_code == 1
    assert "latitude must be one decimal between -90 and 90" in res.stdout
    assert "https://w3id.org/mali-kg/id/bamako" in res.stdout
