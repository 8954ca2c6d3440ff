"""The Python binding's records API: round trips, cbor2 interop, errors with
positions, argument types, buffers read in place and handles freed by GC."""
import gc
import io
import json
import os
import pathlib
import re
import resource
import subprocess
import sys

import cbor2
import pytest

import verbatim
from conftest import BUILD, ROOT
from verbatim import _errors

_v = verbatim._v

FULL = verbatim.Document(id="d\u00e9p\u00eache-7", text="\u201cWe sail at dawn,\u201d she said. \U0001F6A2\n",
                         source="Harbour Gazette", url="https://example.org/7", title="Ferries",
                         date="2024-05-01", language="fr")


def cbor_seq(data):
    f = io.BytesIO(data)
    out = []
    while f.tell() < len(data):
        out.append(cbor2.load(f))
    return out


def test_documents_round_trip_with_every_field():
    docs = [FULL, verbatim.Document("bare", "")]
    assert list(verbatim.read_documents(verbatim.write_documents(docs))) == docs


def test_writer_accepts_dicts_and_attribute_objects():
    class Obj:
        id = "o"
        text = "from attributes"
        title = None

    back = list(verbatim.read_documents(verbatim.write_documents([{"id": "m", "text": "from a dict"}, Obj()])))
    assert [(d.id, d.text, d.title) for d in back] == [("m", "from a dict", None), ("o", "from attributes", None)]


def test_output_is_the_canonical_encoding_cbor2_would_write():
    data = verbatim.write_documents([FULL])
    expected = {k: v for k, v in vars_of(FULL).items() if v is not None}
    expected["type"] = "document"
    assert data == cbor2.dumps(expected, canonical=True)
    assert verbatim.write_documents([FULL]) == data  # deterministic


def vars_of(doc):
    return {f: getattr(doc, f) for f in ("id", "text", "source", "url", "title", "date", "language")}


def test_records_written_by_cbor2_are_read_in_any_key_order_with_unknown_keys():
    recs = [{"text": "second key first", "id": "c1", "extra": [1, {"x": None}]},
            {"id": "c2", "text": "t", "source": "s", "type": "document"}]
    docs = list(verbatim.read_documents(b"".join(cbor2.dumps(r) for r in recs)))
    assert [(d.id, d.text, d.source) for d in docs] == [("c1", "second key first", None), ("c2", "t", "s")]


def test_records_written_by_verbatim_are_read_by_cbor2():
    recs = cbor_seq(verbatim.write_documents([FULL, {"id": "x", "text": "y"}]))
    assert recs[0]["title"] == FULL.title and recs[0]["text"] == FULL.text
    assert recs[1] == {"id": "x", "text": "y", "type": "document"}


def test_reads_from_a_path_given_as_str_or_pathlib(tmp_path):
    f = tmp_path / "c.cbor"
    f.write_bytes(verbatim.write_documents([FULL]))
    assert list(verbatim.read_documents(str(f))) == [FULL]
    assert list(verbatim.read_documents(pathlib.Path(f))) == [FULL]


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview, lambda b: memoryview(b"junk" + b)[4:]])
def test_reads_every_bytes_like_input(wrap):
    data = verbatim.write_documents([FULL, verbatim.Document("b", "two")])
    assert [d.id for d in verbatim.read_documents(wrap(data))] == [FULL.id, "b"]


def test_bytearray_is_read_in_place_and_locked_until_closed():
    buf = bytearray(verbatim.write_documents([FULL, verbatim.Document("b", "two")]))
    r = verbatim.read_documents(buf)
    assert next(r).id == FULL.id
    with pytest.raises(BufferError):
        buf.extend(b"x")  # the reader still points into it
    r.close()
    buf.extend(b"x")


def test_read_items_yields_each_record_bytes():
    parts = [cbor2.dumps({"id": "a", "text": "x"}), cbor2.dumps([1, 2, {"k": "v"}])]
    assert list(verbatim.read_items(b"".join(parts))) == parts


def test_to_json_matches_the_decoded_item():
    item = cbor2.dumps({"id": "j", "n": [1, -2, 3.5, None, True], "b": b"\x00\xff"})
    assert json.loads(verbatim.to_json(item)) == {"id": "j", "n": [1, -2, 3.5, None, True], "b": "AP8="}
    assert "\n" not in verbatim.to_json(item)


def test_truncated_input_names_record_and_offset():
    data = verbatim.write_documents([FULL, verbatim.Document("b", "two")])
    first = len(verbatim.write_documents([FULL]))
    r = verbatim.read_documents(data[:-3])
    assert next(r) == FULL
    with pytest.raises(verbatim.TruncatedError) as e:
        next(r)
    assert e.value.record == 1 and e.value.offset is not None and e.value.offset >= first
    assert e.value.code == _v.ERR_TRUNCATED and isinstance(e.value, verbatim.DecodeError)
    assert r.failed
    assert "record 1" in str(e.value)


def test_schema_error_names_the_field_and_reading_goes_on():
    data = cbor2.dumps({"id": "a", "text": "one"}) + cbor2.dumps({"id": "b"}) + cbor2.dumps({"id": "c", "text": "3"})
    r = verbatim.read_documents(data)
    assert next(r).id == "a"
    with pytest.raises(verbatim.SchemaError) as e:
        next(r)
    assert (e.value.record, e.value.field, e.value.code) == (1, "text", 15)
    assert not r.failed and r.record_index == 1
    assert [d.id for d in r] == ["c"]


def test_malformed_cbor_is_a_cbor_error_that_ends_the_stream():
    r = verbatim.read_documents(b"\xa2\x62id\x61a\x1c")  # 0x1c: reserved additional info
    with pytest.raises(verbatim.CborError) as e:
        next(r)
    assert e.value.record == 0 and e.value.offset is not None
    assert r.failed


def test_invalid_utf8_in_a_written_field_names_field_and_offset():
    with pytest.raises(verbatim.Utf8Error) as e:
        verbatim.write_documents([FULL, {"id": "x", "text": b"ok \xc3\x28"}])
    assert (e.value.field, e.value.offset, e.value.code) == ("text", 3, 12)
    assert any("document 1" in n for n in e.value.__notes__)


def test_document_without_id_is_an_argument_error():
    with pytest.raises(verbatim.ArgumentError) as e:
        verbatim.write_documents([{"id": "", "text": "t"}])
    assert e.value.field == "id" and isinstance(e.value, ValueError)


def test_missing_file_is_an_os_error():
    with pytest.raises(verbatim.InputOutputError) as e:
        verbatim.read_documents("/nonexistent/verbatim/x.cbor")
    assert isinstance(e.value, OSError) and e.value.code == 17


@pytest.mark.parametrize("bad", [None, 42, [b"x"]])
def test_wrong_types_raise_type_error(bad):
    with pytest.raises(TypeError):
        verbatim.read_documents(bad)
    with pytest.raises(TypeError):
        verbatim.write_documents([bad])
    with pytest.raises(TypeError):
        verbatim.to_json(bad)
    with pytest.raises(TypeError):
        verbatim.utf8_valid(bad)
    with pytest.raises(TypeError):
        _v.reader_open_memory(_v.reader_new(), bad)


def test_wrong_field_types_raise_type_error():
    with pytest.raises(TypeError, match="'text'"):
        verbatim.write_documents([{"id": "a", "text": 3}])
    with pytest.raises(TypeError):
        verbatim.write_documents(None)
    with pytest.raises(TypeError):
        _v.reader_open_memory(_v.reader_new(), "a str is not bytes")


def test_every_status_has_its_exception_class():
    codes = {getattr(_v, n) for n in dir(_v) if n.startswith("ERR_")}
    assert codes == set(_errors.BY_CODE)
    for code, cls in _errors.BY_CODE.items():
        assert issubclass(cls, verbatim.Error) and cls.code == code
    assert issubclass(verbatim.NoMemoryError, MemoryError)


def test_utf8_helpers_report_validity_and_repair():
    assert verbatim.utf8_valid("caf\u00e9") and verbatim.utf8_valid(b"caf\xc3\xa9")
    assert not verbatim.utf8_valid(b"caf\xc3")
    assert _v.utf8_valid(b"ab\xffcd") == (False, 2)
    assert verbatim.utf8_repair(b"a\xffb\xc3") == ("a\ufffdb\ufffd", 2)


def test_version_agrees_with_the_headers():
    assert verbatim.version() == verbatim.__version__ == _v.VERSION_STRING
    assert _v.version() == _v.VERSION_NUMBER


def test_explicit_free_disowns_the_handle():
    r = _v.reader_new()
    _v.reader_free(r)
    del r  # no second free: the interpreter would abort on a double free
    gc.collect()


def test_handles_are_freed_by_the_garbage_collector():
    text = "x" * (1 << 20)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for i in range(300):  # 300 MiB if writers leaked
        w = verbatim.Writer()
        w.write({"id": str(i), "text": text})
        del w
    gc.collect()
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100


def test_every_public_name_has_a_docstring_and_a_stub():
    stub = (pathlib.Path(verbatim.__file__).with_name("__init__.pyi")).read_text()
    for name in verbatim.__all__:
        obj = getattr(verbatim, name)
        assert obj.__doc__ and obj.__doc__.strip(), name
        assert re.search(rf"\b(def|class) {name}\b|\b{name} as {name}\b", stub), name


GIL_PROBE = r"""
import os, sys, threading
sys.path[:0] = [os.environ["SRC"], os.environ["BLD"]]
import verbatim
fifo = sys.argv[1]
out = []
t = threading.Thread(target=lambda: out.extend(verbatim.read_documents(fifo)))
t.start()
# The reader thread blocks inside C (opening, then reading the FIFO). This
# thread can only open and feed it if that C call released the GIL.
with open(fifo, "wb") as f:
    f.write(verbatim.write_documents([verbatim.Document("g", "released")]))
t.join()
print(out[0].text)
"""


def test_c_calls_release_the_gil(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    env = dict(os.environ, SRC=str(ROOT / "python"), BLD=str(BUILD / "python"))
    p = subprocess.run([sys.executable, "-c", GIL_PROBE, str(fifo)], capture_output=True, text=True,
                       env=env, timeout=30)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "released\n"


def test_limits_are_applied_and_exceeding_one_is_a_limit_error():
    data = verbatim.write_documents([{"id": "a", "text": "a text of some length"}])
    assert [d.id for d in verbatim.read_documents(data, max_text_bytes=64)] == ["a"]
    with pytest.raises(verbatim.LimitError) as e:
        next(verbatim.read_documents(data, max_text_bytes=16))
    assert e.value.record == 0 and e.value.code == 16
    with pytest.raises(TypeError):
        verbatim.read_documents(data, max_cheese=1)
    with pytest.raises(TypeError):
        verbatim.read_documents(data, max_depth="deep")
