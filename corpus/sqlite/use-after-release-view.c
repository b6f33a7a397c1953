/*
 * A column's text points into its statement, and sqlite3_errmsg's into its
 * connection: after sqlite3_finalize or sqlite3_close they are dead.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* BAD: the column text is copied after the statement was finalized. */
int
first_name(sqlite3 *db, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT name FROM t", -1, &st, NULL) != SQLITE_OK)
		return -1;
	const unsigned char *name = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		name = sqlite3_column_text(st, 0);
	sqlite3_finalize(st);
	if (!name)
		return -1;
	snprintf(out, n, "%s", (const char *)name); /* expect: use-after-release */
	return 0;
}

/* GOOD: copied while the statement lives. */
int
first_name_ok(sqlite3 *db, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT name FROM t", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(st, 0);
		if (name) {
			snprintf(out, n, "%s", (const char *)name);
			rc = 0;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* BAD: the message of a failed open is printed after sqlite3_close. */
int
open_or_say(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		const char *why = sqlite3_errmsg(db);
		sqlite3_close(db);
		fprintf(stderr, "%s\n", why); /* expect: use-after-release */
		return -1;
	}
	sqlite3_close(db);
	return 0;
}
