/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of cmdargs.c and compdb.c: compile commands as Bear, Meson,
 * CMake, autotools and CMake's lint hook write them, made into parse
 * flags; languages; compilers; and compile databases checked before
 * libclang sees them.  The real tools are run in tests/setups/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmdargs.h"
#include "compdb.h"

/* cmdargs_clean of a NULL-terminated argv, joined by single blanks. */
static char *
clean(bool command, const char *first, ...)
{
	const char *argv[64];
	int argc = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 64; a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	StrVec out = {0};
	cmdargs_clean(argc, argv, command, &out);
	static char buf[1024];
	buf[0] = '\0';
	for (int i = 0; i < out.n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, out.v[i]);
	}
	strvec_release(&out);
	return buf;
}

static void
test_bear(void **state)
{
	(void)state;
	/* Bear: "file" absolute, the source relative in "arguments" */
	assert_string_equal(clean(true, "/usr/bin/cc", "-fconserve-stack", "-c", "-o",
				  "io.o", "src/io.c", NULL),
			    "-fconserve-stack");
	/* ./src/io.c, ../src/io.c, listed twice, with another input */
	assert_string_equal(clean(true, "cc", "-Iinclude", "-c", "./src/io.c",
				  "../src/io.c", "src/io.c", "lib.a", "-", NULL),
			    "-Iinclude");
}

static void
test_meson(void **state)
{
	(void)state;
	assert_string_equal(clean(true, "cc", "-Imp.p", "-I.", "-Winvalid-pch", "-MD",
				  "-MQ", "mp.p/io.c.o", "-MF", "mp.p/io.c.o.d", "-o",
				  "mp.p/io.c.o", "-c", "../src/io.c", NULL),
			    "-Imp.p -I. -Winvalid-pch");
}

static void
test_dependency_flags(void **state)
{
	(void)state;
	assert_string_equal(clean(true, "gcc", "-M", "-MM", "-MMD", "-MG", "-MP", "-MFx.d",
				  "-MTx.o", "-MQx.o", "-MJ", "x.json", "-DX=1", "a.c", NULL),
			    "-DX=1");
	/* the kernel's -Wp,-MD,file: only the dependency part goes */
	assert_string_equal(clean(true, "gcc", "-Wp,-MD,dir/.a.o.d", "-Wp,-MMD,x.d,-D_FORTIFY_SOURCE=2",
				  "-c", "a.c", NULL),
			    "-Wp,-D_FORTIFY_SOURCE=2");
	assert_string_equal(clean(true, "gcc", "-save-temps=obj", "-ftime-trace", "-Werror",
				  "-Werror=format", "-pedantic-errors", "-Wall", "-oa.o", "a.c", NULL),
			    "-Wall");
}

static void
test_values_are_not_inputs(void **state)
{
	(void)state;
	assert_string_equal(clean(true, "cc", "-include", "config.h", "-isystem", "sys",
				  "-x", "c", "-D", "N=1", "-Xclang", "-fno-builtin",
				  "--param", "max-inline-insns-single=10", "a.c", NULL),
			    "-include config.h -isystem sys -x c -D N=1 -Xclang -fno-builtin "
			    "--param max-inline-insns-single=10");
}

static void
test_launchers_and_hook(void **state)
{
	(void)state;
	assert_string_equal(clean(true, "ccache", "gcc", "-O2", "-c", "a.c", NULL), "-O2");
	assert_string_equal(clean(true, "/opt/xt/bin/xt-xcc", "-O2", "a.c", NULL), "-O2");
	/* after '--': a compiler is dropped only when it looks like one */
	assert_string_equal(clean(false, "/usr/bin/cc", "-DX", "-c", "/p/a.c", "-o",
				  "CMakeFiles/x.dir/a.c.o", NULL), "-DX");
	assert_string_equal(clean(false, "-I/usr/include/postgresql", NULL),
			    "-I/usr/include/postgresql");
}

static void
test_is_compiler(void **state)
{
	(void)state;
	const char *yes[] = {"cc", "/usr/bin/cc", "gcc", "gcc-12", "clang-22", "clang",
			     "arm-none-eabi-gcc", "x86_64-linux-gnu-gcc-12", "ccache",
			     "/usr/lib/ccache/cc", "c99", "g++", "clang++-22", "icx"};
	const char *no[] = {"-O2", "", "src/io.c", "occ", "gccx", "make", "cc-wrapper-x"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!cmdargs_is_compiler(yes[i]))
			fail_msg("'%s' should be a compiler", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (cmdargs_is_compiler(no[i]))
			fail_msg("'%s' should not be a compiler", no[i]);
}

static void
test_lang(void **state)
{
	(void)state;
	assert_int_equal(cmdargs_lang("a.c", 0, NULL), LANG_C);
	assert_int_equal(cmdargs_lang("src/start.S", 0, NULL), LANG_ASM);
	assert_int_equal(cmdargs_lang("x.s", 0, NULL), LANG_ASM);
	assert_int_equal(cmdargs_lang("x.cpp", 0, NULL), LANG_CXX);
	assert_int_equal(cmdargs_lang("x.C", 0, NULL), LANG_CXX);
	assert_int_equal(cmdargs_lang("x.m", 0, NULL), LANG_OBJC);
	assert_int_equal(cmdargs_lang("x.h", 0, NULL), LANG_HEADER);
	assert_int_equal(cmdargs_lang("x.cu", 0, NULL), LANG_OTHER);
	const char *xc[] = {"-x", "c"}, *xasm[] = {"-xassembler-with-cpp"};
	assert_int_equal(cmdargs_lang("x.inc", 2, xc), LANG_C);
	assert_int_equal(cmdargs_lang("x.c", 1, xasm), LANG_ASM);
	assert_string_equal(cmdargs_lang_name(LANG_ASM), "assembler");
}

static void
test_remove(void **state)
{
	(void)state;
	StrVec v = {0};
	const char *in[] = {"-Werror", "-O2", "-fbad", "-Werror"};
	for (int i = 0; i < 4; i++)
		vec_push(&v, xstrdup(in[i]));
	const char *rm[] = {"-Werror", "-fbad"};
	cmdargs_remove(&v, 2, rm);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.v[0], "-O2");
	strvec_release(&v);
}

/* ---- compdb.c ---------------------------------------------------------- */

static char tmpdir[64];

static void
write_db(const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/compile_commands.json", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
setup_dir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/cc-cmdargs-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_validate(void **state)
{
	(void)state;
	Diag d;
	diag_init(&d, NULL);
	write_db("[{\"directory\": \"/tmp\", \"file\": \"a.c\", \"arguments\": [\"cc\", \"a.c\"]}]");
	assert_int_equal(compdb_validate(tmpdir, &d), 0);
	assert_int_equal(d.errors, 0);

	write_db("[{\"directory\": \"/tmp\",\n \"file\": \"a.c\"");
	assert_int_equal(compdb_validate(tmpdir, &d), -1);
	assert_non_null(strstr(d.last, "compile_commands.json:2:"));
	assert_non_null(strstr(d.last, "not valid JSON"));

	write_db("{}");
	assert_int_equal(compdb_validate(tmpdir, &d), -1);
	assert_non_null(strstr(d.last, "not a JSON array"));

	write_db("[{\"directory\": \"/tmp\", \"file\": \"a.c\"}]");
	assert_int_equal(compdb_validate(tmpdir, &d), -1);
	assert_non_null(strstr(d.last, "entry 1 of the compile database ('a.c') has no "
				       "\"arguments\" or \"command\""));

	write_db("[{\"directory\": \"/tmp\", \"command\": \"cc a.c\"}]");
	assert_int_equal(compdb_validate(tmpdir, &d), -1);
	assert_non_null(strstr(d.last, "entry 1 of the compile database has no \"file\" (a string)"));
	assert_false(strstr(d.last, "LIBCLANG"));
}

static void
test_dir(void **state)
{
	(void)state;
	Diag d;
	diag_init(&d, NULL);
	char dir[256], path[256];
	write_db("[]");
	snprintf(path, sizeof(path), "%s/compile_commands.json", tmpdir);
	assert_int_equal(compdb_dir(path, dir, sizeof(dir), &d), 0);
	assert_string_equal(dir, tmpdir);
	assert_int_equal(compdb_dir(tmpdir, dir, sizeof(dir), &d), 0);
	assert_string_equal(dir, tmpdir);
	assert_int_equal(compdb_dir("/no/such/build", dir, sizeof(dir), &d), -1);
	assert_non_null(strstr(d.last, "cannot read the compile database"));
	assert_int_equal(compdb_dir("/etc/hostname", dir, sizeof(dir), &d), -1);
	assert_non_null(strstr(d.last, "must be named compile_commands.json"));
}

static bool
take_first(const char *dir, void *ctx)
{
	snprintf(ctx, 256, "%s", dir);
	return true;
}

static void
test_search(void **state)
{
	(void)state;
	char cmd[512], found[256] = "", file[256], real[256];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/p/src/sub %s/p/cmake-build-debug && "
		 "rm -f %s/compile_commands.json && echo '[]' > %s/p/cmake-build-debug/compile_commands.json && "
		 "touch %s/p/src/sub/a.c", tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(file, sizeof(file), "%s/p/src/sub/a.c", tmpdir);
	assert_true(compdb_search(file, take_first, found));
	assert_non_null(realpath(tmpdir, real));
	strcat(real, "/p/cmake-build-debug");
	assert_string_equal(found, real);
	/* a nearer builddir/ wins */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/p/src/builddir && "
		 "echo '[]' > %s/p/src/builddir/compile_commands.json", tmpdir, tmpdir);
	assert_int_equal(system(cmd), 0);
	assert_true(compdb_search(file, take_first, found));
	assert_non_null(strstr(found, "/p/src/builddir"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bear),
		cmocka_unit_test(test_meson),
		cmocka_unit_test(test_dependency_flags),
		cmocka_unit_test(test_values_are_not_inputs),
		cmocka_unit_test(test_launchers_and_hook),
		cmocka_unit_test(test_is_compiler),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
