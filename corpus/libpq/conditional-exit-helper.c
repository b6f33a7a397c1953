/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md cause 4 (reduced from pg_createsubscriber), fixed: a
 * helper of the unit that calls exit() when its flag parameter is set ends
 * the caller's path when the caller passes a flag known to be set; with the
 * flag clear it returns, and what follows is checked as usual.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <stdbool.h>
static void disconnect(PGconn *conn, bool exit_on_error)
{
	PQfinish(conn);
	if (exit_on_error)
		exit(1);
}
int count_rows(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		PQclear(res);
		disconnect(conn, true);
	}
	int n = PQntuples(res);
	PQclear(res);
	disconnect(conn, false);
	return n;
}

/* BUG: with the flag clear the helper returns, and the result is read after
 * it was cleared. */
int count_rows_late(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		PQclear(res);
		disconnect(conn, false);
	}
	int n = PQntuples(res); /* expect: use-after-release */
	PQclear(res);
	return n;
}
