"""Who an article talks about: entity mentions over a parsed spaCy ``Doc``.

In order of trust: catalogue names and aliases (a ``PhraseMatcher`` over folded token norms:
case, accents and apostrophes ignored); "Long Name (ACRONYM)" pairs, where one side is known;
demonyms and adjectives ("Malian", "Emirati", "malien") standing for their country; named-entity
spans of the pipeline (PERSON/ORG/GPE/LOC/NORP; French PER/ORG/LOC) proposed as new entities, with
the type and category guessed from the label and the words, never from a fragment or a common noun.
Pronouns and definite descriptions ("it", "the group", "the militants", "le groupe") are resolved
on demand (``Linker.resolve``) to the most recent compatible actor of the article, else the next one.
"""

from __future__ import annotations

import re

from kg.core.names import fold

ACTOR_TYPES = {"Person", "Organization", "Government", "Group", "Country"}
NER_LABELS = {"PERSON": "Person", "PER": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
              "NORP": "Group"}
_CONNECTORS = {"of", "for", "the", "and", "al", "wal", "-", "de", "du", "des", "la", "le", "l'", "l’", "à", "aux",
               "et", "el"}
_PLACE_PREPOSITIONS = {"to", "in", "at", "near", "from", "into", "towards", "toward", "à", "vers", "près",
                       "au", "aux", "dans", "depuis", "en"}
_GENERIC = {"group", "organisation", "organization", "company", "firm", "country", "groupe", "pays",
            "organisation", "société", "compagnie"}
_DETS = {"the", "a", "an", "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "d'", "d’"}
_TITLES = {"gen", "gen.", "general", "col", "col.", "colonel", "president", "minister", "mr", "mr.", "mrs",
           "ms", "dr", "dr.", "sen", "lt", "capt", "major", "prime", "general", "le", "la", "m.", "mme",
           "président", "ministre", "général", "chérif", "cherif", "sheikh", "imam", "king", "queen"}
_NOT_NAMES = {"tv", "telegram", "advertisement", "reuters reports", "monday", "tuesday", "wednesday", "thursday",
              "friday", "saturday", "sunday", "photo", "getty", "afp photo", "sign", "read", "click", "share",
              "subscribe", "newsletter", "facebook", "twitter", "x", "whatsapp", "youtube", "instagram"}
_JIHADIST_WORDS = {"islam", "islamic", "islamique", "jihad", "jihadist", "qaeda", "qaida", "qaïda", "mujahid",
                   "mujahideen", "ansar", "katiba", "muslimin", "musulmans", "djihadiste", "jihadiste", "daesh"}
_SOURCE_WORDS = {"center", "centre", "institute", "foundation", "agency", "news", "radio", "tv", "press",
                 "times", "post", "journal", "ngo", "reuters", "afp", "bbc", "rfi", "acled", "consultancy",
                 "research", "university", "monitor", "watch", "media", "télévision", "fondation", "institut"}
_STATE_WORDS = {"army", "forces", "police", "gendarmerie", "ministry", "armée", "ministère", "forces armées",
                "government", "gouvernement", "embassy", "ambassade", "department", "council", "conseil"}
_REBEL_WORDS = {"front", "movement", "liberation", "libération", "mouvement", "coordination", "rebels",
                "brigade", "militia", "milice"}
_COMPANY_WORDS = {"company", "transport", "shipping", "airline", "airlines", "mining", "gold", "oil", "sa",
                  "ltd", "inc", "group", "compagnie", "société", "bank", "banque"}
_INTL_WORDS = {"union", "nations", "community", "alliance", "organisation", "organization", "mission",
               "communauté", "ecowas", "cedeao", "confederation", "confédération"}


def _in_subject(tok) -> bool:
    """Is ``tok`` a subject or inside one's name ("the Russian group Wagner")?"""
    for _ in range(3):
        if tok.dep_ in ("nsubj", "nsubjpass", "nsubj:pass"):
            return True
        if tok.dep_ not in ("compound", "flat", "flat:name", "amod", "appos") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60].strip("-") or "entity"


def guess_type(label: str, words: list[str], countries: set[str]) -> tuple[str, str]:
    """(type, category) of a new entity from its NER label and its words (folded, lower case)."""
    kind = NER_LABELS.get(label, "Organization")
    ws = set(words)
    if kind == "Person":
        return "Person", "person"
    if kind == "Place":
        if " ".join(words) in countries:
            return "Country", "country"
        if ws & _STATE_WORDS or ws & _JIHADIST_WORDS or ws & _REBEL_WORDS:
            kind = "Organization"
        else:
            return ("Region", "place") if label == "LOC" and ws & {"region", "sahel", "north", "south", "west",
                                                                    "east", "région", "nord", "sud"} \
                else ("City", "place")
    if kind == "Group":
        return "Group", "civilians"
    if ws & _JIHADIST_WORDS:
        return "Organization", "jihadist-group"
    if ws & _STATE_WORDS:
        return "Government", "government"
    if ws & _REBEL_WORDS:
        return "Organization", "rebel-group"
    if ws & _SOURCE_WORDS:
        return "Organization", "source"
    if ws & _INTL_WORDS:
        return "Organization", "international-organisation"
    if ws & _COMPANY_WORDS:
        return "Organization", "company"
    return "Organization", "international-organisation"


MAX_HASHES = 200_000       # string hashes whose demonym test an extractor remembers, then forgets at once


class Linker:
    """Mentions of one parsed article: ``entity_at(i)`` for a token, ``resolve(token)`` for
    pronouns and descriptions, ``proposed`` for the new entities."""

    def __init__(self, ex, doc, zones):
        self.ex, self.doc, self.lex = ex, doc, ex.lex
        self.tok: dict[int, str] = {}                  # token index -> entity id
        self.kind: dict[int, str] = {}                 # token index -> name | demonym | proposed
        self.proposed: dict[str, dict] = {}
        self._folded: dict[str, str] = {}               # folded name -> its proposed entity
        self.aliases: list[dict] = []
        self._zones = zones
        self.words = [t.text for t in doc]             # one pass: the layers below look words up by index
        self._catalogue()
        self._foreign()
        self._parentheses()
        self._learned()
        self._demonyms()
        self._ner()
        self._acronyms()
        self._repeat()
        # "al-Qaeda-linked militants": al-Qaeda is named as what they are linked to, not as an actor here
        modifiers = {i - 2 for i in range(2, len(doc)) if self.words[i - 1] in ("-", "–") and
                     self._hyphen_modifier(doc[i])}
        modifiers |= {k for m in list(modifiers) for k in range(m - 3, m) if self.tok.get(k) == self.tok.get(m)}
        self.modifiers = modifiers
        self.order = sorted((i, e) for i, e in self.tok.items() if i not in modifiers)

    # ------------------------------------------------------------ layers

    def _in_body(self, char: int) -> bool:
        return any(s <= char < e for s, e in self._zones)

    def _mark(self, s: int, e: int, eid: str, kind: str) -> None:
        for i in range(s, e):
            self.tok[i], self.kind[i] = eid, kind

    def _catalogue(self):
        doc = self.doc
        matches = sorted(self.ex.names(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
        for mid, s, e in matches:
            if any(i in self.tok for i in range(s, e)):
                continue
            self._mark(s, e, doc.vocab.strings[mid], "name")

    def _foreign(self):
        doc = self.doc
        for mid, s, e in sorted(self.ex.foreign(doc), key=lambda m: (-(m[2] - m[1]), m[1])):
            if not any(i in self.tok for i in range(s, e)):
                self._mark(s, e, self._country(doc.vocab.strings[mid]), "name")

    def _parentheses(self):
        """"Long Name (ACRONYM)": when one side is a known entity, the other is its alias."""
        doc = self.doc
        for i in self._parenthesised():
            inner, before = doc[i + 1], doc[i - 1]
            a, b = self.tok.get(inner.i), self.tok.get(before.i)
            if a and not b:
                j = i - 1              # a run of capitalised words (and their connectors) before "("
                while j >= doc[i].sent.start and (doc[j].text[:1].isupper() or
                                                  (doc[j].lower_ in _CONNECTORS and j < i - 1)):
                    j -= 1
                j += 1
                while j < i and doc[j].lower_ in _CONNECTORS:
                    j += 1
                if i - j >= 2 and not any(k in self.tok for k in range(j, i)):
                    self._mark(j, i, a, "name")
                    self.aliases.append({"entity": a, "alias": doc[j:i].text})
            elif b and not a and inner.text.isupper() and inner.is_alpha and len(inner.text) >= 2:
                self._mark(inner.i, inner.i + 1, b, "name")
                self.aliases.append({"entity": b, "alias": inner.text})

    def _parenthesised(self) -> list[int]:
        """The indices ``i`` of "(" in "( word )", a word before it."""
        w = self.words
        return [i for i in range(1, len(w) - 2) if w[i] == "(" and w[i + 2] == ")"]

    def _learned(self):
        """An alias learned from "Long Name (JNIM)" links the long name wherever else it is written."""
        from spacy.matcher import PhraseMatcher
        if not self.aliases:
            return
        m = PhraseMatcher(self.doc.vocab, attr="NORM")
        for a in self.aliases:
            m.add(a["entity"], [self.ex.parse_name(a["alias"])])
        for mid, s, e in sorted(m(self.doc), key=lambda x: (-(x[2] - x[1]), x[1])):
            if not any(i in self.tok for i in range(s, e)):
                self._mark(s, e, self.doc.vocab.strings[mid], "name")

    def _country(self, name: str) -> str:
        eid = self.ex.by_norm.get(" ".join(fold(name).split()))
        if eid:
            return eid
        return self._propose(name, "Country", "country")

    def _demonyms(self):
        from spacy.attrs import LEMMA, LOWER
        demonyms, strings, seen = self.lex.demonyms, self.doc.vocab.strings, self.ex.demonym_hashes
        if len(seen) >= MAX_HASHES:
            seen.clear()

        def named(h: int) -> bool:          # the lower-cased string of hash h is a demonym
            if h not in seen:
                seen[h] = strings[h].lower() in demonyms
            return seen[h]

        rows = self.doc.to_array([LOWER, LEMMA]).tolist()
        for t in [self.doc[i] for i, (low, lemma) in enumerate(rows) if named(low) or named(lemma)]:
            low = t.lower_
            if low not in self.lex.demonyms and t.lemma_.lower() in self.lex.demonyms:
                low = t.lemma_.lower()
            if t.i in self.tok or low not in self.lex.demonyms:
                continue
            if low in ("us", "u.s.") and t.text not in ("US", "U.S."):
                continue
            if t.pos_ not in ("ADJ", "PROPN", "NOUN") and not (low in ("us", "u.s.") and t.pos_ == "PRON"):
                continue
            self.tok[t.i] = self._country(self.lex.demonyms[low])
            self.kind[t.i] = "demonym"

    def _propose(self, name: str, type_: str, category: str) -> str:
        # one proposed entity per folded name: only this method adds one and names never change;
        # ``_acronyms`` may drop one, and its id may then go to another name
        key = fold(name)
        eid = self._folded.get(key)
        if eid is not None and eid in self.proposed and fold(self.proposed[eid]["name"]) == key:
            self.proposed[eid]["mentions"] += 1
            return eid
        eid = slug(name)
        while eid in self.ex.entities or eid in self.proposed:
            eid += "-new"
        self.proposed[eid] = {"id": eid, "name": name, "type": type_, "category": category, "aliases": [],
                              "mentions": 1, "used": False}
        self._folded[key] = eid
        return eid

    def _ner(self):
        countries = self.ex.country_names
        for span in self.doc.ents:
            if span.label_ not in NER_LABELS or not self._in_body(span.start_char):
                continue
            toks = list(span)
            while toks and ((toks[0].lower_ in _DETS and not toks[0].text.isupper()) or toks[0].lower_ in _TITLES
                            or toks[0].is_punct):     # "UN" is not the article "un"
                toks = toks[1:]
            while toks and (toks[-1].lower_ in ("'s", "’s", "'", "’") or toks[-1].is_punct):
                toks = toks[:-1]
            if not toks or any(t.i in self.tok for t in toks):
                continue
            name = self.doc[toks[0].i:toks[-1].i + 1].text
            words = [fold(t.text) for t in toks]
            short = len(name) < 3 and not (span.label_ == "ORG" and name.isupper() and name.isalpha())
            if "\n" in name or not name[:1].isupper() or fold(name) in _NOT_NAMES or short:   # "UN" is a name
                continue
            if not any(t.is_alpha and len(t.text) > 1 for t in toks) or any(t.like_num for t in toks):
                continue
            if span.label_ == "NORP":
                continue            # demonyms are read above; a people is not proposed as an actor
            if span.label_ in ("PERSON", "PER") and len(toks) == 1 and toks[0].is_stop:
                continue
            first = toks[0].i
            if first >= 2 and self.doc[first - 1].lower_ in ("of", "de", "du", "des") and \
                    self.doc[first - 2].lemma_.lower() in ("minister", "ministry", "ministre", "ministère"):
                continue                # a portfolio ("Minister of Industry and Commerce"), not an actor
            if len(toks) == 1 and toks[0].pos_ == "NOUN" and span.label_ in ("ORG", "PERSON", "PER"):
                continue                # a capitalised common noun
            nxt = self.doc[toks[-1].i + 1] if toks[-1].i + 1 < len(self.doc) else None
            if len(toks) == 1 and nxt is not None and nxt.lemma_.lower() in self.lex.roles:
                continue                # "Defense Minister", "Transport Minister": a portfolio
            type_, cat = guess_type(span.label_, words, countries)
            prev = self.doc[first - 1].lower_ if first else ""
            if type_ == "Person" and len(toks) == 1 and prev in _PLACE_PREPOSITIONS:
                type_, cat = "City", "place"        # "moved troops to Gao": a place, whatever the label
            eid = self._propose(name, type_, cat)
            self._mark(toks[0].i, toks[-1].i + 1, eid, "proposed")

    def _acronyms(self):
        """"Front de Libération de l'Azawad (FLA)", both new: one entity, the acronym its alias."""
        doc = self.doc
        for i in self._parenthesised():
            a, b = self.tok.get(i + 1), self.tok.get(i - 1)
            if a in self.ex.entities and not b:
                # "le Groupe de soutien à l'islam et aux musulmans (JNIM)": a new name ending a few
                # lower-case words before the known acronym is that entity's long name
                j = i - 1
                while j > doc[i].sent.start and i - j <= 4 and j not in self.tok and \
                        (doc[j].lower_ in _CONNECTORS or doc[j].is_lower):
                    j -= 1
                p = self.tok.get(j)
                if p in self.proposed:
                    first = min(k for k, e in self.tok.items() if e == p and k <= j)
                    while first - 1 in self.tok and self.tok[first - 1] == p:
                        first -= 1
                    for k in [k for k, e in self.tok.items() if e == p]:
                        self.tok[k] = a
                    self._mark(first, i, a, "name")
                    self.proposed.pop(p)
                    self.aliases.append({"entity": a, "alias": doc[first:i].text})
                continue
            if a and b and a != b and a in self.proposed and b in self.proposed and doc[i + 1].text.isupper():
                for k, e in list(self.tok.items()):
                    if e == a:
                        self.tok[k] = b
                acronym = self.proposed.pop(a)["name"]
                if acronym not in self.proposed[b]["aliases"]:
                    self.proposed[b]["aliases"].append(acronym)

    def _repeat(self):
        """A proposed name found once is the same entity wherever else it is written."""
        from spacy.matcher import PhraseMatcher
        if not self.proposed:
            return
        m = PhraseMatcher(self.doc.vocab, attr="NORM")
        for eid, p in self.proposed.items():
            m.add(eid, [self.ex.parse_name(n) for n in [p["name"], *p["aliases"]]])
        for mid, s, e in sorted(m(self.doc), key=lambda x: (-(x[2] - x[1]), x[1])):
            if not any(i in self.tok for i in range(s, e)) and self._in_body(self.doc[s].idx):
                self._mark(s, e, self.doc.vocab.strings[mid], "proposed")

    def focus(self, type_: str = "Country") -> str | None:
        """The entity of this type the article names most often (the first of equals)."""
        counts: dict[str, int] = {}
        for i, e in sorted(self.tok.items()):
            if self.type_of(e) == type_ and self.kind.get(i) != "demonym":
                counts[e] = counts.get(e, 0) + 1
        return max(counts, key=lambda e: counts[e]) if counts else None

    # ------------------------------------------------------------ lookups

    def _hyphen_modifier(self, tok) -> bool:
        """``tok`` is the participle of "al-Qaeda-linked" (an entity, a hyphen, then the word)."""
        doc = self.doc
        return tok.lower_ in self.lex.hyphen and tok.i >= 2 and doc[tok.i - 1].text in ("-", "–") \
            and (tok.i - 2) in self.tok

    def entity_at(self, i: int) -> str | None:
        return self.tok.get(i)

    def type_of(self, eid: str) -> str:
        ent = self.ex.entities.get(eid)
        return ent.type if ent is not None else self.proposed[eid]["type"]

    def category_of(self, eid: str) -> str:
        ent = self.ex.entities.get(eid)
        return ent.category if ent is not None else self.proposed[eid]["category"]

    def resolve(self, tok) -> str | None:
        """The actor a pronoun or a description stands for: the most recent compatible one
        before it in the article (the next one after it when there is none)."""
        low, lemma = tok.lower_, tok.lemma_.lower()
        if tok.pos_ in ("PRON", "DET") and low in self.lex.pronouns and tok.dep_ not in ("expl",) and \
                (tok.pos_ == "PRON" or self.lex.code == "fr"):
            types, cats = self.lex.pronouns[low], None
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in self.lex.descriptors:
            dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")} | \
                {"le" for c in tok.children if c.dep_ == "case" and c.lower_ in ("du", "au", "des", "aux")}
            plural = tok.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(tok.morph)
            marked = any(c.dep_ in ("amod", "compound") and (c.lemma_.lower() in self.lex.descriptors or
                                                                 self._hyphen_modifier(c))
                         for c in tok.children)
            if not (dets & {"the", "this", "these", "those", "le", "la", "les", "ce", "cette", "ces", "l'", "l’"}
                    or (plural and not dets) or marked or lemma not in _GENERIC):
                return None
            types, cats = None, self.lex.descriptors[lemma]
        else:
            return None
        own = {self.tok[t.i] for t in tok.subtree if t.i in self.tok and t.i != tok.i}
        if cats == {"country"}:
            if tok.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(tok.morph):
                return None             # "neighbouring countries" are not the article's country
            return self.focus("Country")

        def fits(eid):
            if eid in own or (types is not None and self.category_of(eid) == "source"):
                return False
            if types is not None:
                return self.type_of(eid) in types
            return self.category_of(eid) in cats

        before = [e for i, e in self.order if i < tok.i and fits(e)]
        if before and types is None:
            # a description ("the militants") names the most talked-about fitting actor so far
            counts = {e: before.count(e) for e in before}
            if self.lex.code == "fr":       # mentions, not tokens: "l'État islamique au Sahel" is one
                counts = {e: sum(1 for i, x in self.order if x == e and i < tok.i and self.tok.get(i - 1) != e)
                          for e in counts}
            best = max(counts.values())
            return next(e for e in reversed(before) if counts[e] == best)
        if before and tok.dep_ == "poss":
            # "Wagner ... was disbanded after its leader died": a possessive prefers the subject of
            # its sentence named before it (centering: the subject is the most salient actor)
            sent = tok.sent
            subjects = [e for i, e in self.order if sent.start <= i < tok.i and fits(e) and
                        _in_subject(self.doc[i])]
            if subjects:
                return subjects[-1]
        if before:
            return before[-1]
        if types is None:
            after = [e for i, e in self.order if i > tok.i and fits(e)]
            return after[0] if after else None
        return None
