/* SPDX-License-Identifier: MIT */
/*
 * txn-open through the program's own transaction helpers: begin_tx(conn)
 * runs BEGIN (and says whether it worked), end_tx(conn, ok) commits or rolls
 * back, choosing the SQL text with `?:`.  At their callers they are the
 * begin and the end: a path that skips end_tx leaves the transaction open,
 * one that calls it on every path is right, and a failed begin_tx opened
 * nothing.
 */
#include <stdio.h>
#include <libpq-fe.h>

/* Begins a transaction; 0 if it did, -1 (nothing open) if BEGIN failed. */
static int
begin_tx(PGconn *conn)
{
	PGresult *res = PQexec(conn, "BEGIN");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "BEGIN: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

/* Begins a transaction and never says whether it worked. */
static void
begin_quietly(PGconn *conn)
{
	PQclear(PQexec(conn, "BEGIN"));
}

/* Commits when ok, rolls back otherwise: one statement, its text chosen. */
static void
end_tx(PGconn *conn, int ok)
{
	PQclear(PQexec(conn, ok ? "COMMIT" : "ROLLBACK"));
}

/* Runs one statement; 0 if it worked. */
static int
run(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(res);
	return rc;
}

/*
 * BUG: the second statement's failure returns without end_tx.
 */
int
move_stock(PGconn *conn)
{
	if (begin_tx(conn) != 0)
		return -1;
	if (run(conn, "UPDATE stock SET qty = qty - 1 WHERE id = 1") != 0) {
		end_tx(conn, 0);
		return -1;
	}
	if (run(conn, "UPDATE stock SET qty = qty + 1 WHERE id = 2") != 0)
		return -1; /* expect: txn-open */
	end_tx(conn, 1);
	return 0;
}

/*
 * OK: every path after a successful begin_tx calls end_tx; the failed
 * begin_tx returns with nothing open.
 */
int
move_stock_fixed(PGconn *conn)
{
	int ok;

	if (begin_tx(conn) < 0)
		return -1;
	ok = run(conn, "UPDATE stock SET qty = qty - 1 WHERE id = 1") == 0 &&
	     run(conn, "UPDATE stock SET qty = qty + 1 WHERE id = 2") == 0;
	end_tx(conn, ok);
	return ok ? 0 : -1;
}

/*
 * BUG: the helper that never reports failure begins it; the early return
 * skips the rollback.
 */
int
purge_sessions(PGconn *conn, int dry_run)
{
	begin_quietly(conn);
	if (run(conn, "DELETE FROM session WHERE expires < now()") != 0)
		return -1; /* expect: txn-open */
	end_tx(conn, !dry_run);
	return 0;
}

/*
 * OK (tricky): the end is written inline with `?:` between two statements
 * that both end the transaction.
 */
int
purge_sessions_fixed(PGconn *conn, int dry_run)
{
	begin_quietly(conn);
	if (run(conn, "DELETE FROM session WHERE expires < now()") != 0) {
		PQclear(PQexec(conn, "ROLLBACK"));
		return -1;
	}
	PQclear(PQexec(conn, dry_run ? "ROLLBACK" : "COMMIT"));
	return 0;
}

/*
 * BUG (tricky): `?:` between COMMIT and a savepoint's rollback: the second
 * does not end the transaction, so the text chosen ends nothing for sure.
 * The first return then leaves it open; the second is after a real COMMIT.
 */
int
checkpoint(PGconn *conn, int keep)
{
	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "SAVEPOINT s"));
	if (run(conn, "INSERT INTO log VALUES (1)") != 0) {
		PQclear(PQexec(conn, keep ? "COMMIT" : "ROLLBACK TO SAVEPOINT s"));
		return -1; /* expect: txn-open */
	}
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): a helper that begins and ends on every path is no begin
 * helper: its callers have nothing open after it.
 */
static int
bump_counter(PGconn *conn)
{
	if (begin_tx(conn) != 0)
		return -1;
	int rc = run(conn, "UPDATE counter SET n = n + 1");
	end_tx(conn, rc == 0);
	return rc;
}

int
bump_twice(PGconn *conn)
{
	if (bump_counter(conn) != 0)
		return -1;
	return bump_counter(conn);
}

/*
 * BUG: a begin helper of a begin helper: it still begins one at the caller.
 */
static int
begin_serial(PGconn *conn)
{
	if (begin_tx(conn) != 0)
		return -1;
	if (run(conn, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE") != 0)
		return 1;
	return 0;
}

int
reprice(PGconn *conn)
{
	if (begin_serial(conn) < 0)
		return -1;
	if (run(conn, "UPDATE price SET amount = amount * 2") != 0)
		return -1; /* expect: txn-open */
	end_tx(conn, 1);
	return 0;
}

/* Begins a transaction; its result, chosen by `?:`, says whether BEGIN
 * worked. */
static int
begin_checked(PGconn *conn)
{
	PGresult *res = PQexec(conn, "BEGIN");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * OK (tricky): a failed begin_checked opened nothing; both later paths end
 * the transaction.
 */
int
archive(PGconn *conn)
{
	if (begin_checked(conn) != 0)
		return -1;
	if (run(conn, "INSERT INTO archive SELECT * FROM live") != 0) {
		end_tx(conn, 0);
		return -1;
	}
	end_tx(conn, 1);
	return 0;
}

/*
 * BUG: the DELETE's failure skips end_tx.
 */
int
archive_and_purge(PGconn *conn)
{
	if (begin_checked(conn) != 0)
		return -1;
	if (run(conn, "DELETE FROM live") != 0)
		return -1; /* expect: txn-open */
	end_tx(conn, 1);
	return 0;
}
