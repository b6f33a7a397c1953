/*
 * A local pointer tested twice with nothing in between that writes it is
 * null or not both times (a flag of the path, as integers are): a block
 * allocated only when `found` is set and freed under `if (found)` is not
 * lost on the path where `found` is null (git's setup.c, `gitfile` and
 * `gitdirenv`).  A pointer given a string literal or an address is not
 * null.
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
