"""French constructions of the syntactic reader (``kg.extraction.syntax``) that its general rules
miss, with the UD labels of the French pipelines and the parse errors of the small one.

Each function takes the ``Reader`` and a token and is called only when the lexicon is French:

- ``control_subject``: who does what an infinitive says -- the subject of a speech verb ("l'armée a
  annoncé avoir repoussé"), the owner of an intention noun ("leur intention d'empêcher", "sa volonté
  de punir", "a pour mission de ravitailler");
- ``participle_subject``: the subject a gerund inherits ("les jihadistes annoncent ..., mettant en
  garde"), the noun an apposed participle or adjective follows when the parser hung it elsewhere
  ("le JNIM (...), affilié à", "le JNIM, principale coalition active au Sahel");
- ``active_subject``: a relative pronoun or a subject labelled passive on a verb with no passive
  auxiliary ("qui ont conseillé") is the subject of an active verb;
- ``idiom``: verb phrases with a bare noun ("mettre en garde", "prendre en otage", "faire face à");
- ``listed``: the entities listed after an entity ("du Sénégal, de Mauritanie ou de Côte d'Ivoire")
  when the parser attached the list to another word;
- ``partner_triples``: "les FAMa et leurs supplétifs de l'Africa Corps": the noun's possessive is the
  actor served, its "de" complement the one serving.
"""

from __future__ import annotations

POSSESSIVES = {"son", "sa", "ses", "leur", "leurs"}
# nouns whose infinitive complement is done by their owner: "leur intention d'empêcher"
INTENT_NOUNS = {"intention", "volonté", "mission", "objectif", "but", "projet", "ambition", "détermination",
                "décision", "tentative", "stratégie", "plan", "promesse", "menace", "capacité", "droit"}
_LIST_LINKS = {",", "et", "ou", "ainsi", "que", "ni", "puis"}
_LIST_FILLERS = {"de", "d'", "du", "des", "le", "la", "les", "l'", "au", "aux", "à", "en"}
_ACTORS = {"Person", "Organization", "Government", "Group", "Country"}


def _entity_start(link, i: int) -> int:
    eid = link.entity_at(i)
    while i > 0 and link.entity_at(i - 1) == eid:
        i -= 1
    return i


def _entity_end(link, i: int) -> int:
    eid = link.entity_at(i)
    n = len(link.doc)
    while i + 1 < n and link.entity_at(i + 1) == eid:
        i += 1
    return i


def control_subject(r, v) -> list[str] | None:
    """The agents of an infinitive (or of a participle after "avoir") controlled by a speech verb or
    an intention noun; None when ``v`` is not such a complement."""
    h = v.head
    if v.dep_ == "xcomp" and h.lemma_.lower() in r.lex.speech:
        return r.subjects(h, 1)
    if v.dep_ in ("advcl", "xcomp") and gerund(v) and h.pos_ in ("VERB", "AUX"):
        return r.subjects(h, 1)
    if v.dep_ in ("acl", "xcomp") and h.pos_ == "NOUN" and h.lemma_.lower() in INTENT_NOUNS:
        for c in h.children:
            if c.dep_ in ("det", "nmod:poss") and c.lower_ in POSSESSIVES:
                got = r.link.resolve(c)
                if got:
                    return [got]
            if c.dep_ == "nmod" and r.link.entity_at(c.i) and _case(c) == "de":
                return r.ents(c)              # "l'intention du JNIM de"
        if h.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "nmod") and h.head.pos_ in ("VERB", "AUX", "NOUN"):
            up = h.head
            while up.pos_ == "NOUN" and up.dep_ in ("obj", "nmod") and up.head.i != up.i:
                up = up.head                  # "justifie ce blocus par sa volonté de"
            if up.pos_ in ("VERB", "AUX"):
                return r.subjects(up, 1)
        return []
    return None


CONTRACTED = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de"}


def _case(tok) -> str | None:
    """The preposition of a nominal, contractions as their preposition ("au" -> à, "du" -> de)."""
    cases = [c for c in tok.children if c.dep_ == "case" and c.pos_ == "ADP"]
    low = cases[0].lower_.replace("’", "'") if cases else None
    return CONTRACTED.get(low, low)


MOVES = {"withdrewFrom", "deployedTo"}          # "le départ de X", "le déploiement de X": X moves


def movers(r, tok) -> list[str]:
    """The actors (not places: "le retrait du Mali" is the place left) a "de" complement names."""
    got = r.ents(tok)
    return got if got and all(r.link.type_of(e) in ("Organization", "Person", "Group", "Government")
                              for e in got) else []


def participle(word: str) -> str:
    """The masculine singular of a past participle: "liées" -> "lié", "basés" -> "basé"."""
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    if word.endswith(("ée", "ie", "ue")) and len(word) > 3:
        word = word[:-1]
    return word


def gerund(v) -> bool:
    """A present participle ("mettant", "lançant"): its subject is its clause's."""
    morph = str(v.morph)
    return "VerbForm=Part" in morph and "Tense=Pres" in morph


def apposed_actor(r, tok) -> str | None:
    """The actor named just before ``tok`` and a comma (a parenthesised acronym between them):
    "le JNIM, affilié à", "le Groupe de soutien (JNIM), affilié à", "le JNIM, principale coalition"."""
    doc, link = r.doc, r.link
    j = tok.i - 1
    while j >= tok.sent.start and doc[j].pos_ in ("DET", "ADJ", "ADV", "NUM") and not link.entity_at(j):
        j -= 1                              # "principale coalition": the noun's own premodifiers
    if j < tok.sent.start or doc[j].text != ",":
        return None
    j -= 1
    if j >= tok.sent.start and doc[j].text == ")":
        k = j - 1
        while k >= tok.sent.start and doc[k].text != "(" and j - k < 8:
            k -= 1
        if k >= tok.sent.start and doc[k].text == "(" and link.entity_at(k + 1):
            eid = link.entity_at(k + 1)
            if k - 1 >= tok.sent.start and link.entity_at(k - 1) not in (None, eid):
                eid = link.entity_at(k - 1)
            return eid if link.type_of(eid) in _ACTORS else None
        j = k - 1
    eid = link.entity_at(j) if j >= tok.sent.start else None
    if eid is None or link.type_of(eid) not in _ACTORS or j in link.modifiers:
        return None
    s = _entity_start(link, j)
    before = [doc[k] for k in range(max(tok.sent.start, s - 2), s)]
    if any(t.pos_ == "ADP" for t in before) or \
            any(c.dep_ == "case" and c.i < s for k in range(s, j + 1) for c in doc[k].children):
        return None                         # "Au Mali, les jihadistes": a place, not the noun before
    return eid


def participle_subject(r, v) -> list[str]:
    """The agents of a participle or adjective the general rules found none for."""
    h = v.head
    if v.dep_ in ("acl", "amod", "conj") and ("VerbForm=Part" in str(v.morph) or v.pos_ == "ADJ"):
        eid = apposed_actor(r, v)
        if eid is None and h.pos_ == "NOUN" and not r.link.entity_at(h.i) and h.i < v.i:
            eid = apposed_actor(r, h)       # "le JNIM, principale coalition active au Sahel"
        if eid:
            return [eid]
    return []


def active_subject(r, v) -> list[str] | None:
    """The subject of a verb the parser marked passive though nothing makes it so ("qui ont
    conseillé": no "être"); None when the verb is a real passive or has no such subject."""
    if any(c.dep_ == "aux:pass" for c in v.children) or "Voice=Pass" in str(v.morph):
        return None
    for c in v.children:
        if c.dep_ == "nsubj:pass":
            return r.ents(c)
    return None


def idiom(r, v) -> tuple[str, int] | None:
    """(lexicon key, token index of the bare noun) for "mettre en garde", "prendre en otage", "faire
    face à", "prendre pour cible": a verb and a determinerless noun, in the lexicon together."""
    lemma = v.lemma_.lower()
    for c in v.children:
        if c.pos_ != "NOUN" or any(g.dep_ == "det" for g in c.children):
            continue
        prep = _case(c)
        keys = [f"{lemma} {prep} {c.lemma_.lower()}", f"{lemma} {prep} {c.lower_}"] if prep else []
        keys += [f"{lemma} {c.lemma_.lower()}", f"{lemma} {c.lower_}"] if c.dep_ in ("obj",) else []
        for k in keys:
            if k in r.lex.verbs or r.lex.longer("verbs", k):
                return k, c.i
    return None


def scene_setting(r, v, c) -> bool:
    """``c`` is a place phrase fronted before its verb and a comma ("Au Mali, ...", "À Bamako, ..."):
    the scene of the sentence, not an argument of the verb."""
    if c.i > v.i or c.dep_ not in ("obl:mod", "obl", "nmod") or v.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    end = c.right_edge.i + 1
    return end < len(r.doc) and r.doc[end].text == "," and _case(c) in ("à", "en", "dans", "au", "sur")


def adjective_args(r, adj):
    """(preposition, noun) for the complement the parser hung on the noun an adjective modifies
    ("coalition active au Sahel": "au Sahel" right after "active")."""
    for c in adj.head.children:
        if c.dep_ == "nmod" and c.left_edge.i == adj.right_edge.i + 1 and c.i > adj.i:
            prep = _case(c)
            if prep:
                yield prep, c


def dangling_args(r, tok):
    """(preposition, entity token) right after a participle whose preposition the parser left
    hanging ("affilié à « Al-Qaïda au Maghreb islamique »": "à" an adverb, the name elsewhere)."""
    doc, link = r.doc, r.link
    j = tok.i + 1
    if j + 1 >= len(doc) or doc[j].pos_ != "ADP" or (
            doc[j].dep_ == "case" and doc[j].head.head.i == tok.i and not doc[j].head.is_quote):
        return
    k = j + 1
    while k < tok.sent.end and (doc[k].is_quote or doc[k].pos_ == "DET") and not link.entity_at(k):
        k += 1
    if k < tok.sent.end and link.entity_at(k) and not doc[k].is_ancestor(tok):
        prep = doc[j].lower_.replace("’", "'")
        yield CONTRACTED.get(prep, prep), doc[k]


def listed(r, tok) -> list[str]:
    """The entities listed right after the one at ``tok`` ("le Sénégal et la Côte d'Ivoire", "du
    Sénégal, de Mauritanie, de Guinée ou de Côte d'Ivoire"), of the same type."""
    link, doc = r.link, r.doc
    eid = link.entity_at(tok.i)
    if eid is None:
        return []
    kind = link.type_of(eid)
    out, j, end = [], _entity_end(link, tok.i) + 1, tok.sent.end
    while j < end:
        k = j
        if doc[k].lower_ not in _LIST_LINKS:
            break
        while k < end and (doc[k].lower_ in _LIST_LINKS or doc[k].lower_ in _LIST_FILLERS) and \
                not link.entity_at(k):
            k += 1
        nxt = link.entity_at(k) if k < end else None
        if nxt is None or link.type_of(nxt) != kind or k in link.modifiers:
            break
        if nxt != eid and nxt not in out:
            out.append(nxt)
        j = _entity_end(link, k) + 1
    return out


def partner_triples(r, n, rel) -> list[tuple[str, str]]:
    """(holder, served) for "les FAMa et leurs supplétifs de l'Africa Corps", "leur partenaire russe
    de l'Africa Corps": the possessive stands for the actor served."""
    poss = [c for c in n.children if c.dep_ == "det" and c.lower_ in POSSESSIVES]
    if not poss:
        return []
    served = r.link.resolve(poss[0])
    holders = [e for c in n.children if c.dep_ == "nmod" and _case(c) == "de" for e in r.ents(c)]
    return [(h, served) for h in dict.fromkeys(holders) if served and h != served]


# ---------------------------------------------------------------- who says it

def speaker(r, verb) -> str | None:
    """The speaker of a speech verb the parser gave no subject: after it, by inversion ("..., a
    indiqué l'armée malienne"), or named right before it ("L'armée malienne affirme que")."""
    doc, link = r.doc, r.link
    for c in verb.children:
        if c.dep_ in ("obj", "nsubj", "nsubj:pass") and c.i > verb.i:
            got = r.ents(c)
            if got:
                return got[0]
    j = verb.i - 1
    while j >= verb.sent.start and doc[j].pos_ in ("ADV", "AUX") and not link.entity_at(j):
        j -= 1                              # "l'armée a déjà affirmé"
    eid = link.entity_at(j) if j >= verb.sent.start else None
    return eid if eid and link.type_of(eid) in _ACTORS and j not in link.modifiers else None


def clause_speaker(r, verb, clause) -> str | None:
    """The claimant of ``clause`` under speech verb ``verb`` when the clause is not its ccomp:
    "a annoncé avoir repoussé" (xcomp: the subject says it of itself), "X a attaqué Kidal, a
    indiqué l'armée" (the clause before the verb, its speaker after it)."""
    if clause.dep_ == "xcomp":
        got = [c for c in verb.children if c.dep_ == "nsubj"]
        return (r.ents(got[0]) or [None])[0] if got else speaker(r, verb)
    if clause.dep_ == "advcl" and clause.i < verb.i and not any(c.dep_ == "nsubj" and c.i < verb.i
                                                                 for c in verb.children):
        for c in verb.children:
            if c.dep_ in ("obj", "nsubj") and c.i > verb.i:
                return (r.ents(c) or [None])[0]
    return None


def according_to(tok) -> bool:
    """``tok`` introduces a source: "selon", "d'après" (two tokens)."""
    low = tok.lower_.replace("’", "'")
    return low == "selon" or (low == "d'" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "après")


# ---------------------------------------------------------------- the small model's verbs

def _verb_forms(word: str) -> list[str]:
    """Infinitives a conjugated form may come from: "accuse" -> accuser, "subit" -> subir."""
    out = []
    for end, inf in (("ent", "er"), ("es", "er"), ("e", "er"), ("ées", "er"), ("és", "er"), ("ée", "er"),
                     ("é", "er"), ("it", "ir"), ("issent", "ir")):
        if word.endswith(end) and len(word) > len(end) + 2:
            out.append(word[:-len(end)] + inf)
    return out


def repair_verbs(r) -> None:
    """A verb of the lexicon the small model tagged as an adjective or a noun ("Le gouvernement
    accuse la France": "accuse" an adjective, lemma "accus"), in a verb's place (a subject or an
    object and no determiner): its lemma and part of speech set back."""
    lex = r.lex
    for t in r.doc:
        if t.pos_ not in ("ADJ", "NOUN", "X") or r.link.entity_at(t.i) or not t.is_lower or \
                t.lemma_.lower() in lex.verbs or any(c.dep_ in ("det", "case") for c in t.children):
            continue
        if not (any(c.dep_ == "nsubj" for c in t.children) and any(c.dep_ in ("obj", "obl:arg") for c in t.children)):
            continue
        for inf in _verb_forms(t.lower_):
            if inf in lex.verbs or lex.longer("verbs", inf):
                t.lemma_, t.pos_ = inf, "VERB"
                break
