"""``kg eval --corpus DIR``: the extractor scored on a corpus of articles with gold facts.

A corpus folder holds ``articles/`` (the texts), ``articles.json`` (``[{file, date, publisher,
language, ...}]``) and ``facts.json`` (``[{id, article, a, b, kw, relation, quote, ...}]``), the
format of the shared evaluation corpus. Each article is ingested as a new user would -- by
``kg.extraction.ingest.ingest`` into a scratch copy of the data folder whose curated statements and
review files are removed -- and the candidates of its review file are compared with its gold facts.
Everything happens in this process (each language's pipeline is loaded once); the user's data
folder is only read.

Matching rule (the corpus README's, and its reference ``score.py``'s). A name is folded: NFKD,
accents dropped, lower case, every run of characters other than ``a-z0-9`` one space; as in
``score.py``, what NFKD leaves outside ASCII is dropped first (``Jama’at`` -> ``jamaat``, where the
README's example says ``jama at``). An entity's
labels are its id (hyphens as spaces), its name and its aliases, folded, from the catalogue or the
review file's proposed entities; an entity fits a pattern when ``re.search(pattern, label, re.I)``
succeeds on one label. A candidate matches a gold fact of its article when its subject fits ``a``
and its object fits ``b`` or the other way round, and ``kw`` is found in the relation's name, as
written (camelCase) or as words. precision = matching candidates / candidates (a lower bound: a
true statement the gold leaves out counts against it); recall = facts matched / facts. An article
whose ingest fails (or gives no review file) counts its facts and no candidate; when every article
fails for the same reason (no model, no language pack), that reason is the error.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.core.config import data_dir
from kg.core.errors import DataError, KgError

MAX_ARTICLES = 500
MAX_JSON_BYTES = 20_000_000
LANGS = ("en", "fr", "all")


def label_fold(text) -> str:
    """``Côte d'Ivoire`` -> ``cote d ivoire``, ``Jama'at`` -> ``jama at``, ``Jama’at`` -> ``jamaat``
    (``score.py``'s folding)."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def relation_words(relation: str) -> str:
    """``attacksConvoysFrom`` -> ``attacks convoys from``."""
    return label_fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation))


@dataclass(frozen=True)
class Fact:
    id: str
    article: str
    a: re.Pattern
    b: re.Pattern
    kw: re.Pattern
    relation: str = ""
    quote: str = ""


def entity_labels(records) -> dict[str, set[str]]:
    """Entity id -> folded labels, from entity records (``id``, ``name``, ``aliases``); a later
    record with the same id replaces an earlier one."""
    labels: dict[str, set[str]] = {}
    for e in records:
        if isinstance(e, dict) and e.get("id"):
            labels[str(e["id"])] = ({label_fold(str(e["id"]).replace("-", " ")), label_fold(e.get("name", ""))}
                                    | {label_fold(a) for a in e.get("aliases") or []})
    return labels


def _fits(entity, pattern: re.Pattern, labels: dict[str, set[str]]) -> bool:
    return any(pattern.search(lab) for lab in labels.get(entity, {label_fold(entity)}) if lab)


def matches(candidate: dict, fact: Fact, labels: dict[str, set[str]]) -> bool:
    """Does a candidate record (``subject``, ``relation``, ``object``) match a gold fact?"""
    s, o = candidate.get("subject", ""), candidate.get("object", "")
    rel = str(candidate.get("relation", ""))
    pair = ((_fits(s, fact.a, labels) and _fits(o, fact.b, labels))
            or (_fits(s, fact.b, labels) and _fits(o, fact.a, labels)))
    return bool(pair and (fact.kw.search(rel) or fact.kw.search(relation_words(rel))))


def _prf(matching: int, candidates: int, found: int, facts: int) -> dict:
    return {"precision": round(matching / candidates, 3) if candidates else 0.0,
            "recall": round(found / facts, 3) if facts else 0.0}


def score_candidates(candidates: list[dict], facts: list[Fact], labels: dict[str, set[str]]) -> dict:
    """Counts for one article: candidates, matching, facts, found; the unmatched candidates and
    the ids of the missed facts."""
    hit = [any(matches(c, f, labels) for f in facts) for c in candidates]
    found = [f for f in facts if any(matches(c, f, labels) for c in candidates)]
    return {"candidates": len(candidates), "matching": sum(hit), "facts": len(facts), "found": len(found),
            "unmatched": [{k: c.get(k) for k in ("subject", "relation", "object", "modality", "claimant", "quote")}
                          for c, h in zip(candidates, hit) if not h],
            "missed": [f.id for f in facts if f not in found]}


# ------------------------------------------------------------------ reading a corpus folder

def _read_json(path: Path):
    if not path.is_file():
        raise KgError(f"{path}: missing (a corpus folder holds articles/, articles.json and facts.json)")
    if path.stat().st_size > MAX_JSON_BYTES:
        raise DataError(f"larger than {MAX_JSON_BYTES} bytes; not read", path=str(path))
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"not JSON ({exc})", path=str(path)) from None
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise DataError("must be a JSON list of objects", path=str(path))
    return value


def _pattern(fact: dict, key: str, path: Path) -> re.Pattern:
    where = f"fact {fact.get('id', '?')}"
    if not isinstance(fact.get(key), str) or not fact[key]:
        raise DataError(f"{where}: {key!r} must be a non-empty regular expression", path=str(path))
    try:
        return re.compile(fact[key], re.I)
    except re.error as exc:
        raise DataError(f"{where}: {key!r} is not a regular expression ({exc})", path=str(path)) from None


def load_eval_corpus(folder, lang: str = "all", articles=None,
                     max_articles: int = MAX_ARTICLES) -> tuple[list[dict], dict[str, list[Fact]]]:
    """The corpus's article records (only ``lang``'s, only the files named in ``articles`` --
    file names or their stems) and its gold facts by article file. Every article named must have
    its text in ``articles/``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KgError(f"{folder}: no such corpus folder")
    if lang not in LANGS:
        raise KgError(f"unknown language {lang!r} (choose from {', '.join(LANGS)})")
    meta = _read_json(folder / "articles.json")
    for m in meta:
        name = m.get("file")
        if not isinstance(name, str) or not name or Path(name).name != name:
            raise DataError(f"article {name!r}: 'file' must be a file name in articles/",
                            path=str(folder / "articles.json"))
    known = {m["file"] for m in meta} | {Path(m["file"]).stem for m in meta}
    for want in articles or ():
        if want not in known:
            raise KgError(f"no article {want!r} in {folder / 'articles.json'}")
    meta = [m for m in meta if (lang == "all" or m.get("language", "en") == lang)
            and (not articles or m["file"] in articles or Path(m["file"]).stem in articles)]
    if len(meta) > max_articles:
        raise KgError(f"{folder}: {len(meta)} articles to score, more than the limit of {max_articles}"
                      " (raise it with --max-articles)")
    for m in meta:
        if not (folder / "articles" / m["file"]).is_file():
            raise KgError(f"{folder / 'articles' / m['file']}: missing (named in articles.json)")
    facts: dict[str, list[Fact]] = {}
    path = folder / "facts.json"
    for f in _read_json(path):
        if not isinstance(f.get("article"), str):
            raise DataError(f"fact {f.get('id', '?')}: 'article' must be an article's file name", path=str(path))
        facts.setdefault(f["article"], []).append(Fact(
            str(f.get("id", "")), f["article"], _pattern(f, "a", path), _pattern(f, "b", path),
            _pattern(f, "kw", path), str(f.get("relation", "")), str(f.get("quote", ""))))
    return meta, facts


# ------------------------------------------------------------------ running the extractor

def _scratch_data(source: Path, scratch: Path) -> Path:
    """A copy of the data folder without curated statements and review files."""
    data = scratch / "data"
    shutil.copytree(source, data)
    for st in (data / "statements").glob("*.yaml"):
        st.unlink()
    shutil.rmtree(data / "review", ignore_errors=True)
    return data


def _verbatim(text: str, candidates: list[dict]) -> int:
    return sum(1 for c in candidates if isinstance(c.get("start"), int) and isinstance(c.get("end"), int)
               and text[c["start"]:c["end"]] == c.get("quote"))


def evaluate_corpus(folder, data=None, *, lang: str = "all", articles=None, keep=None,
                    max_articles: int = MAX_ARTICLES, progress=None) -> dict:
    """Score the extractor on the corpus in ``folder``; see the module doc. ``data``: the data
    folder whose catalogue the extractor uses (copied, never written); ``keep``: a new or empty
    folder to keep the scratch data folder in (default: a temporary folder, removed).
    ``progress(file, total)`` is called before each article.

    Returns ``{"corpus", "lang", "articles": [per article], "languages": {code: totals},
    "overall": totals}``; totals hold candidates, matching, facts, found, precision, recall,
    verbatim (candidates whose quote is ``text[start:end]``) and failed (articles not ingested)."""
    from kg.extraction.ingest import ingest

    folder = Path(folder)
    meta, facts = load_eval_corpus(folder, lang, articles, max_articles)
    source = Path(data_dir(data))
    if not (source / "entities.yaml").is_file():
        raise KgError(f"{source}: not a data folder (no entities.yaml)")
    if keep is not None:
        keep = Path(keep)
        if keep.resolve().is_relative_to(source.resolve()):
            raise KgError(f"{keep}: inside the data folder {source} (--keep wants a folder outside it)")
        if keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
            raise KgError(f"{keep}: exists and is not an empty folder (--keep wants a new or empty folder)")
        keep.mkdir(parents=True, exist_ok=True)
        scratch = keep
    else:
        scratch = Path(tempfile.mkdtemp(prefix="kg-eval-corpus-"))
    try:
        work = _scratch_data(source, scratch)
        ents = yaml.safe_load((work / "entities.yaml").read_text(encoding="utf-8"))
        ents = ents.get("entities", ents) if isinstance(ents, dict) else ents
        extractors: dict = {}
        rows = []
        for m in meta:
            path = folder / "articles" / m["file"]
            if progress:
                progress(m["file"], len(meta))
            gold = facts.get(m["file"], [])
            options = {"language": m.get("language", "en"), "date": m.get("date") or None,
                       "publisher": m.get("publisher") or None}
            error, review = None, None
            try:
                done = ingest([path], work, options=options, extractors=extractors)
            except KgError as exc:
                error = str(exc)
            else:
                rev_path = work / "review" / f"{done[0]['article']}.yaml"
                if done[0]["status"] != "ingested" or not rev_path.is_file():
                    error = f"no review file ({done[0]['status']})"
                else:
                    review = yaml.safe_load(rev_path.read_text(encoding="utf-8")) or {}
            if review is None:
                row = {"candidates": 0, "matching": 0, "facts": len(gold), "found": 0, "unmatched": [],
                       "missed": [f.id for f in gold], "verbatim": 0}
            else:
                labels = entity_labels(list(ents or []) + list(review.get("entities") or []))
                cands = review.get("statements") or []
                row = score_candidates(cands, gold, labels)
                row["verbatim"] = _verbatim(path.read_text(encoding="utf-8"), cands)
            rows.append({"file": m["file"], "language": m.get("language", "en"),
                         "article": None if review is None else done[0]["article"], **row,
                         **_prf(row["matching"], row["candidates"], row["found"], row["facts"]),
                         "error": error})
    finally:
        if keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    errors = {r["error"] for r in rows}
    if rows and None not in errors and len(errors) == 1:
        raise KgError(f"no article of {folder} could be ingested: {errors.pop()}")
    return {"corpus": str(folder), "lang": lang, "articles": rows,
            "languages": {code: _totals([r for r in rows if r["language"] == code])
                          for code in sorted({r["language"] for r in rows})},
            "overall": _totals(rows)}


def _totals(rows: list[dict]) -> dict:
    t = {k: sum(r[k] for r in rows) for k in ("candidates", "matching", "facts", "found", "verbatim")}
    return {"articles": len(rows), **t, **_prf(t["matching"], t["candidates"], t["found"], t["facts"]),
            "failed": sum(1 for r in rows if r["error"])}


def table_rows(result: dict) -> list[dict]:
    """One row per article, per language and overall, for ``kg.query.tables.render``."""
    cols = ("candidates", "matching", "facts", "found", "precision", "recall", "verbatim")
    rows = [{"article": r["file"], "language": r["language"], **{k: r[k] for k in cols},
             "error": r["error"] or ""} for r in result["articles"]]
    rows += [{"article": "(all)", "language": code, **{k: t[k] for k in cols},
              "error": f"{t['failed']} failed" if t["failed"] else ""}
             for code, t in result["languages"].items()]
    t = result["overall"]
    rows.append({"article": "(all)", "language": "(all)", **{k: t[k] for k in cols},
                 "error": f"{t['failed']} failed" if t["failed"] else ""})
    return rows
