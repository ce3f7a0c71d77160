"""kg ingest and kg review on a copy of the data folder (the curated files are never touched)."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from kg.corpus.build import BuildFailed, build_graph
from kg.corpus.catalog import load_articles, load_corpus, read_yaml
from kg.core.errors import DataError, NotFound
from kg.extraction.ingest import accept_candidates, ingest, parse_header, pending, reject_candidates

from tests.conftest import DATA, run_cli

ARTICLE = """Title: Junta arrests officers as JNIM tightens grip
Publisher: Example Wire
Date: 2025-11-12
URL: https://example.org/mali-1
Language: en

Junta arrests officers as JNIM tightens grip

The Group for the Support of Islam and Muslims (JNIM) attacked a fuel convoy near Kayes last week, killing 12 drivers, the army said.
Russia's Africa Corps defended the town of Nioro in late October, a security source said.
The militants could blockade Timbuktu again, analysts warned. JNIM does not control Kidal.
The Front de Libération de l'Azawad (FLA) said it was allied with JNIM, which it called a partner.
Senegal supplies fuel to Mali worth about $30 million a month, said Amadou Diallo, a trader.
"""


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "in" / "wire-1.txt"
    path.parent.mkdir()
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def _snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_header_is_read_and_the_text_stored_byte_for_byte(data, article):
    (row,) = ingest([article], data)
    assert row["status"] == "ingested" and row["candidates"] > 0
    art = load_articles(data)[row["article"]]
    assert art.path.read_bytes() == article.read_bytes()
    assert (art.title, art.publisher, str(art.date), art.url) == (
        "Junta arrests officers as JNIM tightens grip", "Example Wire", "2025-11-12", "https://example.org/mali-1")
    review = read_yaml(data / "review" / f"{row['article']}.yaml")
    assert review["article"] == row["article"]
    for rec in review["statements"]:
        assert rec["status"] == "pending"
        assert art.text[rec["start"]:rec["end"]] == rec["quote"]
        assert rec["start"] >= len(parse_header(art.text)[0]) and "Title:" not in rec["quote"]
    names = {e["name"] for e in review["entities"]}
    assert {"Front de Libération de l'Azawad", "Amadou Diallo"} <= names
    assert {"entity": "jnim", "alias": "Group for the Support of Islam and Muslims"} in [
        {k: v for k, v in a.items() if k != "__line__"} for a in review["aliases"]]


def test_reingesting_the_same_text_is_a_no_op(data, article, tmp_path):
    ingest([article], data)
    before = _snapshot(data)
    copy = tmp_path / "same-text-other-name.txt"
    copy.write_bytes(article.read_bytes())
    rows = ingest([article, copy], data)
    assert [r["status"] for r in rows] == ["unchanged", "unchanged"]
    assert _snapshot(data) == before
    hashes = [a.sha256 for a in load_articles(data).values()]
    assert len(hashes) == len(set(hashes)) and hashlib.sha256(article.read_bytes()).hexdigest() in hashes


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("Caf\u00e9 au lait".encode("latin-1"), "not UTF-8"),
    (bytes(range(1, 31)) * 20, "garbled"),
])
def test_binary_or_garbled_input_is_refused_and_nothing_stored(data, article, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = _snapshot(data)
    with pytest.raises(DataError, match=message):
        ingest([article, bad], data)            # the good file is not stored either
    assert _snapshot(data) == before


def test_options_override_the_header_and_folders_are_walked(data, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("JNIM blockaded Timbuktu on 3 September.\n", encoding="utf-8")
    (folder / "b.md").write_text("Title: Second\n\nThe Malian junta banned Diarra Transport.\n", encoding="utf-8")
    (folder / "ignored.png").write_bytes(b"\x00\x01")
    rows = ingest([folder], data, options={"date": "2025-10-01", "publisher": "Wire"})
    assert [r["status"] for r in rows] == ["ingested", "ingested"]
    arts = load_articles(data)
    first = arts[rows[0]["article"]]
    assert (first.title, str(first.date), first.publisher) == ("JNIM blockaded Timbuktu on 3 September.", "2025-10-01", "Wire")
    (cand,) = pending(data, [first.id])
    assert (cand["subject"], cand["relation"], cand["object"], cand["date"]) == ("jnim", "blockades", "timbuktu", "2025-09-03")


def test_accept_moves_records_and_new_entities_and_build_includes_them(data, article):
    (row,) = ingest([article], data)
    aid = row["article"]
    rows = {(r["subject"], r["relation"], r["object"]): r["id"] for r in pending(data)}
    fla = next(k for k in rows if k[1] == "alliedWith")
    kidal = ("jnim", "controls", "kidal")
    done = accept_candidates([rows[fla], rows[kidal]], data)
    assert {d["id"] for d in done} == {rows[fla], rows[kidal]}
    corpus = load_corpus(data)
    accepted = {s.id: s for s in corpus.statements if s.article == aid}
    assert accepted[rows[kidal]].modality == "negated"
    assert fla[0] in corpus.entities and corpus.entities[fla[0]].aliases == ["FLA"]
    text = (data / "statements" / f"{aid}.yaml").read_text(encoding="utf-8")
    assert "status:" not in text and "start:" not in text and "pattern:" not in text
    statuses = {r["id"]: r["status"] for r in pending(data, status="all")}
    assert statuses[rows[fla]] == statuses[rows[kidal]] == "accepted"
    # a second accept appends: earlier records and the header comment stay
    other = rows[("senegal", "suppliesFuelTo", "mali")]
    accept_candidates([other], data)
    again = (data / "statements" / f"{aid}.yaml").read_text(encoding="utf-8")
    assert again.startswith(text) and other in again and again.startswith("# Statements accepted")
    result = build_graph(data)
    assert result.summary["statements"] == len(load_corpus(DATA).statements) + 3
    # the curated files are appended to, never rewritten
    entities = (data / "entities.yaml").read_text(encoding="utf-8")
    assert entities.startswith((DATA / "entities.yaml").read_text(encoding="utf-8"))


def test_accept_refuses_what_kg_build_would_refuse(data, article):
    (row,) = ingest([article], data)
    path = data / "review" / f"{row['article']}.yaml"
    first = pending(data)[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"relation: {first['relation']}", "relation: leads", 1), encoding="utf-8")
    before = _snapshot(data)
    with pytest.raises(BuildFailed, match="leads needs a Person"):
        accept_candidates([first["id"]], data)
    assert _snapshot(data) == before
    with pytest.raises(NotFound, match="no candidate"):
        accept_candidates(["no-such-candidate"], data)


def test_reject_and_hand_edits(data, article):
    (row,) = ingest([article], data)
    cands = pending(data)
    reject_candidates([cands[0]["id"]], data)
    assert cands[0]["id"] not in {r["id"] for r in pending(data)}
    assert {r["id"]: r["status"] for r in pending(data, status="all")}[cands[0]["id"]] == "rejected"
    # a reviewer fixes a record by hand, marks it accepted, then applies the marked records
    path = data / "review" / f"{row['article']}.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = cands[1]["id"]
    text = path.read_text(encoding="utf-8")
    start = text.index(f"id: {target}")
    block_end = text.find("\n- id:", start)
    block = text[start:block_end]
    fixed = re.sub(r"confidence: \w+", "confidence: low", block.replace("status: pending", "status: accepted"))
    path.write_text(text[:start] + fixed + text[block_end:], encoding="utf-8")
    assert content["article"] == row["article"]
    done = accept_candidates([], data, marked=True)
    assert [d["id"] for d in done] == [target]
    st = next(s for s in load_corpus(data).statements if s.id == target)
    assert st.confidence == "low"


def test_ingest_accept_and_cli(data, article, tmp_path):
    env = {"KG_DATA": str(data)}
    result = run_cli("ingest", str(article), "--accept", "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    rows = yaml.safe_load(result.stdout)
    assert rows[0]["status"] == "ingested" and rows[0]["accepted"] == rows[0]["candidates"] > 0
    left = run_cli("review", env=env)
    assert left.exit_code == 0 and "0 pending candidates" in left.stderr
    listing = run_cli("review", "--status", "accepted", "--format", "csv", env=env)
    assert listing.exit_code == 0 and len(listing.stdout.strip().splitlines()) == rows[0]["candidates"] + 1
    build_graph(data)
    again = run_cli("ingest", str(article), env=env)
    assert again.exit_code == 0 and "unchanged" in again.stdout
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01\x02")
    failed = run_cli("ingest", str(bad), env=env)
    assert failed.exit_code == 2 and "not a text file" in failed.stderr
    assert run_cli("review", "accept", env=env).exit_code == 2
