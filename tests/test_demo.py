"""The main job (`kg demo`, what ./scripts/demo runs): build, answers, Turtle export, network page."""

from __future__ import annotations

import re

from kg.core.config import queries_dir
from kg.demo import DEMO_QUERIES, question_of
from kg.query.export import export_store
from kg.store.embedded import EmbeddedStore

from tests.conftest import run_cli


def test_demo_builds_answers_and_writes_both_files(tmp_path):
    store_path, out_dir = tmp_path / "store", tmp_path / "out"
    res = run_cli("--store", str(store_path), "demo", "--out", str(out_dir))
    assert res.exit_code == 0, res.stderr
    for name in DEMO_QUERIES:
        assert question_of(queries_dir() / f"{name}.rq") in res.stdout
    assert "United Arab Emirates" in res.stdout and "Diarra Transport" in res.stdout
    assert sorted(p.name for p in out_dir.iterdir()) == ["mali.html", "mali.ttl"]
    assert (out_dir / "mali.ttl").read_bytes() == export_store(EmbeddedStore(store_path), "turtle")
    html = (out_dir / "mali.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert "wrote" in res.stderr and "statements" in res.stderr
