"""How good is the extractor? Precision, recall and F1 against the curated statements.

A candidate counts as correct when its (subject, relation, object) is among the curated triples of
the same article (sets: a triple stated twice counts once). Two protocols:

- ``curated``: the extractor as shipped -- every pattern of the language pack and every alias of
  the entity catalogue -- on each curated article. Patterns were tuned on these articles, so this
  is the optimistic number.
- ``loo`` (leave one article out): scoring article A, the extractor keeps only the patterns whose
  ``source`` is ``general`` or another curated article, and only the catalogue aliases that do not
  occur in A or also occur in another curated article (entity names are always kept). What was
  written for A is not used on A.

Also reported: the share of candidates whose quote is a verbatim span of the article
(``text[start:end] == quote`` and ``kg.quotes.find_quote`` finds it), which must be 100%.
"""

from __future__ import annotations

from pathlib import Path

from kg.corpus.catalog import load_corpus
from kg.core.config import data_dir
from kg.core.errors import KgError
from kg.corpus.quotes import find_quote

PROTOCOLS = ("curated", "loo")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _squash(text: str) -> str:
    from kg.extraction.extract import fold
    return " ".join(fold(text).split())


def evaluate(data=None, articles=None, protocols=PROTOCOLS, progress=None) -> dict:
    """Scores per protocol, article and relation. ``articles``: ids (default: every article with
    curated statements)."""
    from kg.extraction.extract import Extractor

    corpus = load_corpus(Path(data_dir(data)))
    gold: dict[str, set] = {}
    for st in corpus.statements:
        gold.setdefault(st.article, set()).add((st.subject, st.relation, st.object))
    targets = list(articles) if articles else sorted(gold)
    for aid in targets:
        if aid not in gold:
            raise KgError(f"article {aid!r} has no curated statements to compare with"
                          f" (articles with statements: {', '.join(sorted(gold))})")
    for proto in protocols:
        if proto not in PROTOCOLS:
            raise KgError(f"unknown protocol {proto!r} (choose from {', '.join(PROTOCOLS)})")
    texts = {aid: _squash(corpus.articles[aid].text) for aid in gold}
    results, rows, shared = {}, [], None
    for proto in protocols:
        per_article, totals = {}, {"tp": 0, "pred": 0, "gold": 0, "quotes": 0, "verbatim": 0}
        by_rel: dict[str, dict] = {}
        for aid in targets:
            if progress:
                progress(f"{proto}: {aid}")
            art = corpus.articles[aid]
            if proto == "curated":
                shared = shared or Extractor(corpus.entities, art.language)
                ex = shared
            else:
                others = [a for a in gold if a != aid]
                ex = Extractor(corpus.entities, art.language, sources={"general", *others},
                               alias_ok=lambda ent, alias, aid=aid, others=others: (
                                   _squash(alias) not in texts[aid]
                                   or any(_squash(alias) in texts[o] for o in others)))
            found = ex.extract(art.text, article_date=art.date, author=art.author)
            pred = {c.triple for c in found.candidates}
            verbatim = sum(1 for c in found.candidates if art.text[c.start:c.end] == c.quote
                           and find_quote(art.text, c.quote) is not None)
            tp = pred & gold[aid]
            per_article[aid] = {"gold": len(gold[aid]), "extracted": len(pred), "correct": len(tp),
                                **_prf(len(tp), len(pred), len(gold[aid])),
                                "quotes_verbatim": f"{verbatim}/{len(found.candidates)}",
                                "missed": sorted(map(list, gold[aid] - pred)),
                                "wrong": sorted(map(list, pred - gold[aid]))}
            for key, val in (("tp", len(tp)), ("pred", len(pred)), ("gold", len(gold[aid])),
                             ("quotes", len(found.candidates)), ("verbatim", verbatim)):
                totals[key] += val
            for rel in {t[1] for t in pred | gold[aid]}:
                r = by_rel.setdefault(rel, {"tp": 0, "pred": 0, "gold": 0})
                r["tp"] += sum(1 for t in tp if t[1] == rel)
                r["pred"] += sum(1 for t in pred if t[1] == rel)
                r["gold"] += sum(1 for t in gold[aid] if t[1] == rel)
            rows.append({"protocol": proto, "article": aid, "relation": "(all)",
                         **{k: per_article[aid][k] for k in ("gold", "extracted", "correct", "precision",
                                                             "recall", "f1", "quotes_verbatim")}})
        overall = {"gold": totals["gold"], "extracted": totals["pred"], "correct": totals["tp"],
                   **_prf(totals["tp"], totals["pred"], totals["gold"]),
                   "quotes_verbatim": f"{totals['verbatim']}/{totals['quotes']}"}
        relations = {rel: {"gold": v["gold"], "extracted": v["pred"], "correct": v["tp"],
                           **_prf(v["tp"], v["pred"], v["gold"])} for rel, v in sorted(by_rel.items())}
        results[proto] = {"overall": overall, "articles": per_article, "relations": relations}
        rows.append({"protocol": proto, "article": "(all)", "relation": "(all)", **overall})
        rows += [{"protocol": proto, "article": "(all)", "relation": rel, **v, "quotes_verbatim": ""}
                 for rel, v in relations.items()]
    return {"protocols": results, "rows": rows}
