/* SPDX-License-Identifier: MIT */
/*
 * Accepted gaps: helpers defined in another translation unit.  Summaries
 * are per unit, so a function of another file is unknown: its result is no
 * acquisition, and a handle passed to it is taken as handed over (a
 * function that may keep it).  These bugs are real and missed today:
 * marked `known-to-fail`, cited by docs/evaluation.md ("Known gaps").
 * The helpers are defined in gap-cross-file-helpers.c, where they are
 * right.
 */
#include <stdlib.h>

char *name_dup(const char *s);      /* malloc()s a copy: the caller frees it */
void name_free(char *s);            /* frees it */

/* BUG: the copy from the other file's wrapper is lost on the error path. */
int
greet(const char *who, int quiet)
{
	char *n = name_dup(who);
	if (!n)
		return -1;
	if (quiet)
		return 0; /* known-to-fail: leak */
	name_free(n);
	return 1;
}

/* BUG: released by the other file's helper, then freed again here. */
void
forget(const char *who)
{
	char *n = malloc(16);
	if (!n)
		return;
	name_free(n);
	free(n); /* known-to-fail: double-release */
}
