/*
 * leak: SQLite databases, statements, error messages and sqlite3_malloc
 * strings lost on an error path.  sqlite3_open* hands back a handle that
 * needs sqlite3_close even when the open fails; sqlite3_exec's error
 * message needs sqlite3_free.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store {
	sqlite3 *db;
	const char *path;
};

/* bad: a failed sqlite3_open still hands back a handle that must be closed. */
sqlite3 *
open_cache(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "open %s: %s\n", path, sqlite3_errmsg(db));
		return NULL; /* expect: leak */
	}
	return db;
}

/* bad: the read-only open fails and the handle never reaches the store. */
int
store_open_ro(struct store *s)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		return rc; /* expect: leak */
	s->db = db;
	return SQLITE_OK;
}

/* bad: sqlite3_exec's error message is printed but not sqlite3_free'd. */
int
create_tables(sqlite3 *db)
{
	char *err = NULL;
	if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT)",
			 NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "create_tables: %s\n", err);
		return -1; /* expect: leak */
	}
	return 0;
}

static int
count_cb(void *arg, int ncol, char **vals, char **names)
{
	(void)ncol;
	(void)names;
	*(long *)arg = vals[0] ? atol(vals[0]) : 0;
	return 0;
}

/* bad: the error message of a failed sqlite3_exec with a callback is lost with the rc. */
int
count_notes(sqlite3 *db, long *n)
{
	char *errmsg = NULL;
	int rc = sqlite3_exec(db, "SELECT count(*) FROM notes", count_cb, n, &errmsg);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "count_notes: %s (%d)\n", errmsg ? errmsg : "?", rc);
		return rc; /* expect: leak */
	}
	return SQLITE_OK;
}

/* bad: a failed bind returns after a successful prepare without finalizing. */
int
delete_note(sqlite3 *db, sqlite3_int64 id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "DELETE FROM notes WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		return -1; /* expect: leak */
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* bad: "no row" returns early and leaves the statement prepared. */
int
note_body(sqlite3 *db, sqlite3_int64 id, char *buf, size_t len)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT body FROM notes WHERE id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return 0; /* expect: leak */
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 1;
}

/* bad: sqlite3_prepare_v3 (statement in argument 4) leaked when the column count is wrong. */
int
check_columns(sqlite3 *db, const char *sql, int expected)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_column_count(st) != expected) {
		fprintf(stderr, "%s: %d columns, expected %d\n", sql, sqlite3_column_count(st), expected);
		return 0; /* expect: leak */
	}
	sqlite3_finalize(st);
	return 1;
}

/* bad: the database and the statement are both lost at the same return. */
long
count_in_file(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM notes", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		return -1; /* expect: leak, leak */
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* bad: a failing prepare returns without closing the database opened here. */
int
print_version(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
		return -1; /* expect: leak */
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		printf("%s: version %d\n", path, sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}

/* bad: the cleanup label finalizes and closes, but forgets sqlite3_exec's error message. */
int
import_line(const char *path, const char *line)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *err = NULL;
	int rc = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		goto out;
	if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS lines(text TEXT)", NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", path, err);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO lines(text) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		goto out;
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc; /* expect: leak */
}

/* bad: the sqlite3_mprintf'd SQL is freed on success only. */
int
drop_index(sqlite3 *db, const char *name)
{
	char *sql = sqlite3_mprintf("DROP INDEX IF EXISTS \"%w\"", name);
	if (!sql)
		return SQLITE_NOMEM;
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "drop index %s: %s\n", name, sqlite3_errmsg(db));
		return rc; /* expect: leak */
	}
	sqlite3_free(sql);
	return SQLITE_OK;
}
