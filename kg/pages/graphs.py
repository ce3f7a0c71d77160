"""Which part of the actor graph the network page draws: a checked selection, the ego network of one
actor, or the network of a SPARQL CONSTRUCT / SELECT query's result."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.core.errors import KgError, NotFound
from kg.corpus.ontology import local_name

VOCAB_QUERIES = {
    "categories": """SELECT ?key ?label WHERE { ?key skos:inScheme kg:ActorCategories ; skos:prefLabel ?label }""",
    "relations": """SELECT ?key ?label WHERE { ?key kg:relationFamily ?f ; rdfs:label ?label }""",
    "families": """SELECT DISTINCT ?key ?label WHERE { ?p kg:relationFamily ?key . ?key skos:prefLabel ?label }""",
    "sources": """SELECT ?key ?label WHERE { ?key a kg:Article ; dcterms:title ?label }""",
}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _vocabulary(store, what: str) -> dict[str, str]:
    """Every accepted spelling (local name, with or without ``cat-``, and label; normalised) ->
    the value the Selection uses (label for categories and families, local name otherwise)."""
    from kg.core.names import normalise

    out = {}
    for row in store.query(VOCAB_QUERIES[what]):
        local = local_name(row[0])
        label = str(row[1])
        value = label if what in ("categories", "families") else local
        for name in (local, local.removeprefix("cat-"), label):
            out[normalise(name)] = value
    return out


def _check(store, what: str, values) -> set[str]:
    from kg.core.names import normalise, suggest

    if not values:
        return set()
    vocab = _vocabulary(store, what)
    out = set()
    for value in values:
        key = normalise(value)
        if key not in vocab:
            close = suggest(key, vocab, cutoff=0.5)
            raise NotFound(f"unknown {what[:-1] if what != 'families' else 'family'} {value!r}",
                           suggestions=sorted({vocab[c] for c in close}))
        out.add(vocab[key])
    return out


def check_selection(store, sel):
    """The selection with names checked against the store and normalised (category labels,
    relation local names, family labels, article ids); dates must be YYYY[-MM[-DD]]."""
    for label, date in (("--from", sel.date_from), ("--to", sel.date_to)):
        if date is not None and not DATE.fullmatch(date):
            raise KgError(f"{label} {date!r}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    if sel.date_from and sel.date_to and sel.date_from[:len(sel.date_to)] > sel.date_to[:len(sel.date_from)]:
        raise KgError(f"the date range is empty: {sel.date_from} is after {sel.date_to}")
    return replace(sel, categories=_check(store, "categories", sel.categories),
                   relations=_check(store, "relations", sel.relations),
                   families=_check(store, "families", sel.families),
                   sources=_check(store, "sources", sel.sources))


def selected_graph(store, sel):
    """The actor graph under the selection; an error when nothing is left to draw."""
    from kg.analysis.network import actor_graph

    g = actor_graph(store, sel)
    if g.number_of_edges() == 0:
        raise KgError("nothing to draw: no statement matches the selection")
    return g


def ego_graph(store, name: str, depth: int, sel):
    """The actors within ``depth`` steps of ``name`` (either direction) and every selected statement
    between them. Returns (graph, preferred name)."""
    import networkx as nx

    from kg.analysis.network import actor_graph
    from kg.query.statements import node_table
    from kg.query.views import name_index, resolve

    if depth < 0:
        raise KgError(f"--depth must be 0 or more, not {depth}")
    index = name_index(store)
    iri = str(resolve(store, name, index))
    g = actor_graph(store, sel)
    if iri not in g:
        node = node_table(store).get(iri)
        if node is None:
            raise NotFound(f"{name!r} is not an actor of the graph")
        g.add_node(iri, **node)
    keep = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), iri, cutoff=depth)
    return g.subgraph(keep).copy(), index.labels.get(iri, name)


def query_graph(store, sparql: str, sel):
    """The network of a query's result. CONSTRUCT/DESCRIBE: the statements whose triple the result
    holds (``ent:a kg:rel ent:b``) or whose statement node it mentions. SELECT: the entities and
    statements among the returned values, with every selected statement between those entities."""
    from rdflib import URIRef

    from kg.analysis.network import actor_graph
    from kg.query.statements import node_table
    from kg.query.sparql import run_query

    result = run_query(store, sparql)
    if result.type not in ("CONSTRUCT", "DESCRIBE", "SELECT"):
        raise KgError(f"--query needs a CONSTRUCT or SELECT query, not {result.type}")
    g = actor_graph(store, sel)
    nodes = node_table(store)
    edges_by_statement = {d["statement"]: (u, v, k) for u, v, k, d in g.edges(keys=True, data=True)}
    by_triple: dict[tuple, list] = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        by_triple.setdefault((u, d["relation_iri"], v), []).append((u, v, k))
    keep_edges, keep_nodes = set(), set()
    if result.type == "SELECT":
        values = {str(t) for row in result.rows for t in row if isinstance(t, URIRef)}
        keep_nodes = {v for v in values if v in nodes}
        keep_edges = {edges_by_statement[v] for v in values if v in edges_by_statement}
        keep_edges |= {(u, v, k) for u, v, k in g.edges(keys=True) if u in keep_nodes and v in keep_nodes}
    else:
        for s, p, o in result.graph:
            s, p, o = str(s), str(p), str(o)
            keep_edges.update(by_triple.get((s, p, o), []))
            for term in (s, o):
                if term in edges_by_statement:
                    keep_edges.add(edges_by_statement[term])
    if not keep_edges and not keep_nodes:
        raise KgError(f"the {result.type} query returned no actor or statement of the graph "
                      "(nothing to draw)")
    sub = g.edge_subgraph(keep_edges).copy() if keep_edges else g.__class__()
    for iri in sorted(keep_nodes - set(sub)):
        sub.add_node(iri, **nodes[iri])
    return sub
