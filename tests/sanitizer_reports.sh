#!/bin/sh
# SPDX-License-Identifier: MIT
# The end of a sanitized test run: every ASan, UBSan or LSan report that a
# program wrote under DIR (ASAN_OPTIONS / UBSAN_OPTIONS log_path, set in
# tests/CMakeLists.txt) is printed, and any fails this test.
#   sanitizer_reports.sh DIR
set -u
dir=$1
n=0
for f in "$dir"/report.*; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	echo "=== $(basename "$f")"
	cat "$f"
done
if [ "$n" -gt 0 ]; then
	echo "FAIL: $n sanitizer report(s) under $dir"
	exit 1
fi
echo "no sanitizer report"
