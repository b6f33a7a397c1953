/*
 * An assertion the build compiles out still states what the code relies
 * on: after COMMIT the protocol sends no further result, and the code says
 * so with `Assert(res == NULL)`, which a release build expands to
 * `((void)true)` (PostgreSQL's pgbench and psql).  The path goes on where
 * the assertion holds; where it does not, it ends, as it would with
 * assertions on.  An assertion about something else says nothing of the
 * handle.
 */
#include <libpq-fe.h>
#define NDEBUG
#include <assert.h>

#define Assert(condition) ((void) 1)

/* good: the result after the last one is NULL, says the assertion. */
int
commit_done(PGconn *conn)
{
	PGresult *res = PQexec(conn, "COMMIT");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	res = PQgetResult(conn);
	Assert(res == NULL);
	return ok ? 0 : -1;
}

/* good: the same with the C library's assert() under NDEBUG. */
int
drained(PGconn *conn)
{
	PGresult *res = PQgetResult(conn);
	assert(!res);
	return 0;
}

/* bad: the assertion is about the connection, not the result. */
int
drained_wrong(PGconn *conn)
{
	PGresult *res = PQgetResult(conn);
	Assert(conn != NULL);
	return 0; /* expect: leak */
}
