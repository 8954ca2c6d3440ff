"""`verbatim normalize`: plain text, the JSON record with its offset map, options."""
import json


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


def test_default_set_prints_text_for_matching(cli, tmp_path):
    p = write(tmp_path, "a.txt", "The \u201cHarbour\u201d \u2014 it\u2019s fine\u2026")
    out = cli("normalize", p, check=True).stdout.decode()
    assert out == "the \"harbour\" - it's fine...\n"


def test_json_map_points_back_to_the_original(cli, tmp_path):
    text = "Caf\u00e9\u00a0\u201cQuote\u201d\u200b end\u2026"
    p = write(tmp_path, "doc1.txt", text)
    rec = json.loads(cli("normalize", p, "--json", check=True).stdout)
    assert rec["doc"] == "doc1" and rec["type"] == "normalized"
    original = text.encode("utf-8")
    out = rec["text"].encode("utf-8")
    o = i = 0
    for out_start, in_start, out_len, in_len, exact in rec["map"]:
        assert (out_start, in_start) == (o, i)
        if exact:
            assert out_len == in_len
        o += out_len
        i += in_len
    assert (o, i) == (len(out), len(original))
    # The replaced quotes: an opener then a closer, each now an ASCII '"'.
    assert [role for _, role in rec["quotes"]] == [1, 2]
    assert all(out[off:off + 1] == b'"' for off, _ in rec["quotes"])


def test_options_replace_the_default_set(cli, tmp_path):
    p = write(tmp_path, "a.txt", "Caf\u00e9  \u201cX\u201d")
    out = cli("normalize", p, "--strip-marks", "--nfc", "--collapse-spaces", check=True).stdout.decode()
    assert out == "Cafe \u201cX\u201d\n"
    out = cli("normalize", p, "--default", "--strip-marks", check=True).stdout.decode()
    assert out == "cafe  \"x\"\n"


def test_conflicting_options_are_a_usage_error(cli, tmp_path):
    p = write(tmp_path, "a.txt", "x")
    proc = cli("normalize", p, "--nfc", "--nfkc")
    assert proc.returncode == 2 and b"conflict" in proc.stderr


def test_invalid_utf8_is_reported_or_replaced(cli, tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"ok \xff here")
    proc = cli("normalize", p)
    assert proc.returncode == 1 and b"byte 3" in proc.stderr
    out = cli("normalize", p, "--lenient", check=True).stdout.decode()
    assert out == "ok \ufffd here\n"
