"""Which part of the actor graph the network page draws: the selected statements, the ego network of
one actor, or the network of a SPARQL CONSTRUCT / SELECT query's result."""

from __future__ import annotations

from kg.core.errors import KgError, NotFound

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


def query_graph(store, sparql: str, sel, limits: dict | None = None):
    """The network of a query's result. CONSTRUCT/DESCRIBE: the statements whose triple the result
    holds (``ent:a kg:rel ent:b``) or whose statement node it mentions. SELECT: the entities and
    statements among the returned values, with every selected statement between those entities.
    The query runs bounded like ``kg query``'s (``limits``: timeout, max_memory, max_depth,
    max_length of ``kg.query.sparql.query_output``; its defaults when not given)."""
    from kg.analysis.network import actor_graph
    from kg.query.statements import node_table

    kind, values, triples = _query_terms(store, sparql, limits or {})
    g = actor_graph(store, sel)
    nodes = node_table(store)
    edges_by_statement = {d["statement"]: (u, v, k) for u, v, k, d in g.edges(keys=True, data=True)}
    by_triple: dict[tuple, list] = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        by_triple.setdefault((u, d["relation_iri"], v), []).append((u, v, k))
    keep_edges, keep_nodes = set(), set()
    if kind == "SELECT":
        keep_nodes = {v for v in values if v in nodes}
        keep_edges = {edges_by_statement[v] for v in values if v in edges_by_statement}
        keep_edges |= {(u, v, k) for u, v, k in g.edges(keys=True) if u in keep_nodes and v in keep_nodes}
    else:
        for s, p, o in triples:
            keep_edges.update(by_triple.get((s, p, o), []))
            for term in (s, o):
                if term in edges_by_statement:
                    keep_edges.add(edges_by_statement[term])
    if not keep_edges and not keep_nodes:
        raise KgError(f"the {kind} query returned no actor or statement of the graph "
                      "(nothing to draw)")
    sub = g.edge_subgraph(keep_edges).copy() if keep_edges else g.__class__()
    for iri in sorted(keep_nodes - set(sub)):
        sub.add_node(iri, **nodes[iri])
    return sub


def _query_terms(store, sparql: str, limits: dict):
    """(form, IRIs a SELECT returns, (s, p, o) strings a CONSTRUCT/DESCRIBE returns), the query run
    by ``query_output`` under ``limits`` (a deadline and a memory ceiling in a child process)."""
    import json

    from kg.core.bounded import DEFAULT_MEMORY, DEFAULT_TIMEOUT
    from kg.query.sparql import query_output
    from kg.store.querytext import MAX_DEPTH, MAX_QUERY, check_query

    limits = {"timeout": DEFAULT_TIMEOUT, "max_memory": DEFAULT_MEMORY, "max_depth": MAX_DEPTH,
              "max_length": MAX_QUERY, **limits}
    form = check_query(sparql, max_depth=limits["max_depth"], max_length=limits["max_length"])
    if form not in ("CONSTRUCT", "DESCRIBE", "SELECT"):
        raise KgError(f"--query needs a CONSTRUCT or SELECT query, not {form}")
    if form == "SELECT":
        answer = json.loads(query_output(store, sparql, "json", **limits))
        values = {b["value"] for row in answer["results"]["bindings"] for b in row.values() if b["type"] == "uri"}
        return form, values, []
    from rdflib import Graph

    graph = Graph().parse(data=query_output(store, sparql, "nt", **limits).decode("utf-8"), format="nt")
    triples = [(str(s), str(p), str(o)) for s, p, o in graph]
    return form, set(), triples
