/* SPDX-License-Identifier: MIT */
/*
 * A statement prepared into a member of the caller's connection object is
 * the caller's when the function returns, unless the function says
 * otherwise: when one of its error paths finalizes the member itself
 * (directly, resetting it to NULL, or through a helper of the file) before
 * returning a negative value, another path that returns a negative value
 * with the statement still there leaves it to no one.  Reduced from
 * OpenSIPS's db_sqlite query functions (fixed in bdd97c5047, where the
 * member is reached through a cast of the tail: the forms at the end, the
 * helper's one checking its handle for NULL first). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct lite_conn {
	sqlite3 *db;
	sqlite3_stmt *cur;
	int rows;
};

struct rows;

int fetch_all(const struct lite_conn *c, struct rows **out);
int count_matches(const struct lite_conn *c, const char *q);

/* finalizes the statement in progress and frees what was fetched */
static void
drop_rows(struct lite_conn *c, struct rows *r)
{
	if (c->cur) {
		sqlite3_finalize(c->cur);
		c->cur = NULL;
	}
	free(r);
}

/* BUG: with no result wanted, a failed count returns -1 with the statement
 * left in c->cur; the other error path drops it through drop_rows(). */
int
lite_query(struct lite_conn *c, const char *q, struct rows **out)
{
	int ret = sqlite3_prepare_v2(c->db, q, -1, &c->cur, NULL);
	if (ret != SQLITE_OK)
		return -1;
	if (out) {
		ret = fetch_all(c, out);
	} else {
		ret = count_matches(c, q);
		if (ret >= 0) {
			c->rows = ret;
			ret = 0;
		}
	}
	if (ret < 0 && out)
		drop_rows(c, *out);
	return ret; /* expect: leak "statement 'c->cur' acquired by 'sqlite3_prepare_v2' at line 43 is not released on this path" */
}

/* Good: the same, fixed: every negative return drops the statement. */
int
lite_query_fixed(struct lite_conn *c, const char *q, struct rows **out)
{
	int ret = sqlite3_prepare_v2(c->db, q, -1, &c->cur, NULL);
	if (ret != SQLITE_OK)
		return -1;
	if (out) {
		ret = fetch_all(c, out);
	} else {
		ret = count_matches(c, q);
		if (ret >= 0) {
			c->rows = ret;
			ret = 0;
		}
	}
	if (ret < 0) {
		if (out) {
			drop_rows(c, *out);
		} else {
			sqlite3_finalize(c->cur);
			c->cur = NULL;
		}
	}
	return ret;
}

/* BUG: a failed bind finalizes and resets the member before -1; a failed
 * count returns -1 with the statement still there. */
int
lite_count(struct lite_conn *c, const char *q, int n)
{
	if (sqlite3_prepare_v2(c->db, q, -1, &c->cur, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_int(c->cur, 1, n) != SQLITE_OK) {
		sqlite3_finalize(c->cur);
		c->cur = NULL;
		return -1;
	}
	if (count_matches(c, q) < 0)
		return -1; /* expect: leak */
	return 0;
}

/* Good (tricky): no path finalizes the member before an error return, so
 * what it leaves there on -1 is the caller's to finalize (its contract). */
int
lite_prepare_only(struct lite_conn *c, const char *q)
{
	if (sqlite3_prepare_v2(c->db, q, -1, &c->cur, NULL) != SQLITE_OK)
		return -1;
	if (count_matches(c, q) < 0)
		return -1;
	return 0;
}

/* Good (tricky): the statement finalized and reset first is the one the
 * caller left there, not one this function made: no cleanup of its own,
 * and the new statement left on -2 is the caller's. */
int
lite_replace(struct lite_conn *c, const char *q)
{
	sqlite3_finalize(c->cur);
	c->cur = NULL;
	if (!q)
		return -1;
	if (sqlite3_prepare_v2(c->db, q, -1, &c->cur, NULL) != SQLITE_OK)
		return -1;
	if (count_matches(c, q) < 0)
		return -2;
	return 0;
}

/* Good (tricky): the test that guards the cleanup is of a value written
 * again before the return: nothing says the return is negative there, so
 * the cleanup is not known to be an error path's. */
int
lite_retry(struct lite_conn *c, const char *q)
{
	int ret = sqlite3_prepare_v2(c->db, q, -1, &c->cur, NULL);
	if (ret != SQLITE_OK)
		return -1;
	ret = count_matches(c, q);
	if (ret < 0) {
		sqlite3_finalize(c->cur);
		c->cur = NULL;
		ret = count_matches(c, NULL);
		return ret;
	}
	if (ret > 100)
		return -1;
	return 0;
}

/* The OpenSIPS form: the connection's state hangs off an opaque tail. */
struct db_handle {
	const char *table;
	void *tail;
};

#define TAIL_CUR(h) (((struct lite_conn *)((h)->tail))->cur)
#define TAIL_DB(h) (((struct lite_conn *)((h)->tail))->db)

int tail_count(const struct db_handle *h);

/* BUG: the member is two levels down (h->tail->cur, through a cast): the
 * error path after the first one leaves the statement there, and the
 * function's own cleanup says a negative return must not. */
int
tail_query(const struct db_handle *h, const char *q, int want)
{
	if (sqlite3_prepare_v2(TAIL_DB(h), q, -1, &TAIL_CUR(h), NULL) != SQLITE_OK)
		return -1;
	if (want && tail_count(h) < 0) {
		sqlite3_finalize(TAIL_CUR(h));
		TAIL_CUR(h) = NULL;
		return -1;
	}
	if (tail_count(h) < 0)
		return -1; /* expect: leak "statement 'h->tail->cur' acquired by 'sqlite3_prepare_v2' at line 171 is not released on this path" */
	return 0;
}

/* frees the tail's statement, as OpenSIPS's db_sqlite_free_result() */
int
tail_free_result(struct db_handle *h, struct rows *r)
{
	if (!h)
		return -1;
	if (TAIL_CUR(h)) {
		sqlite3_finalize(TAIL_CUR(h));
		TAIL_CUR(h) = NULL;
	}
	free(r);
	return 0;
}

static int
tail_free_result_internal(const struct db_handle *h, struct rows *r)
{
	return tail_free_result(*(struct db_handle **)&h, r);
}

int tail_fetch(const struct db_handle *h, struct rows **out);

/* BUG: OpenSIPS bdd97c5047's parent: the helper's cleanup runs only when a
 * result was wanted; without one, a failed count returns with the
 * statement still in h->tail->cur */
int
tail_query_helped(const struct db_handle *h, const char *q, struct rows **r)
{
	int ret;

	ret = sqlite3_prepare_v2(TAIL_DB(h), q, -1, &TAIL_CUR(h), NULL);
	if (ret != SQLITE_OK)
		return -1;
	if (r) {
		ret = tail_fetch(h, r);
	} else {
		ret = tail_count(h);
		if (ret >= 0)
			ret = 0;
	}
	if (ret < 0 && r)
		tail_free_result_internal(h, *r);
	return ret; /* expect: leak "statement 'h->tail->cur' acquired by 'sqlite3_prepare_v2' at line 213 is not released on this path" */
}

/* OK: the fix: without a result, the statement is finalized here */
int
tail_query_helped_fixed(const struct db_handle *h, const char *q, struct rows **r)
{
	int ret;

	ret = sqlite3_prepare_v2(TAIL_DB(h), q, -1, &TAIL_CUR(h), NULL);
	if (ret != SQLITE_OK)
		return -1;
	if (r) {
		ret = tail_fetch(h, r);
	} else {
		ret = tail_count(h);
		if (ret >= 0)
			ret = 0;
	}
	if (ret < 0) {
		if (r) {
			tail_free_result_internal(h, *r);
		} else if (TAIL_CUR(h)) {
			sqlite3_finalize(TAIL_CUR(h));
			TAIL_CUR(h) = NULL;
		}
	}
	return ret;
}
