/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 11 (reduced from real
 * code): a helper that returns an allocation only for a NULL argument becomes an
 * acquirer, and every call of its other form seems to discard a result.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
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
char *collect(const char **v, int n)
{
	for (int i = 0; i < n; i++)
		names(v[i]); /* known-false: leak */
	return names(NULL);
}
