/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rules: a rule pack's YAML text -> rules_load_text().  When the pack
 * loads, it is loaded a second time on top of itself (the override rules:
 * globs, brackets and kinds replaced by a later pack), listed as
 * --list-rules does, and looked up.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz.h"
#include "rules.h"

static const char *const names[] = {"PQexec", "fopen", "free", "pthread_mutex_lock",
				    "sqlite3_close", "f", ""};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	Diag d;
	fuzz_diag(&d);
	Rules *r = rules_new();
	if (rules_load_text(r, "fuzz.yaml", text, size, &d) == 0) {
		rules_load_text(r, "again.yaml", text, size, &d);
		FILE *out = fopen("/dev/null", "w");
		rules_list(r, out);
		fclose(out);
		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
			const RuleFn *f = rules_lookup(r, names[i]);
			if (f)
				(void)rules_keeps_arg(f, 1);
			(void)rules_brackets(r, names[i]);
		}
		for (int i = 0; i < rules_nkinds(r); i++)
			(void)rules_kind(r, rules_kind_at(r, i)->name);
		(void)rules_sql_begin(r);
		(void)rules_sql_end(r);
	}
	rules_free(r);
	diag_release(&d);
	free(text);
	return 0;
}
