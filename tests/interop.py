"""Shared by the interoperability tests (issue 13): queries sent by other tools, and their answers
computed by an independent engine (rdflib's own SPARQL evaluator over the graph `kg build` makes,
never through Oxigraph or kg's query path)."""

from __future__ import annotations

import functools

from kg.core.namespaces import PREFIXES
from tests.conftest import DATA

SELECT = "SELECT ?place ?label WHERE { ent:jnim kg:blockades ?place . ?place skos:prefLabel ?label }"
ASK = "ASK { ent:jnim kg:blockades ent:bamako }"
CONSTRUCT = "CONSTRUCT { ?s kg:blockades ?o } WHERE { ?s kg:blockades ?o }"
DESCRIBE = "DESCRIBE ent:bamako"
DESCRIBED = "CONSTRUCT { ent:bamako ?p ?o } WHERE { ent:bamako ?p ?o }"  # DESCRIBE without blank nodes
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@functools.lru_cache(maxsize=1)
def built_graph():
    from kg.corpus.build import build_graph

    return build_graph(DATA).graph


def reference(sparql: str):
    """The answer of rdflib's SPARQL engine on the built graph: a set of rows of strings (SELECT),
    a bool (ASK) or a set of triples (CONSTRUCT; DESCRIBE is asked as ``DESCRIBED``)."""
    from rdflib import Graph

    g = Graph()
    for t in built_graph():
        g.add(t)
    res = g.query(DESCRIBED if sparql == DESCRIBE else sparql, initNs=PREFIXES)
    if res.type == "SELECT":
        return {tuple(str(v) for v in row) for row in res}
    if res.type == "ASK":
        return bool(res.askAnswer)
    return set(res.graph)


def plain(triples) -> set:
    """Triples with typed ``xsd:string`` literals as simple ones (RDF 1.1: the same term)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    def p(t):
        return Literal(str(t)) if isinstance(t, Literal) and t.datatype == XSD.string else t

    return {tuple(p(t) for t in triple) for triple in triples}
