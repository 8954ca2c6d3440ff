"""`verbatim tokens` and `verbatim paragraphs`: tokens tile every text, records
are canonical CBOR, and errors exit 1 with the byte offset."""
import io
import json

import cbor2
import pytest

from conftest import ROOT, SEEDS

FIX = ROOT / "tests" / "fixtures" / "paragraphs"

OWN_TEXTS = {
    "mixed": "Mr. Okafor met U.S. officials on Jan. 5. They left.\r\n\r\nCaf\u00e9 \u201cowners\u201d "
             "said \u2014 twice \u2014 they\u2019d stay. \U0001F1EC\U0001F1E7\U0001F1EB\U0001F1F7 1,000.50 $\n",
    "edge": "\u200d\u0301a\u00ad\u200bb\n\n\n\t  \u2028x\u0085y\u2029 \U0001F468\u200d\U0001F469\u200d\U0001F467 \u05d0\"\u05d1",
    "no-final-newline": "One line only",
    "only-space": " \n\t\n",
}


def token_records(cli, path):
    p = cli("tokens", path, "--json", check=True)
    out = {}
    for line in p.stdout.decode().split("\n"):
        if not line:
            continue
        r = json.loads(line)
        out.setdefault(r["doc"], []).append(r)
    return out


def assert_tiles(text_bytes, toks):
    pos = 0
    for t in toks:
        assert t["start"] == pos and t["end"] > t["start"]
        pos = t["end"]
    assert pos == len(text_bytes)
    assert b"".join(text_bytes[t["start"]:t["end"]] for t in toks) == text_bytes


def test_tokens_tile_our_texts(cli, tmp_path):
    for name, text in OWN_TEXTS.items():
        f = tmp_path / f"{name}.txt"
        f.write_bytes(text.encode())
    recs = token_records(cli, tmp_path)
    for name, text in OWN_TEXTS.items():
        assert_tiles(text.encode(), recs.get(name, []))


@pytest.mark.parametrize("where", ["fixtures", "seeds"])
def test_tokens_tile_fixtures_and_seeds(cli, where):
    dirs = [FIX / "dev", FIX / "heldout"] if where == "fixtures" else [SEEDS]
    dirs = [d for d in dirs if d.is_dir()]
    if not dirs:
        pytest.skip(f"no {where} here")
    checked = 0
    for d in dirs:
        recs = token_records(cli, d)
        for f in sorted(d.glob("*.txt")):
            assert_tiles(f.read_bytes(), recs.get(f.stem, []))
            checked += 1
    assert checked > 0


def test_token_norm_folds_case_and_apostrophes(cli, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("DON\u2019T Don't \uFB01ne", encoding="utf-8")
    words = [r["norm"] for r in token_records(cli, f)["a"] if r["kind"] == "word"]
    assert words == ["don't", "don't", "fine"]


def test_paragraph_json_lines(cli, tmp_path):
    f = tmp_path / "page.txt"
    f.write_text("Share\n\nBy Ines Moreau\n\nThe harbour board voted on Tuesday to close the east "
                 "pier for repairs, its chair said.\n", encoding="utf-8")
    lines = cli("paragraphs", f, "--json", check=True).stdout.decode().splitlines()
    recs = [json.loads(l) for l in lines]
    assert [r["index"] for r in recs] == [0, 1, 2]
    assert [r["why"] for r in recs] == ["furniture", "byline", None]
    assert [r["boilerplate"] for r in recs] == [True, True, False]
    assert all(r["doc"] == "page" and r["type"] == "paragraph" for r in recs)
    text = f.read_bytes()
    assert text[recs[1]["start"]:recs[1]["end"]] == b"By Ines Moreau"


def test_records_are_canonical_cbor(cli, tmp_path):
    f = tmp_path / "d.txt"
    f.write_text("Two words.\n", encoding="utf-8")
    for cmd in ("tokens", "paragraphs"):
        out = tmp_path / f"{cmd}.cbor"
        cli(cmd, f, "-o", out, check=True)
        data = out.read_bytes()
        s = io.BytesIO(data)
        recs = []
        while s.tell() < len(data):
            recs.append(cbor2.load(s))
        assert recs and all(r["doc"] == "d" for r in recs)
        assert b"".join(cbor2.dumps(r, canonical=True) for r in recs) == data


def test_invalid_utf8_exits_1_with_offset(cli, tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"fine so far \xff then not")
    p = cli("tokens", f, "--json")
    assert p.returncode == 1
    assert b"12" in p.stderr


def test_help_and_usage(cli):
    p = cli("paragraphs", "--help", check=True)
    assert b"example:" in p.stdout
    assert cli("tokens").returncode == 2
    assert cli("tokens", "x.txt", "--bogus").returncode == 2
