"""Where things are, installed as a wheel would be: resources from inside the package, a read-only
shipped corpus, and a user data folder set up from it the first time something writes."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from kg.core import config
from tests.conftest import PROJECT


@pytest.fixture()
def installed(tmp_path, monkeypatch):
    """The config module as in an installed package: resources under <package>/resources, read-only."""
    package = tmp_path / "site-packages" / "kg"
    for name in config.RESOURCES:
        shutil.copytree(PROJECT / name, package / "resources" / name,
                        ignore=shutil.ignore_patterns("review"))
    for p in (package / "resources").rglob("*"):
        p.chmod(0o555 if p.is_dir() else 0o444)
    monkeypatch.setattr(config, "SOURCE_CHECKOUT", False)
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    monkeypatch.delenv("KG_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield package
    for p in (package / "resources").rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)


def _files(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_checkout_reads_and_writes_its_own_folders(monkeypatch):
    monkeypatch.delenv("KG_DATA", raising=False)
    assert config.SOURCE_CHECKOUT
    assert config.ontology_dir() == PROJECT / "ontology" and config.queries_dir() == PROJECT / "queries"
    assert config.data_dir() == config.writable_data_dir() == PROJECT / "data"
    with pytest.raises(ValueError):
        config.resource_dir("../etc")


def test_installed_reads_the_shipped_corpus_until_something_writes(installed, tmp_path):
    shipped = installed / "resources" / "data"
    assert config.ontology_dir() == installed / "resources" / "ontology"
    assert config.data_dir() == shipped
    assert not (tmp_path / "xdg" / "mali-kg" / "data").exists()
    user = config.writable_data_dir()
    assert user == tmp_path / "xdg" / "mali-kg" / "data" == config.data_dir()
    assert _files(user) == _files(shipped)
    assert all(p.stat().st_mode & stat.S_IWUSR for p in user.rglob("*"))      # writable, unlike the shipped copy
    (user / "entities.yaml").write_text("changed", encoding="utf-8")
    assert config.writable_data_dir() == user and (user / "entities.yaml").read_text() == "changed"
    assert not [p for p in user.parent.iterdir() if p.name.startswith(".data.new-")]


def test_set_up_once_when_writers_race(installed, tmp_path):
    results, errors = [], []

    def setup():
        try:
            results.append(config.writable_data_dir())
        except Exception as exc:  # noqa: BLE001 - recorded for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=setup) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1
    assert _files(results[0]) == _files(installed / "resources" / "data")
    assert sorted(p.name for p in results[0].parent.iterdir()) == ["data"]


def test_the_argument_and_environment_come_first(installed, tmp_path, monkeypatch):
    assert config.data_dir(tmp_path / "mine") == tmp_path / "mine"
    monkeypatch.setenv("KG_DATA", str(tmp_path / "env"))
    assert config.data_dir() == config.writable_data_dir() == tmp_path / "env"
    assert not (tmp_path / "xdg").exists()
    monkeypatch.setenv("KG_STORE", str(tmp_path / "s"))
    assert config.default_store() == str(tmp_path / "s")
    monkeypatch.delenv("KG_STORE")
    assert config.default_store() == str(tmp_path / "xdg" / "mali-kg" / "store")
    assert os.environ["XDG_DATA_HOME"] == str(tmp_path / "xdg")
