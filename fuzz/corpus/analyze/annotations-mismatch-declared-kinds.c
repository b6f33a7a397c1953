/*
 * mismatched-release between every pair of kinds, declared ones too: a
 * deallocator that the packs know (GCC's malloc(free), Clang's
 * ownership_returns(malloc)) stands for its kind, so free() of such a
 * handle is right; a kind of the code's own is freed only by its own
 * release.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __clang__
#pragma clang diagnostic ignored "-Wignored-attributes"
#endif

char *name_copy(const char *s) __attribute__((malloc, malloc(free, 1)));
void *block_get(size_t n) __attribute__((ownership_returns(malloc)));

struct node;
void node_drop(struct node *n);
struct node *node_make(int v) __attribute__((malloc, malloc(node_drop, 1)));

/* good: free() is the deallocator malloc(free) names. */
size_t
name_length(const char *s)
{
	char *c = name_copy(s);
	if (!c)
		return 0;
	size_t n = strlen(c);
	free(c);
	return n;
}

/* good: ownership_returns(malloc) is heap memory that free() gives back. */
void
block_clear(size_t n)
{
	char *b = block_get(n);
	if (!b)
		return;
	memset(b, 0, n);
	free(b);
}

/* bad: a node is given back by node_drop, not by free(). */
void
node_forget(int v)
{
	struct node *n = node_make(v);
	if (!n)
		return;
	free(n); /* expect: mismatched-release */
}

/* bad: heap memory handed to the node's deallocator. */
void
node_from_malloc(void)
{
	struct node *n = malloc(16);
	if (!n)
		return;
	node_drop(n); /* expect: mismatched-release */
}

/* bad: a stream closed by the wrong function of another pack's kind. */
void
stream_freed(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	free(f); /* expect: mismatched-release */
}
