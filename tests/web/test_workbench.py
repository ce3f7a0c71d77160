"""The workbench in Debian's headless Chromium, offline (every request off the loopback server is
aborted): find, entity and article pages, escaping, the map, the SPARQL page, the review flow, and
the refusals of the security guard. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import csv
import io

import httpx
import yaml

from kg.corpus.catalog import read_yaml
from kg.query.statements import edge_rows, node_table
from kg.store.embedded import EmbeddedStore
from tests.web.conftest import EVIL_LABEL


def _store_rows(bench):
    s = EmbeddedStore(bench["store"])
    try:
        return edge_rows(s), node_table(s)
    finally:
        s.close()


def test_find_by_alias_and_the_entity_page_lists_every_statement(page, bench, artifacts):
    edges, nodes = _store_rows(bench)
    jnim = nodes["https://w3id.org/mali-kg/id/jnim"]
    alias = next(a for a in jnim["aliases"] if a.casefold() != jnim["label"].casefold())
    page.goto(bench["url"] + "/")
    page.fill("form.find input[name=q]", alias.upper())
    page.press("form.find input[name=q]", "Enter")
    page.wait_for_selector("#hits li")
    page.click(f"#hits a[href='/entity/jnim']")
    page.wait_for_selector("#statements")
    assert page.text_content("#name") == jnim["label"]
    about = [e for e in edges if "jnim" in (e["source"].rsplit("/", 1)[1], e["target"].rsplit("/", 1)[1])
             or (e["claimant"] == jnim["label"])]
    shown = page.eval_on_selector_all("#statements > li", "els => els.map(e => e.id.slice(3))")
    assert sorted(shown) == sorted({e["id"] for e in about})
    first = next(e for e in about if e["source"].endswith("/jnim"))
    item = page.locator(f"#st-{first['id']}")
    assert " ".join(first["quote"].split()) in " ".join(item.locator("blockquote").text_content().split())
    assert first["article_title"] in item.text_content()
    page.screenshot(path=str(artifacts / "web-entity.png"))
    # the other party and the article are links
    item.locator(f"a[href='/entity/{first['target'].rsplit('/', 1)[1]}']").click()
    page.wait_for_selector("#name")
    assert page.text_content("#name") == first["target_label"]
    assert page.errors == []


def test_the_article_marks_every_quote_and_a_click_shows_its_statement(page, bench, artifacts):
    edges, _ = _store_rows(bench)
    article = "reuters-blockade-threatens-mali"
    mine = [e for e in edges if e["article"] == article]
    page.goto(f"{bench['url']}/article/{article}")
    marked = page.eval_on_selector_all("#text a.hl", "els => els.map(e => e.dataset.ids.split(' '))")
    assert {i for ids in marked for i in ids} == {e["id"] for e in mine}
    # the text is the stored text, whole: the highlights cut it, nothing is lost
    text = page.text_content("#text")
    import pathlib
    stored = (pathlib.Path(bench["data"]) / "articles" / f"{article}.txt").read_text(encoding="utf-8")
    assert text.strip() == stored.strip()
    one = mine[0]
    hl = page.locator(f"#text a.hl[href='#st-{one['id']}']").first
    hl.click()
    assert page.evaluate("location.hash") == f"#st-{one['id']}"
    target = page.locator(f"#st-{one['id']}")
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert one["source_label"] in target.text_content()
    page.screenshot(path=str(artifacts / "web-article.png"))
    assert page.errors == []


def test_injected_markup_in_an_article_and_a_label_is_shown_as_text(page, bench, artifacts):
    page.goto(f"{bench['url']}/article/{bench['article']}")
    assert page.title().startswith("Convoy attacked near Kayes <script>")
    assert '<script>document.title="pwned"</script>' in page.text_content("#text")
    assert page.locator("#text script").count() == 0
    page.goto(bench["url"] + "/entity/injected-brigade")
    assert page.text_content("#name") == EVIL_LABEL
    assert page.locator("main img, main script").count() == 0
    page.goto(bench["url"] + "/find?q=brigade")
    assert EVIL_LABEL in page.text_content("#hits")
    page.screenshot(path=str(artifacts / "web-escaped.png"))
    assert page.evaluate("window.kgPwned") is None
    assert page.errors == []


def test_map_markers_sized_by_statements_and_a_click_lists_them(page, bench, artifacts):
    edges, nodes = _store_rows(bench)
    places = {iri: n for iri, n in nodes.items() if n["lat"] is not None}
    page.goto(bench["url"] + "/map")
    page.wait_for_selector("body[data-outlines]")
    assert int(page.get_attribute("body", "data-outlines")) > 100
    ids = page.evaluate("Object.keys(window.kgMarkers).sort()")
    assert ids == sorted(n["id"] for n in places.values())
    labels = {n["label"]: iri for iri, n in places.items()}
    count = {iri: len({e["id"] for e in edges if iri in (e["source"], e["target"])
                       or labels.get(e["place"]) == iri}) for iri in places}
    busiest = max(places, key=lambda i: (count[i], i))
    quiet = min(places, key=lambda i: (count[i], i))
    r_busy = page.evaluate(f"window.kgMarkers[{places[busiest]['id']!r}].getRadius()")
    r_quiet = page.evaluate(f"window.kgMarkers[{places[quiet]['id']!r}].getRadius()")
    assert r_busy > r_quiet
    page.evaluate(f"window.kgMarkers[{places[busiest]['id']!r}].fire('click')")
    page.wait_for_selector("#place ol li")
    assert page.locator("#place ol > li").count() == count[busiest]
    assert places[busiest]["label"] in page.text_content("#place h2")
    page.screenshot(path=str(artifacts / "web-map.png"))
    # the family filter keeps only statements of that family
    page.goto(bench["url"] + "/map?family=hostile")
    page.evaluate(f"window.kgMarkers[{places[busiest]['id']!r}].fire('click')")
    page.wait_for_selector("#place h2")
    hostile = {e["id"] for e in edges if e["family"] == "hostile" and (busiest in (e["source"], e["target"])
                                                                      or labels.get(e["place"]) == busiest)}
    assert page.locator("#place ol > li").count() == len(hostile)
    assert page.errors == []


def _editor(page) -> str:
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


def _type_query(page, text: str, expect: str | None = None) -> None:
    """Replace the editor's text by typing ``text`` (closing brackets are typed over, not doubled;
    an unclosed one is closed: ``expect``)."""
    page.click(".CodeMirror-code")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    assert _editor(page) == (text if expect is None else expect)


def test_sparql_editor_typed_query_run_with_the_keyboard_links_entities_and_downloads_csv(page, bench, artifacts):
    from kg.core.config import queries_dir
    from kg.query.sparql import run_query

    page.goto(bench["url"] + "/query")
    page.wait_for_selector(".CodeMirror")
    assert not page.is_visible("#query")            # the textarea became the editor
    page.select_option("#example", "jnim-blockades")
    assert _editor(page) == (queries_dir() / "jnim-blockades.rq").read_text(encoding="utf-8")
    page.click("#run")
    page.wait_for_selector("#result-table tbody tr")
    s = EmbeddedStore(bench["store"])
    try:
        assert page.locator("#result-table tbody tr").count() == len(run_query(s, _editor(page)).rows)
        mine = "SELECT ?group ?name WHERE { ?group a kg:Group ; skos:prefLabel ?name } ORDER BY ?name"
        expected = run_query(s, mine).rows
    finally:
        s.close()
    _type_query(page, mine)
    assert page.locator(".CodeMirror .cm-keyword", has_text="SELECT").count() == 1     # highlighted
    assert page.locator(".CodeMirror .cm-variable-2", has_text="?group").count() >= 1
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f"#result-table tbody tr:nth-child({len(expected)}) a")
    assert page.locator("#result-table tbody tr").count() == len(expected)
    links = page.eval_on_selector_all("#result-table a[href^='/entity/']", "as => as.map(a => a.textContent)")
    assert links == [str(r[0]).rsplit("/", 1)[1] for r in expected]
    with page.expect_download() as info:
        page.click("#csv")
    content = open(info.value.path(), encoding="utf-8").read()
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == ["group", "name"] and [r[1] for r in table[1:]] == [str(r[1]) for r in expected]
    page.screenshot(path=str(artifacts / "web-sparql.png"))
    # the cursor after the closing brace: the editor marks the pair
    page.keyboard.press("End")
    page.evaluate("(() => { const cm = document.querySelector('.CodeMirror').CodeMirror;"
                  " cm.setCursor({line: 0, ch: cm.getLine(0).indexOf('}') + 1}); })()")
    assert page.locator(".CodeMirror-matchingbracket").count() == 2
    # an update is refused with the endpoint's reason, shown on the page
    _type_query(page, "DELETE WHERE { ?s ?p ?o }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#query-error")
    assert "read-only" in page.text_content("#query-error")
    assert page.errors == []


def test_sparql_editor_completes_names_declares_prefixes_and_marks_an_error(page, bench):
    from kg.core.namespaces import PREFIXES

    page.goto(bench["url"] + "/query")
    page.wait_for_selector(".CodeMirror")
    _type_query(page, "SELECT ?a WHERE { ?a kg:bloc", "SELECT ?a WHERE { ?a kg:bloc}")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    hints = page.eval_on_selector_all(".CodeMirror-hints li", "ls => ls.map(l => l.textContent)")
    assert "kg:blockades" in hints and all(h.startswith("kg:bloc") for h in hints)
    page.click(".CodeMirror-hints li:has-text('kg:blockades')")
    assert _editor(page) == "SELECT ?a WHERE { ?a kg:blockades}"
    page.click("#prefixes summary")
    page.click("#declare-used")
    text = _editor(page)
    assert text.startswith(f"PREFIX kg: <{PREFIXES['kg']}>\n") and text.count("PREFIX") == 1
    page.click(f"button.prefix[data-prefix='skos']")
    assert _editor(page).startswith(f"PREFIX skos: <{PREFIXES['skos']}>\nPREFIX kg:")
    # a syntax error on the last line: its line and column, and the spot marked in the editor
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue("
                  "'SELECT ?a\\nWHERE {\\n  ?a ?b ?c .\\n  FILTER(\\n}')")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#query-error")
    assert page.text_content("#query-error").startswith("line 5, column 2: malformed SPARQL: expected")
    assert page.locator(".CodeMirror .cm-query-error").count() == 1
    assert page.errors == []


def test_sparql_form_works_without_script(browser, bench):
    from kg.query.sparql import run_query

    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    try:
        p = context.new_page()
        p.goto(bench["url"] + "/query")
        mine = "SELECT ?group WHERE { ?group a kg:Group } ORDER BY ?group"
        p.fill("#query", mine)
        p.click("#run")
        p.wait_for_selector("#result-table")
        s = EmbeddedStore(bench["store"])
        try:
            expected = [str(r[0]).rsplit("/", 1)[1] for r in run_query(s, mine).rows]
        finally:
            s.close()
        assert p.eval_on_selector_all("#result-table a[href^='/entity/']", "as => as.map(a => a.textContent)") == expected
        assert p.input_value("#query") == mine
        assert httpx.get(bench["url"] + p.get_attribute("#csv", "href")).text.splitlines()[1:] == [
            "https://w3id.org/mali-kg/id/" + e for e in expected]
        p.fill("#query", "SELECT ?a WHERE {\n  ?a ?b\n")
        p.click("#run")
        assert p.text_content("#query-error").startswith("line 3, column ")
        p.select_option("#example", "jnim-blockades")
        p.click("#load-example")
        assert "jnim" in p.input_value("#query")
    finally:
        context.close()


def test_a_post_without_token_a_foreign_origin_and_a_rebinding_host_are_refused(bench):
    url = f"{bench['url']}/review/{bench['article']}"
    before = (bench["data"] / "review" / f"{bench['article']}.yaml").read_bytes()
    cid = f"{bench['article']}-c002"
    r = httpx.post(url, data={"action": f"reject:{cid}"}, headers={"Origin": bench["url"]})
    assert r.status_code == 403 and "CSRF" in r.text
    token = httpx.get(url).text.split('name="csrf" value="')[1].split('"')[0]
    r = httpx.post(url, data={"action": f"reject:{cid}", "csrf": token}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = httpx.get(bench["url"] + "/", headers={"Host": "evil.example"})
    assert r.status_code == 403
    r = httpx.get(bench["url"] + "/sparql", params={"query": "ASK {}"}, headers={"Host": "evil.example:80"})
    assert r.status_code == 403
    assert (bench["data"] / "review" / f"{bench['article']}.yaml").read_bytes() == before
    page = httpx.get(bench["url"] + "/")
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_review_desk_shows_each_candidate_in_its_sentence_inside_the_article(page, bench, artifacts):
    from kg.corpus.catalog import load_articles

    aid = bench["article"]
    text = load_articles(bench["data"])[aid].text
    records = read_yaml(bench["data"] / "review" / f"{aid}.yaml")["statements"]
    page.goto(f"{bench['url']}/review/{aid}")
    pane = page.locator("#article-text .text")
    assert pane.text_content() == text                  # the whole article, as text (its <script> too)
    assert page.evaluate("document.title").endswith("workbench") and page.evaluate("window.kgPwned") is None
    for rec in records:
        cid = rec["id"]
        marked = page.eval_on_selector_all(f"#article-text a.hl", f"""as => as.filter(a =>
            a.dataset.ids.split(' ').includes('{cid}')).map(a => a.textContent).join('')""")
        assert marked == rec["quote"] and marked in text
        card = page.locator(f"#c-{cid} .sentence")
        assert card.locator("mark").text_content() == rec["quote"]
        # the sentence and its paragraph around the quote are the article's own text
        shown = card.locator(".context").first.text_content() + card.locator(".in-sentence").text_content() + \
            card.locator(".context").last.text_content()
        assert rec["quote"] in shown and shown in text and len(shown) > len(rec["quote"])
    last = records[-1]["id"]
    page.evaluate("document.getElementById('article-text').scrollTop = 0")
    page.locator(f"#c-{last} a.where").click()
    current = page.locator("#article-text a.hl.current")
    assert current.count() >= 1 and last in current.first.get_attribute("data-ids")
    box, view = current.first.bounding_box(), page.locator("#article-text").bounding_box()
    assert view["y"] <= box["y"] <= view["y"] + view["height"]
    assert "current" in page.locator(f"#c-{last}").get_attribute("class")
    page.screenshot(path=str(artifacts / "web-review-article.png"))
    assert page.errors == []


def test_review_fix_the_subject_accept_rebuild_then_on_the_actor_page_and_in_the_network(page, bench, artifacts):
    aid = bench["article"]
    c1, c2, c3 = (f"{aid}-c00{i}" for i in (1, 2, 3))
    page.goto(bench["url"] + "/review")
    page.click(f"#reviews a[href='/review/{aid}']")
    box = page.locator(f"#c-{c1}")
    assert "attacked a fuel convoy near Kayes" in box.locator("mark").text_content()
    assert box.locator("input.subject").get_attribute("list") == "dl-Actor" or \
        box.locator("input.subject").get_attribute("list").startswith("dl-")
    listed = page.eval_on_selector_all(f"#{box.locator('input.subject').get_attribute('list')} option",
                                       "os => os.map(o => o.value)")
    assert "is-sahel" in listed and "timbuktu" not in listed   # places cannot attack
    box.locator("input.subject").fill("is-sahel")
    page.screenshot(path=str(artifacts / "web-review.png"), full_page=True)
    box.locator("button.accept").click()
    page.wait_for_selector("body[data-rebuild=done]", timeout=60_000)
    page.screenshot(path=str(artifacts / "web-rebuild.png"))
    page.click("#to-entity")
    page.wait_for_selector("#statements")
    assert page.text_content("#name").startswith("Islamic State")
    assert page.locator(f"#st-{c1}").count() == 1
    assert "attacked a fuel convoy near Kayes" in page.text_content(f"#st-{c1} blockquote")
    # the review file says accepted, the statement file holds it with the fixed subject
    rec = next(r for r in read_yaml(bench["data"] / "statements" / f"{aid}.yaml")["statements"] if r["id"] == c1)
    assert rec["subject"] == "is-sahel"
    # and the network around the actor has the edge
    page.click("#neighbourhood")
    page.wait_for_function("() => window.kgStableAt !== undefined", timeout=60_000)
    data = page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")
    assert any(e.get("quote", "").startswith("The Group for the Support") for e in data["edges"])
    assert page.errors == []


def test_a_refused_accept_shows_its_reason_and_changes_nothing_then_reject(page, bench):
    aid = bench["article"]
    c2, c3 = f"{aid}-c002", f"{aid}-c003"
    review_file = bench["data"] / "review" / f"{aid}.yaml"
    before = review_file.read_bytes()
    statements_before = (bench["data"] / "statements" / f"{aid}.yaml").read_bytes()
    page.goto(f"{bench['url']}/review/{aid}")
    page.locator(f"#c-{c3} input.subject").fill("timbuktu")
    page.locator(f"#c-{c3} button.accept").click()
    page.wait_for_selector("#problems")
    assert "timbuktu" in page.text_content("#problems") and "needs a" in page.text_content("#problems")
    assert page.input_value(f"#c-{c3} input.subject") == "timbuktu"   # the user's edit is kept in the form
    assert review_file.read_bytes() == before
    assert (bench["data"] / "statements" / f"{aid}.yaml").read_bytes() == statements_before
    page.locator(f"#c-{c2} button.reject").click()
    page.wait_for_selector(f"#c-{c2}.rejected")
    status = {r["id"]: r["status"] for r in yaml.safe_load(review_file.read_text())["statements"]}
    assert status[c2] == "rejected" and status[c3] == "pending"
    assert page.errors == []


def test_network_and_timeline_pages_are_served_live_with_their_filters(page, bench, artifacts):
    from kg.analysis.timeline import timeline

    edges, _ = _store_rows(bench)
    page.goto(bench["url"] + "/entity/jnim")
    page.click("#neighbourhood")
    page.wait_for_function("() => window.kgStableAt !== undefined", timeout=60_000)
    page.goto(bench["url"] + "/network?family=hostile&from=2025-09")
    page.wait_for_function("() => window.kgStableAt !== undefined", timeout=60_000)
    data = page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")
    assert data["edges"] and {e["family"] for e in data["edges"]} == {"hostile"}
    page.screenshot(path=str(artifacts / "web-network.png"))
    page.goto(bench["url"] + "/timeline?actor=jnim")
    page.wait_for_selector("#timeline li")
    s = EmbeddedStore(bench["store"])
    try:
        expected = timeline(s, ["jnim"])
    finally:
        s.close()
    assert int(page.text_content("#count")) == len(expected) > 0
    assert all(r["subject"] in page.text_content("#timeline") for r in expected)
    # a bad filter is a page with the reason, not a traceback
    r = httpx.get(bench["url"] + "/network", params={"family": "friendly"})
    assert r.status_code == 404 and "unknown family" in r.text
    assert page.errors == []


def test_accept_all_for_an_article_applies_the_edits(page, bench):
    from kg.extraction.ingest import ingest

    (bench["data"].parent / "in" / "two.txt").write_text(
        "Title: Second wire\nDate: 2025-11-21\n\nSecond wire\n\n"
        "Russia's Africa Corps defended the town of Nioro in late November, a security source said.\n",
        encoding="utf-8")
    (row,) = ingest([bench["data"].parent / "in" / "two.txt"], bench["data"])
    aid = row["article"]
    page.goto(f"{bench['url']}/review/{aid}")
    ids = page.eval_on_selector_all("input[name=id]", "es => es.map(e => e.value)")
    assert ids
    page.locator(f"#c-{ids[0]} input.subject").fill("wagner-group")
    page.click("#accept-all")
    page.wait_for_selector("body[data-rebuild=done]", timeout=60_000)
    stored = read_yaml(bench["data"] / "statements" / f"{aid}.yaml")["statements"]
    assert [r["id"] for r in stored] == ids and stored[0]["subject"] == "wagner-group"
    assert page.errors == []


def test_read_only_workbench_refuses_review_posts(browser, bench):
    from tests.web.conftest import start_server

    proc, url = start_server(str(bench["store"]), bench["data"], review=False)
    try:
        html = httpx.get(f"{url}/review/{bench['article']}").text
        assert 'id="read-only"' in html and "button" not in html.split("<main>")[1]
        r = httpx.post(f"{url}/review/{bench['article']}", data={"action": "accept-all", "csrf": "x"},
                       headers={"Origin": url})
        assert r.status_code == 403 and "kg serve --review" in r.text
    finally:
        proc.terminate()
        proc.wait(20)


def test_a_new_actor_proposed_on_the_desk_gets_its_page(page, bench):
    from kg.extraction.ingest import ingest

    (bench["data"].parent / "in" / "three.txt").write_text(
        "Title: Third wire\nDate: 2025-11-22\n\nThird wire\n\n"
        "Russia's Africa Corps defended the town of Nioro in early November, a security source said.\n",
        encoding="utf-8")
    (row,) = ingest([bench["data"].parent / "in" / "three.txt"], bench["data"])
    page.goto(f"{bench['url']}/review/{row['article']}")
    box = page.locator("section.candidate").first
    box.locator("details.new-actor summary").click()
    box.locator("select.new-role").select_option("subject")
    box.locator("input.new-name").fill("Nioro Defence <Committee>")
    box.locator("select.new-type").select_option("Group")
    box.locator("select.new-category").select_option("rebel-group")
    box.locator("button.accept").click()
    page.wait_for_selector("body[data-rebuild=done]", timeout=60_000)
    page.click("#to-entity")
    page.wait_for_selector("#statements li")
    assert page.text_content("#name") == "Nioro Defence <Committee>"
    assert "defended the town of Nioro" in page.text_content("#statements")
    assert page.errors == []
