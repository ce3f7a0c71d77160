"""The project's namespaces and the prefixes declared for users' SPARQL queries.

``PREFIXES`` is plain strings, so commands that only talk to Oxigraph (``kg load``, ``kg serve``'s
workers) do not import rdflib; the rdflib ``Namespace`` objects (``KG``, ``ENT``, ...) are made on
first use.
"""

from __future__ import annotations

BASE = "https://w3id.org/mali-kg/"

PREFIXES: dict[str, str] = {
    "kg": BASE + "ontology#",
    "acled": BASE + "acled#",
    "ent": BASE + "id/",
    "stmt": BASE + "statement/",
    "art": BASE + "article/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    # Defined here on purpose: rdflib 7.6's WGS constant carries a wrong https IRI.
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "wd": "http://www.wikidata.org/entity/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_NAMESPACES = {"KG": "kg", "ACLED": "acled", "ENT": "ent", "STMT": "stmt", "ART": "art", "SCHEMA": "schema",
               "OA": "oa", "GEO": "geo", "WD": "wd"}


def __getattr__(name: str):
    """``KG``, ``ENT``, ... as rdflib Namespaces, made (and kept) on first use."""
    if name not in _NAMESPACES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace

    value = globals()[name] = Namespace(PREFIXES[_NAMESPACES[name]])
    return value


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every project prefix, one per line."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
