#!/usr/bin/python3
"""Python binding overhead and Dask scaling (not run by `make test`).

    make build && VERBATIM_BUILD=build /usr/bin/python3 benchmarks/bench_python.py [N_DOCS]
        [--json] [--no-dask] [--runs N]

Prints, on a generated corpus (scripts/gen_quote_corpus.py, default 3000
documents):
  - whole-article calls: verbatim.quotes(text) per article vs the bare
    C call through the SWIG module (quote_extractor_run + _write, no
    decoding) and vs `verbatim quotes --json` over the whole file;
  - whole-corpus calls: Corpus(...).match() vs `verbatim match -o`;
  - verbatim.dask.run on a LocalCluster with 1 and with 2 worker processes.
Each figure is the best of three runs, in CPU time (this process's, plus
that of the CLI runs it waited for), so time spent descheduled on a loaded
machine counts against nobody; Dask's figures are wall time (its workers are
not our children). With --json it prints
one JSON object per figure instead (format in benchmarks/README.md; the
reference every figure is compared with is the C CLI, impl "cli").
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir))
BUILD = os.environ.get("VERBATIM_BUILD", os.path.join(ROOT, "build"))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "scripts")]
os.environ["VERBATIM_BUILD"] = os.path.abspath(BUILD)

import gen_quote_corpus  # noqa: E402
import verbatim  # noqa: E402


RUNS = 3


def cpu_clock():
    """CPU seconds of this process and of its waited-for children."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + c.ru_utime + c.ru_stime


def best(fn, runs=None, clock=cpu_clock):
    times = []
    for _ in range(runs or RUNS):
        t = clock()
        fn()
        times.append(clock() - t)
    return min(times)


def figure(case, impl, n, nbytes, seconds, unit="articles/s"):
    """One JSON Lines object in the format of benchmarks/README.md."""
    rate = n / seconds if unit == "articles/s" else nbytes / 1e6 / seconds
    print(json.dumps({"bench": "python", "case": case, "impl": impl, "n": n, "bytes": nbytes,
                      "seconds": round(seconds, 6), "rate": round(rate, 3), "unit": unit}),
          flush=True)


def main():
    global RUNS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=3000, help="documents (default 3000)")
    ap.add_argument("--json", action="store_true", help="JSON Lines, one object per figure")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure, best counts")
    args = ap.parse_args()
    RUNS = args.runs
    n = args.n
    say = (lambda *a, **k: None) if args.json else print
    docs = gen_quote_corpus.generate(n)
    nbytes = sum(len(t.encode()) for _, t in docs)
    tmp = tempfile.mkdtemp(prefix="bench_python.")
    cbor = os.path.join(tmp, "corpus.cbor")
    with open(cbor, "wb") as f:
        f.write(verbatim.write_documents({"id": i, "text": t} for i, t in docs))
    cli = os.path.join(BUILD, "verbatim")
    say(f"corpus: {n} generated documents, {os.path.getsize(cbor) / 1e6:.1f} MB as CBOR; load "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    v = verbatim._v
    qx, w = v.quote_extractor_new(), v.writer_new()

    def bare():
        for doc_id, text in docs:
            v.quote_extractor_run(qx, text, 0)
            v.quote_extractor_write(qx, w, doc_id, text)
            v.writer_reset(w)

    t_py = best(lambda: [verbatim.quotes(t, i) for i, t in docs])
    t_bare = best(bare)
    t_cli = best(lambda: subprocess.run([cli, "quotes", cbor, "--json"], check=True, stdout=subprocess.DEVNULL))
    say(f"quotes, per article:   python {t_py / n * 1e6:7.1f} us   bare SWIG call {t_bare / n * 1e6:7.1f} us"
        f"   CLI (whole file, incl. JSON + process start) {t_cli / n * 1e6:7.1f} us")
    say(f"  overhead ratio python/bare {t_py / t_bare:.2f}, python/CLI {t_py / t_cli:.2f}")
    if args.json:
        figure("quotes-per-article", "cli", n, nbytes, t_cli)
        figure("quotes-per-article", "python", n, nbytes, t_py)
        figure("quotes-per-article", "swig-bare", n, nbytes, t_bare)

    t_match = best(lambda: verbatim.Corpus(docs).match())
    out = os.path.join(tmp, "m.cbor")
    t_cli_m = best(lambda: subprocess.run([cli, "match", cbor, "-o", out], check=True))
    t_match_file = best(lambda: verbatim.Corpus(cbor).match())
    say(f"match, whole corpus:   python (pairs) {t_match:.3f} s   python (.cbor) {t_match_file:.3f} s"
        f"   CLI -o {t_cli_m:.3f} s   overhead ratio {t_match_file / t_cli_m:.2f}")
    if args.json:
        figure("match-corpus", "cli", n, nbytes, t_cli_m, "MB/s")
        figure("match-corpus", "python-pairs", n, nbytes, t_match, "MB/s")
        figure("match-corpus", "python-cbor", n, nbytes, t_match_file, "MB/s")

    if args.no_dask:
        return
    try:
        import distributed
        from verbatim.dask import run, write_partitions
    except ImportError:
        say("dask: distributed is not installed")
        return
    parts = write_partitions(docs, os.path.join(tmp, "parts"), 8)
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as lc, distributed.Client(lc) as c:
            t = best(lambda: run(c, parts, os.path.join(tmp, f"out{workers}")), clock=time.perf_counter)
        say(f"dask, {workers} worker{'s' if workers > 1 else ' '}: {t:.3f} s (8 partitions)")
        if args.json:
            figure("dask-run", f"dask-{workers}-workers", n, nbytes, t, "MB/s")


if __name__ == "__main__":
    main()
