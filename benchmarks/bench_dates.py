"""Speed of kg.extraction.dates.find_dates (no timed asserts): articles per second, and the ratio to
dateparser's own ``search_dates`` on the same texts with the same settings, measured in the same run.

Texts: the articles of the shared evaluation corpus (``../shared/eval``, with their dates and
languages) when present, else the project's curated articles. Reported:
- the first call in the process (dateparser loads its locale data and builds its expressions);
- ``find_dates`` per article with dateparser's results not cached (every span parsed) and cached
  (each span parsed once per process: the steady state of ``kg ingest`` on many files);
- ``search_dates`` per article (the baseline), and how many dates each finds.

    .venv/bin/python benchmarks/bench_dates.py [--corpus ../shared/eval] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def texts(corpus: Path):
    from kg.corpus.catalog import load_corpus, parse_date

    if (corpus / "articles.json").is_file():
        meta = json.loads((corpus / "articles.json").read_text(encoding="utf-8"))
        return [((corpus / "articles" / m["file"]).read_text(encoding="utf-8"),
                 parse_date(m["date"]) if m.get("date") else None, m.get("language", "en")) for m in meta]
    c = load_corpus(PROJECT / "data")
    return [(a.text, a.date, a.language) for a in c.articles.values()]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=PROJECT.parent / "shared" / "eval")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    arts = texts(args.corpus)
    words = sum(len(t.split()) for t, _, _ in arts)
    print(f"{len(arts)} articles, {words} words ({words / len(arts):.0f} per article)")

    from kg.extraction import dates

    t = time.perf_counter()
    dates.find_dates("On Saturday, 3 September.", None, "en")
    dates.find_dates("Samedi, le 3 septembre.", None, "fr")
    print(f"first calls (locale data, en + fr): {1000 * (time.perf_counter() - t):.0f} ms")

    def ours():
        return sum(len(dates.find_dates(text, a, lang)) for text, a, lang in arts)

    def uncached():
        dates._parse.cache_clear()
        return ours()

    n_ours = ours()
    t_uncached = best(uncached, args.repeat)
    t_cached = best(ours, args.repeat)

    import datetime as dt

    from dateparser.search import search_dates

    def theirs():
        n = 0
        for text, a, lang in arts:
            base = dates._end_of(a) if a else dt.datetime(2000, 12, 31)
            found = search_dates(text, languages=[lang], settings={
                "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "TIMEZONE": "UTC"})
            n += len(found or [])
        return n

    n_theirs = theirs()
    t_theirs = best(theirs, max(1, args.repeat // 2))
    per = len(arts)
    print(f"find_dates, parses not cached: {1000 * t_uncached / per:6.2f} ms/article  "
          f"{per / t_uncached:7.0f} articles/s  ({n_ours} dates)")
    print(f"find_dates, parses cached:     {1000 * t_cached / per:6.2f} ms/article  {per / t_cached:7.0f} articles/s")
    print(f"search_dates (baseline):       {1000 * t_theirs / per:6.2f} ms/article  "
          f"{per / t_theirs:7.0f} articles/s  ({n_theirs} 'dates')")
    print(f"ratio search_dates / find_dates: {t_theirs / t_uncached:.1f}x (not cached), "
          f"{t_theirs / t_cached:.1f}x (cached)")


if __name__ == "__main__":
    main()
