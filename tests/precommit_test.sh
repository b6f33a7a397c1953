#!/bin/sh
# SPDX-License-Identifier: MIT
# The pre-commit integrations for real: a throw-away repository with a C
# file and a compile database; a commit of a leak must be refused with the
# finding shown, the fixed file must commit.  Once through the pre-commit
# framework (Debian's pre-commit, the hook from this repository's
# .pre-commit-hooks.yaml), once through the plain git hook script.
#   precommit_test.sh CLOSECHECK SOURCE-DIR
set -u
cc=$1; src=$2
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache"; mkdir -p "$HOME"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
mkdir -p "$tmp/bin"; ln -s "$cc" "$tmp/bin/closecheck"; export PATH="$tmp/bin:$PATH"

make_repo() {  # dir
	mkdir -p "$1" && cd "$1" && git init -q . && git config commit.gpgsign false
	mkdir -p build
	printf '[{"directory": "%s/build", "command": "cc -std=c11 -c ../db.c", "file": "../db.c"}]\n' "$1" \
		>build/compile_commands.json
	cat >db.c <<'C'
#include <stdio.h>
int first_byte(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (c == EOF)
		return -1;
	fclose(f);
	return c;
}
C
}
fix_file() {
	cat >db.c <<'C'
#include <stdio.h>
int first_byte(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	fclose(f);
	return c;
}
C
}

# 1. The pre-commit framework with this repository's hook definition.
if command -v pre-commit >/dev/null 2>&1; then
	make_repo "$tmp/fw"
	# A local copy of the hook repository (pre-commit clones it: no network).
	git clone -q "$src" "$tmp/hookrepo" 2>/dev/null || cp -r "$src" "$tmp/hookrepo"
	cp "$src/.pre-commit-hooks.yaml" "$tmp/hookrepo/"
	(cd "$tmp/hookrepo" && git add .pre-commit-hooks.yaml && git -c user.name=t -c user.email=t@x commit -qm hooks >/dev/null 2>&1)
	rev=$(cd "$tmp/hookrepo" && git rev-parse HEAD)
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: closecheck\n' "$tmp/hookrepo" "$rev" >.pre-commit-config.yaml
	pre-commit install >/dev/null 2>&1 && ok || bad "pre-commit install"
	git add db.c build .pre-commit-config.yaml
	if git commit -qm leak >"$tmp/fw.out" 2>&1; then bad "framework: leak committed"; else ok; fi
	grep -q "db.c:8:3: warning: stream 'f' acquired by 'fopen' at line 3 is not released on this path \[leak\]" "$tmp/fw.out" \
		&& ok || { bad "framework: finding not shown"; cat "$tmp/fw.out"; }
	fix_file; git add db.c
	git commit -qm fixed >"$tmp/fw2.out" 2>&1 && ok || { bad "framework: fixed file refused"; cat "$tmp/fw2.out"; }
else
	bad "pre-commit is not installed (tools/deps.sh installs it)"
fi

# 2. The plain git hook.
make_repo "$tmp/plain"
cp "$src/tools/pre-commit-hook.sh" .git/hooks/pre-commit
git add db.c build
if git commit -qm leak >"$tmp/p.out" 2>&1; then bad "plain hook: leak committed"; else ok; fi
grep -q "\[leak\]" "$tmp/p.out" && grep -q "commit refused" "$tmp/p.out" && ok || { bad "plain hook: no finding"; cat "$tmp/p.out"; }
fix_file; git add db.c
git commit -qm fixed >"$tmp/p2.out" 2>&1 && ok || { bad "plain hook: fixed file refused"; cat "$tmp/p2.out"; }

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
