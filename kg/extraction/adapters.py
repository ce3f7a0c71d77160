"""Where the extractor gets the article's body zones and its dates from.

``kg.extraction.zoning.body_zones`` (the article body, without header fields, bylines, blurbs...)
and ``kg.extraction.dates.find_dates`` (dates through ``dateparser``) are used when present; until
then a whole-text zone after the metadata header, and the English date reader of ``kg.extraction.lang``.
Switching is one import each.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DateFound:
    start: int                  # character offsets into the text
    end: int
    date: object                # kg.corpus.catalog.PartialDate
    qualifier: str | None = None


def body_zones(text: str, body_start: int = 0) -> list[tuple[int, int]]:
    try:
        from kg.extraction.zoning import body_zones as zones
    except ImportError:
        return [(body_start, len(text))]
    return [(max(s, body_start), e) for s, e in zones(text) if e > body_start]


def find_dates(doc, text: str, article_date, language: str) -> list[DateFound]:
    try:
        from kg.extraction.dates import find_dates as dates
    except ImportError:
        dates = None
    if dates is not None:
        return [DateFound(d.start, d.end, d.date, d.qualifier) for d in dates(text, article_date, language)]
    if language != "en":
        return []
    from kg.extraction.lang import get_language, read_dates, resolve_date
    out = []
    for d in read_dates(doc, get_language("en")):
        got = resolve_date(d, article_date)
        if got is not None:
            out.append(DateFound(doc[d.start].idx, doc[d.end - 1].idx + len(doc[d.end - 1]), got[0], got[1]))
    return out


def find_amounts(doc, language: str) -> list[tuple[int, int, dict]]:
    """(start token, end token, quantity record) for the amounts of the text (English reader)."""
    if language != "en":
        return []
    from kg.extraction.lang import get_language, read_amounts, read_dates
    lang = get_language("en")
    dates = {i for d in read_dates(doc, lang) for i in range(d.start, d.end)}
    out = []
    for a in read_amounts(doc, lang, skip=dates):
        q = {"value": int(a.value) if float(a.value).is_integer() else a.value}
        if a.unit:
            q["unit"] = a.unit
        if a.currency:
            q["currency"] = a.currency
        if a.approx:
            q["approx"] = a.approx
        out.append((a.start, a.end, q))
    return out
