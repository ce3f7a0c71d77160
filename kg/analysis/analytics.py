"""Network analytics over the actor graph: who matters (rank), how two actors are connected (paths),
who is around an actor (neighbours), which groups form (communities), and the graph for Gephi and
spreadsheets (GraphML, GEXF, CSV of edges).

Everything is computed on ``kg.network.actor_graph`` (one edge per statement, asserted statements by
default). Connectivity ignores direction: an analyst asking how the UAE is connected to Bamako wants
"the UAE paid a ransom to JNIM, JNIM blockades Bamako", whichever way each arrow points; every hop
still reports its statements in their real direction. networkx is imported inside functions.
"""

from __future__ import annotations

import csv
import io
from itertools import islice

from kg.core.errors import KgError
from kg.analysis.network import actor_graph
from kg.query.statements import Selection, check_selection

MEASURES = ("degree", "betweenness", "pagerank")
COMMUNITY_METHODS = ("louvain", "greedy")
NETWORK_FORMATS = ("graphml", "gexf", "csv-edges")

EDGE_COLUMNS = ["id", "source_id", "source", "relation", "target_id", "target", "label", "family",
                "modality", "quote", "article", "article_title", "claimant", "date", "precision",
                "qualifier", "place", "value", "quantity_value", "quantity_unit", "quantity_currency",
                "quantity_approx", "event_type", "start", "end"]


class NoPath(KgError):
    """Two actors that the selected graph does not connect (within the length limit): an answer,
    reported like a failed check (exit status 1)."""

    exit_code = 1


# ---------------------------------------------------------------------------------------- inputs

def _resolver(store):
    """A function name -> IRI (raising NotFound with suggestions), and IRI -> preferred name."""
    from kg.query.views import name_index, resolve

    index = name_index(store)
    return (lambda name: str(resolve(store, name, index))), index.labels


def undirected(g):
    """A simple undirected graph over ``g``'s nodes, edge weight = number of statements between the
    two actors (either direction). Nodes and edges are inserted in sorted order (deterministic)."""
    import networkx as nx

    u = nx.Graph()
    for n in sorted(g.nodes):
        u.add_node(n, **g.nodes[n])
    for a, b in sorted(g.edges(keys=False)):
        if a == b:
            continue
        if u.has_edge(a, b):
            u[a][b]["weight"] += 1
        else:
            u.add_edge(a, b, weight=1)
    return u


def _label(g, n) -> str:
    return g.nodes[n].get("label", n)


def statement_row(g, data: dict) -> dict:
    """One statement (an edge's data) as a row: subject, relation, object in their real direction,
    with the evidence."""
    return {"subject": _label(g, data["source"]), "relation": data["label"], "object": _label(g, data["target"]),
            "modality": data["modality"], "date": data["date"], "quote": " ".join(data["quote"].split()),
            "article": data["article"], "claimant": data["claimant"], "statement": data["id"]}


# ------------------------------------------------------------------------------------------ rank

def rank(store, by: str = "degree", top: int | None = 10, selection: Selection | None = None,
         sample: int | None = None) -> list[dict]:
    """Actors ranked by ``by`` (degree, betweenness or pagerank), best first, ties by name.

    degree: number of distinct actors linked (either direction); statements: number of statements
    touching the actor; betweenness: normalised shortest-path betweenness of the undirected graph
    (``sample`` pivots for an estimate on big graphs, seeded); pagerank: PageRank of the undirected
    graph weighted by statement counts."""
    import networkx as nx

    if by not in MEASURES:
        raise KgError(f"unknown measure {by!r} (choose from {', '.join(MEASURES)})")
    g = actor_graph(store, check_selection(store, selection or Selection()))
    u = undirected(g)
    if u.number_of_nodes() == 0:
        return []
    k = sample if sample and sample < u.number_of_nodes() else None
    betweenness = nx.betweenness_centrality(u, k=k, seed=0 if k else None)
    pagerank = nx.pagerank(u, weight="weight")
    rows = [{"name": _label(u, n), "category": u.nodes[n]["category"], "degree": u.degree(n),
             "statements": g.degree(n), "betweenness": round(betweenness[n], 6),
             "pagerank": round(pagerank[n], 6), "id": u.nodes[n]["id"]} for n in u.nodes]
    rows.sort(key=lambda r: (-r[by], -r["degree"], r["name"].casefold(), r["id"]))
    rows = rows[:top] if top else rows
    return [{"rank": i, **r} for i, r in enumerate(rows, 1)]


# ----------------------------------------------------------------------------------------- paths

def paths(store, a: str, b: str, all_paths: bool = False, max_length: int | None = None,
          selection: Selection | None = None, limit: int = 100) -> list[dict]:
    """The shortest connection(s) between two actors (names or aliases), over the undirected graph.

    Returns rows, one per statement on each hop: ``path`` (1-based), ``hop`` (1-based), ``from``
    and ``to`` (the hop's ends along the path) and the statement (subject, relation, object in its
    real direction, quote, article, ...). ``all_paths`` gives every shortest path (at most ``limit``),
    else the first in name order (with ``all_paths``, more than ``limit`` are cut in networkx's
    order before sorting). Raises NoPath when there is none within ``max_length`` hops."""
    import networkx as nx

    lookup, names = _resolver(store)
    src, dst = lookup(a), lookup(b)
    if src == dst:
        raise KgError(f"{a!r} and {b!r} name the same entity")
    g = actor_graph(store, check_selection(store, selection or Selection()))
    for iri in (src, dst):
        if iri not in g:
            raise NoPath(f"{names[iri]} has no statements in the selected graph")
    u = undirected(g)
    try:
        found = list(islice(nx.all_shortest_paths(u, src, dst), limit)) if all_paths else None
        if found is None:
            found = [_first_path(u, src, dst)]
    except nx.NetworkXNoPath:
        raise NoPath(f"no path between {names[src]} and {names[dst]} in the selected graph") from None
    found.sort(key=lambda p: [_label(u, n).casefold() for n in p])
    if max_length is not None and len(found[0]) - 1 > max_length:
        raise NoPath(f"no path of at most {max_length} hops between {names[src]} and {names[dst]} "
                     f"(the shortest has {len(found[0]) - 1})")
    rows = []
    for pi, path in enumerate(found, 1):
        for hi, (x, y) in enumerate(zip(path, path[1:]), 1):
            edges = [d for _, _, d in g.edges(x, data=True) if d["target"] == y]
            edges += [d for _, _, d in g.edges(y, data=True) if d["target"] == x]
            for d in sorted(edges, key=lambda d: d["id"]):
                rows.append({"path": pi, "hop": hi, "from": _label(u, x), "to": _label(u, y),
                             **statement_row(g, d)})
    return rows


def _first_path(u, src, dst):
    """The shortest path whose node names come first alphabetically (deterministic, cheap: a BFS
    from both ends, then a greedy walk along the layers choosing the smallest name)."""
    import networkx as nx

    to_dst = nx.single_source_shortest_path_length(u, dst)
    if src not in to_dst:
        raise nx.NetworkXNoPath()
    path = [src]
    while path[-1] != dst:
        here = path[-1]
        step = [n for n in u.neighbors(here) if to_dst.get(n) == to_dst[here] - 1]
        path.append(min(step, key=lambda n: (_label(u, n).casefold(), n)))
    return path


# ------------------------------------------------------------------------------------ neighbours

def ego_network(store, name: str, depth: int = 1, selection: Selection | None = None):
    """The actors within ``depth`` hops of ``name`` (undirected) and every statement among them:
    a MultiDiGraph (a subgraph of the actor graph) whose nodes carry ``distance``."""
    import networkx as nx

    if depth < 1:
        raise KgError("depth must be at least 1")
    lookup, names = _resolver(store)
    center = lookup(name)
    g = actor_graph(store, check_selection(store, selection or Selection()))
    if center not in g:
        raise NoPath(f"{names[center]} has no statements in the selected graph")
    dist = nx.single_source_shortest_path_length(undirected(g), center, cutoff=depth)
    ego = g.subgraph(dist).copy()
    for n, d in dist.items():
        ego.nodes[n]["distance"] = d
    return ego


def neighbours(store, name: str, depth: int = 1, selection: Selection | None = None,
               edges: bool = False) -> list[dict]:
    """The ego network as rows: one per actor (distance, name, category, statements with the
    centre's network, the closer actors it is linked through), or with ``edges`` one per statement."""
    ego = ego_network(store, name, depth, selection)
    if edges:
        rows = [statement_row(ego, d) for _, _, d in ego.edges(data=True)]
        return sorted(rows, key=lambda r: r["statement"])
    u = undirected(ego)
    rows = []
    for n in u.nodes:
        d = ego.nodes[n]["distance"]
        via = sorted(_label(u, m) for m in u.neighbors(n) if ego.nodes[m]["distance"] == d - 1)
        rows.append({"distance": d, "name": _label(u, n), "category": ego.nodes[n]["category"],
                     "statements": ego.degree(n), "via": via, "id": ego.nodes[n]["id"]})
    return sorted(rows, key=lambda r: (r["distance"], -r["statements"], r["name"].casefold()))


# ----------------------------------------------------------------------------------- communities

def communities(store, method: str = "louvain", resolution: float = 1.0, seed: int = 0,
                selection: Selection | None = None) -> list[dict]:
    """Groups of actors found by networkx (Louvain, seeded, or greedy modularity) on the undirected
    graph weighted by statement counts. Rows: community (1 = largest), size, members (most
    connected first), modularity of the whole partition."""
    from networkx.algorithms import community as nxc

    if method not in COMMUNITY_METHODS:
        raise KgError(f"unknown method {method!r} (choose from {', '.join(COMMUNITY_METHODS)})")
    u = undirected(actor_graph(store, check_selection(store, selection or Selection())))
    if u.number_of_nodes() == 0:
        return []
    if method == "louvain":
        parts = nxc.louvain_communities(u, weight="weight", resolution=resolution, seed=seed)
    else:
        parts = nxc.greedy_modularity_communities(u, weight="weight", resolution=resolution)
    modularity = round(nxc.modularity(u, parts, weight="weight", resolution=resolution), 6)
    groups = []
    for part in parts:
        members = sorted(part, key=lambda n: (-u.degree(n, weight="weight"), _label(u, n).casefold(), n))
        groups.append([_label(u, n) for n in members])
    groups.sort(key=lambda m: (-len(m), m[0].casefold()))
    return [{"community": i, "size": len(m), "members": m, "modularity": modularity}
            for i, m in enumerate(groups, 1)]


# ---------------------------------------------------------------------------------------- export

def _flat(value):
    """A plain value for GraphML/GEXF: None -> "", lists -> "a; b", numbers and strings unchanged."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def edge_record(g, d: dict) -> dict:
    """One statement as a flat record (the columns of ``EDGE_COLUMNS``)."""
    q = d.get("quantity") or {}
    rec = {k: d.get(k) for k in EDGE_COLUMNS}
    rec.update({"source_id": g.nodes[d["source"]]["id"], "source": _label(g, d["source"]),
                "target_id": g.nodes[d["target"]]["id"], "target": _label(g, d["target"]),
                "quantity_value": q.get("value"), "quantity_unit": q.get("unit"),
                "quantity_currency": q.get("currency"), "quantity_approx": q.get("approx")})
    return rec


def plain_graph(g):
    """A copy of ``g`` that networkx's GraphML/GEXF writers accept: node ids are entity ids, every
    attribute a string or number (no None, lists or dicts), nodes and edges in sorted order."""
    import networkx as nx

    p = nx.MultiDiGraph()
    node_keys = ["label", "category", "types", "aliases", "acled", "same_as", "lat", "long",
                 "description", "iri", "distance"]
    for n in sorted(g.nodes, key=lambda n: g.nodes[n]["id"]):
        data = g.nodes[n]
        p.add_node(data["id"], **{k: _flat(data[k]) for k in node_keys
                                  if k in data and data[k] is not None})
    for _, _, d in sorted(g.edges(data=True), key=lambda e: e[2]["id"]):
        rec = edge_record(g, d)
        attrs = {k: _flat(v) for k, v in rec.items() if v is not None and k not in ("source_id", "target_id")}
        attrs["source_label"], attrs["target_label"] = attrs.pop("source"), attrs.pop("target")
        p.add_edge(rec["source_id"], rec["target_id"], key=d["id"], **attrs)
    return p


def write_network(g, fmt: str) -> bytes:
    """``g`` (an actor graph or a part of it) as GraphML, GEXF 1.3 or CSV of edges, deterministically."""
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise KgError(f"unknown network format {fmt!r} (choose from {', '.join(NETWORK_FORMATS)})")
    if fmt == "csv-edges":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        for _, _, d in sorted(g.edges(data=True), key=lambda e: e[2]["id"]):
            rec = edge_record(g, d)
            # the quote as in the article, line breaks too (CSV quotes them), so it matches its offsets
            writer.writerow(["" if rec[c] is None else rec[c] for c in EDGE_COLUMNS])
        return buf.getvalue().encode("utf-8")
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(plain_graph(g), buf, encoding="utf-8")
        return buf.getvalue()
    from kg.analysis.gexf import write_gexf

    return write_gexf(plain_graph(g), "mali-kg actor network: one edge per sourced statement")


def export_network(store, fmt: str, selection: Selection | None = None) -> bytes:
    """The actor graph (asserted statements unless the selection says otherwise) as GraphML, GEXF
    or CSV of edges, for Gephi and spreadsheets."""
    return write_network(actor_graph(store, check_selection(store, selection or Selection())), fmt)


def export_neighbours(store, name: str, depth: int, fmt: str, selection: Selection | None = None) -> bytes:
    """The ego network of ``name`` as GraphML, GEXF or CSV of edges (nodes carry ``distance``)."""
    return write_network(ego_network(store, name, depth, selection), fmt)
