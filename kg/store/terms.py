"""Conversions between pyoxigraph and rdflib terms, and pyoxigraph query results as rdflib Results.

The query path uses pyoxigraph directly rather than through oxrdflib's rdflib store, because importing
oxrdflib also imports rdflib's whole SPARQL engine (its pyparsing grammar), which would make a cold
``kg query`` about 40% slower while the query itself runs in Oxigraph either way.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Variable

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string; rdflib writes it plainly
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if term is None:
        return None
    raise ValueError(f"unsupported RDF term: {term!r}")


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise ValueError(f"unsupported RDF term: {term!r}")


def to_result(res) -> Result:
    """A pyoxigraph query result (solutions, boolean or triples) as an rdflib Result. Each distinct
    term is converted once (rdflib's Literal costs about 10 microseconds to build)."""
    if isinstance(res, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(res)
        return out
    cache: dict = {}

    def term(t):
        try:
            return cache[t]
        except KeyError:
            value = cache[t] = from_ox(t)
            return value

    if isinstance(res, ox.QuerySolutions):
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in res.variables]
        out.bindings = [{v: term(val) for v, val in zip(out.vars, solution) if val is not None}
                        for solution in res]
        return out
    from rdflib import Graph

    out = Result("CONSTRUCT")
    out.graph = Graph(store="SimpleMemory")  # triples only: about half the cost of rdflib's default store
    out.graph.addN((term(t.subject), term(t.predicate), term(t.object), out.graph) for t in res)
    return out
