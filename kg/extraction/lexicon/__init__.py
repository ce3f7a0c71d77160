"""Relation lexicons for the syntactic extractor, one module per language (``en``, ``fr``).

A lexicon is data: which predicate lemmas (verbs with their particle or preposition, nouns) stand
for which ontology relation, which verbs report speech, which words hedge or negate, which
adjectives name a country, which nouns stand for the actor before them. ``kg.extraction.syntax``
reads the parse with it; the relation's domain and range are checked against the ontology.

Verb keys: ``lemma`` (any object), ``lemma prep`` (an object reached through that preposition),
``lemma noun prep`` (a direct object with that lemma, then the preposition: "seize power in"),
``lemma prt`` for phrasal verbs ("cut off"). The value is a relation name, or ``None`` to block a
more general key. Every relation named here must be in the ontology (checked when loading).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property

from kg.core.errors import KgError


@dataclass(frozen=True)
class Lexicon:
    code: str
    verbs: dict[str, str | None]
    nouns: dict[str, str]                    # nominal predicates: "blockade" -> blockades
    light_verbs: set[str]                    # "impose" (a blockade): their subject is the noun's agent
    control: dict[str, dict[str, str]]       # "urge" -> {"leave": urgedCitizensToLeave}
    intention: set[str]                      # "seek", "try", "aim": the xcomp says what is done
    hyphen: dict[str, tuple[str, bool]]      # "linked" (al-Qaeda-linked X) -> (relation, modifier is subject)
    roles: dict[str, str]                    # "leader" -> leads, "minister" -> memberOf
    speech: set[str]                         # say, tell, claim ...
    according: set[str]                      # "according" (to X), "selon"
    hedges: dict[str, str]                   # lemma -> modality (possible, likely, unlikely, reported)
    negations: set[str]
    pronouns: dict[str, set[str]]            # "it" -> entity types it can stand for
    descriptors: dict[str, set[str]]         # "militant" -> categories it can stand for
    people: set[str]                         # "nationals", "troops": take the entity of their modifier
    demonyms: dict[str, str]                 # "malian" -> "Mali"
    symmetric: set[str] = field(default_factory=set)   # relations that hold between coordinated subjects
    names: dict[str, str] = field(default_factory=dict)  # "États-Unis" -> "United States" (catalogue name)
    media_relation: str = "spokeTo"
    # one character for one character (offsets kept) before the parse: the typographic apostrophes,
    # guillemets and no-break spaces of French news, which the French pipelines were trained without
    typography: dict[int, str] = field(default_factory=dict)

    def longer(self, table: str, lemma: str) -> dict:
        """The keys of ``table`` ("verbs" or "nouns") that go on after ``lemma`` with more words:
        {the words after it: value}, in the table's order.

        >>> lex = get_lexicon("en")
        >>> lex.longer("verbs", "cut")["tie with"]
        'cutTiesWith'
        >>> lex.longer("verbs", "no-such-verb")
        {}
        """
        return self._longer.get((table, lemma), {})

    @cached_property
    def _longer(self) -> dict:
        out: dict = {}
        for table in ("verbs", "nouns"):
            for key, value in getattr(self, table).items():
                words = key.split(" ")
                for i in range(1, len(words)):
                    out.setdefault((table, " ".join(words[:i])), {})[" ".join(words[i:])] = value
        return out


def language_pack(package: str, code: str, attribute: str, what: str):
    """``package.<code>.<attribute>``: the language pack of a language code (``en``, ``fr-FR``);
    KgError naming the available ones when there is none (``what``: what a pack holds)."""
    from pathlib import Path

    code = (code or "en").lower().split("-")[0]
    if not code.isalpha():
        raise KgError(f"unknown language {code!r}")
    try:
        module = importlib.import_module(f"{package}.{code}")
    except ModuleNotFoundError:
        folder = Path(importlib.import_module(package).__file__).parent
        known = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
        raise KgError(f"no {what} for language {code!r} (available: {', '.join(known)})") from None
    return getattr(module, attribute)


def get_lexicon(code: str) -> Lexicon:
    """The relation lexicon of a language (``kg.extraction.lexicon.en``, ``.fr``)."""
    return language_pack(__name__, code, "LEXICON", "extractor")
