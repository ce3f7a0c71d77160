"""What a SPARQL request is, read from its text before any engine sees it: its form (SELECT, ASK,
CONSTRUCT, DESCRIBE or an update), whether it is allowed (read-only, no SERVICE), and engine errors
turned into messages with line and column. Used by the stores, ``kg query`` and ``kg serve``.
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
    r"<[^<>\"{}|^`\\\s]*>|#[^\n]*", re.S)
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


def check_query(sparql: str, *, allow_update: bool = False) -> str:
    """Refuse what the CLI must not run; return the query form."""
    if not sparql.strip():
        raise QueryError("empty query")
    words = keywords(sparql)
    if "SERVICE" in words:
        raise QueryError("SERVICE is refused: kg works offline and never sends a query to another endpoint")
    form = query_form(sparql, words)
    if form == "UPDATE" and not allow_update:
        raise QueryError("SPARQL Update is refused: queries are read-only (pass --allow-update to change the store)")
    return form


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
