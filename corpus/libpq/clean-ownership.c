/*
 * No leak: libpq handles released on every path, or handed on.  Many of
 * these are the tricky shapes that a naive checker gets wrong.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct app { PGconn *conn; PGresult *last; };
static PGconn *shared_conn;

void remember_result(PGresult *res);   /* defined elsewhere: may keep it */

/* GOOD: NULL check first, then PQfinish on the failure path. */
PGconn *
open_db_ok(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		if (conn)
			PQfinish(conn);
		return NULL;
	}
	return conn;
}

/* GOOD (tricky): ownership returned to the caller. */
PGresult *
run(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	return res;
}

/* GOOD (tricky): stored into a struct reached through a parameter. */
int
app_connect(struct app *app, const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	app->conn = conn;
	return 0;
}

/* GOOD (tricky): stored into a global. */
int
connect_shared(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	shared_conn = conn;
	return 0;
}

/* GOOD (tricky): handed to an out-parameter. */
int
query_into(PGconn *conn, const char *sql, PGresult **out)
{
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	*out = res;
	return 0;
}

/* GOOD (tricky): a helper of this file clears it. */
static void
clear_quiet(PGresult *res)
{
	if (res)
		PQclear(res);
}

int
touch(PGconn *conn)
{
	PGresult *res = PQexec(conn, "UPDATE t SET seen = now()");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	clear_quiet(res);
	return ok;
}

/* GOOD (tricky): a helper that clears through a pointer and resets it. */
static void
clear_and_null(PGresult **res)
{
	PQclear(*res);
	*res = NULL;
}

int
reset_twice(PGconn *conn)
{
	PGresult *res = PQexec(conn, "RESET ALL");
	clear_and_null(&res);
	return 0;
}

/* GOOD (tricky): one cleanup label reached by every error goto, some
 * taken before the results exist. */
int
copy_setting_ok(PGconn *conn, int dry_run)
{
	PGresult *a = NULL, *b = NULL;
	int rc = -1;
	if (dry_run)
		goto out;
	a = PQexec(conn, "SHOW work_mem");
	if (PQresultStatus(a) != PGRES_TUPLES_OK)
		goto out;
	b = PQexec(conn, "SET maintenance_work_mem TO '1GB'");
	if (PQresultStatus(b) != PGRES_COMMAND_OK)
		goto out;
	rc = 0;
out:
	if (b)
		PQclear(b);
	if (a)
		PQclear(a);
	return rc;
}

/* GOOD (tricky): a cleanup attribute clears the result at scope exit. */
static void
pqclearp(PGresult **res)
{
	if (*res)
		PQclear(*res);
}

int
count_cleanup(PGconn *conn)
{
	__attribute__((cleanup(pqclearp))) PGresult *res = PQexec(conn, "SELECT count(*) FROM t");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return -1;
	return atoi(PQgetvalue(res, 0, 0));
}

/* GOOD (tricky): the process ends on the error path. */
PGconn *
connect_or_die(const char *dsn)
{
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		exit(1); /* at-exit: leak */
	}
	return conn;
}

/* GOOD (tricky): each iteration clears its own result. */
int
run_all(PGconn *conn, const char *const *sql, int n)
{
	for (int i = 0; i < n; i++) {
		PGresult *res = PQexec(conn, sql[i]);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			return -1;
		}
		PQclear(res);
	}
	return 0;
}

/* GOOD (tricky): drain every pending result. */
void
drain(PGconn *conn)
{
	PGresult *res;
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
}

/* GOOD (tricky): an alias is cleared instead of the original variable. */
int
alias_clear(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	PGresult *r2 = res;
	int ok = PQresultStatus(r2) == PGRES_TUPLES_OK;
	PQclear(r2);
	return ok;
}

/* GOOD (tricky): passed to a function declared elsewhere, which may keep it. */
void
keep_last(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT now()");
	remember_result(res);
}

/* GOOD (tricky): a flag says whether this function opened the connection. */
int
with_conn(PGconn *given, const char *dsn)
{
	PGconn *conn = given;
	int owned = 0;
	if (!conn) {
		conn = PQconnectdb(dsn);
		owned = 1;
	}
	int v = PQserverVersion(conn);
	if (owned)
		PQfinish(conn);
	return v;
}

/* GOOD: the escaped string is released on both paths. */
int
delete_user_ok(PGconn *conn, const char *login)
{
	char sql[256];
	char *lit = PQescapeLiteral(conn, login, strlen(login));
	if (!lit)
		return -1;
	if (strlen(lit) > 200) {
		PQfreemem(lit);
		return -1;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM users WHERE login = %s", lit);
	PQfreemem(lit);
	PQclear(PQexec(conn, sql));
	return 0;
}

/* GOOD (tricky): `?:` picks the result to clear. */
int
either(PGconn *conn, int fast)
{
	PGresult *res = fast ? PQexec(conn, "SELECT 1") : PQexec(conn, "SELECT pg_sleep(1)");
	int ok = res && PQresultStatus(res) == PGRES_TUPLES_OK;
	PQclear(res);
	return ok;
}

/* GOOD (tricky): the result is NULL when out of memory: nothing to clear. */
int
oom_safe(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}
