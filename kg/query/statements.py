"""Every statement with its evidence, and every entity, as rows read from the store.

``edge_rows`` gives one dict per statement: subject and object (IRIs and labels), the relation, its
family and the evidence (quote, offsets, source article, claimant, date with precision, modality,
quantity); ``node_table`` one dict per entity (label, aliases, category, types, identifiers,
coordinates). ``Selection`` says which statements a view keeps (``check_selection`` checks it against
the store) and ``in_window`` compares partial dates. The actor graph (``kg.analysis.network``), ``kg show``, the claims and the timeline read
these rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.core.errors import KgError, NotFound
from kg.corpus.ontology import local_name

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# One statement with its evidence; ABOUT restricts it to the statements whose subject, object or
# claimant is ?e. Quantities come from a query of their own, with the value required: nested
# OPTIONALs are slow on some servers, and Virtuoso 7.2 sometimes left the value unbound in them.
_STATEMENT = """
  ?st a kg:Statement ; dcterms:identifier ?id ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:modality/skos:prefLabel ?modality ; kg:confidence/skos:prefLabel ?confidence ;
      prov:wasDerivedFrom ?art ; oa:hasTarget ?t .
  ?t oa:hasSelector ?qs, ?ps .
  ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
  ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?p rdfs:label ?pl ; kg:relationFamily/skos:prefLabel ?family .
  ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol .
  ?art dcterms:title ?title .
  OPTIONAL { ?st kg:claimant ?claimant . ?claimant skos:prefLabel ?cl }
  OPTIONAL { ?st schema:startDate ?date ; kg:datePrecision/skos:prefLabel ?precision }
  OPTIONAL { ?st kg:dateQualifier ?qualifier }
  OPTIONAL { ?st schema:endDate ?enddate }
  OPTIONAL { ?st schema:location ?place . ?place skos:prefLabel ?placel }
  OPTIONAL { ?st kg:value ?value }
  OPTIONAL { ?st kg:eventType/skos:prefLabel ?event }
  OPTIONAL { ?st kg:scenario ?scenario . ?scenario skos:prefLabel ?scl }
"""
_QUANTITY = """
  ?st kg:quantity ?q . ?q schema:value ?qv .
  OPTIONAL { ?q schema:unitText ?unit }
  OPTIONAL { ?q schema:currency ?cur }
  OPTIONAL { ?q kg:approximation ?approx }
"""
_ABOUT = "{ ?st rdf:subject ?e } UNION { ?st rdf:object ?e } UNION { ?st kg:claimant ?e }"
_EDGE_VARS = ("?st ?id ?s ?sl ?p ?pl ?family ?o ?ol ?modality ?confidence ?exact ?start ?end ?art ?title "
              "?claimant ?cl ?date ?precision ?qualifier ?enddate ?place ?placel ?value ?event ?scl")
EDGES_QUERY = f"SELECT {_EDGE_VARS} WHERE {{{_STATEMENT}}}"
EDGES_ABOUT_QUERY = f"SELECT ?e {_EDGE_VARS} WHERE {{ {_ABOUT}{_STATEMENT}}}"
QUANTITIES_QUERY = f"SELECT ?st ?qv ?unit ?cur ?approx WHERE {{{_QUANTITY}}}"

# The same statements for Oxigraph, every triple pattern of _STATEMENT in a subquery of its own (the
# paths written out with a variable ending in _): on a store of named graphs Oxigraph joins the
# patterns of one group by looking each one up per solution, an index read each (12 s for 20,000
# statements), while it joins subqueries by hashing their answers (2 s; benchmarks/bench_web.py).
# Same solutions as EDGES_QUERY, for the whole graph only (with ?e bound the lookups are the fast way).
_REQUIRED = (("?st", "a", "kg:Statement"), ("?st", "dcterms:identifier", "?id"), ("?st", "rdf:subject", "?s"),
             ("?st", "rdf:predicate", "?p"), ("?st", "rdf:object", "?o"), ("?st", "kg:modality", "?m_"),
             ("?m_", "skos:prefLabel", "?modality"), ("?st", "kg:confidence", "?c_"),
             ("?c_", "skos:prefLabel", "?confidence"), ("?st", "prov:wasDerivedFrom", "?art"),
             ("?st", "oa:hasTarget", "?t"), ("?t", "oa:hasSelector", "?qs"), ("?qs", "a", "oa:TextQuoteSelector"),
             ("?qs", "oa:exact", "?exact"), ("?t", "oa:hasSelector", "?ps"), ("?ps", "a", "oa:TextPositionSelector"),
             ("?ps", "oa:start", "?start"), ("?ps", "oa:end", "?end"), ("?p", "rdfs:label", "?pl"),
             ("?p", "kg:relationFamily", "?f_"), ("?f_", "skos:prefLabel", "?family"), ("?s", "skos:prefLabel", "?sl"),
             ("?o", "skos:prefLabel", "?ol"), ("?art", "dcterms:title", "?title"))
_OPTIONAL = ((("?st", "kg:claimant", "?claimant"), ("?claimant", "skos:prefLabel", "?cl")),
             (("?st", "schema:startDate", "?date"), ("?st", "kg:datePrecision", "?d_"), ("?d_", "skos:prefLabel", "?precision")),
             (("?st", "kg:dateQualifier", "?qualifier"),), (("?st", "schema:endDate", "?enddate"),),
             (("?st", "schema:location", "?place"), ("?place", "skos:prefLabel", "?placel")),
             (("?st", "kg:value", "?value"),), (("?st", "kg:eventType", "?e_"), ("?e_", "skos:prefLabel", "?event")),
             (("?st", "kg:scenario", "?scenario"), ("?scenario", "skos:prefLabel", "?scl")))


def _sub(s: str, p: str, o: str) -> str:
    return f"{{ SELECT {' '.join(dict.fromkeys(x for x in (s, o) if x.startswith('?')))} WHERE {{ {s} {p} {o} }} }}"


EDGES_HASHED_QUERY = (f"SELECT {_EDGE_VARS} WHERE {{\n" + "\n".join(_sub(*t) for t in _REQUIRED) + "\n"
                      + "\n".join("OPTIONAL { " + " ".join(_sub(*t) for t in group) + " }" for group in _OPTIONAL)
                      + "\n}")
QUANTITIES_ABOUT_QUERY = f"SELECT ?e ?st ?qv ?unit ?cur ?approx WHERE {{ {_ABOUT}{_QUANTITY}}}"

NODES_QUERY = """
SELECT ?e ?label ?alias ?type ?category ?acled ?sameas ?lat ?long ?description WHERE {
  ?e kg:category/skos:prefLabel ?category ; skos:prefLabel ?label ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(kg:)))
  OPTIONAL { ?e skos:altLabel ?alias }
  OPTIONAL { ?e kg:acledActorType/skos:prefLabel ?acled }
  OPTIONAL { ?e owl:sameAs ?sameas }
  OPTIONAL { ?e geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?e schema:description ?description }
}"""


@dataclass
class Selection:
    """Which part of the graph to take. Empty sets mean "all"; dates are ISO prefixes (YYYY[-MM[-DD]])
    compared on the statement's start date, so a month-precision date is in a window if its month is."""

    relations: set[str] = field(default_factory=set)     # relation local names, e.g. {"blockades"}
    families: set[str] = field(default_factory=set)      # relation family labels, e.g. {"hostile"}
    categories: set[str] = field(default_factory=set)    # category labels, e.g. {"jihadist group"}
    sources: set[str] = field(default_factory=set)       # article ids
    date_from: str | None = None
    date_to: str | None = None
    include_claims: bool = False                         # also hedged/negated/scenario statements
    include_undated: bool = True                         # keep undated statements in a date window


def _s(v):
    return None if v is None else str(v)



VOCAB_QUERIES = {
    "categories": """SELECT ?key ?label WHERE { ?key skos:inScheme kg:ActorCategories ; skos:prefLabel ?label }""",
    "relations": """SELECT ?key ?label WHERE { ?key kg:relationFamily ?f ; rdfs:label ?label }""",
    "families": """SELECT DISTINCT ?key ?label WHERE { ?p kg:relationFamily ?key . ?key skos:prefLabel ?label }""",
    "sources": """SELECT ?key ?label WHERE { ?key a kg:Article ; dcterms:title ?label }""",
}


def _vocabulary(store, what: str) -> dict[str, str]:
    """Every accepted spelling (local name, with or without ``cat-``, and label; normalised) ->
    the value the Selection uses (label for categories and families, local name otherwise)."""
    from kg.core.names import normalise

    out = {}
    for row in store.query(VOCAB_QUERIES[what]):
        local = local_name(row[0])
        label = str(row[1])
        value = label if what in ("categories", "families") else local
        for name in (local, local.removeprefix("cat-"), label):
            out[normalise(name)] = value
    return out


def _check(store, what: str, values) -> set[str]:
    from kg.core.names import normalise, suggest

    if not values:
        return set()
    vocab = _vocabulary(store, what)
    out = set()
    for value in values:
        key = normalise(value)
        if key not in vocab:
            close = suggest(key, vocab, cutoff=0.5)
            raise NotFound(f"unknown {what[:-1] if what != 'families' else 'family'} {value!r}",
                           suggestions=sorted({vocab[c] for c in close}))
        out.add(vocab[key])
    return out


def check_dates(date_from: str | None, date_to: str | None) -> None:
    """Refuse a date that is not YYYY[-MM[-DD]] and an empty range (compared at the coarser precision).

    >>> check_dates("2025-09", "2025")
    >>> check_dates("Sept 2025", None)
    Traceback (most recent call last):
    kg.core.errors.KgError: bad date --from 'Sept 2025': expected YYYY, YYYY-MM or YYYY-MM-DD
    """
    for label, date in (("--from", date_from), ("--to", date_to)):
        if date is not None and not DATE.fullmatch(date):
            raise KgError(f"bad date {label} {date!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    if date_from and date_to and date_from[:len(date_to)] > date_to[:len(date_from)]:
        raise KgError(f"the date range is empty: {date_from} is after {date_to}")


def check_selection(store, sel: Selection) -> Selection:
    """The selection with names checked against the store and normalised (category labels,
    relation local names, family labels, article ids; local names, labels and ``cat-`` prefixes are
    accepted, case- and accent-insensitive); unknown ones raise NotFound naming the closest known
    values; dates must be YYYY[-MM[-DD]] and the range not empty."""
    check_dates(sel.date_from, sel.date_to)
    return replace(sel, categories=_check(store, "categories", sel.categories),
                   relations=_check(store, "relations", sel.relations),
                   families=_check(store, "families", sel.families),
                   sources=_check(store, "sources", sel.sources))



def in_window(date: str | None, date_from: str | None, date_to: str | None, include_undated=True) -> bool:
    """Whether a (partial) ISO date falls in [date_from, date_to], comparing at the coarser precision."""
    if date is None:
        return include_undated or (date_from is None and date_to is None)
    if date_from and date[:len(date_from)] < date_from[:len(date)]:
        return False
    if date_to and date[:len(date_to)] > date_to[:len(date)]:
        return False
    return True


def _solutions(store, sparql: str, bindings: dict | None = None):
    """A SELECT query's solutions as dicts of variable -> bound term (unbound ones left out). On the
    embedded store the query runs on pyoxigraph directly and the terms are plain strings (lexical
    form or IRI, what ``str()`` of the rdflib term gives): the same answers without converting
    millions of terms to rdflib objects, which made the view several times slower than the query."""
    ox_query = getattr(store, "ox_query", None)
    if ox_query is None:
        yield from (row.asdict() for row in store.query(sparql, bindings=bindings))
        return
    result = ox_query(sparql, bindings)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {n: t.value for n, t in zip(names, solution) if t is not None}


def node_table(store) -> dict[str, dict]:
    """Every catalogued entity: IRI -> attributes."""
    nodes: dict[str, dict] = {}
    for b in _solutions(store, NODES_QUERY):
        iri = str(b["e"])
        n = nodes.setdefault(iri, {"iri": iri, "id": local_name(iri), "label": str(b["label"]), "aliases": set(),
                                   "types": set(), "category": str(b["category"]), "acled": _s(b.get("acled")),
                                   "same_as": set(), "lat": None, "long": None,
                                   "description": _s(b.get("description"))})
        n["types"].add(local_name(str(b["type"])))
        if b.get("alias") is not None:
            n["aliases"].add(str(b["alias"]))
        if b.get("sameas") is not None:
            n["same_as"].add(str(b["sameas"]))
        if b.get("lat") is not None:
            n["lat"], n["long"] = float(b["lat"]), float(b["long"])
    for n in nodes.values():
        for key in ("aliases", "types", "same_as"):
            n[key] = sorted(n[key])
    return nodes


def edge_rows(store, about=None) -> list[dict]:
    """Every statement as an edge record, sorted by statement id; with ``about`` (an entity IRI),
    only the statements whose subject, object or claimant it is."""
    bindings = {"e": about} if about is not None else None
    quantities = {
        str(b["st"]): {"value": str(b["qv"]), "unit": _s(b.get("unit")), "currency": _s(b.get("cur")),
                       "approx": _s(b.get("approx"))}
        for b in _solutions(store, QUANTITIES_QUERY if about is None else QUANTITIES_ABOUT_QUERY, bindings)}
    if about is not None:
        query = EDGES_ABOUT_QUERY
    else:
        query = EDGES_HASHED_QUERY if getattr(store, "ox_query", None) is not None else EDGES_QUERY
    chosen: dict[str, dict] = {}
    for b in _solutions(store, query, bindings):
        sid = str(b["id"])
        if sid in chosen:   # a property given twice: the same row whatever order the store answers in
            b = min(chosen[sid], b, key=lambda row: sorted((k, str(v)) for k, v in row.items()))
        chosen[sid] = b
    edges: dict[str, dict] = {}
    for sid, b in chosen.items():
        art = str(b["art"])
        edges[sid] = {
            "id": sid, "statement": str(b["st"]), "source": str(b["s"]), "target": str(b["o"]),
            "source_label": str(b["sl"]), "target_label": str(b["ol"]),
            "relation": local_name(str(b["p"])), "relation_iri": str(b["p"]), "label": str(b["pl"]),
            "family": str(b["family"]), "modality": str(b["modality"]), "confidence": str(b["confidence"]),
            "quote": str(b["exact"]), "start": int(b["start"]), "end": int(b["end"]), "article": local_name(art),
            "article_iri": art, "article_title": str(b["title"]), "claimant": _s(b.get("cl")),
            "date": _s(b.get("date")), "precision": _s(b.get("precision")), "qualifier": _s(b.get("qualifier")),
            "end_date": _s(b.get("enddate")), "place": _s(b.get("placel")), "value": _s(b.get("value")),
            "quantity": quantities.get(str(b["st"])), "event_type": _s(b.get("event")),
            "scenario": _s(b.get("scl"))}
    return [edges[k] for k in sorted(edges)]
