/* SPDX-License-Identifier: MIT */
/*
 * Two things a path knows without being told twice.  A result that is
 * neither negative nor positive is zero: after `rc < 0` and `rc > 0` both
 * failed, `rc != 0` cannot hold.  And a pointer whose object holds the
 * handle is not NULL: a helper that begins with `if (!c) return;` and
 * then frees c->name releases the caller's name on every path the caller
 * can take, so freeing it again is a double release, and a helper that
 * also resets it leaves nothing to leak.
 */
#include <stdlib.h>
#include <string.h>

int step(const char *buf);

/* OK: the last free under `rc != 0` never runs after the first two tests */
int
run_step(void)
{
	char *buf = malloc(16);
	if (!buf)
		return -1;
	int rc = step(buf);
	if (rc < 0) {
		free(buf);
		return -1;
	} else if (rc > 0) {
		free(buf);
		return 1;
	}
	if (rc != 0)
		free(buf);
	free(buf);
	return 0;
}

/* BUG: rc is zero here, so both frees run */
int
run_step_twice(void)
{
	char *buf = malloc(16);
	if (!buf)
		return -1;
	int rc = step(buf);
	if (rc < 0) {
		free(buf);
		return -1;
	} else if (rc > 0) {
		free(buf);
		return 1;
	}
	if (rc == 0)
		free(buf);
	free(buf); /* expect: double-release */
	return 0;
}

struct entry {
	char *name;
	int id;
};

/* frees the name, checking its argument first */
static void
entry_drop_name(struct entry *e)
{
	if (!e)
		return;
	free(e->name);
}

/* the same, and resets it */
static void
entry_clear_name(struct entry *e)
{
	if (!e)
		return;
	free(e->name);
	e->name = NULL;
}

/* BUG: the helper freed the name already */
void
entry_rename_twice(struct entry *e, const char *s)
{
	e->name = strdup(s);
	entry_drop_name(e);
	free(e->name); /* expect: double-release */
	e->name = NULL;
}

/* OK: the helper freed and reset it; a new name goes in */
void
entry_rename(struct entry *e, const char *s)
{
	e->name = strdup(s);
	entry_clear_name(e);
	e->name = strdup(s);
}
