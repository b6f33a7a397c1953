/* SPDX-License-Identifier: MIT */
/*
 * The MYSQL object allocated by the program and given to mysql_init(m)
 * (Kamailio's db_mysql: `con = pkg_malloc(sizeof(MYSQL)); mysql_init(con)`):
 * mysql_close(m) frees what the object holds, not the object, which the
 * program frees itself (the mysql pack's mysql_conn is `in_place`).
 */
#include <mysql.h>
#include <stdlib.h>

/* Good (tricky): closed, then the program's memory freed. */
int try_connect(const char *host)
{
	MYSQL *m = malloc(sizeof(MYSQL));
	if (!m)
		return -1;
	mysql_init(m);
	if (!mysql_real_connect(m, host, "app", "secret", "main", 0, 0, 0)) {
		mysql_close(m);
		free(m);
		return -1;
	}
	mysql_close(m);
	free(m);
	return 0;
}

/* BUG: closed, but the object's memory is never freed. */
int probe(const char *host)
{
	MYSQL *m = malloc(sizeof(MYSQL));
	if (!m)
		return -1;
	mysql_init(m);
	int ok = mysql_real_connect(m, host, "app", "secret", "main", 0, 0, 0) != NULL;
	mysql_close(m);
	return ok; /* expect: leak */
}

/* BUG: a handle from mysql_init(NULL) is freed whole by mysql_close; free()
 * on it as well is a mismatched release of the connection. */
int close_twice(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	int ok = mysql_real_connect(m, host, "app", "secret", "main", 0, 0, 0) != NULL;
	mysql_close(m);
	free(m); /* expect: double-release */
	return ok;
}
