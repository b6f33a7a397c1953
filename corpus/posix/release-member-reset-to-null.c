/* SPDX-License-Identifier: MIT */
/*
 * A log stream kept in a member, closed and set to NULL when logging is
 * turned off, tested against NULL before writing: fclose(NULL) is
 * undefined (the posix pack's `rejects_null`), so closing it again
 * untested is a double-release.
 */
#include <stdio.h>

struct logger {
	FILE *out;
	int level;
};

/* Good: the only close tests first, and resets. */
void log_off(struct logger *lg)
{
	if (lg->out) {
		fclose(lg->out);
		lg->out = NULL;
	}
}

/* Good: writes only when it is open. */
void log_line(struct logger *lg, const char *s)
{
	if (lg->out != NULL)
		fputs(s, lg->out);
}

/* Good: reopened first, so the close below is of the new stream. */
int log_rotate(struct logger *lg, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	if (lg->out)
		fclose(lg->out);
	lg->out = f;
	return 0;
}

/* BUG: after log_off, this closes NULL. */
void log_shutdown(struct logger *lg)
{
	fclose(lg->out); /* expect: double-release */
	lg->out = NULL;
}
