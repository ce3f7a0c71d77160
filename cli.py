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
              type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "xml", "graphml", "gexf", "csv-edges"]),
              help="RDF format, or the actor network (asserted statements) as graphml, gexf, csv-edges.")
@output_option
@click.pass_obj
def export(settings, fmt, output):
    """Export the whole graph as RDF (Turtle by default), or the actor network for Gephi and
    spreadsheets (graphml, gexf, csv-edges), deterministically."""
    if fmt in ("graphml", "gexf", "csv-edges"):
        from kg.analytics import export_network

        out(export_network(settings.store, fmt), output)
        return
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


@cli.command()
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for mali.ttl and mali.html.")
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA", help="Data folder. [env KG_DATA]")
@click.option("--width", default=48, show_default=True, help="Cut table cells to this width (0: never).")
@click.pass_obj
def demo(settings, out_dir, data, width):
    """The main job: build the graph, answer the example questions, write the Turtle export and the
    network page (out/mali.ttl, out/mali.html)."""
    from kg.build import BUILD_STEPS
    from kg.demo import run_demo
    from kg.query import format_result

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
@click.option("--query", "query_file", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="Only the network of a CONSTRUCT query's triples, or of the resources a SELECT returns.")
@click.option("--category", multiple=True, help="Only actors of this category (repeatable), e.g. 'jihadist group'.")
@click.option("--relation", multiple=True, help="Only this relation (repeatable), e.g. blockades.")
@click.option("--family", multiple=True, help="Only this relation family (repeatable), e.g. hostile.")
@click.option("--source", multiple=True, help="Only statements from this article id (repeatable).")
@click.option("--from", "date_from", metavar="DATE", help="Only statements dated from DATE (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Only statements dated up to DATE (YYYY[-MM[-DD]]).")
@click.option("--no-claims", is_flag=True, help="Leave out hedged, denied and scenario statements (drawn dashed).")
@click.option("--title", help="Page title.")
@output_option
@click.pass_obj
def viz(settings, focus, depth, query_file, category, relation, family, source, date_from, date_to, no_claims,
        title, output):
    """Write the interactive network page: one offline HTML file (open it in any browser).

    \b
    kg viz -o mali.html
    kg viz --focus JNIM --depth 2 -o jnim.html
    kg viz --family hostile --no-claims -o hostile.html
    """
    from kg.network import Selection
    from kg.viz import network_page

    selection = Selection(categories=set(category), relations=set(relation), families=set(family),
                          sources=set(source), date_from=date_from, date_to=date_to, include_claims=not no_claims)
    out(network_page(settings.store, selection=selection, focus=focus, depth=depth,
                     query=query_file.read() if query_file else None, title=title), output)


# ------------------------------------------------------------------------------ analytics (issue 4)
# (kg rank, path, neighbours, communities, timeline, claims, conflicts go here)

GRAPH_FORMATS = ["graphml", "gexf", "csv-edges"]
width_option = click.option("--width", default=80, show_default=True, help="Cut table cells to this width (0: never).")


def selection_options(f):
    """Which part of the actor graph to use: relations, families, categories, sources, dates, claims."""
    for opt in reversed([
        click.option("--relation", "relations", multiple=True, help="Only this relation (repeatable), e.g. blockades."),
        click.option("--family", "families", multiple=True, help="Only this relation family (repeatable), e.g. hostile."),
        click.option("--category", "categories", multiple=True, help="Only actors of this category (repeatable)."),
        click.option("--source", "sources", multiple=True, help="Only statements from this article id (repeatable)."),
        click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="Only statements dated from (undated kept)."),
        click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Only statements dated up to (undated kept)."),
        click.option("--claims", "include_claims", is_flag=True,
                     help="Also hedged, negated and scenario statements (default: asserted only)."),
    ]):
        f = opt(f)
    return f


def _selection(relations, families, categories, sources, date_from, date_to, include_claims):
    from kg.network import Selection

    return Selection(relations=set(relations), families=set(families), categories=set(categories),
                     sources=set(sources), date_from=date_from, date_to=date_to, include_claims=include_claims)


def _render(rows, fmt, columns, width=80):
    """Rows as table/csv/tsv with ``columns``; JSON keeps every field."""
    from kg.tables import render

    return render(rows, fmt, None if fmt == "json" and rows else columns, width)


@cli.command()
@click.option("--by", type=click.Choice(["degree", "betweenness", "pagerank"]), default="degree", show_default=True,
              help="Measure to rank by (all three are shown).")
@click.option("--top", default=10, show_default=True, help="How many actors (0: all).")
@click.option("--sample", type=int, help="Estimate betweenness from this many pivots (big graphs; seeded).")
@selection_options
@format_option
@width_option
@output_option
@click.pass_obj
def rank(settings, by, top, sample, fmt, width, output, **sel):
    """Actors ranked by degree, betweenness or PageRank (undirected graph, asserted statements).

    \b
    kg rank
    kg rank --by pagerank --top 5 --format csv
    """
    from kg.analytics import rank as compute

    rows = compute(settings.store, by, top or None, _selection(**sel), sample)
    out(_render(rows, fmt, ["rank", "name", "category", "degree", "statements", "betweenness", "pagerank"], width),
        output)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--all", "all_paths", is_flag=True, help="Every shortest path, not just the first.")
@click.option("--max-length", type=click.IntRange(min=1), help="Fail (exit 1) when the shortest path is longer.")
@click.option("--limit", default=100, show_default=True, help="At most this many paths with --all.")
@selection_options
@format_option
@width_option
@output_option
@click.pass_obj
def path(settings, a, b, all_paths, max_length, limit, fmt, width, output, **sel):
    """The shortest connections between two actors, each hop with its statements and quotes.

    Connectivity ignores direction; each statement is shown in its real direction (subject,
    relation, object). Exit status 1 when the actors are not connected.

    \b
    kg path "United Arab Emirates" Bamako
    kg path UAE Kidal --all --format json
    """
    from kg.analytics import paths

    rows = paths(settings.store, a, b, all_paths, max_length, _selection(**sel), limit)
    click.echo(f"{max(r['path'] for r in rows)} path(s) of {max(r['hop'] for r in rows)} hop(s); direction is "
               "ignored to connect, each statement shows its own", err=True)
    out(_render(rows, fmt, ["path", "hop", "subject", "relation", "object", "date", "quote", "article",
                            "statement"], width), output)


@cli.command()
@click.argument("name")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1), help="Hops from NAME.")
@click.option("--edges", is_flag=True, help="One row per statement instead of one per actor.")
@selection_options
@click.option("--format", "-F", "fmt", type=click.Choice(ROW_FORMATS + GRAPH_FORMATS), default="table",
              show_default=True, help="Rows (table, csv, tsv, json) or the network (graphml, gexf, csv-edges).")
@width_option
@output_option
@click.pass_obj
def neighbours(settings, name, depth, edges, fmt, width, output, **sel):
    """The ego network of an actor: who is within --depth hops, or every statement among them.

    \b
    kg neighbours "Diarra Transport"
    kg neighbours JNIM --depth 2 --format gexf -o jnim.gexf
    """
    from kg import analytics

    if fmt in GRAPH_FORMATS:
        out(analytics.export_neighbours(settings.store, name, depth, fmt, _selection(**sel)), output)
        return
    rows = analytics.neighbours(settings.store, name, depth, _selection(**sel), edges)
    columns = (["subject", "relation", "object", "date", "quote", "article", "statement"] if edges
               else ["distance", "name", "category", "statements", "via"])
    out(_render(rows, fmt, columns, width), output)


@cli.command()
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True,
              help="Louvain (seeded) or greedy modularity, both from networkx.")
@click.option("--resolution", default=1.0, show_default=True, help="Above 1: smaller groups; below 1: larger.")
@click.option("--seed", default=0, show_default=True, help="Random seed for Louvain.")
@selection_options
@format_option
@click.option("--width", default=0, show_default=True, help="Cut table cells to this width (0: never).")
@output_option
@click.pass_obj
def communities(settings, method, resolution, seed, fmt, width, output, **sel):
    """Groups of actors (modularity communities), largest first, most connected members first.

    \b
    kg communities
    kg communities --method greedy --format json
    """
    from kg.analytics import communities as compute

    rows = compute(settings.store, method, resolution, seed, _selection(**sel))
    if rows:
        click.echo(f"{len(rows)} communities, modularity {rows[0]['modularity']}", err=True)
    out(_render(rows, fmt, ["community", "size", "members"], width), output)


@cli.command()
@click.option("--actor", "actors", multiple=True, help="Only entries about this actor (repeatable; name or alias).")
@click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="From this date (compared at the coarser precision).")
@click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Up to this date.")
@click.option("--claims", "include_claims", is_flag=True, help="Also hedged, negated and scenario statements.")
@click.option("--format", "-F", "fmt", type=click.Choice(ROW_FORMATS + ["html"]), default="table",
              show_default=True, help="Rows, or a self-contained offline HTML page.")
@click.option("--title", default="Mali crisis timeline", show_default=True, help="Title of the HTML page.")
@width_option
@output_option
@click.pass_obj
def timeline(settings, actors, date_from, date_to, include_claims, fmt, title, width, output):
    """Every dated event and statement in date order, precision shown as given (2025-09 is a month).

    \b
    kg timeline
    kg timeline --actor JNIM --from 2025-09
    kg timeline --format html -o timeline.html
    """
    from kg import timeline as tl

    rows = tl.timeline(settings.store, actors, date_from, date_to, include_claims)
    if fmt == "html":
        out(tl.timeline_html(rows, title), output)
        return
    out(_render(rows, fmt, tl.COLUMNS[:2] + (["modality"] if include_claims else []) + tl.COLUMNS[2:], width),
        output)


@cli.command()
@click.option("--by", type=click.Choice(["claimant", "source"]), default="claimant", show_default=True,
              help="Group by who makes the claim, or by source article.")
@click.option("--claimant", help="Only what this actor (name or alias) is reported to claim.")
@click.option("--source", help="Only statements from this article id.")
@click.option("--attributed", is_flag=True, help="Leave out the articles' own voice.")
@click.option("--hedged", is_flag=True, help="Only statements not stated as fact (likely, possible, ...).")
@click.option("--summary", is_flag=True, help="One row per group: counts and articles.")
@format_option
@width_option
@output_option
@click.pass_obj
def claims(settings, by, claimant, source, attributed, hedged, summary, fmt, width, output):
    """Statements grouped by claimant (or source article), each with its quote.

    \b
    kg claims --attributed
    kg claims --by source --summary
    """
    from kg import claims as cl

    rows = cl.claims(settings.store, by, claimant, source, attributed, hedged)
    if summary:
        out(_render(cl.claims_summary(rows), fmt, ["group", "statements", "asserted", "articles"], width), output)
        return
    out(_render(rows, fmt, ["group", "subject", "relation", "object", "modality", "date", "quote", "article",
                            "statement"], width), output)


@cli.command()
@click.option("--loose", is_flag=True, help="Compare statements with the same subject and relation, any object.")
@click.option("--asserted-only", is_flag=True, help="Leave hedged statements out of the comparison.")
@format_option
@width_option
@output_option
@click.pass_obj
def conflicts(settings, loose, asserted_only, fmt, width, output):
    """Facts on which the sources disagree (amounts, currencies, dates, modality), each side quoted.

    \b
    kg conflicts
    kg conflicts --format json
    """
    from kg.claims import conflicts as compute

    rows = compute(settings.store, same_object=not loose, include_claims=not asserted_only)
    click.echo(f"{len({r['conflict'] for r in rows})} conflict(s)", err=True)
    out(_render(rows, fmt, ["conflict", "aspect", "subject", "relation", "object", "value", "quote", "article",
                            "claimant", "statement"], width), output)


# ------------------------------------------------------------------------------ scale and serving (issue 5)
# (kg load, kg serve go here)

@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--graph", "-g", metavar="IRI", help="Target named graph for every file "
              "[default: https://w3id.org/mali-kg/graph/<file name>].")
@click.option("--format", "-F", "fmt", metavar="FORMAT",
              help="RDF format (needed for stdin): nt, nq, turtle, trig, n3, xml, jsonld, trix, hext.")
@click.option("--base", metavar="IRI", help="Base IRI for relative IRIs in the files.")
@click.pass_obj
def load(settings, files, graph, fmt, base):
    """Add RDF files ('-' for stdin, .gz accepted) to a named graph of the store, all or nothing.

    \b
    kg load events.ttl gazetteer.nt.gz
    zcat dump.nq.gz | kg load - --format nq --graph https://example.org/g
    """
    import os

    from kg.load import load_files

    total = sum(os.path.getsize(f) for f in files if f != "-" and os.path.isfile(f))
    bar = click.progressbar(length=total, label="loading", file=sys.stderr) if total > (4 << 20) else None
    if bar is None:
        sizes = load_files(settings.store, list(files), graph=graph, fmt=fmt, base_iri=base)
    else:
        with bar:
            sizes = load_files(settings.store, list(files), graph=graph, fmt=fmt, base_iri=base,
                               progress=bar.update)
    for iri, n in sizes.items():
        click.echo(f"loaded into <{iri}>: it now holds {n} triples", err=True)


@cli.command()
@click.option("--port", "-p", default=7878, show_default=True, help="TCP port on 127.0.0.1.")
@click.option("--timeout", default=30.0, show_default=True, help="Longest run of one query, seconds.")
@click.option("--workers", default=2, show_default=True, help="Query worker processes.")
@click.option("--max-query", default=100_000, show_default=True, help="Longest query text, bytes.")
@click.pass_obj
def serve(settings, port, timeout, workers, max_query):
    """Serve the store read-only over the SPARQL 1.1 Protocol on http://127.0.0.1:PORT/sparql."""
    from kg.server import serve as run_server

    run_server(settings.store, port=port, timeout=timeout, workers=workers, max_query=max_query,
               ready=lambda url: click.echo(f"serving {settings.store.location} read-only at {url} "
                                            "(Ctrl-C to stop)", err=True))

# ------------------------------------------------------------------------------ ingestion (issue 6)

data_option = click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
                           help="Data folder (articles.yaml, entities.yaml, statements/, review/). [env KG_DATA]")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--title", help="Article title (else the header's Title:, else the first line).")
@click.option("--publisher", help="Publisher (e.g. Reuters).")
@click.option("--author", help="Author (an analysis's own voice).")
@click.option("--date", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD (relative dates need it).")
@click.option("--url", help="Source URL.")
@click.option("--language", help="Language code (default en; the extractor's pattern pack).")
@click.option("--type", "article_type", type=click.Choice(["report", "analysis", "opinion"]), help="Article type.")
@click.option("--id", "article_id", help="Article id (default: from the title).")
@click.option("--accept", is_flag=True, help="Accept every candidate at once (no review).")
@data_option
@format_option
def ingest(paths, title, publisher, author, date, url, language, article_type, article_id, accept, data, fmt):
    """Register articles (FILE or DIR...), store their text unchanged and extract candidate statements
    into data/review/<article>.yaml. Re-ingesting the same text is a no-op.

    \b
    kg ingest new/*.txt --publisher Reuters --date 2025-11-12
    kg ingest inbox/            # every .txt/.md file, metadata from each file's header
    """
    from kg.ingest import ingest as run
    from kg.tables import render

    options = {"title": title, "publisher": publisher, "author": author, "date": date, "url": url,
               "language": language, "type": article_type, "id": article_id}
    from kg.ingest import collect

    files = collect(paths)
    bar = click.progressbar(length=len(files), label="ingesting", file=sys.stderr,
                            item_show_func=lambda p: p.name if p else "")
    with bar:
        rows = run(files, data, options=options, accept=accept, progress=lambda path: bar.update(1, path))
    out(render(rows, fmt))
    made = sum(r["status"] == "ingested" for r in rows)
    click.echo(f"{made} ingested, {len(rows) - made} unchanged; review with: kg review", err=True)


@cli.group(invoke_without_command=True)
@click.option("--article", "articles", multiple=True, help="Only this article (repeatable).")
@click.option("--status", type=click.Choice(["pending", "accepted", "rejected", "all"]), default="pending",
              show_default=True)
@click.option("--width", default=60, show_default=True, help="Cut table cells to this width.")
@data_option
@format_option
@click.pass_context
def review(ctx, articles, status, width, data, fmt):
    """List candidate statements (pending by default); accept or reject them by id.

    \b
    kg review
    kg review accept reuters-update-c003 reuters-update-c007
    kg review reject reuters-update-c004
    kg review accept --all      # every pending candidate
    """
    ctx.meta["review"] = {"data": data, "articles": articles or None}
    if ctx.invoked_subcommand is None:
        from kg.ingest import pending
        from kg.tables import render

        rows = pending(data, articles or None, status)
        out(render(rows, fmt, ["id", "status", "subject", "relation", "object", "modality", "confidence",
                               "claimant", "date", "new", "quote"], max_width=width))
        click.echo(f"{len(rows)} {status if status != 'all' else ''} candidates".replace("  ", " "), err=True)


@review.command("accept")
@click.argument("ids", nargs=-1)
@click.option("--all", "all_pending", is_flag=True, help="Every pending candidate.")
@click.option("--marked", is_flag=True, help="Every record whose status you set to 'accepted' by hand.")
@format_option
@click.pass_context
def review_accept(ctx, ids, all_pending, marked, fmt):
    """Move candidates into data/statements/ (checked as kg build would; all or nothing)."""
    from kg.ingest import accept_candidates
    from kg.tables import render

    if not ids and not all_pending and not marked:
        raise click.UsageError("give candidate ids, --all or --marked")
    opts = ctx.meta["review"]
    rows = accept_candidates(list(ids), opts["data"], all_pending=all_pending, marked=marked,
                             articles=opts["articles"])
    out(render(rows, fmt))
    click.echo(f"{len(rows)} accepted; run kg build to include them", err=True)


@review.command("reject")
@click.argument("ids", nargs=-1)
@click.option("--all", "all_pending", is_flag=True, help="Every pending candidate.")
@format_option
@click.pass_context
def review_reject(ctx, ids, all_pending, fmt):
    """Mark candidates rejected (they stay in the review file)."""
    from kg.ingest import reject_candidates
    from kg.tables import render

    if not ids and not all_pending:
        raise click.UsageError("give candidate ids or --all")
    opts = ctx.meta["review"]
    rows = reject_candidates(list(ids), opts["data"], all_pending=all_pending, articles=opts["articles"])
    out(render(rows, fmt))
    click.echo(f"{len(rows)} rejected", err=True)


@cli.command("eval")
@click.option("--article", "articles", multiple=True, help="Only this curated article (repeatable).")
@click.option("--protocol", type=click.Choice(["curated", "loo", "both"]), default="both", show_default=True,
              help="curated: patterns as shipped; loo: leave-one-article-out (what was written for an "
                   "article is not used on it).")
@click.option("--per-relation/--summary", default=True, show_default=True, help="Rows per relation too.")
@data_option
@format_option
@output_option
def evaluate_cmd(articles, protocol, per_relation, data, fmt, output):
    """Precision, recall and F1 of the extractor against the curated statements."""
    import json

    from kg.evaluate import PROTOCOLS, evaluate
    from kg.tables import render

    result = evaluate(data, articles or None, PROTOCOLS if protocol == "both" else (protocol,))
    if fmt == "json":
        out(json.dumps(result["protocols"], ensure_ascii=False, indent=2) + "\n", output)
        return
    rows = [r for r in result["rows"] if per_relation or r["relation"] == "(all)"]
    out(render(rows, fmt, ["protocol", "article", "relation", "gold", "extracted", "correct", "precision",
                           "recall", "f1", "quotes_verbatim"]), output)


def main():
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
