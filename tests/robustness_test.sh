#!/bin/sh
# SPDX-License-Identifier: MIT
# Bad inputs and broken outputs, end to end: what the user gets for each
# row of docs/robustness.md that no other test covers.  Each check is named
# as the table names it.
#   robustness_test.sh CLOSECHECK
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
		echo "FAIL: $1: output lacks '$3':"; sed 's/^/    /' "$2" | head -20; fails=$((fails + 1)); fi
}
lacks() {  # name file text
	if grep -qF -- "$3" "$2"; then
		echo "FAIL: $1: output has '$3':"; sed 's/^/    /' "$2" | head -20; fails=$((fails + 1))
	else passes=$((passes + 1)); fi
}
same() {  # name file text: the file holds exactly text
	if [ "$(cat "$2")" = "$3" ]; then passes=$((passes + 1)); else
		echo "FAIL: $1: '$2' holds:"; sed 's/^/    /' "$2" | head -5; fails=$((fails + 1)); fi
}

cat >"$tmp/leak.c" <<'C'
#include <stdlib.h>
int g(int n) {
	char *p = malloc(n);
	if (n > 10)
		return -1;
	free(p);
	return 0;
}
C

# output-full-disk: findings that cannot be written are an error, exit 2
if [ -w /dev/full ]; then
	"$cc" "$tmp/leak.c" >/dev/full 2>"$tmp/err"; check "output-full-disk" 2 $?
	contains "output-full-disk" "$tmp/err" "<stdout>: error: cannot write the findings: No space left on device"
	"$cc" --format=json "$tmp/leak.c" >/dev/full 2>"$tmp/err"; check "output-full-disk json" 2 $?
	contains "output-full-disk json" "$tmp/err" "cannot write the findings"
fi

# output-missing-dir, output-bad-format: refused before any analysis
"$cc" "$tmp/leak.c" -o "$tmp/no/such/out.txt" >"$tmp/out" 2>"$tmp/err"
check "output-missing-dir" 2 $?
contains "output-missing-dir" "$tmp/err" "no/such/out.txt: error: cannot write: No such file or directory"
lacks "output-missing-dir: no analysis" "$tmp/err" "1 warning"
"$cc" "$tmp/leak.c" --format=xml >"$tmp/out" 2>"$tmp/err"; check "output-bad-format" 2 $?
contains "output-bad-format" "$tmp/err" "unknown format 'xml'"
lacks "output-bad-format: no analysis" "$tmp/err" "1 warning"

# output-read-only: refused, the file kept
echo old >"$tmp/ro.txt"; chmod 444 "$tmp/ro.txt"
if [ ! -w "$tmp/ro.txt" ]; then
	"$cc" "$tmp/leak.c" -o "$tmp/ro.txt" >"$tmp/out" 2>"$tmp/err"; check "output-read-only" 2 $?
	contains "output-read-only" "$tmp/err" "ro.txt: error: cannot write: Permission denied"
	same "output-read-only kept" "$tmp/ro.txt" old
fi

# output-replaced-whole: -o FILE and --write-baseline replace the file
# whole, leaving no temporary file
mkdir "$tmp/o"
echo old >"$tmp/o/out.txt"
"$cc" "$tmp/leak.c" -o "$tmp/o/out.txt" 2>/dev/null; check "output-replaced-whole" 1 $?
contains "output-replaced-whole" "$tmp/o/out.txt" "[leak]"
"$cc" "$tmp/leak.c" --write-baseline "$tmp/o/base.json" >/dev/null 2>&1
check "baseline-replaced-whole" 0 $?
contains "baseline-replaced-whole" "$tmp/o/base.json" '"closecheck_baseline": 1'
same "no temporary files" /dev/stdin "base.json
out.txt" <<EOT
$(ls -A "$tmp/o")
EOT

# signal-mid-run: SIGTERM while the units are analysed leaves -o FILE and
# the baseline as they were, says so, exits 143
i=0; : >"$tmp/many.list"
while [ $i -lt 400 ]; do
	sed "s/int g(/int g$i(/" "$tmp/leak.c" >"$tmp/o/u$i.c"; echo "$tmp/o/u$i.c" >>"$tmp/many.list"
	i=$((i + 1))
done
echo old >"$tmp/sig.txt"
# shellcheck disable=SC2046
"$cc" -j1 -q -o "$tmp/sig.txt" $(cat "$tmp/many.list") 2>"$tmp/err" &
pid=$!
n=0
while [ $n -lt 200 ] && ! ls "$tmp"/sig.txt.tmp-* >/dev/null 2>&1; do sleep 0.05; n=$((n + 1)); done
sleep 0.2
kill -TERM $pid; wait $pid; rc=$?
if [ $rc = 1 ]; then
	echo "note: signal-mid-run: the run ended before the signal; not checked"
else
	check "signal-mid-run" 143 $rc
	contains "signal-mid-run" "$tmp/err" "closecheck: terminated: stopped"
	same "signal-mid-run kept" "$tmp/sig.txt" old
	if ls "$tmp"/sig.txt.tmp-* >/dev/null 2>&1; then
		echo "FAIL: signal-mid-run: temporary file left"; fails=$((fails + 1)); fi
fi
rm -f "$tmp"/o/u*.c

# non-utf8-path: a Latin-1 byte in a file name keeps "file" in JSON, the
# path in Code Climate, and SARIF valid
bad=$(printf "$tmp/l\\351ak.c")
cp "$tmp/leak.c" "$bad"
"$cc" --format=json "$bad" >"$tmp/out" 2>/dev/null; check "non-utf8-path json" 1 $?
contains "non-utf8-path json" "$tmp/out" "$(printf '"file": "%s/l\357\277\275ak.c"' "$tmp")"
"$cc" --format=codeclimate "$bad" >"$tmp/out" 2>/dev/null
contains "non-utf8-path codeclimate" "$tmp/out" "$(printf 'l\357\277\275ak.c"' )"
"$cc" --format=sarif "$bad" >"$tmp/out" 2>/dev/null
lacks "non-utf8-path sarif" "$tmp/out" '"message": {}'
contains "non-utf8-path sarif" "$tmp/out" '"text": "memory '"'p'"
rm -f "$bad"

# non-utf8-condition: a Latin-1 byte in a condition the path notes quote
cat >"$tmp/cond.in" <<'C'
#include <stdlib.h>
int c(const char *s) {
	char *p = malloc(4);
	if (s[0] == 'E')
		return 1;
	free(p);
	return 0;
}
C
sed "s/'E'/'$(printf '\351')'/" "$tmp/cond.in" >"$tmp/cond.c"
u=$(printf '\357\277\275')
"$cc" --format=sarif "$tmp/cond.c" >"$tmp/out" 2>/dev/null; check "non-utf8-condition sarif" 1 $?
lacks "non-utf8-condition sarif" "$tmp/out" '"message": {}'
contains "non-utf8-condition sarif" "$tmp/out" "'s [0] == '$u'' is true"
"$cc" --format=json "$tmp/cond.c" >"$tmp/out" 2>/dev/null
contains "non-utf8-condition json" "$tmp/out" "\"message\": \"'s [0] == '$u'' is true"

# long-path: a path of more than 400 bytes keeps :line:col in messages
long=$tmp; while [ ${#long} -lt 600 ]; do long=$long/dddddddddddddddddddddddddddddddddddddddd; done
mkdir -p "$long"; cp "$tmp/leak.c" "$long/leak.c"
"$cc" "$long/leak.c" >"$tmp/out" 2>/dev/null; check "long-path" 1 $?
contains "long-path" "$tmp/out" "$long/leak.c:5:3: warning: memory 'p'"

echo "robustness: $passes passed, $fails failed"
[ $fails -eq 0 ]
