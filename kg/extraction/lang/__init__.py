"""Date and amount readers of the English word pack (``kg.extraction.lang.en``).

The pattern extractor that used these packs is gone (issue 12: ``kg.extraction.syntax`` reads the
parse with ``kg.extraction.lexicon``); what stays is language data and the readers over spaCy
tokens that ``kg.extraction.adapters`` uses until ``kg.extraction.dates`` (dateparser) replaces
them: month names, relative dates, number words, currencies, approximations.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from kg.core.errors import KgError


@dataclass
class Language:
    code: str
    spacy_lang: str
    negations: set[str]
    cues: dict[str, str]                    # phrase -> modality (likely|possible|unlikely|negated)
    clause_cues: dict[str, str]             # "it is not impossible that" -> possible (scope: sentence)
    speech_verbs: set[str]                  # lemmas: say, warn, ...
    according_to: list[str]                 # "according to"
    prepositions: set[str]
    clause_breaks: set[str]
    coordinators: set[str]
    pronouns: set[str]                      # words that stand for the last actor ("it", "the group")
    follow_suit: list[str]                  # "followed suit": same relation as the previous sentence
    including: set[str]
    months: dict[str, int]
    date_qualifiers: dict[str, str]          # "late" -> late, "since" -> since
    relative_dates: dict[str, tuple[str, int]]   # "last year" -> ("year", -1)
    number_words: dict[str, float]
    scales: dict[str, float]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    approximations: dict[str, str]
    percent_words: set[str]
    unit_stop: set[str]
    name_connectors: set[str]
    not_names: set[str]
    titles: dict[str, tuple[str, str]]       # "General" -> (Person, government)
    head_cues: dict[str, tuple[str, str]]    # last word of a name -> (type, category)
    word_cues: dict[str, tuple[str, str]]    # any word in a name -> (type, category)
    place_prepositions: set[str]
    demonyms: dict[str, str] = field(default_factory=dict)   # "Emirati" -> entity name
    apposition_words: list[str] = field(default_factory=list)  # "also known as"


def get_language(code: str) -> Language:
    """The language pack for ``code`` (``en``); KgError when there is none."""
    code = (code or "en").lower().split("-")[0]
    if not code.isalpha():
        raise KgError(f"unknown language {code!r}")
    try:
        module = importlib.import_module(f"{__name__}.{code}")
    except ModuleNotFoundError:
        raise KgError(f"no extraction patterns for language {code!r} (available: {', '.join(available())})") from None
    return module.LANGUAGE


def available() -> list[str]:
    from pathlib import Path
    return sorted(p.stem for p in Path(__file__).parent.glob("*.py") if p.stem != "__init__")


# Language-independent readers over spaCy tokens; the words come from the language pack.

@dataclass
class DateMention:
    start: int                  # token indices
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None
    relative: tuple[str, int] | None = None


@dataclass
class Amount:
    start: int
    end: int
    value: float
    unit: str | None = None
    currency: str | None = None
    approx: str | None = None


def _year(tok) -> int | None:
    t = tok.text
    return int(t) if len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100 else None


def _day(tok) -> int | None:
    t = tok.text.lower().rstrip(".")
    for suffix in ("st", "nd", "rd", "th"):
        if t.endswith(suffix) and t[:-2].isdigit():
            t = t[:-2]
    return int(t) if t.isdigit() and 1 <= int(t) <= 31 else None


def read_dates(tokens, lang: Language) -> list[DateMention]:
    """Date expressions in a token sequence (a spaCy Span or Doc): "3 September", "September 3,
    2025", "late October", "in November 2023", "since 2020", "last week", "August this year"."""
    toks = list(tokens)
    base = toks[0].i if toks else 0
    out: list[DateMention] = []
    i, n = 0, len(toks)

    def month_at(j):
        if 0 <= j < n and toks[j].text[:1].isupper():
            return lang.months.get(toks[j].lower_.rstrip("."))
        return None

    lows = [t.lower_ for t in toks]
    firsts = {p.split()[0] for p in lang.relative_dates} | set(lang.date_qualifiers) | set(lang.months)
    while i < n:
        if lows[i] not in firsts and not lows[i][:1].isdigit():
            i += 1
            continue
        start = i
        qualifier = None
        low = lows[i]
        if low in lang.date_qualifiers and i + 1 < n:
            j = i + 1
            while j < n and toks[j].lower_ in ("in", "of", "-", "the"):
                j += 1
            if month_at(j) or (j < n and _year(toks[j])) or (j < n and _day(toks[j]) and month_at(j + 1)):
                qualifier, i = lang.date_qualifiers[low], j
        rel = None
        for phrase, value in lang.relative_dates.items():
            words = phrase.split()
            if lows[i:i + len(words)] == words:
                rel = (value, len(words))
                break
        if rel:
            out.append(DateMention(base + start, base + i + rel[1], None, qualifier=qualifier,
                                   relative=rel[0]))
            i += rel[1]
            continue
        day = month = year = None
        j = i
        if _day(toks[j]) and month_at(j + 1):            # 3 September [2025]
            day, month, j = _day(toks[j]), month_at(j + 1), j + 2
        elif month_at(j):                                  # September [3][,] [2025]
            month, j = month_at(j), j + 1
            if j < n and _day(toks[j]) and not _year(toks[j]):
                day, j = _day(toks[j]), j + 1
        if month is not None:
            k = j + 1 if j < n and toks[j].text == "," else j
            if k < n and _year(toks[k]):
                year, j = _year(toks[k]), k + 1
            elif k + 1 < n and toks[k].lower_ in ("this", "last") and toks[k + 1].lower_ == "year":
                out.append(DateMention(base + start, base + k + 2, None, month, day, qualifier,
                                       relative=("year", 0 if toks[k].lower_ == "this" else -1)))
                i = k + 2
                continue
            if month in (5,) and day is None and year is None and toks[i].text == "May" and i > 0 \
                    and toks[i - 1].lower_ not in ("in", "since", "until", "early", "late", "mid", "of"):
                i += 1                                     # "May" at the start of a clause: a verb
                continue
            out.append(DateMention(base + start, base + j, year, month, day, qualifier))
            i = j
            continue
        if _year(toks[i]) and (qualifier or (i > 0 and toks[i - 1].lower_ in ("in", "since", "until", "of", "by"))):
            out.append(DateMention(base + start, base + i + 1, _year(toks[i]), qualifier=qualifier))
            i += 1
            continue
        i = start + 1
    return out


def _number(tok, lang: Language) -> float | None:
    text = tok.text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return lang.number_words.get(tok.lower_)


def read_amounts(tokens, lang: Language, skip: set[int] = frozenset()) -> list[Amount]:
    """Amounts: "$50 million", "50 million euros", "almost 95%", "within 50 km", "more than 200 fuel
    trucks". Tokens whose index is in ``skip`` (dates, names) are never read as numbers."""
    toks = list(tokens)
    base = toks[0].i if toks else 0
    n = len(toks)
    out: list[Amount] = []
    lows = [t.lower_ for t in toks]
    approximations = sorted(((p.split(), v) for p, v in lang.approximations.items()), key=lambda kv: -len(kv[0]))
    currencies = sorted(((p.split(), v) for p, v in lang.currency_words.items()), key=lambda kv: -len(kv[0]))
    firsts = {w[0] for w, _ in approximations} | set(lang.currency_symbols) | set(lang.number_words)
    i = 0
    while i < n:
        if lows[i] not in firsts and not toks[i].like_num:
            i += 1
            continue
        j = i
        approx = None
        for words, value in approximations:
            if lows[j:j + len(words)] == words:
                approx, j = value, j + len(words)
                break
        currency = None
        if j < n and toks[j].lower_ in lang.currency_symbols:
            currency, j = lang.currency_symbols[toks[j].lower_], j + 1
        if j >= n or base + j in skip or _number(toks[j], lang) is None:
            i += 1
            continue
        if approx is None and currency is None and toks[j].lower_ in ("one", "some"):
            i += 1
            continue
        value = _number(toks[j], lang)
        j += 1
        while j < n and toks[j].lower_ in lang.scales:
            value *= lang.scales[toks[j].lower_]
            j += 1
        unit = None
        if currency is None:
            for words, code in currencies:
                if lows[j:j + len(words)] == words:
                    currency, j = code, j + len(words)
                    break
        if currency is None:
            if j < n and toks[j].lower_ in lang.percent_words:
                unit, j = "percent", j + 1
            else:
                hyphen = j < n and toks[j].text == "-"
                j += hyphen
                words = []
                while j < n and len(words) < (1 if hyphen else 3) and toks[j].is_alpha and toks[j].lower_ not in lang.unit_stop \
                        and base + j not in skip:
                    w = toks[j].lower_
                    if words and (w.endswith("ed") or w.endswith("ing")):
                        break
                    words.append(toks[j].text)
                    j += 1
                unit = " ".join(words) or None
        out.append(Amount(base + i, base + j, value, unit, currency, approx))
        i = j
    return out


def resolve_date(d: DateMention, article_date):
    """A DateMention as (PartialDate, qualifier), the year and relative dates taken from the
    article's date (``kg.catalog.PartialDate`` or None); None when the date cannot be known."""
    import datetime as dt

    from kg.corpus.catalog import PartialDate
    a = article_date
    year, month, day = d.year, d.month, d.day
    if d.relative:
        unit, delta = d.relative
        if a is None or (unit == "month" and not a.month) or (unit in ("week", "day") and not a.day):
            return None
        if unit == "year":
            year = a.year + delta
        elif unit == "month":
            m = a.year * 12 + a.month - 1 + delta
            year, month = m // 12, m % 12 + 1
        else:
            when = dt.date(a.year, a.month, a.day) + dt.timedelta(days=delta * (7 if unit == "week" else 1))
            year, month, day = when.year, when.month, when.day if unit == "day" else None
    elif year is None:
        if a is None:
            return None
        year = a.year - (1 if month and a.month and month > a.month else 0)
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day), d.qualifier
