/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of merge.c on reports written by hand, for what real shards of
 * one run seldom show: duplicates whose copies differ, errors repeated
 * within one report, rules that differ between reports, SARIF paths below
 * and outside the source root with %XX in them, an unsuccessful shard.
 * Every merge is also done with the reports in the other order, and must
 * give the same bytes.  tests/shard_test.sh runs real shards.
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
#include "checks.h"
#include "merge.h"

static char paths[2][64];

static int
make_paths(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		strcpy(paths[i], "/tmp/cc_merge_XXXXXX");
		int fd = mkstemp(paths[i]);
		if (fd < 0)
			return -1;
		close(fd);
	}
	return 0;
}

static int
remove_paths(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++)
		unlink(paths[i]);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Merges the two reports (in the order given, or reversed); the merged
 * text (caller frees), or NULL when merge_reports() failed. */
static char *
merge_two(bool reversed, Format want, MergeSummary *sum, Diag *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	char *v[2] = {paths[reversed], paths[!reversed]};
	int rc = merge_reports(2, v, want, out, sum, d);
	fclose(out);
	if (rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* The merge of a and b, checked to be the same in both orders; parsed. */
static json_t *
merged(const char *a, const char *b, MergeSummary *sum)
{
	write_file(paths[0], a);
	write_file(paths[1], b);
	Diag d;
	diag_init(&d, NULL);
	MergeSummary other;
	char *one = merge_two(false, FMT_TEXT, sum, &d), *two = merge_two(true, FMT_TEXT, &other, &d);
	assert_int_equal(d.errors, 0);
	assert_non_null(one);
	assert_non_null(two);
	assert_string_equal(one, two);
	assert_memory_equal(sum, &other, sizeof(other));
	json_error_t err;
	json_t *doc = json_loads(one, 0, &err);
	assert_non_null(doc);
	free(one);
	free(two);
	diag_release(&d);
	return doc;
}

#define FINDING(file, line, msg, extra) \
	"{\"check\": \"leak\", \"severity\": \"warning\", \"message\": \"" msg "\", " \
	"\"file\": \"" file "\", \"line\": " #line ", \"column\": 3" extra "}"
#define ERROR(file, msg) \
	"{\"file\": \"" file "\", \"line\": 2, \"column\": 1, \"message\": \"" msg "\"}"

/* Findings sorted and each kept once; an error kept as often as the one
 * report that has it most has it. */
static void
test_json_lists(void **state)
{
	(void)state;
	MergeSummary sum;
	json_t *doc = merged(
		"{\"version\": \"1\", \"findings\": ["
		FINDING("/p/b.c", 9, "m", "") ", " FINDING("/p/h.h", 4, "m", "") "], "
		"\"errors\": [" ERROR("/p/c.c", "x") ", " ERROR("/p/c.c", "x") ", "
		ERROR("/p/.cfg", "bad") "]}",
		"{\"version\": \"1\", \"findings\": ["
		FINDING("/p/a.c", 20, "m", "") ", " FINDING("/p/h.h", 4, "m", "") "], "
		"\"errors\": [" ERROR("/p/.cfg", "bad") ", " ERROR("/p/d.c", "y") "]}", &sum);
	json_t *f = json_object_get(doc, "findings"), *e = json_object_get(doc, "errors");
	assert_int_equal(json_array_size(f), 3);
	const char *want_f[] = {"/p/a.c", "/p/b.c", "/p/h.h"};
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(f, i), "file")),
				    want_f[i]);
	const char *want_e[] = {"/p/.cfg", "/p/c.c", "/p/c.c", "/p/d.c"};
	assert_int_equal(json_array_size(e), 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(e, i), "file")),
				    want_e[i]);
	assert_int_equal(sum.count[SEV_WARNING], 3);
	assert_int_equal(sum.errors, 4);
	assert_int_equal(sum.format, FMT_JSON);
	/* the first report's keys, in its order */
	const char *key;
	json_t *v;
	const char *order[] = {"version", "findings", "errors"};
	size_t k = 0;
	json_object_foreach(doc, key, v)
		assert_string_equal(key, order[k++]);
	json_decref(doc);
}

/* Two copies of one finding (same place, check and message) that differ
 * elsewhere: one is kept, the same whatever the order of the reports. */
static void
test_json_copies_differ(void **state)
{
	(void)state;
	MergeSummary sum;
	json_t *doc = merged(
		"{\"version\": \"1\", \"findings\": [" FINDING("/p/h.h", 4, "m", ", \"function\": \"g\"")
		"], \"errors\": []}",
		"{\"version\": \"1\", \"findings\": [" FINDING("/p/h.h", 4, "m", ", \"function\": \"f\"")
		"], \"errors\": []}", &sum);
	json_t *f = json_object_get(doc, "findings");
	assert_int_equal(json_array_size(f), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(f, 0), "function")), "f");
	assert_int_equal(sum.errors, 0);
	json_decref(doc);
}

#define SARIF(rules, ok, notes, results) \
	"{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"closecheck\", " \
	"\"rules\": [" rules "]}}, \"invocations\": [{\"executionSuccessful\": " ok notes "}], " \
	"\"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": \"file:///r/\"}}, " \
	"\"results\": [" results "]}]}"
#define RULE(id, on) \
	"{\"id\": \"" id "\", \"defaultConfiguration\": {\"level\": \"warning\", " \
	"\"enabled\": " on "}}"
#define RESULT(id, idx, uri, base, line) \
	"{\"ruleId\": \"" id "\", \"ruleIndex\": " #idx ", \"message\": {\"text\": \"m\"}, " \
	"\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"" uri "\"" base \
	"}, \"region\": {\"startLine\": " #line ", \"startColumn\": 1}}}]}"
#define IN_ROOT ", \"uriBaseId\": \"%SRCROOT%\""

/* One run: the rules united in the check table's order (enabled if either
 * report enables it), ruleIndex renumbered, results sorted by the path
 * their URI names (%XX decoded; below the root or not), the invocation
 * unsuccessful when one was, with the notifications of both. */
static void
test_sarif(void **state)
{
	(void)state;
	MergeSummary sum;
	json_t *doc = merged(
		SARIF(RULE("leak", "false") ", " RULE("double-release", "true"), "true", "",
		      RESULT("double-release", 1, "z.c", IN_ROOT, 5) ", "
		      RESULT("leak", 0, "file:///q/a%20b.c", "", 7)),
		SARIF(RULE("leak", "true"), "false",
		      ", \"toolExecutionNotifications\": [{\"level\": \"error\", "
		      "\"message\": {\"text\": \"bad\"}}]",
		      RESULT("leak", 0, "s%2Bt.c", IN_ROOT, 3)), &sum);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"),
					"rules");
	assert_int_equal(json_array_size(rules), 2);
	bool leak_first = checks_find("leak") < checks_find("double-release");
	json_t *leak = json_array_get(rules, leak_first ? 0 : 1);
	assert_string_equal(json_string_value(json_object_get(leak, "id")), "leak");
	assert_true(json_is_true(json_object_get(json_object_get(leak, "defaultConfiguration"),
						 "enabled")));
	json_t *res = json_object_get(run, "results");
	assert_int_equal(json_array_size(res), 3);
	/* /q/a b.c, /r/s+t.c, /r/z.c */
	const char *uris[] = {"file:///q/a%20b.c", "s%2Bt.c", "z.c"};
	for (size_t i = 0; i < 3; i++) {
		json_t *r = json_array_get(res, i);
		json_t *art = json_object_get(json_object_get(json_array_get(
			json_object_get(r, "locations"), 0), "physicalLocation"), "artifactLocation");
		assert_string_equal(json_string_value(json_object_get(art, "uri")), uris[i]);
		const char *id = json_string_value(json_object_get(r, "ruleId"));
		json_t *rule = json_array_get(rules, (size_t)json_integer_value(
			json_object_get(r, "ruleIndex")));
		assert_string_equal(json_string_value(json_object_get(rule, "id")), id);
	}
	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	assert_int_equal(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 1);
	assert_int_equal(sum.count[SEV_WARNING], 3);
	assert_int_equal(sum.errors, 1);
	assert_int_equal(sum.format, FMT_SARIF);
	json_decref(doc);
}

/* A report of the other format than asked, or two of different formats:
 * an error naming the file, nothing written. */
static void
test_formats(void **state)
{
	(void)state;
	write_file(paths[0], "{\"version\": \"1\", \"findings\": [], \"errors\": []}");
	write_file(paths[1], SARIF("", "true", "", ""));
	Diag d;
	diag_init(&d, NULL);
	MergeSummary sum;
	char *text = merge_two(false, FMT_TEXT, &sum, &d);
	assert_null(text);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.last, "give reports of one format"));
	write_file(paths[1], "{\"version\": \"1\", \"findings\": [], \"errors\": []}");
	text = merge_two(false, FMT_SARIF, &sum, &d);
	assert_null(text);
	assert_non_null(strstr(d.last, "a JSON report, not a SARIF log (--format=sarif)"));
	text = merge_two(false, FMT_JSON, &sum, &d);
	assert_non_null(text);
	free(text);
	diag_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_lists, make_paths, remove_paths),
		cmocka_unit_test_setup_teardown(test_json_copies_differ, make_paths, remove_paths),
		cmocka_unit_test_setup_teardown(test_sarif, make_paths, remove_paths),
		cmocka_unit_test_setup_teardown(test_formats, make_paths, remove_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
