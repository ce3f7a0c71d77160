"""What issue 13's interoperability fixes cost, as ratios against a baseline measured in the same run.

    python benchmarks/bench_interop.py               # 100k synthetic triples loaded beside the Mali graph
    python benchmarks/bench_interop.py 20000 --runs 5

On a fresh store (the Mali graph built, N synthetic triples from benchmarks/synth.py loaded into a
named graph, so queries take the union-default-graph path):
- queries: `EmbeddedStore.ox_query` (which now reads the query for FROM / FROM NAMED to choose the
  dataset) against raw pyoxigraph `Store.query(use_default_graph_as_union=True)`, every solution
  read, interleaved; and a query with FROM against the same query without it on raw pyoxigraph;
- Turtle and TriG export: `kg.query.export.export_store(store, fmt)` (Oxigraph's serializers) against
  what kg did before (rdflib's serializers on the same sorted graph / dataset), interleaved.
Medians of --runs runs after one warm-up; prints each ratio (kg / baseline).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

QUERIES = {
    "aggregation": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "statements by relation": "SELECT ?st ?r WHERE { ?st a kg:Statement ; rdf:predicate ?r }",
    "one entity": "SELECT ?p ?o WHERE { ent:jnim ?p ?o }",
}


def timed(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def paired(a, b, runs: int) -> tuple[float, float]:
    a(), b()
    ta, tb = [], []
    for _ in range(runs):
        for fn, out in ((a, ta), (b, tb)):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return statistics.median(ta), statistics.median(tb)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("triples", type=int, nargs="?", default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)

    import synth

    from kg.core.namespaces import PREFIXES
    from kg.corpus.build import build_store
    from kg.query.export import canonical_graph, export_store
    from kg.store.embedded import EmbeddedStore, has_dataset_clause
    from kg.store.load import load_files

    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        build_store(store, PROJECT / "data")
        nt = Path(tmp) / "synth.nt"
        with open(nt, "w", encoding="utf-8") as out:
            written = synth.generate(args.triples, out)
        load_files(store, [str(nt)], graph="https://w3id.org/mali-kg/graph/synth")
        store.close()
        store = EmbeddedStore(Path(tmp) / "store")
        print(f"store: Mali graph + {written} synthetic triples in a named graph; {len(store)} quads")

        raw = store.ox
        for name, q in QUERIES.items():
            kg_t, raw_t = paired(lambda: list(store.ox_query(q)),
                                 lambda: list(raw.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)),
                                 args.runs)
            print(f"query {name:24s} kg {kg_t * 1000:8.2f} ms  raw {raw_t * 1000:8.2f} ms  kg/raw {kg_t / raw_t:.2f}")
        text = "SELECT ?p (COUNT(*) AS ?n) FROM <https://w3id.org/mali-kg/graph/synth> WHERE { ?s ?p ?o } GROUP BY ?p"
        n = 20_000
        t = time.perf_counter()
        for _ in range(n):
            has_dataset_clause(text)
        print(f"reading a query for FROM: {(time.perf_counter() - t) / n * 1e6:.1f} µs per query")
        kg_t, raw_t = paired(lambda: list(store.ox_query(text)),
                             lambda: list(raw.query(text, prefixes=PREFIXES)), args.runs)
        print(f"query with FROM           kg {kg_t * 1000:8.2f} ms  raw {raw_t * 1000:8.2f} ms  kg/raw {kg_t / raw_t:.2f}")

        def old_turtle():  # kg's export before: rdflib's Turtle serializer on the sorted graph
            return canonical_graph((s, p, o) for s, p, o, _ in store.quads()).serialize(format="turtle", encoding="utf-8")

        def old_trig():    # kg's export before: rdflib's TriG serializer on the sorted dataset
            from rdflib import Dataset
            from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

            ds = Dataset()
            key = lambda r: tuple("" if x is None else x.n3() for x in (r[3], *r[:3]))  # noqa: E731
            for s, p, o, g in sorted(store.quads(), key=key):
                ds.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))
            return ds.serialize(format="trig", encoding="utf-8")

        for fmt, old in (("turtle", old_turtle), ("trig", old_trig)):
            kg_t, base_t = paired(lambda: export_store(store, fmt), old, args.runs)
            print(f"export {fmt:6s}: kg (Oxigraph) {kg_t:.2f} s  before (rdflib) {base_t:.2f} s  "
                  f"kg/before {kg_t / base_t:.2f}", flush=True)
        store.close()


if __name__ == "__main__":
    main()
