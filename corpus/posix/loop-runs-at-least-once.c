/*
 * A loop whose bound was tested before it (`if (n <= 0) return;` then
 * `for (i = 0; i < n; i++)`) runs at least once: what its body does is
 * done on every path that leaves it (issue 10, item 5).  Without that
 * test the loop may run zero times.
 */
#include <stdlib.h>

char *next_chunk(int i);
void consume(char *chunk);

/* GOOD: n > 0 here, so p is set again by the loop before it is passed on. */
int
refill(int n)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	free(p);
	if (n <= 0)
		return -1;
	for (int i = 0; i < n; i++)
		p = next_chunk(i);
	consume(p);
	return 0;
}

/* GOOD: the same with the test around the loop. */
int
refill_inside(int n)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	free(p);
	if (n > 0) {
		for (int i = 0; i < n; i++)
			p = next_chunk(i);
		consume(p);
	}
	return 0;
}

/* BAD: with n <= 0 the loop does not run and the freed block is passed on. */
int
refill_unchecked(int n)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	free(p);
	for (int i = 0; i < n; i++)
		p = next_chunk(i);
	consume(p); /* expect: use-after-release */
	return 0;
}

void take_all(char **v, int n);

/* GOOD: a loop entered says its bound is above the start: after the first
 * loop ran, so does the second (the same bound), and every element the
 * first loop took is given back.  (The first loop's test says n > 0; a
 * later test of n against a constant says more, and replaces it.) */
int
fill_and_drain(int n)
{
	char **v = calloc((size_t)n + 1, sizeof *v);
	if (!v)
		return -1;
	char *last = NULL;
	for (int i = 0; i < n; i++) {
		last = malloc(16);
		v[i] = last;
	}
	char *scratch;
	if (n <= 2)
		scratch = NULL;
	else
		scratch = malloc(64);
	take_all(v, n);
	if (n > 2)
		free(scratch);
	free(v);
	return 0;
}

/* BAD: the scratch block is freed under another bound than the one it was
 * taken under: with n == 3 it is lost. */
int
fill_and_drain_wrong(int n)
{
	char **v = calloc((size_t)n + 1, sizeof *v);
	if (!v)
		return -1;
	for (int i = 0; i < n; i++)
		v[i] = malloc(16);
	char *scratch;
	if (n <= 2)
		scratch = NULL;
	else
		scratch = malloc(64);
	take_all(v, n);
	if (n > 3)
		free(scratch);
	free(v);
	return 0; /* expect: leak */
}
