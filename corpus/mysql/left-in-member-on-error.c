/* SPDX-License-Identifier: MIT */
/*
 * A handle made into a member of the caller's object is the caller's when
 * the function returns, unless the function itself says otherwise: when
 * one of its error paths releases the member before returning a negative
 * value, another path that returns a negative value with the handle still
 * there leaves it to no one (reduced from OpenSIPS's db_mysql
 * re_init_statement, fixed in 7cdaf26866).
 */
#include <mysql.h>
#include <stdlib.h>
#include <string.h>

struct stmt_ctx {
	MYSQL_STMT *stmt;
	const char *query;
};

int reconnected(MYSQL *conn);

/* BUG: when the retry loop gives up, the statement made in its last round
 * is left in the member; the error label closes it, the loop's exit does
 * not. */
int re_init(MYSQL *conn, struct stmt_ctx *ctx)
{
	for (int i = 0; i < 2; i++) {
		if (!(ctx->stmt = mysql_stmt_init(conn)))
			goto error;
		if (mysql_stmt_prepare(ctx->stmt, ctx->query, strlen(ctx->query)) == 0)
			return 0;
		if (!reconnected(conn))
			break;
		mysql_stmt_close(ctx->stmt);
	}
	return -1; /* expect: leak */
error:
	ctx->stmt = NULL;
	return -1;
}

/* Good: the same, fixed: the loop's exit goes through the cleanup. */
int re_init_fixed(MYSQL *conn, struct stmt_ctx *ctx)
{
	for (int i = 0; i < 2; i++) {
		if (!(ctx->stmt = mysql_stmt_init(conn)))
			return -1;
		if (mysql_stmt_prepare(ctx->stmt, ctx->query, strlen(ctx->query)) == 0)
			return 0;
		mysql_stmt_close(ctx->stmt);
		ctx->stmt = NULL;
		if (!reconnected(conn))
			break;
	}
	return -1;
}

/* Good (tricky): no path of this function releases the member before an
 * error return, so what it leaves there on -1 is the caller's to close
 * (its contract, which closecheck does not know). */
int prepare_only(MYSQL *conn, struct stmt_ctx *ctx)
{
	if (!(ctx->stmt = mysql_stmt_init(conn)))
		return -1;
	if (mysql_stmt_prepare(ctx->stmt, ctx->query, strlen(ctx->query)) != 0)
		return -1;
	return 0;
}

struct item {
	char *name;
	char *value;
};

/* Good (tricky): `free(it->name); it->name = strdup(...)` makes room for a
 * new value; it is no cleanup, and the names left on -1 are the item's. */
int item_set(struct item *it, const char *name, const char *value)
{
	free(it->name);
	it->name = strdup(name);
	if (!it->name)
		return -1;
	if (!value)
		return -2;
	free(it->value);
	it->value = strdup(value);
	return it->value ? 0 : -1;
}

struct buf {
	char *data;
	size_t len;
};

/* Good (tricky): realloc frees the old block only when it returns a new
 * one; the path where it fails returns -1 with the old block still in the
 * member, the caller's: that is no cleanup, and the block left there on
 * -2 is the caller's too. */
int buf_grow(struct buf *b, size_t n, const char *more)
{
	char *p = realloc(b->data, n);
	if (!p)
		return -1;
	b->data = p;
	if (!more)
		return -2;
	b->len = n;
	return 0;
}
