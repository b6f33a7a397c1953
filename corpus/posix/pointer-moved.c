/*
 * A pointer moved by `+=` or `-=` still points into the block it pointed
 * into: the place keeps the block (moved by one, as xdiff keeps a sentinel
 * before its array), it is not a new value over the old one.
 */
#include <stdlib.h>

struct lines {
	long n;
	char *changed;
};

/* good: the block is kept in the member, one past its start; the caller
 * frees it from there. */
int
lines_prepare(struct lines *l)
{
	if (!(l->changed = calloc(l->n + 2, 1)))
		return -1;
	l->changed += 1;
	return 0;
}

void
lines_free(struct lines *l)
{
	free(l->changed - 1);
	l->changed = NULL;
}

/* good: moved and moved back before the free. */
int
scan(long n)
{
	char *p = malloc(n + 2);
	if (!p)
		return -1;
	p += 1;
	p[-1] = 0;
	p -= 1;
	free(p);
	return 0;
}

/* bad: moved, then the path returns without freeing it. */
int
scan_leaky(long n)
{
	char *p = malloc(n + 2);
	if (!p)
		return -1;
	p += 1;
	if (n > 10)
		return -1; /* expect: leak */
	free(p - 1);
	return 0;
}
