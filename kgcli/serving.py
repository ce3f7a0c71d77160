"""kg load and kg serve: bulk loading into the store, serving it over the SPARQL 1.1 Protocol."""

from __future__ import annotations

import sys

import click


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
@click.pass_obj
def load(settings, files, graph, fmt, base, jobs, optimize):
    """Add RDF files ('-' for stdin, .gz accepted) to a named graph of the store, all or nothing.

    \b
    kg load events.ttl gazetteer.nt.gz
    zcat dump.nq.gz | kg load - --format nq --graph https://example.org/g
    """
    import os

    from kg.store.load import load_files

    total = sum(os.path.getsize(f) for f in files if f != "-" and os.path.isfile(f))
    bar = click.progressbar(length=total, label="loading", file=sys.stderr) if total > (4 << 20) else None
    if bar is None:
        sizes = load_files(settings.store, list(files), graph=graph, fmt=fmt, base_iri=base, jobs=jobs,
                           optimize=optimize)
    else:
        with bar:
            sizes = load_files(settings.store, list(files), graph=graph, fmt=fmt, base_iri=base,
                               progress=bar.update, jobs=jobs, optimize=optimize)
    for iri, n in sizes.items():
        click.echo(f"loaded into <{iri}>: it now holds {n} triples", err=True)


@click.command()
@click.option("--port", "-p", default=7878, show_default=True, help="TCP port on 127.0.0.1.")
@click.option("--timeout", default=30.0, show_default=True, help="Longest run of one query, seconds.")
@click.option("--workers", default=2, show_default=True, help="Query worker processes.")
@click.option("--max-query", default=100_000, show_default=True, help="Longest query text, bytes.")
@click.option("--review", is_flag=True, help="Enable the review desk: accept and reject candidates of "
              "data/review/ from the browser (writes the data folder, rebuilds the store) [default: read-only].")
@click.option("--data", type=click.Path(file_okay=False), envvar="KG_DATA",
              help="Data folder the review desk works on. [env KG_DATA]")
@click.pass_obj
def serve(settings, port, timeout, workers, max_query, review, data):
    """Serve the workbench on http://127.0.0.1:PORT/ (find, entities, articles, review, map, network,
    timeline, SPARQL) and the store read-only over the SPARQL 1.1 Protocol at /sparql."""
    from kg.web.app import serve as run_workbench

    mode = "review desk enabled" if review else "read-only"
    run_workbench(settings.store, data, review=review, port=port, timeout=timeout, workers=workers,
                  max_query=max_query,
                  ready=lambda url: click.echo(f"serving {settings.store.location} at {url} ({mode}; SPARQL at "
                                               f"{url}sparql; Ctrl-C to stop)", err=True))


COMMANDS = (load, serve)
