/* SPDX-License-Identifier: MIT */
/*
 * Seed 002 -- "Finding and Fixing sql.DB Connection Number Leaks in Go"
 *
 * What happened: a small SQS consumer, running in a goroutine next to an
 * HTTP server, handled about 60 messages a minute and took every PostgreSQL
 * connection of the RDS instance almost at once.  Pool limits and shorter
 * connection lifetimes only slowed the leak down; the stuck connections
 * sat in pg_stat_activity waiting on ClientRead.  The statement was run
 * with `_, err := db.QueryContext(ctx, "<query>")`: the error was checked,
 * but the returned rows were thrown away and never closed, so each message
 * kept a connection busy.  The team "fixed" it with a per-message timeout
 * context, which only made database/sql reclaim the connection when the
 * context expired -- the rows were still never closed.
 *
 * The C twin, with libpq: leak.  The PGresult of the statement is only
 * looked at (PQresultStatus) and never stored, so it can never be cleared.
 */
#include <stdio.h>
#include <string.h>
#include <libpq-fe.h>

struct message {
	const char *body;
	const char *receipt;
};

/* Implemented in broker.c: fetches up to `max` messages; 0 when idle. */
int broker_receive(struct message *msgs, int max);
/* Implemented in broker.c: deletes a handled message from the queue. */
int broker_delete(const char *receipt);

/*
 * BUG: the error is checked, the result is not kept: like `_, err :=
 * db.QueryContext(...)`, the PGresult is lost right after PQresultStatus
 * reads it.
 */
int
handle_message(PGconn *conn, const struct message *msg)
{
	const char *params[1] = { msg->body };

	if (PQresultStatus(PQexecParams(conn, "SELECT apply_update($1::jsonb)", 1, NULL, params, NULL, NULL, 0)) != PGRES_TUPLES_OK) { /* expect: leak */
		fprintf(stderr, "[ERROR] %s", PQerrorMessage(conn));
		return -1;
	}
	return broker_delete(msg->receipt);
}

/*
 * BUG (same, without even the check): a heartbeat row per batch whose
 * result is discarded outright.
 */
void
touch_heartbeat(PGconn *conn)
{
	PQexec(conn, "UPDATE worker SET seen = now() WHERE name = 'sqs-consumer'"); /* expect: leak */
}

/*
 * FIXED: the result is kept, checked and cleared on both paths -- the
 * C equivalent of `rows, err := ...; defer rows.Close()`, or of using
 * ExecContext for a statement whose rows nobody reads.
 */
int
handle_message_fixed(PGconn *conn, const struct message *msg)
{
	const char *params[1] = { msg->body };
	PGresult *res = PQexecParams(conn, "SELECT apply_update($1::jsonb)", 1, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "[ERROR] %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return broker_delete(msg->receipt);
}

/*
 * FIXED: the heartbeat's result is cleared at once.
 */
void
touch_heartbeat_fixed(PGconn *conn)
{
	PQclear(PQexec(conn, "UPDATE worker SET seen = now() WHERE name = 'sqs-consumer'"));
}

/*
 * The consumer loop of the incident, on the fixed handlers: nothing is
 * acquired here, every message's result is cleared by handle_message_fixed.
 */
void
listen_and_handle(PGconn *conn)
{
	struct message msgs[10];

	for (;;) {
		int n = broker_receive(msgs, 10);
		if (n < 0)
			break;
		for (int i = 0; i < n; i++)
			if (handle_message_fixed(conn, &msgs[i]) != 0)
				fprintf(stderr, "[ERROR] message %s not handled\n", msgs[i].receipt);
		touch_heartbeat_fixed(conn);
	}
}
