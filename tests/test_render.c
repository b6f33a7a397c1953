/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of render.c: the plain form is exactly findings_print_text();
 * the rich form, with and without colour, is byte for byte what gcc prints
 * for a diagnostic at the same place (gcc run on the same file when it is
 * gcc 12, else the output gcc 12 gave, kept here); tabs, context lines, a
 * file that cannot be read.
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
#include "render.h"

static char dir[] = "/tmp/closecheck-render-XXXXXX";
static char src[128];

/* What gcc 12.2 (LC_ALL=C gcc -Wall -O2 -c u.c) prints for src. */
static const char gcc_plain[] =
	"u.c: In function 'f':\n"
	"u.c:3:12: warning: 'x' is used uninitialized [-Wuninitialized]\n"
	"    3 |     return x   ;}\n"
	"      |            ^\n"
	"u.c:2:9: note: 'x' was declared here\n"
	"    2 |     int x;\n"
	"      |         ^\n";
static const char gcc_color[] =
	"\033[01m\033[Ku.c:\033[m\033[K In function '\033[01m\033[Kf\033[m\033[K':\n"
	"\033[01m\033[Ku.c:3:12:\033[m\033[K \033[01;35m\033[Kwarning: \033[m\033[K'\033[01m\033[Kx"
	"\033[m\033[K' is used uninitialized [\033[01;35m\033[K-Wuninitialized\033[m\033[K]\n"
	"    3 |     return \033[01;35m\033[Kx\033[m\033[K   ;}\n"
	"      |            \033[01;35m\033[K^\033[m\033[K\n"
	"\033[01m\033[Ku.c:2:9:\033[m\033[K \033[01;36m\033[Knote: \033[m\033[K'\033[01m\033[Kx"
	"\033[m\033[K' was declared here\n"
	"    2 |     int \033[01;36m\033[Kx\033[m\033[K;\n"
	"      |         \033[01;36m\033[K^\033[m\033[K\n";

static int
setup(void **state)
{
	assert_non_null(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/u.c", dir);
	FILE *f = fopen(src, "w");
	assert_non_null(f);
	fputs("int f(void){\n    int x;\n    return x   ;}\n", f);
	fclose(f);
	assert_int_equal(chdir(dir), 0);
	return 0;
}

static int
teardown(void **state)
{
	unlink(src);
	rmdir(dir);
	return 0;
}

/* gcc's diagnostic as a finding of ours. */
static Finding
uninit(Note *note)
{
	Finding f = {0};
	f.check = "-Wuninitialized";
	f.severity = "warning";
	f.loc = (Loc){"u.c", 3, 12};
	f.func = "f";
	f.message = "'x' is used uninitialized";
	*note = (Note){{"u.c", 2, 9}, "'x' was declared here"};
	f.notes = note;
	f.nnotes = 1;
	return f;
}

static char *
render_text(const Finding *fs, int n, TextStyle st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	Renderer *r = render_new(st);
	for (int i = 0; i < n; i++)
		render_finding(r, &fs[i], out);
	render_free(r);
	fclose(out);
	return buf;
}

/* gcc's own output for u.c, if the gcc here is gcc 12; else NULL. */
static char *
gcc_output(const char *color)
{
	FILE *v = popen("gcc -dumpversion 2>/dev/null", "r");
	char ver[32] = "";
	if (!v)
		return NULL;
	if (!fgets(ver, sizeof(ver), v))
		ver[0] = '\0';
	pclose(v);
	if (strncmp(ver, "12", 2) != 0)
		return NULL;
	char cmd[256];
	snprintf(cmd, sizeof(cmd),
		 "LC_ALL=C gcc -Wall -O2 -fdiagnostics-color=%s -c u.c -o /dev/null 2>&1", color);
	FILE *p = popen(cmd, "r");
	char *buf = xcalloc(1, 4096);
	size_t n = fread(buf, 1, 4095, p);
	buf[n] = '\0';
	pclose(p);
	return buf;
}

static void
test_rich_as_gcc(void **state)
{
	Note note;
	Finding f = uninit(&note);
	char *got = render_text(&f, 1, (TextStyle){true, false});
	assert_string_equal(got, gcc_plain);
	free(got);
	got = render_text(&f, 1, (TextStyle){true, true});
	assert_string_equal(got, gcc_color);
	free(got);
	char *live = gcc_output("never");
	if (live) {
		assert_string_equal(gcc_plain, live);
		mem_free(live);
		live = gcc_output("always");
		assert_string_equal(gcc_color, live);
		mem_free(live);
	}
}

static void
test_plain_is_print_text(void **state)
{
	Note note;
	Finding f = uninit(&note);
	FindingSet s;
	findings_init(&s);
	findings_add(&s, &f);
	char *want = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&want, &len);
	findings_print_text(&s, out);
	fclose(out);
	char *got = render_text(&f, 1, (TextStyle){false, false});
	assert_string_equal(got, want);
	assert_string_equal(got, "u.c:3:12: warning: 'x' is used uninitialized [-Wuninitialized]\n"
				 "u.c:2:9: note: 'x' was declared here\n");
	free(got);
	free(want);
	findings_release(&s);
}

/* One context line per function; none for a finding outside functions;
 * no source line for a file that cannot be read. */
static void
test_context_lines(void **state)
{
	Note note;
	Finding f[4];
	f[0] = uninit(&note);
	f[0].nnotes = 0;
	f[1] = f[0];
	f[1].loc.line = 2;
	f[1].loc.col = 9;
	f[2] = f[0];
	f[2].func = "g";
	f[3] = f[0];
	f[3].func = NULL;
	f[3].loc.file = "nothere.c";
	char *got = render_text(f, 4, (TextStyle){true, false});
	assert_string_equal(got,
		"u.c: In function 'f':\n"
		"u.c:3:12: warning: 'x' is used uninitialized [-Wuninitialized]\n"
		"    3 |     return x   ;}\n"
		"      |            ^\n"
		"u.c:2:9: warning: 'x' is used uninitialized [-Wuninitialized]\n"
		"    2 |     int x;\n"
		"      |         ^\n"
		"u.c: In function 'g':\n"
		"u.c:3:12: warning: 'x' is used uninitialized [-Wuninitialized]\n"
		"    3 |     return x   ;}\n"
		"      |            ^\n"
		"nothere.c:3:12: warning: 'x' is used uninitialized [-Wuninitialized]\n");
	free(got);
}

/* Tabs go to the next multiple of 8, as gcc shows them; an error is red,
 * a quote inside a quoted name stays inside it. */
static void
test_tabs_and_kinds(void **state)
{
	assert_int_equal(render_display_col("\tint x;", 6), 13);
	assert_int_equal(render_display_col("ab\tx", 4), 9);
	assert_int_equal(render_display_col("\xc3\xa9x", 3), 2);
	char path[160];
	snprintf(path, sizeof(path), "%s/t.c", dir);
	FILE *fp = fopen(path, "w");
	fputs("int g(void) {\n\tif (c == 'x')\n\t\treturn 1;\n}\n", fp);
	fclose(fp);
	Finding f = {0};
	f.check = "leak";
	f.severity = "error";
	f.loc = (Loc){"t.c", 3, 3};
	f.message = "'c == 'x'' is true";
	char *got = render_text(&f, 1, (TextStyle){true, false});
	assert_string_equal(got, "t.c:3:3: error: 'c == 'x'' is true [leak]\n"
				 "    3 |                 return 1;\n"
				 "      |                 ^\n");
	free(got);
	got = render_text(&f, 1, (TextStyle){false, true});
	assert_string_equal(got, "\033[01m\033[Kt.c:3:3:\033[m\033[K \033[01;31m\033[Kerror: \033[m\033[K'"
				 "\033[01m\033[Kc == 'x'\033[m\033[K' is true [\033[01;31m\033[Kleak\033[m\033[K]\n");
	free(got);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rich_as_gcc),
		cmocka_unit_test(test_plain_is_print_text),
		cmocka_unit_test(test_context_lines),
		cmocka_unit_test(test_tabs_and_kinds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
