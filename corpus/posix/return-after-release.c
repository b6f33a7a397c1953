/* SPDX-License-Identifier: MIT */
/*
 * Returning a handle after releasing it gives the caller something that no
 * longer exists: whatever it does with it is a use after release, made
 * somewhere closecheck may not see.  A variable set again after the
 * release, or a handle still owned on the path that returns it, is fine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BUG: the copy is freed, then returned. */
char *
trimmed(const char *s)
{
	char *t = strdup(s);
	if (!t)
		return NULL;
	if (t[0] == '#') {
		free(t);
		return t; /* expect: use-after-release "memory 't' is returned after it was released: the caller gets a handle that no longer exists" */
	}
	return t;
}

/* BUG: the stream is closed on the error path, and returned anyway. */
FILE *
open_header(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	if (fgetc(f) != '#') {
		fclose(f);
		return f; /* expect: use-after-release */
	}
	return f;
}

/* Good: the error path returns NULL. */
FILE *
open_header_fixed(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	if (fgetc(f) != '#') {
		fclose(f);
		return NULL;
	}
	return f;
}

/* Good (tricky): the variable is reset after the release. */
char *
reset_then_return(const char *s)
{
	char *t = strdup(s);
	if (t && t[0] == '#') {
		free(t);
		t = NULL;
	}
	return t;
}

/* Good (tricky): a new block in the same variable. */
char *
replace_then_return(const char *s)
{
	char *t = strdup(s);
	if (!t)
		return NULL;
	free(t);
	t = malloc(16);
	return t;
}

/* Good (tricky): realloc failed: the old block is still the caller's. */
char *
grow_or_keep(char *p, size_t n)
{
	char *q = realloc(p, n);
	if (!q)
		return p;
	return q;
}
