"""The network page in a real headless Chromium, offline: nothing leaves the file, no console errors,
everything drawn, quotes on click, search by alias, filters, and injected markup stays text."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.analysis.network import actor_graph
from kg.query.statements import Selection
from kg.pages.network import network_page, page_from_graph
from tests.pages.test_network import EVIL

JNIM = "https://w3id.org/mali-kg/id/jnim"


class Opened:
    """A page opened offline from a file, recording every request and every console error."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        self.requests, self.errors = [], []
        self.context.route("**/*", lambda route: route.continue_() if route.request.url == self.url
                           else route.abort())
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-state=stable]", state="attached", timeout=60_000)

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def drawn(self):
        return self.js("[kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]")

    def click_canvas(self, canvas_point):
        """Click the network at a point given in canvas (graph) coordinates."""
        box = self.page.locator("#network").bounding_box()
        dom = self.js("p => kg.network.canvasToDOM(p)", canvas_point)
        self.page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])

    def close(self):
        assert self.requests == [self.url], self.requests          # nothing but the file itself
        assert self.errors == []
        self.context.close()


@pytest.fixture()
def opened(browser):
    pages = []

    def open_(path):
        pages.append(Opened(browser, path))
        return pages[-1]
    yield open_
    for p in pages:
        p.close()


@pytest.fixture(scope="module")
def mali_page(store_path, artifacts):
    from kg.store.embedded import EmbeddedStore

    s = EmbeddedStore(store_path)
    try:
        path = artifacts / "viz-mali.html"
        path.write_text(network_page(s), encoding="utf-8")
        return path
    finally:
        s.close()


def expected(store, **sel):
    g = actor_graph(store, Selection(include_claims=True, **sel))
    return [g.number_of_nodes(), g.number_of_edges()]


def test_draws_every_actor_and_statement_offline_and_stays_still(store, mali_page, opened, artifacts):
    page = opened(mali_page)
    assert page.drawn() == expected(store)
    assert page.js("kg.network.physics.physicsEnabled") is False            # settled, then stopped
    before = page.js("kg.network.getPositions()")
    page.page.wait_for_timeout(600)
    assert page.js("kg.network.getPositions()") == before
    claims = page.js("kg.edges.get({filter: e => e.dashes}).map(e => e.id)")
    assert claims and set(claims) == {e["id"] for e in page.js("kg.data.edges") if e["modality"] != "asserted"}
    page.page.screenshot(path=str(artifacts / "viz-mali.png"))


def test_clicking_an_edge_shows_its_quote(store, mali_page, opened):
    page = opened(mali_page)
    # an edge whose middle is clear of every node and every other edge, so the click is unambiguous
    target = page.js("""() => {
      const net = kg.network, pos = net.getPositions(), ids = kg.edgesView.getIds();
      const pts = {};
      ids.forEach(id => { pts[id] = []; for (let t = 0; t <= 1.0001; t += 0.05) pts[id].push(net.body.edges[id].edgeType.getPoint(t)); });
      for (const id of ids) {
        const m = net.body.edges[id].edgeType.getPoint(0.5);
        const nearNode = Object.keys(pos).some(n => Math.hypot(pos[n].x - m.x, pos[n].y - m.y) < 40);
        const nearEdge = ids.some(o => o !== id && pts[o].some(p => Math.hypot(p.x - m.x, p.y - m.y) < 14));
        if (!nearNode && !nearEdge) return {id: id, x: m.x, y: m.y};
      }
      return null; }""")
    assert target, "no edge is clear enough to click"
    page.click_canvas({"x": target["x"], "y": target["y"]})
    assert page.js("kg.network.getSelectedEdges()") == [target["id"]]
    g = actor_graph(store, Selection(include_claims=True))
    statement = next(d for _, _, k, d in g.edges(keys=True, data=True) if k == target["id"])
    panel = page.page.locator("#panel article.current")
    assert panel.locator("blockquote").inner_text() == statement["quote"]
    assert statement["article_title"] in panel.inner_text()


def test_search_finds_an_actor_by_alias_and_highlights_its_neighbours(store, mali_page, opened):
    g = actor_graph(store, Selection(include_claims=True))
    alias = next(a for a in g.nodes[JNIM]["aliases"] if "Nusrat" in a)
    page = opened(mali_page)
    page.page.fill("#search", alias.upper())
    page.page.press("#search", "Enter")
    assert page.js("kg.network.getSelectedNodes()") == [JNIM]
    assert page.page.locator("#panel h2 .name").inner_text() == g.nodes[JNIM]["label"]
    assert alias in page.page.locator("#panel").inner_text()                  # aliases in the side panel
    neighbours = set(g.successors(JNIM)) | set(g.predecessors(JNIM)) | {JNIM}
    dimmed = set(page.js("kg.nodes.get({filter: n => !!n.color && n.color.background === '#eceef1'}).map(n => n.id)"))
    assert dimmed == set(g.nodes) - neighbours
    page.page.fill("#search", "no such actor at all")
    page.page.press("#search", "Enter")
    assert page.page.locator("#search-status").inner_text() == "no actor matches"


def test_filters_hide_what_they_should(store, mali_page, opened, artifacts):
    g = actor_graph(store, Selection(include_claims=True))
    page = opened(mali_page)
    cats = {d["category"] for _, d in g.nodes(data=True)}
    page.page.click('input[data-filter="cats"][value="country"]')
    assert page.drawn() == expected(store, categories=cats - {"country"})
    assert "country" not in page.js("kg.nodesView.getIds().map(id => kg.data.nodes.find(n => n.id === id).category)")
    page.page.click("#reset")
    assert page.drawn() == expected(store)
    page.page.click('input[data-filter="rels"][value="blockades"]')
    rels = {d["relation"] for *_, d in g.edges(data=True)}
    assert page.drawn() == expected(store, relations=rels - {"blockades"})
    page.page.click("#reset")
    articles = sorted({d["article"] for *_, d in g.edges(data=True)})
    page.page.click(f'input[data-filter="sources"][value="{articles[0]}"]')
    assert page.drawn() == expected(store, sources=set(articles[1:]))
    page.page.click("#reset")
    page.page.fill("#date-from", "2025-10")
    assert page.drawn() == expected(store, date_from="2025-10")
    page.page.click("#filter-undated")
    assert page.drawn() == expected(store, date_from="2025-10", include_undated=False)
    page.page.click("#reset")
    page.page.click("#filter-claims")
    assert page.drawn() == [actor_graph(store).number_of_nodes(), actor_graph(store).number_of_edges()]
    page.page.screenshot(path=str(artifacts / "viz-filtered.png"))


def test_toggles(mali_page, opened):
    page = opened(mali_page)
    first = page.js("kg.edgesView.getIds()[0]")
    assert page.js(f"kg.network.body.edges['{first}'].options.font.size") > 0
    page.page.click("#toggle-labels")
    assert page.js(f"kg.network.body.edges['{first}'].options.font.size") == 0
    page.page.click("#toggle-physics")
    assert page.js("kg.network.physics.physicsEnabled") is True
    page.page.click("#toggle-physics")
    assert page.js("kg.network.physics.physicsEnabled") is False


def test_injected_markup_never_runs(opened, artifacts):
    g = nx.MultiDiGraph()
    g.add_node("evil", label=EVIL, aliases=["<b>bold</b>"], category=EVIL, description=EVIL)
    g.add_node("b", label="Target", aliases=[], category="country")
    g.add_edge("evil", "b", key="s1", id="s1", label=EVIL, family="hostile", quote=EVIL, article="x",
               article_title=EVIL, claimant=EVIL)
    path = artifacts / "viz-escaping.html"
    path.write_text(page_from_graph(g, title=EVIL), encoding="utf-8")
    page = opened(path)
    assert page.drawn() == [2, 1]
    page.click_canvas(page.js("kg.network.getPositions(['evil']).evil"))
    assert page.js("kg.network.getSelectedNodes()") == ["evil"]
    assert page.page.locator("#panel h2 .name").text_content() == EVIL
    page.page.hover("#network")
    page.js("kg.selectEdge('s1')")
    assert page.page.locator("#panel blockquote").text_content() == EVIL
    assert page.page.title().startswith("</script><script>")
    assert page.js("window.__pwned") is None
    assert page.page.locator("#panel script, #panel img, #filters img, #filters script").count() == 0
    page.page.screenshot(path=str(artifacts / "viz-escaping.png"))


def test_large_graph_is_laid_out_up_front(opened, artifacts):
    g = nx.gnm_random_graph(1500, 4000, seed=5, directed=True)
    path = artifacts / "viz-large.html"
    path.write_text(page_from_graph(g), encoding="utf-8")
    page = opened(path)
    assert page.drawn() == [1500, 4000]
    assert page.js("kg.network.physics.physicsEnabled") is False
    placed = page.js("kg.data.nodes.map(n => [n.x, n.y, kg.network.body.nodes[n.id].x, kg.network.body.nodes[n.id].y])")
    assert all(x == bx and y == by for x, y, bx, by in placed)              # where Python put them
