/* SPDX-License-Identifier: MIT */
/*
 * A function that returns a pointer it acquired as a number (a bool, an
 * int) hands its caller whether there was one, not the handle: the handle
 * is lost at that return, and the caller has nothing to release.  A
 * handle that is itself a number (a descriptor) is handed on.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* BUG: the stream is lost; the caller only learns that it opened. */
static bool
config_exists(const char *path)
{
	FILE *f = fopen(path, "r");
	return f; /* expect: leak "stream 'f' acquired by 'fopen' at line 18 is not released on this path" */
}

/* Good (tricky): the bool is no stream; nothing to close here. */
int
load_config(const char *path)
{
	if (!config_exists(path))
		return -1;
	return 0;
}

/* BUG: the same through a cast to an integer. */
static long
has_buffer(size_t n)
{
	char *p = malloc(n);
	return (long)p; /* expect: leak */
}

/* Good: a descriptor is a number; returning it hands it on. */
static int
open_ro(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	return fd;
}

/* BUG: the descriptor open_ro() handed on leaks on the read error. */
int
first_char(const char *path)
{
	int fd = open_ro(path);
	if (fd < 0)
		return -1;
	char c;
	if (read(fd, &c, 1) != 1)
		return -1; /* expect: leak */
	close(fd);
	return c;
}

/* Good: the pointer itself is returned. */
static char *
make_buffer(size_t n)
{
	char *p = malloc(n);
	return p;
}

/* Good: released. */
int
use_buffer(void)
{
	char *b = make_buffer(16);
	if (!b)
		return -1;
	b[0] = 0;
	free(b);
	return has_buffer(8) != 0;
}
