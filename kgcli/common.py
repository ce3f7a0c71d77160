"""What every kg command shares: settings, error handling, output, progress bars and options."""

from __future__ import annotations

import sys

import click

from kg.core.errors import KgError

RESULT_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld", "trig", "nquads", "n3"]
ROW_FORMATS = ["table", "csv", "tsv", "json"]

class Settings:
    def __init__(self, store: str | None, debug: bool):
        self.store_location = store
        self.debug = debug
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from kg.store.embedded import open_store
            self._store = open_store(self.store_location)
        return self._store


class KgGroup(click.Group):
    """Turns library errors into one line on stderr and the right exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if _debug(ctx):
                raise
            for line in getattr(exc, "problems", None) or [str(exc)]:
                click.echo(f"kg: error: {line}", err=True)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:  # bad options or arguments: one line too
            where = exc.ctx.command_path if exc.ctx is not None else "kg"
            click.echo(f"kg: error: {exc.format_message()} (see '{where} --help')", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader of stdout went away (kg ... | head)
            sys.stderr.close()
            ctx.exit(0)
        except OSError as exc:  # the environment: a full disk, a read-only file system, permissions
            if _debug(ctx):
                raise
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.echo(f"kg: error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(2)
        except Exception as exc:  # a bug, or an environment problem: still one line unless --debug
            if _debug(ctx):
                raise
            click.echo(f"kg: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                       err=True)
            ctx.exit(1)


def _debug(ctx) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False)) or "--debug" in sys.argv


def out(data: bytes | str, output: str | None = None) -> None:
    """Write data to stdout, or atomically to ``output``."""
    if output and output != "-":
        from kg.core.files import atomic_write
        path = atomic_write(output, data)
        click.echo(f"wrote {path}", err=True)
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise KgError(f"cannot write the output: {exc.strerror or exc}") from None


def progress_steps(label: str, steps):
    """A stderr progress bar over named steps; returns (bar, callback)."""
    bar = click.progressbar(length=len(steps), label=label, file=sys.stderr,
                            item_show_func=lambda s: s or "")
    seen = []

    def advance(step):
        bar.update(1 if seen else 0, step)
        seen.append(step)
    return bar, advance


format_option = click.option("--format", "-F", "fmt", type=click.Choice(ROW_FORMATS), default="table",
                             show_default=True, help="Output format.")
output_option = click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
                             help="Write to FILE (atomically) instead of stdout.")


GRAPH_FORMATS = ["graphml", "gexf", "csv-edges"]
width_option = click.option("--width", type=click.IntRange(min=0), default=80, show_default=True,
                            help="Cut table cells to this width (0: never).")


def selection_options(f=None, *, claims: bool = False):
    """Which part of the actor graph to use: relations, families, categories, sources, dates, claims.
    ``claims`` is the default of ``--claims/--no-claims`` (hedged, negated and scenario statements)."""
    def decorate(f):
        for opt in reversed([
            click.option("--relation", "relations", multiple=True,
                         help="Only this relation (repeatable), e.g. blockades."),
            click.option("--family", "families", multiple=True,
                         help="Only this relation family (repeatable), e.g. hostile."),
            click.option("--category", "categories", multiple=True,
                         help="Only actors of this category (repeatable), e.g. 'jihadist group'."),
            click.option("--source", "sources", multiple=True, help="Only statements from this article id (repeatable)."),
            click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="Only statements dated from (undated kept)."),
            click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Only statements dated up to (undated kept)."),
            click.option("--claims/--no-claims", "include_claims", default=claims, show_default=True,
                         help="Also hedged, negated and scenario statements."),
        ]):
            f = opt(f)
        return f
    return decorate(f) if f is not None else decorate


def selection(relations, families, categories, sources, date_from, date_to, include_claims):
    from kg.query.statements import Selection

    return Selection(relations=set(relations), families=set(families), categories=set(categories),
                     sources=set(sources), date_from=date_from, date_to=date_to, include_claims=include_claims)


def render_rows(rows, fmt, columns, width=80):
    """Rows as table/csv/tsv with ``columns``; JSON keeps every field."""
    from kg.query.tables import render

    return render(rows, fmt, None if fmt == "json" and rows else columns, width)


data_option = click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
                           help="Data folder (articles.yaml, entities.yaml, statements/, review/). [env KG_DATA]")


def query_limit_options(f=None, *, network: bool = True):
    """kg query's bounds: deadline, memory ceiling, text length, bracket depth, and (``network``)
    --allow-network for LOAD. The same options, defaults and errors on every command that runs a
    user's SPARQL (kg query, kg viz --query)."""
    if f is None:
        return lambda g: query_limit_options(g, network=network)
    from kg.core.bounded import DEFAULT_MEMORY, DEFAULT_TIMEOUT
    from kg.store.querytext import MAX_DEPTH, MAX_QUERY

    options = [
        timeout_option(DEFAULT_TIMEOUT, "Stop the query after this many seconds."),
        memory_option(DEFAULT_MEMORY, "Stop the query when it needs more memory than this."),
        click.option("--max-query", "max_length", type=click.IntRange(min=1), default=MAX_QUERY,
                     show_default=True, metavar="CHARS", help="Longest query text."),
        click.option("--max-depth", type=click.IntRange(min=1), default=MAX_DEPTH, show_default=True,
                     help="Deepest nesting of brackets in the query."),
    ]
    if network:
        options.append(click.option("--allow-network", is_flag=True, help="With --allow-update: let LOAD <url> "
                                    "fetch from the network (SERVICE stays refused)."))
    for opt in reversed(options):
        f = opt(f)
    return f


def timeout_option(default: float, help: str):
    """--timeout: seconds, more than 0, at most a week; nan and inf refused."""
    import math

    from kg.core.bounded import MAX_TIMEOUT

    def finite(ctx, param, value):
        if value is not None and not math.isfinite(value):
            raise click.BadParameter(f"{value} is not a number of seconds", ctx, param)
        return value
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=MAX_TIMEOUT), default=default,
                        show_default=True, callback=finite, help=help)


def memory_option(default: int, help: str):
    from kg.core.bounded import MAX_MEMORY

    return click.option("--max-memory", type=click.IntRange(min=64, max=MAX_MEMORY), default=default,
                        show_default=True, metavar="MB", help=help)


def read_text(stream, what: str) -> str:
    """All of a binary (or text) stream as UTF-8 text; invalid UTF-8 is a clear error."""
    data = stream.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        name = getattr(stream, "name", "stdin")
        raise KgError(f"{what} is not UTF-8 text: invalid byte at offset {exc.start}",
                      path=None if name in ("<stdin>", "-") or not isinstance(name, str) else name) from None
