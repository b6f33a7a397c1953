/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mem.h"
#include "vcs.h"

extern char **environ;

/* Runs git with argv and returns its standard output (NUL-terminated), or
 * NULL if it could not run or failed. */
static char *
run_git(char *const argv[])
{
	int fds[2];
	if (pipe(fds) != 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	pid_t pid;
	int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return NULL;
	}
	size_t cap = 4096, len = 0;
	char *out = xmalloc(cap);
	ssize_t n;
	while ((n = read(fds[0], out + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2)
			out = xrealloc(out, cap *= 2);
	}
	out[len] = '\0';
	close(fds[0]);
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		mem_free(out);
		return NULL;
	}
	return out;
}

static VcsFile *
file_add(VcsChanges *c, const char *top, const char *rel)
{
	c->files = xrealloc(c->files, sizeof(VcsFile) * (size_t)(c->n + 1));
	VcsFile *f = &c->files[c->n++];
	memset(f, 0, sizeof(*f));
	f->path = xmalloc(strlen(top) + strlen(rel) + 2);
	sprintf(f->path, "%s/%s", top, rel);
	return f;
}

int
vcs_changes(const char *rev, VcsChanges *out, Diag *d)
{
	memset(out, 0, sizeof(*out));
	char *const top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
	char *top = run_git(top_argv);
	if (!top) {
		diag_error(d, NULL, 0, 0, "cannot ask git what changed: not in a git work tree?");
		return -1;
	}
	top[strcspn(top, "\n")] = '\0';
	char *const staged[] = {"git", "-C", top, "diff", "--cached", "-U0", "--no-color",
				"--no-ext-diff", "--diff-filter=ACMR", "--", "*.c", NULL};
	char *const since[] = {"git", "-C", top, "diff", "-U0", "--no-color", "--no-ext-diff",
			       "--diff-filter=ACMR", (char *)rev, "--", "*.c", NULL};
	char *diff = run_git(rev ? since : staged);
	if (!diff) {
		diag_error(d, NULL, 0, 0, "git diff failed%s%s%s", rev ? " for '" : "",
			   rev ? rev : "", rev ? "'" : "");
		mem_free(top);
		return -1;
	}
	VcsFile *cur = NULL;
	for (char *line = strtok(diff, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "+++ b/", 6) == 0) {
			cur = file_add(out, top, line + 6);
		} else if (strncmp(line, "@@ ", 3) == 0 && cur) {
			int first = 0, count = 1;
			char *plus = strchr(line, '+');
			if (!plus || sscanf(plus + 1, "%d,%d", &first, &count) < 1)
				continue;
			if (count == 0)
				continue;
			cur->ranges = xrealloc(cur->ranges, sizeof(VcsRange) * (size_t)(cur->nranges + 1));
			cur->ranges[cur->nranges++] = (VcsRange){first, first + count - 1};
		}
	}
	mem_free(diff);
	mem_free(top);
	return 0;
}

void
vcs_changes_release(VcsChanges *c)
{
	for (int i = 0; i < c->n; i++) {
		mem_free(c->files[i].path);
		mem_free(c->files[i].ranges);
	}
	mem_free(c->files);
	memset(c, 0, sizeof(*c));
}

const VcsFile *
vcs_find(const VcsChanges *c, const char *path)
{
	char real[PATH_MAX];
	const char *p = realpath(path, real) ? real : path;
	for (int i = 0; i < c->n; i++) {
		char r2[PATH_MAX];
		const char *q = realpath(c->files[i].path, r2) ? r2 : c->files[i].path;
		if (strcmp(p, q) == 0)
			return &c->files[i];
	}
	return NULL;
}

bool
vcs_line_changed(const VcsFile *f, int line)
{
	for (int i = 0; i < f->nranges; i++)
		if (line >= f->ranges[i].first && line <= f->ranges[i].last)
			return true;
	return false;
}
