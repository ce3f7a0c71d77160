"""kg's own tables (show, stats, rank, claims, ...) in TSV as the IANA text/tab-separated-values format
defines it: one line per row, fields split by tabs, never quoted (CSV's quoting is not TSV), tabs,
line breaks and backslashes inside a value escaped."""

from __future__ import annotations

import csv
import io

from kg.query.tables import render

ROWS = [{"name": 'He said "go"', "note": "two\nlines\tand a tab", "path": "C:\\data"}, {"name": "plain", "note": "", "path": None}]


def test_tsv_is_not_csv_quoting():
    out = render(ROWS, "tsv")
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == len(ROWS) + 2        # header, rows, final line break
    fields = [line.split("\t") for line in lines[:-1]]
    assert all(len(f) == 3 for f in fields)
    assert fields[1] == ['He said "go"', "two\\nlines\\tand a tab", "C:\\\\data"]
    assert fields[2] == ["plain", "", ""]
    # what a TSV reader without quoting (pandas' sep="\t", quoting=QUOTE_NONE) gets back
    back = list(csv.reader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert back[1][0] == 'He said "go"'


def test_csv_still_quotes():
    back = list(csv.DictReader(io.StringIO(render(ROWS, "csv"))))
    assert back[0]["note"] == "two\nlines\tand a tab" and back[0]["name"] == 'He said "go"'

