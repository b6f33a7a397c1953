#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What isolating each unit in a child process costs: closecheck and its own
# --parse-only, each with a child process per unit (the default) and with
# --no-isolation (threads of one process), on the same units in one run of
# this script: the bundled corpus and a generated set of many small units
# (where a per-unit cost shows most).
#
#   bench/isolation.sh [BUILD-DIR] [UNITS] [RUNS]
#
# Defaults: build/, 400 generated units, 5 runs (the best is kept).  Wall
# seconds and peak resident memory (of the largest process).
set -euo pipefail
build=${1:-build}
n=${2:-400}
runs=${3:-5}
cc=$build/closecheck
[ -x "$cc" ] || { echo "bench: no $cc (build first)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# n units, each a few functions over the modelled APIs, some with leaks
python3 - "$tmp/gen" "$n" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d)
for i in range(n):
    with open(os.path.join(d, "u%04d.c" % i), "w") as f:
        f.write("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n")
        for k in range(8):
            f.write("""int f%d_%d(const char *p, int flag) {
	FILE *f = fopen(p, "r");
	char *b = malloc(64);
	if (!f || !b) { free(b); if (f) fclose(f); return -1; }
	int c = fgetc(f);
	if (flag && c == %d) return c;
	memset(b, c, 64);
	free(b);
	fclose(f);
	return c;
}
""" % (i, k, k))
PY

measure() {  # best wall time and its peak RSS (KiB) of "$@" over $runs runs
	local best="" rss=""
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		read -r t m < <(tail -n 1 "$tmp/t")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
	done
	echo "$best $rss"
}

row() {  # title, then the command
	local title=$1; shift
	read -r t m < <(measure "$@")
	printf '%-44s %8s %9s\n' "$title" "$t" "$(awk "BEGIN{printf \"%.1f\", $m/1024}")"
}

set_of() {  # name, then closecheck's input arguments
	local name=$1; shift
	printf '\n%-44s %8s %9s\n' "$name, best of $runs" "seconds" "peak MiB"
	for j in 1 "$(nproc)"; do
		row "--parse-only -j$j, child processes" "$cc" -q --no-cache --parse-only -j"$j" "$@"
		row "--parse-only -j$j, --no-isolation" "$cc" -q --no-cache --parse-only --no-isolation -j"$j" "$@"
		row "closecheck -j$j, child processes" "$cc" -q --no-cache -j"$j" "$@"
		row "closecheck -j$j, --no-isolation" "$cc" -q --no-cache --no-isolation -j"$j" "$@"
	done
}

set_of "corpus ($build/corpus)" -p "$build/corpus"
set_of "generated ($n units)" "$tmp"/gen/*.c -- -std=c11
