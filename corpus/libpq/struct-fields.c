/*
 * Handles kept in struct members, released by destroy functions of the same
 * file: closecheck follows one level of members into those functions.
 */
#include <libpq-fe.h>
#include <stdlib.h>

struct session {
	PGconn *conn;
	PGresult *last;
	int queries;
};

/* releases both members */
static void
session_destroy(struct session *s)
{
	if (s->last)
		PQclear(s->last);
	PQfinish(s->conn);
}

/* touches a counter only */
static void
session_reset_stats(struct session *s)
{
	s->queries = 0;
}

/* keeps the session somewhere: ownership moves */
void session_register(struct session *s);

/* GOOD (tricky): the destroy function releases the member. */
int
one_query(const char *dsn)
{
	struct session s = {0};
	s.conn = PQconnectdb(dsn);
	s.last = PQexec(s.conn, "SELECT 1");
	session_destroy(&s);
	return 0;
}

/* BAD: the helper does not release the connection held in the struct. */
int
stats_only(const char *dsn)
{
	struct session s = {0};
	s.conn = PQconnectdb(dsn);
	session_reset_stats(&s);
	return 0; /* expect: leak */
}

/* GOOD (tricky): the struct is handed to a function that keeps it. */
int
register_session(const char *dsn)
{
	struct session *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->conn = PQconnectdb(dsn);
	session_register(s);
	return 0;
}

/* GOOD (tricky): a heap session destroyed through its pointer. */
int
heap_session(const char *dsn)
{
	struct session *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->conn = PQconnectdb(dsn);
	session_destroy(s);
	free(s);
	return 0;
}
