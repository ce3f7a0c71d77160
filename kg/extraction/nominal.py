"""Predicates that are not verbs, for the syntactic reader (``kg.extraction.syntax.Reader``):
predicate nouns ("the blockade of Bamako by JNIM", "JNIM's blockade", "the conflict between X and
Y"), hyphenated modifiers ("an al-Qaeda-linked group", "Russian-backed junta") and role nouns in
apposition or after a copula ("X, the leader of Y", "Prime Minister X").

``Nominal`` is a mixin: its methods use the reader's entity and argument finders (``ents``,
``reach``, ``subjects``, ``_direct_args``) and yield ``kg.extraction.labels.Triple`` records.
"""

from __future__ import annotations

from kg.extraction import french
from kg.extraction.constructions import (BELONGING, PLACE_EVENTS, STATE_ROLES, UNREALISED, apposed_before, belonging,
                                         implicit_place, light_verb_phrases, phrasal)
from kg.extraction.labels import (IMPLICIT_PLACE, PASS_SUBJ, SUBJ, _LOCATIVE, _PATIENT_POSS, _UNDERGO, Triple,
                                  prep_of as _prep_of)


class Nominal:
    """The readers of nominal predicates (mixed into ``kg.extraction.syntax.Reader``)."""

    def noun_triples(self, n):
        lex, link = self.lex, self.link
        lemma = n.lemma_.lower()
        rel = lex.nouns.get(lemma)
        # "attacks on tankers from Senegal" (attack from), "operations against jihadists" (operation against)
        by_prep = lex.longer("nouns", lemma)
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
            elif self.fr and p == "de" and key in french.MOVES and french.movers(self, g):
                agents += french.movers(self, g)    # "le départ de Wagner": Wagner leaves
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
        if not agents and (n.dep_ in ("dobj", "obj") or (self.fr and n.dep_ == "xcomp")) and \
                h.lemma_.lower() in lex.light_verbs | lex.intention:
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
        if not holders and self.fr:
            return [Triple(h, rel, o, r.i, "role") for h, o in french.partner_triples(self, r, rel)]
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
