"""What a SPARQL request is, read from its text before any engine sees it: its form (SELECT, ASK,
CONSTRUCT, DESCRIBE or an update), whether it is allowed (read-only, no SERVICE, no LOAD <url>, not
nested deeper than the parsers' stacks allow), and engine errors turned into messages with line and
column. Used by the stores, ``kg query`` and ``kg serve``.

SERVICE is decided on a real parse, not on keywords: any text that could spell the word (after
SPARQL's \\u escapes, Unicode compatibility forms and case folding) is parsed with rdflib's SPARQL
parser and refused if its parse tree holds a SERVICE pattern, or if the parser cannot read it (then
SERVICE cannot be ruled out). Queries that never spell it, nearly all of them, skip that parse and
its import cost. ``kg query`` and ``kg serve`` also run queries where no network is reachable
(``kg.core.bounded``), a second wall.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from kg.core.errors import KgError, QueryError

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
QUERY_KEYWORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}

_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|' r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|"
    r"<[^<>\"{}|^`\\\s]*>|#[^\r\n]*", re.S)
_WORD = re.compile(r"(?<![\w:?$])([A-Za-z]+)(?![\w:])")



def keywords(sparql: str) -> list[str]:
    """The bare keywords of a query in order, ignoring strings, IRIs, comments, names and variables."""
    stripped = _LEXEMES.sub(" ", sparql)
    return [w.upper() for w in _WORD.findall(stripped)]


def query_form(sparql: str, words: list[str] | None = None) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE for SPARQL Update requests (``words``: the
    query's ``keywords`` if known)."""
    for word in keywords(sparql) if words is None else words:
        if word in QUERY_KEYWORDS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


MAX_DEPTH = 128          # nesting of ( { [ : Oxigraph's parser overflows its stack near 2,500
MAX_QUERY = 100_000      # characters of query text
SERVICE_REFUSED = "SERVICE is refused: kg works offline and never sends a query to another endpoint"


def check_query(sparql: str, *, allow_update: bool = False, allow_network: bool = False,
                max_depth: int = MAX_DEPTH, max_length: int = MAX_QUERY) -> str:
    """Refuse what the CLI must not run; return the query form."""
    if not sparql.strip():
        raise QueryError("empty query")
    if max_length and len(sparql) > max_length:
        raise QueryError(f"the query is {len(sparql)} characters long, over the limit of {max_length} "
                         "(--max-query)")
    check_depth(sparql, max_depth)
    words = keywords(sparql)
    form = query_form(sparql, words)
    if spells(sparql, "service") and _holds(sparql, form, "ServiceGraphPattern"):
        raise QueryError(SERVICE_REFUSED)
    if form == "UPDATE" and not allow_update:
        raise QueryError("SPARQL Update is refused: queries are read-only (pass --allow-update to change the store)")
    if form == "UPDATE" and not allow_network and spells(sparql, "load") and _holds(sparql, form, "Load"):
        raise QueryError("LOAD is refused: kg works offline (pass --allow-network to let LOAD fetch its IRI)")
    return form


def check_depth(sparql: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse brackets nested deeper than ``max_depth`` (outside strings, IRIs and comments), before
    a recursive parser overflows its stack on them."""
    depth = deepest = 0
    for ch in _BRACKETS.findall(_LEXEMES.sub(" ", sparql)):
        depth = depth + 1 if ch in "({[" else max(0, depth - 1)
        deepest = max(deepest, depth)
    if max_depth and deepest > max_depth:
        raise QueryError(f"the query nests brackets {deepest} deep, over the limit of {max_depth} (--max-depth)")


_BRACKETS = re.compile(r"[(){}\[\]]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def spells(sparql: str, word: str) -> bool:
    """Whether ``word`` could be read anywhere in the text, even inside other tokens, after codepoint
    escapes, compatibility forms (NFKC) and case folding: a deliberately loose test."""
    import unicodedata

    def char(m):
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "?"
    text = _ESCAPE.sub(char, sparql)
    return any(word in form for form in (text.casefold(), unicodedata.normalize("NFKC", text).casefold(),
                                         text.lower()))


def _holds(sparql: str, form: str, name: str) -> bool:
    """Whether rdflib's parse of the request holds a ``name`` node (ServiceGraphPattern, Load); True
    when the parser cannot read the request, since then it cannot be ruled out. Carriage returns end
    comments for Oxigraph, not for pyparsing's ``restOfLine``: they become line feeds first."""
    import sys

    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.parserutils import CompValue

    text = sparql.replace("\r", "\n")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        tree = parser.parseUpdate(text) if form == "UPDATE" else parser.parseQuery(text)
    except Exception:  # ParseException, RecursionError, ...: unreadable, so not provably free of it
        return True
    finally:
        sys.setrecursionlimit(limit)
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False


def _syntax_error(exc: Exception, sparql: str) -> QueryError:
    text = str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", text, re.S)
    if not m:
        return QueryError(f"malformed SPARQL: {text.splitlines()[0] if text else type(exc).__name__}")
    line, col, message = int(m.group(1)), int(m.group(2)), m.group(3)
    if "Prefix not found" in message:
        # the parser reports the column just after the prefixed name; find the name before it
        lines = sparql.splitlines()
        before = lines[line - 1][:col - 1] if line <= len(lines) else ""
        m2 = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        message = f"undefined prefix '{m2.group(1) or ''}:'" if m2 else "undefined prefix"
    else:
        message = " ".join(message.split())
        if len(message) > 160:
            message = message[:157] + "..."
        message = "malformed SPARQL: " + message
    return QueryError(message, line=line, column=col)


@contextmanager
def engine_errors(sparql: str):
    """Turn what the engine raises (syntax errors, errors while evaluating) into QueryErrors."""
    try:
        yield
    except SyntaxError as exc:
        raise _syntax_error(exc, sparql) from None
    except KgError:
        raise
    except Exception as exc:  # errors raised by the engine while evaluating
        raise QueryError(f"query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``). ``FROM`` is a keyword
    nowhere else in SPARQL 1.1 (updates say ``USING``)."""
    return "FROM" in keywords(sparql)
