#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Memory over many units (issue 12): everything of a unit is freed once it is
# done, so a run's peak must not grow with the number of units.  Generates N
# small units (generate.py --random N --lines LINES, seed 1), then runs
# --parse-only and the analysis over the first N/10, N/2 and all N of them in
# one process (-j1 --no-isolation --no-cache: no child process takes a unit's
# memory away with it) and prints CPU seconds and peak resident memory.
# The analysis runs twice: as it is, keeping every finding for the report
# (these units have about a hundred each, with their paths), and with
# --checks=-*, the same work with no finding kept: what is left of a unit
# then is what leaks.
#
#   bench/growth.sh [BUILD-DIR] [N] [LINES]
#
# Defaults: build/, 1000 units, 150 lines each (about 440 lines of C with
# the includes; a unit takes about 0.2 s to analyse).  The last column is the
# growth of the peak per unit from the first row of the same mode: about 0
# for --parse-only and no-findings when nothing of a unit is left behind.
set -euo pipefail
build=${1:-build}
n=${2:-1000}
lines=${3:-150}
cc=$build/closecheck
[ -x "$cc" ] || { echo "growth: no $cc (build first)" >&2; exit 2; }
[ "$n" -ge 10 ] || { echo "growth: N must be at least 10" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$(dirname "$0")/generate.py" "$tmp/src" --seed 1 --random "$n" --lines "$lines" \
	--only random >/dev/null
mapfile -t files < <(ls "$tmp"/src/random-*.c | sort)

printf '%-8s %-11s %8s %9s %14s\n' units mode "CPU s" "peak MiB" "KiB/unit more"
for mode in parse analysis no-findings; do
	first_units="" first_rss=""
	for count in $((n / 10)) $((n / 2)) "$n"; do
		opt=()
		[ "$mode" = parse ] && opt=(--parse-only)
		[ "$mode" = no-findings ] && opt=('--checks=-*')
		/usr/bin/time -f "%U %S %M" -o "$tmp/t" "$cc" --no-cache -q -j1 --no-isolation \
			"${opt[@]}" "${files[@]:0:$count}" -- -I/usr/include/postgresql \
			>/dev/null 2>&1 || true
		read -r u s m < <(tail -n 1 "$tmp/t")
		more=""
		if [ -z "$first_units" ]; then
			first_units=$count first_rss=$m
		else
			more=$(awk "BEGIN{printf \"%.2f\", ($m - $first_rss) / ($count - $first_units)}")
		fi
		printf '%-8s %-11s %8s %9s %14s\n' "$count" "$mode" \
			"$(awk "BEGIN{printf \"%.2f\", $u + $s}")" "$(awk "BEGIN{printf \"%.1f\", $m / 1024}")" "$more"
	done
done
