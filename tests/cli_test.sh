#!/bin/sh
# SPDX-License-Identifier: MIT
# The program end to end: exit codes, -p, files with flags after --, errors
# that name the input and do not stop the other units.
#   cli_test.sh CLOSECHECK COMPDB-DIR SOURCE-DIR
set -u
cc=$1; compdb=$2; src=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
check() {  # name expected-status actual-status
	if [ "$2" = "$3" ]; then passes=$((passes + 1)); else
		echo "FAIL: $1: exit status $3, expected $2"; fails=$((fails + 1)); fi
}
contains() {  # name file text
	if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
		echo "FAIL: $1: output lacks '$3':"; sed 's/^/    /' "$2"; fails=$((fails + 1)); fi
}

# The whole corpus through its compile database: findings, exit 1.
"$cc" -p "$compdb" >"$tmp/out" 2>"$tmp/err"; check "corpus via -p" 1 $?
contains "corpus via -p" "$tmp/out" "[leak]"
contains "corpus via -p notes" "$tmp/out" ": note: "

# A clean file: exit 0, no output.
cat >"$tmp/clean.c" <<'C'
#include <stdio.h>
int main(void) { FILE *f = fopen("x", "r"); if (!f) return 1; fclose(f); return 0; }
C
"$cc" "$tmp/clean.c" -- -std=c11 >"$tmp/out" 2>&1; check "clean file" 0 $?

# A leak in a plain file with flags after --.
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
"$cc" "$tmp/leak.c" -- -DX=1 >"$tmp/out" 2>&1; check "leak file" 1 $?
contains "leak message" "$tmp/out" "leak.c:5:3: warning: memory 'p' acquired by 'malloc' at line 3 is not released on this path [leak]"
contains "leak note" "$tmp/out" "leak.c:4:6: note: 'n > 10' is true"

# A missing header is an error naming the header; the other unit's
# findings are still reported; exit 2.
printf '#include "nothere.h"\nint h(void) { return 0; }\n' >"$tmp/bad.c"
"$cc" "$tmp/bad.c" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "missing header" 2 $?
contains "missing header named" "$tmp/err" "bad.c:1:10: error: 'nothere.h' file not found"
contains "other unit still analysed" "$tmp/out" "leak.c:5:3: warning:"

# A file that does not exist.
"$cc" "$tmp/none.c" >"$tmp/out" 2>"$tmp/err"; check "missing file" 2 $?
contains "missing file named" "$tmp/err" "none.c: error: cannot read file"

# Unknown option, unreadable compile database, broken rule pack.
"$cc" --frobnicate "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "unknown option" 2 $?
contains "unknown option named" "$tmp/err" "unknown option '--frobnicate'"
"$cc" -p "$tmp/nodb" >"$tmp/out" 2>"$tmp/err"; check "no compile database" 2 $?
contains "no compile database named" "$tmp/err" "nodb: error: cannot read the compile database"
printf 'pack: x\nkinds:\n  - name: [1\n' >"$tmp/broken.yaml"
"$cc" --rules "$tmp/broken.yaml" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"; check "broken pack" 2 $?
contains "broken pack position" "$tmp/err" "broken.yaml:"

# Suppression comments: on the line, the line before, or the acquisition.
cat >"$tmp/sup.c" <<'C'
#include <stdlib.h>
int s1(int n) {
	char *p = malloc(n);
	if (n > 10)
		return -1; // closecheck: ignore[leak]
	free(p);
	return 0;
}
int s2(int n) {
	char *p = malloc(n); /* closecheck: ignore */
	if (n > 10)
		return -1;
	free(p);
	return 0;
}
int s3(int n) {
	char *p = malloc(n);
	if (n > 10)
		// closecheck: ignore[lek]
		return -1;
	free(p);
	return 0;
}
C
"$cc" "$tmp/sup.c" >"$tmp/out" 2>"$tmp/err"; check "suppressed" 1 $?
if grep -q "sup.c:5:" "$tmp/out" || grep -q "sup.c:12:" "$tmp/out"; then
	echo "FAIL: suppressed findings shown"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
contains "unsuppressed s3" "$tmp/out" "sup.c:20:3: warning:"
contains "unknown check in suppression" "$tmp/err" "sup.c:19:25: warning: unknown check 'lek'"
# in a string, not a comment: no suppression
cat >"$tmp/str.c" <<'C'
#include <stdlib.h>
#include <stdio.h>
int s4(int n) {
	char *p = malloc(n);
	if (n > 10)
		return puts("closecheck: ignore");
	free(p);
	return 0;
}
C
"$cc" "$tmp/str.c" >"$tmp/out" 2>&1; check "string is no comment" 1 $?
contains "string is no comment" "$tmp/out" "str.c:6:3: warning:"
# a file with no findings still has its comments checked; a warning alone
# does not change the exit status
printf '#include <stdio.h>
int z(void) { return 0; } // closecheck: ignore[leak,nope]
' >"$tmp/z.c"
"$cc" "$tmp/z.c" >"$tmp/out" 2>"$tmp/err"; check "unknown name, no finding" 0 $?
contains "unknown name, no finding" "$tmp/err" "z.c:2:54: warning: unknown check 'nope'"
"$cc" --no-suppress "$tmp/sup.c" >"$tmp/out" 2>&1
contains "--no-suppress shows all" "$tmp/out" "sup.c:5:3: warning:"
contains "--no-suppress shows all" "$tmp/out" "sup.c:12:3: warning:"

# -o writes to a file.
"$cc" "$tmp/leak.c" -o "$tmp/o.txt" >"$tmp/out" 2>&1; check "-o" 1 $?
contains "-o file" "$tmp/o.txt" "[leak]"

# Check selection and listing.
"$cc" --checks=-leak "$tmp/leak.c" >"$tmp/out" 2>&1; check "leak disabled" 0 $?
"$cc" --list-checks >"$tmp/out" 2>&1; check "list checks" 0 $?
contains "list checks" "$tmp/out" "leak"
"$cc" --list-rules >"$tmp/out" 2>&1; check "list rules" 0 $?
contains "list rules" "$tmp/out" "PQclear"

# Installed under a prefix, the binary finds its packs in share/closecheck/rules.
build=$(dirname "$compdb")
if cmake --install "$build" --prefix "$tmp/inst" >/dev/null 2>&1; then
	CLOSECHECK_RULES_DIR= "$tmp/inst/bin/closecheck" --list-rules >"$tmp/out" 2>&1
	check "installed binary" 0 $?
	contains "installed packs" "$tmp/out" "PQclear"
	"$tmp/inst/bin/closecheck" "$tmp/leak.c" >"$tmp/out" 2>&1; check "installed binary finds leak" 1 $?
else
	echo "FAIL: cmake --install"; fails=$((fails + 1))
fi

# -j gives the same findings as one job.
"$cc" -j1 -p "$compdb" >"$tmp/j1" 2>/dev/null
"$cc" -j4 -p "$compdb" >"$tmp/j4" 2>/dev/null
if cmp -s "$tmp/j1" "$tmp/j4"; then passes=$((passes + 1)); else
	echo "FAIL: -j4 output differs from -j1"; fails=$((fails + 1)); fi

# docs/rules.md's first pack, as the doc gives it: it names PQclear (libpq's
# release of pg_result) for its own mydb_result, and PQclear then releases
# both kinds: no mismatched-release of either, the leak is still found.
awk '/^## A first pack/ { s = 1 } s == 1 && /^```yaml/ { s = 2; next }
     s == 2 && /^```/ { exit } s == 2' "$src/docs/rules.md" >"$tmp/mydb.yaml"
cat >"$tmp/mydb.c" <<'C'
#include <libpq-fe.h>
struct mydb;
PGresult *db_query(struct mydb *m, const char *sql);
int run(PGconn *c, struct mydb *m) {
	PGresult *r = PQexec(c, "SELECT 1");
	PQclear(r);
	PGresult *q = db_query(m, "SELECT 2");
	PQclear(q);
	PGresult *z = db_query(m, "SELECT 3");
	return z != 0;
}
C
"$cc" --rules "$tmp/mydb.yaml" "$tmp/mydb.c" -- -I/usr/include/postgresql >"$tmp/out" 2>&1
check "the doc's first pack" 1 $?
contains "the doc's first pack" "$tmp/out" "mydb.c:10:2: warning: result 'z' acquired by 'db_query' at line 9 is not released on this path [leak]"
if grep -q "mismatched-release" "$tmp/out"; then
	echo "FAIL: the doc's first pack makes mismatched releases:"; cat "$tmp/out"; fails=$((fails + 1))
else passes=$((passes + 1)); fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
