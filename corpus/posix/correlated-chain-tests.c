/* SPDX-License-Identifier: MIT */
/*
 * Two tests of the same member reached through a chain of pointers
 * (`job->options->x`) with nothing between that may write it are one test,
 * as for one level (correlated-member-tests.c).  Reduced from git's hook
 * runner: two options are checked to be exclusive (the program aborts
 * when both are set), then each is tested on its own.  A store into any
 * step of the chain, or a call given the address of a step or the value
 * of a pointer along it, makes them two tests.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

struct child {
	int in;
	int no_input;
};

struct opts {
	const char *input_path;
	int use_pipe;
	const char *dir;
};

struct job {
	const struct opts *options;
	const struct opts *fallback;
};

void log_dir(const char *dir);
void refresh_options(const struct opts **where);
void reload(struct job *job);
void inspect(const struct opts *o);

/* Good (tricky, git's hook.c): at most one of the two options is set; the
 * caller closes c->in. */
void set_input(struct child *c, void *data)
{
	struct job *job = data;

	if (job->options->input_path && job->options->use_pipe)
		abort();
	if (job->options->input_path) {
		c->no_input = 0;
		c->in = open(job->options->input_path, O_RDONLY);
	}
	log_dir(job->options->dir);
	if (job->options->use_pipe) {
		c->no_input = 0;
		c->in = -1;
	}
}

/* Good (tricky): the same chain of a parameter tested before the open and
 * before the close; only a function the packs know, given another
 * chain's value, runs between. */
int read_first(struct job *job)
{
	int fd = -1;
	char b;
	if (job->options->input_path)
		fd = open(job->options->input_path, O_RDONLY);
	if (access(job->fallback->dir, R_OK) != 0)
		fd = fd < 0 ? -1 : fd;
	if (job->options->input_path) {
		if (fd < 0)
			return -1;
		if (read(fd, &b, 1) != 1)
			b = 0;
		close(fd);
	}
	return b;
}

/* BUG: the first step of the chain is given a new value between the
 * tests: the second test reads other options, and the descriptor may be
 * left open. */
int read_switched(void *data)
{
	struct job *job = data;
	int fd = -1;
	if (job->options->input_path)
		fd = open(job->options->input_path, O_RDONLY);
	job->options = job->fallback;
	if (job->options->input_path && fd >= 0)
		close(fd);
	return 0; /* expect: leak */
}

/* BUG: a call is given the address of a step of the chain. */
int read_refreshed(void *data)
{
	struct job *job = data;
	int fd = -1;
	if (job->options->input_path)
		fd = open(job->options->input_path, O_RDONLY);
	refresh_options(&job->options);
	if (job->options->input_path && fd >= 0)
		close(fd);
	return 0; /* expect: leak */
}

/* BUG: a call of another file is given the options the chain reaches
 * (not as a pointer to const, it may change them).  (The job is a local
 * copy, as in set_input: only what the calls are given can change it.) */
void rewrite(struct opts *o);
int read_rewritten(void *data)
{
	struct job *job = data;
	int fd = -1;
	if (job->options->input_path)
		fd = open(job->options->input_path, O_RDONLY);
	rewrite((struct opts *)job->options);
	if (job->options->input_path && fd >= 0)
		close(fd);
	return 0; /* expect: leak */
}
