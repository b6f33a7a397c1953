#!/bin/sh
# SPDX-License-Identifier: MIT
# The libclang boundary as a build fact: every file of closecheck_core
# includes only headers of closecheck_core (never clang-c/, never the front
# end's), and the test programs linked to closecheck_core alone do not need
# libclang.
#   boundary_test.sh SOURCE-DIR "CORE_MODULES" "CLANG_MODULES" CORE-TEST...
set -u
src=$1; core=$(echo "$2" | tr ';' ' '); clang=$(echo "$3" | tr ';' ' ')
shift 3
fails=0; passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

is_core() {  # header name without .h; a module's internal header is X_int.h
	for m in $core; do [ "$m" = "$1" ] || [ "${m}_int" = "$1" ] && return 0; done
	return 1
}

for m in $core; do
	for f in "$src/analyzer/$m.c" "$src/analyzer/$m.h"; do
		[ -f "$f" ] || continue
		if grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*<clang-c/' "$f"; then
			fail "$f includes libclang, but it is in closecheck_core"
		fi
		for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f"); do
			if is_core "$h"; then passes=$((passes + 1)); else
				fail "$f includes \"$h.h\", which is not a closecheck_core module"
			fi
		done
	done
done

# the front end is where libclang is: the check above has something to find
for m in $clang; do
	grep -q '#include <clang-c/' "$src/analyzer/$m.c" && passes=$((passes + 1))
done
[ -n "$clang" ] && ! grep -q '#include <clang-c/' "$src"/analyzer/*.c &&
	fail "no front-end module includes clang-c/: the lists are wrong"

for t in "$@"; do
	if readelf -d "$t" | grep 'NEEDED' | grep -qi 'clang'; then
		fail "$t links libclang, but links only closecheck_core"
	elif nm "$t" | grep -q ' clang_'; then
		fail "$t holds clang_ symbols"
	else
		passes=$((passes + 1))
	fi
done

echo "boundary: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
