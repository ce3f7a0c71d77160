"""A synthetic conflict graph in mali-kg's own ontology, of about N triples, as N-Triples.

Actors (typed, labelled, categorised, with aliases), places with coordinates, source articles, and
statements in the project's shape: the plain triple for asserted ones plus a ``kg:Statement`` node
with rdf:subject/predicate/object, source article, claimant, date with precision, place, modality,
confidence, ACLED event type and its quote (TextQuoteSelector + TextPositionSelector). Seeded, so the
same N gives the same file.

    python benchmarks/synth.py 100000 -o /tmp/synth-100k.nt      # add .gz to compress
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys

B = "https://w3id.org/mali-kg/"
KG, ENT, STMT, ART, ACLED = B + "ontology#", B + "id/", B + "statement/", B + "article/", B + "acled#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"

ACTOR_TYPES = [("Group", "jihadist-group"), ("Group", "rebel-group"), ("Government", "government"),
               ("Organization", "state-forces"), ("Organization", "foreign-force"),
               ("Organization", "international-organisation"), ("Country", "country"),
               ("Organization", "company"), ("Person", "person")]
RELATIONS = ["attacks", "blockades", "threatens", "targets", "pressures", "alliedWith", "negotiatesWith",
             "paidRansomTo", "tookHostage", "suppliesFuelTo", "operatesIn", "tookControlOf",
             "urgedCitizensToLeave", "cracksDownOn", "madeDealWith"]
MODALITIES = ["asserted"] * 7 + ["likely", "possible", "negated"]
EVENTS = ["ArmedClash", "Attack", "Abduction", "ViolenceAgainstCivilians", "NonStateActorOvertakesTerritory"]
WORDS = ("convoy fuel blockade Bamako Kayes Sikasso Segou Mopti Gao Timbuktu junta militants attack "
         "road trucks tanker border embassy ransom hostage drone army column village market").split()


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, out, seed: int = 7) -> int:
    """Write about ``n`` triples of N-Triples to the text stream ``out``; return the count written."""
    rnd = random.Random(seed)
    n_statements = max(10, n // 23)
    n_actors = max(5, n_statements // 20)
    n_places = max(5, n_actors // 4)
    n_articles = max(2, n_statements // 50)
    lines: list[str] = []
    count = 0

    def t(s, p, o):
        lines.append(f"<{s}> <{p}> {o} .\n")

    def flush():
        nonlocal count
        count += len(lines)
        out.write("".join(lines))
        lines.clear()

    for i in range(n_places):
        p = f"{ENT}place-{i}"
        name = f"{rnd.choice(WORDS).title()} {i}"
        t(p, RDF + "type", f"<{KG}{rnd.choice(['City', 'Region'])}>")
        t(p, SKOS + "prefLabel", _lit(name))
        t(p, RDFS + "label", _lit(name))
        t(p, KG + "category", f"<{KG}cat-place>")
        t(p, GEO + "lat", f'"{rnd.uniform(10, 25):.4f}"^^<{XSD}decimal>')
        t(p, GEO + "long", f'"{rnd.uniform(-12, 4):.4f}"^^<{XSD}decimal>')
    for i in range(n_actors):
        a = f"{ENT}actor-{i}"
        typ, cat = ACTOR_TYPES[i % len(ACTOR_TYPES)]
        name = f"{rnd.choice(WORDS).title()} {cat.replace('-', ' ')} {i}"
        t(a, RDF + "type", f"<{KG}{typ}>")
        t(a, SKOS + "prefLabel", _lit(name))
        t(a, RDFS + "label", _lit(name))
        t(a, SKOS + "altLabel", _lit(f"{cat[:3].upper()}-{i}"))
        t(a, KG + "category", f"<{KG}cat-{cat}>")
    for i in range(n_articles):
        art = f"{ART}synth-{i}"
        t(art, RDF + "type", f"<{KG}Article>")
        t(art, DCT + "title", _lit(f"Report {i} on the {rnd.choice(WORDS)} {rnd.choice(WORDS)}"))
        t(art, DCT + "date", f'"{2015 + i % 11}-{1 + i % 12:02d}-{1 + i % 28:02d}"^^<{XSD}date>')
    flush()
    for i in range(n_statements):
        st = f"{STMT}synth-{i}"
        s = f"{ENT}actor-{min(rnd.randrange(n_actors), rnd.randrange(n_actors))}"  # a few actors do most
        rel = rnd.choice(RELATIONS)
        o = (f"{ENT}place-{rnd.randrange(n_places)}" if rel in ("blockades", "operatesIn", "tookControlOf",
             "urgedCitizensToLeave") else f"{ENT}actor-{rnd.randrange(n_actors)}")
        mod = rnd.choice(MODALITIES)
        if mod == "asserted":
            t(s, KG + rel, f"<{o}>")
        day = f"{2015 + rnd.randrange(11)}-{1 + rnd.randrange(12):02d}-{1 + rnd.randrange(28):02d}"
        quote = " ".join(rnd.choice(WORDS) for _ in range(8))
        start = rnd.randrange(10000)
        t(st, RDF + "type", f"<{KG}Statement>")
        t(st, RDFS + "label", _lit(f"statement {i}: {rel}"))
        t(st, RDF + "subject", f"<{s}>")
        t(st, RDF + "predicate", f"<{KG}{rel}>")
        t(st, RDF + "object", f"<{o}>")
        t(st, PROV + "wasDerivedFrom", f"<{ART}synth-{rnd.randrange(n_articles)}>")
        t(st, KG + "claimant", f"<{ENT}actor-{rnd.randrange(n_actors)}>")
        t(st, SCHEMA + "startDate", f'"{day}"^^<{XSD}date>')
        t(st, KG + "datePrecision", f"<{KG}day>")
        t(st, SCHEMA + "location", f"<{ENT}place-{rnd.randrange(n_places)}>")
        t(st, KG + "modality", f"<{KG}{mod}>")
        t(st, KG + "confidence", f"<{KG}{rnd.choice(['high', 'medium', 'low'])}>")
        t(st, KG + "eventType", f"<{ACLED}{rnd.choice(EVENTS)}>")
        t(st, OA + "hasTarget", f"<{st}#target>")
        t(f"{st}#target", OA + "hasSource", f"<{ART}synth-{rnd.randrange(n_articles)}>")
        t(f"{st}#target", OA + "hasSelector", f"<{st}#quote>")
        t(f"{st}#target", OA + "hasSelector", f"<{st}#position>")
        t(f"{st}#quote", RDF + "type", f"<{OA}TextQuoteSelector>")
        t(f"{st}#quote", OA + "exact", _lit(quote))
        t(f"{st}#position", RDF + "type", f"<{OA}TextPositionSelector>")
        t(f"{st}#position", OA + "start", f'"{start}"^^<{XSD}nonNegativeInteger>')
        t(f"{st}#position", OA + "end", f'"{start + len(quote)}"^^<{XSD}nonNegativeInteger>')
        if len(lines) > 50000:
            flush()
    flush()
    return count


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("triples", type=int, help="about how many triples")
    ap.add_argument("-o", "--output", default="-", help="file (.nt or .nt.gz), '-' for stdout")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.output == "-":
        n = generate(args.triples, sys.stdout, args.seed)
    else:
        opener = gzip.open if args.output.endswith(".gz") else open
        with opener(args.output, "wt", encoding="utf-8") as fh:
            n = generate(args.triples, fh, args.seed)
    print(f"wrote {n} triples", file=sys.stderr)


if __name__ == "__main__":
    main()
