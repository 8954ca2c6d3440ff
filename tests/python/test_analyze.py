"""`verbatim analyze` on the annotated sample corpus (examples/corpus).

(a) results.cbor decodes with cbor2, holds every record type, and every span's
    text is the source file's bytes;
(b) its results against examples/corpus/annotations.json, with the figures
    printed and floors set from what the pipeline achieved when this test was
    written (below them the test fails):
      quotes (exact span match)     P >= 0.95, R >= 0.95   (measured 0.987, 1.000)
      speakers (of matched quotes,  accuracy >= 0.70       (measured 0.718: the
        null == null counts)          quotes of multi-paragraph and pronoun-
                                      attributed quotes in reprints get no speaker)
      related pairs (score >= min)  P >= 0.90, R >= 0.60   (measured 0.957, 0.657:
        the annotation's "shared-quotes" pairs often share one quote, which is
        no reused passage), and no pair from unrelated_pairs_examples
      quote matches                 recall >= 0.95, kind accuracy >= 0.90
                                                           (measured 0.980, 0.931)
(c) report.html rendered by headless Chromium: a non-blank screenshot, and the
    DOM holds each section with the counts results.cbor gives. Skipped only
    when chromium is missing and CI is not set.
"""
import collections
import io
import json
import os
import re
import shutil
import subprocess
import tempfile

import cbor2
import pytest

from conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"
MIN_SCORE = 0.1  # analyze's default --min-score
TOP_PAIRS = 6    # REPORT_TOP_PAIRS in cli/report.h
FLOORS = {"quote_p": 0.95, "quote_r": 0.95, "speaker": 0.70, "pair_p": 0.90, "pair_r": 0.60,
          "match_r": 0.95, "match_kind": 0.90}


@pytest.fixture(scope="module")
def analyzed(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("analyze")
    proc = cli("analyze", CORPUS, "-o", out, check=True)
    with open(out / "results.cbor", "rb") as f:
        data = f.read()
    records = []
    stream = io.BytesIO(data)
    while stream.tell() < len(data):
        records.append(cbor2.load(stream))
    return out, records, proc.stdout.decode()


def by_type(records):
    t = collections.defaultdict(list)
    for r in records:
        t[r["type"]].append(r)
    return t


def source(doc):
    return (CORPUS / f"{doc}.txt").read_bytes()


def test_results_hold_every_record_type_and_true_spans(analyzed):
    _, records, _ = analyzed
    t = by_type(records)
    for kind in ("doc-summary", "similar-pair", "quote", "match", "cluster", "summary"):
        assert t[kind], f"no {kind} record"
    assert records[-1]["type"] == "summary" and len(t["summary"]) == 1
    files = sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert [d["id"] for d in t["doc-summary"]] == files
    for d in t["doc-summary"]:
        assert d["bytes"] == len(source(d["id"]))
        assert d["boilerplate_paragraphs"] <= d["paragraphs"]
        assert d["boilerplate_bytes"] <= d["bytes"]
        assert d["quotes"] == sum(q["doc"] == d["id"] for q in t["quote"])
    for q in t["quote"]:
        assert source(q["doc"])[q["start"]:q["end"]].decode() == q["text"]
    for m in t["match"]:
        for side in (m["a"], m["b"]):
            assert source(side["doc"])[side["start"]:side["end"]].decode() == side["text"]
    for c in t["cluster"]:
        for side in [c["best"], *c["members"]]:
            assert source(side["doc"])[side["start"]:side["end"]].decode() == side["text"]
    for p in t["similar-pair"]:
        a, b = source(p["a"]), source(p["b"])
        assert p["score"] >= MIN_SCORE
        for ps in p["passages"]:
            assert 0 <= ps["a_start"] < ps["a_end"] <= len(a)
            assert 0 <= ps["b_start"] < ps["b_end"] <= len(b)
            # Passages start and end on character boundaries.
            a[ps["a_start"]:ps["a_end"]].decode()
            b[ps["b_start"]:ps["b_end"]].decode()
    s = t["summary"][0]
    assert s["documents"] == len(t["doc-summary"])
    assert s["pairs"] == len(t["similar-pair"])
    assert s["quotes"] == len(t["quote"])
    assert s["clusters"] == len(t["cluster"])
    assert sum(s["matches"].values()) == len(t["match"])
    assert s["conflicts"] == sum(m["speaker_conflict"] for m in t["match"])
    for k, n in s["matches"].items():
        assert n == sum(m["kind"] == k for m in t["match"])


def test_summary_table_names_the_counts_and_the_report(analyzed):
    out, records, stdout = analyzed
    s = records[-1]
    assert re.search(rf"documents\s+{s['documents']}\b", stdout)
    assert re.search(rf"speaker conflicts\s+{s['conflicts']}\b", stdout)
    assert str(out / "report.html") in stdout


def overlap(a, b):
    return min(a["end"], b["end"]) > max(a["start"], b["start"])


def test_results_against_the_annotations(analyzed):
    _, records, _ = analyzed
    t = by_type(records)
    ann = json.loads((CORPUS / "annotations.json").read_text(encoding="utf-8"))
    # Quotes: exact span match; speakers of the matched quotes.
    gold = {(d, q["start"], q["end"]): q for d, qs in ann["quotes"].items() for q in qs}
    pred = {(q["doc"], q["start"], q["end"]): q for q in t["quote"]}
    hit = gold.keys() & pred.keys()
    quote_p, quote_r = len(hit) / len(pred), len(hit) / len(gold)
    speaker = sum((gold[k]["speaker"] or None) == (pred[k]["speaker"] or None) for k in hit) / len(hit)
    # Related pairs.
    related = {frozenset((p["a"], p["b"])) for p in ann["related_pairs"]}
    unrelated = {frozenset(p) for p in ann["unrelated_pairs_examples"]}
    found = {frozenset((p["a"], p["b"])) for p in t["similar-pair"] if p["score"] >= MIN_SCORE}
    pair_p = len(found & related) / max(1, len(found))
    pair_r = len(found & related) / len(related)
    # Quote matches: an annotated match is found when a predicted one links the
    # same documents with overlapping spans (either direction).
    total = found_m = right = 0
    for g in ann["quote_matches"]:
        total += 1
        m = next((p for p in t["match"] for pa, pb in ((p["a"], p["b"]), (p["b"], p["a"]))
                  if pa["doc"] == g["a"]["doc"] and pb["doc"] == g["b"]["doc"]
                  and overlap(pa, g["a"]) and overlap(pb, g["b"])), None)
        if m:
            found_m += 1
            right += m["kind"] == g["kind"]
    got = {"quote_p": quote_p, "quote_r": quote_r, "speaker": speaker, "pair_p": pair_p,
           "pair_r": pair_r, "match_r": found_m / total, "match_kind": right / max(1, found_m)}
    print(f"\nquotes: P {quote_p:.3f} R {quote_r:.3f} ({len(hit)}/{len(gold)} annotated, {len(pred)} found); "
          f"speaker accuracy {speaker:.3f}")
    print(f"related pairs: P {pair_p:.3f} R {pair_r:.3f} ({len(found & related)} of {len(related)} "
          f"annotated, {len(found)} found); unrelated examples found: {len(found & unrelated)}")
    print(f"quote matches: recall {got['match_r']:.3f} kind accuracy {got['match_kind']:.3f} "
          f"({found_m}/{total}, {len(t['match'])} predicted)")
    assert not found & unrelated, sorted(map(sorted, found & unrelated))
    for key, floor in FLOORS.items():
        assert got[key] >= floor, f"{key} {got[key]:.3f} < {floor}"


# ---- (c) the report in a browser ---------------------------------------------

def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing under CI (scripts/install-deps installs it)")
        pytest.skip("chromium is not installed (scripts/install-deps installs it)")
    return exe


def render(html_path, png_path):
    """Screenshot and serialized DOM of a page, by headless Chromium."""
    exe = chromium()
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync",
            "--window-size=1366,900"]
    uri = html_path.resolve().as_uri()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([*base, f"--user-data-dir={profile}", f"--screenshot={png_path}", uri],
                       capture_output=True, timeout=120, check=True)
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([*base, f"--user-data-dir={profile}", "--dump-dom", uri],
                             capture_output=True, timeout=120, check=True).stdout.decode()
    return dom


def count(dom, pattern):
    return len(re.findall(pattern, dom))


def test_report_renders_with_every_section(analyzed, tmp_path):
    out, records, _ = analyzed
    t = by_type(records)
    s = t["summary"][0]
    png = tmp_path / "report.png"
    dom = render(out / "report.html", png)
    from PIL import Image
    img = Image.open(png).convert("RGB")
    assert img.size == (1366, 900)
    pixels = list(img.getdata())
    colours = len(set(pixels))
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert colours > 50, f"only {colours} colours: a blank page?"
    assert ink > 0.02, f"only {ink:.1%} of the screenshot is ink"
    for sid in ("summary", "conflicts", "corpus", "matrix", "clusters", "passages"):
        assert f'id="{sid}"' in dom, f"section {sid} missing"
    assert count(dom, r'<tr class="doc-row"') == s["documents"]
    assert count(dom, r'<rect class="cell"') == 2 * s["pairs"]
    assert count(dom, r'<li class="conflict"') == s["conflicts"]
    assert count(dom, r'<article class="cluster[" ]') == s["clusters"]
    assert count(dom, r'<span class="member[" ]') == sum(c["size"] for c in t["cluster"])
    assert count(dom, r'<article class="pair"') == min(TOP_PAIRS, s["pairs"])
    non_exact = sum(m["kind"] != "exact" for m in t["match"])
    assert count(dom, r'<tr class="variant"') == non_exact
    # No script or style comes from the network.
    assert not re.search(r'(src|href)="(https?:)?//', dom)


def test_report_escapes_document_text(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    quote = 'Tom & Jerry <script>alert("x")</script> said \'no\' to the plan today'
    body = (f"The council met on Monday.\n\n\u201c{quote},\u201d said Mayor Ada Pell.\n\n"
            "The plan goes to a vote next week after a long debate in the chamber.\n")
    (corpus / "a<b&c.txt").write_text(body, encoding="utf-8")
    (corpus / "copy.txt").write_text(body + "\nMore at eleven.\n", encoding="utf-8")
    out = tmp_path / "out"
    cli("analyze", corpus, "-o", out, "--quiet", check=True)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Tom &amp; Jerry" in page and "&#39;no&#39;" in page
    assert "a&lt;b&amp;c" in page and "a<b&c" not in page
    # Exactly the report's own script element.
    assert page.count("<script>") == 1


def test_quiet_and_no_terminal_print_no_progress(cli, tmp_path):
    proc = cli("analyze", CORPUS, "-o", tmp_path / "o", check=True)
    assert proc.stderr == b""
    proc = cli("analyze", CORPUS, "-o", tmp_path / "o", "--json", "--quiet", check=True)
    summary = json.loads(proc.stdout)
    assert summary["type"] == "summary" and summary["documents"] == 18


def test_usage_errors(cli, tmp_path):
    assert cli("analyze", CORPUS).returncode == 2
    assert cli("analyze", "-o", tmp_path).returncode == 2
    assert cli("analyze", CORPUS, "-o", tmp_path / "x", "--min-score", "2").returncode == 2
    assert cli("analyze", tmp_path / "missing", "-o", tmp_path / "y").returncode == 1


def test_progress_goes_to_a_terminal_only(tmp_path):
    import pty
    from conftest import BUILD
    for quiet, expect in ((False, True), (True, False)):
        master, slave = pty.openpty()
        args = [str(BUILD / "verbatim"), "analyze", str(CORPUS), "-o", str(tmp_path / "o")]
        proc = subprocess.run(args + (["--quiet"] if quiet else []), stdout=subprocess.PIPE,
                              stderr=slave, timeout=120)
        os.close(slave)
        seen = b""
        try:
            while True:
                chunk = os.read(master, 65536)
                if not chunk:
                    break
                seen += chunk
        except OSError:  # EIO once the terminal has no writer left
            pass
        os.close(master)
        assert proc.returncode == 0
        assert (b"indexing documents" in seen) == expect, seen[:200]
        assert (b"matching quotes" in seen) == expect


def test_a_cbor_corpus_gives_the_same_results_as_its_text_files(cli, analyzed, tmp_path):
    _, records, _ = analyzed
    cli("ingest", CORPUS, "-o", tmp_path / "corpus.cbor", "--quiet", check=True)
    cli("analyze", tmp_path / "corpus.cbor", "-o", tmp_path / "out", "--quiet", check=True)
    data = (tmp_path / "out" / "results.cbor").read_bytes()
    stream, again = io.BytesIO(data), []
    while stream.tell() < len(data):
        again.append(cbor2.load(stream))
    drop_time = lambda rs: [{k: v for k, v in r.items() if k != "seconds"} for r in rs]
    assert drop_time(again) == drop_time(records)
