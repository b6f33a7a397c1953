#!/bin/sh
# SPDX-License-Identifier: MIT
# Real project set-ups, built with the real tools: one small project (proj/:
# a leak planted in src/io.c, clean src/main.c, include/app.h found through
# -I, assembler in src/start.S, a symlinked folder src/util -> ../lib, the
# Linux kernel's gcc-only flags, dependency-file flags) built with
#   bear      in-tree Makefile under `bear -- make` (arguments, ./src/main.c,
#             -Wp,-MD,...)
#   autotools out-of-tree automake-style Makefile in build/ (../src/io.c,
#             -MT -MD -MP -MF .deps/x.Tpo) under bear writing "command" strings
#   meson     meson setup builddir && ninja -C builddir (-MD -MQ -MF)
#   cmake-make, cmake-ninja   project(x C ASM), -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
#   cmake-tidy  -DCMAKE_C_CLANG_TIDY=closecheck: the build passes showing the
#             warning; with --warnings-as-errors=leak it fails
# and closecheck run on each as a user would.  Every run must report the
# planted leak at src/io.c:12 (or find nothing, for a clean file), exit as
# configured, print no 'error:', name the dropped gcc-only flags and the
# skipped assembler unit in a 'note:', and write nothing into the project
# tree (a listing with sizes and modification times, taken after the build
# and before closecheck, must not change).
#   run.sh CLOSECHECK
# Exit status 0 all passed, 1 a check failed, 77 (ctest: skipped) a build
# tool is missing and nothing failed; with CLOSECHECK_SETUPS_STRICT=1 (set in
# .ci/run) a missing tool is a failure.
set -u
cc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C CC=gcc NO_COLOR=1
unset CFLAGS CPPFLAGS LDFLAGS MAKEFLAGS MFLAGS CMAKE_GENERATOR CMAKE_BUILD_PARALLEL_LEVEL
unset CMAKE_EXPORT_COMPILE_COMMANDS CMAKE_C_CLANG_TIDY NINJA_STATUS

leak='(^|[/ ])src/io\.c:12:[0-9]+: warning: .*\[leak'
gcc_only="-fconserve-stack -fno-tree-loop-distribute-patterns"
[ "$(uname -m)" = x86_64 ] && gcc_only="$gcc_only -mindirect-branch=thunk-extern"

total_pass=0; total_fail=0; skipped=0
passes=0; fails=0
ok() { passes=$((passes + 1)); }
bad() {  # message [file to show]
	echo "  FAIL: $1"; fails=$((fails + 1))
	[ $# -gt 1 ] && sed -n '1,40s/^/      | /p' "$2"
	return 0
}

# new_setup NAME TOOL...: a fresh copy of the project in $proj, or 1 (and a
# SKIP line) if a tool is missing.
new_setup() {
	name=$1; shift
	passes=0; fails=0
	for t in "$@"; do
		if ! command -v "$t" >/dev/null 2>&1; then
			if [ "${CLOSECHECK_SETUPS_STRICT:-0}" = 1 ]; then
				echo "FAIL $name: '$t' is not installed (tools/deps.sh installs it)"
				total_fail=$((total_fail + 1))
			else
				echo "SKIP $name: '$t' is not installed (tools/deps.sh installs it)"
				skipped=$((skipped + 1))
			fi
			return 1
		fi
	done
	echo "== $name"
	proj=$tmp/$name
	cp -R "$here/proj" "$proj"    # -R keeps src/util a symlink
	out=$tmp/$name.out; err=$tmp/$name.err; all=$tmp/$name.all
	return 0
}
end_setup() {
	if [ "$fails" -eq 0 ]; then echo "PASS $name ($passes checks)"
	else echo "FAIL $name ($fails of $((passes + fails)) checks failed)"; fi
	total_pass=$((total_pass + passes)); total_fail=$((total_fail + fails))
}

# build LABEL DIR COMMAND...: run a build step in DIR; its output in $tmp/build.log
build() {
	label=$1; dir=$2; shift 2
	if (cd "$dir" && "$@") >"$tmp/build.log" 2>&1; then ok; return 0; fi
	bad "$label: '$*' failed" "$tmp/build.log"; return 1
}

# db_has FILE TEXT...: the compile database holds these spellings, so the
# set-up tests what it claims to
db_has() {
	db=$1; shift
	[ -f "$db" ] || { bad "no compile database $db"; return 1; }
	for t in "$@"; do
		grep -qF -- "$t" "$db" && ok || bad "compile database lacks '$t'" "$db"
	done
}

snapshot() {  # DIR: every path with type, size and modification time
	(cd "$1" && find . -printf '%p %y %s %T@ %l\n' | sort)
}

# analyse STATUS LEAK? NOTES? DIR ARGS...: run closecheck from DIR as a user
# would, then check exit status, the leak (yes/no), no 'error:', nothing
# written into the tree, and the gcc-only flags named in a note; with NOTES
# = all, also the note on the skipped assembler unit.
analyse() {
	want=$1; want_leak=$2; notes=$3; dir=$4; shift 4
	what="closecheck $*"
	[ "$dir" != "$proj" ] && what="(cd ${dir#"$proj"/}) $what"
	snapshot "$proj" >"$tmp/before"
	(cd "$dir" && "$cc" "$@") >"$out" 2>"$err"; got=$?
	snapshot "$proj" >"$tmp/after"
	cat "$out" "$err" >"$all"
	echo "  \$ $what  -> exit $got"
	sed -n '1,30s/^/      | /p' "$all"
	[ "$got" = "$want" ] && ok || bad "$what: exit status $got, expected $want"
	if [ "$want_leak" = yes ]; then
		grep -qE -- "$leak" "$out" && ok || bad "$what: the leak at src/io.c:12 is not reported on stdout"
	else
		grep -qE '(warning|error): .*\[leak' "$all" && bad "$what: a leak reported in a clean file" || ok
	fi
	grep -q 'error:' "$all" && bad "$what: prints errors" || ok
	if diff "$tmp/before" "$tmp/after" >"$tmp/diff"; then ok; else
		bad "$what: wrote into the project tree (< before, > after)" "$tmp/diff"; fi
	if [ "$notes" != none ]; then
		for f in $gcc_only; do
			grep -qF -- "$f" "$all" && ok || bad "$what: dropped flag '$f' not named"
		done
		grep -q 'note:.*-f' "$all" && ok || bad "$what: no 'note:' naming the dropped flags"
		n=$(grep -cF -- '-fconserve-stack' "$all")
		[ "$n" -le 1 ] && ok || bad "$what: dropped flags named $n times, not once per run"
	fi
	if [ "$notes" = all ]; then
		# one note per run, saying how many units were skipped
		n=$(grep -ciE 'note:.*(skip|ignor|not analy)' "$all")
		[ "$n" = 1 ] && ok || bad "$what: $n 'note:' lines saying units were skipped, not one"
		grep -iE 'note:.*(skip|ignor|not analy)' "$all" | grep -q '[0-9]' && ok ||
			bad "$what: the 'note:' on skipped units does not say how many"
	fi
}

# 1. Bear on an in-tree Makefile: "arguments" with relative sources spelled
# src/io.c, ./src/main.c and src/util/strutil.c (a symlinked folder).
if new_setup bear bear make gcc; then
	cp "$here/bear/Makefile" "$proj/"
	build "bear -- make" "$proj" bear -- make -j2 &&
	db_has "$proj/compile_commands.json" '"arguments"' '"src/io.c"' '"./src/main.c"' \
		'"src/util/strutil.c"' '"src/start.S"' -fconserve-stack -Wp,-MD
	analyse 1 yes all "$proj" -p .
	analyse 1 yes some "$proj" -p compile_commands.json
	analyse 1 yes some "$proj" src/io.c
	analyse 0 no some "$proj" -p . ./src/main.c
	analyse 0 no some "$proj" -p . src/util/strutil.c
	ln -s "$proj" "$tmp/bear-link"    # the project seen through a symlinked folder
	analyse 1 yes some "$proj" "$tmp/bear-link/src/io.c"
	end_setup
fi

# 2. autotools-style out-of-tree build: make in build/, sources ../src/x.c
# through VPATH, Bear configured to write "command" strings.
if new_setup autotools bear make gcc; then
	mkdir "$proj/build"; cp "$here/autotools/Makefile" "$proj/build/"
	build "bear --config bear-config.json -- make" "$proj/build" \
		bear --config "$here/autotools/bear-config.json" -- make -j2 &&
	db_has "$proj/build/compile_commands.json" '"command"' '../src/io.c' '../src/util/strutil.c' \
		'../src/start.S' -fconserve-stack
	analyse 1 yes all "$proj" -p build/
	analyse 1 yes all "$proj" -p build/compile_commands.json
	analyse 1 yes some "$proj" src/io.c
	analyse 1 yes some "$proj/build" -p . ../src/io.c
	end_setup
fi

# 3. Meson + Ninja: "command" strings, sources ../src/x.c, -MD -MQ x.o -MF x.o.d.
if new_setup meson meson ninja gcc; then
	cp "$here/meson/meson.build" "$proj/"
	build "meson setup builddir" "$proj" meson setup builddir &&
	build "ninja -C builddir" "$proj" ninja -C builddir &&
	db_has "$proj/builddir/compile_commands.json" '../src/io.c' -MD -MQ -MF -fconserve-stack
	analyse 1 yes all "$proj" -p builddir
	analyse 1 yes some "$proj" -p builddir src/io.c
	analyse 1 yes some "$proj" src/io.c            # finds builddir/ by itself
	analyse 0 yes all "$proj" -p builddir --fail-on=never
	end_setup
fi

# 4, 5. CMake, C and ASM, both generators; absolute paths, the project's own
# -MD -MF for io.c.
for gen in "Unix Makefiles" Ninja; do
	case $gen in Ninja) n=cmake-ninja; tool=ninja ;; *) n=cmake-make; tool="make" ;; esac
	new_setup $n cmake $tool gcc || continue
	cp "$here/cmake/CMakeLists.txt" "$proj/"
	build "cmake -G '$gen'" "$proj" cmake -S . -B build -G "$gen" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON &&
	build "cmake --build build" "$proj" cmake --build build -j2 &&
	db_has "$proj/build/compile_commands.json" "$proj/src/start.S" -MD -MF -fconserve-stack
	analyse 1 yes all "$proj" -p build/
	if [ $n = cmake-make ]; then
		analyse 1 yes all "$proj" -p build/compile_commands.json
		analyse 0 no some "$proj" -p build src/main.c
	else
		analyse 1 yes some "$proj" -p build src/io.c
		analyse 1 yes some "$proj" src/io.c            # finds build/ by itself
		analyse 0 no some "$proj" -p build include/app.h   # through a unit that includes it
	fi
	end_setup
done

# 6. CMake's lint hook, CMAKE_C_CLANG_TIDY: CMake runs, for each C unit,
#   closecheck ARGS --extra-arg-before=--driver-mode=gcc FILE -- /usr/bin/gcc ... -c FILE -o x.o
# inside the build, hiding its stderr unless it fails.  The build tree must
# hold no file that the same build without the hook does not make, and the
# command replayed by hand (below) must write nothing: in the build, the
# compiler overwrites whatever dependency file closecheck wrote.
# tidy_build LABEL GENERATOR DIR TIDY-LIST: configure and build (keep going
# after a failure), status in $st and output in $tmp/build.log
tidy_build() {
	mkdir -p "$proj/build"
	snapshot "$proj" | grep -v '^\./build' >"$tmp/src-before"
	if [ -n "$4" ]; then set -- "$1" "$2" "$3" "-DCMAKE_C_CLANG_TIDY=$4"; else set -- "$1" "$2" "$3"; fi
	(cd "$proj" && cmake -S . -B "$3" -G "$2" ${4+"$4"}) >"$tmp/build.log" 2>&1 ||
		{ bad "$1: cmake failed" "$tmp/build.log"; st=99; return; }
	case $2 in Ninja) keep="-k 0" ;; *) keep=-k ;; esac
	(cd "$proj" && cmake --build "$3" -j2 -- $keep) >"$tmp/build.log" 2>&1; st=$?
	echo "  \$ cmake -G '$2' ${4+"'$4'"} && cmake --build $3  -> exit $st"
	grep -E 'src/io\.c:12:|note:|error:|FAILED|Error' "$tmp/build.log" | sed -n '1,30s/^/      | /p'
	snapshot "$proj" | grep -v '^\./build' >"$tmp/src-after"
	diff "$tmp/src-before" "$tmp/src-after" >"$tmp/diff" && ok ||
		bad "$1: files written outside the build folder" "$tmp/diff"
}
no_new_files() {  # LABEL REF-DIR DIR: no file below DIR that is not below REF-DIR
	(cd "$proj/$2" && find . -type f | grep -v '/Progress/' | sort) >"$tmp/ref"
	(cd "$proj/$3" && find . -type f | grep -v '/Progress/' | sort) >"$tmp/got"
	comm -13 "$tmp/ref" "$tmp/got" >"$tmp/diff"
	[ -s "$tmp/diff" ] && bad "$1: files that the build without closecheck does not make" "$tmp/diff" || ok
}
# replay LABEL STATUS LEAK? SOURCE [DROP]: run by hand, in the Ninja build
# folder, the closecheck command that CMake runs there for SOURCE (as
# `ninja -t commands` shows it), less the argument DROP.  The compiler does
# not run after it here, so a dependency file or object that closecheck
# writes stays behind.
replay() {
	label=$1; want=$2; want_leak=$3; src=$4; drop=${5:-}
	b=$proj/build/tidy-ninja
	line=$(cd "$b" && ninja -t commands | grep -F -- "--source=$src ")
	[ -n "$line" ] || { bad "$label: no command for $src in 'ninja -t commands'"; return 0; }
	eval "set -- $line"
	tidy=
	while [ $# -gt 0 ]; do
		case $1 in --tidy=*) tidy=${1#--tidy=} ;; --) shift; break ;; esac
		shift
	done
	{ printf '%s\n' "$tidy" | tr ';' '\n' | grep -vxF -- "${drop:-(none)}"
	  printf '%s\n' "$src" --; printf '%s\n' "$@"; } >"$tmp/argv"
	set --; while IFS= read -r a; do set -- "$@" "$a"; done <"$tmp/argv"
	snapshot "$proj" >"$tmp/before"
	(cd "$b" && "$@") >"$out" 2>"$err"; got=$?
	snapshot "$proj" >"$tmp/after"
	cat "$out" "$err" >"$all"
	shift
	echo "  \$ (cd build/tidy-ninja) closecheck $*  -> exit $got"
	sed -n '1,30s/^/      | /p' "$all"
	[ "$got" = "$want" ] && ok || bad "$label: exit status $got, expected $want"
	if [ "$want_leak" = yes ]; then
		grep -qE -- '(^|[/ ])src/io\.c:12:[0-9]+: (warning|error): .*\[leak' "$out" && ok ||
			bad "$label: the leak at src/io.c:12 is not reported on stdout"
	else
		grep -qE '(warning|error): .*\[leak' "$all" && bad "$label: a leak reported in a clean file" || ok
	fi
	grep 'error:' "$all" | grep -v '\[leak' >"$tmp/errs"
	[ -s "$tmp/errs" ] && bad "$label: prints errors" || ok
	if diff "$tmp/before" "$tmp/after" >"$tmp/diff"; then ok; else
		bad "$label: wrote into the project tree (< before, > after)" "$tmp/diff"; fi
}
if new_setup cmake-tidy cmake ninja make gcc; then
	cp "$here/cmake/CMakeLists.txt" "$proj/"
	for gen in Ninja "Unix Makefiles"; do
		case $gen in Ninja) g=ninja ;; *) g="make" ;; esac
		tidy_build "reference ($gen)" "$gen" "build/ref-$g" ""
		[ "$st" = 0 ] && ok || bad "reference build ($gen) failed" "$tmp/build.log"
	done
	# findings are warnings: the build passes and shows them
	tidy_build "hook" "Unix Makefiles" build/tidy-make "$cc"
	[ "$st" = 0 ] && ok || bad "the build with the hook failed"
	grep -qE -- "$leak" "$tmp/build.log" && ok || bad "the build does not show the leak"
	grep -q 'error:' "$tmp/build.log" && bad "the build shows errors" || ok
	[ -x "$proj/build/tidy-make/app" ] && ok || bad "the build with the hook made no program"
	no_new_files "hook (Unix Makefiles)" build/ref-make build/tidy-make
	# --warnings-as-errors=leak: the unit with the leak fails, the others build
	tidy_build "hook, --warnings-as-errors" Ninja build/tidy-ninja "$cc;--warnings-as-errors=leak"
	[ "$st" != 0 ] && ok || bad "--warnings-as-errors=leak: the build passed"
	grep -qE '(^|[/ ])src/io\.c:12:[0-9]+: (warning|error): .*\[leak' "$tmp/build.log" && ok ||
		bad "--warnings-as-errors=leak: the build does not show the leak"
	grep 'error:' "$tmp/build.log" | grep -v '\[leak' >"$tmp/errs"
	[ -s "$tmp/errs" ] && bad "--warnings-as-errors=leak: errors other than the leak" "$tmp/errs" || ok
	o=$proj/build/tidy-ninja/CMakeFiles/app.dir/src
	[ -f "$o/main.c.o" ] && [ -f "$o/util/strutil.c.o" ] && [ ! -f "$o/io.c.o" ] && ok ||
		bad "--warnings-as-errors=leak: not exactly io.c failed"
	no_new_files "hook, --warnings-as-errors (Ninja)" build/ref-ninja build/tidy-ninja
	replay "CMake's command for io.c" 1 yes "$proj/src/io.c"
	replay "CMake's command for io.c, no --warnings-as-errors" 0 yes "$proj/src/io.c" --warnings-as-errors=leak
	replay "CMake's command for main.c" 0 no "$proj/src/main.c"
	end_setup
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
exit 0
