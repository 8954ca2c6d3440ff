#!/usr/bin/python3
"""Binding overhead in instructions (callgrind), which the load of a shared
machine does not move. Not run by `make test` or `run.py` (a few minutes).

    make build && /usr/bin/python3 benchmarks/binding_callgrind.py [--build build] [N_ARTICLES]
        [--only python-quotes node-quotes ...]

For each call type, the instructions of one article (or one corpus) are the
difference between a process doing the work K times and one doing it
`--base` times (so start-up, imports and corpus generation cancel out),
divided by the repetitions and the articles: for the binding (Python or
Node, returning dicts / objects, results kept until the next repetition)
and for the C API doing the same work (benchmarks/bench_c_api on the same
documents). Prints the ratio binding / C API per call type; instructions
leave out cache misses and the time V8's collector spends on other threads,
so bench_python.py / bench_node.js (CPU time) stay the figures to quote
and this one the check that a change moved them.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir))

PY = r"""
import os, sys
sys.path[:0] = [os.path.join(@ROOT@, "python"), os.path.join(@ROOT@, "scripts")]
import gen_quote_corpus, verbatim
docs = gen_quote_corpus.generate(@N@)
if not os.path.exists(@CBOR@):
    open(@CBOR@, "wb").write(verbatim.write_documents({"id": i, "text": t} for i, t in docs))
call = {"quotes": lambda: [verbatim.quotes(t, i) for i, t in docs],
        "normalize": lambda: [verbatim.normalize(t, doc=i) for i, t in docs],
        "paragraphs": lambda: [verbatim.paragraphs(t, i) for i, t in docs],
        "match": lambda: verbatim.Corpus(docs).match()}[@CASE@]
keep = None
for _ in range(@K@):
    keep = call()
"""

JS = r"""
const path = require('path');
const fs = require('fs');
const verbatim = require(path.join(@ROOT@, 'node'));
const { corpus } = require(path.join(@ROOT@, 'node', 'test', 'corpus.js'));
const docs = corpus(@N@, { seed: 99, pool: Math.max(1, Math.round(@N@ / 2)) });
if (!fs.existsSync(@CBOR@)) fs.writeFileSync(@CBOR@, verbatim.writeDocuments(docs));
const call = {
  quotes: () => docs.map((d) => verbatim.quotes(d.text, { id: d.id })),
  paragraphs: () => docs.map((d) => verbatim.paragraphs(d.text, { id: d.id })),
  match: () => verbatim.match(docs),
}[@CASE@];
let keep = null;
for (let k = 0; k < @K@; k++) keep = call();
"""

C_CASE = {"quotes": "quotes-per-article", "normalize": "normalize-per-article",
          "paragraphs": "paragraphs-per-article", "match": "match-corpus"}
CASES = ["python-quotes", "python-normalize", "python-paragraphs", "python-match",
         "node-quotes", "node-paragraphs", "node-match"]


def instructions(cmd, env):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
                           env=env, capture_output=True, text=True, timeout=1200)
        m = re.search(r"Collected : (\d+)", p.stderr)
        if p.returncode != 0 or not m:
            raise SystemExit(f"binding_callgrind: {' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
        return int(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=200, help="articles (default 200)")
    ap.add_argument("--build", default=os.environ.get("VERBATIM_BUILD", os.path.join(ROOT, "build")))
    ap.add_argument("--only", nargs="*", choices=CASES, default=CASES)
    ap.add_argument("--reps", type=int, default=3, help="repetitions measured (default 3)")
    ap.add_argument("--base", type=int, default=1,
                    help="repetitions in the base process (default 1: the first call's one-off costs cancel)")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    env = dict(os.environ, VERBATIM_BUILD=build)
    c_api = os.path.join(build, "benchmarks", "bench_c_api")
    k0, k1 = args.base, args.base + args.reps
    print(f"{args.n} articles; instructions per article ({k1} - {k0} repetitions)")
    print(f"{'call':20} {'binding':>12} {'C API':>12} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only:
            lang, case = name.split("-")
            cbor = os.path.join(tmp, f"{lang}.cbor")
            src = (PY if lang == "python" else JS).replace("@ROOT@", repr(ROOT)).replace("@N@", str(args.n)) \
                .replace("@CBOR@", repr(cbor)).replace("@CASE@", repr(case))
            interp = ["/usr/bin/python3", "-c"] if lang == "python" else ["node", "-e"]
            counts = [instructions(interp + [src.replace("@K@", str(k))], env) for k in (k0, k1)]
            per_binding = (counts[1] - counts[0]) / args.reps / args.n
            c = [instructions([c_api, cbor, "--only", C_CASE[case], "--runs", str(k)], env) for k in (k0, k1)]
            per_c = (c[1] - c[0]) / args.reps / args.n
            print(f"{name:20} {per_binding:12.0f} {per_c:12.0f} {per_binding / per_c:7.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
