"""kg load on the embedded store: formats, gzip, stdin, progress, all-or-nothing on big files, a killed
load, and the lock between two loads."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.core.errors import DataError

from tests.conftest import KG, PROJECT, run_cli



def synth(path: Path, triples: int) -> Path:
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "synth.py"), str(triples), "-o", str(path)],
                   check=True, capture_output=True)
    return path


def count(store: str, graph: str | None = None) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}" if graph else \
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    out = run_cli("--store", store, "query", q, "-F", "csv")
    assert out.exit_code == 0, out.output
    return int(out.stdout.split()[1])


@pytest.mark.parametrize("suffix,text", [
    ("ttl", '@prefix ex: <http://ex/> . ex:a ex:p "x", "y" .'),
    ("nt", '<http://ex/a> <http://ex/p> "x" .\n<http://ex/a> <http://ex/p> "y" .'),
    ("rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
            '<rdf:Description rdf:about="http://ex/a"><ex:p>x</ex:p><ex:p>y</ex:p></rdf:Description></rdf:RDF>'),
    ("jsonld", '{"@id": "http://ex/a", "http://ex/p": ["x", "y"]}'),
    ("trix", '<TriX xmlns="http://www.w3.org/2004/03/trix/trix-1/"><graph><triple><uri>http://ex/a</uri>'
             '<uri>http://ex/p</uri><plainLiteral>x</plainLiteral></triple><triple><uri>http://ex/a</uri>'
             '<uri>http://ex/p</uri><plainLiteral>y</plainLiteral></triple></graph></TriX>'),
])
def test_formats_from_suffix(store_copy, tmp_path, suffix, text):
    f = tmp_path / f"sample-{suffix}.{suffix}"
    f.write_text(text, encoding="utf-8")
    result = run_cli("--store", store_copy, "load", str(f))
    assert result.exit_code == 0, result.output
    graph = f"https://w3id.org/mali-kg/graph/sample-{suffix}"
    assert count(store_copy, graph) == 2


def test_gzip_stdin_and_quads(store_copy, tmp_path):
    data = gzip.compress(b'<http://ex/a> <http://ex/p> "in default" .\n'
                         b'<http://ex/a> <http://ex/p> "in g2" <http://ex/g2> .\n')
    result = run_cli("--store", store_copy, "load", "-", "--format", "nq", "--graph", "http://ex/g1", input=data)
    assert result.exit_code == 0, result.output
    assert count(store_copy, "http://ex/g1") == 1 and count(store_copy, "http://ex/g2") == 1
    f = tmp_path / "zipped.nt.gz"
    f.write_bytes(gzip.compress(b'<http://ex/z> <http://ex/p> "z" .\n'))
    assert run_cli("--store", store_copy, "load", str(f), "--optimize").exit_code == 0
    assert count(store_copy, "https://w3id.org/mali-kg/graph/zipped") == 1
    assert count(store_copy, "http://ex/g1") == 1


def test_bad_input_is_named(store_copy, tmp_path):
    unknown = tmp_path / "data.csv"
    unknown.write_text("a,b\n")
    out = run_cli("--store", store_copy, "load", str(unknown))
    assert out.exit_code == 2 and "unknown RDF format 'csv'" in out.stderr
    assert "needs --format" in run_cli("--store", store_copy, "load", "-", input=b"").stderr
    assert "no such file" in run_cli("--store", store_copy, "load", str(tmp_path / "nope.ttl")).stderr
    nt = tmp_path / "ok.nt"
    nt.write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n")
    zero = run_cli("--store", store_copy, "load", "--jobs", "0", str(nt))
    assert zero.exit_code == 2 and "jobs must be at least 1" in zero.stderr
    ttl = tmp_path / "typo.ttl"
    ttl.write_text("@prefix ex: <http://ex/> .\nex:a ex:p ex:b .\nex:a ex:p ex:c ;\n  ex:q \"unclosed .\n")
    out = run_cli("--store", store_copy, "load", str(ttl))
    assert out.exit_code == 2 and f"{ttl}:4:" in out.stderr and "nothing was loaded" in out.stderr


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_big_file_failing_at_the_end_loads_nothing(store_copy, tmp_path, jobs):
    """Hundreds of thousands of good triples, one broken line at the end: the store is unchanged,
    byte for byte in content, and the error names the line. The progress bar shows on stderr."""
    big = synth(tmp_path / "big.nt", 300_000)
    lines = sum(1 for _ in open(big, "rb"))
    with open(big, "ab") as fh:
        fh.write(b'<http://ex/a> <http://ex/p> "broken .\n')
    before = run_cli("--store", store_copy, "export", "-F", "nquads").stdout
    out = run_cli("--store", store_copy, "load", str(big), "--jobs", jobs)
    assert out.exit_code == 2
    assert f"{big}:{lines + 1}:" in out.stderr and "loading" in out.stderr
    assert run_cli("--store", store_copy, "export", "-F", "nquads").stdout == before
    assert not list(Path(store_copy).parent.glob(".store.load-*"))


def test_killed_load_leaves_the_store_intact(store_copy, tmp_path):
    big = synth(tmp_path / "killme.nt", 600_000)
    before = count(store_copy)
    env = {**os.environ, "KG_STORE": store_copy}
    proc = subprocess.Popen([KG, "load", str(big)], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(Path(store_copy).parent.glob(".store.load-*")):
        time.sleep(0.05)
    time.sleep(1.0)
    assert proc.poll() is None, "the load ended before it could be killed"
    # a second load meanwhile is refused, not interleaved
    other = run_cli("--store", store_copy, "load", "-", "-F", "nt", input=b"<http://ex/a> <http://ex/b> <http://ex/c> .\n",
                    env={"KG_LOCK_TIMEOUT": "0"})
    assert other.exit_code == 2 and "another kg command is writing" in other.stderr
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert count(store_copy) == before
    assert run_cli("--store", store_copy, "show", "JNIM").exit_code == 0
    again = run_cli("--store", store_copy, "load", "-", "-F", "nt", input=b"<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    assert again.exit_code == 0, again.output
    assert count(store_copy) == before + 1
    assert not list(Path(store_copy).parent.glob(".store.load-*"))


def test_parallel_blocks_load_what_one_call_loads(store_path, tmp_path):
    """N-Triples cut into blocks loaded by several threads give the same store as one bulk-load call,
    a blank node used in blocks far apart stays one node, and an error names the line of the file."""
    from kg.store.load import load_files
    from kg.store.embedded import open_store

    big = synth(tmp_path / "par.nt", 30_000)  # 4 MB: 8 blocks of 512 kB
    data = big.read_bytes()  # a blank node in the middle of the file and again at its end
    middle = data.index(b"\n", len(data) // 2) + 1
    big.write_bytes(data[:middle] + b'_:n1 <http://ex/p> "in the middle" .\n' + data[middle:]
                    + b'_:n1 <http://ex/p> "at the end" .\n')
    dumps, counts = {}, {}
    for jobs, block in ((1, None), (3, 1 << 19)):
        store = tmp_path / f"store-{jobs}"
        shutil.copytree(store_path, store)
        counts[jobs] = load_files(open_store(store), [str(big)], jobs=jobs, block_size=block, optimize=jobs > 1)
        res = run_cli("--store", str(store), "query", "-F", "csv",
                      'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <http://ex/p> ?o }')
        assert res.stdout.split()[1] == "1"
        dump = run_cli("--store", str(store), "query", "-F", "nt", "CONSTRUCT { ?s ?p ?o } WHERE "
                       "{ GRAPH <https://w3id.org/mali-kg/graph/par> { ?s ?p ?o } FILTER(!isBlank(?s)) }")
        dumps[jobs] = sorted(dump.stdout.splitlines())
    assert counts[1] == counts[3] and counts[1]["https://w3id.org/mali-kg/graph/par"] > 29_000
    assert len(dumps[1]) > 29_000 and dumps[1] == dumps[3]

    lines = data.splitlines(keepends=True)
    bad = tmp_path / "bad.nt"
    bad.write_bytes(b"".join(lines[:20_000]) + b'<http://ex/a> <http://ex/p> "broken .\n' + b"".join(lines[20_000:]))
    store = tmp_path / "store-bad"
    shutil.copytree(store_path, store)
    with pytest.raises(DataError) as err:
        load_files(open_store(store), [str(bad)], jobs=3, block_size=1 << 19)
    assert err.value.line == 20_001 and "nothing was loaded" in str(err.value)
