"""The network exports as Gephi and spreadsheets read them: GEXF 1.3 valid against its XSD (vendored
in tests/schemas/gexf-1.3 with its licence, CC BY 4.0, from the gexf format's repository), a static
graph whose edges carry the quote and its offsets as attribute values, and CSV edges whose quote is
the article's text between its offsets, line breaks included. The statement is made to span a
paragraph break in a private copy of the data, so the check cannot pass by accident."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from kg.analysis import analytics
from kg.corpus.build import build_store
from kg.store.embedded import EmbeddedStore
from tests.conftest import DATA

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "gexf-1.3" / "gexf.xsd"
GEXF = "{http://gexf.net/1.3}"
ACROSS = "to leave\n\nA two-month fuel blockade by al Qaeda-linked militants"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data = tmp_path_factory.mktemp("gexf") / "data"
    shutil.copytree(DATA, data)
    path = data / "statements" / "reuters-blockade-threatens-mali.yaml"
    text = path.read_text(encoding="utf-8")
    old = 'quote: "A two-month fuel blockade by al Qaeda-linked militants"'
    assert text.count(old) == 1
    path.write_text(text.replace(old, 'quote: "to leave\\n\\nA two-month fuel blockade by al Qaeda-linked militants"'),
                    encoding="utf-8")
    s = EmbeddedStore(data.parent / "store")
    build_store(s, data)
    yield s
    s.close()


def _article(name: str) -> str:
    return (DATA / "articles" / f"{name}.txt").read_text(encoding="utf-8")


def test_gexf_is_valid_gexf_1_3(store):
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.fromstring(analytics.export_network(store, "gexf"))
    assert schema.validate(doc), schema.error_log
    assert doc.get("version") == "1.3"
    ego = etree.fromstring(analytics.export_neighbours(store, "JNIM", 1, "gexf"))
    assert schema.validate(ego), schema.error_log


def test_gexf_is_static_with_quotes_and_offsets_as_attributes(store):
    data = analytics.export_network(store, "gexf")
    doc = etree.fromstring(data)
    graph = doc.find(f"{GEXF}graph")
    assert graph.get("mode") == "static" and graph.get("timeformat") is None
    for el in doc.iter():
        assert not {"start", "end", "timestamp", "intervals"} & set(el.attrib), el.tag
    assert doc.find(f".//{GEXF}spells") is None
    declared = {a.get("id"): a.get("type") for a in graph.iterfind(f"{GEXF}attributes[@class='edge']/{GEXF}attribute")}
    assert declared["quote"] == "string" and declared["quote_start"] == declared["quote_end"] == "long"
    g = nx.read_gexf(io.BytesIO(data))
    assert g.graph["mode"] == "static"
    seen = 0
    for _, _, d in g.edges(data=True):
        assert _article(d["article"])[d["quote_start"]:d["quote_end"]] == d["quote"]
        seen += d["quote"] == ACROSS
    assert seen == 1


def test_csv_edges_keep_line_breaks_in_quotes(store):
    rows = list(csv.DictReader(io.StringIO(analytics.export_network(store, "csv-edges").decode("utf-8"))))
    for r in rows:
        assert _article(r["article"])[int(r["start"]):int(r["end"])] == r["quote"], r["id"]
    assert [r["quote"] for r in rows].count(ACROSS) == 1
