"""The OWL ontology and SHACL shapes (``ontology/*.ttl``) and what the code reads from them:
the relations with their labels and families, the actor categories, the ACLED event types."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.core.config import ontology_dir
from kg.core.errors import DataError
from kg.core.namespaces import ACLED, KG

ONTOLOGY_FILE = "mali-kg.ttl"
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Relation:
    name: str          # local name, e.g. "blockades"
    iri: URIRef
    label: str
    comment: str
    family: str        # local name of its kg:relationFamily concept, e.g. "hostile"
    domain: str        # local name of its kg: domain class
    range: str


def _parse(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise DataError("ontology file not found", path=str(path)) from None
    except Exception as exc:  # rdflib raises several parser exception types
        raise DataError(f"cannot parse Turtle: {exc}".splitlines()[0], path=str(path)) from None
    return graph


@lru_cache(maxsize=4)
def load_ontology(folder: str | None = None) -> Graph:
    """The OWL ontology as an rdflib Graph (cached; do not modify it)."""
    return _parse(Path(folder or ontology_dir()) / ONTOLOGY_FILE)


@lru_cache(maxsize=4)
def load_shapes(folder: str | None = None) -> Graph:
    """The SHACL shapes graph."""
    return _parse(Path(folder or ontology_dir()) / SHAPES_FILE)


def local_name(iri) -> str:
    """The local name of an IRI: what follows its last '#' or '/'."""
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def relations(ontology: Graph | None = None) -> dict[str, Relation]:
    """Every relation between entities: the object properties that have a kg:relationFamily."""
    g = ontology if ontology is not None else load_ontology()
    out = {}
    for prop in sorted(g.subjects(KG.relationFamily, None)):
        if (prop, RDF.type, OWL.ObjectProperty) not in g:
            continue
        name = local_name(prop)
        out[name] = Relation(
            name=name, iri=prop, label=str(g.value(prop, RDFS.label)),
            comment=str(g.value(prop, RDFS.comment) or ""), family=local_name(g.value(prop, KG.relationFamily)),
            domain=local_name(g.value(prop, RDFS.domain)), range=local_name(g.value(prop, RDFS.range)))
    return out


def categories(ontology: Graph | None = None) -> dict[str, dict]:
    """Actor categories by short name (``jihadist-group``): label and matching ACLED actor type."""
    g = ontology if ontology is not None else load_ontology()
    out = {}
    for concept in sorted(g.subjects(SKOS.inScheme, KG.ActorCategories)):
        acled = g.value(concept, SKOS.exactMatch) or g.value(concept, SKOS.closeMatch)
        out[local_name(concept).removeprefix("cat-")] = {
            "iri": concept, "label": str(g.value(concept, SKOS.prefLabel)), "acled": acled}
    return out


def event_types(ontology: Graph | None = None) -> dict[str, URIRef]:
    """ACLED event and sub-event types by local name (``ArmedClash``)."""
    g = ontology if ontology is not None else load_ontology()
    return {local_name(c): c for c in g.subjects(SKOS.inScheme, ACLED.EventTypes)}


def class_iri(name: str) -> URIRef:
    return KG[name]


def subclass_closure(ontology: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and all its subclasses within the ontology."""
    out, todo = {cls}, [cls]
    while todo:
        for sub in ontology.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in out:
                out.add(sub)
                todo.append(sub)
    return out
