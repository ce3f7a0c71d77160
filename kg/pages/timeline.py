"""The timeline as one self-contained, offline HTML page (the rows come from ``kg.analysis.timeline``)."""

from __future__ import annotations

from kg.analysis.timeline import COLUMNS, timeline
from kg.pages.html import environment, json_for_script


def timeline_html(rows: list[dict], title: str = "Mali crisis timeline", subtitle: str = "") -> str:
    """A self-contained HTML page of ``rows``: no network requests (a Content-Security-Policy forbids
    them), text inserted with ``textContent`` from JSON data, the same bytes for the same rows."""
    keep = COLUMNS + ["date", "qualifier", "end_date", "modality", "article_title", "quantity", "place",
                      "description"]
    data = [{k: r.get(k) for k in keep} for r in rows]
    articles = sorted({(r["article"], r["article_title"]) for r in rows if r.get("article")})
    return environment().get_template("timeline.html").render(
        title=title, subtitle=subtitle, count=len(rows), data_json=json_for_script(data, sort_keys=True),
        first=rows[0]["when"] if rows else "", last=rows[-1]["when"] if rows else "",
        articles=articles)


def timeline_page(store, actors=(), date_from: str | None = None, date_to: str | None = None,
                  include_claims: bool = False, *, title: str = "Mali crisis timeline") -> str:
    """``kg timeline --format html``: the page of ``kg.analysis.timeline.timeline``'s rows."""
    return timeline_html(timeline(store, actors, date_from, date_to, include_claims), title)
