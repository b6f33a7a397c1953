/* SPDX-License-Identifier: MIT */
/*
 * Destroy functions defined in another file (destroy-across-files-helpers.c)
 * that free the session object: one closes its log first, one forgets it,
 * one hands the object to a helper first (what that does to the log is
 * not said, so nothing is reported).  A stream kept in a member the
 * destroy function never names dies with the object.
 */
#include <stdio.h>
#include <stdlib.h>

struct session {
	char *user;
	FILE *log;
	int id;
};

void session_close(struct session *s);   /* fclose(s->log); free(s) */
void session_free(struct session *s);    /* free(s->user); free(s) */
void session_retire(struct session *s);  /* archive(s); free(s) */

int
session_run(const char *path)
{
	struct session *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->log = fopen(path, "a");
	if (!s->log) {
		free(s);
		return -1;
	}
	fputs("start\n", s->log);
	session_close(s);
	return 0;
}

/* BUG: session_free() frees the object and its user name, not the log. */
int
session_run_leaky(const char *path)
{
	struct session *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->log = fopen(path, "a");
	if (!s->log) {
		free(s);
		return -1;
	}
	fputs("start\n", s->log);
	session_free(s); /* expect: leak */
	return 0;
}

/* Good (tricky): session_retire() gives the object to archive() before
 * freeing it, which may close the log: not said either way. */
int
session_run_retired(const char *path)
{
	struct session *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->log = fopen(path, "a");
	if (!s->log) {
		free(s);
		return -1;
	}
	session_retire(s);
	return 0;
}
