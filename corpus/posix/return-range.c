/* SPDX-License-Identifier: MIT */
/*
 * What a function returns, known at its calls: xopen() dies rather than
 * return a failed descriptor (git's xopen), so `if (fd >= 0)` after it is
 * always taken; a validation helper returns 0 or a negative code, so a
 * positive result cannot happen and, once `if (ret)` is taken, `ret < 0`
 * holds.  A helper that may return 1, or a descriptor taken straight from
 * open(), keeps the paths real.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int xopen(const char *path, int flags)
{
	for (;;) {
		int fd = open(path, flags);
		if (fd >= 0)
			return fd;
		perror(path);
		exit(128);
	}
}

static int open_or_fail(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd < 0)
		perror(path);
	return fd;
}

/* good: the saved stdout is put back and closed, since 'out' >= 0 */
int redirect_to(const char *path)
{
	int saved, out = -1, res = -1;
	saved = dup(STDOUT_FILENO);
	if (saved < 0)
		return -1;
	out = xopen(path, O_WRONLY | O_CREAT);
	if (dup2(out, STDOUT_FILENO) < 0)
		goto cleanup;
	puts("hello");
	res = 0;
cleanup:
	if (out >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
		close(out);
	}
	return res;
}

/* bad: open_or_fail() returns -1 when open() fails: 'saved' leaks */
int redirect_or_fail(const char *path)
{
	int saved, out = -1, res = -1;
	saved = dup(STDOUT_FILENO);
	if (saved < 0)
		return -1;
	out = open_or_fail(path, O_WRONLY | O_CREAT);
	if (dup2(out, STDOUT_FILENO) < 0)
		goto cleanup;
	res = 0;
cleanup:
	if (out >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
		close(out);
	}
	return res; /* expect: leak */
}

enum { ERR_EMPTY = -1, ERR_LONG = -2 };

static int validate(const char *name)
{
	if (!name || !*name)
		return ERR_EMPTY;
	if (strlen(name) > 64)
		return ERR_LONG;
	return 0;
}

static int classify(const char *name)
{
	int ret = validate(name);
	if (ret < 0)
		return ret;
	return name[0] == '.' ? 1 : 0;
}

/* good: validate() is 0 or negative; a non-zero result frees the copy */
int store_name(const char *name, char **out)
{
	char *copy = strdup(name);
	int ret;
	if (!copy)
		return -1;
	ret = validate(name);
	if (ret)
		goto done;
	*out = copy;
	copy = NULL;
done:
	if (ret < 0)
		free(copy);
	return ret;
}

/* good: the result of validate() tested directly cannot be positive */
int check_first(const char *name)
{
	char *buf = malloc(64);
	if (!buf)
		return -1;
	if (validate(name) > 0)
		return 1;
	free(buf);
	return 0;
}

/* bad: classify() returns 1 for a dotted name: neither kept nor freed */
int store_class(const char *name, char **out)
{
	char *copy = strdup(name);
	int ret;
	if (!copy)
		return -1;
	ret = classify(name);
	if (ret)
		goto done;
	*out = copy;
	copy = NULL;
done:
	if (ret < 0)
		free(copy);
	return ret; /* expect: leak */
}
