"""The wrapper's C decoder of result records (bind_records, bind_take and the
bind_*_records calls): the same Python objects cbor2 gives, and a fallback to
cbor2 for what it does not read."""
import math
import threading

import cbor2
import pytest

import verbatim
from verbatim import _analysis

_v = verbatim._v


def seq(*items):
    return b"".join(cbor2.dumps(x) for x in items)


VALUES = [
    0, 23, 24, 255, 256, 65535, 65536, 2**32, 2**64 - 1,
    -1, -24, -25, -256, -257, -2**32, -2**63, -2**63 - 1, -2**64,
    "", "a", "type", "quote", "d\u00e9p\u00eache", "\U0001F6A2" * 3, "x" * 24, "y" * 25, "z" * 1000,
    b"", b"\x00\xff", True, False, None,
    1.5, -0.0, 0.1, 1e300, math.inf, -math.inf, 65504.0, 5.960464477539063e-08, 3.4028234663852886e38,
    [], [1, [2, [3]]], {}, {"a": 1, "bb": [None, True], "c": {"d": "e"}},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_decodes_as_cbor2_decodes_it(value):
    data = cbor2.dumps(value, canonical=True)  # shortest floats, as the writers emit
    got = _v.bind_records(data)
    assert got == [cbor2.loads(data)]
    assert type(got[0]) is type(cbor2.loads(data))


def test_nan_decodes_as_nan():
    assert math.isnan(_v.bind_records(cbor2.dumps(math.nan, canonical=True))[0])


def test_a_sequence_decodes_item_by_item():
    items = [{"type": "quote", "doc": "a", "start": 3}, {"type": "quote", "doc": "a", "start": 9}, 7]
    assert _v.bind_records(seq(*items)) == items
    assert _v.bind_records(b"") == []


def test_repeated_short_strings_are_equal_but_each_record_its_own_dict():
    recs = _v.bind_records(seq({"kind": "full"}, {"kind": "full"}))
    assert recs[0] == recs[1] and recs[0] is not recs[1]
    recs[0]["kind"] = "fragment"
    assert recs[1]["kind"] == "full"


@pytest.mark.parametrize("data", [
    cbor2.dumps(cbor2.CBORTag(1, 5)),          # a tag
    b"\x9f\x01\xff",                           # an indefinite-length array
    b"\xf7",                                   # undefined
    b"\xa1\x61",                               # truncated inside a map key
    b"\x82\x01",                               # an array missing an element
    b"\x1b\x00",                               # truncated argument
], ids=["tag", "indefinite", "undefined", "truncated-key", "short-array", "short-argument"])
def test_what_the_decoder_does_not_read_is_not_implemented(data):
    assert _v.bind_records(data) is NotImplemented


def test_decode_falls_back_to_cbor2():
    data = seq({"a": cbor2.CBORTag(4000, 5)})
    assert _v.bind_records(data) is NotImplemented
    assert _analysis._decode(data) == [{"a": cbor2.CBORTag(4000, 5)}]
    with pytest.raises(cbor2.CBORDecodeError):
        _analysis._decode(b"\x82\x01")


def test_invalid_utf8_text_raises():
    with pytest.raises(UnicodeDecodeError):
        _v.bind_records(b"\x62\xc3\x28")


def test_bind_take_returns_the_writers_records_and_empties_it():
    w = _v.writer_new()
    _v.writer_document(w, {"id": "a", "text": "b"})
    assert _v.bind_take(w) == [{"id": "a", "text": "b", "type": "document"}]
    assert _v.writer_data(w) == b""
    assert _v.bind_take(w) == []


def test_quote_records_equal_the_two_step_calls():
    text = "\u201cWe sail at dawn with the tide,\u201d said Ines Moreau. She added: \u201cNot before.\u201d"
    qx, w = _v.quote_extractor_new(), _v.writer_new()
    _v.quote_extractor_run(qx, text, 0)
    _v.quote_extractor_write(qx, w, "d", text)
    expected = cbor2.loads(b"\x9f" + _v.writer_data(w) + b"\xff")
    assert len(expected) == 2
    assert _v.bind_quote_records(qx, w, "d", text, 0) == expected
    assert verbatim.quotes(text, "d") == expected


def test_a_failing_call_raises_and_the_next_call_starts_clean():
    qx, w = _v.quote_extractor_new(), _v.writer_new()
    with pytest.raises(verbatim.Utf8Error) as e:
        _v.bind_quote_records(qx, w, "d", b"\xff \xe2\x80\x9cnot\xe2\x80\x9d", 0)
    assert e.value.offset == 0
    assert _v.bind_quote_records(qx, w, "d", "plain", 0) == []


def test_each_thread_has_its_own_handles():
    text = "\u201cWe sail at dawn with the tide,\u201d said Ines Moreau."
    expected = verbatim.quotes(text, "x")
    errors = []

    def job():
        try:
            for _ in range(200):
                assert verbatim.quotes(text, "x") == expected
        except AssertionError as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=job) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
