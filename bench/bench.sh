#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Speed and memory of closecheck against the parse alone on the same units,
# on one core: clang -fsyntax-only (one process per unit, as a build runs
# it) and closecheck --parse-only (libclang's parse in one process, no
# analysis).  The last line is what the analysis adds to the parse.
#
#   bench/bench.sh [BUILD-DIR] [COMPDB-DIR] [RUNS]
#   bench/bench.sh --series [BUILD-DIR] [RUNS]
#
# Defaults: build/, build/corpus (the bundled corpus), 3 runs.  Prints a
# table of medians (closecheck's runs interleaved, a round of each at a
# time): wall seconds, CPU seconds (user + system, children
# included: steadier than wall time on a loaded machine) and peak resident
# memory (of the largest process: with a child process per unit, of the
# largest unit), then the analysis against the parse (issue 12: at most
# 1.1x its CPU, 1.5x its memory), the same without whole-program
# summaries (--no-program-summaries: what they cost), the speed-up of
# -jN over -j1, and a cold run that fills a result cache against warm
# runs that read it (issue 12: under 5 %).
# --series generates the series of issue 12 (bench/generate.py --series:
# one function of 10 to 10,000 statements, 1 to 100 handles, nesting 1 to
# 50, a file each), makes its database, prints the table for it and then a
# row per file: the file's parse against its analysis, one process each.
# PEERS=1 adds the other analyzers on the same units, one process per unit
# as a build runs them, each found on PATH (skipped if not): the Clang
# Static Analyzer (clang --analyze), gcc -fanalyzer and cppcheck (its
# --project reads the same database).  They take much longer.
set -euo pipefail
series=0
if [ "${1:-}" = --series ]; then series=1; shift; fi
build=${1:-build}
if [ $series = 1 ]; then runs=${2:-3}; else compdb=${2:-$build/corpus}; runs=${3:-3}; fi
cc=$build/closecheck
clang=$(command -v clang-22 || command -v clang)
[ -x "$cc" ] || { echo "bench: no $cc (build first)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ $series = 1 ]; then
	# the series and its database: what a build would run on each file
	compdb=$tmp/series
	python3 "$(dirname "$0")/generate.py" "$compdb" --series
	python3 - "$compdb" "$clang" <<'PY'
import glob, json, os, sys
d, clang = sys.argv[1], sys.argv[2]
json.dump([{"directory": d, "file": f, "arguments": [clang, "-I/usr/include/postgresql",
           "-fbracket-depth=2048", "-c", f]} for f in sorted(glob.glob(os.path.join(d, "*.c")))],
          open(os.path.join(d, "compile_commands.json"), "w"), indent=1)
PY
fi
[ -f "$compdb/compile_commands.json" ] || { echo "bench: no $compdb/compile_commands.json" >&2; exit 2; }

# The units and their commands, one per line: dir<TAB>file<TAB>flags...
units=$(python3 - "$compdb/compile_commands.json" <<'PY'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    args = e.get("arguments") or shlex.split(e["command"])
    out, skip = [], False
    for a in args[1:]:
        if skip: skip = False; continue
        if a == "-o": skip = True; continue
        if a in ("-c", e["file"]): continue
        out.append(a)
    print(e["directory"], e["file"], " ".join(shlex.quote(a) for a in out), sep="\t")
PY
)
n=$(printf '%s\n' "$units" | grep -c .)
# thousands of lines of the units' own files (not what they include)
kloc=$(printf '%s\n' "$units" | while IFS=$'\t' read -r dir file _; do
	case $file in /*) cat "$file" ;; *) cat "$dir/$file" ;; esac; done |
	wc -l | awk '{printf "%.1f", $1 / 1000}')
# a file, not the environment: git's 435 commands are past exec()'s limit
units_file=$tmp/units
printf '%s\n' "$units" > "$units_file"

parse_all() {
	while IFS=$'\t' read -r dir file flags; do
		(cd "$dir" && eval "\"$clang\" -fsyntax-only -w $flags \"$file\"") || true
	done < "$units_file"
}

# one timed run of "$@" appended to the file $1: wall seconds, user and
# system CPU seconds (children included) and peak RSS (KiB; the largest
# process: with a child process per unit, the largest unit)
timed() {
	local into=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
	tail -n 1 "$tmp/t" >> "$into"
}

# the medians of the runs in file $1: "wall cpu peak"
medians() {
	awk '{w[NR]=$1; c[NR]=$2+$3; m[NR]=$4}
	     function med(a, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	     END {printf "%.2f %.2f %d\n", med(w, NR), med(c, NR), med(m, NR)}' "$1"
}

# medians over $runs runs of "$@"
measure() {
	: > "$tmp/all"
	for _ in $(seq "$runs"); do timed "$tmp/all" "$@"; done
	medians "$tmp/all"
}

csa_all() {
	while IFS=$'\t' read -r dir file flags; do
		(cd "$dir" && eval "\"$clang\" --analyze -w $flags -o /dev/null \"$file\"") || true
	done < "$units_file"
}

gcc_all() {
	while IFS=$'\t' read -r dir file flags; do
		(cd "$dir" && eval "gcc -fanalyzer -w -c $flags -o /dev/null \"$file\"") || true
	done < "$units_file"
}

export -f parse_all csa_all gcc_all; export units_file clang
jobs=$(nproc)
read -r tp cp mp < <(measure bash -c parse_all)
# closecheck's runs in rounds, each round one run of each: the machine's
# speed drifts (by a quarter between minutes on a shared VM), and a ratio
# of runs made minutes apart would measure the drift
: > "$tmp/parse"; : > "$tmp/j1"; : > "$tmp/jn"; : > "$tmp/nps"
for _ in $(seq "$runs"); do
	timed "$tmp/parse" "$cc" --no-cache --parse-only -j1 -p "$compdb"
	timed "$tmp/j1" "$cc" --no-cache -j1 -p "$compdb"
	timed "$tmp/jn" "$cc" --no-cache -j"$jobs" -p "$compdb"
	timed "$tmp/nps" "$cc" --no-cache --no-program-summaries -j1 -p "$compdb"
done
read -r to co mo < <(medians "$tmp/parse")
read -r tc cc1 mc < <(medians "$tmp/j1")
read -r tj cj mj < <(medians "$tmp/jn")
read -r tn cn mn < <(medians "$tmp/nps")
findings=$("$cc" --no-cache -j1 -p "$compdb" 2>/dev/null | grep -c ': warning: ' || true)
# the result cache: one cold run fills it, warm runs read it
: > "$tmp/cold"; : > "$tmp/warm"
timed "$tmp/cold" "$cc" --cache-dir "$tmp/cache" -j1 -p "$compdb"
for _ in $(seq "$runs"); do timed "$tmp/warm" "$cc" --cache-dir "$tmp/cache" -j1 -p "$compdb"; done
read -r tk ck mk < <(medians "$tmp/cold")
read -r tw cw mw < <(medians "$tmp/warm")

mib() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
div() { awk "BEGIN{printf \"%.2fx\", $1/($2>0?$2:1)}"; }
pct() { awk "BEGIN{printf \"%.1f %%\", 100*$1/($2>0?$2:1)}"; }
printf '%-34s %8s %8s %9s\n' "run ($n units, $kloc kLOC, median of $runs)" "wall s" "CPU s" "peak MiB"
printf '%-34s %8s %8s %9s\n' "clang -fsyntax-only, one by one" "$tp" "$cp" "$(mib "$mp")"
printf '%-34s %8s %8s %9s\n' "closecheck --parse-only -j1" "$to" "$co" "$(mib "$mo")"
printf '%-34s %8s %8s %9s\n' "closecheck -j1" "$tc" "$cc1" "$(mib "$mc")"
printf '%-34s %8s %8s %9s\n' "closecheck -j$jobs" "$tj" "$cj" "$(mib "$mj")"
printf '%-34s %8s %8s %9s\n' "-j1 --no-program-summaries" "$tn" "$cn" "$(mib "$mn")"
printf '%-34s %8s %8s %9s\n' "-j1 / --parse-only -j1" "$(div "$tc" "$to")" "$(div "$cc1" "$co")" "$(div "$mc" "$mo")"
printf '%-34s %8s %8s %9s\n' "the same, without the summaries" "$(div "$tn" "$to")" "$(div "$cn" "$co")" "$(div "$mn" "$mo")"
printf '%-34s %8s\n' "-j1 / -j$jobs (speed-up)" "$(div "$tc" "$tj")"
printf '%-34s %8s\n' "findings" "$findings"
printf '%-34s %8s %8s %9s\n' "-j1, cold, filling a cache" "$tk" "$ck" "$(mib "$mk")"
printf '%-34s %8s %8s %9s\n' "-j1, warm (nothing changed)" "$tw" "$cw" "$(mib "$mw")"
printf '%-34s %8s %8s\n' "warm / cold" "$(pct "$tw" "$tk")" "$(pct "$cw" "$ck")"

if [ $series = 1 ]; then
	# a row per file, one process each (no child), medians of $runs
	printf '\n%-22s %7s %9s %9s %7s %9s %9s %7s %9s\n' "file" "lines" "parse s" "-j1 s" "ratio" \
		"parse MiB" "-j1 MiB" "ratio" "findings"
	while IFS=$'\t' read -r dir file flags; do
		: > "$tmp/p1"; : > "$tmp/a1"
		for _ in $(seq "$runs"); do
			eval "timed \"\$tmp/p1\" \"\$cc\" --no-cache --no-isolation --parse-only \"\$file\" -- $flags"
			eval "timed \"\$tmp/a1\" \"\$cc\" --no-cache --no-isolation \"\$file\" -- $flags"
		done
		read -r _ c1 m1 < <(medians "$tmp/p1")
		read -r _ c2 m2 < <(medians "$tmp/a1")
		nf=$(eval "\"\$cc\" --no-cache --no-isolation \"\$file\" -- $flags" 2>/dev/null | grep -c ': warning: ' || true)
		printf '%-22s %7s %9s %9s %7s %9s %9s %7s %9s\n' "$(basename "$file")" "$(wc -l < "$file")" \
			"$c1" "$c2" "$(div "$c2" "$c1")" "$(mib "$m1")" "$(mib "$m2")" "$(div "$m2" "$m1")" "$nf"
	done < "$units_file"
fi

if [ "${PEERS:-0}" = 1 ]; then
	row() { printf '%-34s %8s %8s %9s %11s\n' "$1" "$2" "$3" "$(mib "$4")" "$(div "$3" "$cc1")"; }
	printf '%-34s %8s %8s %9s %11s\n' "peers (one process per unit)" "wall s" "CPU s" "peak MiB" "CPU/closecheck"
	read -r ta ca ma < <(measure bash -c csa_all)
	row "clang --analyze" "$ta" "$ca" "$ma"
	if command -v gcc >/dev/null; then
		read -r tg cg mg < <(measure bash -c gcc_all)
		row "gcc -fanalyzer" "$tg" "$cg" "$mg"
	fi
	if command -v cppcheck >/dev/null; then
		read -r tk ck mk < <(measure cppcheck -q --project="$compdb/compile_commands.json" -j1)
		row "cppcheck" "$tk" "$ck" "$mk"
	fi
fi
