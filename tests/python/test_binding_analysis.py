"""The Python analysis layer: tokens, paragraphs, quotes, Corpus, QuoteIndex,
frames and notebook views, checked against the CLI where both exist."""
import json
import os
import sys
import threading
import time

import pytest

from conftest import ROOT

import verbatim

sys.path.insert(0, str(ROOT / "scripts"))
import gen_quote_corpus  # noqa: E402

CORPUS = ROOT / "examples" / "corpus"
SAID = "The board met.\n\n\u201cWe sail at dawn with the morning tide,\u201d said Ines Moreau.\n"
ECHO = "Later that day.\n\n\u201cWe sail at dawn with the evening tide,\u201d Moreau said.\n"


def test_tokens_tile_the_text_with_byte_spans():
    text = "Caf\u00e9 \u201cDon\u2019t\u201d 42."
    toks = verbatim.tokens(text)
    raw = text.encode()
    assert toks[0]["start"] == 0 and toks[-1]["end"] == len(raw)
    assert all(a["end"] == b["start"] for a, b in zip(toks, toks[1:]))
    words = [t["norm"] for t in toks if t["kind"] == "word"]
    assert words == ["caf\u00e9", "don't"]
    assert [t["kind"] for t in toks if t["kind"] == "number"] == ["number"]


def test_str_bytes_and_memoryview_give_the_same_tokens():
    text = "One two, three."
    assert verbatim.tokens(text) == verbatim.tokens(text.encode()) == verbatim.tokens(memoryview(text.encode()))


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        verbatim.tokens(42)
    with pytest.raises(TypeError):
        verbatim.quotes(["a"])
    with pytest.raises(TypeError):
        verbatim.Corpus(b"bytes are not a corpus")
    with pytest.raises(TypeError):
        list(verbatim.Corpus([("a", 3)]).documents())
    with pytest.raises(TypeError):
        verbatim.QuoteIndex().add(7, "text")


def test_invalid_utf8_raises_utf8_error_with_its_offset():
    with pytest.raises(verbatim.Utf8Error) as e:
        verbatim.Corpus([("a", b"ok \xff")]).match()
    assert e.value.offset == 3


def test_paragraphs_classify_boilerplate_with_a_reason():
    text = "By Ana Lind, Staff Reporter\n\nThe harbour board voted on Monday to extend the ferry season by a month.\n"
    paras = verbatim.paragraphs(text, "d")
    assert [p["boilerplate"] for p in paras] == [True, False]
    assert paras[0]["why"] == "byline" and paras[1]["why"] is None
    assert paras.to_frame().columns.tolist() == ["doc", "index", "start", "end", "boilerplate", "why"]


def test_quotes_have_spans_into_the_original_and_speakers():
    q = verbatim.quotes(SAID, "s")
    assert len(q) == 1
    raw = SAID.encode()
    assert raw[q[0]["start"]:q[0]["end"]].decode() == q[0]["text"]
    assert q[0]["speaker"] == "Ines Moreau"
    assert verbatim.quotes(SAID, "s", speakers=False)[0]["speaker"] is None


def test_corpus_match_equals_the_cli_json(cli):
    ours = verbatim.Corpus(CORPUS).match()
    out = cli("match", CORPUS, "--json", check=True).stdout.decode()
    theirs = [json.loads(line) for line in out.splitlines()]
    assert len(ours) > 20
    assert json.loads(json.dumps(list(ours))) == theirs


def test_corpus_clusters_equal_the_cli_json(cli):
    ours = verbatim.Corpus(CORPUS).clusters()
    out = cli("match", CORPUS, "--clusters", "--json", check=True).stdout.decode()
    assert json.loads(json.dumps(list(ours))) == [json.loads(x) for x in out.splitlines()]


def test_corpus_from_pairs_cbor_and_directory_agree(tmp_path):
    pairs = [(d.id, d.text) for d in verbatim.read_documents(
        verbatim.write_documents({"id": i, "text": t} for i, t in verbatim.Corpus(CORPUS).documents()))]
    cbor = tmp_path / "c.cbor"
    cbor.write_bytes(verbatim.write_documents({"id": i, "text": t} for i, t in pairs))
    a = verbatim.Corpus(CORPUS).match()
    assert verbatim.Corpus(pairs).match() == a
    assert verbatim.Corpus(str(cbor)).match() == a
    assert verbatim.Corpus(p for p in pairs).match() == a  # a generator is kept once


def test_corpus_reads_its_sources_again_for_each_pass(tmp_path):
    reads = []

    class Counting:
        def __iter__(self):
            reads.append(1)
            return iter([("a", SAID), ("b", ECHO)])

    c = verbatim.Corpus(Counting())
    assert [m["kind"] for m in c.match()] == ["altered"]
    assert len(reads) == 2


def test_missing_path_raises_at_construction():
    with pytest.raises(FileNotFoundError):
        verbatim.Corpus("/nonexistent/verbatim/corpus")


def test_match_frame_flattens_the_sides_with_prefixes():
    df = verbatim.Corpus([("a", SAID), ("b", ECHO)]).match().to_frame()
    assert list(df.columns) == list(verbatim.Matches.columns)
    row = df.iloc[0]
    assert (row.a_doc, row.b_doc, row.kind) == ("a", "b", "altered")
    assert row.edits[0]["a"] == "morning" and row.edits[0]["b"] == "evening"


def test_quote_index_returns_matches_against_earlier_documents_only():
    ix = verbatim.QuoteIndex()
    assert ix.add("a", SAID) == []
    got = ix.add("b", ECHO)
    assert [(m["a"]["doc"], m["b"]["doc"], m["kind"]) for m in got] == [("a", "b", "altered")]
    assert ix.add("c", "Nothing quoted here at all.") == []
    assert len(ix) == 3
    cl = ix.clusters()
    assert len(cl) == 1 and cl[0]["size"] == 2
    assert ix.matches()[0]["cluster"] == 0


def test_quote_index_equals_corpus_matching_on_the_sample(cli):
    ix = verbatim.QuoteIndex()
    streamed = []
    for doc_id, text in verbatim.Corpus(CORPUS).documents():
        streamed.extend(ix.add(doc_id, text))
    # A stream sees earlier documents only: each link once, a the earlier.
    corpus = [m for m in verbatim.Corpus(CORPUS).match() if m["kind"] != "unquoted"]
    key = lambda m: (m["a"]["doc"], m["a"]["start"], m["b"]["doc"], m["b"]["start"], m["kind"])  # noqa: E731
    assert {key(m) for m in streamed if m["kind"] != "unquoted"} == {key(m) for m in corpus}


def test_match_html_highlights_edits_and_escapes_text():
    a = "Intro.\n\n\u201cWe sail at <dawn> & with the morning tide,\u201d said Ines Moreau.\n"
    b = "Later.\n\n\u201cWe sail at <dawn> & with the evening tide,\u201d Moreau said.\n"
    html = verbatim.Corpus([("a", a), ("b", b)]).match()._repr_html_()
    assert '<mark class="vb-e">morning</mark>' in html
    assert '<mark class="vb-e">evening</mark>' in html
    assert "&lt;dawn&gt; &amp;" in html and "<dawn>" not in html


def test_cluster_html_shows_every_variant():
    docs = [("a", SAID), ("b", ECHO), ("c", SAID.replace("Ines Moreau", "Moreau"))]
    cl = verbatim.Corpus(docs).clusters()
    html = cl.cluster(0)._repr_html_()
    assert html.count("<td>") == cl[0]["size"] == 3
    assert "most complete form" in html and '<mark class="vb-e">' in html


def _match_job(text, out, i):
    # A long matching job that is C from end to end: segment, extract and
    # index the first article's quotes, then scan the second against them.
    index = verbatim.QuoteIndex()
    index.add("wire", text)
    out[i] = len(index.add("reprint", text))


def _busy():
    cores = os.cpu_count() or 1
    return os.getloadavg()[0] > cores + 0.5


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores to show the GIL released")
def test_two_threads_match_two_corpora_faster_than_one():
    if _busy():
        pytest.skip(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: "
                    "wall times would measure the other processes")
    # Corpus.match spends a good part of its time in Python (reading the
    # sources, decoding records), so two of them cannot overlap much; the
    # GIL question is about the C calls, so the jobs are C-heavy.
    corpora = ["\n\n".join(text for _, text in gen_quote_corpus.generate(1500, seed=s))
               for s in (1, 2)]
    ratios = []
    for _ in range(3):  # the best of three rounds, against passing noise
        out = [0, 0]
        t = time.perf_counter()
        for i, docs in enumerate(corpora):
            _match_job(docs, out, i)
        serial = time.perf_counter() - t
        expected = list(out)
        t = time.perf_counter()
        threads = [threading.Thread(target=_match_job, args=(d, out, i)) for i, d in enumerate(corpora)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        parallel = time.perf_counter() - t
        assert out == expected and min(out) > 0
        ratios.append(parallel / serial)
    # About a fifth of a job is Python (decoding results), so two threads
    # cannot halve it; ask for 15% faster.
    assert min(ratios) < 0.85, f"threads/serial wall time ratios {ratios}"


def test_the_gil_is_released_during_a_long_matcher_call():
    # One C call of a few hundred milliseconds in a thread; the main thread
    # keeps running Python meanwhile only if the call let go of the GIL.
    # The text grows until the call is long enough to tell, whatever the
    # machine's speed.
    reps = 4000
    while True:
        text = "\u201cThe tide turns at noon and we sail with it,\u201d she said. " * reps
        done = threading.Event()
        spins = 0

        def job():
            verbatim.QuoteIndex().add("big", text)
            done.set()

        th = threading.Thread(target=job)
        t = time.perf_counter()
        th.start()
        while not done.is_set():
            spins += 1
        th.join()
        took = time.perf_counter() - t
        if took > 0.05 or reps >= 64000:
            break
        reps *= 2
    assert took > 0.05, "the call was too short to tell"
    # With the GIL held the loop would get a few switch intervals at most.
    assert spins > 100000, f"{spins} Python iterations during a {took:.2f}s C call"


def test_generated_corpus_is_deterministic():
    assert gen_quote_corpus.generate(50) == gen_quote_corpus.generate(50)
    assert gen_quote_corpus.generate(50, seed=1) != gen_quote_corpus.generate(50, seed=2)


def test_every_public_name_has_a_docstring_and_a_stub():
    import verbatim.dask as vd
    stubs = (ROOT / "python" / "verbatim" / "__init__.pyi").read_text()
    for name in verbatim.__all__:
        obj = getattr(verbatim, name)
        assert (obj.__doc__ or "").strip(), f"{name} has no docstring"
        assert f"class {name}" in stubs or f"def {name}(" in stubs or f"{name} as {name}" in stubs, name
    dstubs = (ROOT / "python" / "verbatim" / "dask.pyi").read_text()
    for name in vd.__all__:
        assert (getattr(vd, name).__doc__ or "").strip() and name in dstubs, name


def test_normalize_folds_marks_case_and_dashes_with_a_map(cli, tmp_path):
    text = "\u201cCaf\u00e9 \u2014 OK\u2026\u201d"
    n = verbatim.normalize(text, doc="d")
    assert n.text == '"caf\u00e9 - ok..."'
    assert [q[1] for q in n.quotes] == [1, 2]
    # The map tiles the input: the last segment ends at the input's end.
    last = n.map[-1]
    assert last[1] + last[3] == len(text.encode())
    assert n.to_frame().columns.tolist() == ["out_start", "in_start", "out_len", "in_len", "exact"]
    f = tmp_path / "d.txt"
    f.write_text(text, encoding="utf-8")
    rec = json.loads(cli("normalize", f, "--json", check=True).stdout)
    assert (rec["text"], rec["map"], rec["quotes"]) == (n.text, n.map, n.quotes)


def test_normalize_flags_are_checked():
    assert verbatim.normalize("Stra\u00dfe", verbatim.NORM_CASEFOLD).text == "strasse"
    with pytest.raises(verbatim.ArgumentError):
        verbatim.normalize("x", verbatim.NORM_NFC | verbatim.NORM_NFKC)
    with pytest.raises(verbatim.ArgumentError):
        verbatim.normalize("x", 1 << 20)
    with pytest.raises(TypeError):
        verbatim.normalize("x", "nfc")
