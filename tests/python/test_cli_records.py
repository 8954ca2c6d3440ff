"""The CLI's record commands: ingest, cat, check, and CBOR interop with cbor2."""
import io
import json

import cbor2
import pytest

from conftest import SEEDS


def read_seq(data):
    f = io.BytesIO(data)
    out = []
    while f.tell() < len(data):
        out.append(cbor2.load(f))
    return out


def test_ingest_directory_keeps_text_byte_for_byte(cli, small_corpus, tmp_path):
    out = tmp_path / "c.cbor"
    cli("ingest", small_corpus, "-o", out, check=True)
    recs = read_seq(out.read_bytes())
    assert [r["id"] for r in recs] == ["alpha", "beta"]  # sorted, .txt only
    for r in recs:
        assert r["type"] == "document"
        assert r["text"].encode() == (small_corpus / f"{r['id']}.txt").read_bytes()


def test_output_is_canonical_cbor(cli, small_corpus, tmp_path):
    out = tmp_path / "c.cbor"
    cli("ingest", small_corpus, "-o", out, check=True)
    data = out.read_bytes()
    assert b"".join(cbor2.dumps(r, canonical=True) for r in read_seq(data)) == data


def test_check_summarises(cli, small_corpus, tmp_path):
    out = tmp_path / "c.cbor"
    cli("ingest", small_corpus, "-o", out, check=True)
    p = cli("check", out, "--json", check=True)
    summary = json.loads(p.stdout)
    assert summary["documents"] == 2 and summary["bad"] == 0


def test_cat_prints_json_lines(cli, small_corpus, tmp_path):
    out = tmp_path / "c.cbor"
    cli("ingest", small_corpus, "-o", out, check=True)
    lines = cli("cat", out, check=True).stdout.decode().splitlines()
    assert [json.loads(l)["id"] for l in lines] == ["alpha", "beta"]
    assert json.loads(lines[1])["text"] == (small_corpus / "beta.txt").read_text(encoding="utf-8")


def test_records_written_by_cbor2_are_read(cli, tmp_path):
    f = tmp_path / "py.cbor"
    recs = [{"id": "p1", "text": "Written from Python.", "source": "notebook"},
            {"text": "keys in any order", "id": "p2", "future_field": [1, 2, {"x": None}]}]
    f.write_bytes(b"".join(cbor2.dumps(r) for r in recs))
    p = cli("check", f, "--json", check=True)
    assert json.loads(p.stdout)["documents"] == 2
    again = tmp_path / "again.cbor"
    cli("ingest", f, "-o", again, check=True)
    back = read_seq(again.read_bytes())
    assert [r["id"] for r in back] == ["p1", "p2"] and back[0]["source"] == "notebook"


def test_invalid_utf8_names_file_and_offset(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine text then \xff\xfe broken")
    p = cli("ingest", bad, "-o", tmp_path / "o.cbor")
    assert p.returncode == 1
    assert b"bad.txt" in p.stderr and b"byte 15" in p.stderr
    assert not (tmp_path / "o.cbor").exists() and not (tmp_path / "o.cbor.tmp").exists()


def test_lenient_replaces_and_reports(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"a\xffb\xc3")
    out = tmp_path / "o.cbor"
    p = cli("ingest", bad, "-o", out, "--lenient", check=True)
    assert b"replaced 2" in p.stderr
    assert read_seq(out.read_bytes())[0]["text"] == "a\ufffdb\ufffd"


def test_bad_record_in_the_middle_keeps_the_good_ones(cli, tmp_path):
    f = tmp_path / "mixed.cbor"
    f.write_bytes(cbor2.dumps({"id": "a", "text": "one"}) + cbor2.dumps({"id": "b"})
                  + cbor2.dumps({"id": "c", "text": "three"}))
    p = cli("check", f)
    assert p.returncode == 1
    assert b"record 1" in p.stderr and b'field "text"' in p.stderr
    assert b"1 document" in p.stdout
    p = cli("check", f, "--skip-bad")
    assert b"2 documents" in p.stdout and b"1 bad record" in p.stdout


def test_usage_errors_exit_2(cli):
    assert cli().returncode == 2
    assert cli("nonsense").returncode == 2
    assert cli("ingest", "x.txt").returncode == 2  # no -o
    assert cli("check", "--bogus", "x").returncode == 2


@pytest.mark.parametrize("cmd", ["ingest", "cat", "check"])
def test_every_command_has_help_with_an_example(cli, cmd):
    p = cli(cmd, "--help", check=True)
    assert b"usage: verbatim " + cmd.encode() in p.stdout and b"example:" in p.stdout


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seeds not present")
def test_seeds_ingest_and_damage(cli, tmp_path):
    out = tmp_path / "s.cbor"
    cli("ingest", SEEDS, "-o", out, check=True)
    recs = read_seq(out.read_bytes())
    assert len(recs) == 5
    for r in recs:
        assert r["text"].encode() == (SEEDS / f"{r['id']}.txt").read_bytes()
    data = out.read_bytes()
    cut = tmp_path / "cut.cbor"
    for pos in range(0, len(data), 211):
        for damaged in (data[:pos], data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1:]):
            cut.write_bytes(damaged)
            p = cli("check", cut)
            assert p.returncode in (0, 1), p.stderr
            if p.returncode == 1:
                assert b"record " in p.stderr and b"byte " in p.stderr, p.stderr
