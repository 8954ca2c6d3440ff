#!/bin/sh
# Run every libFuzzer harness in BUILD/tests/fuzz for SECONDS each on a
# scratch copy of its seed corpus (tests/fuzz/corpus/<name>/), JOBS harnesses
# at a time, and print each one's executions. Crashes are kept in
# BUILD/crashes/<harness>-*. Usage: scripts/run-fuzz.sh BUILD SECONDS [JOBS]
set -eu
build=${1:?usage: run-fuzz.sh BUILD SECONDS [JOBS]}
secs=${2:?usage: run-fuzz.sh BUILD SECONDS [JOBS]}
jobs=${3:-2}
mkdir -p "$build/crashes"
one() {
  f=$1
  name=$(basename "$f")
  work=$build/corpus/$name
  mkdir -p "$work"
  cp -n "tests/fuzz/corpus/${name#fuzz_}"/* "$work/" 2>/dev/null || true
  if ! "$f" -max_total_time="$secs" -max_len=65536 -artifact_prefix="$build/crashes/$name-" \
      -print_final_stats=1 "$work" 2>"$build/$name.log"; then
    echo "fuzz: $name FAILED"; tail -n 40 "$build/$name.log"; return 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$build/$name.log")
  echo "fuzz: $name ${secs}s executions=$execs peak_rss_mb=$rss"
}
status=0
# Simple job pool: start up to $jobs harnesses, wait for the batch.
set -- "$build"/tests/fuzz/fuzz_*
while [ $# -gt 0 ]; do
  pids=
  i=0
  while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
    one "$1" & pids="$pids $!"
    shift; i=$((i + 1))
  done
  for p in $pids; do wait "$p" || status=1; done
done
exit $status
