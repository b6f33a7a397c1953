/* SPDX-License-Identifier: MIT */
/*
 * PQExpBufferData on the stack (or in an object): initPQExpBuffer(&buf)
 * allocates buf.data, termPQExpBuffer(&buf) frees it.  The data may also
 * be taken out (returned, stored for the caller, freed with free()), and
 * the buffer may be lent to any function while it lives, or its address
 * to a struct for as long as it lives (psql's slash-command scanner).  A
 * buffer found broken (maxlen 0: out of memory left data pointing at a
 * static empty string) holds nothing.  The libpq pack says so with
 * `member: data` on both entries and `fails_member: maxlen`.  Declared here as
 * pqexpbuffer.h declares them (it lives in libpq-dev's internal/ folder).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct PQExpBufferData {
	char *data;
	size_t len;
	size_t maxlen;
} PQExpBufferData;
typedef PQExpBufferData *PQExpBuffer;

/* out of memory: data is a static empty string, nothing to free */
#define PQExpBufferBroken(str) ((str) == NULL || (str)->maxlen == 0)
#define PQExpBufferDataBroken(buf) ((buf).maxlen == 0)

extern PQExpBuffer createPQExpBuffer(void);
extern void initPQExpBuffer(PQExpBuffer str);
extern void termPQExpBuffer(PQExpBuffer str);
extern void resetPQExpBuffer(PQExpBuffer str);
extern void appendPQExpBuffer(PQExpBuffer str, const char *fmt, ...);
extern void appendPQExpBufferStr(PQExpBuffer str, const char *data);

/* BUG: a failed query returns without termPQExpBuffer. */
int
vacuum_table(PGconn *conn, const char *table)
{
	PQExpBufferData sql;
	PGresult *res;

	initPQExpBuffer(&sql);
	appendPQExpBuffer(&sql, "VACUUM %s", table);
	res = PQexec(conn, sql.data);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s: %s", sql.data, PQerrorMessage(conn));
		PQclear(res);
		return -1; /* expect: leak "string buffer 'sql.data' acquired by 'initPQExpBuffer' at line 43 is not released on this path" */
	}
	PQclear(res);
	termPQExpBuffer(&sql);
	return 0;
}

/* good: terminated on every path, at a cleanup label */
int
analyze_table(PGconn *conn, const char *table)
{
	PQExpBufferData sql;
	PGresult *res = NULL;
	int rc = -1;

	initPQExpBuffer(&sql);
	appendPQExpBuffer(&sql, "ANALYZE %s", table);
	res = PQexec(conn, sql.data);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto out;
	rc = 0;
out:
	PQclear(res);
	termPQExpBuffer(&sql);
	return rc;
}

/* BUG: initialised again over the first buffer: its data is lost. */
void
two_statements(PGconn *conn)
{
	PQExpBufferData q;

	initPQExpBuffer(&q);
	appendPQExpBufferStr(&q, "CHECKPOINT");
	PQclear(PQexec(conn, q.data));
	initPQExpBuffer(&q); /* expect: leak "string buffer 'q.data' acquired by 'initPQExpBuffer' at line 82 is lost: 'q.data' is overwritten while it still holds it" */
	appendPQExpBufferStr(&q, "DISCARD ALL");
	PQclear(PQexec(conn, q.data));
	termPQExpBuffer(&q);
}

/* good (tricky): reset keeps the data; one termPQExpBuffer at the end */
void
two_statements_reset(PGconn *conn)
{
	PQExpBufferData q;

	initPQExpBuffer(&q);
	appendPQExpBufferStr(&q, "CHECKPOINT");
	PQclear(PQexec(conn, q.data));
	resetPQExpBuffer(&q);
	appendPQExpBufferStr(&q, "DISCARD ALL");
	PQclear(PQexec(conn, q.data));
	termPQExpBuffer(&q);
}

/* good (tricky): terminated, then initialised again for the next one */
void
two_statements_again(PGconn *conn)
{
	PQExpBufferData q;

	initPQExpBuffer(&q);
	appendPQExpBufferStr(&q, "CHECKPOINT");
	PQclear(PQexec(conn, q.data));
	termPQExpBuffer(&q);
	initPQExpBuffer(&q);
	appendPQExpBufferStr(&q, "DISCARD ALL");
	PQclear(PQexec(conn, q.data));
	termPQExpBuffer(&q);
}

/* BUG: terminated twice. */
void
log_query(const char *table)
{
	PQExpBufferData msg;

	initPQExpBuffer(&msg);
	appendPQExpBuffer(&msg, "reading %s", table);
	puts(msg.data);
	termPQExpBuffer(&msg);
	termPQExpBuffer(&msg); /* expect: double-release */
}

/* BUG: the text is printed after the buffer was terminated. */
void
log_late(const char *table)
{
	PQExpBufferData msg;

	initPQExpBuffer(&msg);
	appendPQExpBuffer(&msg, "reading %s", table);
	termPQExpBuffer(&msg);
	puts(msg.data); /* expect: use-after-release */
}

/* good (tricky): the data goes to the caller (psql's
 * psql_scan_slash_option: `return mybuf.data`) */
static char *
quote_word(const char *word)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	appendPQExpBufferStr(&buf, "\"");
	appendPQExpBufferStr(&buf, word);
	appendPQExpBufferStr(&buf, "\"");
	return buf.data;
}

/* BUG: what quote_word returns is a buffer of the caller's to free. */
int
print_quoted(const char *word)
{
	char *q = quote_word(word);
	if (strlen(q) > 64)
		return -1; /* expect: leak "string buffer 'q' acquired by 'quote_word' at line 165 is not released on this path" */
	puts(q);
	free(q);
	return 0;
}

/* good (tricky): the data is stored for the caller */
int
build_name(const char *schema, const char *table, char **out)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	appendPQExpBuffer(&buf, "%s.%s", schema, table);
	*out = buf.data;
	return 0;
}

/* good (tricky): the data is freed with free() */
void
print_name(const char *schema, const char *table)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	appendPQExpBuffer(&buf, "%s.%s", schema, table);
	puts(buf.data);
	free(buf.data);
}

static void
append_clause(PQExpBuffer q, const char *column)
{
	appendPQExpBuffer(q, " ORDER BY %s", column);
}

/* good (tricky): lent to a helper of the unit, terminated here */
void
ordered(PGconn *conn, const char *column)
{
	PQExpBufferData q;

	initPQExpBuffer(&q);
	appendPQExpBufferStr(&q, "SELECT * FROM t");
	append_clause(&q, column);
	PQclear(PQexec(conn, q.data));
	termPQExpBuffer(&q);
}

/* good (tricky): a created buffer's data freed by termPQExpBuffer, then
 * the buffer itself by free(): two things, neither released twice */
void
created_then_freed(PGconn *conn)
{
	PQExpBuffer q = createPQExpBuffer();

	appendPQExpBufferStr(q, "SELECT 1");
	PQclear(PQexec(conn, q->data));
	termPQExpBuffer(q);
	free(q);
}

/* good (tricky): a broken buffer holds nothing to terminate */
int
print_joined(const char *a, const char *b)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	appendPQExpBufferStr(&buf, a);
	appendPQExpBufferStr(&buf, b);
	if (PQExpBufferDataBroken(buf))
		return -1;
	puts(buf.data);
	termPQExpBuffer(&buf);
	return 0;
}

/* good (tricky): the same through a pointer */
int
print_into(PQExpBuffer out, const char *a)
{
	initPQExpBuffer(out);
	appendPQExpBufferStr(out, a);
	if (PQExpBufferBroken(out))
		return -1;
	puts(out->data);
	termPQExpBuffer(out);
	return 0;
}

/* BUG: a buffer that is not broken still has to be terminated. */
int
print_short(const char *a)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	appendPQExpBufferStr(&buf, a);
	if (!PQExpBufferDataBroken(buf) && buf.len > 80)
		return -1; /* expect: leak */
	puts(buf.data);
	termPQExpBuffer(&buf);
	return 0;
}

struct scanner {
	PQExpBuffer out;
	const char *at;
};

static void
scan_word(struct scanner *st)
{
	while (*st->at == ' ')
		st->at++;
	while (*st->at && *st->at != ' ')
		appendPQExpBuffer(st->out, "%c", *st->at++);
}

/* good (tricky): the scanner writes into the local buffer through its
 * address while the function runs; the data goes to the caller */
static char *
next_word(struct scanner *st)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	st->out = &buf;
	scan_word(st);
	if (PQExpBufferDataBroken(buf))
		return NULL;
	return buf.data;
}

/* BUG: a comment word is dropped without being freed. */
int
count_words(struct scanner *st)
{
	int n = 0;
	char *w;

	while ((w = next_word(st)) != NULL && w[0] != '\0') {
		if (w[0] == '#')
			return n; /* expect: leak */
		n++;
		free(w);
	}
	free(w);
	return n;
}

static void
put_word(PQExpBuffer out, const char *w)
{
	if (out)
		appendPQExpBufferStr(out, w);
}

/* hands its buffer on only under a test, as a copy (`verbose ? out :
 * NULL`): it never names out->data and only lends out, so it borrows it */
static void
put_options(PQExpBuffer out, int verbose)
{
	put_word(verbose ? out : NULL, " VERBOSE");
}

/* BUG: lent to the helper above, then left on the error path. */
int
vacuum_with(PGconn *conn, int verbose)
{
	PQExpBufferData sql;
	PGresult *res;

	initPQExpBuffer(&sql);
	appendPQExpBufferStr(&sql, "VACUUM");
	put_options(&sql, verbose);
	res = PQexec(conn, sql.data);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		return -1; /* expect: leak */
	}
	PQclear(res);
	termPQExpBuffer(&sql);
	return 0;
}
