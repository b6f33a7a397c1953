/*
 * No leak: MySQL/MariaDB handles released on every path or handed on,
 * including the tricky shapes.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db { MYSQL *conn; MYSQL_RES *cached; };
static MYSQL *global_conn;
void pool_put(MYSQL *m);          /* elsewhere: takes the connection */

/* GOOD: closed when connecting fails. */
MYSQL *
connect_ok(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return NULL;
	if (!mysql_real_connect(m, host, "app", NULL, NULL, 0, NULL, 0)) {
		fprintf(stderr, "%s\n", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

/* GOOD (tricky): a NULL result holds nothing. */
long
count_ok(MYSQL *m)
{
	if (mysql_query(m, "SELECT id FROM users"))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (res == NULL)
		return 0;
	long n = (long)mysql_num_rows(res);
	mysql_free_result(res);
	return n;
}

/* GOOD (tricky): stored into the caller's struct. */
int
db_open(struct db *db, const char *host)
{
	MYSQL *m = connect_ok(host);
	if (!m)
		return -1;
	db->conn = m;
	return 0;
}

/* GOOD (tricky): cached in a struct field through a pointer. */
int
cache_result(struct db *db)
{
	if (mysql_query(db->conn, "SELECT * FROM config"))
		return -1;
	MYSQL_RES *res = mysql_store_result(db->conn);
	if (!res)
		return -1;
	db->cached = res;
	return 0;
}

/* GOOD (tricky): kept in a global. */
int
connect_global(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, host, "app", NULL, NULL, 0, NULL, 0)) {
		mysql_close(m);
		return -1;
	}
	global_conn = m;
	return 0;
}

/* GOOD (tricky): handed to a pool defined elsewhere. */
void
release_to_pool(const char *host)
{
	MYSQL *m = connect_ok(host);
	if (m)
		pool_put(m);
}

/* GOOD (tricky): a helper of this file frees it. */
static void
free_res(MYSQL_RES *res)
{
	if (res)
		mysql_free_result(res);
}

int
row_count(MYSQL *m)
{
	if (mysql_query(m, "SELECT 1"))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	int n = res ? (int)mysql_num_rows(res) : 0;
	free_res(res);
	return n;
}

/* GOOD (tricky): every error goto reaches the cleanup label. */
int
delete_old_ok(MYSQL *m)
{
	MYSQL_STMT *st = mysql_stmt_init(m);
	const char *sql = "DELETE FROM log WHERE ts < NOW() - INTERVAL 30 DAY";
	int rc = -1;
	if (!st)
		goto out;
	if (mysql_stmt_prepare(st, sql, strlen(sql)))
		goto out;
	if (mysql_stmt_execute(st))
		goto out;
	rc = 0;
out:
	if (st)
		mysql_stmt_close(st);
	return rc;
}

/* GOOD (tricky): a cleanup attribute closes the statement. */
static void
stmt_closep(MYSQL_STMT **st)
{
	if (*st)
		mysql_stmt_close(*st);
}

int
prepare_only(MYSQL *m, const char *sql)
{
	__attribute__((cleanup(stmt_closep))) MYSQL_STMT *st = mysql_stmt_init(m);
	if (!st)
		return -1;
	return mysql_stmt_prepare(st, sql, strlen(sql)) ? -1 : 0;
}

/* GOOD (tricky): exit() on the failure path. */
MYSQL *
connect_or_exit(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!mysql_real_connect(m, host, "app", NULL, NULL, 0, NULL, 0)) {
		fprintf(stderr, "%s\n", mysql_error(m));
		exit(2); /* at-exit: leak */
	}
	return m;
}

/* GOOD (tricky): one result per loop iteration, each freed. */
int
run_each(MYSQL *m, const char *const *sql, int n)
{
	for (int i = 0; i < n; i++) {
		if (mysql_query(m, sql[i]))
			return -1;
		MYSQL_RES *res = mysql_store_result(m);
		if (res)
			mysql_free_result(res);
	}
	return 0;
}

/* GOOD (tricky): drain multi-statement results. */
void
drain_results(MYSQL *m)
{
	do {
		MYSQL_RES *res = mysql_store_result(m);
		if (res)
			mysql_free_result(res);
	} while (mysql_next_result(m) == 0);
}

/* GOOD (tricky): returned through an out-parameter. */
int
fetch_all(MYSQL *m, MYSQL_RES **out)
{
	if (mysql_query(m, "SELECT * FROM t"))
		return -1;
	*out = mysql_store_result(m);
	return *out ? 0 : -1;
}

/* GOOD (tricky): ownership flag decides who closes. */
int
server_version(MYSQL *given, const char *host)
{
	MYSQL *m = given;
	int mine = 0;
	if (!m) {
		m = connect_ok(host);
		if (!m)
			return -1;
		mine = 1;
	}
	int v = (int)mysql_get_server_version(m);
	if (mine)
		mysql_close(m);
	return v;
}

/* GOOD: both statements are closed on every path. */
int
two_statements(MYSQL *m)
{
	MYSQL_STMT *a = mysql_stmt_init(m);
	if (!a)
		return -1;
	MYSQL_STMT *b = mysql_stmt_init(m);
	if (!b) {
		mysql_stmt_close(a);
		return -1;
	}
	mysql_stmt_close(b);
	mysql_stmt_close(a);
	return 0;
}

/* GOOD (tricky): alias freed. */
void
alias_free(MYSQL *m)
{
	MYSQL_RES *res = mysql_store_result(m);
	MYSQL_RES *copy = res;
	if (copy)
		mysql_free_result(copy);
}

/* GOOD: the metadata is freed. */
int
column_count_ok(MYSQL_STMT *st)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	int n;
	if (!meta)
		return 0;
	n = (int)mysql_num_fields(meta);
	mysql_free_result(meta);
	return n;
}

/* GOOD (tricky): mysql_init on the caller's own object allocates nothing. */
struct holder { MYSQL m; };

int
init_embedded(struct holder *h)
{
	if (mysql_init(&h->m) == NULL)
		return -1;
	return 0;
}
