/*
 * A connection kept in a member of a struct the caller owns (h->conn) and
 * released by helpers of the same file: a helper that closes it without
 * resetting the member, followed by another that closes it again, is a
 * double release in the function that calls both; one that resets the
 * member (h->conn = NULL) or fills it again is not.
 */
#include <libpq-fe.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

struct session {
	PGconn *conn;
	PGresult *last;
	regex_t *filter;
	char *buf;
};

/* closes, but leaves h->conn naming the closed connection */
static void
session_disconnect(struct session *h)
{
	PQfinish(h->conn);
}

/* closes and resets the member */
static void
session_disconnect_safely(struct session *h)
{
	PQfinish(h->conn);
	h->conn = NULL;
}

/* closes what is still open */
static void
session_deinit(struct session *h)
{
	if (h->conn)
		PQfinish(h->conn);
	if (h->last)
		PQclear(h->last);
}

/* forgets everything: the whole object is zeroed */
static void
session_forget(struct session *h)
{
	memset(h, 0, sizeof(*h));
}

static void
session_refill(struct session *h)
{
	h->buf = malloc(64);
}

/* BUG: the first helper leaves h->conn set, the second closes it again. */
void
session_close_all(struct session *h)
{
	session_disconnect(h);
	session_deinit(h); /* expect: double-release "connection 'h->conn' is released twice: again here by 'session_deinit'" */
}

/* BUG: the result is cleared twice through the member. */
void
session_drop_result(struct session *h)
{
	PQclear(h->last);
	PQclear(h->last); /* expect: double-release */
}

/* BUG: a query on the connection the helper closed. */
int
session_ping(struct session *h)
{
	session_disconnect(h);
	PGresult *r = PQexec(h->conn, "SELECT 1"); /* expect: use-after-release */
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	return ok;
}

/* Good (tricky): the member is reset by the helper. */
void
session_close_all_safely(struct session *h)
{
	session_disconnect_safely(h);
	session_deinit(h);
}

/* Good (tricky): reset here, between the two. */
void
session_drop_result_safely(struct session *h)
{
	PQclear(h->last);
	h->last = NULL;
	session_deinit(h);
}

/* Good (tricky): regfree releases the compiled pattern, free the block
 * that held it: two things, not one released twice. */
void
session_drop_filter(struct session *h)
{
	regfree(h->filter);
	free(h->filter);
}

/* Good (tricky): the object is zeroed by a helper between the releases. */
void
session_reset(struct session *h)
{
	session_disconnect(h);
	session_forget(h);
	session_deinit(h);
}

/* Good (tricky): a helper stores a new buffer into the member. */
void
session_grow(struct session *h)
{
	free(h->buf);
	session_refill(h);
	free(h->buf);
}

/* BUG: the object is zeroed while its member owns a buffer. */
void
session_wipe(struct session *h)
{
	h->buf = malloc(64);
	memset(h, 0, sizeof(*h)); /* expect: leak */
}
