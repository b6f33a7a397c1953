/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of install.c: the packs' folder from CLOSECHECK_RULES_DIR or
 * next to the program, the docs from the source tree when the program
 * (here: this test, in the build tree) has none next to it, resolved, and
 * only a folder with check pages counts.
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
#include "install.h"
#include "mem.h"

static void
test_rules_dir_from_environment(void **state)
{
	setenv("CLOSECHECK_RULES_DIR", "/some/where/rules", 1);
	char *dir = install_rules_dir();
	assert_string_equal(dir, "/some/where/rules");
	mem_free(dir);
	/* empty: as if unset; the test program has no packs next to it */
	setenv("CLOSECHECK_RULES_DIR", "", 1);
	dir = install_rules_dir();
	assert_true(dir == NULL || strstr(dir, "rules") != NULL);
	mem_free(dir);
	unsetenv("CLOSECHECK_RULES_DIR");
}

static void
test_docs_from_source_tree(void **state)
{
	char tmpl[] = "/tmp/cc_install_XXXXXX", cmd[PATH_MAX + 32], real[PATH_MAX];
	install_set_source_dir(NULL);
	char *near = install_docs_dir();
	if (near) {              /* built inside the sources: docs next to it */
		mem_free(near);
		skip();
	}
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(realpath(tmpl, real));
	/* a docs/ without check pages is not the docs */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/docs", real);
	assert_int_equal(system(cmd), 0);
	install_set_source_dir(real);
	assert_null(install_docs_dir());
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/docs/checks", real);
	assert_int_equal(system(cmd), 0);
	/* given through a path with '..' in it: resolved */
	char dotted[PATH_MAX + 16];
	snprintf(dotted, sizeof(dotted), "%s/docs/..", real);
	install_set_source_dir(dotted);
	char *docs = install_docs_dir();
	char want[PATH_MAX + 8];
	snprintf(want, sizeof(want), "%s/docs", real);
	assert_non_null(docs);
	assert_string_equal(docs, want);
	mem_free(docs);
	install_set_source_dir(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", real);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_dir_from_environment),
		cmocka_unit_test(test_docs_from_source_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
