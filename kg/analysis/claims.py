"""Who says what, and where the sources disagree.

``claims`` lists statements grouped by claimant (who the article attributes them to; the article's
own voice when nobody) or by source article. ``conflicts`` finds facts told by two voices (another
article, or another claimant) that do not agree: the same subject, relation and object with
quantities that differ (a different amount, or a different currency), dates that cannot both be
true (compared at the coarser precision, so "2024" and "2024-09" agree), or opposite modalities
(asserted/likely against negated/unlikely). Nothing is hard-coded: the ransom shows up because one
article says $50 million and the other 50 million euros.
"""

from __future__ import annotations

from itertools import combinations

from kg.core.errors import KgError, NotFound
from kg.core.names import suggest
from kg.query.statements import edge_rows, node_table

OWN_VOICE = "(the article's own voice)"
CLAIM_GROUPS = ("claimant", "source")
_POSITIVE, _NEGATIVE = {"asserted", "likely"}, {"negated", "unlikely"}


def format_quantity(q: dict | None) -> str:
    """``{"value": "50000000", "currency": "USD"}`` -> ``50,000,000 USD``; ``more than 70 victims``."""
    if not q:
        return ""
    value = q.get("value") or ""
    try:
        number = float(value)
        value = f"{int(number):,}" if number.is_integer() else f"{number:,}"
    except ValueError:
        pass
    return " ".join(x for x in (q.get("approx"), value, q.get("currency") or q.get("unit")) if x)


def _row(e: dict, labels: dict) -> dict:
    return {"subject": labels.get(e["source"], e["source"]), "relation": e["label"],
            "object": labels.get(e["target"], e["target"]), "modality": e["modality"],
            "date": _when(e), "quantity": format_quantity(e["quantity"]) or None,
            "quote": " ".join(e["quote"].split()), "article": e["article"],
            "claimant": e["claimant"], "statement": e["id"]}


def _when(e: dict) -> str | None:
    if e["date"] is None:
        return None
    return f"{e['qualifier']} {e['date']}" if e["qualifier"] else e["date"]


def claims(store, by: str = "claimant", claimant: str | None = None, source: str | None = None,
           attributed_only: bool = False, hedged_only: bool = False) -> list[dict]:
    """Every statement as a row with its ``group`` (the claimant's name, or the article id), sorted
    by group then statement id. ``claimant`` (a name or alias) and ``source`` (an article id) filter;
    ``attributed_only`` drops the articles' own voice; ``hedged_only`` keeps what is not asserted."""
    if by not in CLAIM_GROUPS:
        raise KgError(f"cannot group by {by!r} (choose from {', '.join(CLAIM_GROUPS)})")
    labels = {iri: n["label"] for iri, n in node_table(store).items()}
    edges = edge_rows(store)
    articles = sorted({e["article"] for e in edges})
    if claimant is not None:
        from kg.query.views import resolve

        wanted = labels[str(resolve(store, claimant))]
        edges = [e for e in edges if e["claimant"] == wanted]
    if source is not None:
        if source not in articles:
            raise NotFound(f"no source article {source!r}",
                           suggestions=suggest(source, articles, cutoff=0.3))
        edges = [e for e in edges if e["article"] == source]
    if attributed_only:
        edges = [e for e in edges if e["claimant"]]
    if hedged_only:
        edges = [e for e in edges if e["modality"] != "asserted"]
    rows = []
    for e in edges:
        group = (e["claimant"] or OWN_VOICE) if by == "claimant" else e["article"]
        rows.append({"group": group, **_row(e, labels)})
    rows.sort(key=lambda r: (r["group"] == OWN_VOICE, r["group"].casefold(), r["statement"]))
    return rows


def claims_summary(rows: list[dict]) -> list[dict]:
    """Per group: how many statements, how many of them asserted, and the articles they come from."""
    out: dict[str, dict] = {}
    for r in rows:
        g = out.setdefault(r["group"], {"group": r["group"], "statements": 0, "asserted": 0, "articles": set()})
        g["statements"] += 1
        g["asserted"] += r["modality"] == "asserted"
        g["articles"].add(r["article"])
    return [{**g, "articles": sorted(g["articles"])} for g in out.values()]


# ------------------------------------------------------------------------------------ conflicts

def _numbers_differ(a: str, b: str) -> bool:
    try:
        return float(a) != float(b)
    except ValueError:
        return a.strip() != b.strip()


def quantities_disagree(q1: dict | None, q2: dict | None) -> bool:
    """Two quantities of the same kind that differ. Money against money compares value and
    currency; otherwise only quantities in the same unit are compared (70 victims vs 2 months is
    not a disagreement, it is two different measurements)."""
    if not q1 or not q2:
        return False
    if q1.get("currency") or q2.get("currency"):
        if not (q1.get("currency") and q2.get("currency")):
            return False
        return q1["currency"] != q2["currency"] or _numbers_differ(q1["value"], q2["value"])
    if (q1.get("unit") or "").casefold() != (q2.get("unit") or "").casefold():
        return False
    return _numbers_differ(q1["value"], q2["value"])


def dates_disagree(d1: str | None, d2: str | None) -> bool:
    """Two (partial) ISO dates that cannot name the same time: compared at the coarser precision."""
    if not d1 or not d2:
        return False
    n = min(len(d1), len(d2))
    return d1[:n] != d2[:n]


def modalities_disagree(m1: str, m2: str) -> bool:
    return (m1 in _POSITIVE and m2 in _NEGATIVE) or (m1 in _NEGATIVE and m2 in _POSITIVE)


ASPECTS = {
    "quantity": (lambda e: e["quantity"], quantities_disagree, lambda e: format_quantity(e["quantity"])),
    "date": (lambda e: e["date"], dates_disagree, _when),
    "modality": (lambda e: e["modality"], modalities_disagree, lambda e: e["modality"]),
}


def conflicts(store, same_object: bool = True, include_claims: bool = True,
              aspects: tuple[str, ...] = tuple(ASPECTS)) -> list[dict]:
    """Facts on which two voices disagree. Statements are grouped by subject + relation + object
    (``same_object=False``: by subject + relation only, which also catches "paid X to A" against
    "paid Y to B", at the price of comparing different events); in each group, every pair from
    different voices (article + claimant) is compared on each aspect. Rows: one per side of each
    conflict, numbered (``conflict``), with the aspect, the side's value, quote, article, claimant."""
    unknown = set(aspects) - set(ASPECTS)
    if unknown:
        raise KgError(f"unknown aspect {sorted(unknown)[0]!r} (choose from {', '.join(ASPECTS)})")
    labels = {iri: n["label"] for iri, n in node_table(store).items()}
    groups: dict[tuple, list[dict]] = {}
    for e in edge_rows(store):
        if not include_claims and e["modality"] != "asserted":
            continue
        key = (e["source"], e["relation"], e["target"] if same_object else None)
        groups.setdefault(key, []).append(e)
    found = []
    for key in sorted(groups, key=lambda k: tuple(x or "" for x in k)):
        members = groups[key]
        for aspect in aspects:
            value, differ, show = ASPECTS[aspect]
            sides: dict[str, dict] = {}
            for a, b in combinations(members, 2):
                if (a["article"], a["claimant"]) == (b["article"], b["claimant"]):
                    continue
                if value(a) is not None and value(b) is not None and differ(value(a), value(b)):
                    sides[a["id"]], sides[b["id"]] = a, b
            if sides:
                found.append((aspect, [sides[k] for k in sorted(sides)], show))
    rows = []
    for i, (aspect, sides, show) in enumerate(found, 1):
        for e in sides:
            r = _row(e, labels)
            rows.append({"conflict": i, "aspect": aspect, "subject": r["subject"], "relation": r["relation"],
                         "object": r["object"], "value": show(e), **{k: r[k] for k in
                         ("quote", "article", "claimant", "modality", "date", "quantity", "statement")}})
    return rows
