"""`verbatim similar` on our reuse corpus (tests/fixtures/reuse) and, when
present, on the shared seeds (never copied into the project)."""
import itertools
import json
import re

import pytest

from conftest import ROOT, SEEDS

REUSE = ROOT / "tests" / "fixtures" / "reuse"
# A word as the segmenter (UAX #29) cuts one: "don't", "240,000", "U.S".
WORD = re.compile(r"[^\W_]+(?:['\u2019.,][^\W_]+)*")


def similar(cli, *args):
    p = cli("similar", *args, "--json", check=True)
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def scores(rows):
    return {frozenset((r["a"], r["b"])): r for r in rows}


def pair(a, b):
    return frozenset((a, b))


def test_help_defines_the_score_and_has_an_example(cli):
    out = cli("similar", "--help", check=True).stdout
    assert b"usage: verbatim similar" in out and b"example:" in out
    assert b"score:" in out and b"containments of aligned" in out


def test_reprint_and_spun_copy_outrank_the_rewrite_which_outranks_unrelated(cli):
    s = scores(similar(cli, REUSE, "--min-score", "0"))
    assert len(s) == 21  # --min-score 0 prints every pair of 7 documents
    rewrite = s[pair("original", "rewrite")]["score"]
    for copy in ("reprint", "spun", "trimmed"):
        assert s[pair("original", copy)]["score"] > rewrite + 0.5, copy
    unrelated = [r["score"] for k, r in s.items() if any(x.startswith("unrelated") for x in k)]
    assert rewrite > max(unrelated)
    # the spun copy (synonyms swapped, name garbled) is still one passage
    spun = s[pair("original", "spun")]["passages"]
    assert len(spun) == 1 and spun[0]["substituted_words"] > 20


def test_rows_are_sorted_by_score_and_carry_every_field(cli):
    rows = similar(cli, REUSE, "--min-score", "0")
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    for r in rows:
        for key in ("a", "b", "score", "jaccard", "containment_ab", "containment_ba",
                    "simhash_distance", "passages"):
            assert key in r
        assert 0 <= r["score"] <= 1 and 0 <= r["simhash_distance"] <= 64


def test_default_min_score_drops_unrelated_pairs(cli):
    rows = similar(cli, REUSE)
    names = {x for r in rows for x in (r["a"], r["b"])}
    assert not any(n.startswith("unrelated") for n in names)
    assert len(rows) >= 6


def boiler_ranges(cli, path):
    """Byte ranges of the boilerplate paragraphs of one document."""
    out = cli("paragraphs", path, "--json", check=True).stdout.decode().splitlines()
    return [(r["start"], r["end"]) for r in map(json.loads, out) if r["boilerplate"]]


def words_in(text, start, end, skip=()):
    """The words of text[start:end] (bytes), leaving out those in `skip` ranges."""
    out = []
    seg = text[start:end].decode()
    for m in WORD.finditer(seg):
        pos = start + len(seg[:m.start()].encode())
        if not any(s <= pos < e for s, e in skip):
            out.append(m.group())
    return out


@pytest.mark.parametrize("boilerplate", [False, True])
def test_passage_spans_cover_the_aligned_words_on_both_sides(cli, boilerplate):
    """Passage byte spans hold exactly the words the alignment accounts for;
    by default the words of boilerplate paragraphs inside a span (an
    "Advertisement" line in a reprint) take no part and are not counted."""
    files = {p.stem: p for p in REUSE.glob("*.txt")}
    texts = {k: p.read_bytes() for k, p in files.items()}
    skip = {k: () if boilerplate else boiler_ranges(cli, p) for k, p in files.items()}
    checked = 0
    for r in similar(cli, REUSE, *(["--boilerplate"] if boilerplate else [])):
        a, b = texts[r["a"]], texts[r["b"]]
        for p in r["passages"]:
            wa = words_in(a, p["a_start"], p["a_end"], skip[r["a"]])
            wb = words_in(b, p["b_start"], p["b_end"], skip[r["b"]])
            # the spans start and end on the same word on both sides...
            assert wa[0].lower() == wb[0].lower() or p["substituted_words"] > 0
            assert wa[-1].lower() == wb[-1].lower() or p["substituted_words"] > 0
            # ...and hold exactly the words the alignment accounts for
            same_sub = p["identical_words"] + p["substituted_words"]
            assert len(wa) == same_sub + p["deleted"]
            assert len(wb) == same_sub + p["inserted"]
            if same_sub == p["identical_words"] and p["inserted"] == p["deleted"] == 0:
                assert [w.lower() for w in wa] == [w.lower() for w in wb]
            checked += 1
    assert checked >= 8


def test_default_ngram_separates_reuse_from_rewrite_best(cli):
    """The experiment behind the default of 5 words per shingle. Over n = 2..8,
    keep the n for which the LSH index (default threshold 0.2, k = 128) still
    finds the spun copy two standard deviations clear, then take the one with
    the largest ratio between the weakest reuse pair's shingle containment and
    the strongest non-reuse pair's (the rewrite's)."""
    copies = {"original", "reprint", "spun", "trimmed"}
    ratio = {}
    for n in range(2, 9):
        s = scores(similar(cli, REUSE, "--min-score", "0", "--ngram", str(n)))
        j = s[pair("original", "spun")]["jaccard"]
        if j - 2 * (j * (1 - j) / 128) ** 0.5 < 0.2:
            continue
        cont = {k: max(r["containment_ab"], r["containment_ba"]) for k, r in s.items()}
        reuse = min(v for k, v in cont.items() if k <= copies)
        other = max(v for k, v in cont.items() if not k <= copies)
        ratio[n] = reuse / max(other, 1e-9)
    assert max(ratio, key=ratio.get) == 5, ratio


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seeds not present")
def test_seeds_spun_copy_ranks_first(cli):
    s = scores(similar(cli, SEEDS, "--min-score", "0"))
    by_prefix = {frozenset(x[:3] for x in k): r["score"] for k, r in s.items()}
    spun = by_prefix[frozenset(("000", "003"))]
    assert spun == max(by_prefix.values())
    related = [by_prefix[frozenset(p)] for p in (("000", "001"), ("002", "004"))]
    unrelated = [by_prefix[frozenset(p)] for p in
                 (("001", "002"), ("001", "004"), ("000", "004"), ("003", "004"), ("002", "003"))]
    assert spun > max(related) and min(related) > max(unrelated)


def test_lsh_candidates_keep_the_copies(cli):
    s = scores(similar(cli, REUSE, "--lsh", "--min-score", "0"))
    for copy in ("reprint", "trimmed"):
        assert pair("original", copy) in s


@pytest.mark.parametrize("args", [["--min-score", "2", "x"], ["--ngram", "0", "x"],
                                  ["--min-score", "abc", "x"], [], ["--bogus", "x"]])
def test_usage_errors_exit_2(cli, args):
    assert cli("similar", *args).returncode == 2


def test_missing_file_exits_1(cli, tmp_path):
    assert cli("similar", tmp_path / "nope.txt").returncode == 1


def test_cbor_input_gives_the_same_pairs_as_text_files(cli, tmp_path):
    corpus = tmp_path / "reuse.cbor"
    cli("ingest", REUSE, "-o", corpus, check=True)
    assert similar(cli, corpus) == similar(cli, REUSE)
