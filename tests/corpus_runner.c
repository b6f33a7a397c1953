/* SPDX-License-Identifier: MIT */
/*
 * The corpus runner: analyses every unit of a compile database (the one
 * CMake writes for corpus/) and compares the findings with the expectations
 * written in the files: a comment "expect: leak" (several names separated by
 * commas for several findings) on the line where a finding must be.  A
 * missing finding and an unexpected finding both fail, and both are printed
 * with enough to act on.
 *
 *   corpus_runner COMPDB-DIR RULES-DIR
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze.h"

typedef struct Expect {
	int line;
	char check[32];
	bool matched;
} Expect;

typedef VEC(Expect) ExpectVec;

static void
read_expectations(const char *file, ExpectVec *out)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return;
	regex_t re;
	regcomp(&re, "expect:[ ]*([a-z, -]+)", REG_EXTENDED);
	char line[4096];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		regmatch_t m[2];
		if (regexec(&re, line, 2, m, 0) != 0)
			continue;
		char list[256];
		int len = (int)(m[1].rm_eo - m[1].rm_so);
		if (len >= (int)sizeof(list))
			len = (int)sizeof(list) - 1;
		memcpy(list, line + m[1].rm_so, (size_t)len);
		list[len] = '\0';
		char *save = NULL;
		for (char *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
			Expect e = {0};
			e.line = n;
			snprintf(e.check, sizeof(e.check), "%s", t);
			vec_push(out, e);
		}
	}
	regfree(&re);
	fclose(f);
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: corpus_runner COMPDB-DIR RULES-DIR\n");
		return 2;
	}
	Diag d;
	diag_init(&d, stderr);
	Rules *rules = rules_new();
	if (rules_load_dir(rules, argv[2], &d) != 0)
		return 2;
	UnitList units = {0};
	if (frontend_load_compdb(argv[1], 0, NULL, &units, &d) != 0)
		return 2;
	AnalyzeOptions o;
	analyze_options_init(&o);
	o.rules = rules;
	o.jobs = 2;
	FindingSet fs;
	findings_init(&fs);
	AnalyzeStats st = {0};
	analyze_units(&units, &o, &fs, &d, &st);

	int passed = 0, failed = 0, nexpect = 0, missing = 0, unexpected = 0;
	for (int u = 0; u < units.n; u++) {
		const char *file = units.v[u].file;
		ExpectVec ex = {0};
		read_expectations(file, &ex);
		nexpect += ex.n;
		int bad = 0;
		for (int i = 0; i < fs.v.n; i++) {
			const Finding *f = &fs.v.v[i];
			if (!f->loc.file || strcmp(f->loc.file, file) != 0)
				continue;
			bool ok = false;
			for (int j = 0; j < ex.n && !ok; j++)
				if (!ex.v[j].matched && ex.v[j].line == f->loc.line &&
				    strcmp(ex.v[j].check, f->check) == 0)
					ex.v[j].matched = ok = true;
			if (ok)
				continue;
			printf("UNEXPECTED %s:%d:%d: %s [%s] (in '%s')\n", file, f->loc.line,
			       f->loc.col, f->message, f->check, f->func ? f->func : "?");
			for (int k = 0; k < f->nnotes; k++)
				printf("    %d:%d: note: %s\n", f->notes[k].loc.line,
				       f->notes[k].loc.col, f->notes[k].text);
			unexpected++;
			bad++;
		}
		for (int j = 0; j < ex.n; j++)
			if (!ex.v[j].matched) {
				printf("MISSING    %s:%d: expected a '%s' finding here\n", file,
				       ex.v[j].line, ex.v[j].check);
				missing++;
				bad++;
			}
		if (bad)
			failed++;
		else
			passed++;
		vec_free(&ex);
	}
	printf("corpus: %d files, %d expected findings, %d found, %d missing, %d unexpected, %d errors\n",
	       units.n, nexpect, fs.v.n, missing, unexpected, d.errors);
	if (d.errors)
		failed++;
	printf("%d passed, %d failed\n", passed, failed);
	findings_release(&fs);
	unit_list_release(&units);
	rules_free(rules);
	return failed ? 1 : 0;
}
