"""Dates via dateparser: every form news uses, English and French, with honest precision."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.corpus.catalog import PartialDate, load_entities
from kg.extraction.dates import DateMention, find_dates

from tests.conftest import DATA, PROJECT

WED = PartialDate(2025, 11, 12)         # Wednesday 12 November 2025


def one(phrase: str, article_date=WED, language: str = "en") -> DateMention:
    text = f"It happened {phrase}." if language == "en" else f"C'est arrivé {phrase}."
    found = find_dates(text, article_date, language)
    assert len(found) == 1, (phrase, found)
    d = found[0]
    assert text[d.start:d.end] == d.text
    return d


@pytest.mark.parametrize("phrase, span, expected, qualifier", [
    ("on Saturday", "Saturday", "2025-11-08", None),
    ("last Thursday", "last Thursday", "2025-11-06", None),
    ("on Wednesday", "Wednesday", "2025-11-12", None),           # the paper's own day
    ("last Wednesday", "last Wednesday", "2025-11-05", None),
    ("yesterday", "yesterday", "2025-11-11", None),
    ("in early November", "early November", "2025-11", "early"),
    ("on 3 September", "3 September", "2025-09-03", None),
    ("on September 3, 2025", "September 3, 2025", "2025-09-03", None),
    ("on Nov. 3", "Nov. 3", "2025-11-03", None),
    ("on the 22nd of November", "the 22nd of November", "2024-11-22", None),   # not after the paper
    ("in late October", "late October", "2025-10", "late"),
    ("late in October", "late in October", "2025-10", "late"),
    ("by mid-September", "mid-September", "2025-09", "mid"),
    ("at the end of August", "the end of August", "2025-08", "late"),
    ("last week", "last week", "2025-11", None),
    ("two weeks ago", "two weeks ago", "2025-10", None),
    ("last month", "last month", "2025-10", None),
    ("in 2024", "2024", "2024", None),
    ("last year", "last year", "2024", None),
    ("in November 2023", "November 2023", "2023-11", None),
    ("in August this year", "August this year", "2025-08", None),
    ("in December", "December", "2024-12", None),
    ("since August", "since August", "2025-08", "since"),
    ("until 10 November", "until 10 November", "2025-11-10", "until"),
    ("until December 1", "until December 1", "2025-12-01", "until"),   # a deadline ahead
])
def test_english_forms(phrase, span, expected, qualifier):
    d = one(phrase)
    assert (d.text, d.date.isoformat(), d.qualifier) == (span, expected, qualifier)
    assert d.date.precision == {10: "day", 7: "month", 4: "year"}[len(expected)]


@pytest.mark.parametrize("phrase, span, expected, qualifier", [
    ("le 3 septembre", "3 septembre", "2025-09-03", None),
    ("le 1er juillet", "1er juillet", "2025-07-01", None),
    ("mercredi 3 septembre", "mercredi 3 septembre", "2025-09-03", None),
    ("samedi", "samedi", "2025-11-08", None),
    ("mardi dernier", "mardi dernier", "2025-11-11", None),
    ("mercredi dernier", "mercredi dernier", "2025-11-05", None),
    ("hier", "hier", "2025-11-11", None),
    ("fin octobre", "fin octobre", "2025-10", "late"),
    ("début novembre", "début novembre", "2025-11", "early"),
    ("à la mi-septembre", "mi-septembre", "2025-09", "mid"),
    ("la semaine dernière", "la semaine dernière", "2025-11", None),
    ("il y a deux semaines", "il y a deux semaines", "2025-10", None),
    ("le mois dernier", "le mois dernier", "2025-10", None),
    ("en 2024", "2024", "2024", None),
    ("fin 2024", "fin 2024", "2024", "late"),
    ("l'année dernière", "l'année dernière", "2024", None),
    ("en septembre dernier", "septembre dernier", "2025-09", None),
    ("depuis septembre", "depuis septembre", "2025-09", "since"),
    ("jusqu'au 10 novembre", "jusqu'au 10 novembre", "2025-11-10", "until"),
])
def test_french_forms(phrase, span, expected, qualifier):
    d = one(phrase, language="fr")
    assert (d.text, d.date.isoformat(), d.qualifier) == (span, expected, qualifier)


def test_precision_follows_the_article_date():
    month, year = PartialDate(2025, 11), PartialDate(2025)
    assert one("on Saturday", month).date == PartialDate(2025, 11)      # a weekday is a day only
    assert one("on Saturday", year).date == PartialDate(2025)           # when the paper's day is known
    assert one("samedi", month, "fr").date == PartialDate(2025, 11)
    assert one("yesterday", month).date == PartialDate(2025, 11)
    assert one("last week", month).date == PartialDate(2025, 11)
    assert one("last month", year).date == PartialDate(2025)
    assert one("on 22 November", month).date == PartialDate(2025, 11, 22)   # written parts are kept
    assert one("in March", year).date == PartialDate(2025, 3)
    assert one("last year", year).date == PartialDate(2024)


def test_without_an_article_date_only_written_years_resolve():
    assert one("on 3 September 2025", None).date == PartialDate(2025, 9, 3)
    assert one("in 2024", None).date == PartialDate(2024)
    for phrase in ("on Saturday", "last week", "on 3 September", "in early November"):
        d = one(phrase, None)
        assert d.date is None                 # still reported: a date, not a number or a word
    assert one("le 3 septembre", None, "fr").date is None


def test_what_is_not_a_date():
    text = ("They may leave. Jan Egeland spoke. The 200 and 2000 fighters, 1,400 kilometres, 82 tankers, "
            "in 2020 and 2021, from 2012 to 2014, 10 to 2000 men.")
    assert [(d.text, str(d.date)) for d in find_dates(text, WED, "en")] == [
        ("2020", "2020"), ("2021", "2021"), ("2012", "2012"), ("2014", "2014")]
    assert [d.text for d in find_dates("Since May, the army may retreat.", WED, "en")] == ["Since May"]
    assert find_dates("Il y a deux soldats. Mars est loin.", WED, "fr") == []
    assert find_dates("On Saturday.", WED, "de") == []                  # no dates for other languages


def test_mentions_are_ordered_disjoint_and_deterministic():
    text = ("BAMAKO, Nov 12 - On Saturday, JNIM attacked a convoy that left on 3 September 2025; since "
            "early October, and last week again, the army said on Tuesday.")
    first = find_dates(text, WED, "en")
    assert [d.text for d in first] == ["Nov 12", "Saturday", "3 September 2025", "since early October",
                                       "last week", "Tuesday"]
    assert all(a.end <= b.start for a, b in zip(first, first[1:]))
    assert find_dates(text, WED, "en") == first
    assert first[3].qualifier == "since" and str(first[3].date) == "2025-10"   # "since early": since wins


def test_offline_and_writes_nothing(tmp_path):
    """dateparser reads its shipped locale data: no network, no files written (fresh process)."""
    home = tmp_path / "home"
    home.mkdir()
    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('network used')\n"
            "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
            "from kg.corpus.catalog import PartialDate\n"
            "from kg.extraction.dates import find_dates\n"
            "print([str(d.date) for d in find_dates('On Saturday, fin octobre.', PartialDate(2025, 11, 12), 'en')"
            " + find_dates('le 3 septembre, fin octobre', PartialDate(2025, 11, 12), 'fr')])\n")
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".data"))
    run = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['2025-11-08', '2025-09-03', '2025-10']"
    assert list(home.rglob("*")) == []


def test_the_extractor_dates_its_candidates():
    from kg.extraction.extract import Extractor

    ex = Extractor(load_entities(DATA), "en")
    (c,) = ex.extract("JNIM attacked Kayes on Saturday.", article_date=WED).candidates
    assert (c.triple, str(c.date), c.date_qualifier) == (("jnim", "attacks", "kayes-region"), "2025-11-08", None)
    (c,) = ex.extract("JNIM attacked Kayes on Saturday.", article_date=PartialDate(2025, 11)).candidates
    assert str(c.date) == "2025-11"
    (c,) = ex.extract("JNIM has blockaded Bamako since early September.", article_date=WED).candidates
    assert (str(c.date), c.date_qualifier) == ("2025-09", "since")
    (c,) = ex.extract("JNIM blockaded Bamako until 10 November.", article_date=WED).candidates
    assert (c.date, str(c.end_date)) == (None, "2025-11-10")
