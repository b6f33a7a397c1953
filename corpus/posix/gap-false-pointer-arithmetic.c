/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 5 (reduced from real
 * code): a pointer into the object, then the object pointer moved by arithmetic:
 * `states = &p->state` into a local is not taken as an alias of the block,
 * and `p += n` is taken as an overwrite of its last reference.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
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
	p += n; /* known-false: leak */
	values = &p->value;
	values[0] = states[0] = 0;
	free(states);
	return 0;
}
