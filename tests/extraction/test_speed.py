"""The spaCy pipeline is loaded once per language for a whole `kg ingest` run, and the batched parse
of several files (``Extractor.extract_all``) gives exactly what one file at a time gives. (Speed
itself is measured by benchmarks/bench_extract.py, never asserted here.)"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys

import pytest
import spacy

from kg.corpus.catalog import load_entities
from kg.extraction import models
from kg.extraction.adapters import body_zones
from kg.extraction.extract import Extractor

from tests.conftest import DATA, PROJECT, run_cli

EN = [
    ("convoy", "JNIM attacked a fuel convoy near Kayes on Saturday, the army said. "
               "The group has imposed a blockade on Bamako since September."),
    ("ties", "Mali cut defence ties with France and turned to Russia, officials said. "
             "Russia's Africa Corps defended the town of Nioro in late October."),
    ("ransom", "The United Arab Emirates paid a ransom to JNIM for the release of two hostages, "
               "according to a security source. JNIM does not control Kidal."),
]
FR = [
    ("blocus", "Le JNIM a attaqué un convoi de carburant près de Kayes samedi, selon l'armée malienne. "
               "Le groupe impose un blocus à Bamako depuis septembre."),
    ("retrait", "La France a demandé à ses ressortissants de quitter le Mali. "
                "Le Niger a envoyé des camions-citernes à Bamako."),
]


def _write(folder, articles, language):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for slug, body in articles:
        path = folder / f"{language}-{slug}.txt"
        path.write_text(f"Title: {slug} ({language})\nDate: 2025-11-12\nLanguage: {language}\n\n{body}\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture()
def spacy_loads(monkeypatch):
    """The names ``spacy.load`` is called with, from an empty pipeline cache (restored afterwards,
    so the other tests keep their loaded pipelines); the real ``spacy.load`` does the loading."""
    calls = []
    real = spacy.load

    def counting_load(name, *args, **kwargs):
        calls.append(str(name))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(models, "_LOADED", {})
    monkeypatch.setattr(spacy, "load", counting_load)
    return calls


def test_one_model_load_per_language_for_a_whole_ingest_run(tmp_path, data, spacy_loads):
    files = _write(tmp_path / "in", EN, "en") + _write(tmp_path / "in", FR, "fr")
    result = run_cli("ingest", "--data", str(data), "--format", "json", *map(str, files))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["ingested"] * 5
    assert all((data / "review" / f"{r['article']}.yaml").is_file() for r in rows)
    assert sum(r["candidates"] for r in rows) > 0
    assert sorted(spacy_loads) == sorted([models.choose_model("en"), models.choose_model("fr")])

    # a second run in the same process (kg eval --corpus, kg serve's review desk) loads nothing
    more = _write(tmp_path / "more", [("again", "Niger sent 82 fuel tankers to Mali last week.")], "en")
    again = run_cli("ingest", "--data", str(data), *map(str, more))
    assert again.exit_code == 0, again.output
    assert len(spacy_loads) == 2


def test_ingest_of_several_files_writes_what_one_file_at_a_time_writes(tmp_path):
    files = _write(tmp_path / "in", EN, "en") + _write(tmp_path / "in", FR, "fr")
    together, apart = tmp_path / "together", tmp_path / "apart"
    shutil.copytree(DATA, together)
    shutil.copytree(DATA, apart)
    assert run_cli("ingest", "--data", str(together), *map(str, files)).exit_code == 0
    for path in files:
        assert run_cli("ingest", "--data", str(apart), str(path)).exit_code == 0
    written = sorted(p.name for p in (together / "review").glob("*.yaml"))
    assert len(written) == len(files)
    assert written == sorted(p.name for p in (apart / "review").glob("*.yaml"))
    for name in written:
        assert (together / "review" / name).read_bytes() == (apart / "review" / name).read_bytes()
    assert (together / "articles.yaml").read_bytes() == (apart / "articles.yaml").read_bytes()


def test_a_copy_in_the_same_run_is_not_extracted_twice(tmp_path, data):
    (first,) = _write(tmp_path / "a", EN[:1], "en")
    copy = tmp_path / "b" / first.name
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    (other,) = _write(tmp_path / "c", EN[1:2], "en")
    result = run_cli("ingest", "--data", str(data), "--format", "json", str(first), str(copy), str(other))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["ingested", "unchanged", "ingested"]
    assert rows[1]["article"] == rows[0]["article"] and rows[2]["article"] != rows[0]["article"]


@pytest.mark.parametrize("batch_size, batch_chars", [(2, 200_000), (8, 300)])
def test_batched_extraction_gives_what_one_at_a_time_gives(batch_size, batch_chars):
    ex = Extractor(load_entities(DATA), "en")
    texts = [body for _, body in EN] + [" ".join(body for _, body in EN)]
    items = [{"text": t} for t in texts]
    one = [ex.extract(t) for t in texts]
    docs = list(ex.parse_all(((t, body_zones(t)) for t in texts), batch_size, batch_chars))
    assert [d.text for d in docs] == texts
    many = [ex.extract(t, doc=d) for t, d in zip(texts, docs)]
    assert sum(len(r.candidates) for r in one) > 0
    for a, b, c in zip(one, many, ex.extract_all(items, batch_size=batch_size)):
        assert [dataclasses.asdict(x) for x in a.candidates] == [dataclasses.asdict(x) for x in b.candidates]
        assert [dataclasses.asdict(x) for x in a.candidates] == [dataclasses.asdict(x) for x in c.candidates]
        assert (a.entities, a.aliases) == (c.entities, c.aliases)


def _corpus(tmp_path):
    """A two-article corpus in the evaluation corpus's format."""
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    index = []
    for i, (slug, body) in enumerate(EN):
        (corpus / "articles" / f"{i}_{slug}.txt").write_text(body + "\n", encoding="utf-8")
        index.append({"file": f"{i}_{slug}.txt", "language": "en"})
    (corpus / "articles.json").write_text(json.dumps(index), encoding="utf-8")
    return corpus


def test_the_benchmark_measures_kg_against_another_checkout(tmp_path):
    """--baseline DIR runs the extractor of another tree in its own process, beside this one's:
    a tree whose lexicon lost its verbs gives other candidates, and the benchmark says so."""
    import shutil

    import spacy
    old = tmp_path / "old"
    for folder in ("kg", "data", "ontology"):
        shutil.copytree(PROJECT / folder, old / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", old)
    lexicon = old / "kg" / "extraction" / "lexicon" / "en.py"
    text = lexicon.read_text(encoding="utf-8")
    assert " verbs=VERBS," in text
    lexicon.write_text(text.replace(" verbs=VERBS,", " verbs={} and VERBS,"), encoding="utf-8")
    bench = [sys.executable, str(PROJECT / "benchmarks" / "bench_extract.py"), "--corpus", str(_corpus(tmp_path)),
             "--articles", "2", "--words", "60", "--rounds", "1"]
    out = subprocess.run(bench + ["--baseline", str(old)], capture_output=True, text=True, timeout=600,
                         check=True).stdout
    assert "x the baseline's speed; candidates DIFFERENT" in out, out
    assert "baseline" in out and "this tree" in out
    assert f"spaCy {spacy.__version__}" in out                  # each side says what it ran on
    bad = subprocess.run(bench + ["--baseline", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "not a checkout of this project" in bad.stderr
    bad = subprocess.run(bench + ["--baseline", str(old), "--baseline-python", str(tmp_path / "none")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "--baseline-python needs" in bad.stderr


def test_the_benchmark_reports_kg_against_the_bare_pipeline(tmp_path):
    """bench_extract runs on a corpus in the evaluation corpus's format (written here) and prints
    per-core rates for the pipeline alone and for kg, measured in the same run."""
    corpus = _corpus(tmp_path)
    out = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "bench_extract.py"), "--corpus",
                          str(corpus), "--articles", "2", "--words", "60", "--rounds", "1"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    rows = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert [r.split(",")[0] for r in rows] == [
        "spaCy as installed", "spaCy as installed", "kg's pipeline", "kg's pipeline", "kg", "kg"], out
    assert all("articles/s" in r and "words/s" in r and "x the pipeline" in r for r in rows), out
    assert "corpus: 2 articles" in out and "the ceiling" in out
    bad = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "bench_extract.py"), "--corpus",
                          str(tmp_path / "none")], capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "no evaluation corpus" in bad.stderr
