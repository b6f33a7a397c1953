/* Options that exclude each other, checked by counting them: `if (a + b +
 * !!path > 1) die(...)`.  After that test, a path with one of them set has
 * every other one zero, so a store that only another option makes cannot
 * overwrite what the first one opened.  Terms are counts (never negative):
 * one that is not 0 or 1 counts two or more. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct source {
	char *path;
	char *to_free;
	const char *blob;
	int user;
	int system;
	int local;
};

char *user_file(void);

/* The environment's file counts as one of the options: with it set, no
 * other branch runs, so neither store below overwrites it. */
void choose_source(struct source *s)
{
	if (!s->path) {
		const char *env = getenv("TOOL_CONFIG");
		if (env)
			s->path = s->to_free = strdup(env);
	}
	if (s->user + s->system + s->local + !!s->path + !!s->blob > 1) {
		fprintf(stderr, "only one source at a time\n");
		exit(129);
	}
	if (s->user)
		s->path = s->to_free = user_file();
	else if (s->system)
		s->path = s->to_free = strdup("/etc/tool.conf");
}

/* The same without the environment's file among the counted options:
 * --user with the variable set replaces the copy. */
void choose_source_uncounted(struct source *s)
{
	if (!s->path) {
		const char *env = getenv("TOOL_CONFIG");
		if (env)
			s->path = s->to_free = strdup(env);
	}
	if (s->user + s->system + !!s->blob > 1) {
		fprintf(stderr, "only one source at a time\n");
		exit(129);
	}
	if (s->user)
		s->path = s->to_free = user_file(); /* expect: leak */
}

/* Exactly one output: the stream of one branch is never overwritten by
 * another's, and each is closed by its own kind. */
int write_report(const char *text, int to_file, int to_pipe, int to_stdout)
{
	FILE *out = stdout;
	if (to_file + to_pipe + to_stdout != 1)
		return -1;
	if (to_file)
		out = fopen("report.txt", "w");
	if (to_pipe)
		out = popen("lpr", "w");
	if (!out)
		return -1;
	fputs(text, out);
	if (to_file)
		fclose(out);
	if (to_pipe)
		pclose(out);
	return 0;
}

/* At least one: both streams can be open at once, and the second
 * overwrites the first. */
int write_twice(const char *text, int to_file, int to_pipe, int to_log)
{
	FILE *out = NULL;
	if (to_file + to_pipe + to_log == 0)
		return -1;
	if (to_file)
		out = fopen("report.txt", "w");
	if (to_pipe)
		out = popen("lpr", "w"); /* expect: leak */
	if (!out)
		return -1;
	fputs(text, out);
	if (to_pipe)
		pclose(out);
	else
		fclose(out);
	return 0;
}

/* A count that is not 0 or 1 counts as two or more: n >= 2 cannot follow
 * `n + m > 1` false, so the early return below never leaks. */
void count_is_not_a_truth_value(int n, int m)
{
	char *buf = malloc(16);
	if (!buf)
		return;
	if (n + m > 1) {
		free(buf);
		return;
	}
	if (n >= 2)
		return;
	free(buf);
}

/* The early return that can run: m alone may be 1. */
void count_leaves_one(int n, int m)
{
	char *buf = malloc(16);
	if (!buf)
		return;
	if (n + m > 1) {
		free(buf);
		return;
	}
	if (m == 1)
		return; /* expect: leak */
	free(buf);
}
