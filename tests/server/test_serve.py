"""kg serve: a real server on 127.0.0.1, real HTTP requests, and `kg --store sparql+http://...` against it."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import run_cli
from tests.server.serving import kg_serve_copy
from tests.virtuoso import free_port

JNIM_BLOCKADES = "SELECT ?place WHERE { ent:jnim kg:blockades ?place } ORDER BY ?place"


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    """`kg serve` on a copy of the built store, with a 3 s query deadline."""
    with kg_serve_copy(store_path, tmp_path_factory, "serve", "--timeout", "3",
                       "--max-query", "5000") as (proc, url, store):
        yield {"url": url, "store": store, "proc": proc}


def test_get_and_post_json(server):
    r = httpx.get(server["url"], params={"query": JNIM_BLOCKADES})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    places = [b["place"]["value"].rsplit("/", 1)[1] for b in r.json()["results"]["bindings"]]
    assert "bamako" in places
    r2 = httpx.post(server["url"], data={"query": JNIM_BLOCKADES})
    assert r2.json() == r.json()
    r3 = httpx.post(server["url"], content=JNIM_BLOCKADES, headers={"Content-Type": "application/sparql-query"})
    assert r3.json() == r.json()


@pytest.mark.parametrize("accept,ctype,check", [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/csv", "text/csv", "place\r\nhttps://w3id.org/mali-kg/id/bamako"),
    ("text/tab-separated-values", "text/tab-separated-values", "?place\n<https://w3id.org/mali-kg/id/bamako>"),
    ("text/html;q=0.9, */*;q=0.1", "application/sparql-results+json", '"bindings"'),
])
def test_select_content_negotiation(server, accept, ctype, check):
    r = httpx.get(server["url"], params={"query": JNIM_BLOCKADES}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    assert check in r.text


@pytest.mark.parametrize("accept,ctype", [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
])
def test_graph_results(server, accept, ctype):
    r = httpx.post(server["url"], data={"query": "DESCRIBE ent:bamako"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    from rdflib import Graph, URIRef
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}[ctype]
    g = Graph().parse(data=r.content, format=fmt)
    assert (URIRef("https://w3id.org/mali-kg/id/bamako"), None, None) in g


def test_refusals(server):
    url = server["url"]
    assert httpx.post(url, data={"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}).status_code == 403
    assert httpx.post(url, content="DROP ALL", headers={"Content-Type": "application/sparql-update"}).status_code == 403
    assert httpx.get(url, params={"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}).status_code == 403
    r = httpx.get(url, params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403 and "SERVICE" in r.text
    assert httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p }"}).status_code == 400
    assert httpx.get(url, params={"query": JNIM_BLOCKADES}, headers={"Accept": "image/png"}).status_code == 406
    long = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 6000
    assert httpx.get(url, params={"query": long}).status_code == 413
    assert httpx.post(url, content=b"x" * (2 << 20), headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert httpx.post(url, content=b"", headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 400  # a plain GET is the service description (test_protocol)


def test_slow_query_is_stopped_and_the_server_goes_on(server):
    started = time.monotonic()
    r = httpx.get(server["url"], params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
                  timeout=30)
    assert r.status_code == 503 and "longer than 3 s" in r.text
    assert time.monotonic() - started < 10
    for _ in range(4):  # every worker, the replaced one too
        assert httpx.get(server["url"], params={"query": JNIM_BLOCKADES}).status_code == 200


def test_cors_for_browser_clients(server):
    r = httpx.get(server["url"], params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert r.headers.get("access-control-allow-origin") == "*"


def test_kg_against_kg_serve(server, cli_env):
    remote = "sparql+" + server["url"]
    for args in (["query", JNIM_BLOCKADES], ["query", JNIM_BLOCKADES, "-F", "json"],
                 ["show", "Ivory Coast", "--format", "json"], ["export", "-F", "nquads"],
                 ["stats", "--format", "json"]):
        got = run_cli("--store", remote, *args)
        want = run_cli(*args, env=cli_env)
        assert got.exit_code == 0, got.output
        assert got.stdout == want.stdout, args
    refused = run_cli("--store", remote, "query", "--allow-update", "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert refused.exit_code != 0


def test_new_data_is_served_after_kg_load(server, tmp_path):
    f = tmp_path / "late.nt"
    f.write_text('<http://ex/late> <http://ex/p> "arrived" .\n')
    assert run_cli("--store", server["store"], "load", str(f)).exit_code == 0
    for _ in range(4):
        r = httpx.get(server["url"], params={"query": 'ASK { <http://ex/late> <http://ex/p> "arrived" }'})
        assert r.json()["boolean"] is True


def test_serve_refuses_a_remote_store():
    out = run_cli("--store", "sparql+http://127.0.0.1:9/sparql", "serve", "--port", str(free_port()))
    assert out.exit_code == 2 and "embedded store" in out.stderr
