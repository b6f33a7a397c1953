#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/bench.sh at its smoke size: --series (ten generated files, their
# database), one run.  The script must build the series, run every row and
# print the table whole: the header with units and kLOC, the ratios, the
# cold and warm runs and a row per file, with the findings the series has
# (handles-N.c leaks its handles on early returns).
#   bench_smoke.sh SOURCE-DIR BUILD-DIR
set -eu
src=$1
build=$2
out=$(bash "$src/bench/bench.sh" --series "$build" 1) || {
	echo "bench_smoke: bench.sh --series failed"; exit 1; }
printf '%s\n' "$out"
has() {
	printf '%s\n' "$out" | grep -Eq "$1" || {
		echo "bench_smoke: no line matching /$1/"; exit 1; }
}
has '^run \(10 units, 12\.0 kLOC, median of 1\)'
has '^closecheck --parse-only -j1 +[0-9.]+ +[0-9.]+ +[0-9.]+$'
has '^-j1 / --parse-only -j1 +[0-9.]+x +[0-9.]+x +[0-9.]+x$'
has '^-j1, warm \(nothing changed\) +[0-9.]+ +[0-9.]+ +[0-9.]+$'
has '^warm / cold +[0-9.]+ % +[0-9.]+ %$'
for f in statements-10 statements-100 statements-1000 statements-10000 \
	 handles-1 handles-10 handles-100 nesting-1 nesting-10 nesting-50; do
	has "^$f\\.c +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+x +[0-9.]+ +[0-9.]+ +[0-9.]+x +[0-9]+$"
done
has '^statements-10000\.c +10024 '
n=$(printf '%s\n' "$out" | awk '$1 == "findings" {print $2}')
[ "${n:-0}" -gt 0 ] || { echo "bench_smoke: no findings in the series"; exit 1; }
rows=$(printf '%s\n' "$out" | awk '$1 ~ /\.c$/ {s += $NF} END {print s + 0}')
[ "$rows" -eq "$n" ] || { echo "bench_smoke: the rows' findings ($rows) are not the run's ($n)"; exit 1; }
echo "bench_smoke: ok"
