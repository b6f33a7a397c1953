/* SPDX-License-Identifier: MIT */
/*
 * txn-wrong-handle with SQLite: a statement on a second sqlite3 handle while
 * a transaction is open on the first.  When both handles are open on the
 * same file, the second one's write waits for the first one's lock, which
 * is only released after this very statement: SQLITE_BUSY after the busy
 * timeout, every time.  On different files it silently escapes the
 * transaction's atomicity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

/*
 * BUG: the event is logged through the log database handle while the main
 * transaction is open; if the main transaction rolls back, the log says it
 * happened.
 */
int
rename_album(sqlite3 *db, sqlite3 *logdb, sqlite3_int64 id, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "UPDATE album SET name = ?2 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_exec(logdb, "INSERT INTO event(kind) VALUES ('album renamed')", NULL, NULL, NULL); /* expect: txn-wrong-handle */
	if (rc != SQLITE_DONE) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * BUG: two handles on the same file (a writer and a reader from a small
 * pool): the reader's statement is prepared inside the writer's BEGIN
 * IMMEDIATE and reads the state from before the transaction.
 */
int
bump_version(sqlite3 *writer, sqlite3 *reader, int *version)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_exec(writer, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(writer, "UPDATE meta SET version = version + 1", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_prepare_v2(reader, "SELECT version FROM meta", -1, &st, NULL) != SQLITE_OK) { /* expect: txn-wrong-handle */
		sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_exec(writer, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * BUG: the thumbnail row is written through the second handle on the same
 * file while the first holds the write lock: that write gets SQLITE_BUSY.
 */
int
add_photo(sqlite3 *conn, sqlite3 *thumbs, const char *path)
{
	char *sql;
	int rc;

	sqlite3_exec(conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sql = sqlite3_mprintf("INSERT INTO photo(path) VALUES (%Q)", path);
	if (!sql) {
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	rc = sqlite3_exec(conn, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	rc = sqlite3_exec(thumbs, "INSERT INTO thumb(photo) VALUES (last_insert_rowid())", NULL, NULL, NULL); /* expect: txn-wrong-handle */
	sqlite3_exec(conn, "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * OK: the fix of rename_album: the log entry is written after the main
 * transaction committed.
 */
int
rename_album_fixed(sqlite3 *db, sqlite3 *logdb, sqlite3_int64 id, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "UPDATE album SET name = ?2 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(logdb, "INSERT INTO event(kind) VALUES ('album renamed')", NULL, NULL, NULL);
	return 0;
}

/*
 * OK: the reader takes its snapshot before the writer begins.
 */
int
bump_version_from(sqlite3 *writer, sqlite3 *reader)
{
	sqlite3_stmt *st = NULL;
	int old = -1;

	if (sqlite3_prepare_v2(reader, "SELECT version FROM meta", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_exec(writer, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(writer, "UPDATE meta SET version = version + 1", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(writer, "COMMIT", NULL, NULL, NULL);
	return old;
}

/*
 * OK (tricky): the log lives in a database ATTACHed to the same handle, so
 * the log row is part of the same transaction -- one handle, one lock.
 */
int
rename_album_attached(sqlite3 *db, sqlite3_int64 id, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "UPDATE album SET name = ?2 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || sqlite3_exec(db, "INSERT INTO logdb.event(kind) VALUES ('album renamed')", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * OK (tricky): `w` is a copy of `conn`; the thumbnail row goes through the
 * same handle that holds the transaction.
 */
int
add_photo_fixed(sqlite3 *conn, const char *path)
{
	sqlite3 *w = conn;
	char *sql;
	int rc;

	sqlite3_exec(conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sql = sqlite3_mprintf("INSERT INTO photo(path) VALUES (%Q)", path);
	if (!sql) {
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	rc = sqlite3_exec(w, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(w, "INSERT INTO thumb(photo) VALUES (last_insert_rowid())", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(conn, "COMMIT", NULL, NULL, NULL);
	return 0;
}

/*
 * OK (tricky): the failure is logged on the log handle only after the main
 * transaction was rolled back, and the success only after it committed.
 */
int
import_album(sqlite3 *db, sqlite3 *logdb, const char *name)
{
	char *sql;
	int rc;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sql = sqlite3_mprintf("INSERT INTO album(name) VALUES (%Q)", name);
	rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "import %s: %s\n", name, sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_exec(logdb, "INSERT INTO event(kind) VALUES ('album import failed')", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(logdb, "INSERT INTO event(kind) VALUES ('album imported')", NULL, NULL, NULL);
	return 0;
}

/*
 * OK (tricky): the second handle is used only where BEGIN itself failed
 * (nothing is open there) and after the COMMIT.
 */
int
rename_album_logged(sqlite3 *db, sqlite3 *logdb, const char *name)
{
	char *sql;
	int rc;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(logdb, "INSERT INTO event(kind) VALUES ('rename: db busy')", NULL, NULL, NULL);
		return -1;
	}
	sql = sqlite3_mprintf("UPDATE album SET name = %Q WHERE id = 1", name);
	rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(logdb, "INSERT INTO event(kind) VALUES ('album renamed')", NULL, NULL, NULL);
	return 0;
}
