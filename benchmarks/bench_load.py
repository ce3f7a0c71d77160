"""Load time, peak memory and five analyst queries: `kg load` vs raw pyoxigraph vs plain rdflib.

    python benchmarks/bench_load.py                 # N = 100k and 1M synthetic triples
    python benchmarks/bench_load.py 100000 --runs 3

For each N, in one run: a synthetic conflict graph of N triples (benchmarks/synth.py, N-Triples);
- `kg load FILE` (the CLI, fresh process) into a copy of the built Mali store, and `kg load
  --no-optimize` (no compaction after loading, the fastest load) into another copy;
- raw pyoxigraph: `Store.bulk_load(path=FILE, to_graph=<same named graph>)` into a fresh store
  (fresh process); also into the default graph, for information;
- plain rdflib: `Graph().parse(FILE)` in memory (fresh process);
then five analyst queries on each (kg: `EmbeddedStore.query`, the path the library's views and
`kg show` use, returning rdflib results; raw: `Store.query` with the union default graph, every value
of every result read; rdflib: `Graph.query`, stopped after --rdflib-limit seconds per query), and the
same queries as `kg query -F json` answers them (`query_output`: DESCRIBE as N-Triples) against raw
pyoxigraph's query plus serializer.

Load time is the same thing for all three: wall time from starting a fresh process to the data being
loaded (interpreter start, imports, parse, write); the time inside the process after imports is shown
too. Peak RSS comes from wait4. Query times are medians of --runs runs after one warm-up run (rdflib:
no warm-up) in each of --rounds fresh processes per store, interleaved across the stores.
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
    """Read every value of every solution (a raw pyoxigraph user reads what the query returns)."""
    n = 0
    for row in result:
        for _ in row:
            pass
        n += 1
    return n


def _consume_triples(result) -> int:
    n = 0
    for t in result:
        _ = t.subject, t.predicate, t.object
        n += 1
    return n


def child_raw_load(store: str, path: str, graph: str | None) -> dict:
    import pyoxigraph as ox

    start = time.perf_counter()
    s = ox.Store(store)
    s.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph) if graph else None)
    s.flush()
    return {"load": time.perf_counter() - start, "loaded_at": time.time()}


def child_queries(kind: str, store: str, runs: int) -> dict:
    from kg.core.namespaces import PREFIXES

    if kind == "kg":
        from kg.store.embedded import EmbeddedStore
        s = EmbeddedStore(store)

        def run(q):
            res = s.query(q)
            return len(res.graph) if res.type in ("CONSTRUCT", "DESCRIBE") else _consume(res)
    elif kind == "kgout":  # what `kg query -F json` (DESCRIBE: -F nt) computes and prints
        from kg.query.sparql import query_output
        from kg.store.embedded import EmbeddedStore
        s = EmbeddedStore(store)

        def run(q):
            return len(query_output(s, q, "nt" if q.startswith("DESCRIBE") else "json"))
    elif kind == "rawout":  # the same with pyoxigraph: query, then its own serializer
        import pyoxigraph as ox
        s = ox.Store.read_only(store)

        def run(q):
            res = s.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)
            fmt = ox.RdfFormat.N_TRIPLES if isinstance(res, ox.QueryTriples) else ox.QueryResultsFormat.JSON
            return len(res.serialize(format=fmt))
    else:
        import pyoxigraph as ox
        s = ox.Store.read_only(store)

        def run(q):
            res = s.query(q, use_default_graph_as_union=kind == "raw", prefixes=PREFIXES)
            return _consume_triples(res) if isinstance(res, ox.QueryTriples) else _consume(res)
    out = {}
    for name, q in QUERIES.items():
        times, rows = [], run(q)  # one warm-up run (page cache, first-open costs), then timed runs
        for _ in range(runs):
            start = time.perf_counter()
            rows = run(q)
            times.append(time.perf_counter() - start)
        out[name] = {"times": times, "rows": rows}
    return out


def child_paired(store: str, budget: float = 3.0) -> dict:
    """kg's own overhead, measured without cross-process noise: in one process, on one open store,
    alternate `query_output(..., 'json')` (DESCRIBE: 'nt') with raw pyoxigraph's query + serializer
    on the same pyoxigraph Store object, and `EmbeddedStore.query` (rdflib terms, every value read)
    with raw pyoxigraph's query, every value read; about ``budget`` seconds per query, at least 5
    rounds, the order rotating."""
    import pyoxigraph as ox

    from kg.core.namespaces import PREFIXES
    from kg.query.sparql import query_output
    from kg.store.embedded import EmbeddedStore

    s = EmbeddedStore(store)
    out = {}
    for name, q in QUERIES.items():
        fmt = "nt" if q.startswith("DESCRIBE") else "json"

        def raw():
            res = s.ox.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)
            return res.serialize(format=ox.RdfFormat.N_TRIPLES if isinstance(res, ox.QueryTriples)
                                 else ox.QueryResultsFormat.JSON)

        def kg():
            return query_output(s, q, fmt)

        def raw_values():
            res = s.ox.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)
            return _consume_triples(res) if isinstance(res, ox.QueryTriples) else _consume(res)

        def kg_terms():
            res = s.query(q)
            return len(res.graph) if res.type in ("CONSTRUCT", "DESCRIBE") else _consume(res)

        runs = {"kg": kg, "raw": raw, "kg_terms": kg_terms, "raw_values": raw_values}
        times: dict = {k: [] for k in runs}
        for f in runs.values():
            f()
        start, i = time.perf_counter(), 0
        while i < 5 or (time.perf_counter() - start < budget and i < 2000):
            order = list(runs)[i % 4:] + list(runs)[:i % 4]
            for k in order:
                t0 = time.perf_counter()
                runs[k]()
                times[k].append(time.perf_counter() - t0)
            i += 1
        out[name] = {k: statistics.median(v) for k, v in times.items()} | {"pairs": i}
    return out


def interleaved(jobs: dict, runs: int, rounds: int) -> dict:
    """Query timings for each of ``jobs`` ({label: (kind, store)}): ``rounds`` fresh processes each,
    interleaved (kg, raw, kg, raw, ...; the order rotates) so that a machine slowing down or speeding
    up during the run weighs on every column alike; the median of all their runs."""
    samples: dict = {label: {} for label in jobs}
    labels = list(jobs)
    for i in range(rounds):
        for label in labels[i % len(labels):] + labels[:i % len(labels)]:
            kind, store = jobs[label]
            for name, got in json.loads(measured(me("queries", kind, str(store), str(runs)))[2]).items():
                entry = samples[label].setdefault(name, {"times": [], "rows": got["rows"]})
                entry["times"] += got["times"]
    return {label: {name: {"time": statistics.median(e["times"]), "rows": e["rows"]} for name, e in qs.items()}
            for label, qs in samples.items()}


def child_kg_load(store: str, path: str, graph: str) -> dict:
    from kg.store.load import load_files
    from kg.store.embedded import open_store

    start = time.perf_counter()
    load_files(open_store(store), [path], graph=graph)
    return {"load": time.perf_counter() - start}


def child_rdflib(path: str, runs: int, limit: float) -> dict:
    import resource
    import signal

    from rdflib import Graph

    from kg.core.namespaces import PREFIXES

    start = time.perf_counter()
    g = Graph()
    g.parse(path, format="nt")
    out = {"load": time.perf_counter() - start, "loaded_at": time.time(),
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
            out["queries"][name] = {"times": times, "rows": rows}
        except TimeoutError:
            out["queries"][name] = {"times": [], "rows": None}
    return out


# ------------------------------------------------------------------ parent


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; return (wall seconds, peak RSS MB, stdout). A child printing JSON with
    "loaded_at" (its time.time() when the data was loaded) gets its wall time up to that moment."""
    start, started_at = time.perf_counter(), time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=PROJECT)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {err.decode()[-800:]}")
    if out.startswith(b"{") and b'"loaded_at"' in out:
        wall = json.loads(out)["loaded_at"] - started_at
    return wall, usage.ru_maxrss / 1024, out.decode()


def me(*args: str) -> list[str]:
    return [sys.executable, __file__, "--child", *args]


def bench(n: int, work: Path, runs: int, limit: float, rounds: int = 3) -> dict:
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    from synth import generate

    data = work / f"synth-{n}.nt"
    with open(data, "w", encoding="utf-8") as fh:
        triples = generate(n, fh)
    mali = work / "mali"
    if not mali.exists():
        subprocess.run([KG, "--store", str(mali), "build"], check=True, capture_output=True)
    kg_store, raw_store, raw_default = work / f"kg-{n}", work / f"raw-{n}", work / f"rawdef-{n}"
    kg_noopt = work / f"kgnoopt-{n}"
    for p in (kg_store, raw_store, raw_default, kg_noopt):
        shutil.rmtree(p, ignore_errors=True)
    shutil.copytree(mali, kg_store)
    shutil.copytree(mali, kg_noopt)
    r = {"n": n, "triples": triples, "bytes": data.stat().st_size}
    r["kg_load"], r["kg_peak"], _ = measured([KG, "--store", str(kg_store), "load", str(data), "--graph", GRAPH])
    r["kgnoopt_load"], r["kgnoopt_peak"], _ = measured(
        [KG, "--store", str(kg_noopt), "load", str(data), "--graph", GRAPH, "--no-optimize"])
    inside = work / f"kg-inside-{n}"
    shutil.rmtree(inside, ignore_errors=True)
    shutil.copytree(mali, inside)
    r["kg_inside"] = json.loads(measured(me("kg_load", str(inside), str(data), GRAPH))[2])["load"]
    shutil.rmtree(inside, ignore_errors=True)
    r["raw_load"], r["raw_peak"], out = measured(me("raw_load", str(raw_store), str(data), GRAPH))
    r["raw_inside"] = json.loads(out)["load"]
    r["rawdef_load"], r["rawdef_peak"], out = measured(me("raw_load", str(raw_default), str(data), ""))
    r["rawdef_inside"] = json.loads(out)["load"]
    r["rdflib_load"], _, out = measured(me("rdflib", str(data), str(runs), str(limit)))
    rd = json.loads(out)
    r["rdflib_inside"], r["rdflib_peak"] = rd["load"], rd["peak_mb"]
    r["q_rdflib"] = {name: {"time": statistics.median(q["times"]) if q["times"] else None, "rows": q["rows"]}
                     for name, q in rd["queries"].items()}
    # raw same: the raw API on kg's own store (Mali graph + the loaded named graph), kg's own overhead
    r.update(interleaved({"q_kg": ("kg", kg_store), "q_kgnoopt": ("kg", kg_noopt), "q_raw": ("raw", raw_store),
                          "q_rawdef": ("rawdflt", raw_default), "q_raw_same": ("raw", kg_store),
                          "q_kgout": ("kgout", kg_store), "q_rawout": ("rawout", raw_store),
                          "q_rawout_same": ("rawout", kg_store)}, runs, rounds))
    r["paired"] = json.loads(measured(me("paired", str(kg_store)))[2])
    return r


def report(r: dict) -> str:
    ms = lambda t: "timeout" if t is None else f"{t * 1000:8.1f}ms"  # noqa: E731
    row = lambda name, wall, inside, peak: (f"{name:<30}{wall:>9.2f}s"  # noqa: E731
                                            + (f"{inside:>9.2f}s" if inside is not None else f"{'':>10}")
                                            + f"{peak:>9.0f}MB")
    lines = [f"\n== N = {r['n']:,} (generated {r['triples']:,} triples, {r['bytes'] / 1e6:.0f} MB N-Triples)",
             f"{'load (fresh process)':<30}{'wall':>10}{'inside':>10}{'peak RSS':>11}",
             row("kg load (CLI)", r["kg_load"], r["kg_inside"], r["kg_peak"]),
             row("kg load --no-optimize (CLI)", r["kgnoopt_load"], None, r["kgnoopt_peak"]),
             row("pyoxigraph bulk_load (graph)", r["raw_load"], r["raw_inside"], r["raw_peak"]),
             row("pyoxigraph bulk_load (dflt)", r["rawdef_load"], r["rawdef_inside"], r["rawdef_peak"]),
             row("rdflib Graph.parse", r["rdflib_load"], r["rdflib_inside"], r["rdflib_peak"]),
             f"ratio kg/raw load: {r['kg_load'] / r['raw_load']:.2f} (target <= 1.3; default graph: "
             f"{r['kg_load'] / r['rawdef_load']:.2f})   rdflib/kg load: {r['rdflib_load'] / r['kg_load']:.1f}x "
             f"(target >= 8; inside the process: {r['rdflib_inside'] / r['kg_inside']:.1f}x)",
             f"with --no-optimize: kg/raw load {r['kgnoopt_load'] / r['raw_load']:.2f}, "
             f"rdflib/kg load {r['rdflib_load'] / r['kgnoopt_load']:.1f}x",
             f"\n{'query':<22}{'kg':>10}{'kg noopt':>10}{'raw same':>10}{'raw graph':>10}{'raw dflt':>10}"
             f"{'rdflib':>10}{'kg/same':>8}{'kg/graph':>9}{'kg/dflt':>8}{'noopt/gr':>10}  rows",
             "(kg noopt: kg's store after kg load --no-optimize; raw same: pyoxigraph on kg's store; "
             "raw graph: on a "
             "store holding only the loaded named graph (union); raw dflt: on a store holding it in the "
             "default graph)"]
    for name in QUERIES:
        k, y, x, d = r["q_kg"][name], r["q_raw_same"][name], r["q_raw"][name], r["q_rawdef"][name]
        o = r["q_kgnoopt"][name]
        rd = r["q_rdflib"][name]
        ratio = lambda a, b: f"{a['time'] / max(b['time'], 1e-9):.2f}"  # noqa: E731
        lines.append(f"{name:<22}{ms(k['time']):>10}{ms(o['time']):>10}{ms(y['time']):>10}{ms(x['time']):>10}"
                     f"{ms(d['time']):>10}{ms(rd['time']):>10}{ratio(k, y):>8}{ratio(k, x):>9}{ratio(k, d):>8}"
                     f"{ratio(o, x):>10}  {k['rows']}/{o['rows']}/{y['rows']}/{x['rows']}/{d['rows']}/{rd['rows']}")
    lines += ["\nas printed (kg: `kg query -F json`'s library call query_output, DESCRIBE as -F nt; raw: "
              "Store.query then its serializer; raw same: on kg's store, raw graph: on the store holding "
              "only the loaded graph)",
              f"{'query':<22}{'kg':>10}{'raw same':>10}{'raw graph':>10}{'kg/same':>8}{'kg/graph':>9}"
              "  bytes kg/same/graph (kg ends JSON with a newline)"]
    for name in QUERIES:
        k, y, x = r["q_kgout"][name], r["q_rawout_same"][name], r["q_rawout"][name]
        lines.append(f"{name:<22}{ms(k['time']):>10}{ms(y['time']):>10}{ms(x['time']):>10}"
                     f"{k['time'] / max(y['time'], 1e-9):>8.2f}{k['time'] / max(x['time'], 1e-9):>9.2f}"
                     f"  {k['rows']}/{y['rows']}/{x['rows']}")
    lines += ["\nkg's own overhead (one process, one open store, kg and raw pyoxigraph alternated): as printed "
              "(query_output vs query + serializer), and as rdflib terms (EmbeddedStore.query vs every raw value read)",
              f"{'query':<22}{'kg':>10}{'raw':>10}{'kg/raw':>8}{'kg terms':>10}{'raw vals':>10}{'ratio':>8}  rounds"]
    for name in QUERIES:
        p = r["paired"][name]
        ratio = lambda a, b: f"{p[a] / max(p[b], 1e-9):>8.2f}"  # noqa: E731
        lines.append(f"{name:<22}{ms(p['kg']):>10}{ms(p['raw']):>10}{ratio('kg', 'raw')}{ms(p['kg_terms']):>10}"
                     f"{ms(p['raw_values']):>10}{ratio('kg_terms', 'raw_values')}  {p['pairs']}")
    return "\n".join(lines)


def main(argv=None) -> None:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(PROJECT))
        kind, args = sys.argv[2], sys.argv[3:]
        if kind == "raw_load":
            out = child_raw_load(args[0], args[1], args[2] or None)
        elif kind == "kg_load":
            out = child_kg_load(*args)
        elif kind == "queries":
            out = child_queries(args[0], args[1], int(args[2]))
        elif kind == "paired":
            out = child_paired(args[0])
        else:
            out = child_rdflib(args[0], int(args[1]), float(args[2]))
        print(json.dumps(out))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3, help="query runs per process")
    ap.add_argument("--rounds", type=int, default=3,
                    help="fresh query processes per store, interleaved across stores (median of all runs)")
    ap.add_argument("--rdflib-limit", type=float, default=120.0, help="seconds per rdflib query run")
    ap.add_argument("--workdir", help="keep files here (default: a temporary folder)")
    args = ap.parse_args(argv)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in args.sizes:
            print(report(bench(n, work, args.runs, args.rdflib_limit, args.rounds)), flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
