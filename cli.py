"""The ``kg`` command: a thin click layer over the ``kg`` library.

Each command parses its options, calls one library function and formats what it returns.
Data goes to stdout; progress and messages to stderr. Errors: one line on stderr, exit status 2 for
usage and input errors, 1 for failed validation; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import sys

import click

from kg import __version__
from kgcli import analysis, ingestion, serving
from kgcli.common import (RESULT_FORMATS, KgGroup, Settings, format_option, out, output_option,
                          progress_steps, query_limit_options, read_text, selection, selection_options)

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
    from kg.corpus.build import BUILD_STEPS, build_store

    bar, step = progress_steps("building", BUILD_STEPS)
    with bar:
        summary = build_store(settings.store, data, validate=not no_validate, progress=step)
        bar.update(1, "done")
    click.echo(f"built {settings.store.location}: " + ", ".join(f"{v} {k}" for k, v in summary.items()),
               err=True)


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.File("rb"), help="Read the query from FILE ('-' for stdin).")
@click.option("--format", "-F", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle, nt, xml, jsonld, ...")
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (INSERT, DELETE, ...) to change the store.")
@click.option("--width", type=click.IntRange(min=0), default=80, show_default=True, help="Cut table cells to this width (0: never).")
@query_limit_options
@output_option
@click.pass_obj
def query(settings, sparql, file, fmt, allow_update, width, output, **limits):
    """Run a SPARQL query (argument, -f FILE, or stdin). The project's prefixes are declared.

    \b
    kg query 'SELECT ?place WHERE { ent:jnim kg:blockades ?place }'
    kg query -f queries/ransom.rq --format json
    """
    from kg.query.sparql import query_output

    if sparql is not None and file is not None:
        raise click.UsageError("give the query as an argument or with --file, not both")
    if sparql is None:
        if file is None and sys.stdin.isatty():
            raise click.UsageError("no query: give it as an argument, with --file FILE, or on stdin")
        sparql = read_text(file or getattr(sys.stdin, "buffer", sys.stdin), "the query")
    data = query_output(settings.store, sparql, fmt, allow_update=allow_update, max_width=width, **limits)
    if data is None:
        click.echo("update applied", err=True)
        return
    out(data, output)


@cli.command()
@click.option("--format", "-F", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "xml", "graphml", "gexf", "csv-edges"]),
              help="RDF format, or the actor network (asserted statements) as graphml, gexf, csv-edges.")
@output_option
@click.pass_obj
def export(settings, fmt, output):
    """Export the whole graph as RDF (Turtle by default), or the actor network for Gephi and
    spreadsheets (graphml, gexf, csv-edges), deterministically."""
    if fmt in ("graphml", "gexf", "csv-edges"):
        from kg.analysis.analytics import export_network

        out(export_network(settings.store, fmt), output)
        return
    from kg.query.export import export_store

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

    from kg.query.views import format_show, show as show_entity

    info = show_entity(settings.store, name)
    out(json.dumps(info, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else format_show(info))


@cli.command()
@format_option
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
              help="Validate a freshly built graph of this data folder instead of the store.")
@click.pass_obj
def validate(settings, fmt, data):
    """Check the graph against the SHACL shapes; exit status 1 on violations."""
    from kg.query.tables import render
    from kg.corpus.validate import validate_store

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

    from kg.query.tables import render
    from kg.query.views import stats as compute

    result = compute(settings.store)
    if fmt == "json":
        out(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    parts = [render([{"what": k, "count": v} for k, v in result["totals"].items()], fmt)]
    for section in ("class", "relation", "source", "category"):
        parts.append(render(result[section], fmt))
    out(("\n" if fmt == "table" else "").join(parts))


@cli.command()
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for mali.ttl and mali.html.")
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA", help="Data folder. [env KG_DATA]")
@click.option("--width", type=click.IntRange(min=0), default=48, show_default=True, help="Cut table cells to this width (0: never).")
@click.pass_obj
def demo(settings, out_dir, data, width):
    """The main job: build the graph, answer the example questions, write the Turtle export and the
    network page (out/mali.ttl, out/mali.html)."""
    from kg.corpus.build import BUILD_STEPS
    from kg.demo import run_demo
    from kg.query.sparql import format_result

    bar, step = progress_steps("building", BUILD_STEPS)
    with bar:
        report = run_demo(settings.store, out_dir, data=data, progress=step)
        bar.update(1, "done")
    click.echo(f"built {settings.store.location}: "
               + ", ".join(f"{v} {k}" for k, v in report["summary"].items()), err=True)
    for answer in report["answers"]:
        out(f"\n## {answer['question']}   (kg query -f {answer['file']})\n\n")
        out(format_result(answer["result"], "table", max_width=width))
    for path in report["files"]:
        click.echo(f"wrote {path}", err=True)


# ------------------------------------------------------------------------------ network page (issue 3)

@cli.command()
@click.option("--focus", metavar="NAME", help="Only the actors within --depth steps of NAME (name, alias or id).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Steps around --focus.")
@click.option("--query", "query_file", type=click.File("rb"), metavar="FILE",
              help="Only the network of a CONSTRUCT query's triples, or of the resources a SELECT returns "
                   "('-' for stdin); bounded like kg query's (--timeout, --max-memory, ...).")
@selection_options(claims=True)
@click.option("--title", help="Page title.")
@query_limit_options(network=False)
@output_option
@click.pass_obj
def viz(settings, focus, depth, query_file, title, output, timeout, max_memory, max_length, max_depth, **sel):
    """Write the interactive network page: one offline HTML file (open it in any browser).

    \b
    kg viz -o mali.html
    kg viz --focus JNIM --depth 2 -o jnim.html
    kg viz --family hostile --no-claims -o hostile.html
    kg viz --query queries/junta-realignment.rq --timeout 20 -o realignment.html
    """
    from click.core import ParameterSource

    from kg.pages.network import network_page

    if focus is None and click.get_current_context().get_parameter_source("depth") == ParameterSource.COMMANDLINE:
        raise click.UsageError("--depth needs --focus NAME")
    limits = {"timeout": timeout, "max_memory": max_memory, "max_length": max_length, "max_depth": max_depth}
    out(network_page(settings.store, selection=selection(**sel), focus=focus, depth=depth,
                     query=read_text(query_file, "the query") if query_file else None, title=title,
                     query_limits=limits), output)


# Commands of their own modules (kgcli/): analytics, scale and serving, ingestion.
for _module in (analysis, serving, ingestion):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main():
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
