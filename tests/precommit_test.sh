#!/bin/sh
# SPDX-License-Identifier: MIT
# The pre-commit integrations for real: a throw-away repository with C
# files and a compile database in build/; a commit of a leak must be refused
# with the finding shown, the fixed file must commit.  Once through the
# pre-commit framework (Debian's pre-commit, with this repository's
# .pre-commit-hooks.yaml, and with a `repo: local` hook), once through the
# plain git hook script.  No network: pre-commit clones a local repository
# and a `language: system` hook installs nothing.
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
export GIT_CONFIG_NOSYSTEM=1 XDG_CACHE_HOME="$tmp/xdg"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$tmp/bin"; ln -s "$cc" "$tmp/bin/closecheck"; export PATH="$tmp/bin:$PATH"
finding="db.c:8:3: warning: stream 'f' acquired by 'fopen' at line 3 is not released on this path [leak]"

make_repo() {  # dir
	mkdir -p "$1" && cd "$1" && git init -q . && git config commit.gpgsign false
	mkdir -p build
	printf '[{"directory": "%s/build", "command": "cc -std=c11 -c ../db.c", "file": "../db.c"},
 {"directory": "%s/build", "arguments": ["cc", "-c", "../main prog.c"], "file": "../main prog.c"}]\n' \
		"$1" "$1" >build/compile_commands.json
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
	# a header (analysed through the file that includes it) and a clean file
	printf '#include <stdio.h>\nint first_byte(const char *path);\n' >db.h
	printf '#include "db.h"\nint main(int c, char **v) { return c > 1 ? first_byte(v[1]) : 0; }\n' >"main prog.c"
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
# commit_cycle NAME: leak refused with the finding, fixed file committed
commit_cycle() {
	git add -A
	if git commit -qm leak >"$tmp/$1.out" 2>&1; then bad "$1: leak committed"; else ok; fi
	grep -qF "$finding" "$tmp/$1.out" && ok || { bad "$1: finding not shown"; cat "$tmp/$1.out"; }
	fix_file; git add db.c
	git commit -qm fixed >"$tmp/$1-2.out" 2>&1 && ok || { bad "$1: fixed file refused"; cat "$tmp/$1-2.out"; }
	[ -z "$(git status --porcelain)" ] && ok || { bad "$1: not all committed"; git status --short; }
}

# header_cycle NAME: a leak in a header's static inline function is refused
# (found through the unit that includes it, shown once), the fix commits
hfinding="db.h:7:2: warning: stream 'g' acquired by 'fopen' at line 4 is not released on this path [leak]"
header_cycle() {
	printf '#include <stdio.h>\nint first_byte(const char *path);\nstatic inline int last_byte(const char *path) {\n\tFILE *g = fopen(path, "r");\n\tif (!g)\n\t\treturn -1;\n\treturn fgetc(g);\n}\n' >db.h
	git add db.h
	if git commit -qm hleak >"$tmp/$1-h.out" 2>&1; then bad "$1: header leak committed"; else ok; fi
	[ "$(grep -cF "$hfinding" "$tmp/$1-h.out")" -eq 1 ] && ok ||
		{ bad "$1: header finding not shown once"; cat "$tmp/$1-h.out"; }
	sed -i 's/\treturn fgetc(g);/\tint c = fgetc(g);\n\tfclose(g);\n\treturn c;/' db.h; git add db.h
	git commit -qm hfixed >"$tmp/$1-h2.out" 2>&1 && ok || { bad "$1: fixed header refused"; cat "$tmp/$1-h2.out"; }
}

if command -v pre-commit >/dev/null 2>&1; then
	# 1. The framework with this repository's hook definition: pre-commit
	# clones the hook repository (a local copy of this one, with the work
	# tree's .pre-commit-hooks.yaml committed).
	git clone -q "$src" "$tmp/hookrepo" 2>/dev/null || { mkdir -p "$tmp/hookrepo"; (cd "$tmp/hookrepo" && git init -q .); }
	cp "$src/.pre-commit-hooks.yaml" "$tmp/hookrepo/"
	(cd "$tmp/hookrepo" && git add .pre-commit-hooks.yaml &&
		git commit -qm hooks >/dev/null 2>&1)
	rev=$(cd "$tmp/hookrepo" && git rev-parse HEAD)
	make_repo "$tmp/fw"
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: closecheck\n' \
		"$tmp/hookrepo" "$rev" >.pre-commit-config.yaml
	pre-commit install >"$tmp/install.out" 2>&1 && ok || { bad "pre-commit install"; cat "$tmp/install.out"; }
	commit_cycle framework
	header_cycle framework
	grep -q "^closecheck (resource-release bugs).*Failed" "$tmp/framework.out" && ok ||
		{ bad "framework: hook not named as failed"; cat "$tmp/framework.out"; }

	# 2. A `repo: local` hook, with the database named in args.
	make_repo "$tmp/local"
	cat >.pre-commit-config.yaml <<'Y'
repos:
  - repo: local
    hooks:
      - id: closecheck
        name: closecheck
        entry: closecheck
        language: system
        types: [c]
        files: '\.[ch]$'
        require_serial: true
        args: [-p, build]
Y
	pre-commit install >/dev/null 2>&1 && ok || bad "pre-commit install (local)"
	commit_cycle local
	header_cycle local
else
	bad "pre-commit is not installed (tools/deps.sh installs it)"
fi

# 3. The plain git hook.
make_repo "$tmp/plain"
cp "$src/tools/pre-commit-hook.sh" .git/hooks/pre-commit
commit_cycle plain
header_cycle plain
grep -q "commit refused" "$tmp/plain.out" && ok || { bad "plain hook: no refusal"; cat "$tmp/plain.out"; }
# a file staged with unstaged changes on top: said so
printf '/* more */\n' >>"main prog.c"; git add "main prog.c"; printf '/* unstaged */\n' >>"main prog.c"
git commit -qm partial >"$tmp/p3.out" 2>&1 && grep -q "'main prog.c' also has unstaged changes" "$tmp/p3.out" &&
	ok || { bad "plain hook: partially staged file"; cat "$tmp/p3.out"; }
# a file that does not parse refuses the commit too
printf '#include "nothere.h"\n' >broken.c; git add broken.c
if git commit -qm broken >"$tmp/p4.out" 2>&1; then bad "plain hook: broken file committed"; else
	grep -q "broken.c:1:10: error: 'nothere.h' file not found" "$tmp/p4.out" && ok ||
		{ bad "plain hook: parse error not shown"; cat "$tmp/p4.out"; }; fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
