/*
 * No leak: MariaDB/MySQL handles released at a cleanup label reached by
 * several gotos, by static helpers of this file, or by cleanup attributes.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
close_conn(MYSQL *m)
{
	if (m)
		mysql_close(m);
}

static void
free_result_p(MYSQL_RES **res)
{
	if (*res) {
		mysql_free_result(*res);
		*res = NULL;
	}
}

static void
stmt_close_p(MYSQL_STMT **st)
{
	if (*st)
		mysql_stmt_close(*st);
}

/* good (tricky): one label frees the result and closes the connection; the first goto precedes both. */
int
dump_schema_names(const char *host, const char *user)
{
	MYSQL *m = NULL;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = -1;

	if (!host || !*host)
		goto out;
	m = mysql_init(NULL);
	if (!m)
		goto out;
	if (!mysql_real_connect(m, host, user, NULL, NULL, 0, NULL, 0)) {
		fprintf(stderr, "%s: %s\n", host, mysql_error(m));
		goto out;
	}
	res = mysql_list_dbs(m, NULL);
	if (!res)
		goto out;
	while ((row = mysql_fetch_row(res)))
		puts(row[0]);
	rc = 0;
out:
	if (res)
		mysql_free_result(res);
	if (m)
		mysql_close(m);
	return rc;
}

/* good (tricky): stacked labels release the statement and the metadata in reverse order. */
int
describe_statement(MYSQL *m, const char *sql)
{
	MYSQL_RES *meta;
	MYSQL_STMT *st = mysql_stmt_init(m);
	if (!st)
		return -1;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)))
		goto err_stmt;
	meta = mysql_stmt_result_metadata(st);
	if (!meta)
		goto err_stmt;
	if (mysql_num_fields(meta) == 0)
		goto err_meta;
	printf("%u columns, first is %s\n", mysql_num_fields(meta), mysql_fetch_field(meta)->name);
	mysql_free_result(meta);
	mysql_stmt_close(st);
	return 0;
err_meta:
	mysql_free_result(meta);
err_stmt:
	fprintf(stderr, "describe: %s\n", mysql_stmt_error(st));
	mysql_stmt_close(st);
	return -1;
}

/* good (tricky): the static helper closes the connection on every path. */
int
server_is_alive(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return 0;
	if (!mysql_real_connect(m, host, "monitor", NULL, NULL, 0, NULL, 0)) {
		close_conn(m);
		return 0;
	}
	int alive = mysql_ping(m) == 0;
	close_conn(m);
	return alive;
}

/* good (tricky): the helper takes MYSQL_RES ** and frees *res on both paths. */
long
max_order_id(MYSQL *m)
{
	if (mysql_query(m, "SELECT MAX(id) FROM orders"))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
	if (!row || !row[0]) {
		free_result_p(&res);
		return 0;
	}
	long id = atol(row[0]);
	free_result_p(&res);
	return id;
}

/* good (tricky): the cleanup attribute closes the statement on every return. */
int
count_rows_stmt(MYSQL *m, const char *sql)
{
	__attribute__((cleanup(stmt_close_p))) MYSQL_STMT *st = mysql_stmt_init(m);
	if (!st)
		return -1;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) || mysql_stmt_execute(st))
		return -1;
	if (mysql_stmt_store_result(st))
		return -1;
	return (int)mysql_stmt_num_rows(st);
}

/* good (tricky): the cleanup attribute frees the result, NULL or not. */
int
count_tables(MYSQL *m)
{
	__attribute__((cleanup(free_result_p))) MYSQL_RES *res = mysql_list_tables(m, NULL);
	if (!res)
		return -1;
	return (int)mysql_num_rows(res);
}
