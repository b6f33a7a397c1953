/* SPDX-License-Identifier: MIT */
/*
 * Two tests of the same member (p->f) with nothing between that may write
 * it are one test (docs/evaluation.md cause 3, reduced from psql's \copy):
 * the path that takes `if (o->program)` at the first and the else branch
 * at the second does not exist.  A write between them, or a call that may
 * reach the object, makes them two.  `errno = 0` writes errno, nothing
 * else; a helper of the unit that only frees the object does not let a
 * later call reach it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void reconfigure(void);

struct opts { const char *file; int program; };

/* Good (tricky): the same member tested twice, nothing writes it. */
int copy_in(const struct opts *o)
{
	FILE *f;
	if (o->program)
		f = popen(o->file, "r");
	else
		f = fopen(o->file, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (o->program)
		pclose(f);
	else
		fclose(f);
	return c;
}

/* Good (tricky), the same seen as a leak (psql's \copy): the stream is
 * opened when 'r->path' is set and closed under the same test. */
struct request { char *path; };
struct request *parse_request(const char *line);
int read_request(const char *line)
{
	struct request *r = parse_request(line);
	FILE *in;
	if (!r)
		return -1;
	if (r->path)
		in = fopen(r->path, "r");
	else
		in = stdin;
	if (!in) {
		free(r);
		return -1;
	}
	int c = fgetc(in);
	if (r->path)
		fclose(in);
	free(r);
	return c;
}


/* BUG: the member is changed between the two tests: the stream opened by
 * popen is closed by fclose on the path where 'program' was set first. */
int copy_in_changed(struct opts *o)
{
	FILE *f;
	if (o->program)
		f = popen(o->file, "r");
	else
		f = fopen(o->file, "r");
	if (!f)
		return -1;
	o->program = 0;
	if (o->program)
		pclose(f);
	else
		fclose(f); /* expect: mismatched-release */
	return 0;
}

/* Good (tricky): a local object no call but free() is given: a call of
 * another file between the tests cannot change its members. */
int read_request_logged(const char *line)
{
	struct request *r = parse_request(line);
	FILE *in;
	if (!r)
		return -1;
	if (r->path)
		in = fopen(r->path, "r");
	else
		in = stdin;
	if (!in) {
		free(r);
		return -1;
	}
	reconfigure();
	int c = fgetc(in);
	if (r->path)
		fclose(in);
	free(r);
	return c;
}

/* BUG: a parameter's object may be changed by a call of another file
 * between the tests; without the second test the stream leaks. */
int copy_in_unknown(const struct opts *o)
{
	FILE *f = NULL;
	if (o->program)
		f = popen(o->file, "r");
	reconfigure();
	if (!f)
		return -1;
	if (o->program)
		pclose(f);
	return 0; /* expect: leak */
}

/* Good (tricky, psql's \copy again): errno is set before popen, and the
 * object is handed to a helper that frees it on the error path: neither
 * lets the call of another file between the tests change 'r->path'. */
static void free_request(struct request *r)
{
	free(r->path);
	free(r);
}

int read_request_errno(const char *line)
{
	struct request *r = parse_request(line);
	FILE *in;
	if (!r)
		return -1;
	if (r->path) {
		errno = 0;
		in = popen(r->path, "r");
	} else {
		in = stdin;
	}
	if (!in) {
		free_request(r);
		return -1;
	}
	reconfigure();
	int c = fgetc(in);
	if (r->path)
		pclose(in);
	free_request(r);
	return c;
}

/* BUG: the helper keeps the object in a global, so a call of another file
 * may change it: the stream may be left open. */
static struct request *last;
static void remember(struct request *r)
{
	last = r;
}

int read_request_kept(const char *line)
{
	struct request *r = parse_request(line);
	FILE *in = NULL;
	if (!r)
		return -1;
	remember(r);
	if (r->path)
		in = popen(r->path, "r");
	reconfigure();
	if (!in)
		return -1;
	if (r->path)
		pclose(in);
	return 0; /* expect: leak */
}

/* Good (tricky, pg_upgrade's locale): the members' values are given to a
 * logger of another file between the tests, copies that do not let it
 * reach the object. */
void log_request(const char *fmt, ...);
struct entry { char *locale; int encoding; };
int apply_locale(struct entry *table)
{
	struct entry *e = table;
	char *quoted = NULL;
	if (e->locale)
		quoted = strdup(e->locale);
	log_request("%d %s", e->encoding, e->locale);
	if (e->locale)
		free(quoted);
	return 0;
}

/* BUG: the object itself is given to a function of another file between
 * the tests, which may clear the member: the copy may leak. */
void reset_entry(struct entry *e);
int apply_locale_reset(struct entry *table)
{
	struct entry *e = table;
	char *quoted = NULL;
	if (e->locale)
		quoted = strdup(e->locale);
	reset_entry(e);
	if (e->locale)
		free(quoted);
	return 0; /* expect: leak */
}
