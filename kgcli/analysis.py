"""kg rank, path, neighbours, communities, timeline, claims, conflicts: analyst questions without SPARQL."""

from __future__ import annotations

import click

from .common import (GRAPH_FORMATS, ROW_FORMATS, format_option, out, output_option, render_rows, selection,
                     selection_options, width_option)


@click.command()
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
    from kg.analysis.analytics import rank as compute

    rows = compute(settings.store, by, top or None, selection(**sel), sample)
    out(render_rows(rows, fmt, ["rank", "name", "category", "degree", "statements", "betweenness", "pagerank"], width),
        output)


@click.command()
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
    from kg.analysis.analytics import paths

    rows = paths(settings.store, a, b, all_paths, max_length, selection(**sel), limit)
    click.echo(f"{max(r['path'] for r in rows)} path(s) of {max(r['hop'] for r in rows)} hop(s); direction is "
               "ignored to connect, each statement shows its own", err=True)
    out(render_rows(rows, fmt, ["path", "hop", "subject", "relation", "object", "date", "quote", "article",
                            "statement"], width), output)


@click.command()
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
    from kg.analysis import analytics

    if fmt in GRAPH_FORMATS:
        out(analytics.export_neighbours(settings.store, name, depth, fmt, selection(**sel)), output)
        return
    rows = analytics.neighbours(settings.store, name, depth, selection(**sel), edges)
    columns = (["subject", "relation", "object", "date", "quote", "article", "statement"] if edges
               else ["distance", "name", "category", "statements", "via"])
    out(render_rows(rows, fmt, columns, width), output)


@click.command()
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True,
              help="Louvain (seeded) or greedy modularity, both from networkx.")
@click.option("--resolution", default=1.0, show_default=True, help="Above 1: smaller groups; below 1: larger.")
@click.option("--seed", default=0, show_default=True, help="Random seed for Louvain.")
@selection_options
@format_option
@click.option("--width", type=click.IntRange(min=0), default=0, show_default=True, help="Cut table cells to this width (0: never).")
@output_option
@click.pass_obj
def communities(settings, method, resolution, seed, fmt, width, output, **sel):
    """Groups of actors (modularity communities), largest first, most connected members first.

    \b
    kg communities
    kg communities --method greedy --format json
    """
    from kg.analysis.analytics import communities as compute

    rows = compute(settings.store, method, resolution, seed, selection(**sel))
    if rows:
        click.echo(f"{len(rows)} communities, modularity {rows[0]['modularity']}", err=True)
    out(render_rows(rows, fmt, ["community", "size", "members"], width), output)


@click.command()
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
    from kg.analysis import timeline as tl

    if fmt == "html":
        from kg.pages.timeline import timeline_page

        out(timeline_page(settings.store, actors, date_from, date_to, include_claims, title=title), output)
        return
    rows = tl.timeline(settings.store, actors, date_from, date_to, include_claims)
    out(render_rows(rows, fmt, tl.COLUMNS[:2] + (["modality"] if include_claims else []) + tl.COLUMNS[2:], width),
        output)


@click.command()
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
    from kg.analysis import claims as cl

    rows = cl.claims(settings.store, by, claimant, source, attributed, hedged)
    if summary:
        out(render_rows(cl.claims_summary(rows), fmt, ["group", "statements", "asserted", "articles"], width), output)
        return
    out(render_rows(rows, fmt, ["group", "subject", "relation", "object", "modality", "date", "quote", "article",
                            "statement"], width), output)


@click.command()
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
    from kg.analysis.claims import conflicts as compute

    rows = compute(settings.store, same_object=not loose, include_claims=not asserted_only)
    click.echo(f"{len({r['conflict'] for r in rows})} conflict(s)", err=True)
    out(render_rows(rows, fmt, ["conflict", "aspect", "subject", "relation", "object", "value", "quote", "article",
                            "claimant", "statement"], width), output)


COMMANDS = (rank, path, neighbours, communities, timeline, claims, conflicts)
