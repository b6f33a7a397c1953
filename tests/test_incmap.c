/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of incmap.c and of what the front end records for it: the
 * scan of #include lines (quoted against the includer's folder, -iquote and
 * -I; angled against -I only; followed through headers), the includes a
 * parse records (user headers only), the map saved and read back, an entry
 * trusted only while its files are older than its parse, and a broken file
 * read as an empty map.  The git and command-line side is vcs_test.sh.
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
#include "frontend.h"
#include "incmap.h"

static char root[PATH_MAX];

static const char *
at(const char *rel)
{
	static char buf[4][PATH_MAX + 64];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", root, rel);
	return buf[k];
}

static void
put(const char *rel, const char *text)
{
	char dir[PATH_MAX + 64];
	snprintf(dir, sizeof(dir), "%s", at(rel));
	for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(dir, 0700);
		*s = '/';
	}
	FILE *f = fopen(at(rel), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
setup(void **state)
{
	char tmpl[] = "/tmp/incmap-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(realpath(tmpl, root));
	put("src/a.c", "#include \"local.h\"\n  #  include <lib/api.h>\nint a;\n");
	put("src/local.h", "#include \"deep/inner.h\"\n");
	put("src/deep/inner.h", "int inner;\n");
	put("inc/lib/api.h", "#include \"quoted.h\"\n");
	put("q/quoted.h", "int q;\n");
	put("src/angled.c", "#include <local.h>\n");
	put("src/none.c", "int none;\n");
	return 0;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static UnitSpec
unit(const char *file, int argc, const char **argv)
{
	UnitList l = {0};
	unit_list_add(&l, file, root, argc, argv);
	UnitSpec s = l.v[0];
	vec_free(&l);
	return s;
}

static void
test_scan(void **state)
{
	const char *flags[] = {"-Iinc", "-iquote", "q"};
	UnitSpec a = unit(at("src/a.c"), 3, flags);
	assert_true(incmap_scan(&a, at("src/local.h")));
	assert_true(incmap_scan(&a, at("src/deep/inner.h")));  /* through local.h */
	assert_true(incmap_scan(&a, at("inc/lib/api.h")));     /* angled, -I */
	assert_true(incmap_scan(&a, at("q/quoted.h")));        /* quoted, -iquote */
	assert_false(incmap_scan(&a, at("src/a.c")));
	UnitSpec bare = unit(at("src/a.c"), 0, NULL);
	assert_true(incmap_scan(&bare, at("src/local.h")));
	assert_false(incmap_scan(&bare, at("inc/lib/api.h")));  /* no -I */
	/* <local.h> is not looked for in the includer's folder */
	UnitSpec ang = unit(at("src/angled.c"), 0, NULL);
	assert_false(incmap_scan(&ang, at("src/local.h")));
	UnitSpec none = unit(at("src/none.c"), 0, NULL);
	assert_false(incmap_scan(&none, at("src/local.h")));
	unit_spec_release(&a);
	unit_spec_release(&bare);
	unit_spec_release(&ang);
	unit_spec_release(&none);
}

/* The parse records the user's headers, transitively, not system ones. */
static void
test_frontend_includes(void **state)
{
	const char *flags[] = {"-Iinc", "-iquote", "q"};
	put("src/p.c", "#include <stdio.h>\n#include \"local.h\"\n#include <lib/api.h>\n");
	UnitSpec p = unit(at("src/p.c"), 3, flags);
	Frontend *fe = frontend_new();
	Diag d;
	diag_init(&d, NULL);
	IrUnit *u = frontend_lower(fe, &p, &d);
	assert_non_null(u);
	assert_int_equal(d.errors, 0);
	const char *want[] = {"src/local.h", "src/deep/inner.h", "inc/lib/api.h", "q/quoted.h"};
	assert_int_equal(u->includes.n, 4);
	for (int i = 0; i < 4; i++) {
		bool found = false;
		for (int j = 0; j < u->includes.n; j++)
			found |= strcmp(u->includes.v[j], at(want[i])) == 0;
		assert_true(found);
	}
	ir_unit_free(u);
	frontend_free(fe);
	unit_spec_release(&p);
}

static void
test_save_load(void **state)
{
	IncMap m;
	incmap_open(&m, at("cache"), root);
	assert_int_equal(m.v.n, 0);
	const char *inc[] = {at("src/local.h")};
	/* m.c includes local.h through a macro the scan cannot follow; it
	 * was written before the parse (more than the clock slack) */
	put("src/m.c", "#define H \"local.h\"\n#include H\n");
	usleep(200000);
	UnitSpec mc = unit(at("src/m.c"), 0, NULL);
	assert_false(incmap_includes(&m, &mc, at("src/local.h")));
	assert_int_equal(m.v.n, 1);            /* the scan's answer is kept */
	assert_true(m.v.v[0].scanned);
	incmap_record(&m, at("src/m.c"), incmap_now(), 1, inc);
	assert_false(m.v.v[0].scanned);        /* the parse's replaces it */
	assert_true(incmap_includes(&m, &mc, at("src/local.h")));
	incmap_save(&m);
	incmap_release(&m);

	IncMap again;
	incmap_open(&again, at("cache"), root);
	assert_int_equal(again.v.n, 1);
	assert_true(incmap_includes(&again, &mc, at("src/local.h")));
	/* another key: another file */
	IncMap other;
	incmap_open(&other, at("cache"), "/elsewhere");
	assert_int_equal(other.v.n, 0);
	incmap_release(&other);
	/* the unit changed after its parse: the entry is not trusted (the
	 * scan decides, and cannot see through the macro) */
	put("src/m.c", "#define H \"local.h\"\n#include H\nint later;\n");
	assert_false(incmap_includes(&again, &mc, at("src/local.h")));
	incmap_release(&again);
	unit_spec_release(&mc);
}

static void
test_broken_file(void **state)
{
	IncMap m;
	incmap_open(&m, at("cache2"), root);
	assert_non_null(m.path);
	incmap_release(&m);
	put("cache2/x", "");
	incmap_open(&m, at("cache2"), root);
	FILE *f = fopen(m.path, "w");
	fputs("{\"closecheck_includes\": 1, \"units\": {\"/a.c\": 5", f);
	fclose(f);
	incmap_release(&m);
	incmap_open(&m, at("cache2"), root);
	assert_int_equal(m.v.n, 0);
	incmap_release(&m);
}

static void
test_names(void **state)
{
	assert_true(incmap_is_header("src/app.h"));
	assert_false(incmap_is_header("src/app.c"));
	assert_false(incmap_is_header(".h"));
	char key[PATH_MAX];
	put("repo/.git/HEAD", "ref: refs/heads/main\n");
	put("repo/src/x.c", "int x;\n");
	assert_string_equal(incmap_project_key(at("repo/src/x.c"), key), at("repo"));
	assert_string_equal(incmap_project_key(at("repo/src"), key), at("repo"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_frontend_includes),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_broken_file),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
