/*
 * No leak: SQLite handles released on every path or handed on, including
 * the tricky shapes.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store { sqlite3 *db; sqlite3_stmt *get; };
static sqlite3 *main_db;
void register_stmt(sqlite3_stmt *st);    /* elsewhere: keeps it */

/* GOOD: closed also when the open fails. */
sqlite3 *
open_ok(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* GOOD (tricky): a failed prepare leaves NULL: nothing to finalize. */
int
count_ok(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

/* GOOD (tricky): the return code is kept in a variable and tested later. */
int
count_rc(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc;
}

/* GOOD (tricky): the error message is only set on failure, and freed. */
int
exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s\n", err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* GOOD (tricky): stored into the caller's struct. */
int
store_open(struct store *s, const char *path)
{
	sqlite3 *db = open_ok(path);
	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = ?", -1, &s->get, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	s->db = db;
	return 0;
}

/* GOOD (tricky): kept in a global. */
int
open_main(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	main_db = db;
	return 0;
}

/* GOOD (tricky): a helper finalizes through a pointer. */
static void
finalize_p(sqlite3_stmt **st)
{
	sqlite3_finalize(*st);
	*st = NULL;
}

int
one_row(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	finalize_p(&st);
	return rc;
}

/* GOOD (tricky): every error goto reaches the label that finalizes. */
int
check_ok(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		goto out;
	ok = sqlite3_step(st) == SQLITE_ROW;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

/* GOOD (tricky): a cleanup attribute finalizes at scope exit. */
static void
stmt_cleanup(sqlite3_stmt **st)
{
	sqlite3_finalize(*st);
}

int
scoped(sqlite3 *db)
{
	__attribute__((cleanup(stmt_cleanup))) sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_step(st) == SQLITE_ROW;
}

/* GOOD (tricky): abort() when the database cannot open. */
sqlite3 *
open_or_abort(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "%s\n", sqlite3_errmsg(db));
		abort(); /* at-exit: leak */
	}
	return db;
}

/* GOOD (tricky): each loop iteration finalizes its statement. */
int
run_each(sqlite3 *db, const char *const *sql, int n)
{
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) != SQLITE_OK)
			return -1;
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	return 0;
}

/* GOOD (tricky): reset and reuse one statement in a loop. */
int
insert_all(sqlite3 *db, const int *v, int n)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO t(x) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, v[i]);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* GOOD (tricky): the statement is handed to a registry defined elsewhere. */
void
prepare_cached(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL) == SQLITE_OK)
		register_stmt(st);
}

/* GOOD: mprintf text freed after use. */
int
drop_ok(sqlite3 *db, const char *name)
{
	char *sql = sqlite3_mprintf("DROP TABLE %Q", name);
	if (!sql)
		return -1;
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	return rc;
}

/* GOOD (tricky): ownership of sqlite3_malloc memory returned. */
char *
dup_ok(const char *s)
{
	int n = (int)strlen(s) + 1;
	char *p = sqlite3_malloc(n);
	if (p)
		memcpy(p, s, (size_t)n);
	return p;
}

/* GOOD: the table is freed. */
int
rows_ok(sqlite3 *db)
{
	char **table;
	int rows, cols;
	if (sqlite3_get_table(db, "SELECT * FROM t", &table, &rows, &cols, NULL) != SQLITE_OK)
		return -1;
	sqlite3_free_table(table);
	return rows;
}

/* GOOD: the backup is finished on every path. */
int
backup_ok(sqlite3 *src, sqlite3 *dst)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (!bk)
		return -1;
	sqlite3_backup_step(bk, -1);
	return sqlite3_backup_finish(bk);
}
