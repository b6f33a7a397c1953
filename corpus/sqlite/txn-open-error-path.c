/* SPDX-License-Identifier: MIT */
/*
 * txn-open with SQLite: BEGIN (DEFERRED / IMMEDIATE / EXCLUSIVE) run with
 * sqlite3_exec and an error path that returns without ROLLBACK.  The
 * connection keeps its write lock (or its read snapshot): other connections
 * get SQLITE_BUSY, the WAL cannot be checkpointed, and the next BEGIN on the
 * same connection fails with "cannot start a transaction within a
 * transaction".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

typedef int (*sqlite_txn_fn)(sqlite3 *db, void *arg);

/*
 * BUG: the INSERT cannot be prepared (say, the table is missing) and the
 * function returns inside BEGIN IMMEDIATE, keeping the write lock.
 */
int
save_note(sqlite3 *db, const char *title, const char *body)
{
	sqlite3_stmt *st = NULL;

	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO note(title, body) VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
		return -1; /* expect: txn-open */
	}
	sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * BUG: the statement is finalized on the failed step, but the transaction
 * is not rolled back.
 */
int
move_file_entry(sqlite3 *db, const char *from, const char *to)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "UPDATE file SET path = ?2 WHERE path = ?1", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "move %s: %s\n", from, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1; /* expect: txn-open */
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * BUG: the error message of the failed DELETE is printed and freed, but the
 * exclusive transaction stays open.
 */
int
prune_history(sqlite3 *db, long keep_after)
{
	char sql[128];
	char *err = NULL;

	sqlite3_exec(db, "begin exclusive transaction", NULL, NULL, NULL);
	snprintf(sql, sizeof(sql), "DELETE FROM history WHERE at < %ld", keep_after);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "prune: %s\n", err);
		sqlite3_free(err);
		return -1; /* expect: txn-open */
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * BUG: a void function commits only when all rows were written; on a
 * failure it breaks out of the loop and falls off its end with the
 * transaction open.
 */
void
store_samples(sqlite3 *db, const double *v, int n)
{
	sqlite3_stmt *st = NULL;
	int i;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO sample(v) VALUES (?1)", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_double(st, 1, v[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (i == n)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
} /* expect: txn-open */

/*
 * With --report-at-exit only: a command-line tool aborts on a constraint
 * violation while the import transaction is open (the process ends, the
 * server side rolls back; by default nothing is reported there).
 */
int
import_users(sqlite3 *db, const char *const *names, int n)
{
	char *err = NULL;
	char sql[256];

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO user(name) VALUES ('%s')", names[i]);
		if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
			fprintf(stderr, "import %s: %s\n", names[i], err);
			sqlite3_free(err);
			abort(); /* at-exit: txn-open */
		}
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return n;
}

/*
 * OK: the fix of save_note: both failures roll back.
 */
int
save_note_fixed(sqlite3 *db, const char *title, const char *body)
{
	sqlite3_stmt *st = NULL;

	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO note(title, body) VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * OK (tricky): one exit label finalizes the statement and then commits or
 * rolls back depending on rc, so every path ends the transaction; a failed
 * BEGIN returns before anything began.
 */
int
move_file_entry_fixed(sqlite3 *db, const char *from, const char *to)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "begin: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_prepare_v2(db, "UPDATE file SET path = ?2 WHERE path = ?1", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc == 0)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	else
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * OK (tricky): END TRANSACTION is SQLite's COMMIT; the error path frees the
 * message and rolls back.
 */
int
prune_history_fixed(sqlite3 *db, long keep_after)
{
	char sql[128];
	char *err = NULL;

	sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
	snprintf(sql, sizeof(sql), "DELETE FROM history WHERE at < %ld", keep_after);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "prune: %s\n", err);
		sqlite3_free(err);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "END TRANSACTION", NULL, NULL, NULL);
	return 0;
}

/*
 * OK (tricky): transact() for SQLite: BEGIN's own failure returns early; the
 * body runs through a function pointer and the helper commits or rolls back
 * on its result.
 */
int
sqlite_transact(sqlite3 *db, sqlite_txn_fn fn, void *arg)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (fn(db, arg) != 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "commit: %s\n", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/*
 * OK: the loop stops at the first failure and the transaction is rolled
 * back; a complete run commits.
 */
void
store_samples_fixed(sqlite3 *db, const double *v, int n)
{
	sqlite3_stmt *st = NULL;
	int i;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO sample(v) VALUES (?1)", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_double(st, 1, v[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (i == n)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	else
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * OK (tricky): one transaction per batch, begun and ended inside the loop;
 * a failed batch is rolled back and the import goes on with the next one.
 */
int
import_batches(sqlite3 *db, const char *const *batches, int n)
{
	int failed = 0;

	for (int i = 0; i < n; i++) {
		if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		if (sqlite3_exec(db, batches[i], NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "batch %d: %s\n", i, sqlite3_errmsg(db));
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			failed++;
			continue;
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	return failed;
}
