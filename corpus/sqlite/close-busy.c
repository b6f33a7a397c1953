/*
 * sqlite3_close returns SQLITE_BUSY and keeps the connection open while a
 * statement is not finalized; sqlite3_close_v2 always gives it up (the
 * close finishes once the last statement is finalized).  sqlite3_realloc,
 * like realloc, gives the old block up only when it returns a new one.
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

/* bad: sqlite3_realloc failed and the old block is lost with its pointer. */
char *
grow_text(int n)
{
	char *s = sqlite3_malloc(16);
	if (!s)
		return NULL;
	s = sqlite3_realloc(s, n);
	if (!s)
		return NULL; /* expect: leak */
	return s;
}

/* good: the old block is freed when the reallocation fails. */
char *
grow_text_safely(int n)
{
	char *s = sqlite3_malloc(16);
	if (!s)
		return NULL;
	char *t = sqlite3_realloc(s, n);
	if (!t) {
		sqlite3_free(s);
		return NULL;
	}
	return t;
}

struct store {
	sqlite3 *db;
};

/* bad: on SQLITE_BUSY the caller's connection is still open, and the member
 * that held it is dropped anyway. */
void
store_close(struct store *s)
{
	if (sqlite3_close(s->db) != SQLITE_OK)
		fprintf(stderr, "close: busy\n");
	s->db = NULL; /* expect: leak "database 's->db' given by the caller is lost: 's->db' is overwritten while it still holds it" */
}

/* good: the busy case keeps the member and tells the caller. */
int
store_close_checked(struct store *s)
{
	if (sqlite3_close(s->db) != SQLITE_OK)
		return -1;
	s->db = NULL;
	return 0;
}

/* good: sqlite3_close_v2 gives the connection up whatever it returns. */
void
store_close_v2(struct store *s)
{
	sqlite3_close_v2(s->db);
	s->db = NULL;
}
