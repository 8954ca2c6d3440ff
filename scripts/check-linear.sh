#!/bin/sh
# Linear growth on pathological inputs, by instruction count (callgrind), not
# by clock: each case of tests/limits_test.c runs at size N and 2N, and the
# ratio of instructions must stay under MAX_RATIO (2.0 is exactly linear;
# quadratic work gives about 4). Usage: scripts/check-linear.sh LIMITS_TEST
set -eu
bin=${1:?usage: check-linear.sh path/to/limits_test}
MAX_RATIO=${MAX_RATIO:-2.25}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
count() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$bin" "$1" "$2" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  sed -n 's/^summary: *//p' "$tmp/out"
}
printf '%-16s %10s %16s %16s %7s\n' case N "instr(N)" "instr(2N)" ratio
# case and N: N is bytes, paragraphs, nesting depth, items or copies.
while read -r name n known; do
  a=$(count "$name" "$n")
  b=$(count "$name" $((2 * n)))
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  ok=$(awk -v r="$ratio" -v m="$MAX_RATIO" 'BEGIN { print (r <= m) ? "ok" : "SUPERLINEAR" }')
  note=
  [ "${known:-}" = known ] && [ "$ok" != ok ] && note=" (known, not gating: see below)"
  printf '%-16s %10s %16s %16s %7s %s%s\n' "$name" "$n" "$a" "$b" "$ratio" "$ok" "$note"
  [ "$ok" = ok ] || [ "${known:-}" = known ] || fail=1
done <<CASES
quote_marks 65536
one_word 262144
combining 131072
paragraphs 5000
many_speakers 3000
lookalike_word 65536
nested_cbor 262144
wide_cbor 262144
wide_cbor_piped 131072
record_bytewise 262144
wide_bytewise 131072
repeated_quote 100000
repeated_match 2000
CASES
# A case marked `known` after its size is a superlinear growth we know of
# and have not fixed; it is reported but does not fail the run. (None now:
# records arriving in small reads used to be re-checked from their start
# after every read, and are now checked where the last read stopped.)
exit $fail
