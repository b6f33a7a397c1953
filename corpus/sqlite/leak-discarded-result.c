/*
 * leak: SQLite strings discarded at once, handles overwritten while still
 * owned (also through &var), a switch branch that forgets the statement,
 * and void functions that fall off their end with a handle.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bad: sqlite3_expanded_sql's string goes straight to printf and is never freed. */
void
trace_statement(sqlite3_stmt *st)
{
	printf("running: %s\n", sqlite3_expanded_sql(st)); /* expect: leak */
}

/* bad: the first open's handle is overwritten by the fallback open through &db. */
sqlite3 *
open_with_fallback(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s; using an in-memory database\n", path, sqlite3_errmsg(db));
		sqlite3_open(":memory:", &db); /* expect: leak */
	}
	return db;
}

/* bad: the first error message is still owned when the second sqlite3_exec writes over it. */
int
setup_pragmas(sqlite3 *db)
{
	char *err = NULL;
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, &err) != SQLITE_OK)
		fprintf(stderr, "journal_mode: %s\n", err);
	if (sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, &err) != SQLITE_OK) { /* expect: leak */
		fprintf(stderr, "foreign_keys: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* bad: the SQLITE_BUSY case returns without finalizing. */
int
claim_job(sqlite3 *db, int worker)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "UPDATE jobs SET worker = ?1 WHERE id = "
			       "(SELECT id FROM jobs WHERE worker IS NULL LIMIT 1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, worker);
	switch (sqlite3_step(st)) {
	case SQLITE_DONE:
		sqlite3_finalize(st);
		return sqlite3_changes(db);
	case SQLITE_BUSY:
		fprintf(stderr, "worker %d: database busy\n", worker);
		return 0; /* expect: leak */
	default:
		fprintf(stderr, "claim_job: %s\n", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
}

/* bad: the void function walks sqlite_schema and falls off its end without finalizing. */
void
dump_schema(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("%s;\n", (const char *)sqlite3_column_text(st, 0));
} /* expect: leak */

/* bad: the database is opened, vacuumed, and never closed. */
void
vacuum_file(const char *path)
{
	sqlite3 *db;
	sqlite3_open(path, &db);
	if (sqlite3_exec(db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "vacuum %s: %s\n", path, sqlite3_errmsg(db));
} /* expect: leak */

/* bad: an empty table from sqlite3_get_table is not given to sqlite3_free_table. */
int
list_tags(sqlite3 *db)
{
	char **table;
	char *err;
	int nrow, ncol;
	int rc = sqlite3_get_table(db, "SELECT name FROM tags ORDER BY name", &table, &nrow, &ncol, &err);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "tags: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	if (nrow == 0)
		return 0; /* expect: leak */
	for (int i = 1; i <= nrow; i++)
		puts(table[i * ncol]);
	sqlite3_free_table(table);
	return nrow;
}

/* bad: the text built by sqlite3_str is printed and never freed. */
int
print_in_list(sqlite3 *db, const int *ids, int n)
{
	sqlite3_str *s = sqlite3_str_new(db);
	sqlite3_str_appendall(s, "SELECT * FROM t WHERE id IN (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(s, "%s%d", i ? "," : "", ids[i]);
	sqlite3_str_appendchar(s, 1, ')');
	char *sql = sqlite3_str_finish(s);
	if (!sql)
		return -1;
	puts(sql);
	return 0; /* expect: leak */
}

/* bad: a blob too large for the buffer is left open. */
int
read_avatar(sqlite3 *db, sqlite3_int64 user, void *buf, int cap)
{
	sqlite3_blob *blob;
	if (sqlite3_blob_open(db, "main", "users", "avatar", user, 0, &blob) != SQLITE_OK)
		return -1;
	int n = sqlite3_blob_bytes(blob);
	if (n > cap)
		return -1; /* expect: leak */
	int rc = sqlite3_blob_read(blob, buf, n, 0);
	sqlite3_blob_close(blob);
	return rc == SQLITE_OK ? n : -1;
}
