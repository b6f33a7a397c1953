/* SPDX-License-Identifier: MIT */
/*
 * txn-wrong-handle with the MariaDB/MySQL C API: a statement on a second
 * MYSQL connection while a transaction is open on the first.  With InnoDB
 * the second connection blocks on the first one's row locks until
 * innodb_lock_wait_timeout (50 s by default), and with a pool of N
 * connections N such requests deadlock the pool (seed 004).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>
#include <sqlite3.h>

/*
 * BUG: the reader connection checks the balance while the writer's
 * transaction has already debited it: the check reads the old value.
 */
int
withdraw(MYSQL *writer, MYSQL *reader, unsigned long account, long cents)
{
	char sql[192];
	MYSQL_RES *rs;
	MYSQL_ROW row;
	int ok = 0;

	if (mysql_query(writer, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE account SET balance = balance - %ld WHERE id = %lu", cents, account);
	if (mysql_query(writer, sql)) {
		mysql_rollback(writer);
		return -1;
	}
	snprintf(sql, sizeof(sql), "SELECT balance FROM account WHERE id = %lu", account);
	if (mysql_query(reader, sql) == 0) { /* expect: txn-wrong-handle */
		rs = mysql_store_result(reader);
		if (rs) {
			row = mysql_fetch_row(rs);
			ok = row && row[0] && atol(row[0]) >= 0;
			mysql_free_result(rs);
		}
	}
	if (ok)
		mysql_commit(writer);
	else
		mysql_rollback(writer);
	return ok ? 0 : -1;
}

/*
 * BUG: autocommit is off on `conn` (a transaction is open); the page view
 * counter is bumped through the stats connection in the middle of it.
 */
int
publish_article(MYSQL *conn, MYSQL *stats, unsigned long article)
{
	char sql[160];
	int n;

	mysql_autocommit(conn, 0);
	snprintf(sql, sizeof(sql), "UPDATE article SET published = NOW() WHERE id = %lu", article);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	n = snprintf(sql, sizeof(sql), "INSERT INTO counter(article, views) VALUES (%lu, 0)", article);
	if (mysql_real_query(stats, sql, (unsigned long)n)) /* expect: txn-wrong-handle */
		fprintf(stderr, "counter: %s\n", mysql_error(stats));
	mysql_commit(conn);
	return 0;
}

/*
 * BUG: the tag insert goes to `tags`, which points at the same schema: it
 * waits on the lock the article transaction holds on the article row
 * (foreign key check) -- the request hangs until the lock wait timeout.
 */
int
tag_article(MYSQL *conn, MYSQL *tags, unsigned long article, const char *tag)
{
	char esc[130];
	char sql[320];

	if (strlen(tag) > 64)
		return -1;
	if (mysql_query(conn, "BEGIN"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE article SET updated = NOW() WHERE id = %lu", article);
	if (mysql_query(conn, sql)) {
		mysql_query(conn, "ROLLBACK");
		return -1;
	}
	mysql_real_escape_string(tags, esc, tag, (unsigned long)strlen(tag));
	snprintf(sql, sizeof(sql), "INSERT INTO article_tag(article, tag) VALUES (%lu, '%s')", article, esc);
	if (mysql_query(tags, sql)) { /* expect: txn-wrong-handle */
		mysql_query(conn, "ROLLBACK");
		return -1;
	}
	mysql_query(conn, "COMMIT");
	return 0;
}

/*
 * BUG: the session row is refreshed on the session connection while the
 * login transaction on the main connection is still open.
 */
int
record_login(MYSQL *conn, MYSQL *sessions, unsigned long user, const char *sid)
{
	char sql[256];

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE user SET last_login = NOW(), logins = logins + 1 WHERE id = %lu", user);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	snprintf(sql, sizeof(sql), "REPLACE INTO session(id, user) VALUES ('%.64s', %lu)", sid, user);
	mysql_query(sessions, sql); /* expect: txn-wrong-handle */
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * OK: the fix of withdraw: the balance is read on the writer, inside the
 * transaction, where the debit is visible.
 */
int
withdraw_fixed(MYSQL *writer, unsigned long account, long cents)
{
	char sql[192];
	MYSQL_RES *rs;
	MYSQL_ROW row;
	int ok = 0;

	if (mysql_query(writer, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE account SET balance = balance - %ld WHERE id = %lu", cents, account);
	if (mysql_query(writer, sql)) {
		mysql_rollback(writer);
		return -1;
	}
	snprintf(sql, sizeof(sql), "SELECT balance FROM account WHERE id = %lu", account);
	if (mysql_query(writer, sql) == 0) {
		rs = mysql_store_result(writer);
		if (rs) {
			row = mysql_fetch_row(rs);
			ok = row && row[0] && atol(row[0]) >= 0;
			mysql_free_result(rs);
		}
	}
	if (ok)
		mysql_commit(writer);
	else
		mysql_rollback(writer);
	return ok ? 0 : -1;
}

/*
 * OK: the counter is created after the article transaction committed.
 */
int
publish_article_fixed(MYSQL *conn, MYSQL *stats, unsigned long article)
{
	char sql[160];
	int n;

	mysql_autocommit(conn, 0);
	snprintf(sql, sizeof(sql), "UPDATE article SET published = NOW() WHERE id = %lu", article);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	if (mysql_commit(conn))
		return -1;
	n = snprintf(sql, sizeof(sql), "INSERT INTO counter(article, views) VALUES (%lu, 0)", article);
	if (mysql_real_query(stats, sql, (unsigned long)n))
		fprintf(stderr, "counter: %s\n", mysql_error(stats));
	return 0;
}

/*
 * OK (tricky): `tx` is the same connection as `conn` under another name; the
 * tag insert runs inside the transaction, as it should.
 */
int
tag_article_fixed(MYSQL *conn, unsigned long article, const char *tag)
{
	MYSQL *tx = conn;
	char esc[130];
	char sql[320];

	if (strlen(tag) > 64)
		return -1;
	if (mysql_query(conn, "BEGIN"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE article SET updated = NOW() WHERE id = %lu", article);
	if (mysql_query(tx, sql)) {
		mysql_query(conn, "ROLLBACK");
		return -1;
	}
	mysql_real_escape_string(tx, esc, tag, (unsigned long)strlen(tag));
	snprintf(sql, sizeof(sql), "INSERT INTO article_tag(article, tag) VALUES (%lu, '%s')", article, esc);
	if (mysql_query(tx, sql)) {
		mysql_query(conn, "ROLLBACK");
		return -1;
	}
	mysql_query(conn, "COMMIT");
	return 0;
}

/*
 * OK (tricky): the session goes to a local SQLite store, a different kind of
 * handle, so the login transaction does not need a second MySQL connection.
 */
int
record_login_local(MYSQL *conn, sqlite3 *sessions, unsigned long user, const char *sid)
{
	char sql[256];
	sqlite3_stmt *st = NULL;

	if (mysql_query(conn, "START TRANSACTION"))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE user SET last_login = NOW(), logins = logins + 1 WHERE id = %lu", user);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		return -1;
	}
	if (sqlite3_prepare_v2(sessions, "REPLACE INTO session(id, user) VALUES (?1, ?2)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)user);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	return mysql_commit(conn) ? -1 : 0;
}

/*
 * OK (tricky): when START TRANSACTION fails nothing is open, so the failure
 * can be recorded on the second connection; the later error path rolls back
 * before it uses the second connection.
 */
int
record_login_logged(MYSQL *conn, MYSQL *log, unsigned long user)
{
	char sql[192];

	if (mysql_query(conn, "START TRANSACTION")) {
		mysql_query(log, "INSERT INTO errors(what) VALUES ('login: start transaction failed')");
		return -1;
	}
	snprintf(sql, sizeof(sql), "UPDATE user SET last_login = NOW() WHERE id = %lu", user);
	if (mysql_query(conn, sql)) {
		mysql_rollback(conn);
		mysql_query(log, "INSERT INTO errors(what) VALUES ('login: update failed')");
		return -1;
	}
	return mysql_commit(conn) ? -1 : 0;
}
