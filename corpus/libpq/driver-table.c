/* SPDX-License-Identifier: MIT */
/*
 * Functions put into one table of function pointers (a driver) are called
 * by a framework on the same object, from code closecheck does not see.
 * When the driver's open function leaves a connection in a member of the
 * object and its close function frees the object without closing it, and
 * nothing else in the file closes that member, every connection the
 * driver opens is lost at close.
 */
#include <libpq-fe.h>
#include <stdlib.h>

struct db_handle {
	PGconn *conn;
	char *dsn;
	int refs;
};

struct db_driver {
	const char *name;
	int (*open)(struct db_handle *h);
	void (*close)(struct db_handle *h);
	void (*disconnect)(struct db_handle *h);
};

/* opens h->conn: 0 with it there, -1 with nothing */
static int
lite_open(struct db_handle *h)
{
	h->conn = PQconnectdb(h->dsn);
	if (PQstatus(h->conn) != CONNECTION_OK) {
		PQfinish(h->conn);
		h->conn = NULL;
		return -1;
	}
	return 0;
}

/* BUG: frees the handle and its string, never the connection. */
static void
lite_close(struct db_handle *h)
{
	free(h->dsn);
	free(h); /* expect: leak "connection 'h->conn' acquired by 'lite_open' at line 30 is lost: 'h', which holds it, is released here" */
}

const struct db_driver lite_driver = {
	.name = "lite",
	.open = lite_open,
	.close = lite_close,
};

/* The same driver, fixed. */
struct good_handle {
	PGconn *conn;
	char *dsn;
};

struct good_driver {
	const char *name;
	int (*open)(struct good_handle *h);
	void (*close)(struct good_handle *h);
};

static int
good_open(struct good_handle *h)
{
	h->conn = PQconnectdb(h->dsn);
	if (PQstatus(h->conn) != CONNECTION_OK) {
		PQfinish(h->conn);
		h->conn = NULL;
		return -1;
	}
	return 0;
}

static void
good_close(struct good_handle *h)
{
	PQfinish(h->conn);
	free(h->dsn);
	free(h);
}

struct good_driver good_driver = {"good", good_open, good_close};

/* Good (tricky): the driver's disconnect closes the connection, which the
 * framework calls before close: nothing is lost at the free. */
struct pooled {
	PGconn *conn;
	char *dsn;
};

struct pool_driver {
	int (*open)(struct pooled *p);
	void (*disconnect)(struct pooled *p);
	void (*close)(struct pooled *p);
};

static int
pooled_open(struct pooled *p)
{
	p->conn = PQconnectdb(p->dsn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		PQfinish(p->conn);
		p->conn = NULL;
		return -1;
	}
	return 0;
}

static void
pooled_disconnect(struct pooled *p)
{
	PQfinish(p->conn);
	p->conn = NULL;
}

static void
pooled_close(struct pooled *p)
{
	free(p->dsn);
	free(p);
}

struct pool_driver pool_driver = {pooled_open, pooled_disconnect, pooled_close};

/* Good (tricky): close frees the object only when the last reference
 * goes: not a function that frees it on every path. */
struct shared {
	PGconn *conn;
	int refs;
};

struct shared_driver {
	int (*open)(struct shared *s);
	void (*close)(struct shared *s);
};

static int
shared_open(struct shared *s)
{
	s->conn = PQconnectdb("");
	if (PQstatus(s->conn) != CONNECTION_OK) {
		PQfinish(s->conn);
		s->conn = NULL;
		return -1;
	}
	return 0;
}

static void
shared_close(struct shared *s)
{
	if (--s->refs == 0)
		free(s);
}

struct shared_driver shared_driver = {shared_open, shared_close};
