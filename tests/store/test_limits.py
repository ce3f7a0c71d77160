"""Bounded inputs: XML entity bombs, one-line and oversized gzip files in kg load; query deadline,
memory ceiling and no network in kg query (real files, the real store, a real listener)."""

from __future__ import annotations

import gzip
import socket
import threading

import pytest

from kg.core.bounded import LimitExceeded, run_bounded
from kg.core.errors import DataError
from kg.query.sparql import query_output
from kg.store.embedded import EmbeddedStore
from kg.store.load import load_files

from tests.conftest import run_cli

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def lol(levels: int) -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, levels + 1)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{chr(10).join(ents)}\n]>\n'
            f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="http://e/">\n'
            f'<rdf:Description rdf:about="http://e/s"><e:p>&lol{levels};</e:p></rdf:Description>\n'
            '</rdf:RDF>\n').encode()


@pytest.mark.parametrize("suffix", ["rdf", "trix"])
def test_billion_laughs_is_refused_without_expanding(store_copy, tmp_path, suffix):
    bomb = tmp_path / f"lol.{suffix}"
    bomb.write_bytes(lol(9))
    assert len(bomb.read_bytes()) < 2000
    with pytest.raises(DataError, match="expands to more than 16 MB") as info:
        load_files(EmbeddedStore(store_copy), [str(bomb)])
    assert info.value.path == str(bomb) and info.value.line is not None


def test_small_entities_still_load(store_copy, tmp_path):
    """Protégé-style namespace entities, a few levels of nesting: kept, expanded as XML says."""
    doc = tmp_path / "ok.rdf"
    doc.write_bytes(lol(3))
    sizes = load_files(EmbeddedStore(store_copy), [str(doc)])
    assert list(sizes.values()) == [1]
    out = run_cli("--store", store_copy, "query", "-F", "csv",
                  "SELECT ?o WHERE { GRAPH ?g { <http://e/s> <http://e/p> ?o } }").stdout
    assert out.splitlines()[1] == "lol" * 1000


def test_external_entity_is_refused(store_copy, tmp_path):
    doc = tmp_path / "ext.rdf"
    doc.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                   f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="http://e/"><rdf:Description rdf:about="http://e/s">'
                   '<e:p>&x;</e:p></rdf:Description></rdf:RDF>\n')
    out = run_cli("--store", store_copy, "load", str(doc))
    assert out.exit_code == 2 and "external entity 'x' refused" in out.stderr


def one_line_gz(path, megabytes: int):
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(b'<http://a> <http://b> "')
        for _ in range(megabytes):
            fh.write(b"a" * (1 << 20))
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_line_gzip_stops_at_the_line_limit(store_copy, tmp_path, jobs):
    big = one_line_gz(tmp_path / "oneline.nt.gz", 40)
    assert big.stat().st_size < 1 << 20
    out = run_cli("--store", store_copy, "load", "--jobs", jobs, "--max-line", "4", str(big))
    assert out.exit_code == 2
    assert f"{big}:1: a line longer than 4 MB" in out.stderr and "--max-line" in out.stderr


def test_long_line_in_the_middle_is_named(store_copy, tmp_path):
    nt = tmp_path / "mid.nt"
    good = b'<http://a> <http://b> "x" .\n'
    nt.write_bytes(good * 1000 + b'<http://a> <http://b> "' + b"y" * (3 << 20) + b'" .\n' + good * 10)
    out = run_cli("--store", store_copy, "load", "--max-line", "2", str(nt))
    assert out.exit_code == 2 and f"{nt}:1001: a line longer than 2 MB" in out.stderr
    assert run_cli("--store", store_copy, "load", "--max-line", "4", str(nt)).exit_code == 0


def test_decompressed_size_is_bounded(store_copy, tmp_path):
    big = tmp_path / "many.nt.gz"
    with gzip.open(big, "wb", compresslevel=1) as fh:
        for i in range(400_000):
            fh.write(b'<http://a> <http://b> "%d" .\n' % i)
    out = run_cli("--store", store_copy, "load", "--max-size", "5", str(big))
    assert out.exit_code == 2 and "more than 5 MB of input (after decompression)" in out.stderr


CROSS = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?c ?f LIMIT 1"


def test_query_memory_ceiling(store):
    with pytest.raises(LimitExceeded, match="more than 512 MB of memory"):
        query_output(store, CROSS, "csv", timeout=120, max_memory=512)
    # the parent is fine and the next query answers
    assert query_output(store, "ASK { ?s ?p ?o }", "csv", timeout=10, max_memory=512) == b"true\n"


def test_query_deadline(store):
    with pytest.raises(LimitExceeded, match="longer than 1 s"):
        query_output(store, CROSS, "csv", timeout=1, max_memory=8192)


def test_bounded_child_reaches_no_network():
    """A second wall behind the SERVICE parse: the query child has no network, not even loopback."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    port = srv.getsockname()[1]
    hits = []
    threading.Thread(target=lambda: hits.append(srv.accept()), daemon=True).start()

    def connect():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return "connected"
        except OSError as exc:
            return type(exc).__name__
    assert connect() == "connected"  # this process can reach the listener
    hits.clear()
    assert run_bounded(connect, timeout=10) != "connected"
    assert run_bounded(connect, timeout=10, offline=False) == "connected"
    srv.close()


def test_cli_limits_are_one_line_errors(cli_env):
    out = run_cli("query", "--timeout", "1", CROSS)
    assert out.exit_code == 2 and out.stderr.startswith("kg: error: the query ran longer than 1 s")
    out = run_cli("query", "--max-query", "10", "SELECT * WHERE { ?s ?p ?o }")
    assert out.exit_code == 2 and "--max-query" in out.stderr
    out = run_cli("query", "--timeout", "0", "ASK {}")
    assert out.exit_code == 2 and "--timeout" in out.stderr


def test_remote_answer_is_capped(monkeypatch):
    """A real HTTP endpoint on 127.0.0.1 that streams 8 MB: the client stops past the cap."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from kg.core.errors import StoreError
    from kg.store.remote import RemoteStore

    class Flood(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            try:
                self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
                for _ in range(8):
                    self.wfile.write(b" " * (1 << 20))
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Flood)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("KG_SPARQL_MAX_ANSWER", "2")
        store = RemoteStore(f"sparql+http://127.0.0.1:{srv.server_address[1]}/sparql")
        with pytest.raises(StoreError, match="answered more than 2 MB"):
            store.query("SELECT ?x WHERE { ?x ?p ?o }", dataset=False)
    finally:
        srv.shutdown()
