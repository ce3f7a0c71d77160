"""``kg validate``: the SHACL report of the store's graph, or of the graph a data folder builds."""

from __future__ import annotations

from rdflib import Graph

from kg.corpus.build import build_graph
from kg.corpus.shapes import validate_graph


def validate_store(store=None, data=None) -> tuple[bool, list[dict]]:
    """Validate the graph in ``store``, or, with ``data``, the graph built from that data folder."""
    if store is None:
        graph = build_graph(data, validate=False).graph
    else:
        graph = Graph()
        for s, p, o, _ in store.quads():
            graph.add((s, p, o))
    return validate_graph(graph)
