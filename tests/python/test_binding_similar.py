"""Corpus.similar and SimilarIndex: the similar pairs of include/verbatim/similar.h
from Python, checked against `verbatim similar --json` on our reuse fixtures."""
import doctest
import json

import pytest

from conftest import ROOT

import verbatim
from verbatim import _analysis

REUSE = ROOT / "tests" / "fixtures" / "reuse"


def fixture_docs():
    return [(p.stem, p.read_bytes()) for p in sorted(REUSE.glob("*.txt"))]


def cli_rows(cli, *args):
    out = cli("similar", REUSE, "--json", *args, check=True).stdout.decode().splitlines()
    return [json.loads(line) for line in out]


def by_pair(rows):
    return {frozenset((r["a"], r["b"])): r for r in rows}


@pytest.mark.parametrize("args,kw", [([], {}), (["--min-score", "0"], {"min_score": 0}),
                                     (["--ngram", "3", "--boilerplate"], {"ngram": 3, "boilerplate": True}),
                                     (["--lsh"], {"lsh": True})])
def test_corpus_similar_gives_the_rows_of_the_cli(cli, args, kw):
    rows = verbatim.Corpus(REUSE).similar(**kw)
    assert isinstance(rows, verbatim.SimilarPairs)
    assert list(rows) == cli_rows(cli, *args)


def test_copies_outrank_the_rewrite_which_outranks_unrelated_stories():
    s = by_pair(verbatim.Corpus(fixture_docs()).similar(min_score=0))
    assert len(s) == 21
    rewrite = s[frozenset(("original", "rewrite"))]["score"]
    for copy in ("reprint", "spun", "trimmed"):
        assert s[frozenset(("original", copy))]["score"] > rewrite + 0.5
    unrelated = [r["score"] for k, r in s.items() if any(x.startswith("unrelated") for x in k)]
    assert rewrite > max(unrelated)


def test_to_frame_has_one_row_per_pair_and_the_record_columns():
    pd = pytest.importorskip("pandas")
    rows = verbatim.Corpus(REUSE).similar()
    df = rows.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(verbatim.SimilarPairs.columns)
    assert len(df) == len(rows) and df["score"].is_monotonic_decreasing
    assert isinstance(df["passages"].iloc[0], list)


def test_similar_index_add_returns_the_pairs_with_earlier_documents():
    docs = fixture_docs()
    ix = verbatim.SimilarIndex(min_score=0)
    for i, (doc_id, text) in enumerate(docs):
        rows = ix.add(doc_id, text)
        assert len(rows) == i
        assert all(r["b"] == doc_id for r in rows)
        assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert len(ix) == len(docs)
    assert ix.pairs() == verbatim.Corpus(docs).similar(min_score=0)


def test_str_and_bytes_texts_give_the_same_pairs():
    docs = fixture_docs()
    as_str = [(i, t.decode()) for i, t in docs]
    assert verbatim.Corpus(docs).similar() == verbatim.Corpus(as_str).similar()


@pytest.mark.parametrize("kw,word", [({"ngram": "5"}, "ngram"), ({"ngram": 2.0}, "ngram"),
                                     ({"ngram": True}, "ngram"), ({"min_score": "high"}, "min_score"),
                                     ({"boilerplate": 1}, "boilerplate"), ({"lsh": None}, "lsh"),
                                     ({"lsh_threshold": [0.2]}, "lsh_threshold"), ({"seed": 1.5}, "seed")])
def test_wrong_option_types_raise_type_error_naming_the_option(kw, word):
    with pytest.raises(TypeError, match=word):
        verbatim.Corpus(REUSE).similar(**kw)
    with pytest.raises(TypeError, match=word):
        verbatim.SimilarIndex(**kw)


@pytest.mark.parametrize("kw,field", [({"ngram": 0}, "ngram"), ({"ngram": 65}, "ngram"),
                                      ({"ngram": -1}, "ngram"), ({"min_score": 1.5}, "min_score"),
                                      ({"min_score": float("nan")}, "min_score"),
                                      ({"lsh_threshold": 1}, "lsh_threshold"), ({"seed": -1}, "seed")])
def test_option_values_out_of_range_raise_argument_error(kw, field):
    with pytest.raises(verbatim.ArgumentError) as e:
        verbatim.SimilarIndex(**kw)
    assert e.value.field == field


def test_none_options_are_the_defaults():
    a = verbatim.Corpus(REUSE).similar(min_score=None, ngram=None, lsh_threshold=None, seed=None)
    assert a == verbatim.Corpus(REUSE).similar()


def test_bad_utf8_names_the_document_and_the_byte_offset():
    c = verbatim.Corpus([("good", "The ferry sails."), ("wire-9", b"The ferry \xff sails.")])
    with pytest.raises(verbatim.Utf8Error) as e:
        c.similar()
    assert e.value.record == 1 and e.value.offset == 10 and e.value.field == "text"
    assert "wire-9" in str(e.value)


def test_similar_index_refuses_wrong_types_and_keeps_going():
    ix = verbatim.SimilarIndex()
    with pytest.raises(TypeError):
        ix.add(None, "text")
    with pytest.raises(TypeError):
        ix.add("a", None)
    with pytest.raises(TypeError):
        ix.add("a", 42)
    with pytest.raises(verbatim.Utf8Error):
        ix.add("a", b"\xc3")
    assert len(ix) == 0
    assert ix.add("a", "") == []
    assert len(ix) == 1


def test_docstring_examples_run():
    assert doctest.testmod(_analysis, verbose=False).failed == 0
