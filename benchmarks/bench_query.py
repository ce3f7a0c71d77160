"""Cold `kg query` wall time against `python -c "import rdflib"`, measured in the same run.

Usage: python benchmarks/bench_query.py [--runs N] [--store PATH]
Builds a store in a temporary folder unless --store is given, then times N alternating cold runs of
each command (fresh interpreter every time) and prints the medians and their ratio (target <= 2.0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?place WHERE { ent:jnim kg:blockades ?place }"


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--store")
    args = ap.parse_args()
    kg = [sys.executable, "-c", "from cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or str(Path(tmp) / "store")
        env = dict(os.environ, KG_STORE=store)
        if not args.store:
            subprocess.run(kg + ["build"], cwd=PROJECT, env=env, check=True, capture_output=True)
        baseline_cmd = [sys.executable, "-c", "import rdflib"]
        query_cmd = kg + ["query", QUERY]
        timed(baseline_cmd, env), timed(query_cmd, env)  # warm the OS file cache once
        base, query = [], []
        for _ in range(args.runs):
            base.append(timed(baseline_cmd, env))
            query.append(timed(query_cmd, env))
    b, q = statistics.median(base), statistics.median(query)
    print(f"python -c 'import rdflib': median {b * 1000:7.1f} ms over {args.runs} runs")
    print(f"kg query (cold):           median {q * 1000:7.1f} ms over {args.runs} runs")
    print(f"ratio kg query / import rdflib: {q / b:.2f}  (target <= 2.0)")


if __name__ == "__main__":
    main()
