"""What happened, in order: every dated statement and dated event, with its precision kept honest,
as rows (table, csv, json); ``kg.pages.timeline`` draws them as a page.

What is on the timeline
- every statement with a start date (``schema:startDate``) or, failing that, an end date (shown as
  "until 2025-11-10" and placed at that date), asserted ones by default (``include_claims`` for
  hedged, negated and scenario statements, marked with their modality);
- every event entity with a date in the catalogue (the 2012 Tuareg revolt), placed by that date,
  with the quote of the first statement naming it -- unless a dated statement about the event
  already places it at that date (the blockade declared in September 2025), so it is not listed twice.

Order: by date as written (ISO, as precise as known), so a coarser date sorts before the finer
dates inside it: ``2024`` < ``2024-09`` < ``2025-09`` < ``2025-09-03``; within the same date,
"early" before no qualifier before "mid" before "late", then by statement id. A month is never
turned into a day: ``date`` is shown as written, with its precision and qualifier ("late 2025-10").
"""

from __future__ import annotations

from kg.analysis.claims import format_quantity
from kg.query.statements import check_dates, edge_rows, in_window, node_table

QUALIFIER_ORDER = {"early": 0, "since": 1, "mid": 2, "late": 3}
COLUMNS = ["when", "precision", "kind", "subject", "relation", "object", "quote", "article",
           "claimant", "statement"]

END_DATES = "SELECT ?id ?end WHERE { ?st a kg:Statement ; dcterms:identifier ?id ; schema:endDate ?end }"
EVENTS = """SELECT ?e ?date ?precision ?qualifier WHERE {
  ?e a kg:Event ; schema:startDate ?date .
  OPTIONAL { ?e kg:datePrecision/skos:prefLabel ?precision }
  OPTIONAL { ?e kg:dateQualifier ?qualifier }
}"""


def when(date: str | None, qualifier: str | None = None, end: str | None = None) -> str:
    """How a date is shown: ``2025-09-03``, ``2025-09``, ``late 2025-10``, ``until 2025-11-10``,
    ``2025-09 to 2025-11-10``."""
    start = f"{qualifier} {date}" if qualifier and date else date
    if start and end:
        return f"{start} to {end}"
    return start or (f"until {end}" if end else "")


def _precision(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(date), "day")


def _sort_key(row: dict) -> tuple:
    return (row["date"], QUALIFIER_ORDER.get(row["qualifier"] or "", 1), row["kind"] != "event",
            row["statement"] or "", row["subject"])


def timeline(store, actors: tuple[str, ...] | list[str] = (), date_from: str | None = None,
             date_to: str | None = None, include_claims: bool = False) -> list[dict]:
    """The timeline rows, in order (see the module docstring). ``actors``: names or aliases; a
    statement is kept when one of them is its subject, object or claimant, an event when one of them
    is linked to it by a statement. ``date_from``/``date_to``: ISO prefixes, compared at the
    coarser precision (``--from 2025-09`` keeps "2025" too, as it may be in September)."""
    from kg.query.views import name_index, resolve

    check_dates(date_from, date_to)
    nodes = node_table(store)
    labels = {iri: n["label"] for iri, n in nodes.items()}
    index = name_index(store) if actors else None
    wanted = {str(resolve(store, a, index)) for a in actors}
    wanted_labels = {labels[w] for w in wanted}
    ends = {str(r.id): str(r.end) for r in store.query(END_DATES)}
    edges = edge_rows(store)
    rows = []
    for e in edges:
        end = ends.get(e["id"])
        if e["date"] is None and end is None:
            continue
        if not include_claims and e["modality"] != "asserted":
            continue
        if wanted and not ({e["source"], e["target"]} & wanted or e["claimant"] in wanted_labels):
            continue
        rows.append(_statement_row(e, labels, end))
    for b in store.query(EVENTS):
        iri, date = str(b.e), str(b.date)
        about = [e for e in edges if iri in (e["source"], e["target"])
                 and (include_claims or e["modality"] == "asserted")]
        if any(e["date"] == date for e in about):
            continue          # a dated statement about the event already places it
        if wanted and iri not in wanted and not any({e["source"], e["target"]} & wanted for e in about):
            continue
        rows.append(_event_row(nodes[iri], date, b.qualifier and str(b.qualifier), about))
    rows = [r for r in rows if in_window(r["date"], date_from, date_to)]
    return sorted(rows, key=_sort_key)


def _statement_row(e: dict, labels: dict, end: str | None) -> dict:
    date = e["date"] or end
    return {"when": when(e["date"], e["qualifier"], end), "precision": e["precision"] or _precision(date),
            "kind": "statement", "subject": labels[e["source"]], "relation": e["label"],
            "object": labels[e["target"]], "quote": " ".join(e["quote"].split()), "article": e["article"],
            "claimant": e["claimant"], "statement": e["id"], "date": date, "qualifier": e["qualifier"],
            "end_date": end, "modality": e["modality"], "article_title": e["article_title"],
            "quantity": format_quantity(e["quantity"]) or None, "place": e["place"],
            "event_type": e["event_type"]}


def _event_row(node: dict, date: str, qualifier: str | None, about: list[dict]) -> dict:
    ev = about[0] if about else None
    return {"when": when(date, qualifier), "precision": _precision(date), "kind": "event",
            "subject": node["label"], "relation": "", "object": "",
            "quote": " ".join(ev["quote"].split()) if ev else "", "article": ev["article"] if ev else None,
            "claimant": ev["claimant"] if ev else None, "statement": ev["id"] if ev else None,
            "date": date, "qualifier": qualifier, "end_date": None, "modality": "asserted",
            "article_title": ev["article_title"] if ev else None, "quantity": None, "place": None,
            "event_type": None, "description": node["description"]}
