/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 3 (reduced from real
 * code): two tests of the same unchanged field are not correlated: the path that
 * takes `if (o->program)` at the first test and the else branch at the
 * second is infeasible, but followed, so each stream seems released by the
 * other kind's function.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <stdio.h>
struct opts { const char *file; int program; };
int copy_in(const struct opts *o)
{
	FILE *f;
	if (o->program)
		f = popen(o->file, "r");
	else
		f = fopen(o->file, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (o->program)
		pclose(f); /* known-false: mismatched-release */
	else
		fclose(f); /* known-false: mismatched-release */
	return c;
}
