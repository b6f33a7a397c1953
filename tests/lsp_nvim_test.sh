#!/bin/sh
# SPDX-License-Identifier: MIT
# A real editor as the client: headless Neovim (Debian 12's 0.7) opens a file
# with a leak and must show closecheck's diagnostic with its path; once the
# fix is saved, the diagnostic must go; the leak typed back in, unsaved, must
# show again.   lsp_nvim_test.sh CLOSECHECK SOURCE-DIR
set -u
cc=$1; src=$2
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v nvim >/dev/null 2>&1 || { bad "nvim is not installed (tools/deps.sh installs neovim)"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/db.c" <<'C'
#include <stdio.h>
int first_byte(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (c == EOF)
		return -1;
	fclose(f);
	return c;
}
C
printf '[{"directory": "%s", "command": "cc -std=c11 -c db.c", "file": "db.c"}]\n' "$tmp" >"$tmp/compile_commands.json"
HOME="$tmp" XDG_CONFIG_HOME="$tmp" XDG_STATE_HOME="$tmp" XDG_CACHE_HOME="$tmp" \
CC_BIN="$cc" CC_FILE="$tmp/db.c" CC_OUT="$tmp/diags.txt" CC_RAW="$tmp/raw.json" CC_FIXED="$tmp/fixed.txt" CC_TYPED="$tmp/typed.txt" \
	timeout 120 nvim --headless --clean -u "$src/tests/lsp_nvim.lua" >"$tmp/nvim.log" 2>&1
echo "Neovim shows:"; cat "$tmp/diags.txt" 2>/dev/null
echo "Neovim received:"; cat "$tmp/raw.json" 2>/dev/null
if grep -qx "8:3-8:9: WARN: \[leak\] stream 'f' acquired by 'fopen' at line 3 is not released on this path (closecheck, 3 related)" "$tmp/diags.txt" 2>/dev/null; then
	ok
else
	bad "no leak diagnostic in Neovim"; cat "$tmp/nvim.log"
fi
[ "$(wc -l <"$tmp/diags.txt" 2>/dev/null)" = 1 ] && ok || bad "exactly one diagnostic"
grep -q '"relatedInformation"' "$tmp/raw.json" 2>/dev/null && grep -q "'f' acquired here by 'fopen'" "$tmp/raw.json" && ok ||
	bad "relatedInformation received"
[ "$(cat "$tmp/fixed.txt" 2>/dev/null)" = 0 ] && ok || bad "diagnostic gone after the fix is saved: $(cat "$tmp/fixed.txt" 2>/dev/null)"
grep -q "first_byte" "$tmp/db.c" && ! grep -q "c == EOF" "$tmp/db.c" && ok || bad "Neovim wrote the fix"
[ "$(cat "$tmp/typed.txt" 2>/dev/null)" = 8:3 ] && ok ||
	bad "leak typed in, unsaved, not shown at 8:3: $(cat "$tmp/typed.txt" 2>/dev/null)"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
