/*
 * No leak: libpq handles released at a cleanup label reached by several
 * gotos, by a static helper of this file, or by a cleanup attribute.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
close_conn(PGconn *conn)
{
	if (conn)
		PQfinish(conn);
}

static void
clear_result(PGresult **res)
{
	if (*res) {
		PQclear(*res);
		*res = NULL;
	}
}

static void
pqclear_cleanup(PGresult **res)
{
	PQclear(*res);
}

static void
pqfinish_cleanup(PGconn **conn)
{
	PQfinish(*conn);
}

#define autoclear __attribute__((cleanup(pqclear_cleanup)))
#define autofinish __attribute__((cleanup(pqfinish_cleanup)))

/* good (tricky): one label releases both; the first goto is taken before anything is acquired. */
int
count_users(const char *conninfo, long *count)
{
	PGconn *conn = NULL;
	PGresult *res = NULL;
	int rc = -1;

	if (!conninfo || !count)
		goto done;
	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(conn));
		goto done;
	}
	res = PQexec(conn, "SELECT count(*) FROM users");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		goto done;
	*count = atol(PQgetvalue(res, 0, 0));
	rc = 0;
done:
	if (res)
		PQclear(res);
	if (conn)
		PQfinish(conn);
	return rc;
}

/* good (tricky): stacked labels undo in reverse order of acquisition. */
int
archive_order(PGconn *conn, const char *order_id, const char *note)
{
	char sql[512];
	PGresult *res;
	char *lit = PQescapeLiteral(conn, note, strlen(note));
	if (!lit)
		goto fail;
	snprintf(sql, sizeof(sql), "UPDATE orders SET archived = true, note = %s WHERE id = %d",
		 lit, atoi(order_id));
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail_res;
	if (strcmp(PQcmdTuples(res), "1") != 0)
		goto fail_res;
	PQclear(res);
	PQfreemem(lit);
	return 0;
fail_res:
	fprintf(stderr, "archive %s: %s", order_id, PQresultErrorMessage(res));
	PQclear(res);
	PQfreemem(lit);
fail:
	return -1;
}

/* good (tricky): a static helper of this file finishes the connection on both paths. */
int
ping_server(const char *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "ping: %s", PQerrorMessage(conn));
		close_conn(conn);
		return -1;
	}
	int version = PQserverVersion(conn);
	close_conn(conn);
	return version;
}

/* good (tricky): the helper takes PGresult ** and clears *res. */
int
table_size(PGconn *conn, const char *table, long long *bytes)
{
	const char *params[1] = { table };
	PGresult *res = PQexecParams(conn, "SELECT pg_total_relation_size($1::regclass)",
				     1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		clear_result(&res);
		return -1;
	}
	*bytes = atoll(PQgetvalue(res, 0, 0));
	clear_result(&res);
	return 0;
}

/* good (tricky): the cleanup attribute clears the result on every return. */
int
is_in_recovery(PGconn *conn)
{
	autoclear PGresult *res = PQexec(conn, "SELECT pg_is_in_recovery()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return -1;
	return strcmp(PQgetvalue(res, 0, 0), "t") == 0;
}

/* good (tricky): the cleanup attribute finishes the connection, failed or not. */
int
server_encoding_ok(const char *conninfo)
{
	autofinish PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK)
		return -1;
	return strcmp(PQparameterStatus(conn, "server_encoding"), "UTF8") == 0;
}

/* good: the result is cleared on each of the three returns. */
int
owner_of(PGconn *conn, const char *table, char *owner, size_t len)
{
	const char *params[1] = { table };
	PGresult *res = PQexecParams(conn, "SELECT tableowner FROM pg_tables WHERE tablename = $1",
				     1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	snprintf(owner, len, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 1;
}
