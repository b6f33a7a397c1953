/* SPDX-License-Identifier: MIT */
/*
 * A wrapper's own failure value: what it returns on the paths without the
 * handle, not the wrapped call's.  A wrapper of mmap that dies when mmap
 * fails (and returns NULL for an empty length) fails with NULL, which its
 * callers test; one that hands mmap's MAP_FAILED on fails with that.
 */
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>

/* dies when mmap fails; NULL for an empty file */
static void *
map_or_die(int fd, size_t len)
{
	if (len == 0)
		return NULL;
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		abort();
	return p;
}

/* hands mmap's failure value on */
static void *
map_gently(int fd, size_t len)
{
	return mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
}

/* Good (tricky): NULL is the wrapper's "nothing mapped". */
int
first_byte(int fd, size_t len)
{
	unsigned char *p = map_or_die(fd, len);
	if (!p)
		return -1;
	int c = p[0];
	munmap(p, len);
	return c;
}

/* BUG: the mapping is not unmapped on the early return. */
int
first_byte_checked(int fd, size_t len)
{
	unsigned char *p = map_or_die(fd, len);
	if (!p)
		return -1;
	if (p[0] == 0)
		return 0; /* expect: leak */
	munmap(p, len);
	return 1;
}

/* Good (tricky): the gentle wrapper fails with MAP_FAILED, tested. */
int
first_byte_gently(int fd, size_t len)
{
	unsigned char *p = map_gently(fd, len);
	if (p == MAP_FAILED)
		return -1;
	int c = p[0];
	munmap(p, len);
	return c;
}
