/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of config.c: .closecheck.yaml found by walking up (nearest
 * wins), each key, the order of --checks, exclusions, and errors reported
 * at their file:line:col.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"

static char root[PATH_MAX];       /* realpath of the temporary tree */

static void
put(const char *rel, const char *text)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *s = strchr(path + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *
at(const char *rel)
{
	static char path[4][PATH_MAX + 64];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", root, rel);
	return path[k];
}

static int
make_tree(void **state)
{
	char tmpl[] = "/tmp/cc_config_XXXXXX";
	if (!mkdtemp(tmpl) || !realpath(tmpl, root))
		return -1;
	put(".closecheck.yaml",
	    "# the project's configuration\n"
	    "checks: [\"-*\", leak, \"txn-*\"]\n"
	    "rules: [packs/pool.yaml, /abs/other.yaml]\n"
	    "severity: { leak: error, txn-open: note }\n"
	    "exclude: [vendor, \"*_gen.c\"]\n");
	put("src/a.c", "int a;\n");
	put("src/a_gen.c", "int a;\n");
	put("src/sub/.closecheck.yaml", "checks: \"-leak\"\n");
	put("src/sub/b.c", "int b;\n");
	put("src/one/.closecheck.yaml", "rules: packs/one.yaml\n");
	put("src/one/c.c", "int c;\n");
	put("vendor/lib/v.c", "int v;\n");
	put("vendorx/w.c", "int w;\n");
	return 0;
}

static int
remove_tree(void **state)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_nearest_wins(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	ConfigCache cc = {0};
	const Config *top = config_for(&cc, at("src/a.c"), &d);
	assert_non_null(top);
	assert_string_equal(top->dir, root);
	assert_string_equal(top->checks, "-*,leak,txn-*");
	const Config *sub = config_for(&cc, at("src/sub/b.c"), &d);
	assert_non_null(sub);
	assert_ptr_not_equal(sub, top);
	assert_string_equal(sub->checks, "-leak");
	assert_int_equal(sub->rules.n, 0);            /* nothing inherited */
	/* each file read once */
	assert_ptr_equal(config_for(&cc, at("src/a_gen.c"), &d), top);
	assert_int_equal(cc.loaded.n, 2);
	/* no configuration above a file */
	assert_null(config_for(&cc, "/nonexistent/x.c", &d));
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 0);
	config_cache_release(&cc);
}

static void
test_keys(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	ConfigCache cc = {0};
	const Config *c = config_for(&cc, at("src/a.c"), &d);
	assert_non_null(c);
	assert_int_equal(c->rules.n, 2);
	char want[PATH_MAX + 32];
	snprintf(want, sizeof(want), "%s/packs/pool.yaml", root);
	assert_string_equal(c->rules.v[0], want);
	assert_string_equal(c->rules.v[1], "/abs/other.yaml");
	assert_string_equal(config_severity(c, "leak"), "error");
	assert_string_equal(config_severity(c, "txn-open"), "note");
	assert_null(config_severity(c, "double-release"));
	assert_null(config_severity(NULL, "leak"));
	config_cache_release(&cc);
}

/* rules: given as one string is relative to the configuration's folder,
 * as each item of a list is (it was taken relative to the current one). */
static void
test_rules_one_string(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	ConfigCache cc = {0};
	const Config *c = config_for(&cc, at("src/one/c.c"), &d);
	assert_non_null(c);
	assert_int_equal(c->rules.n, 1);
	assert_string_equal(c->rules.v[0], at("src/one/packs/one.yaml"));
	assert_int_equal(d.errors, 0);
	config_cache_release(&cc);
}

static void
test_exclude(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	ConfigCache cc = {0};
	const Config *c = config_for(&cc, at("src/a.c"), &d);
	assert_false(config_excludes(c, at("src/a.c")));
	assert_true(config_excludes(c, at("src/a_gen.c")));
	assert_true(config_excludes(c, at("vendor/lib/v.c")));   /* a folder */
	assert_false(config_excludes(c, at("vendorx/w.c")));     /* not a prefix */
	assert_false(config_excludes(NULL, at("src/a_gen.c")));
	config_cache_release(&cc);
}

static void
test_checks_order(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	ConfigCache cc = {0};
	CheckSet defaults, cs;
	checks_default(&defaults);
	const Config *c = config_for(&cc, at("src/a.c"), &d);
	config_checks(c, &defaults, NULL, 0, &cs, &d);
	assert_true(cs.on[checks_find("leak")]);
	assert_true(cs.on[checks_find("txn-open")]);
	assert_true(cs.on[checks_find("txn-wrong-handle")]);
	assert_false(cs.on[checks_find("double-release")]);
	/* the command line comes after the configuration */
	const char *cmd[] = {"double-release", "-txn-open"};
	config_checks(c, &defaults, cmd, 2, &cs, &d);
	assert_true(cs.on[checks_find("double-release")]);
	assert_false(cs.on[checks_find("txn-open")]);
	assert_true(cs.on[checks_find("leak")]);
	/* no configuration: the defaults and the command line */
	config_checks(NULL, &defaults, cmd, 2, &cs, &d);
	assert_true(cs.on[checks_find("loop-release")]);
	assert_false(cs.on[checks_find("txn-open")]);
	config_cache_release(&cc);
}

static void
test_fixed(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	ConfigCache cc = {0};
	put("one.yaml", "severity: { double-release: error }\n");
	assert_int_equal(config_fixed(&cc, at("one.yaml"), &d), 0);
	const Config *c = config_for(&cc, at("src/sub/b.c"), &d);
	assert_non_null(c);
	assert_string_equal(config_severity(c, "double-release"), "error");
	assert_ptr_equal(config_for(&cc, "/nonexistent/x.c", &d), c);
	config_cache_release(&cc);
}

/* Loads text as --config; the diagnostics printed. */
static int
load(const char *text, char *msgs, size_t n, int *warnings)
{
	put("t.yaml", text);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	Diag d;
	diag_init(&d, out);
	ConfigCache cc = {0};
	int rc = config_fixed(&cc, at("t.yaml"), &d);
	fclose(out);
	snprintf(msgs, n, "%s", buf);
	free(buf);
	assert_int_equal(rc == 0, d.errors == 0);
	assert_int_equal(rc == 0, !cc.failed);
	*warnings = d.warnings;
	config_cache_release(&cc);
	return rc;
}

static void
assert_message(const char *msgs, const char *where, const char *what)
{
	char want[PATH_MAX + 300];
	snprintf(want, sizeof(want), "%s/t.yaml:%s: %s", root, where, what);
	if (!strstr(msgs, want))
		fail_msg("expected '%s' in:\n%s", want, msgs);
}

static void
test_errors(void **state)
{
	char m[4096];
	int w;
	assert_int_equal(load("chekcs: x\n", m, sizeof(m), &w), -1);
	assert_message(m, "1:1", "error: unknown key 'chekcs' in the configuration");
	assert_int_equal(load("checks: leak\nseverity: { lek: error }\n", m, sizeof(m), &w), -1);
	assert_message(m, "2:13", "error: unknown check 'lek' in 'severity'");
	assert_int_equal(load("severity:\n  leak: fatal\n", m, sizeof(m), &w), -1);
	assert_message(m, "2:9", "error: severity must be error, warning or note");
	assert_int_equal(load("checks: [\n", m, sizeof(m), &w), -1);
	assert_message(m, "2:1", "error:");
	assert_int_equal(load("checks: { leak: on }\n", m, sizeof(m), &w), -1);
	assert_message(m, "1:9", "error: expected a string or a list of check globs for 'checks'");
	assert_int_equal(load("exclude: { a: b }\n", m, sizeof(m), &w), -1);
	assert_message(m, "1:10", "error: expected a list of strings for 'exclude'");
	assert_int_equal(load("- just\n- a list\n", m, sizeof(m), &w), -1);
	assert_message(m, "1:1", "error: expected a mapping at the top of the configuration");
	/* a glob that matches nothing: a warning, and the file is used */
	assert_int_equal(load("checks: \"-*,lek,txn-*\"\n", m, sizeof(m), &w), 0);
	assert_int_equal(w, 1);
	assert_message(m, "1:9", "warning: 'lek' in 'checks' matches no check");
	assert_int_equal(load("checks:\n  - leak\n  - -nothing*\n", m, sizeof(m), &w), 0);
	assert_int_equal(w, 1);
	assert_message(m, "3:5", "warning: 'nothing*' in 'checks' matches no check");
	/* an empty file is an empty configuration */
	assert_int_equal(load("", m, sizeof(m), &w), 0);
	assert_int_equal(w, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nearest_wins),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_rules_one_string),
		cmocka_unit_test(test_exclude),
		cmocka_unit_test(test_checks_order),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
