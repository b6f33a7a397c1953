/*
 * Shapes met in real libpq code (docs/evaluation.md), rewritten.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

/* BAD: the new cancel object is stored into the parameter, a local copy:
 * the caller never sees it, and it is never freed. */
void
refresh_cancel(PGconn *conn, PGcancel *cancel)
{
	if (cancel)
		PQfreeCancel(cancel);
	cancel = PQgetCancel(conn);
} /* expect: leak */

/* BAD: unescaped bytes freed with free(): libpq memory goes back through
 * PQfreemem (and is leaked on the early return). */
int
copy_blob(const char *text, char **out, size_t *len)
{
	unsigned char *raw = PQunescapeBytea((const unsigned char *)text, len);
	if (!raw)
		return -1;
	*out = malloc(*len + 1);
	if (!*out)
		return -1; /* expect: leak */
	memcpy(*out, raw, *len);
	free(raw); /* expect: mismatched-release */
	return 0;
}

/* BAD: the escaped bytea is dropped when it does not fit. */
int
quote_blob(PGconn *conn, const unsigned char *data, size_t n, char *dst, size_t cap)
{
	size_t len;
	unsigned char *esc = PQescapeByteaConn(conn, data, n, &len);
	if (!esc)
		return -1;
	if (len > cap)
		return -1; /* expect: leak */
	memcpy(dst, esc, len);
	PQfreemem(esc);
	return 0;
}

/* BAD: the options array of PQconninfo is never freed. */
int
count_set_options(PGconn *conn)
{
	int n = 0;
	PQconninfoOption *opts = PQconninfo(conn);
	if (!opts)
		return -1;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (o->val && o->val[0])
			n++;
	return n; /* expect: leak */
}
