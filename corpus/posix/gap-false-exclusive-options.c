/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md "Final engine of 2026-12-01",
 * reduced from the shape of git's hook runner: two options are checked to be
 * exclusive (the program aborts when both are set), then each is tested on
 * its own. The options are read through two pointers (`job->options->x`);
 * the engine does not tie tests of such a chain to each other (with a local
 * `o = job->options` it does), so it takes both later tests as true and
 * reports the descriptor of the first as overwritten by the second.
 * The finding is wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <fcntl.h>
#include <stdlib.h>

struct child {
	int in;
	int no_input;
};

struct opts {
	const char *input_path;
	int use_pipe;
};

struct job {
	const struct opts *options;
};

/* Fine: at most one of the two options is set; the caller closes c->in. */
void set_input(struct child *c, void *data)
{
	struct job *job = data;

	if (job->options->input_path && job->options->use_pipe)
		abort();
	if (job->options->input_path) {
		c->no_input = 0;
		c->in = open(job->options->input_path, O_RDONLY);
	}
	if (job->options->use_pipe) {
		c->no_input = 0;
		c->in = -1; /* known-false: leak */
	}
}
