/* SPDX-License-Identifier: MIT */
/*
 * A statement kept in a member, closed and set to NULL on a reconnect and
 * made again lazily, tested against NULL where it is made again (reduced
 * from OpenSIPS's db_mysql, fixed in 826bc820ea and 8f4dd5b124).
 * mysql_stmt_close(NULL) dereferences it: every close of that member must
 * test it first (the mysql pack's `rejects_null`).  Reported as a
 * double-release: the first release made it NULL.
 */
#include <mysql.h>
#include <stddef.h>

struct stmt_ctx {
	MYSQL_STMT *stmt;
	const char *query;
	struct stmt_ctx *next;
};

/* BUG: run twice (a second reconnect before the statements are made
 * again), it closes NULL. */
void reset_all(struct stmt_ctx *list)
{
	for (struct stmt_ctx *ctx = list; ctx; ctx = ctx->next) {
		mysql_stmt_close(ctx->stmt); /* expect: double-release "statement 'ctx->stmt' may be NULL here: 'reset_all' sets it to NULL after releasing it, and 'mysql_stmt_close' must not be given NULL" */
		ctx->stmt = NULL;
	}
}

/* Good: the statement is made again where it is NULL. */
int prepare_again(MYSQL *conn, struct stmt_ctx *ctx)
{
	if (ctx->stmt == NULL) {
		ctx->stmt = mysql_stmt_init(conn);
		if (ctx->stmt == NULL)
			return -1;
		if (mysql_stmt_prepare(ctx->stmt, ctx->query, 10) != 0) {
			mysql_stmt_close(ctx->stmt);
			ctx->stmt = NULL;
			return -1;
		}
	}
	return 0;
}

/* BUG: freeing the list closes what a reset left NULL. */
void free_all(struct stmt_ctx *list)
{
	struct stmt_ctx *next;
	for (struct stmt_ctx *ctx = list; ctx; ctx = next) {
		next = ctx->next;
		mysql_stmt_close(ctx->stmt); /* expect: double-release */
	}
}

/* Good: the fixed forms test the member first. */
void reset_all_fixed(struct stmt_ctx *list)
{
	for (struct stmt_ctx *ctx = list; ctx; ctx = ctx->next) {
		if (ctx->stmt)
			mysql_stmt_close(ctx->stmt);
		ctx->stmt = NULL;
	}
}

/* BUG: when mysql_stmt_init fails, the error path closes NULL. */
int init_one(MYSQL *conn, struct stmt_ctx *ctx)
{
	if (!(ctx->stmt = mysql_stmt_init(conn)))
		goto error;
	if (mysql_stmt_prepare(ctx->stmt, ctx->query, 10) != 0)
		goto error;
	return 0;
error:
	mysql_stmt_close(ctx->stmt); /* expect: double-release */
	ctx->stmt = NULL;
	return -1;
}

/* Good (tricky): a helper given the context may make the statement, so
 * nothing is said of it after the call. */
int helper_fills(MYSQL *conn, struct stmt_ctx *ctx);
void use_after_helper(MYSQL *conn, struct stmt_ctx *ctx)
{
	if (helper_fills(conn, ctx) != 0)
		return;
	mysql_stmt_close(ctx->stmt);
	ctx->stmt = NULL;
}
