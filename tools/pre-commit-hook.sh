#!/bin/sh
# SPDX-License-Identifier: MIT
# A plain git pre-commit hook for people without the pre-commit framework:
#   cp tools/pre-commit-hook.sh .git/hooks/pre-commit
# Runs closecheck on the staged C files and refuses the commit when it
# reports anything.  Each file takes its flags from the nearest
# compile_commands.json above it (or DIR/build/).  CLOSECHECK overrides the
# command; CLOSECHECK_ARGS adds options (for example "-p build").
set -u
cc=${CLOSECHECK:-closecheck}
top=$(git rev-parse --show-toplevel) || exit 1
files=$(git diff --cached --name-only --diff-filter=ACM -- '*.c')
[ -n "$files" ] || exit 0
for f in $files; do
	git diff --quiet -- "$f" ||
		echo "closecheck: '$f' also has unstaged changes; the work tree copy is checked" >&2
	set -- "$@" "$top/$f"
done
# shellcheck disable=SC2086
if ! "$cc" ${CLOSECHECK_ARGS:-} "$@"; then
	echo "closecheck: commit refused (fix the findings above, or add '// closecheck: ignore[check]')" >&2
	exit 1
fi
