/* SPDX-License-Identifier: MIT */
/*
 * Seed 001 -- "Preventing Max Connection Errors in Go"
 *
 * What happened: a production Go service on PostgreSQL started failing with
 * "pq: sorry, too many clients already".  One function began a transaction
 * and, under certain conditions, returned without committing or rolling it
 * back.  Each such call pinned a server connection in "idle in transaction"
 * for good; once max_connections (100) was reached, nothing could connect.
 * The author then built a test harness that fails the test run if any
 * connection is still open at the end, because the pool's statistics could
 * not say which function leaked.
 *
 * The C twin, with libpq: txn-open.  A function that BEGINs and has an early
 * return (here: "nothing to do" and an error) that skips the ROLLBACK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <libpq-fe.h>

/*
 * BUG: claims the next batch of pending notifications.  When there is none
 * -- the "certain conditions", frequent at night -- or when the SELECT
 * fails, it returns inside the transaction: the connection stays idle in
 * transaction, holding the FOR UPDATE locks.
 */
int
claim_notifications(PGconn *conn, const char *worker)
{
	const char *params[1] = { worker };
	PGresult *res;
	int n;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexec(conn, "SELECT id FROM notification WHERE state = 'pending' ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "select pending: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1; /* expect: txn-open */
	}
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return 0; /* expect: txn-open */
	res = PQexecParams(conn, "UPDATE notification SET state = 'claimed', worker = $1 WHERE state = 'pending' AND id IN (SELECT id FROM notification WHERE state = 'pending' ORDER BY id LIMIT 50)", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return n;
}

/*
 * FIXED: BEGIN's own failure returns at once (nothing began); every other
 * way out goes through `done`, which commits on success and rolls back
 * otherwise -- including the "nothing to do" case.
 */
int
claim_notifications_fixed(PGconn *conn, const char *worker)
{
	const char *params[1] = { worker };
	PGresult *res = PQexec(conn, "BEGIN");
	int n = -1;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "BEGIN: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	res = PQexec(conn, "SELECT id FROM notification WHERE state = 'pending' ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "select pending: %s", PQerrorMessage(conn));
		PQclear(res);
		goto done;
	}
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		goto done;
	res = PQexecParams(conn, "UPDATE notification SET state = 'claimed', worker = $1 WHERE state = 'pending' AND id IN (SELECT id FROM notification WHERE state = 'pending' ORDER BY id LIMIT 50)", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		n = -1;
	PQclear(res);
done:
	if (n > 0)
		PQclear(PQexec(conn, "COMMIT"));
	else
		PQclear(PQexec(conn, "ROLLBACK"));
	return n;
}

/*
 * The harness idea of the incident, in C: after the tests, ask the server
 * how many sessions are still idle in a transaction.  It has no transaction
 * of its own and clears its result.
 */
int
count_idle_in_transaction(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'");
	int n = -1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return n;
}
