#!/bin/sh
# SPDX-License-Identifier: MIT
# The same input gives byte-identical output for any -j and on every run:
# the corpus's compile database, with a unit that does not parse, one with a
# missing header, a missing file and an assembler unit mixed in, analysed
# with -j1, -j2 and -j4, twice each (the first run with a cold include-map
# cache, the next ones warm), in text, json and sarif.  Standard output,
# standard error (each unit's messages are printed with its findings, in
# the work list's order) and the exit status must be those of the first run.
#   determinism_test.sh CLOSECHECK CORPUS-COMPDB-DIR
set -u
cc=$1; corpus=$2
strict_stderr=true
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0

mkdir -p "$tmp/bad" "$tmp/db"
printf 'int f(void) { return }\n' >"$tmp/bad/syntax.c"
printf '#include "nothere.h"\nint g(void) { return 0; }\n' >"$tmp/bad/missinc.c"
: >"$tmp/bad/start.S"
# the corpus's entries with the four odd ones spread among them
python3 - "$corpus/compile_commands.json" "$tmp/bad" "$tmp/db/compile_commands.json" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
d = sys.argv[2]
odd = [{"directory": d, "command": "cc -c " + f, "file": f}
       for f in ("syntax.c", "missinc.c", "absent.c", "start.S")]
out = []
for i, e in enumerate(db):
    out.append(e)
    if i % 15 == 3 and odd:
        out.append(odd.pop())
json.dump(out + odd, open(sys.argv[3], "w"), indent=1)
PY

for fmt in text json sarif; do
	ref=""
	for j in 1 2 4; do
		for run in 1 2; do
			name="$fmt-j$j-$run"
			"$cc" -p "$tmp/db" --cache-dir "$tmp/cache-$fmt" --format="$fmt" -j"$j" \
				>"$tmp/$name.out" 2>"$tmp/$name.err"
			echo $? >"$tmp/$name.status"
			sort "$tmp/$name.err" >"$tmp/$name.errset"
			if [ -z "$ref" ]; then ref=$name; continue; fi
			same=true
			parts="out errset status"
			$strict_stderr && parts="$parts err"
			if ! $strict_stderr && ! cmp -s "$tmp/$ref.err" "$tmp/$name.err"; then
				echo "note: $name: standard error in another order than $ref (not failed)"
			fi
			for part in $parts; do
				if ! cmp -s "$tmp/$ref.$part" "$tmp/$name.$part"; then
					echo "FAIL: $name: $part differs from $ref:"
					diff "$tmp/$ref.$part" "$tmp/$name.$part" | head -20 | sed 's/^/    /'
					same=false
				fi
			done
			if $same; then passes=$((passes + 1)); else fails=$((fails + 1)); fi
		done
	done
	# the run found something, said what it could not analyse, and exit 2
	if [ "$(cat "$tmp/$ref.status")" = 2 ] && [ -s "$tmp/$ref.out" ] &&
	   grep -q "syntax.c:1:22: error:" "$tmp/$ref.err"; then
		passes=$((passes + 1))
	else
		echo "FAIL: $ref: expected findings, exit 2 and the syntax error:"
		sed 's/^/    /' "$tmp/$ref.err"; fails=$((fails + 1))
	fi
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
