"""Where the extractor gets the article's body zones, its dates and its amounts from:
``kg.extraction.zoning.body_zones`` (the article body, without header fields, bylines, blurbs...),
``kg.extraction.dates.find_dates`` (dates through ``dateparser``, English and French) and the amount
reader of ``kg.extraction.lang`` (English, French), each as character spans of the article text.
"""

from __future__ import annotations


def body_zones(text: str, body_start: int = 0) -> list[tuple[int, int]]:
    """The body's character spans, none before ``body_start`` (the end of a metadata header)."""
    from kg.extraction.zoning import body_zones as zones

    return [(max(s, body_start), e) for s, e in zones(text) if e > body_start]


def find_dates(doc, text: str, article_date, language: str):
    """Every date mention of ``text`` (``kg.extraction.dates.DateMention``: start, end, date, qualifier)
    that resolves to a date."""
    from kg.extraction.dates import find_dates as dates

    return [d for d in dates(text, article_date, language) if d.date is not None]


def find_amounts(doc, language: str, dates=()) -> list[tuple[int, int, dict]]:
    """(start token, end token, quantity record) for the amounts of the text (the word pack of
    ``kg.extraction.lang`` for the language: English, French; none for another language); the
    tokens of ``dates`` (mentions with character offsets) are not amounts."""
    from kg.core.errors import KgError
    from kg.extraction.lang import get_language, read_amounts

    try:
        words = get_language(language)
    except KgError:
        return []
    skip = set()
    for d in dates:                                 # the tokens that start inside a date mention
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        skip.update(t.i for t in (span if span is not None else doc) if d.start <= t.idx < d.end)
    out = []
    for a in read_amounts(doc, words, skip=skip):
        q = {"value": int(a.value) if float(a.value).is_integer() else a.value}
        if a.unit:
            q["unit"] = a.unit
        if a.currency:
            q["currency"] = a.currency
        if a.approx:
            q["approx"] = a.approx
        out.append((a.start, a.end, q))
    return out
