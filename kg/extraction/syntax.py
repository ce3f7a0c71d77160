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

from kg.extraction import french

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
_LOCATIVE = {"in", "at", "near", "around", "across", "inside", "within", "throughout", "dans", "en", "près"}
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
    """The preposition that introduces a nominal (French ``case`` child), lower case; French
    contractions as their preposition ("au Mali" -> à, "du Sénégal" -> de)."""
    cases = [c for c in tok.children if c.dep_ == "case" and c.pos_ == "ADP"]
    if not cases:
        return None
    low = cases[0].lower_.replace("’", "'")
    return french.CONTRACTED.get(low, low)


class Reader:
    def __init__(self, ex, doc, linker):
        self.ex, self.doc, self.link, self.lex = ex, doc, linker, ex.lex
        self.memory: dict[str, str] = {}         # relation -> the agent of its last nominal mention
        self.fr = self.lex.code == "fr"
        if self.fr:
            french.repair_verbs(self)

    # ------------------------------------------------------------ entities of a noun

    def ents(self, tok, depth: int = 0) -> list[str]:
        """The entities a noun phrase headed by ``tok`` denotes, coordination included."""
        out = self._one(tok, depth)
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                out += [e for e in self.ents(c, depth + 1) if e not in out]
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
        lemma = tok.lemma_.lower()
        out: list[str] = []
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
                    and c.lower_ not in ("as", "comme", "like"):
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
            if c.dep_ in ("compound", "poss") or (c.dep_ == "amod" and self.link.entity_at(c.i)):
                out += [(prep, e, via) for e in self.ents(c)]
        for p, g in self._direct_args(tok):
            if p not in _LOCATIVE or p in allow:
                if self.fr and p == "de" and prep:
                    p = prep                    # "dans la région de Kayes": the genitive keeps "dans"
                out += self.reach(g, p or prep, via, depth + 1, allow)
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                out += self.reach(c, prep, via, depth + 1, allow)
            if c.dep_ == "acl" or (self.fr and c.dep_ == "acl:relcl"):   # "les transporteurs qui viendraient du Sénégal"
                for p, g in self._direct_args(c):
                    if p not in _LOCATIVE or p in allow:
                        out += self.reach(g, p or prep, via, depth + 1, allow)
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
            return self.subjects(h, depth + 1, grammatical=True) or self.subjects(h, depth + 1)
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
        subs = self.subjects(v)
        stative = False
        if not subs and not any(c.dep_ in ("agent", "obl:agent") for c in v.children):
            # "it was allied with JNIM", "is linked to al-Qaeda": a state, its subject the holder
            word = french.participle(v.lower_) if self.fr else v.lower_      # "liées à" -> "lié à"
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
        if base not in lex.verbs and not any(k.startswith(base + " ") for k in lex.verbs):
            return out
        dobj = next((c.lemma_.lower() for c in v.children if c.dep_ in ("dobj", "obj") and
                     not self.link.entity_at(c.i)), None)
        if self.fr and dobj in lex.nouns and lemma in lex.light_verbs:
            return out                  # "impose un blocus aux villes": the blockade says it (noun_triples)
        allow = {k.split()[-1] for k in lex.verbs if k.startswith(base + " ") and len(k.split()) > 2}
        args = [(p, e, via or (dobj if p else None)) for p, g in self._direct_args(v)
                for p, e, via in self.reach(g, p, allow=allow)
                if not (p is None and g.dep_ in ("attr",) and lemma in ("be", "être")) and p != "par"]
        for e in ([] if stative else self.patients(v)):
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
        if not args and subs:
            implicit = self._relation([f"{base} {dobj}"] if dobj else [])
            if implicit in IMPLICIT_PLACE:
                # "the junta, which seized power in 2020": the country it rules, named on the
                # subject ("Mali's junta", "the Malian junta") or the article's country
                place = self.link.focus("Country")
                out += [Triple(s, implicit, place, v.i, "verb") for s in subs if place and s != place]
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
        if rel is None:
            return []
        agents, patients = [], []
        # "an al-Qaeda-linked blockade": the blockade is by a group linked to al-Qaeda, not al-Qaeda
        linked = {link.entity_at(t.i - 2) for t in self.doc[n.left_edge.i:n.i] if link._hyphen_modifier(t)}
        for c in n.children:
            if c.dep_ == "poss" or (c.dep_ == "nmod" and _prep_of(c) is None and c.pos_ == "PROPN"):
                (patients if lemma in _PATIENT_POSS else agents).extend(self.ents(c))
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
        for p, g in self._direct_args(n):
            if p in ("by", "par") or (p in ("from",) and rel in ("pressures", "threatens", "attacks")):
                agents += self.ents(g)
            elif self.fr and p == "de" and rel in french.MOVES and french.movers(self, g):
                agents += french.movers(self, g)    # "le départ de Wagner": Wagner leaves
            else:
                patients += [e for _, e, _ in self.reach(g, p)]
        for c in n.children:
            if c.dep_ in ("acl",) and c.pos_ == "VERB":
                agents += [e for a in c.children if a.dep_ in ("agent", "obl:agent")
                           for e in (self.ents(a) if a.dep_ == "obl:agent" else
                                     [x for g in a.children if g.dep_ == "pobj" for x in self.ents(g)])]
                if c.lemma_.lower() in ("aim", "target", "viser"):
                    patients += [e for p, g in self._direct_args(c) for _, e, _ in self.reach(g, p)]
        h = n.head
        up = n
        for _ in range(3):
            if up.dep_ == "nmod" and up.head.i != up.i:
                up = up.head
        if not agents and up.i != n.i and up.dep_ in ("obj", "dobj") and up.head.lemma_.lower() in lex.light_verbs:
            agents = self.subjects(up.head)
        if not agents and (n.dep_ in ("dobj", "obj") or (self.fr and n.dep_ == "xcomp")) and \
                h.lemma_.lower() in lex.light_verbs | lex.intention:
            agents = self.subjects(h)
        elif not agents and n.dep_ in ("pobj",) and h.head.lemma_.lower() in lex.light_verbs:
            agents = self.subjects(h.head)
        elif not agents and n.dep_ == "conj" and h.head.lemma_.lower() in lex.light_verbs:
            agents = self.subjects(h.head)
        if n.dep_ in ("dobj", "obj") and h.lemma_.lower() in _UNDERGO:
            patients += self.subjects(h)           # "Bamako suffers a blockade", "subit un blocus"
        if n.dep_ == "pobj" and h.lower_ in ("under", "sous") and h.head.pos_ in ("VERB", "AUX"):
            patients += self.subjects(h.head)
        if n.dep_ == "pobj" and h.dep_ == "agent" and not patients:
            patients += [e for c in h.head.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
        if n.dep_ == "obl:agent" and not patients:
            patients += [e for c in h.children if c.dep_ in PASS_SUBJ for e in self.ents(c)]
        if n.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and h.pos_ in ("VERB", "AUX") and not patients:
            patients = [e for p, g in self._direct_args(h) for _, e, _ in self.reach(g, p)]
        if not agents and linked:
            cats = {link.category_of(e) for e in linked}
            agents = [e for e in [self._recent(cats, n.i, exclude=linked)] if e]
        definite = any(c.lower_ in ("the", "this", "its", "their", "le", "la", "ce", "cette", "son", "leur")
                       for c in n.children) or link.entity_at(n.i)
        if not agents and definite and rel in self.memory:
            agents = [self.memory[rel]]
        patients = [p for p in patients if p not in agents]
        if agents and not patients and rel in IMPLICIT_PLACE:
            patients = [e for e in [self.link.focus("Country")] if e]
        out = [Triple(a, rel, p, n.i, "noun") for a in dict.fromkeys(agents) for p in dict.fromkeys(patients)
               if a != p]
        if agents and len(set(agents)) == 1:
            self.memory[rel] = agents[0]
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
        return [Triple(m, rel, x, t.i, "hyphen") if mod_is_subject else Triple(x, rel, m, t.i, "hyphen")
                for m in mod for x in heads if m != x]

    def role_triples(self, r):
        """"X, the leader of Y", "Y's ambassador, X", "X is a member of Y", "X, a French citizen"."""
        rel = self.lex.roles.get(r.lemma_.lower())
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
            holders += [near] if near else self.ents(r.head)
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
        if not holders and self.fr:
            return [Triple(h, rel, o, r.i, "role") for h, o in french.partner_triples(self, r, rel)]
        if not holders:
            return []
        orgs = []
        for c in r.children:
            if c.dep_ in ("poss", "amod", "compound") and self.link.entity_at(c.i):
                orgs += self.ents(c)
        posted = r.lemma_.lower() in ("ambassador", "envoy", "ambassadeur", "envoyé", "consul")
        for p, g in self._direct_args(r):
            if posted and p in ("to", "in", "à", "au", "auprès", "en"):
                continue                    # "Niger's ambassador to Bamako" serves Niger, not Mali
            if p in ("of", "at", "to", "for", "in", "with", "de", "du", "des", "d'", "à", "au", "auprès"):
                orgs += [e for _, e, _ in self.reach(g, p)]
        return [Triple(h, rel, o, r.i, "role") for h in dict.fromkeys(holders) for o in dict.fromkeys(orgs)
                if h != o]

    def sentence(self, sent):
        out = []
        for t in sent:
            if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.dep_ in ("acomp", "amod", "conj")) or \
                    (self.fr and t.pos_ == "ADJ" and any(c.dep_ == "cop" for c in t.children)):   # "est actif au Sahel"
                out += self.verb_triples(t)
            if t.pos_ in ("NOUN", "PROPN") or (self.fr and t.pos_ in ("VERB", "ADJ") and t.lemma_.lower() in
                                                  self.lex.nouns and t.lower_ in self.lex.nouns):
                out += self.noun_triples(t)     # (French: "blocus" tagged as a verb by the small model)
                out += self.role_triples(t)
            out += self.hyphen_triples(t)
        return out
