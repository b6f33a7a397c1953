/* SPDX-License-Identifier: MIT */
/*
 * Seed 003 -- connection pool leak in a gin (Go) service on MySQL
 *
 * What happened: a customer's site went down because every connection of
 * the MySQL instance was in use; killing the sessions helped for a few
 * hours, then the pool was exhausted again and requests timed out.  Packet
 * captures showed only TCP keep-alives, and, once captured from a fresh
 * start, that the last statement of every leaked connection was the start
 * of a transaction.  pprof showed 101 goroutines parked in
 * sql.(*Tx).awaitDone.  A handler began a transaction and then panicked
 * (or returned on an error) before its Rollback; gin recovered the panic
 * and kept serving, so the transaction -- and its pooled connection -- was
 * never given back.  The fix adopted was the well-known Transact(db, fn)
 * helper, which commits when fn succeeds and rolls back when it fails or
 * panics, so handlers cannot forget either.
 *
 * The C twin, with the MariaDB/MySQL C API: txn-open.  The early error
 * return, and the "panic": a longjmp back to the request loop's recovery
 * point (what C servers built on setjmp do), which skips the rollback just
 * like the recovered panic did.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <mysql.h>

struct request {
	jmp_buf recover;        /* set by the request loop, like gin.Recovery */
	unsigned long user_id;
	unsigned long item_id;
	int qty;
};

typedef int (*tx_func)(MYSQL *tx, struct request *req);

/*
 * BUG (error path): the second statement fails and the handler returns the
 * error -- the transaction stays open on the pooled connection.
 */
int
add_to_cart(MYSQL *conn, struct request *req)
{
	char sql[192];

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE item SET reserved = reserved + %d WHERE id = %lu", req->qty, req->item_id);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	snprintf(sql, sizeof(sql), "INSERT INTO cart(user_id, item_id, qty) VALUES (%lu, %lu, %d)", req->user_id, req->item_id, req->qty);
	if (mysql_query(conn, sql))
		return -1; /* expect: txn-open */
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * BUG (the "panic"): a missing price row is treated as impossible and the
 * handler jumps back to the request loop's recovery point -- the server
 * survives, the transaction does not end.
 */
int
checkout(MYSQL *conn, struct request *req)
{
	char sql[160];
	MYSQL_RES *rs;
	MYSQL_ROW row;
	long price;

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "SELECT price FROM item WHERE id = %lu FOR UPDATE", req->item_id);
	if (mysql_query(conn, sql) || !(rs = mysql_store_result(conn))) {
		mysql_rollback(conn);
		return -1;
	}
	row = mysql_fetch_row(rs);
	if (!row || !row[0]) {
		mysql_free_result(rs);
		longjmp(req->recover, 1); /* expect: txn-open */
	}
	price = atol(row[0]);
	mysql_free_result(rs);
	snprintf(sql, sizeof(sql), "INSERT INTO purchase(user_id, item_id, total) VALUES (%lu, %lu, %ld)", req->user_id, req->item_id, price * req->qty);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * FIXED: transact() owns the transaction.  A failed START TRANSACTION
 * returns at once; otherwise the body runs (through a function pointer) and
 * the transaction is committed if it returned 0 and rolled back if not.
 */
int
transact(MYSQL *conn, tx_func fn, struct request *req)
{
	if (mysql_query(conn, "START TRANSACTION")) {
		fprintf(stderr, "start transaction: %s\n", mysql_error(conn));
		return -1;
	}
	if (fn(conn, req) != 0) {
		mysql_rollback(conn);
		return -1;
	}
	if (mysql_commit(conn)) {
		fprintf(stderr, "commit: %s\n", mysql_error(conn));
		return -1;
	}
	return 0;
}

/*
 * The body of the fixed add_to_cart: it only runs statements and reports
 * failure; it neither begins nor ends anything.
 */
static int
add_to_cart_body(MYSQL *tx, struct request *req)
{
	char sql[192];

	snprintf(sql, sizeof(sql), "UPDATE item SET reserved = reserved + %d WHERE id = %lu", req->qty, req->item_id);
	if (mysql_query(tx, sql))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO cart(user_id, item_id, qty) VALUES (%lu, %lu, %d)", req->user_id, req->item_id, req->qty);
	if (mysql_query(tx, sql))
		return -1;
	return 0;
}

/*
 * The body of the fixed checkout: the missing price is an error returned to
 * transact(), not a jump over it.
 */
static int
checkout_body(MYSQL *tx, struct request *req)
{
	char sql[160];
	MYSQL_RES *rs;
	MYSQL_ROW row;
	long price;

	snprintf(sql, sizeof(sql), "SELECT price FROM item WHERE id = %lu FOR UPDATE", req->item_id);
	if (mysql_query(tx, sql) || !(rs = mysql_store_result(tx)))
		return -1;
	row = mysql_fetch_row(rs);
	if (!row || !row[0]) {
		mysql_free_result(rs);
		return -1;
	}
	price = atol(row[0]);
	mysql_free_result(rs);
	snprintf(sql, sizeof(sql), "INSERT INTO purchase(user_id, item_id, total) VALUES (%lu, %lu, %ld)", req->user_id, req->item_id, price * req->qty);
	return mysql_query(tx, sql) ? -1 : 0;
}

/* FIXED: the handlers as the customer rewrote them, on transact(). */
int
add_to_cart_fixed(MYSQL *conn, struct request *req)
{
	return transact(conn, add_to_cart_body, req);
}

/* FIXED: see checkout_body. */
int
checkout_fixed(MYSQL *conn, struct request *req)
{
	return transact(conn, checkout_body, req);
}
