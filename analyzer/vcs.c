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
file_add(VcsChanges *c, const char *top, const char *rel, size_t len)
{
	c->files = xrealloc(c->files, sizeof(VcsFile) * (size_t)(c->n + 1));
	VcsFile *f = &c->files[c->n++];
	memset(f, 0, sizeof(*f));
	f->path = xmalloc(strlen(top) + len + 2);
	sprintf(f->path, "%s/%.*s", top, (int)len, rel);
	return f;
}

static void
range_add(VcsFile *f, int first, int last)
{
	f->ranges = xrealloc(f->ranges, sizeof(VcsRange) * (size_t)(f->nranges + 1));
	f->ranges[f->nranges++] = (VcsRange){first, last};
}

/* A file name of a "+++ " line: b/NAME, NAME<TAB> when it has a space, or
 * "b/NA\"ME" in C quotes (control characters, quotes, backslashes).
 * Writes the name without its "b/" to out; false if it is not one. */
static bool
diff_name(const char *s, char *out, size_t n)
{
	size_t k = 0;
	if (*s != '"') {
		if (strncmp(s, "b/", 2) != 0)
			return false;           /* /dev/null */
		s += 2;
		size_t len = strcspn(s, "\t\n");
		snprintf(out, n, "%.*s", (int)len, s);
		return len > 0;
	}
	if (strncmp(s, "\"b/", 3) != 0)
		return false;
	for (s += 3; *s && *s != '"' && k + 1 < n; s++) {
		char c = *s;
		if (c == '\\' && s[1] >= '0' && s[1] <= '7') {
			c = (char)strtol((char[4]){s[1], s[2], s[3], 0}, NULL, 8);
			s += 3;
		} else if (c == '\\' && s[1]) {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' :
			    *s == 'a' ? '\a' : *s == 'b' ? '\b' : *s == 'f' ? '\f' :
			    *s == 'v' ? '\v' : *s;
		}
		out[k++] = c;
	}
	out[k] = '\0';
	return *s == '"' && k > 0;
}

/* "@@ -a,b +c,d @@": the new side.  A hunk that only deletes (d == 0)
 * marks the lines around the place of the deletion. */
static void
hunk(VcsFile *f, const char *line)
{
	const char *plus = strstr(line, " +");
	int first = 0, count = 1;
	if (!plus || sscanf(plus + 2, "%d,%d", &first, &count) < 1)
		return;
	if (count > 0)
		range_add(f, first, first + count - 1);
	else
		range_add(f, first > 0 ? first : 1, first + 1);
}

void
vcs_parse_diff(const char *top, const char *diff, VcsChanges *out)
{
	VcsFile *cur = NULL;
	bool header = false;             /* between "diff --git" and the first hunk */
	char name[PATH_MAX];
	for (const char *line = diff; line && *line;) {
		const char *nl = strchr(line, '\n');
		if (strncmp(line, "diff --git ", 11) == 0) {
			header = true;
			cur = NULL;
		} else if (header && strncmp(line, "+++ ", 4) == 0) {
			cur = diff_name(line + 4, name, sizeof(name))
				? file_add(out, top, name, strlen(name)) : NULL;
		} else if (strncmp(line, "@@ ", 3) == 0) {
			header = false;
			if (cur)
				hunk(cur, line);
		}
		line = nl ? nl + 1 : NULL;
	}
}

/* --changed-since: the untracked C files and headers, every line of them. */
static void
add_untracked(const char *top, VcsChanges *out)
{
	char *const argv[] = {"git", "-C", (char *)top, "ls-files", "-z", "--others",
			      "--exclude-standard", "--", "*.c", "*.h", NULL};
	char *list = run_git(argv);
	for (char *p = list; p && *p; p += strlen(p) + 1)
		file_add(out, top, p, strlen(p))->all = true;
	mem_free(list);
}

int
vcs_changes(const char *rev, VcsChanges *out, Diag *d)
{
	memset(out, 0, sizeof(*out));
	if (rev && (rev[0] == '-' || rev[0] == '\0')) {
		diag_error(d, NULL, 0, 0, "invalid revision '%s' for --changed-since", rev);
		return -1;
	}
	char *const top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
	char *top = run_git(top_argv);
	if (!top) {
		diag_error(d, NULL, 0, 0, "cannot ask git what changed: not in a git work tree?");
		return -1;
	}
	top[strcspn(top, "\n")] = '\0';
	char *const staged[] = {"git", "-c", "core.quotePath=false", "-C", top, "diff",
				"--cached", "-U0", "--no-color", "--no-ext-diff",
				"--diff-filter=ACMR", "--", "*.c", "*.h", NULL};
	char *const since[] = {"git", "-c", "core.quotePath=false", "-C", top, "diff", "-U0",
			       "--no-color", "--no-ext-diff", "--diff-filter=ACMR",
			       "--end-of-options", (char *)rev, "--", "*.c", "*.h", NULL};
	char *diff = run_git(rev ? since : staged);
	if (!diff) {
		diag_error(d, NULL, 0, 0, "git diff failed%s%s%s", rev ? " for '" : "",
			   rev ? rev : "", rev ? "'" : "");
		mem_free(top);
		return -1;
	}
	vcs_parse_diff(top, diff, out);
	if (rev)
		add_untracked(top, out);
	for (int i = 0; i < out->n; i++) {
		char real[PATH_MAX];
		if (realpath(out->files[i].path, real)) {
			mem_free(out->files[i].path);
			out->files[i].path = xstrdup(real);
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
	for (int i = 0; i < c->n; i++)
		if (strcmp(p, c->files[i].path) == 0)
			return &c->files[i];
	return NULL;
}

bool
vcs_line_changed(const VcsFile *f, int line)
{
	if (f->all)
		return true;
	for (int i = 0; i < f->nranges; i++)
		if (line >= f->ranges[i].first && line <= f->ranges[i].last)
			return true;
	return false;
}
