"""Network page speed: generation in Python and time until the network is stable in headless Chromium,
for the Mali graph and for a synthetic graph of 5,000 nodes / 20,000 edges, measured in one run.

Usage: python benchmarks/bench_viz.py [--runs N] [--store PATH] [--nodes 5000 --edges 20000] [--keep DIR]
Builds the Mali store in a temporary folder unless --store is given. "Stable" is the moment the page
marks itself settled (``performance.now()`` since navigation start, read from ``window.kgStableAt``):
for the Mali graph, when vis-network's physics has stabilised and been switched off and the frame is
drawn; for the large graph (positions computed in Python, no physics), when the first frame is drawn.
Targets: Mali stable < 2 s; synthetic generated < 5 s and stable < 15 s. Prints medians (and all runs).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
CATEGORIES = ["state forces", "government", "jihadist group", "rebel group", "foreign forces",
              "international organisation", "country", "company", "person", "place"]
RELATIONS = [("attacks", "hostile"), ("blockades", "hostile"), ("allied with", "cooperative"),
             ("supplies fuel to", "economic"), ("urged citizens to leave", "diplomatic"),
             ("located in", "located in / active in"), ("member of", "organisational"),
             ("arrested", "coercive")]


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 1):
    """A seeded MultiDiGraph shaped like the actor graph: categories, aliases, relations with family,
    quote, article, claimant and date on every edge; degrees skewed (a few hubs)."""
    import networkx as nx

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n_nodes):
        g.add_node(f"n{i}", label=f"Actor {i}", aliases=[f"alias {i}", f"A-{i}"],
                   category=CATEGORIES[i % len(CATEGORIES)])
    weights = [1.0 / (1 + i) ** 0.6 for i in range(n_nodes)]
    nodes = list(g.nodes)
    sources = rng.choices(nodes, weights, k=n_edges)
    for i in range(n_edges):
        u, v = sources[i], rng.choice(nodes)
        if u == v:
            v = nodes[(nodes.index(v) + 1) % n_nodes]
        label, family = RELATIONS[i % len(RELATIONS)]
        g.add_edge(u, v, key=f"s{i:05d}", id=f"s{i:05d}", label=label, family=family,
                   modality="asserted" if i % 9 else "possible",
                   quote=f"Sentence {i}: {g.nodes[u]['label']} {label} {g.nodes[v]['label']}.",
                   article=f"article-{i % 4}", article_title=f"Article {i % 4}", claimant=None,
                   date=f"2025-{1 + i % 12:02d}", precision="month")
    return g


def settle(browser, path: Path) -> tuple[float, float, list]:
    """Open the page offline; return (ms until stable per the page, wall ms from goto, requests)."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    requests = []
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("body[data-state=stable]", state="attached", timeout=120_000)
    wall = (time.perf_counter() - start) * 1000
    stable = page.evaluate("window.kgStableAt")
    drawn = page.evaluate("[kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]")
    context.close()
    return stable, wall, [requests, drawn]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--store")
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    ap.add_argument("--keep", help="Keep the generated pages in this folder.")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from kg.corpus.build import build_store
    from kg.store.embedded import EmbeddedStore
    from kg.pages.network import network_page, page_from_graph

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep or tmp)
        out.mkdir(parents=True, exist_ok=True)
        store_path = args.store or str(Path(tmp) / "store")
        store = EmbeddedStore(store_path)
        if not args.store:
            build_store(store, PROJECT / "data")
        big = synthetic_graph(args.nodes, args.edges)
        cases = {"mali": lambda: network_page(store),
                 f"synthetic {args.nodes}/{args.edges}": lambda: page_from_graph(big, title="synthetic")}
        results = {name: {"generate": [], "stable": [], "wall": []} for name in cases}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for run in range(args.runs):
                for i, (name, make) in enumerate(cases.items()):
                    start = time.perf_counter()
                    html = make()
                    results[name]["generate"].append((time.perf_counter() - start) * 1000)
                    path = out / f"bench-viz-{i}.html"
                    path.write_text(html, encoding="utf-8")
                    stable, wall, (requests, drawn) = settle(browser, path)
                    assert requests == [path.resolve().as_uri()], requests
                    results[name]["stable"].append(stable)
                    results[name]["wall"].append(wall)
                    print(f"run {run + 1} {name}: generated in {results[name]['generate'][-1]:.0f} ms "
                          f"({len(html) / 1e6:.1f} MB), stable after {stable:.0f} ms "
                          f"(wall {wall:.0f} ms), drawn {drawn[0]} nodes / {drawn[1]} edges", file=sys.stderr)
            browser.close()
        store.close()
    targets = {"mali": (None, 2000), f"synthetic {args.nodes}/{args.edges}": (5000, 15000)}
    print(f"{'graph':<24} {'generate ms':>12} {'stable ms':>10} {'wall ms':>9}   targets")
    for name, r in results.items():
        gen_t, stab_t = targets[name]
        med = {k: statistics.median(v) for k, v in r.items()}
        verdict = []
        if gen_t:
            verdict.append(f"generate < {gen_t} ms: {'ok' if med['generate'] < gen_t else 'MISSED'}")
        verdict.append(f"stable < {stab_t} ms: {'ok' if med['stable'] < stab_t else 'MISSED'}")
        print(f"{name:<24} {med['generate']:>12.0f} {med['stable']:>10.0f} {med['wall']:>9.0f}   "
              + "; ".join(verdict))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(median of {args.runs} runs; stable = performance.now() at the page's stable mark; "
          f"{os.cpu_count()} CPUs, load average {load})")


if __name__ == "__main__":
    main()
