"""Candidate statements from an article's text: who did what to whom, when, according to whom.

A trained spaCy pipeline (dependency parser + NER, ``kg.extraction.models``, loaded once per
language and process) parses the article's body (``kg.extraction.adapters.body_zones``);
``kg.extraction.linking`` finds the entities; ``kg.extraction.syntax`` reads predicate-argument
triples from the parse with the language's lexicon (``kg.extraction.lexicon``); here each triple
is checked against the relation's domain and range and given its claimant (reported speech:
"X said", "according to X", "X told Reuters"), its modality (hedges, hearsay, negation), its date,
its amount and its sentence as a verbatim quote (``text[start:end] == quote``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.core.errors import KgError
from kg.core.names import fold
from kg.corpus.catalog import Entity, PartialDate
from kg.extraction import french
from kg.extraction.linking import Linker, slug

__all__ = ["Candidate", "Extraction", "Extractor", "fold", "slug"]

CAPITALS = {"moscow": "Russia", "moscou": "Russia", "paris": "France", "washington": "United States",
            "bamako": "Mali", "niamey": "Niger", "ouagadougou": "Burkina Faso", "dakar": "Senegal",
            "yamoussoukro": "Côte d'Ivoire", "nouakchott": "Mauritania", "conakry": "Guinea", "algiers": "Algeria",
            "alger": "Algeria", "london": "United Kingdom", "londres": "United Kingdom", "beijing": "China",
            "pekin": "China", "abu dhabi": "United Arab Emirates", "rabat": "Morocco", "ankara": "Turkey",
            "kyiv": "Ukraine", "kiev": "Ukraine", "berlin": "Germany", "rome": "Italy", "madrid": "Spain",
            "ottawa": "Canada", "n'djamena": "Chad", "tripoli": "Libya", "abuja": "Nigeria", "accra": "Ghana"}
BATCH_SIZE = 8            # articles per nlp.pipe batch (memory grows with it)
BATCH_CHARS = 200_000     # characters per batch: a few long articles are not parsed all at once
MAX_NORMS = 200_000        # distinct token texts whose norm is remembered, then forgotten at once
_fold_word = lru_cache(maxsize=50_000)(fold)   # a token's norm: the same few thousand words again and again
MODALITY_ORDER = ("negated", "unlikely", "possible", "likely", "reported", "asserted")


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
    source: str = "syntax"
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
    """A loaded pipeline, lexicon and entity catalogue for one language.

    ``model``: the spaCy package to use (else ``$KG_SPACY_MODEL``, else the best installed one).
    ``alias_ok(entity, alias)`` can hide catalogue aliases (leave-one-out eval); ``sources`` is
    accepted for that protocol's sake: the syntactic extractor has no per-article patterns."""

    def __init__(self, entities: dict[str, Entity], language: str = "en", *, sources=None,
                 alias_ok=None, model: str | None = None):
        from spacy.matcher import PhraseMatcher

        from kg.corpus.ontology import relations
        from kg.extraction.lexicon import get_lexicon
        from kg.extraction.models import load_model

        self.language = (language or "en").lower().split("-")[0]
        self.lex = get_lexicon(self.language)
        self.nlp = load_model(self.language, model)
        self.model = self.nlp.meta.get("name", "")
        self.entities = entities
        self.patterns: list = []
        rels = relations()
        used = {x for r in self.lex.verbs.values() if r for x in r.split("|")} | set(self.lex.nouns.values()) | \
            {r for r, _ in self.lex.hyphen.values()} | set(self.lex.roles.values()) | \
            {r for table in self.lex.control.values() for r in table.values()}
        missing = sorted(used - set(rels))
        if missing:
            raise KgError(f"lexicon {self.language!r}: relations not in the ontology: {', '.join(missing)}")
        self.domain = {r.name: _types_of(r.domain) for r in rels.values()}
        self.range = {r.name: _types_of(r.range) for r in rels.values()}
        self._chunks: set[str] = set()          # chunks the tokenizer has seen alone (``_warm``)
        self._norm_of: dict[int, int] = {}      # a text's hash -> its norm's (``_norms``), this vocab's
        self.demonym_hashes: dict[int, bool] = {}  # a string hash -> whether it is a demonym (the linker's)
        self.names = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.by_norm: dict[str, str] = {}
        tokenizer = self.nlp.tokenizer
        for ent in sorted(entities.values(), key=lambda e: e.id):
            variants = []
            for alias in [ent.name, *ent.aliases]:
                if alias != ent.name and alias_ok is not None and not alias_ok(ent, alias):
                    continue
                variants += _variants(alias)
            docs = [self._norms(tokenizer(v)) for v in dict.fromkeys(variants)]
            if docs:
                self.names.add(ent.id, docs)
            for v in variants:
                self.by_norm.setdefault(" ".join(fold(v).split()), ent.id)
        self.foreign = PhraseMatcher(self.nlp.vocab, attr="NORM")
        for alias, target in sorted(self.lex.names.items()):
            self.foreign.add(target, [self._norms(tokenizer(alias))])
        self.country_names = {" ".join(fold(c).split()) for c in self.lex.demonyms.values()} | \
            {" ".join(fold(e.name).split()) for e in entities.values() if e.type == "Country"}

    def _norms(self, doc):
        """``doc`` with every token's norm its folded text (what the name matchers compare), the
        norms written at once (``Doc.from_array``, as ``token.norm_ = ...`` does one by one)."""
        import numpy
        from spacy.attrs import NORM, ORTH
        strings, known = doc.vocab.strings, self._norm_of
        norms = []
        for orth in doc.to_array(ORTH).tolist():
            norm = known.get(orth)
            if norm is None:
                if len(known) >= MAX_NORMS:
                    known.clear()
                norm = known[orth] = strings.add(_fold_word(strings[orth]))
            norms.append(norm)
        if norms:
            doc.from_array([NORM], numpy.array(norms, dtype=numpy.uint64).reshape(-1, 1))
        return doc

    # ------------------------------------------------------------ entry points

    def parse(self, text: str, zones=()):
        """The parsed text; a sentence starts at each zone start (``(start, end)`` character spans:
        a body that begins after a dateline prefix, mid-line, is its own sentence)."""
        return self._norms(self.nlp(self._prepare(text, zones)))

    def parse_all(self, items, batch_size: int = BATCH_SIZE, batch_chars: int = BATCH_CHARS):
        """``parse`` of each ``(text, zones)`` of ``items``, in order, through ``nlp.pipe``: batches
        of at most ``batch_size`` articles and ``batch_chars`` characters (a longer article is a
        batch of its own), so memory stays bounded. The same parse as one at a time (tested)."""
        batch, chars = [], 0
        for text, zones in items:
            if batch and (len(batch) >= batch_size or chars + len(text) > batch_chars):
                yield from self._pipe(batch)
                batch, chars = [], 0
            batch.append(self._prepare(text, zones))
            chars += len(text)
        yield from self._pipe(batch)

    def _pipe(self, docs):
        from kg.extraction.models import pipe
        for doc in pipe(self.nlp, docs):
            yield self._norms(doc)

    def _prepare(self, text: str, zones):
        """The tokenised Doc the pipeline runs on."""
        if self.lex.typography:
            text = text.translate(self.lex.typography)      # same length: offsets index the original
        self._warm(text)
        if not zones:
            return self.nlp.make_doc(text)
        doc = self.nlp.make_doc(text)
        starts = sorted(s for s, _ in zones)
        k = 0
        for tok in doc:
            if k < len(starts) and starts[k] <= tok.idx and not tok.is_space:
                if tok.i > 0:
                    tok.is_sent_start = True
                while k < len(starts) and starts[k] <= tok.idx:
                    k += 1
        return doc

    def _warm(self, text: str) -> None:
        """Tokenise each new whitespace-separated chunk of ``text`` alone first, so that the
        tokenizer's cache holds it: the Doc of ``text`` is then the same, sooner.

        spaCy's tokenizer caches a chunk's tokens unless a special case ("U.S.", "'s", "n't")
        took part in them, but it keeps that flag for the whole text: after the first special
        case of an article nothing more is cached, and every later chunk has its prefixes,
        suffixes and infixes searched again in every article (7 ms of an 800-word article's 7.5).
        Alone, a chunk is cached exactly when no special case is in its own tokens, and a cached
        chunk gives the tokens its tokenisation gives (the cache's own contract). At most the
        tokenizer's ``max_cache_size`` chunks are tried, as many as its cache keeps."""
        tokenizer, tried = self.nlp.tokenizer, self._chunks
        limit = getattr(tokenizer, "max_cache_size", 0)
        if len(tried) >= limit:
            return
        for chunk in text.split():
            if chunk not in tried and len(tried) < limit:
                tried.add(chunk)
                tokenizer(chunk)

    def parse_name(self, name: str):
        return self._norms(self.nlp.tokenizer(name))

    def extract(self, text: str, *, article_date: PartialDate | None = None, author: str | None = None,
                body_start: int = 0, doc=None) -> Extraction:
        """Candidates from ``text`` (offsets are into ``text``; what lies before ``body_start``, a
        metadata header, and outside the body zones is not read)."""
        from kg.extraction.adapters import body_zones
        zones = body_zones(text, body_start)
        doc = doc if doc is not None else self.parse(text, zones)
        return _Article(self, text, doc, zones, article_date).run()

    def extract_all(self, items, *, batch_size: int = BATCH_SIZE):
        """``extract`` of each item (a dict: ``text`` and optionally ``article_date``, ``author``,
        ``body_start``), in order, the parse batched (``parse_all``, the same parse as one at a
        time): what ``kg ingest`` of several files does. Lazy: each Extraction comes as soon as
        its batch is parsed."""
        from kg.extraction.adapters import body_zones
        items = list(items)
        zones = [body_zones(it["text"], it.get("body_start", 0)) for it in items]
        docs = self.parse_all(((it["text"], z) for it, z in zip(items, zones)), batch_size)
        for it, z, doc in zip(items, zones, docs):
            yield _Article(self, it["text"], doc, z, it.get("article_date")).run()

    def link(self, text: str) -> list[tuple[int, int, str]]:
        """The catalogue entities named in ``text``: (start, end, entity id), character offsets."""
        doc = self.parse(text)
        linker = Linker(self, doc, [(0, len(text))])
        out, i = [], 0
        while i < len(doc):
            eid = linker.entity_at(i)
            if eid in self.entities:
                j = i
                while j + 1 < len(doc) and linker.entity_at(j + 1) == eid:
                    j += 1
                out.append((doc[i].idx, doc[j].idx + len(doc[j]), eid))
                i = j
            i += 1
        return out


def _variants(alias: str) -> list[str]:
    alias = " ".join(alias.split())
    out = [alias]
    low = alias.lower()
    if low.startswith("the ") and alias[4:5].isupper():
        out.append(alias[4:])
    elif low.startswith("the "):
        out += ["a " + alias[4:], "an " + alias[4:], alias[4:]]
    return out


class _Article:
    def __init__(self, ex: Extractor, text: str, doc, zones, article_date):
        from kg.extraction.syntax import Reader
        self.ex, self.text, self.doc, self.zones, self.article_date = ex, text, doc, zones, article_date
        self.link = Linker(ex, doc, zones)
        self.reader = Reader(ex, doc, self.link)
        self.fr = ex.lex.code == "fr"

    def _in_body(self, sent) -> bool:
        s = sent.start_char
        return any(a <= s < b for a, b in self.zones)

    def _fits(self, rel: str, s: str, o: str) -> bool:
        return self.link.type_of(s) in self.ex.domain[rel] and self.link.type_of(o) in self.ex.range[rel]

    def run(self) -> Extraction:
        from kg.extraction.adapters import find_amounts, find_dates
        doc, text = self.doc, self.text
        dates = find_dates(doc, text, self.article_date, self.ex.language)
        amounts = find_amounts(doc, self.ex.language, dates)
        out, seen = [], set()
        for si, sent in enumerate(doc.sents):
            if not self._in_body(sent) or not any(t.is_alpha for t in sent):
                continue
            triples = self.reader.sentence(sent)
            claim_sent = self._sentence_claimant(sent) if triples else None
            for tr in triples:
                # "captured|tookControlOf": the first relation whose domain and range fit
                rels = tr.relation.split("|")
                tr.relation = next((r for r in rels if self._fits(r, tr.subject, tr.object)), "")
                if not tr.relation:
                    # "Moscow-run", "Paris accused Bamako": a capital standing for its country
                    s, o = self._capital(tr.subject), self._capital(tr.object)
                    for a, b in ((s, tr.object), (tr.subject, o), (s, o)):
                        r = next((r for r in rels if a and b and self._fits(r, a, b)), "")
                        if r:
                            tr.subject, tr.relation, tr.object = a, r, b
                            break
                if tr.subject == tr.object or not tr.relation:
                    continue
                if (tr.subject, tr.relation, tr.object) in seen:
                    continue
                pred = doc[tr.predicate]
                claimant = self._claimant(pred) or claim_sent
                if claimant in (tr.subject, tr.object) and tr.kind != "verb":
                    claimant = None
                start, end = _strip(text, sent.start_char, sent.end_char)
                c = Candidate(tr.subject, tr.relation, tr.object, text[start:end], start, end,
                              modality=self._modality(pred), claimant=claimant, pattern=f"{tr.kind}:{pred.lemma_}",
                              sentence=si, confidence="medium" if tr.kind in ("verb", "role", "hyphen") else "low")
                self._date(c, pred, sent, dates)
                self._amount(c, pred, amounts)
                seen.add(c.triple)
                out.append(c)
        used = {x for c in out for x in (c.subject, c.object, c.claimant) if x}
        ents = []
        for eid, p in sorted(self.link.proposed.items()):
            p["used"] = eid in used
            ents.append(p)
        return Extraction(out, ents, [a for a in self.link.aliases if a["entity"] in self.ex.entities])

    def _capital(self, eid: str) -> str | None:
        if self.link.type_of(eid) != "City":
            return None
        ent = self.ex.entities.get(eid)
        name = ent.name if ent is not None else self.link.proposed[eid]["name"]
        country = CAPITALS.get(" ".join(fold(name).split()))
        return self.link._country(country) if country else None

    # ------------------------------------------------------------ who says it

    def _speaker(self, verb) -> str | None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubj:pass") or c.dep_ == "nsubjpass":
                got = self.reader.ents(c)
                return got[0] if got else None
        return None

    def _claimant(self, pred) -> str | None:
        lex = self.ex.lex
        t, prev = pred, None
        while t.head.i != t.i:
            prev, t = t, t.head
            if t.lemma_.lower() in lex.speech and t.pos_ in ("VERB", "AUX") and \
                    prev.dep_ in ("ccomp", "parataxis"):
                who = self._speaker(t) or (french.speaker(self.reader, t) if self.fr else None)
                if who:
                    return who
            elif self.fr and t.lemma_.lower() in lex.speech and t.pos_ in ("VERB", "AUX"):
                who = french.clause_speaker(self.reader, t, prev)
                if who:
                    return who
        return None

    def _sentence_claimant(self, sent) -> str | None:
        lex = self.ex.lex
        for t in sent:
            low = t.lower_
            if t.lemma_.lower() in lex.according or low in lex.according:
                for g in list(t.children) + list(t.head.children if low == "selon" else []):
                    nouns = [g] if g.pos_ in ("NOUN", "PROPN") else \
                        [x for x in g.children if x.dep_ == "pobj"]
                    for n in nouns:
                        got = self.reader.ents(n)
                        if got:
                            return got[0]
                if low == "selon":
                    got = self.reader.ents(t.head)
                    if got:
                        return got[0]
            elif self.fr and french.according_to(t) and t.dep_ == "case":      # "D'après Reuters"
                got = self.reader.ents(t.head)
                if got:
                    return got[0]
            if t.dep_ == "parataxis" and t.lemma_.lower() in lex.speech:
                who = self._speaker(t)
                if who:
                    return who
        return None

    # ------------------------------------------------------------ how firmly

    def _modality(self, pred) -> str:
        lex = self.ex.lex
        found = set()
        chain, t = [pred], pred
        while t.head.i != t.i and len(chain) < 5 and (
                t.dep_ in ("xcomp", "conj", "acl", "amod") or
                (t.dep_ in ("ccomp", "csubj") and t.head.lemma_.lower() in ("be", "être", "seem", "sembler")) or
                (t.pos_ in ("NOUN", "PROPN", "ADP") and t.dep_ in ("dobj", "obj", "pobj", "prep", "attr", "nmod"))):
            t = t.head
            chain.append(t)
        for v in chain:
            if "Mood=Cnd" in str(v.morph):
                found.add("possible" if v.lemma_.lower() in ("pouvoir",) else "reported")
            for c in v.children:
                low, lemma = c.lower_, c.lemma_.lower()
                if c.dep_ == "neg" or (c.dep_ == "advmod" and low in lex.negations) or \
                        (c.dep_ == "det" and low == "no" and v.i == pred.i) or \
                        (v.i == pred.i and c.dep_ in ("dobj", "obj") and
                         any(g.dep_ == "det" and g.lower_ in ("no", "aucun", "aucune") for g in c.children)):
                    found.add("negated")
                if c.dep_ in ("aux", "aux:tense", "advmod", "acomp", "amod", "xcomp") and \
                        (lemma in lex.hedges or low in lex.hedges):
                    found.add(lex.hedges.get(low) or lex.hedges[lemma])
                if c.dep_ in ("aux", "aux:tense", "aux:pass") and "Mood=Cnd" in str(c.morph):
                    found.add("reported")
            for c in v.children:            # "it is (not) impossible that ..."
                if c.dep_ in ("acomp", "amod") and c.lemma_.lower() in ("impossible", "possible", "likely",
                                                                         "unlikely", "probable"):
                    negated = any(g.dep_ in ("neg",) or g.lower_ in lex.negations for g in
                                  list(v.children) + list(c.children))
                    word = c.lemma_.lower()
                    found.add({"impossible": "possible" if negated else "negated", "possible": "possible",
                               "probable": "likely", "likely": "likely", "unlikely": "unlikely"}[word])
                    found.discard("negated") if negated and word == "impossible" else None
            lemma = v.lemma_.lower()
            if v.i != pred.i and lemma in ("say", "report", "believe", "allege", "think", "rumour", "dire") and \
                    any(c.dep_ in ("nsubjpass", "nsubj:pass", "auxpass", "aux:pass") for c in v.children):
                found.add("reported")
            if v.i != pred.i and lemma in lex.hedges:
                found.add(lex.hedges[lemma])
        for m in MODALITY_ORDER:
            if m in found:
                return m
        return "asserted"

    # ------------------------------------------------------------ when, how much

    def _date(self, c: Candidate, pred, sent, dates) -> None:
        lo, hi = sent.start_char, sent.end_char
        sub = [t for t in pred.subtree]
        s_lo, s_hi = sub[0].idx, sub[-1].idx + len(sub[-1])
        inside = [d for d in dates if lo <= d.start < hi]
        near = [d for d in inside if s_lo <= d.start < s_hi] or inside
        if near and near[0].qualifier == "until":      # "until 10 November": when it ends
            c.end_date = near[0].date
        elif near:
            c.date, c.date_qualifier = near[0].date, near[0].qualifier

    def _amount(self, c: Candidate, pred, amounts) -> None:
        sub = {t.i for t in pred.subtree}
        for s, e, q in amounts:
            if s in sub and pred.i not in range(s, e):
                c.quantity = q
                return


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
