/*
 * A row from mysql_fetch_row points into its result set, and mysql_error's
 * text into its connection: after mysql_free_result or mysql_close they are
 * dead.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BAD: the row is read after its result set was freed. */
long
first_id(MYSQL *m)
{
	if (mysql_query(m, "SELECT id FROM t LIMIT 1") != 0)
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	MYSQL_ROW row = mysql_fetch_row(res);
	mysql_free_result(res);
	if (!row)
		return -1;
	return atol(row[0]); /* expect: use-after-release "'row' (from 'mysql_fetch_row') points into result 'res', which was released: it is read here" */
}

/* GOOD: the value is converted before the result set is freed. */
long
first_id_ok(MYSQL *m)
{
	if (mysql_query(m, "SELECT id FROM t LIMIT 1") != 0)
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	MYSQL_ROW row = mysql_fetch_row(res);
	long id = row ? atol(row[0]) : -1;
	mysql_free_result(res);
	return id;
}

/* BAD: the error text is copied after the connection was closed. */
int
connect_or_say(const char *host, char *buf, size_t n)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, host, "app", NULL, "app", 0, NULL, 0)) {
		const char *e = mysql_error(m);
		mysql_close(m);
		snprintf(buf, n, "%s", e); /* expect: use-after-release */
		return -1;
	}
	mysql_close(m);
	return 0;
}
