"""`verbatim quotes`: JSON Lines whose spans index the original bytes."""
import json

from conftest import SEEDS


def quotes(cli, *paths):
    p = cli("quotes", "--json", *paths, check=True)
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def test_json_lines_carry_spans_text_and_speaker(cli, tmp_path):
    f = tmp_path / "pier.txt"
    text = ("Harbour row\n\n\u201cWe will not sell the pier,\u201d said Councillor Ines Moreau. "
            "\u201cNot now.\u201d\n\nA resident called it \u2018a sad day\u2019.\n")
    f.write_text(text, encoding="utf-8")
    recs = quotes(cli, f)
    raw = f.read_bytes()
    assert [r["text"] for r in recs] == ["We will not sell the pier,", "Not now.", "a sad day"]
    for r in recs:
        assert r["doc"] == "pier" and r["type"] == "quote"
        assert raw[r["start"]:r["end"]].decode() == r["text"]
    assert recs[0]["speaker"] == recs[1]["speaker"] == "Ines Moreau"
    assert recs[0]["group"] == recs[1]["group"] != recs[2]["group"]
    assert recs[0]["cue"] == "said" and recs[2]["speaker"] is None
    assert raw[recs[0]["speaker_start"]:recs[0]["speaker_end"]] == "Ines Moreau".encode()
    assert recs[2]["kind"] == "fragment" and recs[0]["kind"] == "full"


def test_unbalanced_quote_is_flagged(cli, tmp_path):
    f = tmp_path / "u.txt"
    f.write_text("Ada Brill said: \u201cThis never ends.\n\nNext paragraph.\n", encoding="utf-8")
    (r,) = quotes(cli, f)
    assert r["flags"] == ["unbalanced"] and r["text"] == "This never ends."


def test_invalid_utf8_fails_with_offset(cli, tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"\xe2\x80\x9cok\xe2\x80\x9d \xc3\x28")
    p = cli("quotes", "--json", f)
    assert p.returncode == 1
    assert b"byte" in p.stderr


def test_help_and_usage(cli):
    assert cli("quotes", "--help", check=True).stdout.startswith(b"usage: verbatim quotes")
    assert cli("quotes").returncode == 2


def test_seeds_give_consistent_records(cli):
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        return
    for path in seeds:
        raw = path.read_bytes()
        for r in quotes(cli, path):
            assert raw[r["start"]:r["end"]].decode() == r["text"]
            assert r["end"] > r["start"]
