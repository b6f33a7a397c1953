#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes the generated part of the seed corpora of fuzz/corpus/ from the
# repository's own inputs: the shipped and test rule packs, the engine's
# .ir files (one function per seed: small seeds run fast), the
# configuration example of docs/integrations.md, the smallest C file of
# each folder of corpus/ and a small bench/generate.py program (for
# fuzz_analyze).  The hand-written seeds (compile databases, command
# lines, suppressions, baselines, LSP sessions) and the
# reproducers of fixed findings (crash-*, leak-*, timeout-*) are kept as
# they are.  Run from anywhere: sh fuzz/seeds.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
c=$root/fuzz/corpus
mkdir -p "$c/rules" "$c/config" "$c/irtext" "$c/analyze"
for f in "$root"/rules/*.yaml "$root"/tests/data/rules/*/*.yaml; do
	cp "$f" "$c/rules/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in "$root"/tests/engine/*.ir; do
	awk -v out="$c/irtext/$(basename "$f" .ir)" '
		/^func / { n++; file = sprintf("%s-%02d.ir", out, n) }
		n && !/^;/ { print > file }' "$f"
done
awk '/^```yaml$/ { on = 1; next } /^```$/ && on { exit } on' \
	"$root/docs/integrations.md" >"$c/config/integrations-example.yaml"
for d in "$root"/corpus/*/; do
	f=$(ls -S "$d" | grep '\.c$' | tail -1)
	[ -z "$f" ] || cp "$d$f" "$c/analyze/$(basename "$d")-$f"
done
tmp=$(mktemp -d)
python3 "$root/bench/generate.py" "$tmp" --seed 1 --random 1 --lines 40 --only random >/dev/null
cp "$tmp/random-00.c" "$c/analyze/generated-seed1.c"
rm -rf "$tmp"
