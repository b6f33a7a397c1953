/* SPDX-License-Identifier: MIT */
/*
 * Seed 004 -- "too many open files" in a Go web server using gorm
 *
 * What happened: a web server died with "too many open files"; lsof showed
 * piles of sockets that were never closed.  Commenting out a Begin/Commit
 * pair made it stop.  The code did `tx := db.Begin()` and then ran its
 * update on `db` instead of `tx`, so a second connection was taken while
 * the first one sat in its transaction; with SetMaxOpenConns set low, the
 * second Begin of a request waited forever for a free connection, and
 * everything stopped.  A variant elsewhere was worse: Begin, an update on
 * `db`, Rollback on error -- and no Commit at all.  database/sql gives a
 * connection back to the pool only on Commit or Rollback, so every
 * successful request kept one connection (and one socket) forever.  The fix
 * was a transaction manager that always ends what it begins.
 *
 * The C twin, with SQLite and a small pool of handles on the same database
 * file (each one a file descriptor): txn-wrong-handle for the statement on
 * `db` while `tx` is in a transaction -- here it also waits on `tx`'s write
 * lock and gets SQLITE_BUSY -- and txn-open for the missing COMMIT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>

typedef int (*tx_body)(sqlite3 *tx, void *arg);

struct name_change {
	sqlite3_int64 user_id;
	const char *name;
};

/* Runs `UPDATE user SET name = ? WHERE id = ?` on `h`; SQLite status. */
static int
update_name(sqlite3 *h, const struct name_change *c)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, "UPDATE user SET name = ?1 WHERE id = ?2", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->user_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * BUG (the first snippet): the transaction is begun on `tx` but the update
 * runs on `db`, another handle from the pool.
 */
int
rename_user(sqlite3 *db, sqlite3 *tx, sqlite3_int64 id, const char *name)
{
	char *sql;
	int rc;

	if (sqlite3_exec(tx, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sql = sqlite3_mprintf("UPDATE user SET name = %Q WHERE id = %lld", name, (long long)id);
	rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM; /* expect: txn-wrong-handle */
	sqlite3_free(sql);
	sqlite3_exec(tx, "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * BUG (the second snippet): the update runs on `db`, the failure rolls `tx`
 * back, and the success path never commits: the function ends with the
 * transaction open and `tx` never goes back to the pool in a usable state.
 */
void
rename_user_no_commit(sqlite3 *db, sqlite3 *tx, sqlite3_int64 id, const char *name)
{
	sqlite3_exec(tx, "BEGIN", NULL, NULL, NULL);
	char *sql = sqlite3_mprintf("UPDATE user SET name = %Q WHERE id = %lld", name, (long long)id);
	if (!sql) {
		sqlite3_exec(tx, "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) /* expect: txn-wrong-handle */
		sqlite3_exec(tx, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_free(sql);
} /* expect: txn-open */

/*
 * FIXED: everything runs on `tx`, and the transaction is rolled back on
 * failure and committed on success.
 */
int
rename_user_fixed(sqlite3 *tx, sqlite3_int64 id, const char *name)
{
	struct name_change c = { id, name };

	if (sqlite3_exec(tx, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (update_name(tx, &c) != SQLITE_OK) {
		sqlite3_exec(tx, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(tx, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * FIXED (the transaction manager): with_tx() begins, runs the body on the
 * transaction's own handle through a function pointer, and always commits
 * or rolls back.
 */
int
with_tx(sqlite3 *tx, tx_body body, void *arg)
{
	if (sqlite3_exec(tx, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "begin: %s\n", sqlite3_errmsg(tx));
		return -1;
	}
	if (body(tx, arg) != 0) {
		sqlite3_exec(tx, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(tx, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(tx, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* The body for with_tx: it is given the transaction's handle and uses it. */
static int
rename_body(sqlite3 *tx, void *arg)
{
	return update_name(tx, arg) == SQLITE_OK ? 0 : -1;
}

/* FIXED: the handler on the transaction manager. */
int
rename_user_managed(sqlite3 *tx, sqlite3_int64 id, const char *name)
{
	struct name_change c = { id, name };
	return with_tx(tx, rename_body, &c);
}
