"""GEXF 1.3 (https://gexf.net, the format Gephi opens) for an actor graph, valid against the 1.3 XSD.

networkx writes GEXF 1.2draft, and its 1.3 output does not validate (a misspelt XML Schema instance
namespace, ``timeformat="long"``, an empty graph ``name``); it also reads attributes called
``start`` / ``end`` as time intervals, so the quote offsets made Gephi open a dynamic timeline of
character positions. This writer gives a static graph: every edge is one statement (``id`` the
statement, ``kind`` the relation, so Gephi keeps parallel edges of different relations apart,
``label`` the relation's label) and everything else, the quote and its offsets (``quote_start``,
``quote_end``) included, is an attribute value, typed from the values. Deterministic: nodes, edges,
attributes in a fixed order, no date stamp.
"""

from __future__ import annotations

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RENAMED = {"start": "quote_start", "end": "quote_end"}  # GEXF's own names for time intervals


def _type(values: list) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declare(parent, cls: str, records: list[dict]):
    """The <attributes class=...> block for ``records`` -> the attribute ids in order."""
    from xml.etree.ElementTree import SubElement

    keys: list[str] = []
    for rec in records:
        keys += [k for k in rec if k not in keys]
    if keys:
        block = SubElement(parent, "attributes", {"class": cls, "mode": "static"})
        for k in keys:
            SubElement(block, "attribute", {"id": k, "title": k,
                                            "type": _type([r[k] for r in records if k in r])})
    return keys


def _values(element, rec: dict, keys: list[str]) -> None:
    from xml.etree.ElementTree import SubElement

    present = [k for k in keys if k in rec]
    if present:
        block = SubElement(element, "attvalues")
        for k in present:
            SubElement(block, "attvalue", {"for": k, "value": _text(rec[k])})


def write_gexf(g, description: str = "") -> bytes:
    """``g``: a graph from ``kg.analysis.analytics.plain_graph`` (nodes and edges in order, plain
    attribute values) -> GEXF 1.3 bytes."""
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    root = Element("gexf", {"xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{NS} {NS}/gexf.xsd",
                            "version": "1.3"})
    meta = SubElement(root, "meta")
    SubElement(meta, "creator").text = "mali-kg"
    if description:
        SubElement(meta, "description").text = description
    graph = SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static", "idtype": "string"})
    nodes = [(n, {k: v for k, v in d.items() if k != "label"}, d.get("label")) for n, d in g.nodes(data=True)]
    edges = [(u, v, key, {RENAMED.get(k, k): x for k, x in d.items() if k != "label"}, d.get("label"))
             for u, v, key, d in g.edges(keys=True, data=True)]
    node_keys = _declare(graph, "node", [rec for _, rec, _ in nodes])
    edge_keys = _declare(graph, "edge", [rec for *_, rec, _ in edges])
    block = SubElement(graph, "nodes", {"count": str(len(nodes))})
    for n, rec, label in nodes:
        node = SubElement(block, "node", {"id": str(n), **({"label": _text(label)} if label is not None else {})})
        _values(node, rec, node_keys)
    block = SubElement(graph, "edges", {"count": str(len(edges))})
    for u, v, key, rec, label in edges:
        attrs = {"id": str(key), "source": str(u), "target": str(v)}
        if "relation" in rec:
            attrs["kind"] = _text(rec["relation"])
        if label is not None:
            attrs["label"] = _text(label)
        _values(SubElement(block, "edge", attrs), rec, edge_keys)
    indent(root)
    return tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
