/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of yamlfields.c: the "expected a, b or c" list made from a
 * table, unknown, duplicate and non-plain keys, yf_read() stopping at the
 * first error, the typed getters' messages with their line:col, and the
 * markdown table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include "yamlfields.h"

typedef struct T {
	YReader y;
	yaml_parser_t ps;
	yaml_document_t doc;
	char msgs[2048];
	int stored;
} T;

static void
collect(YReader *y, const yaml_node_t *n, const char *msg)
{
	T *t = (T *)y;
	size_t len = strlen(t->msgs);
	snprintf(t->msgs + len, sizeof(t->msgs) - len, "%d:%d: %s\n",
		 (int)n->start_mark.line + 1, (int)n->start_mark.column + 1, msg);
}

static const yaml_node_t *
load(T *t, const char *text)
{
	memset(t, 0, sizeof(*t));
	t->y.error = collect;
	assert_true(yaml_parser_initialize(&t->ps));
	yaml_parser_set_input_string(&t->ps, (const unsigned char *)text, strlen(text));
	assert_true(yaml_parser_load(&t->ps, &t->doc));
	t->y.doc = &t->doc;
	return yaml_document_get_root_node(&t->doc);
}

static void
unload(T *t)
{
	yaml_document_delete(&t->doc);
	yaml_parser_delete(&t->ps);
}

static bool
count(YReader *y, const yaml_node_t *v, const YField *f)
{
	((T *)y)->stored++;
	if (strcmp(f->key, "bad") == 0) {
		yf_fail(y, v, "bad value for '%s'", f->key);
		return false;
	}
	return true;
}

static const YField fields[] = {
	{"function", YT_NAME, true, NULL, NULL, "the function", count},
	{"out", YT_INDEX, false, NULL, NULL, "an argument", count},
	{"bad", YT_BOOL, false, "`false`", NULL, "always refused", count},
	{NULL, 0, false, NULL, NULL, NULL, NULL}
};

static void
test_expected(void **state)
{
	char buf[100];
	yf_expected(fields, buf, sizeof(buf));
	assert_string_equal(buf, "function, out or bad");
	yf_expected(fields + 2, buf, sizeof(buf));
	assert_string_equal(buf, "bad");
}

static void
test_check_keys(void **state)
{
	T t;
	const yaml_node_t *m = load(&t, "function: f\nfial: 1\nout: 2\nout: 3\n[x]: 1\n");
	yf_check_keys(&t.y, m, fields, "an entry of 'acquire'");
	assert_string_equal(t.msgs,
		"2:1: unknown key 'fial' in an entry of 'acquire' (expected function, out or bad)\n"
		"4:1: duplicate key 'out' in an entry of 'acquire'\n"
		"5:1: expected a plain key in an entry of 'acquire'\n");
	assert_int_equal(t.y.errors, 3);
	unload(&t);
}

static void
test_read_stops(void **state)
{
	T t;
	const yaml_node_t *m = load(&t, "function: f\nout: 1\nbad: x\nnope: 1\n");
	assert_false(yf_read(&t.y, m, fields, "the configuration"));
	assert_int_equal(t.stored, 3);
	assert_string_equal(t.msgs, "3:6: bad value for 'bad'\n");
	unload(&t);
	m = load(&t, "nope: 1\nfunction: f\n");
	assert_false(yf_read(&t.y, m, fields, "the configuration"));
	assert_int_equal(t.stored, 0);
	assert_string_equal(t.msgs, "1:1: unknown key 'nope' in the configuration "
			    "(expected function, out or bad)\n");
	unload(&t);
}

static void
test_getters(void **state)
{
	T t;
	const yaml_node_t *m = load(&t, "a: -1\nb: 300\nc: x\nd: yes\ne: \"= 0\"\nf: != 0\n"
				       "g: 4\nh: true\ni: \"< 0\"\nj: ~\n");
	int i = 7;
	bool b = false;
	Pred p = {OP_NONE, 0};
	assert_false(yf_get_index(&t.y, m, "a", 255, &i));
	assert_false(yf_get_index(&t.y, m, "b", 255, &i));
	assert_false(yf_get_index(&t.y, m, "c", 255, &i));
	assert_false(yf_get_bool(&t.y, m, "d", &b));
	assert_false(yf_get_pred(&t.y, m, "e", &p));
	assert_false(yf_get_pred(&t.y, m, "f", &p));
	assert_string_equal(t.msgs,
		"1:4: negative argument index '-1' for 'a'\n"
		"2:4: argument index '300' for 'b' is too large\n"
		"3:4: expected an argument index (an integer >= 0) for 'c'\n"
		"4:4: expected true or false for 'd'\n"
		"5:4: bad predicate '= 0' for 'e': expected an operator and an integer "
		"such as \"== 0\" or \"< 0\"\n"
		"6:4: bad predicate '!= 0' for 'f': expected an operator and an integer "
		"such as \"== 0\" or \"< 0\" (quote it)\n");
	assert_int_equal(i, 7);
	assert_true(yf_get_index(&t.y, m, "g", 255, &i) && i == 4);
	assert_true(yf_get_bool(&t.y, m, "h", &b) && b);
	assert_true(yf_get_pred(&t.y, m, "i", &p) && p.op == OP_LT && p.value == 0);
	i = 9;
	assert_true(yf_get_index(&t.y, m, "j", 255, &i) && i == 9);   /* null: absent */
	assert_true(yf_get_index(&t.y, m, "zz", 255, &i) && i == 9);
	unload(&t);
}

static void
test_markdown(void **state)
{
	char buf[1024] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	yf_markdown(f, fields);
	fclose(f);
	assert_string_equal(buf,
		"| key | type | default | meaning |\n|---|---|---|---|\n"
		"| `function` | name | **required** | the function |\n"
		"| `out` | integer >= 0 | none | an argument |\n"
		"| `bad` | `true` or `false` | `false` | always refused |\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_read_stops),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_markdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
