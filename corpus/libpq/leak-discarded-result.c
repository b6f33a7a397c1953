/*
 * leak: libpq results thrown away at once, overwritten while still owned,
 * forgotten on one branch of a switch, or held when a void function falls
 * off its end.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bad: the PGresult of a SET is never stored, so it can never be cleared. */
void
use_utc(PGconn *conn)
{
	PQexec(conn, "SET TIME ZONE 'UTC'"); /* expect: leak */
}

/* bad: casting the result to void does not free it. */
int
reset_session(PGconn *conn)
{
	if (PQstatus(conn) != CONNECTION_OK)
		return -1;
	(void)PQexec(conn, "DISCARD ALL"); /* expect: leak */
	return 0;
}

/* bad: the result of PQexecPrepared is only looked at inside the condition. */
int
mark_done(PGconn *conn, const char *job_id)
{
	const char *params[1] = { job_id };
	if (PQresultStatus(PQexecPrepared(conn, "mark_done", 1, params, NULL, NULL, 0)) != PGRES_COMMAND_OK) { /* expect: leak */
		fprintf(stderr, "mark_done %s: %s", job_id, PQerrorMessage(conn));
		return -1;
	}
	return 0;
}

/* bad: LISTEN's result is discarded before the socket is handed back. */
int
listen_jobs(PGconn *conn)
{
	PQexec(conn, "LISTEN jobs"); /* expect: leak */
	return PQsocket(conn);
}

/* bad: the REFRESH result is overwritten by the ANALYZE result while still owned. */
int
refresh_view(PGconn *conn)
{
	PGresult *res = PQexec(conn, "REFRESH MATERIALIZED VIEW daily_sales");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fprintf(stderr, "refresh: %s", PQresultErrorMessage(res));
	res = PQexec(conn, "ANALYZE daily_sales"); /* expect: leak */
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

/* bad: after PQsendQuery the first PGresult is overwritten by the next PQgetResult. */
int
send_and_check(PGconn *conn, const char *sql)
{
	if (!PQsendQuery(conn, sql))
		return -1;
	PGresult *res = PQgetResult(conn);
	if (!res)
		return -1;
	int status = PQresultStatus(res);
	res = PQgetResult(conn); /* expect: leak */
	if (res) {
		fprintf(stderr, "unexpected second result for %s\n", sql);
		PQclear(res);
	}
	return status == PGRES_COMMAND_OK ? 0 : -1;
}

/* bad: the PGRES_EMPTY_QUERY branch breaks out of the switch and returns without PQclear. */
int
apply_migration(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		PQclear(res);
		return 0;
	case PGRES_EMPTY_QUERY:
		fprintf(stderr, "migration is empty\n");
		break;
	default:
		fprintf(stderr, "migration: %s", PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	return 1; /* expect: leak */
}

/* bad: a void function prints the tables and falls off its end still holding the result. */
void
print_tables(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s", PQresultErrorMessage(res));
		PQclear(res);
		return;
	}
	for (int i = 0; i < PQntuples(res); i++)
		puts(PQgetvalue(res, i, 0));
} /* expect: leak */

/* bad: the result is cleared but the connection opened here is never finished. */
void
report_locks(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return;
	}
	PGresult *res = PQexec(conn, "SELECT pid, mode FROM pg_locks WHERE NOT granted");
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		printf("%d waiting locks\n", PQntuples(res));
	PQclear(res);
} /* expect: leak */
