/* SPDX-License-Identifier: MIT */
/*
 * txn-open through helpers whose connection parameter is spelt otherwise
 * than `PGconn *`: a typedef of the program's (`DbConn *`), a pointer
 * typedef (`DbHandle`) and the struct's own name (`struct pg_conn *`).
 * Summaries skip the transaction's walk of a parameter whose type cannot
 * be a connection (a string, a FILE *, a struct of the program), so these
 * must be seen as what they are: each helper commits, and its callers
 * leave nothing open; a path that skips the helper still does.
 */
#include <stdio.h>
#include <libpq-fe.h>

typedef PGconn DbConn;
typedef PGconn *DbHandle;

struct job {
	const char *name;
	int tries;
};

static void
commit_db(DbConn *c)
{
	PQclear(PQexec(c, "COMMIT"));
}

static void
commit_handle(DbHandle h)
{
	PQclear(PQexec(h, "COMMIT"));
}

static void
commit_struct(struct pg_conn *c)
{
	PQclear(PQexec(c, "COMMIT"));
}

/* Says what was done; ends nothing. */
static void
note(const char *what, FILE *out, const struct job *j)
{
	fprintf(out, "%s: %s (%d)\n", what, j->name, j->tries);
}

/*
 * OK: each update is committed, on one path by the caller and on the
 * other by a helper, whatever its parameter's spelling.  (Were a helper
 * read as ending nothing, the path through it would leave open what the
 * other path commits.)
 */
int
update_typedef(PGconn *conn, const struct job *j)
{
	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "UPDATE jobs SET tries = tries + 1"));
	note("updated", stderr, j);
	if (j->tries == 0) {
		PQclear(PQexec(conn, "COMMIT"));
		return 0;
	}
	commit_db(conn);
	return 0;
}

int
update_handle(PGconn *conn, const struct job *j)
{
	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "UPDATE jobs SET tries = 0"));
	note("reset", stderr, j);
	if (j->tries == 0) {
		PQclear(PQexec(conn, "COMMIT"));
		return 0;
	}
	commit_handle(conn);
	return 0;
}

int
update_struct(PGconn *conn, const struct job *j)
{
	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "DELETE FROM jobs WHERE tries > 3"));
	note("pruned", stderr, j);
	if (j->tries == 0) {
		PQclear(PQexec(conn, "COMMIT"));
		return 0;
	}
	commit_struct(conn);
	return 0;
}

/*
 * BUG: a failed job returns before the commit; the note on the way ends
 * nothing.
 */
int
update_or_give_up(PGconn *conn, const struct job *j)
{
	PQclear(PQexec(conn, "BEGIN"));
	PQclear(PQexec(conn, "UPDATE jobs SET tries = tries + 1"));
	if (j->tries > 3) {
		note("gave up", stderr, j);
		return -1; /* expect: txn-open */
	}
	commit_db(conn);
	return 0;
}
