"""One writer at a time, and a store swap that a kill at any moment cannot leave without a store:
real kg processes started side by side, killed with SIGKILL, and the store read after each."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml

from kg.core.locks import store_lock
from kg.store.embedded import EmbeddedStore, swap_in

from tests.conftest import DATA, KG, run_cli
from tests.store.test_load import count, synth



@pytest.fixture()
def data(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def retitle(data: Path, title: str) -> None:
    path = data / "articles.yaml"
    text = path.read_text(encoding="utf-8")
    first = yaml.safe_load(text)[0]["title"]
    assert first in text
    path.write_text(text.replace(first, title, 1), encoding="utf-8")


def titles(store: str) -> set[str]:
    out = run_cli("--store", store, "query", "-F", "csv", "SELECT ?t WHERE { ?a dcterms:title ?t }")
    assert out.exit_code == 0, out.output
    return set(out.stdout.splitlines()[1:])


def test_build_during_a_load_is_not_lost(store_copy, tmp_path, data):
    """Before the lock, the load swapped in its copy taken before the build: the build was gone."""
    big = synth(tmp_path / "big.nt", 400_000)
    retitle(data, "A title only the new build has")
    env = {**os.environ, "KG_STORE": store_copy, "KG_LOCK_TIMEOUT": "300"}
    loading = subprocess.Popen([KG, "load", str(big)], env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(Path(store_copy).parent.glob(".store.load-*")):
        time.sleep(0.05)
    assert loading.poll() is None, "the load ended before the build started"
    building = subprocess.run([KG, "build", "--data", str(data)], env=env, capture_output=True, timeout=300)
    assert loading.wait(300) == 0, loading.stderr.read()
    assert building.returncode == 0, building.stderr
    assert "A title only the new build has" in titles(store_copy)
    lines = len({line for line in open(big, "rb") if line.strip()})  # distinct N-Triples lines
    assert count(store_copy, "https://w3id.org/mali-kg/graph/big") == lines


def test_second_writer_is_refused_with_a_clear_message(store_copy, data):
    env = {**os.environ, "KG_STORE": store_copy, "KG_LOCK_TIMEOUT": "0"}
    with store_lock(store_copy):  # held by this process; the build is another one
        out = subprocess.run([KG, "build", "--data", str(data)], env=env, capture_output=True, text=True,
                             timeout=300)
    assert out.returncode == 2
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("kg: error: another kg command is writing the store") and "lock" in last
    assert "Traceback" not in out.stderr


def test_concurrent_ingests_lose_no_record(data, tmp_path):
    texts = []
    for i in range(3):
        path = tmp_path / f"in{i}.txt"
        path.write_text(f"Title: Report number {i}\nDate: 2025-11-1{i}\n\nJNIM attacked a convoy near Kayes, "
                        f"report {i} said.\n", encoding="utf-8")
        texts.append(path)
    env = {**os.environ, "KG_DATA": str(data), "KG_LOCK_TIMEOUT": "300"}
    procs = [subprocess.Popen([KG, "ingest", str(p)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for p in texts]
    for p in procs:
        assert p.wait(300) == 0, p.stderr.read()
    records = yaml.safe_load((data / "articles.yaml").read_text(encoding="utf-8"))
    titles_ = {r["title"] for r in records}
    assert {f"Report number {i}" for i in range(3)} <= titles_
    for r in records:
        assert (data / r["file"]).is_file()


def test_swap_never_leaves_the_path_empty(tmp_path):
    target = tmp_path / "store"
    target.mkdir()
    (target / "v").write_text("0")
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not os.path.exists(target / "v"):
                missing.append(time.monotonic())
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(1, 200):
            new = tmp_path / f".store.new-{i}"
            new.mkdir()
            (new / "v").write_text(str(i))
            swap_in(new, target)
    finally:
        stop.set()
        watcher.join()
    assert (target / "v").read_text() == "199"
    assert missing == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.")]


def test_a_kill_between_two_renames_is_recovered(store_copy):
    """The state a kill -9 leaves between the two renames of a swap (where the exchange is not
    available): no store at the path, the old one in .store.old-*. The next open puts it back."""
    before = count(store_copy)
    os.rename(store_copy, Path(store_copy).with_name(".store.old-deadbeef"))
    assert not os.path.exists(store_copy)
    assert EmbeddedStore(store_copy).exists()
    assert count(store_copy) == before
    assert not list(Path(store_copy).parent.glob(".store.old-*"))


def test_a_load_after_an_interrupted_swap_keeps_the_old_store(store_copy):
    """The next writer (here kg load) recovers the old store first instead of starting an empty one."""
    before = count(store_copy)
    os.rename(store_copy, Path(store_copy).with_name(".store.old-deadbeef"))
    out = run_cli("--store", store_copy, "load", "-", "-F", "nt", input=b"<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    assert out.exit_code == 0, out.output
    assert count(store_copy) == before + 1


def test_builds_killed_at_random_moments_leave_a_store(store_copy, data):
    retitle(data, "Killed build title")
    env = {**os.environ, "KG_STORE": store_copy}
    rng = random.Random(14)
    for _ in range(6):
        proc = subprocess.Popen([KG, "build", "--data", str(data)], env=env, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        found = titles(store_copy)  # either the old or the new build, never none
        assert found, "no store after the kill"
    done = run_cli("--store", store_copy, "build", "--data", str(data))
    assert done.exit_code == 0, done.output
    assert "Killed build title" in titles(store_copy)
    left = [p.name for p in Path(store_copy).parent.iterdir() if p.name.startswith(".store.") and p.suffix != ".lock"]
    assert left == []
