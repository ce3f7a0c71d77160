"""kg load and kg serve: bulk loading into the store, serving it over the SPARQL 1.1 Protocol."""

from __future__ import annotations

import sys

import click

from kg.server import CACHE_MB, MAX_CACHE, MAX_WAITING, MAX_WORKERS
from kg.store.querytext import MAX_DEPTH
from kgcli.common import memory_option, timeout_option


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--graph", "-g", metavar="IRI", help="Target named graph for every file "
              "[default: https://w3id.org/mali-kg/graph/<file name>].")
@click.option("--format", "-F", "fmt", metavar="FORMAT",
              help="RDF format (needed for stdin): nt, nq, turtle, trig, n3, xml, jsonld, trix, hext.")
@click.option("--base", metavar="IRI", help="Base IRI for relative IRIs in the files.")
@click.option("--jobs", "-j", type=int, metavar="N",
              help="Threads loading N-Triples/N-Quads blocks at once [default: the CPUs, at most 8].")
@click.option("--optimize/--no-optimize", default=None, help="Compact the store after loading: a slower "
              "load, faster queries [default: when the load wrote in parallel parts and at least doubled "
              "the store].")
@click.option("--max-line", type=click.IntRange(min=1), default=8, show_default=True, metavar="MB",
              help="Longest line of an N-Triples, N-Quads, Turtle, TriG or N3 file.")
@click.option("--max-size", type=click.IntRange(min=1), default=65536, show_default=True, metavar="MB",
              help="Most input per file, after decompression.")
@click.option("--max-expansion", type=click.IntRange(min=1), default=16, show_default=True, metavar="MB",
              help="Most text the XML entities of an RDF/XML or TriX file may expand to.")
@click.pass_obj
def load(settings, files, graph, fmt, base, jobs, optimize, max_line, max_size, max_expansion):
    """Add RDF files ('-' for stdin, .gz accepted) to a named graph of the store, all or nothing.

    \b
    kg load events.ttl gazetteer.nt.gz
    zcat dump.nq.gz | kg load - --format nq --graph https://example.org/g
    """
    import os

    from kg.store.load import load_files

    total = sum(os.path.getsize(f) for f in files if f != "-" and os.path.isfile(f))
    limits = {"max_line": max_line << 20, "max_bytes": max_size << 20, "max_expansion": max_expansion << 20}
    bar = click.progressbar(length=total, label="loading", file=sys.stderr) if total > (4 << 20) else None
    if bar is None:
        sizes = load_files(settings.store, list(files), graph=graph, fmt=fmt, base_iri=base, jobs=jobs,
                           optimize=optimize, **limits)
    else:
        with bar:
            sizes = load_files(settings.store, list(files), graph=graph, fmt=fmt, base_iri=base,
                               progress=bar.update, jobs=jobs, optimize=optimize, **limits)
    for iri, n in sizes.items():
        click.echo(f"loaded into <{iri}>: it now holds {n} triples", err=True)


@click.command()
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=7878, show_default=True,
              help="TCP port on 127.0.0.1.")
@timeout_option(30.0, "Longest run of one query, seconds.")
@click.option("--workers", type=click.IntRange(1, MAX_WORKERS), default=2, show_default=True,
              help="Queries at once; twice as many worker processes run, so that at most N slow "
                   "queries (past 1 s) never hold up the fast ones.")
@click.option("--max-query", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Longest query text, characters.")
@memory_option(4096, "Memory ceiling of each query worker.")
@click.option("--max-depth", type=click.IntRange(min=1), default=MAX_DEPTH, show_default=True,
              help="Deepest nesting of brackets in a query (deeper ones get 400).")
@click.option("--cache", type=click.IntRange(0, MAX_CACHE), default=CACHE_MB, show_default=True, metavar="MB",
              help="Answers kept to give again until the store changes (0: no cache).")
@click.option("--max-waiting", type=click.IntRange(min=0), default=MAX_WAITING, show_default=True, metavar="N",
              help="Requests waiting for a query worker; one more gets 503 with Retry-After.")
@click.option("--review", is_flag=True, help="Enable the review desk: accept and reject candidates of "
              "data/review/ from the browser (writes the data folder, rebuilds the store) [default: read-only].")
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
              help="Data folder the review desk works on. [env KG_DATA]")
@click.pass_obj
def serve(settings, port, timeout, workers, max_query, max_memory, max_depth, cache, max_waiting, review, data):
    """Serve the workbench on http://127.0.0.1:PORT/ (find, entities, articles, review, map, network,
    timeline, SPARQL) and the store read-only over the SPARQL 1.1 Protocol at /sparql."""
    from kg.web.app import serve as run_workbench

    mode = "review desk enabled" if review else "read-only"
    run_workbench(settings.store, data, review=review, port=port, timeout=timeout, workers=workers,
                  max_query=max_query, max_memory=max_memory, max_depth=max_depth, cache=cache,
                  max_waiting=max_waiting,
                  ready=lambda url: click.echo(f"serving {settings.store.location} at {url} ({mode}; SPARQL at "
                                               f"{url}sparql; Ctrl-C to stop)", err=True))


COMMANDS = (load, serve)
