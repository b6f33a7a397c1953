#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Speed and memory of closecheck against the parse alone on the same units,
# on one core: clang -fsyntax-only (one process per unit, as a build runs
# it) and closecheck --parse-only (libclang's parse in one process, no
# analysis).  The last line is what the analysis adds to the parse.
#
#   bench/bench.sh [BUILD-DIR] [COMPDB-DIR] [RUNS]
#
# Defaults: build/, build/corpus (the bundled corpus), 3 runs.  Prints a
# table of medians (closecheck's runs interleaved, a round of each at a
# time): wall seconds, CPU seconds (user + system, children
# included: steadier than wall time on a loaded machine) and peak resident
# memory (of the largest process: with a child process per unit, of the
# largest unit), then the analysis against the parse (issue 12: at most
# 1.1x its CPU, 1.5x its memory), the same without whole-program
# summaries (--no-program-summaries: what they cost) and the speed-up of
# -jN over -j1.
# PEERS=1 adds the other analyzers on the same units, one process per unit
# as a build runs them, each found on PATH (skipped if not): the Clang
# Static Analyzer (clang --analyze), gcc -fanalyzer and cppcheck (its
# --project reads the same database).  They take much longer.
set -euo pipefail
build=${1:-build}
compdb=${2:-$build/corpus}
runs=${3:-3}
cc=$build/closecheck
clang=$(command -v clang-22 || command -v clang)
[ -x "$cc" ] || { echo "bench: no $cc (build first)" >&2; exit 2; }
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
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
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

mib() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
div() { awk "BEGIN{printf \"%.2fx\", $1/($2>0?$2:1)}"; }
printf '%-34s %8s %8s %9s\n' "run ($n units, median of $runs)" "wall s" "CPU s" "peak MiB"
printf '%-34s %8s %8s %9s\n' "clang -fsyntax-only, one by one" "$tp" "$cp" "$(mib "$mp")"
printf '%-34s %8s %8s %9s\n' "closecheck --parse-only -j1" "$to" "$co" "$(mib "$mo")"
printf '%-34s %8s %8s %9s\n' "closecheck -j1" "$tc" "$cc1" "$(mib "$mc")"
printf '%-34s %8s %8s %9s\n' "closecheck -j$jobs" "$tj" "$cj" "$(mib "$mj")"
printf '%-34s %8s %8s %9s\n' "-j1 --no-program-summaries" "$tn" "$cn" "$(mib "$mn")"
printf '%-34s %8s %8s %9s\n' "-j1 / --parse-only -j1" "$(div "$tc" "$to")" "$(div "$cc1" "$co")" "$(div "$mc" "$mo")"
printf '%-34s %8s %8s %9s\n' "the same, without the summaries" "$(div "$tn" "$to")" "$(div "$cn" "$co")" "$(div "$mn" "$mo")"
printf '%-34s %8s\n' "-j1 / -j$jobs (speed-up)" "$(div "$tc" "$tj")"
printf '%-34s %8s\n' "findings" "$findings"

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
