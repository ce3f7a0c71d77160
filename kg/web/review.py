"""The review desk's data and actions: the review files of ``kg ingest`` by article, each candidate in
its sentence, the actors a relation's domain and range allow, and edit + accept / reject written
through ``kg.extraction.ingest`` (the functions of ``kg review``: same checks, all or nothing).

An edit rewrites only the candidate's own block of ``data/review/<article>.yaml`` (the header
comments and the other records stay byte for byte); when the accept that follows is refused, the
file is put back as it was, so a refused accept changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kg.core.errors import DataError, KgError, NotFound
from kg.core.files import atomic_write

EDITABLE = ("subject", "relation", "object", "modality", "claimant", "date", "date_qualifier")
MAX_FIELD = 300           # characters of one edited field
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")


_PARTS: dict = {}


def _corpus_parts(data):
    """The data folder's articles and entities, read again only when one of their files changed
    (size or modification time): parsing entities.yaml is most of a review page's time."""
    from kg.core.config import data_dir
    from kg.corpus.catalog import load_articles, load_entities

    folder = Path(data_dir(data))
    files = [folder / "articles.yaml", folder / "entities.yaml", folder / "articles"]
    if (folder / "articles").is_dir():
        files += sorted((folder / "articles").iterdir())
    key = []
    for f in files:
        try:
            st = f.stat()
            key.append((str(f), st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            key.append((str(f), None))
    key = tuple(key)
    found = _PARTS.get(str(folder))
    if found is None or found[0] != key:
        found = (key, (load_articles(data), load_entities(data)))
        _PARTS.clear()
        _PARTS[str(folder)] = found
    return found[1]


def overview(data=None) -> list[dict]:
    """One row per review file: article id, title, counts by status."""
    from kg.corpus.catalog import load_articles
    from kg.extraction.ingest import load_reviews

    titles = {k: (a.title if a else k) for k, a in load_articles(data).items()}
    rows = []
    for rev in load_reviews(data):
        counts = {"pending": 0, "accepted": 0, "rejected": 0}
        for rec in rev.statements:
            status = rec.get("status", "pending")
            counts[status] = counts.get(status, 0) + 1
        rows.append({"article": rev.article, "title": titles.get(rev.article, rev.article), **counts})
    return rows


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) around [start, end): back to the previous sentence end, forward
    to the next one (or a paragraph break), at most 400 characters each way."""
    lo = max(0, start - 400)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    a = before[-1] if before else (lo if lo else 0)
    m = _SENTENCE_END.search(text, max(start, end - 1), min(len(text), end + 400))
    b = m.start() + 1 if m else min(len(text), end + 400)
    return a, max(b, end)


def paragraph(text: str, start: int, end: int, most: int = 600) -> tuple[int, int]:
    """The span of the paragraph around [start, end) (between blank lines), at most ``most``
    characters each way (cut at a space)."""
    lo = text.rfind("\n\n", 0, start)
    a = 0 if lo < 0 else lo + 2
    hi = text.find("\n\n", end)
    b = len(text) if hi < 0 else hi
    if start - a > most:
        a = text.find(" ", start - most, start) + 1 or start - most
    if b - end > most:
        cut = text.rfind(" ", end, end + most)
        b = cut if cut > end else end + most
    return a, max(b, end)


def marked_text(text: str, candidates: list[dict]) -> list[dict]:
    """The article's text cut at the candidates' spans: [{"text", "ids" (the candidates covering it,
    shortest first), "anchors" (those starting here), "status" (of the first)}]."""
    from kg.web.data import segments

    marks = [{"id": c["id"], "start": c["span"][0], "end": c["span"][1], "status": c["status"]}
             for c in candidates if c["span"][1] > c["span"][0]]
    out, seen = [], set()
    for seg in segments(text, marks):
        ids = [m["id"] for m in seg["marks"]]
        anchors = [i for i in ids if i not in seen]
        seen.update(anchors)
        out.append({"text": seg["text"], "ids": ids, "anchors": anchors,
                    "status": seg["marks"][0]["status"] if seg["marks"] else None})
    return out


def _choices(entities: dict, proposed: list[dict]) -> list[dict]:
    out = [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "new": False}
           for e in entities.values()]
    known = {e["id"] for e in out}
    out += [{"id": str(p["id"]), "name": str(p.get("name", p["id"])), "type": str(p.get("type", "")),
             "aliases": [str(a) for a in p.get("aliases") or []], "new": True}
            for p in proposed if str(p.get("id")) not in known and p.get("status", "proposed") != "rejected"]
    return sorted(out, key=lambda c: (c["name"].casefold(), c["id"]))


def allowed_types() -> dict[str, list[str]]:
    """Every class used as a relation's domain or range -> the entity types it admits."""
    from kg.core.namespaces import KG
    from kg.corpus.ontology import load_ontology, local_name, relations, subclass_closure

    onto = load_ontology()
    classes = {c for r in relations(onto).values() for c in (r.domain, r.range)}
    return {c: sorted(local_name(x) for x in subclass_closure(onto, KG[c])) for c in sorted(classes)}


def desk(data, article: str) -> dict:
    """Everything the review page of one article needs: its text, its candidates (each with the
    sentence it sits in, split around the quote), the relations with domain and range, the
    actors each class admits (known ones and the review file's proposed new ones)."""
    from kg.corpus.catalog import MODALITIES
    from kg.corpus.ontology import relations
    from kg.extraction.ingest import load_reviews

    reviews = load_reviews(data, [article])
    if not reviews:
        from kg.core.names import suggest
        known = [r.article for r in load_reviews(data)]
        raise NotFound(f"no review file for article {article!r}", suggestions=suggest(article, known))
    rev = reviews[0]
    arts, entities = _corpus_parts(data)
    art = arts.get(article)
    text = art.text if art is not None else ""
    candidates = []
    for rec in rev.statements:
        start, end = rec.get("start"), rec.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            from kg.corpus.quotes import find_quote
            span = find_quote(text, str(rec.get("quote", "")), 1) if text else None
            start, end = (span.start, span.end) if span else (0, 0)
        a, b = sentence(text, start, end)
        p0, p1 = paragraph(text, a, b)
        candidates.append({
            "id": str(rec.get("id")), "status": rec.get("status", "pending"),
            **{k: ("" if rec.get(k) is None else str(rec.get(k))) for k in EDITABLE},
            "modality": rec.get("modality", "asserted"), "confidence": rec.get("confidence"),
            "quote": str(rec.get("quote", "")), "before": text[a:start], "marked": text[start:end],
            "after": text[end:b], "para_before": text[p0:a], "para_after": text[b:p1],
            "span": (start, end), "new": rec.get("proposed_entities") or []})
    rels = sorted(relations().values(), key=lambda r: r.label.casefold())
    choices = _choices(entities, rev.entities)
    types = allowed_types()
    by_class = {c: [ch for ch in choices if ch["type"] in admitted] for c, admitted in types.items()}
    from kg.corpus.catalog import ENTITY_TYPES
    from kg.corpus.ontology import categories

    return {"article": article, "title": art.title if art else article, "candidates": candidates,
            "text": marked_text(text, candidates),
            "types": list(ENTITY_TYPES), "categories": sorted(categories()),
            "relations": [{"name": r.name, "label": r.label, "family": r.family, "domain": r.domain,
                           "range": r.range} for r in rels],
            "modalities": list(MODALITIES), "classes": by_class, "actors": choices,
            "pending": sum(1 for c in candidates if c["status"] == "pending")}


# ------------------------------------------------------------------ edits and decisions

def _block(lines: list[str], first: int) -> tuple[int, int, int]:
    """(start, stop, lead) of the YAML list item starting at line index ``first``."""
    lead = len(lines[first]) - len(lines[first].lstrip(" "))
    stop = first + 1
    while stop < len(lines):
        line = lines[stop]
        col = len(line) - len(line.lstrip(" "))
        if line.strip() and not line.lstrip().startswith("#") and col <= lead:
            break
        stop += 1
    while stop > first + 1 and not lines[stop - 1].strip():
        stop -= 1
    return first, stop, lead


def _clean(changes: dict) -> dict:
    out = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            raise KgError(f"{key!r} cannot be edited here (editable: {', '.join(EDITABLE)})")
        value = "" if value is None else str(value).strip()
        if len(value) > MAX_FIELD:
            raise KgError(f"{key} is longer than {MAX_FIELD} characters")
        if key == "date" and value:
            from kg.corpus.catalog import parse_date
            try:
                parse_date(value)
            except ValueError as exc:
                raise KgError(str(exc)) from None
        out[key] = value
    for key in ("subject", "relation", "object"):
        if key in out and not out[key]:
            raise KgError(f"the {key} cannot be empty")
    return out


def edit_candidate(data, cid: str, changes: dict) -> Path:
    """Write ``changes`` (field -> text; empty text removes an optional field) into candidate
    ``cid``'s block of its review file. Returns the file's path."""
    from kg.core.config import writable_data_dir
    from kg.extraction.ingest import load_reviews

    changes = _clean(changes)
    data = writable_data_dir(data)
    for rev in load_reviews(data):
        for rec in rev.statements:
            if str(rec.get("id")) != cid:
                continue
            if rec.get("status", "pending") != "pending":
                raise KgError(f"candidate {cid} is already {rec.get('status')}")
            record = {k: v for k, v in _plain(rec).items()}
            for key, value in changes.items():
                if value:
                    record[key] = value
                else:
                    record.pop(key, None)
            if record.get("date") and changes.get("date"):
                record["date"] = changes["date"]
            if changes.get("subject") or changes.get("object") or changes.get("claimant"):
                proposed = {str(e.get("id")) for e in rev.entities}
                new = sorted({record.get(k) for k in ("subject", "object", "claimant")} & proposed)
                if new:
                    record["proposed_entities"] = new
                else:
                    record.pop("proposed_entities", None)
            lines = rev.path.read_text(encoding="utf-8").splitlines(keepends=True)
            start, stop, lead = _block(lines, rec["__line__"] - 1)
            dumped = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10_000)
            block = "".join(" " * lead + ln if ln.strip() else ln for ln in dumped.splitlines(keepends=True))
            atomic_write(rev.path, "".join(lines[:start]) + block + "".join(lines[stop:]))
            return rev.path
    raise NotFound(f"no candidate {cid!r} in data/review/")


def propose_entity(data, article: str, name: str, type_: str, category: str) -> str:
    """Add a proposed new actor to the ``entities:`` of the article's review file (as ``kg ingest``
    proposes them) and return its id; ``kg review accept`` adds it to data/entities.yaml with the
    first accepted statement that uses it. An existing id is reused when name, type and category match."""
    from kg.core.config import writable_data_dir
    from kg.corpus.catalog import ENTITY_TYPES, load_entities
    from kg.corpus.ontology import categories
    from kg.core.names import fold
    from kg.extraction.ingest import load_reviews

    name, type_, category = (str(x or "").strip() for x in (name, type_, category))
    if not name or len(name) > MAX_FIELD:
        raise KgError(f"a new actor needs a name of 1 to {MAX_FIELD} characters")
    if type_ not in ENTITY_TYPES:
        raise KgError(f"a new actor's type must be one of {', '.join(ENTITY_TYPES)}")
    if category not in categories():
        raise KgError(f"unknown category {category!r}; known: {', '.join(sorted(categories()))}")
    data = writable_data_dir(data)
    (rev,) = load_reviews(data, [article]) or [None]
    if rev is None:
        raise NotFound(f"no review file for article {article!r}")
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:50].rstrip("-") or "actor"
    taken = set(load_entities(data))
    ident, k = base, 2
    for raw in rev.entities:
        if str(raw.get("id")) == ident and (raw.get("name"), raw.get("type"), raw.get("category")) == (
                name, type_, category):
            return ident
    while ident in taken or any(str(e.get("id")) == ident for e in rev.entities):
        ident, k = f"{base}-{k}", k + 1
    entities = [_plain(e) for e in rev.entities] + [
        {"id": ident, "name": name, "type": type_, "category": category, "status": "proposed"}]
    lines = rev.path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if re.match(r"^entities:", ln)), None)
    block = yaml.safe_dump({"entities": entities}, allow_unicode=True, sort_keys=False, width=10_000)
    if start is None:
        text = "".join(lines) + ("" if not lines or lines[-1].endswith("\n") else "\n") + block
    else:
        stop = start + 1
        while stop < len(lines) and not re.match(r"^[A-Za-z_]", lines[stop]):
            stop += 1
        text = "".join(lines[:start]) + block + "".join(lines[stop:])
    atomic_write(rev.path, text)
    return ident


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "__line__"}
    return [_plain(v) for v in value] if isinstance(value, list) else value


def _problems(exc: Exception) -> list[str]:
    found = getattr(exc, "problems", None)
    return [str(p) for p in found] if found else [str(exc)]


def decide(data, action: str, ids=(), *, article: str | None = None, edits: dict | None = None,
           new_actors: dict | None = None) -> dict:
    """``accept`` or ``reject`` candidates ``ids`` (or, with ``article`` and no ids, every pending
    one of that article), after writing ``edits`` ({id: {field: value}}) and proposing ``new_actors``
    ({id: {"role": "subject"|"object", "name", "type", "category"}}: the candidate's subject or
    object becomes that new actor). All or nothing: on a refusal every review file touched is
    restored and {"ok": False, "problems": [...]} returned."""
    from kg.core.config import writable_data_dir
    from kg.extraction.ingest import accept_candidates, reject_candidates

    if action not in ("accept", "reject"):
        raise KgError(f"unknown review action {action!r}: accept or reject")
    ids = [str(i) for i in ids]
    if not ids and not article:
        raise KgError("choose candidates, or an article for all its pending candidates")
    data = writable_data_dir(data)
    folder = data / "review"
    saved = {p: p.read_bytes() for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
    try:
        edits = {k: dict(v) for k, v in (edits or {}).items()}
        for cid, new in (new_actors or {}).items():
            if new.get("role") not in ("subject", "object"):
                raise KgError("a new actor is the subject or the object of its candidate")
            if not article:
                raise KgError("a new actor needs the candidate's article")
            ident = propose_entity(data, article, new.get("name"), new.get("type"), new.get("category"))
            edits.setdefault(cid, {})[new["role"]] = ident
        for cid, changes in edits.items():
            if changes:
                edit_candidate(data, cid, changes)
        if action == "accept":
            done = accept_candidates(ids, data, all_pending=not ids, articles=[article] if article else None)
        else:
            done = reject_candidates(ids, data, all_pending=not ids, articles=[article] if article else None)
    except (DataError, KgError) as exc:
        for path, raw in saved.items():
            if path.read_bytes() != raw:
                atomic_write(path, raw)
        return {"ok": False, "problems": _problems(exc), "done": []}
    return {"ok": True, "problems": [], "done": done}
