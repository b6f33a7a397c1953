/*
 * No leak: libpq handles that leave the function alive on purpose: returned
 * to the caller, stored where they outlive the call, or given to a function
 * of another file that may keep them.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POOL_MAX 8

struct pool {
	PGconn *conns[POOL_MAX];
	int n;
};

struct pending {
	PGresult *res;
	struct pending *next;
};

static PGresult *cached_settings;
static struct pending *pending_head;

/* Defined in another file: it may keep the connection, so ownership moves there. */
void register_connection(PGconn *conn);
void log_result(const char *tag, PGresult *res);

/* good (tricky): NULL or bad status, finished when non-NULL; the good connection is returned. */
PGconn *
connect_checked(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		if (conn) {
			fprintf(stderr, "connect: %s", PQerrorMessage(conn));
			PQfinish(conn);
		}
		return NULL;
	}
	return conn;
}

/* good (tricky): the connection is stored into an array inside a struct reached through a parameter. */
int
pool_add(struct pool *p, const char *conninfo)
{
	if (p->n == POOL_MAX)
		return -1;
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "pool: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	p->conns[p->n++] = conn;
	return 0;
}

/* good (tricky): the new result replaces the cached one in a global; the old one is cleared. */
int
load_settings(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT name, setting FROM pg_settings");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	if (cached_settings)
		PQclear(cached_settings);
	cached_settings = res;
	return PQntuples(res);
}

/* good (tricky): the result goes to the caller through an out-parameter. */
int
query_user(PGconn *conn, const char *id, PGresult **out)
{
	const char *params[1] = { id };
	PGresult *res = PQexecParams(conn, "SELECT * FROM users WHERE id = $1",
				     1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "query_user: %s", PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	*out = res;
	return 0;
}

/* good (tricky): both the result and the list node are pushed on a global list. */
int
defer_result(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	struct pending *p = malloc(sizeof(*p));
	if (!p) {
		PQclear(res);
		return -1;
	}
	p->res = res;
	p->next = pending_head;
	pending_head = p;
	return 0;
}

/* good (tricky): register_connection has no body here, so it may keep the connection. */
int
start_listener(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	register_connection(conn);
	return 0;
}

/* good (tricky): log_result is unknown here; it takes the result on every path. */
void
run_logged(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	log_result(sql, res);
}

/* good (tricky): a flag decides; the failed result is cleared and only the good one is returned. */
PGresult *
exec_tuples(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		PQclear(res);
	return ok ? res : NULL;
}

/* good: the escaped identifier is returned to the caller, who PQfreemem's it. */
char *
quoted_table(PGconn *conn, const char *table)
{
	char *q = PQescapeIdentifier(conn, table, strlen(table));
	if (!q)
		fprintf(stderr, "escape: %s", PQerrorMessage(conn));
	return q;
}
