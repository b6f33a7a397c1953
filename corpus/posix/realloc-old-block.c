/*
 * realloc, reallocarray, reallocf: the old block is released only when the
 * call returns a new one.  `p = realloc(p, n)` loses the old block when it
 * fails (CWE-401); keeping the result in a second variable until it is
 * tested is the fix.  reallocf (BSD) frees the old block on failure too.
 */
#include <stdlib.h>
#include <string.h>

void *reallocf(void *ptr, size_t size);

/* bad: the only pointer to the old block is overwritten with NULL. */
int
grow_in_place(size_t n)
{
	char *buf = malloc(16);
	if (!buf)
		return -1;
	memset(buf, 0, 16);
	buf = realloc(buf, n);
	if (!buf)
		return -1; /* expect: leak "memory 'buf' acquired by 'malloc' at line 16 is not released on this path" */
	free(buf);
	return 0;
}

/* good: the result is tested before it replaces the old pointer. */
int
grow_through_temporary(size_t n)
{
	char *buf = malloc(16);
	if (!buf)
		return -1;
	char *bigger = realloc(buf, n);
	if (!bigger) {
		free(buf);
		return -1;
	}
	buf = bigger;
	buf[0] = 'x';
	free(buf);
	return 0;
}

/* bad: the new block is not freed on the later error path. */
int
grow_then_fail(size_t n, int fail)
{
	int *v = malloc(4 * sizeof(int));
	if (!v)
		return -1;
	int *w = reallocarray(v, n, sizeof(int));
	if (!w) {
		free(v);
		return -1;
	}
	if (fail)
		return -1; /* expect: leak */
	free(w);
	return 0;
}

/* bad: the failure path keeps the old block and forgets it. */
int
grow_and_forget_old(size_t n)
{
	char *buf = malloc(16);
	if (!buf)
		return -1;
	char *bigger = realloc(buf, n);
	if (bigger == NULL)
		return -1; /* expect: leak */
	free(bigger);
	return 0;
}

/* good: reallocf frees the old block when it fails. */
int
grow_with_reallocf(size_t n)
{
	char *buf = malloc(16);
	if (!buf)
		return -1;
	buf = reallocf(buf, n);
	if (!buf)
		return -1;
	free(buf);
	return 0;
}

/* good: a growing array in a loop, the usual doubling with a temporary. */
char *
read_all(const char *const *parts, int n)
{
	size_t cap = 8, len = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	for (int i = 0; i < n; i++) {
		size_t k = strlen(parts[i]);
		while (len + k + 1 > cap) {
			char *more = realloc(out, cap * 2);
			if (!more) {
				free(out);
				return NULL;
			}
			out = more;
			cap *= 2;
		}
		memcpy(out + len, parts[i], k);
		len += k;
	}
	out[len] = '\0';
	return out;
}

/* bad: a realloc'd block freed with the wrong function is still a
 * mismatch (fclose releases streams). */
#include <stdio.h>
void
wrong_release(size_t n)
{
	char *p = realloc(NULL, n);
	if (!p)
		return;
	fclose((FILE *)p); /* expect: mismatched-release */
}
