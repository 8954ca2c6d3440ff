"""benchmarks/run.py: parsing of the drivers' JSON Lines, curves, slopes,
ratios and the table, on lines written here (no timing is asserted), and one
tiny real run of bench_normalize through the driver."""
import importlib.util
import json
import math
import os

import pytest
from conftest import BUILD, ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)


def fig(bench="normalize", case="english", impl="verbatim", n=10, nbytes=1000, seconds=0.01,
        rate=None, unit="MB/s", **extra):
    f = {"bench": bench, "case": case, "impl": impl, "n": n, "bytes": nbytes, "seconds": seconds,
         "rate": nbytes / 1e6 / seconds if rate is None and seconds else rate, "unit": unit}
    f.update(extra)
    return f


def test_parse_lines_keeps_figure_objects_and_counts_the_rest():
    text = "\n".join([
        "normalization throughput, one core",          # table text
        json.dumps(fig()),
        "",
        '{"bench": "match", "case": "1k"}',             # no impl, no unit
        "[1, 2]",                                       # not an object
        json.dumps(fig(impl="utf8proc", rss_kb=5120)),
    ])
    figures, skipped = run.parse_lines(text)
    assert [f["impl"] for f in figures] == ["verbatim", "utf8proc"]
    assert figures[1]["rss_kb"] == 5120
    assert skipped == 3


def test_parse_lines_of_a_driver_without_json_gives_nothing():
    figures, skipped = run.parse_lines("usage: bench_match [--full] [--words N]\n")
    assert figures == [] and skipped == 1


def test_fit_slope_recovers_the_exponent():
    xs = [1e3, 1e4, 1e5, 1e6]
    assert run.fit_slope([(x, 3e-7 * x) for x in xs]) == pytest.approx(1.0)
    assert run.fit_slope([(x, 1e-9 * x * x) for x in xs]) == pytest.approx(2.0)
    assert run.fit_slope([(x, 5.0) for x in xs]) == pytest.approx(0.0)
    # n log n over three decades reads as about 1.1: still within "linear".
    nlogn = run.fit_slope([(x, x * math.log(x)) for x in xs])
    assert 1.05 < nlogn < run.LINEAR_MAX


def test_fit_slope_needs_two_distinct_sizes():
    assert run.fit_slope([(10, 1.0)]) is None
    assert run.fit_slope([(10, 1.0), (10, 2.0)]) is None
    assert run.fit_slope([(10, 1.0), (100, 0.0)]) is None  # a zero time is dropped


def test_growth_verdicts():
    assert run.growth(1.0) == "linear"
    assert run.growth(1.1) == "linear"
    assert run.growth(1.42) == "superlinear (slope 1.42)"
    assert run.growth(0.3) == "sublinear (slope 0.30)"
    assert run.growth(None) == "too few sizes"


def test_curves_group_by_bench_case_impl_and_ignore_non_time_figures():
    runs = [{"figures": [fig(nbytes=b, seconds=b * 1e-9), fig(nbytes=b, seconds=b * 1e-9, unit="items/s", rate=1),
                         fig(impl="peer", nbytes=b, seconds=b * 2e-9),
                         fig(bench="match", case="1k", unit="B/quote", rate=40, nbytes=b, seconds=None)]}
            for b in (1000, 10000, 100000)]
    c = run.curves(runs, "bytes")
    assert set(c) == {("normalize", "english", "verbatim"), ("normalize", "english", "peer")}
    pts = c[("normalize", "english", "verbatim")]
    assert [x for x, _ in pts] == [1000, 10000, 100000]  # one point per size, in order
    assert [y for _, y in pts] == pytest.approx([1e-6, 1e-5, 1e-4])


def test_curves_skip_failed_or_zero_times():
    runs = [{"figures": [fig(nbytes=1000, seconds=0), fig(nbytes=2000, seconds=-0.003),
                         fig(nbytes=4000, seconds=0.004)]}]
    assert run.curves(runs, "bytes")[("normalize", "english", "verbatim")] == [(4000, 0.004)]


def test_memory_from_one_size_runs_and_not_from_runs_spanning_sizes():
    one_size = [{"rss_kb": 1000 + b // 1000, "figures": [fig(case="english", nbytes=b),
                                                          fig(case="mixed", nbytes=b + 20)]}
                for b in (10000, 100000, 1000000)]
    spanning = [{"rss_kb": 9999, "figures": [fig(bench="match", nbytes=1000), fig(bench="match", nbytes=100000)]}]
    m = run.memory_curves(one_size + spanning, "bytes")
    assert m == {("normalize", "process peak"): [(10020, 1010), (100020, 1100), (1000020, 2000)]}


def test_memory_prefers_rss_reported_in_the_figures():
    runs = [{"rss_kb": 50000, "figures": [fig(bench="match", case="scan", n=n, rss_kb=n // 10)
                                          for n in (1000, 10000, 100000)]}]
    m = run.memory_curves(runs, "n")
    assert m == {("match", "scan verbatim"): [(1000, 100), (10000, 1000), (100000, 10000)]}


def test_memory_row_gives_the_marginal_cost_per_unit():
    row = run.memory_row("normalize", "process peak", [(1000, 5000), (1000000, 6000)], "B")
    assert row["kb"] == 6000
    assert row["marginal"] == pytest.approx(1000 * 1024 / 999000)
    assert run.memory_row("x", "y", [(10, 5)], "B")["marginal"] is None
    # Linear growth above a fixed start-up memory reads as linear.
    pts = [(x, 5000 + x / 1000) for x in (1e4, 1e5, 1e6, 1e7)]
    assert run.growth(run.fit_slope(run.memory_above_start(pts))) == "linear"


def test_ratio_is_time_over_reference_time_for_rates_and_value_ratio_otherwise():
    ref = fig(rate=1000.0)
    assert run.ratio(fig(impl="utf8proc", rate=50.0), ref) == pytest.approx(20.0)
    assert run.ratio(fig(impl="icu", rate=2000.0), ref) == pytest.approx(0.5)
    mem_ref = fig(unit="B/quote", rate=40.0)
    assert run.ratio(fig(impl="peer", unit="B/quote", rate=120.0), mem_ref) == pytest.approx(3.0)
    assert run.ratio(fig(rate=0), ref) is None


def test_latest_rows_take_the_largest_size_and_put_the_reference_first():
    figs = [fig(impl="utf8proc", nbytes=1000, seconds=0.02), fig(nbytes=1000, seconds=0.001),
            fig(impl="utf8proc", nbytes=100000, seconds=2.0), fig(nbytes=100000, seconds=0.1)]
    rows = run.latest_rows(figs, {"normalize": "verbatim"}, "bytes")
    assert [(r["impl"], r["bytes"]) for r in rows] == [("verbatim", 100000), ("utf8proc", 100000)]
    assert rows[0]["ratio"] is None
    assert rows[1]["ratio"] == pytest.approx(20.0)


def test_latest_rows_without_the_reference_leave_the_ratio_empty():
    rows = run.latest_rows([fig(bench="python", impl="python")], {"python": "cli"}, "n")
    assert len(rows) == 1 and rows[0]["ratio"] is None


def test_table_states_machine_ratios_growth_and_notes():
    figs = [fig(nbytes=b, seconds=b * 1e-9) for b in (1e3, 1e4, 1e5)]
    figs += [fig(impl="utf8proc", nbytes=b, seconds=b * 1e-10 * b / 1e3) for b in (1e3, 1e4, 1e5)]
    rows = run.latest_rows(figs, {"normalize": "verbatim"}, "bytes")
    growth = []
    for key, pts in sorted(run.curves([{"figures": figs}], "bytes").items()):
        s = run.fit_slope(pts)
        growth.append({"bench": key[0], "case": key[1], "impl": key[2], "points": len(pts),
                       "decades": run.decades(pts), "slope": s, "verdict": run.growth(s)})
    machine = {"date": "2026-01-01 00:00 UTC", "cpu": "Test CPU", "cores": 2, "os": "Debian",
               "compiler": "gcc 12", "commit": "abc1234", "load_before": "0.1", "load_after": "0.2",
               "note": "A quick run on a loaded shared machine."}
    md = run.table_md(rows, growth, [], [], machine, "quick", ["fingerprint: no JSON figures"])
    assert "Test CPU (2 cores)" in md and "A quick run on a loaded shared machine." in md
    assert "| normalize | english | verbatim |" in md and "| reference |" in md
    assert "| 10.00x |" in md  # utf8proc at 1e5 bytes: 1e-3 s against verbatim's 1e-4 s
    assert "superlinear (slope 2.00)" in md
    assert "| normalize | english | verbatim | 3 | 2.0 | 1.00 | linear |" in md
    assert "- fingerprint: no JSON figures" in md


@pytest.mark.skipif(not (BUILD / "benchmarks" / "bench_normalize").exists(),
                    reason="bench_normalize not built")
def test_a_real_run_of_bench_normalize_at_a_trivial_size(tmp_path):
    exe = str(BUILD / "benchmarks" / "bench_normalize")
    rc, out, err, wall, rss = run.run_process([exe, "--kb", "5", "--runs", "1", "--json"],
                                              dict(os.environ), 30)
    assert rc == 0, err
    figures, skipped = run.parse_lines(out)
    assert skipped == 0
    assert {(f["case"], f["impl"]) for f in figures} >= {("english", "verbatim"), ("mixed", "verbatim"),
                                                        ("english", "utf8proc")}
    for f in figures:
        assert f["bench"] == "normalize" and f["unit"] == "MB/s"
        assert f["bytes"] >= 5000 and f["n"] >= 1 and f["seconds"] > 0
        assert f["rate"] == pytest.approx(f["bytes"] / 1e6 / f["seconds"], rel=1e-3)
    assert rss and rss > 0


@pytest.mark.skipif(not os.access(run.GNU_TIME, os.X_OK), reason="GNU time not installed")
def test_peak_rss_of_a_child_does_not_include_the_parents_memory():
    ballast = bytearray(200 * 1024 * 1024)  # 200 MiB, touched, in this process
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    rc, _, _, _, rss = run.run_process(["/bin/true"], dict(os.environ), 30)
    assert rc == 0
    assert 0 < rss < 50 * 1024  # KiB: /bin/true's own few MiB, not 200 MiB
    del ballast


def test_a_process_past_its_timeout_is_killed():
    rc, _, _, wall, _ = run.run_process(["sleep", "30"], dict(os.environ), 0.5)
    assert rc != 0 and wall < 10
