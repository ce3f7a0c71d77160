"""SERVICE never runs, whatever the spelling: a property test over generated spellings and glued
tokens, with a real listener on 127.0.0.1 that counts every connection the engine makes."""

from __future__ import annotations

import socket
import threading

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kg.core.errors import QueryError
from kg.store.querytext import check_query


class Listener:
    """A TCP listener on 127.0.0.1 counting the connections it accepts."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            conn.close()


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.sock.close()


def engine_store():
    """An in-memory Oxigraph store whose triples let glued-number patterns match."""
    s = ox.Store()
    for obj in (ox.Literal("3474", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                ox.Literal("70.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
                ox.Literal("x")):
        s.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), obj))
    return s


def spelled(word: str):
    """``word`` with each letter in either case, or (rarely) as a \\u escape."""
    def letter(ch):
        return st.sampled_from([ch.lower(), ch.upper(), ch.upper(), f"\\u{ord(ch.upper()):04X}"])
    return st.tuples(*[letter(c) for c in word]).map("".join)


BEFORE = ["", " ", "?s ?p 3474", "?s ?p 70.0", "?s ?p 3474.", "?s ?p 70.0 .", "?s ?p \"x\"", "{}",
          "BIND(1 AS ?b)", "FILTER(true)", "OPTIONAL{}", "# note\r", "# note\n", "?s ?p ?o.", "VALUES ?v {1}"]
GAPS = ["", " ", "\t", "\r", "\n", "\u00a0", "# c\r", "# c\n", "\f", "/**/"]
IRIS = ["<http://127.0.0.1:{port}/sparql>", "e:sparql", "<HTTP://127.0.0.1:{port}/sparql>", "e:"]


@st.composite
def service_queries(draw):
    form = draw(st.sampled_from(["SELECT * WHERE", "SELECT ?x", "ASK", "CONSTRUCT WHERE",
                                 "SELECT * FROM <http://g> WHERE"]))
    pattern = "{ ?x ?y ?z }"
    silent = draw(st.sampled_from(["", "SILENT", "silent"]))
    return ("PREFIX e: <http://127.0.0.1:{port}/sparql>\n" + form + " { " + draw(st.sampled_from(BEFORE))
            + draw(spelled("service")) + draw(st.sampled_from(GAPS)) + silent
            + draw(st.sampled_from(GAPS)) + draw(st.sampled_from(IRIS)) + draw(st.sampled_from(GAPS))
            + pattern + " }")


def test_the_listener_sees_an_unchecked_service(listener):
    """The property below can fail: Oxigraph itself does call the listener for a SERVICE pattern."""
    before = listener.hits
    with pytest.raises(Exception):
        list(engine_store().query(f"SELECT * WHERE {{ ?s ?p 3474SERVICE <http://127.0.0.1:{listener.port}/> {{ ?x ?y ?z }} }}"))
    assert listener.hits > before


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(service_queries())
def test_service_never_reaches_the_network(listener, template):
    query = template.replace("{port}", str(listener.port))
    before = listener.hits
    try:
        check_query(query)
    except QueryError:
        return  # refused before any engine saw it
    # check_query let it through: the engine itself must then not read it as SERVICE
    try:
        list(engine_store().query(query))
    except Exception:
        pass
    assert listener.hits == before, f"check_query let through a SERVICE that ran: {query!r}"


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service <http://example.org/service> 'SERVICE' } # SERVICE",
    "SELECT * WHERE { ?s <http://example.org/p> ?o FILTER(CONTAINS(?o, 'service')) }",
])
def test_the_word_service_elsewhere_is_allowed(query):
    assert check_query(query) == "SELECT"


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?s ?p 3474SERVICE <http://127.0.0.1:1/sparql> { ?x ?y ?z } }",
    "SELECT ?x WHERE { ?s ?p 70.0SERVICE <http://127.0.0.1:1/sparql> { ?x ?y ?z } }",
    "SELECT ?x WHERE { ?x ?y ?z # \r SERVICE <http://127.0.0.1:1/> { ?a ?b ?c }\n }",
])
def test_glued_and_hidden_service_is_refused(query):
    with pytest.raises(QueryError, match="SERVICE is refused"):
        check_query(query)


def test_load_url_needs_allow_network():
    with pytest.raises(QueryError, match="LOAD is refused"):
        check_query("LOAD <http://127.0.0.1:1/data.ttl>", allow_update=True)
    assert check_query("LOAD <http://127.0.0.1:1/data.ttl>", allow_update=True, allow_network=True) == "UPDATE"
    assert check_query("INSERT DATA { <http://a> <http://load> 'LOAD' }", allow_update=True) == "UPDATE"


def test_deep_nesting_is_refused_before_parsing():
    with pytest.raises(QueryError, match="--max-depth"):
        check_query("SELECT * WHERE " + "{" * 2500 + "?s ?p ?o" + "}" * 2500)
    with pytest.raises(QueryError, match="--max-depth"):
        check_query("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")
    # brackets inside strings do not count
    assert check_query("SELECT * WHERE { ?s ?p '" + "{" * 500 + "' }") == "SELECT"
