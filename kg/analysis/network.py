"""The actor graph as a networkx MultiDiGraph, built from the store by one function.

Nodes are entities (key: IRI) with their label, aliases, category, types, identifiers and
coordinates. Each statement is one edge keyed by its statement id, so several statements between the
same two actors stay distinct; edges carry the relation, its family and the evidence (quote, source
article, claimant, date with precision, modality). Used by the network page and every analytics
command. networkx is imported lazily: ``kg query`` never loads it.
"""

from __future__ import annotations

from kg.query.statements import Selection, edge_rows, in_window, node_table


def actor_graph(store, selection: Selection | None = None):
    """The selected statements as a networkx MultiDiGraph (edge key = statement id).

    Nodes are the entities those statements connect (after the category filter, which drops an edge
    when either end is outside the chosen categories)."""
    import networkx as nx

    sel = selection or Selection()
    nodes = node_table(store)
    g = nx.MultiDiGraph()
    for e in edge_rows(store):
        if not sel.include_claims and e["modality"] != "asserted":
            continue
        if sel.relations and e["relation"] not in sel.relations:
            continue
        if sel.families and e["family"] not in sel.families:
            continue
        if sel.sources and e["article"] not in sel.sources:
            continue
        if not in_window(e["date"], sel.date_from, sel.date_to, sel.include_undated):
            continue
        ends = (nodes.get(e["source"]), nodes.get(e["target"]))
        if None in ends:
            continue
        if sel.categories and not all(n["category"] in sel.categories for n in ends):
            continue
        for n in ends:
            if n["iri"] not in g:
                g.add_node(n["iri"], **n)
        g.add_edge(e["source"], e["target"], key=e["id"], **e)
    return g
