r"""Rows of plain values (lists of dicts) rendered as a table, CSV, TSV or JSON.

TSV is the IANA text/tab-separated-values format (what the W3C's SPARQL TSV builds on): fields are
never quoted; tabs, line breaks and backslashes inside a value are escaped as ``\t``, ``\n``,
``\r``, ``\\``. CSV is RFC 4180 (fields with commas, quotes or line breaks quoted).

For SPARQL results the query module uses rdflib's result serializers; this is for the library's own
views (show, stats, validate, rank, ...), where rows are plain Python values.
"""

from __future__ import annotations

import csv
import io
import json

from kg.core.errors import KgError
from kg.query.sparql import table

FORMATS = ("table", "csv", "tsv", "json")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _tsv(text: str) -> str:
    r"""A TSV field (IANA text/tab-separated-values: no quoting, no tab or line break in a field):
    backslash, tab, line feed and carriage return written as \\, \t, \n, \r, everything else as is."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render(rows: list[dict], fmt: str = "table", columns: list[str] | None = None,
           max_width: int = 80) -> str:
    """Render ``rows``; ``columns`` picks and orders the keys (default: the first row's keys)."""
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False,
                          indent=2) + "\n"
    if fmt == "table":
        return table(columns, [[_cell(r.get(c)) for c in columns] for r in rows], max_width)
    if fmt == "tsv":
        lines = [[_tsv(c) for c in columns]] + [[_tsv(_cell(r.get(c))) for c in columns] for r in rows]
        return "".join("\t".join(line) + "\n" for line in lines)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()
