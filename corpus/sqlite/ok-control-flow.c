/*
 * No leak: SQLite code whose control flow hides the release: a failed
 * prepare (the statement is NULL), sqlite3_exec's message only set on
 * failure, exit(), per-iteration release, ownership flags, aliases, ||,
 * ?: and switch.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* good (tricky): on a failed prepare *st is NULL: returning at once is fine. */
int
count_rows(sqlite3 *db, const char *table)
{
	char sql[256];
	sqlite3_stmt *st;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

/* good (tricky): sqlite3_exec sets the message only on failure, and that path frees it. */
int
enable_wal(sqlite3 *db)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "enable_wal: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* good (tricky): the failed open exits the process; no report on that path. */
sqlite3 *
open_or_exit(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "cannot open %s: %s\n", path, sqlite3_errmsg(db));
		exit(EXIT_FAILURE); /* at-exit: leak */
	}
	return db;
}

/* good (tricky): each iteration prepares, steps and finalizes its own statement. */
int
table_sizes(sqlite3 *db, const char *const *tables, int n, int *sizes)
{
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st;
		char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", tables[i]);
		if (!sql)
			return SQLITE_NOMEM;
		int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK)
			return rc;
		sizes[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		sqlite3_finalize(st);
	}
	return SQLITE_OK;
}

/* good (tricky): one statement reused across iterations with sqlite3_reset, finalized once. */
int
insert_scores(sqlite3 *db, const int *scores, int n)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO scores(value) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, scores[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "insert %d: %s\n", scores[i], sqlite3_errmsg(db));
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* good (tricky): the database is closed only when this function opened it (flag). */
int
user_version(sqlite3 *db, const char *path)
{
	int opened = 0;
	int version = -1;
	sqlite3_stmt *st;

	if (!db) {
		if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
			sqlite3_close(db);
			return -1;
		}
		opened = 1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (opened)
		sqlite3_close(db);
	return version;
}

/* good (tricky): finalized through an alias. */
int
first_title(sqlite3 *db, char *buf, size_t len)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT title FROM books ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *q = st;
	int found = sqlite3_step(q) == SQLITE_ROW;
	if (found)
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return found;
}

/* good (tricky): || in the condition: finalize(NULL) after a failed prepare is harmless. */
double
average_price(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT avg(price) FROM items", -1, &st, NULL) != SQLITE_OK
	    || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1.0;
	}
	double avg = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return avg;
}

/* good (tricky): the switch maps the step result; the statement is finalized once after it. */
const char *
lock_state(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	const char *state;
	if (sqlite3_prepare_v2(db, "SELECT owner FROM locks WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return "error";
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		state = sqlite3_column_type(st, 0) == SQLITE_NULL ? "free" : "held";
		break;
	case SQLITE_DONE:
		state = "unknown";
		break;
	case SQLITE_BUSY:
		state = "busy";
		break;
	default:
		state = "error";
		break;
	}
	sqlite3_finalize(st);
	return state;
}

/* good: the ?: chooses the flags; the handle is closed on both paths. */
int
integrity_ok(const char *path, int writable)
{
	sqlite3 *db;
	int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	char *err = NULL;
	int rc = sqlite3_exec(db, "PRAGMA quick_check", NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", path, err);
		sqlite3_free(err);
	}
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

/* good: the backup is finished on both the error and the success path. */
int
snapshot(sqlite3 *src, sqlite3 *dst)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		fprintf(stderr, "backup: %s\n", sqlite3_errmsg(dst));
		return -1;
	}
	int rc = sqlite3_backup_step(b, -1);
	if (rc != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		return -1;
	}
	return sqlite3_backup_finish(b) == SQLITE_OK ? 0 : -1;
}
