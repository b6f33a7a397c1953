/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of pipeline.c, the steps the command line and the Language
 * Server share: the rule table built from the packs in use and built again
 * when one changes on disk; configurations read again after a refresh;
 * exclusions and the unit's flags; per-file checks, severities,
 * --warnings-as-errors and suppressions (from an editor's text too); the
 * result cache's run key.
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
#include <unistd.h>
#include "pipeline.h"

static char root[PATH_MAX];

static const char *
at(const char *rel)
{
	static char buf[4][PATH_MAX + 64];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, PATH_MAX + 64, "%s/%s", root, rel);
	return p;
}

static void
put(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
setup(void **state)
{
	char tmpl[] = "/tmp/cc_pipeline_XXXXXX";
	if (!mkdtemp(tmpl) || !realpath(tmpl, root))
		return -1;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sub", root);
	return system(cmd) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	return system(cmd) == 0 ? 0 : -1;
}

static const char PACK[] =
	"pack: pool\nkinds:\n  - name: pool_block\n    acquire: [%s]\n    release: [pool_put]\n";

static void
put_pack(const char *rel, const char *acquirer)
{
	char text[256];
	snprintf(text, sizeof(text), PACK, acquirer);
	put(rel, text);
}

static void
quiet(Diag *d)
{
	diag_init(d, NULL);
}

/* ---- packs ---------------------------------------------------------------- */

static void
test_rules_reloaded_when_edited(void **state)
{
	put_pack("mine.yaml", "pool_get");
	Options o = {0};
	o.no_default_rules = true;
	vec_push(&o.rule_files, at("mine.yaml"));
	Diag d;
	quiet(&d);
	Pipeline p;
	pipeline_init(&p, &o, &d);
	assert_int_equal(pipeline_rules(&p, &d), 0);
	assert_non_null(rules_lookup(p.rules, "pool_get"));
	Rules *first = p.rules;
	/* nothing changed: the same table */
	pipeline_refresh(&p, &d);
	assert_int_equal(pipeline_rules(&p, &d), 0);
	assert_ptr_equal(p.rules, first);
	/* edited: built again from the new text */
	put_pack("mine.yaml", "pool_take_one");
	pipeline_refresh(&p, &d);
	assert_int_equal(pipeline_rules(&p, &d), 0);
	assert_null(rules_lookup(p.rules, "pool_get"));
	assert_non_null(rules_lookup(p.rules, "pool_take_one"));
	/* broken: reported, and again at the next analysis until fixed */
	put("mine.yaml", "pack: pool\nkinds: [\n");
	pipeline_refresh(&p, &d);
	assert_int_equal(pipeline_rules(&p, &d), -1);
	int errors = d.errors;
	assert_true(errors > 0);
	pipeline_refresh(&p, &d);
	assert_int_equal(pipeline_rules(&p, &d), -1);
	assert_true(d.errors > errors);
	put_pack("mine.yaml", "pool_get");
	pipeline_refresh(&p, &d);
	assert_int_equal(pipeline_rules(&p, &d), 0);
	assert_non_null(rules_lookup(p.rules, "pool_get"));
	pipeline_release(&p);
	vec_free(&o.rule_files);
	diag_release(&d);
}

/* The result cache's run key (cache.h): the packs' content (a folder's
 * files too), the checks, the limits; --no-cache and --dump-ir open none. */
static void
test_cache_key(void **state)
{
	put_pack("sub/one.yaml", "pool_get");
	Options o = {0};
	o.rules_dir = at("sub");
	Diag d;
	quiet(&d);
	Pipeline p;
	pipeline_init(&p, &o, &d);
	assert_int_equal(pipeline_rules(&p, &d), 0);
	uint64_t h = pipeline_rules_hash(&p);
	assert_true(h == pipeline_rules_hash(&p));
	put_pack("sub/one.yaml", "pool_take");       /* an edit */
	uint64_t edited = pipeline_rules_hash(&p);
	assert_true(edited != h);
	put_pack("sub/two.yaml", "pool_more");       /* a file added to the folder */
	assert_true(pipeline_rules_hash(&p) != edited);
	unlink(at("sub/two.yaml"));
	assert_true(pipeline_rules_hash(&p) == edited);
	AnalyzeOptions ao, other;
	analyze_options_init(&ao);
	pipeline_analyze_options(&p, &ao);
	other = ao;
	uint64_t k = analyze_run_key(&ao, edited);
	assert_true(k == analyze_run_key(&other, edited));
	assert_true(k != analyze_run_key(&ao, h));
	other.checks.on[0] = !other.checks.on[0];
	assert_true(k != analyze_run_key(&other, edited));
	other = ao;
	other.limits.steps_per_site++;
	assert_true(k != analyze_run_key(&other, edited));
	other = ao;
	other.jobs = 7;                              /* not what a unit finds */
	other.timeout = 9;
	assert_true(k == analyze_run_key(&other, edited));
	/* a folder for the cache, unless told not to */
	ResultCache c;
	o.cache_dir = at("cache");
	assert_true(pipeline_open_cache(&p, &ao, &c));
	assert_true(c.key == k);
	cache_close(&c);
	o.no_cache = true;
	assert_false(pipeline_open_cache(&p, &ao, &c));
	o.no_cache = false;
	o.dump_ir = true;
	assert_false(pipeline_open_cache(&p, &ao, &c));
	pipeline_release(&p);
	diag_release(&d);
	unlink(at("sub/one.yaml"));
}

/* A configuration's pack joins the table; within a run the table grows,
 * after a refresh it holds only the packs in use. */
static void
test_config_packs(void **state)
{
	put_pack("sub/cfg.yaml", "cfg_get");
	put("sub/.closecheck.yaml", "rules: [cfg.yaml]\n");
	put("sub/a.c", "int a;\n");
	Options o = {0};
	o.no_default_rules = true;
	Diag d;
	quiet(&d);
	Pipeline p;
	pipeline_init(&p, &o, &d);
	assert_int_equal(pipeline_rules(&p, &d), 0);
	assert_null(rules_lookup(p.rules, "cfg_get"));
	UnitList units = {0};
	unit_list_add(&units, at("sub/a.c"), root, 0, NULL);
	assert_int_equal(pipeline_prepare(&p, &units, &d), 0);
	assert_int_equal(units.n, 1);
	assert_non_null(rules_lookup(p.rules, "cfg_get"));
	/* the configuration no longer names it */
	put("sub/.closecheck.yaml", "checks: '*'\n");
	pipeline_refresh(&p, &d);
	assert_int_equal(pipeline_prepare(&p, &units, &d), 0);
	assert_null(rules_lookup(p.rules, "cfg_get"));
	unit_list_release(&units);
	pipeline_release(&p);
	diag_release(&d);
	unlink(at("sub/.closecheck.yaml"));
}

/* ---- units ---------------------------------------------------------------- */

static void
test_prepare_flags_and_exclusions(void **state)
{
	put("sub/.closecheck.yaml",
	    "exclude: ['gen_*.c']\nextra-args: [-DCFG]\nextra-args-before: [-DCFG_BEFORE]\n"
	    "removed-args: [-DOWN2]\n");
	put("sub/a.c", "int a;\n");
	put("sub/gen_x.c", "int x;\n");
	Options o = {0};
	o.no_default_rules = true;
	vec_push(&o.extra_args, "-DCMD");
	vec_push(&o.extra_args_before, "-DCMD_BEFORE");
	vec_push(&o.removed_args, "-DOWN1");
	Diag d;
	quiet(&d);
	Pipeline p;
	pipeline_init(&p, &o, &d);
	UnitList units = {0};
	const char *own[] = {"-DOWN1", "-DOWN2", "-DOWN3"};
	unit_list_add(&units, at("sub/a.c"), root, 3, own);
	unit_list_add(&units, at("sub/gen_x.c"), root, 3, own);
	assert_int_equal(pipeline_prepare(&p, &units, &d), 0);
	assert_int_equal(units.n, 1);
	assert_string_equal(units.v[0].file, at("sub/a.c"));
	const char *want[] = {"-DCMD_BEFORE", "-DCFG_BEFORE", "-DOWN3", "-DCFG", "-DCMD"};
	assert_int_equal(units.v[0].argc, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(units.v[0].argv[i], want[i]);
	assert_null(units.v[0].argv[5]);
	assert_true(pipeline_excludes(&p, at("sub/gen_x.c"), &d));
	assert_false(pipeline_excludes(&p, at("sub/a.c"), &d));
	unit_list_release(&units);
	pipeline_release(&p);
	vec_free(&o.extra_args);
	vec_free(&o.extra_args_before);
	vec_free(&o.removed_args);
	diag_release(&d);
	unlink(at("sub/.closecheck.yaml"));
}

/* ---- findings ------------------------------------------------------------- */

static void
add(FindingSet *fs, const char *file, int line, const char *check)
{
	Finding f = {0};
	f.check = check;
	f.severity = "warning";
	f.loc = (Loc){file, line, 1};
	f.acquired = (Loc){file, 1, 1};
	f.message = "m";
	findings_add(fs, &f);
}

/* What is left of fs, as "line:check:severity ..." */
static const char *
left(const FindingSet *fs)
{
	static char buf[512];
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < fs->v.n; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%d:%s:%s", i ? " " : "",
				      fs->v.v[i].loc.line, fs->v.v[i].check,
				      fs->v.v[i].severity);
	return buf;
}

static void
test_filter(void **state)
{
	put("sub/.closecheck.yaml", "checks: '-double-release'\nseverity: { leak: note }\n"
	    "exclude: [gen.h]\n");
	put("sub/a.c", "int a;\n");
	put("sub/gen.h", "int h;\n");
	put("b.c", "int b;\n");
	Options o = {0};
	o.no_default_rules = true;
	vec_push(&o.checks, "-use-after-release");
	o.warnings_as_errors = "use-after-release,double-release";
	Diag d;
	quiet(&d);
	Pipeline p;
	pipeline_init(&p, &o, &d);
	UnitList units = {0};
	unit_list_add(&units, at("sub/a.c"), root, 0, NULL);
	unit_list_add(&units, at("b.c"), root, 0, NULL);
	assert_int_equal(pipeline_prepare(&p, &units, &d), 0);
	/* a configuration is in use: the analysis reports every check */
	AnalyzeOptions ao;
	analyze_options_init(&ao);
	pipeline_analyze_options(&p, &ao);
	assert_true(ao.checks.on[checks_find("use-after-release")]);
	assert_ptr_equal(ao.rules, p.rules);
	FindingSet fs;
	findings_init(&fs);
	char a[PATH_MAX + 64], b[PATH_MAX + 64], h[PATH_MAX + 64];
	snprintf(a, sizeof(a), "%s", at("sub/a.c"));
	snprintf(b, sizeof(b), "%s", at("b.c"));
	snprintf(h, sizeof(h), "%s", at("sub/gen.h"));
	add(&fs, a, 2, "leak");
	add(&fs, a, 3, "double-release");
	add(&fs, a, 4, "use-after-release");
	add(&fs, a, 6, "leak");
	add(&fs, b, 2, "leak");
	add(&fs, b, 3, "double-release");
	add(&fs, h, 2, "leak");
	/* the editor's text of a.c silences line 6 (the line before it) */
	suppress_set_text(p.sup, a, "int a;\n\n\n\n// closecheck: ignore[leak]\n\n");
	pipeline_filter(&p, a, &fs, &d);
	assert_int_equal(fs.v.n, 3);
	assert_string_equal(fs.v.v[0].loc.file, a);
	assert_string_equal(left(&fs), "2:leak:note 2:leak:warning 3:double-release:error");
	assert_string_equal(fs.v.v[1].loc.file, b);
	findings_release(&fs);
	unit_list_release(&units);
	pipeline_release(&p);
	vec_free(&o.checks);
	diag_release(&d);
	unlink(at("sub/.closecheck.yaml"));
}

/* Without a configuration the analysis reports only --checks. */
static void
test_checks_without_config(void **state)
{
	Options o = {0};
	o.no_default_rules = true;
	vec_push(&o.checks, "-*,leak");
	Diag d;
	quiet(&d);
	Pipeline p;
	pipeline_init(&p, &o, &d);
	UnitList units = {0};
	unit_list_add(&units, "/no/such/dir/x.c", "/", 0, NULL);
	pipeline_prepare(&p, &units, &d);
	AnalyzeOptions ao;
	analyze_options_init(&ao);
	pipeline_analyze_options(&p, &ao);
	assert_true(ao.checks.on[checks_find("leak")]);
	assert_false(ao.checks.on[checks_find("double-release")]);
	unit_list_release(&units);
	pipeline_release(&p);
	vec_free(&o.checks);
	diag_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_reloaded_when_edited),
		cmocka_unit_test(test_cache_key),
		cmocka_unit_test(test_config_packs),
		cmocka_unit_test(test_prepare_flags_and_exclusions),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_checks_without_config),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
