/*
 * leak: SQLite databases, statements, strings and blobs lost on some path.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* BAD: sqlite3_open's handle must be closed even when the open fails. */
sqlite3 *
open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "open %s failed\n", path);
		return NULL; /* expect: leak */
	}
	return db;
}

/* BAD: the v2 open leaks too, through the read-only check. */
sqlite3 *
open_ro(const char *path)
{
	sqlite3 *db;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	if (sqlite3_db_readonly(db, "main") != 1)
		return NULL; /* expect: leak */
	return db;
}

/* BAD: the statement is not finalized when the step fails. */
int
count_users(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return -1; /* expect: leak */
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* BAD: the error message of sqlite3_exec is never freed. */
int
create_schema(sqlite3 *db)
{
	char *err = NULL;
	if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t(x)", NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "schema: %s\n", err);
		return -1; /* expect: leak */
	}
	return 0;
}

/* BAD: a formatted string from sqlite3_mprintf is dropped. */
int
drop_table(sqlite3 *db, const char *name)
{
	char *sql = sqlite3_mprintf("DROP TABLE %Q", name);
	if (!sql)
		return -1;
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return rc; /* expect: leak */
}

/* BAD: the prepared statement leaks when binding fails. */
int
insert_name(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "INSERT INTO t(name) VALUES (?)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return rc; /* expect: leak */
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* BAD: the first statement is overwritten by a second prepare. */
int
prepare_twice(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT 2", -1, &st, NULL) != SQLITE_OK) /* expect: leak */
		return -1;
	sqlite3_finalize(st);
	return 0;
}

/* BAD: the blob handle is left open when the read fails. */
int
read_blob(sqlite3 *db, sqlite3_int64 row, char *buf, int n)
{
	sqlite3_blob *b;
	if (sqlite3_blob_open(db, "main", "files", "data", row, 0, &b) != SQLITE_OK)
		return -1;
	if (sqlite3_blob_read(b, buf, n, 0) != SQLITE_OK)
		return -1; /* expect: leak */
	sqlite3_blob_close(b);
	return 0;
}

/* BAD: the backup object is never finished on the busy path. */
int
backup_to(sqlite3 *src, sqlite3 *dst)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (!bk)
		return -1;
	if (sqlite3_backup_step(bk, -1) == SQLITE_BUSY)
		return -2; /* expect: leak */
	return sqlite3_backup_finish(bk);
}

/* BAD: the table from sqlite3_get_table is not freed. */
int
row_count(sqlite3 *db)
{
	char **table;
	int rows, cols;
	if (sqlite3_get_table(db, "SELECT * FROM t", &table, &rows, &cols, NULL) != SQLITE_OK)
		return -1;
	return rows; /* expect: leak */
}

/* BAD: the expanded SQL text must be freed with sqlite3_free. */
void
trace_stmt(sqlite3_stmt *st)
{
	char *sql = sqlite3_expanded_sql(st);
	if (sql)
		fprintf(stderr, "%s\n", sql);
} /* expect: leak */

/* BAD: the statement leaks in one case of a switch on the step result. */
int
step_once(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT x FROM t LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		sqlite3_finalize(st);
		return 1;
	case SQLITE_DONE:
		return 0; /* expect: leak */
	default:
		sqlite3_finalize(st);
		return -1;
	}
}

/* BAD: the goto path forgets the database. */
int
check_integrity(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int ok = 0;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		goto out;
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
out:
	return 0; /* expect: leak */
}

/* BAD: sqlite3_malloc memory is lost when the size is too big. */
char *
dup_text(const char *s, int max)
{
	int n = (int)strlen(s) + 1;
	char *p = sqlite3_malloc(n);
	if (!p)
		return NULL;
	if (n > max)
		return NULL; /* expect: leak */
	memcpy(p, s, (size_t)n);
	return p;
}

/* BAD: a discarded mprintf result. */
void
log_name(const char *name)
{
	sqlite3_mprintf("user %s", name); /* expect: leak */
}

/* BAD: the prepare_v3 statement (out argument 4) leaks on the early return. */
int
persistent_query(sqlite3 *db, int want)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db, "SELECT 1", -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return -1;
	if (!want)
		return 0; /* expect: leak */
	sqlite3_finalize(st);
	return 1;
}
