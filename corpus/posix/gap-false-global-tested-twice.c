/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive (issue 10, item 5): two tests of the same global
 * with nothing in between that could change it (no store through a
 * pointer, no call the packs do not know) are not correlated: the path
 * that opens a pipe at the first test and takes the else branch at the
 * second is infeasible, but followed.  Flags are locals only today; a
 * global is not a constant here because set_mode() writes it.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <stdio.h>

static int use_pipe;

void
set_mode(int pipe)
{
	use_pipe = pipe;
}

int
first_char(const char *what)
{
	FILE *f;
	if (use_pipe)
		f = popen(what, "r");
	else
		f = fopen(what, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (use_pipe)
		pclose(f); /* known-false: mismatched-release */
	else
		fclose(f); /* known-false: mismatched-release */
	return c;
}

/* good: the same with the mode copied into a local, which the engine
 * follows as a flag */
int
first_char_local(const char *what)
{
	int piped = use_pipe;
	FILE *f;
	if (piped)
		f = popen(what, "r");
	else
		f = fopen(what, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (piped)
		pclose(f);
	else
		fclose(f);
	return c;
}
