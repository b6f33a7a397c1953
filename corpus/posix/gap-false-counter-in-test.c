/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md "Final engine of 2026-12-01",
 * reduced from the shape of git's ref lookup: a counter tested and
 * incremented in the same condition (`!found++`) lets the copy be made only
 * for the first match. The engine does not follow the increment inside the
 * test, so it takes the condition as true again in a later iteration and
 * reports the first copy as overwritten.
 * The finding is wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <stdlib.h>
#include <string.h>
const char *candidate(int i);

/* Fine: the name is copied for the first match only. */
int first_match(char **out)
{
	int found = 0;
	int i;
	*out = NULL;
	for (i = 0; i < 8; i++) {
		const char *name = candidate(i);
		if (!name)
			continue;
		if (!found++)
			*out = strdup(name); /* known-false: leak */
	}
	return found;
}
