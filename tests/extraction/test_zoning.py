"""Document zoning: only the article's body is read; offsets index the stored text."""

from __future__ import annotations

import pytest

from kg.corpus.catalog import load_entities
from kg.extraction.zoning import body_zones, in_zones, parse_header

from tests.conftest import DATA


def body(text: str) -> list[str]:
    return [text[s:e] for s, e in body_zones(text)]


def joined(text: str) -> str:
    return "\n".join(body(text))


EN_PAGE = """Title: Militants tighten grip on Mali's capital
Publisher: Test Wire
Date: 2025-11-12

Militants tighten grip on Mali's capital
By Jane Doe and John Roe, Reuters
November 12, 2025
Updated 3 hours ago

BAMAKO, Nov 12 (Reuters) - JNIM has imposed a blockade on Bamako since September, officials said.

Advertisement

Trucks queued at the border for days. "We cannot move," a driver said.
A fuel tanker burns on a road near Kayes. REUTERS/Fatoumata Diabate
Photo: a convoy of tankers near Kayes (AFP)

Sign up here for our weekly Sahel briefing, delivered to your inbox.
Get the day's top stories from Africa in your inbox every morning.

Read more
JNIM attacks convoy near Kayes
Senegal closes border crossing
Africa Corps arrives in Timbuktu

The government did not respond to requests for comment.

Reporting by Jane Doe; Editing by John Roe
© 2025 Test Wire. All rights reserved.
We use cookies to improve your experience. Accept all cookies
"""

FR_PAGE = """Mali : le JNIM impose un blocus sur Kayes
Par La Rédaction
Publié le 3 septembre 2025 à 10h30

Bamako (AFP) - Les jihadistes du JNIM ont décrété un blocus sur Kayes et Nioro du Sahel.
Publicité
Lire aussi : Le JNIM revendique l'attaque d'un convoi près de Nioro
Les camions-citernes venus du Sénégal sont visés depuis le mois dernier.
Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.
Crédit photo : Armée malienne
Avec AFP
"""


def test_header_byline_dateline_and_credits_are_not_body():
    zones = body(EN_PAGE)
    assert zones[0].startswith("JNIM has imposed a blockade on Bamako")        # dateline prefix dropped
    text = joined(EN_PAGE)
    for furniture in ("Publisher:", "By Jane Doe", "November 12, 2025", "Updated 3 hours", "BAMAKO, Nov 12",
                      "Advertisement", "REUTERS/", "Photo:", "Sign up", "top stories", "Read more", "JNIM attacks convoy",
                      "Senegal closes", "Reporting by", "©", "cookies", "Militants tighten grip"):
        assert furniture not in text, furniture
    for sentence in ("Trucks queued at the border for days. \"We cannot move,\" a driver said.",
                     "A fuel tanker burns on a road near Kayes.",                # a caption, its credit dropped
                     "The government did not respond to requests for comment."):
        assert sentence in text


def test_french_furniture():
    text = joined(FR_PAGE)
    assert body(FR_PAGE)[0].startswith("Les jihadistes du JNIM ont décrété un blocus")
    assert "Les camions-citernes venus du Sénégal sont visés depuis le mois dernier." in text
    for furniture in ("Par La Rédaction", "Publié le", "Bamako (AFP)", "Publicité", "Lire aussi", "Abonnez",
                      "Crédit photo", "Avec AFP", "Mali : le JNIM impose"):
        assert furniture not in text, furniture


def test_offsets_index_the_original_text():
    meta, start = parse_header(EN_PAGE)
    assert meta["publisher"] == "Test Wire" and EN_PAGE[start:].startswith("Militants tighten")
    zones = body_zones(EN_PAGE)
    assert zones == sorted(zones) and all(start <= s < e <= len(EN_PAGE) for s, e in zones)
    assert all(EN_PAGE[s:e] == EN_PAGE[s:e].strip() for s, e in zones)
    # furniture between paragraphs splits zones; only whitespace between them makes one zone
    assert len(zones) == 3
    caption = "Soldiers escort tankers near Kayes on May 10, 2025. Malian Armed Forces / Handout\nIt is hot."
    assert body(caption) == ["Soldiers escort tankers near Kayes on May 10, 2025.", "It is hot."]
    two = "JNIM attacked Kayes.\n\nThe army responded.\nAdvertisement\nIt said so."
    assert body(two) == ["JNIM attacked Kayes.\n\nThe army responded.", "It said so."]
    assert in_zones(zones, zones[0][0], zones[0][0] + 3) == zones[0]
    assert in_zones(zones, 0, start) is None


def test_navigation_words_inside_sentences_are_body():
    text = ("Home | Africa | Mali\nShare Tweet Email\n"
            "Home to four million people, Bamako has run short of fuel since September.\n"
            "Comments by the minister were not reported.\n")
    assert body(text) == ["Home to four million people, Bamako has run short of fuel since September.\n"
                          "Comments by the minister were not reported."]


def test_a_repeated_headline_and_lede_are_read_once():
    text = ("Is the Junta Running out of Fuel?\n"
            "After two months of blockade, the junta is under pressure to find solutions quickly.\n"
            "*****\n"
            "Is the Junta Running out of Fuel?\n"
            "After two months of blockade, the junta is under pressure to find solutions quickly.\n"
            "Hundreds of tankers have been destroyed on the roads from Senegal.\n")
    assert body(text) == ["After two months of blockade, the junta is under pressure to find solutions quickly.",
                          "Hundreds of tankers have been destroyed on the roads from Senegal."]


def test_hard_wrapped_paragraphs_are_body():
    para = ("The militants attacked a convoy of fuel tankers near Kayes on Saturday\n"
            "and burned at least twenty trucks, according to a local official who\n"
            "asked not to be named because he was not allowed to speak to the press\n"
            "about the attack.\n")
    text = "Convoy attacked near Kayes\n\n" + para + "\nSubscribe to our newsletter\n"
    assert body(text) == [para.strip()]


def test_a_truncated_last_sentence_is_kept_and_nothing_is_lost_without_furniture():
    text = "JNIM has imposed a blockade on Bamako.\nThe army said on Sunday that the convoy had"
    assert body(text) == [text]
    plain = "JNIM attacked Kayes.\n\nThe army responded on Sunday."
    assert body(plain) == [plain]
    assert body_zones("") == [] and body_zones("Advertisement\n") == []


@pytest.fixture(scope="module")
def extractor():
    from kg.extraction.extract import Extractor
    return Extractor(load_entities(DATA), "en")


def test_the_extractor_reads_only_the_body(extractor):
    text = ("Read more\n"
            "JNIM blockades Bamako as fuel runs out\n"
            "Senegal condemns the attack on Kayes\n\n"
            "BAMAKO, Nov 12 (Reuters) - JNIM has imposed a blockade on Bamako since September.\n"
            "Sign up here: JNIM has imposed a blockade on Kayes, read our newsletter.\n")
    found = extractor.extract(text).candidates
    assert [c.triple for c in found] == [("jnim", "blockades", "bamako")]
    c = found[0]
    assert c.quote == "JNIM has imposed a blockade on Bamako since September." == text[c.start:c.end]
    # the same sentences as body give candidates: the zoning, not the sentences, removed them
    body_only = extractor.extract("JNIM has imposed a blockade on Kayes since September.").candidates
    assert [c.triple for c in body_only] == [("jnim", "blockades", "kayes-region")]
