"""Workbench speed: time to first byte of every page of `kg serve` on the Mali graph, an accept with
its rebuild, and the map / entity / find pages on a synthetic graph of 5,000 nodes, measured in one run.

Usage: python benchmarks/bench_web.py [--runs N] [--nodes 5000 --statements 20000] [--skip-synthetic]
Builds the Mali store and a copy of the data folder (with one short article ingested for the review
desk) in a temporary folder, starts `kg serve --review` on a free loopback port, and requests each
page N times (median). The baseline, measured in the same run against the same server, is the time to
first byte of a static file (/static/web.css): each page prints its median and its ratio to it.
The accept is a real POST of the review form (token and Origin included) followed by polling
/rebuild/status until the rebuild is done; its baseline is `build_store` of the same data, in-process.
Startup is the time from starting `kg serve` to its first answer (it answers once its warm-up, the
store snapshot and one request of each page, is done); its baseline is the snapshot taken in this
process. Targets: every page < 300 ms to first byte on the Mali graph; accept + rebuild < 5 s; on the
synthetic graph the map, the entity and the find pages answer (usable: a few seconds at most).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))
KG = str(PROJECT / ".venv" / "bin" / "kg")
SHORT = """Title: Convoy attacked near Kayes
Date: 2025-11-20

Convoy attacked near Kayes

The Group for the Support of Islam and Muslims (JNIM) attacked a fuel convoy near Kayes last week, the army said.
Russia's Africa Corps defended the town of Nioro in late October, a security source said.
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path, data: Path, review: bool):
    import httpx

    port = free_port()
    started = time.perf_counter()
    cmd = [KG, "--store", str(store), "serve", "--port", str(port), "--data", str(data), "--timeout", "60"]
    proc = subprocess.Popen(cmd + (["--review"] if review else []), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/static/web.css", timeout=2).status_code == 200:
                return proc, url, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"kg serve did not start: {proc.stderr.read1().decode()}")


def snapshot_time(store: Path) -> float:
    """Seconds to take the workbench's snapshot of ``store`` in this process (startup's baseline)."""
    from kg.store.embedded import EmbeddedStore
    from kg.web.data import Snapshot

    t0 = time.perf_counter()
    Snapshot(EmbeddedStore(store))
    return time.perf_counter() - t0


def ttfb(client, url: str) -> float:
    """Seconds from sending the request to the first byte of the body."""
    start = time.perf_counter()
    with client.stream("GET", url) as r:
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        chunks = r.iter_raw()
        next(chunks, None)
        first = time.perf_counter() - start
        for _ in chunks:
            pass
    return first


def measure(client, base: str, paths: list[str], runs: int) -> dict[str, tuple[float, float]]:
    """path -> (first request, median of the next ``runs``): the first one pays for imports, the
    store snapshot and, for the network and timeline pages, the page kept for the next request."""
    first = {p: ttfb(client, base + p) for p in paths}
    times = {p: [] for p in paths}
    for _ in range(runs):
        for p in paths:
            times[p].append(ttfb(client, base + p))
    return {p: (first[p], statistics.median(v)) for p, v in times.items()}


def report(title: str, medians: dict, baseline: str, target: float | None) -> None:
    base = medians[baseline][1]
    print(f"\n{title} (time to first byte: first request, then the median of the next ones; "
          f"baseline {baseline} = {base * 1000:.1f} ms)")
    for p, (first, t) in medians.items():
        flag = "" if target is None else ("  ok" if t < target else f"  OVER {target * 1000:.0f} ms")
        print(f"  {p:48s} first {first * 1000:8.1f} ms   median {t * 1000:7.1f} ms  x{t / base:6.1f}{flag}")


def accept_and_rebuild(client, base: str, aid: str) -> float:
    page = client.get(f"{base}/review/{aid}").text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    cid = page.split('name="id" value="')[1].split('"')[0]
    start = time.perf_counter()
    r = client.post(f"{base}/review/{aid}", data={"csrf": token, "action": f"accept:{cid}"},
                    headers={"Origin": base}, follow_redirects=False)
    if r.status_code != 303:
        raise SystemExit(f"accept refused: HTTP {r.status_code}: {r.text[:500]}")
    while True:
        s = client.get(f"{base}/rebuild/status").json()
        if s["state"] == "done":
            break
        if s["state"] == "failed":
            raise SystemExit(f"rebuild failed: {s['error']}")
        time.sleep(0.05)
    return time.perf_counter() - start


def synthetic(path: Path, nodes: int, statements: int, seed: int = 5) -> None:
    """N-Triples of ``nodes`` entities (4/5 actors, 1/5 places with coordinates) and ``statements``
    statements in the project's shape (the generator of synth.py, at a chosen size)."""
    import synth as S

    rnd = random.Random(seed)
    n_places = nodes // 5
    n_actors = nodes - n_places
    out = []
    t = lambda s, p, o: out.append(f"<{s}> <{p}> {o} .\n")  # noqa: E731
    for i in range(n_places):
        p, name = f"{S.ENT}place-{i}", f"{rnd.choice(S.WORDS).title()} {i}"
        t(p, S.RDF + "type", f"<{S.KG}City>")
        t(p, S.SKOS + "prefLabel", S._lit(name))
        t(p, S.KG + "category", f"<{S.KG}cat-place>")
        t(p, S.GEO + "lat", f'"{rnd.uniform(10, 25):.4f}"^^<{S.XSD}decimal>')
        t(p, S.GEO + "long", f'"{rnd.uniform(-12, 4):.4f}"^^<{S.XSD}decimal>')
    for i in range(n_actors):
        a = f"{S.ENT}actor-{i}"
        typ, cat = S.ACTOR_TYPES[i % len(S.ACTOR_TYPES)]
        t(a, S.RDF + "type", f"<{S.KG}{typ}>")
        t(a, S.SKOS + "prefLabel", S._lit(f"{rnd.choice(S.WORDS).title()} {cat.replace('-', ' ')} {i}"))
        t(a, S.SKOS + "altLabel", S._lit(f"{cat[:3].upper()}-{i}"))
        t(a, S.KG + "category", f"<{S.KG}cat-{cat}>")
    n_articles = max(2, statements // 50)
    for i in range(n_articles):
        art = f"{S.ART}synth-{i}"
        t(art, S.RDF + "type", f"<{S.KG}Article>")
        t(art, S.DCT + "identifier", S._lit(f"synth-{i}"))
        t(art, S.DCT + "title", S._lit(f"Report {i}"))
    for i in range(statements):
        st = f"{S.STMT}synth-{i}"
        s = f"{S.ENT}actor-{min(rnd.randrange(n_actors), rnd.randrange(n_actors))}"
        rel = rnd.choice(S.RELATIONS)
        o = (f"{S.ENT}place-{rnd.randrange(n_places)}" if rel in ("blockades", "operatesIn", "tookControlOf")
             else f"{S.ENT}actor-{rnd.randrange(n_actors)}")
        quote = " ".join(rnd.choice(S.WORDS) for _ in range(8))
        art = f"{S.ART}synth-{rnd.randrange(n_articles)}"
        for p, o_ in ((S.RDF + "type", f"<{S.KG}Statement>"), (S.DCT + "identifier", S._lit(f"synth-{i}")),
                      (S.RDF + "subject", f"<{s}>"), (S.RDF + "predicate", f"<{S.KG}{rel}>"),
                      (S.RDF + "object", f"<{o}>"), (S.PROV + "wasDerivedFrom", f"<{art}>"),
                      (S.SCHEMA + "location", f"<{S.ENT}place-{rnd.randrange(n_places)}>"),
                      (S.KG + "modality", f"<{S.KG}asserted>"), (S.KG + "confidence", f"<{S.KG}high>"),
                      (S.SCHEMA + "startDate", f'"{2015 + rnd.randrange(11)}-{1 + rnd.randrange(12):02d}"^^<{S.XSD}gYearMonth>'),
                      (S.KG + "datePrecision", f"<{S.KG}month>"), (S.OA + "hasTarget", f"<{st}#target>")):
            t(st, p, o_)
        t(s, S.KG + rel, f"<{o}>")
        t(f"{st}#target", S.OA + "hasSelector", f"<{st}#quote>")
        t(f"{st}#target", S.OA + "hasSelector", f"<{st}#position>")
        t(f"{st}#quote", S.RDF + "type", f"<{S.OA}TextQuoteSelector>")
        t(f"{st}#quote", S.OA + "exact", S._lit(quote))
        t(f"{st}#position", S.RDF + "type", f"<{S.OA}TextPositionSelector>")
        t(f"{st}#position", S.OA + "start", f'"0"^^<{S.XSD}integer>')
        t(f"{st}#position", S.OA + "end", f'"{len(quote)}"^^<{S.XSD}integer>')
    path.write_text("".join(out), encoding="utf-8")


def main() -> None:
    import httpx

    from kg.corpus.build import build_store
    from kg.extraction.ingest import ingest
    from kg.store.embedded import EmbeddedStore

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--statements", type=int, default=20000)
    ap.add_argument("--skip-synthetic", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(PROJECT / "data", data)
        (tmp / "short.txt").write_text(SHORT, encoding="utf-8")
        (row,) = ingest([tmp / "short.txt"], data)
        aid = row["article"]
        store = tmp / "store"
        t0 = time.perf_counter()
        build_store(EmbeddedStore(store), data)
        build_s = time.perf_counter() - t0
        proc, base, took_start = start(store, data, review=True)
        snap_s = snapshot_time(store)
        print(f"startup (until the first answer, the warm-up included): {took_start:.2f} s "
              f"(baseline: the snapshot in-process {snap_s:.2f} s)")
        try:
            client = httpx.Client(timeout=120)
            paths = ["/static/web.css", "/", "/find?q=jnim", "/entity/jnim", "/entity/bamako",
                     "/article/reuters-blockade-threatens-mali", "/article/wilen-running-out-of-gas",
                     "/map", "/map?family=hostile&from=2025-09", "/map/data.json", "/query",
                     "/network", "/network?focus=jnim&depth=1", "/timeline", "/timeline?actor=jnim",
                     "/review", f"/review/{aid}", "/rebuild"]
            report("Mali graph", measure(client, base, paths, args.runs), "/static/web.css", 0.300)
            took = accept_and_rebuild(client, base, aid)
            print(f"\naccept + rebuild: {took:.2f} s (baseline build_store in-process: {build_s:.2f} s, "
                  f"x{took / build_s:.2f}){'  ok' if took < 5 else '  OVER 5 s'}")
        finally:
            proc.terminate()
            proc.wait(30)
        if args.skip_synthetic:
            return
        nt = tmp / "synth.nt"
        synthetic(nt, args.nodes, args.statements)
        big = tmp / "big"
        shutil.copytree(store, big)
        subprocess.run([KG, "--store", str(big), "load", str(nt)], check=True, stderr=subprocess.DEVNULL)
        proc, base, took_start = start(big, data, review=False)
        snap_s = snapshot_time(big)
        print(f"\nsynthetic graph startup (until the first answer, the warm-up included): {took_start:.2f} s "
              f"(baseline: the snapshot in-process {snap_s:.2f} s)")
        try:
            client = httpx.Client(timeout=300)
            paths = ["/static/web.css", "/find?q=junta", "/entity/actor-0", "/entity/actor-3999",
                     "/entity/place-7", "/map", "/map?family=hostile&from=2020&to=2021"]
            report(f"synthetic graph: {args.nodes} nodes, {args.statements} statements",
                   measure(client, base, paths, max(1, args.runs // 3)), "/static/web.css", None)
        finally:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
