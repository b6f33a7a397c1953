/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of diag.c: the gcc-style text, the counts, and the record of
 * errors kept for the reports, written from several threads at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"

static void
test_text_and_counts(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	diag_error(&d, "a.c", 3, 7, "expected '%s'", ";");
	assert_string_equal(d.last, "a.c:3:7: error: expected ';'");
	diag_warning(&d, "a.c", 3, 0, "odd");
	assert_string_equal(d.last, "a.c:3: warning: odd");
	diag_note(&d, NULL, 0, 0, "fyi");
	assert_string_equal(d.last, "closecheck: note: fyi");
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.nerrs, 0);           /* not kept unless asked */
	diag_release(&d);
}

static void
test_keep_errors(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	d.keep_errors = true;
	diag_error(&d, "a.c", 3, 7, "expected ';'");
	diag_warning(&d, "a.c", 4, 1, "not an error");
	diag_note(&d, "a.c", 5, 1, "not an error either");
	diag_error(&d, "b.c", 0, 9, "cannot read file");   /* no line: no column */
	diag_error(&d, NULL, 0, 0, "no input");
	assert_int_equal(d.nerrs, 3);
	assert_string_equal(d.errs[0].file, "a.c");
	assert_int_equal(d.errs[0].line, 3);
	assert_int_equal(d.errs[0].col, 7);
	assert_string_equal(d.errs[0].msg, "expected ';'");
	assert_int_equal(d.errs[1].line, 0);
	assert_int_equal(d.errs[1].col, 0);
	assert_null(d.errs[2].file);
	assert_string_equal(d.errs[2].msg, "no input");
	diag_release(&d);
	assert_int_equal(d.nerrs, 0);
	assert_null(d.errs);
	diag_release(&d);                       /* twice is harmless */
}

enum { THREADS = 8, EACH = 500 };

static void *
report_many(void *arg)
{
	Diag *d = arg;
	for (int i = 0; i < EACH; i++)
		diag_error(d, "t.c", i + 1, 1, "error %d", i);
	return NULL;
}

static void
test_keep_errors_threads(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	d.keep_errors = true;
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, report_many, &d), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(d.errors, THREADS * EACH);
	assert_int_equal(d.nerrs, THREADS * EACH);
	int seen[EACH] = {0};
	for (int i = 0; i < d.nerrs; i++) {
		char want[32];
		snprintf(want, sizeof(want), "error %d", d.errs[i].line - 1);
		assert_string_equal(d.errs[i].msg, want);
		seen[d.errs[i].line - 1]++;
	}
	for (int i = 0; i < EACH; i++)
		assert_int_equal(seen[i], THREADS);
	diag_release(&d);
}

/* A path of 3000 bytes and a message of 2000: written whole, with the line
 * and column (a fixed buffer cut them at 400 bytes). */
static void
test_long_path(void **state)
{
	static char path[3001], msg[2001];
	memset(path, 'd', 3000);
	for (int i = 0; i < 3000; i += 100)
		path[i] = '/';
	memset(msg, 'm', 2000);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	Diag d;
	diag_init(&d, out);
	d.keep_errors = true;
	diag_error(&d, path, 12, 5, "%s", msg);
	fclose(out);
	assert_int_equal(len, 3000 + strlen(":12:5: error: ") + 2000 + 1);
	assert_memory_equal(text, path, 3000);
	assert_non_null(strstr(text, ":12:5: error: mmm"));
	assert_int_equal(text[len - 2], 'm');
	assert_string_equal(d.errs[0].file, path);
	assert_string_equal(d.errs[0].msg, msg);
	free(text);
	diag_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_counts),
		cmocka_unit_test(test_keep_errors),
		cmocka_unit_test(test_keep_errors_threads),
		cmocka_unit_test(test_long_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
