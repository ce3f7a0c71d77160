"""Dates in news text, resolved against the article's date with honest precision.

``find_dates(text, article_date, language)`` finds the date expressions news uses -- "on
Saturday", "last Thursday", "in early November", "3 September", "September 3, 2025", "late
October", "last week", "two weeks ago", "in 2024"; "le 3 septembre", "fin octobre", "début
novembre", "mardi dernier", "il y a deux semaines", "en 2024" -- and returns one ``DateMention``
each: character offsets into ``text``, the date as a ``PartialDate`` and a qualifier.

How: a cheap regular expression, built from dateparser's own month, weekday and relative-date
words for the language, proposes the spans (dateparser's ``search_dates`` is slow and finds dates
in ordinary words); dateparser (``DateDataParser``, offline: locale data shipped in the package,
no download, language given so no detection) reads each span with ``RELATIVE_BASE`` = the end of
the article's date and ``PREFER_DATES_FROM='past'``; results are cached per (language, span,
base), so the same expression is parsed once. Only the qualifier words (early/mid/late,
début/mi/fin, since/until/before/after) are this module's own.

Precision is what the text and the article date allow:
- written parts are kept: "3 September 2025" is a day, "November 2023" a month, "2021" a year; a
  year left out ("3 September", "in December") comes from the article date, the latest such date
  not after it; no article date: None;
- an expression finer than the article's date is resolved only as far as the article date goes:
  a weekday, "yesterday" or "three days ago" is a day when the article date is a day, else the
  article's month (or year); "last week" is the month of the day a week before; "last month" a
  month (when the article's month is known); "last year" a year. A relative expression without an
  article date has ``date`` None (the span is still reported: it is a date, not a number).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.corpus.catalog import PartialDate

__all__ = ["DateMention", "find_dates", "LANGUAGES"]

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class DateMention:
    start: int                          # character offsets into the text: text[start:end] is the expression
    end: int
    text: str
    date: PartialDate | None            # None: a relative date without an article date to resolve it
    qualifier: str | None = None        # early | mid | late | since | until | before | after


# Qualifier words (not in dateparser): word -> qualifier. The connector after them ("of", "de la")
# and the prepositions that make a bare number a year ("in 2024", "en 2024").
_QUALIFIERS = {
    "en": {"early": "early", "mid": "mid", "late": "late", "the end of": "late", "end of": "late",
           "the beginning of": "early", "beginning of": "early", "the start of": "early", "start of": "early",
           "the middle of": "mid", "middle of": "mid", "since": "since", "until": "until", "till": "until",
           "up to": "until", "before": "before", "after": "after"},
    "fr": {"début": "early", "debut": "early", "mi": "mid", "fin": "late", "courant": None, "depuis": "since",
           "dès": "since", "à partir de": "since", "jusqu'à": "until", "jusqu’à": "until", "jusqu'au": "until",
           "jusqu’au": "until", "jusqu'en": "until", "jusqu’en": "until", "avant": "before", "après": "after"},
}
_CONNECTOR = {"en": r"(?:\s+(?:in|of)(?:\s+the)?|\s*-)?\s*", "fr": r"(?:\s+(?:de\s+la|de\s+l['’]|de|du|d['’])|\s*-)?\s*"}
_YEAR_CUES = {"en": r"in|since|until|till|by|of|from|through|before|after|during|early|mid|late|and|or|to",
              "fr": r"en|depuis|dès|de|d['’]|jusqu['’]en|avant|après|début|fin|mi|et|ou|à|année"}
_YEAR_LINKS = {"and", "or", "to", "et", "ou", "à"}    # a year after these only follows another year
_WEEKDAY_MODS = {"en": (r"(?:(?P<mod>last|this|past|next)\s+)?", ""),
                 "fr": ("", r"(?:\s+(?P<mod>dernier|prochain))?")}
_MONTH_MODS = {"en": r"(?:\s+(?P<rel>this|last|next)\s+year)?", "fr": r"(?:\s+(?P<rel>dernier|prochain))?"}
_UNITS = ("day", "week", "month", "year")
_RELATIONAL = {"since", "until", "before", "after"}
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _cased(forms, lowercase_ok: bool) -> list[str]:
    out = []
    for f in forms:
        out += [f[:1].upper() + f[1:], f.upper()] + ([f] if lowercase_ok else [])
    return out


@lru_cache(maxsize=None)
def _grammar(lang: str):
    """Compiled span patterns for a language, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(lang).info
    lower_ok = lang != "en"                      # English capitalises month and day names
    full = [max(info[k], key=len) for k in _MONTH_KEYS]
    abbrev = [f for k in _MONTH_KEYS for f in info[k] if len(f) >= 3 and f not in full]
    m_full = _alt(_cased(full, lower_ok))
    m_alone = _alt(full) if lower_ok else m_full     # French "Mars" alone is the planet, "mars" the month
    m_any = f"(?:{m_full}|(?:{_alt(_cased(abbrev, lower_ok))})\\.?)"
    weekday = _alt(_cased([max(info[k], key=len) for k in _WEEKDAY_KEYS], lower_ok))
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"
    year = r"(?:19|20)\d\d"
    units = _alt(f for u in _UNITS for f in info.get(u, ()) if len(f) >= 3 or f in ("an", "ans"))
    relative = [w for key, words in info.get("relative-type", {}).items()
                if any(key.endswith(f"{u} ago") or key.startswith("in ") and key.endswith(u) for u in _UNITS)
                for w in words]
    pre, post = _WEEKDAY_MODS[lang]
    ago = (rf"(?:\d+|[^\W\d_]+)\s+(?:{units})\s+(?:{_alt(info.get('ago', ['ago']))})" if lang == "en"
           else rf"(?:{_alt(info.get('ago', []))})\s+(?:\d+|[^\W\d_]+)\s+(?:{units})")
    wd = rf"(?:(?:{weekday}),?\s+)?"
    kinds = [
        ("ymd", rf"\b{year}-[01]\d-[0-3]\d\b"),
        ("day", rf"\b{wd}(?:the\s+)?{day}(?:\s+of)?\s+{m_any}(?:,?\s+(?P<y>{year}))?(?![\w-])"),
        ("day", rf"\b{wd}{m_any}\s+{day}(?!\d)(?:,?\s+(?P<y>{year}))?(?![\w-])"),
        ("month", rf"\b{m_any}\s+(?P<y>{year})\b"),
        ("month", rf"\b(?:{m_alone}){_MONTH_MODS[lang]}(?![\w-])"),
        ("weekday", rf"(?i:\b{pre})(?-i:\b(?P<wd>{weekday})){post}(?![\w-])"),
        ("relative", rf"(?i:\b(?:{_alt(relative)})(?![\w-]))"),
        ("ago", rf"(?i:\b{ago}\b)"),
        ("year", rf"(?i:\b(?P<cue>{_YEAR_CUES[lang]})\s*-?\s*)(?P<y>{year})(?![\w-])"),
    ]
    qualifiers = _QUALIFIERS[lang]
    qual = re.compile(rf"(?i:\b(?P<q>{_alt(qualifiers)}){_CONNECTOR[lang]})$")
    return [(kind, re.compile(p)) for kind, p in kinds], qual, qualifiers


def _end_of(a: PartialDate) -> dt.datetime:
    """The latest day the article date allows."""
    month = a.month or 12
    return dt.datetime(a.year, month, a.day or calendar.monthrange(a.year, month)[1])


@lru_cache(maxsize=20_000)
def _parse(lang: str, phrase: str, base: dt.datetime, prefer: str = "past"):
    """dateparser's reading of ``phrase``: (datetime or None, period: day|week|month|year|time)."""
    data = _parser(lang, base, prefer).get_date_data(phrase)
    return data.date_obj, data.period


@lru_cache(maxsize=256)
def _parser(lang: str, base: dt.datetime, prefer: str):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[lang], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False,
        "TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"})


def _coarse(a: PartialDate) -> PartialDate:
    return PartialDate(a.year, a.month, a.day)


_FALLBACK_BASE = dt.datetime(2000, 12, 31)     # for expressions whose every part is written


def _resolve(lang: str, kind: str, m: re.Match, a: PartialDate | None,
             qualifier: str | None = None) -> tuple[bool, PartialDate | None]:
    """(is a date, its value). Reads the core span with dateparser and keeps the honest precision."""
    phrase = m.group(0)
    written_year = kind == "ymd" or bool(m.groupdict().get("y"))
    if kind == "year":                                 # a four-digit year after a cue: nothing to parse
        return True, PartialDate(int(m.group("y")))
    if a is None and not written_year:
        when, _ = _parse(lang, phrase, _FALLBACK_BASE)
        return when is not None, None
    base = _end_of(a) if a is not None else _FALLBACK_BASE
    mod = (m.groupdict().get("mod") or m.groupdict().get("rel") or "").lower()
    if kind == "month" and mod in ("this", "last", "next"):
        shift = {"this": 0, "last": -1, "next": 1}[mod]
        base = dt.datetime(a.year + shift, 12, 31)
        phrase = phrase.split()[0]
    elif kind == "month" and mod in ("dernier", "prochain"):
        phrase = phrase.split()[0]
    elif kind == "weekday":
        phrase = m.group("wd")
    # "until November 10" in October's paper is this year's; otherwise a year left out is the
    # latest that is not after the article ("in December" in November's paper: last December)
    prefer = "future" if mod in ("next", "prochain") else "current_period" if qualifier == "until" else "past"
    when, period = _parse(lang, phrase, base, prefer)
    if when is None:
        return False, None
    if kind == "weekday":
        if a is None or not a.day:
            return True, _coarse(a)
        days = (base - when).days
        if mod in ("last", "past", "dernier") and days == 0:
            when -= dt.timedelta(days=7)
        elif not mod and days == 7:                    # "on Wednesday" in Wednesday's paper: that day
            when = base
    if kind in ("ymd", "day"):
        return True, PartialDate(when.year, when.month, when.day)
    if kind == "month":
        return True, PartialDate(when.year, when.month)
    if kind == "weekday":
        return True, PartialDate(when.year, when.month, when.day)
    unit = period if period in _UNITS else "day"        # relative: dateparser says its unit
    if unit == "year":
        return True, PartialDate(when.year)
    if unit == "month":
        return True, PartialDate(when.year, when.month) if a.month else _coarse(a)
    if not a.day:
        return True, _coarse(a)
    return True, PartialDate(when.year, when.month, when.day if unit == "day" else None)


def find_dates(text: str, article_date: PartialDate | None, language: str = "en") -> list[DateMention]:
    """Every date expression in ``text``, in order, not overlapping; see the module doc.
    ``language``: ``en`` or ``fr`` (others: no dates)."""
    lang = (language or "en").lower().split("-")[0]
    if lang not in LANGUAGES or not text:
        return []
    kinds, qual, qualifiers = _grammar(lang)
    found = []
    for rank, (kind, pattern) in enumerate(kinds):
        for m in pattern.finditer(text):
            start = m.start("y") if kind == "year" else m.start()
            if m.end() > start:
                found.append((start, m.end(), rank, kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    out: list[DateMention] = []
    taken_to = -1
    for start, end, _, kind, m in found:
        if start < taken_to:
            continue
        if lang == "en" and kind == "month" and m.group(0) in ("May", "MAY") and not re.search(
                r"\b(?:in|since|until|till|by|of|from|through|before|after|early|mid|late|last|next|this)\s+$",
                text[max(0, start - 12):start], re.I):
            continue                                   # "May" without a cue is the verb
        if kind == "year" and m.group("cue").lower() in _YEAR_LINKS and not (
                out and out[-1].date and out[-1].date.precision == "year" and m.start() - out[-1].end <= 2):
            continue                                   # "in 2020 and 2021", "from 2012 to 2014"
        qualifier, left = None, start
        for _ in range(2):                             # "since early October": since wins
            q = qual.search(text, max(0, left - 24), left)
            if not q or q.end() != left or left - q.start() == 0:
                break
            word = qualifiers.get(q.group("q").lower())
            qualifier = word if qualifier is None or word in _RELATIONAL else qualifier
            left = q.start()
        ok, when = _resolve(lang, kind, m, article_date, qualifier)
        if not ok:
            continue
        start = left
        out.append(DateMention(start, end, text[start:end], when, qualifier))
        taken_to = end
    return out
