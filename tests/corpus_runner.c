/* SPDX-License-Identifier: MIT */
/*
 * The corpus runner: analyses every unit of a compile database (the one
 * CMake writes for corpus/) and compares the findings with the expectations
 * written in the files (expect.h): a comment "expect: leak" (several names
 * separated by commas for several findings, each with its exact message in
 * quotes if wanted) on the line where a finding must be; "known-to-fail:
 * leak" for a finding missed and "known-false: leak" for a false one, the
 * accepted gaps that docs/evaluation.md cites.  A missing finding, an
 * unexpected one and a known gap that is gone all fail, and are printed
 * with enough to act on.
 *
 *   corpus_runner COMPDB-DIR RULES-DIR [--report-at-exit]
 *
 * With --report-at-exit the engine reports what is held where the process
 * ends, and the "at-exit:" annotations are expected too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze.h"
#include "expect.h"

/* The expectations of one file; false (reported) if one is malformed. */
static bool
read_expectations(const char *file, ExpectVec *out)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return true;
	char line[4096];
	bool ok = true;
	for (int n = 1; fgets(line, sizeof(line), f); n++) {
		const char *err = NULL;
		if (!expect_scan(line, n, out, &err)) {
			printf("ERROR      %s:%d: %s\n", file, n, err);
			ok = false;
		}
	}
	fclose(f);
	return ok;
}

int
main(int argc, char **argv)
{
	bool at_exit = argc == 4 && strcmp(argv[3], "--report-at-exit") == 0;
	if (argc != 3 && !at_exit) {
		fprintf(stderr, "usage: corpus_runner COMPDB-DIR RULES-DIR [--report-at-exit]\n");
		return 2;
	}
	expect_at_exit = at_exit;
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
	o.limits.report_at_exit = at_exit;
	o.program = true;        /* as the command line: summaries across units */
	FindingSet fs;
	findings_init(&fs);
	AnalyzeStats st = {0};
	analyze_units(&units, &o, &fs, &d, &st);

	int passed = 0, failed = 0;
	ExpectCount count = {0};
	for (int u = 0; u < units.n; u++) {
		const char *file = units.v[u].file;
		ExpectVec ex = {0};
		int bad = !read_expectations(file, &ex);
		bad += expect_compare(file, &ex, fs.v.v, fs.v.n, &count);
		if (bad)
			failed++;
		else
			passed++;
		expect_release(&ex);
	}
	printf("corpus: %d files, %d expected findings, %d found, %d missing, %d unexpected, "
	       "%d known gaps, %d known false, %d fixed, %d errors\n", units.n, count.expected, fs.v.n,
	       count.missing, count.unexpected, count.known, count.known_false, count.fixed, d.errors);
	if (d.errors)
		failed++;
	printf("%d passed, %d failed\n", passed, failed);
	findings_release(&fs);
	unit_list_release(&units);
	rules_free(rules);
	return failed ? 1 : 0;
}
