/*
 * A local pointer tested twice with nothing in between that writes it is
 * null or not both times (a flag of the path, as integers are): a block
 * allocated only when `found` is set and freed under `if (found)` is not
 * lost on the path where `found` is null (git's setup.c, `gitfile` and
 * `gitdirenv`).  A pointer given a string literal or an address is not
 * null.  The same for a pointer parameter: an optional out-parameter that
 * keeps the block when given, tested again before the free (git's
 * diffcore-delta.c, `src_count_p`).
 */
#include <stdlib.h>
#include <string.h>
const char *lookup(const char *key);
int is_dir(const char *path);

/* good: copy made only when something was found, freed under the same
 * test. */
int resolve(const char *key, int want_copy)
{
	char *copy = NULL;
	const char *found = lookup(key);
	if (!found) {
		if (is_dir(key))
			found = ".";
	} else if (want_copy) {
		copy = strdup(found);
	}
	if (found) {
		int n = copy ? (int)strlen(copy) : 0;
		free(copy);
		return n;
	}
	return -1;
}

/* bad: the copy is freed under a test of another pointer. */
int resolve_wrong(const char *key, const char *other)
{
	char *copy = NULL;
	const char *found = lookup(key);
	if (found)
		copy = strdup(found);
	if (other) {
		free(copy);
		return 1;
	}
	return -1; /* expect: leak */
}

/* good: kept in *cache_p when the caller gave one, else freed. */
int count_words(const char *text, int **cache_p)
{
	int *counts = NULL;
	if (cache_p)
		counts = *cache_p;
	if (!counts) {
		counts = calloc(256, sizeof(*counts));
		if (!counts)
			return -1;
		for (const char *p = text; *p; p++)
			counts[(unsigned char)*p]++;
		if (cache_p)
			*cache_p = counts;
	}
	int n = counts[' '];
	if (!cache_p)
		free(counts);
	return n;
}

/* bad: freed only when the caller gave a place it was not stored in. */
int count_words_wrong(const char *text, int **cache_p, int **other_p)
{
	int *counts = calloc(256, sizeof(*counts));
	if (!counts)
		return -1;
	for (const char *p = text; *p; p++)
		counts[(unsigned char)*p]++;
	if (cache_p)
		*cache_p = counts;
	int n = counts[' '];
	if (!other_p)
		free(counts);
	return n; /* expect: leak */
}
