#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Speed and memory of closecheck against the parse alone on the same units,
# on one core: clang -fsyntax-only (one process per unit, as a build runs
# it) and closecheck --parse-only (libclang's parse in one process, no
# analysis).  The last line is what the analysis adds to the parse.
#
#   bench/bench.sh [BUILD-DIR] [COMPDB-DIR] [RUNS]
#
# Defaults: build/, build/corpus (the bundled corpus), 3 runs (the best is
# kept).  Prints a table; numbers are wall seconds and peak resident memory.
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

parse_all() {
	printf '%s\n' "$units" | while IFS=$'\t' read -r dir file flags; do
		(cd "$dir" && eval "\"$clang\" -fsyntax-only -w $flags \"$file\"") || true
	done
}

# best wall time and its peak RSS (KiB) of "$@" over $runs runs
measure() {
	local best="" rss=""
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		read -r t m < <(tail -n 1 "$tmp/t")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
	done
	echo "$best $rss"
}

csa_all() {
	printf '%s\n' "$units" | while IFS=$'\t' read -r dir file flags; do
		(cd "$dir" && eval "\"$clang\" --analyze -w $flags -o /dev/null \"$file\"") || true
	done
}

gcc_all() {
	printf '%s\n' "$units" | while IFS=$'\t' read -r dir file flags; do
		(cd "$dir" && eval "gcc -fanalyzer -w -c $flags -o /dev/null \"$file\"") || true
	done
}

export -f parse_all csa_all gcc_all; export units clang
read -r tp mp < <(measure bash -c parse_all)
read -r to mo < <(measure "$cc" --no-cache --parse-only -j1 -p "$compdb")
read -r tc mc < <(measure "$cc" --no-cache -j1 -p "$compdb")
read -r tj mj < <(measure "$cc" --no-cache -j"$(nproc)" -p "$compdb")
findings=$("$cc" --no-cache -j1 -p "$compdb" 2>/dev/null | grep -c ': warning: ' || true)

printf '%-34s %10s %12s\n' "run ($n units, best of $runs)" "seconds" "peak MiB"
printf '%-34s %10s %12s\n' "clang -fsyntax-only, one by one" "$tp" "$(awk "BEGIN{printf \"%.1f\", $mp/1024}")"
printf '%-34s %10s %12s\n' "closecheck --parse-only -j1" "$to" "$(awk "BEGIN{printf \"%.1f\", $mo/1024}")"
printf '%-34s %10s %12s\n' "closecheck -j1" "$tc" "$(awk "BEGIN{printf \"%.1f\", $mc/1024}")"
printf '%-34s %10s %12s\n' "closecheck -j$(nproc)" "$tj" "$(awk "BEGIN{printf \"%.1f\", $mj/1024}")"
printf '%-34s %10s\n' "analysis on top of the parse" "$(awk "BEGIN{printf \"%+.0f%%\", 100*($tc-$to)/($to>0?$to:1)}")"
printf '%-34s %10s\n' "findings" "$findings"

if [ "${PEERS:-0}" = 1 ]; then
	ratio() { awk "BEGIN{printf \"%.1fx\", $1/($2>0?$2:1)}"; }
	row() { printf '%-34s %10s %12s %10s\n' "$1" "$2" "$(awk "BEGIN{printf \"%.1f\", $3/1024}")" "$(ratio "$2" "$tc")"; }
	printf '%-34s %10s %12s %10s\n' "peers (one process per unit)" "seconds" "peak MiB" "/closecheck"
	read -r ta ma < <(measure bash -c csa_all)
	row "clang --analyze" "$ta" "$ma"
	if command -v gcc >/dev/null; then
		read -r tg mg < <(measure bash -c gcc_all)
		row "gcc -fanalyzer" "$tg" "$mg"
	fi
	if command -v cppcheck >/dev/null; then
		read -r tk mk < <(measure cppcheck -q --project="$compdb/compile_commands.json" -j1)
		row "cppcheck" "$tk" "$mk"
	fi
fi
