/* SPDX-License-Identifier: MIT */
/*
 * loop-release with SQLite: a statement prepared in every iteration of a
 * loop and finalized only after it.  Each unfinalized statement keeps its
 * memory and, while it is not reset, a read transaction that blocks
 * checkpoints and writers on other connections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

static void
finalize_stmt(sqlite3_stmt **st)
{
	sqlite3_finalize(*st);
}

/*
 * BUG: counts the rows of each table with a statement prepared per table;
 * the statements are finalized only after the loop, so all but the last one
 * stay alive.
 */
long
count_all_rows(sqlite3 *db, const char *const *tables, int n)
{
	sqlite3_stmt *st = NULL;
	char sql[256];
	long total = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", tables[i]);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) { /* expect: loop-release */
			fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
			break;
		}
		if (sqlite3_step(st) == SQLITE_ROW)
			total += sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return total;
}

/*
 * BUG: imports key/value lines from a file; each line prepares its own
 * INSERT, and the statements pile up until the cleanup label after the
 * while loop finalizes the last one.
 */
int
import_settings(sqlite3 *db, FILE *in)
{
	sqlite3_stmt *st = NULL;
	char line[512];
	int rc = 0;

	while (fgets(line, sizeof(line), in)) {
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		eq[1 + strcspn(eq + 1, "\n")] = '\0';
		if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK) { /* expect: loop-release */
			rc = -1;
			goto out;
		}
		sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, eq + 1, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "insert %s: %s\n", line, sqlite3_errmsg(db));
			rc = -1;
			goto out;
		}
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * BUG: the statement variable is a cleanup variable of the function scope,
 * so finalize_stmt runs once at return: the `defer stmt.Close()` in a loop
 * of seed 000, in C.
 */
int
purge_expired(sqlite3 *db, const long *cutoffs, int n)
{
	__attribute__((cleanup(finalize_stmt))) sqlite3_stmt *st = NULL;

	for (int i = 0; i < n; i++) {
		if (sqlite3_prepare_v2(db, "DELETE FROM session WHERE expires < ?1", -1, &st, NULL) != SQLITE_OK) /* expect: loop-release */
			return -1;
		sqlite3_bind_int64(st, 1, cutoffs[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/*
 * BUG: a do/while over the schema versions still to apply; each version's
 * lookup statement replaces the previous one without a finalize.
 */
int
latest_migration(sqlite3 *db, int from)
{
	sqlite3_stmt *st = NULL;
	int version = from;
	int step = SQLITE_DONE;

	do {
		if (sqlite3_prepare_v2(db, "SELECT version FROM migration WHERE version = ?1 + 1", -1, &st, NULL) != SQLITE_OK) /* expect: loop-release */
			break;
		sqlite3_bind_int(st, 1, version);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
	} while (step == SQLITE_ROW);
	sqlite3_finalize(st);
	return version;
}

/*
 * OK: the fix of count_all_rows: each per-table statement is finalized in
 * the body before the next table is looked at.
 */
long
count_all_rows_fixed(sqlite3 *db, const char *const *tables, int n)
{
	char sql[256];
	long total = 0;

	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = NULL;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", tables[i]);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
			break;
		}
		if (sqlite3_step(st) == SQLITE_ROW)
			total += sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return total;
}

/*
 * OK (tricky): the usual SQLite idiom: one statement prepared before the
 * loop, reset and rebound in every iteration, finalized after the loop.  It
 * is released after the loop but acquired only once.
 */
int
import_settings_fixed(sqlite3 *db, FILE *in)
{
	sqlite3_stmt *st = NULL;
	char line[512];
	int rc = 0;

	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (fgets(line, sizeof(line), in)) {
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		eq[1 + strcspn(eq + 1, "\n")] = '\0';
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, eq + 1, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "insert %s: %s\n", line, sqlite3_errmsg(db));
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * OK (tricky): the cleanup variable is declared in the loop body, so the
 * statement is finalized at the end of each iteration (and on the early
 * returns).
 */
int
purge_expired_fixed(sqlite3 *db, const long *cutoffs, int n)
{
	for (int i = 0; i < n; i++) {
		__attribute__((cleanup(finalize_stmt))) sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, "DELETE FROM session WHERE expires < ?1", -1, &st, NULL) != SQLITE_OK)
			return -1;
		sqlite3_bind_int64(st, 1, cutoffs[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/*
 * OK (tricky): the statement is prepared lazily, only in the iteration where
 * it is still NULL; later iterations reuse it, so the single finalize after
 * the loop releases the only statement there ever was.
 */
int
tag_files(sqlite3 *db, const char *const *paths, int n, const char *tag)
{
	sqlite3_stmt *st = NULL;
	int tagged = 0;

	for (int i = 0; i < n; i++) {
		if (st == NULL) {
			if (sqlite3_prepare_v2(db, "UPDATE file SET tag = ?2 WHERE path = ?1", -1, &st, NULL) != SQLITE_OK)
				break;
		} else {
			sqlite3_reset(st);
		}
		sqlite3_bind_text(st, 1, paths[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE)
			tagged++;
	}
	sqlite3_finalize(st);
	return tagged;
}

/*
 * OK: each statement of a semicolon-separated script is prepared, stepped to
 * the end and finalized before the tail is prepared.
 */
int
exec_script(sqlite3 *db, const char *sql)
{
	const char *tail = sql;

	while (tail && *tail) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
			fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
			return -1;
		}
		if (!st)
			continue;
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		if (sqlite3_finalize(st) != SQLITE_OK) {
			fprintf(stderr, "step: %s\n", sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}

/*
 * OK (tricky): tries the candidate database files in order.  A handle is
 * opened in every iteration and the one kept is closed after the loop, but
 * each failed open is closed before the next attempt.
 */
int
read_schema_version(const char *const *paths, int n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int version = -1;

	for (int i = 0; i < n; i++) {
		if (sqlite3_open_v2(paths[i], &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
			break;
		sqlite3_close(db);
		db = NULL;
	}
	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return version;
}
