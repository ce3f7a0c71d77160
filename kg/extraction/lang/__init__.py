"""Language packs for the extractor: one module per language (``kg.lang.en``, later ``kg.lang.fr``).

A pack is data, not code: relation patterns (trigger words and where the subject and the object are
found), the words that mark negation, hedging and reported speech, month names, number words,
currencies, the capitalised words that are not names, and the cues used to guess the category of
a new name. ``kg.extract`` turns a pack into spaCy ``Matcher`` patterns; a second language is a
second module defining ``LANGUAGE`` with the same fields.

Trigger mini-language (one string per pattern, words separated by spaces):
  ``cut``            a word, compared by lemma (so "cut", "cuts", "cutting" all match)
  ``attack|raid``    alternatives
  ``?further``       an optional word
  ``*``              up to three words of any kind
  ``=by|=to``        the exact words (lower case), not their lemmas
  ``a b / c d``      alternative triggers for the same pattern
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from kg.core.errors import KgError
from kg.extraction.dates import DateMention  # noqa: F401  (the one date mention type)


@dataclass(frozen=True)
class Pattern:
    """One way a relation is written.

    ``subject`` / ``object``: comma-separated strategies tried in order --
    ``left`` (nearest fitting mention before the trigger, same clause), ``right`` (first fitting
    mention after it), ``by`` (the agent after "by" just after the trigger), ``author`` (the
    article's author), ``focus`` (the country the article is mostly about), ``adjacent-left`` /
    ``adjacent-right`` (touching the trigger).
    ``source``: the article the pattern was written for (``general`` = written from the
    ontology's relation label, before looking at an article); ``kg eval`` uses it for the
    leave-one-article-out protocol.
    """

    relation: str
    trigger: str
    subject: str = "left"
    object: str = "right"
    source: str = "general"
    window: int = 8                 # how far (tokens) the object may be from the trigger
    subject_types: tuple[str, ...] = ()
    object_types: tuple[str, ...] = ()
    modality: str | None = None     # forced modality (e.g. "possible" for a scenario)
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or f"{self.relation}:{self.trigger}"


@dataclass(frozen=True)
class Possessive:
    """``<inner>'s <outer>`` or ``<inner>-linked <outer>`` inside one catalogue name."""

    inner_type: str
    outer_type: str
    relation: str
    inner_is_subject: bool
    marker: str = "'s"              # "'s" or a word after a hyphen ("linked", "affiliated")
    source: str = "general"


@dataclass
class Language:
    code: str
    spacy_lang: str
    patterns: list[Pattern]
    possessives: list[Possessive]
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


def compile_trigger(text: str, lemma) -> list[list[dict]]:
    """A trigger string (see the module doc) as spaCy Matcher token patterns.

    ``lemma(word)`` gives the lemma used by the pipeline, so patterns are written in plain words."""
    return [p for t in text.split(" / ") for p in _compile_one(t, lemma)]


def _compile_one(text: str, lemma) -> list[list[dict]]:
    """Alternatives are expanded into one pattern each: plain equality tests run in spaCy's C code,
    ``IN`` sets would call back into Python for every token."""
    import itertools

    slots: list[list[dict]] = []
    for word in text.split():
        if word == "*":
            slots.append([{"OP": "{0,3}"}])
            continue
        optional = word.startswith("?")
        word = word.lstrip("?")
        if word.startswith("="):
            specs = [{"LOWER": w.lstrip("=")} for w in word.lower().split("|")]
        else:
            specs = [{"LEMMA": w} for w in sorted({lemma(w.lower()) for w in word.split("|")})]
        slots.append([dict(s, OP="?") for s in specs] if optional else specs)
    return [list(combo) for combo in itertools.product(*slots)]


# ----------------------------------------------------------------- amounts
# A language-independent reader over spaCy tokens; the words come from the language pack. Dates are
# read by kg.extraction.dates (dateparser); its DateMention, imported here, is the one date mention.

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


def guess_category(words: list[str], previous: str, single_upper: bool, lang: Language) -> tuple[str, str]:
    """(type, category) guessed for a new name from its words (lower case) and the word before it."""
    import re
    words = [re.sub(r"^[a-z]{1,2}['’]", "", w) for w in words]     # l'azawad -> azawad
    if previous in lang.titles:
        return lang.titles[previous]
    if words[-1] in lang.head_cues:
        return lang.head_cues[words[-1]]
    for w in words:
        if w in lang.word_cues or w in lang.head_cues:
            return lang.word_cues.get(w) or lang.head_cues[w]
    if previous in lang.place_prepositions:
        return ("City", "place")
    if single_upper:
        return ("Organization", "international-organisation")
    return ("Person", "person")


def modality_of(cues: list[tuple[int, int, str]], negated: bool, clause: str | None) -> str:
    """The modality of a statement from the hedging cues in its scope, a negation, and a
    sentence-level cue ("it is not impossible that")."""
    order = ("negated", "unlikely", "possible", "likely")
    found = sorted({c[2] for c in cues}, key=order.index)
    if found:
        return found[0]
    if negated:
        return "negated"
    return clause or "asserted"
