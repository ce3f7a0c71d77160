"""Exceptions that carry a message a person can act on, and the exit status the CLI should use."""

from __future__ import annotations


class KgError(Exception):
    """An error caused by the user's input or data: reported as one line, exit status 2."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column is not None else "") + ": "
        return where + self.message


class DataError(KgError):
    """A bad data file: a statement, entity or article record that cannot be used."""


class QueryError(KgError):
    """A SPARQL query that is malformed or not allowed."""


class NotFound(KgError):
    """A name that matches no entity."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class ValidationFailed(KgError):
    """The graph breaks the SHACL shapes: exit status 1."""

    exit_code = 1

    def __init__(self, message: str, report: list[dict] | None = None):
        self.report = report or []
        super().__init__(message)


class StoreError(KgError):
    """The store is missing, locked or unreachable."""
