"""Network analytics on the real Mali graph: rank, path, neighbours, communities, network exports.

Expected answers come from the data (the statements' YAML) or from independent SPARQL over the
store, never from the code under test."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kg.analysis import analytics
from kg.analysis.analytics import NoPath
from kg.core.errors import KgError, NotFound
from kg.query.statements import Selection

from tests.conftest import run_cli

ENT = "https://w3id.org/mali-kg/id/"

# entities linked by at least one asserted statement (the plain triples), and those statements
ASSERTED = """SELECT ?id ?s ?o WHERE {
  ?st a kg:Statement ; dcterms:identifier ?id ; rdf:subject ?s ; rdf:object ?o ; kg:modality kg:asserted .
}"""


def asserted(store):
    return [(str(r.id), str(r.s), str(r.o)) for r in store.query(ASSERTED)]


def neighbours_by_sparql(store, iri):
    return {o if s == iri else s for _, s, o in asserted(store) if iri in (s, o) and s != o}


# -------------------------------------------------------------------------------------------- rank

def test_jnim_ranks_first_by_degree_with_its_real_number_of_neighbours(store):
    rows = analytics.rank(store, "degree", top=5)
    assert rows[0]["name"] == "JNIM" and rows[0]["rank"] == 1
    assert rows[0]["degree"] == len(neighbours_by_sparql(store, ENT + "jnim"))
    jnim_statements = sum(ENT + "jnim" in (s, o) for _, s, o in asserted(store))
    assert rows[0]["statements"] == jnim_statements
    assert [r["degree"] for r in rows] == sorted((r["degree"] for r in rows), reverse=True)


@pytest.mark.parametrize("by", ["betweenness", "pagerank"])
def test_rank_by_other_measures_is_sorted_and_complete(store, by):
    rows = analytics.rank(store, by, top=None)
    values = [r[by] for r in rows]
    assert values == sorted(values, reverse=True)
    ends = {x for _, s, o in asserted(store) for x in (s, o)}
    assert len(rows) == len(ends)
    if by == "pagerank":
        assert sum(values) == pytest.approx(1.0, abs=1e-4)


def test_rank_selection_by_relation(store):
    rows = analytics.rank(store, "degree", top=None, selection=Selection(relations={"blockades"}))
    assert rows[0]["name"] == "JNIM"
    blockaded = store.query("SELECT ?o WHERE { ent:jnim kg:blockades ?o }")
    assert rows[0]["degree"] == len({str(r.o) for r in blockaded})


def test_unknown_selection_values_suggest_known_ones(store):
    with pytest.raises(NotFound, match="blockades"):
        analytics.rank(store, selection=Selection(relations={"blockade"}))
    with pytest.raises(NotFound, match="jihadist group"):
        analytics.rank(store, selection=Selection(categories={"jihadist"}))
    with pytest.raises(KgError, match="bad date"):
        analytics.rank(store, selection=Selection(date_from="Sept 2025"))


def test_rank_cli_formats(cli_env):
    res = run_cli("rank", "--top", "3", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 3 and rows[0]["name"] == "JNIM" and rows[0]["rank"] == "1"
    res = run_cli("rank", "--by", "pagerank", "--top", "2", "--format", "json")
    data = json.loads(res.stdout)
    assert [d["rank"] for d in data] == [1, 2] and data[0]["pagerank"] >= data[1]["pagerank"]
    res = run_cli("rank", "--relation", "blockade")
    assert res.exit_code == 2 and "did you mean: blockades" in res.stderr


# -------------------------------------------------------------------------------------------- path

def hops(rows, path=1):
    """The node sequence of one path, from the rows' from/to columns."""
    seq = []
    for r in rows:
        if r["path"] == path:
            if not seq:
                seq.append(r["from"])
            if seq[-1] != r["to"]:
                seq.append(r["to"])
    return seq


def test_path_from_the_uae_to_bamako_goes_through_jnim(store):
    rows = analytics.paths(store, "United Arab Emirates", "Bamako")
    assert hops(rows) == ["United Arab Emirates", "JNIM", "Bamako"]
    first = [r for r in rows if r["hop"] == 1]
    assert {r["statement"] for r in first} == {"reuters-26", "wilen-54"}       # the two ransom statements
    assert all(r["subject"] == "United Arab Emirates" and r["relation"] == "paid ransom to" for r in first)
    assert any("$50 million" in r["quote"] for r in first)
    second = {r["statement"] for r in rows if r["hop"] == 2}
    expected = {i for i, s, o in asserted(store) if {s, o} == {ENT + "jnim", ENT + "bamako"}}
    assert second == expected


def test_path_accepts_aliases_and_shows_real_direction(store):
    rows = analytics.paths(store, "the capital", "UAE")           # aliases of Bamako and the UAE
    assert hops(rows) == ["Bamako", "JNIM", "United Arab Emirates"]
    assert all(r["subject"] == "United Arab Emirates" for r in rows if r["hop"] == 2)
    assert all(r["object"] == "Bamako" or r["subject"] == "Bamako" for r in rows if r["hop"] == 1)


def test_all_shortest_paths_and_length_limit(store):
    rows = analytics.paths(store, "UAE", "Kidal", all_paths=True)
    paths = {tuple(hops(rows, p)) for p in {r["path"] for r in rows}}
    # wilen-08/09 (Malian forces and Wagner retake Kidal), wilen-11/13 (JNIM defeats both)
    assert paths == {("United Arab Emirates", "JNIM", "Malian Armed Forces", "Kidal"),
                     ("United Arab Emirates", "JNIM", "Wagner Group", "Kidal")}
    assert hops(analytics.paths(store, "UAE", "Kidal")) == hops(rows, 1)
    with pytest.raises(NoPath, match="at most 2 hops"):
        analytics.paths(store, "UAE", "Kidal", max_length=2)


def test_hedged_statements_only_with_claims(store):
    with pytest.raises(NoPath):
        analytics.paths(store, "Nina Wilén", "Scenario: fall of Bamako")
    rows = analytics.paths(store, "Nina Wilén", "Scenario: fall of Bamako",
                           selection=Selection(include_claims=True))
    assert rows[0]["relation"] == "foresees" and rows[0]["modality"] == "possible"


def test_path_cli(cli_env):
    res = run_cli("path", "United Arab Emirates", "Bamako", "--format", "json")
    assert res.exit_code == 0
    assert [r["statement"] for r in json.loads(res.stdout)][:2] == ["reuters-26", "wilen-54"]
    assert "direction is ignored" in res.stderr
    res = run_cli("path", "UAE", "Bamko")
    assert res.exit_code == 2 and "kg: error: no entity named 'Bamko'; did you mean: Bamako?" in res.stderr
    res = run_cli("path", "UAE", "Kidal", "--max-length", "2")
    assert res.exit_code == 1 and "shortest has 3" in res.stderr


# -------------------------------------------------------------------------------------- neighbours

def test_neighbours_of_diarra_transport(store):
    rows = analytics.neighbours(store, "Diarra Transport", depth=1)
    assert rows[0] == {"distance": 0, "name": "Diarra Transport", "category": "company", "statements": 3,
                       "via": [], "id": "diarra-transport"}
    assert {r["id"] for r in rows[1:]} == {i.rsplit("/", 1)[-1] for i in
                                           neighbours_by_sparql(store, ENT + "diarra-transport")}
    two = analytics.neighbours(store, "Diarra Transport", depth=2)
    ring2 = {r["id"] for r in two if r["distance"] == 2}
    ring1 = {ENT + r["id"] for r in rows[1:]}
    expected = set().union(*(neighbours_by_sparql(store, n) for n in ring1)) - ring1 - {ENT + "diarra-transport"}
    assert ring2 == {i.rsplit("/", 1)[-1] for i in expected}


def test_neighbour_edges_are_every_statement_among_the_ego_nodes(store):
    nodes = {r["id"] for r in analytics.neighbours(store, "Diarra Transport", depth=1)}
    edges = analytics.neighbours(store, "Diarra Transport", depth=1, edges=True)
    expected = {i for i, s, o in asserted(store)
                if s.rsplit("/", 1)[-1] in nodes and o.rsplit("/", 1)[-1] in nodes}
    assert {r["statement"] for r in edges} == expected


def test_neighbours_cli_export_and_errors(cli_env, store, tmp_path):
    target = tmp_path / "ego.gexf"
    res = run_cli("neighbours", "JNIM", "--depth", "1", "--format", "gexf", "-o", str(target))
    assert res.exit_code == 0
    g = nx.read_gexf(target)
    assert g.nodes["jnim"]["distance"] == 0
    assert len(g) == len(neighbours_by_sparql(store, ENT + "jnim")) + 1
    assert run_cli("neighbours", "JNIM", "--depth", "0").exit_code == 2
    res = run_cli("neighbours", "Wagner Grop")
    assert res.exit_code == 2 and "Wagner Group" in res.stderr


# ------------------------------------------------------------------------------------- communities

@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_communities_partition_the_graph(store, method):
    rows = analytics.communities(store, method)
    members = [m for r in rows for m in r["members"]]
    assert len(members) == len(set(members))
    ends = {x for _, s, o in asserted(store) for x in (s, o)}
    assert len(members) == len(ends)
    assert [r["size"] for r in rows] == sorted((r["size"] for r in rows), reverse=True)
    assert rows == analytics.communities(store, method)          # deterministic
    jnim = next(r for r in rows if "JNIM" in r["members"])
    assert jnim["members"][0] == "JNIM"                          # the hub is listed first


def test_communities_cli(cli_env):
    res = run_cli("communities", "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data[0]["community"] == 1 and isinstance(data[0]["members"], list)
    assert "modularity" in res.stderr
    assert run_cli("communities", "--method", "nope").exit_code == 2


# ------------------------------------------------------------------------------------------ export

def test_graphml_and_gexf_round_trip_and_are_deterministic(store, tmp_path):
    stmts = asserted(store)
    ends = {x for _, s, o in stmts for x in (s, o)}
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        data = analytics.export_network(store, fmt)
        assert data == analytics.export_network(store, fmt)
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(data)
        g = reader(path)
        assert g.number_of_nodes() == len(ends)
        assert g.number_of_edges() == len(stmts)
        assert g.nodes["jnim"]["label"] == "JNIM"
    assert b"lastmodifieddate" not in analytics.export_network(store, "gexf")


def test_csv_edges_one_row_per_statement(store):
    data = analytics.export_network(store, "csv-edges").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [r["id"] for r in rows] == sorted(i for i, _, _ in asserted(store))
    ransom = next(r for r in rows if r["id"] == "reuters-26")
    assert (ransom["source"], ransom["relation"], ransom["target"]) == ("United Arab Emirates", "paidRansomTo", "JNIM")
    assert "$50 million" in ransom["quote"] and ransom["quantity_currency"] == "USD"
    assert ransom["article"] == "reuters-blockade-threatens-mali"


def test_export_cli_network_formats(cli_env, store):
    for fmt in ("graphml", "gexf", "csv-edges"):
        res = run_cli("export", "--format", fmt)
        assert res.exit_code == 0
        assert res.stdout_bytes == analytics.export_network(store, fmt)
