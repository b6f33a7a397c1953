#!/bin/sh
# SPDX-License-Identifier: MIT
# Adopting closecheck on an old code base: --write-baseline / --baseline, and
# analysing only what git says changed: --changed-since, --staged,
# --only-changed-lines.
#   vcs_test.sh CLOSECHECK
set -u
cc=$1
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
cd "$tmp" && git init -q . && git config commit.gpgsign false
cat >old.c <<'C'
#include <stdlib.h>
int old_leak(int n) {
	char *p = malloc(n);
	if (n > 10)
		return -1;
	free(p);
	return 0;
}
C
cat >other.c <<'C'
#include <stdio.h>
int other_leak(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	return fgetc(f);
}
C
git add old.c other.c && git commit -qm base

# The baseline records today's findings; with it, nothing is new.
"$cc" old.c other.c --write-baseline base.json >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "write-baseline status"
grep -q '"fingerprint"' base.json && ok || bad "baseline content"
"$cc" old.c other.c --baseline base.json >out 2>&1; [ $? -eq 0 ] && ok || { bad "baseline hides old findings"; cat out; }

# A new leak above the old one: only it is reported, although lines moved.
cat >old.c <<'C'
#include <stdlib.h>
int new_leak(int n) {
	char *q = malloc(n);
	if (!q)
		return -1;
	return n;
}
int old_leak(int n) {
	char *p = malloc(n);
	if (n > 10)
		return -1;
	free(p);
	return 0;
}
C
"$cc" old.c other.c --baseline base.json >out 2>&1; [ $? -eq 1 ] && ok || bad "new finding status"
grep -q "old.c:6:2: warning: memory 'q'" out && [ "$(grep -c ': warning:' out)" -eq 1 ] && ok || { bad "only the new finding"; cat out; }
# an unreadable baseline is an error, and every finding is still shown
"$cc" old.c --baseline nothere.json >out 2>&1; [ $? -eq 2 ] && grep -q "cannot read the baseline" out &&
	[ "$(grep -c ': warning:' out)" -eq 2 ] && ok || { bad "missing baseline"; cat out; }
# --write-baseline with --baseline records all of today's findings
"$cc" old.c other.c --baseline base.json --write-baseline base2.json >out 2>&1
[ $? -eq 0 ] && [ "$(grep -c '"fingerprint"' base2.json)" -eq 3 ] && ok || { bad "rewrite baseline"; cat out base2.json; }
# from another directory, with --srcroot naming the same root: the same fingerprints
mkdir -p sub && (cd sub && "$cc" ../old.c ../other.c --srcroot .. --baseline ../base2.json >../out 2>&1)
[ $? -eq 0 ] && ok || { bad "baseline with --srcroot from elsewhere"; cat out; }

# --changed-since: only old.c changed since HEAD.
"$cc" --changed-since HEAD >out 2>&1; [ $? -eq 1 ] && ok || bad "changed-since status"
grep -q "old.c" out && ! grep -q "other.c" out && ok || { bad "changed-since files"; cat out; }
# ... and with --only-changed-lines the old leak (its lines did not change
# apart from moving) is not reported, the new one is.
"$cc" --changed-since HEAD --only-changed-lines >out 2>&1
grep -q "old.c:6:2:" out && [ "$(grep -c ': warning:' out)" -eq 1 ] && ok || { bad "only changed lines"; cat out; }
# --staged: nothing staged yet, then old.c.
"$cc" --staged >out 2>&1; [ $? -eq 0 ] && ok || { bad "nothing staged"; cat out; }
git add old.c
"$cc" --staged >out 2>&1; [ $? -eq 1 ] && grep -q "old.c" out && ok || { bad "staged file"; cat out; }
"$cc" --changed-since no-such-rev >out 2>&1; [ $? -eq 2 ] && grep -q "git diff failed" out && ok || { bad "bad revision"; cat out; }

# an option in place of a revision is refused, not passed on to git
"$cc" --changed-since=--output=pwned >out 2>&1; [ $? -eq 2 ] && [ ! -e pwned ] &&
	grep -q "invalid revision '--output=pwned'" out && ok || { bad "option as revision"; cat out; }

# names with spaces and quotes; an untracked new file counts as changed
git commit -qm more
cat >"a b.c" <<'C'
#include <stdio.h>
int spaced(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	fclose(f);
	return c;
}
C
cp "a b.c" 'q"t.c'
git add "a b.c" 'q"t.c' && git commit -qm names
# removing a release: the leak is reported next to the deleted line
sed -i '/fclose/d' "a b.c" 'q"t.c'
cp "a b.c" untracked.c
"$cc" --changed-since HEAD --only-changed-lines >out 2>&1; [ $? -eq 1 ] && ok || { bad "deleted release status"; cat out; }
grep -q "a b.c:7:2: warning: stream 'f'" out && grep -q 'q"t.c:7:2: warning:' out &&
	grep -q "untracked.c:7:2: warning:" out && ! grep -q "old.c\|other.c" out && ok ||
	{ bad "spaces, quotes, untracked"; cat out; }
# --staged does not count untracked files
git add "a b.c"
"$cc" --staged >out 2>&1; grep -q "a b.c:7:2:" out && ! grep -q "untracked.c\|q\"t.c" out && ok ||
	{ bad "staged with a space"; cat out; }
# from a subdirectory, with -p: only the database's units that changed
mkdir -p build && printf '[{"directory": "%s", "command": "cc -c old.c", "file": "old.c"}, {"directory": "%s", "arguments": ["cc", "-c", "a b.c"], "file": "a b.c"}]\n' "$PWD" "$PWD" >build/compile_commands.json
(cd build && "$cc" -p . --changed-since HEAD) >out 2>&1
grep -q "a b.c:7:2:" out && ! grep -q "untracked.c\|q\"t.c\|old.c" out && ok || { bad "-p with changes"; cat out; }

# ---- headers: a staged header is analysed through the units that include it
export XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$tmp/h" && cd "$tmp/h" && git init -q . && git config commit.gpgsign false
mkdir -p src include build
cat >include/app.h <<'C'
#include <stdio.h>
static inline int app_first(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	fclose(f);
	return c;
}
C
printf '#include "app.h"\nint a(void) { return app_first("a"); }\n' >src/a.c
printf '#include "../include/app.h"\nint b(void) { return app_first("b"); }\n' >src/b.c
# an include the line scan cannot follow: only a parse knows m.c uses app.h
printf '#define APP_H "app.h"\n#include APP_H\nint m(void) { return app_first("m"); }\n' >src/m.c
printf 'int c(void) { return 0; }\n' >src/c.c
entry() { printf '{"directory": "%s", "command": "cc -Iinclude -c src/%s", "file": "src/%s"}' "$PWD" "$1" "$1"; }
printf '[%s, %s, %s, %s]\n' "$(entry a.c)" "$(entry b.c)" "$(entry m.c)" "$(entry c.c)" >build/compile_commands.json
git add -A && git commit -qm headers
# cold cache: the leak is reported once, at the header line, exit 1
sed -i '/fclose/d' include/app.h && git add include/app.h
"$cc" --staged --stats >"$tmp/o" 2>&1; st=$?
[ $st -eq 1 ] && [ "$(grep -c ': warning:' "$tmp/o")" -eq 1 ] &&
	grep -q "^$tmp/h/include/app.h:7:2: warning: stream 'f' acquired by 'fopen'" "$tmp/o" && ok ||
	{ bad "staged header leak (cold cache)"; cat "$tmp/o"; }
grep -q "closecheck: 2 units" "$tmp/o" && ok || { bad "cold cache: the units the scan finds"; cat "$tmp/o"; }
"$cc" --staged --only-changed-lines >"$tmp/o" 2>&1; [ $? -eq 1 ] && grep -q "app.h:7:2:" "$tmp/o" && ok ||
	{ bad "staged header with --only-changed-lines"; cat "$tmp/o"; }
"$cc" --changed-since HEAD >"$tmp/o" 2>&1; [ $? -eq 1 ] && [ "$(grep -c ': warning:' "$tmp/o")" -eq 1 ] && ok ||
	{ bad "changed-since header"; cat "$tmp/o"; }
# the cache is outside the repository, under XDG_CACHE_HOME
[ "$(git status --porcelain --ignored --untracked-files=all)" = "M  include/app.h" ] && ok ||
	{ bad "cache written into the repository"; git status --porcelain --ignored --untracked-files=all; }
ls "$tmp"/cache/closecheck/includes-*.json >/dev/null 2>&1 && ok || bad "no include map in the cache"
grep -q "\"$tmp/h/src/a.c\"" "$tmp"/cache/closecheck/includes-*.json && ok || bad "include map content"
# warm cache: after a full run the map knows m.c too (from the parse)
"$cc" -p build >/dev/null 2>&1
"$cc" --staged --stats >"$tmp/o" 2>&1; st=$?
[ $st -eq 1 ] && [ "$(grep -c ': warning:' "$tmp/o")" -eq 1 ] && grep -q "closecheck: 3 units" "$tmp/o" && ok ||
	{ bad "staged header leak (warm cache)"; cat "$tmp/o"; }
# --cache-dir: the map goes there
"$cc" --staged --cache-dir "$tmp/cache2" >/dev/null 2>&1
ls "$tmp"/cache2/includes-*.json >/dev/null 2>&1 && ok || bad "--cache-dir"
# with the fix staged: exit 0
git checkout -q HEAD -- include/app.h && printf '/* app */\n' >>include/app.h && git add include/app.h
"$cc" --staged --stats >"$tmp/o" 2>&1; [ $? -eq 0 ] && grep -q "closecheck: 3 units" "$tmp/o" && ok ||
	{ bad "fixed header"; cat "$tmp/o"; }
# --only-changed-lines in a header: an old leak of it is not reported, the new one is
cat >>include/app.h <<'C'
static inline int app_old(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	return fgetc(f);
}
C
git add include/app.h && git commit -qm old-leak && sed -i '0,/fclose/{/fclose/d}' include/app.h && git add include/app.h
"$cc" --staged >"$tmp/o" 2>&1; [ "$(grep -c ': warning:' "$tmp/o")" -eq 2 ] && ok || { bad "header: old and new leak"; cat "$tmp/o"; }
"$cc" --staged --only-changed-lines >"$tmp/o" 2>&1; [ $? -eq 1 ] && [ "$(grep -c ': warning:' "$tmp/o")" -eq 1 ] &&
	grep -q "app.h:7:2: warning:" "$tmp/o" && ok || { bad "header: only the changed lines"; cat "$tmp/o"; }
# concurrent runs leave a whole include map
for i in 1 2 3 4; do "$cc" --staged --cache-dir "$tmp/cache3" >/dev/null 2>&1 & done; wait
python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); sys.exit(0 if len(m["units"]) >= 2 else 1)' \
	"$tmp"/cache3/includes-*.json && [ "$(ls "$tmp/cache3" | grep -cv '^results$')" -eq 1 ] &&
	! ls -a "$tmp/cache3/results" | grep -q tmp && ok || { bad "concurrent runs"; ls -la "$tmp/cache3"; }
git reset -q --hard HEAD~1
# a header on the command line: analysed through a unit, only its findings
sed -i '/fclose/d' include/app.h
printf '#include <stdlib.h>\n#include "app.h"\nint d(void) { char *p = malloc(4); return p ? app_first("d") : 0; }\n' >src/d.c
printf '[%s, %s]\n' "$(entry d.c)" "$(entry c.c)" >build/compile_commands.json
"$cc" include/app.h >"$tmp/o" 2>&1; [ $? -eq 1 ] && [ "$(grep -c ': warning:' "$tmp/o")" -eq 1 ] &&
	grep -q "app.h:7:2: warning:" "$tmp/o" && ok || { bad "header on the command line"; cat "$tmp/o"; }
"$cc" -p build include/app.h >"$tmp/o" 2>&1; [ $? -eq 1 ] && [ "$(grep -c ': warning:' "$tmp/o")" -eq 1 ] &&
	grep -q "app.h:7:2: warning:" "$tmp/o" && ok || { bad "header on the command line with -p"; cat "$tmp/o"; }
# a header no unit includes: said so, analysed on its own
cp include/app.h include/lonely.h
"$cc" include/lonely.h >"$tmp/o" 2>&1; [ $? -eq 1 ] &&
	grep -q "lonely.h: note: no unit includes this header: it is analysed on its own" "$tmp/o" &&
	grep -q "lonely.h:7:2: warning:" "$tmp/o" && ok || { bad "header nobody includes"; cat "$tmp/o"; }

# a broken cache file is only a cold cache
for f in "$tmp"/cache/closecheck/includes-*.json; do printf '{"closecheck_includes": 1, "units": [' >"$f"; done
"$cc" --changed-since HEAD >"$tmp/o" 2>&1; [ $? -eq 1 ] && grep -q "app.h:7:2: warning:" "$tmp/o" && ok ||
	{ bad "broken cache"; cat "$tmp/o"; }
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
