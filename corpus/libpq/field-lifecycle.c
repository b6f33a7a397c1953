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

/* opens h->conn: 0 with the connection there, -1 with nothing */
static int
session_connect(struct session *h, const char *dsn)
{
	h->conn = PQconnectdb(dsn);
	if (PQstatus(h->conn) != CONNECTION_OK) {
		PQfinish(h->conn);
		h->conn = NULL;
		return -1;
	}
	return 0;
}

/* BUG: connects again over the open connection: the first one is lost. */
int
session_retry(struct session *h, const char *dsn)
{
	if (session_connect(h, dsn) != 0)
		return -1;
	if (PQserverVersion(h->conn) < 120000)
		return session_connect(h, dsn); /* expect: leak "connection 'h->conn' acquired by 'session_connect' at line 154 is lost: 'h->conn' is overwritten while it still holds it" */
	return 0;
}

/* Good (tricky): closed (and reset) before connecting again. */
int
session_retry_safely(struct session *h, const char *dsn)
{
	if (session_connect(h, dsn) != 0)
		return -1;
	session_disconnect_safely(h);
	return session_connect(h, dsn);
}

/* BUG: a session on the stack, connected, never closed on success. */
int
session_probe(const char *dsn)
{
	struct session s = {0};
	if (session_connect(&s, dsn) != 0)
		return -1;
	return PQserverVersion(s.conn); /* expect: leak */
}

/* Good (tricky): the failed connect left nothing to close. */
int
session_probe_safely(const char *dsn)
{
	struct session s = {0};
	if (session_connect(&s, dsn) != 0)
		return -1;
	int v = PQserverVersion(s.conn);
	session_disconnect(&s);
	return v;
}

/* BUG: the object is freed with the connection still open in it. */
int
session_throwaway(const char *dsn)
{
	struct session *h = calloc(1, sizeof(*h));
	if (!h)
		return -1;
	if (session_connect(h, dsn) == 0)
		PQexec(h->conn, "SET x = 1"); /* expect: leak */
	free(h); /* expect: leak */
	return 0;
}

/* Forgets the connection: stores over the member, releasing nothing. */
static void
session_unset_conn(struct session *h)
{
	h->conn = NULL;
}

/* Empties the buffer, then calls it; names the connection nowhere. */
static void
session_unset_all(struct session *h)
{
	free(h->buf);
	h->buf = NULL;
	session_unset_conn(h);
}

/* BUG: a helper of a helper stores over the open connection. */
void
session_replace(struct session *h, const char *dsn)
{
	h->conn = PQconnectdb(dsn);
	session_unset_all(h); /* expect: leak */
}

/* Good (tricky): the helpers only look at the buffer; the connection they
 * never name is still the caller's to close. */
static size_t
session_buffered(const struct session *h)
{
	return h->buf ? strlen(h->buf) : 0;
}

static int
session_busy(const struct session *h)
{
	return session_buffered(h) > 0;
}

void
session_check(const char *dsn, struct session *h)
{
	h->conn = PQconnectdb(dsn);
	if (session_busy(h))
		(void)PQserverVersion(h->conn);
	PQfinish(h->conn);
	h->conn = NULL;
}
