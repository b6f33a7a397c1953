/* SPDX-License-Identifier: MIT */
/*
 * txn-open with the MariaDB/MySQL C API: START TRANSACTION (or BEGIN, or
 * mysql_autocommit(conn, 0)) followed by a path that returns without
 * mysql_commit / mysql_rollback.  InnoDB keeps the row locks until the
 * connection goes away; with a connection pool the connection goes back to
 * the pool with the transaction still open (seed 003: every leaked
 * connection's last statement was a START TRANSACTION).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>

typedef int (*txn_body)(MYSQL *conn, void *arg);

/*
 * BUG: a failed INSERT of an order line returns with the transaction (and
 * the order row inserted before it) still pending.
 */
int
place_order(MYSQL *conn, unsigned long customer, unsigned long product, int qty)
{
	char sql[256];

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO orders(customer) VALUES (%lu)", customer);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	snprintf(sql, sizeof(sql), "INSERT INTO order_line(order_id, product, qty) VALUES (LAST_INSERT_ID(), %lu, %d)", product, qty);
	if (mysql_query(conn, sql)) {
		fprintf(stderr, "order line: %s\n", mysql_error(conn));
		return -1; /* expect: txn-open */
	}
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * BUG: autocommit is switched off (which begins a transaction) and the
 * failed stock update returns without a rollback.
 */
int
decrement_stock(MYSQL *conn, unsigned long product, int qty)
{
	char sql[192];

	mysql_autocommit(conn, 0);
	snprintf(sql, sizeof(sql), "UPDATE stock SET qty = qty - %d WHERE product = %lu AND qty >= %d", qty, product, qty);
	if (mysql_query(conn, sql) || mysql_affected_rows(conn) != 1) {
		fprintf(stderr, "not enough stock for %lu\n", product);
		return -1; /* expect: txn-open */
	}
	mysql_commit(conn);
	return 0;
}

/*
 * BUG: SELECT ... FOR UPDATE locks the row; when the result cannot be read
 * the function returns with the lock held.
 */
long
next_invoice_number(MYSQL *conn)
{
	MYSQL_RES *rs;
	MYSQL_ROW row;
	long n;

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	if (mysql_query(conn, "SELECT last FROM invoice_seq FOR UPDATE")) {
		mysql_rollback(conn);
		return -1;
	}
	rs = mysql_store_result(conn);
	if (!rs)
		return -1; /* expect: txn-open */
	row = mysql_fetch_row(rs);
	n = row && row[0] ? atol(row[0]) + 1 : 1;
	mysql_free_result(rs);
	if (mysql_query(conn, "UPDATE invoice_seq SET last = last + 1")) {
		mysql_rollback(conn);
		return -1;
	}
	mysql_commit(conn);
	return n;
}

/*
 * BUG: BEGIN sent with mysql_real_query; the failed audit insert returns
 * without ending it.
 */
int
close_ticket(MYSQL *conn, unsigned long ticket)
{
	char sql[160];

	if (mysql_real_query(conn, "BEGIN", sizeof("BEGIN") - 1))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE ticket SET state = 'closed' WHERE id = %lu", ticket);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	snprintf(sql, sizeof(sql), "INSERT INTO ticket_audit(ticket, what) VALUES (%lu, 'closed')", ticket);
	if (mysql_real_query(conn, sql, (unsigned long)strlen(sql)))
		return -1; /* expect: txn-open */
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * With --report-at-exit only: a batch tool exits on the first failed
 * statement with the transaction open; the rows loaded so far are neither
 * committed nor rolled back explicitly (the server rolls them back when the
 * process ends, so by default nothing is reported there).
 */
void
load_rates(MYSQL *conn, const char *const *stmts, int n)
{
	if (mysql_query(conn, "START TRANSACTION")) {
		fprintf(stderr, "start: %s\n", mysql_error(conn));
		exit(EXIT_FAILURE);
	}
	for (int i = 0; i < n; i++) {
		if (mysql_query(conn, stmts[i])) {
			fprintf(stderr, "%s: %s\n", stmts[i], mysql_error(conn));
			exit(EXIT_FAILURE); /* at-exit: txn-open */
		}
	}
	if (mysql_commit(conn))
		fprintf(stderr, "commit: %s\n", mysql_error(conn));
}

/*
 * OK: the fix of place_order: every failure after START TRANSACTION rolls
 * back.
 */
int
place_order_fixed(MYSQL *conn, unsigned long customer, unsigned long product, int qty)
{
	char sql[256];

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO orders(customer) VALUES (%lu)", customer);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	snprintf(sql, sizeof(sql), "INSERT INTO order_line(order_id, product, qty) VALUES (LAST_INSERT_ID(), %lu, %d)", product, qty);
	if (mysql_query(conn, sql)) {
		fprintf(stderr, "order line: %s\n", mysql_error(conn));
		mysql_rollback(conn);
		return -1;
	}
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * OK (tricky): autocommit off begins the transaction; both exits end it, and
 * autocommit is switched back on afterwards (which begins nothing).
 */
int
decrement_stock_fixed(MYSQL *conn, unsigned long product, int qty)
{
	char sql[192];
	int rc = 0;

	mysql_autocommit(conn, 0);
	snprintf(sql, sizeof(sql), "UPDATE stock SET qty = qty - %d WHERE product = %lu AND qty >= %d", qty, product, qty);
	if (mysql_query(conn, sql) || mysql_affected_rows(conn) != 1) {
		mysql_rollback(conn);
		rc = -1;
	} else if (mysql_commit(conn)) {
		rc = -1;
	}
	mysql_autocommit(conn, 1);
	return rc;
}

/*
 * OK (tricky): every failure after START TRANSACTION goes to the `rollback`
 * label; a failed START TRANSACTION returns before anything began.
 */
long
next_invoice_number_fixed(MYSQL *conn)
{
	MYSQL_RES *rs;
	MYSQL_ROW row;
	long n;

	if (mysql_query(conn, "START TRANSACTION")) {
		fprintf(stderr, "start: %s\n", mysql_error(conn));
		return -1;
	}
	if (mysql_query(conn, "SELECT last FROM invoice_seq FOR UPDATE"))
		goto rollback;
	rs = mysql_store_result(conn);
	if (!rs)
		goto rollback;
	row = mysql_fetch_row(rs);
	n = row && row[0] ? atol(row[0]) + 1 : 1;
	mysql_free_result(rs);
	if (mysql_query(conn, "UPDATE invoice_seq SET last = last + 1"))
		goto rollback;
	if (mysql_commit(conn))
		return -1;
	return n;

rollback:
	fprintf(stderr, "invoice number: %s\n", mysql_error(conn));
	mysql_query(conn, "ROLLBACK");
	return -1;
}

/*
 * OK (tricky): a transact() helper: the body runs through a function
 * pointer, and the helper commits when it returns 0 and rolls back
 * otherwise, so no caller can forget either.
 */
int
mysql_transact(MYSQL *conn, txn_body body, void *arg)
{
	if (mysql_query(conn, "START TRANSACTION")) {
		fprintf(stderr, "start: %s\n", mysql_error(conn));
		return -1;
	}
	if (body(conn, arg) != 0) {
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
 * OK: the ticket is committed first; the notification row written after the
 * commit runs in autocommit mode and may fail on its own.
 */
int
close_ticket_fixed(MYSQL *conn, unsigned long ticket)
{
	char sql[160];

	if (mysql_query(conn, "BEGIN"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE ticket SET state = 'closed' WHERE id = %lu", ticket);
	if (mysql_query(conn, sql)) {
		mysql_query(conn, "ROLLBACK");
		return -1;
	}
	if (mysql_query(conn, "COMMIT"))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO notification(ticket) VALUES (%lu)", ticket);
	if (mysql_query(conn, sql))
		return -2;
	return 0;
}

/*
 * OK: the batch tool rolls back before it exits on a failed statement.
 */
void
load_rates_fixed(MYSQL *conn, const char *const *stmts, int n)
{
	if (mysql_query(conn, "START TRANSACTION")) {
		fprintf(stderr, "start: %s\n", mysql_error(conn));
		exit(EXIT_FAILURE);
	}
	for (int i = 0; i < n; i++) {
		if (mysql_query(conn, stmts[i])) {
			fprintf(stderr, "%s: %s\n", stmts[i], mysql_error(conn));
			mysql_rollback(conn);
			exit(EXIT_FAILURE);
		}
	}
	if (mysql_commit(conn))
		fprintf(stderr, "commit: %s\n", mysql_error(conn));
}
