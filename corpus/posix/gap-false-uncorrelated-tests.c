/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 3 (reduced from real
 * code): two tests of the same unchanged field are not correlated: the path that
 * takes `if (o->program)` at the first test and the else branch at the
 * second is infeasible, but followed, so each stream seems released by the
 * other kind's function.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
struct opts { const char *file; int program; };
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
		pclose(f); /* known-false: mismatched-release */
	else
		fclose(f); /* known-false: mismatched-release */
	return c;
}

/*
 * The same cause seen as a leak (psql's \copy, once the stream stored into a
 * global was followed): the stream is opened when 'r->path' is set and closed
 * under the same test, which the engine does not correlate.
 */
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
	return c; /* known-false: leak */
}

/*
 * And with the result of a pure call on a global (pg_recvlogical's output
 * file, once the descriptor in a global was followed): "-" means standard
 * output, which is neither opened nor closed.
 */
static int log_fd = -1;
static const char *log_name;
void set_log_name(const char *name) { log_name = name; }
int log_line(const char *msg)
{
	if (log_fd == -1) {
		if (strcmp(log_name, "-") == 0)
			log_fd = fileno(stdout);
		else
			log_fd = open(log_name, O_CREAT | O_APPEND | O_WRONLY, 0600);
		if (log_fd == -1)
			return -1;
	}
	if (write(log_fd, msg, strlen(msg)) < 0)
		return -1;
	if (strcmp(log_name, "-") != 0)
		close(log_fd);
	log_fd = -1; /* known-false: leak */
	return 0;
}
