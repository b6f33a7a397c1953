/* SPDX-License-Identifier: MIT */
/*
 * PQExpBuffer, the growing string buffer of pqexpbuffer.h (libpq's, used
 * all over PostgreSQL's client programs): createPQExpBuffer() allocates
 * it, destroyPQExpBuffer() frees it and its data.  A buffer whose data was
 * taken may be freed alone with free() (initdb's replace_guc_value).
 * Declared here as pqexpbuffer.h declares them (it lives in libpq-dev's
 * internal/ folder).
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

typedef struct PQExpBufferData {
	char *data;
	size_t len;
	size_t maxlen;
} PQExpBufferData;
typedef PQExpBufferData *PQExpBuffer;

extern PQExpBuffer createPQExpBuffer(void);
extern void destroyPQExpBuffer(PQExpBuffer str);
extern void appendPQExpBuffer(PQExpBuffer str, const char *fmt, ...);
extern void appendPQExpBufferStr(PQExpBuffer str, const char *data);

/* good: the query is built, run and the buffer destroyed on every path */
int
count_rows(PGconn *conn, const char *table)
{
	PQExpBuffer query = createPQExpBuffer();
	PGresult *res;
	int n = -1;

	appendPQExpBuffer(query, "SELECT count(*) FROM %s", table);
	res = PQexec(conn, query->data);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	destroyPQExpBuffer(query);
	return n;
}

/* good (tricky): the data is handed to the caller, the buffer freed */
char *
quoted(const char *word)
{
	PQExpBuffer buf = createPQExpBuffer();
	char *s;

	appendPQExpBufferStr(buf, "'");
	appendPQExpBufferStr(buf, word);
	appendPQExpBufferStr(buf, "'");
	s = buf->data;
	free(buf);
	return s;
}

/* bad: the early return on a failed query leaves the buffer */
int
drop_table(PGconn *conn, const char *table)
{
	PQExpBuffer query = createPQExpBuffer();
	PGresult *res;

	appendPQExpBuffer(query, "DROP TABLE %s", table);
	res = PQexec(conn, query->data);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		return -1; /* expect: leak */
	}
	PQclear(res);
	destroyPQExpBuffer(query);
	return 0;
}

/* bad: destroyed twice */
void
log_twice(PGconn *conn)
{
	PQExpBuffer msg = createPQExpBuffer();

	appendPQExpBufferStr(msg, PQdb(conn));
	destroyPQExpBuffer(msg);
	destroyPQExpBuffer(msg); /* expect: double-release */
}
