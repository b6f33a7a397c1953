#!/bin/sh
# SPDX-License-Identifier: MIT
# The machine-readable outputs: JSON and Code Climate read back with a real
# JSON parser, SARIF checked by Microsoft's SARIF validator (the npm package
# @microsoft/sarif-multitool, which also ships the OASIS 2.1.0 schema).
#   report_test.sh CLOSECHECK COMPDB-DIR NPM-DIR SOURCE-DIR
set -u
cc=$1; compdb=$2; npmdir=$3; srcdir=$4
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$cc" -p "$compdb" --format=json -o "$tmp/f.json"; [ $? -eq 1 ] && ok || bad "json exit status"
python3 - "$tmp/f.json" <<'PY' && ok || bad "json content"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"]
assert len(f) > 50, len(f)
keys = {"check", "severity", "message", "file", "line", "column", "end_line",
        "end_column", "function", "rule", "fingerprint", "path"}
for x in f:
    assert keys <= set(x), set(x) ^ keys
    assert len(x["fingerprint"]) == 16
    assert x["path"] and all({"file", "line", "column", "message"} <= set(p) for p in x["path"])
assert len({x["fingerprint"] for x in f}) == len(f), "fingerprints collide"
leak = [x for x in f if x["check"] == "leak" and x["rule"] == "PQconnectdb"]
assert leak and "acquired by 'PQconnectdb'" in leak[0]["message"]
PY

"$cc" -p "$compdb" --srcroot "$srcdir" --format=codeclimate -o "$tmp/cq.json"
python3 - "$tmp/cq.json" <<'PY' && ok || bad "codeclimate content"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and d
for x in d:
    assert x["type"] == "issue" and x["check_name"] and x["fingerprint"]
    assert x["severity"] in ("info", "minor", "major", "critical", "blocker")
    assert not x["location"]["path"].startswith("/"), x["location"]["path"]
    assert x["location"]["lines"]["begin"] > 0
PY

# Fingerprints survive an unrelated edit that moves every line.
src=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[0]['file'])" "$compdb/compile_commands.json")
printf '/* a new comment\n   moving everything */\n' >"$tmp/moved.c"; cat "$src" >>"$tmp/moved.c"
"$cc" "$src" --format=json --srcroot "$(dirname "$src")" -- -I/usr/include/postgresql -I/usr/include/mariadb >"$tmp/a.json"
cp "$tmp/moved.c" "$tmp/$(basename "$src")"
"$cc" "$tmp/$(basename "$src")" --format=json --srcroot "$tmp" -- -I/usr/include/postgresql -I/usr/include/mariadb >"$tmp/b.json"
python3 - "$tmp/a.json" "$tmp/b.json" <<'PY' && ok || bad "fingerprints stable across a line shift"
import json, sys
a = [x["fingerprint"] for x in json.load(open(sys.argv[1]))["findings"]]
b = [x["fingerprint"] for x in json.load(open(sys.argv[2]))["findings"]]
assert a and a == b, (a, b)
PY

# SARIF through the real validator.
tool="$npmdir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$tool" ]; then
	mkdir -p "$npmdir"
	(cd "$npmdir" && npm install --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool@5.7.0 >/dev/null 2>&1)
	chmod u+x "$tool" 2>/dev/null
fi
if [ ! -x "$tool" ]; then
	bad "could not install @microsoft/sarif-multitool from npm"
else
	"$cc" -p "$compdb" --srcroot "$srcdir" --format=sarif -o "$tmp/r.sarif"
	"$cc" -p "$compdb" --srcroot /nonexistent --format=sarif -o "$tmp/abs.sarif"
	"$tool" validate "$tmp/r.sarif" -o "$tmp/v.sarif" --log ForceOverwrite >"$tmp/v.log" 2>&1
	"$tool" validate "$tmp/abs.sarif" -o "$tmp/va.sarif" --log ForceOverwrite >>"$tmp/v.log" 2>&1
	python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['runs'][0]['results']; sys.exit(1 if r else 0)" "$tmp/va.sarif" \
		&& ok || { bad "SARIF with absolute paths"; cat "$tmp/v.log"; }
	python3 - "$tmp/v.sarif" "$tmp/r.sarif" <<'PY' && ok || { bad "SARIF validation"; cat "$tmp/v.log"; }
import json, sys
v = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert not v, [(r["ruleId"], r.get("level"), r["message"]) for r in v]
r = json.load(open(sys.argv[2]))["runs"][0]
assert r["results"] and r["tool"]["driver"]["rules"]
res = r["results"][0]
assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
assert "closecheck/v1" in res["partialFingerprints"] and res["codeFlows"]
PY
	# The validator does catch a broken log (so a pass above means something).
	printf '{"runs":[{"tool":{"driver":{}}}]}' >"$tmp/bad.sarif"
	"$tool" validate "$tmp/bad.sarif" -o "$tmp/vb.sarif" --log ForceOverwrite >/dev/null 2>&1
	python3 -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))['runs'][0]['results'] else 1)" "$tmp/vb.sarif" \
		&& ok || bad "validator accepted a broken log"
fi

"$cc" --format=xml "$src" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q "unknown format 'xml'" "$tmp/err" && ok || bad "unknown format"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
