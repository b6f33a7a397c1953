#!/bin/sh
# SPDX-License-Identifier: MIT
# Cold against warm runs (the result cache, docs/performance.md "Warm runs").
#   bench/warm.sh [BUILD] [COMPDB-DIR] [RUNS]     FMT=json|gcc|sarif (default json)
# Prints, for the units of COMPDB-DIR: --no-cache, a cold run (an empty cache
# folder: analysis and storing), a warm run (best of RUNS) and a warm run
# after every source file was touched (times changed, contents not: every
# file is hashed again), each as wall seconds, user+system CPU seconds, and
# the warm runs' share of the cold one.  The units' files are not changed.
set -eu
build=${1:-build}
compdb=${2:-$build/corpus}
runs=${3:-3}
fmt=${FMT:-json}
cc=$(cd "$build" && pwd)/closecheck
cache=$(mktemp -d); trap 'rm -rf "$cache"' EXIT
out=$cache/out
measure() {  # LABEL ARGS...: "LABEL wall cpu"
	label=$1; shift
	/usr/bin/time -f "%e %U %S" -o "$cache/t" "$cc" -p "$compdb" -q --format="$fmt" \
		--cache-dir "$cache/c" "$@" >"$out" 2>/dev/null || true
	tail -1 "$cache/t" | awk -v l="$label" '{ printf "%s %.2f %.2f\n", l, $1, $2 + $3 }'
}
best() {  # LABEL ARGS...: the best wall time of RUNS
	label=$1; shift
	i=0; while [ $i -lt "$runs" ]; do measure "$label" "$@"; i=$((i + 1)); done |
		sort -k2 -n | head -1
}
units=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' \
	"$compdb/compile_commands.json")
{
	measure no-cache --no-cache
	rm -rf "$cache/c"
	measure cold
	cp "$out" "$cache/cold.out"
	best warm
	cmp -s "$out" "$cache/cold.out" || echo "warm output differs from cold" >&2
	python3 - "$compdb/compile_commands.json" <<'PY'
import json, os, sys
for e in json.load(open(sys.argv[1])):
    os.utime(os.path.join(e["directory"], e["file"]))
PY
	measure touched
} | awk -v u="$units" -v f="$fmt" '
	{ name[NR] = $1; wall[NR] = $2; cpu[NR] = $3 }
	$1 == "cold" { cold = $2 }
	END {
		printf "%d units, --format=%s\n%-10s %8s %8s %8s\n", u, f, "run", "wall-s", "cpu-s", "of-cold"
		for (i = 1; i <= NR; i++)
			printf "%-10s %8.2f %8.2f %7.1f%%\n", name[i], wall[i], cpu[i], cold ? 100 * wall[i] / cold : 0
	}'
