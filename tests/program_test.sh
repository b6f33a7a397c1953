#!/bin/sh
# SPDX-License-Identifier: MIT
# Whole-program summaries: a small project of several units with a compile
# database.  A wrapper that acquires, a helper that releases and a fatal()
# that never returns, each defined in b.c, are known at their call sites in
# a.c; static functions of one name in two units are not mixed; a warm run
# reuses the stored summaries, and a changed helper's body makes its
# callers' findings appear and disappear; a single-file run uses the
# stored summaries of the other units (with -p, or the database it finds
# above it); --no-program-summaries is today's
# per-unit analysis; -j1, -j2 and --no-isolation say the same.
#   program_test.sh CLOSECHECK
set -u
cc=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
has() {  # name file text
	if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
		echo "FAIL: $1: output lacks '$3':"; sed 's/^/    /' "$2"; fails=$((fails + 1)); fi
}
lacks() {  # name file text
	if grep -qF -- "$3" "$2"; then
		echo "FAIL: $1: output has '$3':"; sed 's/^/    /' "$2"; fails=$((fails + 1))
	else passes=$((passes + 1)); fi
}
same() {  # name file1 file2
	if cmp -s "$2" "$3"; then passes=$((passes + 1)); else
		echo "FAIL: $1:"; diff "$2" "$3" | sed 's/^/    /'; fails=$((fails + 1)); fi
}

mkdir "$tmp/p"
cat >"$tmp/p/b.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
FILE *log_open(const char *path) { return fopen(path, "a"); }
void log_close(FILE *f) { fclose(f); }
void fatal(const char *msg) { fputs(msg, stderr); exit(1); }
static int pick(char *p) { free(p); return 0; }
int use_pick(void) { return pick(malloc(4)); }
C
cat >"$tmp/p/a.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
FILE *log_open(const char *path);
void log_close(FILE *f);
void fatal(const char *msg);
static int pick(char *p) { return p != 0; }

int leaky(const char *path, int quiet)
{
	FILE *f = log_open(path);
	if (!f)
		return -1;
	if (quiet)
		return 0;
	log_close(f);
	return 1;
}

void twice(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	log_close(f);
	fclose(f);
}

int dies(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	if (p[0])
		fatal("bad");
	else
		free(p);
	return 0;
}

int kept(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	pick(p);
	return 0;
}
C
cat >"$tmp/p/compile_commands.json" <<J
[{"directory": "$tmp/p", "file": "$tmp/p/a.c", "arguments": ["cc", "-c", "a.c"]},
 {"directory": "$tmp/p", "file": "$tmp/p/b.c", "arguments": ["cc", "-c", "b.c"]}]
J
cd "$tmp/p" || exit 2
in_cache() {  # cache-folder output-file options...: a run with its own cache
	cache=$1; out=$2; shift 2
	"$cc" -p . --cache-dir "$tmp/$cache" --format=gcc "$@" >"$out" 2>"$out.err"
}
run() {  # output-file options...
	out=$1; shift
	"$cc" -p . --cache-dir "$tmp/cache" --format=gcc "$@" >"$out" 2>"$out.err"
}

# cold run: the three cross-unit cases, the statics kept apart
run cold -j1 --stats
has "wrapper in b.c acquires" cold "a.c:14:3: warning: stream 'f' acquired by 'log_open' at line 10 is not released on this path [leak]"
has "releaser in b.c releases" cold "a.c:25:2: warning: stream 'f' is released twice: again here by 'fclose' [double-release]"
lacks "fatal() in b.c never returns" cold "a.c:37"
has "a.c's own static pick() is not b.c's" cold "a.c:46:2: warning: memory 'p' acquired by 'malloc' at line 42 is not released on this path [leak]"
has "stats" cold.err "program summaries: 8 functions of 2 units summarised"
has "stats" cold.err "3 calls resolved through other units"

# pass 2 analyses the IR pass 1 kept (in a folder of its own under
# $TMPDIR, removed at the end); parsing again says exactly the same
has "kept IR" cold.err "units analysed again with them (1 from the IR pass 1 kept, 0 parsed again)"
mkdir "$tmp/t"
TMPDIR="$tmp/t" run kept -j2 --no-cache
same "pass 2 from the kept IR" cold kept
if [ -z "$(ls "$tmp/t")" ]; then passes=$((passes + 1)); else
	echo "FAIL: the IR folder is left: $(ls "$tmp/t")"; fails=$((fails + 1)); fi
TMPDIR="$tmp/none" run nodir -j2 --no-cache --stats
same "no folder for the IR: parsed again" cold nodir
has "no folder for the IR" nodir.err "(0 from the IR pass 1 kept, 1 parsed again)"
CLOSECHECK_PASS2_PARSE=1 run reparse -j2 --no-cache --stats
same "pass 2 parsing again" cold reparse
has "parsed again" reparse.err "(0 from the IR pass 1 kept, 1 parsed again)"

# the same with -j2, with and without isolation, without the cache
run j2 -j2
same "-j2" cold j2
run noiso -j2 --no-isolation --no-cache
same "--no-isolation --no-cache" cold noiso

# warm: everything from the cache, the same findings
run warm -j2 --stats
same "warm run" cold warm
has "warm from the cache" warm.err "2 units (0 failed, 2 from the cache)"

# off: per unit, as before (the wrapper's leak and the double release
# are not seen; the fatal() path is a leak)
run off -j1 --no-program-summaries
lacks "off: no wrapper" off "acquired by 'log_open'"
lacks "off: no releaser" off "double-release"
has "off: fatal() unknown" off "a.c:37:2: warning: memory 'p' acquired by 'malloc' at line 30 is not released on this path [leak]"

# a single-file run uses the stored summaries of b.c
run single a.c --stats
same "single-file run" cold single
has "single-file stats" single.err "1 units (0 failed, 1 from the cache)"

# ... and so does one without -p, which finds the database above the file
# (as the pre-commit hook runs it)
"$cc" --cache-dir "$tmp/cache" --format=gcc a.c >near 2>near.err
same "single-file run, database found" cold near

# change the helper: log_close no longer closes; warm, the double release
# disappears and twice() no longer has it; a.c's result is not reused
sed -i 's/^void log_close(FILE \*f) { fclose(f); }/void log_close(FILE *f) { fflush(f); }/' b.c
run changed -j2 --stats
lacks "changed helper: no double release" changed "double-release"
has "changed helper: now a leak in leaky()" changed "a.c:16:2: warning: stream 'f' acquired by 'log_open' at line 10 is not released on this path [leak]"
# a.c's pass-1 result came from the cache (no IR kept): parsed for pass 2
has "changed helper: a.c parsed again" changed.err "units analysed again with them (0 from the IR pass 1 kept, 1 parsed again)"
# and back: the finding appears again
sed -i 's/^void log_close(FILE \*f) { fflush(f); }/void log_close(FILE *f) { fclose(f); }/' b.c
run back -j2
same "helper restored" cold back
# a single-file run sees a changed b.c too (its summaries are made again
# only when it is analysed: until then, none are used for it).  A text
# b.c never had: a content seen before may still have its entry (the
# run that restored it does not store a file that new).
sed -i 's/^void log_close(FILE \*f) { fclose(f); }/void log_close(FILE *f) { (void)f; }/' b.c
run single2 a.c --stats
lacks "single-file run, changed helper" single2 "double-release"
has "single-file run: what is missing is said" single2.err "1 other units of the database have none stored"

# two units defining one external name differently: neither is used
mkdir "$tmp/q"
printf '#include <stdio.h>\nFILE *get(const char *p) { return fopen(p, "r"); }\n' >"$tmp/q/x.c"
printf 'int get(const char *p) { return p != 0; }\n' >"$tmp/q/y.c"
printf '#include <stdio.h>\nFILE *get(const char *p);\nint z(void) { FILE *f = get("a"); return f != 0; }\n' >"$tmp/q/z.c"
cat >"$tmp/q/compile_commands.json" <<J
[{"directory": "$tmp/q", "file": "$tmp/q/x.c", "arguments": ["cc", "-c", "x.c"]},
 {"directory": "$tmp/q", "file": "$tmp/q/y.c", "arguments": ["cc", "-c", "y.c"]},
 {"directory": "$tmp/q", "file": "$tmp/q/z.c", "arguments": ["cc", "-c", "z.c"]}]
J
cd "$tmp/q" || exit 2
run conflict -j1 --stats
lacks "conflicting definitions: not used" conflict "z.c:3"
has "conflicting definitions: said" conflict.err "1 names dropped (defined differently in several units)"

# a chain across three units: a wrapper in b.c of a wrapper in c.c is an
# acquirer in a.c after the rounds of the chains; the same cold, warm,
# with a.c alone (the other units' rounds from the cache), when pass 2
# parses again and when the rounds make every line again; c.c changed so that nothing is acquired, the
# finding goes (as without the cache), and comes back with c.c
mkdir "$tmp/ch"
cd "$tmp/ch" || exit 2
printf '#include <stdio.h>\nFILE *raw_open(const char *p) { return fopen(p, "r"); }\n' >c.c
cp c.c c.orig
printf '#include <stdio.h>\nFILE *raw_open(const char *p);\nFILE *cfg_open(const char *n) {\n\tFILE *f = raw_open(n);\n\tif (!f)\n\t\treturn NULL;\n\treturn f;\n}\nint cfg_first(const char *n) { return n[0]; }\n' >b.c
printf '#include <stdio.h>\nFILE *cfg_open(const char *n);\nint first(const char *n) {\n\tFILE *f = cfg_open(n);\n\tif (!f)\n\t\treturn -1;\n\tint c = fgetc(f);\n\tif (c == EOF)\n\t\treturn -1;\n\tfclose(f);\n\treturn c;\n}\n' >a.c
cat >compile_commands.json <<J
[{"directory": "$tmp/ch", "file": "$tmp/ch/a.c", "arguments": ["cc", "-c", "a.c"]},
 {"directory": "$tmp/ch", "file": "$tmp/ch/b.c", "arguments": ["cc", "-c", "b.c"]},
 {"directory": "$tmp/ch", "file": "$tmp/ch/c.c", "arguments": ["cc", "-c", "c.c"]}]
J
crun() {  # output-file options...
	out=$1; shift
	"$cc" -p . --cache-dir "$tmp/chcache" --format=gcc "$@" >"$out" 2>"$out.err"
}
touch -d '5 seconds ago' a.c b.c c.c    # a file newer than 50 ms is not trusted
crun chcold -j2 --stats
has "chain: found" chcold "a.c:9:3: warning: stream 'f' acquired by 'cfg_open' at line 4 is not released on this path [leak]"
# the first round changes b.c's text (cfg_open acquires); a.c's does not,
# since what it does to a string parameter is what its type allows (no
# handle is what a char * points to, no transaction is on it); the
# second round changes nothing and is the last
has "chain: rounds" chcold.err "2 rounds of the chains changed the summaries of 1 units"
# cfg_first calls nothing of another unit: the rounds write its line again
# as pass 1 made it; making every line again says the same
has "chain: lines kept" chcold.err "(of 4 functions' summaries made in the rounds, 1 needed no work"
CLOSECHECK_ROUNDS_ALL=1 crun chall -j2 --no-cache --stats
same "chain: every line made again" chcold chall
has "chain: every line made again, said" chall.err "(of 4 functions' summaries made in the rounds, 0 needed no work"
crun chwarm -j2 --stats
same "chain: warm" chcold chwarm
has "chain: warm from the cache" chwarm.err "3 units (0 failed, 3 from the cache)"
crun chsingle a.c
same "chain: a.c alone" chcold chsingle
CLOSECHECK_PASS2_PARSE=1 crun chparse -j1 --no-cache --no-isolation
same "chain: parsing again, no isolation" chcold chparse
# c.c keeps the name it is given: raw_open's line changes, but not in
# what the analyses of a.c and b.c asked of it (it still wraps fopen, and
# neither follows the name): pass 2 takes their results from the cache
# (answers.c), and they are what a run without the cache finds; b.c's
# own summary changes (cfg_open keeps its name too), so its round is made.
# (The result taken is each unit's last one analysed, that of chcold here:
# one taken by its lines since, as chwarm's, leaves it as it was.)
printf '#include <stdio.h>\nstatic const char *last;\nFILE *raw_open(const char *p) { last = p; return fopen(p, "r"); }\n' >c.c
touch -d '5 seconds ago' c.c
crun chkeeps -j2 --stats
crun chkeepsnc -j2 --no-cache
same "chain: a line changed, not what was asked" chkeepsnc chkeeps
has "chain: taken by their answers" chkeeps.err "(0 from the IR pass 1 kept, 0 parsed again) and 2 taken from the cache although lines they use changed"
cp c.orig c.c
printf '#include <stdio.h>\nFILE *raw_open(const char *p) { (void)p; return stdin; }\n' >c.c
crun chchanged -j2
crun chnocache -j2 --no-cache
lacks "chain: c.c acquires nothing" chchanged "warning"
same "chain: changed, as without the cache" chnocache chchanged
cp c.orig c.c
crun chback -j2
same "chain: back" chcold chback

# entries across units: cmds.c's command is put into main.c's table,
# called through its member by a static runner whose status main exits
# with, so what the command holds at its return is held until the process
# ends: not reported (with --report-at-exit it is); the unit alone cannot
# know it; cold, warm and cmds.c alone say the same; once a loop calls the
# table's commands one after the other, the leak is a leak again.  (cmds.c
# calls a function of main.c: a unit that calls none is final after pass
# 1, before the program's entries are known.)
mkdir "$tmp/en"
cd "$tmp/en" || exit 2
cat >cmds.c <<'C'
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
void say(const char *s);
int cmd_echo(int argc, char **argv)
{
	char *copy = strdup(argc > 1 ? argv[1] : "");
	if (!copy)
		return 1;
	say(copy);
	return 0;
}
C
cat >main.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int cmd_echo(int argc, char **argv);
void say(const char *s) { puts(s); }
struct command { const char *name; int (*run)(int, char **); };
static struct command commands[] = { { "echo", cmd_echo } };
static int run(struct command *c, int argc, char **argv)
{
	int status = c->run(argc, argv);
	return status;
}
static void handle(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], commands[0].name) == 0)
		exit(run(&commands[0], argc - 1, argv + 1));
}
int main(int argc, char **argv)
{
	handle(argc, argv);
	return 2;
}
C
cat >compile_commands.json <<J
[{"directory": "$tmp/en", "file": "$tmp/en/main.c", "arguments": ["cc", "-c", "main.c"]},
 {"directory": "$tmp/en", "file": "$tmp/en/cmds.c", "arguments": ["cc", "-c", "cmds.c"]}]
J
erun() {  # output-file options...
	out=$1; shift
	"$cc" -p . --cache-dir "$tmp/encache" --format=gcc "$@" >"$out" 2>"$out.err"
}
leak="cmds.c:11:2: warning: memory 'copy' acquired by 'strdup' at line 7 is not released on this path [leak]"
touch -d '5 seconds ago' main.c cmds.c
erun encold -j2
lacks "entry: a command's return ends the process" encold "warning"
erun enexit -j2 --no-cache --report-at-exit
has "entry: --report-at-exit reports it" enexit "$leak"
erun enwarm -j2
same "entry: warm" encold enwarm
erun ensingle cmds.c
same "entry: cmds.c alone, main.c's facts from the cache" encold ensingle
erun enalone -j2 --no-cache --no-program-summaries
has "entry: the unit alone cannot know" enalone "$leak"
CLOSECHECK_PASS2_PARSE=1 erun enparse -j1 --no-cache --no-isolation
same "entry: parsing again, no isolation" encold enparse
sed -i 's/^\tif (argc > 1 .*/\tfor (int i = 0; i < argc; i++)\n\t\trun(\&commands[0], argc - 1, argv + 1);/; s/^\t\texit(run.*//' main.c
touch -d '5 seconds ago' main.c
erun enloop -j2
has "entry: commands run in a loop leak" enloop "$leak"

# returns across units: xopen() in b.c returns only what open() gave
# (it dies otherwise), so a.c's `if (a >= 0)` is always taken and the
# dup() is closed; status() in b.c returns what c.c's raw_status() does,
# 0 or -1 (a chain), so `if (status(..) > 0)` is never taken.  Without the
# summaries, or once xopen() returns open()'s -1, the leaks are real.
mkdir "$tmp/rr"
cd "$tmp/rr" || exit 2
cat >c.c <<'C'
int raw_status(int x) { return x ? -1 : 0; }
C
cat >b.c <<'C'
#include <fcntl.h>
#include <stdlib.h>
int raw_status(int x);
int xopen(const char *p)
{
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		exit(128);
	return fd;
}
int status(int x) { return raw_status(x); }
C
cat >a.c <<'C'
#include <stdlib.h>
#include <unistd.h>
int xopen(const char *p);
int status(int x);
int redirect(const char *p)
{
	int a = -1, res = -1;
	int s = dup(1);
	if (s < 0)
		return -1;
	a = xopen(p);
	if (dup2(a, 1) < 0)
		goto out;
	res = 0;
out:
	if (a >= 0) {
		dup2(s, 1);
		close(s);
		close(a);
	}
	return res;
}
int checked(int x)
{
	char *buf = malloc(8);
	if (!buf)
		return -1;
	if (status(x) > 0)
		return 1;
	free(buf);
	return 0;
}
C
cat >compile_commands.json <<J
[{"directory": "$tmp/rr", "file": "$tmp/rr/a.c", "arguments": ["cc", "-c", "a.c"]},
 {"directory": "$tmp/rr", "file": "$tmp/rr/b.c", "arguments": ["cc", "-c", "b.c"]},
 {"directory": "$tmp/rr", "file": "$tmp/rr/c.c", "arguments": ["cc", "-c", "c.c"]}]
J
rrun() { in_cache rrcache "$@"; }
touch -d '5 seconds ago' a.c b.c c.c
rrun rrcold -j2
lacks "returns: xopen() >= 0, status() <= 0" rrcold "warning"
rrun rrwarm -j2
same "returns: warm" rrcold rrwarm
rrun rrsingle a.c
same "returns: a.c alone" rrcold rrsingle
rrun rroff -j1 --no-program-summaries
has "returns: per unit, the dup() leaks" rroff "a.c:21:2: warning: descriptor 's' acquired by 'dup' at line 8 is not released on this path [leak]"
has "returns: per unit, the buffer leaks" rroff "a.c:29:3: warning: memory 'buf' acquired by 'malloc' at line 25 is not released on this path [leak]"
sed -i 's/exit(128)/return fd/' b.c
touch -d '5 seconds ago' b.c
rrun rrchanged -j2
has "returns: xopen() may fail" rrchanged "a.c:21:2: warning: descriptor 's' acquired by 'dup' at line 8 is not released on this path [leak]"
lacks "returns: status() still <= 0" rrchanged "'buf'"

# a driver table: b.c puts its static log_close into log_ops.close, a.c
# calls through the member: the one function put there is the callee, so
# the fclose after it is a second release; once c.c puts another function
# into the member too, the call is unknown again.  Without the program's
# summaries nothing is known of it.
mkdir "$tmp/dt"
cd "$tmp/dt" || exit 2
cat >ops.h <<'C'
#include <stdio.h>
struct log_ops { int (*close)(FILE *f); };
extern struct log_ops ops;
C
cat >b.c <<'C'
#include "ops.h"
static int log_close(FILE *f) { return fclose(f); }
struct log_ops ops = { .close = log_close };
C
cat >a.c <<'C'
#include "ops.h"
int shut(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	ops.close(f);
	fclose(f);
	return 0;
}
C
printf '#include "ops.h"\nstatic int quiet(FILE *f) { (void)f; return 0; }\nvoid go_quiet(void) { ops.close = quiet; }\n' >c.c
cat >compile_commands.json <<J
[{"directory": "$tmp/dt", "file": "$tmp/dt/a.c", "arguments": ["cc", "-c", "a.c"]},
 {"directory": "$tmp/dt", "file": "$tmp/dt/b.c", "arguments": ["cc", "-c", "b.c"]}]
J
drun() { in_cache dtcache "$@"; }
touch -d '5 seconds ago' a.c b.c c.c ops.h
drun dtcold -j2 --stats
has "table: the member's one function" dtcold "a.c:8:2: warning: stream 'f' is released twice: again here by 'fclose' [double-release]"
has "table: counted" dtcold.err "1 calls through a struct member resolved to the one function put into it"
drun dtsingle a.c
same "table: a.c alone" dtcold dtsingle
drun dtoff -j1 --no-program-summaries
lacks "table: per unit, unknown" dtoff "warning"
cat >compile_commands.json <<J
[{"directory": "$tmp/dt", "file": "$tmp/dt/a.c", "arguments": ["cc", "-c", "a.c"]},
 {"directory": "$tmp/dt", "file": "$tmp/dt/b.c", "arguments": ["cc", "-c", "b.c"]},
 {"directory": "$tmp/dt", "file": "$tmp/dt/c.c", "arguments": ["cc", "-c", "c.c"]}]
J
drun dttwo -j2
lacks "table: two functions, unknown" dttwo "warning"

# pass 1 only summarises a unit that calls out (here ext_log(), which no
# unit defines): its findings come from pass 2, even when none of the
# table's functions is used; warm, every unit comes from the cache with
# the same findings, and the per-unit run on the same cache does not take
# pass 1's result (it has no findings) for the unit's
mkdir "$tmp/po"
cd "$tmp/po" || exit 2
cat >e.c <<'C'
#include <stdlib.h>
void ext_log(const char *m);
int grab(int n)
{
	char *p = malloc(8);
	ext_log("grab");
	if (n)
		return 1;
	free(p);
	return 0;
}
C
printf '#include <stdlib.h>\nint keep(void) { char *p = malloc(4); free(p); return 0; }\n' >f.c
cat >compile_commands.json <<J
[{"directory": "$tmp/po", "file": "$tmp/po/e.c", "arguments": ["cc", "-c", "e.c"]},
 {"directory": "$tmp/po", "file": "$tmp/po/f.c", "arguments": ["cc", "-c", "f.c"]}]
J
prun() { in_cache pocache "$@"; }
touch -d '5 seconds ago' e.c f.c
prun pocold -j2 --stats
has "calls out: found in pass 2" pocold "e.c:8:3: warning: memory 'p' acquired by 'malloc' at line 5 is not released on this path [leak]"
has "calls out: analysed in pass 2" pocold.err "1 units analysed again with them (1 from the IR pass 1 kept"
prun powarm -j2 --stats
same "calls out: warm" pocold powarm
has "calls out: warm from the cache" powarm.err "2 units (0 failed, 2 from the cache)"
prun posingle e.c --stats
same "calls out: e.c alone" pocold posingle
has "calls out: e.c alone from the cache" posingle.err "1 units (0 failed, 1 from the cache)"
prun pooff -j1 --no-program-summaries
same "calls out: per unit" pocold pooff

# a destroy function of another unit that forgets a member (its `d`
# line), and a static of the file followed across a function no unit
# defines (a library's: it cannot call back into the file); warm the
# same; once the destroy function closes the member, and another unit
# defines that function (which may call the file's trace_close()), the
# findings go (the callers' results are not reused), and come back
mkdir "$tmp/dm"
cd "$tmp/dm" || exit 2
cat >m.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
struct sess { char *user; FILE *log; };
void sess_free(struct sess *s);
void flush_all(void);
int run(const char *path)
{
	struct sess *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->log = fopen(path, "a");
	if (!s->log) {
		free(s);
		return -1;
	}
	sess_free(s);
	return 0;
}
static FILE *trace;
void trace_close(void) { if (trace) fclose(trace); trace = NULL; }
bool trace_open(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	if (fputs("#\n", f) < 0) {
		fclose(f);
		return false;
	}
	trace = f;
	flush_all();
	if (fflush(f) != 0)
		return false;
	return true;
}
C
cat >h.c <<'C'
#include <stdio.h>
#include <stdlib.h>
struct sess { char *user; FILE *log; };
void sess_free(struct sess *s) { free(s->user); free(s); }
C
cp h.c h.orig
cat >compile_commands.json <<J
[{"directory": "$tmp/dm", "file": "$tmp/dm/m.c", "arguments": ["cc", "-c", "m.c"]},
 {"directory": "$tmp/dm", "file": "$tmp/dm/h.c", "arguments": ["cc", "-c", "h.c"]}]
J
drun() { in_cache dmcache "$@"; }
touch -d '5 seconds ago' m.c h.c
drun dmcold -j2
has "destroy elsewhere: the member dies with the object" dmcold "m.c:17:2: warning: stream 's->log' acquired by 'fopen' at line 12 is lost: 's', which holds it, is released here [leak]"
has "static across a call elsewhere: still held" dmcold "m.c:34:3: warning: stream 'f' acquired by 'fopen' at line 24 is not released on this path [leak]"
drun dmwarm -j2 --stats
same "destroy and static: warm" dmcold dmwarm
has "destroy and static: warm from the cache" dmwarm.err "2 units (0 failed, 2 from the cache)"
sed -i 's/^void sess_free(struct sess \*s) { free(s->user); free(s); }/void sess_free(struct sess *s) { fclose(s->log); free(s->user); free(s); }/' h.c
printf 'void trace_close(void);\nvoid flush_all(void) { trace_close(); }\n' >>h.c
drun dmchanged -j2
lacks "destroy closes the member: no leak" dmchanged "m.c:17"
lacks "a function of the program that calls back: the static may be closed" dmchanged "m.c:34"
cp h.orig h.c
drun dmback -j2
same "destroy and static: back" dmcold dmback

# one file and no database around it: nothing could use its summaries,
# none are made (the same findings as without them)
mkdir "$tmp/lone"
printf '#include <stdlib.h>\nint f(int n) { char *p = malloc(8); if (n) return 1; free(p); return 0; }\n' >"$tmp/lone/l.c"
cd "$tmp/lone" || exit 2
"$cc" --no-cache --stats --format=gcc l.c >lone 2>lone.err
has "a lone file: no summaries" lone.err "program summaries: 0 functions of 0 units summarised"
has "a lone file: its finding" lone "l.c:2:44: warning: memory 'p' acquired by 'malloc' at line 2 is not released on this path [leak]"
"$cc" --no-cache --format=gcc --no-program-summaries l.c >lone-off 2>/dev/null
same "a lone file: as without summaries" lone-off lone

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
