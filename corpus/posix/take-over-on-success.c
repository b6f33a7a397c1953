/* SPDX-License-Identifier: MIT */
/*
 * Memory and streams handed to a function of the program that keeps them
 * only when it succeeds: table_put() stores the key and returns 0, or
 * returns -1 (table full) and the key is still the caller's; log_adopt()
 * keeps the stream and returns true.  A caller that drops the handle on
 * the failure result leaks it; one that frees it there is right.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct table {
	char *keys[32];
	int n;
};

struct logger {
	FILE *out;
};

/* Keeps key and returns 0; -1 when full (key stays the caller's). */
static int
table_put(struct table *t, char *key)
{
	if (t->n == 32)
		return -1;
	t->keys[t->n++] = key;
	return 0;
}

/* Keeps f when it has none yet. */
static bool
log_adopt(struct logger *lg, FILE *f)
{
	if (lg->out)
		return false;
	lg->out = f;
	return true;
}

/*
 * BUG: the copy is lost when the table is full.
 */
int
remember(struct table *t, const char *name)
{
	char *key = strdup(name);
	if (!key)
		return -1;
	if (table_put(t, key) < 0)
		return -1; /* expect: leak */
	return 0;
}

/*
 * OK: freed on the failure result.
 */
int
remember_fixed(struct table *t, const char *name)
{
	char *key = strdup(name);
	if (!key)
		return -1;
	if (table_put(t, key) < 0) {
		free(key);
		return -1;
	}
	return 0;
}

/*
 * BUG: the logger already had a stream, and the new one is never closed.
 */
int
open_log(struct logger *lg, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	if (!log_adopt(lg, f))
		return -1; /* expect: leak */
	return 0;
}

/*
 * OK (tricky): the result kept and tested the other way round.
 */
int
open_log_fixed(struct logger *lg, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	bool kept = log_adopt(lg, f);
	if (kept)
		return 0;
	fclose(f);
	return -1;
}
