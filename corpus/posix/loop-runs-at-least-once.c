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
