/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of baseline.c: a baseline written and read back, findings that
 * only moved still recognised, new ones kept, and files that are not
 * baselines reported without touching the findings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "baseline.h"

#define ROOT "/nonexistent/proj"

static char path[64];

static int
make_path(void **state)
{
	strcpy(path, "/tmp/cc_baseline_XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int
remove_path(void **state)
{
	unlink(path);
	return 0;
}

/* Adds a leak of variable var in function fn at line, acquired 2 lines up. */
static void
add(FindingSet *s, const char *fn, const char *var, int line)
{
	char msg[200];
	snprintf(msg, sizeof(msg), "memory '%s' acquired by 'malloc' at line %d is not released",
		 var, line - 2);
	Finding f = {0};
	f.check = "leak";
	f.loc = (Loc){ROOT "/src/a.c", line, 2};
	f.func = fn;
	f.message = msg;
	findings_add(s, &f);
}

static void
prepare(FindingSet *s)
{
	findings_sort(s);
	findings_fingerprint(s, ROOT);
}

static void
test_round_trip(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	FindingSet old;
	findings_init(&old);
	add(&old, "f", "p", 10);
	add(&old, "g", "q", 30);
	prepare(&old);
	assert_int_equal(baseline_write(&old, path, ROOT, &d), 0);

	/* the file: one entry per finding, readable by people */
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "closecheck_baseline")), 1);
	json_t *list = json_object_get(root, "findings");
	assert_int_equal(json_array_size(list), 2);
	json_t *e = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(e, "fingerprint")),
			    old.v.v[0].fingerprint);
	assert_string_equal(json_string_value(json_object_get(e, "file")), "src/a.c");
	assert_string_equal(json_string_value(json_object_get(e, "function")), "f");
	assert_string_equal(json_string_value(json_object_get(e, "check")), "leak");
	json_decref(root);

	/* today: both old ones moved down 5 lines, and a new one */
	FindingSet now;
	findings_init(&now);
	add(&now, "h", "r", 8);
	add(&now, "f", "p", 15);
	add(&now, "g", "q", 35);
	prepare(&now);
	assert_int_equal(baseline_filter(&now, path, &d), 2);
	assert_int_equal(now.v.n, 1);
	assert_string_equal(now.v.v[0].func, "h");
	assert_int_equal(d.errors, 0);
	findings_release(&now);
	findings_release(&old);
}

static void
test_same_message_twice(void **state)
{
	/* two equal findings recorded; today a third: only it is new */
	Diag d;
	diag_init(&d, NULL);
	FindingSet old, now;
	findings_init(&old);
	add(&old, "f", "p", 10);
	add(&old, "f", "p", 20);
	prepare(&old);
	assert_string_not_equal(old.v.v[0].fingerprint, old.v.v[1].fingerprint);
	assert_int_equal(baseline_write(&old, path, ROOT, &d), 0);
	findings_init(&now);
	add(&now, "f", "p", 10);
	add(&now, "f", "p", 20);
	add(&now, "f", "p", 30);
	prepare(&now);
	assert_int_equal(baseline_filter(&now, path, &d), 2);
	assert_int_equal(now.v.n, 1);
	assert_int_equal(now.v.v[0].loc.line, 30);
	findings_release(&now);
	findings_release(&old);
}

static void
test_empty_baseline(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	FindingSet none, now;
	findings_init(&none);
	assert_int_equal(baseline_write(&none, path, ROOT, &d), 0);
	findings_init(&now);
	add(&now, "f", "p", 10);
	prepare(&now);
	assert_int_equal(baseline_filter(&now, path, &d), 0);
	assert_int_equal(now.v.n, 1);
	findings_release(&now);
	findings_release(&none);
}

/* Writes text to path and filters one finding with it. */
static void
assert_rejected(const char *text, const char *msg)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	Diag d;
	diag_init(&d, NULL);
	FindingSet now;
	findings_init(&now);
	add(&now, "f", "p", 10);
	prepare(&now);
	assert_int_equal(baseline_filter(&now, path, &d), -1);
	assert_int_equal(now.v.n, 1);                   /* untouched */
	assert_int_equal(d.errors, 1);
	if (!strstr(d.last, msg))
		fail_msg("expected '%s' in '%s'", msg, d.last);
	findings_release(&now);
}

static void
test_not_a_baseline(void **state)
{
	assert_rejected("{\"findings\": [", "cannot read the baseline");
	assert_rejected("[1, 2]", "not a closecheck baseline");
	assert_rejected("{\"findings\": []}", "not a closecheck baseline");
	assert_rejected("{\"closecheck_baseline\": 1, \"findings\": {}}", "not a closecheck baseline");
	unlink(path);
	assert_rejected("", "cannot read the baseline");       /* no such file */
}

static void
test_write_error(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	FindingSet none;
	findings_init(&none);
	assert_int_equal(baseline_write(&none, "/nonexistent/dir/b.json", ROOT, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.last,
			       "/nonexistent/dir/b.json: error: cannot write: No such file or directory"));
	findings_release(&none);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, make_path, remove_path),
		cmocka_unit_test_setup_teardown(test_same_message_twice, make_path, remove_path),
		cmocka_unit_test_setup_teardown(test_empty_baseline, make_path, remove_path),
		cmocka_unit_test_setup_teardown(test_not_a_baseline, make_path, remove_path),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
