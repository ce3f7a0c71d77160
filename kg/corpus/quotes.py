"""Find a statement's quote in its article: tolerant matching, exact source spans.

Quotes are matched across curly versus straight quotes and apostrophes, non-breaking spaces and
runs of whitespace, but the span recorded is the exact text of the article (code-point offsets).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
CONTEXT = 32


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def fold(text: str) -> tuple[str, list[int]]:
    """Fold quotes and whitespace; return the folded text and, for each of its characters,
    the offset of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if in_space:
                continue
            in_space = True
            ch = " "
        else:
            in_space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index


def find_quote(text: str, quote: str, occurrence: int = 1) -> Span | None:
    """The span of the ``occurrence``-th match of ``quote`` in ``text``, or None."""
    folded, index = fold(text)
    needle = fold(quote.strip())[0]
    if not needle:
        return None
    pos = -1
    for _ in range(occurrence):
        pos = folded.find(needle, pos + 1)
        if pos < 0:
            return None
    start = index[pos]
    end = index[pos + len(needle) - 1] + 1
    return Span(start, end, text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])


def closest_fragment(text: str, quote: str) -> str:
    """The longest piece of ``quote`` found in ``text``, to help fix a quote that does not match."""
    folded = fold(text)[0]
    needle = fold(quote.strip())[0]
    m = difflib.SequenceMatcher(None, folded, needle, autojunk=False).find_longest_match(
        0, len(folded), 0, len(needle))
    return needle[m.b:m.b + m.size]
