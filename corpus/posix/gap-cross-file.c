/* SPDX-License-Identifier: MIT */
/*
 * Helpers defined in another translation unit (gap-cross-file-helpers.c,
 * where they are right): a wrapper that returns what strdup() acquired, a
 * helper that frees its argument, one that exits, one that keeps and one
 * that only reads its argument.  Once a gap (a function of another file
 * was unknown: its result no acquisition, a handle passed to it handed
 * over), found now through the summaries of the whole compile database
 * (docs/architecture.md, "Whole-program summaries"); the file keeps its
 * name so that the history of docs/evaluation.md still points here.
 */
#include <stdlib.h>

char *name_dup(const char *s);      /* malloc()s a copy: the caller frees it */
void name_free(char *s);            /* frees it */
void name_fatal(const char *msg);   /* prints msg and exits */
void name_keep(char *s);            /* keeps s for later */
size_t name_len(char *s);           /* reads s */
char *name_trim(char *s);           /* trims s in place, returns it */

/* BUG: the copy from the other file's wrapper is lost on the error path. */
int
greet(const char *who, int quiet)
{
	char *n = name_dup(who);
	if (!n)
		return -1;
	if (quiet)
		return 0; /* expect: leak */
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
	free(n); /* expect: double-release */
}

/* A struct returned by value is not a handle: its member is, and the
 * caller releases it through the struct.  Nothing to report. */
struct name_box {
	char *name;
};

static struct name_box
box_of(const char *who)
{
	struct name_box b;
	b.name = name_dup(who);
	return b;
}

void
boxed(const char *who)
{
	struct name_box b = box_of(who);
	name_free(b.name);
}

/* Good: the other file's name_fatal() never returns, so the path that
 * calls it loses nothing (the process ends). */
int
checked(const char *who)
{
	char *n = name_dup(who);
	if (!n)
		return -1;
	if (n[0] == '\0') {
		name_fatal("empty name"); /* at-exit: leak */
		return -2;
	}
	name_free(n);
	return 0;
}

/* Good: the other file's name_keep() keeps what it is given. */
void
remember(const char *who)
{
	char *n = name_dup(who);
	if (n)
		name_keep(n);
}

/* BUG: the other file's name_len() only reads its argument (a pointer
 * to non-const, which alone would say it may keep it). */
size_t
measure(const char *who)
{
	char *n = name_dup(who);
	if (!n)
		return 0;
	return name_len(n); /* expect: leak */
}

/* Good: the other file's name_trim() returns what it is given: the caller
 * of trimmed() gets the copy. */
char *
trimmed(const char *who)
{
	return name_trim(name_dup(who));
}

/* BUG: ... but it keeps nothing: the copy is lost when its result is
 * dropped. */
int
trim_only(const char *who)
{
	char *n = name_dup(who);
	if (!n)
		return -1;
	name_trim(n);
	return 0; /* expect: leak */
}
