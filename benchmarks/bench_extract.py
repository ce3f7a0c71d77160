"""Extraction throughput per core: articles and words per second of CPU, against the parse alone.

The texts are real news: the English articles of the evaluation corpus (``../shared/eval``, read in
place, never copied), joined in turn into articles of about ``--words`` words (the stored pages are
~280 words each, so an 800-word article is three of them, body zones, headlines and bylines
included). ``--synthetic`` writes articles from the entity catalogue instead (templates of relations,
reported speech, hedges, filler prose).

Measured in the same run, on the same texts, in interleaved rounds (the median round is reported,
CPU time of this process, so that other work on the machine counts as little as it can):

- ``spaCy as installed, nlp(text)``: the trained pipeline alone as ``spacy.load`` gives it, one
  article at a time -- the baseline (ratios are against it), what every extractor built on it pays;
- ``spaCy as installed, nlp.pipe``: the same over the articles in batches of ``--batch-size``;
- ``kg's pipeline, nlp(text)``: the pipeline as ``kg.extraction.models`` loads it (matrix products
  through numpy's BLAS, the attribute ruler and lemmatizer of ``kg.extraction.speedups``), alone:
  the ceiling of kg's speed one file at a time;
- ``kg's pipeline, models.pipe``: the same in batches as ``kg ingest`` of several files parses them
  (``kg.extraction.models.pipe``: each batch's parser and NER states decoded together): the ceiling
  of kg's speed over several files;
- ``kg, one file``: ``Extractor.extract`` per article (``kg ingest`` of one file);
- ``kg, many files``: ``Extractor.extract_all`` (``kg ingest`` of several files: batched parse).

BLAS runs on one thread (``OPENBLAS_NUM_THREADS=1`` unless set): the figures are per core.

``--baseline DIR`` also measures another checkout of the project (an older commit, say ``git
worktree add /tmp/old <commit>``): ``Extractor.extract_all`` of that tree and of this one, each in
its own process (same texts, same rounds), in turn twice, and prints the ratio and whether the
candidates are the same.

Target of issue 12: >= 8 articles of ~800 words per second per core with the small English model.

    .venv/bin/python benchmarks/bench_extract.py [--articles 60] [--words 800] [--rounds 3]
        [--batch-size 8] [--corpus ../shared/eval] [--synthetic] [--seed 7] [--model NAME]
        [--baseline DIR [--baseline-python OTHER/bin/python]]

``--baseline-python`` runs the baseline with another environment's Python, so ``--baseline .
--baseline-python /tmp/spacy3818/bin/python`` measures the same tree on another spaCy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # per core: before numpy is imported
ROOT = Path(__file__).resolve().parent.parent
TREE = Path(os.environ.get("BENCH_EXTRACT_TREE") or ROOT)     # the checkout whose kg is measured
sys.path.insert(0, str(TREE))

from kg.corpus.catalog import PartialDate, load_entities  # noqa: E402
from kg.core.config import data_dir  # noqa: E402

TARGET = 8.0          # articles of ~800 words per second per core
DATE = PartialDate(2025, 11, 12)
TEMPLATES = [
    "{actor} attacked {place} on {day} {month}, killing {n} soldiers, officials said.",
    "{actor} has imposed a blockade on {place} since {month}, according to {source}.",
    "In {month} {year}, {actor} took control of {place} after heavy fighting.",
    "{country} urged its citizens to leave {place} late in {month}.",
    "{actor} does not control {place}, {source} said.",
    "{actor} could attack {place} in the coming weeks, analysts warned.",
    "{country} paid a ransom of ${n} million to {actor} for the release of hostages.",
    "{gov} cut defence ties with {country} and pivoted to {country2}.",
    "{actor} is allied with {actor2}, which operates near {place}.",
    "{gov} arrested {n} members of {actor} last week.",
    "{country} supplies fuel to {place2}, about {n}% of its needs.",
    "Colonel {person} said the army had retaken {place} with the help of {actor2}.",
    "The {newname} ({acronym}) said it was allied with {actor}.",
]
FILLER = [
    "The situation remains volatile as prices rise and businesses close across the region.",
    "Residents described long queues at petrol stations and intermittent power cuts.",
    "Markets were quiet on Tuesday, and many schools remained shut for a second week.",
    "Observers say the crisis reflects years of insecurity and weak state presence in rural areas.",
    "Humanitarian groups warned that food supplies could run short before the rainy season.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def real_corpus(folder: Path, n_articles: int, words: int, seed: int) -> list[str]:
    """``n_articles`` texts of about ``words`` words, each a run of the corpus's English articles."""
    index = folder / "articles.json"
    if not index.is_file():
        sys.exit(f"bench_extract: no evaluation corpus at {folder} (articles.json); "
                 "pass --corpus DIR or --synthetic")
    pages = [(folder / "articles" / a["file"]).read_text(encoding="utf-8")
             for a in json.loads(index.read_text(encoding="utf-8")) if a.get("language") == "en"]
    if not pages:
        sys.exit(f"bench_extract: no English article in {index}")
    order = list(range(len(pages)))
    random.Random(seed).shuffle(order)
    out, k = [], 0
    for _ in range(n_articles):
        parts, count = [], 0
        while True:                                 # the page count that comes closest to ``words``
            page = pages[order[k % len(order)]]
            if parts and count + len(page.split()) / 2 > words:
                break
            parts.append(page.strip())
            count += len(page.split())
            k += 1
        out.append("\n\n".join(parts) + "\n")
    return out


def synthetic_corpus(n_articles: int, words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    ents = load_entities(data_dir())
    by = lambda *types: sorted(e.name for e in ents.values() if e.type in types)   # noqa: E731
    actors, places, countries = by("Organization", "Group"), by("City", "Region"), by("Country")
    govs, people = by("Government"), by("Person")
    out = []
    for i in range(n_articles):
        parts, count = [], 0
        while count < words:
            if rng.random() < 0.45:
                s = rng.choice(FILLER)
            else:
                s = rng.choice(TEMPLATES).format(
                    actor=rng.choice(actors), actor2=rng.choice(actors), place=rng.choice(places),
                    place2=rng.choice(places), country=rng.choice(countries), country2=rng.choice(countries),
                    gov=rng.choice(govs), person=rng.choice(people), source=rng.choice(people),
                    day=rng.randint(1, 28), month=rng.choice(MONTHS), year=rng.randint(2019, 2025),
                    n=rng.randint(2, 90), newname=f"Movement for the Salvation of Zone {i % 50}",
                    acronym=f"MSZ{i % 50}")
            parts.append(s)
            count += len(s.split())
        out.append(f"Synthetic report {i}\n\n" + " ".join(parts) + "\n")
    return out


def bounded(low: int, high: int):
    def parse(value: str) -> int:
        n = int(value)
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return n
    return parse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=bounded(1, 5000), default=60)
    ap.add_argument("--words", type=bounded(50, 20000), default=800)
    ap.add_argument("--rounds", type=bounded(1, 20), default=3)
    ap.add_argument("--batch-size", type=bounded(1, 256), default=None,
                    help="articles per nlp.pipe batch (default: what kg ingest uses)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--synthetic", action="store_true", help="synthetic articles instead of the corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the best installed English one)")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="another checkout of the project to measure kg against")
    ap.add_argument("--baseline-python", type=Path, default=None,
                    help="the Python (of another virtual environment) the baseline runs with: "
                         "--baseline . --baseline-python OTHER/bin/python compares two installs")
    ap.add_argument("--kg-only", action="store_true", help=argparse.SUPPRESS)   # a --baseline child
    args = ap.parse_args()
    texts = synthetic_corpus(args.articles, args.words, args.seed) if args.synthetic else \
        real_corpus(args.corpus, args.articles, args.words, args.seed)
    n, n_words = len(texts), sum(len(t.split()) for t in texts)
    if args.kg_only:
        return kg_only(args, texts)
    if args.baseline is not None and not ((args.baseline / "kg" / "extraction").is_dir() and
                                          (args.baseline / "pyproject.toml").is_file()):
        sys.exit(f"bench_extract: {args.baseline} is not a checkout of this project "
                 "(no kg/extraction or pyproject.toml)")
    if args.baseline_python is not None and (args.baseline is None or not os.access(args.baseline_python, os.X_OK)):
        sys.exit("bench_extract: --baseline-python needs --baseline and an executable Python"
                 f" ({args.baseline_python})")

    t0 = time.perf_counter()
    from kg.extraction.extract import BATCH_SIZE, Extractor
    ex = Extractor(load_entities(data_dir()), "en", model=args.model)
    startup = time.perf_counter() - t0
    batch = args.batch_size or BATCH_SIZE
    nlp = ex.nlp
    import spacy

    from kg.extraction import models
    installed = spacy.load(models.choose_model("en", args.model))   # thinc's default ops, as spaCy ships it
    ex.extract(texts[0])                                # warm caches
    installed(texts[0])

    def one_file():
        return sum(len(ex.extract(t, article_date=DATE).candidates) for t in texts)

    def many_files():
        items = [{"text": t, "article_date": DATE} for t in texts]
        return sum(len(r.candidates) for r in ex.extract_all(items, batch_size=batch))

    base_name = "spaCy as installed, nlp(text)"
    runs = {
        base_name: lambda: [installed(t) for t in texts] and 0,
        f"spaCy as installed, nlp.pipe batch {batch}": lambda: list(installed.pipe(texts, batch_size=batch)) and 0,
        "kg's pipeline, nlp(text)": lambda: [nlp(t) for t in texts] and 0,
        f"kg's pipeline, models.pipe batch {batch}":
            lambda: [d for i in range(0, n, batch) for d in models.pipe(nlp, texts[i:i + batch])] and 0,
        "kg, one file (Extractor.extract)": one_file,
        f"kg, many files (extract_all, batch {batch})": many_files,
    }
    cpu = {name: [] for name in runs}
    found = {}
    for _ in range(args.rounds):                       # interleaved: the machine's load hits all alike
        for name, run in runs.items():
            c0 = time.process_time()
            found[name] = run()
            cpu[name].append(time.process_time() - c0)

    source = "synthetic" if args.synthetic else f"English articles of {args.corpus}"
    print(f"corpus: {n} articles, {n_words} words ({n_words / n:.0f} per article), {source}")
    print(f"start-up (import spaCy, load {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta.get('version', '')}, build matchers):"
          f" {startup:.2f} s wall; {versions()}; BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"CPU time of this process, median of {args.rounds} interleaved rounds:")
    base = statistics.median(cpu[base_name])
    for name, times in cpu.items():
        c = statistics.median(times)
        extra = f", {found[name]} candidates" if found[name] else ""
        print(f"  {name:46s} {c:6.2f} s  {n / c:5.2f} articles/s  {n_words / c:6,.0f} words/s"
              f"  {c / base:4.2f}x the pipeline{extra}")
    best = min(statistics.median(cpu[k]) for k in runs if k.startswith("kg,"))
    ceiling = min(statistics.median(cpu[k]) for k in runs if not k.startswith("kg,"))
    print(f"kg best: {n / best:.2f} articles/s per core; the bare pipeline's best: {n / ceiling:.2f}"
          f" (the ceiling); target >= {TARGET:g}: {'met' if n / best >= TARGET else 'NOT met'}")
    if args.baseline is not None:
        against_baseline(args, n)


def versions() -> str:
    """The spaCy and thinc the run uses (spaCy 3.8.8-3.8.18 decode 1.4x slower: scripts/constraints.txt)."""
    import spacy
    import thinc
    return f"spaCy {spacy.__version__}, thinc {thinc.__version__}"


def kg_only(args, texts) -> None:
    """(--baseline child) ``extract_all`` of this process's tree: one JSON line, median CPU."""
    from kg.extraction.extract import BATCH_SIZE, Extractor
    ex = Extractor(load_entities(TREE / "data"), "en", model=args.model)
    ex.extract(texts[0], article_date=DATE)
    items = [{"text": t, "article_date": DATE} for t in texts]
    times, found = [], []
    for _ in range(args.rounds):
        c0 = time.process_time()
        found = [(c.subject, c.relation, c.object, c.start, c.end) for r in
                 ex.extract_all(items, batch_size=args.batch_size or BATCH_SIZE) for c in r.candidates]
        times.append(time.process_time() - c0)
    print(json.dumps({"cpu": statistics.median(times), "candidates": found, "versions": versions()}))


def against_baseline(args, n: int) -> None:
    import subprocess
    cmd = [str(Path(__file__).resolve()), "--kg-only", "--articles", str(args.articles),
           "--words", str(args.words), "--rounds", str(args.rounds), "--seed", str(args.seed),
           "--corpus", str(args.corpus)] + (["--synthetic"] if args.synthetic else []) + \
        (["--model", args.model] if args.model else []) + \
        (["--batch-size", str(args.batch_size)] if args.batch_size else [])
    runs: dict[str, list] = {"baseline": [], "this tree": []}
    python = {"baseline": str(args.baseline_python or sys.executable), "this tree": sys.executable}
    for _ in range(2):                                 # in turn: the machine's drift hits both
        for name, tree in (("baseline", args.baseline.resolve()), ("this tree", ROOT)):
            out = subprocess.run([python[name], *cmd], env={**os.environ, "BENCH_EXTRACT_TREE": str(tree)},
                                 capture_output=True, text=True, check=True).stdout
            runs[name].append(json.loads(out.splitlines()[-1]))
    best = {name: min(r["cpu"] for r in got) for name, got in runs.items()}
    same = runs["baseline"][0]["candidates"] == runs["this tree"][0]["candidates"]
    print(f"against {args.baseline} (kg, many files, each tree in its own process, best of 2 medians):")
    for name, cpu in best.items():
        print(f"  {name:10s} {cpu:6.2f} s  {n / cpu:5.2f} articles/s  ({runs[name][0]['versions']}, {python[name]})")
    print(f"this tree: {best['baseline'] / best['this tree']:.2f}x the baseline's speed; "
          f"candidates {'the same' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
