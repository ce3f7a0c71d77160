"""kg serve under pressure: slow queries beside fast ones, a query past the memory ceiling, bad
dataset parameters, SERVICE spelled to slip past a keyword check (a real server on 127.0.0.1)."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.server.serving import kg_serve_copy

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
FAST = "SELECT ?place WHERE { ent:jnim kg:blockades ?place }"


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    """One worker, a 20 s deadline and a 300 MB ceiling per worker."""
    with kg_serve_copy(store_path, tmp_path_factory, "serve-limits", "--workers", "1", "--timeout", "20",
                       "--max-memory", "300") as (_, url, _store):
        yield url


def test_fast_queries_flow_while_a_slow_one_runs(server):
    """With one worker, a slow query used to make every other client wait for the deadline. Here a
    slow query (memory-bounded ORDER BY over a cross product, slowed by a FILTER) keeps running while
    fast ones are answered: each fast answer arrives before the slow request has ended."""
    slow_query = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(STR(?c)) + STRLEN(STR(?f)) > 100000) }")
    done = threading.Event()
    result = {}

    def slow():
        try:
            result["status"] = httpx.get(server, params={"query": slow_query}, timeout=60).status_code
        finally:
            done.set()
    t = threading.Thread(target=slow)
    t.start()
    time.sleep(2.5)  # the slow query is running (past the pool's 1 s "slow" mark)
    answered = 0
    for _ in range(5):
        r = httpx.get(server, params={"query": FAST}, timeout=60)
        assert r.status_code == 200
        if not done.is_set():
            answered += 1
    t.join(60)
    assert answered >= 1, "no fast query was answered while the slow one ran"
    assert result["status"] in (200, 503)


def test_memory_ceiling_stops_the_query_not_the_server(server):
    r = httpx.get(server, params={"query": CROSS}, timeout=60)
    assert r.status_code == 503 and "memory" in r.text
    assert httpx.get(server, params={"query": FAST}, timeout=30).status_code == 200


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_must_be_iris(server, param):
    r = httpx.get(server, params={"query": FAST, param: "not an iri"}, timeout=30)
    assert r.status_code == 400 and "absolute IRIs" in r.text


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?s ?p 3474SERVICE <http://127.0.0.1:9/sparql> { ?x ?y ?z } }",
    "SELECT ?x WHERE { ?s ?p 70.0SERVICE <http://127.0.0.1:9/sparql> { ?x ?y ?z } }",
    "SELECT ?x WHERE { ?x ?y ?z # \r SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\n }",
])
def test_glued_service_is_refused(server, query):
    r = httpx.post(server, data={"query": query}, timeout=30)
    assert r.status_code == 403 and "SERVICE is refused" in r.text


def test_deep_nesting_is_a_400_not_a_dead_worker(server):
    r = httpx.post(server, data={"query": "SELECT * WHERE " + "{" * 2500 + "?s ?p ?o" + "}" * 2500}, timeout=30)
    assert r.status_code == 400 and "nests brackets" in r.text
    assert httpx.get(server, params={"query": FAST}, timeout=30).status_code == 200
