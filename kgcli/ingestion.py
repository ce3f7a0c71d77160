"""kg ingest, kg review, kg eval: new articles, candidate statements, their review and evaluation."""

from __future__ import annotations

import sys

import click

from .common import data_option, format_option, out, output_option


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--title", help="Article title (else the header's Title:, else the first line).")
@click.option("--publisher", help="Publisher (e.g. Reuters).")
@click.option("--author", help="Author (an analysis's own voice).")
@click.option("--date", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD (relative dates need it).")
@click.option("--url", help="Source URL.")
@click.option("--language", help="Language code: en (default) or fr.")
@click.option("--model", help="Installed spaCy pipeline to parse with (default: $KG_SPACY_MODEL, else the best"
                              " installed, e.g. en_core_web_md before en_core_web_sm).")
@click.option("--type", "article_type", type=click.Choice(["report", "analysis", "opinion"]), help="Article type.")
@click.option("--id", "article_id", help="Article id (default: from the title).")
@click.option("--accept", is_flag=True, help="Accept every candidate at once (no review).")
@data_option
@format_option
def ingest(paths, title, publisher, author, date, url, language, model, article_type, article_id, accept, data,
           fmt):
    """Register articles (FILE or DIR...), store their text unchanged and extract candidate statements
    into data/review/<article>.yaml. Re-ingesting the same text is a no-op.

    \b
    kg ingest new/*.txt --publisher Reuters --date 2025-11-12
    kg ingest inbox/            # every .txt/.md file, metadata from each file's header
    """
    from kg.extraction.ingest import ingest as run
    from kg.query.tables import render

    options = {"title": title, "publisher": publisher, "author": author, "date": date, "url": url,
               "language": language, "type": article_type, "id": article_id}
    bar = click.progressbar(length=1, label="ingesting", file=sys.stderr,
                            item_show_func=lambda p: p.name if p else "")

    def step(path, total):
        bar.length = total  # known once the files are collected and checked
        bar.update(1, path)

    with bar:
        rows = run(paths, data, options=options, accept=accept, progress=step, model=model)
    out(render(rows, fmt))
    made = sum(r["status"] == "ingested" for r in rows)
    click.echo(f"{made} ingested, {len(rows) - made} unchanged; review with: kg review", err=True)


@click.group(invoke_without_command=True)
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
        from kg.extraction.ingest import pending
        from kg.query.tables import render

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
    from kg.extraction.ingest import accept_candidates
    from kg.query.tables import render

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
    from kg.extraction.ingest import reject_candidates
    from kg.query.tables import render

    if not ids and not all_pending:
        raise click.UsageError("give candidate ids or --all")
    opts = ctx.meta["review"]
    rows = reject_candidates(list(ids), opts["data"], all_pending=all_pending, articles=opts["articles"])
    out(render(rows, fmt))
    click.echo(f"{len(rows)} rejected", err=True)


@click.command("eval")
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

    from kg.extraction.evaluate import PROTOCOLS, evaluate
    from kg.query.tables import render

    result = evaluate(data, articles or None, PROTOCOLS if protocol == "both" else (protocol,))
    if fmt == "json":
        out(json.dumps(result["protocols"], ensure_ascii=False, indent=2) + "\n", output)
        return
    rows = [r for r in result["rows"] if per_relation or r["relation"] == "(all)"]
    out(render(rows, fmt, ["protocol", "article", "relation", "gold", "extracted", "correct", "precision",
                           "recall", "f1", "quotes_verbatim"]), output)


COMMANDS = (ingest, review, evaluate_cmd)
