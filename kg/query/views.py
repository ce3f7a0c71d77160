"""Read-only views of the graph for people: one entity with the quote behind each fact (``show``),
counts by class, relation and source (``stats``), and name resolution shared by every command."""

from __future__ import annotations

from rdflib import URIRef

from kg.core.errors import KgError, NotFound
from kg.core.names import NameIndex
from kg.query.sparql import compact, terminal_safe

NAMES_QUERY = """
SELECT ?e ?pref ?name WHERE {
  ?e kg:category ?c ; skos:prefLabel ?pref .
  { ?e skos:prefLabel ?name } UNION { ?e skos:altLabel ?name }
}"""

ENTITY_QUERY = """
SELECT ?e ?type ?category ?acled ?description ?sameas ?lat ?long ?date ?precision WHERE {
  ?e a ?type ; kg:category/skos:prefLabel ?category .
  FILTER(STRSTARTS(STR(?type), STR(kg:)))
  OPTIONAL { ?e kg:acledActorType/skos:prefLabel ?acled }
  OPTIONAL { ?e schema:description ?description }
  OPTIONAL { ?e owl:sameAs ?sameas }
  OPTIONAL { ?e geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?e schema:startDate ?date ; kg:datePrecision/skos:prefLabel ?precision }
}"""


def _str(value):
    return None if value is None else str(value)


def rows_of(store, sparql: str, **bindings) -> list[dict]:
    """A SELECT query's solutions as dicts of variable name -> bound term (unbound ones left out)."""
    return [row.asdict() for row in store.query(sparql, bindings=bindings or None)]


def name_index(store) -> NameIndex:
    names: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for e, pref, name in store.query(NAMES_QUERY):
        key = str(e)
        names.setdefault(key, [key.rsplit("/", 1)[-1]]).append(str(name))
        labels[key] = str(pref)
    return NameIndex(names, labels)


def resolve(store, name: str, index: NameIndex | None = None) -> URIRef:
    """The IRI of the entity called ``name`` (preferred name, alias or id; case-, accent- and
    apostrophe-insensitive). Raises NotFound with the closest names, or KgError when ambiguous."""
    index = index or name_index(store)
    found = index.lookup(name)
    if not found:
        raise NotFound(f"no entity named {name!r}", suggestions=index.suggest(name))
    if len(found) > 1:
        raise KgError(f"{name!r} is ambiguous: it names " + ", ".join(index.labels[f] for f in found))
    return URIRef(found[0])


def format_date(date, precision=None, qualifier=None) -> str:
    """``2025-10`` + ``late`` -> ``late 2025-10``; precision is shown by the form of the date."""
    if date is None:
        return ""
    return f"{qualifier} {date}" if qualifier else str(date)


def statements_about(store, iri: URIRef) -> list[dict]:
    """Every statement with ``iri`` as subject, object or claimant, with its evidence, by date."""
    from kg.query.statements import edge_rows

    rows = []
    for e in edge_rows(store, about=iri):
        rows.append({
            "id": e["id"], "statement": e["statement"], "subject": e["source_label"], "subject_iri": e["source"],
            "relation": e["label"], "relation_iri": e["relation_iri"], "object": e["target_label"],
            "object_iri": e["target"], "modality": e["modality"], "confidence": e["confidence"],
            "quote": e["quote"], "start": e["start"], "end": e["end"], "article": e["article_iri"],
            "article_title": e["article_title"], "claimant": e["claimant"], "date": e["date"],
            "precision": e["precision"], "qualifier": e["qualifier"], "end_date": e["end_date"],
            "place": e["place"], "value": e["value"], "quantity": e["quantity"], "scenario": e["scenario"],
            "role": ("subject" if e["source"] == str(iri) else
                     "object" if e["target"] == str(iri) else "claimant")})
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))


def show(store, name: str) -> dict:
    """Everything known about one entity: its description and every statement about it."""
    index = name_index(store)
    iri = resolve(store, name, index)
    info = {"iri": str(iri), "id": str(iri).rsplit("/", 1)[-1], "name": index.labels[str(iri)],
            "aliases": [], "types": [], "category": None, "acled_actor_type": None,
            "description": None, "same_as": [], "lat": None, "long": None, "date": None}
    aliases = store.query("SELECT ?e ?a WHERE { ?e skos:altLabel ?a }", bindings={"e": iri})
    info["aliases"] = sorted({str(r.a) for r in aliases})
    for b in rows_of(store, ENTITY_QUERY, e=iri):
        info["types"] = sorted(set(info["types"]) | {compact(b["type"])})
        info["category"] = str(b["category"])
        info["acled_actor_type"] = _str(b.get("acled"))
        info["description"] = _str(b.get("description"))
        if b.get("sameas") is not None and str(b["sameas"]) not in info["same_as"]:
            info["same_as"] = sorted(info["same_as"] + [str(b["sameas"])])
        if b.get("lat") is not None:
            info["lat"], info["long"] = float(b["lat"]), float(b["long"])
        if b.get("date") is not None:
            info["date"] = str(b["date"])
    info["statements"] = statements_about(store, iri)
    return info


def format_show(info: dict) -> str:
    """``show``'s result as text for the terminal: the entity, then each statement with its quote."""
    lines = [f"{info['name']}  <{info['iri']}>",
             f"  type: {', '.join(info['types'])}   category: {info['category']}"
             + (f"   ACLED: {info['acled_actor_type']}" if info["acled_actor_type"] else "")]
    for label, key in (("aliases", "aliases"), ("same as", "same_as")):
        if info[key]:
            lines.append(f"  {label}: {'; '.join(info[key])}")
    if info["description"]:
        lines.append(f"  {info['description']}")
    if info["lat"] is not None:
        lines.append(f"  coordinates: {info['lat']}, {info['long']}")
    lines.append(f"\n{len(info['statements'])} statements:")
    for st in info["statements"]:
        head = f"{st['subject']} —{st['relation']}→ {st['object']}"
        if st["modality"] != "asserted":
            head += f" [{st['modality']}]"
        if st["role"] == "claimant":
            head += " [claimed by this entity]"
        extra = [format_date(st["date"], st["precision"], st["qualifier"])]
        if st["end_date"]:
            extra.append(f"until {st['end_date']}")
        if st["quantity"]:
            q = st["quantity"]
            extra.append(" ".join(x for x in (q["approx"], q["value"], q["currency"] or q["unit"]) if x))
        if st["value"]:
            extra.append(f"“{st['value']}”")
        if st["place"]:
            extra.append(f"at {st['place']}")
        if st["scenario"]:
            extra.append(st["scenario"])
        extra = [e for e in extra if e]
        lines.append(f"\n• {head}" + (f"  ({', '.join(extra)})" if extra else ""))
        lines.append(f"  “{' '.join(st['quote'].split())}”")
        src = f"  — {st['article_title']} [{st['id']}, chars {st['start']}–{st['end']}]"
        if st["claimant"]:
            src += f", according to {st['claimant']}"
        lines.append(src)
    return terminal_safe("\n".join(lines)) + "\n"


STATS_QUERIES = {
    "class": """SELECT ?key (COUNT(DISTINCT ?s) AS ?count) WHERE {
        ?s a ?key . FILTER(STRSTARTS(STR(?key), STR(kg:)))
    } GROUP BY ?key ORDER BY DESC(?count) ?key""",
    "relation": """SELECT ?key (COUNT(DISTINCT ?st) AS ?count) (SUM(?asserted) AS ?triples) WHERE {
        ?st a kg:Statement ; rdf:predicate ?key ; kg:modality ?m .
        BIND(IF(?m = kg:asserted, 1, 0) AS ?asserted)
    } GROUP BY ?key ORDER BY DESC(?count) ?key""",
    "source": """SELECT ?key (COUNT(DISTINCT ?st) AS ?count) WHERE {
        ?st a kg:Statement ; prov:wasDerivedFrom ?key .
    } GROUP BY ?key ORDER BY DESC(?count) ?key""",
    "category": """SELECT ?key (COUNT(DISTINCT ?s) AS ?count) WHERE {
        ?s kg:category/skos:prefLabel ?key .
    } GROUP BY ?key ORDER BY DESC(?count) ?key""",
}


def stats(store) -> dict:
    """Totals, and counts by class, by relation (statements and plain triples), by source, by category."""
    out: dict = {"totals": {}}
    for section, sparql in STATS_QUERIES.items():
        rows = []
        for b in rows_of(store, sparql):
            row = {section: compact(b["key"]), "count": int(b["count"])}
            if "triples" in b:
                row["asserted"] = int(b["triples"])
            rows.append(row)
        out[section] = rows
    total = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    out["totals"] = {
        "triples": int(next(iter(total))[0]),
        "entities": sum(r["count"] for r in out["category"]),
        "statements": sum(r["count"] for r in out["source"]),
        "articles": len(out["source"]),
    }
    return out
