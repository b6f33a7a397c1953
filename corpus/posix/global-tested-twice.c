/* SPDX-License-Identifier: MIT */
/*
 * Two tests of the same global with nothing in between that could change
 * it (no store through a pointer, no call the packs do not know) take the
 * same branch (issue 10, item 5): the path that opens a pipe at the first
 * test and takes the else branch at the second cannot run.  The global is
 * no constant (set_mode() writes it), so it is followed as a flag.  A call
 * in between changes it only if it can reach set_mode().
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
		pclose(f);
	else
		fclose(f);
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

void note_progress(void);             /* global-tested-twice-helpers.c:
                                       * calls set_mode() */
void sync_output(void);               /* no unit defines it: a library's */

/* bad: a function of another file runs between the tests and may change
 * the mode (it calls back into set_mode()), so a pipe may reach fclose(). */
int
first_char_after_call(const char *what)
{
	FILE *f;
	if (use_pipe)
		f = popen(what, "r");
	else
		f = fopen(what, "r");
	if (!f)
		return -1;
	note_progress();
	int c = fgetc(f);
	if (use_pipe)
		pclose(f); /* expect: mismatched-release */
	else
		fclose(f); /* expect: mismatched-release */
	return c;
}

/* good: a library's function runs between the tests.  use_pipe is a
 * static whose address the file never takes, so only this file's functions
 * change it, and the library cannot call them. */
int
first_char_after_library_call(const char *what)
{
	FILE *f;
	if (use_pipe)
		f = popen(what, "r");
	else
		f = fopen(what, "r");
	if (!f)
		return -1;
	sync_output();
	int c = fgetc(f);
	if (use_pipe)
		pclose(f);
	else
		fclose(f);
	return c;
}

/* bad: the mode is changed between the tests. */
int
first_char_switched(const char *what)
{
	FILE *f;
	if (use_pipe)
		f = popen(what, "r");
	else
		f = fopen(what, "r");
	if (!f)
		return -1;
	use_pipe = 0;
	int c = fgetc(f);
	if (use_pipe)
		pclose(f);
	else
		fclose(f); /* expect: mismatched-release */
	return c;
}
