"""Shared fixtures: a store built once per session from the real data, into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus.build import build_store
from kg.store.embedded import EmbeddedStore

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"
ARTIFACTS = PROJECT / "tests" / "artifacts"
KG = str(PROJECT / ".venv" / "bin" / "kg")     # the installed command, for tests that run it as a process


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    """A store folder holding the graph built from the project's own data (built once)."""
    path = tmp_path_factory.mktemp("kg") / "store"
    store = EmbeddedStore(path)
    build_store(store, DATA)
    store.close()
    return path


@pytest.fixture()
def store(store_path):
    """The built store, opened read-only."""
    s = EmbeddedStore(store_path)
    yield s
    s.close()


@pytest.fixture()
def cli_env(store_path, monkeypatch):
    """Environment for CliRunner calls against the built store."""
    monkeypatch.setenv("KG_STORE", str(store_path))
    return {"KG_STORE": str(store_path)}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for test artefacts (screenshots, generated pages), kept after the run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download). A missing Chromium is
    a failure, not a skip: the pages are tested in a real browser (scripts/test installs it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                    "the pages are tested in a real browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def run_cli(*args, input=None, env=None):
    """Invoke the kg CLI in-process through click's CliRunner; returns the Result."""
    from click.testing import CliRunner

    from cli import cli

    runner = CliRunner()
    return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


