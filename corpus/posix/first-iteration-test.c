/* SPDX-License-Identifier: MIT */
/*
 * A first-iteration test (`i == 0`, reduced from the SQLite shell's EXPLAIN
 * indenting): it holds only in the first iteration, before anything was
 * allocated, because the counter's increments are followed (a step of a
 * counter tested for equality: 0, then "above zero").  The early return in
 * a later iteration, when the grown buffer is held, cannot happen.  A test
 * that can hold in a later iteration (`i == 3`) can lose the buffer.
 */
#include <stdlib.h>
int more_items(void);
int header_ok(void);

/* good: nothing is held when the first-iteration check returns. */
int *collect_items(int *count)
{
	int *items = NULL;
	int cap = 0;
	int i;
	for (i = 0; more_items(); i++) {
		if (i >= cap) {
			if (i == 0 && !header_ok())
				return NULL;
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

/* bad: the check runs again once items hold a block. */
int *collect_checked(int *count)
{
	int *items = NULL;
	int i;
	for (i = 0; more_items(); i++) {
		if (i == 3 && !header_ok())
			return NULL; /* expect: leak */
		int *grown = realloc(items, (i + 1) * sizeof *items);
		if (!grown) {
			free(items);
			return NULL;
		}
		items = grown;
		items[i] = i;
	}
	*count = i;
	return items;
}
