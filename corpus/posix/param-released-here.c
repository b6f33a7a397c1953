/*
 * A stream passed in by the caller and closed here: using or closing it
 * again afterwards is a bug, whatever the caller does.
 */
#include <stdio.h>

/* BAD: written to after it was closed. */
int
finish_log(FILE *log, int code)
{
	fclose(log);
	return fprintf(log, "exit %d\n", code); /* expect: use-after-release */
}

/* GOOD: the last line is written first. */
int
finish_log_ok(FILE *log, int code)
{
	int n = fprintf(log, "exit %d\n", code);
	fclose(log);
	return n;
}

/* GOOD: a FILE * the caller keeps: read, not closed. */
int
first_byte(FILE *in)
{
	return in ? fgetc(in) : EOF;
}
