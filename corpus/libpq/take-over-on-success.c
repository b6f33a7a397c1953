/* SPDX-License-Identifier: MIT */
/*
 * Functions of the program that take a connection over only when they
 * succeed: register_conn() stores it in the pool and returns 0, or returns
 * -1 and stores nothing; pool_add() says the same with true/false;
 * close_if_idle() closes it and returns 0, or leaves it open and returns -1.
 * The caller still owns the connection on the failure result: forgetting
 * PQfinish there is a leak, calling it there is right, and releasing what
 * the callee already closed is a double release.
 */
#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

struct pool {
	PGconn *conn[8];
	int n;
	int busy;
};

/* Stores c and returns 0; -1 when the pool is full (c stays the caller's). */
static int
register_conn(struct pool *p, PGconn *c)
{
	if (p->n >= 8)
		return -1;
	p->conn[p->n++] = c;
	return 0;
}

/* The same, as a bool: true when it kept c. */
static bool
pool_add(struct pool *p, PGconn *c)
{
	if (p->n >= 8 || PQstatus(c) != CONNECTION_OK)
		return false;
	p->conn[p->n++] = c;
	return true;
}

/* Closes c and returns 0, unless the pool is busy: then -1 and c is open. */
static int
close_if_idle(struct pool *p, PGconn *c)
{
	if (p->busy)
		return -1;
	PQfinish(c);
	return 0;
}

/* The same with the result in a variable: rc is -1 until the store. */
static int
register_rc(struct pool *p, PGconn *c)
{
	int rc = -1;
	if (p->n < 8) {
		p->conn[p->n++] = c;
		rc = 0;
	}
	return rc;
}

/* ... and chosen by `?:` from a flag. */
static int
register_flag(struct pool *p, PGconn *c)
{
	bool room = p->n < 8;
	if (room)
		p->conn[p->n++] = c;
	return room ? 0 : -1;
}

/*
 * BUG: the pool was full, register_conn kept nothing, and the connection is
 * dropped.
 */
void
connect_one(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return;
	}
	if (register_conn(p, c) != 0)
		return; /* expect: leak */
}

/*
 * OK: the fix: the failure result closes it; on success the pool owns it.
 */
void
connect_one_fixed(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return;
	}
	if (register_conn(p, c) != 0) {
		PQfinish(c);
		return;
	}
}

/*
 * OK (tricky): the result kept in a variable and tested later, the other
 * way round.
 */
int
connect_kept(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	int rc = register_conn(p, c);
	if (rc == 0)
		return 0;
	PQfinish(c);
	return -1;
}

/*
 * BUG: pool_add said false, and the connection is lost with it.
 */
int
add_replica(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (!pool_add(p, c))
		return -1; /* expect: leak */
	return 0;
}

/*
 * OK (tricky): the same with the connection closed when pool_add refused
 * it; a result never tested counts as success.
 */
int
add_replica_fixed(struct pool *p, const char *dsn, const char *dsn2)
{
	PGconn *c = PQconnectdb(dsn);
	if (!pool_add(p, c)) {
		PQfinish(c);
		return -1;
	}
	pool_add(p, PQconnectdb(dsn2));
	return 0;
}

/*
 * BUG: close_if_idle already closed it when it returned 0.
 */
void
retire(struct pool *p, PGconn *c)
{
	if (close_if_idle(p, c) == 0)
		PQfinish(c); /* expect: double-release */
}

/*
 * OK (tricky): closed by close_if_idle, or here when it could not.
 */
void
retire_fixed(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (close_if_idle(p, c) != 0)
		PQfinish(c);
}

/*
 * BUG: the busy pool kept it open, and nobody closes it.
 */
void
retire_new(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (close_if_idle(p, c) != 0)
		return; /* expect: leak */
}

/*
 * BUG: register_rc's -1 leaves the connection here.
 */
void
connect_rc(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (register_rc(p, c) < 0)
		return; /* expect: leak */
}

/*
 * OK: closed when register_flag refused it.
 */
void
connect_flag(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (register_flag(p, c) != 0)
		PQfinish(c);
}

/*
 * BUG: register_flag said no, and the early return forgets it.
 */
int
connect_flag_lost(struct pool *p, const char *dsn)
{
	PGconn *c = PQconnectdb(dsn);
	if (register_flag(p, c) != 0)
		return -1; /* expect: leak */
	return 0;
}
