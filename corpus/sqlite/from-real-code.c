/*
 * Shapes met in real database drivers (docs/evaluation.md), rewritten.
 */
#include <sqlite3.h>
#include <stdio.h>

int report_error(sqlite3 *db, int rc);   /* logs and maps rc, elsewhere */

/* GOOD (tricky): the prepare's status goes through a checking helper whose
 * result is tested; on that path the statement was never written. */
int
run_checked(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (report_error(db, rc) != 0)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* BAD: an insert that fails to step returns without finalizing (seen in a
 * SIP server's SQLite module, on every write query). */
int
insert_row(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(db));
		return -1; /* expect: leak */
	}
	sqlite3_finalize(st);
	return 0;
}

/* BAD: the connection opener gives up on a later setting without closing
 * the database it opened. */
int
open_with_timeout(const char *path, sqlite3 **out)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "open: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_busy_timeout(db, 500) != SQLITE_OK)
		return -1; /* expect: leak */
	*out = db;
	return 0;
}
