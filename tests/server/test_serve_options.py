"""kg serve's --max-depth, --cache and --max-waiting, through a real server on 127.0.0.1."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import run_cli
from tests.server.serving import kg_serve_copy

FAST = "SELECT ?place WHERE { ent:jnim kg:blockades ?place }"
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(STR(?c)) + STRLEN(STR(?f)) > 100000) }"


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    with kg_serve_copy(store_path, tmp_path_factory, "serve-options", "--workers", "1", "--timeout", "6",
                       "--max-depth", "8", "--max-waiting", "0") as (_, url, store):
        yield {"url": url, "store": store}


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth + " LIMIT 1"


def test_max_depth_is_the_limit_of_the_server(server):
    assert httpx.post(server["url"], data={"query": nested(8)}, timeout=30).status_code == 200
    r = httpx.post(server["url"], data={"query": nested(9)}, timeout=30)
    assert r.status_code == 400 and "9 deep" in r.text and "limit of 8 (--max-depth)" in r.text


def test_answers_come_from_the_cache_until_kg_load_changes_the_store(server, tmp_path):
    ask = 'ASK { <http://ex/cached> <http://ex/p> "late" }'
    first = httpx.get(server["url"], params={"query": ask}, timeout=30)
    again = httpx.get(server["url"], params={"query": ask}, timeout=30)
    assert first.json()["boolean"] is False and first.headers["X-Cache"] == "MISS"
    assert again.headers["X-Cache"] == "HIT" and again.content == first.content
    csv = httpx.get(server["url"], params={"query": ask}, headers={"Accept": "text/csv"}, timeout=30)
    assert csv.headers["X-Cache"] == "MISS" and csv.headers["content-type"].startswith("text/csv")
    f = tmp_path / "late.nt"
    f.write_text('<http://ex/cached> <http://ex/p> "late" .\n')
    assert run_cli("--store", server["store"], "load", str(f)).exit_code == 0
    after = httpx.get(server["url"], params={"query": ask}, timeout=30)
    assert after.json()["boolean"] is True and after.headers["X-Cache"] == "MISS"


def test_past_max_waiting_a_request_gets_503_with_retry_after(server):
    """Two slow queries take both workers of --workers 1 (for a second or two: the second is then
    stopped as one slow query too many, and its replacement takes a moment to start); with
    --max-waiting 0 the requests arriving then are refused at once, with Retry-After, and once the
    slow ones are over requests are answered again."""
    from concurrent.futures import ThreadPoolExecutor

    def slow(n):  # two different queries: identical ones would share one worker (and one answer)
        return httpx.get(server["url"], params={"query": f"{SLOW} # {n}"}, timeout=60).status_code

    def fast(n):  # never the same text: no answer from the cache
        return httpx.post(server["url"], data={"query": f"{FAST} # {n}"}, timeout=30)
    with ThreadPoolExecutor(12) as pool:
        slow_ones = [pool.submit(slow, n) for n in range(2)]
        time.sleep(0.5)                                    # both are running, nothing else is
        answers = list(pool.map(fast, range(10)))
        for f in slow_ones:
            f.result()
    refused = [r for r in answers if r.status_code == 503]
    assert refused, f"no request was refused while both workers were busy: {[r.status_code for r in answers]}"
    assert all("--max-waiting" in r.text and r.headers["Retry-After"].isdigit() for r in refused)
    assert fast("after").status_code == 200
