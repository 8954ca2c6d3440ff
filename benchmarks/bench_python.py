#!/usr/bin/python3
"""Python binding overhead against the C API, and Dask scaling (not run by `make test`).

    make build && VERBATIM_BUILD=build /usr/bin/python3 benchmarks/bench_python.py [N_DOCS]
        [--json] [--no-dask] [--runs N]

On a generated corpus (scripts/gen_quote_corpus.py, default 3000 documents)
it times each call type through the Python package, returning dicts, against
the same work done through the C API by benchmarks/bench_c_api.c (handles
reused, results written as records into a vb_writer) on the same documents,
and prints the overhead ratio Python / C per call type:

  quotes-per-article      verbatim.quotes(text, id) per article
  normalize-per-article   verbatim.normalize(text, doc=id) per article
  paragraphs-per-article  verbatim.paragraphs(text, id) per article
  match-corpus            Corpus(pairs).match() (python-pairs) and
                          Corpus(path.cbor).match() (python-cbor)
  similar-corpus          Corpus(pairs).similar() on the first 200 documents
                          at most (every pair of this corpus is similar, so
                          the work grows as N squared)

plus, for reference, the bare SWIG calls for quotes (no dicts), the C CLI
(`verbatim quotes --json`, `verbatim match -o`; process start included) and
verbatim.dask.run on a LocalCluster with 1 and with 2 worker processes.
Each figure is the best of --runs runs (default 5) in CPU time (this
process's; bench_c_api's own; the CLI's as a waited-for child), so time spent
descheduled on a loaded machine counts against nobody; Dask's figures are
wall time (its workers are not our children). The C side reports how many
records it wrote and the Python side must return as many, so both did the
same work. With --json it prints one JSON object per figure instead (format
in benchmarks/README.md; the reference figure of each case is the C API,
impl "c-api").
"""
import argparse
import json
import math
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


RUNS = 5


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


SIMILAR_MAX = 200


def c_api(build, path, runs, only):
    """bench_c_api's figures for the corpus file at `path`, by case."""
    exe = os.path.join(build, "benchmarks", "bench_c_api")
    out = subprocess.run([exe, path, "--runs", str(runs), "--only", ",".join(only), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return {f["case"]: f for f in map(json.loads, out.splitlines())}


def main():
    global RUNS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=3000, help="documents (default 3000)")
    ap.add_argument("--json", action="store_true", help="JSON Lines, one object per figure")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    ap.add_argument("--runs", type=int, default=5, help="runs per figure, best counts")
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
    sim_docs = docs[:SIMILAR_MAX]
    sim_bytes = sum(len(t.encode()) for _, t in sim_docs)
    sim_cbor = os.path.join(tmp, "similar.cbor")
    with open(sim_cbor, "wb") as f:
        f.write(verbatim.write_documents({"id": i, "text": t} for i, t in sim_docs))
    cli = os.path.join(BUILD, "verbatim")
    say(f"corpus: {n} generated documents, {nbytes / 1e6:.2f} MB of text; best of {RUNS} runs, CPU time; "
        f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    v = verbatim._v
    qx, w = v.quote_extractor_new(), v.writer_new()

    def bare():
        for doc_id, text in docs:
            v.quote_extractor_run(qx, text, 0)
            v.quote_extractor_write(qx, w, doc_id, text)
            v.writer_reset(w)

    def total(results):
        return sum(len(r) for r in results)

    out = os.path.join(tmp, "m.cbor")
    # (case, impl, call, how to count the records of its result, or None)
    calls = [
        ("quotes-per-article", "python", lambda: [verbatim.quotes(t, i) for i, t in docs], total),
        ("quotes-per-article", "swig-bare", bare, None),
        ("quotes-per-article", "cli", lambda: subprocess.run([cli, "quotes", cbor, "--json"], check=True,
                                                             stdout=subprocess.DEVNULL), None),
        ("normalize-per-article", "python", lambda: [verbatim.normalize(t, doc=i) for i, t in docs], len),
        ("paragraphs-per-article", "python", lambda: [verbatim.paragraphs(t, i) for i, t in docs], total),
        ("match-corpus", "python-pairs", lambda: verbatim.Corpus(docs).match(), len),
        ("match-corpus", "python-cbor", lambda: verbatim.Corpus(cbor).match(), len),
        ("match-corpus", "cli", lambda: subprocess.run([cli, "match", cbor, "-o", out], check=True), None),
        ("similar-corpus", "python", lambda: verbatim.Corpus(sim_docs).similar(), len),
    ]
    per_article = ["quotes-per-article", "normalize-per-article", "paragraphs-per-article"]
    size = {case: (n, nbytes) for case in per_article + ["match-corpus"]}
    size["similar-corpus"] = (len(sim_docs), sim_bytes)
    unit = {case: "articles/s" if case in per_article else "MB/s" for case in size}

    # The C API and the bindings take turns, one run each per round, so
    # both see the same load on a shared machine; the best run counts.
    times = {}
    for _ in range(RUNS):
        c = c_api(BUILD, cbor, 1, per_article + ["match-corpus"])
        c.update(c_api(BUILD, sim_cbor, 1, ["similar-corpus"]))
        for case, f in c.items():
            times[(case, "c-api")] = min(times.get((case, "c-api"), math.inf), f["seconds"])
        for case, impl, call, count in calls:
            result = []
            t = best(lambda: result.append(call()), runs=1)
            times[(case, impl)] = min(times.get((case, impl), math.inf), t)
            want = c[case].get("records")
            if count is not None and want is not None and count(result[0]) != want:
                raise SystemExit(f"bench_python: {case} {impl} returned {count(result[0])} records, "
                                 f"the C API wrote {want}")
    rows = [(case, impl, *size[case], t, unit[case]) for (case, impl), t in times.items()]
    rows.sort(key=lambda r: (list(size).index(r[0]), r[1] != "c-api"))

    if args.json:
        for case, impl, count, size, t, unit in rows:
            figure(case, impl, count, size, t, unit)
    else:
        ref = {case: t for case, impl, _, _, t, _ in rows if impl == "c-api"}
        say(f"{'call':24} {'impl':13} {'docs':>6} {'ms':>10} {'us/doc':>9} {'x C API':>8}")
        for case, impl, count, size, t, unit in rows:
            say(f"{case:24} {impl:13} {count:6} {t * 1e3:10.2f} {t / count * 1e6:9.1f} {t / ref[case]:8.2f}")

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
