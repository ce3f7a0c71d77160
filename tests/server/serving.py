"""`kg serve` started for real, as a user starts it: the CLI in its own process on a free loopback port."""

from __future__ import annotations

import shutil
import subprocess
import time
from contextlib import contextmanager

import httpx

from tests.conftest import KG
from tests.virtuoso import free_port



@contextmanager
def kg_serve(store: str, *options: str, start_timeout: float = 60):
    """Run ``kg --store STORE serve --port P OPTIONS...`` until the endpoint answers; yields
    (process, SPARQL endpoint URL) and stops the server afterwards."""
    port = free_port()
    proc = subprocess.Popen([KG, "--store", store, "serve", "--port", str(port), *options],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + start_timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError(f"kg serve did not start: {proc.stderr.read1().decode()}")
    try:
        yield proc, url
    finally:
        proc.terminate()
        proc.wait(20)


@contextmanager
def kg_serve_copy(store_path, tmp_path_factory, name: str, *options: str):
    """``kg_serve`` on a scratch copy (in a folder named after ``name``) of the store at
    ``store_path``, so that a module's tests may load into it; yields (process, URL, copy's path)."""
    folder = tmp_path_factory.mktemp(name) / "store"
    shutil.copytree(store_path, folder)
    with kg_serve(str(folder), *options) as (proc, url):
        yield proc, url, str(folder)
