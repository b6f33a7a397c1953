/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md "Re-run after places", cause D
 * (reduced from the SQLite shell's EXPLAIN indenting): `i == 0` holds only
 * in the first iteration, before anything was allocated; the engine does not
 * follow the counter's increments, so it takes the early return in a later
 * iteration, when the grown buffer is held.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <stdlib.h>
int more_items(void);
int header_ok(void);

/* Fine: nothing is held when the first-iteration check returns. */
int *collect_items(int *count)
{
	int *items = NULL;
	int cap = 0;
	int i;
	for (i = 0; more_items(); i++) {
		if (i >= cap) {
			if (i == 0 && !header_ok())
				return NULL; /* known-false: leak */
			cap += 16;
			int *grown = realloc(items, cap * sizeof *items);
			if (!grown) {
				free(items);
				return NULL;
			}
			items = grown;
		}
		items[i] = i;
	}
	*count = i;
	return items;
}
