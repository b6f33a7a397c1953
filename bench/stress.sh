#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bounds inside a unit (issue 9 part 5, issue 11): closecheck on generated
# programs (bench/generate.py: random control flow over the modelled APIs and
# the five stress shapes) against its own --parse-only on the same file in the
# same run, wall seconds and peak resident memory (/usr/bin/time), each run
# under a timeout.  Target: analysis within 3x the parse's time and 2x its
# memory; rows over it are flagged.  Then order-independence: the same findings
# from -j1 and -j2, and the same findings per function when the functions of a
# file are written in another order.
#
#   bench/stress.sh [BUILD-DIR] [SEED] [TIMEOUT-S] [RANDOM-FILES]
#
# Defaults: build/, seed 1, 120 s per run, 4 random files.  KEEP=DIR keeps
# the generated files and outputs in DIR.  Exit status 1 when a row is over
# a target, a run failed or timed out, or findings depend on order.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
seed=${2:-1}
limit=${3:-120}
nrandom=${4:-4}
cc=$(realpath "$build/closecheck" 2>/dev/null)
[ -x "$cc" ] || { echo "stress: no $build/closecheck (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "stress: no /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -n "${KEEP:-}" ]; then tmp=$KEEP; mkdir -p "$tmp"; else tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi
flags=(-- -I/usr/include/postgresql -fbracket-depth=2048)
python3 "$here/generate.py" "$tmp/gen" --seed "$seed" --random "$nrandom" --shuffle || exit 2

# run NAME MODE FILE...: one timed run; prints "seconds KiB status" and keeps
# the findings (JSON) in $tmp/NAME.json and standard error in $tmp/NAME.err
run() {
	local name=$1 mode=$2; shift 2
	local opts=(-q --no-cache --format=json -o "$tmp/$name.json" --timeout="$limit")
	case $mode in
	parse0) opts+=(--parse-only -j1 --no-isolation) ;;
	ana0)   opts+=(-j1 --no-isolation --stats) ;;
	parse1) opts+=(--parse-only) ;;
	ana1)   opts+=(--stats) ;;
	j1)     opts+=(-j1) ;;
	j2)     opts+=(-j2) ;;
	esac
	/usr/bin/time -f "%e %M" -o "$tmp/$name.time" \
		timeout -k 5 "$limit" "$cc" "${opts[@]}" "$@" "${flags[@]}" >/dev/null 2>"$tmp/$name.err"
	local rc=$?
	local st=ok
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && st=TIMEOUT
	[ $rc -gt 1 ] && [ "$st" = ok ] && st="rc=$rc"
	grep -q '^error:\|: error: ' "$tmp/$name.err" && [ "$st" = ok ] && st=error
	read -r t m < <(grep -E '^[0-9.]+ [0-9]+$' "$tmp/$name.time" | tail -n 1)
	echo "${t:-0} ${m:-0} $st"
}

best() {  # best of 2 runs of run() (parse runs are short and noisy)
	local a b
	a=$(run "$@"); b=$(run "$@")
	awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," ");split(b,y," "); print (y[1]<x[1]?b:a)}'
}

fail=0
row() {  # file mode-label parse-result analysis-result
	local f=$1 label=$2 p=$3 a=$4
	local lines findings cut visits
	lines=$(wc -l <"$f")
	findings=$(python3 -c 'import json,sys
try: print(len(json.load(open(sys.argv[1]))["findings"]))
except Exception: print("-")' "$tmp/$(basename "$f" .c).$label.json")
	cut=$(grep -c 'findings for it may be' "$tmp/$(basename "$f" .c).$label.err")
	visits=$(sed -n 's/.* \([0-9]*\) block visits.*/\1/p' "$tmp/$(basename "$f" .c).$label.err" | tail -n 1)
	awk -v f="$(basename "$f")" -v l="$label" -v n="$lines" -v p="$p" -v a="$a" -v k="$findings" -v c="$cut" -v v="${visits:--}" 'BEGIN{
		split(p,P," "); split(a,A," ");
		tr = A[1] / (P[1] > 0 ? P[1] : 0.01); mr = A[2] / (P[2] > 0 ? P[2] : 1);
		flag = "";
		if (tr > 3) flag = flag " TIME>3x";
		if (mr > 2) flag = flag " MEM>2x";
		if (P[3] != "ok") flag = flag " parse:" P[3];
		if (A[3] != "ok") flag = flag " " A[3];
		printf "%-18s %-6s %6d %7.2f %8.2f %6.1fx %7.1f %8.1f %5.2fx %8s %4d %8s%s\n",
			f, l, n, P[1], A[1], tr, P[2]/1024, A[2]/1024, mr, k, c, v, flag;
		exit (flag != "")
	}' || fail=1
}

echo "closecheck $("$cc" --version 2>/dev/null | head -n 1); seed $seed; timeout ${limit}s; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %-6s %6s %7s %8s %7s %7s %8s %6s %8s %4s %8s\n' \
	file mode lines parse-s analysis-s ratio parse-MB anal-MB ratio findings cut visits
for f in "$tmp"/gen/*.c; do
	case $f in *.shuf.c) continue ;; esac
	b=$(basename "$f" .c)
	p0=$(best "$b.p0" parse0 "$f"); a0=$(run "$b.ana0" ana0 "$f")
	row "$f" ana0 "$p0" "$a0"
	p1=$(best "$b.p1" parse1 "$f"); a1=$(run "$b.ana1" ana1 "$f")
	row "$f" ana1 "$p1" "$a1"
done
echo "(ana0: -j1 --no-isolation against --parse-only -j1 --no-isolation; ana1: default (child process) against --parse-only; parse runs best of 2; 'cut': notes that a bound cut a function short; visits: block visits, --stats)"
echo "load after the table: $(cut -d' ' -f1-3 /proc/loadavg)"

# findings as comparable records: per function, lines relative to the line
# the function's definition starts on (so a reordered file compares equal)
norm() {  # json c-file
	python3 - "$1" "$2" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
start = {}
for i, l in enumerate(open(sys.argv[2]), 1):
    m = re.match(r"^int (\w+)\(", l)
    if m: start[m.group(1)] = i
def rel(fn, n): return n - start.get(fn, 0)
out = []
for f in d["findings"]:
    fn = f.get("function", "")
    msg = re.sub(r"line (\d+)", lambda m: "line %+d" % rel(fn, int(m.group(1))), f["message"])
    path = ";".join("%+d:%d %s" % (rel(fn, p["line"]), p["column"], p["message"]) for p in f.get("path", []))
    out.append("%s\t%s\t%+d:%d\t%s\t%s" % (fn, f["check"], rel(fn, f["line"]), f["column"], msg, path))
for e in d.get("errors", []): out.append("ERROR\t" + json.dumps(e))
print("\n".join(sorted(out)))
PY
}

echo
echo "order independence"
orig=() ; for f in "$tmp"/gen/*.c; do case $f in *.shuf.c) ;; *) orig+=("$f") ;; esac; done
r=$(run all.j1 j1 "${orig[@]}"); echo "all files -j1: $r"
r=$(run all.j2 j2 "${orig[@]}"); echo "all files -j2: $r"
if cmp -s "$tmp/all.j1.json" "$tmp/all.j2.json"; then
	echo "-j1 and -j2: same findings ($(python3 -c 'import json,sys;print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/all.j1.json") findings)"
else
	echo "-j1 and -j2: DIFFERENT findings (diff $tmp/all.j1.json $tmp/all.j2.json)"; fail=1
fi
for s in "$tmp"/gen/*.shuf.c; do
	b=$(basename "$s" .shuf.c)
	r=$(run "$b.shuf" ana0 "$s")
	norm "$tmp/$b.ana0.json" "$tmp/gen/$b.c" >"$tmp/$b.norm"
	norm "$tmp/$b.shuf.json" "$s" >"$tmp/$b.shuf.norm"
	if cmp -s "$tmp/$b.norm" "$tmp/$b.shuf.norm"; then
		echo "$b: functions reordered: same findings per function ($(wc -l <"$tmp/$b.norm") records; $r)"
	else
		echo "$b: functions reordered: DIFFERENT findings ($(diff "$tmp/$b.norm" "$tmp/$b.shuf.norm" | grep -c '^[<>]') records differ; $r)"
		diff "$tmp/$b.norm" "$tmp/$b.shuf.norm" | head -n 6
		fail=1
	fi
done
exit $fail
