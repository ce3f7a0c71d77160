"""Matching names as people type them: case-, accent-, apostrophe- and article-insensitive; and
"did you mean" suggestions. One fold serves the whole package (lookups, the extractor's norms).

>>> fold("Côte d’Ivoire")
"cote d'ivoire"
>>> normalise("  The  Jihadists. ")
'jihadists'
>>> suggest("Bamko", ["Bamako", "Kayes", "Gao"])
['Bamako']
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_APOS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                       "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """``Côte`` -> ``cote``, ``Jama’at`` -> ``jama'at``: typographic apostrophes and dashes made plain,
    accents dropped, case folded (the length may change: NFKD)."""
    text = unicodedata.normalize("NFKD", text.translate(_APOS))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def suggest(word: str, known, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The ``n`` values of ``known`` closest to ``word`` (difflib's ratio >= ``cutoff``), best first."""
    return difflib.get_close_matches(word, sorted(known), n=n, cutoff=cutoff)


def normalise(name: str) -> str:
    """``Côte d’Ivoire`` -> ``cote d'ivoire``; ``The Jihadists`` -> ``jihadists``."""
    text = re.sub(r"[\s_]+", " ", fold(name)).strip(" .,;:")
    return re.sub(r"^the ", "", text)


class NameIndex:
    """Look entities up by any of their names."""

    def __init__(self, names: dict[str, list[str]], labels: dict[str, str]):
        """``names``: entity key -> all its names; ``labels``: entity key -> preferred name."""
        self.labels = labels
        self.index: dict[str, set[str]] = {}
        for key, values in names.items():
            for value in values:
                self.index.setdefault(normalise(value), set()).add(key)

    def lookup(self, name: str) -> list[str]:
        """Entity keys one of whose names equals ``name`` after normalising; failing that, the
        single entity one of whose names starts with it at a word boundary ("jama'at nusrat")."""
        norm = normalise(name)
        if norm in self.index:
            return sorted(self.index[norm])
        if len(norm) < 3:
            return []
        hits = {ent for key, ents in self.index.items()
                if key.startswith(norm) and (len(key) == len(norm) or not key[len(norm)].isalnum()
                                             or norm.endswith(" ") or key[len(norm) - 1] == " ")
                for ent in ents}
        return sorted(hits) if len(hits) == 1 else []

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest preferred names, for 'did you mean'."""
        norm = normalise(name)
        close = suggest(norm, self.index, n=n * 3)
        contains = [k for k in self.index if norm and (norm in k or k in norm) and len(k) > 2]
        out: list[str] = []
        for key in close + sorted(contains, key=len):
            for ent in sorted(self.index[key]):
                label = self.labels.get(ent, ent)
                if label not in out:
                    out.append(label)
        return out[:n]
