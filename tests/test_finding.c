/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the run-level parts of finding.c: severities and the exit
 * decision (--fail-on), and findings_add_new() keeping a finding once
 * whatever else was added in between, across a growing index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include "finding.h"

static void
test_severity_parse(void **state)
{
	assert_int_equal(severity_parse("note"), SEV_NOTE);
	assert_int_equal(severity_parse("warning"), SEV_WARNING);
	assert_int_equal(severity_parse("error"), SEV_ERROR);
	assert_int_equal(severity_parse("never"), SEV_NEVER);
	assert_int_equal(severity_parse("Warning"), -1);
	assert_int_equal(severity_parse(NULL), -1);
}

static void
test_fail_on(void **state)
{
	int none[3] = {0, 0, 0}, notes[3] = {2, 0, 0}, warnings[3] = {1, 3, 0},
	    errors[3] = {0, 0, 1};
	assert_false(findings_fail(none, SEV_NOTE));
	assert_true(findings_fail(notes, SEV_NOTE));
	assert_false(findings_fail(notes, SEV_WARNING));   /* the default */
	assert_true(findings_fail(warnings, SEV_WARNING));
	assert_false(findings_fail(warnings, SEV_ERROR));
	assert_true(findings_fail(errors, SEV_ERROR));
	assert_true(findings_fail(errors, SEV_WARNING));
	assert_false(findings_fail(errors, SEV_NEVER));
}

static void
test_count(void **state)
{
	FindingSet s;
	findings_init(&s);
	const char *sev[] = {"note", "error", "warning", "warning", "bogus"};
	for (int i = 0; i < 5; i++) {
		Finding f = {0};
		f.check = "leak";
		f.severity = sev[i];
		f.loc = (Loc){"a.c", i + 1, 1};
		f.message = "m";
		findings_add(&s, &f);
	}
	int n[3];
	findings_count(&s, n);
	assert_int_equal(n[SEV_NOTE], 1);
	assert_int_equal(n[SEV_WARNING], 3);
	assert_int_equal(n[SEV_ERROR], 1);
	findings_release(&s);
}

/* 300 findings, each offered three times (file, line, column, check and
 * message compared; the index grows several times on the way). */
static void
test_add_new(void **state)
{
	FindingSet s;
	findings_init(&s);
	char file[32];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i++) {
			Finding f = {0};
			snprintf(file, sizeof(file), "f%d.h", i % 7);
			f.check = i % 2 ? "leak" : "double-release";
			f.loc = (Loc){file, i, 3};
			f.message = "the same text";
			assert_int_equal(findings_add_new(&s, &f), round == 0);
		}
	}
	assert_int_equal(s.v.n, 300);
	Finding other = s.v.v[5];
	other.loc.col = 4;
	assert_true(findings_add_new(&s, &other));
	other.message = "another text";
	assert_true(findings_add_new(&s, &other));
	assert_false(findings_add_new(&s, &other));
	findings_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity_parse),
		cmocka_unit_test(test_fail_on),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_add_new),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
