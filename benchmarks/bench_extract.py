"""Extraction throughput: words and articles per second on one core, against the parse alone.

A synthetic corpus (default 200 articles of about 800 words) is written from the entity catalogue:
sentences that state relations ("JNIM attacked a convoy near Kayes on 3 September"), reported
speech, hedged and negated claims, amounts, new capitalised names and filler prose. The extractor is
built once (its start-up time is reported apart), then every article goes through
``Extractor.extract`` in one process. The baseline, measured in the same run on the same texts, is
the trained spaCy pipeline alone (``nlp(text)``, what every extractor built on it pays): the ratio
says what the syntactic reading adds. Target: >= 8 articles of ~800 words per second of CPU with
the small English model.

    .venv/bin/python benchmarks/bench_extract.py [--articles 200] [--words 800] [--seed 7] [--model NAME]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.corpus.catalog import PartialDate, load_entities  # noqa: E402
from kg.core.config import data_dir  # noqa: E402

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


def corpus(n_articles: int, words: int, seed: int) -> list[str]:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the best installed English one)")
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    texts = corpus(args.articles, args.words, args.seed)
    n_words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    from kg.extraction.extract import Extractor
    ex = Extractor(load_entities(data_dir()), "en", model=args.model)
    startup = time.perf_counter() - t0
    ex.extract(texts[0])                                # warm caches
    b0 = time.process_time()
    for text in texts:
        ex.nlp(text)
    base_cpu = time.process_time() - b0
    t0, c0 = time.perf_counter(), time.process_time()
    candidates = 0
    for text in texts:
        candidates += len(ex.extract(text, article_date=PartialDate(2025, 11, 12)).candidates)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"corpus: {len(texts)} articles, {n_words} words ({n_words / len(texts):.0f} per article)")
    print(f"start-up (import spaCy, load {ex.model}, build matchers): {startup:.2f} s")
    print(f"baseline, the pipeline alone: {base_cpu:.2f} s CPU, {len(texts) / base_cpu:.1f} articles/s")
    print(f"extraction: {elapsed:.2f} s, {len(texts) / elapsed:.1f} articles/s, {n_words / elapsed:,.0f} words/s,"
          f" {candidates} candidates ({candidates / len(texts):.1f} per article)")
    print(f"CPU time: {cpu:.2f} s, {len(texts) / cpu:.1f} articles/s, {n_words / cpu:,.0f} words/s of CPU"
          " (the fair figure when other work shares the machine)")
    print(f"ratio extraction / pipeline alone (CPU): {cpu / base_cpu:.2f}x;"
          f" target >= 8 articles/s of CPU: {'met' if len(texts) / cpu >= 8 else 'NOT met'}")


if __name__ == "__main__":
    main()
