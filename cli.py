"""The ``kg`` command: a thin click layer over the ``kg`` library.

Each command parses its options, calls one library function and formats what it returns.
Data goes to stdout; progress and messages to stderr. Errors: one line on stderr, exit status 2 for
usage and input errors, 1 for failed validation; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import sys

import click

from kg import __version__
from kg.errors import KgError

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
            from kg.store import open_store
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
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(130)
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
        from kg.files import atomic_write
        path = atomic_write(output, data)
        click.echo(f"wrote {path}", err=True)
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


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


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", envvar="KG_STORE", metavar="PATH|URL",
              help="Store location: a folder (embedded Oxigraph store) or sparql+http(s)://... "
                   "[env KG_STORE; default ~/.local/share/mali-kg/store]")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(__version__, prog_name="kg")
@click.pass_context
def cli(ctx, store, debug):
    """mali-kg: a sourced knowledge graph of the 2025 Mali crisis.

    Build the graph from the curated statements, ask it anything in SPARQL, look up an actor with
    the quote behind each fact, validate it and export it as RDF.
    """
    ctx.obj = Settings(store, debug)


# ------------------------------------------------------------------------------ core (issue 2)

@cli.command()
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
              help="Data folder (articles.yaml, entities.yaml, statements/, articles/). [env KG_DATA]")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check (not recommended).")
@click.pass_obj
def build(settings, data, no_validate):
    """Build the graph from ontology, entities, statements and articles into the store."""
    from kg.build import BUILD_STEPS, build_store

    bar, step = progress_steps("building", BUILD_STEPS)
    with bar:
        summary = build_store(settings.store, data, validate=not no_validate, progress=step)
        bar.update(1, "done")
    click.echo(f"built {settings.store.location}: " + ", ".join(f"{v} {k}" for k, v in summary.items()),
               err=True)


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.File("r", encoding="utf-8"), help="Read the query from FILE ('-' for stdin).")
@click.option("--format", "-F", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle, nt, xml, jsonld, ...")
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (INSERT, DELETE, ...) to change the store.")
@click.option("--width", default=80, show_default=True, help="Cut table cells to this width (0: never).")
@output_option
@click.pass_obj
def query(settings, sparql, file, fmt, allow_update, width, output):
    """Run a SPARQL query (argument, -f FILE, or stdin). The project's prefixes are declared.

    \b
    kg query 'SELECT ?place WHERE { ent:jnim kg:blockades ?place }'
    kg query -f queries/ransom.rq --format json
    """
    from kg.query import format_result, run_query

    if sparql is not None and file is not None:
        raise click.UsageError("give the query as an argument or with --file, not both")
    if sparql is None:
        if file is None and sys.stdin.isatty():
            raise click.UsageError("no query: give it as an argument, with --file FILE, or on stdin")
        sparql = (file or sys.stdin).read()
    result = run_query(settings.store, sparql, allow_update=allow_update)
    if result.type == "UPDATE":
        click.echo("update applied", err=True)
        return
    out(format_result(result, fmt, max_width=width), output)


@cli.command()
@click.option("--format", "-F", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "xml"]), help="RDF format.")
@output_option
@click.pass_obj
def export(settings, fmt, output):
    """Export the whole graph as RDF (Turtle by default), deterministically."""
    from kg.export import export_store

    out(export_store(settings.store, fmt), output)


@cli.command()
@click.argument("name")
@click.option("--format", "-F", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def show(settings, name, fmt):
    """Everything about one entity (by name, alias or id), each fact with its quote and source.

    \b
    kg show "Ivory Coast"
    kg show jihadists --format json
    """
    import json

    from kg.views import format_show, show as show_entity

    info = show_entity(settings.store, name)
    out(json.dumps(info, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else format_show(info))


@cli.command()
@format_option
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
              help="Validate a freshly built graph of this data folder instead of the store.")
@click.pass_obj
def validate(settings, fmt, data):
    """Check the graph against the SHACL shapes; exit status 1 on violations."""
    from kg.tables import render
    from kg.validate import validate_store

    conforms, results = validate_store(settings.store if data is None else None, data)
    if results:
        out(render(results, fmt, ["severity", "focus", "path", "value", "message"]))
    click.echo("conforms: the graph satisfies every shape" if conforms
               else f"does not conform: {sum(r['severity'] == 'Violation' for r in results)} violations",
               err=True)
    if not conforms:
        sys.exit(1)


@cli.command()
@format_option
@click.pass_obj
def stats(settings, fmt):
    """Counts: totals, and by class, relation, source article and category."""
    import json

    from kg.tables import render
    from kg.views import stats as compute

    result = compute(settings.store)
    if fmt == "json":
        out(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    parts = [render([{"what": k, "count": v} for k, v in result["totals"].items()], fmt)]
    for section in ("class", "relation", "source", "category"):
        parts.append(render(result[section], fmt))
    out(("\n" if fmt == "table" else "").join(parts))


# ------------------------------------------------------------------------------ network page (issue 3)
# (kg viz goes here)

# ------------------------------------------------------------------------------ analytics (issue 4)
# (kg rank, path, neighbours, communities, timeline, claims, conflicts go here)

# ------------------------------------------------------------------------------ scale and serving (issue 5)
# (kg load, kg serve go here)

# ------------------------------------------------------------------------------ ingestion (issue 6)
# (kg ingest, review, eval go here)


def main():
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
