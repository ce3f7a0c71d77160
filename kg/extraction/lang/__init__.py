"""The amount reader and the word packs it reads with (``kg.extraction.lang.en``, ``.fr``).

The pattern extractor that used these packs is gone (issue 12: ``kg.extraction.syntax`` reads the
parse with ``kg.extraction.lexicon``); dates are read by ``kg.extraction.dates`` (dateparser). What
stays is the amount reader over spaCy tokens that ``kg.extraction.adapters`` uses, with its words:
number words, currencies, approximations, units.
"""

from __future__ import annotations

from dataclasses import dataclass, field



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
    months: dict[str, int]                   # dates are read by kg.extraction.dates (dateparser's
    date_qualifiers: dict[str, str]          # words); these three fields are no longer read
    relative_dates: dict[str, tuple[str, int]]
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
    # how numbers and units are written: "1,5 million" and "40 000" (decimal comma, digits grouped by
    # spaces), "2 millions de litres" (a word between the number and its unit), "camions-citernes"
    decimal_comma: bool = False
    unit_links: set[str] = field(default_factory=set)
    unit_words: int = 3
    not_numbers: set[str] = field(default_factory=lambda: {"one", "some"})  # "one of", unless approximated


def get_language(code: str) -> Language:
    """The language pack for ``code`` (``en``); KgError when there is none."""
    from kg.extraction.lexicon import language_pack

    return language_pack(__name__, code, "LANGUAGE", "extraction patterns")


# ----------------------------------------------------------------- amounts
# A language-independent reader over spaCy tokens; the words come from the language pack.

@dataclass
class Amount:
    start: int
    end: int
    value: float
    unit: str | None = None
    currency: str | None = None
    approx: str | None = None


def _number(tok, lang: Language) -> float | None:
    text = tok.text.replace(",", "")
    if lang.decimal_comma:                  # "1,5" is 1.5, "40.000" is 40000
        text = tok.text.replace("\u202f", "").replace("\u00a0", "")
        if text.count(".") and all(len(g) == 3 for g in text.split(".")[1:]):
            text = text.replace(".", "")
        text = text.replace(",", ".")
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
        if approx is None and currency is None and toks[j].lower_ in lang.not_numbers:
            i += 1
            continue
        value = _number(toks[j], lang)
        j += 1
        while lang.decimal_comma and j < n and len(toks[j].text) == 3 and toks[j].text.isdigit() and \
                toks[j - 1].whitespace_ and toks[j - 1].like_num and base + j not in skip:
            value, j = value * 1000 + int(toks[j].text), j + 1        # "40 000"
        while j < n and toks[j].lower_ in lang.scales:
            value *= lang.scales[toks[j].lower_]
            j += 1
        if j + 1 < n and toks[j].lower_ in lang.unit_links and toks[j + 1].is_alpha:
            j += 1                          # "2 millions de litres", "une dizaine de camions"
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
                while j < n and len(words) < (1 if hyphen else lang.unit_words) and toks[j].is_alpha and \
                        toks[j].lower_ not in lang.unit_stop and base + j not in skip:
                    w = toks[j].lower_
                    if words and (w.endswith("ed") or w.endswith("ing")):
                        break
                    words.append(toks[j].text)
                    j += 1
                    while lang.unit_links and j + 1 < n and toks[j].text in ("-", "‑") and \
                            not toks[j - 1].whitespace_ and not toks[j].whitespace_ and toks[j + 1].is_alpha:
                        words[-1] += "-" + toks[j + 1].text            # "camions-citernes"
                        j += 2
                unit = " ".join(words) or None
        out.append(Amount(base + i, base + j, value, unit, currency, approx))
        i = j
    return out
