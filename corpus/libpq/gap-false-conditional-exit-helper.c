/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 4 (reduced from real
 * code): a helper that ends the process when its flag parameter is true: its
 * summary keeps "releases" and drops "exits when argument 1 is non-zero",
 * so the error path seems to continue into the next use.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
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
	int n = PQntuples(res); /* known-false: use-after-release */
	PQclear(res);
	disconnect(conn, false); /* known-false: double-release */
	return n;
}
