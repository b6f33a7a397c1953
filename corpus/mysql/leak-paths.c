/*
 * leak: MySQL/MariaDB connections, results and statements lost on some
 * path.  The expected finding sits on the line where the handle is lost.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BAD: mysql_init's handle needs mysql_close also when connecting fails. */
MYSQL *
connect_db(const char *host, const char *user, const char *pw)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return NULL;
	if (!mysql_real_connect(m, host, user, pw, "app", 0, NULL, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(m));
		return NULL; /* expect: leak */
	}
	return m;
}

/* BAD: an empty result set returns without mysql_free_result. */
long
count_rows(MYSQL *m)
{
	if (mysql_query(m, "SELECT id FROM users"))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	if (mysql_num_rows(res) == 0)
		return 0; /* expect: leak */
	long n = (long)mysql_num_rows(res);
	mysql_free_result(res);
	return n;
}

/* BAD: a row-by-row result dropped when a row is malformed. */
int
sum_prices(MYSQL *m, long *sum)
{
	MYSQL_ROW row;
	if (mysql_query(m, "SELECT price FROM items"))
		return -1;
	MYSQL_RES *res = mysql_use_result(m);
	if (!res)
		return -1;
	*sum = 0;
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (!row[0])
			return -1; /* expect: leak */
		*sum += atol(row[0]);
	}
	mysql_free_result(res);
	return 0;
}

/* BAD: the statement handle leaks when prepare fails. */
int
insert_user(MYSQL *m, const char *name)
{
	MYSQL_STMT *st = mysql_stmt_init(m);
	const char *sql = "INSERT INTO users(name) VALUES (?)";
	if (!st)
		return -1;
	if (mysql_stmt_prepare(st, sql, strlen(sql))) {
		fprintf(stderr, "%s\n", mysql_stmt_error(st));
		return -1; /* expect: leak */
	}
	(void)name;
	mysql_stmt_close(st);
	return 0;
}

/* BAD: the result of a metadata query is discarded. */
void
warm_up(MYSQL *m)
{
	mysql_list_tables(m, NULL); /* expect: leak */
}

/* BAD: the first result is overwritten by the next store. */
int
two_results(MYSQL *m)
{
	MYSQL_RES *res;
	mysql_query(m, "SELECT 1");
	res = mysql_store_result(m);
	mysql_query(m, "SELECT 2");
	res = mysql_store_result(m); /* expect: leak */
	if (res)
		mysql_free_result(res);
	return 0;
}

/* BAD: ping failure drops the connection it just made. */
MYSQL *
connect_and_ping(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return NULL;
	if (!mysql_real_connect(m, host, "app", NULL, NULL, 0, NULL, 0)) {
		mysql_close(m);
		return NULL;
	}
	if (mysql_ping(m) != 0)
		return NULL; /* expect: leak */
	return m;
}

/* BAD: a void function falls off its end with the result. */
void
print_version(MYSQL *m)
{
	if (mysql_query(m, "SELECT VERSION()"))
		return;
	MYSQL_RES *res = mysql_store_result(m);
	MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
	if (row)
		printf("%s\n", row[0]);
} /* expect: leak */

/* BAD: one case of the switch forgets the result. */
int
kind_of(MYSQL *m)
{
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	switch (mysql_num_fields(res)) {
	case 0:
		mysql_free_result(res);
		return 0;
	case 1:
		return 1; /* expect: leak */
	default:
		mysql_free_result(res);
		return 2;
	}
}

/* BAD: the metadata of a prepared statement needs mysql_free_result. */
int
column_count(MYSQL_STMT *st)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	if (!meta)
		return 0;
	return (int)mysql_num_fields(meta); /* expect: leak */
}

/* BAD: the connection leaks when the charset cannot be set. */
MYSQL *
connect_utf8(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (m == NULL)
		return NULL;
	if (mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4") != 0)
		return NULL; /* expect: leak */
	if (!mysql_real_connect(m, host, "app", NULL, NULL, 0, NULL, 0)) {
		mysql_close(m);
		return NULL;
	}
	return m;
}

/* BAD: goto path that forgets the statement. */
int
delete_old(MYSQL *m)
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
	mysql_stmt_close(st);
out:
	return rc; /* expect: leak */
}

/* BAD: a processlist result leaks when it has too many rows. */
int
busy(MYSQL *m)
{
	MYSQL_RES *res = mysql_list_processes(m);
	if (!res)
		return -1;
	if (mysql_num_rows(res) > 100)
		return 1; /* expect: leak */
	mysql_free_result(res);
	return 0;
}

/* BAD: the field list leaks on every path. */
int
has_column(MYSQL *m, const char *table, const char *col)
{
	MYSQL_RES *f = mysql_list_fields(m, table, col);
	return f != NULL; /* expect: leak */
}

/* BAD: a result discarded inside a condition. */
int
nonempty(MYSQL *m)
{
	if (mysql_query(m, "SELECT 1 FROM jobs LIMIT 1"))
		return -1;
	return mysql_num_rows(mysql_store_result(m)) > 0; /* expect: leak */
}

/* BAD: a second connection leaks when the first fails. */
int
connect_pair(MYSQL **a, MYSQL **b)
{
	MYSQL *x = mysql_init(NULL);
	MYSQL *y = mysql_init(NULL);
	if (!x || !y) {
		if (x)
			mysql_close(x);
		return -1; /* expect: leak */
	}
	*a = x;
	*b = y;
	return 0;
}
