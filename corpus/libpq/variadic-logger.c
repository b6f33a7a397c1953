/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md "Re-run after places", fixed bugs (found missed in
 * pg_createsubscriber's history), fixed: a string handed to a printf-like
 * logging function declared elsewhere through its `...` is read, not given
 * away, so the error message PQconninfoParse allocated is a leak when it is
 * not freed after.
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
		return NULL; /* expect: leak */
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
