"""Growing the graph: register new articles, extract candidate statements, review them.

``kg ingest`` stores each article's text byte-for-byte in ``data/articles/<id>.txt``, appends its
metadata to ``data/articles.yaml`` and writes the extractor's candidates to
``data/review/<id>.yaml`` -- the statement format plus review-only keys (``status``, ``start``,
``end``, ``pattern``, ``source``, ``proposed_entities``) and the proposed new entities under
``entities:``. ``kg review accept`` moves records into ``data/statements/<id>.yaml`` and new
entities into ``data/entities.yaml`` by appending text (existing content and comments stay), after
the same checks ``kg build`` makes. Nothing is read by ``kg build`` from ``data/review/``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.corpus.catalog import (ENTITY_TYPES, Corpus, Entity, load_articles, load_corpus, load_entities, parse_date,
                      read_yaml, statement_from_record)
from kg.core.config import data_dir, writable_data_dir
from kg.core.errors import DataError, KgError, NotFound
from kg.core.files import atomic_write
from kg.corpus.quotes import find_quote
from kg.extraction.zoning import HEADER_KEYS, parse_header  # noqa: F401  (the header format lives with the zoning)

REVIEW_KEYS = frozenset({"status", "start", "end", "pattern", "source", "proposed_entities"})
STATUSES = ("pending", "accepted", "rejected")
TEXT_SUFFIXES = {".txt", ".text", ".md"}
STATEMENT_ORDER = ("id", "subject", "relation", "object", "quote", "occurrence", "claimant", "date",
                   "date_qualifier", "end_date", "place", "quantity", "modality", "confidence",
                   "event_type", "scenario", "value", "note")


# ------------------------------------------------------------------ reading input files

def read_input(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text; DataError for binary or non-UTF-8 (garbled) input."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=str(path)) from None
    if b"\x00" in raw:
        raise DataError("not a text file (contains NUL bytes); nothing stored", path=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (bad byte at offset {exc.start}); nothing stored", path=str(path)) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f") + text.count("\ufffd")
    if controls > max(2, len(text) // 100):
        raise DataError(f"garbled text ({controls} control or replacement characters); nothing stored",
                        path=str(path))
    if not text.strip():
        raise DataError("empty file; nothing stored", path=str(path))
    return raw, text


def collect(paths) -> list[Path]:
    """Files named, and the text files (.txt, .text, .md) inside folders named, in order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
        elif p.is_file():
            out.append(p)
        else:
            raise KgError(f"{p}: no such file or folder")
    if not out:
        raise KgError("no article files to ingest")
    return list(dict.fromkeys(out))


def _slug(text: str) -> str:
    from kg.extraction.extract import slug
    s = slug(text)[:50].rstrip("-")
    return s if s and s[0].isalnum() else f"article-{s}".rstrip("-")


@dataclass
class _Input:
    path: Path
    raw: bytes
    text: str
    meta: dict
    body_start: int = 0


def _prepare(path: Path, options: dict) -> _Input:
    raw, text = read_input(path)
    header, body = parse_header(text)
    meta = {**header, **{k: v for k, v in options.items() if v not in (None, "")}}
    if not meta.get("title"):
        first = next((ln.strip() for ln in text[body:].splitlines() if ln.strip()), path.stem)
        meta["title"] = first[:200]
    if meta.get("date"):
        try:
            parse_date(meta["date"])
        except ValueError as exc:
            raise DataError(str(exc), path=str(path)) from None
    if meta.get("url") and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+", str(meta["url"])):
        raise DataError(f"URL {meta['url']!r} is not an absolute IRI (no spaces, quotes or angle brackets); "
                        "nothing stored", path=str(path))
    meta["language"] = (meta.get("language") or "en").lower()
    if meta.get("id") and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", meta["id"]):
        raise DataError(f"article id {meta['id']!r} is not lowercase letters, digits and hyphens", path=str(path))
    return _Input(path, raw, text, meta, body)


# ------------------------------------------------------------------ writing YAML by appending text

def _dump(record: dict, indent: int = 0) -> str:
    text = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def _append(path: Path, block: str, head: str = "") -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else head
    sep = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    atomic_write(path, old + sep + block)


def _article_record(aid: str, meta: dict) -> dict:
    rec = {"id": aid, "file": f"articles/{aid}.txt", "title": meta["title"]}
    for key in ("publisher", "author"):
        if meta.get(key):
            rec[key] = meta[key]
    rec["type"] = meta.get("type") or "report"
    rec["language"] = meta["language"]
    for key in ("date", "url"):
        if meta.get(key):
            rec[key] = str(meta[key])
    return rec


def _candidate_record(aid: str, n: int, c, proposed: set[str]) -> dict:
    rec = {"id": f"{aid}-c{n:03d}", "status": "pending", "subject": c.subject, "relation": c.relation,
           "object": c.object, "quote": c.quote, "start": c.start, "end": c.end}
    for key in ("claimant", "date", "date_qualifier", "end_date", "quantity"):
        value = getattr(c, key)
        if value is not None:
            rec[key] = value.isoformat() if hasattr(value, "isoformat") else value
    rec.update(modality=c.modality, confidence=c.confidence, pattern=c.pattern, source=c.source)
    new = [x for x in (c.subject, c.object, c.claimant) if x in proposed]
    if new:
        rec["proposed_entities"] = sorted(set(new))
    return rec


def review_text(aid: str, extraction, source_file: str) -> str:
    proposed = {e["id"] for e in extraction.entities}
    lines = [f"# Candidate statements extracted by kg ingest from {source_file}.",
             "# Review: fix any field by hand, then `kg review accept ID...` (or `kg review reject ID...`).",
             "# Accepted records are appended to data/statements/ and their new entities to",
             "# data/entities.yaml; status, start, end, pattern, source and proposed_entities stay here.",
             f"article: {aid}"]
    body = {"statements": [_candidate_record(aid, i + 1, c, proposed) for i, c in enumerate(extraction.candidates)]}
    body["entities"] = [{"id": e["id"], "name": e["name"], "type": e["type"], "category": e["category"],
                         **({"aliases": e["aliases"]} if e["aliases"] else {}), "status": "proposed",
                         "mentions": e["mentions"]} for e in extraction.entities]
    body["aliases"] = extraction.aliases
    return "\n".join(lines) + "\n" + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=10_000)


# ------------------------------------------------------------------ kg ingest

MAX_CHARS = 1_000_000  # characters per article: spaCy's own limit (nlp.max_length)


def ingest(paths, data=None, *, options: dict | None = None, accept: bool = False, progress=None,
           extractors: dict | None = None, max_chars: int = MAX_CHARS, model: str | None = None) -> list[dict]:
    """Register and extract every file; returns one row per file (article, status, candidates).
    ``progress(path, total)`` is called before each file. ``extractors`` (language -> Extractor),
    when given, is used and filled in, so that several calls on the same catalogue load each
    language's pipeline once (``kg eval --corpus``). ``model``: the spaCy pipeline (see
    ``kg.extraction.models``), loaded once per language for the whole run.

    Every file is read and checked first: one binary or garbled file, or one over ``max_chars``
    characters, stops the command before anything is stored. A text already registered (same
    SHA-256) is left alone ("unchanged"). One writer at a time per data folder
    (``kg.core.locks.data_lock``); each article is stored all or nothing (text, review file and
    ``articles.yaml`` record: the first two are removed again if the record cannot be written)."""
    from kg.core.locks import data_lock

    data = writable_data_dir(data)
    inputs = [_prepare(p, options or {}) for p in collect(paths)]
    for item in inputs:
        if len(item.text) > max_chars:
            raise DataError(f"the article is {len(item.text):,} characters long, over the limit of "
                            f"{max_chars:,} (--max-chars); nothing stored", path=str(item.path))
    with data_lock(data):
        return _ingest_locked(inputs, data, accept, progress, extractors, model)


def _ingest_locked(inputs, data: Path, accept: bool, progress, extractors: dict | None,
                   model: str | None) -> list[dict]:
    from kg.extraction.extract import Extractor

    articles, entities = load_articles(data), load_entities(data)
    by_hash = {a.sha256: a.id for a in articles.values()}
    extractors = {} if extractors is None else extractors
    # every pipeline is loaded before anything is stored: a missing model stops the run cleanly
    for lang in sorted({item.meta["language"] for item in inputs} - set(extractors)):
        extractors[lang] = Extractor(entities, lang, model=model)
    rows, new_ids = [], []
    results = _extractions(inputs, set(by_hash), extractors)
    for item in inputs:
        if progress:
            progress(item.path, len(inputs))
        sha = hashlib.sha256(item.raw).hexdigest()
        if sha in by_hash:
            rows.append({"file": str(item.path), "article": by_hash[sha], "status": "unchanged",
                         "candidates": 0, "new_entities": 0})
            continue
        aid = item.meta.get("id") or _slug(item.meta["title"])
        if item.meta.get("id") and aid in articles:
            raise DataError(f"article id {aid!r} is already used by another text", path=str(item.path))
        base, k = aid, 2
        while aid in articles or (data / "articles" / f"{aid}.txt").exists():
            aid, k = f"{base}-{k}", k + 1
        result = next(results[item.meta["language"]])
        (data / "articles").mkdir(exist_ok=True)
        (data / "review").mkdir(exist_ok=True)
        written = []
        try:
            for path, content in ((data / "articles" / f"{aid}.txt", item.raw),
                                  (data / "review" / f"{aid}.yaml", review_text(aid, result, f"articles/{aid}.txt"))):
                atomic_write(path, content)
                written.append(path)
            _append(data / "articles.yaml", _dump(_article_record(aid, item.meta)))
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        articles[aid], by_hash[sha] = None, aid
        new_ids.append(aid)
        rows.append({"file": str(item.path), "article": aid, "status": "ingested",
                     "candidates": len(result.candidates),
                     "new_entities": sum(1 for e in result.entities if e["used"])})
    if accept and new_ids:
        done = accept_candidates([], data, all_pending=True, articles=new_ids)
        for row in rows:
            row["accepted"] = sum(1 for d in done if d["article"] == row["article"])
    return rows


def _extractions(inputs, known: set, extractors: dict) -> dict:
    """language -> the Extractions of that language's new texts (not ``known`` by SHA-256, nor
    a copy of an earlier input), in input order, lazily: each language's articles are parsed in
    batches (``Extractor.extract_all``), the same results as one at a time."""
    todo: dict[str, list[dict]] = {}
    for item in inputs:
        sha = hashlib.sha256(item.raw).hexdigest()
        if sha in known:
            continue
        known.add(sha)
        date = item.meta.get("date")
        todo.setdefault(item.meta["language"], []).append(
            {"text": item.text, "article_date": parse_date(date) if date else None,
             "author": item.meta.get("author"), "body_start": item.body_start})
    return {lang: extractors[lang].extract_all(items) for lang, items in todo.items()}


# ------------------------------------------------------------------ review files

@dataclass
class Review:
    path: Path
    article: str
    statements: list[dict]
    entities: list[dict]


def load_reviews(data=None, articles=None) -> list[Review]:
    folder = Path(data_dir(data)) / "review"
    out = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        content = read_yaml(path)
        if not isinstance(content, dict) or not content.get("article"):
            raise DataError("a review file starts with 'article: <article id>'", path=str(path))
        if articles and content["article"] not in articles:
            continue
        out.append(Review(path, str(content["article"]), list(content.get("statements") or []),
                          list(content.get("entities") or [])))
    return out


def pending(data=None, articles=None, status: str = "pending") -> list[dict]:
    """Rows of the review files' candidates with this status ("all" for every one)."""
    rows = []
    for rev in load_reviews(data, articles):
        for rec in rev.statements:
            if status == "all" or rec.get("status", "pending") == status:
                rows.append({"id": rec.get("id"), "article": rev.article, "status": rec.get("status", "pending"),
                             "subject": rec.get("subject"), "relation": rec.get("relation"),
                             "object": rec.get("object"), "modality": rec.get("modality", "asserted"),
                             "confidence": rec.get("confidence"), "claimant": rec.get("claimant"),
                             "date": rec.get("date"), "new": rec.get("proposed_entities"),
                             "quote": " ".join(str(rec.get("quote", "")).split())})
    return rows


def _select(ids, reviews, status_filter) -> list[tuple[Review, dict]]:
    chosen = []
    known = {str(r.get("id")): (rev, r) for rev in reviews for r in rev.statements}
    for i in ids:
        if i not in known:
            from kg.core.names import NameIndex
            index = NameIndex({k: [k] for k in known}, {k: k for k in known})
            raise NotFound(f"no candidate {i!r} in data/review/", suggestions=index.suggest(i))
        chosen.append(known[i])
    if status_filter:
        chosen += [(rev, r) for rev in reviews for r in rev.statements
                   if r.get("status", "pending") in status_filter and (rev, r) not in chosen]
    return chosen


def _set_status(path: Path, records: list[dict], status: str) -> None:
    """Rewrite only the ``status:`` line of each record (comments and hand edits stay)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for rec in sorted(records, key=lambda r: -r["__line__"]):
        first = rec["__line__"] - 1
        lead = len(lines[first]) - len(lines[first].lstrip(" "))
        key_col = lead + 2 if lines[first].lstrip().startswith("- ") else lead
        j, found = first, None
        while j < len(lines):
            col = len(lines[j]) - len(lines[j].lstrip(" "))
            if j > first and lines[j].strip() and col < key_col:
                break
            if (j == first or col == key_col) and re.match(r"^\s*(- )?status:", lines[j]):
                found = j
                break
            j += 1
        if found is not None:
            lines[found] = re.sub(r"status:.*", f"status: {status}", lines[found].rstrip("\n")) + "\n"
        else:
            lines.insert(first + 1, " " * key_col + f"status: {status}\n")
    atomic_write(path, "".join(lines))


def reject_candidates(ids, data=None, *, all_pending: bool = False, articles=None) -> list[dict]:
    from kg.core.locks import data_lock

    with data_lock(writable_data_dir(data)):
        return _reject_locked(ids, data, all_pending, articles)


def _reject_locked(ids, data, all_pending: bool, articles) -> list[dict]:
    reviews = load_reviews(data, articles)
    chosen = _select(ids, reviews, {"pending"} if all_pending else None)
    for rev in reviews:
        recs = [r for rv, r in chosen if rv is rev]
        if recs:
            _set_status(rev.path, recs, "rejected")
    return [{"id": r["id"], "article": rv.article, "status": "rejected"} for rv, r in chosen]


def _entity(raw: dict, rev: Review) -> Entity:
    where = f"{rev.path}:{raw.get('__line__')}: entity {raw.get('id')}"
    for key in ("id", "name", "type", "category"):
        if not raw.get(key):
            raise DataError(f"{where}: missing {key!r}")
    if raw["type"] not in ENTITY_TYPES:
        raise DataError(f"{where}: type must be one of {', '.join(ENTITY_TYPES)}")
    return Entity(id=str(raw["id"]), name=str(raw["name"]), type=str(raw["type"]), category=str(raw["category"]),
                  aliases=[str(a) for a in raw.get("aliases") or []], description=raw.get("description"),
                  path=str(rev.path), line=raw.get("__line__", 0))


def _occurrence(text: str, quote: str, start) -> int:
    k = 1
    while (span := find_quote(text, quote, k)) is not None:
        if start is None or span.start == start:
            return k
        k += 1
    return 1


def accept_candidates(ids, data=None, *, all_pending: bool = False, marked: bool = False,
                      articles=None) -> list[dict]:
    """Move candidates into data/statements/ (and their new entities into data/entities.yaml).

    All-or-nothing: every chosen record is checked first with kg.build's checks (quote in the
    article, entities defined, relation domain and range); any problem refuses the whole batch.
    Holds the data folder's write lock."""
    from kg.core.locks import data_lock

    data = writable_data_dir(data)
    with data_lock(data):
        return _accept_locked(ids, data, all_pending, marked, articles)


def _accept_locked(ids, data: Path, all_pending: bool, marked: bool, articles) -> list[dict]:
    from kg.corpus.build import BuildFailed, _check
    from kg.corpus.ontology import load_ontology

    corpus = load_corpus(data)
    reviews = load_reviews(data, articles)
    chosen = _select(ids, reviews, ({"pending"} if all_pending else set()) | ({"accepted"} if marked else set()))
    chosen = [(rv, r) for rv, r in chosen if str(r.get("id")) not in {s.id for s in corpus.statements}
              or r.get("status") != "accepted"]
    problems, statements, new_entities = [], [], {}
    used_ids = {s.id for s in corpus.statements}
    for rev, raw in chosen:
        rec = {k: v for k, v in raw.items() if k not in REVIEW_KEYS}
        try:
            st = statement_from_record(rec, rev.path, rev.article)
        except DataError as exc:
            problems.append(str(exc))
            continue
        if st.id in used_ids:
            problems.append(f"{st.where}: id already used in data/statements/")
        art = corpus.articles.get(st.article)
        if art is not None:
            st.occurrence = raw.get("occurrence") or _occurrence(art.text, st.quote, raw.get("start"))
        for ref in (st.subject, st.object, st.claimant, st.place, st.scenario):
            if ref and ref not in corpus.entities and ref not in new_entities:
                found = next((e for e in rev.entities if str(e.get("id")) == ref), None)
                if found is not None:
                    new_entities[ref] = (_entity(found, rev), found, rev)
        statements.append((rev, raw, st))
        used_ids.add(st.id)
    trial = Corpus(articles=corpus.articles,
                   entities={**corpus.entities, **{k: v[0] for k, v in new_entities.items()}},
                   statements=[st for _, _, st in statements])
    problems += _check(trial, load_ontology())
    if problems:
        raise BuildFailed([f"not accepted: {p}" for p in problems])
    for aid in dict.fromkeys(rev.article for rev, _, _ in statements):
        path = data / "statements" / f"{aid}.yaml"
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        m = re.search(r"^( *)- id:", old, re.M)
        indent = len(m.group(1)) if m else 2
        blocks = "".join(_dump(_statement_record(st, raw), indent) for rev, raw, st in statements
                         if rev.article == aid)
        head = (f"# Statements accepted from data/review/{aid}.yaml (kg review accept).\n"
                f"article: {aid}\nstatements:\n")
        _append(path, blocks, head) if old else atomic_write(path, head + blocks)
    if new_entities:
        block = "".join(_dump(_entity_record(raw)) for _, raw, _ in new_entities.values())
        _append(data / "entities.yaml", block)
    for rev in reviews:
        recs = [raw for rv, raw, _ in statements if rv is rev]
        if recs:
            _set_status(rev.path, recs, "accepted")
        ents = [raw for _, raw, rv in new_entities.values() if rv is rev]
        if ents:
            _set_status(rev.path, ents, "accepted")
    return [{"id": st.id, "article": st.article, "status": "accepted", "subject": st.subject,
             "relation": st.relation, "object": st.object} for _, _, st in statements]


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "__line__"}
    return [_plain(v) for v in value] if isinstance(value, list) else value


def _statement_record(st, raw: dict) -> dict:
    raw = _plain(raw)
    rec = {k: raw[k] for k in STATEMENT_ORDER if k in raw and k != "occurrence" and raw[k] is not None}
    rec["quote"] = st.quote
    if st.occurrence > 1:
        rec = {**{k: rec[k] for k in list(rec)[:5]}, "occurrence": st.occurrence,
               **{k: rec[k] for k in list(rec)[5:]}}
    return rec


def _entity_record(raw: dict) -> dict:
    raw = _plain(raw)
    return {k: raw[k] for k in ("id", "name", "aliases", "type", "category", "description", "lat", "long")
            if raw.get(k) not in (None, [], "")}
