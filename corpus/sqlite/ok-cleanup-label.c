/*
 * No leak: SQLite handles released at a cleanup label reached by several
 * gotos, by static helpers of this file, or by cleanup attributes.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
close_db(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

static void
finalize_and_clear(sqlite3_stmt **st)
{
	if (*st) {
		sqlite3_finalize(*st);
		*st = NULL;
	}
}

static void
sqlite_free_p(char **p)
{
	sqlite3_free(*p);
}

#define auto_stmt __attribute__((cleanup(finalize_and_clear))) sqlite3_stmt *

/* good (tricky): one label finalizes and closes; the first goto is taken before the open. */
int
copy_setting(const char *path, const char *key, char *val, size_t len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (!key || !*key)
		goto done;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
		goto done;
	}
	if (sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
		goto done;
	if (sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC) != SQLITE_OK)
		goto done;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	snprintf(val, len, "%s", (const char *)sqlite3_column_text(st, 0));
	rc = 0;
done:
	if (st)
		sqlite3_finalize(st);
	if (db)
		sqlite3_close(db);
	return rc;
}

/* good (tricky): the error message is freed at the label, NULL or not (sqlite3_free(NULL) is a no-op). */
int
apply_schema(sqlite3 *db, const char *const *stmts, int n)
{
	char *err = NULL;
	int i;
	for (i = 0; i < n; i++) {
		if (sqlite3_exec(db, stmts[i], NULL, NULL, &err) != SQLITE_OK)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "schema step %d: %s\n", i, err);
	sqlite3_free(err);
	return -1;
}

/* good (tricky): a static helper of this file closes the database on both paths. */
int
page_size(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int size = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		close_db(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			size = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	close_db(db);
	return size;
}

/* good (tricky): the helper takes sqlite3_stmt ** and finalizes *st on every path. */
sqlite3_int64
last_event_id(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 id = 0;
	if (sqlite3_prepare_v2(db, "SELECT max(id) FROM events", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		finalize_and_clear(&st);
		return -1;
	}
	id = sqlite3_column_int64(st, 0);
	finalize_and_clear(&st);
	return id;
}

/* good (tricky): the cleanup attribute finalizes the statement on every return. */
int
user_exists(sqlite3 *db, const char *login)
{
	auto_stmt st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM users WHERE login = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return -1;
	return sqlite3_step(st) == SQLITE_ROW;
}

/* good (tricky): the cleanup attribute frees the sqlite3_mprintf'd SQL on both returns. */
int
drop_view(sqlite3 *db, const char *name)
{
	__attribute__((cleanup(sqlite_free_p))) char *sql =
		sqlite3_mprintf("DROP VIEW IF EXISTS \"%w\"", name);
	if (!sql)
		return SQLITE_NOMEM;
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "drop view %s: %s\n", name, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}
