/* SPDX-License-Identifier: MIT */
/*
 * The destroy functions of destroy-across-files.c, in another translation
 * unit.  Nothing here is wrong by itself: what they leave open is their
 * callers' to find.
 */
#include <stdio.h>
#include <stdlib.h>

struct session {
	char *user;
	FILE *log;
	int id;
};

void archive(struct session *s);

void
session_close(struct session *s)
{
	fclose(s->log);
	free(s->user);
	free(s);
}

void
session_free(struct session *s)
{
	free(s->user);
	free(s);
}

void
session_retire(struct session *s)
{
	archive(s);
	free(s);
}
