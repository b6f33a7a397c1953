/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of suppress.c: parsing 'closecheck: ignore' comments, which
 * findings a file's comments silence (own line, line before, acquisition),
 * and the warnings about unknown check names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "suppress.h"

/* ---- suppress_parse ------------------------------------------------------ */

static void
assert_names(const char *line, int n, const char *const *names)
{
	SuppressComment c;
	if (!suppress_parse(line, &c))
		fail_msg("no suppression found in: %s", line);
	assert_false(c.all);
	assert_int_equal(c.n, n);
	for (int i = 0; i < n; i++) {
		char got[64];
		snprintf(got, sizeof(got), "%.*s", c.names[i].len, c.names[i].name);
		assert_string_equal(got, names[i]);
		assert_int_equal(strncmp(line + c.names[i].col - 1, names[i], strlen(names[i])), 0);
	}
}

static void
test_parse_all(void **state)
{
	static const char *const yes[] = {
		"return -1; // closecheck: ignore",
		"// closecheck: ignore",
		"\t/* closecheck: ignore */",
		"x = f(); /* closecheck:ignore because the pool owns it */",
		" * closecheck: ignore",                 /* inside a block comment */
		"//closecheck:  ignore  ",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		SuppressComment c;
		if (!suppress_parse(yes[i], &c))
			fail_msg("not recognised: '%s'", yes[i]);
		assert_true(c.all);
		assert_true(suppress_covers(&c, "leak"));
		assert_true(suppress_covers(&c, "txn-open"));
	}
}

static void
test_parse_list(void **state)
{
	static const char *const one[] = {"leak"};
	static const char *const two[] = {"leak", "txn-open"};
	static const char *const bad[] = {"lek"};
	assert_names("return -1; // closecheck: ignore[leak]", 1, one);
	assert_names("/* closecheck: ignore[leak,txn-open] */", 2, two);
	assert_names("// closecheck: ignore [ leak , txn-open ]", 2, two);
	assert_names("// closecheck: ignore[lek]", 1, bad);
	SuppressComment c;
	assert_true(suppress_parse("// closecheck: ignore[leak, txn-open]", &c));
	assert_true(suppress_covers(&c, "leak"));
	assert_true(suppress_covers(&c, "txn-open"));
	assert_false(suppress_covers(&c, "txn-wrong-handle"));
	assert_false(suppress_covers(&c, "lea"));
	assert_false(suppress_covers(&c, "double-release"));
}

static void
test_parse_not(void **state)
{
	static const char *const no[] = {
		"",
		"int x = 0;",
		"// closecheck: ignored",                /* another word */
		"// closecheck: ignore-me",
		"// closecheck: check this later",
		"puts(\"closecheck: ignore\");",          /* not in a comment */
		"closecheck: ignore",
		"// closecheck: ignore[leak",            /* not closed */
		"// closecheck: ignore[]",               /* empty */
		"// closecheck: ignore[le$ak]",
		"// closecheck ignore",
	};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		SuppressComment c;
		if (suppress_parse(no[i], &c))
			fail_msg("wrongly recognised: '%s'", no[i]);
	}
	SuppressComment c;
	assert_false(suppress_parse(NULL, &c));
}

/* A line with many "closecheck:" outside comments is read in one pass.
 * It was quadratic: each one searched the line from its start for a
 * comment opening, and fuzz/fuzz_suppress did not end in 10 minutes on
 * a 1.2 MB line of them (the seed fuzz/corpus/suppress/many-markers.c is
 * its shape, small).  Now 200,000 of them take milliseconds, under ASan
 * too (whose strstr() measures the rest of the line at each call: 273 s
 * when the loop used it); the bound, in CPU time, is loose. */
static void
test_parse_long_line(void **state)
{
	(void)state;
	enum { N = 200000 };
	static const char mark[] = "x closecheck: ";
	static const char tail[] = "// closecheck: ignore[leak]";
	char *line = malloc(N * (sizeof(mark) - 1) + sizeof(tail));
	assert_non_null(line);
	char *p = line;
	for (int i = 0; i < N; i++, p += sizeof(mark) - 1)
		memcpy(p, mark, sizeof(mark) - 1);
	memcpy(p, tail, sizeof(tail));
	clock_t t0 = clock();
	assert_names(line, 1, (const char *const[]){"leak"});
	/* the same, all inside a block comment's continuation line */
	line[0] = '*';
	assert_names(line, 1, (const char *const[]){"leak"});
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	free(line);
	if (secs > 5)
		fail_msg("parsing a line of %d markers took %.1f s of CPU", N, secs);
}

static void
test_suppress_line(void **state)
{
	const char *bad;
	int col = 0;
	assert_int_equal(suppress_line("f(); // closecheck: ignore[leak]", "leak", &bad, &col), 1);
	assert_null(bad);
	assert_int_equal(suppress_line("f(); // closecheck: ignore[leak]", "txn-open", &bad, &col), 0);
	assert_int_equal(suppress_line("// closecheck: ignore[leak, lek]", "leak", &bad, &col), 1);
	assert_non_null(bad);
	assert_string_equal(bad, "lek");
	assert_int_equal(col, 29);
	assert_int_equal(suppress_line("int x;", "leak", &bad, &col), 0);
	assert_null(bad);
}

/* ---- files and findings -------------------------------------------------- */

static char dir[64];
static char file[128];

static int
make_file(void **state)
{
	strcpy(dir, "/tmp/cc_suppress_XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/s.c", dir);
	FILE *f = fopen(file, "w");
	if (!f)
		return -1;
	fputs("int f(void) {\n"                                  /* 1 */
	      "\tchar *p = malloc(1); // closecheck: ignore[leak]\n" /* 2 */
	      "\tif (x)\n"                                         /* 3 */
	      "\t\treturn 1;\n"                                    /* 4 */
	      "\t// closecheck: ignore[txn-open, lek]\n"           /* 5 */
	      "\treturn 2;\n"                                      /* 6 */
	      "\t/* closecheck: ignore */\n"                       /* 7 */
	      "\tg();\n"                                           /* 8 */
	      "\th();\n"                                           /* 9 */
	      "\tk(); // closecheck: ignore[nope, also-not]\n"     /* 10 */
	      "}\n", f);
	fclose(f);
	return 0;
}

static int
remove_file(void **state)
{
	unlink(file);
	rmdir(dir);
	return 0;
}

static Finding
at(const char *check, int line, int acq_line)
{
	Finding f = {0};
	f.check = check;
	f.loc = (Loc){file, line, 2};
	if (acq_line)
		f.acquired = (Loc){file, acq_line, 12};
	return f;
}

static void
test_findings(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	Suppressions *s = suppress_new(&d);
	Finding f;
	/* the acquisition line carries the comment */
	f = at("leak", 4, 2);
	assert_true(suppress_finding(s, &f));
	f = at("double-release", 4, 2);                  /* another check */
	assert_false(suppress_finding(s, &f));
	f = at("leak", 4, 0);                            /* no acquisition known */
	assert_false(suppress_finding(s, &f));
	/* the line before the finding */
	f = at("txn-open", 6, 0);
	assert_true(suppress_finding(s, &f));
	f = at("leak", 6, 0);
	assert_false(suppress_finding(s, &f));
	/* the comment's own line, and only the one line after it */
	f = at("txn-open", 5, 0);
	assert_true(suppress_finding(s, &f));
	f = at("use-after-release", 8, 0);
	assert_true(suppress_finding(s, &f));
	f = at("use-after-release", 9, 0);
	assert_false(suppress_finding(s, &f));
	/* the first note stands for the acquisition when it is not known */
	Note n = {{file, 2, 12}, "acquired here"};
	f = at("leak", 9, 0);
	f.notes = &n;
	f.nnotes = 1;
	assert_true(suppress_finding(s, &f));
	/* the file was read once: one warning per unknown name, with its place */
	assert_int_equal(d.warnings, 3);
	suppress_free(s);
}

static void
test_warnings(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	Diag d;
	diag_init(&d, out);
	Suppressions *s = suppress_new(&d);
	suppress_scan(s, file);
	suppress_scan(s, file);                          /* once */
	fclose(out);
	char want[1024];
	snprintf(want, sizeof(want),
		 "%s:5:34: warning: unknown check 'lek' in a closecheck suppression (see --list-checks)\n"
		 "%s:10:29: warning: unknown check 'nope' in a closecheck suppression (see --list-checks)\n"
		 "%s:10:35: warning: unknown check 'also-not' in a closecheck suppression (see --list-checks)\n",
		 file, file, file);
	assert_string_equal(buf, want);
	assert_int_equal(d.warnings, 3);
	assert_int_equal(d.errors, 0);
	free(buf);
	suppress_free(s);
}

static void
test_apply(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	FindingSet fs;
	findings_init(&fs);
	Finding f = at("leak", 4, 2);
	f.message = "a";
	findings_add(&fs, &f);
	f = at("leak", 9, 0);
	f.message = "b";
	findings_add(&fs, &f);
	f = at("txn-open", 6, 0);
	f.message = "c";
	findings_add(&fs, &f);
	f = at("leak", 3, 0);
	f.loc.file = "/nonexistent/file.c";                  /* unreadable: kept */
	f.message = "d";
	findings_add(&fs, &f);
	Suppressions *s = suppress_new(&d);
	assert_int_equal(suppress_apply(s, &fs), 2);
	assert_int_equal(fs.v.n, 2);
	assert_string_equal(fs.v.v[0].message, "b");
	assert_string_equal(fs.v.v[1].message, "d");
	suppress_free(s);
	findings_release(&fs);
}

/* An editor's text replaces the file on disk: its comments silence, its
 * unknown names are warned about at their place in it, the disk's are not;
 * a file never on disk is read from its text too. */
static void
test_text(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	Diag d;
	diag_init(&d, out);
	Suppressions *s = suppress_new(&d);
	suppress_set_text(s, file, "int f(void) {\n\treturn 1; /* closecheck: ignore[leak, lek] */\n}\n");
	suppress_set_text(s, "/nonexistent/new.c", "// closecheck: ignore\nx();\n");
	Finding f = at("leak", 2, 0);
	assert_true(suppress_finding(s, &f));
	f = at("txn-open", 6, 0);                        /* the disk's comment at 5 */
	assert_false(suppress_finding(s, &f));
	f.loc.file = "/nonexistent/new.c";
	f.loc.line = 2;
	assert_true(suppress_finding(s, &f));
	suppress_set_text(s, "/nonexistent/empty.c", "");
	f.loc.file = "/nonexistent/empty.c";
	assert_false(suppress_finding(s, &f));
	fclose(out);
	char want[512];
	snprintf(want, sizeof(want),
		 "%s:2:40: warning: unknown check 'lek' in a closecheck suppression (see --list-checks)\n",
		 file);
	assert_string_equal(buf, want);
	free(buf);
	suppress_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_all),
		cmocka_unit_test(test_parse_list),
		cmocka_unit_test(test_parse_not),
		cmocka_unit_test(test_parse_long_line),
		cmocka_unit_test(test_suppress_line),
		cmocka_unit_test_setup_teardown(test_findings, make_file, remove_file),
		cmocka_unit_test_setup_teardown(test_warnings, make_file, remove_file),
		cmocka_unit_test_setup_teardown(test_apply, make_file, remove_file),
		cmocka_unit_test_setup_teardown(test_text, make_file, remove_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
