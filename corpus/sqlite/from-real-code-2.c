/*
 * More shapes from real code (docs/evaluation.md), rewritten.
 */
#include <sqlite3.h>
#include <stdlib.h>

typedef struct { sqlite3_vtab_cursor base; int row; } cursor_t;

/* GOOD (tricky): the object escapes as a pointer to its first member. */
int
cursor_open(sqlite3_vtab_cursor **out)
{
	cursor_t *c = sqlite3_malloc(sizeof(*c));
	if (c == NULL)
		return SQLITE_NOMEM;
	c->row = 0;
	*out = &c->base;
	return SQLITE_OK;
}

/* GOOD (tricky): BEGIN and COMMIT guarded by the same unchanged flag. */
int
load_rows(sqlite3 *db)
{
	int own = sqlite3_get_autocommit(db);
	if (own)
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	int rc = sqlite3_exec(db, "INSERT INTO t VALUES(1)", NULL, NULL, NULL);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* GOOD (tricky): sqlite3_config keeps the page-cache buffer. */
void
use_page_cache(int size, int n)
{
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, n > 0 ? malloc((size_t)size * n) : NULL, size, n);
}
