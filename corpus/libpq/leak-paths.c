/*
 * leak: libpq connections, results and escaped strings lost on some path.
 * One function per case; the expected finding sits on the line where the
 * handle is lost (the return, the closing brace, the overwrite, the call).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BAD: PQfinish is needed even when the connection failed. */
PGconn *
open_db(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(conn));
		return NULL; /* expect: leak */
	}
	return conn;
}

/* BAD: an error result still needs PQclear. */
int
count_orders(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT count(*) FROM orders");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s", PQresultErrorMessage(res));
		return -1; /* expect: leak */
	}
	int n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return n;
}

/* BAD: the result of a SET is discarded at once. */
void
set_search_path(PGconn *conn)
{
	PQexec(conn, "SET search_path TO app, public"); /* expect: leak */
}

/* BAD: the status of a result that is never stored. */
int
ping(PGconn *conn)
{
	return PQresultStatus(PQexec(conn, "SELECT 1")) == PGRES_TUPLES_OK; /* expect: leak */
}

/* BAD: the first result is overwritten by the second query. */
int
two_queries(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	res = PQexec(conn, "SELECT 2"); /* expect: leak */
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	PQclear(res);
	return ok;
}

/* BAD: an empty result set returns early without clearing. */
char *
first_name(PGconn *conn, const char *id)
{
	const char *params[1] = { id };
	PGresult *res = PQexecParams(conn, "SELECT name FROM users WHERE id = $1",
				     1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0) {
		PQclear(res);
		return NULL;
	}
	if (PQgetisnull(res, 0, 0))
		return NULL; /* expect: leak */
	char *name = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return name;
}

/* BAD: the escaped literal is never given back with PQfreemem. */
int
delete_user(PGconn *conn, const char *login)
{
	char sql[256];
	char *lit = PQescapeLiteral(conn, login, strlen(login));
	if (!lit)
		return -1;
	snprintf(sql, sizeof(sql), "DELETE FROM users WHERE login = %s", lit);
	PGresult *res = PQexec(conn, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1; /* expect: leak */
}

/* BAD: the identifier is freed on success only. */
int
drop_table(PGconn *conn, const char *table)
{
	char sql[256];
	char *id = PQescapeIdentifier(conn, table, strlen(table));
	if (!id)
		return -1;
	if (strlen(id) > 200)
		return -1; /* expect: leak */
	snprintf(sql, sizeof(sql), "DROP TABLE %s", id);
	PQfreemem(id);
	PQclear(PQexec(conn, sql));
	return 0;
}

/* BAD: one branch of the switch forgets the result. */
int
classify(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		PQclear(res);
		return 1;
	case PGRES_COMMAND_OK:
		PQclear(res);
		return 0;
	case PGRES_FATAL_ERROR:
		return -2; /* expect: leak */
	default:
		PQclear(res);
		return -1;
	}
}

/* BAD: a void function falls off its end holding the result. */
void
log_version(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT version()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		printf("%s\n", PQgetvalue(res, 0, 0));
} /* expect: leak */

/* BAD: the cancel object of PQgetCancel needs PQfreeCancel. */
int
cancel_query(PGconn *conn)
{
	char err[256];
	PGcancel *c = PQgetCancel(conn);
	if (!c)
		return -1;
	if (!PQcancel(c, err, sizeof(err)))
		return -1; /* expect: leak */
	PQfreeCancel(c);
	return 0;
}

/* BAD: the parsed connection options are never freed on the error path. */
int
has_host(const char *conninfo)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	if (!opts) {
		PQfreemem(err);
		return -1;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "host") == 0 && o->val)
			return 1; /* expect: leak */
	PQconninfoFree(opts);
	return 0;
}

/* BAD: the goto path to `fail` leaves the second result behind. */
int
copy_setting(PGconn *conn)
{
	PGresult *a = PQexec(conn, "SHOW work_mem");
	PGresult *b = NULL;
	if (PQresultStatus(a) != PGRES_TUPLES_OK)
		goto fail;
	b = PQexec(conn, "SET maintenance_work_mem TO '1GB'");
	if (PQresultStatus(b) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(b);
	PQclear(a);
	return 0;
fail:
	PQclear(a);
	return -1; /* expect: leak */
}

/* BAD: the connection is dropped when the server version is too old. */
PGconn *
open_modern(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (!conn)
		return NULL;
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return NULL;
	}
	if (PQserverVersion(conn) < 120000)
		return NULL; /* expect: leak */
	return conn;
}

/* BAD: notifications from PQnotifies must be PQfreemem'd. */
int
drain_one(PGconn *conn)
{
	PQconsumeInput(conn);
	PGnotify *n = PQnotifies(conn);
	if (!n)
		return 0;
	printf("%s\n", n->relname);
	return 1; /* expect: leak */
}

/* BAD: results of an asynchronous query are not all cleared. */
int
send_and_wait(PGconn *conn, const char *sql)
{
	if (!PQsendQuery(conn, sql))
		return -1;
	PGresult *res = PQgetResult(conn);
	if (!res)
		return -1;
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return -1; /* expect: leak */
	PQclear(res);
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
	return 0;
}
