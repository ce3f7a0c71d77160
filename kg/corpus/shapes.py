"""SHACL validation of a graph with pyshacl (imported lazily: only build and validate need it)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from kg.core.errors import ValidationFailed
from kg.corpus.ontology import load_ontology, load_shapes

SH = "http://www.w3.org/ns/shacl#"


def validate_graph(graph: Graph) -> tuple[bool, list[dict]]:
    """Validate ``graph`` (which should contain the ontology, for the class hierarchy).

    Returns (conforms, results): one dict per result with focus, path, value, severity, message,
    sorted so the report is stable.
    """
    import pyshacl
    from rdflib import URIRef

    conforms, report, _ = pyshacl.validate(graph, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                           inference="none", abort_on_first=False, allow_warnings=True)
    results = []
    for res in report.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        def val(name):
            v = report.value(res, URIRef(SH + name))
            return None if v is None else str(v)
        severity = val("resultSeverity") or ""
        results.append({"severity": severity.rsplit("#", 1)[-1], "focus": val("focusNode"),
                        "path": val("resultPath"), "value": val("value"),
                        "message": val("resultMessage")})
    results.sort(key=lambda r: tuple(str(r[k]) for k in ("focus", "path", "message", "value")))
    return bool(conforms), results


def check_graph(graph: Graph) -> None:
    """Raise ValidationFailed naming the first violation (all are in ``.report``)."""
    conforms, results = validate_graph(graph)
    violations = [r for r in results if r["severity"] == "Violation"]
    if not conforms and violations:
        first = violations[0]
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        raise ValidationFailed(f"SHACL: {first['focus']}: {first['message']}{more}", report=results)


