/* SPDX-License-Identifier: MIT */
/*
 * A destroy function of the file that frees the object and never looks at
 * one of its members: a handle that member still owns dies with the
 * object, as it does when the caller frees the object itself.  A destroy
 * function that releases the member, or a handle that something else
 * still holds, loses nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
	FILE *out;
	char *name;
	int id;
};

/* frees the name and the object; the stream is forgotten */
static void
job_free(struct job *j)
{
	free(j->name);
	free(j);
}

/* closes the stream too */
static void
job_destroy(struct job *j)
{
	if (j->out)
		fclose(j->out);
	free(j->name);
	free(j);
}

static void
close_out(FILE *f)
{
	fclose(f);
}

/* hands the stream to a helper that closes it */
static void
job_finish(struct job *j)
{
	close_out(j->out);
	free(j);
}

/* frees the object only when it is not shared */
static void
job_put(struct job *j, int shared)
{
	if (!shared)
		free(j);
}

/* BUG: job_free() forgets j->out. */
int
job_run(const char *path)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->out = fopen(path, "w");
	if (!j->out) {
		free(j);
		return -1;
	}
	fputs("done\n", j->out);
	job_free(j); /* expect: leak "stream 'j->out' acquired by 'fopen' at line 66 is lost: 'j', which holds it, is released here" */
	return 0;
}

/* Good: job_destroy() closes it. */
int
job_run_fixed(const char *path)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->out = fopen(path, "w");
	if (!j->out) {
		free(j);
		return -1;
	}
	fputs("done\n", j->out);
	job_destroy(j);
	return 0;
}

/* Good (tricky): the helper gives the member to another that closes it. */
int
job_run_finish(const char *path)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->out = fopen(path, "w");
	if (!j->out) {
		free(j);
		return -1;
	}
	job_finish(j);
	return 0;
}

/* Good (tricky): the stream is taken out of the object first; the local
 * still holds it when the object goes. */
int
job_run_detach(const char *path)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->out = fopen(path, "w");
	if (!j->out) {
		free(j);
		return -1;
	}
	FILE *keep = j->out;
	job_free(j);
	fclose(keep);
	return 0;
}

/* Good (tricky): job_put() frees the object only on some paths: not a
 * destroy function, so the stream is taken as kept with it. */
int
job_run_shared(const char *path, int shared)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->out = fopen(path, "w");
	if (!j->out) {
		free(j);
		return -1;
	}
	job_put(j, shared);
	return 0;
}
