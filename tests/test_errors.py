"""Every failure a user can cause from issue 14's list: one line 'kg: error: ...' on stderr, status
2, no traceback. Real processes where the case is about the process (serve, stdout on a full disk)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DATA, KG, run_cli
from tests.virtuoso import free_port



def one_line_error(stderr: str, *needles: str) -> None:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert lines and lines[-1].startswith("kg: error: "), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for needle in needles:
        assert needle in lines[-1], stderr


def run(args, env=None, stdout=subprocess.DEVNULL, timeout=120):
    return subprocess.run([KG, *args], env={**os.environ, **(env or {})}, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


@pytest.fixture()
def data(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def test_invalid_utf8_query_file(cli_env, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b"SELECT \xff * WHERE { ?s ?p ?o }")
    out = run_cli("query", "-f", str(bad))
    assert out.exit_code == 2
    one_line_error(out.stderr, "not UTF-8", str(bad))


def test_article_over_the_extractor_limit(data, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Title: Long\n\n" + "JNIM attacked Kayes. " * 50_000, encoding="utf-8")
    out = run_cli("ingest", "--data", str(data), str(big))
    assert out.exit_code == 2
    one_line_error(out.stderr, "over the limit of 1,000,000", "--max-chars")


def test_url_with_a_space_is_refused_at_ingest(data, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Title: A\nURL: https://example.org/a b\n\nJNIM attacked Kayes.\n", encoding="utf-8")
    out = run_cli("ingest", "--data", str(data), str(text))
    assert out.exit_code == 2
    one_line_error(out.stderr, "not an absolute IRI", str(text))


def test_url_with_a_space_in_articles_yaml_names_the_file(data, tmp_path):
    path = data / "articles.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  title:", "  url: https://example.org/a b\n  title:", 1), encoding="utf-8")
    out = run_cli("--store", str(tmp_path / "store"), "build", "--data", str(data))
    assert out.exit_code == 2
    one_line_error(out.stderr, str(path), "'url'")


def test_article_file_outside_the_data_folder(data, tmp_path):
    path = data / "articles.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.split("file: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"file: {first}", "file: ../../../../../../etc/passwd", 1), encoding="utf-8")
    out = run_cli("--store", str(tmp_path / "store"), "build", "--data", str(data))
    assert out.exit_code == 2
    one_line_error(out.stderr, "outside the data folder")


def test_stdout_on_a_full_disk(store_path):
    with open("/dev/full", "wb") as full:
        out = run(["export"], env={"KG_STORE": str(store_path)}, stdout=full)
    assert out.returncode == 2
    one_line_error(out.stderr, "No space left on device")


def test_output_into_a_folder_that_cannot_be_written(store_path):
    out = run(["export", "-o", "/sys/kg-issue-14.ttl"], env={"KG_STORE": str(store_path)})
    assert out.returncode == 2
    one_line_error(out.stderr, "cannot write /sys/kg-issue-14.ttl")


@pytest.mark.parametrize("args,needle", [
    (["serve", "--port", "70000"], "--port"),
    (["serve", "--timeout", "0"], "--timeout"),
    (["serve", "--max-query", "-1"], "--max-query"),
    (["serve", "--workers", "0"], "--workers"),
    (["serve", "--max-depth", "0"], "--max-depth"),
    (["serve", "--cache", "-1"], "--cache"),
    (["serve", "--max-waiting", "-1"], "--max-waiting"),
    (["query", "--timeout", "0", "ASK {}"], "--timeout"),
    (["query", "--timeout", "inf", "ASK {}"], "--timeout"),
    (["query", "--timeout", "nan", "ASK {}"], "--timeout"),
    (["serve", "--timeout", "1e300"], "--timeout"),
    (["query", "--max-memory", "99999999999", "ASK {}"], "--max-memory"),
    (["query", "--width", "-1", "ASK {}"], "--width"),
    (["serve", "--workers", "100000"], "--workers"),
    (["serve", "--cache", "99999999"], "--cache"),
    (["viz", "--query", "-", "--timeout", "0"], "--timeout"),
    (["viz", "--query", "-", "--max-memory", "10"], "--max-memory"),
    (["viz", "--query", "-", "--max-depth", "0"], "--max-depth"),
    (["load", "--max-line", "0", "x.nt"], "--max-line"),
])
def test_options_out_of_range(cli_env, args, needle):
    out = run(args)
    assert out.returncode == 2
    one_line_error(out.stderr, needle)


def test_port_in_use_is_one_line_and_never_announced(store_path):
    busy = socket.socket()
    busy.bind(("127.0.0.1", free_port()))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        out = run(["--store", str(store_path), "serve", "--port", str(port)], timeout=60)
    finally:
        busy.close()
    assert out.returncode == 2
    one_line_error(out.stderr, f"port {port}", "in use")
    assert "serving" not in out.stderr


def test_deep_query_is_an_error_not_a_crash(cli_env):
    for query in ("SELECT * WHERE " + "{" * 2500 + "?s ?p ?o" + "}" * 2500,
                  "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
                  "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { " * 3000 + "?s ?p ?o" + " }" * 3000 + " }"):
        out = run_cli("query", query)
        assert out.exit_code == 2
        one_line_error(out.stderr, "--max-depth")


def test_long_operator_chain_answers(cli_env):
    """Deep expression trees that no bracket counts: the engine runs them on a large stack."""
    query = "SELECT * WHERE { FILTER(" + "+".join(["1"] * 20_000) + ") }"
    out = run_cli("query", "--max-query", "100000", query, "-F", "csv")
    assert out.exit_code == 0, out.stderr


RUNAWAY = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i} ORDER BY ?c"


def _query_args(command, query):
    """The command line that runs the query file ``query`` (``kg viz --query FILE``, ``kg query -f FILE``)."""
    return [*command, str(query)] if command == ["viz", "--query"] else [*command, "-f", str(query)]


@pytest.mark.parametrize("command", [["query"], ["viz", "--query"]])
def test_a_runaway_query_stops_at_the_timeout_given(cli_env, tmp_path, command):
    """Every command that runs a user's SPARQL stops it at --timeout (kg serve's workers: tests/server)."""
    query = tmp_path / "runaway.rq"
    query.write_text(RUNAWAY)
    args = _query_args(command, query)
    out = run_cli(*args, "--timeout", "2", "--max-memory", "16384")
    assert out.exit_code == 2
    one_line_error(out.stderr, "ran longer than 2 s", "--timeout")


@pytest.mark.parametrize("command", [["query"], ["viz", "--query"]])
def test_a_query_past_the_memory_ceiling_is_stopped(cli_env, tmp_path, command):
    query = tmp_path / "runaway.rq"
    query.write_text(RUNAWAY)
    args = _query_args(command, query)
    out = run_cli(*args, "--max-memory", "100", "--timeout", "120")
    assert out.exit_code == 2
    one_line_error(out.stderr, "more than 100 MB", "--max-memory")


def test_viz_query_nesting_limit(cli_env, tmp_path):
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{ " * 6 + "?s ?p ?o" + " }" * 6)
    out = run_cli("viz", "--query", str(query), "--max-depth", "5")
    assert out.exit_code == 2
    one_line_error(out.stderr, "6 deep", "limit of 5 (--max-depth)")


@pytest.mark.parametrize("name,value", [("KG_SPARQL_TIMEOUT", "abc"), ("KG_SPARQL_TIMEOUT", "-1"),
                                        ("KG_SPARQL_TIMEOUT", "inf")])
def test_remote_store_limits_from_the_environment(name, value):
    out = run(["--store", "sparql+http://127.0.0.1:9/sparql", "query", "ASK {}"], env={name: value})
    assert out.returncode == 2
    one_line_error(out.stderr, name)
