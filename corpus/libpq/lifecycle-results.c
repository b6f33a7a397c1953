/*
 * PGresult and PGconn lifecycles: cleared twice, used after PQclear or
 * PQfinish, and released with free().
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

/* BAD: the count is read from a result that was already cleared. */
int
count_users(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT id FROM users");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return PQntuples(res); /* expect: use-after-release */
}

/* GOOD: the count is taken before clearing. */
int
count_users_fixed(PGconn *conn)
{
	int n;
	PGresult *res = PQexec(conn, "SELECT id FROM users");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	PQclear(res);
	return n;
}

/* BAD: the error branch clears, then falls through to the common clear. */
int
touch_session(PGconn *conn)
{
	PGresult *res = PQexec(conn, "UPDATE sessions SET seen = now()");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		PQclear(res);
	}
	PQclear(res); /* expect: double-release */
	return 0;
}

/* GOOD (tricky): the result variable is reused after clearing. */
int
two_steps(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SET search_path TO app");
	PQclear(res);
	res = PQexec(conn, "SELECT 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

/* BAD: a PGresult is not plain memory. */
void
drop_result(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	free(res); /* expect: mismatched-release */
}

/* BAD: the connection's error message is read after PQfinish. */
int
connect_or_report(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		fprintf(stderr, "connect: %s", PQerrorMessage(conn)); /* expect: use-after-release */
		return -1;
	}
	PQfinish(conn);
	return 0;
}

/* GOOD: PQfreemem for an escaped literal. */
int
quote_and_print(PGconn *conn, const char *s)
{
	char *q = PQescapeLiteral(conn, s, 100);
	if (!q)
		return -1;
	printf("%s\n", q);
	PQfreemem(q);
	return 0;
}
