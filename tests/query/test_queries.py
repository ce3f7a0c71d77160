"""The example SPARQL files in queries/: each answers its competency question with evidence.

Expected answers below were written down by reading the two articles (data/articles/), not by
copying what the queries return. Every query is also run through the CLI (SPARQL JSON) and, to show
the files are portable, through rdflib's own SPARQL engine without the project's prefixes declared.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
import yaml

from kg.query.sparql import run_query

from tests.conftest import DATA, PROJECT, run_cli

QUERIES = PROJECT / "queries"
FILES = sorted(p.name for p in QUERIES.glob("*.rq"))

REUTERS = "Blockade threatens Mali’s stability; embassies urge citizens to leave"
WILEN = "Is Mali’s Military Regime Running out of Gas?"

EXPECTED_FILES = {
    "urged-to-leave.rq", "convoy-attacks.rq", "junta-leader.rq", "junta-realignment.rq", "ransom.rq",
    "jnim-blockades.rq", "kidal.rq", "banned-company.rq", "alliance-of-sahel-states.rq",
    "timeline.rq", "claims.rq",
}


def _text(term):
    return None if term is None else str(term)


def answer(store, name: str) -> list[dict]:
    """Run queries/<name> through the library; rows as dicts of column -> str (None if unbound)."""
    result = run_query(store, (QUERIES / name).read_text(encoding="utf-8"))
    assert result.type == "SELECT"
    return [dict(zip(result.vars, map(_text, row))) for row in result.rows]


def keys(rows: list[dict], *columns: str) -> set[tuple]:
    return {tuple(row[c] for c in columns) for row in rows}


@pytest.fixture(scope="module")
def article_texts() -> dict[str, str]:
    """Article title -> the article's stored text, from data/articles.yaml and the text files."""
    meta = yaml.safe_load((DATA / "articles.yaml").read_text(encoding="utf-8"))
    return {a["title"]: (DATA / a["file"]).read_text(encoding="utf-8") for a in meta}


# ----------------------------------------------------------------- the files themselves

def test_every_competency_question_has_its_file():
    assert EXPECTED_FILES <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_file_is_documented_select_distinct_with_order(name):
    text = (QUERIES / name).read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert all(line.startswith("#") for line in header.splitlines()), "must open with a comment block"
    assert "Columns" in text and f"kg query -f queries/{name}" in header + text.split("PREFIX", 1)[0]
    body = re.sub(r"#[^\n]*", "", text)
    assert re.search(r"\bSELECT\s+DISTINCT\b", body)
    assert re.search(r"\bORDER\s+BY\b", body)


@pytest.mark.parametrize("name", FILES)
def test_file_declares_its_own_prefixes(name):
    """The PREFIX lines are written out, so the file parses in a SPARQL tool that declares none."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery((QUERIES / name).read_text(encoding="utf-8"), initNs={})


@pytest.fixture(scope="module")
def plain_graph(store_path):
    """The built graph copied into a plain in-memory rdflib Graph (rdflib's own SPARQL engine)."""
    from rdflib import Graph

    from kg.store.embedded import EmbeddedStore

    s = EmbeddedStore(store_path)
    try:
        g = Graph()
        for subj, pred, obj, _ in s.quads():
            g.add((subj, pred, obj))
    finally:
        s.close()
    return g


@pytest.mark.parametrize("name", FILES)
def test_file_gives_the_same_answer_in_another_sparql_engine(name, store, plain_graph):
    text = (QUERIES / name).read_text(encoding="utf-8")
    ours = run_query(store, text)
    theirs = plain_graph.query(text)
    assert [str(v) for v in theirs.vars] == ours.vars
    assert [tuple(map(_text, r)) for r in theirs] == [tuple(map(_text, r)) for r in ours.rows]


# ----------------------------------------------------------------- through the CLI

def cli_rows(name: str, env) -> tuple[list[str], list[dict]]:
    res = run_cli("query", "-f", str(QUERIES / name), "--format", "json", env=env)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    return data["head"]["vars"], [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("name", FILES)
def test_cli_answers_like_the_library(name, store, cli_env):
    columns, rows = cli_rows(name, cli_env)
    lib = answer(store, name)
    assert lib, f"{name} returned no rows"
    assert columns == list(lib[0])
    assert rows == [{k: v for k, v in row.items() if v is not None} for row in lib]


@pytest.mark.parametrize("name", FILES)
def test_cli_output_is_deterministic(name, cli_env):
    first = run_cli("query", "-f", str(QUERIES / name), "--format", "json", env=cli_env)
    second = run_cli("query", "-f", str(QUERIES / name), "--format", "json", env=cli_env)
    assert first.exit_code == 0 and first.stdout_bytes == second.stdout_bytes


# ----------------------------------------------------------------- evidence on every row

def _evidence_pairs(row: dict) -> list[tuple[str, str]]:
    """(quote, source title) pairs of a row: quote/source, ban_quote/ban_source, deal_quote/..."""
    pairs = []
    for column in row:
        if column == "quote" or column.endswith("_quote"):
            prefix = column[: -len("quote")]
            pairs.append((row[column], row[prefix + "source"]))
    return pairs


@pytest.mark.parametrize("name", FILES)
def test_every_row_quotes_its_article(name, store, article_texts):
    rows = answer(store, name)
    assert rows
    for row in rows:
        pairs = _evidence_pairs(row)
        assert pairs, f"{name}: no quote column"
        for quote, source in pairs:
            if name == "banned-company.rq" and quote is None and source is None:
                continue  # a ban with no deal on record; checked in its own test
            assert quote and quote.strip(), f"{name}: empty quote in {row}"
            assert source in article_texts, f"{name}: unknown source {source!r}"
            assert quote in article_texts[source], f"{name}: quote not in {source!r}: {quote!r}"
        assert row.get("statement") or row.get("ban_statement")


# ----------------------------------------------------------------- 1. urged to leave

def test_urged_to_leave(store):
    rows = answer(store, "urged-to-leave.rq")
    assert {r["country"] for r in rows} == {
        "United States", "United Kingdom", "Italy", "Belgium", "Netherlands", "Germany", "Spain"}
    assert {r["left"] for r in rows} == {"Mali"}
    # Reuters: "embassies including those of the United States, Britain and Italy"; Wilén: the US
    # "late in October", then "the UK, Italy, Belgium, the Netherlands, Germany and Spain" (undated).
    assert keys(rows, "country", "source", "date", "precision", "qualifier") == {
        ("United States", REUTERS, None, None, None),
        ("United Kingdom", REUTERS, None, None, None),
        ("Italy", REUTERS, None, None, None),
        ("United States", WILEN, "2025-10", "month", "late"),
        ("United Kingdom", WILEN, None, None, None),
        ("Italy", WILEN, None, None, None),
        ("Belgium", WILEN, None, None, None),
        ("Netherlands", WILEN, None, None, None),
        ("Germany", WILEN, None, None, None),
        ("Spain", WILEN, None, None, None),
    }


# ----------------------------------------------------------------- 2. convoys

NAMES_IN_TEXT = {"Senegal": ("Senegal",), "Côte d'Ivoire": ("Ivory Coast", "Côte d’Ivoire"),
                 "Guinea": ("Guinea",)}


def test_convoy_attacks(store):
    rows = answer(store, "convoy-attacks.rq")
    assert {r["attacker"] for r in rows} == {"JNIM"}
    assert {r["country"] for r in rows} == {"Senegal", "Côte d'Ivoire", "Guinea"}
    # Reuters: convoys "from coastal neighbours Ivory Coast and Senegal"; Wilén: tankers "from Senegal,
    # Ivory Coast and Guinea" and convoys "from neighbouring countries Senegal and Côte d’Ivoire".
    assert keys(rows, "country", "source") == {
        ("Côte d'Ivoire", REUTERS), ("Senegal", REUTERS),
        ("Senegal", WILEN), ("Côte d'Ivoire", WILEN), ("Guinea", WILEN)}
    wilen_senegal = {r["quote"] for r in rows if r["country"] == "Senegal" and r["source"] == WILEN}
    assert any("fuel tankers" in q for q in wilen_senegal) and any("convoys of petrol" in q for q in wilen_senegal)
    for r in rows:
        assert any(n in r["quote"] for n in NAMES_IN_TEXT[r["country"]]), r


# ----------------------------------------------------------------- 3. junta leader

def test_junta_leader(store):
    rows = answer(store, "junta-leader.rq")
    assert keys(rows, "leader", "leads") == {("Assimi Goïta", "Malian junta")}
    assert all("Goïta" in r["quote"] for r in rows)
    assert REUTERS in {r["source"] for r in rows}   # "Colonel Assimi Goïta’s government"


# ----------------------------------------------------------------- 4. realignment

def test_junta_realignment(store):
    rows = answer(store, "junta-realignment.rq")
    # "Colonel Assimi Goïta’s government cut defence ties with France and the United States and
    # pivoted to Russia"
    assert keys(rows, "actor", "move", "partner") == {
        ("Malian junta", "cut defence ties with", "France"),
        ("Malian junta", "cut defence ties with", "United States"),
        ("Malian junta", "pivoted to", "Russia")}
    assert {r["source"] for r in rows} == {REUTERS}
    for r in rows:
        assert r["partner"] in r["quote"]


# ----------------------------------------------------------------- 5. ransom

def test_ransom_keeps_both_versions_as_separate_rows(store):
    rows = answer(store, "ransom.rq")
    # Reuters: "a reported $50 million ransom for two Emirati hostages" (the article's own voice);
    # Wilén: "the recent record ransom paid by the UAE of 50 million euros".
    got = [(r["payer"], r["payee"], Decimal(r["amount"]), r["currency"], r["according_to"], r["source"])
           for r in rows]
    assert len(rows) == 2
    assert set(got) == {
        ("United Arab Emirates", "JNIM", Decimal(50_000_000), "USD", "Reuters", REUTERS),
        ("United Arab Emirates", "JNIM", Decimal(50_000_000), "EUR", "Nina Wilén", WILEN)}
    by_currency = {r["currency"]: r for r in rows}
    assert "$50 million" in by_currency["USD"]["quote"]
    assert "50 million euros" in by_currency["EUR"]["quote"]
    assert all(r["claimant"] is None for r in rows)  # neither article attributes it to anyone else


# ----------------------------------------------------------------- 6. blockades

def test_jnim_blockades(store):
    rows = answer(store, "jnim-blockades.rq")
    assert {r["place"] for r in rows} == {"Bamako", "Farabougou", "Timbuktu", "Kayes region", "Nioro region"}
    # Reuters: the fuel blockade of Mali's capital; Wilén: "economic blockades against major urban
    # areas, such as Farabougou, Timbuktu, and Bamako" and, per JNIM's declaration of 3 September, "a
    # blockade in the Malian regions of Kayes and Nioro".
    assert keys(rows, "place", "source") == {
        ("Bamako", REUTERS), ("Bamako", WILEN), ("Farabougou", WILEN), ("Timbuktu", WILEN),
        ("Kayes region", WILEN), ("Nioro region", WILEN)}
    declared = {(r["place"], r["date"], r["precision"], r["claimant"]) for r in rows if r["claimant"]}
    assert declared == {("Kayes region", "2025-09-03", "day", "JNIM"), ("Nioro region", "2025-09-03", "day", "JNIM")}
    assert {r["place_type"] for r in rows if r["place"].endswith("region")} == {"Region"}


# ----------------------------------------------------------------- 7. Kidal

def test_kidal(store):
    rows = answer(store, "kidal.rq")
    # "The Malian military’s retake of ... Kidal in November 2023 with the help of the Russian Wagner group"
    assert {r["actor"] for r in rows if r["role"] == "helped take control of"} == {"Wagner Group"}
    assert keys(rows, "actor", "role", "place", "date", "precision", "source") == {
        ("Wagner Group", "helped take control of", "Kidal", "2023-11", "month", WILEN),
        ("Malian Armed Forces", "took control of", "Kidal", "2023-11", "month", WILEN)}


# ----------------------------------------------------------------- 8. banned company

def test_banned_company_with_its_reason(store):
    rows = answer(store, "banned-company.rq")
    # "A controversial deal between the company and JNIM ... prompted the Malian authorities to ban
    # the company temporarily."
    assert keys(rows, "company", "banned_by", "deal_with", "ban_source", "deal_source") == {
        ("Diarra Transport", "Malian junta", "JNIM", WILEN, WILEN)}
    (row,) = rows
    assert "ban the company" in row["ban_quote"]
    assert "deal between the company and JNIM" in row["deal_quote"]
    assert row["ban_statement"] != row["deal_statement"]


# ----------------------------------------------------------------- 9. alliance

def test_alliance_of_sahel_states(store):
    rows = answer(store, "alliance-of-sahel-states.rq")
    # Reuters: Burkina Faso and Niger, "whose juntas are allied with Bamako" ... "the alliance of the
    # Sahel states" -- membership implied, so not high confidence.
    assert {r["member"] for r in rows} == {"Mali", "Burkina Faso", "Niger"}
    assert {r["alliance"] for r in rows} == {"Alliance of Sahel States"}
    assert all("alliance of the Sahel states" in r["quote"] for r in rows)
    assert all(r["confidence"] in ("medium", "low") for r in rows)


# ----------------------------------------------------------------- 10. timeline

# Every dated event the two articles report, as (date, subject, relation, object).
TIMELINE = {
    ("2020", "Malian junta", "took control of", "Farabougou"),          # "liberated ... in 2020"
    ("2021", "Malian junta", "seized power in", "Mali"),                # "seized power in 2021"
    ("2023-11", "Malian Armed Forces", "took control of", "Kidal"),     # retake of Kidal, Nov 2023
    ("2023-11", "Wagner Group", "helped take control of", "Kidal"),
    ("2024", "JNIM", "attacks", "Bamako"),                              # Reuters: "a brief attack last year"
    ("2024", "Northern separatist rebels", "defeated", "Malian Armed Forces"),   # Tinzaouaten
    ("2024", "JNIM", "defeated", "Malian Armed Forces"),
    ("2024", "Northern separatist rebels", "defeated", "Wagner Group"),
    ("2024", "JNIM", "defeated", "Wagner Group"),
    ("2024-09", "JNIM", "attacks", "Bamako"),                           # two attacks, September 2024
    ("2024-09", "JNIM", "attacks", "Malian Gendarmerie"),               # 70 gendarmes killed
    ("2025-07", "JNIM", "attacks", "Kayes region"),                     # seven attacks, July 2025
    ("2025-08", "Malian junta", "arrested", "Alleged plotters"),        # generals arrested in August
    ("2025-08", "JNIM", "took control of", "Farabougou"),               # take-over, August
    ("2025-08", "JNIM", "imposes sharia law in", "Farabougou"),         # "since August"
    ("2025-09", "JNIM", "established", "Fuel blockade of Bamako"),      # "a September statement"
    ("2025-09", "JNIM", "blockades", "Bamako"),
    ("2025-09", "JNIM", "targets", "Malian junta"),                     # "the bandits in power"
    ("2025-09", "JNIM", "took hostage", "Emirati hostages"),            # hostages taken in September
    ("2025-09-03", "JNIM", "blockades", "Kayes region"),                # "On 3 September"
    ("2025-09-03", "JNIM", "blockades", "Nioro region"),
    ("2025-09-03", "JNIM", "threatens", "Diarra Transport"),
    ("2025-10", "United States", "urged citizens to leave", "Mali"),    # "late in October"
    ("2025-11-10", "Malian junta", "closed schools in", "Mali"),        # "until 10 November" (end)
}


def test_timeline_lists_every_dated_event(store):
    rows = answer(store, "timeline.rq")
    got = {(r["date"] or r["end_date"], r["subject"], r["relation"], r["object"]) for r in rows}
    assert got == TIMELINE
    assert len(rows) == len(TIMELINE)
    qualified = {(r["date"], r["qualifier"]) for r in rows if r["qualifier"]}
    assert qualified == {("2025-10", "late"), ("2025-08", "since")}
    schools = [r for r in rows if r["relation"] == "closed schools in"]
    assert [(r["date"], r["end_date"]) for r in schools] == [(None, "2025-11-10")]


def test_timeline_is_ordered_by_date_string_then_statement(store):
    rows = answer(store, "timeline.rq")
    order = [(r["date"] or r["end_date"], r["statement"]) for r in rows]
    assert order == sorted(order)
    dates = [d for d, _ in order]
    assert dates[0] == "2020" and dates[-1] == "2025-11-10"
    # a partial date sorts before the more precise dates inside it
    assert max(i for i, d in enumerate(dates) if d == "2024") < min(i for i, d in enumerate(dates) if d == "2024-09")
    precision = {"year": 4, "month": 7, "day": 10}
    for r in rows:
        if r["date"]:
            assert len(r["date"]) == precision[r["precision"]], r


# ----------------------------------------------------------------- 11. claims

def test_claims(store):
    rows = answer(store, "claims.rq")
    # Every passage where an article attributes a claim to someone other than itself.
    assert keys(rows, "claimant", "subject", "relation", "object", "modality") == {
        # Reuters: "Analysts say JNIM ... lacks the intent and capability to seize the city"
        ("Analysts", "JNIM", "took control of", "Bamako", "unlikely"),
        # "Security experts and diplomats told Reuters the likely goal is to trigger another coup"
        ("Security experts and diplomats", "JNIM", "seeks to overthrow", "Malian junta", "likely"),
        # "A Control Risks note ... said JNIM ultimately seeks negotiations"
        ("Control Risks", "JNIM", "seeks negotiations with", "Malian junta", "asserted"),
        # "JNIM said it was targeting “the bandits in power,”"
        ("JNIM", "JNIM", "targets", "Malian junta", "asserted"),
        # "Its brief occupations elsewhere have featured limits on movement ..., Gudzowska said."
        ("Justyna Gudzowska", "JNIM", "imposes restrictions in", "Mali", "asserted"),
        # "We cannot rule out JNIM trying to enter the city." (the senior diplomat)
        ("Senior diplomat in Bamako", "JNIM", "attacks", "Bamako", "possible"),
        # Wilén: "JNIM declared that it had set up a blockade in the Malian regions of Kayes and Nioro"
        ("JNIM", "JNIM", "blockades", "Kayes region", "asserted"),
        ("JNIM", "JNIM", "blockades", "Nioro region", "asserted"),
        # Assessments the article attributes to their speaker:
        # "A Control Risks note last week warned regime collapse risks are “very high”"
        ("Control Risks", "Control Risks", "characterises", "Malian junta", "asserted"),
        # "“... it’s a terrorist tactic,” said Justyna Gudzowska of The Sentry"
        ("Justyna Gudzowska", "Justyna Gudzowska", "characterises", "Fuel blockade of Bamako", "asserted"),
        # "“I don’t think the regime is strong enough to hold on indefinitely,” said one security analyst"
        ("Security analyst", "Security analyst", "characterises", "Malian junta", "asserted"),
        # "“If Mali collapses, everything collapses,” a senior diplomat in Bamako said."
        ("Senior diplomat in Bamako", "Senior diplomat in Bamako", "characterises", "Mali", "asserted"),
    }
    assert len(rows) == 12
    assert all(r["confidence"] in ("high", "medium", "low") for r in rows)
    assert [(r["claimant"], r["statement"]) for r in rows] == sorted((r["claimant"], r["statement"]) for r in rows)
