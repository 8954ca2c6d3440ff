"""The CLI's limit flags: a document or record at a limit passes, one past it
is an error (exit 1) naming the document or record and the limit."""
import cbor2
import pytest

TEXT = "\u201cWe open at nine,\u201d she said.\n\n\u201cAnd close at five,\u201d she said.\n"


@pytest.fixture()
def doc(tmp_path):
    p = tmp_path / "harbour.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_text_file_at_the_document_limit_passes(cli, doc, tmp_path):
    n = len(TEXT.encode())
    cli("ingest", doc, "-o", tmp_path / "a.cbor", f"--max-doc-bytes={n}", check=True)


def test_text_file_one_byte_over_the_document_limit_is_refused(cli, doc, tmp_path):
    n = len(TEXT.encode())
    p = cli("ingest", doc, "-o", tmp_path / "a.cbor", "--max-doc-bytes", n - 1)
    assert p.returncode == 1
    assert f"harbour.txt: document text is larger than the limit of {n - 1} bytes" in p.stderr.decode()
    assert not (tmp_path / "a.cbor").exists()


def test_cbor_document_over_the_limit_names_record_and_field(cli, doc, tmp_path):
    out = tmp_path / "a.cbor"
    cli("ingest", doc, doc, "-o", out, check=True)
    n = len(TEXT.encode())
    assert cli("check", out, f"--max-doc-bytes={n}").returncode == 0
    p = cli("check", out, f"--max-doc-bytes={n - 1}", "--skip-bad")
    assert p.returncode == 1
    err = p.stderr.decode()
    assert f"text string of {n} bytes exceeds the limit of {n - 1} (record 0, field \"text\"" in err
    assert "(record 1, field \"text\"" in err  # --skip-bad went on to the next


def test_record_limits_reach_the_reader(cli, tmp_path):
    f = tmp_path / "nested.cbor"
    f.write_bytes(cbor2.dumps([[[[1]]]]))
    assert cli("cat", f, "--max-depth=4").returncode == 0
    p = cli("cat", f, "--max-depth", "3")
    assert p.returncode == 1
    assert "nesting deeper than the limit of 3 (record 0, byte 3)" in p.stderr.decode()
    g = tmp_path / "wide.cbor"
    g.write_bytes(cbor2.dumps(list(range(10))))
    assert cli("cat", g, "--max-items=11").returncode == 0
    p = cli("cat", g, "--max-items=10")
    assert p.returncode == 1
    assert "more than 10 data items" in p.stderr.decode()
    size = len(g.read_bytes())
    assert cli("cat", g, f"--max-record-bytes={size}").returncode == 0
    p = cli("cat", g, f"--max-record-bytes={size - 1}")
    assert p.returncode == 1
    assert f"larger than the limit of {size - 1} bytes (record 0, byte 0)" in p.stderr.decode()


def test_quote_limit_names_the_document(cli, doc):
    p = cli("quotes", doc, "--max-quotes=2", "--json", check=True)
    assert len(p.stdout.splitlines()) == 2
    p = cli("quotes", doc, "--max-quotes=1")
    assert p.returncode == 1
    assert "harbour: document has more than 1 quotes, the quote extractor's limit" in p.stderr.decode()


@pytest.mark.parametrize("value", ["0", "-3", "ten", "12Q", ""])
def test_a_bad_limit_value_is_a_usage_error(cli, doc, value):
    p = cli("quotes", doc, f"--max-quotes={value}")
    assert p.returncode == 2
    assert "--max-quotes needs a positive count" in p.stderr.decode()


def test_suffixes_are_binary(cli, doc, tmp_path):
    cli("ingest", doc, "-o", tmp_path / "a.cbor", "--max-doc-bytes=1K", check=True)
