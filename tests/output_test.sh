#!/bin/sh
# SPDX-License-Identifier: MIT
# What a person sees: findings streamed unit by unit in work-list order (the
# same for any -j), a header's finding once, the summary line, the exit
# status --fail-on sets, the rich form with source lines on a terminal (run
# under script(1), which gives the program a pseudo-terminal), colours and
# NO_COLOR, the progress line, and the command line itself: one-dash long
# options, -o -, the man page and --help made from one table.
#   output_test.sh CLOSECHECK BUILD-DIR SOURCE-DIR
set -u
cc=$1; build=$2; srcdir=$3
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
leak() {  # FILE FUNCTION: a file with one leak, line 5
	printf '#include <stdlib.h>\n#include "shared.h"\nint %s(int n) {\n\tchar *p = malloc(n);\n\tif (n > 10) return -1;\n\tfree(p);\n\treturn shared(n);\n}\n' "$2" >"$1"
}
cat >shared.h <<'C'
#include <stdio.h>
static inline int shared(int n) {
	FILE *f = fopen("x", "r");
	if (!f || n > 3)
		return 1;
	fclose(f);
	return 0;
}
C
leak a.c fa; leak b.c fb; leak c.c fc; leak d.c fd

# Work-list order, whatever -j: byte-identical, sorted within each unit, the
# header's finding (reached from every unit) printed once, with the first.
"$cc" -j1 d.c b.c a.c c.c >j1 2>j1.err; [ $? -eq 1 ] && ok || bad "-j1 status"
"$cc" -j2 d.c b.c a.c c.c >j2 2>/dev/null
"$cc" -j4 d.c b.c a.c c.c >j4 2>/dev/null
cmp -s j1 j2 && cmp -s j1 j4 && ok || { bad "-j2/-j4 output differs from -j1"; diff j1 j2; }
grep ': warning:' j1 | cut -d: -f1,2 >order
printf 'a.c:5\nshared.h:5\nb.c:5\nc.c:5\nd.c:5\n' | cmp -s - order && ok ||
	{ bad "order of the findings"; cat order; }
[ "$(grep -c '^shared.h:5:.*warning' j1)" -eq 1 ] && ok || bad "header finding not printed once"
[ "$(tail -n 1 j1.err)" = "5 warnings in 4 files" ] && ok || { bad "summary"; cat j1.err; }

# Streaming: unit 1's findings are written (and flushed) before unit 2 is
# even parsed: with -j1, --dump-ir shows unit 2's IR after them, and unit
# 2's parse error (stderr, same file) comes after them too.
printf '#include "nothere.h"\nint fz(void) { return 0; }\n' >z.c
"$cc" -j1 --dump-ir a.c b.c >ir 2>&1
fin=$(grep -n '^a.c:5:.*warning' ir | cut -d: -f1); irb=$(grep -n '^func fb' ir | cut -d: -f1)
ira=$(grep -n '^func fa' ir | cut -d: -f1)
[ -n "$fin" ] && [ -n "$irb" ] && [ "$ira" -lt "$fin" ] && [ "$fin" -lt "$irb" ] && ok ||
	{ bad "a.c's findings not before b.c's IR ($ira $fin $irb)"; }
# ... and while the next unit is still being parsed: y.c includes a FIFO, so
# its parse waits until the test writes the header; a.c's findings must be
# in the output file by then, with the process still running (-j1 and -j2).
mkfifo fifo.h
printf '#include "fifo.h"\nint fy(void) { return X; }\n' >y.c
for j in 1 2; do
	# a file of each run's own: the first run's output must not be read
	# before the second's shell has truncated it
	"$cc" -j$j a.c y.c >early$j 2>/dev/null &
	pid=$!
	i=0; while [ $i -lt 200 ] && ! grep -q '^a.c:5:.*warning' early$j; do sleep 0.05; i=$((i + 1)); done
	grep -q '^a.c:5:.*warning' early$j && kill -0 $pid 2>/dev/null && ok ||
		{ bad "-j$j: a.c's finding not written while y.c is parsed"; cat early$j; }
	timeout 20 sh -c 'printf "#define X 1\n" >fifo.h'
	wait $pid; [ $? -eq 1 ] && ok || bad "-j$j: status after the FIFO"
done
"$cc" -j1 a.c z.c >mixed 2>&1; [ $? -eq 2 ] && ok || bad "parse error status"
fin=$(grep -n '^a.c:5:.*warning' mixed | cut -d: -f1); err=$(grep -n "^z.c:1:10: error" mixed | cut -d: -f1)
[ -n "$fin" ] && [ -n "$err" ] && [ "$fin" -lt "$err" ] && ok || { bad "stream before z.c's error"; cat mixed; }
[ "$(tail -n 1 mixed)" = "2 warnings in 2 files" ] && ok || { bad "summary, parse error"; tail -n 1 mixed; }
"$cc" -j1 a.c nothere.c >/dev/null 2>err
[ "$(tail -n 1 err)" = "2 warnings in 2 files (1 unit could not be analysed)" ] && ok ||
	{ bad "summary with a failed unit"; cat err; }

# The summary by severity, singular and plural; --quiet; no findings.
mkdir -p e n w
for dd in e n w; do leak $dd/x.c f$dd; cp shared.h $dd/; done
printf 'severity: { leak: error }\n' >e/.closecheck.yaml
printf 'severity: { leak: note }\nchecks: "-*,leak"\n' >n/.closecheck.yaml
"$cc" w/x.c e/x.c >out 2>err; [ $? -eq 1 ] && ok || bad "error status"
[ "$(tail -n 1 err)" = "2 warnings, 2 errors in 2 files" ] && ok || { bad "summary by severity"; cat err; }
"$cc" n/x.c >out 2>err; [ $? -eq 0 ] && ok || bad "notes do not fail by default"
[ "$(tail -n 1 err)" = "2 notes in 1 file" ] && ok || { bad "summary of notes"; cat err; }
"$cc" -q n/x.c >out 2>err; [ ! -s err ] && ok || { bad "--quiet"; cat err; }
printf 'int ok(void) { return 0; }\n' >clean.c
"$cc" clean.c >out 2>err; [ $? -eq 0 ] && [ ! -s out ] && [ "$(cat err)" = "no findings in 1 file" ] && ok ||
	{ bad "clean file"; cat out err; }

# --fail-on: the level at and above which findings fail the run.
"$cc" --fail-on=note n/x.c >/dev/null 2>&1; [ $? -eq 1 ] && ok || bad "--fail-on=note"
"$cc" --fail-on=error w/x.c >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "--fail-on=error, warnings"
"$cc" --fail-on=error e/x.c >/dev/null 2>&1; [ $? -eq 1 ] && ok || bad "--fail-on=error, errors"
"$cc" --fail-on=never e/x.c >out 2>&1; [ $? -eq 0 ] && grep -q 'error:' out && ok || bad "--fail-on=never"
"$cc" --fail-on=never a.c z.c >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--fail-on=never keeps errors"
"$cc" --fail-on=sometimes a.c >/dev/null 2>err; [ $? -eq 2 ] &&
	grep -q "invalid value 'sometimes' for --fail-on (error|warning|note|never)" err && ok ||
	{ bad "bad --fail-on"; cat err; }
"$cc" --write-baseline base.json a.c >/dev/null 2>&1; [ $? -eq 0 ] && [ -s base.json ] && ok ||
	bad "--write-baseline exits 0"
# with --baseline the output waits for the whole run (fingerprints), same lines
"$cc" --baseline base.json -j2 a.c b.c >bl 2>/dev/null; [ $? -eq 1 ] && ok || bad "--baseline status"
grep -q '^a.c' bl && bad "baseline finding shown" || ok
grep -q '^b.c:5:.*warning' bl && ok || { bad "new finding with --baseline"; cat bl; }

# On a terminal: gcc's rich form and colours; the plain lines with
# --format=gcc; NO_COLOR; the progress line, cleared.
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qec "'$cc' -j1 a.c b.c" /dev/null >tty 2>&1
	sed 's/\r$//; s/.*\r//' <tty | sed 's/\x1b\[[0-9;]*[mK]//g' >tty.txt
	grep -q "^a.c: In function 'fa':$" tty.txt && ok || { bad "In function line"; cat tty.txt; }
	grep -q '^    5 |         if (n > 10) return -1;$' tty.txt &&
		grep -q '^      |                     \^$' tty.txt && ok || { bad "source line and caret"; cat tty.txt; }
	grep -q '^    4 |         char \*p = malloc(n);$' tty.txt && ok || bad "note's source line"
	grep -qF "$(printf '\033[01;35m\033[Kwarning: \033[m\033[K')" tty && ok || bad "warning in magenta"
	grep -qF "$(printf '\033[01;36m\033[Knote: \033[m\033[K')" tty && ok || bad "note in cyan"
	grep -qF "[1/2] a.c" tty && grep -qF "[2/2] b.c" tty && ok || { bad "progress line"; od -c tty | head; }
	# what the terminal shows on the last line: after the last "erase line"
	tail -n 1 tty | sed 's/.*\r\x1b\[K//' | tr -d '\r' | grep -q '^3 warnings in 2 files$' && ok ||
		{ bad "progress cleared before the summary"; tail -n 2 tty | od -c | tail -n 5; }
	NO_COLOR=1 TERM=xterm script -qec "'$cc' -q a.c" /dev/null >tty 2>&1
	grep -q "$(printf '\033')" tty && bad "NO_COLOR" || ok
	grep -q '^    5 |' tty && ok || bad "NO_COLOR still rich"
	TERM=xterm script -qec "'$cc' -q --format=gcc a.c" /dev/null | tr -d '\r' >tty 2>&1
	"$cc" a.c >piped 2>/dev/null
	cmp -s tty piped && ok || { bad "--format=gcc on a terminal is not the plain lines"; diff tty piped; }
	TERM=xterm script -qec "'$cc' -q --color=never a.c" /dev/null >tty 2>&1
	grep -q "$(printf '\033')" tty && bad "--color=never" || ok
else
	bad "script(1) is not installed (bsdutils, tools/deps.sh)"
fi
# the rich form and colours on request, into a pipe
"$cc" -q --format=rich --color=always a.c >rich
grep -qF "$(printf '\033[01m\033[Ka.c:5:')" rich && grep -q '^    5 |' rich && ok || bad "--format=rich --color=always"
"$cc" -q --color=always a.c >plainc
grep -q '^    5 |' plainc && bad "text into a pipe is rich" || ok
grep -qF "$(printf '\033[01;35m\033[Kwarning: ')" plainc && ok || bad "--color=always in a pipe"

# The command line: -o -, one-dash long options, glued values, errors.
"$cc" a.c -o - >dash 2>/dev/null; [ $? -eq 1 ] && [ ! -e ./- ] && cmp -s dash piped && ok || bad "-o -"
"$cc" a.c -o out.txt >/dev/null 2>&1; cmp -s out.txt piped && ok || bad "-o FILE"
"$cc" -checks=-leak a.c >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "-checks="
"$cc" -checks -leak a.c >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "-checks VALUE"
"$cc" --checks -leak -jobs=2 -j2 --jobs 2 -format=gcc -fail-on=error a.c >/dev/null 2>&1; [ $? -eq 0 ] && ok ||
	bad "long options with one dash"
"$cc" -q -p="$build/corpus" --list-checks >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "-p=DIR"
"$cc" a.c --rules >/dev/null 2>err; [ $? -eq 2 ] && grep -q "option '--rules' needs a value (FILE)" err && ok ||
	{ bad "missing value"; cat err; }
"$cc" --staged=yes a.c >/dev/null 2>err; [ $? -eq 2 ] && grep -q "option '--staged' takes no value" err && ok ||
	{ bad "value for a flag"; cat err; }
"$cc" -jx a.c >/dev/null 2>err; [ $? -eq 2 ] && grep -q "invalid number of jobs 'x'" err && ok || bad "-jx"

# A unit of many findings (more than the megabyte its text is written in):
# every finding and note once, as in its JSON, and the same for any -j.
awk 'BEGIN {
	print "#include <stdlib.h>"
	for (f = 0; f < 200; f++) {
		printf "int many%d(int n) {\n", f
		for (k = 0; k < 8; k++) printf "\tchar *p%d = malloc(n + %d);\n\tif (n == %d) return -1;\n", k, k, k
		for (k = 0; k < 8; k++) printf "\tfree(p%d);\n", k
		print "\treturn 0;\n}"
	}
}' >many.c
"$cc" -j1 many.c b.c >many.txt 2>/dev/null
"$cc" -j2 many.c b.c >many2.txt 2>/dev/null
"$cc" -j1 --format=json many.c b.c >many.json 2>/dev/null
n=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; print(len(f), sum(len(x.get("path", [])) for x in f))' many.json)
[ "$(wc -c <many.txt)" -gt 1100000 ] && ok || bad "many.c's text is under a megabyte"
[ "$(grep -c ': warning:' many.txt) $(grep -c ': note:' many.txt)" = "$n" ] && ok ||
	bad "many.c: text and JSON disagree ($(grep -c ': warning:' many.txt) warnings, JSON $n)"
cmp -s many.txt many2.txt && ok || bad "many.c: -j2 output differs from -j1"
grep ': warning:' many.txt | head -n 1 | grep -q '^b.c:5:' && ok ||
	bad "many.c: b.c's finding (the first unit's) not first"

# --help lists every option of the table (the man page's), each accepted by
# the parser, each in README.md's options table; the man page renders.
"$cc" --help >help; [ $? -eq 0 ] && ok || bad "--help status"
"$cc" --help-man -o closecheck.1; [ $? -eq 0 ] && cmp -s closecheck.1 "$build/closecheck.1" && ok ||
	bad "build/closecheck.1 is not --help-man's"
opts=$(sed -n 's/^\\fB\\-\\-\([a-z\\-]*\)\\fR.*/\1/p; s/^\\fB\\-\([a-z]\)\\fR.*/\1/p' closecheck.1 |
	tr -d '\\' | sort -u)
[ "$(echo "$opts" | wc -l)" -ge 30 ] && ok || { bad "options in the man page"; echo "$opts"; }
for o in $opts; do
	if [ ${#o} -eq 1 ]; then sp="-$o"; else sp="--$o"; fi
	grep -qe "^  $sp[ =,]" -e "^  $sp\$" -e ", $sp[ =]" -e ", $sp\$" help || bad "--help lacks $sp"
	grep -qF -- "\`$sp" "$srcdir/README.md" || bad "README.md's options table lacks $sp"
	"$cc" "$sp" </dev/null >/dev/null 2>err
	grep -q "unknown option" err && bad "the parser does not know $sp"
done
ok
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$build/closecheck.1" >man.txt 2>man.err && ok || { bad "man -l"; cat man.err; }
	grep -q "^OPTIONS" man.txt && grep -q -- "--fail-on=LEVEL" man.txt && grep -q "^EXIT STATUS" man.txt &&
		ok || { bad "man page content"; head -40 man.txt; }
	groff -man -Tutf8 -ww -z "$build/closecheck.1" 2>groff.err && [ ! -s groff.err ] && ok ||
		{ bad "groff warnings"; cat groff.err; }
else
	bad "man and groff are not installed (man-db, groff-base: tools/deps.sh)"
fi
# installed into share/man/man1
cmake --install "$build" --prefix "$tmp/inst" >/dev/null 2>&1
[ -f "$tmp/inst/share/man/man1/closecheck.1" ] && ok || bad "man page not installed"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
