/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md "Re-run after places", cause A
 * (reduced from psql's \connect): a connection stored into a global is handed
 * over to the rest of the program, but once any call of a function that no
 * pack describes follows the store (even a helper of this unit that never
 * touches the global), the handle is reported as lost at the return.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <libpq-fe.h>
struct session { PGconn *db; int verbose; };
extern struct session current;
extern PGconn *last_conn;
void announce(void);
static int switches;
static void count_switch(void) { switches++; }

/* Bad-looking, fine: the new connection lives on in 'current.db'. */
int switch_database(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	current.db = conn;
	announce();
	return 0; /* known-false: leak */
}

/* The same with a plain global and a helper of this file. */
int remember_connection(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	last_conn = conn;
	count_switch();
	return 0; /* known-false: leak */
}

/* Fine, and reported as fine: no call between the store and the return. */
int switch_quietly(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	current.db = conn;
	return 0;
}
