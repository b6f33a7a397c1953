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

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
