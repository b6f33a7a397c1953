/* SPDX-License-Identifier: MIT */
/*
 * The engine runner: reads each the .ir files of tests/engine/ file (the IR as text,
 * irtext.h), runs the engine on it with the shipped rule packs, turns the
 * violations into findings with every check on (checks_report()), and
 * compares them with the expectations written in the file: a comment
 * "; expect: leak" (or "; expect: leak "message"", "; known-to-fail: leak",
 * "; known-false: leak", "; at-exit: leak": tests/expect.h) at the end of the event or
 * terminator line whose line number the finding carries.  A missing and an
 * unexpected finding both fail, and so does a check of the table that no
 * file expects (every check has .ir tests).  Each file runs twice: as the
 * program runs by default, and with --report-at-exit ("at-exit:" counts).
 *
 *   engine_runner RULES-DIR FILE.ir...
 *   engine_runner --dump FILE      read FILE and print it as ir_dump() does
 *                                  (the round trip of --dump-ir)
 *   engine_runner --irbin FILE OUT read FILE and write it as bytes (irbin.h:
 *                                  the fuzz seeds of that form)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "engine.h"
#include "expect.h"
#include "irbin.h"
#include "irtext.h"

typedef struct Ctx {
	CheckSet cs;
	FindingSet *fs;
	int bounded;
} Ctx;

static void
on_violation(void *ctx, const Violation *v)
{
	Ctx *c = ctx;
	if (v->kind == V_BOUND) {
		printf("NOTE       %s: '%s' hit a work bound\n", v->where.file, v->fn->name);
		c->bounded++;
		return;
	}
	checks_report(&c->cs, v, c->fs);
}

/* The IR line an annotated text line stands for: its "LINE:" prefix. */
static int
ir_line(const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	if (!isdigit((unsigned char)*text))
		return -1;
	int n = atoi(text);
	while (isdigit((unsigned char)*text))
		text++;
	return *text == ':' ? n : -1;
}

/* The expectations of one .ir file; false (reported) if one is malformed. */
static bool
read_expectations(const char *path, ExpectVec *ex)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("ERROR      %s: cannot open\n", path);
		return false;
	}
	char line[4096];
	bool ok = true;
	for (int n = 1; fgets(line, sizeof(line), f); n++) {
		char *c = strchr(line, ';');
		if (!c || (!strstr(c, "expect:") && !strstr(c, "known-to-fail:") &&
			   !strstr(c, "known-false:") && !strstr(c, "at-exit:")))
			continue;
		const char *err = NULL;
		int at = ir_line(line);
		if (at < 0)
			err = "an expectation belongs at the end of a numbered line";
		else
			expect_scan(c, at, ex, &err);
		if (err) {
			printf("ERROR      %s:%d: %s\n", path, n, err);
			ok = false;
		}
	}
	fclose(f);
	return ok;
}

/* How many `expect:` lines name each check of the table, over all files. */
static int tested[CHECK_MAX];

static void
count_tested(const ExpectVec *ex)
{
	for (int i = 0; i < ex->n; i++) {
		int k = checks_find(ex->v[i].check);
		if (k >= 0 && !ex->v[i].known_to_fail && !ex->v[i].known_false)
			tested[k]++;
	}
}

/* Every check of the table is tested by some file. */
static int
untested(void)
{
	int n = 0;
	for (int i = 0; i < checks_count(); i++)
		if (!tested[i]) {
			printf("UNTESTED   check '%s' has no 'expect:' in these .ir files: "
			       "every check needs bad and good cases in tests/engine/\n",
			       checks_at(i)->id);
			n++;
		}
	return n;
}

/* One file, once as the program runs by default and once with
 * --report-at-exit (expect_at_exit: its "at-exit:" annotations count). */
static int
run_file(const char *path, const Rules *rules, ExpectCount *count, bool at_exit)
{
	expect_at_exit = at_exit;
	Diag d;
	diag_init(&d, stdout);
	IrUnit *u = irtext_read(path, &d);
	ExpectVec ex = {0};
	bool ok = read_expectations(path, &ex);
	int bad = !u || !ok;
	count_tested(&ex);
	if (u) {
		FindingSet fs;
		findings_init(&fs);
		Ctx c = {.fs = &fs};
		checks_default(&c.cs);
		EngineLimits lim;
		engine_limits_default(&lim);
		lim.report_at_exit = at_exit;
		EngineStats st = {0};
		engine_run(u, rules, &lim, on_violation, &c, &st);
		findings_sort(&fs);
		bad += expect_compare(u->file, &ex, fs.v.v, fs.v.n, count) + c.bounded;
		findings_release(&fs);
		ir_unit_free(u);
	}
	expect_release(&ex);
	return bad;
}

static int
dump(const char *path)
{
	Diag d;
	diag_init(&d, stderr);
	IrUnit *u = irtext_read(path, &d);
	if (!u)
		return 1;
	for (int i = 0; i < u->funcs.n; i++)
		ir_dump(u->funcs.v[i], stdout);
	ir_unit_free(u);
	return 0;
}

static int
to_bytes(const char *path, const char *out)
{
	Diag d;
	diag_init(&d, stderr);
	IrUnit *u = irtext_read(path, &d);
	if (!u)
		return 1;
	int rc = irbin_save(u, 0, out);
	if (rc != 0)
		fprintf(stderr, "engine_runner: cannot write %s\n", out);
	ir_unit_free(u);
	return rc != 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--dump") == 0)
		return dump(argv[2]);
	if (argc == 4 && strcmp(argv[1], "--irbin") == 0)
		return to_bytes(argv[2], argv[3]);
	if (argc < 3) {
		fprintf(stderr, "usage: engine_runner RULES-DIR FILE.ir... | --dump FILE | --irbin FILE OUT\n");
		return 2;
	}
	Diag d;
	diag_init(&d, stderr);
	Rules *rules = rules_new();
	if (rules_load_dir(rules, argv[1], &d) != 0)
		return 2;
	ExpectCount count = {0};
	int passed = 0, failed = 0;
	ExpectCount at_exit = {0};
	for (int i = 2; i < argc; i++) {
		if (run_file(argv[i], rules, &count, false) |
		    run_file(argv[i], rules, &at_exit, true))
			failed++;
		else
			passed++;
	}
	printf("engine: %d files, %d expected findings, %d missing, %d unexpected, "
	       "%d known gaps, %d known false, %d fixed\n", argc - 2, count.expected, count.missing,
	       count.unexpected, count.known, count.known_false, count.fixed);
	printf("%d passed, %d failed\n", passed, failed);
	rules_free(rules);
	return failed || untested() ? 1 : 0;
}
