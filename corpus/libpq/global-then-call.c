/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md "Re-run after places", cause A (reduced from psql's
 * \connect), fixed: a connection stored into a global is handed over to the
 * rest of the program, also when a call follows the store that may change
 * the global (a function of another file) or cannot (a helper of this file
 * that never touches it).
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
	return 0;
}

/* The same with a plain global and a helper of this file (one that cannot
 * reach the global: fixed, the handle stays the global's). */
int remember_connection(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	last_conn = conn;
	count_switch();
	return 0;
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
