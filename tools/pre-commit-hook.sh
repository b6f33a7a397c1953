#!/bin/sh
# SPDX-License-Identifier: MIT
# A plain git pre-commit hook for people without the pre-commit framework:
#   cp tools/pre-commit-hook.sh .git/hooks/pre-commit
# Runs `closecheck --staged` (the staged C files, and the units that include
# the staged headers, each with its flags from the nearest
# compile_commands.json above it, or DIR/build/) and refuses the
# commit when it reports anything or cannot analyse a file.
#   CLOSECHECK       the command (default: closecheck)
#   CLOSECHECK_ARGS  more options, e.g. "-p build" or "--only-changed-lines"
# `git commit --no-verify` skips it.
set -u
cc=${CLOSECHECK:-closecheck}
git rev-parse --show-toplevel >/dev/null || exit 1
# closecheck reads the work tree: say so when it differs from what is staged
git diff --cached --name-only --diff-filter=ACMR -- '*.c' '*.h' | while IFS= read -r f; do
	git diff --quiet -- "$f" ||
		echo "closecheck: '$f' also has unstaged changes; the work tree copy is checked" >&2
done
# shellcheck disable=SC2086
"$cc" --staged ${CLOSECHECK_ARGS:-}
status=$?
if [ "$status" -ne 0 ]; then
	[ "$status" -eq 1 ] && what="fix the findings above, or add '// closecheck: ignore[check]'" ||
		what="closecheck could not analyse everything (exit status $status, see above)"
	echo "closecheck: commit refused: $what; 'git commit --no-verify' skips the check" >&2
	exit 1
fi
