"""What the workbench's read-only pages show, as dicts: search results, an entity, an article with its
statements' quotes marked, the places of the map. They read a ``Snapshot`` of the store (every
entity from ``kg.query.statements.node_table`` and every statement with its evidence from
``edge_rows``, taken once per store version: on a large graph these queries take seconds, filtering
their rows takes milliseconds); no HTML here (``kg.web.routes`` renders these with the templates).

>>> [(s["text"], [m["id"] for m in s["marks"]]) for s in segments("abcdef", [
...     {"id": "x", "start": 1, "end": 4}, {"id": "y", "start": 3, "end": 5}])]
[('a', []), ('bc', ['x']), ('d', ['y', 'x']), ('e', ['y']), ('f', [])]
"""

from __future__ import annotations

from kg.core.errors import KgError, NotFound
from kg.core.names import fold, normalise
from kg.corpus.ontology import local_name
from kg.query.statements import check_dates, edge_rows, in_window, node_table

MAX_SEARCH = 200          # results of one search
MAX_QUERY_TEXT = 200      # characters of a search
ARTICLE_QUERY = """
SELECT ?a ?id ?title ?text ?date ?publisher ?creator ?url ?language WHERE {
  ?a a kg:Article ; dcterms:identifier ?id ; dcterms:title ?title ; schema:text ?text .
  OPTIONAL { ?a dcterms:date ?date }
  OPTIONAL { ?a dcterms:publisher ?pub . OPTIONAL { ?pub skos:prefLabel ?publ } }
  BIND(COALESCE(?publ, ?pub) AS ?publisher)
  OPTIONAL { ?a dcterms:creator ?cr . OPTIONAL { ?cr skos:prefLabel ?crl } }
  BIND(COALESCE(?crl, ?cr) AS ?creator)
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a dcterms:language ?language }
}"""
ARTICLES_QUERY = """
SELECT ?a ?id ?title ?date (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?a a kg:Article ; dcterms:identifier ?id ; dcterms:title ?title .
  OPTIONAL { ?a dcterms:date ?date }
  OPTIONAL { ?st prov:wasDerivedFrom ?a }
} GROUP BY ?a ?id ?title ?date ORDER BY ?id"""
class Snapshot:
    """The store's entities and statements at one version: ``nodes`` (IRI -> attributes), ``edges``
    (statement rows sorted by id), and indexes by entity and by article."""

    def __init__(self, store):
        self.store = store
        self.nodes = node_table(store)
        self.edges = edge_rows(store)
        self.by_entity: dict[str, list[dict]] = {}
        self.by_article: dict[str, list[dict]] = {}
        by_label = {}
        for iri, n in sorted(self.nodes.items()):
            by_label.setdefault(n["label"], iri)
        self.by_label = by_label
        for e in self.edges:
            claimant = by_label.get(e["claimant"]) if e["claimant"] else None
            for iri in dict.fromkeys(x for x in (e["source"], e["target"], claimant) if x):
                self.by_entity.setdefault(iri, []).append(e)
            self.by_article.setdefault(e["article_iri"], []).append(e)
        self.names = [(node, [(normalise(name), name) for name in (node["label"], *node["aliases"], node["id"])])
                      for node in self.nodes.values()]
        self.maps: dict = {}      # map_places answers by filter (a few kept)


def entity_id(iri: str) -> str:
    """The id the workbench's URLs use: an entity IRI's local name."""
    return local_name(iri)


def search(snap: Snapshot, text: str, limit: int = 50) -> list[dict]:
    """Entities one of whose names (preferred, alias, id) contains ``text`` after folding case,
    accents and apostrophes; exact names first, then names starting with it, then the rest, by label."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_TEXT:
        raise KgError(f"the search is longer than {MAX_QUERY_TEXT} characters")
    if not 1 <= limit <= MAX_SEARCH:
        raise KgError(f"the number of results must be between 1 and {MAX_SEARCH}")
    if not text:
        return []
    needle = normalise(text)
    hits = []
    for node, names in snap.names:
        best = None
        for key, name in names:
            rank = 0 if key == needle else 1 if key.startswith(needle) else 2 if needle in key else None
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, name)
        if best is not None:
            hits.append({"id": node["id"], "label": node["label"], "category": node["category"],
                         "matched": best[1], "aliases": node["aliases"], "rank": best[0]})
    hits.sort(key=lambda h: (h["rank"], fold(h["label"]), h["id"]))
    return hits[:limit]


def entity(snap: Snapshot, ident: str) -> dict:
    """One entity (by id or any name, as ``kg show`` resolves it) and every statement whose subject,
    object or claimant it is, by date, with ids for links (the fields of ``kg show``)."""
    from kg.core.names import NameIndex
    from kg.core.namespaces import PREFIXES

    iri = PREFIXES["ent"] + ident
    if iri not in snap.nodes:
        index = NameIndex({k: [n["id"], n["label"], *n["aliases"]] for k, n in snap.nodes.items()},
                          {k: n["label"] for k, n in snap.nodes.items()})
        found = index.lookup(ident)
        if len(found) != 1:
            if found:
                raise KgError(f"{ident!r} is ambiguous: it names " + ", ".join(index.labels[f] for f in found))
            raise NotFound(f"no entity named {ident!r}", suggestions=index.suggest(ident))
        iri = found[0]
    n = snap.nodes[iri]
    rows = []
    for e in snap.by_entity.get(iri, []):
        rows.append({"id": e["id"], "subject": e["source_label"], "subject_id": entity_id(e["source"]),
                     "relation": e["label"], "object": e["target_label"], "object_id": entity_id(e["target"]),
                     "modality": e["modality"], "quote": e["quote"], "start": e["start"], "end": e["end"],
                     "article_id": e["article"], "article_title": e["article_title"], "claimant": e["claimant"],
                     "date": e["date"], "qualifier": e["qualifier"], "end_date": e["end_date"],
                     "place": e["place"], "value": e["value"],
                     "role": ("subject" if e["source"] == iri else "object" if e["target"] == iri else "claimant")})
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
    return {"iri": iri, "id": n["id"], "name": n["label"], "aliases": n["aliases"], "types": n["types"],
            "category": n["category"], "acled_actor_type": n["acled"], "description": n["description"],
            "same_as": n["same_as"], "lat": n["lat"], "long": n["long"], "statements": rows}


def articles(store) -> list[dict]:
    """Every article: id, title, date, number of statements."""
    from kg.query.views import rows_of

    return [{"id": str(b["id"]), "title": str(b["title"]), "date": _s(b.get("date")), "statements": int(b["n"])}
            for b in rows_of(store, ARTICLES_QUERY)]


def _s(value):
    return None if value is None else str(value)


def segments(text: str, marks: list[dict]) -> list[dict]:
    """``text`` cut at every mark's start and end: [{"text", "marks": [marks covering it]}]; marks
    are dicts with ``start`` and ``end`` (code-point offsets) and may overlap; the shortest first."""
    bounds = sorted({0, len(text)} | {max(0, min(len(text), m[k])) for m in marks for k in ("start", "end")})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = sorted((m for m in marks if m["start"] <= a and b <= m["end"]),
                          key=lambda m: (m["end"] - m["start"], m["start"]))
        out.append({"text": text[a:b], "marks": covering})
    return out


def article(snap: Snapshot, ident: str) -> dict:
    """One article: metadata, its text cut into segments marked by the statements whose quotes they
    are part of, and those statements (by position in the text)."""
    from kg.core.namespaces import ART
    from kg.query.views import rows_of

    iri = ART[ident]
    found = rows_of(snap.store, ARTICLE_QUERY, a=iri)
    if not found:
        known = [a["id"] for a in articles(snap.store)]
        from kg.core.names import suggest
        raise NotFound(f"no article {ident!r}", suggestions=suggest(ident, known))
    b = found[0]
    statements = [dict(e) for e in snap.by_article.get(str(iri), [])]
    statements.sort(key=lambda e: (e["start"], e["end"], e["id"]))
    for e in statements:
        e["source_id"], e["target_id"] = entity_id(e["source"]), entity_id(e["target"])
    text = str(b["text"])
    return {"id": ident, "iri": str(iri), "title": str(b["title"]), "date": _s(b.get("date")),
            "publisher": _s(b.get("publisher")), "author": _s(b.get("creator")), "url": _s(b.get("url")),
            "language": _s(b.get("language")), "length": len(text),
            "segments": segments(text, statements), "statements": statements}


def map_places(snap: Snapshot, date_from: str | None = None, date_to: str | None = None,
               families: set[str] | frozenset = frozenset()) -> dict:
    """The places with coordinates and the statements located there (``schema:location``) or whose
    subject or object the place is, kept by date window and relation family. Places with no kept
    statement are listed too (count 0). Returns {"places": [...], "families": [...]}."""
    check_dates(date_from, date_to)
    key = (date_from, date_to, tuple(sorted(families)))
    if key not in snap.maps:
        found = _map_places(snap, date_from, date_to, families)
        while len(snap.maps) >= 16:
            snap.maps.pop(next(iter(snap.maps)), None)
        snap.maps[key] = found
    return snap.maps[key]


def _map_places(snap: Snapshot, date_from, date_to, families) -> dict:
    nodes, edges = snap.nodes, snap.edges
    all_families = sorted({e["family"] for e in edges})
    unknown = set(families) - set(all_families)
    if unknown:
        raise KgError(f"unknown relation family {sorted(unknown)[0]!r}; known: {', '.join(all_families)}")
    places = {iri: n for iri, n in nodes.items() if n["lat"] is not None}
    by_label = {label: iri for label, iri in snap.by_label.items() if iri in places}
    found: dict[str, list[dict]] = {iri: [] for iri in places}
    for e in edges:
        if families and e["family"] not in families:
            continue
        if not in_window(e["date"], date_from, date_to, include_undated=not (date_from or date_to)):
            continue
        where = {e["source"], e["target"]} | ({by_label[e["place"]]} if e["place"] in by_label else set())
        for iri in sorted(where & places.keys()):
            found[iri].append({"id": e["id"], "subject": e["source_label"], "subject_id": entity_id(e["source"]),
                               "relation": e["label"], "object": e["target_label"],
                               "object_id": entity_id(e["target"]), "date": e["date"], "quote": e["quote"],
                               "modality": e["modality"], "article": e["article"]})
    out = [{"id": n["id"], "label": n["label"], "category": n["category"], "lat": n["lat"], "long": n["long"],
            "count": len(found[iri]), "statements": found[iri]}
           for iri, n in sorted(places.items(), key=lambda kv: kv[1]["id"])]
    return {"places": out, "families": all_families}


MAX_SHOWN = 1000          # rows of a SPARQL answer shown in the page (the downloads have them all)


def answer_table(status: int, content_type: str, body: str, limit: int = MAX_SHOWN) -> dict:
    """What the SPARQL page shows of an answer of ``/sparql``: a SELECT's variables and rows (each
    cell's text, and a link for an entity or an article IRI; at most ``limit`` rows), ASK's boolean,
    a graph's text, or a failure's message with its line and column when the parser gave them."""
    import json
    import re

    from kg.core.namespaces import PREFIXES

    out = {"vars": [], "rows": None, "total": 0, "cut": False, "boolean": None, "graph": None,
           "error": None, "line": None, "column": None}
    if status != 200:
        m = re.search(r"error at (\d+):(\d+): ", body)
        out.update(error=body.strip().replace(m.group(0), "") if m else body.strip(), line=int(m.group(1)) if m else None, column=int(m.group(2)) if m else None)
        return out
    if "json" not in content_type:
        out["graph"] = body
        return out
    data = json.loads(body)
    if "boolean" in data:
        out["boolean"] = bool(data["boolean"])
        return out
    links = ((PREFIXES["ent"], "/entity/"), (PREFIXES["art"], "/article/"))
    rows = []
    for binding in data["results"]["bindings"][:limit]:
        row = []
        for var in data["head"]["vars"]:
            term = binding.get(var)
            cell = {"text": "" if term is None else term["value"], "href": None}
            for base, path in links:
                if term is not None and term["type"] == "uri" and term["value"].startswith(base):
                    from urllib.parse import quote

                    cell = {"text": term["value"][len(base):], "href": path + quote(term["value"][len(base):])}
            row.append(cell)
        rows.append(row)
    total = len(data["results"]["bindings"])
    out.update(vars=list(data["head"]["vars"]), rows=rows, total=total, cut=total > limit)
    return out
