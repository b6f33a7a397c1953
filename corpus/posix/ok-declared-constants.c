/* SPDX-License-Identifier: MIT */
/*
 * Paths that cannot run because a condition tests a constant the code
 * declares: a `const` global with a constant initialiser, an enum
 * constant, a #define, a file-scope static that nothing in the file
 * writes, and a function of the file that returns the same constant on
 * every path.  The lowering folds each such test, so the dead edge is not
 * followed: no false leak on it, and a real leak where the only release is
 * on the dead side.  A static that the file writes, or a function whose
 * returns differ, is not a constant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int DEBUG = 0;
const int TRACE_LEVEL = 0;
enum { KEEP_SCRATCH = 0 };
#define DRY_RUN 0
static int verbose;                     /* never written: zero */
static int retries = 3;                 /* never written: three */
static int quiet = 0;                   /* written by set_quiet() */
static const char *const log_name = "app.log";

static int debug_enabled(void) { return 0; }
static int backend(int kind)
{
	if (kind > 1)
		return 2;
	return 2;
}
static int checked(int kind) { return kind > 1; }

void
set_quiet(int q)
{
	quiet = q;
}

/* good: `DEBUG` is 0: the early return never happens */
int
dump_const_global(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	if (DEBUG)
		return 1;
	puts(p);
	free(p);
	return 0;
}

/* good: a non-static const global folds as well */
int
trace_const(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	if (TRACE_LEVEL > 2) {
		fprintf(stderr, "%s\n", log_name);
		return 1;
	}
	free(p);
	return 0;
}

/* good: an enum constant and a #define */
int
enum_and_define(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (KEEP_SCRATCH || DRY_RUN)
		return 0;
	fclose(f);
	return 0;
}

/* good: `verbose` is never written: its tentative definition makes it 0 */
int
static_never_written(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	if (verbose)
		return 1;
	free(p);
	return 0;
}

/* good: `retries` keeps its initialiser, so the switch goes to case 3 */
int
static_switch(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	switch (retries) {
	case 0:
		return 0;
	case 3:
		break;
	default:
		return 1;
	}
	free(p);
	return 0;
}

/* good: debug_enabled() returns 0 on every path; backend() returns 2 */
int
constant_functions(const char *s, int kind)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	if (debug_enabled())
		return 1;
	if (backend(kind) != 2)
		return 2;
	free(p);
	return 0;
}

/* bad: the only release is under `if (DEBUG)`, which never runs */
int
release_only_when_debugging(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	puts(p);
	if (DEBUG)
		free(p);
	return 0; /* expect: leak */
}

/* bad: `quiet` is written by set_quiet(): both edges are real */
int
static_written(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	if (quiet)
		return 1; /* expect: leak */
	free(p);
	return 0;
}

/* bad: checked() returns what it computes, not a constant */
int
not_constant_function(const char *s, int kind)
{
	char *p = strdup(s);
	if (!p)
		return -1;
	if (checked(kind))
		return 1; /* expect: leak */
	free(p);
	return 0;
}
