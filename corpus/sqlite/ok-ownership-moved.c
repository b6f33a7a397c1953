/*
 * No leak: SQLite handles that leave the function on purpose: returned,
 * stored into a struct, a global, an out-parameter or a statement cache,
 * handed to SQLite with a destructor, or given to a function of another
 * file.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_GET, Q_PUT, Q_DEL, Q_COUNT };

struct kv {
	sqlite3 *db;
	sqlite3_stmt *q[Q_COUNT];
};

static sqlite3 *g_db;

/* Defined in another file: it may keep the handle. */
void registry_add(const char *name, sqlite3 *db);

/* good (tricky): closed when the open fails, returned to the caller otherwise. */
sqlite3 *
open_rw(const char *path)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "open %s: %s\n", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* good (tricky): the handle is stored into the struct reached through the parameter. */
int
kv_open(struct kv *kv, const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "kv_open: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	kv->db = db;
	return 0;
}

/* good (tricky): prepared statements are stored into an array of the struct (a statement cache). */
int
kv_prepare(struct kv *kv)
{
	static const char *const sql[Q_COUNT] = {
		"SELECT v FROM kv WHERE k = ?1",
		"INSERT OR REPLACE INTO kv(k, v) VALUES (?1, ?2)",
		"DELETE FROM kv WHERE k = ?1",
	};
	for (int i = 0; i < Q_COUNT; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v3(kv->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
			return -1;
		kv->q[i] = st;
	}
	return 0;
}

/* good (tricky): the database is kept in a global. */
int
init_global_db(const char *path)
{
	if (g_db)
		return 0;
	if (sqlite3_open(path, &g_db) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(g_db));
		sqlite3_close(g_db);
		g_db = NULL;
		return -1;
	}
	return 0;
}

/* good (tricky): the prepared statement goes to the caller through an out-parameter. */
int
prepare_select(sqlite3 *db, const char *table, sqlite3_stmt **out)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
	if (!sql)
		return SQLITE_NOMEM;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return rc;
	*out = st;
	return SQLITE_OK;
}

/* good (tricky): registry_add is only declared here, so the handle moves to it. */
int
open_and_register(const char *name, const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	registry_add(name, db);
	return 0;
}

/* good (tricky): sqlite3_bind_text with sqlite3_free as destructor takes the string. */
int
insert_label(sqlite3_stmt *st, const char *prefix, int n)
{
	char *label = sqlite3_mprintf("%s-%04d", prefix, n);
	if (!label)
		return SQLITE_NOMEM;
	int rc = sqlite3_bind_text(st, 1, label, -1, sqlite3_free);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* good: the expanded SQL is returned to the caller, who sqlite3_free's it. */
char *
describe_stmt(sqlite3_stmt *st)
{
	char *sql = sqlite3_expanded_sql(st);
	if (!sql)
		return NULL;
	return sql;
}
