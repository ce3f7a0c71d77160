"""Constructions of the parse the syntactic reader (``kg.extraction.syntax``) leans on: when a
preposition says when rather than who, which preposition an entity is reached through, what a
pronoun stands for when its own sentence says it, which country an implicit place is, which
entities a phrase enumerates ("those arrested included X", "people detained, including X").
Functions of a ``Reader`` (its parse, linker and lexicon); they return entity ids or tokens.
"""

from __future__ import annotations

SUBJ = {"nsubj", "csubj"}
PASS = {"nsubjpass", "nsubj:pass", "csubjpass"}
OBJ = {"dobj", "obj", "attr", "dative", "oprd"}
POSSESSIVES = {"its", "their", "his", "her"}
# nominal events whose place is their object ("an offensive in western Mali", "the blockade in Bamako")
PLACE_EVENTS = {"attacks", "blockades", "ambushed", "imposesRestrictionsIn", "closedSchoolsIn", "deployedTo"}
# relations whose object undergoes them: a participle's noun is its object ("people detained")
UNDERGOERS = {"arrested", "kidnapped", "killed", "captured", "released", "expelled", "tookHostage"}
LEFT_PLACE = {"withdrewFrom"}            # intransitive "departed", "pulled out": from the implicit place
# a nominal event object of these did not happen ("attempt a new coup", "foiled an attack")
UNREALISED = {"attempt", "plot", "foil", "thwart", "prevent", "plan", "fear", "tenter", "déjouer", "empêcher"}
BELONGING = {"group", "militia", "proxy", "force", "company", "outfit", "organisation", "organization"}
STATE_ROLES = {"minister", "president", "premier", "ministre", "président", "première"}
ACTORS = {"Person", "Organization", "Government", "Group", "Country"}

# "between May and October", "since taking power", "after militants ... cut off": when, not who
TEMPORAL = {"since", "during", "until", "till", "after", "before", "following", "amid", "amidst", "depuis",
            "pendant", "avant", "après"}
# "most of the Wagner personnel", "some of the hostages": the entity of the "of" phrase
PARTITIVE = {"most", "some", "many", "all", "several", "part", "majority", "dozens", "hundreds", "none", "each",
             "half", "plupart", "certains", "beaucoup"}


def inner(prep, outer):
    """The preposition an entity is reached through: the inner one, except a plain "of" ("tankers
    from the coasts of Senegal": from)."""
    return outer if prep in (None, "of") and outer else prep


def temporal(prep, link=None) -> bool:
    """A preposition that says when ("since 2020", "between May and October", "after the coup");
    an object the ``link``-er knows as an entity is not a date, whatever NER says ("in Niger")."""
    if prep.lower_ in TEMPORAL:
        return True
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(g.ent_type_ in ("DATE", "TIME") and not (link and link.entity_at(g.i))
                              for g in objs)


def bound_pronoun(reader, tok):
    """What a pronoun stands for when the sentence says it: the object of the verb a participle
    clause hangs on ("arrested two generals, accusing them of ..."), the speaker of a reported
    clause ("Mali ..., insisting it only worked with ..."); None: ask the article."""
    h = tok.head
    if tok.dep_ in OBJ and h.dep_ == "advcl" and h.tag_ == "VBG":
        objs = [c for c in h.head.children if c.dep_ in ("dobj", "obj")]
        if objs:
            return reader.ents(objs[0], 3)
    if tok.dep_ in SUBJ and h.dep_ == "ccomp" and h.head.lemma_.lower() in reader.lex.speech:
        types = reader.lex.pronouns[tok.lower_]
        said = [e for e in reader.subjects(h.head, 1) if reader.link.type_of(e) in types]
        if said:
            return said[:1]
    if tok.dep_ == "poss" and tok.lower_ in POSSESSIVES:
        # "JNIM increased its attacks", "the US and the UK announced the evacuation of their
        # staff": a possessive refers to the subject of its clause -- unless it is inside that
        # subject ("as its government comes under pressure": ask the article)
        v = tok.head
        while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
            v = v.head
        subject = [c for c in v.children if c.dep_ in SUBJ | {"nsubjpass", "nsubj:pass"}]
        if v.pos_ in ("VERB", "AUX") and not any(tok.i in {t.i for t in c.subtree} for c in subject):
            types = reader.lex.pronouns[tok.lower_] | {"Country"}
            said = [e for e in reader.subjects(v, 1) if reader.link.type_of(e) in types]
            if said:
                return said if tok.lower_ in ("their", "leur", "leurs") else said[:1]
    return None


def implicit_place(reader, pred, doers=()) -> str | None:
    """The country an implicit place stands for ("the coup by Tiani", "seized power"): the one
    named last before the predicate in its sentence (not one of its ``doers``), else the article's."""
    for j in range(pred.i - 1, pred.sent.start - 1, -1):
        e = reader.link.entity_at(j)
        if e and e not in doers and j not in reader.link.modifiers and reader.link.type_of(e) == "Country" and \
                reader.link.kind.get(j) != "demonym":
            return e
    focus = reader.link.focus("Country")
    return None if focus in doers else focus


def both(reader, tok) -> list[str] | None:
    """"X and Y were deployed ..., but both have since departed": the subjects of the verb the
    pronoun's verb is coordinated with; None when ``tok`` is not such a pronoun."""
    if tok.lower_ not in ("both", "all", "tous", "toutes") or tok.dep_ not in SUBJ or tok.head.dep_ != "conj":
        return None
    first = tok.head.head
    return [e for c in first.children if c.dep_ in SUBJ | {"nsubjpass", "nsubj:pass"} for e in reader.ents(c)]


def enumerated(reader, noun, clause=None) -> list[str]:
    """The entities a phrase lists as members of ``noun``: "those arrested included X" (``noun``
    the subject of *include*), "people detained for ..., including X and Y" (an *including*
    phrase in the ``noun``'s or the ``clause``'s words)."""
    out: list[str] = []
    h = noun.head
    if noun.dep_ in SUBJ and h.lemma_.lower() in ("include", "comprise", "comprendre", "inclure"):
        out += [e for c in h.children if c.dep_ in ("dobj", "obj") for e in reader.ents(c)]
    words = list(clause.subtree if clause is not None else []) + list(noun.children)
    for t in words:
        if t.lower_ in ("including", "notamment", "dont", "among") and t.dep_ in ("prep", "case", "advmod"):
            out += [e for g in t.children if g.dep_ == "pobj" for e in reader.ents(g)]
    return list(dict.fromkeys(out))


def nearest_subject(reader, v) -> list[str]:
    """The actors of the nearest subject before ``v`` in its sentence: a coordinated verb the
    parser cut from its subject ("the group JNIM, linked to al Qaeda, announced a ban")."""
    for j in range(v.i - 1, v.sent.start - 1, -1):
        t = v.doc[j]
        if t.dep_ in SUBJ | {"nsubjpass", "nsubj:pass"} and t.head.i != v.i:
            found = [e for e in reader.ents(t) if reader.link.type_of(e) in ACTORS]
            if found:
                return found
    return []


def passive_agent_on_noun(v):
    """"Mali is being supported in its fight by the AES allies": the passive's agent the parser
    attached to the noun after the verb (the ``by`` phrase's noun), or None."""
    for c in v.children:
        if c.dep_ == "prep" and not temporal(c):
            for g in c.children:
                by = [x for b in g.children if b.dep_ == "prep" and b.lower_ == "by"
                      for x in b.children if x.dep_ == "pobj"]
                if g.dep_ == "pobj" and by:
                    return by[0]
    return None


def left_place(reader, v, subs) -> list[tuple[str, str]]:
    """"Both have since departed": (who, the country the sentence or the article names)."""
    place = implicit_place(reader, v, subs)
    return [(s, place) for s in subs if place and s != place]


def object_takes(reader, v) -> list[tuple[str, str]]:
    """"Coups that brought General Goïta to power": (the object, the implicit place)."""
    objs = [e for c in v.children if c.dep_ in ("dobj", "obj") for e in reader.ents(c)]
    place = implicit_place(reader, v, objs) if objs else None
    return [(o, place) for o in objs if place and o != place]


def apposed_before(reader, h) -> str | None:
    """"(JNIM), an Al-Qaeda affiliate": the entity just before the phrase of ``h`` with only
    punctuation between -- an apposition the parser attached elsewhere."""
    j = h.left_edge.i - 1
    while j > h.sent.start and (h.doc[j].is_punct or h.doc[j].lower_ in ("a", "an")):
        j -= 1
    e = reader.link.entity_at(j)
    return e if e and j < h.left_edge.i - 1 and h.doc[j + 1].is_punct else None


def belonging(reader, r) -> list[tuple[str, str]]:
    """"Wagner, Russia's best-known mercenary group": (the noun, its possessor)."""
    owners = [e for c in r.children if c.dep_ == "poss" for e in reader.ents(c)]
    return [(x, o) for x in reader._one(r.head, 0) for o in owners if x != o]


def phrasal(v) -> str:
    """A verb's lemma with its particle ("seal off")."""
    prt = next((c.lower_ for c in v.children if c.dep_ in ("prt", "compound:prt")), None)
    return f"{v.lemma_.lower()} {prt}" if prt else v.lemma_.lower()


def partitive(reader, tok, depth: int) -> list[str]:
    """"Most of the Wagner personnel", "two of the hostages": the entities of the "of" phrase."""
    if not (tok.lower_ in PARTITIVE or (tok.pos_ == "NUM" and tok.dep_ in SUBJ | PASS | OBJ)):
        return []
    return [e for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "de", "d'")
            for g in c.children if g.dep_ == "pobj" for e in reader.ents(g, depth + 1)]


def undergoer_participle(v, relations) -> bool:
    """"Those arrested included X", "people detained ..., including X": a past participle of an
    event its noun undergoes (``relations``: the verb's, "a|b"), with no agent said."""
    return bool(v.dep_ == "acl" and v.tag_ == "VBN" and relations and
                not any(c.dep_ in ("agent", "obl:agent") for c in v.children) and
                set(relations.split("|")) & UNDERGOERS)


def light_verb_phrases(reader, n, verb, preps) -> list[tuple[str, str]]:
    """"Has maintained a blockade and increased attacks on tankers ... from Senegal", "conducting
    operations against jihadists": the noun read as the light verb's object; the verb's phrases
    after it with one of ``preps`` are the noun's -- (preposition, entity)."""
    return [(q, e) for p, g in reader._direct_args(verb) if g.i > n.i and p in preps
            for q, e, _ in reader.reach(g, p)]


def phrase_words(reader, v) -> list[tuple[str, str]]:
    """(preposition, noun lemma) of a verb's phrases that name no entity ("came to power"), with
    "to power" the parser read as a clause ("brought X to power")."""
    out = [(p, g.lemma_.lower()) for p, g in reader._direct_args(v) if p and not reader.link.entity_at(g.i)]
    return out + [("to", c.lemma_.lower()) for c in v.children if c.pos_ == "NOUN" and c.dep_ in ("advcl", "xcomp")
                  and any(g.lower_ == "to" for g in c.children)]
