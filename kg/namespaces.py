"""The project's namespaces and the prefixes declared for users' SPARQL queries."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/mali-kg/"
KG = Namespace(BASE + "ontology#")
ACLED = Namespace(BASE + "acled#")
ENT = Namespace(BASE + "id/")
STMT = Namespace(BASE + "statement/")
ART = Namespace(BASE + "article/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
# Defined here on purpose: rdflib 7.6's WGS constant carries a wrong https IRI.
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "acled": str(ACLED),
    "ent": str(ENT),
    "stmt": str(STMT),
    "art": str(ART),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "geo": str(GEO),
    "wd": str(WD),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every project prefix, one per line."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
