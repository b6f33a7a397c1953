/* SPDX-License-Identifier: MIT */
/*
 * A loop whose counter starts at a constant and whose test lets it through
 * once (`for (i = 0; i < 1; i++)`, `for (i = 1; i <= 1; i++)`) has no
 * second round: a buffer made in it and freed after it is not one per
 * round.  A bound of two is two rounds.
 */
#include <stdlib.h>

void fill(const char *s);

/* OK: one round, one buffer, freed after the loop */
void
once_then_free(void)
{
	char *buf = NULL;
	for (int i = 0; i < 1; i++) {
		buf = malloc(64);
		fill(buf);
	}
	free(buf);
}

/* OK: the same, freed in a second loop of one round */
void
once_then_free_in_loop(void)
{
	int i, j;
	char *buf = NULL;
	for (i = 1; i <= 1; i++) {
		buf = malloc(64);
		if (!buf)
			return;
		fill(buf);
	}
	for (j = 0; j < 1; j++)
		free(buf);
}

/* BUG: one round, but nothing frees it */
void
once_never_freed(void)
{
	char *buf = NULL;
	for (int i = 0; i < 1; i++) {
		buf = malloc(64);
		if (!buf)
			return;
		fill(buf);
	}
} /* expect: leak */

/* BUG: two rounds, two buffers, one freed */
void
twice_then_free(void)
{
	char *buf = NULL;
	for (int i = 0; i < 2; i++) {
		buf = malloc(64); /* expect: loop-release */
		fill(buf);
	}
	free(buf);
}
