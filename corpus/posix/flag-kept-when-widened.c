/* SPDX-License-Identifier: MIT */
/*
 * A block keeps a bounded number of states; past it the engine forgets
 * the flags' values (with a note).  The flags set right after the
 * acquisition (`is_pager = 1` beside the popen) are forgotten last, so
 * the test that closes the pager still knows it was opened (reduced from
 * psql's ExecQueryAndProcessResults, docs/evaluation.md).  So is the
 * variable whose test leads to the acquisition (`if (want_log) log =
 * fopen(...)`; ... `if (want_log) fclose(log)`: PostgreSQL's
 * patternToSQLRegex with its `left_literal` buffer).
 */
#include <stdio.h>
int ask(int);

/* Good (tricky): ten other flags make more paths than a block keeps. */
int show_rows(int want_pager)
{
	FILE *out = stdout;
	int is_pager = 0;
	int o0 = 0;
	int o1 = 0;
	int o2 = 0;
	int o3 = 0;
	int o4 = 0;
	int o5 = 0;
	int o6 = 0;
	int o7 = 0;
	int o8 = 0;
	int o9 = 0;
	if (want_pager) {
		out = popen("less", "w");
		is_pager = 1;
	}
	if (!out)
		return -1;
	if (ask(0))
		o0 = 1;
	if (ask(1))
		o1 = 1;
	if (ask(2))
		o2 = 1;
	if (ask(3))
		o3 = 1;
	if (ask(4))
		o4 = 1;
	if (ask(5))
		o5 = 1;
	if (ask(6))
		o6 = 1;
	if (ask(7))
		o7 = 1;
	if (ask(8))
		o8 = 1;
	if (ask(9))
		o9 = 1;
	if (o0)
		fprintf(out, "0\n");
	if (o1)
		fprintf(out, "1\n");
	if (o2)
		fprintf(out, "2\n");
	if (o3)
		fprintf(out, "3\n");
	if (o4)
		fprintf(out, "4\n");
	if (o5)
		fprintf(out, "5\n");
	if (o6)
		fprintf(out, "6\n");
	if (o7)
		fprintf(out, "7\n");
	if (o8)
		fprintf(out, "8\n");
	if (o9)
		fprintf(out, "9\n");
	if (is_pager)
		pclose(out);
	return 0;
}

/* BUG: the pager is closed under another flag. */
int show_rows_wrong_flag(int want_pager)
{
	FILE *out = stdout;
	int is_pager = 0;
	int o0 = 0;
	int o1 = 0;
	int o2 = 0;
	int o3 = 0;
	int o4 = 0;
	int o5 = 0;
	int o6 = 0;
	int o7 = 0;
	int o8 = 0;
	int o9 = 0;
	if (want_pager) {
		out = popen("less", "w");
		is_pager = 1;
	}
	if (!out)
		return -1;
	if (ask(0))
		o0 = 1;
	if (ask(1))
		o1 = 1;
	if (ask(2))
		o2 = 1;
	if (ask(3))
		o3 = 1;
	if (ask(4))
		o4 = 1;
	if (ask(5))
		o5 = 1;
	if (ask(6))
		o6 = 1;
	if (ask(7))
		o7 = 1;
	if (ask(8))
		o8 = 1;
	if (ask(9))
		o9 = 1;
	if (o0)
		fprintf(out, "0\n");
	if (o1)
		fprintf(out, "1\n");
	if (o2)
		fprintf(out, "2\n");
	if (o3)
		fprintf(out, "3\n");
	if (o4)
		fprintf(out, "4\n");
	if (o5)
		fprintf(out, "5\n");
	if (o6)
		fprintf(out, "6\n");
	if (o7)
		fprintf(out, "7\n");
	if (o8)
		fprintf(out, "8\n");
	if (o9)
		fprintf(out, "9\n");
	if (o0)
		pclose(out);
	return 0; /* expect: leak */
}

/* Good (tricky): the rows go to the caller's stream, or to a file opened
 * here when that stream is stdout; the file is closed under is_pager,
 * set where `out` stops holding the caller's stream (psql's
 * ExecQueryAndProcessResults and its pager).  The loop makes more paths
 * than a block keeps, and the flags' values are forgotten: a path on
 * which the caller's stream is "closed" and then written is no run's.  A
 * release then a use or a release found only on a path that forgot its
 * flags is not reported (print_rows_closed below keeps them). */
void print_rows(FILE *caller_out, int rows)
{
	FILE *out = caller_out ? caller_out : stdout;
	int is_pager = 0;
	int o0 = 0;
	int o1 = 0;
	int o2 = 0;
	int o3 = 0;
	int o4 = 0;
	int o5 = 0;
	int o6 = 0;
	int o7 = 0;
	if (out == stdout) {
		out = fopen("/tmp/rows", "w");
		is_pager = 1;
	}
	if (!out)
		return;
	do {
		if (ask(0))
			o0 = 1;
		if (ask(1))
			o1 = 1;
		if (ask(2))
			o2 = 1;
		if (ask(3))
			o3 = 1;
		if (ask(4))
			o4 = 1;
		if (ask(5))
			o5 = 1;
		if (ask(6))
			o6 = 1;
		if (ask(7))
			o7 = 1;
		if (o0 && o1)
			fprintf(out, "0\n");
		if (o2 && o3)
			fprintf(out, "1\n");
		if (o4 && o5)
			fprintf(out, "2\n");
		if (o6 && o7)
			fprintf(out, "3\n");
	} while (--rows > 0);
	if (is_pager)
		fclose(out);
	fprintf(caller_out ? caller_out : stderr, "done\n");
}

/* BUG: the caller's stream is closed, then written, on a path that keeps
 * all its facts. */
void print_rows_closed(FILE *caller_out, int done)
{
	if (done)
		fclose(caller_out);
	fprintf(caller_out, "done\n"); /* expect: use-after-release */
}

/* Good (tricky): opened and closed under the same parameter, with more
 * paths between than a block keeps. */
int copy_rows(int want_log)
{
	FILE *log = NULL;
	int o0 = 0;
	int o1 = 0;
	int o2 = 0;
	int o3 = 0;
	int o4 = 0;
	int o5 = 0;
	int o6 = 0;
	int o7 = 0;
	int o8 = 0;
	int o9 = 0;
	if (want_log) {
		log = fopen("rows.log", "w");
		if (!log)
			return -1;
	}
	if (ask(0))
		o0 = 1;
	if (ask(1))
		o1 = 1;
	if (ask(2))
		o2 = 1;
	if (ask(3))
		o3 = 1;
	if (ask(4))
		o4 = 1;
	if (ask(5))
		o5 = 1;
	if (ask(6))
		o6 = 1;
	if (ask(7))
		o7 = 1;
	if (ask(8))
		o8 = 1;
	if (ask(9))
		o9 = 1;
	if (o0)
		puts("0");
	if (o1)
		puts("1");
	if (o2)
		puts("2");
	if (o3)
		puts("3");
	if (o4)
		puts("4");
	if (o5)
		puts("5");
	if (o6)
		puts("6");
	if (o7)
		puts("7");
	if (o8)
		puts("8");
	if (o9)
		puts("9");
	if (want_log)
		fclose(log);
	return 0;
}

/* BUG: the same, closed under another parameter. */
int copy_rows_wrong_test(int want_log, int verbose)
{
	FILE *log = NULL;
	int o0 = 0;
	int o1 = 0;
	int o2 = 0;
	int o3 = 0;
	int o4 = 0;
	int o5 = 0;
	int o6 = 0;
	int o7 = 0;
	int o8 = 0;
	int o9 = 0;
	if (want_log) {
		log = fopen("rows.log", "w");
		if (!log)
			return -1;
	}
	if (ask(0))
		o0 = 1;
	if (ask(1))
		o1 = 1;
	if (ask(2))
		o2 = 1;
	if (ask(3))
		o3 = 1;
	if (ask(4))
		o4 = 1;
	if (ask(5))
		o5 = 1;
	if (ask(6))
		o6 = 1;
	if (ask(7))
		o7 = 1;
	if (ask(8))
		o8 = 1;
	if (ask(9))
		o9 = 1;
	if (o0)
		puts("0");
	if (o1)
		puts("1");
	if (o2)
		puts("2");
	if (o3)
		puts("3");
	if (o4)
		puts("4");
	if (o5)
		puts("5");
	if (o6)
		puts("6");
	if (o7)
		puts("7");
	if (o8)
		puts("8");
	if (o9)
		puts("9");
	if (verbose)
		fclose(log);
	return 0; /* expect: leak */
}
