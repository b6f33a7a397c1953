/* SPDX-License-Identifier: MIT */
/*
 * A struct copied with memcpy copies the handles its members hold: into the
 * object a pointer points to (which the caller gets: handed over), or into
 * another local struct (which then holds them).  Reduced from git's
 * untracked-cache reader (docs/evaluation.md, memcpy cause).
 */
#include <stdlib.h>
#include <string.h>

struct names {
	char *first;
	char *last;
	int n;
};

/* Good (tricky): both buffers move into the heap copy the caller gets. */
int
names_load(struct names **out)
{
	struct names tmp;
	tmp.first = malloc(16);
	if (!tmp.first)
		return -1;
	tmp.last = malloc(16);
	if (!tmp.last) {
		free(tmp.first);
		return -1;
	}
	struct names *copy = malloc(sizeof(*copy));
	if (!copy) {
		free(tmp.first);
		free(tmp.last);
		return -1;
	}
	memcpy(copy, &tmp, sizeof(tmp));
	*out = copy;
	return 0;
}

/* Good (tricky): released through the local copy. */
void
names_scratch(void)
{
	struct names a, b;
	a.first = malloc(16);
	if (!a.first)
		return;
	memcpy(&b, &a, sizeof(a));
	free(b.first);
}

/* BUG: copied into another local struct and released through neither. */
void
names_forgotten(void)
{
	struct names a, b;
	a.first = malloc(16);
	if (!a.first)
		return;
	memcpy(&b, &a, sizeof(a));
} /* expect: leak */
