"""Claims (who says what) and conflicts (where the sources disagree) on the real Mali graph, and on a
copy of the data changed to disagree on a date."""

from __future__ import annotations

import json
import shutil

import pytest

from kg.corpus.build import build_store
from kg.analysis.claims import (OWN_VOICE, claims, claims_summary, conflicts, dates_disagree, format_quantity,
                       modalities_disagree, quantities_disagree)
from kg.core.errors import KgError, NotFound
from kg.store.embedded import EmbeddedStore

from tests.conftest import DATA, run_cli


def test_the_ransom_is_a_conflict_with_both_sides_quoted(store):
    rows = conflicts(store)
    ransom = [r for r in rows if r["relation"] == "paid ransom to"]
    assert {r["statement"] for r in ransom} == {"reuters-26", "wilen-54"}
    assert {r["aspect"] for r in ransom} == {"quantity"} and len({r["conflict"] for r in ransom}) == 1
    by_article = {r["article"]: r for r in ransom}
    reuters, wilen = by_article["reuters-blockade-threatens-mali"], by_article["wilen-running-out-of-gas"]
    assert (reuters["subject"], reuters["object"]) == ("United Arab Emirates", "JNIM")
    assert reuters["value"] == "50,000,000 USD" and "$50 million" in reuters["quote"]
    assert wilen["value"] == "50,000,000 EUR" and "50 million euros" in wilen["quote"]


def test_compatible_statements_are_not_conflicts(store):
    rows = conflicts(store)
    # "a brief attack last year" (2024) and "September 2024" agree at the coarser precision;
    # "almost two months" of blockade and a September 2025 date measure different things
    assert not {"reuters-07", "wilen-14", "reuters-13", "wilen-01"} & {r["statement"] for r in rows}


def test_a_date_disagreement_is_found_without_being_hard_coded(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "statements" / "reuters-blockade-threatens-mali.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = ('    quote: "Foreign embassies including those of the United States, Britain and Italy have '
              'urged citizens to leave."\n')
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + "    date: 2025-09\n"), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    build_store(store, data)
    try:
        rows = [r for r in conflicts(store) if r["aspect"] == "date"]
        assert {(r["statement"], r["value"]) for r in rows} == {("reuters-43", "2025-09"),
                                                                ("wilen-45", "late 2025-10")}
        assert {r["subject"] for r in rows} == {"United States"}
    finally:
        store.close()


def test_loose_grouping_compares_any_object(store):
    strict = {r["conflict"] for r in conflicts(store)}
    loose = conflicts(store, same_object=False)
    assert len({r["conflict"] for r in loose}) >= len(strict)
    assert any(r["relation"] == "paid ransom to" for r in loose)


def test_comparison_rules():
    usd = {"value": "50000000", "currency": "USD"}
    assert quantities_disagree(usd, {"value": "50000000", "currency": "EUR"})
    assert quantities_disagree(usd, {"value": "40000000", "currency": "USD"})
    assert not quantities_disagree(usd, {"value": "5e7", "currency": "USD"})
    assert not quantities_disagree({"value": "2", "unit": "months"}, {"value": "200", "unit": "trucks"})
    assert quantities_disagree({"value": "70", "unit": "victims"}, {"value": "60", "unit": "Victims"})
    assert not quantities_disagree(usd, None)
    assert not dates_disagree("2024", "2024-09") and dates_disagree("2024-08", "2024-09")
    assert not dates_disagree("2025-09", "2025-09-03") and not dates_disagree(None, "2025")
    assert modalities_disagree("asserted", "negated") and not modalities_disagree("likely", "possible")
    assert format_quantity({"value": "70", "unit": "victims", "approx": "more than"}) == "more than 70 victims"
    with pytest.raises(KgError):
        conflicts(None, aspects=("colour",))


def test_claims_grouped_by_claimant(store):
    rows = claims(store)
    jnim = {r["statement"] for r in rows if r["group"] == "JNIM"}
    expected = {str(r.id) for r in store.query(
        "SELECT ?id WHERE { ?st kg:claimant ent:jnim ; dcterms:identifier ?id }")}
    assert jnim == expected and {"wilen-28", "reuters-15"} <= jnim
    groups = [r["group"] for r in rows]
    assert groups[-1] == OWN_VOICE and OWN_VOICE not in groups[:groups.index(OWN_VOICE)]
    attributed = claims(store, attributed_only=True)
    assert attributed and OWN_VOICE not in {r["group"] for r in attributed}
    hedged = claims(store, hedged_only=True)
    assert hedged and all(r["modality"] != "asserted" for r in hedged)
    # her assessment of the blockade (reuters-32) and the occupations she describes (reuters-42)
    assert {r["statement"] for r in claims(store, claimant="Justyna Gudzowska")} == {"reuters-32", "reuters-42"}


def test_claims_grouped_by_source(store):
    summary = {r["group"]: r for r in claims_summary(claims(store, by="source"))}
    counts = {str(r.a).rsplit("/", 1)[-1]: int(r.n) for r in store.query(
        "SELECT ?a (COUNT(?st) AS ?n) WHERE { ?st a kg:Statement ; prov:wasDerivedFrom ?a } GROUP BY ?a")}
    assert {g: r["statements"] for g, r in summary.items()} == counts
    with pytest.raises(NotFound, match="wilen-running-out-of-gas"):
        claims(store, source="wilen-running-out")
    with pytest.raises(NotFound):
        claims(store, claimant="Nobody at all")


def test_claims_and_conflicts_cli(cli_env):
    res = run_cli("conflicts")
    assert res.exit_code == 0 and "50,000,000 USD" in res.stdout and "50,000,000 EUR" in res.stdout
    assert "1 conflict(s)" in res.stderr
    data = json.loads(run_cli("conflicts", "--format", "json").stdout)
    assert {d["statement"] for d in data} >= {"reuters-26", "wilen-54"}
    res = run_cli("claims", "--by", "source", "--summary", "--format", "tsv")
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == "group\tstatements\tasserted\tarticles"
    res = run_cli("claims", "--claimant", "control risks", "--format", "json")
    assert [d["statement"] for d in json.loads(res.stdout)] == ["reuters-11", "reuters-12"]
    res = run_cli("claims", "--claimant", "Nobody at all")
    assert res.exit_code == 2 and res.stderr.startswith("kg: error: no entity named")
