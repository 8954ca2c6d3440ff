#!/usr/bin/python3
"""Run every benchmark driver at several sizes and write docs/bench/.

    /usr/bin/python3 benchmarks/run.py [--mode quick|full] [--build build-bench]
                                       [--out docs/bench] [--only NAME ...]

Each driver runs once per size, in its own process, with --json: it prints
one JSON object per figure (format in benchmarks/README.md). The peak RSS of
each run is that process's ru_maxrss, through GNU time (see run_process).
From the lines it writes:

  results.json   every line and every run, with the machine it ran on
  table.md       the figures at each benchmark's largest size, peers beside
                 verbatim with the time ratio, peak memory, instruction
                 counts, and the growth verdict of every curve
  <bench>.png    time against size and peak RSS against size (log-log), with
                 a linear reference line

A curve is every line of one (bench, case, impl) across sizes; its log-log
slope says how time grows: about 1 is linear (n log n over three decades
gives about 1.1), more than 1.15 is reported as superlinear. A driver that
fails or prints no JSON is noted and skipped; the others still run.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir))

# How each driver is run. `sizes` per mode; `args(size)` the command-line
# arguments for one size; `x` the field of a JSON line that is the size on
# the plots ("bytes" or "n"); `reference` the impl every other impl of the
# bench is compared with. A driver with one size runs once and may report
# several sizes itself (bench_match times 1k / 10k / 100k quote indexes in
# one process).
DRIVERS = [
    {"name": "normalize", "exe": "bench_normalize", "x": "bytes", "xlabel": "bytes of text",
     "sizes": {"quick": [10, 100, 1000, 10000], "full": [10, 100, 1000, 10000, 100000]},
     "args": lambda kb, mode: ["--kb", str(kb), "--runs", "3"]},
    {"name": "quotes", "exe": "bench_quotes", "x": "bytes", "xlabel": "bytes of text",
     "sizes": {"quick": [10, 100, 1000, 10000], "full": [10, 100, 1000, 10000, 50000]},
     "args": lambda kb, mode: ["--kb", str(kb), "--runs", "3" if kb < 10000 else "1"]},
    {"name": "fingerprint", "exe": "bench_fingerprint", "x": "n", "xlabel": "documents",
     "sizes": {"quick": [10, 100, 1000], "full": [100, 1000, 10000, 100000]},
     "args": lambda docs, mode: ["--docs", str(docs)]},
    # The 1k -> 1M table: signatures, LSH build, all-pairs candidates and
    # index memory per size (cases scale-*), one size per process.
    {"name": "fingerprint-scaling", "exe": "bench_fingerprint", "x": "n", "xlabel": "documents",
     "sizes": {"quick": [1000, 10000, 100000], "full": [1000, 10000, 100000, 1000000]},
     "args": lambda docs, mode: ["--scaling", str(docs)]},
    {"name": "match", "exe": "bench_match", "x": "n", "xlabel": "quotes in the index",
     "sizes": {"quick": [200000], "full": [1000000]},
     "args": lambda words, mode: ["--words", str(words)] + (["--full"] if mode == "full" else [])},
    {"name": "python", "script": "bench_python.py", "x": "n", "xlabel": "articles",
     "reference": "c-api",
     "sizes": {"quick": [10, 100, 1000], "full": [100, 1000, 10000]},
     "args": lambda docs, mode: [str(docs), "--no-dask"]},
    {"name": "node", "script": "bench_node.js", "x": "n", "xlabel": "articles",
     "reference": "c-api",
     "sizes": {"quick": [10, 100, 1000], "full": [100, 1000, 10000]},
     "args": lambda docs, mode: [str(docs)]},
]

# Instruction counts (callgrind) of the hot loops: collection limited to one
# function, divided by the bytes it was given. Does not move with the load.
CALLGRIND = [
    ("normalize", "english", "vb_normalizer_run", "bench_normalize",
     ["--kb", "200", "--runs", "1", "--corpus", "english", "--only", "verbatim", "--json"]),
    ("normalize", "mixed", "vb_normalizer_run", "bench_normalize",
     ["--kb", "200", "--runs", "1", "--corpus", "mixed", "--only", "verbatim", "--json"]),
    ("segment", "news", "vb_segmenter_run", "bench_quotes",
     ["--kb", "20", "--runs", "1", "--stage", "segment", "--only", "verbatim", "--json"]),
    ("quotes", "news", "vb_quote_extractor_run", "bench_quotes",
     ["--kb", "50", "--runs", "1", "--stage", "quotes", "--only", "verbatim", "--json"]),
]
# scripts/bench-callgrind (the quote index scan, 200k words) takes over a
# minute under load: full mode only.
CALLGRIND_MATCH_MODES = ("full",)

LINEAR_MAX = 1.15   # n log n from 1e3 to 1e6 fits a slope of about 1.1
SUBLINEAR_MIN = 0.85

# ---- parsing and analysis (no I/O; tested by tests/python/test_bench_driver.py)


def parse_lines(text):
    """JSON Lines from a driver's stdout: the figure objects, in order.
    Lines that are not JSON objects with bench, case, impl and unit (table
    text, notes) are skipped; returns (figures, skipped line count)."""
    figures, skipped = [], 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            skipped += 1
            continue
        if not isinstance(obj, dict) or not all(k in obj for k in ("bench", "case", "impl", "unit")):
            skipped += 1
            continue
        figures.append(obj)
    return figures, skipped


def is_time_figure(f):
    """A figure whose seconds time the work (rates per second), not a memory
    or accuracy figure such as B/quote or recall."""
    s = f.get("seconds")
    return str(f["unit"]).endswith("/s") and isinstance(s, (int, float)) and s > 0


def curves(runs, x_field):
    """Time curves: {(bench, case, impl): [(x, seconds), ...]} sorted by x,
    one point per x (the first figure seen; several units of one
    measurement share its seconds). `runs` is a list of run dicts with
    "figures"; x_field is "bytes" or "n"."""
    out = {}
    for run in runs:
        for f in run["figures"]:
            x = f.get(x_field)
            if not is_time_figure(f) or not isinstance(x, (int, float)) or x <= 0:
                continue
            pts = out.setdefault((f["bench"], f["case"], f["impl"]), {})
            pts.setdefault(x, f["seconds"])
    return {k: sorted(v.items()) for k, v in out.items()}


def memory_curves(runs, x_field):
    """Peak RSS curves: {(bench, label): [(x, kb), ...]}. When figures carry
    rss_kb, one curve per (bench, case, impl) from them; otherwise one per
    bench from each run's peak RSS (run_process), at that run's largest x,
    only for runs that reported one size of that bench (cases of one run
    within a factor of 1.5 of each other count as one size; a run timing
    sizes further apart has one peak for all of them)."""
    out = {}
    for run in runs:
        by_bench = {}
        for f in run["figures"]:
            by_bench.setdefault(f["bench"], []).append(f)
        for bench, figs in by_bench.items():
            xs = [f[x_field] for f in figs if isinstance(f.get(x_field), (int, float)) and f[x_field] > 0]
            with_rss = [f for f in figs if isinstance(f.get("rss_kb"), (int, float)) and f["rss_kb"] > 0]
            if with_rss:
                for f in with_rss:
                    if isinstance(f.get(x_field), (int, float)) and f[x_field] > 0:
                        key = (bench, f"{f['case']} {f['impl']}")
                        out.setdefault(key, {}).setdefault(f[x_field], f["rss_kb"])
            elif xs and max(xs) <= 1.5 * min(xs) and run.get("rss_kb"):
                out.setdefault((bench, "process peak"), {})[max(xs)] = run["rss_kb"]
    return {k: sorted(v.items()) for k, v in out.items()}


def fit_slope(points):
    """Least-squares slope of log(y) against log(x); None under two points."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx


def growth(slope):
    """The verdict printed for a curve's slope."""
    if slope is None:
        return "too few sizes"
    if slope > LINEAR_MAX:
        return f"superlinear (slope {slope:.2f})"
    if slope < SUBLINEAR_MIN:
        return f"sublinear (slope {slope:.2f})"
    return "linear"


def decades(points):
    """Orders of magnitude the x values of a curve span."""
    xs = [x for x, _ in points if x > 0]
    return math.log10(max(xs) / min(xs)) if len(xs) >= 2 else 0.0


def ratio(fig, ref):
    """How the figure compares with the reference figure of the same bench,
    case, unit and size: for rates per second, the figure's time over the
    reference's (2.0: takes twice as long); for other units, its value over
    the reference's. None when it cannot be computed."""
    a, b = fig.get("rate"), ref.get("rate")
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or a <= 0 or b <= 0:
        return None
    return b / a if str(fig["unit"]).endswith("/s") else a / b


def latest_rows(figures, references, x_field):
    """Table rows at each (bench, case)'s largest size: one row per figure,
    the reference impl first, then the others as they came, each with its
    ratio to the reference for the same unit. Returns a list of dicts."""
    groups = {}
    for f in figures:
        x = f.get(x_field.get(f["bench"], "n") if isinstance(x_field, dict) else x_field)
        if not isinstance(x, (int, float)):
            continue
        groups.setdefault((f["bench"], f["case"]), []).append((x, f))
    rows = []
    for (bench, case), items in groups.items():
        top = max(x for x, _ in items)
        figs = []
        for x, f in items:  # one figure per (impl, unit) at the top size
            if x == top and not any(g["impl"] == f["impl"] and g["unit"] == f["unit"] for g in figs):
                figs.append(f)
        ref_impl = references.get(bench, "verbatim")
        order = sorted(range(len(figs)), key=lambda i: (figs[i]["impl"] != ref_impl, i))
        for i in order:
            f = figs[i]
            ref = next((g for g in figs if g["impl"] == ref_impl and g["unit"] == f["unit"]), None)
            rows.append({"bench": bench, "case": case, "impl": f["impl"], "n": f.get("n"),
                         "bytes": f.get("bytes"), "rate": f.get("rate"), "unit": f["unit"],
                         "reference": ref_impl,
                         "ratio": None if ref is None or f["impl"] == ref_impl else ratio(f, ref)})
    return rows


def memory_row(bench, label, pts, xunit):
    """Peak RSS at the largest size, and the marginal bytes per unit of size
    between the smallest and the largest (what one more input byte or item
    costs, with the process's fixed start-up memory taken out)."""
    x, kb = pts[-1]
    x0, kb0 = pts[0]
    marginal = (kb - kb0) * 1024 / (x - x0) if len(pts) >= 2 and x > x0 else None
    return {"bench": bench, "label": label, "x": x, "kb": kb, "xunit": xunit, "marginal": marginal}


def memory_above_start(pts):
    """Peak RSS minus the smallest run's, at the larger sizes: the memory
    the input costs without the process's fixed start-up memory (libraries,
    interpreter), whose growth the slope can judge."""
    if len(pts) < 2:
        return []
    base = pts[0][1]
    return [(x, kb - base) for x, kb in pts[1:] if kb > base]


def fmt_num(v):
    if not isinstance(v, (int, float)):
        return "—"
    if v >= 1e6:
        return f"{v / 1e6:.2f} M"
    if v >= 1e4:
        return f"{v / 1e3:.1f} k"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 1:
        return f"{v:.1f}"
    return f"{v:.3g}"


def fmt_bytes(v):
    if not isinstance(v, (int, float)):
        return "—"
    return f"{v / 1e6:.2f} MB" if v >= 1e5 else f"{v / 1e3:.0f} KB"


def table_md(rows, growth_rows, memory_rows, callgrind_rows, machine, mode, notes):
    """The Markdown of table.md."""
    out = ["# Benchmark results", ""]
    when = machine.get("date", "?")
    out.append(f"`make bench{'-quick' if mode == 'quick' else ''}` ({mode} run), {when}, on "
               f"{machine.get('cpu', '?')} ({machine.get('cores', '?')} cores), "
               f"{machine.get('os', '?')}, {machine.get('compiler', '?')}, "
               f"commit {machine.get('commit', '?')}. Load average "
               f"{machine.get('load_before', '?')} before, {machine.get('load_after', '?')} after.")
    if machine.get("note"):
        out += ["", machine["note"]]
    out += ["", "## Figures at the largest size", "",
            "n is the driver's item count (documents, quotes in the index, articles); input "
            "is the bytes of text. Ratio: for rates, the impl's time over the reference's on the same input in the "
            "same run (2.0x: takes twice as long as the reference; 0.5x: half as long); "
            "the reference is verbatim, or the C API doing the same work (bench_c_api) for the binding benchmarks.", "",
            "| bench | case | impl | n | input | rate | unit | ratio |",
            "|---|---|---|---:|---:|---:|---|---:|"]
    for r in rows:
        rt = "reference" if r["impl"] == r["reference"] else (
            f"{r['ratio']:.2f}x" if r["ratio"] is not None else "—")
        out.append(f"| {r['bench']} | {r['case']} | {r['impl']} | {fmt_num(r['n'])} | "
                   f"{fmt_bytes(r['bytes'])} | {fmt_num(r['rate'])} | {r['unit']} | {rt} |")
    if memory_rows:
        out += ["", "## Peak memory", "",
                "Peak RSS of the process at its largest size (ru_maxrss via GNU time), and the marginal "
                "memory: (peak at the largest size - peak at the smallest) / (difference in "
                "size), in bytes per input byte or per item.", "",
                "| bench | curve | size | peak RSS | marginal |", "|---|---|---:|---:|---:|"]
        for m in memory_rows:
            size = fmt_bytes(m["x"]) if m["xunit"] == "B" else f"{fmt_num(m['x'])} items"
            out.append(f"| {m['bench']} | {m['label']} | {size} | "
                       f"{m['kb'] / 1024:.1f} MiB | "
                       f"{'—' if m['marginal'] is None else format(m['marginal'], '.2f')} B |")
    if callgrind_rows:
        out += ["", "## Instruction counts (callgrind)", "",
                "Collection limited to the named function; steady across runs and load.", "",
                "| bench | case | function | instructions | per |", "|---|---|---|---:|---|"]
        for c in callgrind_rows:
            out.append(f"| {c['bench']} | {c['case']} | `{c['function']}` | "
                       f"{c['per_unit']:.1f} | {c['unit']} |")
    out += ["", "## Growth", "",
            f"Log-log slope of time against size over each curve's sizes: linear when it is "
            f"within {SUBLINEAR_MIN}..{LINEAR_MAX}; sublinear slopes come from fixed costs "
            "(start-up, per-call overhead) that dominate the small sizes. Peak RSS is judged "
            "above the smallest run's (the process's fixed memory taken out).", "",
            "| bench | case | impl | sizes | decades | slope | growth |", "|---|---|---|---:|---:|---:|---|"]
    for g in growth_rows:
        slope = "—" if g["slope"] is None else f"{g['slope']:.2f}"
        out.append(f"| {g['bench']} | {g['case']} | {g['impl']} | {g['points']} | "
                   f"{g['decades']:.1f} | {slope} | {g['verdict']} |")
    if notes:
        out += ["", "## Notes from this run", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


# ---- running ----------------------------------------------------------------


GNU_TIME = "/usr/bin/time"


def run_process(cmd, env, timeout, measure_rss=True):
    """Run cmd; returns (exit code, stdout, stderr, wall seconds, peak RSS in
    KiB of that process or None). The process is killed after `timeout`.

    The peak comes from GNU time (%M, the child's ru_maxrss from wait4)
    when /usr/bin/time is installed: a process forked from this interpreter
    would inherit the interpreter's RSS as its own peak (Linux keeps the
    high-water mark of the pre-exec image), which GNU time's own small
    image avoids. Without it, os.wait4 gives the inflated figure and the
    caller notes it."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(mode="r") as rss_file:
        timed = measure_rss and os.access(GNU_TIME, os.X_OK)
        full = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + cmd if timed else cmd
        t0 = time.perf_counter()
        # Its own process group, so a timeout kills the driver under GNU time
        # (and a binding benchmark's CLI children) too.
        p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT,
                             start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
        timer.start()
        try:
            out = p.stdout.read()
            p.stdout.close()
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        wall = time.perf_counter() - t0
        err.seek(0)
        rss = usage.ru_maxrss if measure_rss else None
        if timed:
            # GNU time writes "Command exited with non-zero status N" first
            # when the child fails; the figure is the last line.
            last = (rss_file.read().strip().splitlines() or [""])[-1]
            rss = int(last) if last.isdigit() else None
        return p.returncode, out.decode(errors="replace"), err.read().decode(errors="replace"), \
            wall, rss


def driver_command(d, size, mode, build):
    if "exe" in d:
        return [os.path.join(build, "benchmarks", d["exe"])] + d["args"](size, mode) + ["--json"]
    script = os.path.join(ROOT, "benchmarks", d["script"])
    interp = ["/usr/bin/python3"] if script.endswith(".py") else [shutil.which("node") or "node"]
    return interp + [script] + d["args"](size, mode) + ["--json"]


def run_callgrind(build, env, notes, mode):
    rows = []
    if not shutil.which("valgrind"):
        notes.append("callgrind: valgrind not installed; no instruction counts")
        return rows
    for bench, case, fn, exe, args in CALLGRIND:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "cg.out")
            cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                   f"--toggle-collect={fn}", os.path.join(build, "benchmarks", exe)] + args
            rc, stdout, stderr, _, _ = run_process(cmd, env, 300, measure_rss=False)
            figs, _ = parse_lines(stdout)
            m = re.search(r"Collected : (\d+)", stderr)
            nbytes = next((f.get("bytes") for f in figs if f.get("bench") == bench), None)
            if rc != 0 or not m or not nbytes:
                notes.append(f"callgrind {bench}/{case}: no count (exit {rc})")
                continue
            ir = int(m.group(1))
            rows.append({"bench": bench, "case": case, "function": fn, "instructions": ir,
                         "bytes": nbytes, "per_unit": ir / nbytes, "unit": "byte"})
    # The matching hot loop: scripts/bench-callgrind counts per probe.
    if mode not in CALLGRIND_MATCH_MODES:
        notes.append("callgrind match: scripts/bench-callgrind runs in full mode only (`make bench`)")
        return rows
    script = os.path.join(ROOT, "scripts", "bench-callgrind")
    rc, stdout, stderr, _, _ = run_process([script, build], env, 600, measure_rss=False)
    m = re.search(r"vb_qindex_scan (\d+) instructions for (\d+) probes", stdout)
    if rc == 0 and m:
        ir, probes = int(m.group(1)), int(m.group(2))
        rows.append({"bench": "match", "case": "qindex scan", "function": "vb_qindex_scan",
                     "instructions": ir, "probes": probes, "per_unit": ir / probes, "unit": "probe"})
    else:
        notes.append(f"callgrind match: scripts/bench-callgrind gave no count (exit {rc})")
    return rows


def machine_facts(build):
    facts = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             "cores": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            facts["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        facts["cpu"] = platform.processor() or "?"
    try:
        with open("/etc/os-release") as f:
            facts["os"] = next(l.split("=", 1)[1].strip().strip('"') for l in f
                               if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        facts["os"] = platform.system()
    cache = {}
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for l in f:
                m = re.match(r"(CMAKE_C_COMPILER|CMAKE_BUILD_TYPE):\w+=(.*)", l)
                if m:
                    cache[m.group(1)] = m.group(2).strip()
    except OSError:
        pass
    cc = cache.get("CMAKE_C_COMPILER", "cc")
    try:
        version = subprocess.run([cc, "--version"], capture_output=True, text=True).stdout
        facts["compiler"] = version.splitlines()[0] if version else cc
    except OSError:
        facts["compiler"] = cc
    facts["build_type"] = cache.get("CMAKE_BUILD_TYPE", "?")
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, cwd=ROOT).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, cwd=ROOT).stdout.strip()
        facts["commit"] = rev + ("+changes" if dirty else "")
    except OSError:
        facts["commit"] = "?"
    return facts


def plot(bench, driver, time_curves, mem_curves, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.2))
    ref_impl = driver.get("reference", "verbatim")

    def reference_line(ax, pts, label):
        # Slope 1 through the middle point of the curve it is drawn against.
        if len(pts) < 2:
            return
        xm, ym = pts[len(pts) // 2]
        x0, x1 = pts[0][0], pts[-1][0]
        ax.plot([x0, x1], [ym * x0 / xm, ym * x1 / xm], ":", color="grey", label=label)

    ref_pts = None
    for (b, case, impl), pts in sorted(time_curves.items()):
        style = "-o" if impl == ref_impl else "--s"
        ax_t.plot([p[0] for p in pts], [p[1] for p in pts], style, ms=4, label=f"{case} · {impl}")
        if impl == ref_impl and (ref_pts is None or len(pts) > len(ref_pts)):
            ref_pts = pts
    if ref_pts:
        reference_line(ax_t, ref_pts, "linear")
    ax_t.set(xscale="log", yscale="log", xlabel=driver["xlabel"], ylabel="seconds (best run)",
             title=f"{bench}: time")
    ax_t.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=7)
    mref = None
    for (b, label), pts in sorted(mem_curves.items()):
        ax_m.plot([p[0] for p in pts], [p[1] / 1024 for p in pts], "-o", ms=4, label=label)
        mref = mref or pts
    if mref and len(mref) >= 2 and mref[-1][0] > mref[0][0]:
        # Fixed start-up memory plus a part proportional to the size, through
        # the smallest and the largest run: the middle runs should sit on it.
        (x0, k0), (x1, k1) = mref[0], mref[-1]
        slope = max(k1 - k0, 0) / (x1 - x0)
        xs = [x0 * (x1 / x0) ** (i / 40) for i in range(41)]
        ax_m.plot(xs, [(k0 + slope * (x - x0)) / 1024 for x in xs], ":", color="grey",
                  label="fixed + linear")
    if mref:
        ax_m.legend(fontsize=7)
    else:
        ax_m.text(0.5, 0.5, "no per-size peak RSS", ha="center", va="center",
                  transform=ax_m.transAxes)
    ax_m.set(xscale="log", yscale="log", xlabel=driver["xlabel"], ylabel="peak RSS (MiB)",
             title=f"{bench}: peak memory")
    ax_m.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("quick", "full"), default="quick")
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "bench"))
    ap.add_argument("--only", nargs="*", help="driver names (normalize quotes fingerprint ...)")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--note", default="", help="a sentence for the top of table.md")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per process")
    args = ap.parse_args(argv)
    build = os.path.abspath(args.build)
    timeout = args.timeout or (120 if args.mode == "quick" else 1800)
    env = dict(os.environ, VERBATIM_BUILD=build)
    os.makedirs(args.out, exist_ok=True)
    notes = []
    if not os.access(GNU_TIME, os.X_OK):
        notes.append(f"{GNU_TIME} not installed: peak RSS from os.wait4 includes this "
                     "interpreter's RSS at spawn time (install Debian's `time`)")

    machine = machine_facts(build)
    machine["load_before"] = f"{os.getloadavg()[0]:.1f}"
    if args.note:
        machine["note"] = args.note
    runs = []
    t_start = time.perf_counter()
    drivers = [d for d in DRIVERS if not args.only or d["name"] in args.only]
    for d in drivers:
        for size in d["sizes"][args.mode]:
            cmd = driver_command(d, size, args.mode, build)
            if not os.path.exists(cmd[0]) and "exe" in d:
                notes.append(f"{d['name']}: {cmd[0]} not built; skipped")
                break
            print(f"run.py: {' '.join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd)}",
                  file=sys.stderr, flush=True)
            rc, out, err, wall, rss = run_process(cmd, env, timeout)
            figures, _ = parse_lines(out)
            run = {"driver": d["name"], "size": size, "args": cmd[1:], "exit": rc,
                   "wall_seconds": round(wall, 3), "rss_kb": rss, "figures": figures}
            runs.append(run)
            if rc != 0 or not figures:
                why = err.strip().splitlines()[-1] if err.strip() else f"exit {rc}"
                notes.append(f"{d['name']}: no JSON figures at size {size} "
                             f"({'exit ' + str(rc) + ': ' if rc else ''}{why[:160]}); curve skipped")
                print(f"run.py: note: {notes[-1]}", file=sys.stderr)
                break  # the next sizes would fail the same way
    callgrind = [] if args.no_callgrind else run_callgrind(build, env, notes, args.mode)
    machine["load_after"] = f"{os.getloadavg()[0]:.1f}"
    machine["seconds"] = round(time.perf_counter() - t_start, 1)

    # Analysis per driver (each has its own x field and reference).
    all_rows, growth_rows, memory_rows = [], [], []
    for d in drivers:
        druns = [r for r in runs if r["driver"] == d["name"] and r["figures"]]
        if not druns:
            continue
        figs = [f for r in druns for f in r["figures"]]
        benches = sorted({f["bench"] for f in figs})
        refs = {b: d.get("reference", "verbatim") for b in benches}
        all_rows += latest_rows(figs, refs, d["x"])
        tc, mc = curves(druns, d["x"]), memory_curves(druns, d["x"])
        for key, pts in sorted(tc.items()):
            slope = fit_slope(pts) if len(pts) >= 3 else None
            growth_rows.append({"bench": key[0], "case": key[1], "impl": key[2], "points": len(pts),
                                "decades": decades(pts), "slope": slope, "verdict": growth(slope)})
        for (bench, label), pts in sorted(mc.items()):
            memory_rows.append(memory_row(bench, label, pts, "B" if d["x"] == "bytes" else "items"))
            above = memory_above_start(pts)
            slope = fit_slope(above) if len(above) >= 3 else None
            growth_rows.append({"bench": bench, "case": "peak RSS above smallest", "impl": label,
                                "points": len(above), "decades": decades(above), "slope": slope,
                                "verdict": growth(slope)})
        if not args.no_plots:
            for bench in benches:
                plot(bench, d, {k: v for k, v in tc.items() if k[0] == bench},
                     {k: v for k, v in mc.items() if k[0] == bench},
                     os.path.join(args.out, f"{bench}.png"))

    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"mode": args.mode, "machine": machine, "runs": runs, "callgrind": callgrind,
                   "growth": growth_rows, "notes": notes}, f, indent=1)
        f.write("\n")
    md = table_md(all_rows, growth_rows, memory_rows, callgrind, machine, args.mode, notes)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(md)
    print(md)
    print(f"run.py: {args.mode} run took {machine['seconds']} s; wrote "
          f"{os.path.relpath(args.out, ROOT)}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
