/*
 * Handles that arrive as parameters: the caller's, so never a leak here,
 * but released here and then used or released again, or released while a
 * thread this function started still has them, they are bugs all the same.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>

/* BAD: the result is read after it was cleared. */
int
rows_then_clear(PGresult *res)
{
	PQclear(res);
	return PQntuples(res); /* expect: use-after-release "result 'res' is passed to 'PQntuples' after it was released" */
}

/* BAD: cleared here on the error path and again by the common exit. */
int
check_and_clear(PGresult *res)
{
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		rc = -1;
	}
	PQclear(res); /* expect: double-release */
	return rc;
}

static void *
watch(void *arg)
{
	PGconn *conn = arg;
	return PQstatus(conn) == CONNECTION_OK ? arg : NULL;
}

/* BAD: the connection is finished while the thread may still use it. */
int
watch_and_close(PGconn *conn)
{
	pthread_t t;
	if (pthread_create(&t, NULL, watch, conn) != 0)
		return -1;
	PQfinish(conn); /* expect: thread-release */
	pthread_join(t, NULL);
	return 0;
}

/* GOOD: the caller's result, read and kept: no leak here. */
int
count(PGresult *res)
{
	return res ? PQntuples(res) : 0;
}

/* GOOD: cleared once, on every path. */
int
status_then_clear(PGresult *res)
{
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

/* GOOD: the thread is joined before the connection is finished. */
int
watch_then_close(PGconn *conn)
{
	pthread_t t;
	if (pthread_create(&t, NULL, watch, conn) != 0) {
		PQfinish(conn);
		return -1;
	}
	pthread_join(t, NULL);
	PQfinish(conn);
	return 0;
}
