"""The query workers' pool and the answer cache of kg serve, used directly (real worker processes,
a real store folder): first come first served, the bounded wait line, the cache's keys and bounds."""

from __future__ import annotations

import asyncio
import os

import pytest

from kg.server.cache import ResultCache
from kg.server.pool import Pool

FAST = {"query": "SELECT ?place WHERE { ent:jnim kg:blockades ?place }", "default": [], "named": [],
        "format": "JSON"}


@pytest.fixture()
def pool(store_path):
    made = []

    def make(**options):
        p = Pool(str(store_path), workers=1, **options)
        made.append(p)
        return p
    yield make
    for p in made:
        p.stop()


def test_a_freed_worker_goes_to_the_oldest_waiter_not_to_a_newcomer(pool):
    """asyncio.Queue let a request arriving just after a worker was put back take it ahead of one
    that had been waiting, which then queued again at the back: under load some waited the whole
    timeout. Here the worker is handed to the waiter; the newcomer waits its turn."""
    async def scenario():
        p = pool(timeout=5)
        await p.start()
        a, b = await p._acquire(), await p._acquire()      # both workers (2 x 1) out
        first = asyncio.ensure_future(p._acquire())
        await asyncio.sleep(0)                             # ``first`` is waiting in line
        p._release(a)
        newcomer = asyncio.ensure_future(p._acquire())
        await asyncio.sleep(0.05)
        assert first.done() and first.result() is a
        assert not newcomer.done()
        p._release(b)
        assert await asyncio.wait_for(newcomer, 5) is b
        p._release(a)
        p._release(b)
        return len(p.idle), len(p.waiting)
    assert asyncio.run(scenario()) == (2, 0)


def test_past_max_waiting_a_request_is_refused_at_once_with_retry_after(pool):
    async def scenario():
        p = pool(timeout=30, max_waiting=1)
        await p.start()
        held = [await p._acquire(), await p._acquire()]
        waiting = asyncio.ensure_future(p.answer(FAST))    # the one place in line
        await asyncio.sleep(0.05)
        refused = await asyncio.wait_for(p.answer(FAST), 5)
        for w in held:
            p._release(w)
        answered = await asyncio.wait_for(waiting, 60)
        return refused, answered
    (status, message, headers), answered = asyncio.run(scenario())
    assert status == 503 and "--max-waiting" in message and headers["Retry-After"].isdigit()
    assert answered[0] == 200 and b"bamako" in answered[1]


def test_a_request_that_waited_the_whole_timeout_gets_503_with_retry_after(pool):
    async def scenario():
        p = pool(timeout=0.5)
        await p.start()
        held = [await p._acquire(), await p._acquire()]
        answer = await p.answer(FAST)
        for w in held:
            p._release(w)
        return answer, await p.answer(FAST)
    (status, message, headers), after = asyncio.run(scenario())
    assert status == 503 and "busy" in message and "Retry-After" in headers
    assert after[0] == 200


def test_the_cache_answers_identical_requests_once_until_the_store_changes(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    calls = []

    async def compute():
        calls.append(1)
        await asyncio.sleep(0.05)
        return 200, "application/sparql-results+json", b'{"n": %d}' % len(calls), {}

    async def scenario():
        cache = ResultCache(str(folder), 1 << 20)
        together = await asyncio.gather(*(cache.fetch(("q", (), (), None, ()), compute) for _ in range(5)))
        again = await cache.fetch(("q", (), (), None, ()), compute)
        other_accept = await cache.fetch(("q", (), (), "text/csv", ()), compute)
        (folder / "000042.sst").write_bytes(b"")          # the store changed (a new file in its folder)
        os.utime(folder, ns=(1, 1))
        after_change = await cache.fetch(("q", (), (), None, ()), compute)
        return together, again, other_accept, after_change
    together, again, other_accept, after_change = asyncio.run(scenario())
    assert [seen for _, seen in together] == ["MISS"] * 5 and all(a == together[0][0] for a, _ in together)
    assert again == (together[0][0], "HIT")
    assert other_accept[1] == "MISS" and after_change[1] == "MISS"
    assert after_change[0][2] != together[0][0][2] and len(calls) == 3


def test_the_cache_keeps_only_successes_within_its_bound(tmp_path):
    async def scenario():
        cache = ResultCache(str(tmp_path), 8000)
        statuses = iter([500, 200])

        async def flaky():
            return next(statuses), "text/plain", b"x", {}
        first = await cache.fetch(("bad",), flaky)
        second = await cache.fetch(("bad",), flaky)        # the failure was not kept

        async def body():
            return 200, "text/plain", b"y" * 200, {}
        for i in range(100):
            await cache.fetch((f"q{i}",), body)
        return first, second, cache.size, len(cache.entries), await cache.fetch(("q0",), body)
    first, second, size, entries, oldest = asyncio.run(scenario())
    assert first[0][0] == 500 and second[0][0] == 200
    assert size <= 8000 and 0 < entries < 100 and oldest[1] == "MISS"
