/* SPDX-License-Identifier: MIT */
/*
 * A function that closes what it opened before some of its returns says
 * what those returns mean: "failed, nothing open".  When another return
 * gives that same value with the stream already handed to the caller
 * (stored in the caller's object, *out or a global), the caller takes it
 * for a failure and never closes it.  The returns that hand it over with
 * another value (true, 0) are the success the caller closes later.
 * Reduced from PostgreSQL's open_walfile (fixed in 728ceba938: the file
 * was stored into a global, then an fsync failure returned false).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct log {
	FILE *fp;
	char *name;
};

/* BUG: the write failure returns false, as the setvbuf failure does after
 * closing the stream; but l->fp already holds it. */
bool
log_open(struct log *l, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return false;
	if (setvbuf(f, NULL, _IOLBF, 0) != 0) {
		fclose(f);
		return false;
	}
	l->fp = f;
	if (fputs("opened\n", f) < 0)
		return false; /* expect: leak "stream 'f' acquired by 'fopen' at line 26 is not released on this path" */
	return true;
}

/* Good: the same, fixed: the write failure closes and resets. */
bool
log_open_fixed(struct log *l, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return false;
	if (setvbuf(f, NULL, _IOLBF, 0) != 0) {
		fclose(f);
		return false;
	}
	l->fp = f;
	if (fputs("opened\n", f) < 0) {
		fclose(f);
		l->fp = NULL;
		return false;
	}
	return true;
}

/* BUG: the same through an out-parameter, -1 for failure. */
int
open_report(const char *path, FILE **out)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	if (fputs("report\n", f) < 0) {
		fclose(f);
		return -1;
	}
	*out = f;
	if (fflush(f) != 0)
		return -1; /* expect: leak */
	return 0;
}

static FILE *trace_fp;

/* BUG: the same with a global. */
bool
trace_open(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	if (fputs("# trace\n", f) < 0) {
		fclose(f);
		return false;
	}
	trace_fp = f;
	if (fflush(f) != 0)
		return false; /* expect: leak */
	return true;
}

/* Good (tricky): nothing here closes the stream before a return, so no
 * return says "nothing open": on -1 the stream in *out is the caller's
 * (its contract, which closecheck does not know). */
int
open_keep(const char *path, FILE **out)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	*out = f;
	if (fputs("report\n", f) < 0)
		return -1;
	return 0;
}

/* Good (tricky): every return that hands the stream over gives 1, and the
 * return after closing gives 0: no return mixes the two. */
int
log_rotate(struct log *l, int same)
{
	FILE *f = fopen(l->name, "a");
	if (!f)
		return 0;
	if (same) {
		fclose(f);
		return 0;
	}
	if (l->fp)
		fclose(l->fp);
	l->fp = f;
	return 1;
}

/* Good (tricky): 0 both after closing a duplicate and after storing: the
 * value says nothing of the stream, and no other value hands it over. */
int
log_reopen(struct log *l, int dup)
{
	FILE *f = fopen(l->name, "a");
	if (!f)
		return -1;
	if (dup) {
		fclose(f);
		return 0;
	}
	if (l->fp)
		fclose(l->fp);
	l->fp = f;
	return 0;
}

static FILE *progress;

/* A return from main ends the process: what the global holds there is
 * reported only with --report-at-exit (the same contract as above). */
int
main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	FILE *f = fopen(argv[1], "r");
	if (!f)
		return 1;
	if (argc > 2) {
		fclose(f);
		return 1;
	}
	progress = f;
	if (fgetc(f) < 0)
		return 1; /* at-exit: leak */
	return 0;
}
