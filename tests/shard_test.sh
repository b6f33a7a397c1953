#!/bin/sh
# SPDX-License-Identifier: MIT
# Shards and merge (docs/scaling.md): --shard K/N is a stable partition of
# the work list (the same shards for a reordered or a grown database, every
# unit in exactly one), bad K/N is refused before any work, an empty shard
# is a note and exit 0; 'closecheck merge' of all the shards is byte for
# byte the unsharded run's JSON and SARIF (N = 1, 2, 3, 5, the reports in
# any order), also with FILEs and flags, a named header, a baseline, changed
# lines and a configuration error every shard reports; bad
# reports are errors naming the file; the exit status is the run's.
#   shard_test.sh CLOSECHECK CORPUS-BUILD-DIR
set -u
cc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") corpus=$(cd "$2" && pwd)
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd -P)

# A project: six units with a leak each, all including a header whose
# inline function leaks (one finding, seen from every unit), and a unit
# that does not parse (an error in the reports).
p=$tmp/p
mkdir -p "$p/src" "$p/inc" "$p/build"
cat >"$p/inc/common.h" <<'C'
#include <stdio.h>
static inline int peek(const char *p)
{
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	return fgetc(f);
}
C
for i in 1 2 3 4 5 6; do
	cat >"$p/src/u$i.c" <<C
#include "common.h"
int f$i(const char *p)
{
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	if (fgetc(f) < 0)
		return -2;
	fclose(f);
	return peek(p);
}
C
done
printf '#include "common.h"\nint broken(void) { return 1 +; }\n' >"$p/src/broken.c"
# db ORDER [EXTRA]: the database, its entries sorted or reversed, with or
# without two more units
db() {
	python3 - "$p" "$1" "${2:-}" <<'PY'
import json, os, sys
root, order, extra = sys.argv[1], sys.argv[2], sys.argv[3]
files = sorted(f for f in os.listdir(root + "/src") if f.endswith(".c"))
if not extra:
    files = [f for f in files if not f.startswith("x")]
if order == "reversed":
    files.reverse()
json.dump([{"directory": root + "/build", "file": "../src/" + f,
            "arguments": ["cc", "-I../inc", "-c", "../src/" + f]} for f in files],
          open(root + "/build/compile_commands.json", "w"), indent=1)
PY
}
for i in 1 2; do
	sed "s/int f\([0-9]\)/int x$i\1/" "$p/src/u1.c" >"$p/src/x$i.c"
done
db sorted

# units FILE: the units a JSON report has findings or errors of, one a line
units() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in sorted({x["file"] for x in d["findings"] + d["errors"]
                if x["file"] and x["file"].endswith(".c")}):
    print(f)
PY
}

# ---- the partition ---------------------------------------------------------
# Every unit in exactly one shard, for N = 1, 2, 3, 5.
(cd "$p" && "$cc" -q -p build --format json) >"$tmp/all.json" 2>/dev/null
units "$tmp/all.json" >"$tmp/all.units"
[ "$(wc -l <"$tmp/all.units")" -eq 7 ] && ok || { bad "the project's units"; cat "$tmp/all.units"; }
for n in 1 2 3 5; do
	: >"$tmp/union"
	k=1
	while [ "$k" -le "$n" ]; do
		(cd "$p" && "$cc" -q -p build --shard "$k/$n" --format json) >"$tmp/s.json" 2>/dev/null
		units "$tmp/s.json" >"$tmp/s$k-$n.units"
		cat "$tmp/s$k-$n.units" >>"$tmp/union"
		k=$((k + 1))
	done
	# the union is all units, and no unit is in two shards
	sort "$tmp/union" | cmp -s - "$tmp/all.units" && ok || { bad "N=$n: shards are not a partition"; sort "$tmp/union"; }
done
# The same shards for the database reversed, and with two more units: each
# unit stays where it was.
db reversed x
for k in 1 2 3; do
	(cd "$p" && "$cc" -q -p build --shard "$k/3" --format json) >"$tmp/r.json" 2>/dev/null
	units "$tmp/r.json" | grep -v '/x[12]\.c$' >"$tmp/r.units"
	cmp -s "$tmp/r.units" "$tmp/s$k-3.units" && ok ||
		{ bad "shard $k/3 changed with the database reordered and grown"; diff "$tmp/s$k-3.units" "$tmp/r.units"; }
done
db sorted
# From another folder, through another spelling of -p: the same shards.
for k in 1 2 3; do
	(cd "$tmp" && "$cc" -q -p p/build/compile_commands.json --shard "$k/3" --format json) >"$tmp/o.json" 2>/dev/null
	units "$tmp/o.json" | cmp -s - "$tmp/s$k-3.units" && ok || bad "shard $k/3 depends on the current directory"
done

# Bad K/N: exit 2 and a clear error before any work (-o FILE not made).
for v in 0/3 4/3 3 a/b 1/0 -1/2 1/2x /2 1/ 2/+3; do
	(cd "$p" && "$cc" -p build --shard "$v" --format json -o "$tmp/never.json") >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ "$st" -eq 2 ] && grep -qF "invalid value '$v' for --shard: K/N" "$tmp/err" && [ ! -e "$tmp/never.json" ] &&
		ok || { bad "--shard $v: status $st"; cat "$tmp/err"; }
done
(cd "$p" && "$cc" -p build --shard) >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && ok || bad "--shard without a value"
"$cc" --lsp --shard 1/2 </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "does not go with --lsp" "$tmp/err" && ok || { bad "--shard with --lsp"; cat "$tmp/err"; }
(cd "$p" && "$cc" -p build --shard 1/2 --write-baseline "$tmp/b.json") >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "write it without --shard" "$tmp/err" && [ ! -e "$tmp/b.json" ] && ok ||
	{ bad "--write-baseline with --shard"; cat "$tmp/err"; }

# An empty shard (more shards than units): a note, exit 0, an empty report.
empty=0 k=1
while [ "$k" -le 40 ] && [ "$empty" -eq 0 ]; do
	(cd "$p" && "$cc" -p build src/u1.c --shard "$k/40" --format json) >"$tmp/e.json" 2>"$tmp/err"
	st=$?
	grep -q "note: shard $k/40 has none of the 1 unit: nothing to analyse" "$tmp/err" && empty=$k
	k=$((k + 1))
done
[ "$empty" -gt 0 ] && [ "$st" -eq 0 ] && ok || { bad "empty shard: status $st"; cat "$tmp/err"; }
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(1 if d['findings'] or d['errors'] else 0)" "$tmp/e.json" &&
	ok || bad "an empty shard's report"

# ---- merge: byte for byte the unsharded run ------------------------------
# same NAME OUT-DIR ARGS...: the unsharded report against the merge of N
# shards (the reports given in reverse order), N = 1, 2, 3, 5, json and sarif
same() {
	name=$1 dir=$2; shift 2
	for fmt in json sarif; do
		(cd "$dir" && "$cc" -q --format "$fmt" "$@") >"$tmp/one.$fmt" 2>/dev/null
		one=$?
		for n in 1 2 3 5; do
			list="" k=1
			while [ "$k" -le "$n" ]; do
				(cd "$dir" && "$cc" -q --shard "$k/$n" --format "$fmt" -o "$tmp/sh$k.$fmt" "$@") 2>/dev/null
				list="$tmp/sh$k.$fmt $list"
				k=$((k + 1))
			done
			# shellcheck disable=SC2086
			"$cc" merge -q -o "$tmp/merged.$fmt" $list
			st=$?
			cmp -s "$tmp/one.$fmt" "$tmp/merged.$fmt" && ok ||
				{ bad "$name: merge of $n $fmt shards differs"; diff "$tmp/one.$fmt" "$tmp/merged.$fmt" | head -20; }
			[ "$st" -eq "$one" ] && ok || bad "$name: merge of $n $fmt shards: status $st, the run's $one"
		done
	done
}
same corpus . -p "$corpus"
same project "$p" -p build
same "named header" "$p" -p build inc/common.h
same "FILEs and flags" "$p" src/u1.c src/u2.c src/u3.c src/u4.c src/broken.c -- -Iinc
# a baseline of some of the findings: with it, each shard reports the rest
(cd "$p" && "$cc" -q --write-baseline "$tmp/base.json" src/u1.c src/u2.c -- -Iinc) >/dev/null 2>&1
same baseline "$p" -p build --baseline "$tmp/base.json"
# an error of the configuration, which every shard reports: listed once
printf 'severity:\n  leak: bogus\n' >"$p/.closecheck.yaml"
same "configuration error" "$p" -p build
(cd "$p" && "$cc" -q -p build --format json) 2>/dev/null | grep -c "severity must be" >"$tmp/n"
[ "$(cat "$tmp/n")" -eq 1 ] && ok || bad "the configuration's error: $(cat "$tmp/n") times in a run"
rm "$p/.closecheck.yaml"

# changed lines: a git repository where u3.c and the header changed
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
(cd "$p" && git init -q . && git config commit.gpgsign false && git add src inc && git commit -qm base)
sed -i 's/return -2;/return -3;/' "$p/src/u3.c"
sed -i 's/return fgetc(f);/return fgetc(f) + 0;/' "$p/inc/common.h"
same "changed lines" "$p" -p build --changed-since HEAD --only-changed-lines
(cd "$p" && "$cc" -q -p build --changed-since HEAD --only-changed-lines --format json) >"$tmp/c.json" 2>/dev/null
[ "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$tmp/c.json")" -eq 2 ] &&
	ok || { bad "changed lines: two findings"; cat "$tmp/c.json"; }

# ---- merge: the exit status ----------------------------------------------
(cd "$p" && "$cc" -q --format json -o "$tmp/w.json" src/u1.c -- -Iinc
 "$cc" -q --format sarif -o "$tmp/w.sarif" src/u1.c -- -Iinc) 2>/dev/null
printf '#include <stdio.h>\nint fine(void) { return 0; }\n' >"$p/fine.c"
(cd "$p" && "$cc" -q --format json -o "$tmp/none.json" fine.c --) 2>/dev/null
(cd "$p" && "$cc" -q -p build src/broken.c --format json -o "$tmp/err.json"
 "$cc" -q -p build src/broken.c --format sarif -o "$tmp/err.sarif") 2>/dev/null
status() {  # name expected args...
	name=$1 want=$2; shift 2
	"$cc" merge -o /dev/null "$@" 2>"$tmp/err"
	st=$?
	[ "$st" -eq "$want" ] && ok || { bad "merge $name: status $st, expected $want"; cat "$tmp/err"; }
}
status "findings" 1 "$tmp/w.json" "$tmp/none.json"
status "findings sarif" 1 "$tmp/w.sarif"
status "--fail-on=error" 0 --fail-on=error "$tmp/w.json"
status "--fail-on=never" 0 --fail-on never "$tmp/w.json"
status "--fail-on=note" 1 --fail-on=note "$tmp/w.json"
status "no findings" 0 "$tmp/none.json"
status "errors" 2 "$tmp/none.json" "$tmp/err.json"
status "errors sarif" 2 "$tmp/err.sarif"
status "errors, --fail-on=never" 2 --fail-on=never "$tmp/err.json"
"$cc" merge "$tmp/w.json" "$tmp/none.json" >"$tmp/out" 2>"$tmp/err"
grep -q '"findings"' "$tmp/out" && grep -q "^2 warnings in 2 reports$" "$tmp/err" && ok ||
	{ bad "merge to standard output, summary"; cat "$tmp/err"; }

# ---- merge: bad reports ----------------------------------------------------
# refused NAME MESSAGE ARGS...: exit 2, MESSAGE on stderr, -o FILE untouched
echo keep >"$tmp/kept"
refused() {
	name=$1 msg=$2; shift 2
	"$cc" merge -o "$tmp/kept" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ "$st" -eq 2 ] && grep -qF -- "$msg" "$tmp/err" && [ "$(cat "$tmp/kept")" = keep ] && ok ||
		{ bad "merge $name: status $st"; cat "$tmp/err"; }
}
printf '{"version": "0.1.0",\n  "findings": [1,\n' >"$tmp/cut.json"
refused "not JSON" "$tmp/cut.json:3:" "$tmp/w.json" "$tmp/cut.json"
printf '{"version": "0.1.0", "findings": [], "errors": [], }\n' >"$tmp/comma.json"
refused "not JSON, line:column" "$tmp/comma.json:1:52: error: not JSON" "$tmp/comma.json"
refused "missing" "$tmp/nowhere.json: error: cannot read" "$tmp/nowhere.json"
(cd "$p" && "$cc" -q --format codeclimate -o "$tmp/cq.json" src/u1.c -- -Iinc) 2>/dev/null
refused "codeclimate" "$tmp/cq.json: error: a JSON array (a Code Climate report?)" "$tmp/cq.json"
refused "baseline" "$tmp/base.json: error: a baseline, not a report" "$tmp/base.json"
sed 's/"name": "closecheck"/"name": "cppcheck"/' "$tmp/w.sarif" >"$tmp/other.sarif"
refused "another tool" "$tmp/other.sarif: error: a SARIF log of 'cppcheck', not of closecheck" "$tmp/w.sarif" "$tmp/other.sarif"
refused "mixed" "$tmp/w.sarif: error: a SARIF log, but '$tmp/w.json' is a JSON report: give reports of one format" \
	"$tmp/w.json" "$tmp/w.sarif"
refused "--format" "$tmp/w.json: error: a JSON report, not a SARIF log (--format=sarif)" --format sarif "$tmp/w.json"
refused "--format text" "'closecheck merge' writes json or sarif, not 'text'" --format text "$tmp/w.json"
sed 's/"version": "[^"]*"/"version": "0.0.1"/' "$tmp/w.json" >"$tmp/old.json"
refused "another version" "$tmp/old.json: error: not of the same run as '$tmp/w.json'" "$tmp/w.json" "$tmp/old.json"
echo '{"findings": [{"check": "leak"}], "errors": [], "version": "0.1.0"}' >"$tmp/thin.json"
refused "a finding without its fields" "findings[0] has no string 'severity'" "$tmp/thin.json"
echo '{"a": 1}' >"$tmp/obj.json"
refused "another JSON" "not a closecheck report" "$tmp/obj.json"
refused "no reports" "'closecheck merge' needs the reports to join"
refused "an analysis option" "option '--jobs' does not go with 'closecheck merge'" -j2 "$tmp/w.json"
refused "compiler flags" "takes reports, not compiler flags" "$tmp/w.json" -- -Iinc
"$cc" merge --help >"$tmp/out" 2>&1; [ $? -eq 0 ] && grep -q "^       closecheck merge" "$tmp/out" && ok || bad "merge --help"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
