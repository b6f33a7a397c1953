/* SPDX-License-Identifier: MIT */
/*
 * txn-wrong-handle with connections kept in struct members and array
 * elements: ctx->conns[0] and ctx->conns[1], shard->rw and shard->ro,
 * conns[i] and conns[j] are different connections when their places
 * differ, and the same connection when the place is the same.
 */
#include <libpq-fe.h>

struct cluster {
	PGconn *conns[2];
	PGconn *rw, *ro;
	int n;
};

/*
 * BUG: the check runs on the second node while the first one's transaction
 * holds the rows it reads.
 */
int
move_between_nodes(struct cluster *ctx, const char *id)
{
	const char *params[1] = { id };

	PQclear(PQexec(ctx->conns[0], "BEGIN"));
	PQclear(PQexecParams(ctx->conns[0], "DELETE FROM queue WHERE id = $1", 1, NULL, params, NULL, NULL, 0));
	PQclear(PQexecParams(ctx->conns[1], "INSERT INTO queue_log VALUES ($1)", 1, NULL, params, NULL, NULL, 0)); /* expect: txn-wrong-handle "statement on 'ctx->conns[1]' runs while the transaction begun on 'ctx->conns[0]' at line 25 is still open; it needs a second connection (use 'ctx->conns[0]', or end the transaction first)" */
	PQclear(PQexec(ctx->conns[0], "COMMIT"));
	return 0;
}

/*
 * OK: every statement on the same element.
 */
int
move_on_one_node(struct cluster *ctx, const char *id)
{
	const char *params[1] = { id };

	PQclear(PQexec(ctx->conns[0], "BEGIN"));
	PQclear(PQexecParams(ctx->conns[0], "DELETE FROM queue WHERE id = $1", 1, NULL, params, NULL, NULL, 0));
	PQclear(PQexecParams(ctx->conns[0], "INSERT INTO queue_log VALUES ($1)", 1, NULL, params, NULL, NULL, 0));
	PQclear(PQexec(ctx->conns[0], "COMMIT"));
	return 0;
}

/*
 * BUG: COMMIT sent to the other element ends nothing of this transaction:
 * it is a statement on another connection, and the transaction is still
 * open at the return.
 */
int
commit_on_wrong_node(struct cluster *ctx, int fail)
{
	PQclear(PQexec(ctx->conns[0], "BEGIN"));
	if (fail) {
		PQclear(PQexec(ctx->conns[0], "ROLLBACK"));
		return -1;
	}
	PQclear(PQexec(ctx->conns[1], "COMMIT")); /* expect: txn-wrong-handle */
	return 0; /* expect: txn-open */
}

/*
 * BUG: members: the read-only member inside the read-write member's
 * transaction.
 */
int
promote(struct cluster *ctx)
{
	PQclear(PQexec(ctx->rw, "BEGIN"));
	PQclear(PQexec(ctx->ro, "SELECT pg_is_in_recovery()")); /* expect: txn-wrong-handle "statement on 'ctx->ro' runs while the transaction begun on 'ctx->rw' at line 71 is still open; it needs a second connection (use 'ctx->rw', or end the transaction first)" */
	PQclear(PQexec(ctx->rw, "COMMIT"));
	return 0;
}

/*
 * OK (tricky): without a replica the read-only member is the read-write
 * one: a copy, so one connection.
 */
int
promote_single(struct cluster *ctx)
{
	if (!ctx->ro)
		ctx->ro = ctx->rw;
	PQclear(PQexec(ctx->rw, "BEGIN"));
	PQclear(PQexec(ctx->ro, "SELECT 1"));
	PQclear(PQexec(ctx->rw, "COMMIT"));
	return 0;
}

/*
 * BUG: elements chosen by two indexes: the statement goes to conns[j].
 */
int
copy_row(PGconn **conns, int i, int j)
{
	PQclear(PQexec(conns[i], "BEGIN"));
	PQclear(PQexec(conns[i], "UPDATE t SET moved = true"));
	PQclear(PQexec(conns[j], "INSERT INTO t SELECT 1")); /* expect: txn-wrong-handle */
	PQclear(PQexec(conns[i], "COMMIT"));
	return 0;
}

/*
 * OK: the same index each time.
 */
int
copy_row_fixed(PGconn **conns, int i)
{
	PQclear(PQexec(conns[i], "BEGIN"));
	PQclear(PQexec(conns[i], "UPDATE t SET moved = true"));
	PQclear(PQexec(conns[i], "INSERT INTO t SELECT 1"));
	PQclear(PQexec(conns[i], "COMMIT"));
	return 0;
}

/*
 * BUG: a local array of two connections; the second one runs inside the
 * first one's transaction.
 */
int
two_local(const char *a, const char *b)
{
	PGconn *conns[2];

	conns[0] = PQconnectdb(a);
	conns[1] = PQconnectdb(b);
	PQclear(PQexec(conns[0], "BEGIN"));
	PQclear(PQexec(conns[1], "SELECT 1")); /* expect: txn-wrong-handle */
	PQclear(PQexec(conns[0], "COMMIT"));
	PQfinish(conns[0]);
	PQfinish(conns[1]);
	return 0;
}

/*
 * OK (tricky): the second element is used after the commit.
 */
int
two_local_fixed(const char *a, const char *b)
{
	PGconn *conns[2];

	conns[0] = PQconnectdb(a);
	conns[1] = PQconnectdb(b);
	PQclear(PQexec(conns[0], "BEGIN"));
	PQclear(PQexec(conns[0], "SELECT 1"));
	PQclear(PQexec(conns[0], "COMMIT"));
	PQclear(PQexec(conns[1], "SELECT 1"));
	PQfinish(conns[0]);
	PQfinish(conns[1]);
	return 0;
}
