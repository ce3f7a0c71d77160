"""Finding who an article talks about: the mention layer of ``kg.extract``.

Catalogue names and aliases (a spaCy ``PhraseMatcher`` over folded norms: case, accents and
apostrophes ignored); aliases learned from appositions ("Group for the Support of Islam and Muslims
(JNIM)", "X, also known as Y"); new capitalised names proposed as entities with a guessed type and
category; pronouns and definite descriptions ("it", "the group", "the city") resolved later by
``kg.extract``; demonyms ("Emirati"). Names of events and scenarios are *transparent*: they may
contain other names and relation triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.core.names import fold
from kg.extraction.lang import guess_category

TRANSPARENT = {"Event", "Scenario"}       # names that may contain other names and triggers
ACTOR = {"Actor", "Country", "Government", "Group", "Organization", "Person"}
_OPEN_QUOTES = {"“", "«", '"', "‘"}
_CLOSE_QUOTES = {"”", "»", '"', "’"}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60].strip("-") or "entity"


@dataclass
class Mention:
    start: int
    end: int
    entity: str | None
    type: str
    kind: str = "name"          # name | proposed | pronoun | demonym
    anaphor: str = ""


_SOLID_KINDS = {"name", "proposed"}
_ELIDED = re.compile(r"^[a-z]{1,2}['’][A-Z]")     # l'Azawad, d'Ivoire


class MentionReader:
    """Mentions of one article (``self.mentions``, ``self.nested``, ``self.demonyms``), the proposed
    entities and the aliases learned on the way. ``ex`` is the ``kg.extract.Extractor``."""

    def __init__(self, ex, text: str, article_date, author: str | None,
                 body_start: int = 0):
        self.ex, self.lang, self.text, self.article_date = ex, ex.lang, text, article_date
        self.doc = ex.parse(text)
        from spacy.attrs import LEMMA, LOWER, ORTH
        strings = self.doc.vocab.strings
        cols = list(zip(*self.doc.to_array([ORTH, LOWER, LEMMA]).tolist())) or [(), (), ()]
        self.texts, self.lows, self.lemmas = ([strings[h] for h in col] for col in cols)
        self.author = ex.by_norm.get(" ".join(fold(author).split())) if author else None
        from kg.extraction.zoning import body_zones, in_zones
        self.zones = [(max(s, body_start), e) for s, e in body_zones(text) if e > body_start]
        self.sents = [s for s in self.doc.sents if s.text.strip() and in_zones(self.zones, s.start_char, s.end_char)]
        self.sent_of = [-9] * len(self.doc)
        for si, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = si
        self.proposed: dict[str, dict] = {}
        self.learned: list[dict] = []
        self._resolved: dict = {}

    def type_of(self, eid: str | None) -> str | None:
        if eid in self.ex.entities:
            return self.ex.entities[eid].type
        return self.proposed[eid]["type"] if eid in self.proposed else None

    def category_of(self, eid: str) -> str | None:
        ent = self.ex.entities.get(eid)
        return ent.category if ent else self.proposed.get(eid, {}).get("category")

    def span_text(self, s: int, e: int) -> str:
        return self.text[self.doc[s].idx:self.doc[e - 1].idx + len(self.doc[e - 1])]

    # ------------------------------------------------------------ mentions

    def _names(self):
        doc = self.doc
        spans = sorted((s, e, doc.vocab.strings[mid]) for mid, s, e in self.ex.names(doc))
        solid = [x for x in spans if self.type_of(x[2]) not in TRANSPARENT]
        trans = [x for x in spans if self.type_of(x[2]) in TRANSPARENT]

        def greedy(items):
            """Longest names first; a name overlapping a longer one is kept apart as nested."""
            taken, out, rest = set(), [], []
            for s, e, eid in sorted(items, key=lambda x: (x[0] - x[1], x[0], x[2])):
                if taken.intersection(range(s, e)):
                    rest.append((s, e, eid))
                else:
                    out.append((s, e, eid))
                    taken.update(range(s, e))
            return out, rest
        solid_out, nested = greedy(solid)
        trans_out, _ = greedy(trans)
        self.mentions = [Mention(s, e, eid, self.type_of(eid)) for s, e, eid in solid_out + trans_out]
        self.nested = [Mention(s, e, eid, self.type_of(eid)) for s, e, eid in nested]

    def _covered(self, transparent: bool = False) -> set[int]:
        return {i for m in self.mentions if m.kind in _SOLID_KINDS and (transparent or m.type not in TRANSPARENT)
                for i in range(m.start, m.end)}

    def _namelike(self, i: int) -> bool:
        t = self.texts[i]
        return ((t[:1].isupper() and (t.isalpha() or "'" in t or "’" in t)) or _ELIDED.match(t) is not None) \
            and self.lows[i] not in self.lang.not_names

    def _run(self, i: int, step: int, covered: set[int]) -> tuple[int, int] | None:
        """The run of capitalised words (with connectors) ending at token i (step -1) or starting
        there (step 1)."""
        doc, conn = self.doc, self.lang.name_connectors
        j, last = i, None
        while 0 <= j < len(doc) and j not in covered:
            if self._namelike(j):
                last = j
            elif not (self.lows[j] in conn and last is not None):
                break
            j += step
        if last is None:
            return None
        return (last, i + 1) if step < 0 else (i, last + 1)

    def _add_alias(self, span, eid):
        alias = self.span_text(*span)
        if fold(alias) != fold(self.ex.entities[eid].name if eid in self.ex.entities else self.proposed[eid]["name"]):
            if eid in self.proposed:
                self.proposed[eid]["aliases"].append(alias)
            elif {"entity": eid, "alias": alias} not in self.learned:
                self.learned.append({"entity": eid, "alias": alias})
        self.mentions.append(Mention(span[0], span[1], eid, self.type_of(eid), "name"))

    def _appositions(self):
        doc = self.doc
        covered = self._covered()
        solid = {(m.start, m.end): m for m in self.mentions if m.type not in TRANSPARENT}
        by_end = {m.end: m for m in solid.values()}
        pairs = []
        texts = self.texts
        for i in (i for i, t in enumerate(texts) if t == "("):
            close = next((j for j in range(i + 1, min(i + 12, len(doc))) if texts[j] == ")"), None)
            if close and close > i + 1:
                end = i - 1 if i > 0 and texts[i - 1] == "," else i
                pairs.append((end, (i + 1, close)))
        for mid, s, e in self.ex.phrases(doc):
            if doc.vocab.strings[mid] == "APPOS":
                end = s - 1 if s > 0 and doc[s - 1].text == "," else s
                right = self._run(e, 1, covered)
                if right:
                    pairs.append((end, right))
        for end, inner in pairs:
            left_m = by_end.get(end)
            inner_m = solid.get(inner)
            if left_m and not inner_m and not covered.intersection(range(*inner)) \
                    and all(self._namelike(t) or self.lows[t] in self.lang.name_connectors for t in range(*inner)):
                self._add_alias(inner, left_m.entity)
            elif inner_m and not left_m:
                left = self._run(end - 1, -1, covered)
                if left:
                    self._add_alias(left, inner_m.entity)
            elif not left_m and not inner_m and not covered.intersection(range(*inner)):
                left = self._run(end - 1, -1, covered)
                if left and all(self._namelike(t) or self.lows[t] in self.lang.name_connectors
                                for t in range(*inner)):
                    long, short = sorted([left, inner], key=lambda sp: sp[0] - sp[1])
                    eid = self._propose(*long, force=True)
                    if eid:
                        self._add_alias(short, eid)
            covered = self._covered()
        if self.learned or any(p["aliases"] for p in self.proposed.values()):
            self._propagate()

    def _propagate(self):
        from spacy.matcher import PhraseMatcher
        pm = PhraseMatcher(self.doc.vocab, attr="NORM")
        for item in self.learned:
            pm.add(item["entity"], [self.ex._prepare(self.ex.nlp.make_doc(item["alias"]))])
        for eid, p in self.proposed.items():
            pm.add(eid, [self.ex._prepare(self.ex.nlp.make_doc(a)) for a in [p["name"], *p["aliases"]]])
        covered = self._covered()
        for mid, s, e in sorted(pm(self.doc), key=lambda x: (x[1], x[1] - x[2])):
            if not covered.intersection(range(s, e)):
                eid = self.doc.vocab.strings[mid]
                self.mentions.append(Mention(s, e, eid, self.type_of(eid), "name"))
                covered.update(range(s, e))

    def _propose(self, s: int, e: int, force: bool = False) -> str | None:
        doc, lang = self.doc, self.lang
        words = [t.lower_ for t in doc[s:e]]
        if all(w in lang.not_names or w in lang.demonyms or w[:-1] in lang.demonyms or w in lang.name_connectors
               for w in words):
            return None
        if e - s == 1 and not force:
            tok = doc[s]
            start_of_sentence = tok.is_sent_start or (s > 0 and doc[s - 1].text in _OPEN_QUOTES)
            if len(tok.text) < 2 or tok.lower_ in lang.demonyms or (start_of_sentence and not tok.is_upper):
                return None
        name = self.span_text(s, e)
        prev = doc[s - 1].lower_.rstrip(".") if s > 0 else ""
        guess = guess_category(words, prev, e - s == 1 and doc[s].is_upper, lang)
        eid = slug(name)
        for other, p in self.proposed.items():
            if fold(p["name"]) == fold(name):
                eid = other
                break
        else:
            while eid in self.ex.entities or eid in self.proposed:
                eid += "-new"
            self.proposed[eid] = {"id": eid, "name": name, "type": guess[0], "category": guess[1],
                                  "aliases": [], "mentions": 0}
        self.proposed[eid]["mentions"] += 1
        self.mentions.append(Mention(s, e, eid, self.proposed[eid]["type"], "proposed"))
        return eid

    def _proposals(self):
        covered = self._covered(transparent=True)
        for sent in self.sents:
            words = [t for t in self.texts[sent.start:sent.end] if t.isalpha()]
            if len(words) >= 3 and sum(t[:1].isupper() for t in words) >= 0.6 * len(words):
                continue                    # a title-case heading, not a sentence
            i = sent.start
            while i < sent.end:
                if i in covered or not self._namelike(i):
                    i += 1
                    continue
                run = self._run(i, 1, covered)
                end = min(run[1], sent.end) if run else i + 1
                self._propose(i, end)
                i = end

    def _extras(self):
        doc, lang = self.doc, self.lang
        covered = self._covered()
        self.cues, self.clause_cues, self.according = [], [], []
        for mid, s, e in self.ex.phrases(doc):
            label = doc.vocab.strings[mid]
            if label == "PRONOUN" and not covered.intersection(range(s, e)) and not (
                    e + 1 < len(doc) and doc[e].lower_ == "of" and doc[e + 1].text[:1].isupper()):  # "the town of X"
                self.mentions.append(Mention(s, e, None, "", "pronoun", doc[s:e].text.lower()))
            elif label == "CUE":
                self.cues.append((s, e, lang.cues[doc[s:e].text.lower()]))
            elif label == "CLAUSE":
                self.clause_cues.append((s, e, lang.clause_cues[doc[s:e].text.lower()]))
            elif label == "ACCORDING":
                self.according.append((s, e))
        self.demonyms = []
        for i, low in enumerate(self.lows):
            if low in lang.demonyms and self.texts[i][:1].isupper():
                eid = self.ex.by_name.get(fold(lang.demonyms[low]))
                if eid:
                    self.demonyms.append(Mention(i, i + 1, eid, self.type_of(eid), "demonym"))
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        counts: dict[str, list] = {}
        for m in self.mentions:
            if m.kind == "name" and m.entity:
                counts.setdefault(self.type_of(m.entity), []).append(m.entity)

        def most(kind):
            ids = counts.get(kind, [])
            return max(dict.fromkeys(ids), key=ids.count) if ids else None
        self.focus, self.focus_gov = most("Country"), most("Government")

