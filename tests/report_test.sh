#!/bin/sh
# SPDX-License-Identifier: MIT
# The machine-readable outputs: JSON and Code Climate read back with a real
# JSON parser, SARIF checked by ajv against the SARIF 2.1.0 schema and by
# Microsoft's SARIF multitool (npm packages, installed into NPM-DIR).
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
        "end_column", "function", "rule", "kind", "pack", "fingerprint", "path"}
for x in f:
    assert keys == set(x), set(x) ^ keys
    assert len(x["fingerprint"]) == 16
    assert (x["end_line"], x["end_column"]) >= (x["line"], x["column"])
    assert x["path"] and all({"file", "line", "column", "message"} <= set(p) for p in x["path"])
assert len({x["fingerprint"] for x in f}) == len(f), "fingerprints collide"
leak = [x for x in f if x["check"] == "leak" and x["rule"] == "PQconnectdb"]
assert leak and "acquired by 'PQconnectdb'" in leak[0]["message"]
assert leak[0]["pack"] == "libpq" and leak[0]["kind"] == "pg_conn", leak[0]
assert leak[0]["function"] and leak[0]["path"][0]["line"] <= leak[0]["line"]
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

# SARIF through two real validators, both from npm (installed once into
# NPM-DIR): ajv against the SARIF 2.1.0 JSON schema, and Microsoft's SARIF
# multitool (its own schema check and SARIF rules).
tool="$npmdir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$tool" ] || [ ! -d "$npmdir/node_modules/ajv-formats" ]; then
	mkdir -p "$npmdir"
	(cd "$npmdir" && npm install --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool@5.7.0 ajv@8.17.1 ajv-formats@3.0.1 >npm.log 2>&1) ||
		cat "$npmdir/npm.log"
	chmod u+x "$tool" 2>/dev/null
fi
validate() {  # SARIF-FILE: 0 if both validators accept it
	node "$srcdir/tests/sarif_validate.js" "$npmdir" "$1" >>"$tmp/v.log" 2>&1 || return 1
	"$tool" validate "$1" -o "$tmp/v.sarif" --log ForceOverwrite >>"$tmp/v.log" 2>&1
	python3 - "$tmp/v.sarif" >>"$tmp/v.log" 2>&1 <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["runs"][0]["results"]
for r in v:
    print("multitool:", r["ruleId"], r.get("level"), r["message"])
sys.exit(1 if v else 0)
PY
}
if [ ! -x "$tool" ] || ! command -v node >/dev/null 2>&1; then
	bad "could not install the SARIF validators from npm (node, npm and the registry are needed)"
else
	: >"$tmp/v.log"
	"$cc" -p "$compdb" --srcroot "$srcdir" --doc-base https://example.invalid/closecheck/docs/ \
		--format=sarif -o "$tmp/r.sarif"
	validate "$tmp/r.sarif" && ok || { bad "SARIF validation"; cat "$tmp/v.log"; }
	"$cc" -p "$compdb" --srcroot /nonexistent --format=sarif -o "$tmp/abs.sarif"
	validate "$tmp/abs.sarif" && ok || { bad "SARIF with absolute paths"; cat "$tmp/v.log"; }
	# a file name that must be percent-encoded in a URI
	mkdir -p "$tmp/my src"; cp "$src" "$tmp/my src/x y#1.c"
	(cd "$tmp" && "$cc" "my src/x y#1.c" --format=sarif -o "$tmp/sp.sarif" -- \
		-I/usr/include/postgresql -I/usr/include/mariadb)
	validate "$tmp/sp.sarif" && grep -q '"my%20src/x%20y%231.c"' "$tmp/sp.sarif" && ok ||
		{ bad "SARIF with spaces in a path"; cat "$tmp/v.log"; }
	python3 - "$tmp/r.sarif" "$compdb/compile_commands.json" <<'PY' && ok || bad "SARIF content"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
run = log["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "closecheck" and drv["version"] and drv["informationUri"]
rules = drv["rules"]
ids = [r["id"] for r in rules]
for want in ("leak", "loop-release", "double-release", "txn-open", "use-after-release"):
    assert want in ids, want
for r in rules:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    assert r["helpUri"] == "https://example.invalid/closecheck/docs/checks/%s.md" % r["id"], r["helpUri"]
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
assert run["results"]
for res in run["results"]:
    assert ids[res["ruleIndex"]] == res["ruleId"]
    assert res["level"] == "warning" and res["message"]["text"]
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uriBaseId"] == "%SRCROOT%" and not art["uri"].startswith("/"), art
    assert art["uri"].startswith("corpus/"), art["uri"]
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert len(res["partialFingerprints"]["closecheck/v1"]) == 16
leak = [r for r in run["results"] if r["ruleId"] == "leak"][0]
steps = leak["codeFlows"][0]["threadFlows"][0]["locations"]
assert len(steps) >= 2 and "acquired here" in steps[0]["location"]["message"]["text"], steps
assert steps[-1]["location"]["physicalLocation"] == leak["locations"][0]["physicalLocation"]
PY
	# The validators do catch broken logs (so a pass above means something).
	printf '{"runs":[{"tool":{"driver":{}}}]}' >"$tmp/bad.sarif"
	validate "$tmp/bad.sarif" && bad "validators accepted a log without version and name" || ok
	python3 - "$tmp/r.sarif" "$tmp/bad2.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["runs"][0]["results"][0]
r["level"] = "warn"
r["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b.c"
json.dump(d, open(sys.argv[2], "w"))
PY
	: >"$tmp/v.log"
	validate "$tmp/bad2.sarif" && bad "ajv accepted a bad level, line and URI" || {
		grep -q 'level must be equal to one of the allowed values' "$tmp/v.log" &&
		grep -q 'startLine must be >= 1' "$tmp/v.log" &&
		grep -q 'must match format "uri-reference"' "$tmp/v.log" && ok ||
		{ bad "ajv did not name the errors"; cat "$tmp/v.log"; }; }
fi

"$cc" --format=xml "$src" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q "unknown format 'xml'" "$tmp/err" && ok || bad "unknown format"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
