"""Turn ontology + entity catalogue + statements + articles into one RDF graph, and write it to a store.

Every relationship is asserted as a plain triple (``ent:jnim kg:blockades ent:bamako``) and described
by a ``kg:Statement`` node (RDF reification: rdf:subject / rdf:predicate / rdf:object) that carries
its provenance: source article, verbatim quote as ``oa:TextQuoteSelector`` and code-point offsets as
``oa:TextPositionSelector``, claimant, dates with their precision, place, quantity, modality and
confidence. Only statements with modality ``asserted`` become plain triples: a claim that something
is possible, unlikely or untrue stays a claim. No blank nodes are used, so output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.corpus.catalog import Corpus, PartialDate, Statement, load_corpus
from kg.core.config import data_dir
from kg.core.errors import DataError
from kg.core.namespaces import ART, ENT, GEO, KG, OA, SCHEMA, STMT, WD, bind_prefixes
from kg.corpus.ontology import categories, event_types, load_ontology, relations, subclass_closure
from kg.corpus.quotes import closest_fragment, find_quote

ARTICLE_TYPES = {"report": SCHEMA.ReportageNewsArticle, "analysis": SCHEMA.AnalysisNewsArticle,
                 "opinion": SCHEMA.OpinionNewsArticle}


@dataclass
class BuildResult:
    graph: Graph
    corpus: Corpus
    triples: int

    @property
    def summary(self) -> dict[str, int]:
        return {"articles": len(self.corpus.articles), "entities": len(self.corpus.entities),
                "statements": len(self.corpus.statements), "triples": self.triples}


class BuildFailed(DataError):
    """One or more records cannot be built; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


def date_literal(date: PartialDate) -> Literal:
    """A date as xsd:date, xsd:gYearMonth or xsd:gYear according to its precision."""
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision]
    return Literal(date.isoformat(), datatype=datatype)


def _add_date(g: Graph, node: URIRef, date: PartialDate | None, qualifier: str | None,
              end: PartialDate | None = None) -> None:
    if date is not None:
        g.add((node, SCHEMA.startDate, date_literal(date)))
        g.add((node, KG.datePrecision, KG[date.precision]))
    if qualifier:
        g.add((node, KG.dateQualifier, Literal(qualifier)))
    if end is not None:
        g.add((node, SCHEMA.endDate, date_literal(end)))


def _number(value) -> Literal:
    """A number as xsd:decimal, written as given (no float rounding noise)."""
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def _check(corpus: Corpus, ontology: Graph) -> list[str]:
    """Every problem that stops the build: undefined entities, relations, categories, event types,
    domain/range mismatches, quotes missing from their article."""
    problems: list[str] = []
    rels, cats, evts = relations(ontology), categories(ontology), event_types(ontology)
    closures: dict[str, set] = {}

    def closure(cls: str) -> set:
        """A domain or range class and its subclasses, computed once per class."""
        if cls not in closures:
            closures[cls] = subclass_closure(ontology, KG[cls])
        return closures[cls]
    for ent in corpus.entities.values():
        where = f"{ent.path}:{ent.line}: entity {ent.id}"
        if ent.category not in cats:
            problems.append(f"{where}: unknown category {ent.category!r}")
        if ent.event_type and ent.event_type not in evts:
            problems.append(f"{where}: unknown ACLED event type {ent.event_type!r}")
    for st in corpus.statements:
        article = corpus.articles.get(st.article)
        if article is None:
            problems.append(f"{st.where}: unknown article {st.article!r}")
        rel = rels.get(st.relation)
        if rel is None:
            problems.append(f"{st.where}: undefined relation {st.relation!r}")
        for key in ("subject", "object", "claimant", "place", "scenario"):
            ref = getattr(st, key)
            if ref is not None and ref not in corpus.entities:
                problems.append(f"{st.where}: undefined entity {ref!r} ({key})")
        if rel is not None:
            for key, cls in (("subject", rel.domain), ("object", rel.range)):
                ent = corpus.entities.get(getattr(st, key))
                if ent is not None and KG[ent.type] not in closure(cls):
                    problems.append(f"{st.where}: {key} {ent.id!r} is a {ent.type}, but "
                                    f"{st.relation} needs a {cls}")
        if st.event_type and st.event_type not in evts:
            problems.append(f"{st.where}: unknown ACLED event type {st.event_type!r}")
        if st.value and st.relation != "characterises":
            problems.append(f"{st.where}: 'value' is only for the relation characterises")
        if article is not None and find_quote(article.text, st.quote, st.occurrence) is None:
            hint = closest_fragment(article.text, st.quote)
            problems.append(f"{st.where}: quote not found in article {st.article!r}"
                            + (f" (longest matching part: {hint[:60]!r})" if hint else ""))
    return problems


def _entity_triples(g: Graph, corpus: Corpus, ontology: Graph) -> None:
    cats, evts = categories(ontology), event_types(ontology)
    actor_classes = subclass_closure(ontology, KG.Actor)
    for ent in corpus.entities.values():
        node = ENT[ent.id]
        g.add((node, RDF.type, KG[ent.type]))
        g.add((node, RDFS.label, Literal(ent.name)))
        g.add((node, SKOS.prefLabel, Literal(ent.name)))
        for alias in ent.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
        g.add((node, KG.category, cats[ent.category]["iri"]))
        if KG[ent.type] in actor_classes and cats[ent.category]["acled"] is not None:
            g.add((node, KG.acledActorType, cats[ent.category]["acled"]))
        if ent.description:
            g.add((node, SCHEMA.description, Literal(ent.description, lang="en")))
        if ent.wikidata:
            g.add((node, OWL.sameAs, WD[ent.wikidata]))
        if ent.lat is not None:
            g.add((node, GEO.lat, _number(ent.lat)))
            g.add((node, GEO.long, _number(ent.long)))
        _add_date(g, node, ent.date, ent.date_qualifier)
        if ent.event_type:
            g.add((node, KG.eventType, evts[ent.event_type]))
        if ent.note:
            g.add((node, KG.note, Literal(ent.note, lang="en")))


def _article_triples(g: Graph, corpus: Corpus) -> None:
    by_name = {e.name: e for e in corpus.entities.values()}
    for art in corpus.articles.values():
        node = ART[art.id]
        g.add((node, RDF.type, KG.Article))
        g.add((node, RDF.type, ARTICLE_TYPES.get(art.type, SCHEMA.NewsArticle)))
        g.add((node, DCTERMS.identifier, Literal(art.id)))
        g.add((node, DCTERMS.title, Literal(art.title)))
        g.add((node, RDFS.label, Literal(art.title)))
        g.add((node, DCTERMS.language, Literal(art.language, datatype=XSD.language)))
        for key, prop in (("publisher", DCTERMS.publisher), ("author", DCTERMS.creator)):
            name = getattr(art, key)
            if name:
                ent = by_name.get(name)
                g.add((node, prop, ENT[ent.id] if ent else Literal(name)))
                if ent:
                    g.add((node, PROV.wasAttributedTo, ENT[ent.id]))
        if art.date is not None:
            g.add((node, DCTERMS.date, date_literal(art.date)))
            g.add((node, KG.datePrecision, KG[art.date.precision]))
        if art.date_qualifier:
            g.add((node, KG.dateQualifier, Literal(art.date_qualifier)))
        if art.date_note:
            g.add((node, KG.dateNote, Literal(art.date_note, lang="en")))
        if art.url:
            g.add((node, SCHEMA.url, URIRef(art.url)))
        g.add((node, SCHEMA.text, Literal(art.text)))
        g.add((node, KG.sha256, Literal(art.sha256)))


def statement_label(st: Statement, corpus: Corpus, rel_label: str) -> str:
    label = f"{corpus.entities[st.subject].name} {rel_label} {corpus.entities[st.object].name}"
    return label if st.modality == "asserted" else f"{label} ({st.modality})"


def _statement_triples(g: Graph, corpus: Corpus, ontology: Graph) -> None:
    rels, evts = relations(ontology), event_types(ontology)
    for st in corpus.statements:
        rel = rels[st.relation]
        s, o = ENT[st.subject], ENT[st.object]
        if st.modality == "asserted":
            g.add((s, rel.iri, o))
        node = STMT[st.id]
        g.add((node, RDF.type, KG.Statement))
        g.add((node, RDFS.label, Literal(statement_label(st, corpus, rel.label))))
        g.add((node, DCTERMS.identifier, Literal(st.id)))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, rel.iri))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, ART[st.article]))
        g.add((node, KG.modality, KG[st.modality]))
        g.add((node, KG.confidence, KG[st.confidence]))
        if st.claimant:
            g.add((node, KG.claimant, ENT[st.claimant]))
        _add_date(g, node, st.date, st.date_qualifier, st.end_date)
        if st.place:
            g.add((node, SCHEMA.location, ENT[st.place]))
        if st.event_type:
            g.add((node, KG.eventType, evts[st.event_type]))
        if st.scenario:
            g.add((node, KG.scenario, ENT[st.scenario]))
        if st.value:
            g.add((node, KG.value, Literal(st.value)))
        if st.note:
            g.add((node, KG.note, Literal(st.note, lang="en")))
        if st.quantity is not None:
            q = URIRef(f"{node}#quantity")
            g.add((node, KG.quantity, q))
            g.add((q, RDF.type, KG.Quantity))
            g.add((q, SCHEMA.value, _number(st.quantity.value)))
            for prop, val in ((SCHEMA.unitText, st.quantity.unit), (SCHEMA.currency, st.quantity.currency),
                              (KG.approximation, st.quantity.approx)):
                if val:
                    g.add((q, prop, Literal(val)))
        span = find_quote(corpus.articles[st.article].text, st.quote, st.occurrence)
        target, quote_sel, pos_sel = (URIRef(f"{node}#{part}") for part in ("target", "quote", "position"))
        g.add((node, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, ART[st.article]))
        g.add((target, OA.hasSelector, quote_sel))
        g.add((target, OA.hasSelector, pos_sel))
        g.add((quote_sel, RDF.type, OA.TextQuoteSelector))
        g.add((quote_sel, OA.exact, Literal(span.exact)))
        g.add((quote_sel, OA.prefix, Literal(span.prefix)))
        g.add((quote_sel, OA.suffix, Literal(span.suffix)))
        g.add((pos_sel, RDF.type, OA.TextPositionSelector))
        g.add((pos_sel, OA.start, Literal(span.start, datatype=XSD.integer)))
        g.add((pos_sel, OA.end, Literal(span.end, datatype=XSD.integer)))


BUILD_STEPS = ("read data", "check statements", "build graph", "validate (SHACL)", "write store")


def build_graph(data: str | Path | None = None, *, corpus: Corpus | None = None,
                validate: bool = True, progress=None) -> BuildResult:
    """Build the whole graph (ontology included) from the data folder.

    Raises BuildFailed naming every bad record, and ValidationFailed when the graph breaks the
    SHACL shapes (unless ``validate`` is false). ``progress(step)`` is called before each step.
    """
    step = progress or (lambda name: None)
    step(BUILD_STEPS[0])
    ontology = load_ontology()
    corpus = corpus or load_corpus(Path(data_dir(data)))
    step(BUILD_STEPS[1])
    problems = _check(corpus, ontology)
    if problems:
        raise BuildFailed(problems)
    step(BUILD_STEPS[2])
    g = Graph()
    bind_prefixes(g)
    g += ontology
    _article_triples(g, corpus)
    _entity_triples(g, corpus, ontology)
    _statement_triples(g, corpus, ontology)
    if validate:
        step(BUILD_STEPS[3])
        from kg.corpus.shapes import check_graph
        check_graph(g)
    return BuildResult(graph=g, corpus=corpus, triples=len(g))


def build_store(store, data: str | Path | None = None, *, validate: bool = True,
                progress=None) -> dict[str, int]:
    """Build the graph and replace the store's content with it, atomically. Returns the summary
    (articles, entities, statements, triples). On any failure the store is left as it was."""
    result = build_graph(data, validate=validate, progress=progress)
    (progress or (lambda name: None))(BUILD_STEPS[4])
    store.replace(result.graph)
    return result.summary
