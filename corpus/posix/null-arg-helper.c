/* SPDX-License-Identifier: MIT */
/*
 * A helper that returns an allocation only for a NULL argument (reduced
 * from the SQLite shell's zAutoColumn(), docs/evaluation.md cause 11):
 * its calls with a name add it and return NULL, so their discarded result
 * is nothing; its call with NULL returns the joined list, which the
 * caller owns.  The helper is a wrapper that acquires only when given
 * NULL there, as mysql_init(NULL) does.
 */
#include <stdlib.h>
#include <string.h>

/* Adds a name when given one (returns NULL); with NULL, returns the joined list. */
static char *names(const char *add)
{
	static char buf[256];
	if (add) {
		strncat(buf, add, sizeof buf - strlen(buf) - 1);
		return NULL;
	}
	return strdup(buf);
}

/* good: the names are added, the list returned to the caller */
char *collect(const char **v, int n)
{
	for (int i = 0; i < n; i++)
		names(v[i]);
	return names(NULL);
}

/* bad: the list asked for is dropped */
void reset(const char *first)
{
	names(first);
	names(NULL); /* expect: leak */
}
