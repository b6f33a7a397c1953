/*
 * A project's own spelling of noreturn (pg_noreturn, NORETURN) ends paths.
 */
#include <libpq-fe.h>

#define APP_NORETURN __attribute__((__noreturn__))
#define project_noreturn _Noreturn

project_noreturn void die_fmt(const char *fmt, ...);
APP_NORETURN void die_plain(const char *msg);

/* GOOD (tricky): the connection is finished before a call that never returns. */
void
check_db(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		die_fmt("cannot connect to %s", dsn);
	}
	PQfinish(conn);
}

/* GOOD (tricky): the same with a GNU attribute behind a macro. */
void
check_db2(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		die_plain("cannot connect");
	}
	PQfinish(conn);
}
