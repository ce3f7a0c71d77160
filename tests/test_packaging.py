"""The wheel works anywhere: built from the checkout, installed into a fresh virtual environment, run
from an empty folder with a fresh home. The ontology, the curated corpus and the example queries come
from inside the package; `kg ingest` / `kg review accept` write to the user data folder under the XDG
data home and never into site-packages; the answers, the page and the export equal the checkout's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.pages.network import network_page
from kg.query.export import export_store
from tests.conftest import PROJECT, run_cli

ARTICLE = """Title: Convoy attacked near Kayes
Publisher: Packaging Test Wire
Date: 2025-11-12
Language: en

JNIM blockaded Kayes in November, officials said.
Militants of JNIM attacked fuel convoys from Senegal near Kayes on Monday.
"""
QUERY = "SELECT ?place WHERE { ent:jnim kg:blockades ?place } ORDER BY ?place"


def _run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert r.returncode == 0, f"{cmd} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The checkout's files (tracked and new, not ignored) copied and built into a wheel and an sdist."""
    tmp = tmp_path_factory.mktemp("wheel")
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=PROJECT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    src = tmp / "src"
    for name in filter(None, files):
        if (PROJECT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, src / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    r = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist"), str(src)], env=env)
    return tmp, r.stdout + r.stderr


def test_build_has_no_warnings_and_ships_every_part(built):
    tmp, log = built
    warnings = [line for line in log.splitlines() if "warning" in line.lower()]
    assert not warnings, warnings
    wheel = next((tmp / "dist").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"kg", "kgcli", "cli.py"}                     # no top-level ontology/, data/, queries/
    for folder in ("ontology", "queries", "data"):
        shipped = {n for n in names if n.startswith(f"kg/resources/{folder}/")}
        in_checkout = {f"kg/resources/{folder}/{p.relative_to(PROJECT / folder)}" for p in
                       (PROJECT / folder).rglob("*") if p.is_file() and "review" not in p.parts}
        assert shipped == in_checkout, folder
    for pkg in sorted(p.parent for p in (PROJECT / "kg").rglob("*.py")):
        assert f"{pkg.relative_to(PROJECT).as_posix()}/__init__.py" in names or pkg.name in ("static", "templates")
    assert {"kg/pages/templates/network.html", "kg/pages/static/viz.js"} <= names
    assert {"kg/web/templates/base.html", "kg/web/static/map.js", "kg/web/static/vendor/README.md",
            "kg/web/static/vendor/leaflet-1.9.4/leaflet.js", "kg/web/static/vendor/leaflet-1.9.4/LICENSE",
            "kg/web/static/vendor/world-atlas-2.0.2/countries-50m.json"} <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    sdist = next((tmp / "dist").glob("*.tar.gz"))
    import tarfile
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert {"LICENSE", "pyproject.toml", "ontology/mali-kg.ttl", "data/entities.yaml", "queries/ransom.rq"} <= members


def _tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_installed_wheel_works_from_an_empty_folder(built, store, tmp_path):
    tmp, _ = built
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    wheel = next((tmp / "dist").glob("*.whl"))
    _run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)])
    site = Path(_run([str(venv / "bin" / "python"), "-c", "import kg, pathlib; print(pathlib.Path(kg.__file__).parent.parent)"],
                     cwd=tmp_path).stdout.strip())
    before = _tree(site)
    work, home = tmp_path / "empty", tmp_path / "home"
    work.mkdir(), home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "XDG_"))}
    env.update(HOME=str(home))
    kg = str(venv / "bin" / "kg")

    def kg_run(*args):
        return _run([kg, *args], cwd=work, env=env)

    built_line = kg_run("build").stderr
    assert (home / ".local/share/mali-kg/store").is_dir()          # the default store, under the XDG data home
    assert kg_run("query", "-F", "csv", QUERY).stdout == run_cli("query", "-F", "csv", QUERY,
                                                                 env={"KG_STORE": str(store.location)}).stdout
    kg_run("viz", "-o", "page.html")
    assert (work / "page.html").read_text(encoding="utf-8") == network_page(store)
    kg_run("demo", "--out", "x")
    assert (work / "x" / "mali.ttl").read_bytes() == export_store(store, "turtle")
    assert (work / "x" / "mali.html").is_file()
    assert not (home / ".local/share/mali-kg/data").exists()       # reading needs no user data folder

    (work / "wire.txt").write_text(ARTICLE, encoding="utf-8")
    kg_run("ingest", "wire.txt")
    data = home / ".local/share/mali-kg/data"
    review = next((data / "review").glob("*.yaml"))
    kg_run("review", "accept", "--all")
    accepted = list((data / "statements").glob(f"{review.stem}.yaml"))
    assert accepted, "the accepted statements are in the user data folder"
    rebuilt = kg_run("build").stderr
    assert rebuilt != built_line and "3 articles" in rebuilt.splitlines()[-1]
    assert _tree(site) == before, "nothing may be written inside site-packages"
    assert sorted(p.name for p in work.iterdir()) == ["page.html", "wire.txt", "x"]
