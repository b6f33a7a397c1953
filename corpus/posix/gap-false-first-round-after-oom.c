/* SPDX-License-Identifier: MIT */
/*
 * Two buffers made together in the first round of a loop, under a test of
 * the first one still being NULL (pg_dump's comment/tag pair in
 * dumpTableSchema).  The only path on which a later round makes them
 * again is the one where the first calloc() failed while the second did
 * not: the engine follows it (the pointer's test is a flag, and an
 * allocation may return NULL), so the second buffer is reported as made
 * in every round.  The code never tests either result for NULL; a rule
 * that an allocation the code never tests succeeds would close this.
 */
#include <stdlib.h>
int more_items(void);
void show(const char *a, const char *b);

void
first_two(void)
{
	char *a = NULL, *b = NULL;
	while (more_items()) {
		if (a == NULL) {
			a = calloc(1, 16);
			b = calloc(1, 16); /* known-false: loop-release */
		}
		show(a, b);
	}
	free(a);
	free(b);
}
