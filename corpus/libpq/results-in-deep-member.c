/* SPDX-License-Identifier: MIT */
/*
 * The driver form of the SIP servers: the connection's state hangs off an
 * opaque tail, and each result of PQgetResult is kept in a member of it
 * (CON_RESULT(h)).  Draining every result into that one member loses all
 * but the last when the query gave several; clearing the one kept before
 * storing the next does not.
 */
#include <libpq-fe.h>
#include <stddef.h>

struct pg_tail {
	PGconn *conn;
	PGresult *res;
};

struct db_con {
	const char *table;
	void *tail;
};

#define CON_CONN(h) (((struct pg_tail *)((h)->tail))->conn)
#define CON_RESULT(h) (((struct pg_tail *)((h)->tail))->res)

/* BUG: a second result overwrites the first, which nothing cleared */
int
drain_results(struct db_con *h, const char *q)
{
	PGresult *res;

	if (!PQsendQuery(CON_CONN(h), q))
		return -1;
	while (1) {
		if ((res = PQgetResult(CON_CONN(h)))) {
			CON_RESULT(h) = res; /* expect: leak "result 'res' acquired by 'PQgetResult' at line 34 is lost: 'h->tail->res' is overwritten while it still holds it" */
		} else {
			break;
		}
	}
	return PQresultStatus(CON_RESULT(h)) == PGRES_TUPLES_OK ? 0 : -1;
}

/* OK: the result kept before is cleared first */
int
drain_results_cleared(struct db_con *h, const char *q)
{
	PGresult *res;

	if (!PQsendQuery(CON_CONN(h), q))
		return -1;
	while ((res = PQgetResult(CON_CONN(h))) != NULL) {
		if (CON_RESULT(h))
			PQclear(CON_RESULT(h));
		CON_RESULT(h) = res;
	}
	return 0;
}

/* OK: one result, kept for the caller's fetch */
int
one_result(struct db_con *h, const char *q)
{
	CON_RESULT(h) = PQexec(CON_CONN(h), q);
	if (PQresultStatus(CON_RESULT(h)) != PGRES_TUPLES_OK)
		return -1;
	return 0;
}

/* BUG: the error path clears the result and leaves it in the member; the
 * clear that follows for every path clears it again */
void
query_or_clear(struct db_con *h, const char *q)
{
	CON_RESULT(h) = PQexec(CON_CONN(h), q);
	if (PQresultStatus(CON_RESULT(h)) != PGRES_COMMAND_OK)
		PQclear(CON_RESULT(h));
	PQclear(CON_RESULT(h)); /* expect: double-release */
	CON_RESULT(h) = NULL;
}
