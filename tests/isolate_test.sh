#!/bin/sh
# SPDX-License-Identifier: MIT
# Isolation: a unit that crashes libclang (a 200 KB nested expression
# overflows its parser's stack), one past --timeout and one past
# --memory-limit are each an error of that file, counted in the exit status
# and in the reports, and the leak in the file next to them is still found.
# A unit's findings sent in parts give the report a run without isolation
# gives.
#   isolate_test.sh CLOSECHECK
set -u
cc=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
check() {  # name expected-status actual-status
	if [ "$2" = "$3" ]; then passes=$((passes + 1)); else
		echo "FAIL: $1: exit status $3, expected $2"; fails=$((fails + 1)); fi
}
contains() {  # name file text
	if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
		echo "FAIL: $1: output lacks '$3':"; head -c 2000 "$2" | sed 's/^/    /'
		fails=$((fails + 1)); fi
}
# The crash in words: a signal, or under a sanitizer (which reports the
# fault and exits 1) the exit status.
crashed() {  # name file unit
	if grep -qE -- "^$3: error: closecheck (crashed while analysing this file \(signal 11: segmentation fault\)|'s worker for this file stopped with exit status 1)\$" "$2"
	then passes=$((passes + 1)); else
		echo "FAIL: $1: no crash of $3 in:"; head -c 2000 "$2" | sed 's/^/    /'
		fails=$((fails + 1)); fi
}

cat >"$tmp/leak.c" <<'C'
#include <stdio.h>
int g(void) { FILE *f = fopen("x", "r"); if (!f) return 1; return fgetc(f); }
C
python3 -c "n = 100000; print('int f(void) { return ' + '(' * n + '1' + ')' * n + '; }')" \
	>"$tmp/deep.c"
# Slow: 1,500 files open at once, so each one's walk covers the whole
# function (a handle released before the next is acquired is cheap).
python3 -c "
print('#include <stdio.h>')
print('int s(int k) {')
print('\tint n = 0;')
for i in range(1500):
    print('\tFILE *f%d = fopen(\"x\", \"r\");' % i)
for i in range(1500):
    print('\tif (k > %d && f%d) n += fgetc(f%d);' % (i, i, i))
for i in range(1500):
    print('\tif (f%d) fclose(f%d);' % (i, i))
print('\treturn n;')
print('}')" >"$tmp/slow.c"
cd "$tmp"

# A crash: exit 2, the crashing file named, the other file's leak reported,
# whatever the order and -j.
for j in 1 2; do
	"$cc" -j$j leak.c deep.c -- >out 2>err; check "crash -j$j" 2 $?
	crashed "crash -j$j: the error" err deep.c
	contains "crash -j$j: the other leak" out "leak.c:2:60: warning: stream 'f' acquired by 'fopen'"
	contains "crash -j$j: the summary" err "(1 unit could not be analysed)"
done
"$cc" deep.c leak.c -- >out 2>err; check "crash first" 2 $?
contains "crash first: the other leak" out "leak.c:2:60: warning:"

# The reports: a SARIF notification and a JSON error for the file, the leak
# a result.
"$cc" --format=sarif leak.c deep.c -- >out 2>err; check "crash sarif" 2 $?
python3 - out <<'PY' || { echo "FAIL: crash sarif"; fails=$((fails + 1)); }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert [r["ruleId"] for r in run["results"]] == ["leak"], run["results"]
notes = run["invocations"][0]["toolExecutionNotifications"]
assert any(n["level"] == "error" and "crashed while analysing" in n["message"]["text"]
           and n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deep.c"
           for n in notes), notes
assert run["invocations"][0]["executionSuccessful"] is False
PY
"$cc" --format=json leak.c deep.c -- >out 2>err; check "crash json" 2 $?
contains "crash json: the error" out "closecheck crashed while analysing this file"

# A unit past --timeout: stopped, said so, the others still reported.
start=$(date +%s)
"$cc" -q --timeout=1 slow.c leak.c -- >out 2>err; check "timeout" 2 $?
contains "timeout: the error" err "slow.c: error: analysis of this file stopped after 1 s (the limit set by --timeout)"
contains "timeout: the other leak" out "leak.c:2:60: warning:"
took=$(( $(date +%s) - start ))
[ "$took" -le 10 ] && passes=$((passes + 1)) ||
	{ echo "FAIL: timeout: the run took $took s"; fails=$((fails + 1)); }

# A unit past --memory-limit (libclang alone needs more than 40 MB of
# address space): an error in words, the others go on when they fit.  In
# the sanitized pass the worker's AddressSanitizer reports the failed
# allocation: that report is this test's intended outcome, so it goes to
# this test's folder, not to the folder the sanitizer_reports test reads.
# (UBSAN_OPTIONS too: the runtimes share log_path, and the last one read wins.)
if [ -n "${ASAN_OPTIONS:-}" ]; then
	ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$PWD/asan-memory-limit" \
	UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:log_path=$PWD/asan-memory-limit" \
		"$cc" -q --no-cache --memory-limit=40 leak.c -- >out 2>err
else
	"$cc" -q --no-cache --memory-limit=40 leak.c -- >out 2>err
fi
check "memory limit" 2 $?
contains "memory limit: the error" err "leak.c: error: closecheck"
contains "memory limit: what it may mean" err "it may have run out of memory (--memory-limit=40)"

# Options in words.
"$cc" --timeout=0 leak.c -- >out 2>err; check "--timeout=0" 2 $?
contains "--timeout=0" err "invalid value '0' for --timeout"
"$cc" --memory-limit=lots leak.c -- >out 2>err; check "--memory-limit=lots" 2 $?
contains "--memory-limit=lots" err "invalid value 'lots' for --memory-limit"

# Without isolation the same findings for files that do not crash.
"$cc" --no-isolation leak.c -- >out1 2>/dev/null
"$cc" leak.c -- >out2 2>/dev/null
if cmp -s out1 out2; then passes=$((passes + 1)); else
	echo "FAIL: --no-isolation gives other findings"; fails=$((fails + 1)); fi

# A unit with more findings than one message of a child holds (600, sent in
# parts ahead of its result): the same report as without isolation, at -j1
# and -j2.  Alone, it is pass 0; with a unit that defines a function it
# calls, pass 1 (which sends no parts) and pass 2 (which does).
python3 -c "
print('#include <stdlib.h>')
print('int g(void);')
for i in range(600):
    print('int m%d(int k) { char *p = malloc(8); if (!p) return -1; return k ? p[0] : g(); }' % i)" >many.c
for files in many.c "many.c leak.c"; do
	"$cc" -q --no-cache --no-isolation --format=json $files -- >whole.json 2>/dev/null
	n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' whole.json)
	[ "$files" = many.c ] && want=600 || want=601
	check "parts ($files): findings without isolation" $want "$n"
	for j in 1 2; do
		"$cc" -q --no-cache -j$j --format=json --stats $files -- >parts.json 2>err
		if cmp -s whole.json parts.json; then passes=$((passes + 1)); else
			echo "FAIL: parts ($files) -j$j: another report than without isolation"
			fails=$((fails + 1)); fi
	done
done
contains "parts: pass 2 ran many.c" err "1 units analysed again with them"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
