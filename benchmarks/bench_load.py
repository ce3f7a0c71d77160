"""Load time, peak memory and five analyst queries: `kg load` vs raw pyoxigraph vs plain rdflib.

    python benchmarks/bench_load.py                 # N = 100k and 1M synthetic triples
    python benchmarks/bench_load.py 100000 --runs 3

For each N, in one run: a synthetic conflict graph of N triples (benchmarks/synth.py, N-Triples);
- `kg load FILE` (the CLI, fresh process) into a copy of the built Mali store;
- raw pyoxigraph: `Store.bulk_load(path=FILE, to_graph=<same named graph>)` into a fresh store
  (fresh process); also into the default graph, for information;
- plain rdflib: `Graph().parse(FILE)` in memory (fresh process);
then five analyst queries on each (kg: `EmbeddedStore.query`, the path `kg query` and `kg show` use,
returning rdflib results; raw: `Store.query` with the union default graph, results iterated; rdflib:
`Graph.query`, stopped after --rdflib-limit seconds per query). Load times and peak RSS are measured
per process (wall time from the parent, ru_maxrss from wait4); query times are medians of --runs runs
after one warm-up run (rdflib: no warm-up).
Prints the ratios kg/raw (target <= 1.3) and rdflib/kg (target >= 8).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
KG = str(PROJECT / ".venv" / "bin" / "kg") if (PROJECT / ".venv" / "bin" / "kg").exists() else "kg"
GRAPH = "https://w3id.org/mali-kg/graph/synth"
QUERIES = {
    "aggregate by actor": """SELECT ?actor (COUNT(?st) AS ?n) WHERE {
        ?st a kg:Statement ; rdf:subject ?actor ; kg:modality kg:asserted }
        GROUP BY ?actor ORDER BY DESC(?n) ?actor LIMIT 20""",
    "two-hop path": """SELECT DISTINCT ?b ?c WHERE {
        ent:actor-1 kg:attacks|kg:threatens|kg:targets|kg:pressures ?b .
        ?b kg:attacks|kg:threatens|kg:targets|kg:pressures ?c }""",
    "date window": """SELECT ?st ?d WHERE {
        ?st a kg:Statement ; schema:startDate ?d ; kg:eventType acled:Attack .
        FILTER(?d >= "2020-01-01"^^xsd:date && ?d < "2020-04-01"^^xsd:date) } ORDER BY ?d ?st""",
    "text search on labels": """SELECT ?e ?l WHERE {
        ?e skos:prefLabel ?l . FILTER(CONTAINS(LCASE(?l), "rebel")) } ORDER BY ?e""",
    "describe": "DESCRIBE stmt:synth-100",
}


# ------------------------------------------------------------------ child processes


def _consume(result) -> int:
    return sum(1 for _ in result)


def child_raw_load(store: str, path: str, graph: str | None) -> dict:
    import pyoxigraph as ox

    start = time.perf_counter()
    s = ox.Store(store)
    s.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph) if graph else None)
    s.flush()
    return {"load": time.perf_counter() - start}


def child_queries(kind: str, store: str, runs: int) -> dict:
    from kg.namespaces import PREFIXES

    if kind == "kg":
        from kg.store import EmbeddedStore
        s = EmbeddedStore(store)

        def run(q):
            res = s.query(q)
            return len(res.graph) if res.type in ("CONSTRUCT", "DESCRIBE") else _consume(res)
    else:
        import pyoxigraph as ox
        s = ox.Store.read_only(store)

        def run(q):
            res = s.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)
            return _consume(res)
    out = {}
    for name, q in QUERIES.items():
        times, rows = [], run(q)  # one warm-up run (page cache, first-open costs), then timed runs
        for _ in range(runs):
            start = time.perf_counter()
            rows = run(q)
            times.append(time.perf_counter() - start)
        out[name] = {"time": statistics.median(times), "rows": rows}
    return out


def child_rdflib(path: str, runs: int, limit: float) -> dict:
    import resource
    import signal

    from rdflib import Graph

    from kg.namespaces import PREFIXES

    start = time.perf_counter()
    g = Graph()
    g.parse(path, format="nt")
    out = {"load": time.perf_counter() - start,
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "queries": {}}

    def alarm(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    for name, q in QUERIES.items():
        times, rows = [], 0
        try:
            for _ in range(runs):
                signal.setitimer(signal.ITIMER_REAL, limit)
                t0 = time.perf_counter()
                res = g.query(q, initNs=PREFIXES)
                rows = len(res.graph) if res.type in ("CONSTRUCT", "DESCRIBE") else _consume(res)
                times.append(time.perf_counter() - t0)
                signal.setitimer(signal.ITIMER_REAL, 0)
            out["queries"][name] = {"time": statistics.median(times), "rows": rows}
        except TimeoutError:
            out["queries"][name] = {"time": None, "rows": None}
    return out


# ------------------------------------------------------------------ parent


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; return (wall seconds, peak RSS MB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=PROJECT)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {err.decode()[-800:]}")
    return wall, usage.ru_maxrss / 1024, out.decode()


def me(*args: str) -> list[str]:
    return [sys.executable, __file__, "--child", *args]


def bench(n: int, work: Path, runs: int, limit: float) -> dict:
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    from synth import generate

    data = work / f"synth-{n}.nt"
    with open(data, "w", encoding="utf-8") as fh:
        triples = generate(n, fh)
    mali = work / "mali"
    if not mali.exists():
        subprocess.run([KG, "--store", str(mali), "build"], check=True, capture_output=True)
    kg_store, raw_store, raw_default = work / f"kg-{n}", work / f"raw-{n}", work / f"rawdef-{n}"
    for p in (kg_store, raw_store, raw_default):
        shutil.rmtree(p, ignore_errors=True)
    shutil.copytree(mali, kg_store)
    r = {"n": n, "triples": triples, "bytes": data.stat().st_size}
    r["kg_load"], r["kg_peak"], _ = measured([KG, "--store", str(kg_store), "load", str(data), "--graph", GRAPH])
    r["raw_load"], r["raw_peak"], _ = measured(me("raw_load", str(raw_store), str(data), GRAPH))
    r["rawdef_load"], r["rawdef_peak"], _ = measured(me("raw_load", str(raw_default), str(data), ""))
    wall, peak, out = measured(me("rdflib", str(data), str(runs), str(limit)))
    rd = json.loads(out)
    r["rdflib_load"], r["rdflib_peak"], r["rdflib_wall"] = rd["load"], rd["peak_mb"], wall
    r["q_kg"] = json.loads(measured(me("queries", "kg", str(kg_store), str(runs)))[2])
    r["q_raw"] = json.loads(measured(me("queries", "raw", str(raw_store), str(runs)))[2])
    # the same raw API on kg's own store (Mali graph + the loaded named graph): kg's own overhead
    r["q_raw_same"] = json.loads(measured(me("queries", "raw", str(kg_store), str(runs)))[2])
    r["q_rdflib"] = rd["queries"]
    return r


def report(r: dict) -> str:
    ms = lambda t: "timeout" if t is None else f"{t * 1000:9.1f} ms"  # noqa: E731
    lines = [f"\n== N = {r['n']:,} (generated {r['triples']:,} triples, {r['bytes'] / 1e6:.0f} MB N-Triples)",
             f"{'load':<28}{'time':>10}{'peak RSS':>12}",
             f"{'kg load (CLI)':<28}{r['kg_load']:>9.2f}s{r['kg_peak']:>10.0f}MB",
             f"{'pyoxigraph bulk_load (graph)':<28}{r['raw_load']:>9.2f}s{r['raw_peak']:>10.0f}MB",
             f"{'pyoxigraph bulk_load (dflt)':<28}{r['rawdef_load']:>9.2f}s{r['rawdef_peak']:>10.0f}MB",
             f"{'rdflib Graph.parse':<28}{r['rdflib_load']:>9.2f}s{r['rdflib_peak']:>10.0f}MB",
             f"ratio kg/raw load: {r['kg_load'] / r['raw_load']:.2f} (target <= 1.3)   "
             f"rdflib/kg load: {r['rdflib_load'] / r['kg_load']:.1f}x (target >= 8)",
             f"\n{'query':<24}{'kg':>12}{'raw, same':>12}{'raw, fresh':>12}{'rdflib':>12}"
             f"{'kg/same':>8}{'kg/fresh':>9}  rows",
             "(raw, same: pyoxigraph on kg's store; raw, fresh: pyoxigraph on a store holding only the "
             "loaded graph)"]
    for name in QUERIES:
        k, x, rd = r["q_kg"][name], r["q_raw"][name], r["q_rdflib"][name]
        y = r["q_raw_same"][name]
        lines.append(f"{name:<24}{ms(k['time']):>12}{ms(y['time']):>12}{ms(x['time']):>12}{ms(rd['time']):>12}"
                     f"{k['time'] / max(y['time'], 1e-9):>8.2f}{k['time'] / max(x['time'], 1e-9):>9.2f}"
                     f"  {k['rows']}/{y['rows']}/{x['rows']}/{rd['rows']}")
    return "\n".join(lines)


def main(argv=None) -> None:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(PROJECT))
        kind, args = sys.argv[2], sys.argv[3:]
        if kind == "raw_load":
            out = child_raw_load(args[0], args[1], args[2] or None)
        elif kind == "queries":
            out = child_queries(args[0], args[1], int(args[2]))
        else:
            out = child_rdflib(args[0], int(args[1]), float(args[2]))
        print(json.dumps(out))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3, help="query runs (median)")
    ap.add_argument("--rdflib-limit", type=float, default=120.0, help="seconds per rdflib query run")
    ap.add_argument("--workdir", help="keep files here (default: a temporary folder)")
    args = ap.parse_args(argv)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in args.sizes:
            print(report(bench(n, work, args.runs, args.rdflib_limit)), flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
