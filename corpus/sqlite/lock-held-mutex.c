/*
 * lock-held on SQLite's own mutexes: sqlite3_mutex_enter / sqlite3_mutex_leave,
 * sqlite3_mutex_try (held only when it returns SQLITE_OK).
 */
#include <sqlite3.h>

struct cache {
	sqlite3_mutex *mutex;
	int n;
};

int
cache_add(struct cache *c, int x)
{
	sqlite3_mutex_enter(c->mutex);
	if (x < 0)
		return SQLITE_MISUSE; /* expect: lock-held */
	c->n += x;
	sqlite3_mutex_leave(c->mutex);
	return SQLITE_OK;
}

int
cache_try(struct cache *c)
{
	if (sqlite3_mutex_try(c->mutex) != SQLITE_OK)
		return SQLITE_BUSY;
	c->n++;
	sqlite3_mutex_leave(c->mutex);
	return SQLITE_OK;
}

void
db_locked(sqlite3 *db)
{
	sqlite3_mutex *m = sqlite3_db_mutex(db);
	sqlite3_mutex_enter(m);
	sqlite3_mutex_leave(m);
	sqlite3_mutex_leave(m); /* expect: lock-held */
}
