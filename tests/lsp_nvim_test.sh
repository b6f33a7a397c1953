#!/bin/sh
# SPDX-License-Identifier: MIT
# A real editor as the client: headless Neovim opens a file with a leak and
# must receive closecheck's diagnostic.   lsp_nvim_test.sh CLOSECHECK SOURCE-DIR
set -u
cc=$1; src=$2
command -v nvim >/dev/null 2>&1 || { echo "0 passed, 1 failed"; echo "FAIL: nvim is not installed (tools/deps.sh installs neovim)"; exit 1; }
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
HOME="$tmp" CC_BIN="$cc" CC_FILE="$tmp/db.c" CC_OUT="$tmp/diags.txt" \
	timeout 60 nvim --headless --clean -u "$src/tests/lsp_nvim.lua" >/dev/null 2>&1
cat "$tmp/diags.txt" 2>/dev/null
if grep -q "^8:3: \[leak\] stream 'f' acquired by 'fopen' at line 3 is not released on this path (3 related)" "$tmp/diags.txt" 2>/dev/null; then
	echo "1 passed, 0 failed"
else
	echo "FAIL: no leak diagnostic in Neovim"; echo "0 passed, 1 failed"; exit 1
fi
