"""Speed of the analytics on a synthetic graph of 100,000 statements (no timed asserts).

The synthetic graph is the real one (ontology, concepts, entities, articles) plus N statements among
A synthetic actors in exactly the shape ``kg build`` writes (plain triple for asserted ones, a
``kg:Statement`` node with source, quote and position selectors, some dates and quantities).
Subjects and objects are drawn with a skewed distribution so a few hubs dominate, like JNIM here.

It reports: loading the store; reading the view's two queries with plain pyoxigraph (the floor: the
same solutions, each value turned into a Python string); building the networkx view with
``kg.network.actor_graph`` and the ratio of the two; the networkx part of rank, path and
communities on that view; then ``kg rank`` end to end (it builds the view itself, as every command
does; ``--end-to-end`` times path and communities that way too).

    .venv/bin/python benchmarks/bench_analytics.py                     # 100,000 statements
    .venv/bin/python benchmarks/bench_analytics.py --statements 20000 --actors 1000
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

B = "https://w3id.org/mali-kg/"
KG, ENT, STMT, ART = B + "ontology#", B + "id/", B + "statement/", B + "article/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV, OA, SCHEMA = "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#", "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
TYPES = [("Group", "jihadist-group"), ("Government", "government"), ("Organization", "state-forces"),
         ("Country", "country"), ("Organization", "company"), ("Person", "person"), ("City", "place")]
WORDS = "convoy fuel blockade road trucks tanker border embassy ransom hostage army village market".split()


def lit(text: str, dtype: str | None = None) -> str:
    s = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s + (f"^^<{dtype}>" if dtype else "")


def synthetic_nt(n_statements: int, n_actors: int, relations: list[str], articles: list[str], seed=11) -> str:
    """N-Triples of the synthetic actors and statements (seeded: same arguments, same text)."""
    rnd = random.Random(seed)
    lines = []
    add = lines.append
    for i in range(n_actors):
        a = f"<{ENT}synth-{i}>"
        typ, cat = TYPES[i % len(TYPES)]
        add(f"{a} <{RDF}type> <{KG}{typ}> .")
        add(f"{a} <{SKOS}prefLabel> {lit(f'Actor {i}')} .")
        add(f"{a} <{SKOS}altLabel> {lit(f'A{i}')} .")
        add(f"{a} <{KG}category> <{KG}cat-{cat}> .")

    def actor() -> int:
        return int(n_actors * rnd.random() ** 2.5)          # skewed: low ids are hubs

    for i in range(n_statements):
        s, o = actor(), actor()
        if s == o:
            o = (o + 1) % n_actors
        st, rel, art = f"{STMT}synth-{i:06d}", rnd.choice(relations), rnd.choice(articles)
        sub, obj = f"<{ENT}synth-{s}>", f"<{ENT}synth-{o}>"
        modality = "asserted" if rnd.random() < 0.9 else rnd.choice(["likely", "possible", "negated"])
        if modality == "asserted":
            add(f"{sub} <{KG}{rel}> {obj} .")
        add(f"<{st}> <{RDF}type> <{KG}Statement> .")
        add(f"<{st}> <{DCT}identifier> {lit(f'synth-{i:06d}')} .")
        add(f"<{st}> <{RDF}subject> {sub} .")
        add(f"<{st}> <{RDF}predicate> <{KG}{rel}> .")
        add(f"<{st}> <{RDF}object> {obj} .")
        add(f"<{st}> <{KG}modality> <{KG}{modality}> .")
        add(f"<{st}> <{KG}confidence> <{KG}high> .")
        add(f"<{st}> <{PROV}wasDerivedFrom> <{art}> .")
        add(f"<{st}> <{OA}hasTarget> <{st}#target> .")
        add(f"<{st}#target> <{OA}hasSource> <{art}> .")
        add(f"<{st}#target> <{OA}hasSelector> <{st}#quote> .")
        add(f"<{st}#target> <{OA}hasSelector> <{st}#position> .")
        add(f"<{st}#quote> <{RDF}type> <{OA}TextQuoteSelector> .")
        add(f"<{st}#quote> <{OA}exact> {lit(' '.join(rnd.choice(WORDS) for _ in range(10)))} .")
        start = rnd.randrange(20000)
        add(f"<{st}#position> <{RDF}type> <{OA}TextPositionSelector> .")
        add(f"<{st}#position> <{OA}start> {lit(str(start), XSD + 'nonNegativeInteger')} .")
        add(f"<{st}#position> <{OA}end> {lit(str(start + 60), XSD + 'nonNegativeInteger')} .")
        if rnd.random() < 0.3:
            day = f"{2012 + rnd.randrange(14)}-{1 + rnd.randrange(12):02d}-{1 + rnd.randrange(28):02d}"
            add(f"<{st}> <{SCHEMA}startDate> {lit(day, XSD + 'date')} .")
            add(f"<{st}> <{KG}datePrecision> <{KG}day> .")
        if rnd.random() < 0.1:
            add(f"<{st}> <{KG}quantity> <{st}#quantity> .")
            add(f"<{st}#quantity> <{SCHEMA}value> {lit(str(rnd.randrange(1, 500)), XSD + 'decimal')} .")
            add(f"<{st}#quantity> <{SCHEMA}unitText> {lit('victims')} .")
    return "\n".join(lines) + "\n"


def timed(label: str, fn, results: dict):
    t = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - t
    print(f"  {label:<48} {results[label]:8.2f} s", flush=True)
    return value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--actors", type=int, default=5_000)
    ap.add_argument("--sample", type=int, default=100, help="betweenness pivots (exact is O(VE))")
    ap.add_argument("--end-to-end", action="store_true", help="also time kg path and kg communities end to end")
    ap.add_argument("--store", help="store folder to (re)create (default: a temporary folder)")
    args = ap.parse_args(argv)

    import networkx as nx
    import pyoxigraph as ox

    from kg.analysis import analytics
    from kg.corpus.build import build_graph
    from kg.core.namespaces import PREFIXES
    from kg.analysis.network import actor_graph
    from kg.query.statements import EDGES_QUERY, NODES_QUERY
    from kg.corpus.ontology import relations
    from kg.store.embedded import EmbeddedStore

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    path = Path(args.store) if args.store else tmp / "store"
    shutil.rmtree(path, ignore_errors=True)
    r: dict[str, float] = {}
    print(f"synthetic graph: {args.statements:,} statements among {args.actors:,} actors", flush=True)
    base = build_graph(PROJECT / "data").graph
    articles = sorted(str(a) for a in base.subjects(predicate=None, object=None)
                      if str(a).startswith(ART))
    nt = base.serialize(format="nt", encoding="utf-8") + synthetic_nt(
        args.statements, args.actors, sorted(relations()), articles).encode("utf-8")

    def load():
        store = ox.Store(str(path))
        store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        n = len(store)
        del store
        return n
    n_triples = timed("load into Oxigraph (bulk_load)", load, r)
    print(f"  {'triples in store':<48} {n_triples:>10,}")

    plain = ox.Store.read_only(str(path))
    prefixes = {k: str(v) for k, v in PREFIXES.items()}

    def read_plain():
        n = 0
        for q in (NODES_QUERY, EDGES_QUERY):
            for sol in plain.query(q, prefixes=prefixes):
                n += sum(1 for v in sol if v is not None and v.value is not None)
        return n
    timed("read the same solutions, plain pyoxigraph", read_plain, r)
    store = EmbeddedStore(path)
    g = timed("build view: kg.network.actor_graph", lambda: actor_graph(store), r)
    print(f"  {'view':<48} {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")
    print(f"  {'ratio view / plain pyoxigraph':<48} {r['build view: kg.network.actor_graph'] / r['read the same solutions, plain pyoxigraph']:8.2f} x")

    u = timed("undirected simple graph (analytics.undirected)", lambda: analytics.undirected(g), r)
    timed("  degree", lambda: dict(u.degree()), r)
    timed("  pagerank (weighted)", lambda: nx.pagerank(u, weight="weight"), r)
    timed(f"  betweenness (k={args.sample} pivots)", lambda: nx.betweenness_centrality(u, k=args.sample, seed=0), r)
    timed("  louvain communities (seed 0)", lambda: nx.community.louvain_communities(u, weight="weight", seed=0), r)
    timed("  shortest path", lambda: nx.shortest_path(u, f"{ENT}synth-{args.actors - 1}", f"{ENT}synth-{args.actors // 2}"), r)

    timed("  path, the code of kg path (deterministic walk)",
          lambda: analytics._first_path(u, f"{ENT}synth-{args.actors - 1}", f"{ENT}synth-{args.actors // 2}"), r)
    timed("  all shortest paths", lambda: list(nx.all_shortest_paths(
        u, f"{ENT}synth-{args.actors - 1}", f"{ENT}synth-{args.actors // 2}")), r)
    # each command builds the view itself: end to end = view + its networkx part
    timed("kg rank (end to end, sampled betweenness)",
          lambda: analytics.rank(store, "degree", 10, sample=args.sample), r)
    if args.end_to_end:
        timed("kg path (end to end)",
              lambda: analytics.paths(store, f"Actor {args.actors - 1}", f"Actor {args.actors // 2}"), r)
        timed("kg communities (end to end, Louvain)", lambda: analytics.communities(store), r)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {'peak memory (RSS)':<48} {peak:8.0f} MB")
    store.close()
    plain = None  # release the read-only handle before the folder is removed
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
