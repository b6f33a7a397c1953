/* SPDX-License-Identifier: MIT */
/*
 * A pointer tested against NULL earlier (`if (st) ...` at the cleanup
 * label, so its NULL start is followed) and then given by address to a
 * call that fills it (`sqlite3_prepare_v2(..., &st, ...)`) holds what the
 * call stored: the test after the call can go either way.  Taking the old
 * NULL for still true hid every path through the rest of the loop, and
 * with it a stream opened again in each round.  A status given by address
 * (`idxMalloc(&rc, n)` in SQLite's shell) is another matter: the helper
 * sets it only when it fails, and the test of it after the call is what
 * tells the paths apart, so what was known of it is kept.
 */
#include <stdio.h>
#include <sqlite3.h>

int more_tables(void);

/* bad: a new log stream every round, closed once after the loop */
int scan_tables(sqlite3 *db)
{
	FILE *log = NULL;
	sqlite3_stmt *st = NULL;
	while (more_tables()) {
		log = fopen("scan.log", "a"); /* expect: loop-release */
		if (!log)
			goto out;
		(void)sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL);
		if (!st)
			goto out;
		sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
	}
out:
	if (log)
		fclose(log);
	if (st)
		sqlite3_finalize(st);
	return 0;
}

/* good: the stream of each round is closed in that round */
int scan_tables_closed(sqlite3 *db)
{
	FILE *log = NULL;
	sqlite3_stmt *st = NULL;
	while (more_tables()) {
		log = fopen("scan.log", "a");
		if (!log)
			goto out;
		(void)sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL);
		if (!st)
			goto out;
		sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		fclose(log);
		log = NULL;
	}
out:
	if (log)
		fclose(log);
	if (st)
		sqlite3_finalize(st);
	return 0;
}

struct entry {
	struct entry *next;
	int id;
};

static void *alloc_or_flag(int *rc, int n)
{
	void *p = sqlite3_malloc(n);
	if (!p)
		*rc = SQLITE_NOMEM;
	return p;
}

/* good: the entry is linked in exactly when the status says it was made */
int add_entry(struct entry **head, int id)
{
	int rc = SQLITE_OK;
	struct entry *e = alloc_or_flag(&rc, (int)sizeof(*e));
	if (rc == SQLITE_OK) {
		e->id = id;
		e->next = *head;
		*head = e;
	}
	return rc;
}
