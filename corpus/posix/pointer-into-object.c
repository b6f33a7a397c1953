/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md cause 5 (reduced from real code), fixed: a pointer into
 * the object (`states = &p->state`, `ref = &iter->base`) holds the object
 * too, so moving the object pointer by arithmetic (`p += n`) loses nothing,
 * and the pointer into it can release it or hand it on (container_of).
 */
#include <stdlib.h>
union cell { int state; double value; };
/* Parser-style stack growth: both stacks live in one block, freed via 'states'. */
int parse(size_t n)
{
	int *states;
	double *values;
	union cell *p = malloc(n * 2 * sizeof(union cell));
	if (!p)
		return -1;
	states = &p->state;
	p += n;
	values = &p->value;
	values[0] = states[0] = 0;
	free(states);
	return 0;
}

/* BUG: both pointers are dropped on the early return. */
int parse_short(size_t n, int stop)
{
	union cell *p = malloc(n * 2 * sizeof(union cell));
	if (!p)
		return -1;
	int *states = &p->state;
	p += n;
	states[0] = 0;
	if (stop)
		return 1; /* expect: leak */
	free(states);
	return 0;
}

struct iter { int pos; };
struct list_iter { struct iter base; int *items; };

/* Good (tricky): the caller gets the object through its first member. */
struct iter *list_iter_begin(void)
{
	struct list_iter *it = calloc(1, sizeof(*it));
	if (!it)
		return NULL;
	struct iter *base = &it->base;
	base->pos = 0;
	return base;
}
