"""The workbench's library functions on the real store and a copy of the data folder: search,
entity, article segments, map counts (against an independent SPARQL count), the review desk's
edits and decisions (bytes of the review file kept, refusals change nothing), the CSP hashes."""

from __future__ import annotations

import shutil

import pytest

from kg.core.errors import KgError, NotFound
from kg.corpus.catalog import read_yaml
from kg.extraction.ingest import ingest, pending
from kg.query.views import rows_of
from kg.web.data import Snapshot, article, entity, map_places, search
from kg.web.guard import page_csp
from kg.web.review import decide, desk, edit_candidate
from tests.conftest import DATA
from tests.web.conftest import SHORT


@pytest.fixture()
def snap(store):
    return Snapshot(store)


def test_search_by_alias_folded_and_bounded(snap):
    hits = search(snap, "jama’at nusrat al-islam wal-muslimin".upper())
    assert hits and hits[0]["id"] == "jnim" and hits[0]["rank"] == 0
    assert [h["id"] for h in search(snap, "kida")][:1] == ["kidal"]
    assert search(snap, "  ") == []
    with pytest.raises(KgError, match="longer than"):
        search(snap, "x" * 500)
    with pytest.raises(KgError, match="between 1 and"):
        search(snap, "jnim", limit=0)


def test_entity_has_links_for_every_statement(snap, store):
    e = entity(snap, "JNIM")
    assert e["id"] == "jnim" and e["statements"]
    n = rows_of(store, """SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {
        { ?st rdf:subject ent:jnim } UNION { ?st rdf:object ent:jnim } UNION { ?st kg:claimant ent:jnim } }""")
    assert len(e["statements"]) == int(n[0]["n"])
    assert all(st["subject_id"] and st["object_id"] and st["article_id"] for st in e["statements"])
    from kg.query.views import show
    for name in ("JNIM", "Bamako", "analysts", "Reuters"):
        shown = show(store, name)
        mine = entity(snap, name)
        assert mine["iri"] == shown["iri"] and mine["aliases"] == shown["aliases"]
        assert [(r["id"], r["role"]) for r in mine["statements"]] == \
            [(r["id"], r["role"]) for r in shown["statements"]]
    with pytest.raises(NotFound):
        entity(snap, "no such actor at all")


def test_article_segments_are_the_text_and_mark_every_quote(snap):
    a = article(snap, "wilen-running-out-of-gas")
    text = (DATA / "articles" / "wilen-running-out-of-gas.txt").read_text(encoding="utf-8")
    assert "".join(s["text"] for s in a["segments"]) == text
    for st in a["statements"]:
        covered = "".join(s["text"] for s in a["segments"] if any(m["id"] == st["id"] for m in s["marks"]))
        assert covered == text[st["start"]:st["end"]] == st["quote"]
    with pytest.raises(NotFound) as exc:
        article(snap, "wilen-running-out-of-ga")
    assert exc.value.suggestions == ["wilen-running-out-of-gas"]


def test_map_counts_statements_at_each_place(snap, store):
    found = map_places(snap)
    counts = {p["id"]: p["count"] for p in found["places"]}
    expected = {str(b["p"]).rsplit("/", 1)[1]: int(b["n"]) for b in rows_of(store, """
        SELECT ?p (COUNT(DISTINCT ?st) AS ?n) WHERE { ?p geo:lat ?lat .
          OPTIONAL { { ?st schema:location ?p } UNION { ?st rdf:subject ?p } UNION { ?st rdf:object ?p }
                     ?st a kg:Statement } } GROUP BY ?p""")}
    assert counts == expected
    hostile = {p["id"]: p["count"] for p in map_places(snap, families={"hostile"})["places"]}
    assert all(hostile[k] <= counts[k] for k in counts) and sum(hostile.values()) < sum(counts.values())
    dated = map_places(snap, "2025-09", "2025-09")
    assert all(s["date"] and s["date"].startswith("2025-09") for p in dated["places"] for s in p["statements"])
    with pytest.raises(KgError, match="unknown relation family"):
        map_places(snap, families={"friendly"})
    with pytest.raises(KgError, match="bad date"):
        map_places(snap, "Sept 2025")


def test_page_csp_hashes_are_those_the_network_page_declares(store):
    from kg.pages.network import network_page

    html = network_page(store)
    from html import unescape

    meta = unescape(html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
    own = sorted(t.rstrip(";") for t in meta.split() if t.startswith("'sha256-"))
    mine = sorted(t.rstrip(";") for t in page_csp(html).split() if t.startswith("'sha256-"))
    assert own and mine == own and "unsafe-inline" not in page_csp(html).split("script-src")[1].split(";")[0]


@pytest.fixture()
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (tmp_path / "short.txt").write_text(SHORT, encoding="utf-8")
    (row,) = ingest([tmp_path / "short.txt"], folder)
    return folder, row["article"]


def test_desk_shows_each_candidate_in_its_sentence_and_filters_actors(data):
    folder, aid = data
    d = desk(folder, aid)
    assert [c["id"] for c in d["candidates"]] == [r["id"] for r in pending(folder, [aid])]
    for c in d["candidates"]:
        assert " ".join(c["marked"].split()) == " ".join(c["quote"].split())
    attacks = next(r for r in d["relations"] if r["name"] == "attacks")
    subjects = {a["id"] for a in d["classes"][attacks["domain"]]}
    assert "jnim" in subjects and "timbuktu" not in subjects and "bamako" not in subjects
    with pytest.raises(NotFound):
        desk(folder, "no-such-article")


def test_an_edit_rewrites_only_its_record(data):
    folder, aid = data
    path = folder / "review" / f"{aid}.yaml"
    before = path.read_text(encoding="utf-8")
    edit_candidate(folder, f"{aid}-c002", {"subject": "wagner-group", "date": "2025-10-30"})
    after = path.read_text(encoding="utf-8")
    recs = {r["id"]: r for r in read_yaml(path)["statements"]}
    assert recs[f"{aid}-c002"]["subject"] == "wagner-group" and str(recs[f"{aid}-c002"]["date"]) == "2025-10-30"
    old = before.splitlines()
    new = after.splitlines()
    changed = [line for line in new if line not in old]
    assert sorted(changed) == sorted(["  subject: wagner-group", "  date: '2025-10-30'"]) or \
        sorted(changed) == sorted(["  subject: wagner-group", "  date: 2025-10-30"])
    assert before.split("statements:")[0] == after.split("statements:")[0]   # header comments kept
    with pytest.raises(KgError, match="not YYYY"):
        edit_candidate(folder, f"{aid}-c002", {"date": "last week"})
    with pytest.raises(KgError, match="cannot be edited"):
        edit_candidate(folder, f"{aid}-c002", {"status": "accepted"})


def test_decide_is_all_or_nothing(data):
    folder, aid = data
    files = {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    out = decide(folder, "accept", [f"{aid}-c001", f"{aid}-c003"],
                 edits={f"{aid}-c003": {"subject": "timbuktu"}})
    assert not out["ok"] and any("timbuktu" in p and "needs a" in p for p in out["problems"])
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} == files
    out = decide(folder, "accept", [f"{aid}-c001"], edits={f"{aid}-c001": {"subject": "is-sahel"}})
    assert out["ok"] and out["done"][0]["subject"] == "is-sahel"
    stored = read_yaml(folder / "statements" / f"{aid}.yaml")["statements"]
    assert [(r["id"], r["subject"]) for r in stored] == [(f"{aid}-c001", "is-sahel")]
    out = decide(folder, "reject", [], article=aid)
    assert out["ok"] and {d["id"] for d in out["done"]} == {f"{aid}-c002", f"{aid}-c003"}
    assert pending(folder, [aid]) == []


def test_a_new_actor_is_proposed_in_the_review_file_and_accepted_with_its_statement(data):
    folder, aid = data
    entities_before = (folder / "entities.yaml").read_text(encoding="utf-8")
    out = decide(folder, "accept", [f"{aid}-c002"], article=aid,
                 new_actors={f"{aid}-c002": {"role": "subject", "name": "Nioro Self-Defence Militia",
                                             "type": "Group", "category": "rebel-group"}})
    assert out["ok"], out["problems"]
    assert out["done"][0]["subject"] == "nioro-self-defence-militia"
    added = (folder / "entities.yaml").read_text(encoding="utf-8")[len(entities_before):]
    assert "id: nioro-self-defence-militia" in added and "name: Nioro Self-Defence Militia" in added
    review = read_yaml(folder / "review" / f"{aid}.yaml")
    assert [e["status"] for e in review["entities"] if e["id"] == "nioro-self-defence-militia"] == ["accepted"]
    # a new actor of an unknown category is refused and leaves nothing behind
    files = {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    out = decide(folder, "accept", [f"{aid}-c001"], article=aid,
                 new_actors={f"{aid}-c001": {"role": "subject", "name": "X", "type": "Group", "category": "nonsense"}})
    assert not out["ok"] and "unknown category" in out["problems"][0]
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} == files
