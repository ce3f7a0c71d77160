"""The network page as HTML: self-contained, faithful to the graph, escaped, deterministic; its subsets
(ego network, query network, filters) and the ``kg viz`` command."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.core.errors import KgError, NotFound
from kg.analysis.network import actor_graph
from kg.query.statements import Selection
from kg.pages.network import network_page, page_from_graph
from tests.conftest import run_cli

EVIL = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">&amp; \u2028'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    return t


def page_json(html: str) -> dict:
    blocks = [text for attrs, text in parse(html).scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def mali_html(store_path):
    from kg.store.embedded import EmbeddedStore
    s = EmbeddedStore(store_path)
    try:
        return network_page(s)
    finally:
        s.close()


def test_page_is_one_file_that_fetches_nothing(mali_html):
    t = parse(mali_html)
    for tag, attrs in t.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data", "background"):
            assert name not in attrs, (tag, attrs)         # nothing linked at all: everything is inline
        assert tag not in ("link", "iframe", "object", "embed", "base", "img")
    css = "".join(re.findall(r"<style>(.*?)</style>", mali_html, re.S))
    assert "url(" in css and not re.search(r"""url\(\s*(?!['"]?data:)""", css)    # CSS uses data: URLs only
    assert "@import" not in css
    csp = [a["content"] for tag, a in t.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "connect-src 'none'" in csp[0]
    assert "unsafe-inline" not in csp[0].split("script-src")[1].split(";")[0]
    runnable = [s for s in t.scripts if s[0].get("type") != "application/json"]
    assert len(runnable) == 2 and all(not a for a, _ in runnable)   # vis-network and the page's own script
    assert "vis-network" in runnable[0][1][:400]
    assert mali_html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in mali_html


def test_page_data_is_the_graph_with_claims(store, mali_html):
    g = actor_graph(store, Selection(include_claims=True))
    data = page_json(mali_html)
    assert data["counts"] == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == set(g.nodes)
    for iri, attrs in g.nodes(data=True):
        assert nodes[iri]["label"] == attrs["label"]
        assert nodes[iri]["aliases"] == attrs["aliases"]
        assert nodes[iri]["category"] == attrs["category"]
    edges = {e["id"]: e for e in data["edges"]}
    assert set(edges) == {k for _, _, k in g.edges(keys=True)}
    for u, v, k, attrs in g.edges(keys=True, data=True):
        e = edges[k]
        assert (e["from"], e["to"]) == (u, v)
        for field in ("quote", "article", "article_title", "claimant", "date", "modality", "family", "label"):
            assert e.get(field) == attrs[field], (k, field)
    assert {e["modality"] for e in data["edges"]} > {"asserted"}       # claims are in the page
    # every category and family present has a style; each pair's statements get distinct curves
    assert {c["name"] for c in data["categories"]} == {n["category"] for n in data["nodes"]}
    assert all(c["color"].startswith("#") and c["shape"] for c in data["categories"])
    pairs = {}
    for e in data["edges"]:
        pairs.setdefault((e["from"], e["to"]), []).append(e["curve"])
    assert any(len(c) > 1 for c in pairs.values())
    assert all(len(set(c)) == len(c) for c in pairs.values())
    # node size grows with degree
    sizes = sorted((n["degree"], n["size"]) for n in data["nodes"])
    assert sizes == sorted(sizes, key=lambda x: x[1])
    assert not data["static"]


def test_same_store_same_bytes(store, mali_html):
    assert network_page(store) == mali_html


def test_untrusted_text_is_escaped():
    g = nx.MultiDiGraph()
    g.add_node("a", label=EVIL, aliases=[EVIL], category=EVIL)
    g.add_node("b", label="B", aliases=[], category="country")
    g.add_edge("a", "b", key="s1", id="s1", label=EVIL, family=EVIL, quote=EVIL, article="x", article_title=EVIL)
    html = page_from_graph(g, title=EVIL, subtitle=EVIL)
    assert "<script>window" not in html and "<img" not in html
    assert html.count("</script>") == 3                                   # data, vis-network, page script
    assert "&lt;/script&gt;&lt;script&gt;" in html.split("<body")[0]     # the <title>
    assert "\u2028" not in html.split('type="application/json">')[1].split("</script>")[0]
    data = page_json(html)
    assert data["nodes"][0]["label"] == EVIL and data["edges"][0]["quote"] == EVIL
    assert data["title"] == EVIL


def test_ego_network(store):
    full = actor_graph(store, Selection(include_claims=True))
    jnim = "https://w3id.org/mali-kg/id/jnim"
    data = page_json(network_page(store, focus="Jama'at Nusrat al-Islam wal-Muslimin", depth=1))
    expected = {jnim} | set(full.successors(jnim)) | set(full.predecessors(jnim))
    assert {n["id"] for n in data["nodes"]} == expected
    assert len(data["edges"]) == full.subgraph(expected).number_of_edges()
    assert "around JNIM" in data["subtitle"]
    two = page_json(network_page(store, focus="jnim", depth=2))
    assert len(two["nodes"]) > len(expected)
    assert [n["id"] for n in page_json(network_page(store, focus="jnim", depth=0))["nodes"]] == [jnim]


def test_unknown_focus_suggests_names(store):
    with pytest.raises(NotFound, match="JNIM"):
        network_page(store, focus="JNMI")


def test_query_network(store):
    full = actor_graph(store, Selection(include_claims=True))
    construct = "CONSTRUCT { ent:jnim kg:blockades ?o } WHERE { ent:jnim kg:blockades ?o }"
    data = page_json(network_page(store, query=construct))
    expected = {k for u, v, k, d in full.edges(keys=True, data=True)
                if u.endswith("/jnim") and d["relation"] == "blockades"}
    assert expected and {e["id"] for e in data["edges"]} == expected
    select = "SELECT ?st WHERE { ?st a kg:Statement ; prov:wasDerivedFrom ?a ; kg:modality kg:likely }"
    data = page_json(network_page(store, query=select))
    assert {e["modality"] for e in data["edges"]} == {"likely"}
    actors = "SELECT ?g WHERE { ?g kg:category kg:cat-jihadist-group }"
    data = page_json(network_page(store, query=actors))
    assert {n["category"] for n in data["nodes"]} == {"jihadist group"}
    for bad, message in (("ASK { ?s ?p ?o }", "CONSTRUCT or SELECT"),
                         ("SELECT ?x WHERE { BIND(1 AS ?x) }", "nothing to draw"),
                         ("SELECT ?x WHERE {", "malformed")):
        with pytest.raises(KgError, match=message):
            network_page(store, query=bad)


def test_selection_filters_and_names(store):
    data = page_json(network_page(store, selection=Selection(families={"hostile"}, categories={"jihadist-group",
                                                                                                 "Country"})))
    assert {e["family"] for e in data["edges"]} == {"hostile"}
    assert {n["category"] for n in data["nodes"]} <= {"jihadist group", "country"}
    asserted = page_json(network_page(store, selection=Selection(include_claims=False)))
    assert {e["modality"] for e in asserted["edges"]} == {"asserted"}
    assert "asserted statements only" in asserted["subtitle"]
    for sel, message in ((Selection(relations={"blockade"}), "blockades"), (Selection(sources={"nyt"}), "unknown source"),
                         (Selection(date_from="2025-9"), "YYYY"), (Selection(date_from="2025-10", date_to="2025-09"), "empty")):
        with pytest.raises(KgError, match=message):
            network_page(store, selection=sel)
    with pytest.raises(KgError, match="nothing to draw"):
        network_page(store, selection=Selection(date_from="1990", date_to="1991", include_undated=False))


def test_large_graph_gets_positions_and_no_physics():
    g = nx.gnm_random_graph(1200, 2400, seed=3, directed=True)
    html = page_from_graph(g)
    data = page_json(html)
    assert data["static"] and data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])   # every node placed
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 1150    # spread out, not piled up
    assert page_from_graph(g) == html


def test_cli_writes_the_page(cli_env, tmp_path, mali_html):
    target = tmp_path / "mali.html"
    r = run_cli("viz", "-o", str(target), env=cli_env)
    assert r.exit_code == 0, r.output
    assert target.read_bytes() == mali_html.encode("utf-8")
    r = run_cli("viz", "--focus", "JNIM", "--depth", "1", "--family", "hostile", env=cli_env)
    assert r.exit_code == 0 and page_json(r.stdout)["subtitle"].startswith("around JNIM")
    query = tmp_path / "q.rq"
    query.write_text("CONSTRUCT { ?a kg:attacksConvoysFrom ?b } WHERE { ?a kg:attacksConvoysFrom ?b }")
    r = run_cli("viz", "--query", str(query), env=cli_env)
    assert r.exit_code == 0 and {e["relation"] for e in page_json(r.stdout)["edges"]} == {"attacksConvoysFrom"}


@pytest.mark.parametrize("args, message", [
    (["--focus", "Bamakko"], "did you mean: Bamako"),
    (["--family", "hostil"], "unknown family 'hostil'"),
    (["--from", "last week"], "YYYY"),
    (["--focus", "jnim", "--query", "-"], "not both"),
])
def test_cli_errors(cli_env, args, message):
    r = run_cli("viz", *args, input="SELECT ?s WHERE { ?s ?p ?o }", env=cli_env)
    assert r.exit_code == 2
    assert "kg: error:" in r.stderr and message in r.stderr
