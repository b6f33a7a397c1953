#!/bin/sh
# SPDX-License-Identifier: MIT
# Compile databases and compile commands as real builds write them (the
# shapes of Bear, Meson, autotools and CMake's lint hook, written by hand
# here; tests/setups/ runs the real tools): every spelling of the source,
# outputs, dependency-file flags, gcc-only flags, non-C units, -p naming the
# file, --extra-arg / --removed-arg, and no database at all.
#   compdb_test.sh CLOSECHECK
set -u
cc=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd -P)
fails=0; passes=0
check() {  # name expected-status actual-status
	if [ "$2" = "$3" ]; then passes=$((passes + 1)); else
		echo "FAIL: $1: exit status $3, expected $2"; sed 's/^/    /' "$tmp/err" "$tmp/out"
		fails=$((fails + 1)); fi
}
contains() {  # name file text
	if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
		echo "FAIL: $1: output lacks '$3':"; sed 's/^/    /' "$2"; fails=$((fails + 1)); fi
}
lacks() {  # name file text
	if grep -qF -- "$3" "$2"; then
		echo "FAIL: $1: output has '$3':"; sed 's/^/    /' "$2"; fails=$((fails + 1))
	else passes=$((passes + 1)); fi
}
snapshot() { (cd "$tmp/p" && find . | LC_ALL=C sort); }

mkdir -p "$tmp/p/src" "$tmp/p/include" "$tmp/p/build"
cat >"$tmp/p/include/app.h" <<'C'
#define APP_MODE "r"
C
cat >"$tmp/p/src/io.c" <<'C'
#include <stdio.h>
#include "app.h"
int rd(const char *p)
{
	FILE *f = fopen(p, APP_MODE);
	if (!f)
		return -1;
	if (fgetc(f) < 0)
		return -2;
	fclose(f);
	return 0;
}
#ifdef EXTRA_LEAK
int extra(const char *p) { FILE *f = fopen(p, "r"); return f ? 0 : 1; }
#endif
C
printf '.globl s\ns:\n\tret\n' >"$tmp/p/src/start.S"
printf 'int x(void) { return 0; }\n' >"$tmp/p/src/lib.cpp"
leak="src/io.c:9:3: warning: stream 'f' acquired by 'fopen' at line 5 is not released on this path [leak]"

db() { cat >"$tmp/p/build/compile_commands.json"; }
run() { (cd "$tmp/p" && "$cc" "$@") >"$tmp/out" 2>"$tmp/err"; }

# Bear: "file" absolute, the source relative in "arguments", gcc-only flags;
# every spelling of the source, listed twice; assembler and C++ entries.
db <<J
[{"directory": "$tmp/p", "file": "$tmp/p/src/io.c", "output": "$tmp/p/io.o",
  "arguments": ["/usr/bin/cc", "-Iinclude", "-fconserve-stack", "-fno-tree-loop-distribute-patterns",
                "-mindirect-branch=thunk-extern", "-fanalyzer", "-c", "-o", "io.o", "src/io.c"]},
 {"directory": "$tmp/p/build", "file": "../src/io.c",
  "command": "cc -I../include -MD -MF deps/io.d -Wp,-MD,deps/.io.d -MT io.o -c ../src/io.c ./../src/io.c -o io.o"},
 {"directory": "$tmp/p", "file": "src/start.S", "arguments": ["cc", "-c", "src/start.S", "-o", "s.o"]},
 {"directory": "$tmp/p", "file": "src/lib.cpp", "arguments": ["c++", "-c", "src/lib.cpp"]}]
J
before=$(snapshot)
run -p build; check "bear-style database" 1 $?
contains "bear: the leak" "$tmp/out" "$tmp/p/$leak"
lacks "bear: no error" "$tmp/err" "error:"
lacks "bear: no libclang numbers" "$tmp/err" "libclang error"
contains "non-C units skipped, once" "$tmp/err" "note: skipped 2 units that are not C (1 assembler, 1 C++)"
contains "gcc-only flags named" "$tmp/err" \
	"note: dropped flags clang does not know: -fconserve-stack, -fno-tree-loop-distribute-patterns, -mindirect-branch=thunk-extern, -fanalyzer"
[ "$(grep -c 'dropped flags' "$tmp/err")" = 1 ] && passes=$((passes + 1)) ||
	{ echo "FAIL: the dropped-flags note is not said once"; fails=$((fails + 1)); }
[ "$(grep -c '\[leak\]' "$tmp/out")" = 1 ] && passes=$((passes + 1)) ||
	{ echo "FAIL: io.c listed twice is not analysed once"; fails=$((fails + 1)); }
[ "$before" = "$(snapshot)" ] && passes=$((passes + 1)) ||
	{ echo "FAIL: closecheck wrote into the tree:"; snapshot | grep -v -x -F "$before"; fails=$((fails + 1)); }

# -p naming the database file; a relative -p from another folder.
run -p build/compile_commands.json; check "-p FILE" 1 $?
contains "-p FILE: the leak" "$tmp/out" "$leak"
(cd "$tmp" && "$cc" -p p/build/compile_commands.json p/src/io.c) >"$tmp/out" 2>"$tmp/err"
check "-p FILE with a file" 1 $?
echo '[]' >"$tmp/p/build/other.json"
run -p build/other.json; check "-p a file of another name" 2 $?
contains "-p other name" "$tmp/err" "must be named compile_commands.json"

# A symlinked folder: the file given through the link is the entry's file.
ln -s "$tmp/p/src" "$tmp/p/linked"
run -p build linked/io.c; check "symlinked folder" 1 $?
contains "symlinked folder: the leak" "$tmp/out" "$leak"

# Broken databases: said in words, at the JSON's line:column.
printf '[{"directory": "/x",\n  "file": "a.c"\n' >"$tmp/p/build/compile_commands.json"
run -p build; check "broken JSON" 2 $?
contains "broken JSON position" "$tmp/err" "build/compile_commands.json:3:"
lacks "broken JSON: no raw libclang text" "$tmp/err" "LIBCLANG"
printf '[{"directory": "/x", "file": "a.c"}]' >"$tmp/p/build/compile_commands.json"
run -p build; check "entry without a command" 2 $?
contains "entry without a command" "$tmp/err" "entry 1 of the compile database ('a.c') has no \"arguments\" or \"command\""

# A file not in the database borrows the flags of an entry in its folder.
cp "$tmp/p/src/io.c" "$tmp/p/src/new.c"
db <<J
[{"directory": "$tmp/p", "file": "src/io.c", "arguments": ["cc", "-Iinclude", "-c", "src/io.c"]}]
J
run -p build src/new.c; check "borrowed flags" 1 $?
contains "borrowed flags: the leak" "$tmp/out" "src/new.c:9:3: warning:"
contains "borrowed flags: a note" "$tmp/err" "not in the compile database"
lacks "borrowed flags: app.h found" "$tmp/err" "error:"
run src/new.c; check "nearest database, borrowed" 1 $?
contains "nearest database: borrowed note" "$tmp/err" "src/new.c: note: not in the compile database"

# --extra-arg, --extra-arg-before, --removed-arg and the configuration keys.
run -p build --extra-arg=-DEXTRA_LEAK; check "--extra-arg" 1 $?
contains "--extra-arg: the extra leak" "$tmp/out" "src/io.c:14:"
run -p build --removed-arg=-Iinclude; check "--removed-arg" 2 $?
contains "--removed-arg: app.h lost" "$tmp/err" "'app.h' file not found"
printf 'extra-args: [-DEXTRA_LEAK]\n' >"$tmp/p/.closecheck.yaml"
run -p build; check "extra-args key" 1 $?
contains "extra-args key: the extra leak" "$tmp/out" "src/io.c:14:"
printf 'removed-args: [-fbogus-flag]\n' >"$tmp/p/.closecheck.yaml"
db <<J
[{"directory": "$tmp/p", "file": "src/io.c", "arguments": ["cc", "-Iinclude", "-fbogus-flag", "-c", "src/io.c"]}]
J
run -p build; check "removed-args key" 1 $?
lacks "removed-args key: no note" "$tmp/err" "dropped flags"
rm "$tmp/p/.closecheck.yaml"

# CMake's lint hook: closecheck --extra-arg-before=--driver-mode=gcc FILE --
# COMPILER... -c FILE -o x.o.  Findings are warnings that do not fail the
# build unless --warnings-as-errors names their check.
hook() { run --extra-arg-before=--driver-mode=gcc "$@" "$tmp/p/src/io.c" -- /usr/bin/cc \
	-I"$tmp/p/include" -fconserve-stack -MD -MT x.o -MF "$tmp/p/x.o.d" -o x.o -c "$tmp/p/src/io.c"; }
before=$(snapshot)
hook; check "lint hook" 0 $?
contains "lint hook: warning" "$tmp/out" "io.c:9:3: warning:"
hook --warnings-as-errors=leak; check "lint hook, leak is an error" 1 $?
contains "lint hook: error" "$tmp/out" "io.c:9:3: error:"
hook --warnings-as-errors=-*,double-release; check "lint hook, other check an error" 0 $?
[ "$before" = "$(snapshot)" ] && passes=$((passes + 1)) ||
	{ echo "FAIL: the lint hook wrote into the tree"; fails=$((fails + 1)); }

# No database anywhere: said, with where closecheck looked.
mkdir -p "$tmp/q"
cp "$tmp/p/src/io.c" "$tmp/q/io.c"
(cd "$tmp/q" && "$cc" io.c) >"$tmp/out" 2>"$tmp/err"; check "no database" 2 $?
contains "no database: note" "$tmp/err" "io.c: note: no compile database found (looked for compile_commands.json in its folder"
contains "no database: the header" "$tmp/err" "'app.h' file not found"
# ... but one in builddir/ is found
mkdir -p "$tmp/q/builddir"
cat >"$tmp/q/builddir/compile_commands.json" <<J
[{"directory": "$tmp/q/builddir", "file": "../io.c", "command": "cc -I$tmp/p/include -MD -MQ io.o -MF io.o.d -o io.o -c ../io.c"}]
J
(cd "$tmp/q" && "$cc" io.c) >"$tmp/out" 2>"$tmp/err"; check "builddir/ database" 1 $?
lacks "builddir/: no note" "$tmp/err" "no compile database"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
