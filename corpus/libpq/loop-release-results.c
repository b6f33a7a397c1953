/* SPDX-License-Identifier: MIT */
/*
 * loop-release with libpq: a PGresult obtained in every iteration of a loop
 * and cleared only once, after the loop (directly, at a cleanup label, or by
 * a cleanup variable of the enclosing scope).  Only the last result is
 * cleared; every earlier one leaks.  This is the C twin of Go's
 * `defer rows.Close()` inside a `for` loop (seed 000).
 *
 * The good functions clear each result in the body, clear the previous one
 * before reassigning, keep every result in an array, or drain with
 * PQgetResult.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

struct price_update {
	const char *sku;
	const char *price;
};

/* A list node that takes ownership of a result (freed elsewhere). */
struct result_node {
	PGresult *res;
	struct result_node *next;
};

/* The cleanup function of __attribute__((cleanup)) result variables. */
static void
clear_result(PGresult **res)
{
	PQclear(*res);
}

/*
 * BUG: applies price updates one by one and stops at the first failure, but
 * the result of each UPDATE is cleared only after the loop: all results but
 * the last stay allocated until the function returns.
 */
int
apply_price_updates(PGconn *conn, const struct price_update *u, int n)
{
	PGresult *res = NULL;
	int failed = 0;

	for (int i = 0; i < n; i++) {
		const char *params[2] = { u[i].price, u[i].sku };
		res = PQexecParams(conn, "UPDATE product SET price = $1 WHERE sku = $2", 2, NULL, params, NULL, NULL, 0); /* expect: loop-release */
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "update of %s failed: %s", u[i].sku, PQerrorMessage(conn));
			failed = 1;
			break;
		}
	}
	PQclear(res);
	return failed ? -1 : 0;
}

/*
 * BUG: pages through a server-side cursor; each FETCH result replaces the
 * previous one in `res` without PQclear, and only the final (empty) page is
 * cleared after the while loop.
 */
long
count_cursor_rows(PGconn *conn)
{
	PGresult *res = NULL;
	long total = 0;
	int more = 1;

	while (more) {
		res = PQexec(conn, "FETCH FORWARD 500 FROM export_cur"); /* expect: loop-release */
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			fprintf(stderr, "FETCH failed: %s", PQerrorMessage(conn));
			total = -1;
			break;
		}
		total += PQntuples(res);
		more = PQntuples(res) > 0;
	}
	PQclear(res);
	return total;
}

/*
 * BUG: polls a job queue with a do/while loop; the result of each poll is
 * overwritten by the next one and only the last is cleared.
 */
int
wait_for_job(PGconn *conn, int max_polls)
{
	PGresult *res = NULL;
	int polls = 0;
	int found = 0;

	do {
		res = PQexec(conn, "SELECT id FROM job_queue WHERE state = 'ready' LIMIT 1"); /* expect: loop-release */
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			break;
		found = PQntuples(res) > 0;
		polls++;
	} while (!found && polls < max_polls);
	PQclear(res);
	return found;
}

/*
 * BUG: the error path jumps to a cleanup label after the loop, which is also
 * where the normal path ends: each iteration's result is cleared only there,
 * so all but the last leak.
 */
int
grant_roles(PGconn *conn, const char *const *roles, int n)
{
	PGresult *res = NULL;
	char sql[256];
	int rc = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "GRANT %s TO app_user", roles[i]);
		res = PQexec(conn, sql); /* expect: loop-release */
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "GRANT %s: %s", roles[i], PQerrorMessage(conn));
			rc = -1;
			goto out;
		}
	}
out:
	PQclear(res);
	return rc;
}

/*
 * BUG: the cleanup variable belongs to the function scope, so clear_result
 * runs once when the function returns -- exactly Go's `defer rows.Close()`
 * inside a loop.  Every table's result but the last one leaks.
 */
long
sum_table_sizes(PGconn *conn, const char *const *tables, int n)
{
	__attribute__((cleanup(clear_result))) PGresult *res = NULL;
	long sum = 0;

	for (int i = 0; i < n; i++) {
		const char *params[1] = { tables[i] };
		res = PQexecParams(conn, "SELECT pg_total_relation_size($1::regclass)", 1, NULL, params, NULL, NULL, 0); /* expect: loop-release */
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
			return -1;
		sum += atol(PQgetvalue(res, 0, 0));
	}
	return sum;
}

/*
 * BUG: the result is cleared in the outer loop's body, but after the inner
 * loop that acquires it: per customer only the last invoice's result is
 * cleared.  The release is "after the loop" for the innermost loop.
 */
int
mark_invoices_sent(PGconn *conn, const char *const *customers, int ncust, int ninv)
{
	char sql[256];

	for (int c = 0; c < ncust; c++) {
		PGresult *res = NULL;
		for (int i = 1; i <= ninv; i++) {
			snprintf(sql, sizeof(sql), "UPDATE invoice SET sent = true WHERE customer = '%s' AND seq = %d", customers[c], i);
			res = PQexec(conn, sql); /* expect: loop-release */
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
				break;
		}
		PQclear(res);
	}
	return 0;
}

/*
 * OK: the straightforward fix of apply_price_updates: the status is read,
 * the result cleared in the body, and only then the loop may be left.
 */
int
apply_price_updates_fixed(PGconn *conn, const struct price_update *u, int n)
{
	for (int i = 0; i < n; i++) {
		const char *params[2] = { u[i].price, u[i].sku };
		PGresult *res = PQexecParams(conn, "UPDATE product SET price = $1 WHERE sku = $2", 2, NULL, params, NULL, NULL, 0);
		int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			fprintf(stderr, "update of %s failed: %s", u[i].sku, PQerrorMessage(conn));
		PQclear(res);
		if (!ok)
			return -1;
	}
	return 0;
}

/*
 * OK: every path through the body clears the result: the early `continue`
 * and the `break` each clear it first.
 */
int
vacuum_tables(PGconn *conn, const char *const *tables, int n)
{
	char sql[256];
	int done = 0;

	for (int i = 0; i < n; i++) {
		if (strchr(tables[i], ';'))
			continue;
		snprintf(sql, sizeof(sql), "VACUUM ANALYZE %s", tables[i]);
		PGresult *res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
			fprintf(stderr, "vacuum %s: %s", tables[i], PQresultErrorMessage(res));
			PQclear(res);
			break;
		}
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			continue;
		}
		PQclear(res);
		done++;
	}
	return done;
}

/*
 * OK (tricky): the previous iteration's result is cleared before `res` is
 * reassigned, and the last one after the loop: nothing is lost although the
 * release after the loop looks like the bug above.
 */
long
count_cursor_rows_fixed(PGconn *conn)
{
	PGresult *res = NULL;
	long total = 0;

	for (;;) {
		if (res)
			PQclear(res);
		res = PQexec(conn, "FETCH FORWARD 500 FROM export_cur");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			total = -1;
			break;
		}
		if (PQntuples(res) == 0)
			break;
		total += PQntuples(res);
	}
	PQclear(res);
	return total;
}

/*
 * OK (tricky): each shard's result is kept in its own array slot and all of
 * them are cleared after the loop; nothing is overwritten.
 */
long
count_sharded_rows(PGconn *const *shards, int n)
{
	PGresult *results[16];
	long total = 0;

	if (n > 16)
		n = 16;
	for (int i = 0; i < n; i++)
		results[i] = PQexec(shards[i], "SELECT count(*) FROM events");
	for (int i = 0; i < n; i++) {
		if (PQresultStatus(results[i]) == PGRES_TUPLES_OK && PQntuples(results[i]) == 1)
			total += atol(PQgetvalue(results[i], 0, 0));
		PQclear(results[i]);
	}
	return total;
}

/*
 * OK (tricky): the standard drain after PQsendQuery: the loop condition
 * acquires and the body clears every result PQgetResult hands out.
 */
int
send_and_drain(PGconn *conn, const char *sql)
{
	PGresult *r;
	int rc = 0;

	if (!PQsendQuery(conn, sql)) {
		fprintf(stderr, "send failed: %s", PQerrorMessage(conn));
		return -1;
	}
	while ((r = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
			rc = -1;
		PQclear(r);
	}
	return rc;
}

/*
 * OK (tricky): the cleanup variable is declared inside the loop body, so it
 * is cleared at the end of every iteration (also on `continue`), unlike
 * sum_table_sizes above.
 */
long
sum_table_sizes_fixed(PGconn *conn, const char *const *tables, int n)
{
	long sum = 0;

	for (int i = 0; i < n; i++) {
		const char *params[1] = { tables[i] };
		__attribute__((cleanup(clear_result))) PGresult *res =
			PQexecParams(conn, "SELECT pg_total_relation_size($1::regclass)", 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
			continue;
		sum += atol(PQgetvalue(res, 0, 0));
	}
	return sum;
}

/*
 * OK (tricky): each result is handed to a list node that outlives the loop
 * (ownership moves into the list; the caller frees the list), so nothing is
 * held in `res` when the next iteration overwrites it.
 */
struct result_node *
collect_reports(PGconn *conn, const char *const *queries, int n)
{
	struct result_node *head = NULL;

	for (int i = 0; i < n; i++) {
		struct result_node *node = malloc(sizeof(*node));
		if (!node)
			break;
		PGresult *res = PQexec(conn, queries[i]);
		node->res = res;
		node->next = head;
		head = node;
	}
	return head;
}

/*
 * OK (tricky): fail-over over a list of servers.  A connection is made in
 * every iteration and the one kept is finished after the loop, but every
 * iteration that goes on to the next server finishes its own failed
 * connection first, so only the kept one is still open after the loop.
 */
long
count_jobs_any_server(const char *const *dsns, int n)
{
	PGconn *conn = NULL;
	PGresult *res;
	long jobs = -1;

	for (int i = 0; i < n; i++) {
		conn = PQconnectdb(dsns[i]);
		if (PQstatus(conn) == CONNECTION_OK)
			break;
		fprintf(stderr, "%s: %s", dsns[i], PQerrorMessage(conn));
		PQfinish(conn);
		conn = NULL;
	}
	if (!conn)
		return -1;
	res = PQexec(conn, "SELECT count(*) FROM job_queue");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		jobs = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return jobs;
}
