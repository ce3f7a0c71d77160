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

It yields ``Triple`` records (token indices); ``kg.extraction.extract`` adds claimant, modality,
date, amount and the quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extraction.constructions import (BELONGING, LEFT_PLACE, PLACE_EVENTS, STATE_ROLES, UNREALISED,
                                         apposed_before, belonging, both, bound_pronoun, enumerated,
                                         implicit_place, inner, left_place, light_verb_phrases,
                                         nearest_subject, object_takes, partitive, passive_agent_on_noun,
                                         phrasal, phrase_words, temporal, undergoer_participle)

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "nsubj:pass", "csubjpass"}
OBJ = {"dobj", "obj", "attr", "dative", "oprd"}
FR_OBL = {"obl", "obl:arg", "obl:mod", "iobj", "nmod"}
RELCL = {"relcl", "acl:relcl"}
CLAUSES = {"ccomp", "advcl", "relcl", "acl:relcl", "parataxis", "csubj", "xcomp"}
_REL_PRONOUNS = {"which", "who", "that", "whom", "qui", "que", "lequel", "laquelle", "dont"}
# relations whose place, when the sentence leaves it out, is the country the article is about:
# "evacuated its staff", "urged its citizens to leave", "seized power in a coup"
IMPLICIT_PLACE = {"seizedPowerIn", "withdrewStaffFrom", "urgedCitizensToLeave"}
_ACTORS = {"Person", "Organization", "Government", "Group", "Country"}
_UNDERGO = {"suffer", "face", "endure", "undergo", "subir", "connaître", "affronter"}
_LOCATIVE = {"in", "at", "near", "around", "across", "inside", "within", "throughout", "dans", "en", "près",
             "along", "outside", "over"}
_PATIENT_POSS = {"arrest", "kidnapping", "abduction", "release", "capture", "killing", "detention", "arrestation",
                 "enlèvement", "libération"}


@dataclass
class Triple:
    subject: str
    relation: str
    object: str
    predicate: int              # token index of the predicate word
    kind: str                   # verb | noun | hyphen | role | symmetric


def _prep_of(tok) -> str | None:
    """The preposition that introduces a nominal (French ``case`` child), lower case."""
    cases = [c for c in tok.children if c.dep_ == "case" and c.pos_ == "ADP"]
    return cases[0].lower_.replace("’", "'") if cases else None


class Reader:
    def __init__(self, ex, doc, linker):
        self.ex, self.doc, self.link, self.lex = ex, doc, linker, ex.lex
        self.memory: dict[str, str] = {}         # relation -> the agent of its last nominal mention
        self.memory_at: dict[str, int] = {}      # relation -> where the sentence of that mention starts

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
            elif c.dep_ in FR_OBL and (c.pos_ in ("NOUN", "PROPN", "PRON") or self.link.entity_at(c.i)):
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

    def reach(self, tok, prep=None, via=None, depth=0, allow=frozenset()):
        """(preposition, entity, noun lemma on the way) reachable from an argument noun: itself,
        or an entity inside it ("tankers coming from Senegal", "JNIM positions")."""
        found = self.ents(tok)
        if found:
            return [(prep, e, via) for e in found]
        if depth >= 3 or tok.pos_ == "VERB":
            return []
        via = via or tok.lemma_.lower()
        out = []
        for c in tok.children:
            if tok.lemma_.lower() in self.lex.people:
                break                   # "a French national": ``ents`` said whom it stands for
            if c.dep_ in ("compound", "poss") or (c.dep_ == "amod" and self.link.entity_at(c.i)):
                out += [(prep, e, via) for e in self.ents(c)]
        for p, g in self._direct_args(tok):
            if p not in _LOCATIVE or p in allow:
                out += self.reach(g, inner(p, prep), via, depth + 1, allow)
        for c in tok.children:
            if c.dep_ in ("conj", "appos") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                out += self.reach(c, prep, via, depth + 1, allow)     # "tankers, those coming from X"
            if c.dep_ == "prep" and (c.lower_ in ("like", "including") or (
                    c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))):
                out += [(prep, e, via) for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
            if c.dep_ == "acl":
                for p, g in self._direct_args(c):
                    if p not in _LOCATIVE or p in allow:
                        out += self.reach(g, inner(p, prep), via, depth + 1, allow)
        return out

    def subjects(self, v, depth: int = 0, grammatical: bool = False) -> list[str]:
        """The agents of verb ``v`` (``grammatical``: its subject, even of a passive)."""
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
            return self._one(h, 0)          # "les jihadistes du Jnim liés à al-Qaïda et les rebelles": the first
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
        return []

    def patients(self, v) -> list[str]:
        out = [e for c in v.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
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
        if v.text[:1].isupper() and v.i > v.sent.start and not v.is_sent_start:
            return []                   # "the Group to Support Islam": a word of a name
        prt = next((c.lower_ for c in v.children if c.dep_ in ("prt", "compound:prt")), None)
        base = f"{lemma} {prt}" if prt else lemma
        ctl = v.head.head if v.dep_ == "acl" and v.head.dep_ in ("obj", "dobj") else v.head
        if v.dep_ in ("xcomp", "acl") and ctl.lemma_.lower() in lex.control and \
                lemma in lex.control[ctl.lemma_.lower()]:
            return []                   # said by the controlling verb
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in lex.hyphen and v.head.dep_ == "amod":
            return []
        subs = self.subjects(v)
        stative = False
        if not subs and not any(c.dep_ in ("agent", "obl:agent") for c in v.children):
            # "it was allied with JNIM", "is linked to al-Qaeda": a state, its subject the holder
            word = v.lower_
            if any(f"{word} {p}" in lex.verbs for p, _ in self._direct_args(v) if p):
                subs = [e for c in v.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
                base, stative = word, True
        out = []
        control = lex.control.get(lemma, {})
        controlled = list(v.children) + [a for c in v.children if c.dep_ in ("dobj", "obj")
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
        if base not in lex.verbs and not any(k.startswith(base + " ") for k in lex.verbs):
            return out
        dobj = next((c.lemma_.lower() for c in v.children if c.dep_ in ("dobj", "obj") and
                     not self.link.entity_at(c.i)), None)
        general = self._relation([base])
        if general and len(set(subs)) == 1:
            for r in general.split("|"):        # "choking supply routes" ... then "the blockade"
                self.memory[r] = subs[0]
        undergone = undergoer_participle(v, general)
        if undergone:       # "those arrested included X": the doer the article last said did it
            subs = [self.memory[r] for r in general.split("|") if r in self.memory][:1]
        allow = {k.split()[-1] for k in lex.verbs if k.startswith(base + " ") and len(k.split()) > 2}
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

    def noun_triples(self, n):
        lex, link = self.lex, self.link
        lemma = n.lemma_.lower()
        rel = lex.nouns.get(lemma)
        # "attacks on tankers from Senegal" (attack from), "operations against jihadists" (operation against)
        by_prep = {k[len(lemma) + 1:]: v for k, v in lex.nouns.items() if k.startswith(lemma + " ")}
        if rel is None and not by_prep:
            return []
        key = rel or next(iter(by_prep.values()))
        agents, patients, coordinated = [], [], []
        routed: list[tuple[str | None, str]] = []     # (preposition, entity) of the patients
        # "a negotiation channel with the junta": the compound predicate takes its head noun's arguments
        host = n.head if n.dep_ == "compound" and n.head.pos_ == "NOUN" and \
            n.head.lemma_.lower() not in lex.nouns else n
        # "an al-Qaeda-linked blockade": the blockade is by a group linked to al-Qaeda, not al-Qaeda
        linked = {link.entity_at(t.i - 2) for t in self.doc[n.left_edge.i:n.i] if link._hyphen_modifier(t)}
        for c in n.children:
            if c.dep_ == "poss" or (c.dep_ == "nmod" and _prep_of(c) is None and c.pos_ == "PROPN"):
                (patients if lemma in _PATIENT_POSS else agents).extend(e for e in self.ents(c) if e not in linked)
            elif c.dep_ in ("amod", "compound", "nmod") and link.entity_at(c.i):
                if c.dep_ == "nmod" and _prep_of(c) not in (None,):
                    continue
                agents.extend(e for e in self.ents(c) if e not in linked)
            elif c.dep_ in ("amod", "compound"):
                r = link.resolve(c) if c.pos_ in ("NOUN", "PROPN") else None
                if r is None and c.lemma_.lower() in lex.descriptors:
                    r = self._description(c)
                if r:
                    agents.append(r)
        for p, g in list(self._direct_args(n)) + (list(self._direct_args(host)) if host is not n else []):
            if p in ("by", "par") or (p in ("from",) and key in ("pressures", "threatens", "attacks")):
                agents += self.ents(g)
            elif p in ("between", "entre"):            # "the conflict between the junta and JNIM"
                both = coordinated = self.ents(g)
                agents += both[:1]
                patients += both[1:]
            elif p not in _LOCATIVE or key in PLACE_EVENTS:       # "suspension of classes throughout Mali"
                places = {"in"} if key in PLACE_EVENTS else set()    # "a blockade of imports in Bamako"
                routed += [(q, e) for q, e, _ in self.reach(g, p, allow=set(by_prep) | places)]
        for c in n.children:
            if c.dep_ in ("acl",) and c.pos_ == "VERB":
                agents += [e for a in c.children if a.dep_ in ("agent", "obl:agent")
                           for e in (self.ents(a) if a.dep_ == "obl:agent" else
                                     [x for g in a.children if g.dep_ == "pobj" for x in self.ents(g)])]
                if c.lemma_.lower() in ("aim", "target", "viser"):
                    patients += [e for p, g in self._direct_args(c) for _, e, _ in self.reach(g, p)]
        explicit = bool(agents)                 # said on the noun itself: by X, X's, X-led, imposed by X
        n = host
        h = n.head
        up = n
        for _ in range(3):
            if up.dep_ == "nmod" and up.head.i != up.i:
                up = up.head
        if not agents and up.i != n.i and up.dep_ in ("obj", "dobj") and up.head.lemma_.lower() in lex.light_verbs:
            agents = coordinated = self.subjects(up.head)
        if not agents and n.dep_ in ("dobj", "obj") and h.lemma_.lower() in lex.light_verbs | lex.intention:
            agents = coordinated = self.subjects(h)
        elif not agents and n.dep_ in ("pobj",) and h.head.lemma_.lower() in lex.light_verbs:
            agents = coordinated = self.subjects(h.head)
        elif not agents and n.dep_ == "conj" and h.head.lemma_.lower() in lex.light_verbs:
            agents = coordinated = self.subjects(h.head)
        if n.dep_ in ("conj", "dobj", "obj") and h.pos_ == "VERB" and h.lemma_.lower() in lex.light_verbs:
            agents = agents or self.subjects(h)         # "maintained a blockade and increased attacks"
            routed += light_verb_phrases(self, n, h, set(by_prep) | ({"against", "on"} if rel else set()))
        if n.dep_ in ("dobj", "obj") and h.lemma_.lower() in _UNDERGO:
            patients += self.subjects(h)           # "Bamako suffers a blockade", "subit un blocus"
        if n.dep_ == "pobj" and h.lower_ in ("under", "sous") and h.head.pos_ in ("VERB", "AUX"):
            patients += self.subjects(h.head)
        if n.dep_ == "pobj" and h.dep_ == "agent" and not patients:
            patients += [e for c in h.head.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
        if n.dep_ == "obl:agent" and not patients:
            patients += [e for c in h.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
        if n.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and h.pos_ in ("VERB", "AUX") and not patients \
                and not routed and phrasal(h) in lex.verbs:     # "the blockade has sealed off X"
            patients = [e for p, g in self._direct_args(h) for _, e, _ in self.reach(g, p)]
        if not agents and linked:
            cats = {link.category_of(e) for e in linked}
            agents = [e for e in [self._recent(cats, n.i, exclude=linked)] if e]
        definite = any(c.lower_ in ("the", "this", "its", "their", "le", "la", "ce", "cette", "son", "leur")
                       for c in n.children) or link.entity_at(n.i)
        if not agents and n.dep_ == "appos" and lex.nouns.get(n.head.lemma_.lower()) in self.memory:
            # "the blockade imposed by JNIM, effectively an economic siege on the junta": the same agent
            agents = [self.memory[lex.nouns[n.head.lemma_.lower()]]]
        if not agents and key in self.memory and (definite or self.memory_at.get(key) == n.sent.start):
            agents = [self.memory[key]]         # "the blockade ..., effectively an economic siege on X"
        routed = [(None, e) for e in patients] + routed
        routed = [(q, e) for q, e in routed if e not in agents]
        if agents and not routed and (key in IMPLICIT_PLACE or (key == "blockades" and explicit)):
            routed = [(None, e) for e in [implicit_place(self, n, agents)] if e]
        if h.lemma_.lower() in UNREALISED and n.dep_ in ("dobj", "obj"):
            return []                           # "attempt a new coup", "foiled an attack": not done
        out = []
        for q, e in dict.fromkeys(routed):
            r = by_prep.get(q) or rel
            out += [Triple(a, r, e, n.i, "noun") for a in dict.fromkeys(agents) if r and a != e]
        if not routed and key in lex.symmetric and len(set(coordinated)) >= 2:
            ags = list(dict.fromkeys(agents))        # "X and Y held a meeting"
            out += [Triple(a, key, b, n.i, "symmetric") for k, a in enumerate(ags) for b in ags[k + 1:]]
        if agents and len(set(agents)) == 1:
            self.memory[key], self.memory_at[key] = agents[0], n.sent.start
        return out

    def _recent(self, cats, i, exclude=()):
        order = self.link.order
        for j, e in reversed(order):
            if j < i and e not in exclude and self.link.category_of(e) in cats:
                return e
        return next((e for j, e in order if j > i and e not in exclude and self.link.category_of(e) in cats), None)

    def _description(self, tok):
        """An adjective standing for an actor ("jihadist blockade"): the most recent such actor."""
        cats = self.lex.descriptors.get(tok.lemma_.lower())
        for i, e in reversed(self.link.order):
            if i < tok.i and self.link.category_of(e) in cats:
                return e
        return next((e for i, e in self.link.order if i > tok.i and self.link.category_of(e) in cats), None)

    # ------------------------------------------------------------ modifiers and roles

    def hyphen_triples(self, t):
        """"al-Qaeda-linked group", "Moscow-run Africa Corps", "Washington-based ACSS", "the
        al-Qaeda affiliate JNIM"."""
        lex = self.lex
        low = t.lower_
        doc = self.doc
        if t.pos_ == "NOUN" and t.lemma_.lower() == "affiliate":
            mod = [self.link.entity_at(t.i - 1)] if t.i and self.link.entity_at(t.i - 1) else []
            rel, mod_is_subject = lex.hyphen["affiliate_noun"]
        elif low in lex.hyphen and t.i >= 2 and doc[t.i - 1].text in ("-", "–") and \
                self.link.entity_at(t.i - 2):
            mod = [self.link.entity_at(t.i - 2)]
            rel, mod_is_subject = lex.hyphen[low]
        else:
            return []
        h = t
        while h.dep_ in ("amod", "compound", "npadvmod") and h.head.i != h.i:
            h = h.head
        heads = [e for e in self.ents(h) if e not in mod] if h.i != t.i else []
        if not heads and h.dep_ == "appos":
            heads = self.ents(h.head)
        if not heads:
            heads = [e for c in h.children if c.dep_ in ("appos",) for e in self.ents(c)]
        if not heads and h.dep_ not in SUBJ | PASS_SUBJ:
            heads = [e for e in [apposed_before(self, h)] if e and e not in mod]   # "(JNIM), an Al-Qaeda affiliate"
        return [Triple(m, rel, x, t.i, "hyphen") if mod_is_subject else Triple(x, rel, m, t.i, "hyphen")
                for m in mod for x in heads if m != x]

    def role_triples(self, r):
        """"X, the leader of Y", "Y's ambassador, X", "X is a member of Y", "X, a French citizen"."""
        rel = self.lex.roles.get(r.lemma_.lower())
        if rel is None and r.lemma_.lower() in BELONGING and r.dep_ == "appos":
            return [Triple(x, "affiliatedWith", o, r.i, "role") for x, o in belonging(self, r)]
        if rel is None or r.pos_ not in ("NOUN", "PROPN"):
            return []
        holders = []
        if r.dep_ == "appos":
            near = None
            for j in range(r.i - 1, r.head.i, -1):
                e = self.link.entity_at(j)
                if e and self.link.type_of(e) == "Person":
                    near = e
                    break
            plural = r.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(r.morph)
            # "Wilén, the head of X, and Goïta": a singular apposition describes its noun alone
            holders += [near] if near else self.ents(r.head, lists=False) if plural else self._one(r.head, 0)
        holders += [e for c in r.children if c.dep_ == "appos" for e in self.ents(c)]
        holders += [e for c in r.children if c.dep_ == "conj" and not any(g.dep_ == "cc" for g in c.children)
                    and not any(g.dep_ == "cc" and r.i < g.i < c.i for g in r.children)
                    and self.link.entity_at(c.i) and self.link.type_of(self.link.entity_at(c.i)) == "Person"
                    for e in self.ents(c)]                 # "le chef de la junte, Assimi Goïta" read as a list
        if r.dep_ == "compound" and self.link.entity_at(r.head.i):
            holders += self.ents(r.head)
        if r.dep_ in ("attr",) and r.head.lemma_.lower() in ("be", "être"):
            holders += [e for c in r.head.children if c.dep_ in SUBJ for e in self.ents(c)]
        if r.dep_ == "ROOT" and r.pos_ == "NOUN":
            holders += [e for c in r.children if c.dep_ == "nsubj" for e in self.ents(c)]
        if not holders:
            return []
        orgs = []
        for c in r.children:
            if c.dep_ in ("poss", "amod", "compound") and (self.link.entity_at(c.i) or (
                    c.dep_ == "poss" and c.pos_ == "PRON")):         # "its leader Yevgeny Prigozhin"
                orgs += self.ents(c)
        posted = r.lemma_.lower() in ("ambassador", "envoy", "ambassadeur", "envoyé", "consul")
        for p, g in self._direct_args(r):
            if posted and p in ("to", "in", "à", "au", "auprès", "en"):
                continue                    # "Niger's ambassador to Bamako" serves Niger, not Mali
            if p in ("of", "at", "to", "for", "in", "with", "de", "du", "des", "d'", "à", "au", "auprès"):
                orgs += [e for _, e, _ in self.reach(g, p)]
        if not orgs and r.lemma_.lower() in STATE_ROLES:
            # "Prime Minister Abdoulaye Maiga", "the Minister of Education, X": a state office of
            # the country the sentence names, else the article's
            orgs = [e for e in [implicit_place(self, r, holders)] if e]
        return [Triple(h, rel, o, r.i, "role") for h in dict.fromkeys(holders) for o in dict.fromkeys(orgs)
                if h != o]

    def sentence(self, sent):
        out = []
        for t in sent:
            if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.dep_ in ("acomp", "amod", "conj")):
                out += self.verb_triples(t)
            if t.pos_ in ("NOUN", "PROPN"):
                out += self.noun_triples(t)
                out += self.role_triples(t)
            out += self.hyphen_triples(t)
        return out
