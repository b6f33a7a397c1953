/*
 * No leak: libpq code whose control flow hides the release: NULL checks,
 * exit/abort, per-iteration release, ownership flags, PQgetResult drains,
 * aliases, switches and non-blocking connects.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* good (tricky): PQexec returns NULL only on OOM; nothing to clear on that path. */
int
vacuum_table(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	if (!res) {
		fprintf(stderr, "out of memory\n");
		return -1;
	}
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

/* good (tricky): the failed path calls exit(); the process ends, nothing leaks. */
PGconn *
connect_or_exit(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect: %s", PQerrorMessage(conn));
		exit(EXIT_FAILURE); /* at-exit: leak */
	}
	return conn;
}

/* good (tricky): abort() on a failed schema statement; the result is cleared otherwise. */
void
create_schema_or_abort(PGconn *conn)
{
	PGresult *res = PQexec(conn, "CREATE SCHEMA IF NOT EXISTS app");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "schema: %s", PQresultErrorMessage(res));
		abort(); /* at-exit: leak */
	}
	PQclear(res);
}

/* good (tricky): every iteration clears its own result, also on the early return. */
int
delete_sessions(PGconn *conn, const char *const *ids, int n)
{
	for (int i = 0; i < n; i++) {
		const char *params[1] = { ids[i] };
		PGresult *res = PQexecParams(conn, "DELETE FROM sessions WHERE id = $1",
					     1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "delete %s: %s", ids[i], PQresultErrorMessage(res));
			PQclear(res);
			return -1;
		}
		PQclear(res);
	}
	return 0;
}

/* good (tricky): the connection is finished only when this function opened it (flag). */
int
count_rows(PGconn *given, const char *conninfo, const char *sql)
{
	PGconn *conn = given;
	int owned = 0;
	int n = -1;

	if (!conn) {
		conn = PQconnectdb(conninfo);
		owned = 1;
	}
	if (PQstatus(conn) == CONNECTION_OK) {
		PGresult *res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			n = PQntuples(res);
		PQclear(res);
	}
	if (owned)
		PQfinish(conn);
	return n;
}

/* good (tricky): the classic drain: every PQgetResult result is cleared until NULL. */
int
run_script(PGconn *conn, const char *script)
{
	PGresult *res;
	int failed = 0;

	if (!PQsendQuery(conn, script)) {
		fprintf(stderr, "send: %s", PQerrorMessage(conn));
		return -1;
	}
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) == PGRES_FATAL_ERROR)
			failed = 1;
		PQclear(res);
	}
	return failed ? -1 : 0;
}

/* good (tricky): cleared through an alias. */
int
max_id(PGconn *conn, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT max(id) FROM %s", table);
	PGresult *res = PQexec(conn, sql);
	PGresult *r2 = res;
	long id = -1;
	if (PQresultStatus(r2) == PGRES_TUPLES_OK && !PQgetisnull(r2, 0, 0))
		id = atol(PQgetvalue(r2, 0, 0));
	PQclear(r2);
	return (int)id;
}

/* good (tricky): every case of the switch clears the result before leaving it. */
const char *
describe(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	const char *what;
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		what = "rows";
		break;
	case PGRES_COMMAND_OK:
		what = "command";
		break;
	case PGRES_EMPTY_QUERY:
		PQclear(res);
		return "empty";
	default:
		what = "error";
		break;
	}
	PQclear(res);
	return what;
}

/* good (tricky): a non-blocking connect; PQfinish on the failed poll and ownership returned otherwise. */
PGconn *
connect_async(const char *conninfo)
{
	PGconn *conn = PQconnectStart(conninfo);
	if (!conn)
		return NULL;
	if (PQstatus(conn) == CONNECTION_BAD) {
		PQfinish(conn);
		return NULL;
	}
	PostgresPollingStatusType st;
	do
		st = PQconnectPoll(conn);
	while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED);
	if (st == PGRES_POLLING_FAILED) {
		fprintf(stderr, "connect: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

/* good: the conninfo options and the error message are each freed on their path. */
int
conninfo_has_password(const char *conninfo)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	if (!opts) {
		fprintf(stderr, "conninfo: %s", err ? err : "out of memory\n");
		PQfreemem(err);
		return -1;
	}
	int found = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val)
			found = 1;
	PQconninfoFree(opts);
	return found;
}

/* good: the literal is freed on both the failure and the success path. */
int
set_comment(PGconn *conn, const char *table, const char *comment)
{
	char sql[512];
	char *lit = PQescapeLiteral(conn, comment, strlen(comment));
	if (!lit)
		return -1;
	snprintf(sql, sizeof(sql), "COMMENT ON TABLE %s IS %s", table, lit);
	PQfreemem(lit);
	PGresult *res = PQexec(conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(res);
	return rc;
}

/* good: the same variable is reused, cleared before each reassignment. */
int
two_step_setup(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SET statement_timeout = '5s'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		return -1;
	}
	PQclear(res);
	res = PQexec(conn, "SET lock_timeout = '1s'");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(res);
	return rc;
}
