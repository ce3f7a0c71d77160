"""The timeline on the real Mali graph: order, precision, filters, formats, and the offline HTML page
in a real headless Chromium."""

from __future__ import annotations

import csv
import io
import json


from kg.analysis.timeline import timeline, when
from kg.pages.timeline import timeline_html

from tests.conftest import run_cli

DATED = """SELECT ?id WHERE {
  ?st a kg:Statement ; dcterms:identifier ?id ; kg:modality kg:asserted .
  { ?st schema:startDate ?d } UNION { ?st schema:endDate ?d }
}"""


def ids(rows):
    return [r["statement"] for r in rows]


def test_every_dated_asserted_statement_is_on_the_timeline_in_date_order(store):
    rows = timeline(store)
    expected = {str(r.id) for r in store.query(DATED)}
    assert {r["statement"] for r in rows if r["kind"] == "statement"} == expected
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_the_crisis_in_order(store):
    order = ids(timeline(store))
    kidal = order.index("wilen-08")            # the army retakes Kidal, November 2023
    bamako = order.index("wilen-14")           # JNIM attacks in Bamako, September 2024
    blockade = order.index("wilen-28")         # blockade declared on 3 September 2025
    us_advice = order.index("wilen-45")        # the US urges its citizens to leave, late October 2025
    assert kidal < bamako < blockade < us_advice


def test_older_background_comes_first_and_is_dated_honestly(store):
    """The data reaches back before Kidal (2012 revolt, 2020 Farabougou, the 2021 coup): the timeline
    starts there instead of pretending the story begins in November 2023."""
    rows = timeline(store)
    first = rows[0]
    assert (first["kind"], first["subject"], first["when"], first["precision"]) == \
        ("event", "2012 Tuareg revolt", "2012", "year")
    assert "2012 Tuareg revolt" in first["quote"]                       # the quote that names it
    by_id = {r["statement"]: r for r in rows}
    assert by_id["reuters-09"]["when"] == "2021" and by_id["reuters-09"]["precision"] == "year"
    assert ids(rows).index("reuters-09") < ids(rows).index("wilen-08")


def test_precision_is_shown_not_invented(store):
    by_id = {r["statement"]: r for r in timeline(store)}
    assert (by_id["wilen-28"]["when"], by_id["wilen-28"]["precision"]) == ("2025-09-03", "day")
    assert (by_id["reuters-14"]["when"], by_id["reuters-14"]["precision"]) == ("2025-09", "month")
    assert (by_id["wilen-45"]["when"], by_id["wilen-45"]["precision"]) == ("late 2025-10", "month")
    assert by_id["wilen-44"]["when"] == "until 2025-11-10"               # only an end date
    order = list(by_id)
    assert order.index("reuters-14") < order.index("wilen-28")          # a month sorts before its days
    assert when("2025-10", "late") == "late 2025-10" and when(None, None, "2025-11-10") == "until 2025-11-10"


def test_the_blockade_event_is_not_listed_twice(store):
    rows = timeline(store)
    assert not any(r["kind"] == "event" and r["subject"] == "Fuel blockade of Bamako" for r in rows)
    assert any(r["object"] == "Fuel blockade of Bamako" and r["when"] == "2025-09" for r in rows)


def test_filters_by_actor_and_dates(store):
    wagner = timeline(store, actors=["Wagner"])
    assert wagner and all("Wagner Group" in (r["subject"], r["object"]) for r in wagner)
    jnim_claims = timeline(store, actors=["JNIM"])
    assert {"wilen-28", "reuters-15"} <= set(ids(jnim_claims))
    sept = timeline(store, date_from="2025-09", date_to="2025-09")
    assert sept and all(r["date"].startswith("2025-09") or r["date"] == "2025" for r in sept)
    assert "wilen-28" in ids(sept) and "wilen-45" not in ids(sept)


def test_timeline_cli(cli_env):
    res = run_cli("timeline", "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["when"] == "2012" and "late 2025-10" in [r["when"] for r in rows]
    data = json.loads(run_cli("timeline", "--actor", "UAE", "--format", "json").stdout)
    assert data == []                                         # the ransom statements carry no date
    res = run_cli("timeline", "--actor", "Wagnr Group")
    assert res.exit_code == 2 and "Wagner Group" in res.stderr
    assert run_cli("timeline", "--from", "September").exit_code == 2


# ------------------------------------------------------------------------------------- HTML page

EVIL = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def test_html_is_deterministic_and_escapes_the_json(store):
    rows = timeline(store)
    rows[0] = dict(rows[0], quote=EVIL)
    page = timeline_html(rows)
    assert page == timeline_html(rows)
    data = page.split('<script type="application/json" id="timeline-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    assert json.loads(data)[0]["quote"] == EVIL
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_html_timeline_in_chromium(store, browser, artifacts, tmp_path):
    rows = timeline(store)
    rows.insert(3, dict(rows[3], quote="Injected " + EVIL, statement="evil-1"))
    path = tmp_path / "timeline.html"
    path.write_text(timeline_html(rows), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    requests, errors = [], []

    def route(r):
        requests.append(r.request.url)
        (r.continue_() if r.request.url.startswith("file://") else r.abort())
    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("li.entry")
    assert [u for u in requests if not u.startswith("file://")] == []
    assert requests == [path.as_uri()]
    assert errors == []
    shown = page.eval_on_selector_all("li.entry", "els => els.map(e => e.getAttribute('data-statement'))")
    assert shown == [r["statement"] for r in rows]
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert EVIL in page.locator("li.entry").nth(3).inner_text()
    assert page.locator("li.entry").nth(0).locator(".when").inner_text() == "2012"
    us = page.locator("li[data-statement='wilen-45']")
    assert us.locator(".when").inner_text() == "late 2025-10" and us.locator(".badge").first.inner_text() == "month"
    page.screenshot(path=str(artifacts / "timeline.png"), full_page=True)
    page.fill("#filter", "kidal")
    visible = page.eval_on_selector_all("li.entry:not(.hidden)", "els => els.map(e => e.getAttribute('data-statement'))")
    assert visible == [r["statement"] for r in rows if "kidal" in (r["quote"] + r["subject"] + r["object"]).lower()]
    page.close()


def test_timeline_html_cli(cli_env, tmp_path):
    target = tmp_path / "t.html"
    res = run_cli("timeline", "--format", "html", "-o", str(target))
    assert res.exit_code == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html
    assert run_cli("timeline", "--format", "html").stdout == html
