"""The French constructions of the syntactic extractor (``kg.extraction.french`` and the French
branches of ``kg.extraction.syntax``), each on a sentence written for it: the triple it must give
and one it must not."""

from __future__ import annotations

import pytest

from tests.extraction.conftest import check_construction, triples


FR = [
    # construction, sentence, must give, must not give
    ("typographic apostrophes", "L’armée malienne, soutenue par des mercenaires du groupe Wagner, a repoussé l’attaque.",
     ("wagner-group", "supports", "malian-armed-forces"), ("malian-armed-forces", "supports", "wagner-group")),
    ("contraction du = de", "La France s'est retirée du Mali en 2022.",
     ("france", "withdrewFrom", "mali"), ("mali", "withdrewFrom", "france")),
    ("infinitive after a speech verb", "Le JNIM a annoncé avoir attaqué Kidal, une opération de grande ampleur.",
     ("jnim", "attacks", "kidal"), ("kidal", "attacks", "jnim")),
    ("intention noun with a possessive", "Le JNIM a annoncé son intention d'attaquer Kayes.",
     ("jnim", "attacks", "kayes-region"), ("kayes-region", "attacks", "jnim")),
    ("avoir pour mission de", "Le convoi de l'armée malienne a pour mission de ravitailler Kidal.",
     ("malian-armed-forces", "sentSuppliesTo", "kidal"), ("kidal", "sentSuppliesTo", "malian-armed-forces")),
    ("gerund", "Le JNIM a bloqué la route de Kayes, menaçant le Sénégal.",
     ("jnim", "threatens", "senegal"), ("kayes-region", "threatens", "senegal")),
    ("apposed participle after an acronym",
     "Une embuscade a visé un convoi près de Gao, une attaque aussitôt revendiquée par le Groupe de soutien à "
     "l'islam et aux musulmans (JNIM), affilié à Al-Qaïda.",
     ("jnim", "affiliatedWith", "al-qaeda"), ("al-qaeda", "affiliatedWith", "gao")),
    ("apposed noun with an adjective", "Le JNIM, groupe jihadiste très actif au Burkina Faso, a frappé Kidal.",
     ("jnim", "operatesIn", "burkina-faso"), ("kidal", "operatesIn", "burkina-faso")),
    ("apposed noun with an adjective", "Le JNIM, principale coalition jihadiste active au Sahel, a revendiqué l'attaque.",
     ("jnim", "operatesIn", "sahel"), None),
    ("adjective after être", "Le JNIM est très actif dans la région de Kayes.",
     ("jnim", "operatesIn", "kayes-region"), None),
    ("control through an indirect object", "L'Italie et le Canada ont conseillé à leurs ressortissants de quitter le Mali.",
     ("canada", "urgedCitizensToLeave", "mali"), ("italy", "withdrewFrom", "mali")),
    ("verb idiom with a bare noun", "Le JNIM a mis en garde les transporteurs venus de Mauritanie.",
     ("jnim", "threatens", "mauritania"), ("mauritania", "threatens", "jnim")),
    ("verb idiom: prendre en otage", "Les jihadistes du JNIM ont pris en otage deux chauffeurs sénégalais.",
     ("jnim", "kidnapped", "senegal"), ("senegal", "kidnapped", "jnim")),
    ("a list hung on the noun", "Le JNIM menace les camions venus du Sénégal, de Mauritanie ou de Guinée.",
     ("jnim", "threatens", "senegal"), ("senegal", "threatens", "guinea")),
    ("possessive partner", "Les Forces armées maliennes et leurs supplétifs de l'Africa Corps ont quitté Gao.",
     ("africa-corps", "supports", "malian-armed-forces"), ("malian-armed-forces", "supports", "africa-corps")),
    ("fronted place", "Au Mali, les jihadistes du JNIM sont liés à al-Qaïda.",
     ("jnim", "affiliatedWith", "al-qaeda"), ("jnim", "affiliatedWith", "mali")),
    ("relative clause of the object", "Le JNIM attaque les camions qui viennent du Sénégal.",
     ("jnim", "attacks", "senegal"), ("senegal", "attacks", "jnim")),
    ("light verb and its nominal predicate", "Le JNIM impose un blocus aux villes de Kayes et de Nioro.",
     ("jnim", "blockades", "nioro-region"), ("jnim", "imposedRulesOn", "kayes-region")),
    ("nominal predicate tagged as a verb", "Le JNIM impose un « blocus total » au Mali.",
     ("jnim", "blockades", "mali"), ("mali", "blockades", "jnim")),
    ("definite description of the army", "Les Forces armées maliennes ont quitté Gao. L'armée a ensuite repoussé "
     "le JNIM près de Kidal.", ("malian-armed-forces", "repelled", "jnim"), ("jnim", "repelled", "malian-armed-forces")),
    ("definite description of the group", "Le JNIM a lancé une offensive. Le groupe jihadiste a ensuite attaqué Kidal.",
     ("jnim", "attacks", "kidal"), ("kidal", "attacks", "jnim")),
    ("a description names the most mentioned actor (mentions, not words)",
     "L'État islamique au Sahel a attaqué Ménaka. Le JNIM a attaqué Kidal. Le JNIM a aussi attaqué Tombouctou. "
     "Les jihadistes ont ensuite attaqué l'armée malienne.",
     ("jnim", "attacks", "malian-armed-forces"), ("is-sahel", "attacks", "malian-armed-forces")),
    ("a verb the small model tags as an adjective", "Le gouvernement malien accuse la France de soutenir les "
     "groupes armés.", ("junta", "accused", "france"), ("france", "accused", "junta")),
    ("the actor of a motion noun", "Les États-Unis ont ordonné le départ de leur personnel non essentiel de "
     "Bamako. La Russie a déployé des paramilitaires au Mali depuis le départ de Wagner.",
     ("russia", "deployedTo", "mali"), ("united-states", "withdrewFrom", "wagner-group")),
    ("passive subject and its complement", "Les déplacements des soldats maliens sont surveillés par le JNIM.",
     ("jnim", "monitors", "malian-armed-forces"), ("malian-armed-forces", "monitors", "jnim")),
    ("noun complement tagged as a verb", "Le JNIM veut empêcher l'importation de carburant au Mali.",
     ("jnim", "blockades", "mali"), ("mali", "blockades", "jnim")),
    ("preposition left hanging before guillemets", "Le JNIM, affilié à « Al-Qaïda au Maghreb islamique », a attaqué Kidal.",
     ("jnim", "affiliatedWith", "al-qaeda"), ("kidal", "affiliatedWith", "al-qaeda")),
]


@pytest.mark.parametrize("construction, text, wanted, unwanted", FR, ids=[c[0] for c in FR])
def test_french_constructions(fr, construction, text, wanted, unwanted):
    check_construction(triples(fr, text), construction, wanted, unwanted)


def test_typography_keeps_the_offsets_of_the_original_text(fr):
    curly = "L’armée malienne, soutenue par des mercenaires du groupe Wagner, a repoussé l’attaque."
    straight = curly.replace("’", "'")
    a, b = triples(fr, curly), triples(fr, straight)
    assert set(a) == set(b)
    c = a[("wagner-group", "supports", "malian-armed-forces")]
    assert c.quote == curly and "’" in c.quote



@pytest.mark.parametrize("phrase, expected", [
    ("plus de 40 camions-citernes ont brûlé", {"value": 40, "unit": "camions-citernes", "approx": "more than"}),
    ("environ 2 millions de litres de carburant", {"value": 2e6, "unit": "litres", "approx": "about"}),
    ("une dizaine de soldats tués", {"value": 10, "unit": "soldats", "approx": None}),
    ("1,5 milliard de francs CFA", {"value": 1.5e9, "currency": "XOF", "unit": None}),
    ("40 000 tonnes de carburant", {"value": 40000, "unit": "tonnes"}),
    ("près de 95 % du carburant", {"value": 95, "unit": "percent", "approx": "almost"}),
    ("50 millions d'euros", {"value": 50e6, "currency": "EUR"}),
    ("quinze chauffeurs enlevés", {"value": 15, "unit": "chauffeurs"}),
])
def test_french_amounts(fr, phrase, expected):
    from kg.extraction.lang import get_language, read_amounts
    (amount,) = read_amounts(fr.parse(phrase), get_language("fr"))
    assert {k: getattr(amount, k) for k in expected} == expected


def test_un_is_an_article_not_an_amount(fr):
    from kg.extraction.lang import get_language, read_amounts
    assert read_amounts(fr.parse("un des chefs du JNIM"), get_language("fr")) == []


def test_a_french_candidate_carries_its_amount(fr):
    got = triples(fr, "Le JNIM a incendié plus de 40 camions-citernes venus du Sénégal.")
    assert got[("jnim", "attacks", "senegal")].quantity == {"value": 40, "unit": "camions-citernes",
                                                             "approx": "more than"}


@pytest.mark.parametrize("text, claimant", [
    ("Le JNIM a attaqué Kidal, a indiqué l'armée malienne.", "malian-armed-forces"),     # inversion
    ("L'armée malienne affirme que le JNIM a attaqué Kidal.", "malian-armed-forces"),
    ("D'après Reuters, le JNIM a attaqué Kidal.", "reuters"),
    ("Le JNIM a dit avoir attaqué Kidal.", "jnim"),                                      # says it of itself
])
def test_french_reported_speech_gives_the_claimant(fr, text, claimant):
    got = triples(fr, text)
    assert got[("jnim", "attacks", "kidal")].claimant == claimant
    assert ("malian-armed-forces", "attacks", "kidal") not in got and ("reuters", "attacks", "kidal") not in got


def test_french_hedges_conditional_and_negation(fr):
    cases = {"Le JNIM pourrait attaquer Kidal.": "possible", "Le JNIM aurait attaqué Kidal.": "reported",
             "Le JNIM a probablement attaqué Kidal.": "likely", "Le JNIM n'a jamais attaqué Kidal.": "negated",
             "Le JNIM a attaqué Kidal.": "asserted"}
    for text, modality in cases.items():
        assert triples(fr, text)[("jnim", "attacks", "kidal")].modality == modality, text
