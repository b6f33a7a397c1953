#!/bin/sh
# SPDX-License-Identifier: MIT
# The units' result cache (docs/performance.md, "Warm runs"): a warm run
# says the same as a cold one (text, json, sarif, standard error, exit
# status; with and without isolation); exactly the units whose files
# changed are analysed again; a touched file, a new severity still hit; a
# changed pack or flag misses everywhere; a unit with errors is never kept;
# concurrent runs, broken entries; --no-cache writes nothing.
#   cache_test.sh CLOSECHECK SOURCE-DIR
set -u
cc=$1
src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd -P)
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

p=$tmp/p
mkdir -p "$p/src" "$p/include" "$p/build"
cp -r "$src/rules" "$tmp/rules"
cat >"$p/include/shared.h" <<'C'
#include <stdio.h>
static inline int shared_peek(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	return fgetc(f);
}
C
cat >"$p/include/own.h" <<'C'
#define OWN_MODE "r"
C
for u in a b; do
	cat >"$p/src/$u.c" <<C
#include <stdlib.h>
#include "shared.h"
int $u(void) { char *m = malloc(8); if (!m) return 1; return shared_peek("$u"); }
C
done
cat >"$p/src/c.c" <<'C'
#include <stdio.h>
#include "own.h"
int c(const char *p) { FILE *f = fopen(p, OWN_MODE); return f ? 0 : 1; }
C
cat >"$p/src/d.c" <<'C'
#include <stdio.h>
int d(const char *p) { FILE *f = fopen(p, "r"); return f ? undeclared_thing : 1; }
C
entry() {  # FILE [FLAG]: one compile command (-fconserve-stack: a refused flag's note)
	printf '{"directory": "%s", "file": "src/%s", "arguments": ["cc", "-Iinclude", "-fconserve-stack", %s"-c", "src/%s"]}' \
		"$p" "$1" "${2:+\"$2\", }" "$1"
}
db() { printf '[%s,\n%s,\n%s,\n%s]\n' "$(entry a.c)" "$(entry b.c)" "$(entry c.c "${1:-}")" \
	"$(entry d.c)" >"$p/build/compile_commands.json"; }
db
cache=$tmp/cache
# run NAME [OPTIONS...]: NAME.out, NAME.err (the --stats line apart), NAME.st
run() {
	name=$1; shift
	(cd "$p" && "$cc" -p build --rules-dir "$tmp/rules" --cache-dir "$cache" --stats -j2 "$@") \
		>"$tmp/$name.out" 2>"$tmp/$name.all"
	echo $? >"$tmp/$name.st"
	grep -v -e '^closecheck: .* units (' -e '^closecheck: program summaries:' "$tmp/$name.all" >"$tmp/$name.err"
}
cached() { sed -n 's/^closecheck: .* units ([0-9]* failed, \([0-9]*\) from the cache).*/\1/p' "$tmp/$1.all"; }
same() {  # NAME REFERENCE: output, messages and status alike
	if cmp -s "$tmp/$1.out" "$tmp/$2.out" && cmp -s "$tmp/$1.err" "$tmp/$2.err" &&
	   cmp -s "$tmp/$1.st" "$tmp/$2.st"; then ok; else
		bad "$1: differs from $2"; diff "$tmp/$2.out" "$tmp/$1.out"; diff "$tmp/$2.err" "$tmp/$1.err"
		cat "$tmp/$1.st" "$tmp/$2.st"; fi
}
hits() {  # NAME N
	[ "$(cached "$1")" = "$2" ] && ok || { bad "$1: $(cached "$1") units from the cache, expected $2"; cat "$tmp/$1.all"; }
}
# The units whose entries this run wrote (a hit keeps the entry's inode; a
# store renames a new file over it).
inodes() {
	for f in "$cache"/results/*.json; do
		python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["unit"])' "$f" 2>/dev/null |
			sed "s|^|$(stat -c %i "$f") |"
	done | LC_ALL=C sort -k2 >"$tmp/inodes.$1"
}
rewritten() {  # BEFORE AFTER: the units whose inode changed, by file name
	join -1 2 -2 2 "$tmp/inodes.$1" "$tmp/inodes.$2" | awk '$2 != $3 { print $1 }' |
		sed 's|.*/||' | LC_ALL=C sort | tr '\n' ' '
}
settle() { sleep 0.2; }  # a file newer than the parse's start is not kept

settle
# cold, then warm: every format says the same; d.c (an error) is analysed again
for fmt in gcc json sarif; do
	run "cold-$fmt" --format=$fmt
	run "warm-$fmt" --format=$fmt
	same "warm-$fmt" "cold-$fmt"
	hits "warm-$fmt" 3
done
grep -q "d.c:2:.*error: use of undeclared identifier 'undeclared_thing'" "$tmp/warm-gcc.err" && ok ||
	{ bad "the unit with errors says them again"; cat "$tmp/warm-gcc.err"; }
grep -q "dropped flags clang does not know: -fconserve-stack" "$tmp/warm-gcc.err" && ok ||
	bad "a cached unit's refused flags are noted"
[ "$(ls "$cache/results" | wc -l)" -eq 3 ] && ok || { bad "one entry per unit without errors"; ls "$cache/results"; }
# the warm run in threads gives the same too
run warm-threads --format=gcc --no-isolation
same warm-threads cold-gcc
hits warm-threads 3
# --no-cache: everything analysed, same output
run nocache --format=gcc --no-cache
same nocache cold-gcc
hits nocache 0

# touched, not changed: still hits
settle
touch "$p/src/a.c" "$p/include/shared.h"
run touched --format=gcc
same touched cold-gcc
hits touched 3
# (a hit that had to hash a file records its new time, once it is old
# enough to trust: the entry is written again, the unit not analysed)
settle
run touched-again --format=gcc
hits touched-again 3

# one .c changed: exactly that unit again
inodes 0
settle
printf 'int a_more(void) { return 0; }\n' >>"$p/src/a.c"
settle
run one-c --format=gcc
same one-c cold-gcc
hits one-c 2
inodes 1
[ "$(rewritten 0 1)" = "a.c " ] && ok || bad "a changed .c: rewrote '$(rewritten 0 1)', expected 'a.c '"

# a header changed: exactly the units that include it
printf '/* a comment */\n' >>"$p/include/shared.h"
settle
run header --format=gcc
same header cold-gcc
hits header 1
inodes 2
[ "$(rewritten 1 2)" = "a.c b.c " ] && ok || bad "a changed header: rewrote '$(rewritten 1 2)', expected 'a.c b.c '"
printf '#define OWN_MODE "w"\n' >"$p/include/own.h"
settle
run header2 --format=gcc
hits header2 2
inodes 3
[ "$(rewritten 2 3)" = "c.c " ] && ok || bad "own.h changed: rewrote '$(rewritten 2 3)', expected 'c.c '"

# a pack changed, a flag changed: every unit again
run base --format=gcc
echo "# a comment changes the pack's content" >>"$tmp/rules/posix.yaml"
run pack --format=gcc
same pack base
hits pack 0
run pack2 --format=gcc
hits pack2 3
run flag --format=gcc --extra-arg=-DSOMETHING
same flag base
hits flag 0
db -DC_ONLY
run unitflag --format=gcc
hits unitflag 2
db
# --report-at-exit, and a configuration's report-at-exit: other findings may come
run exit-opt --format=gcc --report-at-exit
hits exit-opt 0
run exit-opt2 --format=gcc --report-at-exit
hits exit-opt2 3
printf 'report-at-exit: true\n' >"$p/.closecheck.yaml"
run exit-config --format=gcc
hits exit-config 0
rm "$p/.closecheck.yaml"

# a per-run step after the cache: a configuration's severity applies to a hit
run before-sev --format=gcc
printf 'severity: { leak: error }\n' >"$p/.closecheck.yaml"
run sev --format=gcc
hits sev 3
grep -q "c.c:3:.*error: stream 'f'" "$tmp/sev.out" && ok || { bad "severity on a warm run"; cat "$tmp/sev.out"; }
rm "$p/.closecheck.yaml"

# broken entries: truncated, garbage, another key -- analysed again, no error
cache=$tmp/cache-broken
run broken-cold --format=gcc
set -- "$cache"/results/*.json
head -c 40 "$1" >"$tmp/t" && cp "$tmp/t" "$1"
printf 'not json at all' >"$2"
python3 -c 'import json, sys; e = json.load(open(sys.argv[1])); e["key"] = "0"; json.dump(e, open(sys.argv[1], "w"))' "$3"
run broken --format=gcc
same broken base
hits broken 0
run mended --format=gcc
hits mended 3

# two runs at once on a new cache folder: both right, then a whole cache
cache=$tmp/cache-concurrent
run conc1 --format=gcc & run conc2 --format=gcc & wait
same conc1 base
same conc2 base
run conc3 --format=gcc
same conc3 base
hits conc3 3
ls -a "$cache/results" | grep -q tmp && bad "a temporary file left" || ok

# entries stored by threads (--no-isolation) serve a run with child processes
cache=$tmp/cache-threads
run threads-cold --format=gcc --no-isolation
same threads-cold base
run threads-warm --format=gcc
same threads-warm base
hits threads-warm 3

# a cache folder that cannot be made (a file is in the way): no cache, no error
cache=$tmp/a-file
echo x >"$cache"
run blocked --format=gcc
same blocked base
hits blocked 0

# --no-cache reads and writes nothing
cache=$tmp/cache-none
run none --format=gcc --no-cache
same none base
[ ! -e "$cache" ] && ok || { bad "--no-cache wrote"; find "$cache"; }

# a unit that reads a FIFO is never stored (its size and time say nothing
# of what the next parse reads): the second run parses it again, and reads
# the FIFO's new text
mkdir -p "$tmp/fifo" && cd "$tmp/fifo"
mkfifo f.h
printf '#include "f.h"\n#include <stdlib.h>\nint g(void) { char *p = malloc(X); return p != 0; }\n' >u.c
for x in 1 2; do
	(printf '#define X %d\n' $x >f.h) &
	"$cc" --rules-dir "$tmp/rules" --cache-dir "$tmp/cache-fifo" --stats u.c -- \
		>"$tmp/fifo$x.out" 2>"$tmp/fifo$x.err"
	wait
done
[ ! -d "$tmp/cache-fifo/results" ] || [ "$(ls "$tmp/cache-fifo/results" | wc -l)" -eq 0 ] && ok ||
	{ bad "a unit that read a FIFO was stored"; ls "$tmp/cache-fifo/results"; }
grep -q '0 from the cache' "$tmp/fifo2.err" && ok || { bad "a FIFO's unit came from the cache"; cat "$tmp/fifo2.err"; }
cd "$tmp"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
