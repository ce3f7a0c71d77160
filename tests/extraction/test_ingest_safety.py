"""kg ingest stores an article all or nothing: when its articles.yaml record cannot be written, the
text and review file written just before are removed again (as after a full disk)."""

from __future__ import annotations

import shutil

from tests.conftest import DATA, run_cli


def test_failed_record_leaves_no_text_or_review(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    real = tmp_path / "articles-real.yaml"
    shutil.move(data / "articles.yaml", real)
    (data / "articles.yaml").symlink_to(real)  # readable, but -o-style writes refuse a link
    before = {p.relative_to(data) for p in data.rglob("*")}
    article = tmp_path / "new.txt"
    article.write_text("Title: A new report\n\nJNIM attacked a convoy near Kayes, the army said.\n", encoding="utf-8")
    out = run_cli("ingest", "--data", str(data), str(article))
    assert out.exit_code == 2 and "kg: error:" in out.stderr and "symbolic link" in out.stderr
    after = {p.relative_to(data) for p in data.rglob("*")} - {p for p in before}
    assert {str(p) for p in after} <= {"review", "articles", ".kg-write.lock"}, after
