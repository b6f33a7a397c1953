/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md "Re-run after places", cause C
 * (reduced from a SIP server's MySQL driver): the MYSQL object lives in memory
 * the program owns; mysql_close(m) frees what it holds and mysql_init(m) with
 * that same non-NULL pointer sets it up again. The engine takes the second
 * call for a use of the closed connection, since mysql_init allocates only for
 * a NULL argument (`null_arg`) and otherwise falls to the pack's `mysql_*` use.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <mysql.h>
struct link { MYSQL *m; int ready; };

/* Fine: close, then initialise the same object again for the reconnect. */
int relink(struct link *l, const char *host)
{
	if (l->ready)
		mysql_close(l->m);
	mysql_init(l->m); /* known-false: use-after-release */
	l->ready = 1;
	if (!mysql_real_connect(l->m, host, "app", "secret", "main", 0, 0, 0)) {
		mysql_close(l->m);
		l->ready = 0;
		return -1;
	}
	return 0;
}

/* A real bug, found: the closed connection is queried. */
int query_after_close(struct link *l)
{
	mysql_close(l->m);
	l->ready = 0;
	return mysql_query(l->m, "SELECT 1"); /* expect: use-after-release */
}
