"""Same annotations, less time: exact replacements for the slow parts of a loaded spaCy pipeline.

Each replacement gives the very annotations of the part it replaces (``tests/extraction/
test_speedups.py`` compares them token by token on real articles) and falls back to the original
whenever the pipeline holds something it does not understand.

- **attribute_ruler**: spaCy runs its ~180 patterns ("TAG = NN gives POS = NOUN", "lower = 'ca'
  and TAG = MD gives lemma 'can'") through the generic ``Matcher``, a tenth of the small English
  pipeline's time. They are short fixed patterns over TAG, POS, LOWER, DEP and IS_SPACE with
  equality, ``IN``, ``NOT_IN`` and ``REGEX`` tests; :class:`RuleIndex` finds their matches by
  dictionary lookups on the values ``Doc.to_array`` gives, the first token's tests once per
  distinct row of those values. From the same sorted list of matches, :func:`set_rule_annotations`
  writes each token's merged attributes once instead of building a Span per match (1,230 matches
  per 800-word article): 10 ms become 3. A ruler holding any other pattern (a quantifier, another
  attribute or operator) keeps its Matcher; one setting an attribute of the shared lexeme keeps
  spaCy's writes.
- **lemmatizer**: spaCy's English and French rule (and lookup) lemmatizers give a lemma that
  depends on the token's text, part of speech and morphology alone (their cache is keyed on them),
  but they walk the Doc token by token in Python. :func:`lemmatize_doc` reads those three columns
  with ``Doc.to_array``, asks the lemmatizer once per distinct triple, and writes the lemmas back
  with ``Doc.from_array``.
- **parser and ner**: their per-transition products go to numpy instead of BLIS
  (``kg.extraction.blas``).
- **tok2vec and ner's own**: their ``Maxout`` layers take the largest piece with numpy's vector
  ``maximum`` at inference (``kg.extraction.maxout``), bit for bit thinc's choice.

``KG_SPEEDUPS=0`` in the environment leaves the pipeline as spaCy gives it.

>>> RuleIndex.token_tests({"TAG": {"IN": ["VBP", "VBZ"]}})
(('TAG', 'IN', ('VBP', 'VBZ')),)
>>> RuleIndex.token_tests({"LENGTH": 3}) is None
True
"""

from __future__ import annotations

import os
import types

KEYS = ("TAG", "POS", "LOWER", "DEP", "IS_SPACE")      # the token attributes the index reads
OPS = ("IN", "NOT_IN", "REGEX")
MAX_LEMMAS = 500_000           # distinct (text, POS, morphology) remembered, then forgotten at once
MAX_ROWS = 200_000             # distinct token rows whose first-token matches are remembered, likewise
# The attributes a ruler may set for its matches to be applied token by token, merged: each is a
# field of the token alone (Token.set_struct_attr), none of its lexeme, shared by other tokens
# (``spacy.attrs`` names).
TOKEN_ONLY = ("LEMMA", "POS", "TAG", "DEP", "MORPH", "NORM")
_FAST_CLASSES: dict = {}


def tune(nlp) -> list[str]:
    """Install the exact replacements on ``nlp`` in place; the names of the components tuned.

    Only spaCy's own classes are tuned, not subclasses (which may do otherwise), and a tuned
    component is left as it is (tuning twice does nothing more).

    >>> tune(type("NoPipes", (), {"pipeline": []})())
    []
    """
    if os.environ.get("KG_SPEEDUPS", "1").strip() == "0":
        return []
    import spacy.attrs
    from kg.extraction import blas, maxout
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.lang.fr.lemmatizer import FrenchLemmatizer
    from spacy.pipeline import AttributeRuler, Lemmatizer

    # their lemma depends on the token's text, part of speech and morphology alone
    lemmatizers = (Lemmatizer, EnglishLemmatizer, FrenchLemmatizer)
    token_only = {getattr(spacy.attrs, a) for a in TOKEN_ONLY}
    tuned = []
    for name, component in nlp.pipeline:
        if type(component) is AttributeRuler and "match" not in vars(component):
            index = RuleIndex.from_ruler(component)
            if index is not None:
                component.match = index.match      # an instance attribute: the class is untouched
                if all(set(attrs) <= token_only for attrs in component.attrs):
                    component.set_annotations = types.MethodType(set_rule_annotations, component)
                tuned.append(name)
        elif type(component) in lemmatizers and getattr(component, "mode", None) in ("rule", "lookup"):
            base = type(component)
            if base not in _FAST_CLASSES:
                _FAST_CLASSES[base] = type(base.__name__, (base,), {
                    "__call__": lemmatize_doc, "__module__": __name__,
                    "__doc__": f"{base.__name__}, lemmatizing each distinct token once per Doc."})
            component.__class__ = _FAST_CLASSES[base]  # a call is looked up on the class
            component._kg_lemmas = {}
            tuned.append(name)
    tuned += [f"{name} (products)" for name in blas.install(nlp)]
    tuned += [f"{name} (maxout)" for name in maxout.install(nlp)]
    return tuned


def set_rule_annotations(self, doc, matches):
    """``AttributeRuler.set_annotations``, one write per token: the attributes of each token's
    matches merged in the matches' order (later rules win, as when written one after another).

    Only for rulers whose attributes are all token fields (``TOKEN_ONLY``): then a write touches
    its token alone, and writing the merged attributes once is writing them in turn. A match whose
    index falls outside it goes to spaCy's own method, which raises its error.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> ruler = nlp.add_pipe("attribute_ruler")
    >>> ruler.add([[{"LOWER": "convoys"}]], {"LEMMA": "convoy", "TAG": "NNS"})
    >>> ruler.add([[{"LOWER": "fuel"}, {"LOWER": "convoys"}]], {"LEMMA": "truck"}, index=-1)
    >>> tune(nlp)
    ['attribute_ruler']
    >>> [(t.lemma_, t.tag_) for t in nlp("fuel convoys")]
    [('', ''), ('truck', 'NNS')]
    """
    from spacy.tokens._retokenize import set_token_attrs
    merged: dict[int, dict] = {}
    for rule, _, start, end in matches:
        index = self.indices[rule]
        i = (end if index < 0 else start) + index
        if not start <= i < end:
            return type(self).set_annotations(self, doc, matches)
        attrs = merged.get(i)
        if attrs is None:
            merged[i] = dict(self.attrs[rule])
        else:
            attrs.update(self.attrs[rule])
    for i, attrs in merged.items():
        set_token_attrs(doc[i], attrs)


def lemmatize_doc(self, doc):
    """``Lemmatizer.__call__``, one lemmatizer call per distinct (text, POS, morphology).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    >>> _ = lemmatizer.lookups.add_table("lemma_lookup", {"convoys": "convoy", "burn": "burn"})
    >>> tune(nlp)
    ['lemmatizer']
    >>> [t.lemma_ for t in nlp("convoys burn convoys")]
    ['convoy', 'burn', 'convoy']
    """
    from spacy.attrs import LEMMA, MORPH, ORTH, POS
    if not self._validated:
        self._validate_tables()
    rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
    lemmas = rows[:, 3].copy()
    known, strings = self._kg_lemmas, doc.vocab.strings
    for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
        if self.overwrite or lemma == 0:
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                if len(known) >= MAX_LEMMAS:
                    known.clear()
                value = known[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = value
    doc.from_array([LEMMA], lemmas.reshape(-1, 1))
    return doc


class RuleIndex:
    """The matches of an AttributeRuler's patterns, found by lookups instead of the Matcher.

    A pattern is a list of token tests; a test is (attribute column, operator, values) with the
    values as ``Doc.to_array`` gives them (string hashes, 0/1 for IS_SPACE), or a compiled regex
    over the attribute's text. Each pattern is filed under one equality of its first token when it
    has one (``by_value``), else it is tried at every token (``anywhere``)."""

    def __init__(self, strings, by_value: dict, anywhere: list):
        self.strings = strings
        self.by_value = by_value
        self.anywhere = anywhere
        self.first: dict[tuple, tuple] = {}      # a token row -> the patterns its token starts

    @staticmethod
    def token_tests(token: dict):
        """The pattern token as ((KEY, operator, values), ...) when the index can take it, else
        None. An equality is ``IN`` with one value."""
        tests = []
        for key, value in token.items():
            if key not in KEYS:
                return None
            if not isinstance(value, dict):
                value = {"IN": [value]}
            if len(value) != 1 or next(iter(value)) not in OPS:
                return None
            (op, values), = value.items()
            if op == "REGEX":
                if key == "IS_SPACE" or not isinstance(values, str):
                    return None
            else:
                if not isinstance(values, (list, tuple)):
                    return None
                kind = bool if key == "IS_SPACE" else str
                if not all(type(v) is kind for v in values):
                    return None
                values = tuple(values)
            tests.append((key, op, values))
        return tuple(tests)

    @classmethod
    def from_ruler(cls, ruler):
        """The index of ``ruler``'s patterns, or None when one of them is beyond it (or the ruler
        does not keep them as spaCy 3.8 does)."""
        try:
            return cls._from_ruler(ruler)
        except (AttributeError, KeyError, TypeError, ValueError):
            return None

    @classmethod
    def _from_ruler(cls, ruler):
        strings = ruler.vocab.strings
        by_value: dict = {}
        anywhere: list = []
        for rule in range(len(ruler.attrs)):
            key = str(rule)
            if key not in strings or strings[key] not in ruler.matcher:
                return None
            match_id = strings[key]
            for pattern in ruler.matcher.get(match_id)[1]:
                compiled = []
                for token in pattern:
                    tests = cls.token_tests(token)
                    if tests is None:
                        return None
                    compiled.append(tuple(_compile(strings, *test) for test in tests))
                if not compiled:
                    return None
                first, later = compiled[0], tuple(compiled[1:])
                index = next((t for t in first if not t[2] and isinstance(t[1], frozenset)), None)
                if index is None:
                    anywhere.append((rule, match_id, first, later))
                    continue
                rest = tuple(t for t in first if t is not index)
                for value in index[1]:
                    by_value.setdefault((index[0], value), []).append((rule, match_id, rest, later))
        return cls(strings, by_value, anywhere)

    def match(self, doc):
        """What ``AttributeRuler.match`` returns: (rule, match id, start, end), sorted.

        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> ruler = nlp.add_pipe("attribute_ruler")
        >>> ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"})
        >>> ruler.add([[{"LOWER": {"REGEX": "^y'?$"}}]], {"LEMMA": "you"})
        >>> doc = nlp.make_doc("y gon na go")
        >>> RuleIndex.from_ruler(ruler).match(doc) == ruler.match(doc)
        True
        """
        rows = doc.to_array(list(KEYS)).tolist()
        n = len(rows)
        found = set()
        cache = self.first
        for i, row in enumerate(rows):
            key = tuple(row)
            hits = cache.get(key)
            if hits is None:
                if len(cache) >= MAX_ROWS:
                    cache.clear()
                hits = cache[key] = self._first_token(row)
            for rule, match_id, later in hits:
                if not later:
                    found.add((rule, match_id, i, i + 1))
                elif _follows(later, rows, i, n):
                    found.add((rule, match_id, i, i + 1 + len(later)))
        return sorted(found)

    def _first_token(self, row) -> tuple:
        """The patterns whose first token ``row`` passes, as (rule, match id, later tests): what
        a token's row gives, kept per distinct row."""
        hits = []
        for col in range(len(KEYS)):
            for rule, match_id, rest, later in self.by_value.get((col, row[col]), ()):
                if _passes(rest, row):
                    hits.append((rule, match_id, later))
        for rule, match_id, first, later in self.anywhere:
            if _passes(first, row):
                hits.append((rule, match_id, later))
        return tuple(hits)


class RegexValues:
    """The hashes whose text the regex finds something in, as a set: ``hash in RegexValues``."""

    def __init__(self, strings, pattern: str):
        import re
        self.strings, self.regex, self.seen = strings, re.compile(pattern), {}

    def __contains__(self, value) -> bool:
        hit = self.seen.get(value)
        if hit is None:
            if len(self.seen) >= MAX_LEMMAS:     # bounded like the lemmas: forgotten at once
                self.seen.clear()
            hit = self.seen[value] = self.regex.search(self.strings[value]) is not None
        return hit


def _compile(strings, key: str, op: str, values):
    """A token test as (column, set of values, negated)."""
    if op == "REGEX":
        return (KEYS.index(key), RegexValues(strings, values), False)
    hashed = frozenset(int(v) if key == "IS_SPACE" else strings.add(v) for v in values)
    return (KEYS.index(key), hashed, op == "NOT_IN")


def _passes(tests, row) -> bool:
    for col, values, negated in tests:
        if (row[col] in values) == negated:
            return False
    return True


def _follows(later, rows, i: int, n: int) -> bool:
    """Whether the tokens after ``i`` pass the pattern's later tests."""
    if not later:
        return True
    if i + len(later) >= n:
        return False
    return all(_passes(tests, rows[i + 1 + k]) for k, tests in enumerate(later))
