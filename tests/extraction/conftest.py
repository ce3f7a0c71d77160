"""What the extraction tests share: the English and French extractors over the curated catalogue,
a scratch copy of the data folder, and extraction results whose quotes are checked verbatim."""

from __future__ import annotations

import shutil

import pytest

from kg.corpus.catalog import load_entities

from tests.conftest import DATA


def _extractor(language: str):
    from kg.extraction.extract import Extractor
    return Extractor(load_entities(DATA), language)


@pytest.fixture(scope="module")
def en():
    return _extractor("en")


@pytest.fixture(scope="module")
def fr():
    return _extractor("fr")


@pytest.fixture()
def data(tmp_path):
    """A scratch copy of the curated data folder."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def extracted(ex, text: str, **kw):
    """``ex.extract(text)``, after checking that every candidate's offsets slice to its quote."""
    result = ex.extract(text, **kw)
    for c in result.candidates:
        assert text[c.start:c.end] == c.quote           # verbatim, offsets slice to it
    return result


def triples(ex, text: str, **kw) -> dict:
    """{(subject, relation, object): candidate} of ``extracted(ex, text, **kw)``."""
    return {c.triple: c for c in extracted(ex, text, **kw).candidates}


def check_construction(got, construction: str, wanted, unwanted) -> None:
    """A construction's sentence gave ``wanted`` (unless None) and not ``unwanted`` (unless None)."""
    if wanted is not None:
        assert wanted in got, f"{construction}: {sorted(got)}"
    if unwanted is not None:
        assert unwanted not in got, f"{construction}: {sorted(got)}"
