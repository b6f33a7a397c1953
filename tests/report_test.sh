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
assert set(d) == {"version", "findings", "errors"}, set(d)
assert d["errors"] == [], d["errors"]
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
# SARIF-FILE [RULE-ID...]: 0 if both validators accept it; the multitool's
# rules named may fire (SARIF2005 "provide informationUri": without
# --doc-base there is no URI of closecheck to give that means anything where
# the log is read).
validate() {
	node "$srcdir/tests/sarif_validate.js" "$npmdir" "$1" >>"$tmp/v.log" 2>&1 || return 1
	"$tool" validate "$1" -o "$tmp/v.sarif" --log ForceOverwrite >>"$tmp/v.log" 2>&1
	python3 - "$tmp/v.sarif" "$@" >>"$tmp/v.log" 2>&1 <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["runs"][0]["results"]
v = [r for r in v if r["ruleId"] not in sys.argv[3:]]
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
	validate "$tmp/abs.sarif" SARIF2005 && ok || { bad "SARIF with absolute paths"; cat "$tmp/v.log"; }
	# a file name that must be percent-encoded in a URI
	mkdir -p "$tmp/my src"; cp "$src" "$tmp/my src/x y#1.c"
	(cd "$tmp" && "$cc" "my src/x y#1.c" --format=sarif -o "$tmp/sp.sarif" -- \
		-I/usr/include/postgresql -I/usr/include/mariadb)
	validate "$tmp/sp.sarif" SARIF2005 && grep -q '"my%20src/x%20y%231.c"' "$tmp/sp.sarif" && ok ||
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
    # name: PascalCase, help: the check's page, CWE tags, precision
    assert r["name"] == "".join(w.title() for w in r["id"].split("-")) or \
        (r["id"], r["name"]) == ("leak", "ResourceLeak"), (r["id"], r["name"])
    assert r["help"]["markdown"].startswith("# `%s`: " % r["id"]), r["help"]["markdown"][:80]
    assert "## Example" in r["help"]["markdown"], r["id"]
    assert "](leak.md)" not in r["help"]["markdown"], "relative link left in help"
    p = r["properties"]
    assert p["precision"] in ("very-high", "high", "medium", "low"), p
    assert p["problem.severity"] in ("error", "warning", "recommendation"), p
    assert "correctness" in p["tags"], p
tags = {r["id"]: {t for t in r["properties"]["tags"] if t.startswith("external/cwe/")} for r in rules}
assert "external/cwe/cwe-401" in tags["leak"] and "external/cwe/cwe-772" in tags["leak"], tags
assert "external/cwe/cwe-775" in tags["leak"], tags
assert "external/cwe/cwe-415" in tags["double-release"], tags
assert "external/cwe/cwe-416" in tags["use-after-release"], tags
assert "external/cwe/cwe-762" in tags["mismatched-release"], tags
assert "external/cwe/cwe-772" in tags["txn-open"], tags
lr = [r for r in rules if r["id"] == "loop-release"][0]["help"]["markdown"]
assert "[`leak`](https://example.invalid/closecheck/docs/checks/leak.md)" in lr, lr
inv = run["invocations"]
assert len(inv) == 1 and inv[0]["executionSuccessful"] is True, inv
assert "toolExecutionNotifications" not in inv[0], inv
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
	# --doc-base without its final '/': one '/' all the same.  Without
	# --doc-base: no helpUri, nothing of this machine's file system in the
	# rules, the pages as help all the same.
	"$cc" -p "$compdb" --doc-base https://host/docs --format=sarif -o "$tmp/base.sarif"
	"$cc" -p "$compdb" --format=sarif -o "$tmp/nobase.sarif"
	python3 - "$tmp/base.sarif" "$tmp/nobase.sarif" <<'PY' && ok || bad "SARIF help links"
import json, sys
rules = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]
uris = {r["id"]: r["helpUri"] for r in rules}
assert uris["leak"] == "https://host/docs/checks/leak.md", uris
assert uris["double-release"] == "https://host/docs/checks/double-release.md", uris
drv = json.load(open(sys.argv[2]))["runs"][0]["tool"]["driver"]
assert "informationUri" not in drv, drv.get("informationUri")
for r in drv["rules"]:
    assert "helpUri" not in r, r["helpUri"]
    assert r["help"]["markdown"].startswith("# `%s`" % r["id"]) and r["help"]["text"], r["id"]
assert "file:" not in json.dumps(drv), "a file: URI in the rules"
PY
	validate "$tmp/base.sarif" && validate "$tmp/nobase.sarif" SARIF2005 && ok ||
		{ bad "SARIF validation with and without --doc-base"; cat "$tmp/v.log"; }

	# A unit that does not parse: the run is not successful, a notification
	# names the file and line; the other unit's findings are still there.
	mkdir -p "$tmp/units"
	cp "$src" "$tmp/units/good.c"
	printf 'int main(void)\n{\n\treturn 0\n}\n' >"$tmp/units/broken.c"
	(cd "$tmp/units" && "$cc" good.c broken.c --format=sarif -o "$tmp/err.sarif" -- \
		-I/usr/include/postgresql -I/usr/include/mariadb 2>"$tmp/err.txt")
	[ $? -eq 2 ] && ok || bad "a unit that does not parse: exit status 2"
	python3 - "$tmp/err.sarif" <<'PY' && ok || bad "SARIF notifications"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
inv = run["invocations"][0]
assert inv["executionSuccessful"] is False, inv
n = inv["toolExecutionNotifications"]
assert n and all(x["level"] == "error" for x in n), n
x = [x for x in n if x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.c"]
assert x, n
phys = x[0]["locations"][0]["physicalLocation"]
assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%", phys
assert phys["region"]["startLine"] == 3 and phys["region"]["startColumn"] >= 1, phys
assert "expected ';'" in x[0]["message"]["text"], x[0]
assert run["results"] and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                              == "good.c" for r in run["results"]), run["results"]
PY
	validate "$tmp/err.sarif" SARIF2005 && ok || { bad "SARIF with notifications"; cat "$tmp/v.log"; }
	(cd "$tmp/units" && "$cc" good.c broken.c missing.c --format=json -o "$tmp/err.json" -- \
		-I/usr/include/postgresql -I/usr/include/mariadb 2>/dev/null)
	python3 - "$tmp/err.json" "$tmp/units" <<'PY' && ok || bad "JSON errors"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["findings"] and all(f["file"].endswith("good.c") for f in d["findings"]), d["findings"]
e = d["errors"]
assert [set(x) for x in e] == [{"file", "line", "column", "message"}] * len(e), e
broken = [x for x in e if x["file"] == "broken.c"]
assert broken and broken[0]["line"] == 3 and "expected ';'" in broken[0]["message"], e
missing = [x for x in e if x["file"] == "missing.c"]
assert missing and missing[0]["line"] is None and missing[0]["column"] is None, e
assert "cannot read" in missing[0]["message"], missing
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
