"""The pipeline kg loads gives the very annotations of spaCy's own.

Each language's installed pipeline is loaded twice, once as ``spacy.load`` ships it and once as
``kg.extraction.models`` loads it (matrix products through numpy's BLAS, the exact replacements of
``kg.extraction.speedups``), and both parse the same real texts (kg's in one batch through
``models.pipe``, the shipped one text by text): every token's tag, POS,
morphology, lemma, dependency, head, entity and sentence start must be the same."""

from __future__ import annotations

import pytest

from tests.conftest import DATA

FRENCH = (
    "Le Jama'at Nusrat al-Islam wal-Muslimin (JNIM) impose depuis septembre un blocus sur les "
    "importations de carburant à destination de Bamako, a déclaré jeudi le ministre malien des "
    "Transports. « Plus de 40 camions-citernes ont été incendiés », selon l'armée, qui dit avoir "
    "escorté les convois venus du Sénégal et de la Côte d'Ivoire.\n\n"
    "Les États-Unis et la France ont demandé à leurs ressortissants de quitter le pays ; "
    "l'ambassade n'a pas précisé combien de personnes étaient concernées. Ils s'y étaient "
    "engagés, mais les écoles restent fermées jusqu'au 9 novembre.\n"
)

def _curated() -> list[str]:
    """The curated English articles' texts."""
    return [p.read_text(encoding="utf-8") for p in sorted((DATA / "articles").glob("*.txt"))]


ANNOTATIONS = ("text", "tag_", "pos_", "lemma_", "dep_", "ent_iob_", "ent_type_", "is_sent_start")


def _annotations(doc):
    return [tuple(getattr(t, a) for a in ANNOTATIONS) + (str(t.morph), t.head.i) for t in doc]


def _shipped(language: str):
    """The pipeline as spacy.load ships it, with kg's sentence-per-line component only."""
    import spacy

    from kg.extraction import models
    nlp = spacy.load(models.choose_model(language))
    models._register_paragraphs()
    nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp


@pytest.mark.parametrize("language", ["en", "fr"])
def test_kgs_pipeline_annotates_as_the_shipped_one(language):
    from kg.extraction import models
    texts = _curated() if language == "en" else [FRENCH, FRENCH.upper()]
    tuned, shipped = models.load_model(language), _shipped(language)
    assert any(not node.ops.use_blis for _, pipe in tuned.pipeline
               if getattr(pipe, "model", None) is not None for node in pipe.model.walk())
    from kg.extraction.speedups import RuleIndex
    assert isinstance(tuned.get_pipe("attribute_ruler").match.__self__, RuleIndex)
    assert tuned.get_pipe("attribute_ruler").set_annotations.__name__ == "set_rule_annotations"
    assert type(tuned.get_pipe("lemmatizer")).__module__ == "kg.extraction.speedups"
    assert {type(tuned.get_pipe(n).model.ops).__name__ for n in ("parser", "ner")} == {"NumpyProducts"}
    from kg.extraction import maxout
    assert {n._func for n in tuned.get_pipe("tok2vec").model.walk() if n.name == "maxout"} == {maxout.forward}
    compared = 0        # kg's batch (every state decoded together) against the shipped one, text by text
    for ours, theirs in zip(models.pipe(tuned, texts), [shipped(t) for t in texts]):
        assert _annotations(ours) == _annotations(theirs)
        compared += len(ours)
    assert compared > 200


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_token_vectors_are_thincs_maxout_bit_for_bit(language):
    """kg's pipeline with its Maxout forward and with thinc's own (the same products through
    numpy's BLAS): the shared tok2vec's and the NER's own network over batches of 1, 3 and 8."""
    import numpy
    from thinc.layers.maxout import forward as thincs

    from kg.extraction import maxout, models
    texts = _curated() * 4 if language == "en" else [FRENCH, FRENCH.upper(), FRENCH.lower()]
    nlp = models.load_model(language)
    nets = [nlp.get_pipe("tok2vec").model, nlp.get_pipe("ner").model.get_ref("tok2vec")]
    layers = [n for net in nets for n in net.walk() if n.name == "maxout"]
    assert len(layers) == 10 and {n._func for n in layers} == {maxout.forward}

    def vectors():
        docs = [nlp.make_doc(t) for t in texts]
        out = []
        for net in nets:
            for size in (1, 3, 8):
                for i in range(0, len(docs), size):
                    got = net.predict(docs[i:i + size])
                    out += got if isinstance(got, list) else [got]
        return out

    ours = vectors()
    try:
        for n in layers:
            n._func = thincs
        theirs = vectors()
    finally:
        for n in layers:
            n._func = maxout.forward
    assert len(ours) == len(theirs) > 10
    for a, b in zip(ours, theirs):
        assert a.dtype == b.dtype == numpy.float32 and a.shape == b.shape
        assert numpy.array_equal(a.view(numpy.int32), b.view(numpy.int32))


def test_the_largest_piece_is_thincs_choice_with_signed_zeros_and_nans():
    import numpy
    from thinc.api import Maxout, NumpyOps

    from kg.extraction import maxout
    rng = numpy.random.default_rng(7)
    for pieces in (1, 2, 3, 4):
        Z = rng.standard_normal((50, 6, pieces)).astype("f")
        expected = NumpyOps().maxout(Z)[0]
        assert numpy.array_equal(maxout.largest(Z).view("i4"), expected.view("i4"))
        Z[0, :] = 0.0                                   # ties of zeros whose signs differ
        Z[0, :, 0] = -0.0
        Z[1, 0, -1] = numpy.nan
        expected = NumpyOps().maxout(Z)[0]
        assert numpy.array_equal(maxout.largest(Z).view("i4"), expected.view("i4"))
    layer = Maxout(nO=4, nI=5, nP=3).initialize()
    X = rng.standard_normal((7, 5)).astype("f")
    assert numpy.array_equal(maxout.forward(layer, X, is_train=False)[0], layer.predict(X))
    Y, backprop = maxout.forward(layer, X, is_train=True)  # training: thinc's own, with its backprop
    assert backprop(numpy.ones_like(Y)).shape == X.shape


def _ruler_with(patterns):
    import spacy
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for i, (pattern, attrs) in enumerate(patterns):
        ruler.add([pattern], attrs, index=-1 if len(pattern) > 1 and i % 2 else 0)
    return nlp, ruler


def test_the_rule_index_finds_the_matchers_matches_for_every_test_it_takes():
    from kg.extraction.speedups import RuleIndex
    nlp, ruler = _ruler_with([
        ([{"LOWER": "convoys"}], {"LEMMA": "convoy"}),
        ([{"LOWER": {"IN": ["burn", "burned"]}}], {"LEMMA": "burn"}),
        ([{"LOWER": {"NOT_IN": ["the", "convoys"]}, "IS_SPACE": False}], {"NORM": "x"}),
        ([{"LOWER": {"REGEX": "^(mali|bamako)$"}}, {"LOWER": "'s"}], {"LEMMA": "place"}),
        ([{"LOWER": "the"}, {"LOWER": {"REGEX": "^conv"}}], {"LEMMA": "det"}),
        ([{"IS_SPACE": True}], {"LEMMA": "space"}),
        ([{"LOWER": "convoys"}], {"LEMMA": "convoys-again"}),         # a later rule, same token
    ])
    doc = nlp.make_doc("The convoys burn on Bamako 's road;  the convoys burned \n in Mali 's west")
    index = RuleIndex.from_ruler(ruler)
    assert index is not None
    expected = ruler.match(doc)
    assert index.match(doc) == expected
    assert len(expected) > 10


def _ruled(nlp, text):
    doc = nlp(text)
    return [(t.text, t.lemma_, t.tag_, t.pos_, str(t.morph), t.norm_) for t in doc]


def test_the_merged_writes_set_what_the_rules_set_one_after_another(monkeypatch):
    import copy

    from kg.extraction import speedups
    patterns = [
        ([{"LOWER": "convoys"}], {"LEMMA": "convoy", "TAG": "NNS", "MORPH": "Number=Plur"}),
        ([{"LOWER": "fuel"}, {"LOWER": "convoys"}], {"LEMMA": "truck", "POS": "NOUN"}),   # index -1
        ([{"LOWER": {"IN": ["burn", "burned"]}}], {"TAG": "VBD", "NORM": "burn"}),
        ([{"TAG": "NNS"}], {"LEMMA": "never: TAG is not set yet when matching"}),
        ([{"LOWER": "convoys"}], {"MORPH": "Number=Sing", "POS": "PROPN"}),           # a later rule wins
        ([{"LOWER": "the"}, {"LOWER": "fuel"}], {"LEMMA": "det", "TAG": "DT"}),
    ]
    nlp, _ = _ruler_with(patterns)
    shipped = copy.deepcopy(nlp)
    assert speedups.tune(nlp) == ["attribute_ruler"]
    assert nlp.get_pipe("attribute_ruler").set_annotations.__name__ == "set_rule_annotations"
    text = "The fuel convoys burned ; fuel convoys burn , the convoys , the fuel"
    monkeypatch.setattr(speedups, "MAX_ROWS", 3)       # the row memory forgets, the matches stay
    expected = _ruled(shipped, text)
    assert _ruled(nlp, text) == expected == _ruled(nlp, text)
    assert len(nlp.get_pipe("attribute_ruler").match.__self__.first) <= 3
    assert {e[1] for e in expected} >= {"convoy", "truck", "det"} and ("convoys", "truck", "NNS", "PROPN",
                                                                       "Number=Sing", "convoys") in expected


def test_a_ruler_writing_a_lexeme_attribute_or_out_of_its_match_keeps_spacys_writes():
    from kg.extraction import speedups
    nlp, ruler = _ruler_with([([{"LOWER": "convoys"}], {"IS_STOP": True})])  # a flag of the shared lexeme
    assert speedups.tune(nlp) == ["attribute_ruler"]
    assert "set_annotations" not in vars(ruler)
    assert nlp("the convoys")[1].is_stop
    nlp, ruler = _ruler_with([([{"LOWER": "convoys"}], {"LEMMA": "convoy"})])
    ruler.indices[0] = 3                                # out of its one-token match
    assert speedups.tune(nlp) == ["attribute_ruler"]
    with pytest.raises(ValueError, match="E1001"):         # spaCy's own error
        nlp("the convoys")


def test_a_pattern_beyond_the_index_keeps_spacys_matcher():
    from kg.extraction.speedups import RuleIndex, tune
    nlp, ruler = _ruler_with([([{"LOWER": "convoy"}, {"IS_DIGIT": True, "OP": "+"}], {"LEMMA": "n"})])
    assert RuleIndex.from_ruler(ruler) is None
    before = ruler.match
    assert "attribute_ruler" not in tune(nlp)
    assert ruler.match == before


def test_the_lemma_memory_is_bounded_and_forgetting_changes_nothing(monkeypatch):
    import spacy

    from kg.extraction import speedups
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.lookups.add_table("lemma_lookup", {"convoys": "convoy", "tankers": "tanker"})
    assert speedups.tune(nlp) == ["lemmatizer"]
    monkeypatch.setattr(speedups, "MAX_LEMMAS", 2)
    doc = nlp("convoys and tankers burn ; convoys , tankers")
    assert [t.lemma_ for t in doc] == ["convoy", "and", "tanker", "burn", ";", "convoy", ",", "tanker"]
    assert len(lemmatizer._kg_lemmas) <= 2


@pytest.mark.parametrize("pad_c", [0, 3])
@pytest.mark.parametrize("trans_a, trans_b, alpha, beta", [
    (0, 1, 1.0, 0.0), (0, 0, 1.0, 0.0), (1, 0, 0.5, 0.0), (1, 1, 2.0, 1.5)])
def test_the_numpy_product_computes_what_blis_does(trans_a, trans_b, alpha, beta, pad_c):
    """BLIS's sgemm (blis.cy's signature, row-major, padded leading dimensions) and kg's callback
    give the same product on the same buffers, and again after the buffers' contents change (the
    callback keeps views over them, never copies)."""
    import blis.py
    import numpy as np

    from kg.extraction import blas
    rng = np.random.default_rng(7)
    m, n, k, pad = 5, 7, 4, 3
    a = rng.standard_normal((k, m + pad) if trans_a else (m, k + pad)).astype("f")
    b = rng.standard_normal((n, k + pad) if trans_b else (k, n + pad)).astype("f")
    c = rng.standard_normal((m, n + pad_c)).astype("f")
    op_a = a[:, :m].T if trans_a else a[:, :k]
    op_b = b[:, :k].T if trans_b else b[:, :n]
    for _ in range(2):
        expected = c.copy()
        expected[:, :n] = alpha * blis.py.gemm(np.ascontiguousarray(op_a), np.ascontiguousarray(op_b)) + beta * c[:, :n]
        blas.sgemm(trans_a, trans_b, m, n, k, alpha, a.ctypes.data, a.shape[1], b.ctypes.data, b.shape[1],
                   beta, c.ctypes.data, c.shape[1])
        assert np.allclose(c, expected, atol=1e-5)
        assert (c[:, n:] == expected[:, n:]).all()          # the padding is not written
        a *= -2.0                                           # the same buffers, new contents
        b += 1.0


def test_the_decoders_table_points_at_the_numpy_product():
    import ctypes

    from kg.extraction import blas, models
    for language in ("en", "fr"):
        for name in ("parser", "ner"):
            cblas = models.load_model(language).get_pipe(name).model.ops.cblas()
            table = ctypes.c_void_p.from_address(id(cblas) + 16).value
            assert ctypes.c_void_p.from_address(table + 16).value == blas._callback_address()
    assert blas._table(object()) is None                 # not a CBlas: nothing is written


def test_kg_speedups_0_leaves_spacys_pipeline_alone(monkeypatch):
    import spacy

    from kg.extraction import speedups
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    monkeypatch.setenv("KG_SPEEDUPS", "0")
    assert speedups.tune(nlp) == []
    assert type(lemmatizer).__module__.startswith("spacy.")


def test_the_installed_spacy_is_the_release_scripts_setup_pins_and_the_pipelines_accept():
    """scripts/setup installs with scripts/constraints.txt: spaCy 3.8.7, whose decoders do not take
    the GIL at every state lookup as 3.8.8-3.8.18's wheels do (1.4x slower NER). The pin must be
    what is installed, inside pyproject's range and inside every installed pipeline's range."""
    import tomllib
    from importlib.metadata import version

    import spacy
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    from kg.extraction import models
    root = DATA.parent
    pins = [Requirement(line) for line in (root / "scripts" / "constraints.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    assert "spacy" in {p.name for p in pins}
    declared = {Requirement(d).name: Requirement(d).specifier
                for d in tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]}
    for pin in pins:
        (wanted,) = [s.version for s in pin.specifier if s.operator == "=="]
        assert version(pin.name) == wanted, f"{pin.name} {version(pin.name)} installed, {wanted} pinned"
        assert wanted in declared[pin.name], f"the pin {pin} is outside pyproject's {declared[pin.name]}"
    for language in models.languages():
        meta = spacy.util.get_model_meta(spacy.util.get_package_path(models.choose_model(language)))
        assert spacy.__version__ in SpecifierSet(meta["spacy_version"]), (language, meta["spacy_version"])


def _tokens(doc):
    return [(t.text, t.whitespace_, t.norm_, t.lower_, t.shape_, t.prefix_, t.suffix_, t.is_stop, t.like_num,
             t.is_punct, t.is_sent_start) for t in doc]


def test_the_tokenizer_warm_up_gives_the_tokens_of_a_cold_tokenizer():
    """``Extractor._prepare`` tokenises each new chunk alone first (so that spaCy's cache keeps
    it): the Docs are those of a freshly loaded tokenizer, chunk by chunk, special cases included."""
    import spacy

    from kg.corpus.catalog import load_entities
    from kg.extraction import models
    from kg.extraction.extract import Extractor
    specials = ("U.S. officials don't say what Mali's junta can't do: JNIM's fighters (\"the "
                "militants\") burned 40 tankers on Sept. 14, a.m. or p.m., e.g. near Kayes.\n\n"
                "Gen. Goïta's U.N.-backed rivals won't talk; the U.S. and France's envoys said so.")
    texts = [specials, specials.upper()] + _curated()
    ex = Extractor(load_entities(DATA), "en")
    cold = spacy.load(models.choose_model("en")).tokenizer
    ours = [ex._prepare(t, ()) for t in texts]
    assert [_tokens(d) for d in ours] == [_tokens(cold(t)) for t in texts]
    assert set(specials.split()) <= ex._chunks and sum(len(d) for d in ours) > 500
    tokenizer = ex.nlp.tokenizer
    limit, tokenizer.max_cache_size = tokenizer.max_cache_size, 5
    try:
        bounded = Extractor(load_entities(DATA), "en")
        assert _tokens(bounded._prepare(specials, ())) == _tokens(cold(specials))
        assert len(bounded._chunks) == 5             # as many as the cache may keep, then no more tried
    finally:
        tokenizer.max_cache_size = limit


def test_a_sentence_starts_after_every_line_break_and_nowhere_else_before_the_parser():
    from kg.extraction import models
    nlp = models.load_model("en")
    text = ("BAMAKO\nJNIM attacked a convoy near Kayes \n\nthe army said on Saturday.\t Officials "
            "confirmed it  in a statement\r\nlate on Sunday\n")
    with nlp.select_pipes(enable=["kg_paragraphs"]):
        doc = nlp(text)
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0]
    after_breaks = [doc[i + 1].text for i in range(len(doc) - 1) if "\n" in doc[i].text]
    assert starts == after_breaks == ["JNIM", "the", "late"]
