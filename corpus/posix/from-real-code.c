/*
 * Shapes met in real code (docs/evaluation.md), rewritten.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* GOOD (tricky): an aligned allocator returns a pointer into the block. */
void *
aligned_alloc_bytes(size_t size, size_t align)
{
	unsigned char *base = malloc(size + align);
	if (base == NULL)
		return NULL;
	size_t off = align - ((uintptr_t)base & (align - 1));
	unsigned char *p = base + off;
	p[-1] = (unsigned char)off;
	return p;
}

/* BAD: a directory listed and never closed (the scope ends). */
int
count_entries(const char *path, int verbose)
{
	int n = 0;
	if (path) {
		DIR *d = opendir(path);
		struct dirent *e;
		if (!d)
			return -1;
		while ((e = readdir(d)) != NULL)
			if (verbose)
				puts(e->d_name);
			else
				n++;
	} /* expect: leak */
	return n;
}
