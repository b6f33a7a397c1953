/*
 * A regex_t the program allocates: regcomp() fills the object, regfree()
 * frees what the object holds, and the object's own memory goes with
 * free().  regfree() then free() on it is the right order, not a
 * mismatched release followed by a double one (the pack says the regex
 * kind is in place: `in_place: true`).
 */
#include <regex.h>
#include <stdlib.h>

/* good: compiled into heap memory, matched, freed in both steps. */
int
matches(const char *pattern, const char *text)
{
	regex_t *re = malloc(sizeof *re);
	if (!re)
		return -1;
	if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
		free(re);
		return -1;
	}
	int ok = regexec(re, text, 0, NULL, 0) == 0;
	regfree(re);
	free(re);
	return ok;
}

struct filter {
	regex_t *key;
};

/* good: the same through a member, as git's config does. */
void
filter_clear(struct filter *f)
{
	if (f->key) {
		regfree(f->key);
		free(f->key);
		f->key = NULL;
	}
}

/* bad: regfree() frees the compiled pattern, not the object's memory. */
int
matches_leaky(const char *pattern, const char *text)
{
	regex_t *re = malloc(sizeof *re);
	if (!re)
		return -1;
	if (regcomp(re, pattern, REG_NOSUB) != 0) {
		free(re);
		return -1;
	}
	int ok = regexec(re, text, 0, NULL, 0) == 0;
	regfree(re);
	return ok; /* expect: leak */
}

/* bad: the object is freed with the compiled pattern still in it. */
int
matches_unfreed_pattern(const char *pattern, const char *text)
{
	regex_t *re = malloc(sizeof *re);
	if (!re)
		return -1;
	if (regcomp(re, pattern, REG_NOSUB) != 0) {
		free(re);
		return -1;
	}
	int ok = regexec(re, text, 0, NULL, 0) == 0;
	free(re); /* expect: leak */
	return ok;
}
