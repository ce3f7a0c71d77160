"""``kg.query.statements.edge_rows`` on a store of several graphs: the query shape Oxigraph hashes
(``EDGES_HASHED_QUERY``) answers what the plain shape (``EDGES_QUERY``) answers over the same
triples merged into one default graph (an in-memory store: no union of graphs), and a property given twice gives the same row whatever the order."""

from __future__ import annotations

import shutil

import pytest
from rdflib import URIRef

from kg.core.namespaces import PREFIXES
from kg.query.statements import EDGES_HASHED_QUERY, EDGES_QUERY, _solutions, edge_rows
from kg.store.embedded import EmbeddedStore
from kg.store.load import load_files

ENT, STMT, ART, KG = PREFIXES["ent"], "https://w3id.org/mali-kg/statement/", PREFIXES["art"], PREFIXES["kg"]
OA, RDF = "http://www.w3.org/ns/oa#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _extra() -> str:
    """One statement in a graph of its own about actors of the built graph, and a second title of
    an article (both joins cross graphs)."""
    st = f"{STMT}extra-1"
    triples = [(st, RDF + "type", f"<{KG}Statement>"), (st, "http://purl.org/dc/terms/identifier", '"extra-1"'),
               (st, RDF + "subject", f"<{ENT}jnim>"), (st, RDF + "predicate", f"<{KG}blockades>"),
               (st, RDF + "object", f"<{ENT}bamako>"), (st, KG + "modality", f"<{KG}asserted>"),
               (st, KG + "confidence", f"<{KG}high>"),
               (st, "http://www.w3.org/ns/prov#wasDerivedFrom", f"<{ART}reuters-blockade-threatens-mali>"),
               (st, "http://schema.org/location", f"<{ENT}kayes>"), (st, OA + "hasTarget", f"<{st}#t>"),
               (f"{st}#t", OA + "hasSelector", f"<{st}#q>"), (f"{st}#t", OA + "hasSelector", f"<{st}#p>"),
               (f"{st}#q", RDF + "type", f"<{OA}TextQuoteSelector>"), (f"{st}#q", OA + "exact", '"a quote"'),
               (f"{st}#p", RDF + "type", f"<{OA}TextPositionSelector>"),
               (f"{st}#p", OA + "start", '"0"^^<http://www.w3.org/2001/XMLSchema#integer>'),
               (f"{st}#p", OA + "end", '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'),
               (f"{ART}reuters-blockade-threatens-mali", "http://purl.org/dc/terms/title", '"AAA a second title"')]
    return "".join(f"<{s}> <{p}> {o} .\n" for s, p, o in triples)


@pytest.fixture()
def graphs(store_path, tmp_path):
    """A copy of the built store with a named graph loaded into it."""
    target = tmp_path / "store"
    shutil.copytree(store_path, target)
    nt = tmp_path / "extra.nt"
    nt.write_text(_extra(), encoding="utf-8")
    store = EmbeddedStore(target)
    load_files(store, [str(nt)], graph="https://w3id.org/mali-kg/graph/extra")
    yield EmbeddedStore(target)


def _rows(solutions) -> set[frozenset]:
    return {frozenset((k, str(v)) for k, v in row.items()) for row in solutions}


def test_the_hashed_shape_answers_what_the_plain_one_answers_on_one_graph(graphs):
    import pyoxigraph as ox

    assert graphs.has_named_graphs()
    merged = ox.Store()
    merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in graphs.ox)
    result = merged.query(EDGES_QUERY, prefixes=PREFIXES)
    names = [v.value for v in result.variables]
    expected = _rows({n: t.value for n, t in zip(names, row) if t is not None} for row in result)
    got = _rows(_solutions(graphs, EDGES_HASHED_QUERY))
    assert len(got) == len(expected) > 100
    assert got == expected
    assert any(dict(r)["id"] == "extra-1" for r in got)


def test_a_property_given_twice_gives_one_row_the_same_each_time(graphs):
    rows = edge_rows(graphs)
    twice = [e for e in rows if e["article"] == "reuters-blockade-threatens-mali"]
    assert twice and all(e["article_title"] == "AAA a second title" for e in twice)   # the smaller one
    assert len({e["id"] for e in rows}) == len(rows)
    about = edge_rows(graphs, about=URIRef(ENT + "jnim"))
    assert [e for e in about if e["id"] == "extra-1"] == [e for e in rows if e["id"] == "extra-1"]
