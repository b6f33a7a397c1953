/* SPDX-License-Identifier: MIT */
/*
 * Accepted gaps: ownership held in a field or a global.  A handle stored
 * into storage that outlives the call (a field of a parameter, a global) is
 * taken as handed over to its owner, and the engine stops following it
 * there (docs/architecture.md, "Ownership leaves the function"); the next
 * issue tracks places.  Each bug below is real and missed today: marked
 * `known-to-fail`, cited by docs/evaluation.md ("Known gaps").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conf {
	char *name;
	FILE *log;
};

static char *last_error;

/* BUG: the old name is still owned by the struct when it is overwritten. */
int
conf_set_name(struct conf *c, const char *name)
{
	c->name = strdup(name);
	if (!c->name)
		return -1;
	c->name = strdup(name); /* known-to-fail: leak */
	return c->name ? 0 : -1;
}

/* BUG: the global's previous message is overwritten without free(). */
void
set_error(const char *msg)
{
	last_error = strdup(msg);
	last_error = strdup(msg); /* known-to-fail: leak */
}

/* BUG: the stream opened into the field is closed twice, through the field. */
int
conf_reopen_log(struct conf *c, const char *path)
{
	c->log = fopen(path, "a");
	if (!c->log)
		return -1;
	fclose(c->log);
	fclose(c->log); /* known-to-fail: double-release */
	return 0;
}

/* Good: the field's old value is freed before the new one is stored. */
int
conf_rename(struct conf *c, const char *name)
{
	char *n = strdup(name);
	if (!n)
		return -1;
	free(c->name);
	c->name = n;
	return 0;
}
