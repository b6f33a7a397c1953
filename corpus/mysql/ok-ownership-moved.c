/*
 * No leak: MariaDB/MySQL handles that leave the function on purpose:
 * returned, stored into a context, a global, an out-parameter or an array,
 * or given to a function of another file.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RESULTS 16

struct worker {
	MYSQL *conn;
	MYSQL_STMT *insert_event;
};

struct batch {
	MYSQL_RES *results[MAX_RESULTS];
	int n;
};

static MYSQL *g_conn;

/* Defined in another file: it may keep what it is given. */
void pool_release(MYSQL *m);
void cache_put(const char *key, MYSQL_RES *res);

/* good (tricky): closed when the connect fails, returned to the caller otherwise. */
MYSQL *
db_connect(const char *host, const char *user, const char *pw, const char *db)
{
	MYSQL *m = mysql_init(NULL);
	if (!m) {
		fprintf(stderr, "mysql_init: out of memory\n");
		return NULL;
	}
	if (!mysql_real_connect(m, host, user, pw, db, 0, NULL, 0)) {
		fprintf(stderr, "connect %s: %s\n", host, mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

/* good (tricky): the connection is stored into a struct reached through the parameter. */
int
worker_init(struct worker *w, const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, host, "worker", NULL, "jobs", 0, NULL, 0)) {
		mysql_close(m);
		return -1;
	}
	w->conn = m;
	return 0;
}

/* good (tricky): the prepared statement is stored into the worker after a successful prepare. */
int
worker_prepare(struct worker *w)
{
	static const char sql[] = "INSERT INTO events (kind) VALUES (?)";
	MYSQL_STMT *st = mysql_stmt_init(w->conn);
	if (!st)
		return -1;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
		fprintf(stderr, "prepare: %s\n", mysql_stmt_error(st));
		mysql_stmt_close(st);
		return -1;
	}
	w->insert_event = st;
	return 0;
}

/* good (tricky): the connection is stored into a global, replacing (and closing) the old one. */
int
reconnect_global(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, host, "app", NULL, "app", 0, NULL, 0)) {
		mysql_close(m);
		return -1;
	}
	if (g_conn)
		mysql_close(g_conn);
	g_conn = m;
	return 0;
}

/* good (tricky): the result goes to the caller through an out-parameter. */
int
query_result(MYSQL *m, const char *sql, MYSQL_RES **out)
{
	if (mysql_query(m, sql)) {
		fprintf(stderr, "%s: %s\n", sql, mysql_error(m));
		return -1;
	}
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	*out = res;
	return 0;
}

/* good (tricky): each result is stored into the caller's array, none is lost. */
int
batch_add(struct batch *b, MYSQL *m, const char *sql)
{
	if (b->n == MAX_RESULTS || mysql_query(m, sql))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return mysql_field_count(m) == 0 ? 0 : -1;
	b->results[b->n++] = res;
	return 1;
}

/* good (tricky): pool_release has no body here; the connection moves to it. */
void
finish_request(MYSQL *m, int failed)
{
	if (failed)
		fprintf(stderr, "request failed: %s\n", mysql_error(m));
	pool_release(m);
}

/* good (tricky): cache_put is unknown here and takes the result. */
int
cache_query(MYSQL *m, const char *key, const char *sql)
{
	if (mysql_query(m, sql) != 0)
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (res == NULL)
		return -1;
	cache_put(key, res);
	return 0;
}

/* good: a copy of the cell is returned; the result itself is freed. */
char *
current_user(MYSQL *m)
{
	if (mysql_query(m, "SELECT CURRENT_USER()"))
		return NULL;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return NULL;
	MYSQL_ROW row = mysql_fetch_row(res);
	char *user = row && row[0] ? strdup(row[0]) : NULL;
	mysql_free_result(res);
	return user;
}
