/* SPDX-License-Identifier: MIT */
/*
 * A counter tested and incremented in the same condition (`!found++`, the
 * shape of git's ref lookup) lets the copy be made for the first match
 * only: `found++` is the old value, then found is one more (a step of the
 * counter, followed as "above zero" from then on).  Once a match was seen
 * the test is false, so the first copy is never overwritten.  Allowing two
 * matches, or copying on every match, overwrites it.
 */
#include <stdlib.h>
#include <string.h>
const char *candidate(int i);

/* good: the name is copied for the first match only. */
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
			*out = strdup(name);
	}
	return found;
}

/* good: the same with the count kept apart and tested against zero. */
int first_match_apart(char **out)
{
	int seen = 0;
	*out = NULL;
	for (int i = 0; i < 8; i++) {
		const char *name = candidate(i);
		if (!name)
			continue;
		if (seen == 0)
			*out = strdup(name);
		seen += 1;
	}
	return seen;
}

/* bad: every match is copied over the one before. */
int last_match(char **out)
{
	int found = 0;
	*out = NULL;
	for (int i = 0; i < 8; i++) {
		const char *name = candidate(i);
		if (!name)
			continue;
		found++;
		*out = strdup(name); /* expect: leak */
	}
	return found;
}

/* bad: the second match is copied too, over the first. */
int two_matches(char **out)
{
	int found = 0;
	*out = NULL;
	for (int i = 0; i < 8; i++) {
		const char *name = candidate(i);
		if (!name)
			continue;
		if (found++ < 2)
			*out = strdup(name); /* expect: leak */
	}
	return found;
}
