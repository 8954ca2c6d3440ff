"""The Python binding under misuse: wrong types, None, huge integers, closed
and freed handles, and concurrent use from threads. Every case must raise a
Python exception (or work), never crash the interpreter. Each probe runs in a
child interpreter so a crash is reported as that probe's failure (with the
signal) instead of taking the whole test session down."""
import subprocess
import sys
import textwrap

import pytest

from conftest import BUILD, ROOT

PRELUDE = f"""
import sys, threading
sys.path[:0] = [{str(ROOT / 'python')!r}, {str(BUILD / 'python')!r}]
import verbatim
from verbatim import _errors
_v = verbatim._v

def raises(exc, fn, *a, **k):
    try:
        fn(*a, **k)
    except exc:
        return
    except BaseException as e:
        raise AssertionError(f"{{fn}} raised {{type(e).__name__}}: {{e}}, expected {{exc}}")
    raise AssertionError(f"{{fn}} did not raise {{exc}}")

DOCS = verbatim.write_documents([{{"id": str(i), "text": "w" * i}} for i in range(200)])
"""


def probe(body):
    """Run `body` in a fresh interpreter; it must exit 0 (not by a signal)."""
    code = PRELUDE + textwrap.dedent(body)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (
        f"exit {proc.returncode} (negative: killed by signal {-proc.returncode})\n{proc.stderr[-3000:]}")
    return proc.stdout


def test_wrong_types_raise_type_errors():
    probe("""
    raises(TypeError, verbatim.read_documents, 123)
    raises(TypeError, verbatim.read_documents, None)
    raises(TypeError, verbatim.read_documents, b"", max_nonsense=1)
    raises((TypeError, _errors.Error), verbatim.Writer().write, 42)
    raises((TypeError, _errors.Error), verbatim.Writer().write, {"id": 5, "text": "x"})
    raises((TypeError, _errors.Error), verbatim.Writer().write, {"id": "a", "text": 3.5})
    raises(TypeError, verbatim.Writer().write_raw, "not bytes")
    raises(TypeError, verbatim.utf8_valid, 12)
    raises(TypeError, verbatim.to_json, 12)
    raises(TypeError, verbatim.utf8_repair, [1, 2])
    """)


def test_none_for_handles_and_buffers_raises():
    probe("""
    for fn, args in [(_v.reader_next, (None,)), (_v.reader_next_item, (None,)),
                     (_v.reader_open_memory, (None, b"x")), (_v.writer_data, (None,)),
                     (_v.writer_document, (None, {"id": "a", "text": ""})),
                     (_v.writer_json, (None, b"\\x00")), (_v.reader_set_limits, (None, None)),
                     (_v.segmenter_run, (None, "x", 0)), (_v.matcher_finish, (None,))]:
        try:
            fn(*args)
        except (TypeError, ValueError, _errors.Error):
            pass
    raises((TypeError, _errors.Error), verbatim.Writer().write, None)
    raises(TypeError, verbatim.utf8_valid, None)
    raises(TypeError, verbatim.to_json, None)
    raises(TypeError, verbatim.normalize, None)
    raises(TypeError, verbatim.quotes, None)
    """)


def test_huge_and_negative_integers_raise():
    probe("""
    for name in ("max_depth", "max_items", "max_record_bytes", "max_text_bytes"):
        raises((OverflowError, ValueError, TypeError), verbatim.Reader, b"", **{name: 2**80})
        raises((OverflowError, ValueError, TypeError), verbatim.Reader, b"", **{name: -1})
    for flags in (2**40, -1, 2**70):
        raises((OverflowError, ValueError, TypeError, _errors.Error), verbatim.normalize, "x", flags)
    n = verbatim.normalize("Caf\\u00e9 \\u201cx\\u201d")
    assert n.text
    """)


def test_closed_readers_stop_and_release_their_buffer():
    probe("""
    buf = bytearray(DOCS)
    r = verbatim.read_documents(buf)
    next(r)
    r.close()
    r.close()
    raises(StopIteration, next, r)
    assert r.record_index is None and r.failed is False
    buf.extend(b"x")  # no longer locked
    with verbatim.read_documents(DOCS) as r2:
        pass
    raises(StopIteration, next, r2)
    """)


def test_a_reader_failing_on_bad_bytes_keeps_raising_errors():
    probe("""
    r = verbatim.read_documents(b"\\xff\\xff\\xff")
    raises(_errors.Error, next, r)
    assert r.failed
    raises(_errors.Error, next, r)
    """)


def test_one_reader_and_one_writer_shared_by_threads():
    out = probe("""
    r = verbatim.read_documents(DOCS)
    seen, errors = [], []
    def read():
        try:
            for d in r:
                seen.append(d.id)
        except Exception as e:  # an exception is fine; a crash is not
            errors.append(e)
    ts = [threading.Thread(target=read) for _ in range(8)]
    for t in ts: t.start()
    for t in ts: t.join()
    assert not errors, errors
    assert sorted(seen, key=int) == [str(i) for i in range(200)], len(seen)

    w = verbatim.Writer()
    def write(k):
        for i in range(100):
            w.write({"id": f"{k}-{i}", "text": "x" * i})
    ts = [threading.Thread(target=write, args=(k,)) for k in range(8)]
    for t in ts: t.start()
    for t in ts: t.join()
    ids = [d.id for d in verbatim.read_documents(w.getvalue())]
    assert len(ids) == 800 and len(set(ids)) == 800
    print("ok")
    """)
    assert "ok" in out


def test_closing_a_reader_while_other_threads_iterate_it():
    probe("""
    big = verbatim.write_documents([{"id": str(i), "text": "w" * 50} for i in range(5000)])
    for _ in range(20):
        r = verbatim.read_documents(big)
        def read():
            try:
                for _d in r:
                    pass
            except Exception:
                pass
        ts = [threading.Thread(target=read) for _ in range(4)]
        for t in ts: t.start()
        r.close()
        for t in ts: t.join()
    """)


def test_threads_with_their_own_normalizers():
    probe("""
    text = "\\u201cCaf\\u00e9\\u201d \\u2014 \\ufb01ne\\u2026 " * 200
    results, errors = [], []
    def work():
        try:
            for _ in range(50):
                n = verbatim.normalize(text)
                results.append((n.text, len(n.map)))
        except Exception as e:
            errors.append(e)
    ts = [threading.Thread(target=work) for _ in range(6)]
    for t in ts: t.start()
    for t in ts: t.join()
    assert not errors, errors
    assert len(set(results)) == 1 and len(results) == 300
    """)
