/* SPDX-License-Identifier: MIT */
/*
 * txn-open with mysql_autocommit: switching autocommit off begins a
 * transaction, and switching it back on (mysql_autocommit(conn, 1)) commits
 * what is open, as MySQL and MariaDB do for SET autocommit = 1.  Code that
 * ends its transactions that way needs no mysql_commit; code that forgets to
 * switch it back on an error path leaves the transaction open.
 */
#include <stdbool.h>
#include <stdio.h>
#include <mysql.h>

/*
 * BUG: the batch is committed by turning autocommit back on, but the failed
 * statement returns before that, with the rows before it pending.
 */
int
apply_batch(MYSQL *conn, const char *const *stmts, int n)
{
	mysql_autocommit(conn, 0);
	for (int i = 0; i < n; i++) {
		if (mysql_query(conn, stmts[i])) {
			fprintf(stderr, "%s: %s\n", stmts[i], mysql_error(conn));
			return -1; /* expect: txn-open */
		}
	}
	mysql_autocommit(conn, 1);
	return 0;
}

/*
 * OK: the fix: the error path rolls back, the good path commits by turning
 * autocommit on again.
 */
int
apply_batch_fixed(MYSQL *conn, const char *const *stmts, int n)
{
	mysql_autocommit(conn, 0);
	for (int i = 0; i < n; i++) {
		if (mysql_query(conn, stmts[i])) {
			fprintf(stderr, "%s: %s\n", stmts[i], mysql_error(conn));
			mysql_rollback(conn);
			mysql_autocommit(conn, 1);
			return -1;
		}
	}
	mysql_autocommit(conn, 1);
	return 0;
}

/*
 * BUG: START TRANSACTION by SQL text, and autocommit switched on only on the
 * path that worked.
 */
int
rename_user(MYSQL *conn, const char *sql)
{
	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	if (mysql_query(conn, sql))
		return -1; /* expect: txn-open */
	mysql_autocommit(conn, 1);
	return 0;
}

/*
 * OK (tricky): `true` is 1: autocommit on commits the transaction that
 * autocommit off began; the rollback path switches it on too.
 */
int
touch_rows(MYSQL *conn, const char *sql)
{
	int rc = 0;

	mysql_autocommit(conn, 0);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		rc = -1;
	}
	mysql_autocommit(conn, true);
	return rc;
}

