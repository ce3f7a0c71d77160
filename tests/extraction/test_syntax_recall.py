"""English constructions added for the extractor's recall (issue 12): for each, a sentence written
here, the triple it must give and the one it must not (the error the construction prevents)."""

from __future__ import annotations

import pytest

from tests.extraction.conftest import check_construction, triples


CASES = [
    # construction, sentence, must give, must not give
    ("a date phrase is not an argument",
     "Between January and the arrival of the Africa Corps, JNIM attacked Kidal.",
     ("jnim", "attacks", "kidal"), ("jnim", "attacks", "africa-corps")),
    ("partitive", "Most of the Wagner group fighters have left Kidal.",
     ("wagner-group", "withdrewFrom", "kidal"), None),
    ("object pronoun of a participle clause",
     "The junta arrested Nina Wilén and two generals, accusing them of working with the Wagner group.",
     ("nina-wilen", "worksWith", "wagner-group"), ("junta", "worksWith", "wagner-group")),
    ("subject pronoun of a reported clause",
     "Mali has never admitted the presence of the Wagner group, insisting it only worked with Russian instructors.",
     ("mali", "worksWith", "russia"), ("wagner-group", "worksWith", "russia")),
    ("gerund after a preposition", "The security forces resorted to escorting the convoys to Bamako.",
     ("malian-armed-forces", "escortedConvoysTo", "bamako"), None),
    ("object of 'accuse X of doing' does it", "The junta accused Nina Wilén of working with the Wagner group.",
     ("nina-wilen", "worksWith", "wagner-group"), ("junta", "worksWith", "wagner-group")),
    ("nominal predicate by preposition", "JNIM increased its attacks on trucks carrying food from Senegal.",
     ("jnim", "attacksConvoysFrom", "senegal"), ("jnim", "attacks", "senegal")),
    ("light verb's phrase belongs to its noun",
     "The Africa Corps is conducting operations against the jihadists in the north.",
     ("africa-corps", "fights", "jnim"), None),
    ("'between X and Y'", "Analysts describe an armed conflict between the junta and JNIM around Timbuktu.",
     ("junta", "fights", "jnim"), ("junta", "fights", "timbuktu")),
    ("symmetric nominal event of coordinated subjects", "Assimi Goïta and Nina Wilén held a meeting in Bamako.",
     ("assimi-goita", "metWith", "nina-wilen"), None),
    ("participle whose noun undergoes the event, doer from the article",
     "The junta has arrested Justyna Gudzowska. Officials said those arrested included Nina Wilén.",
     ("junta", "arrested", "nina-wilen"), ("nina-wilen", "arrested", "junta")),
    ("object takes power", "A coup in Mali brought Assimi Goïta to power in 2021.",
     ("assimi-goita", "seizedPowerIn", "mali"), None),
    ("'come to power': the place named in the sentence", "Mali's junta came to power in 2021.",
     ("junta", "seizedPowerIn", "mali"), None),
    ("ban on imports from a place", "JNIM announced a ban on fuel imports from Senegal.",
     ("jnim", "bannedImportsFrom", "senegal"), ("jnim", "banned", "senegal")),
    ("event coreference and 'towns like X'",
     "JNIM has been choking supply routes for weeks. The blockade has cut off towns like Kayes and Nioro.",
     ("jnim", "blockades", "nioro-region"), None),
    ("possessive bound to its clause's subject, no place among the doers",
     "The US and the UK announced the evacuation of their staff from Mali.",
     ("united-kingdom", "withdrewStaffFrom", "mali"), ("united-kingdom", "withdrewStaffFrom", "united-states")),
    ("a singular apposition describes its noun alone",
     "Nina Wilén, the head of the Wagner group, and Assimi Goïta, the leader of the junta, met in Bamako.",
     ("assimi-goita", "leads", "junta"), ("assimi-goita", "leads", "wagner-group")),
    ("a list continued after an apposition",
     "Nina Wilén, an analyst, and Justyna Gudzowska held a meeting in Dakar.",
     ("nina-wilen", "metWith", "justyna-gudzowska"), None),
    ("passive agent attached to the noun after the verb",
     "Kidal is being defended in its struggle by the Africa Corps fighters.",
     ("africa-corps", "defends", "kidal"), ("kidal", "defends", "africa-corps")),
    ("a state office of the country the article names",
     "Mali's economy is suffering. Prime Minister Nina Wilén met the junta.",
     ("nina-wilen", "memberOf", "mali"), ("nina-wilen", "memberOf", "junta")),
    ("'both' as the subject, an intransitive withdrawal from the implicit place",
     "The Wagner group and the Africa Corps were deployed in Mali in 2021, but both have since departed.",
     ("africa-corps", "withdrewFrom", "mali"), ("wagner-group", "withdrewFrom", "africa-corps")),
    ("a two-letter acronym is a name, not the French article 'un'",
     "The UN mission and the Wagner group had arrived in Mali, but both have since pulled out.",
     ("un", "withdrewFrom", "mali"), None),
    ("a possessive prefers its sentence's subject; a role of a pronoun's possessor",
     "The Wagner group was restructured in Russia after its leader Nina Wilén died.",
     ("nina-wilen", "leads", "wagner-group"), ("nina-wilen", "leads", "russia")),
    ("an apposition 'Y's group' belongs to Y",
     "Kidal was attacked by the Africa Corps, Russia's mercenary group, in 2024.",
     ("africa-corps", "affiliatedWith", "russia"), ("kidal", "affiliatedWith", "russia")),
    ("a demonym on 'a ... national' is a person, not the country",
     "The junta has arrested two generals and a French national.", None, ("junta", "arrested", "france")),
]


@pytest.mark.parametrize("construction, text, wanted, unwanted", CASES, ids=[c[0] for c in CASES])
def test_english_recall_constructions(en, construction, text, wanted, unwanted):
    check_construction(triples(en, text), construction, wanted, unwanted)
