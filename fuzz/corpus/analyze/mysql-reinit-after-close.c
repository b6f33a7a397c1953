/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md "Re-run after places", cause C (reduced from a SIP
 * server's MySQL driver), fixed: the MYSQL object lives in memory the
 * program owns; mysql_close(m) frees what it holds and mysql_init(m) with
 * that same non-NULL pointer sets it up again.  An object this function got
 * from mysql_init(NULL) is freed whole by the close: initialising it again
 * is a use after release.
 */
#include <mysql.h>
#include <stddef.h>
struct link { MYSQL *m; int ready; };

/* Good (tricky): close, then initialise the caller's object again. */
int relink(struct link *l, const char *host)
{
	if (l->ready)
		mysql_close(l->m);
	mysql_init(l->m);
	l->ready = 1;
	if (!mysql_real_connect(l->m, host, "app", "secret", "main", 0, 0, 0)) {
		mysql_close(l->m);
		l->ready = 0;
		return -1;
	}
	return 0;
}

/* BUG: the closed connection is queried. */
int query_after_close(struct link *l)
{
	mysql_close(l->m);
	l->ready = 0;
	return mysql_query(l->m, "SELECT 1"); /* expect: use-after-release */
}

/* BUG: mysql_init(NULL)'s object was freed by the close. */
int reinit_own(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	mysql_close(m);
	mysql_init(m); /* expect: use-after-release */
	return 0;
}
