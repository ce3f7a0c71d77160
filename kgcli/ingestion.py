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
@click.option("--max-chars", type=click.IntRange(min=1, max=1_000_000), default=1_000_000, show_default=True,
              help="Longest article, in characters (the extractor's own limit).")
@data_option
@format_option
def ingest(paths, title, publisher, author, date, url, language, model, article_type, article_id, accept,
           max_chars, data, fmt):
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
        rows = run(paths, data, options=options, accept=accept, progress=step, max_chars=max_chars, model=model)
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
@click.option("--article", "articles", multiple=True,
              help="Only this curated article (repeatable); with --corpus, this corpus file or its stem.")
@click.option("--protocol", type=click.Choice(["curated", "loo", "both"]), default="both", show_default=True,
              help="curated: patterns as shipped; loo: leave-one-article-out (what was written for an "
                   "article is not used on it). Not with --corpus.")
@click.option("--per-relation/--summary", default=True, show_default=True, help="Rows per relation too.")
@click.option("--corpus", type=click.Path(file_okay=False),
              help="Score on this corpus folder (articles/, articles.json, facts.json) instead of the curated "
                   "statements, by its gold facts' matching rule; the data folder is copied, never written.")
@click.option("--lang", type=click.Choice(["en", "fr", "all"]), default="all", show_default=True,
              help="With --corpus: only the articles in this language.")
@click.option("--keep", type=click.Path(file_okay=False),
              help="With --corpus: keep the scratch data folder (review files) in this new or empty folder.")
@click.option("--max-articles", type=click.IntRange(1), default=500, show_default=True,
              help="With --corpus: refuse a corpus with more articles than this.")
@data_option
@format_option
@output_option
@click.pass_context
def evaluate_cmd(ctx, articles, protocol, per_relation, corpus, lang, keep, max_articles, data, fmt, output):
    """Precision, recall and F1 of the extractor against the curated statements; with --corpus DIR,
    precision and recall on a corpus of articles with gold facts, per article, per language, overall.

    \b
    kg eval --summary
    kg eval --corpus ../shared/eval --lang en
    kg eval --corpus ../shared/eval --format json -o scores.json   # with unmatched candidates
    """
    import json

    from kg.query.tables import render

    if corpus is None:
        for name in ("lang", "keep", "max_articles"):
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE:
                raise click.UsageError(f"--{name.replace('_', '-')} goes with --corpus")
    if corpus is not None:
        from kg.extraction.corpus_eval import evaluate_corpus, table_rows

        if ctx.get_parameter_source("protocol") == click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("--protocol is for the curated statements, not --corpus")
        bars = []                       # made at the first article: a bad corpus is one error line

        def step(name, total):
            if not bars:
                bars.append(click.progressbar(length=total, label="scoring", file=sys.stderr,
                                              item_show_func=lambda f: f or ""))
                bars[0].__enter__()
            bars[0].update(1, name)

        try:
            result = evaluate_corpus(corpus, data, lang=lang, articles=articles or None, keep=keep,
                                     max_articles=max_articles, progress=step)
        finally:
            if bars:
                bars[0].__exit__(None, None, None)
        if fmt == "json":
            out(json.dumps(result, ensure_ascii=False, indent=2) + "\n", output)
            return
        out(render(table_rows(result), fmt, ["article", "language", "candidates", "matching", "facts", "found",
                                            "precision", "recall", "verbatim", "error"]), output)
        return
    from kg.extraction.evaluate import PROTOCOLS, evaluate

    result = evaluate(data, articles or None, PROTOCOLS if protocol == "both" else (protocol,))
    if fmt == "json":
        out(json.dumps(result["protocols"], ensure_ascii=False, indent=2) + "\n", output)
        return
    rows = [r for r in result["rows"] if per_relation or r["relation"] == "(all)"]
    out(render(rows, fmt, ["protocol", "article", "relation", "gold", "extracted", "correct", "precision",
                           "recall", "f1", "quotes_verbatim"]), output)


COMMANDS = (ingest, review, evaluate_cmd)
