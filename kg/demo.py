"""The main job, end to end: build the graph into the store, answer the example questions of
``queries/``, write the Turtle export and the network page."""

from __future__ import annotations

from pathlib import Path

from kg.corpus.build import build_store
from kg.core.config import queries_dir
from kg.query.export import export_store
from kg.core.files import atomic_write
from kg.query.sparql import run_query

DEMO_QUERIES = ("urged-to-leave", "convoy-attacks", "junta-leader", "junta-realignment", "ransom",
                "jnim-blockades", "kidal", "banned-company", "alliance-of-sahel-states")


def question_of(path: Path) -> str:
    """The question a query file answers: its first comment line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and line.strip("# "):
            return line.strip("# ").strip()
    return path.stem


def run_demo(store, out_dir: str | Path, *, data=None, progress=None, queries=DEMO_QUERIES) -> dict:
    """Build, answer ``queries`` (names of files in queries/), write ``mali.ttl`` and ``mali.html``
    into ``out_dir``. Returns the build summary, the answers (QueryResult each) and the files."""
    from kg.pages.network import network_page

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = build_store(store, data, progress=progress)
    answers = []
    for name in queries:
        path = queries_dir() / f"{name}.rq"
        answers.append({"question": question_of(path), "file": f"queries/{path.name}",
                        "result": run_query(store, path.read_text(encoding="utf-8"))})
    files = [atomic_write(out / "mali.ttl", export_store(store, "turtle")),
             atomic_write(out / "mali.html", network_page(store))]
    return {"summary": summary, "answers": answers, "files": [str(f) for f in files]}
