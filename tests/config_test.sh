#!/bin/sh
# SPDX-License-Identifier: MIT
# .closecheck.yaml: found walking up from each file (nearest wins), or named
# with --config; checks, extra rule packs, severity, exclusions, errors.
#   config_test.sh CLOSECHECK
set -u
cc=$1
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/proj/src/sub" "$tmp/proj/vendor" "$tmp/proj/packs"
leak='#include <stdlib.h>
int f(int n) { char *p = malloc(n); if (n > 1) return 1; free(p); return 0; }'
echo "$leak" >"$tmp/proj/src/a.c"
echo "$leak" >"$tmp/proj/src/sub/b.c"
echo "$leak" >"$tmp/proj/vendor/v.c"
cat >"$tmp/proj/src/own.c" <<'C'
void *pool_get(int n);
void pool_put(void *p);
int g(int n) { void *p = pool_get(n); if (n > 1) return 1; pool_put(p); return 0; }
C
cat >"$tmp/proj/packs/pool.yaml" <<'Y'
pack: pool
kinds:
  - name: pool_block
    noun: block
    acquire: [pool_get]
    release: [pool_put]
Y
cat >"$tmp/proj/.closecheck.yaml" <<'Y'
rules: [packs/pool.yaml]
severity: { leak: error }
exclude: ["vendor/*"]
Y
cat >"$tmp/proj/src/sub/.closecheck.yaml" <<'Y'
checks: "-leak"
Y
cd "$tmp/proj"
"$cc" src/a.c src/sub/b.c vendor/v.c src/own.c >out 2>err
grep -q "a.c:2:.*error: memory 'p'" out && ok || { bad "severity from config"; cat out err; }
grep -q "b.c" out && bad "nearest config turns leak off" || ok
grep -q "v.c" out && bad "excluded file analysed" || ok
grep -q "own.c:3:.*block 'p' acquired by 'pool_get'" out && ok || { bad "pack from config"; cat out err; }
# the command line's --checks comes after the configuration
"$cc" src/sub/b.c --checks=leak >out 2>&1
grep -q "b.c:2:" out && ok || { bad "--checks after config"; cat out; }
# --config names one file for all
printf 'checks: "-*"\n' >"$tmp/none.yaml"
"$cc" --config "$tmp/none.yaml" src/a.c >out 2>&1; [ $? -eq 0 ] && ok || { bad "--config"; cat out; }
# a broken configuration: position and exit status 2
printf 'checks: "-*"\nseverity: { lek: error }\n' >"$tmp/bad.yaml"
"$cc" --config "$tmp/bad.yaml" src/a.c >out 2>&1; [ $? -eq 2 ] && grep -q "bad.yaml:2:13: error: unknown check 'lek' in 'severity'" out && ok || { bad "broken config"; cat out; }
printf 'checks: [\n' >"$tmp/syn.yaml"
"$cc" --config "$tmp/syn.yaml" src/a.c >out 2>&1; [ $? -eq 2 ] && grep -q "syn.yaml:2:1: error:" out && ok || { bad "YAML syntax error"; cat out; }
printf 'chekcs: x\n' >"$tmp/key.yaml"
"$cc" --config "$tmp/key.yaml" src/a.c >out 2>&1; [ $? -eq 2 ] && grep -q "key.yaml:1:1: error: unknown key 'chekcs'" out && ok || { bad "unknown key"; cat out; }
# findings in an excluded header are dropped; checks as a list
mkdir -p "$tmp/hdr/vendor" "$tmp/hdr/src"
cat >"$tmp/hdr/vendor/h.h" <<'C'
#include <stdlib.h>
static inline int hleak(int n) { char *p = malloc(n); if (n > 1) return 1; free(p); return 0; }
C
printf '#include "../vendor/h.h"\nint f(int n) { return hleak(n); }\n' >"$tmp/hdr/src/a.c"
cd "$tmp/hdr"
"$cc" src/a.c >out 2>&1; [ $? -eq 1 ] && grep -q "h.h:2:66: warning" out && ok || { bad "header finding"; cat out; }
printf 'exclude: [vendor]\nchecks: [leak, -nothing]\n' >.closecheck.yaml
"$cc" src/a.c >out 2>err; [ $? -eq 0 ] && [ ! -s out ] && ok || { bad "excluded header"; cat out; }
grep -q ".closecheck.yaml:2:16: warning: 'nothing' in 'checks' matches no check" err && ok || { bad "unknown glob"; cat err; }
# report-at-exit: by default a stream still open at exit() or at a return
# from main is no finding; the option and the configuration key bring it back
mkdir -p "$tmp/ex/sub"
cat >"$tmp/ex/sub/m.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
	FILE *f = fopen(argv[0], "r");
	if (!f) return 1;
	if (argc > 2) exit(3);
	if (argc > 1) return 2;
	fclose(f);
	return 0;
}
C
cd "$tmp/ex"
"$cc" sub/m.c >out 2>err; [ $? -eq 0 ] && [ ! -s out ] && ok || { bad "no finding at exit by default"; cat out; }
"$cc" --report-at-exit sub/m.c >out 2>&1
grep -q "m.c:6:16: warning: stream 'f' acquired by 'fopen' at line 4 is not released before the process exits here \[leak\]" out &&
	grep -q "m.c:7:16: warning: .* is not released on this path \[leak\]" out && ok ||
	{ bad "--report-at-exit"; cat out; }
printf 'report-at-exit: true\n' >sub/.closecheck.yaml
"$cc" sub/m.c >out 2>&1; [ "$(grep -c warning: out)" -eq 2 ] && ok || { bad "report-at-exit key"; cat out; }
printf 'report-at-exit: yes\n' >sub/.closecheck.yaml
"$cc" sub/m.c >out 2>&1; [ $? -eq 2 ] && grep -q ".closecheck.yaml:1:17: error: expected true or false for 'report-at-exit'" out && ok ||
	{ bad "report-at-exit: yes"; cat out; }
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
