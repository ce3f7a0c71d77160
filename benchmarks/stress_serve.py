"""Stress `kg serve` on loopback: the example queries at concurrency 20 and 100, with and without
slow queries running beside them; throughput, latency percentiles, errors, server memory.

Usage: python benchmarks/stress_serve.py [--requests N] [--store PATH] [--workers N] [--slow N]
                                         [--max-seconds S] [--cache MB[,MB...]] [--client aiohttp|httpx]
                                         [--baseline DIR]

Builds a store in a temporary folder unless --store is given, starts `kg serve` on a free port of
127.0.0.1 (nothing else is contacted), and for each concurrency sends N requests (default 3000),
each one of the example queries in queries/*.rq in turn, from asyncio clients. Every phase is
bounded in count and in time (--max-seconds, default 120). Reports requests/s, p50/p95/p99 latency,
errors (any status but 200, any exception, by kind), and the resident memory of the server and its
workers before and after. Then the same with --slow (default 2; 0: none) slow queries (a cross
product, stopped by the server's --timeout) kept running beside the fast ones: the fast ones must go on.
Targets at concurrency 100 on the 2-core machine: 0 errors, p99 < 1 s.

Baselines measured in the same run, since the machine may be shared: first the example queries run
in this process on pyoxigraph directly (queries/s on one core, no HTTP); then with --cache 64,0 one
server per value of the server's --cache (0: every request goes to a query worker), each phase run
against each in turn and the ratios to the first printed; --baseline DIR: a checkout of another
commit (``git archive COMMIT | tar -x -C DIR``) served the same way.

The client is aiohttp by default: httpx's AsyncClient spends several times more CPU per request at
concurrency 100 (https://github.com/encode/httpx/issues/3215; measured here: 8.7 ms against 1.1 ms),
and on a 2-core machine the client's CPU is taken from the server; --client httpx to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, MB (from /proc)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children[ppid].append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class Client:
    """One asyncio HTTP client (aiohttp or httpx) with a connection pool of ``size``."""

    def __init__(self, kind: str, size: int):
        self.kind, self.size = kind, size

    async def __aenter__(self):
        if self.kind == "httpx":
            import httpx

            limits = httpx.Limits(max_connections=self.size, max_keepalive_connections=self.size)
            self.session = httpx.AsyncClient(limits=limits, timeout=60)
            self.errors = (httpx.HTTPError,)
        else:
            import aiohttp

            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self.size),
                                                 timeout=aiohttp.ClientTimeout(total=60))
            self.errors = (aiohttp.ClientError, asyncio.TimeoutError)
        await self.session.__aenter__()
        return self

    async def __aexit__(self, *exc):
        await self.session.__aexit__(*exc)

    async def post(self, url: str, query: str) -> int:
        headers = {"Accept": "application/sparql-results+json"}
        if self.kind == "httpx":
            r = await self.session.post(url, data={"query": query}, headers=headers)
            return r.status_code
        async with self.session.post(url, data={"query": query}, headers=headers) as r:
            await r.read()
            return r.status


async def phase(url: str, queries: list[str], requests: int, concurrency: int, max_seconds: float,
                slow: int = 0, client: str = "aiohttp") -> dict:
    latencies, errors = [], collections.Counter()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds
    async with Client(client, concurrency + slow + 5) as http:
        stop_slow = asyncio.Event()

        async def slow_client():
            while not stop_slow.is_set():
                try:
                    await http.post(url, SLOW)
                except http.errors:
                    pass

        async def fast_client():
            for i in counter:
                if time.monotonic() > deadline:
                    errors["phase time limit"] += 1
                    continue
                start = time.perf_counter()
                try:
                    status = await http.post(url, queries[i % len(queries)])
                    if status != 200:
                        errors[f"HTTP {status}"] += 1
                    else:
                        latencies.append(time.perf_counter() - start)
                except http.errors as exc:
                    errors[type(exc).__name__] += 1

        slow_tasks = [asyncio.create_task(slow_client()) for _ in range(slow)]
        if slow:
            await asyncio.sleep(1.5)  # the slow queries are running before the fast ones start
        began = time.perf_counter()
        await asyncio.gather(*(fast_client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
        stop_slow.set()
        for t in slow_tasks:
            t.cancel()
        await asyncio.gather(*slow_tasks, return_exceptions=True)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")
    return {"ok": len(latencies), "errors": dict(errors), "rps": len(latencies) / elapsed,
            "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
            "mean": statistics.fmean(latencies) if latencies else float("nan")}


def in_process(store: str, queries: list[str], seconds: float = 3.0) -> float:
    """Example queries per second answered by pyoxigraph in this process (one core, no HTTP), each
    answer serialized as SPARQL JSON: the engine's own speed on this machine now."""
    import pyoxigraph as ox

    sys.path.insert(0, str(PROJECT))
    from kg.core.namespaces import PREFIXES
    from kg.store.embedded import has_named_graphs, query_dataset

    db = ox.Store.read_only(store)
    union = has_named_graphs(db)
    done, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        q = queries[done % len(queries)]
        db.query(q, prefixes=PREFIXES, **query_dataset(q, [], [], union)).serialize(
            format=ox.QueryResultsFormat.JSON)
        done += 1
    return done / (time.perf_counter() - began)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--store")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--slow", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's --timeout (stops slow queries)")
    ap.add_argument("--max-seconds", type=float, default=120.0)
    ap.add_argument("--cache", default="64", metavar="MB[,MB...]",
                    help="the server's --cache; several: one server each, compared in the same run")
    ap.add_argument("--client", choices=["aiohttp", "httpx"], default="aiohttp")
    ap.add_argument("--baseline", metavar="DIR", help="another source tree to compare with, in the same run")
    args = ap.parse_args()
    if not 1 <= args.requests <= 100_000:
        raise SystemExit("--requests must be from 1 to 100000")
    if not 0 < args.max_seconds <= 3600:
        raise SystemExit("--max-seconds must be more than 0 and at most 3600")
    caches = [c.strip() for c in args.cache.split(",")]
    if not all(c.isdigit() for c in caches) or len(caches) > 4:
        raise SystemExit("--cache takes one to four sizes in MB, e.g. 64 or 64,0")
    kg = [sys.executable, "-c", "from cli import main; main()"]
    queries = [p.read_text(encoding="utf-8") for p in sorted((PROJECT / "queries").glob("*.rq"))]
    queries = [q for q in queries if "CONSTRUCT" not in q.upper() and "DESCRIBE" not in q.upper()] or queries
    trees = [(f"this --cache {c}" if len(caches) > 1 else "this", PROJECT, c) for c in caches]
    trees += [("baseline", Path(args.baseline).resolve(), None)] if args.baseline else []
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or str(Path(tmp) / "store")
        env = dict(os.environ, KG_STORE=store)
        if not args.store:
            subprocess.run(kg + ["build"], cwd=PROJECT, env=env, check=True, capture_output=True)
        print(f"in-process pyoxigraph (one core, no HTTP): {in_process(store, queries):.0f} example queries/s")
        servers = {}
        try:
            for name, tree, cache in trees:
                servers[name] = start_server(kg, tree, env, args, cache)
            print(f"kg serve --workers {args.workers} --timeout {args.timeout:g}, {len(queries)} example queries, "
                  f"{args.requests} requests per phase, {os.cpu_count()} CPUs, client {args.client}")
            for name, (proc, _) in servers.items():
                print(f"{name}: server memory before: {tree_rss_mb(proc.pid):.0f} MB (server and workers, RSS)")
            width = max(len(n) for n in servers) + 27
            print(f"{'phase':<{width}} {'ok':>6} {'errors':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
            for concurrency, slow in [(20, 0), (100, 0)] + ([(20, args.slow), (100, args.slow)] if args.slow else []):
                results = {}
                for name, (proc, url) in servers.items():
                    res = asyncio.run(phase(url, queries, args.requests, concurrency, args.max_seconds, slow,
                                            args.client))
                    results[name] = res
                    label = f"{name}: concurrency {concurrency}" + (f" + {slow} slow" if slow else "")
                    errs = sum(res["errors"].values())
                    print(f"{label:<{width}} {res['ok']:>6} {errs:>8} {res['rps']:>8.0f} {res['p50'] * 1000:>8.1f} "
                          f"{res['p95'] * 1000:>8.1f} {res['p99'] * 1000:>8.1f}"
                          + (f"   {res['errors']}" if errs else ""))
                    if slow:
                        time.sleep(args.timeout + 1)  # the slow queries stopped before the next server's turn
                first = results[next(iter(results))]
                for name, other in list(results.items())[1:]:
                    if other["ok"] and first["ok"]:
                        print(f"{'  ratio first/' + name:<{width}} {'':>6} {'':>8} {first['rps'] / other['rps']:>8.2f} "
                              f"{first['p50'] / other['p50']:>8.2f} {first['p95'] / other['p95']:>8.2f} "
                              f"{first['p99'] / other['p99']:>8.2f}")
            time.sleep(args.timeout + 1)
            for name, (proc, _) in servers.items():
                print(f"{name}: server memory after:  {tree_rss_mb(proc.pid):.0f} MB")
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def start_server(kg: list[str], tree: Path, env: dict, args, cache: str | None = None):
    """`kg serve` run from the source tree ``tree`` on a free loopback port; (process, url)."""
    import httpx

    port = free_port()
    proc = subprocess.Popen(kg + ["serve", "--port", str(port), "--workers", str(args.workers),
                                  "--timeout", str(args.timeout)] + (["--cache", cache] if cache else []),
                            cwd=tree, env=dict(env, PYTHONPATH=str(tree)), stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(300):
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"kg serve from {tree} did not start: " + proc.stderr.read1().decode())


if __name__ == "__main__":
    main()
