"""Who did what to whom, read from a dependency parse (English ClearNLP labels, French UD labels).

For each predicate of a sentence -- a verb whose lemma (with its particle, its direct object's lemma
or the preposition of an argument) is in the language's lexicon, a predicate noun ("the blockade of
Bamako by JNIM", "JNIM's blockade"), a hyphenated modifier ("al-Qaeda-linked group"), a role noun
in apposition or after a copula ("X, the leader of Y") -- the reader finds:

- the agent: the subject (``nsubj``), the agent of a passive (``by X`` / ``par X``), the noun a
  relative clause or a participle modifies, the subject inherited through coordination of verbs,
  control and raising ("urged citizens to leave", "seeks to oust");
- the other argument: the direct object, a prepositional object (with its preposition), an entity
  inside them ("attacks on tankers coming from Senegal"); the passive subject;
- arguments expanded over coordination ("Senegal and Côte d'Ivoire") and appositions.

Nominal predicates, hyphenated modifiers and role nouns are read by ``kg.extraction.nominal`` (mixed
into ``Reader``). It yields ``Triple`` records (``kg.extraction.labels``, token indices);
``kg.extraction.extract`` adds claimant, modality, date, amount and the quote.
"""

from __future__ import annotations

from kg.extraction.constructions import (LEFT_PLACE, both, bound_pronoun, enumerated, implicit_place, inner,
                                         left_place, nearest_subject, object_takes, partitive, passive_agent_on_noun,
                                         phrase_words, temporal, undergoer_participle)
from kg.extraction import french
from kg.extraction.labels import (FR_OBL, IMPLICIT_PLACE, OBJ, PASS_SUBJ, RELCL, SUBJ, _ACTORS, _LOCATIVE,
                                  _REL_PRONOUNS, Triple, prep_of as _prep_of)
from kg.extraction.nominal import Nominal


class Reader(Nominal):
    def __init__(self, ex, doc, linker):
        self.ex, self.doc, self.link, self.lex = ex, doc, linker, ex.lex
        self.memory: dict[str, str] = {}         # relation -> the agent of its last nominal mention
        self.memory_at: dict[str, int] = {}      # relation -> where the sentence of that mention starts
        self.fr = self.lex.code == "fr"
        if self.fr:
            french.repair_verbs(self)

    # ------------------------------------------------------------ entities of a noun

    def ents(self, tok, depth: int = 0, lists: bool = True) -> list[str]:
        """The entities a noun phrase headed by ``tok`` denotes, coordination included (``lists``:
        also a list continued after an apposition)."""
        out = self._one(tok, depth)
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                out += [e for e in self.ents(c, depth + 1) if e not in out]
            if c.dep_ == "appos" and out and lists:   # "Camara, Minister of Mali, and Belousov": the list
                out += [e for g in c.children if g.dep_ == "conj" and self.link.entity_at(g.i) and
                        not self.link.entity_at(c.i) for e in self.ents(g, depth + 1) if e not in out]
        if self.fr and out:
            out += [e for e in french.listed(self, tok) if e not in out]
        return out

    def _one(self, tok, depth: int) -> list[str]:
        eid = self.link.entity_at(tok.i)
        if eid:
            return [eid]
        if depth > 4:
            return []
        if tok.lower_ in _REL_PRONOUNS and tok.head.dep_ in RELCL:
            return self.ents(tok.head.head, depth + 1)
        if tok.pos_ in ("PRON", "DET"):
            pair = both(self, tok)
            if pair is not None:
                return pair
        if tok.pos_ == "PRON" and tok.lower_ in self.lex.pronouns:
            bound = bound_pronoun(self, tok)
            if bound is not None:
                return bound
        lemma = tok.lemma_.lower()
        out: list[str] = partitive(self, tok, depth)      # "most of the Wagner personnel"
        if out:
            return out
        for c in tok.children:
            if c.dep_ == "appos":
                out += [e for e in self._one(c, depth + 1) if e not in out]
        if out:
            return out
        if tok.dep_ == "appos" and tok.pos_ == "NOUN" and self.link.entity_at(tok.head.i):
            return [self.link.entity_at(tok.head.i)]
        singular = not (tok.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(tok.morph))
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "un", "une") for c in tok.children)
        if lemma in self.lex.people or tok.pos_ == "PROPN":
            for c in tok.children:
                if singular and indefinite and c.dep_ == "amod":
                    continue                # "a French national" is a person, not France
                if c.dep_ in ("amod", "compound", "poss", "nmod", "flat:name") or (
                        c.dep_ == "det" and c.lower_ in self.lex.pronouns) or (
                        c.dep_ == "prep" and c.lower_ in ("from", "of")):
                    kids = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c]
                    if c.dep_ == "nmod" and _prep_of(c) not in (None, "de", "du", "des", "d'"):
                        continue
                    if (c.dep_ == "amod" and self.link._hyphen_modifier(c)) or c.i in self.link.modifiers:
                        continue
                    for k in kids:
                        out += [e for e in self.ents(k, depth + 1) if e not in out]
        if out:
            return out
        res = self.link.resolve(tok)
        return [res] if res else []

    # ------------------------------------------------------------ arguments of a predicate

    def _direct_args(self, tok):
        """(preposition or None, noun token) for the arguments attached to ``tok``."""
        for c in tok.children:
            if c.dep_ in OBJ and c.pos_ == "ADP":            # "supplies fuel to Mali" (dative)
                yield from ((c.lower_, g) for g in c.children if g.dep_ == "pobj")
            elif c.dep_ in OBJ:
                yield None, c
            elif c.dep_ == "prep" and c.lower_ not in self.lex.according and c.lemma_ not in self.lex.according \
                    and c.lower_ not in ("as", "comme", "like") and not temporal(c, self.link):
                prep = c.lower_
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        yield prep, g
                    elif g.dep_ == "prep":              # "out of", "away from"
                        for h in g.children:
                            if h.dep_ == "pobj":
                                yield f"{prep} {g.lower_}", h
            elif c.dep_ in FR_OBL and (c.pos_ in ("NOUN", "PROPN", "PRON") or self.link.entity_at(c.i) or
                                       (self.fr and c.pos_ == "VERB" and c.dep_ == "nmod")):
                if self.fr and french.scene_setting(self, tok, c):
                    continue                    # "Au Mali, les jihadistes ...": where, not an argument
                prep = _prep_of(c)
                eid, k = self.link.entity_at(c.i), c.i
                while prep is None and eid and k > 0 and self.link.entity_at(k - 1) == eid:
                    k -= 1                      # "à al - Qaïda": the preposition hangs on the name's first word
                    prep = _prep_of(self.doc[k])
                if eid and k < c.i and self.doc[k].dep_ in FR_OBL:
                    continue                    # the name's first word is yielded itself
                if prep in self.lex.according:
                    continue                    # "selon X": the claimant, not an argument
                yield prep, c
        if self.fr and tok.pos_ == "ADJ" and tok.dep_ == "amod":
            yield from french.adjective_args(self, tok)
        if self.fr and tok.pos_ in ("VERB", "ADJ"):
            yield from french.dangling_args(self, tok)

    def reach(self, tok, prep=None, via=None, depth=0, allow=frozenset()):
        """(preposition, entity, noun lemma on the way) reachable from an argument noun: itself,
        or an entity inside it ("tankers coming from Senegal", "JNIM positions")."""
        found = self.ents(tok)
        if found and not (self.fr and not self._one(tok, 0)):
            return [(prep, e, via) for e in found]
        if found:       # "les camions venus du Sénégal, de Mauritanie": a list hung on the noun, and its clause
            return list(dict.fromkeys([(prep, e, via) for e in found] + self._inside(tok, prep, via, depth, allow)))
        return self._inside(tok, prep, via, depth, allow)

    def _inside(self, tok, prep, via, depth, allow):
        if depth >= 3 or (tok.pos_ == "VERB" and not (self.fr and tok.dep_ == "nmod")):
            return []                           # (French: "de carburant" tagged as the verb "carburer")
        via = via or tok.lemma_.lower()
        out = []
        for c in tok.children:
            if tok.lemma_.lower() in self.lex.people:
                break                   # "a French national": ``ents`` said whom it stands for
            if c.dep_ in ("compound", "poss") or (c.dep_ == "amod" and self.link.entity_at(c.i)):
                out += [(prep, e, via) for e in self.ents(c)]
        for p, g in self._direct_args(tok):
            if p not in _LOCATIVE or p in allow:
                if self.fr and p == "de" and prep:
                    p = prep                    # "dans la région de Kayes": the genitive keeps "dans"
                out += self.reach(g, inner(p, prep), via, depth + 1, allow)
        for c in tok.children:
            if c.dep_ in ("conj", "appos") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                out += self.reach(c, prep, via, depth + 1, allow)     # "tankers, those coming from X"
            if c.dep_ == "prep" and (c.lower_ in ("like", "including") or (
                    c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))):
                out += [(prep, e, via) for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
            if c.dep_ == "acl" or (self.fr and c.dep_ == "acl:relcl"):   # "les transporteurs qui viendraient du Sénégal"
                for p, g in self._direct_args(c):
                    if p not in _LOCATIVE or p in allow:
                        out += self.reach(g, inner(p, prep), via, depth + 1, allow)
        return out

    def subjects(self, v, depth: int = 0, grammatical: bool = False) -> list[str]:
        """The agents of verb ``v`` (``grammatical``: its subject, even of a passive)."""
        if self.fr and not grammatical and depth <= 3:
            got = french.active_subject(self, v)
            if got is None and not any(c.dep_ in SUBJ for c in v.children):
                got = french.control_subject(self, v)
            if got is not None:
                return got
        for c in v.children:
            if grammatical and c.dep_ in SUBJ | PASS_SUBJ:
                return self.ents(c)
            if grammatical:
                continue
            if c.dep_ in ("agent",):
                return [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
            if c.dep_ == "obl:agent":
                return self.ents(c)
        passive = any(c.dep_ in PASS_SUBJ for c in v.children)
        by = passive_agent_on_noun(v) if passive and not grammatical and v.lang_ == "en" else None
        if by is not None:
            return self.ents(by)
        if passive and not grammatical:
            for c in v.children:                # French "par X" read as an argument of a passive
                if c.dep_ in FR_OBL and _prep_of(c) == "par":
                    return self.ents(c)
        for c in v.children:
            if c.dep_ in SUBJ and not (any(a.dep_ == "agent" for a in v.children) and v.tag_ == "VBN"):
                return self.ents(c)
        if passive or depth > 3:
            return []
        h = v.head
        if v.dep_ == "conj" and h.pos_ in ("VERB", "AUX", "ADJ"):
            return self.subjects(h, depth + 1, grammatical=True) or self.subjects(h, depth + 1) or \
                nearest_subject(self, v)
        if v.dep_ == "xcomp":
            raised = [c for c in h.children if c.dep_ in PASS_SUBJ]
            if raised:                          # "X is said to have attacked", "X is expected to"
                return self.ents(raised[0])
            if h.lemma_.lower() not in self.lex.intention:
                objs = [c for c in h.children if c.dep_ in ("dobj", "obj")]
                if objs:
                    return self.ents(objs[0])
            return self.subjects(h, depth + 1)
        if v.dep_ in ("acl", "amod") and h.pos_ in ("NOUN", "PROPN"):
            got = self._one(h, 0)           # "les jihadistes du Jnim liés à al-Qaïda et les rebelles": the first
            return got or (french.participle_subject(self, v) if self.fr else [])
        if v.dep_ in RELCL:
            return self._one(h, 0)
        if v.dep_ in ("acomp",) and h.pos_ in ("VERB", "AUX"):
            return self.subjects(h, depth + 1)
        if v.dep_ == "pcomp" and h.dep_ == "prep" and h.head.pos_ in ("VERB", "AUX"):
            # "accused Vezilier of acting", "blamed X for attacking": the object does it;
            # "resorted to escorting", "by attacking tankers": the subject of the verb
            objs = [c for c in h.head.children if c.dep_ in ("dobj", "obj")]
            if h.lower_ in ("of", "for", "de") and objs and not h.head.lemma_.lower() in self.lex.intention:
                return self.ents(objs[0])
            return self.subjects(h.head, depth + 1)
        if v.dep_ == "ROOT" and v.pos_ == "VERB" and (v.tag_ in ("VBD", "VBZ", "VBP") or any(
                c.dep_ in ("aux", "aux:tense", "aux:pass") for c in v.children) or "VerbForm=Fin" in str(v.morph)):
            # a finite main verb the parser left without a subject (a long fronted phrase before
            # it): the nearest actor named before it in the sentence
            for j in range(v.i - 1, v.sent.start - 1, -1):
                e = self.link.entity_at(j)
                if e and j not in self.link.modifiers and self.link.type_of(e) in _ACTORS:
                    return [e]
            return []
        if v.dep_ == "advcl" and (v.tag_ in ("VBG", "VB") or "VerbForm=Inf" in str(v.morph)) and \
                h.pos_ in ("VERB", "AUX"):
            return self.subjects(h, depth + 1)
        if self.fr:
            return french.participle_subject(self, v)
        return []

    def patients(self, v) -> list[str]:
        out = [e for c in v.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
        if self.fr:         # "les mouvements des soldats maliens sont scrutés": whose movements
            out += [e for c in v.children if c.dep_ == "nsubj:pass" for _, e, _ in self.reach(c) if e not in out]
        has_agent = any(c.dep_ in ("agent", "obl:agent") or (c.dep_ in FR_OBL and _prep_of(c) == "par")
                        for c in v.children)
        if has_agent and not out and v.tag_ == "VBN":      # "X, ..., ruled by a junta": a passive read as active
            out += [e for c in v.children if c.dep_ in SUBJ for e in self.ents(c)]
        if v.dep_ in ("acl", "amod") and has_agent:
            out += self.ents(v.head)
        if v.dep_ in RELCL and has_agent:
            out += self.ents(v.head)
        return out

    # ------------------------------------------------------------ relation lookup

    def _relation(self, keys) -> str | None:
        for k in keys:
            if k in self.lex.verbs:
                return self.lex.verbs[k]
        return None

    def verb_triples(self, v):
        lex = self.lex
        lemma = v.lemma_.lower()
        if not self.fr and lemma not in lex.control and lemma not in lex.verbs and \
                not lex.longer("verbs", lemma) and not lex.longer("verbs", v.lower_):
            return []                   # no key starts with it (the fuller check below, sooner)
        if v.text[:1].isupper() and v.i > v.sent.start and not v.is_sent_start:
            return []                   # "the Group to Support Islam": a word of a name
        prt = next((c.lower_ for c in v.children if c.dep_ in ("prt", "compound:prt")), None)
        base = f"{lemma} {prt}" if prt else lemma
        if self.fr and not prt:
            base = (french.idiom(self, v) or (base,))[0]      # "mettre en garde", "prendre en otage"
        ctl = v.head.head if v.dep_ == "acl" and (v.head.dep_ in ("obj", "dobj") or (
            self.fr and v.head.dep_ in ("obl:arg", "iobj"))) else v.head
        if v.dep_ in ("xcomp", "acl") and ctl.lemma_.lower() in lex.control and \
                lemma in lex.control[ctl.lemma_.lower()]:
            return []                   # said by the controlling verb
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in lex.hyphen and v.head.dep_ == "amod":
            return []
        word = french.participle(v.lower_) if self.fr else v.lower_          # "liées à" -> "lié à"
        if lemma not in lex.control and base not in lex.verbs and not lex.longer("verbs", base) \
                and not lex.longer("verbs", word):
            return []                   # no relation can come of it: its arguments are not sought
        subs = self.subjects(v)
        stative = False
        if not subs and not any(c.dep_ in ("agent", "obl:agent") for c in v.children):
            # "it was allied with JNIM", "is linked to al-Qaeda": a state, its subject the holder
            if any(f"{word} {p}" in lex.verbs for p, _ in self._direct_args(v) if p):
                subs = [e for c in v.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
                base, stative = word, True
        out = []
        control = lex.control.get(lemma, {})
        controlled = list(v.children) + [a for c in v.children if c.dep_ in ("dobj", "obj") or
                                         (self.fr and c.dep_ in ("obl:arg", "iobj"))   # "conseillé à leurs citoyens de"
                                         for a in c.children if a.dep_ == "acl"]
        for x in controlled:
            if x.dep_ in ("xcomp", "acl") and x.lemma_.lower() in control:
                rel = control[x.lemma_.lower()]
                objs = []
                for p, g in list(self._direct_args(v)) + list(self._direct_args(x)):
                    if p is None and g.head.i == v.i:        # "urged its citizens in Mali": look inside
                        objs += [e for p2, g2 in self._direct_args(g) for _, e, _ in self.reach(g2, p2)]
                    else:
                        objs += [e for _, e, _ in self.reach(g, p)]
                objs = [o for o in objs if o not in subs] or \
                    [e for e in [self.link.focus("Country")] if e and rel in IMPLICIT_PLACE]
                out += [Triple(s, rel, o, v.i, "verb") for s in subs for o in dict.fromkeys(objs) if s != o]
        if base not in lex.verbs and not lex.longer("verbs", base):
            return out
        dobj = next((c.lemma_.lower() for c in v.children if c.dep_ in ("dobj", "obj") and
                     not self.link.entity_at(c.i)), None)
        if self.fr and dobj in lex.nouns and lemma in lex.light_verbs:
            return out                  # "impose un blocus aux villes": the blockade says it (noun_triples)
        general = self._relation([base])
        if general and len(set(subs)) == 1:
            for r in general.split("|"):        # "choking supply routes" ... then "the blockade"
                self.memory[r] = subs[0]
        undergone = undergoer_participle(v, general)
        if undergone:       # "those arrested included X": the doer the article last said did it
            subs = [self.memory[r] for r in general.split("|") if r in self.memory][:1]
        allow = {rest.split()[-1] for rest in lex.longer("verbs", base)
                 if len(f"{base} {rest}".split()) > 2}
        args = [(p, e, via or (dobj if p else None)) for p, g in self._direct_args(v)
                for p, e, via in self.reach(g, p, allow=allow)
                if not (p is None and g.dep_ in ("attr",) and lemma in ("be", "être")) and p != "par"]
        for e in ([] if stative else self.patients(v)) + (enumerated(self, v.head, v) if undergone else []):
            args.append((None, e, None))
        seen = set()
        for prep, e, via in args:
            keys = []
            if prep and via:
                keys.append(f"{base} {via} {prep}")
            if prep:
                keys.append(f"{base} {prep}")
            if via and not prep:
                keys.append(f"{base} {via}")
            keys.append(base)
            rel = self._relation(keys)
            if rel is None:
                continue
            if v.dep_ == "xcomp" and v.head.lemma_.lower() in lex.verbs and \
                    lex.verbs[v.head.lemma_.lower()] == "threatens":
                rel = "threatens"           # "threatened to strike X": a threat, not a strike
            for s in subs:
                if s != e and (s, rel, e) not in seen:
                    seen.add((s, rel, e))
                    out.append(Triple(s, rel, e, v.i, "verb"))
        phrases = phrase_words(self, v)           # "came to power", "brought X to power"
        if not args and subs and not dobj and not phrases and general in LEFT_PLACE:
            out += [Triple(s, general, o, v.i, "verb") for s, o in left_place(self, v, subs)]
        if not args and subs:
            implicit = self._relation(([f"{base} {dobj}"] if dobj else []) + [f"{base} {p} {w}" for p, w in phrases])
            if implicit in IMPLICIT_PLACE:
                # "the junta, which seized power in 2020", "came to power": the country it rules,
                # named before it in the sentence ("Mali's junta") or the article's country
                place = implicit_place(self, v, subs)
                out += [Triple(s, implicit, place, v.i, "verb") for s in subs if place and s != place]
        for p, w in phrases:
            # "coups that brought General Goïta to power": the object is the one who takes power
            implicit = self._relation([f"{base} * {p} {w}"])
            if implicit in IMPLICIT_PLACE:
                out += [Triple(s, implicit, o, v.i, "verb") for s, o in object_takes(self, v)]
        if not args and len(subs) >= 2:
            rel = self._relation([base])
            if rel in lex.symmetric:
                out += [Triple(a, rel, b, v.i, "symmetric") for k, a in enumerate(subs) for b in subs[k + 1:]]
        return out

    # ------------------------------------------------------------ nominal predicates

    def sentence(self, sent):
        out = []
        fr, nouns, hyphen = self.fr, self.lex.nouns, self.lex.hyphen
        for t in sent:
            pos = t.pos_
            if pos in ("VERB", "AUX") or (pos == "ADJ" and t.dep_ in ("acomp", "amod", "conj")) or \
                    (fr and pos == "ADJ" and any(c.dep_ == "cop" for c in t.children)):   # "est actif au Sahel"
                out += self.verb_triples(t)
            if pos in ("NOUN", "PROPN") or (fr and pos in ("VERB", "ADJ") and t.lemma_.lower() in
                                            nouns and t.lower_ in nouns):
                out += self.noun_triples(t)     # (French: "blocus" tagged as a verb by the small model)
                out += self.role_triples(t)
            if pos == "NOUN" or t.lower_ in hyphen:    # what ``hyphen_triples`` looks at first
                out += self.hyphen_triples(t)
        return out
