#!/bin/sh
# SPDX-License-Identifier: MIT
# Bad inputs and broken outputs, end to end: what the user gets for each
# row of docs/robustness.md that no other test covers.  Each check is named
# as the table names it.
#   robustness_test.sh CLOSECHECK
set -u
cc=$1; case $cc in /*) ;; *) cc=$(pwd)/$cc ;; esac
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

# baseline-missing-dir: --write-baseline into a missing folder is refused
# before any analysis, and -o FILE is left as it was
echo old >"$tmp/keep.txt"
"$cc" "$tmp/leak.c" -o "$tmp/keep.txt" --write-baseline "$tmp/no/b.json" >"$tmp/out" 2>"$tmp/err"
check "baseline-missing-dir" 2 $?
contains "baseline-missing-dir" "$tmp/err" "no/b.json: error: cannot write: No such file or directory"
lacks "baseline-missing-dir: no analysis" "$tmp/err" "1 warning"
same "baseline-missing-dir: -o kept" "$tmp/keep.txt" old

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
mkdir "$tmp/irt"       # the IR kept between the passes goes, too
# shellcheck disable=SC2046
TMPDIR="$tmp/irt" "$cc" -j1 -q -o "$tmp/sig.txt" $(cat "$tmp/many.list") 2>"$tmp/err" &
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
	ls -A "$tmp/irt" >"$tmp/irt.list"
	same "signal-mid-run: no IR folder left" "$tmp/irt.list" ""
fi
# signal-mid-run SIGINT: the same, exit 130 (python gives the child a
# SIGINT that is not ignored, as a terminal's Ctrl-C is)
if command -v python3 >/dev/null 2>&1; then
	echo old >"$tmp/int.txt"
	python3 - "$cc" "$tmp" "$tmp/many.list" <<'PY' >"$tmp/pyout" 2>&1
import glob, signal, subprocess, sys, time
cc, tmp, lst = sys.argv[1], sys.argv[2], sys.argv[3]
files = open(lst).read().split()
p = subprocess.Popen([cc, "-j1", "-q", "-o", tmp + "/int.txt"] + files,
                     stderr=subprocess.PIPE,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
for _ in range(200):
    if glob.glob(tmp + "/int.txt.tmp-*"):
        break
    time.sleep(0.05)
time.sleep(0.2)
p.send_signal(signal.SIGINT)
err = p.communicate()[1].decode()
print("status", p.returncode)
print(err)
PY
	if grep -q '^status 1$' "$tmp/pyout"; then
		echo "note: signal-mid-run SIGINT: the run ended before the signal; not checked"
	else
		contains "signal-mid-run SIGINT" "$tmp/pyout" "status 130"
		contains "signal-mid-run SIGINT" "$tmp/pyout" "closecheck: interrupted: stopped"
		same "signal-mid-run SIGINT kept" "$tmp/int.txt" old
	fi
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

# dir-as-source, device-as-source, fifo-as-source: refused before parsing,
# in words; the other unit is still analysed (a FIFO blocked for ever)
mkdir "$tmp/dir.c"
"$cc" "$tmp/dir.c" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "dir-as-source" 2 $?
contains "dir-as-source" "$tmp/err" "dir.c: error: cannot analyse this file: it is a directory"
contains "dir-as-source: other unit" "$tmp/out" "leak.c:5:3: warning:"
lacks "dir-as-source: no flags note" "$tmp/err" "no compile database found"
timeout 60 "$cc" /dev/zero >"$tmp/out" 2>"$tmp/err"; check "device-as-source" 2 $?
contains "device-as-source" "$tmp/err" "/dev/zero: error: cannot analyse this file: not a regular file"
if mkfifo "$tmp/fifo.c" 2>/dev/null; then
	timeout 60 "$cc" "$tmp/fifo.c" >"$tmp/out" 2>"$tmp/err"; check "fifo-as-source" 2 $?
	contains "fifo-as-source" "$tmp/err" "fifo.c: error: cannot analyse this file: not a regular file"
fi

# bad-std: an invalid -std= is named (libclang said "error 4")
"$cc" "$tmp/leak.c" -- -std=c99x >"$tmp/out" 2>"$tmp/err"; check "bad-std" 2 $?
contains "bad-std" "$tmp/err" "leak.c: error: cannot analyse this file: '-std=c99x' is not a C language standard"

# missing-include-flag: a missing -include file is reported without a line
# of the predefines buffer (it said line 415 of an 8-line file)
"$cc" "$tmp/leak.c" -- -include "$tmp/nothere.h" >"$tmp/out" 2>"$tmp/err"
check "missing-include-flag" 2 $?
contains "missing-include-flag" "$tmp/err" "leak.c: error: '$tmp/nothere.h' file not found"

# same-file-twice: analysed and reported once, however spelt
(cd "$tmp" && "$cc" leak.c ./leak.c "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"); check "same-file-twice" 1 $?
if [ "$(grep -c ': warning: ' "$tmp/out")" != 1 ]; then
	echo "FAIL: same-file-twice: reported more than once"; fails=$((fails + 1)); fi
contains "same-file-twice" "$tmp/err" "1 warning in 1 file"

# compdb-empty: a database with no entries is an error (nothing analysed)
mkdir "$tmp/emptydb"; echo '[]' >"$tmp/emptydb/compile_commands.json"
"$cc" -p "$tmp/emptydb" >"$tmp/out" 2>"$tmp/err"; check "compdb-empty" 2 $?
contains "compdb-empty" "$tmp/err" "compile_commands.json' has no entries: nothing to analyse"

# no-rules: no rule loaded is an error before any analysis
"$cc" --no-default-rules "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "no-rules" 2 $?
contains "no-rules" "$tmp/err" "closecheck: error: no rules loaded"
lacks "no-rules: no analysis" "$tmp/err" "in 1 file"
mkdir "$tmp/norules"
"$cc" --rules-dir "$tmp/norules" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "no-rules empty dir" 2 $?
contains "no-rules empty dir" "$tmp/err" "no rules loaded"

# stderr-order-j: each unit's messages come out in the order of the work
# list, the same for -j1 and -j4
mkdir "$tmp/ord"
for i in 1 2 3 4 5 6 7 8; do
	printf '#include "missing%s.h"\nint f%s(void) { return undeclared%s; }\n' $i $i $i >"$tmp/ord/u$i.c"
done
"$cc" -j1 -q "$tmp"/ord/u*.c -- -std=c11 >/dev/null 2>"$tmp/ord1"; check "stderr-order-j -j1" 2 $?
ok=true
for run in 1 2 3; do
	"$cc" -j4 -q "$tmp"/ord/u*.c -- -std=c11 >/dev/null 2>"$tmp/ord4"
	cmp -s "$tmp/ord1" "$tmp/ord4" || ok=false
done
if $ok; then passes=$((passes + 1)); else
	echo "FAIL: stderr-order-j: -j4 differs from -j1:"; diff "$tmp/ord1" "$tmp/ord4" | head; fails=$((fails + 1)); fi
contains "stderr-order-j" "$tmp/ord1" "u1.c:1:10: error: 'missing1.h' file not found"

# empty-source: nothing to find, exit 0
: >"$tmp/empty.c"
"$cc" "$tmp/empty.c" >"$tmp/out" 2>"$tmp/err"; check "empty-source" 0 $?
contains "empty-source" "$tmp/err" "no findings in 1 file"

# binary-as-source: clang's errors, exit 2, no crash
head -c 4096 /dev/urandom >"$tmp/bin.c" 2>/dev/null || printf '\001\002\377\376' >"$tmp/bin.c"
"$cc" "$tmp/bin.c" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "binary-as-source" 2 $?
contains "binary-as-source" "$tmp/err" "bin.c:"
contains "binary-as-source: other unit" "$tmp/out" "leak.c:5:3: warning:"

# unreadable-source: named, exit 2 (skipped as root, who reads anything)
cp "$tmp/leak.c" "$tmp/unread.c"; chmod 000 "$tmp/unread.c"
if [ ! -r "$tmp/unread.c" ]; then
	"$cc" "$tmp/unread.c" >"$tmp/out" 2>"$tmp/err"; check "unreadable-source" 2 $?
	contains "unreadable-source" "$tmp/err" "unread.c: error: cannot read file: Permission denied"
fi

# non-utf8-source: a Latin-1 comment changes nothing
{ printf '/* caf\351 */\n'; cat "$tmp/leak.c"; } >"$tmp/lat.c"
"$cc" "$tmp/lat.c" >"$tmp/out" 2>"$tmp/err"; check "non-utf8-source" 1 $?
contains "non-utf8-source" "$tmp/out" "lat.c:6:3: warning: memory 'p'"

# long-line: a 200 KB line is analysed
{ printf '#include <stdlib.h>\nint g(int n) { char *p = malloc(n); int x = 0'
  i=0; while [ $i -lt 2000 ]; do printf ' + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1'; i=$((i + 1)); done
  printf '; if (n > x) return 1; free(p); return 0; }\n'; } >"$tmp/longline.c"
"$cc" "$tmp/longline.c" >"$tmp/out" 2>"$tmp/err"; check "long-line" 1 $?
contains "long-line" "$tmp/out" "longline.c:2:"

# compdb-absent-file: a database naming a file that is gone
mkdir "$tmp/absent"
printf '[{"directory": "%s", "file": "gone.c", "command": "cc -c gone.c"}]\n' "$tmp/absent" \
	>"$tmp/absent/compile_commands.json"
"$cc" -p "$tmp/absent" >"$tmp/out" 2>"$tmp/err"; check "compdb-absent-file" 2 $?
contains "compdb-absent-file" "$tmp/err" "gone.c: error: cannot read file: No such file or directory"

# compdb-wrong-shape: an object, not an array
mkdir "$tmp/shape"; echo '{"file": "x.c"}' >"$tmp/shape/compile_commands.json"
"$cc" -p "$tmp/shape" >"$tmp/out" 2>"$tmp/err"; check "compdb-wrong-shape" 2 $?
contains "compdb-wrong-shape" "$tmp/err" "error: the compile database is not a JSON array of commands"

# kr-definition: K&R parameters are read, the leak found
cat >"$tmp/kr.c" <<'C'
#include <stdlib.h>
int g(n)
	int n;
{
	char *p = malloc(n);
	if (n > 1)
		return 1;
	free(p);
	return 0;
}
C
"$cc" "$tmp/kr.c" -- -std=gnu89 >"$tmp/out" 2>"$tmp/err"; check "kr-definition" 1 $?
contains "kr-definition" "$tmp/out" "kr.c:7:3: warning: memory 'p'"

# setjmp-longjmp: setjmp's second return is a branch like any other
cat >"$tmp/sj.c" <<'C'
#include <setjmp.h>
#include <stdlib.h>
static jmp_buf env;
int g(int n) {
	char *p = malloc(n);
	if (setjmp(env))
		return 1;
	if (n > 1)
		longjmp(env, 1);
	free(p);
	return 0;
}
C
"$cc" "$tmp/sj.c" >"$tmp/out" 2>"$tmp/err"; check "setjmp-longjmp" 1 $?
contains "setjmp-longjmp" "$tmp/out" "sj.c:6:6: note: 'setjmp(env)' is non-zero"

# recursion: a function that calls itself is analysed, it ends
cat >"$tmp/rec.c" <<'C'
#include <stdlib.h>
int g(int n) {
	char *p = malloc(n);
	if (n > 1)
		return g(n - 1);
	free(p);
	return 0;
}
C
timeout 60 "$cc" "$tmp/rec.c" >"$tmp/out" 2>"$tmp/err"; check "recursion" 1 $?
contains "recursion" "$tmp/out" "rec.c:5:3: warning: memory 'p'"

# self-include: clang's 'nested too deeply', exit 2, it ends
printf '#include "self.c"\nint g(void) { return 0; }\n' >"$tmp/self.c"
timeout 60 "$cc" "$tmp/self.c" >"$tmp/out" 2>"$tmp/err"; check "self-include" 2 $?
contains "self-include" "$tmp/err" "self.c:1:10: error: #include nested too deeply"

# glob-no-match: the shell passes the pattern on; it is a missing file
"$cc" "$tmp/nomatch*.c" >"$tmp/out" 2>"$tmp/err"; check "glob-no-match" 2 $?
contains "glob-no-match" "$tmp/err" "nomatch*.c: error: cannot read file: No such file or directory"

# baseline-missing, baseline-not-json: named, exit 2
"$cc" "$tmp/leak.c" --baseline "$tmp/nobase.json" >"$tmp/out" 2>"$tmp/err"; check "baseline-missing" 2 $?
contains "baseline-missing" "$tmp/err" "nobase.json: error: cannot read the baseline"
echo '{"findings": [' >"$tmp/badbase.json"
"$cc" "$tmp/leak.c" --baseline "$tmp/badbase.json" >"$tmp/out" 2>"$tmp/err"; check "baseline-not-json" 2 $?
contains "baseline-not-json" "$tmp/err" "badbase.json:"

# config-wrong-type: named with its line and column
printf 'checks: { leak: on }\n' >"$tmp/wrong.yaml"
"$cc" --config "$tmp/wrong.yaml" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "config-wrong-type" 2 $?
contains "config-wrong-type" "$tmp/err" "wrong.yaml:1:9: error: expected a string or a list of check globs for 'checks'"

# pack-empty: an empty rule pack is named
: >"$tmp/empty.yaml"
"$cc" --rules "$tmp/empty.yaml" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "pack-empty" 2 $?
contains "pack-empty" "$tmp/err" "empty.yaml: error: the rule pack is empty"

# nested-too-deep: what is nested past the lowering's depth is cut, with a
# note naming the function; the leak before it is still found
{
	printf '#include <stdlib.h>\nint deep(int n)\n{\n\tchar *p = malloc(n);\n'
	printf '\tif (n > 1000)\n\t\treturn -1;\n'
	i=0; while [ $i -lt 250 ]; do printf 'if (n > %d) {\n' $i; i=$((i + 1)); done
	printf 'n++;\n'
	i=0; while [ $i -lt 250 ]; do printf '}\n'; i=$((i + 1)); done
	printf '\tfree(p);\n\treturn n;\n}\n'
} >"$tmp/deep.c"
"$cc" "$tmp/deep.c" >"$tmp/out" 2>"$tmp/err"; check "nested-too-deep" 1 $?
contains "nested-too-deep" "$tmp/err" "deep.c:2:5: note: 'deep' is nested more than 400 deep: what is nested deeper is not analysed; findings for it may be incomplete"
contains "nested-too-deep: the leak" "$tmp/out" "deep.c:6:3: warning: memory 'p' acquired by 'malloc' at line 4 is not released on this path [leak]"

# too-many-flags: more variables decide a function's paths than a path can
# follow: a note says so, and the leak is still found
{
	printf '#include <stdlib.h>\nvoid use(int);\nint many_flags(int n)\n{\n'
	i=0; while [ $i -lt 14 ]; do printf '\tint k%d = 0;\n\tif (n > %d) k%d = 1;\n' $i $i $i; i=$((i + 1)); done
	printf '\tchar *p = malloc(n);\n'
	i=0; while [ $i -lt 14 ]; do printf '\tif (k%d) use(%d);\n' $i $i; i=$((i + 1)); done
	printf '\tif (k0)\n\t\treturn -1;\n\tfree(p);\n\treturn 0;\n}\n'
} >"$tmp/flags.c"
"$cc" "$tmp/flags.c" >"$tmp/out" 2>"$tmp/err"; check "too-many-flags" 1 $?
contains "too-many-flags" "$tmp/err" "flags.c:3:5: note: in 'many_flags', more variables decide its paths than the 12 a path can follow; tests of the others are not correlated, findings may be less precise"
contains "too-many-flags: the leak" "$tmp/out" "warning: memory 'p' acquired by 'malloc' at line 33 is not released on this path [leak]"

echo "robustness: $passes passed, $fails failed"
[ $fails -eq 0 ]
