/*
 * More shapes from real libpq code (docs/evaluation.md), rewritten.
 */
#include <libpq-fe.h>

#define app_noreturn _Noreturn
app_noreturn void fatal(const char *fmt, ...);

/* GOOD (tricky): closing the connection ends its transaction. */
int
purge(PGconn *conn)
{
	PQclear(PQexec(conn, "BEGIN"));
	PGresult *res = PQexec(conn, "DELETE FROM old_rows");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQfinish(conn);
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/* GOOD (tricky): fatal() is noreturn through the project's own macro. */
void
check_server(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		fatal("could not connect to %s", dsn);
	}
	PQfinish(conn);
}

/* releases *resp and puts the final result in its place */
static int
finish_copy(PGconn *conn, PGresult **resp)
{
	PGresult *final = PQgetResult(conn);
	PQclear(*resp);
	*resp = final;
	return final != NULL;
}

/* GOOD (tricky): after finish_copy(&res), res holds the new result. */
int
copy_rows(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) == PGRES_COPY_OUT)
		finish_copy(conn, &res);
	int n = PQntuples(res);
	PQclear(res);
	return n;
}
