#!/bin/sh
# SPDX-License-Identifier: MIT
# The IR's text form reads back what --dump-ir prints: the whole dump of the
# corpus, and of closecheck's own sources (more varied C), read by
# irtext.c and dumped again, is the same text.
#   irtext_roundtrip.sh CLOSECHECK ENGINE_RUNNER CORPUS-BUILD-DIR SOURCE-DIR BUILD-DIR
set -u
cc=$1 runner=$2 corpus=$3 src=$4 build=$5
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
roundtrip() {
	name=$1
	shift
	"$cc" -q -j2 --dump-ir -o /dev/null "$@" >"$tmp/dump" 2>"$tmp/err"
	[ -s "$tmp/dump" ] || { echo "$name: no IR dumped"; cat "$tmp/err"; fail=1; return; }
	"$runner" --dump "$tmp/dump" >"$tmp/again" || { fail=1; return; }
	if cmp -s "$tmp/dump" "$tmp/again"; then
		echo "$name: $(grep -c '^func ' "$tmp/dump") functions, $(wc -l <"$tmp/dump") lines read back"
	else
		echo "$name: the round trip differs"
		diff -u "$tmp/dump" "$tmp/again" | head -n 40
		fail=1
	fi
}
roundtrip corpus -p "$corpus"
roundtrip sources -p "$build" "$src"/analyzer/*.c
exit $fail
