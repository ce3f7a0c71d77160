"""The workbench under test: ``kg serve --review`` in a subprocess on a free loopback port, on a COPY of
the data folder (with a short article ingested and a label carrying markup) and a store built from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import httpx
import pytest

from kg.corpus.build import build_store
from kg.extraction.ingest import ingest
from kg.store.embedded import EmbeddedStore
from tests.conftest import DATA, KG
from tests.virtuoso import free_port

SHORT = """Title: Convoy attacked near Kayes <script>alert("x")</script>
Publisher: Example Wire
Date: 2025-11-20
Language: en

Convoy attacked near Kayes <script>document.title="pwned"</script>

The Group for the Support of Islam and Muslims (JNIM) attacked a fuel convoy near Kayes last week, the army said.
Russia's Africa Corps defended the town of Nioro in late October, a security source said.
The militants could blockade Timbuktu again, analysts warned.
"""
EVIL_LABEL = '<script>window.kgPwned=1</script><img src=x onerror="window.kgPwned=2"> Brigade'
EVIL_ENTITY = f"""
- id: injected-brigade
  name: '{EVIL_LABEL}'
  type: Group
  category: rebel-group
  description: 'A test group whose name carries markup <b>bold</b>.'
"""


def start_server(store: str, data, *, review: bool):
    port = free_port()
    args = [KG, "--store", store, "serve", "--port", str(port), "--timeout", "10", "--data", str(data)]
    proc = subprocess.Popen(args + (["--review"] if review else []), stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, env={**os.environ, "KG_DATA": str(data)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"kg serve did not start: {proc.stderr.read1().decode()}")


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A review-enabled workbench; yields url, data folder, store folder and the short article's id."""
    root = tmp_path_factory.mktemp("web")
    data = root / "data"
    shutil.copytree(DATA, data)
    with open(data / "entities.yaml", "a", encoding="utf-8") as f:
        f.write(EVIL_ENTITY)
    (root / "in").mkdir()
    (root / "in" / "short.txt").write_text(SHORT, encoding="utf-8")
    (row,) = ingest([root / "in" / "short.txt"], data)
    store = root / "store"
    build_store(EmbeddedStore(store), data)
    proc, url = start_server(str(store), data, review=True)
    yield {"url": url, "data": data, "store": store, "article": row["article"], "proc": proc}
    proc.terminate()
    proc.wait(20)


@pytest.fixture()
def page(browser, bench):
    """A fresh offline browser page (the app is on loopback); fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(bench["url"])
                  else route.abort())
    p = context.new_page()
    errors = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "favicon" not in msg.text
         and "Failed to load resource" not in msg.text else None)
    p.errors = errors
    yield p
    context.close()
