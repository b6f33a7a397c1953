/*
 * leak: libpq connections, results, escaped strings and notifications lost
 * on an error path.  Every function here has at least one finding, written
 * on the line where the handle is lost.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct session {
	PGconn *conn;
	int backend_pid;
};

/* bad: a failed connection still needs PQfinish; the status check returns without it. */
PGconn *
connect_replica(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "replica: %s", PQerrorMessage(conn));
		return NULL; /* expect: leak "connection 'conn' acquired by 'PQconnectdb' at line 20 is not released on this path" */
	}
	return conn;
}

/* bad: PQconnectdbParams failing leaks the PGconn before it reaches the session. */
int
session_open(struct session *s, const char *host, const char *dbname)
{
	const char *keys[] = { "host", "dbname", "application_name", NULL };
	const char *vals[] = { host, dbname, "closecheck-worker", NULL };
	PGconn *conn = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(conn) == CONNECTION_BAD)
		return -1; /* expect: leak */
	s->conn = conn;
	s->backend_pid = PQbackendPID(conn);
	return 0;
}

/* bad: the error result of a SELECT is not cleared. */
int
fetch_balance(PGconn *conn, const char *account, double *out)
{
	const char *params[1] = { account };
	PGresult *res = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1",
				     1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "balance: %s", PQerrorMessage(conn));
		return -1; /* expect: leak */
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	*out = atof(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* bad: a failed INSERT returns a PGresult too, and it is dropped. */
int
insert_audit(PGconn *conn, const char *user, const char *action)
{
	const char *params[2] = { user, action };
	PGresult *res = PQexecParams(conn,
				     "INSERT INTO audit_log (who, what) VALUES ($1, $2)",
				     2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return 0; /* expect: leak */
	PQclear(res);
	return 1;
}

/* bad: PQprepare's result is leaked when preparing fails. */
int
prepare_lookup(PGconn *conn)
{
	PGresult *res = PQprepare(conn, "lookup_user",
				  "SELECT id, name FROM users WHERE email = $1", 1, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "prepare: %s", PQresultErrorMessage(res));
		return -1; /* expect: leak */
	}
	PQclear(res);
	return 0;
}

/* bad: the connection is finished on a failed connect, but not when the server is too old. */
int
check_server_version(const char *conninfo, int min_version)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	if (PQserverVersion(conn) < min_version) {
		fprintf(stderr, "server %d is older than %d\n", PQserverVersion(conn), min_version);
		return -1; /* expect: leak */
	}
	PQfinish(conn);
	return 0;
}

/* bad: both the connection and the failed result are lost at the same return. */
int
print_report(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	PGresult *res = PQexec(conn, "SELECT region, sum(total) FROM sales GROUP BY region");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return -1; /* expect: leak, leak */
	for (int i = 0; i < PQntuples(res); i++)
		printf("%-20s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	PQfinish(conn);
	return 0;
}

/* bad: the escaped literal is freed on success only; a failed UPDATE leaks it. */
int
rename_user(PGconn *conn, const char *id, const char *new_name)
{
	char sql[512];
	char *lit = PQescapeLiteral(conn, new_name, strlen(new_name));
	if (!lit) {
		fprintf(stderr, "escape: %s", PQerrorMessage(conn));
		return -1;
	}
	snprintf(sql, sizeof(sql), "UPDATE users SET name = %s WHERE id = %d", lit, atoi(id));
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "rename: %s", PQresultErrorMessage(res));
		PQclear(res);
		return -1; /* expect: leak */
	}
	PQclear(res);
	PQfreemem(lit);
	return 0;
}

/* bad: the cleanup label clears the result and the identifier but never finishes the connection. */
int
export_count(const char *conninfo, const char *table)
{
	PGconn *conn = NULL;
	PGresult *res = NULL;
	char *ident = NULL;
	char sql[256];
	int rc = -1;

	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK)
		goto out;
	ident = PQescapeIdentifier(conn, table, strlen(table));
	if (!ident)
		goto out;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", ident);
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		goto out;
	printf("%s: %s rows\n", table, PQgetvalue(res, 0, 0));
	rc = 0;
out:
	PQclear(res);
	PQfreemem(ident);
	return rc; /* expect: leak */
}

/* bad: a notification on another channel is skipped without PQfreemem. */
int
poll_job_channel(PGconn *conn, char *payload, size_t len)
{
	if (!PQconsumeInput(conn))
		return -1;
	PGnotify *n = PQnotifies(conn);
	if (n && strcmp(n->relname, "jobs") != 0)
		return 0; /* expect: leak */
	if (!n)
		return 0;
	snprintf(payload, len, "%s", n->extra);
	PQfreemem(n);
	return 1;
}

/* bad: the id array is lost when a NULL id is found (the result is cleared, the array is not). */
int *
load_ids(PGconn *conn, int *count)
{
	PGresult *res = PQexec(conn, "SELECT id FROM jobs WHERE state = 'queued'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	int n = PQntuples(res);
	int *ids = malloc((size_t)n * sizeof(*ids) + 1);
	if (!ids) {
		PQclear(res);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		if (PQgetisnull(res, i, 0)) {
			PQclear(res);
			return NULL; /* expect: leak */
		}
		ids[i] = atoi(PQgetvalue(res, i, 0));
	}
	PQclear(res);
	*count = n;
	return ids;
}

/* bad: the escaped bytea is freed after a successful INSERT only. */
int
store_thumbnail(PGconn *conn, int id, const unsigned char *png, size_t len)
{
	size_t esc_len;
	char sql[128 + 4096];
	unsigned char *esc = PQescapeByteaConn(conn, png, len, &esc_len);
	if (!esc)
		return -1;
	if (esc_len > 4096) {
		fprintf(stderr, "thumbnail %d too large\n", id);
		return -1; /* expect: leak */
	}
	snprintf(sql, sizeof(sql), "UPDATE images SET thumb = '%s' WHERE id = %d", (char *)esc, id);
	PQfreemem(esc);
	PGresult *res = PQexec(conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(res);
	return rc;
}
