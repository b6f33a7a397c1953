/* SPDX-License-Identifier: MIT */
/*
 * txn-wrong-handle with libpq: while a transaction is open on one
 * connection, a statement runs on another PGconn.  It does not see the
 * transaction's uncommitted rows, it may wait on the row locks the first
 * connection holds (a self-deadlock inside one request), and it takes a
 * second server slot per request.  Seed 004 (gorm: `tx := db.Begin()` then
 * `db.Model(...)` instead of `tx.Model(...)`) is this bug.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include <sqlite3.h>

struct app_db {
	PGconn *rw;
	PGconn *ro;
};

/*
 * BUG: the stock is checked on the read replica in the middle of the write
 * transaction on the primary: the replica does not see the rows this
 * transaction already changed.
 */
int
reserve_items(PGconn *primary, PGconn *replica, const char *order_id)
{
	const char *params[1] = { order_id };
	PGresult *res;
	int ok;

	PQclear(PQexec(primary, "BEGIN"));
	PQclear(PQexecParams(primary, "UPDATE orders SET state = 'reserving' WHERE id = $1", 1, NULL, params, NULL, NULL, 0));
	res = PQexecParams(replica, "SELECT count(*) FROM stock s JOIN order_line l USING (sku) WHERE l.order_id = $1 AND s.qty < l.qty", 1, NULL, params, NULL, NULL, 0); /* expect: txn-wrong-handle */
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && atol(PQgetvalue(res, 0, 0)) == 0;
	PQclear(res);
	if (ok)
		PQclear(PQexec(primary, "COMMIT"));
	else
		PQclear(PQexec(primary, "ROLLBACK"));
	return ok ? 0 : -1;
}

/*
 * BUG: the audit row goes through the audit connection while the transfer
 * transaction is open: if the transfer rolls back, the audit says it
 * happened, and the audit INSERT waits on the account row lock when both
 * tables live in one database.
 */
int
transfer_with_audit(PGconn *ledger, PGconn *audit, const char *from, const char *to, const char *amount)
{
	const char *upd[3] = { amount, from, to };
	const char *aud[3] = { from, to, amount };
	PGresult *res;

	PQclear(PQexec(ledger, "BEGIN"));
	res = PQexecParams(ledger, "UPDATE account SET balance = balance + CASE id WHEN $2 THEN -$1::numeric ELSE $1::numeric END WHERE id IN ($2, $3)", 3, NULL, upd, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(ledger, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	PQclear(PQexecParams(audit, "INSERT INTO audit_log(src, dst, amount) VALUES ($1, $2, $3)", 3, NULL, aud, NULL, NULL, 0)); /* expect: txn-wrong-handle */
	PQclear(PQexec(ledger, "COMMIT"));
	return 0;
}

/*
 * BUG: ROLLBACK TO SAVEPOINT does not end the transaction, so the error
 * report written on the log connection still runs inside it.
 */
int
apply_patch(PGconn *conn, PGconn *log, const char *patch_sql)
{
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "SAVEPOINT before_patch"));
	res = PQexec(conn, patch_sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT before_patch"));
		PQclear(PQexec(log, "INSERT INTO patch_log(ok) VALUES (false)")); /* expect: txn-wrong-handle */
	} else {
		PQclear(res);
	}
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG: asynchronous query on the second connection while the first one is
 * inside its transaction.
 */
int
refresh_and_notify(PGconn *conn, PGconn *notify_conn)
{
	PGresult *r;

	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "REFRESH MATERIALIZED VIEW sales_by_day"));
	if (PQsendQuery(notify_conn, "NOTIFY sales_refreshed")) { /* expect: txn-wrong-handle */
		while ((r = PQgetResult(notify_conn)) != NULL)
			PQclear(r);
	}
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * BUG: both handles come from the application's struct; the rename runs on
 * the read-only connection inside the read-write one's transaction (it
 * would also fail there: the replica is read-only).
 */
int
rename_category(struct app_db *app, const char *id, const char *name)
{
	PGconn *rw = app->rw;
	PGconn *ro = app->ro;
	const char *params[2] = { name, id };

	PQclear(PQexec(rw, "BEGIN"));
	PQclear(PQexecParams(ro, "UPDATE category SET name = $1 WHERE id = $2", 2, NULL, params, NULL, NULL, 0)); /* expect: txn-wrong-handle */
	PQclear(PQexec(rw, "COMMIT"));
	return 0;
}

/*
 * OK: the fix of reserve_items: the stock is checked on the primary, inside
 * the transaction, so it sees the reservation.
 */
int
reserve_items_fixed(PGconn *primary, PGconn *replica, const char *order_id)
{
	const char *params[1] = { order_id };
	PGresult *res;
	int ok;

	(void)replica;
	PQclear(PQexec(primary, "BEGIN"));
	PQclear(PQexecParams(primary, "UPDATE orders SET state = 'reserving' WHERE id = $1", 1, NULL, params, NULL, NULL, 0));
	res = PQexecParams(primary, "SELECT count(*) FROM stock s JOIN order_line l USING (sku) WHERE l.order_id = $1 AND s.qty < l.qty", 1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && atol(PQgetvalue(res, 0, 0)) == 0;
	PQclear(res);
	if (ok)
		PQclear(PQexec(primary, "COMMIT"));
	else
		PQclear(PQexec(primary, "ROLLBACK"));
	return ok ? 0 : -1;
}

/*
 * OK: the audit row is written after the transfer committed.
 */
int
transfer_then_audit(PGconn *ledger, PGconn *audit, const char *from, const char *to, const char *amount)
{
	const char *upd[3] = { amount, from, to };
	const char *aud[3] = { from, to, amount };
	PGresult *res;

	PQclear(PQexec(ledger, "BEGIN"));
	res = PQexecParams(ledger, "UPDATE account SET balance = balance + CASE id WHEN $2 THEN -$1::numeric ELSE $1::numeric END WHERE id IN ($2, $3)", 3, NULL, upd, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(ledger, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(ledger, "COMMIT"));
	PQclear(PQexecParams(audit, "INSERT INTO audit_log(src, dst, amount) VALUES ($1, $2, $3)", 3, NULL, aud, NULL, NULL, 0));
	return 0;
}

/*
 * OK: the replica is read before the transaction on the primary begins.
 */
int
copy_price_from_replica(PGconn *primary, PGconn *replica, const char *sku)
{
	const char *sel[1] = { sku };
	PGresult *res;
	char price[32];

	res = PQexecParams(replica, "SELECT list_price FROM catalog WHERE sku = $1", 1, NULL, sel, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	snprintf(price, sizeof(price), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);

	const char *upd[2] = { price, sku };
	PQclear(PQexec(primary, "BEGIN"));
	PQclear(PQexecParams(primary, "UPDATE product SET price = $1 WHERE sku = $2", 2, NULL, upd, NULL, NULL, 0));
	PQclear(PQexec(primary, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): `tx` is a copy of `conn`, the connection the transaction was
 * begun on, so every statement runs on the same connection.
 */
int
close_period(PGconn *conn, const char *period)
{
	PGconn *tx = conn;
	const char *params[1] = { period };

	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexecParams(tx, "INSERT INTO closing SELECT * FROM ledger WHERE period = $1", 1, NULL, params, NULL, NULL, 0));
	PQclear(PQexecParams(tx, "UPDATE period SET closed = true WHERE id = $1", 1, NULL, params, NULL, NULL, 0));
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): the statement inside the transaction runs on an SQLite cache,
 * a different kind of handle: no second PostgreSQL connection is involved.
 */
int
update_with_cache(PGconn *conn, sqlite3 *cache, const char *sku, const char *price)
{
	const char *params[2] = { price, sku };
	sqlite3_stmt *st = NULL;
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexecParams(conn, "UPDATE product SET price = $1 WHERE sku = $2", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	if (sqlite3_prepare_v2(cache, "DELETE FROM price_cache WHERE sku = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sku, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): the log connection is used only on the path where BEGIN
 * itself failed, so no transaction is open there.
 */
int
apply_patch_logged(PGconn *conn, PGconn *log, const char *patch_sql)
{
	PGresult *res = PQexec(conn, "BEGIN");

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(log, "INSERT INTO patch_log(ok, note) VALUES (false, 'begin failed')"));
		return -1;
	}
	PQclear(res);
	res = PQexec(conn, patch_sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): the failure is logged on the second connection only after
 * the transaction was rolled back.
 */
int
apply_patch_fixed(PGconn *conn, PGconn *log, const char *patch_sql)
{
	PGresult *res;

	PQclear(PQexec(conn, "BEGIN"));
	res = PQexec(conn, patch_sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "patch: %s", PQresultErrorMessage(res));
		PQclear(res);
		PQclear(PQexec(conn, "ROLLBACK"));
		PQclear(PQexec(log, "INSERT INTO patch_log(ok) VALUES (false)"));
		return -1;
	}
	PQclear(res);
	PQclear(PQexec(conn, "COMMIT"));
	PQclear(PQexec(log, "INSERT INTO patch_log(ok) VALUES (true)"));
	return 0;
}
