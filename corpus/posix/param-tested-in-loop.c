/* SPDX-License-Identifier: MIT */
/*
 * A parameter the function never writes, tested inside a loop, holds the
 * same value in every round: a retry loop that frees at the top of each
 * round what the last round made under `if (spec)` makes it again in the
 * next round under the same test, so nothing is freed twice (PostgreSQL's
 * ConnectDatabase(), `connection_string` and `conn_opts`).  A local that
 * changes between rounds gives no such promise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* good: opts is made again in every round that frees it */
FILE *open_retry(const char *spec, const char *path)
{
	char *opts = NULL;
	FILE *f;
	int again;
	do {
		free(opts);
		if (spec) {
			opts = strdup(spec);
			if (!opts)
				return NULL;
		}
		f = fopen(path, opts ? opts : "r");
		again = !f && errno == EINTR;
	} while (again);
	free(opts);
	return f;
}

/* bad: made in the first round only, freed at the top of every round
 * (and the last one is never freed) */
FILE *open_retry_once(const char *spec, const char *path)
{
	char *opts = NULL;
	FILE *f;
	int again, first = 1;
	do {
		free(opts); /* expect: double-release */
		if (first) {
			opts = strdup(spec);
			first = 0;
		}
		f = fopen(path, "r");
		again = !f && errno == EINTR;
	} while (again);
	return f; /* expect: leak */
}
