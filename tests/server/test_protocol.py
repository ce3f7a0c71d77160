"""kg serve speaks the SPARQL 1.1 Protocol as clients use it with their defaults: SPARQLWrapper (its
default XML and each return format, every query form), plain HTTP with the Accept headers browsers
and YASGUI send, the protocol's dataset parameters, and the service description. Answers are checked
against rdflib's own SPARQL engine over the built graph (tests/interop.py)."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.query import Result

from tests import interop
from tests.conftest import run_cli
from tests.server.serving import kg_serve

LOADED = "https://example.org/i13/protocol"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    """`kg serve` on a copy of the built store to which `kg load` added one named graph."""
    folder = tmp_path_factory.mktemp("protocol") / "store"
    shutil.copytree(store_path, folder)
    extra = folder.parent / "extra.nt"
    extra.write_text('<http://ex/a> <http://ex/p> "1" .\n<http://ex/b> <http://ex/p> "2" .\n')
    assert run_cli("--store", str(folder), "load", str(extra), "--graph", LOADED).exit_code == 0
    with kg_serve(str(folder)) as (proc, url):
        yield url


def wrapper(url: str, query: str, fmt=None, method=None):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(url)
    sw.setQuery(interop.PROLOGUE + query)  # SPARQLWrapper reads the query form after the prologue
    if fmt is not None:
        sw.setReturnFormat(fmt)
    if method is not None:
        sw.setMethod(method)
    return sw


def rows_of(data: bytes, fmt: str) -> set:
    return {tuple(str(v) for v in row) for row in Result.parse(io.BytesIO(data), format=fmt)}


# ------------------------------------------------------------------ SPARQLWrapper

@pytest.mark.parametrize("fmt,parse", [(None, "xml"), ("json", "json"), ("xml", "xml"), ("csv", "csv"), ("tsv", "tsv")])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select(server, fmt, parse, method):
    ret = wrapper(server, interop.SELECT, fmt, method).query()
    assert ret.response.status == 200
    assert rows_of(ret.response.read(), parse) == interop.reference(interop.SELECT)


@pytest.mark.parametrize("fmt", [None, "json", "xml"])
def test_sparqlwrapper_ask(server, fmt):
    got = wrapper(server, interop.ASK, fmt).queryAndConvert()
    answer = got["boolean"] if isinstance(got, dict) else got.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert answer is interop.reference(interop.ASK) is True


@pytest.mark.parametrize("query", [interop.CONSTRUCT, interop.DESCRIBE])
@pytest.mark.parametrize("fmt,parse", [(None, "xml"), ("xml", "xml"), ("rdf+xml", "xml"), ("turtle", "turtle"),
                                       ("n3", "n3"), ("json-ld", "json-ld")])
def test_sparqlwrapper_graphs(server, query, fmt, parse):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # SPARQLWrapper warns when it falls back to */*
        ret = wrapper(server, query, fmt).query()
    assert ret.response.status == 200
    graph = Graph().parse(data=ret.response.read(), format=parse)
    assert interop.plain(graph) == interop.plain(interop.reference(query))


def test_sparqlwrapper_convert_gives_graphs(server):
    from SPARQLWrapper import JSONLD, RDFXML

    for fmt in (None, RDFXML, JSONLD):
        g = wrapper(server, interop.CONSTRUCT, fmt).queryAndConvert()
        assert isinstance(g, Graph) and interop.plain(g) == interop.plain(interop.reference(interop.CONSTRUCT))


# ------------------------------------------------------------------ plain HTTP: Accept, repeated parameters

@pytest.mark.parametrize("accept,graph_form,ctype", [
    ("text/*", False, "text/csv"),
    ("application/*", False, "application/sparql-results+json"),
    ("application/sparql-results+json;q=0, text/tab-separated-values;q=0.5", False, "text/tab-separated-values"),
    ("application/sparql-results+json;q=0, */*;q=0.1", False, "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False, "application/xml"),  # a browser
    ("application/sparql-results+json,*/*;q=0.9", False, "application/sparql-results+json"),  # YASGUI
    ("text/*", True, "text/turtle"),
    ("application/*;q=0.5, text/turtle;q=0", True, "application/n-triples"),
    ("text/turtle;q=0, application/rdf+xml;q=0.3, application/ld+json;q=0.4", True, "application/ld+json"),
])
def test_accept_header(server, accept, graph_form, ctype):
    query = interop.CONSTRUCT if graph_form else interop.SELECT
    r = httpx.get(server, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == ctype, r.text


def test_nothing_acceptable_is_406(server):
    r = httpx.get(server, params={"query": interop.SELECT},
                  headers={"Accept": "application/sparql-results+json;q=0, image/png"})
    assert r.status_code == 406
    assert httpx.get(server, params={"query": interop.CONSTRUCT, "format": "csv"}).status_code == 406


def test_one_query_only(server):
    r = httpx.get(server, params=[("query", interop.ASK), ("query", interop.SELECT)])
    assert r.status_code == 400 and "more than one query" in r.text
    r = httpx.post(server + "?query=" + httpx.QueryParams({"q": interop.ASK})["q"], data={"query": interop.ASK})
    assert r.status_code == 400


def test_protocol_dataset_parameters(server):
    def count(query, **params):
        r = httpx.get(server, params={"query": query, **params}, headers={"Accept": "text/csv"})
        assert r.status_code == 200, r.text
        return int(r.text.split()[-1])

    every = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(every) == len(interop.built_graph()) + 2
    assert count(every, **{"default-graph-uri": LOADED}) == 2
    assert count(named, **{"default-graph-uri": LOADED}) == 0
    assert count(every, **{"named-graph-uri": LOADED}) == 0
    assert count(named, **{"named-graph-uri": LOADED}) == 2
    # the protocol's dataset wins over the query's
    assert count("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }", **{"default-graph-uri": LOADED}) == 2
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{LOADED}> WHERE {{ ?s ?p ?o }}") == 2
    assert count("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }") == 0


# ------------------------------------------------------------------ service description

@pytest.mark.parametrize("accept,fmt", [(None, "turtle"), ("application/rdf+xml", "xml"),
                                        ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_service_description(server, accept, fmt):
    r = httpx.get(server, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=fmt)
    endpoint = URIRef(server)
    assert (endpoint, SD.endpoint, endpoint) in g
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.Turtle, FORMATS["JSON-LD"]} <= \
        set(g.objects(endpoint, SD.resultFormat))
    names = {str(n) for n in g.objects(None, SD.name)}
    assert names == {LOADED}


# ------------------------------------------------------------------ Jena's rsparql and curl, with their defaults

def _rsparql(url: str, query: str, *args: str) -> str:
    from tests import tools

    proc = subprocess.run(["java", "-cp", tools.jena_classpath(), "arq.rsparql", "--service", url,
                           *args, interop.PROLOGUE + query], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_jena_rsparql(server):
    rows = list(csv_rows(_rsparql(server, interop.SELECT, "--results=csv")))
    assert {tuple(r) for r in rows[1:]} == interop.reference(interop.SELECT)
    for query in (interop.CONSTRUCT, interop.DESCRIBE):   # rsparql's default: Turtle
        g = Graph().parse(data=_rsparql(server, query), format="turtle")
        assert interop.plain(g) == interop.plain(interop.reference(query))
    assert _rsparql(server, interop.ASK).strip().lower().endswith("yes")


def csv_rows(text: str):
    import csv

    return csv.reader(io.StringIO(text))


@pytest.mark.parametrize("get", [True, False])
def test_curl_defaults(server, get):
    args = ["curl", "-s", "-f", server, "--data-urlencode", "query=" + interop.SELECT] + (["-G"] if get else [])
    out = subprocess.run(args, capture_output=True, timeout=60, check=True).stdout
    assert rows_of(out, "json") == interop.reference(interop.SELECT)
    args = ["curl", "-s", "-f", server, "--data-urlencode", "query=" + interop.CONSTRUCT] + (["-G"] if get else [])
    out = subprocess.run(args, capture_output=True, timeout=60, check=True).stdout
    assert interop.plain(Graph().parse(data=out, format="turtle")) == interop.plain(interop.reference(interop.CONSTRUCT))
