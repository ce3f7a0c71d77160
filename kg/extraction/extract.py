"""Candidate statements from an article's text: who did what to whom, when, according to whom.

Built from spaCy components, offline (no model download): the blank pipeline of the article's
language with its rule-based ``sentencizer``; lookup lemmas from ``spacy-lookups-data``; a
``PhraseMatcher`` over folded token norms (case, accents, apostrophes) for every name and alias of
the entity catalogue; a ``Matcher`` for the relation triggers of the language pack
(``kg.lang.<code>``). Arguments are found around a trigger by the pack's strategies (nearest actor
on the left, first place on the right, the agent after "by", ...) and checked against the domain
and range of the relation in the ontology. Negation and hedging set the modality; they never drop a
candidate. Every candidate carries its sentence as a verbatim span (``text[start:end] == quote``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.corpus.catalog import Entity, PartialDate
from kg.core.errors import KgError
from kg.extraction.mentions import (ACTOR, TRANSPARENT, Mention, MentionReader, _CLOSE_QUOTES, _OPEN_QUOTES,
                               _SOLID_KINDS, fold, slug)
from kg.extraction.zoning import in_zones
from kg.extraction.lang import Language, compile_trigger, get_language, modality_of, read_amounts

__all__ = ["Candidate", "Extraction", "Extractor", "Mention", "fold", "slug"]


@dataclass
class Candidate:
    subject: str
    relation: str
    object: str
    quote: str
    start: int
    end: int
    modality: str = "asserted"
    confidence: str = "medium"
    claimant: str | None = None
    date: PartialDate | None = None
    date_qualifier: str | None = None
    end_date: PartialDate | None = None
    quantity: dict | None = None
    pattern: str = ""
    source: str = "general"
    sentence: int = 0

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.relation, self.object)


@dataclass
class Extraction:
    candidates: list[Candidate]
    entities: list[dict] = field(default_factory=list)     # proposed new entities
    aliases: list[dict] = field(default_factory=list)      # learned aliases of known entities


def _types_of(cls: str) -> set[str]:
    from kg.core.namespaces import KG
    from kg.corpus.ontology import load_ontology, local_name, subclass_closure
    return {local_name(c) for c in subclass_closure(load_ontology(), KG[cls])}


class Extractor:
    """A compiled pipeline for one language and one entity catalogue.

    ``sources``: when given, only patterns written for these sources are used (``general`` and/or
    article ids); ``alias_ok(entity, alias)`` can hide catalogue aliases (leave-one-out eval)."""

    def __init__(self, entities: dict[str, Entity], language: str = "en", *, sources=None,
                 alias_ok=None):
        try:
            import spacy
            from spacy.lookups import load_lookups
            from spacy.matcher import Matcher, PhraseMatcher
        except ImportError as exc:  # pragma: no cover - spacy is a dependency
            raise KgError(f"extraction needs spaCy ({exc}); run pip install -e .") from None
        from kg.corpus.ontology import relations

        self.lang: Language = get_language(language)
        self.entities = entities
        self.nlp = spacy.blank(self.lang.spacy_lang)
        self.nlp.add_pipe("sentencizer")
        try:
            table = load_lookups(self.lang.spacy_lang, ["lemma_lookup"]).get_table("lemma_lookup")
        except Exception as exc:
            raise KgError(f"no lemma table for {self.lang.code!r}: install spacy-lookups-data ({exc})") from None
        self._lemma_table = table
        self._fold_cache: dict[str, str] = {}
        self._lemma_cache: dict[str, str] = {}
        rels = relations()
        self.domain = {r.name: _types_of(r.domain) for r in rels.values()}
        self.range = {r.name: _types_of(r.range) for r in rels.values()}
        self.patterns = [p for p in self.lang.patterns if sources is None or p.source in sources]
        self.possessives = [p for p in self.lang.possessives if sources is None or p.source in sources]
        for p in self.patterns:
            if p.relation != "@previous" and p.relation not in rels:
                raise KgError(f"pattern {p.id!r}: relation {p.relation!r} is not in the ontology")
        self.names = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.by_norm: dict[str, str] = {}
        for ent in sorted(entities.values(), key=lambda e: e.id):
            variants = []
            for alias in [ent.name, *ent.aliases]:
                if alias != ent.name and alias_ok is not None and not alias_ok(ent, alias):
                    continue
                variants += self._variants(alias)
            docs = [self._prepare(self.nlp.make_doc(v)) for v in dict.fromkeys(variants)]
            if docs:
                self.names.add(ent.id, docs)
            for v in variants:
                self.by_norm.setdefault(" ".join(fold(v).split()), ent.id)
        # One Matcher per anchor (first required word): a sentence only runs the matchers whose
        # anchor it contains, instead of every pattern at every token.
        self.anchored: dict[tuple[str, str], Matcher] = {}
        for i, p in enumerate(self.patterns):
            for pat in compile_trigger(p.trigger, self.lemma):
                first = next(t for t in pat if t.get("OP") not in ("?", "{0,3}"))
                attr = "LEMMA" if "LEMMA" in first else "LOWER"
                key = (attr, first[attr])
                if key not in self.anchored:
                    self.anchored[key] = Matcher(self.nlp.vocab)
                self.anchored[key].add(str(i), [pat])
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for label, words in (("CUE", self.lang.cues), ("CLAUSE", self.lang.clause_cues),
                             ("ACCORDING", self.lang.according_to), ("PRONOUN", self.lang.pronouns),
                             ("APPOS", self.lang.apposition_words)):
            self.phrases.add(label, [self.nlp.make_doc(w) for w in words])
        self.by_name = {fold(e.name): e.id for e in entities.values()}

    # ------------------------------------------------------------ tokens

    def lemma(self, word: str) -> str:
        lem = self._lemma_cache.get(word)
        if lem is None:
            low = word.lower()
            lem = self._lemma_table.get(low, low) if hasattr(self._lemma_table, "get") else low
            self._lemma_cache[word] = lem
        return lem

    def _prepare(self, doc):
        """Set each token's NORM (folded: ``côte d’ivoire`` -> ``cote d'ivoire``) and LEMMA
        (lookup table), in one array write."""
        import numpy
        from spacy.attrs import LEMMA, NORM, ORTH

        strings, cache, rows = doc.vocab.strings, self._fold_cache, []
        for orth in doc.to_array(ORTH).tolist():
            pair = cache.get(orth)
            if pair is None:
                text = strings[orth]
                pair = cache[orth] = (strings.add(fold(text)), strings.add(self.lemma(text)))
            rows.append(pair)
        if rows:
            doc.from_array([NORM, LEMMA], numpy.array(rows, dtype="uint64"))
        return doc

    @staticmethod
    def _variants(alias: str) -> list[str]:
        alias = " ".join(alias.split())
        out = [alias]
        low = alias.lower()
        if low.startswith("the ") and alias[4:5].isupper():
            out.append(alias[4:])
        elif low.startswith("the "):
            out += ["a " + alias[4:], "an " + alias[4:]]
        return out

    def parse(self, text: str):
        doc = self._prepare(self.nlp(text))
        toks = list(doc)
        for prev, tok in zip(toks, toks[1:]):
            if prev.is_space and "\n" in prev.text:
                tok.is_sent_start = True
            elif tok.is_sent_start and prev.text in _OPEN_QUOTES and prev.i > 0:
                prev.is_sent_start, tok.is_sent_start = True, False
        return doc

    # ------------------------------------------------------------ entry point

    def extract(self, text: str, *, article_date: PartialDate | None = None, author: str | None = None,
                body_start: int = 0) -> Extraction:
        """Candidates from ``text`` (offsets are into ``text``; sentences before ``body_start``, a
        metadata header, are skipped). ``article_date`` anchors "last week" and years left out."""
        return _Reader(self, text, article_date, author, body_start).run()

    def link(self, text: str) -> list[tuple[int, int, str]]:
        """The catalogue entities named in ``text``: (start, end, entity id), character offsets;
        aliases learned from appositions included."""
        r = _Reader(self, text, None, None)
        r._names()
        r._appositions()
        doc = r.doc
        return sorted((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), m.entity)
                      for m in r.mentions if m.entity in self.entities)


# ------------------------------------------------------------------ reading one article

_COORD_SKIP = {",", "and", "or", "&", "both", "as", "well", "the"}
_ANAPHOR_CATEGORIES = {"the company": {"company"}, "the militants": {"jihadist-group", "rebel-group"}}
_CONJ = {"and", "but", "while", "as", "or", "that", "which"}
_AGENTLESS = {"if", "when", "once", "unless", "was", "were", "is", "are", "been", "being", "be", "get", "got"}


def _verbish(tok) -> bool:
    """A lower-case -ing or -ed word: a verb form, so the name after it is its object."""
    return tok.is_alpha and tok.is_lower and len(tok) > 4 and tok.lower_.endswith(("ing", "ed"))
_FAMILY = {t: {"actor"} for t in ("Organization", "Government", "Group", "Person")}
_FAMILY.update({t: {"place"} for t in ("City", "Region", "Place")}, Country={"actor", "place"})


@dataclass
class _TokenDate:
    start: int                  # token indices
    end: int
    date: PartialDate | None
    qualifier: str | None


class _Reader(MentionReader):
    # ------------------------------------------------------------ arguments

    def _object_position(self, m: Mention) -> bool:
        doc, g = self.doc, self._group_start(m)
        lo = self.sents[self.sent_of[m.start]].start
        g = self._skip_numbers(g, lo)
        if g <= lo:
            return False
        prev = doc[g - 1]
        if m.anaphor in ("its", "their") and prev.is_alpha and prev.is_lower and prev.lower_ not in _CONJ:
            return True                     # "update their travel advice": a possessor in an object
        return prev.lower_ in self.lang.prepositions or _verbish(prev) or (
            g - 2 >= lo and doc[g - 2].lower_ in self.lang.prepositions | {"to"} and prev.is_alpha
            and prev.is_lower)

    def _skip_numbers(self, g: int, lo: int) -> int:
        while g > lo and self.doc[g - 1].like_num:
            g -= 1
        return g

    def _neighbour(self, m: Mention, step: int, typ: str | None = None) -> Mention | None:
        """The mention of the same kind (places, actors) coordinated with ``m`` ("X, Y and Z")."""
        doc, skipped = self.doc, 0
        k = m.end if step > 0 else m.start - 1
        fam = _FAMILY.get(typ or m.type, {typ or m.type})
        while 0 <= k < len(doc):
            found = next((x for x in (self.at_end if step < 0 else self.at_start).get(k, ())
                          if x.kind != "pronoun" and fam & _FAMILY.get(x.type, {x.type})), None)
            if found or self.lows[k] not in _COORD_SKIP:
                return found if skipped else None
            k, skipped = k + step, skipped + (self.lows[k] != "the")
        return None

    def _group_start(self, m: Mention) -> int:
        while (prev := self._neighbour(m, -1)) is not None:
            m = prev
        return m.start

    def _resolve(self, m: Mention, types: set[str]) -> str | None:
        if m.kind != "pronoun":
            return m.entity if self.type_of(m.entity) in types else None
        key = (m.start, frozenset(types))
        if key in self._resolved:
            return self._resolved[key]
        a = m.anaphor
        if a in ("the country", "the territory"):
            return self.focus if "Country" in types else None
        need = {"the city": {"City"}, "the town": {"City"}, "the region": {"Region"},
                "it": {"Organization", "Government", "Group", "City", "Region", "Country"},
                "its": {"Organization", "Government", "Group", "City", "Region", "Country"}}.get(
            a, {"Organization", "Group", "Government"}) & types
        si = self.sent_of[m.start]
        before = [x for x in self.mentions if x.end <= m.start and x.kind in _SOLID_KINDS
                  and self.type_of(x.entity) in need and self.sent_of[x.start] >= si - 3
                  and self.category_of(x.entity) in _ANAPHOR_CATEGORIES.get(a, {self.category_of(x.entity)})][::-1]
        same = [x for x in before if self.sent_of[x.start] == si]
        order = [x for x in same if not self._object_position(x)] + same
        order += [x for x in before if x not in same and not self._object_position(x)] + before
        if not need & ACTOR:
            order = before
        found = order[0].entity if order else None
        self._resolved[key] = found
        return found

    def _right(self, pos, sent, types, window, skip_mod=False, expand=True):
        doc, limit = self.doc, min(pos + window, sent.end)
        for m in self.in_sent.get(self.sent_of[sent.start], ()):
            if m.start < pos or m.end > sent.end or (m.kind == "pronoun" and " " not in m.anaphor):
                continue
            if m.start > limit or any(self.lows[k] in self.lang.clause_breaks or (
                    self.lows[k] in ("and", "or") and _verbish(doc[k + 1])) for k in range(pos, m.start)):
                break
            if skip_mod and m.end < len(doc) and doc[m.end].lower_ in ("affiliated", "linked", "-"):
                continue
            eid = self._resolve(m, types)
            if eid:
                return self._expand(m, eid, types, 1) if expand else [(eid, m)]
        return []

    def _expand(self, m, eid, types, step):
        out = [(eid, m)]
        while (nxt := self._neighbour(m, step, self.type_of(out[-1][0]))) is not None:
            nid = self._resolve(nxt, types)
            if not nid:
                break
            out.append((nid, nxt))
            m = nxt
        return out

    def _left(self, ts, sent, types):
        doc = self.doc
        barrier = max([k for k in range(sent.start, ts) if self.lows[k] in self.lang.clause_breaks],
                      default=sent.start - 1)
        cands = [m for m in self.in_sent.get(self.sent_of[sent.start], ()) if m.end <= ts and m.start > barrier][::-1]
        for m in cands:       # "Y to <verb>", "Y's <noun>", "Y, which <verb>": Y is the subject
            after = [t.norm_ for t in doc[m.end:min(m.end + 3, ts)]]
            tight = m.end == ts - 1 and after[:1] in (["to"], ["'s"], ["'"])
            relative = [a for a in after if a != ")"][:2] in ([",", "which"], [",", "who"])
            if (tight or relative) and (eid := self._resolve(m, types)):
                return self._expand(m, eid, types, -1), 0
        for strict in (True, False):
            for m in cands:
                eid = self._resolve(m, types)
                if eid and not ((strict or m.anaphor in ("its", "their")) and self._object_position(m)) and not (
                        not strict and _verbish(doc[max(sent.start, self._skip_numbers(self._group_start(m), sent.start) - 1)])):
                    found = self._expand(m, eid, types, -1)
                    for x in cands:           # "X - including Y - to defend": Y acts too
                        if m.end <= x.start and doc[self._group_start(x) - 1].lower_ in self.lang.including:
                            xid = self._resolve(x, types)
                            found += [(xid, x)] if xid else []
                    return found, 0 if strict else 1
        return [], 0

    def _strategy(self, name, ts, te, sent, types, window, local):
        doc = self.doc
        if name == "left":
            return self._left(ts, sent, types)
        if name == "right":
            return self._right(te, sent, types, window), 0
        if name in ("by", "against"):
            words = {"by"} | ({"against"} if name == "against" else set())
            k = next((k for k in range(max(te - 1, sent.start), min(te + window, sent.end))
                      if self.lows[k] in words), None)
            return (self._right(k + 1, sent, types, 6, skip_mod=True) if k is not None else []), 0
        if name == "adjacent-left":
            return [(self._resolve(m, types), m) for m in self.in_sent.get(self.sent_of[sent.start], ()) if 0 <= ts - m.end <= 1
                    and m.start >= sent.start and m.kind != "pronoun" and self._resolve(m, types)][:1], 0
        if name == "adjacent-right":
            return self._right(te, sent, types, 2), 0
        if name == "after-comma":
            k = next((k for k in range(te, sent.end) if doc[k].text == ","), None)
            return (self._right(k + 1, sent, types, 4) if k is not None else []), 1
        if name in ("demonym-right", "demonym-left"):
            ok = [m for m in self.demonyms if (te <= m.start <= te + window if name == "demonym-right"
                                                else 0 <= ts - m.end <= 1) and m.type in types]
            return [(m.entity, m) for m in ok[:1]], 2
        if name.startswith("same"):
            rel = name.split(":", 1)[1]
            attr = "subject" if name.startswith("same-subject") else "object"
            ids = list(dict.fromkeys(getattr(c, attr) for c in local if c.relation == rel))
            return [(i, None) for i in ids if self.type_of(i) in types], 1
        single = {"author": self.author, "focus": self.focus, "focus-government": self.focus_gov,
                  "claimant": self._claimant(sent, ts) if ts in self._quoted(sent) else None}.get(name)
        return ([(single, None)] if single and self.type_of(single) in types else []), 2

    def _find(self, strategies, ts, te, sent, types, window, local):
        for name in strategies.split(","):
            found, weak = self._strategy(name, ts, te, sent, types, window, local)
            if found:
                return found, weak
        return [], 0

    # ------------------------------------------------------------ sentences

    def _quoted(self, sent) -> set[int]:
        inside, out = False, set()
        for tok in sent:
            if tok.text in ("“", "«") or (tok.text == '"' and not inside):
                inside = True
            elif tok.text in ("”", "»", '"'):
                inside = False
            elif inside:
                out.add(tok.i)
        return out

    def _claimant(self, sent, pos: int) -> str | None:
        """Who the sentence's words are attributed to: "according to X", "X said", ", said X"."""
        si = self.sent_of[sent.start]
        if si not in self._claims:
            texts, claims = self.texts, []
            names = [m for m in self.in_sent.get(si, ()) if m.kind in _SOLID_KINDS
                     and self.type_of(m.entity) in ACTOR]
            for s, e in self.according:
                claims += [(s, m.entity) for m in names if sent.start <= s and 0 <= m.start - e <= 2]
            for i in range(sent.start, sent.end):
                if self.lemmas[i] in self.lang.speech_verbs and texts[i].isalpha():
                    claims += [(i, m.entity) for m in names if 0 <= i - m.end <= 3
                               and all(t.isalpha() for t in texts[m.end:i])]
                    if i > sent.start and texts[i - 1] in {",", *_CLOSE_QUOTES}:
                        claims += [(i, m.entity) for m in names if 1 <= m.start - i <= 2]
            self._claims[si] = [c for c in claims if c[1] != self.author]
        claims = self._claims[si]
        return min(claims, key=lambda c: abs(c[0] - pos))[1] if claims else None

    def _apply(self, p, ts, te, sent, local) -> list[Candidate]:
        rel, obj_strategy = p.relation, p.object
        if rel == "@previous":
            prev = local[::-1] + [c for c in self.done[::-1] if c.sentence >= self.sent_of[ts] - 2]
            if not prev:
                return []
            rel, fixed = prev[0].relation, prev[0].object
        dom = self.ex.domain[rel] & (set(p.subject_types) or ACTOR | TRANSPARENT | {"City", "Region", "Place"})
        rng = self.ex.range[rel] & (set(p.object_types) or self.ex.range[rel])
        if "by" not in p.subject and (te < sent.end and self.doc[te].lower_ == "by" or (
                ts > sent.start and self.doc[ts - 1].lower_ in _AGENTLESS and " =" not in p.trigger
                and self.doc[ts].lower_.endswith(("ed", "en")))):
            return []                                   # a passive: the "by" pattern reads it
        if p.object == "right2":
            group, weak = self._find("right", ts, te, sent, dom | rng, p.window, local)
            pairs = [(group[0], group[1])] if len(group) > 1 else []
        else:
            subjects, ws = self._find(p.subject, ts, te, sent, dom, p.window, local)
            if rel != p.relation:
                objects, wo = ([(fixed, None)] if self.type_of(fixed) in rng else []), 1
            else:
                objects, wo = self._find(obj_strategy, ts, te, sent, rng, p.window, local)
            pairs, weak = [(s, o) for s in subjects for o in objects], ws + wo
        out = []
        for (sid, sm), (oid, om) in pairs:
            if sid == oid or self.type_of(sid) not in self.ex.domain[rel] or self.type_of(oid) not in rng:
                continue
            scope = min(ts, sm.start) if sm is not None and sm.start >= sent.start else ts
            cues = [c for c in self.cues if scope <= c[0] and c[1] <= te + 1 and not (ts <= c[0] < te)]
            used = {i for c in cues for i in range(c[0], c[1])}
            negated = any(self.lows[k] in self.lang.negations and k not in used
                          for k in range(scope, te) if not ts <= k < te)
            clause = next((c[2] for c in self.clause_cues if sent.start <= c[0] < ts), None)
            modality = p.modality or modality_of(cues, negated, clause)
            source = next((c for c in local if ":" in obj_strategy + p.subject and c.relation ==
                           (obj_strategy + "," + p.subject).split(":")[1].split(",")[0]), None)
            if modality == "asserted" and source is not None:
                modality = source.modality      # "did not retake X with the help of Y": Y did not either
            out.append(Candidate(sid, rel, oid, "", 0, 0, modality, ("high", "medium", "low")[min(weak, 2)],
                                 pattern=p.id, source=p.source, sentence=self.sent_of[ts]))
            out[-1]._at = (ts, te)
        return out

    def _possessives(self, si, sent) -> list[Candidate]:
        doc, out = self.doc, []
        here = self.in_sent.get(si, [])
        inner = [m for m in self.nested if sent.start <= m.start and m.end < sent.end] + [
            m for m in here if m.end < sent.end]
        for m in inner:
            t = doc[m.end]
            marker = "'s" if t.norm_ == "'s" else doc[m.end + 1].lower_ if t.text == "-" and m.end + 1 < sent.end \
                else t.lower_
            outer = next((o for o in here if o.start <= m.start and m.end < o.end and o is not m
                          and o.kind == "name"), None)
            if outer is None and marker == "'s":
                outer = next((o for o in self.at_start.get(m.end + 1, ()) if o.kind == "name"), None)
            for rule in self.ex.possessives:
                if outer and rule.marker == marker and m.type == rule.inner_type and outer.type == rule.outer_type:
                    s, o = (m.entity, outer.entity) if rule.inner_is_subject else (outer.entity, m.entity)
                    if s != o:
                        c = Candidate(s, rule.relation, o, "", 0, 0, "asserted", "medium",
                                      pattern=f"possessive:{rule.marker}", source=rule.source, sentence=si)
                        c._at = (m.start, m.end + 1)
                        out.append(c)
        return out

    def _finish(self, c: Candidate, sent, dates, amounts):
        ts, te = c._at
        text = sent.text
        c.start = sent.start_char + len(text) - len(text.lstrip())
        c.end = sent.start_char + len(text.rstrip())
        zone = in_zones(self.zones, c.start, c.end)
        if zone and (zone[0] > c.start or zone[1] < c.end):     # a dateline before the sentence
            c.start, c.end = max(c.start, zone[0]), min(c.end, zone[1])
            c.start += len(self.text[c.start:c.end]) - len(self.text[c.start:c.end].lstrip())
        c.quote = self.text[c.start:c.end]
        c.claimant = self._claimant(sent, ts)
        dist = lambda x: min(abs(x.start - ts), abs(x.end - te))   # noqa: E731
        for d in sorted(dates, key=dist)[:1]:
            if d.date is not None:
                if d.qualifier == "until":
                    c.end_date = d.date
                else:
                    c.date, c.date_qualifier = d.date, d.qualifier
        for a in sorted((a for a in amounts if dist(a) <= 12), key=dist)[:1]:
            value = int(a.value) if float(a.value).is_integer() else a.value
            c.quantity = {k: v for k, v in (("value", value), ("unit", a.unit), ("currency", a.currency),
                                            ("approx", a.approx)) if v is not None}
        return c

    def _sentence_dates(self, sent) -> list[_TokenDate]:
        """The article's dates (``kg.extraction.dates``, read once per article) in this sentence,
        as token spans."""
        if self._dates is None:
            from kg.extraction.dates import find_dates
            self._dates = find_dates(self.text, self.article_date, self.lang.code)
        out = []
        for d in self._dates:
            if sent.start_char <= d.start and d.end <= sent.end_char:
                span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
                if span is not None:
                    out.append(_TokenDate(span.start, span.end, d.date, d.qualifier))
        return out

    def run(self) -> Extraction:
        self._dates = None
        self._names()
        self._appositions()
        self._proposals()
        self._extras()
        self.in_sent, self.at_start, self.at_end = {}, {}, {}
        for m in self.mentions:
            self.in_sent.setdefault(self.sent_of[m.start], []).append(m)
            self.at_start.setdefault(m.start, []).append(m)
            self.at_end.setdefault(m.end - 1, []).append(m)
        by_sent: dict[int, list] = {}
        anchored = self.ex.anchored
        for si, sent in enumerate(self.sents):
            keys = {("LEMMA", x) for x in self.lemmas[sent.start:sent.end]} | {
                ("LOWER", x) for x in self.lows[sent.start:sent.end]}
            found = set()
            for key in keys & anchored.keys():
                found.update((m.start, m.end, int(m.label_)) for m in anchored[key](sent, as_spans=True))
            by_sent[si] = sorted(found)
        solid = self._covered()
        names = {i for m in self.mentions if m.kind == "name" and m.type not in TRANSPARENT
                 for i in range(m.start, m.end)}
        self.done: list[Candidate] = []
        self._claims: dict[int, list] = {}
        for si, sent in enumerate(self.sents):
            local: list[Candidate] = []
            trigs = sorted(by_sent.get(si, []), key=lambda t: (t[0], t[0] - t[1], t[2]))
            spec = {t: (t[1] - t[0], -self.ex.patterns[t[2]].trigger.count("*")) for t in trigs}
            trigs = [t for t in trigs if not any(u[0] <= t[0] and t[1] <= u[1] and spec[u] > spec[t]
                                                 and (t[1] - t[0] == 1 or u[:2] == t[:2]) for u in trigs)]
            for late in (False, True):
                for s, e, pi in trigs:
                    p = self.ex.patterns[pi]
                    if late == (p.relation == "@previous" or p.object.startswith("same") or
                                p.subject.startswith("same")) and not names.intersection(range(s, e)):
                        local += self._apply(p, s, e, sent, local)
            local += self._possessives(si, sent)
            keep: dict[tuple, Candidate] = {}
            for c in local:                 # one per triple; a longer trigger nearby wins
                rivals = [x for x in local if (x.subject, x.object) == (c.subject, c.object) and x is not c
                          and abs(x._at[0] - c._at[0]) <= 4 and (x._at[1] - x._at[0]) > (c._at[1] - c._at[0])]
                if not rivals:
                    keep.setdefault(c.triple, c)
            if keep:
                dates = [d for d in self._sentence_dates(sent) if not solid.intersection(range(d.start, d.end))]
                skip = solid | {i for d in dates for i in range(d.start, d.end)}
                amounts = read_amounts(sent, self.lang, skip)
                self.done += [self._finish(c, sent, dates, amounts) for c in keep.values()]
        used = {x for c in self.done for x in (c.subject, c.object, c.claimant)}
        entities = [dict(p, used=p["id"] in used) for p in self.proposed.values()]
        return Extraction(self.done, entities, self.learned)
