"""The interactive network page: one self-contained, offline HTML file drawn with pyvis/vis-network.

``network_page(store, ...)`` draws the actor graph of the store (or the ego network of one actor, or
the network of a SPARQL query's result); ``page_from_graph(g)`` draws any networkx graph shaped like
``kg.analysis.network.actor_graph``'s. The page holds vis-network's JS and CSS (from the pyvis package), our
own JS and CSS (``kg/pages/static``) and the graph as JSON in a ``<script type="application/json">`` block
escaped for HTML; our JS renders every text with ``textContent``. A Content-Security-Policy allows
only the page's own scripts (by hash) and no network access at all. Same graph -> same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from pathlib import Path

from kg.core.errors import KgError
from kg.pages.html import STATIC, environment, inline_asset, json_for_script

DEFAULT_TITLE = "Mali crisis 2025 — actor network"
STATIC_LIMIT = (1000, 4000)      # from this many nodes or edges: positions up front, no physics

# actor category label -> (colour, vis-network shape, legend glyph)
CATEGORY_STYLE = {
    "state forces": ("#1f4e9c", "square", "■"),
    "government": ("#4c8fe0", "diamond", "◆"),
    "jihadist group": ("#c0151f", "triangle", "▲"),
    "rebel group": ("#e8690c", "triangle", "▲"),
    "foreign forces": ("#7048c4", "triangleDown", "▼"),
    "international organisation": ("#0c8c8c", "hexagon", "⬢"),
    "country": ("#7fb2e0", "dot", "●"),
    "company": ("#b38600", "square", "■"),
    "person": ("#d6336c", "star", "★"),
    "civilians": ("#2f9e44", "dot", "●"),
    "protesters": ("#74c476", "diamond", "◆"),
    "analysts and sources": ("#8a9199", "dot", "●"),
    "place": ("#5c6770", "dot", "●"),
    "event": ("#f0a000", "star", "★"),
    "scenario": ("#b9c0c7", "triangleDown", "▼"),
}
FAMILY_COLOR = {
    "hostile": "#d62728", "coercive": "#8c1c13", "cooperative": "#2ca02c", "diplomatic": "#1f77b4",
    "economic": "#ff7f0e", "political": "#9467bd", "organisational": "#8c564b",
    "located in / active in": "#8f8f8f", "spatial": "#8f8f8f", "assessment": "#17becf",
}
SPARE_COLORS = ["#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#31a354", "#756bb1"]
SPARE_SHAPES = [("dot", "●"), ("square", "■"), ("diamond", "◆"), ("triangle", "▲"), ("star", "★")]
EDGE_FIELDS = ("relation", "family", "modality", "quote", "article", "article_title", "claimant", "date",
               "precision", "qualifier", "place", "value", "quantity", "event_type", "start", "end")
NODE_FIELDS = ("iri", "types", "same_as", "acled", "description", "lat", "long")


# ----------------------------------------------------------------------------- entry points

def network_page(store, *, selection=None, focus: str | None = None, depth: int = 1,
                 query: str | None = None, title: str | None = None, query_limits: dict | None = None) -> str:
    """The page for the store's actor graph: all of it, the ego network of ``focus`` (``depth``
    steps), or the network of a SPARQL CONSTRUCT/SELECT ``query`` (run bounded like ``kg query``:
    ``query_limits`` = timeout, max_memory, max_depth, max_length); ``selection`` filters statements
    (claims are included unless ``selection.include_claims`` is false -- pass a Selection)."""
    from kg.pages.graphs import ego_graph, query_graph, selected_graph
    from kg.query.statements import Selection, check_selection

    if focus is not None and query is not None:
        raise KgError("give --focus or --query, not both")
    sel = check_selection(store, selection if selection is not None else Selection(include_claims=True))
    subtitle = []
    if focus is not None:
        g, label = ego_graph(store, focus, depth, sel)
        subtitle.append(f"around {label}, {depth} step{'s' if depth != 1 else ''}")
    elif query is not None:
        g = query_graph(store, query, sel, query_limits)
        subtitle.append("result of a SPARQL query")
    else:
        g = selected_graph(store, sel)
    subtitle.extend(_describe(sel))
    return page_from_graph(g, title=title or DEFAULT_TITLE, subtitle=" · ".join(subtitle))


def page_from_graph(g, *, title: str = DEFAULT_TITLE, subtitle: str = "", static: bool | None = None) -> str:
    """The page for a networkx (Multi)(Di)Graph. Node attributes used: label, aliases, category, and
    for the side panel iri, types, same_as, acled, description; edge attributes: label (the
    relation's), family, modality, quote, article, article_title, claimant, date, ... (as in
    ``kg.network.actor_graph``). ``static``: positions up front and no physics (default: for large
    graphs only)."""
    if static is None:
        static = g.number_of_nodes() >= STATIC_LIMIT[0] or g.number_of_edges() >= STATIC_LIMIT[1]
    data = page_data(g, title=title, subtitle=subtitle, static=static)
    return render_page(data)


# ----------------------------------------------------------------------------- graph -> page data

def _edges(g):
    """(u, v, key, attrs) for any networkx graph, in a fixed order."""
    if g.is_multigraph():
        items = list(g.edges(keys=True, data=True))
    else:
        items = [(u, v, None, d) for u, v, d in g.edges(data=True)]
    return items


def _style(names: list[str], table: dict, spare: list) -> dict:
    """Style for each name: the fixed table's, or a spare one by sorted position (deterministic)."""
    out, i = {}, 0
    for name in sorted(names):
        if name in table:
            out[name] = table[name]
        else:
            out[name] = spare[i % len(spare)]
            i += 1
    return out


def _text(value) -> str | None:
    return None if value is None else str(value)


def page_data(g, *, title: str, subtitle: str = "", static: bool = False) -> dict:
    """Everything the page's JS needs, as plain JSON-able data (sorted, deterministic)."""
    from kg.pages.layout import spring_positions

    directed = g.is_directed()
    ids = {n: str(n) for n in g.nodes}
    order = sorted(g.nodes, key=lambda n: ids[n])
    degree = {n: 0 for n in order}
    raw_edges = []
    for i, (u, v, key, d) in enumerate(_edges(g)):
        eid = str(d.get("id") or (key if key is not None and not isinstance(key, int) else f"e{i}"))
        raw_edges.append((eid, u, v, d))
        degree[u] += 1
        degree[v] += 1
    if len({e[0] for e in raw_edges}) != len(raw_edges):      # ids must be unique: fall back to numbers
        raw_edges = [(f"e{i}", u, v, d) for i, (_, u, v, d) in enumerate(raw_edges)]
    raw_edges.sort(key=lambda e: e[0])
    # several statements between the same two actors: each its own curve
    bundle: dict[tuple, int] = {}
    curve = {}
    for eid, u, v, _ in raw_edges:
        pair = (min(ids[u], ids[v]), max(ids[u], ids[v])) if not directed else (ids[u], ids[v])
        rank = bundle.get(pair, 0)
        bundle[pair] = rank + 1
        curve[eid] = round(0.08 + 0.14 * rank, 2)
    top = max(degree.values(), default=0) or 1
    positions = spring_positions(order, [(u, v) for _, u, v, _ in raw_edges])
    nodes = []
    for n in order:
        d = g.nodes[n]
        x, y = positions[n]
        node = {"id": ids[n], "label": str(d.get("label") or n), "category": str(d.get("category") or "other"),
                "aliases": [str(a) for a in d.get("aliases") or []], "degree": degree[n],
                "size": round(10 + 22 * math.sqrt(degree[n] / top), 1), "x": x, "y": y}
        for f in NODE_FIELDS:
            if d.get(f) not in (None, [], ""):
                node[f] = d[f] if isinstance(d[f], (list, int, float)) else str(d[f])
        if node.get("iri") is None and isinstance(n, str) and n.startswith("http"):
            node["iri"] = n
        nodes.append(node)
    edges = []
    for eid, u, v, d in raw_edges:
        edge = {"id": eid, "from": ids[u], "to": ids[v], "curve": curve[eid],
                "label": str(d.get("label") or d.get("relation") or ""),
                "family": str(d.get("family") or "other"), "modality": str(d.get("modality") or "asserted")}
        for f in EDGE_FIELDS:
            value = d.get(f)
            if value is not None:
                edge[f] = value if isinstance(value, (str, dict, int, float)) else str(value)
        edges.append(edge)
    cats = _style(sorted({n["category"] for n in nodes}), CATEGORY_STYLE,
                  [(c, s, gl) for c, (s, gl) in zip(SPARE_COLORS * 5, SPARE_SHAPES * 8)])
    fams = _style(sorted({e["family"] for e in edges}), FAMILY_COLOR, SPARE_COLORS)
    ncat = Counter(n["category"] for n in nodes)
    nfam, nrel = Counter(e["family"] for e in edges), Counter(e["label"] for e in edges)
    sources: dict[str, dict] = {}
    for e in edges:
        if e.get("article"):
            s = sources.setdefault(e["article"], {"id": e["article"], "title": e.get("article_title") or e["article"],
                                                  "count": 0})
            s["count"] += 1
    rel_family = {e["label"]: e["family"] for e in edges}
    dates = sorted(e["date"] for e in edges if e.get("date"))
    return {
        "title": title, "subtitle": subtitle, "static": static, "directed": directed,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "categories": [{"name": c, "color": cats[c][0], "shape": cats[c][1], "glyph": cats[c][2],
                        "count": ncat[c]} for c in sorted(cats)],
        "families": [{"name": f, "color": fams[f], "count": nfam[f]} for f in sorted(fams)],
        "relations": [{"name": r, "family": rel_family[r], "count": nrel[r]} for r in sorted(nrel)],
        "sources": [sources[k] for k in sorted(sources)],
        "dates": [dates[0], dates[-1]] if dates else None,
        "nodes": nodes, "edges": edges,
    }


# ----------------------------------------------------------------------------- HTML

def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (never from a CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    return inline_asset(lib / "vis-network.min.js", "</script"), inline_asset(lib / "vis-network.css", "</style")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _vis_options(data: dict) -> dict:
    """vis-network options, kept in a pyvis Network (pyvis is the page's model of the network)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    static = data["static"]
    net.options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": {"font": {"size": 14, "color": "#1d1f22", "face": "system-ui, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "smooth": {"enabled": False},
                  "font": {"size": 0 if static else 11, "align": "middle", "face": "system-ui, sans-serif",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "selectionWidth": 2, "hoverWidth": 0.5, "width": 1.2},
        "interaction": {"hover": not static, "tooltipDelay": 150, "hideEdgesOnDrag": static,
                        "hideEdgesOnZoom": static, "navigationButtons": False, "keyboard": False,
                        "multiselect": False},
        "physics": {"enabled": not static, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                         "springConstant": 0.06, "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 50, "fit": True},
                    "minVelocity": 0.75},
    }
    return json.loads(net.get_network_data()[5])


def render_page(data: dict) -> str:
    """The HTML page for ``page_data``'s output."""
    from markupsafe import Markup

    vis_js, vis_css = vis_assets()
    app_js = inline_asset(STATIC / "viz.js", "</script")
    app_css = inline_asset(STATIC / "viz.css", "</style")
    page = dict(data, options=_vis_options(data))
    csp = ("default-src 'none'; script-src " + " ".join(_sha256(t) for t in (vis_js, app_js)) +
           "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")
    html = environment().get_template("network.html").render(
        title=data["title"], subtitle=data["subtitle"], csp=csp, vis_js=Markup(vis_js),
        vis_css=Markup(vis_css), app_js=Markup(app_js), app_css=Markup(app_css),
        data_json=json_for_script(page), counts=data["counts"])
    return html


def _describe(sel) -> list[str]:
    parts = []
    for label, values in (("categories", sel.categories), ("relations", sel.relations),
                          ("families", sel.families), ("sources", sel.sources)):
        if values:
            parts.append(f"{label}: {', '.join(sorted(values))}")
    if sel.date_from or sel.date_to:
        parts.append(f"dates {sel.date_from or '…'} to {sel.date_to or '…'}")
    if not sel.include_claims:
        parts.append("asserted statements only")
    return parts
