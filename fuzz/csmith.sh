#!/bin/sh
# SPDX-License-Identifier: MIT
# Front-end fuzzing with real C: N csmith programs (seeds FIRST..FIRST+N-1)
# and NGEN (default N) random programs of bench/generate.py over the
# modelled APIs (600 lines each, the same seeds), each
# through closecheck with a time limit.  What counts as a finding: a unit
# that crashed (closecheck says "closecheck crashed while analysing"), an
# exit status above 2 (a signal, a sanitizer's 86), a unit past --timeout
# or the outer limit (a hang), a sanitizer report (the sanitizer build
# writes them to OUT/san.*).  Exit status 2 without a crash is a program
# clang did not accept ("errors"): counted, not a finding.  Prints a table
# and keeps each finding's program in OUT/found/.
#
#   sh fuzz/csmith.sh CLOSECHECK [N] [FIRST] [OUT] [NGEN]
#
# With BATCH=1 the NGEN generated programs are indexes 0..NGEN-1 of the one
# seed FIRST, analysed by one closecheck run with --no-program-summaries
# (each unit alone, in a child of its own, as a lone file is): no process,
# pack loading and interpreter start per program.
#
# Use the sanitizer build: cmake -S . -B build-san -DCMAKE_C_COMPILER=clang-22
# -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLOSECHECK_SANITIZE=address,undefined
set -u
cc=${1:?usage: csmith.sh CLOSECHECK [N] [FIRST] [OUT] [NGEN]}
n=${2:-100}
first=${3:-1}
out=${4:-/tmp/closecheck-csmith}
ngen=${5:-$n}
root=$(cd "$(dirname "$0")/.." && pwd)
inc=/usr/include/csmith
[ -f "$inc/csmith.h" ] || inc=$(dirname "$(find /usr/include /usr/local/include -name csmith.h 2>/dev/null | head -1)")
command -v csmith >/dev/null && [ -f "$inc/csmith.h" ] ||
	{ echo "csmith.sh: needs csmith and its headers (apt-get install csmith libcsmith-dev)" >&2; exit 77; }
mkdir -p "$out/src" "$out/found"
rm -f "$out"/san.*
export ASAN_OPTIONS="exitcode=86:log_path=$out/san:detect_leaks=1"
export UBSAN_OPTIONS="exitcode=86:log_path=$out/san:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"

# check KIND FILE FLAGS...: runs closecheck on FILE, counts the outcome
check() {
	kind=$1 f=$2
	shift 2
	nice -n 19 timeout -s KILL 120 "$cc" -q --timeout=60 --format=gcc "$f" -- "$@" \
		>"$f.out" 2>"$f.err"
	rc=$?
	what=
	if [ $rc -eq 137 ]; then what=hang
	elif grep -q "closecheck crashed while analysing" "$f.err" || [ $rc -gt 2 ]; then what=crash
	elif grep -q "stopped after .* (the limit set by --timeout)" "$f.err"; then what=timeout
	elif ls "$out"/san.* >/dev/null 2>&1; then what=sanitizer
	elif [ $rc -eq 2 ]; then eval "err_$kind=\$((err_$kind + 1))"
	elif [ $rc -eq 1 ]; then eval "fnd_$kind=\$((fnd_$kind + 1))"
	fi
	eval "runs_$kind=\$((runs_$kind + 1))"
	case $what in
	hang | timeout) eval "hang_$kind=\$((hang_$kind + 1))" ;;
	crash | sanitizer) eval "crash_$kind=\$((crash_$kind + 1))" ;;
	esac
	if [ -n "$what" ]; then
		echo "$what: $f (exit $rc)" >&2
		cp "$f" "$f.err" "$out/found/"
		for s in "$out"/san.*; do [ -f "$s" ] && mv "$s" "$out/found/$(basename "$f").$(basename "$s")"; done
	fi
}

for k in csmith generate; do
	eval "runs_$k=0 crash_$k=0 hang_$k=0 err_$k=0 fnd_$k=0 secs_$k=0"
done
start=$(date +%s)
s=$first
while [ $s -lt $((first + n)) ]; do
	f=$out/src/csmith-$s.c
	# csmith writes platform.info into the current folder
	(cd "$out" && csmith --seed "$s" --max-funcs 8 -o "$f" >/dev/null 2>&1) && check csmith "$f" -I"$inc" -w
	s=$((s + 1))
done
mid=$(date +%s)
secs_csmith=$((mid - start))
if [ -n "${BATCH:-}" ] && [ "$ngen" -gt 0 ]; then
	# NGEN programs of one seed (FIRST, indexes 0..NGEN-1) through one
	# closecheck run: each unit still in a child of its own with its
	# --timeout, so a crash or a hang is that unit's error
	d=$out/src/batch-$first
	python3 "$root/bench/generate.py" "$d" --seed "$first" --random "$ngen" --lines 600 \
		--only random >/dev/null
	nice -n 19 timeout -s KILL $((ngen * 20 + 120)) "$cc" -q -j1 --timeout=60 --format=gcc --no-program-summaries --no-cache \
		"$d"/random-*.c -- -I/usr/include/postgresql >"$d.out" 2>"$d.err"
	rc=$?
	runs_generate=$(ls "$d"/random-*.c | wc -l)
	crash_generate=$(grep -c "closecheck crashed while analysing" "$d.err")
	hang_generate=$(grep -c "the limit set by --timeout" "$d.err")
	[ $rc -eq 137 ] && hang_generate=$((hang_generate + 1))
	[ $rc -gt 2 ] && [ $rc -ne 137 ] && crash_generate=$((crash_generate + 1))
	err_generate=$(grep ": error:" "$d.err" | grep -v "closecheck crashed\|the limit set by" |
		cut -d: -f1 | sort -u | wc -l)
	fnd_generate=$(grep ": warning:" "$d.out" | cut -d: -f1 | sort -u | wc -l)
	grep "closecheck crashed while analysing\|the limit set by --timeout" "$d.err" |
		cut -d: -f1 | sort -u | while read -r f; do
			echo "found: $f" >&2
			cp "$f" "$out/found/" 2>/dev/null
		done
	for f in "$out"/san.*; do [ -f "$f" ] && mv "$f" "$out/found/batch-$first.$(basename "$f")"; done
	secs_generate=$(($(date +%s) - mid))
else
s=$first
while [ $s -lt $((first + ngen)) ]; do
	d=$out/src/gen-$s
	python3 "$root/bench/generate.py" "$d" --seed "$s" --random 1 --lines 600 --only random >/dev/null &&
		check generate "$d/random-00.c" -I/usr/include/postgresql
	s=$((s + 1))
done
secs_generate=$(($(date +%s) - mid))
fi

printf '%-9s %6s %8s %9s %7s %9s %8s\n' programs seeds crashes timeouts errors findings seconds
for k in csmith generate; do
	eval "printf '%-9s %6s %8s %9s %7s %9s %8s\n' $k \$runs_$k \$crash_$k \$hang_$k \$err_$k \$fnd_$k \$secs_$k"
done
[ "$crash_csmith$hang_csmith$crash_generate$hang_generate" = 0000 ]
