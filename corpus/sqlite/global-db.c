/*
 * A connection kept in a global, opened and closed by helpers of the same
 * file.  A function that calls them is followed through what each helper
 * does to the global: closes it (and resets it or not), opens it anew, or
 * leaves it alone.
 */
#include <sqlite3.h>
#include <stdio.h>

static sqlite3 *db;

void audit(const char *what);        /* defined elsewhere: may do anything */

static void
db_close(void)
{
	sqlite3_close_v2(db);
}

static void
db_close_and_forget(void)
{
	sqlite3_close_v2(db);
	db = NULL;
}

static void
db_open(const char *path)
{
	sqlite3_open(path, &db);
}

static void
say(const char *what)
{
	fprintf(stderr, "%s\n", what);
}

/* BUG: the helper closed the connection and left the global naming it. */
void
db_shutdown(const char *path)
{
	sqlite3_open(path, &db);
	db_close();
	sqlite3_close_v2(db); /* expect: double-release */
}

/* BUG: the helper opens a second connection over the first. */
void
db_reopen(const char *path)
{
	sqlite3_open(path, &db);
	say("reopening");
	db_open(path); /* expect: leak */
}

/* Good (tricky): this helper resets the global after closing it. */
void
db_shutdown_safely(const char *path)
{
	sqlite3_open(path, &db);
	db_close_and_forget();
	sqlite3_close_v2(db);
}

/* Good (tricky): a function of another file may close and reopen it. */
void
db_audited_reopen(const char *path)
{
	sqlite3_open(path, &db);
	audit("reopen");
	sqlite3_open(path, &db);
}

/* Good (tricky): a helper that does not touch the global in between. */
void
db_cycle(const char *path)
{
	sqlite3_open(path, &db);
	say("cycling");
	sqlite3_close_v2(db);
	db = NULL;
}
