"""Export the store as RDF: Turtle first, and TriG, N-Triples, N-Quads, JSON-LD, RDF/XML.

Output is deterministic: statements are sorted before they are serialized, so the same store gives
byte-identical files. Turtle, TriG, RDF/XML, N-Triples and N-Quads are written by Oxigraph, which
keeps every literal's lexical form as stored (``"50000000"^^xsd:decimal`` in every format; rdflib's
Turtle would write ``50000000.0``, another lexical form), N-Triples / N-Quads with sorted lines.
JSON-LD is rdflib's, its context inline (no remote context is ever fetched), the default graph at
the top level.
"""

from __future__ import annotations

from kg.core.errors import KgError
from kg.core.namespaces import PREFIXES, bind_prefixes

FORMATS = {  # CLI name -> (rdflib format, file suffix, carries named graphs)
    "turtle": ("turtle", ".ttl", False),
    "trig": ("trig", ".trig", True),
    "nt": ("nt", ".nt", False),
    "nquads": ("nquads", ".nq", True),
    "jsonld": ("json-ld", ".jsonld", True),
    "xml": ("xml", ".rdf", False),
}


def _key(term) -> str:
    return "" if term is None else term.n3()


def canonical_graph(triples):
    """An rdflib Graph holding ``triples`` (any iterable of triples, a Graph too), inserted in sorted order, with the project's prefixes."""
    from rdflib import Graph

    g = Graph()
    bind_prefixes(g)
    for t in sorted(triples, key=lambda t: (_key(t[0]), _key(t[1]), _key(t[2]))):
        g.add(t)
    return g


def serialize_graph(graph, fmt: str = "turtle") -> bytes:
    """Serialize one rdflib graph deterministically (``fmt`` is an rdflib format name)."""
    if fmt in ("nt", "ntriples", "nquads"):
        return ox_lines(graph)
    graph = canonical_graph(graph)
    if fmt == "json-ld":
        return _jsonld(graph)
    if fmt in ("xml", "pretty-xml"):
        return _rdfxml(graph)
    if fmt == "turtle":
        return _ox_written(_ox_triples(_sorted(graph)), "TURTLE")
    return graph.serialize(format=fmt, encoding="utf-8")


def ox_lines(statements, quads: bool = False) -> bytes:
    """Triples (or (s, p, o, g) quads, g None for the default graph) of rdflib terms as N-Triples
    (N-Quads) written by Oxigraph: RDF 1.1's canonical form (``"text"``, not
    ``"text"^^xsd:string``), one statement per line, sorted, without duplicates."""
    import pyoxigraph as ox
    from kg.store.terms import to_ox

    if quads:
        items = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g is None else to_ox(g))
                 for s, p, o, g in statements]
        return sorted_lines(ox.serialize(items, format=ox.RdfFormat.N_QUADS))
    return sorted_lines(ox.serialize(_ox_triples(statements), format=ox.RdfFormat.N_TRIPLES))


def _ox_triples(triples) -> list:
    """rdflib triples as pyoxigraph Triples, in the order given."""
    import pyoxigraph as ox
    from kg.store.terms import to_ox

    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]


def sorted_lines(data: bytes) -> bytes:
    """The lines of N-Triples/N-Quads sorted, without duplicates or blank lines (a line break inside
    a literal is always escaped in these formats)."""
    return b"".join(sorted({line + b"\n" for line in data.split(b"\n") if line.strip()}))


def _sorted(triples) -> list:
    return sorted(triples, key=lambda t: (_key(t[0]), _key(t[1]), _key(t[2])))


def _rdfxml(graph) -> bytes:
    """RDF/XML through Oxigraph's serializer, which keeps our sorted order (rdflib's follows hashing)."""
    import pyoxigraph as ox

    return ox.serialize(_ox_triples(_sorted(graph)), format=ox.RdfFormat.RDF_XML, prefixes=dict(PREFIXES))


def _ox_written(items, fmt: str) -> bytes:
    """Triples (quads) in Oxigraph's Turtle (TriG) with the project's prefixes, declared in their
    order in ``PREFIXES`` whatever order the serializer keeps them in."""
    import pyoxigraph as ox

    out = ox.serialize(items, format=getattr(ox.RdfFormat, fmt), prefixes=dict(PREFIXES))
    lines = out.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    order = {f"@prefix {p}:".encode(): i for i, p in enumerate(PREFIXES)}
    head = sorted(lines[:n], key=lambda line: order.get(line.split(b" <", 1)[0], len(order)))
    return b"\n".join(head + lines[n:])


def _jsonld(graph) -> bytes:
    out = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True,
                          sort_keys=True, indent=2, encoding="utf-8")
    return _canonical_json(out)


def _canonical_json(data: bytes, default_graph_on_top: bool = False) -> bytes:
    """rdflib's JSON-LD node order follows hashing; sort every unordered array (not ``@list``).

    ``default_graph_on_top``: rdflib writes a dataset's default graph as one more graph object
    without ``@id``, which JSON-LD reads as a graph named by a blank node (PyLD: ``_:b0``); its
    nodes belong at the top level of ``@graph``, where JSON-LD's default graph is."""
    import json

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            items = [walk(v) for v in value]
            if key == "@list":
                return items
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    doc = json.loads(data)
    if default_graph_on_top and isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
        top = []
        for item in doc["@graph"]:
            if isinstance(item, dict) and set(item) == {"@graph"}:
                top.extend(item["@graph"])
            else:
                top.append(item)
        doc["@graph"] = top
    doc = walk(doc)
    return (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def export_store(store, fmt: str = "turtle") -> bytes:
    """The whole store in ``fmt`` (a key of FORMATS). Triple formats hold the union of all graphs;
    TriG, N-Quads and JSON-LD keep named graphs apart."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    rdf_fmt, _, quads = FORMATS[fmt]
    rows = canonical_blank_nodes(list(store.quads()))
    if rdf_fmt == "nquads":
        return ox_lines(rows, quads=True)
    if quads:
        return _dataset_bytes(rows, rdf_fmt)
    return serialize_graph(((s, p, o) for s, p, o, _ in rows), rdf_fmt)


def canonical_blank_nodes(rows: list) -> list:
    """(s, p, o, g) rows with blank nodes relabelled by RDF Dataset Canonicalization (RDFC-1.0,
    Oxigraph's): a file loaded twice gives the same labels, so exports stay byte-identical. Rows
    without blank nodes are returned as they are (the built graph has none)."""
    from rdflib import BNode

    if not any(isinstance(t, BNode) for row in rows for t in row):
        return rows
    import pyoxigraph as ox

    from kg.store.terms import from_ox, to_ox

    ds = ox.Dataset([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g is None else to_ox(g))
                     for s, p, o, g in rows])
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object),
             None if isinstance(q.graph_name, ox.DefaultGraph) else from_ox(q.graph_name)) for q in ds]


def _dataset_bytes(rows, rdf_fmt: str) -> bytes:
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if rdf_fmt == "trig":
        return _ox_written(_ox_quads(rows), "TRIG")
    ds = Dataset()
    bind_prefixes(ds)
    for s, p, o, g in sorted(rows, key=lambda q: (_key(q[3]), _key(q[0]), _key(q[1]), _key(q[2]))):
        ds.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))
    if rdf_fmt == "json-ld":
        return _canonical_json(ds.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True,
                                            sort_keys=True, indent=2, encoding="utf-8"), default_graph_on_top=True)
    return ds.serialize(format=rdf_fmt, encoding="utf-8")


def _ox_quads(rows) -> list:
    """(s, p, o, g|None) rdflib quads as pyoxigraph Quads, the default graph first, each graph sorted."""
    import pyoxigraph as ox
    from kg.store.terms import to_ox

    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g is None else to_ox(g))
            for s, p, o, g in sorted(rows, key=lambda q: (_key(q[3]), _key(q[0]), _key(q[1]), _key(q[2])))]
