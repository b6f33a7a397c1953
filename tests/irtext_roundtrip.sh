#!/bin/sh
# SPDX-License-Identifier: MIT
# The IR's text form reads back what --dump-ir prints: the whole corpus's
# dump, read by irtext.c and dumped again, is the same text.
#   irtext_roundtrip.sh CLOSECHECK ENGINE_RUNNER CORPUS-BUILD-DIR
set -u
cc=$1 runner=$2 corpus=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$cc" -q -j2 --dump-ir -o /dev/null -p "$corpus" >"$tmp/dump" 2>"$tmp/err"
[ -s "$tmp/dump" ] || { echo "no IR dumped"; cat "$tmp/err"; exit 1; }
"$runner" --dump "$tmp/dump" >"$tmp/again" || exit 1
if ! diff -u "$tmp/dump" "$tmp/again" | head -n 40; then :; fi
cmp -s "$tmp/dump" "$tmp/again" || { echo "round trip differs"; exit 1; }
echo "round trip: $(grep -c '^func ' "$tmp/dump") functions, $(wc -l <"$tmp/dump") lines"
