"""kg eval: the extractor scored against the curated statements, in both protocols."""

from __future__ import annotations

import json

import pytest

from kg.corpus.catalog import load_corpus, load_entities
from kg.core.errors import KgError
from kg.extraction.evaluate import evaluate

from tests.conftest import DATA, run_cli


@pytest.fixture(scope="module")
def scores():
    return evaluate(DATA)


def test_targets_on_the_curated_articles(scores):
    overall = scores["protocols"]["curated"]["overall"]
    assert overall["precision"] >= 0.8 and overall["recall"] >= 0.6
    for art in scores["protocols"]["curated"]["articles"].values():
        assert art["precision"] >= 0.8 and art["recall"] >= 0.6
        done, total = art["quotes_verbatim"].split("/")
        assert done == total and int(total) > 0


def test_counts_add_up(scores):
    corpus = load_corpus(DATA)
    gold = {(s.article, s.subject, s.relation, s.object) for s in corpus.statements}
    for proto in ("curated", "loo"):
        res = scores["protocols"][proto]
        assert res["overall"]["gold"] == len(gold)
        assert sum(a["correct"] for a in res["articles"].values()) == res["overall"]["correct"]
        assert sum(r["correct"] for r in res["relations"].values()) == res["overall"]["correct"]
        assert sum(r["gold"] for r in res["relations"].values()) == len(gold)
        for art in res["articles"].values():
            assert art["correct"] + len(art["wrong"]) == art["extracted"]
            assert art["correct"] + len(art["missed"]) == art["gold"]


def test_leave_one_out_uses_nothing_written_for_the_article(scores):
    from kg.extraction.extract import Extractor
    from kg.extraction.lang import get_language

    sources = {p.source for p in get_language("en").patterns}
    assert "general" in sources and len(sources) >= 3           # per-article patterns exist and are tagged
    ex = Extractor(load_entities(DATA), sources={"general"})
    assert {p.source for p in ex.patterns} == {"general"}
    loo, curated = scores["protocols"]["loo"]["overall"], scores["protocols"]["curated"]["overall"]
    assert loo["correct"] <= curated["correct"]
    assert loo["quotes_verbatim"].split("/")[0] == loo["quotes_verbatim"].split("/")[1]


def test_unknown_article_is_refused():
    with pytest.raises(KgError, match="no curated statements"):
        evaluate(DATA, ["no-such-article"], ("curated",))


def test_cli_table_and_json():
    table = run_cli("eval", "--protocol", "curated", "--summary")
    assert table.exit_code == 0 and "curated" in table.stdout and "(all)" in table.stdout
    result = run_cli("eval", "--protocol", "curated", "--article", "reuters-blockade-threatens-mali", "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["curated"] and list(data["curated"]["articles"]) == ["reuters-blockade-threatens-mali"]
    assert "blockades" in data["curated"]["relations"]
