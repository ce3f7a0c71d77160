"""The SPARQL 1.1 Protocol side of ``kg serve`` that needs no store: which media type answers a
request (content negotiation by werkzeug's ``MIMEAccept``, plus the ``format`` / ``output``
parameter clients such as SPARQLWrapper send), and the service description an endpoint returns to a
plain ``GET`` (SPARQL 1.1 Service Description).
"""

from __future__ import annotations

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                      "Turtle", "N-Triples", "N-Quads", "TriG", "RDF_XML", "JSON-LD"]

RESULT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat attribute, in the order preferred
    "application/sparql-results+json": "JSON", "application/sparql-results+xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
    "application/json": "JSON", "application/xml": "XML", "text/xml": "XML",
}
GRAPH_TYPES = {  # media type -> pyoxigraph RdfFormat attribute, in the order preferred
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD", "application/n-quads": "N_QUADS", "application/trig": "TRIG",
    "application/x-turtle": "TURTLE", "text/n3": "TURTLE", "text/rdf+n3": "TURTLE",  # Turtle is N3
    "text/plain": "N_TRIPLES", "application/xml": "RDF_XML", "application/json": "JSON_LD",
}
# the non-standard ``format`` / ``output`` parameter, with the names clients send (SPARQLWrapper sends
# its return format: xml, json, csv, tsv, turtle, n3, rdf+xml, json-ld), per query form
RESULT_NAMES = {"json": "application/sparql-results+json", "srj": "application/sparql-results+json",
                "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_NAMES = {"turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle",
               "nt": "application/n-triples", "ntriples": "application/n-triples",
               "n-triples": "application/n-triples", "nq": "application/n-quads",
               "nquads": "application/n-quads", "n-quads": "application/n-quads", "trig": "application/trig",
               "xml": "application/rdf+xml", "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml",
               "rdf+xml": "application/rdf+xml", "json-ld": "application/ld+json",
               "jsonld": "application/ld+json", "json": "application/ld+json"}


def negotiate(accept: str | None, graph_form: bool, fmt: str | list[str] | None = None) -> str | None:
    """The media type to answer with, or None when nothing acceptable is offered.

    ``fmt`` (the ``format`` / ``output`` parameter, once or more: SPARQLWrapper sends ``tsv`` and
    ``text/tab-separated-values``) wins when given: a short name for this query form (``json``,
    ``xml``, ``csv``, ``turtle``, ``n3``, ``json-ld``, ...; ``xml`` is RDF/XML for a graph) or media
    types. Otherwise the ``Accept`` header, read by werkzeug (q-values, ``q=0``, ``text/*``,
    ``*/*``); between equally acceptable types the first offered wins (JSON results, Turtle)."""
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    offered = list(GRAPH_TYPES if graph_form else RESULT_TYPES)
    values = [v.strip() for v in ([fmt] if isinstance(fmt, str) else fmt or []) if v and v.strip()]
    if values:
        names = GRAPH_NAMES if graph_form else RESULT_NAMES
        for value in values:
            if value.lower() in names:
                return names[value.lower()]
        accept = ", ".join(values)
    if not accept or not accept.strip():
        return offered[0]
    return parse_accept_header(accept, MIMEAccept).best_match(offered)


def service_description(endpoint: str, named_graphs: list[str], media: str) -> bytes:
    """The service description of the endpoint at ``endpoint`` (its URL) in ``media`` (a key of
    GRAPH_TYPES): a read-only SPARQL 1.1 Query service, its result formats, its default dataset
    (the union of all graphs as default graph, and ``named_graphs``), no entailment."""
    import pyoxigraph as ox

    def iri(text: str):
        return ox.NamedNode(text)

    a = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, default = iri(endpoint), iri(endpoint + "#dataset"), iri(endpoint + "#default-graph")
    triples = [
        (service, a, iri(SD + "Service")),
        (service, iri(SD + "endpoint"), service),
        (service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        (service, iri(SD + "defaultEntailmentRegime"), iri("http://www.w3.org/ns/entailment/Simple")),
        (service, iri(SD + "defaultDataset"), dataset),
        (service, iri("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal(
            "mali-kg, read-only. Without FROM / FROM NAMED or default-graph-uri / named-graph-uri, the "
            "default graph is the union of all graphs (the built graph and every graph kg load added).")),
    ]
    triples += [(service, iri(SD + "resultFormat"), iri(FORMATS + f)) for f in RESULT_FORMAT_IRIS]
    triples += [(dataset, a, iri(SD + "Dataset")), (dataset, iri(SD + "defaultGraph"), default),
                (default, a, iri(SD + "Graph"))]
    for i, name in enumerate(sorted(named_graphs), 1):
        node = iri(f"{endpoint}#named-graph-{i}")
        triples += [(dataset, iri(SD + "namedGraph"), node), (node, a, iri(SD + "NamedGraph")),
                    (node, iri(SD + "name"), iri(name))]
    triples.sort(key=lambda t: t[0].value)   # stable: each node's triples together, in the order above
    fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
    if fmt == ox.RdfFormat.N_QUADS or fmt == ox.RdfFormat.TRIG:
        items = [ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples]
    else:
        items = [ox.Triple(s, p, o) for s, p, o in triples]
    prefixes = {"sd": SD, "formats": FORMATS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
        return ox.serialize(items, format=fmt)
    return ox.serialize(items, format=fmt, prefixes=prefixes)
