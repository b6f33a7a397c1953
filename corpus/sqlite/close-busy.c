/*
 * sqlite3_close returns SQLITE_BUSY and keeps the connection open while a
 * statement is not finalized; sqlite3_close_v2 always gives it up (the
 * close finishes once the last statement is finalized).
 */
#include <sqlite3.h>
#include <stdio.h>

/* bad: on SQLITE_BUSY the connection is still open when this returns. */
int
close_and_report(sqlite3 *unused, const char *path)
{
	(void)unused;
	sqlite3 *db;
	sqlite3_open(path, &db);
	if (sqlite3_close(db) != SQLITE_OK) {
		fprintf(stderr, "close failed\n");
		return -1; /* expect: leak */
	}
	return 0;
}

/* good: the busy case finalizes what is left and closes again. */
int
close_after_finalizing(const char *path)
{
	sqlite3 *db;
	sqlite3_open(path, &db);
	int rc = sqlite3_close(db);
	if (rc == SQLITE_BUSY) {
		sqlite3_stmt *st;
		while ((st = sqlite3_next_stmt(db, NULL)) != NULL)
			sqlite3_finalize(st);
		sqlite3_close(db);
	}
	return 0;
}

/* good: sqlite3_close_v2 never leaves the connection to the caller. */
int
close_v2(const char *path)
{
	sqlite3 *db;
	sqlite3_open(path, &db);
	if (sqlite3_close_v2(db) != SQLITE_OK)
		return -1;
	return 0;
}

/* good: a close whose result is not tested counts as a close. */
void
close_untested(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) == SQLITE_OK)
		sqlite3_exec(db, "VACUUM", NULL, NULL, NULL);
	sqlite3_close(db);
}
