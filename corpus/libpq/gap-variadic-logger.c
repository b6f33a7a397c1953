/* SPDX-License-Identifier: MIT */
/*
 * Accepted gap, docs/evaluation.md "Re-run after places", fixed bugs (found
 * missed in pg_createsubscriber's history): a string handed to a logging
 * function declared elsewhere through its `...` is taken as given away, so
 * the error message PQconninfoParse allocated is never reported as leaked.
 * A printf-like function reads its variadic arguments and keeps none.
 * The missed finding is marked `known-to-fail`; when the engine learns
 * this, the runner says so and the mark and the docs change.
 */
#include <libpq-fe.h>
#include <stddef.h>
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Bad: the parse error message is logged and then lost. */
PQconninfoOption *parse_or_log(const char *conninfo)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
	if (opts == NULL) {
		report("could not parse \"%s\": %s", conninfo, errmsg);
		return NULL; /* known-to-fail: leak */
	}
	return opts;
}

/* Good: the message is freed after it was logged. */
PQconninfoOption *parse_log_and_free(const char *conninfo)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
	if (opts == NULL) {
		report("could not parse \"%s\": %s", conninfo, errmsg);
		PQfreemem(errmsg);
		return NULL;
	}
	return opts;
}
