/* SPDX-License-Identifier: MIT */
/*
 * Handles owned through a place: a field reached through a pointer
 * (c->name), a global, or what a pointer points to (*out).  The handle
 * stays followed there: overwriting the place while it owns the handle
 * loses it, releasing it twice through the place is a double release, and
 * releasing the object that holds it loses it.  Storage the caller can
 * reach takes the handle over when the function returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conf {
	char *name;
	FILE *log;
	int level;
};

struct node {
	struct node *next;
	char *text;
};

static char *last_error;
static FILE *trace;

void log_line(const char *msg);
void conf_publish(struct conf *c);

/* BUG: the old name is still owned by the struct when it is overwritten. */
int
conf_set_name(struct conf *c, const char *name)
{
	c->name = strdup(name);
	if (!c->name)
		return -1;
	c->name = strdup(name); /* expect: leak "memory 'c->name' acquired by 'strdup' at line 35 is lost: 'c->name' is overwritten while it still holds it" */
	return c->name ? 0 : -1;
}

/* BUG: the global's previous message is overwritten without free(). */
void
set_error(const char *msg)
{
	last_error = strdup(msg);
	last_error = strdup(msg); /* expect: leak */
}

/* BUG: the stream opened into the field is closed twice, through the field. */
int
conf_reopen_log(struct conf *c, const char *path)
{
	c->log = fopen(path, "a");
	if (!c->log)
		return -1;
	fclose(c->log);
	fclose(c->log); /* expect: double-release */
	return 0;
}

/* BUG: the object is freed while its field still owns a copy. */
void
node_drop(const char *s)
{
	struct node *n = malloc(sizeof(*n));
	if (!n)
		return;
	n->text = strdup(s);
	free(n); /* expect: leak "memory 'n->text' acquired by 'strdup' at line 69 is lost: 'n', which holds it, is released here" */
}

/* BUG: on the error path the half-built object is freed, its stream with
 * it still open. */
struct conf *
conf_open(const char *path)
{
	struct conf *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->log = fopen(path, "a");
	if (!c->log) {
		free(c);
		return NULL;
	}
	c->name = strdup(path);
	if (!c->name) {
		free(c); /* expect: leak */
		return NULL;
	}
	return c;
}

/* BUG: each pass stores a new buffer over the one before. */
void
conf_levels(struct conf *c, int n)
{
	for (int i = 0; i < n; i++) {
		c->name = malloc(16); /* expect: leak */
		if (!c->name)
			return;
		snprintf(c->name, 16, "level %d", i);
	}
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

/* Good (tricky): stored into the caller's struct, which owns it now, even
 * on the early return that follows. */
int
conf_load(struct conf *c, const char *path)
{
	c->log = fopen(path, "r");
	if (!c->log)
		return -1;
	if (c->level > 3)
		return 1;
	return 0;
}

/* Good (tricky): the field is released, reset, and filled again. */
int
conf_rotate(struct conf *c, const char *path)
{
	if (c->log)
		fclose(c->log);
	c->log = NULL;
	c->log = fopen(path, "a");
	return c->log ? 0 : -1;
}

/* Good (tricky): the field is freed before the object that holds it. */
void
node_free(struct node *n)
{
	free(n->text);
	free(n);
}

/* Good (tricky): nodes go into a list that the caller gets; the pointer
 * moving on to the next node does not lose what the previous one holds. */
struct node *
list_build(char **words, int n)
{
	struct node *head = NULL;
	for (int i = 0; i < n; i++) {
		struct node *nd = malloc(sizeof(*nd));
		if (!nd)
			break;
		nd->text = strdup(words[i]);
		nd->next = head;
		head = nd;
	}
	return head;
}

/* Good (tricky): the object, with what it holds, goes to a function that
 * keeps it. */
void
conf_share(const char *path)
{
	struct conf *c = calloc(1, sizeof(*c));
	if (!c)
		return;
	c->log = fopen(path, "a");
	conf_publish(c);
}

/* Good (tricky): a function the packs do not know may close and reopen the
 * global in between, so the second store is not taken for a leak. */
void
trace_restart(const char *path)
{
	trace = fopen(path, "a");
	log_line("restarting trace");
	trace = fopen(path, "a");
}

/* Good (tricky): handed out through the out-parameter on success only. */
int
open_both(const char *path, FILE **out)
{
	*out = fopen(path, "r");
	if (!*out)
		return -1;
	return 0;
}

/* BUG: the out-parameter's stream is overwritten by a second one. */
int
open_twice(const char *path, FILE **out)
{
	*out = fopen(path, "r");
	*out = fopen(path, "r"); /* expect: leak */
	return *out ? 0 : -1;
}

/* BUG: closed through the field, then again through a second pointer to the
 * same object. */
void
conf_close_twice(struct conf *c)
{
	struct conf *alias = c;
	c->log = fopen("/tmp/conf.log", "a");
	if (!c->log)
		return;
	fclose(c->log);
	fclose(alias->log); /* expect: double-release */
}
