/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of vcs.c: reading `git diff -U0` output into changed files and
 * line ranges (quoted and spaced names, deletions, hunks whose text looks
 * like a header).  The git commands themselves are tested in vcs_test.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include "vcs.h"

static const char diff[] =
	"diff --git a/src/db.c b/src/db.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/src/db.c\n"
	"+++ b/src/db.c\n"
	"@@ -3 +3 @@ int f(void)\n"
	"-\told();\n"
	"+\tnew();\n"
	"@@ -10,0 +11,3 @@ int f(void)\n"
	"++++ b/not/a/header.c\n"             /* added line "+++ b/..." */
	"+diff --git a/x b/x\n"
	"+\tz();\n"
	"@@ -20,2 +23,0 @@ int g(void)\n"     /* only deleted: around line 23 */
	"-\tfclose(f);\n"
	"-\tf = 0;\n"
	"diff --git a/my file.c b/my file.c\n"
	"new file mode 100644\n"
	"--- /dev/null\n"
	"+++ b/my file.c\t\n"
	"@@ -0,0 +1,2 @@\n"
	"+int a;\n"
	"+int b;\n"
	"diff --git \"a/q\\\"t\\303\\251.c\" \"b/q\\\"t\\303\\251.c\"\n"
	"--- \"a/q\\\"t\\303\\251.c\"\n"
	"+++ \"b/q\\\"t\\303\\251.c\"\n"
	"@@ -1,0 +2 @@\n"
	"+int c;\n";

static void
test_parse(void **state)
{
	VcsChanges ch = {0};
	vcs_parse_diff("/top", diff, &ch);
	assert_int_equal(ch.n, 3);
	assert_string_equal(ch.files[0].path, "/top/src/db.c");
	assert_string_equal(ch.files[1].path, "/top/my file.c");
	assert_string_equal(ch.files[2].path, "/top/q\"t\xc3\xa9.c");
	const VcsFile *f = &ch.files[0];
	assert_int_equal(f->nranges, 3);
	assert_int_equal(f->ranges[0].first, 3);
	assert_int_equal(f->ranges[0].last, 3);
	assert_int_equal(f->ranges[1].first, 11);
	assert_int_equal(f->ranges[1].last, 13);
	assert_int_equal(f->ranges[2].first, 23);
	assert_int_equal(f->ranges[2].last, 24);
	assert_int_equal(ch.files[1].nranges, 1);
	assert_int_equal(ch.files[1].ranges[0].first, 1);
	assert_int_equal(ch.files[1].ranges[0].last, 2);
	assert_int_equal(ch.files[2].ranges[0].first, 2);
	assert_int_equal(ch.files[2].ranges[0].last, 2);
	vcs_changes_release(&ch);
	assert_int_equal(ch.n, 0);
}

static void
test_lines(void **state)
{
	VcsChanges ch = {0};
	vcs_parse_diff("/top", diff, &ch);
	const VcsFile *f = vcs_find(&ch, "/top/src/db.c");
	assert_non_null(f);
	static const int yes[] = {3, 11, 12, 13, 23, 24};
	static const int no[] = {1, 2, 4, 10, 14, 22, 25};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(vcs_line_changed(f, yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(vcs_line_changed(f, no[i]));
	assert_null(vcs_find(&ch, "/top/src/other.c"));
	assert_null(vcs_find(&ch, "/top/not/a/header.c"));
	VcsFile all = {"/top/new.c", NULL, 0, true};
	assert_true(vcs_line_changed(&all, 1000));
	vcs_changes_release(&ch);
}

static void
test_nothing(void **state)
{
	VcsChanges ch = {0};
	vcs_parse_diff("/top", "", &ch);
	assert_int_equal(ch.n, 0);
	/* a deleted file (filtered by git anyway) names no new side */
	vcs_parse_diff("/top", "diff --git a/x.c b/x.c\ndeleted file mode 100644\n"
		       "--- a/x.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-int x;\n", &ch);
	assert_int_equal(ch.n, 0);
	vcs_changes_release(&ch);
}

static void
test_bad_revision(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	VcsChanges ch;
	assert_int_equal(vcs_changes("--output=/tmp/x", &ch, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.last, "invalid revision '--output=/tmp/x'"));
	assert_int_equal(ch.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_bad_revision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
