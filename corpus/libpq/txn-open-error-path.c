/* SPDX-License-Identifier: MIT */
/*
 * txn-open with libpq: a function begins a transaction and leaves it open on
 * some path (an early error return, a "not found" return, a savepoint
 * rollback taken for a full rollback).  The connection then sits "idle in
 * transaction", holding its locks and its server slot; seed 001's service
 * died with "sorry, too many clients already" this way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

#define SQL_BEGIN "BEGIN"

/* Implemented in txn.c: ends the current transaction on error. */
int app_abort_transaction(PGconn *conn, const char *why);

/* Runs one command; 0 if it succeeded.  The result is always cleared. */
static int
exec_ok(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Commits the current transaction; 0 if the commit succeeded. */
static int
commit(PGconn *conn)
{
	PGresult *res = PQexec(conn, "COMMIT");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "COMMIT: %s", PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Rolls the current transaction back. */
static void
rollback(PGconn *conn)
{
	PQclear(PQexec(conn, "ROLLBACK"));
}

/*
 * A begin helper: every path leaves the transaction open on purpose; its
 * callers commit or roll back.
 */
void
begin_serializable(PGconn *conn)
{
	PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE"));
}

/*
 * BUG: the failed INSERT returns without ROLLBACK; the connection stays in
 * an aborted transaction and every later statement on it fails.
 */
int
create_order(PGconn *conn, const char *customer, const char *total)
{
	const char *params[2] = { customer, total };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "INSERT INTO orders(customer, total) VALUES ($1, $2)", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "insert order: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1; /* expect: txn-open */
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG: the first UPDATE's failure is rolled back, the second's is not: the
 * debit stays pending in an open transaction.
 */
int
transfer_funds(PGconn *conn, const char *from, const char *to, const char *amount)
{
	const char *debit[2] = { amount, from };
	const char *credit[2] = { amount, to };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "UPDATE account SET balance = balance - $1 WHERE id = $2", 2, NULL, debit, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	res = PQexecParams(conn, "UPDATE account SET balance = balance + $1 WHERE id = $2", 2, NULL, credit, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "credit %s: %s", to, PQerrorMessage(conn));
		PQclear(res);
		return -1; /* expect: txn-open */
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG (seed 001): "under certain conditions": when the seat is already taken
 * the function reports it and returns, with the row lock of FOR UPDATE and
 * the transaction still held.
 */
int
reserve_seat(PGconn *conn, const char *seat_id, const char *user_id)
{
	const char *sel[1] = { seat_id };
	const char *upd[2] = { user_id, seat_id };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "SELECT 1 FROM seat WHERE id = $1 AND holder IS NULL FOR UPDATE", 1, NULL, sel, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0) {
		PQclear(res);
		return 0; /* expect: txn-open */
	}
	PQclear(res);
	res = PQexecParams(conn, "UPDATE seat SET holder = $1 WHERE id = $2", 2, NULL, upd, NULL, NULL, 0);
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 1;
}

/*
 * BUG: the BEGIN is written in lower case after a comment, with an isolation
 * level; the lookup failure still returns with it open.
 */
long
snapshot_balance(PGconn *conn)
{
	PGresult *res;
	long sum;

	PQclear(PQexec(conn, "  /* nightly */ begin isolation level repeatable read"));
	res = PQexec(conn, "SELECT sum(balance) FROM account");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PQclear(res);
		return -1; /* expect: txn-open */
	}
	sum = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return sum;
}

/*
 * BUG: BEGIN comes from a macro; the early return after the failed DELETE
 * leaves the transaction open.
 */
int
delete_user(PGconn *conn, const char *user_id)
{
	const char *params[1] = { user_id };

	PQclear(PQexec(conn, SQL_BEGIN));
	if (exec_ok(conn, "LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE") != 0) {
		rollback(conn);
		return -1;
	}
	PGresult *res = PQexecParams(conn, "DELETE FROM app_user WHERE id = $1", 1, NULL, params, NULL, NULL, 0);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok)
		return -1; /* expect: txn-open */
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG: START TRANSACTION held in a local; a missing configuration row makes
 * the function return with it open.
 */
int
load_limits(PGconn *conn, int *limit)
{
	const char *begin_sql = "START TRANSACTION READ ONLY";
	PGresult *res;

	PQclear(PQexec(conn, begin_sql));
	res = PQexec(conn, "SELECT value FROM config WHERE key = 'max_jobs'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0) {
		PQclear(res);
		return -1; /* expect: txn-open */
	}
	*limit = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG: ROLLBACK TO SAVEPOINT only undoes the work since the savepoint; the
 * transaction itself is still open when the function returns.
 */
int
import_batch(PGconn *conn, const char *const *rows, int n)
{
	char sql[256];

	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "SAVEPOINT batch"));
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO staging(line) VALUES ('%s')", rows[i]);
		if (exec_ok(conn, sql) != 0) {
			PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT batch"));
			return -1; /* expect: txn-open */
		}
	}
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG: a void function commits only when the UPDATE worked; on failure it
 * falls off its end with the transaction open.
 */
void
touch_session(PGconn *conn, const char *sid)
{
	const char *params[1] = { sid };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "UPDATE session SET seen = now() WHERE id = $1", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		PQclear(PQexec(conn, "COMMIT"));
	PQclear(res);
} /* expect: txn-open */

/*
 * OK: the fix of create_order: the error path rolls back.
 */
int
create_order_fixed(PGconn *conn, const char *customer, const char *total)
{
	const char *params[2] = { customer, total };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "INSERT INTO orders(customer, total) VALUES ($1, $2)", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "insert order: %s", PQerrorMessage(conn));
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): every error jumps to one label that rolls back; the success
 * path commits (through the same-file commit() helper) and returns before
 * the label.
 */
int
transfer_funds_fixed(PGconn *conn, const char *from, const char *to, const char *amount)
{
	const char *debit[2] = { amount, from };
	const char *credit[2] = { amount, to };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "UPDATE account SET balance = balance - $1 WHERE id = $2", 2, NULL, debit, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(res);
	res = PQexecParams(conn, "UPDATE account SET balance = balance + $1 WHERE id = $2", 2, NULL, credit, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(res);
	return commit(conn);

fail:
	fprintf(stderr, "transfer: %s", PQerrorMessage(conn));
	PQclear(res);
	PQclear(PQexec(conn, "ROLLBACK"));
	return -1;
}

/*
 * OK (tricky): when BEGIN itself fails there is no transaction to end, so
 * the early return is right; later failures roll back.
 */
int
reserve_seat_fixed(PGconn *conn, const char *seat_id, const char *user_id)
{
	const char *sel[1] = { seat_id };
	const char *upd[2] = { user_id, seat_id };
	PGresult *res = PQexec(conn, "BEGIN");

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "BEGIN: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	res = PQexecParams(conn, "SELECT 1 FROM seat WHERE id = $1 AND holder IS NULL FOR UPDATE", 1, NULL, sel, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0) {
		PQclear(res);
		rollback(conn);
		return 0;
	}
	PQclear(res);
	if (exec_ok(conn, "SET LOCAL lock_timeout = '2s'") != 0) {
		rollback(conn);
		return -1;
	}
	res = PQexecParams(conn, "UPDATE seat SET holder = $1 WHERE id = $2", 2, NULL, upd, NULL, NULL, 0);
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 1;
}

/*
 * OK (tricky): a failing row rolls back to the savepoint and the import goes
 * on with the next row; the transaction is committed at the end.
 */
int
import_batch_lenient(PGconn *conn, const char *const *rows, int n)
{
	char sql[256];
	int skipped = 0;

	PQclear(PQexec(conn, "BEGIN"));
	for (int i = 0; i < n; i++) {
		PQclear(PQexec(conn, "SAVEPOINT one_row"));
		snprintf(sql, sizeof(sql), "INSERT INTO staging(line) VALUES ('%s')", rows[i]);
		if (exec_ok(conn, sql) != 0) {
			PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT one_row"));
			skipped++;
			continue;
		}
		PQclear(PQexec(conn, "RELEASE SAVEPOINT one_row"));
	}
	PGresult *res = PQexec(conn, "COMMIT");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? skipped : -1;
}

/*
 * OK (tricky): the transaction is begun by the same-file begin helper and
 * ended on every path here (ABORT and END are PostgreSQL's spellings of
 * ROLLBACK and COMMIT).
 */
int
recompute_ranking(PGconn *conn)
{
	begin_serializable(conn);
	if (exec_ok(conn, "DELETE FROM ranking") != 0) {
		PQclear(PQexec(conn, "ABORT"));
		return -1;
	}
	if (exec_ok(conn, "INSERT INTO ranking SELECT player, sum(points) FROM score GROUP BY player") != 0) {
		PQclear(PQexec(conn, "ABORT"));
		return -1;
	}
	PQclear(PQexec(conn, "END"));
	return 0;
}

/*
 * OK: the commit is done before the non-transactional cache refresh, whose
 * failure is reported after the transaction has ended.
 */
int
rename_product(PGconn *conn, const char *sku, const char *name)
{
	const char *params[2] = { name, sku };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "UPDATE product SET name = $1 WHERE sku = $2", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		rollback(conn);
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	if (exec_ok(conn, "NOTIFY product_cache") != 0)
		return -2;
	return 0;
}

/*
 * OK (tricky): the error path hands the connection to the application's own
 * abort routine (implemented in another file), which ends the transaction.
 */
int
archive_orders(PGconn *conn, const char *before)
{
	const char *params[1] = { before };
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "INSERT INTO orders_archive SELECT * FROM orders WHERE created < $1", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		return app_abort_transaction(conn, "archive insert failed");
	}
	PQclear(res);
	res = PQexecParams(conn, "DELETE FROM orders WHERE created < $1", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		return app_abort_transaction(conn, "archive delete failed");
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}
