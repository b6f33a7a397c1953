/* SPDX-License-Identifier: MIT */
/*
 * thread-release with SQLite: a database handle or a prepared statement
 * handed to a background thread (checkpointing, vacuuming, streaming rows)
 * and closed or finalized by the creator before the thread is joined.
 * sqlite3_close on a handle another thread is using returns SQLITE_BUSY at
 * best and corrupts the heap at worst (sqlite3_close_v2 then a use).
 */
#include <pthread.h>
#include <threads.h>
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>

/* Thread routines implemented elsewhere. */
void *checkpoint_worker(void *arg);
void *stream_statement(void *arg);
int vacuum_main(void *arg);

struct stream_job {
	sqlite3_stmt *st;
	FILE *out;
	int rows;
};

struct vacuum_job {
	sqlite3 *db;
	int pages;
};

struct backup_job {
	char path[256];
	int rc;
};

/*
 * Thread routine that owns the handle it is given: it runs an incremental
 * vacuum and closes the database.
 */
static void *
vacuum_and_close(void *arg)
{
	sqlite3 *db = arg;
	if (sqlite3_exec(db, "PRAGMA incremental_vacuum(100)", NULL, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "vacuum: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	return NULL;
}

/*
 * Thread routine that opens its own handle on the path it is given; it
 * shares nothing with its creator.
 */
static void *
integrity_check(void *arg)
{
	struct backup_job *job = arg;
	sqlite3 *db = NULL;
	job->rc = sqlite3_open_v2(job->path, &db, SQLITE_OPEN_READONLY, NULL);
	if (job->rc == SQLITE_OK)
		job->rc = sqlite3_exec(db, "PRAGMA quick_check", NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

/*
 * BUG: the checkpoint thread gets the database handle, and the creator
 * closes it when its own work is done, without joining the thread.
 */
int
open_with_checkpointer(const char *path)
{
	sqlite3 *db = NULL;
	pthread_t t;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "open %s: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	pthread_create(&t, NULL, checkpoint_worker, db);
	pthread_detach(t);
	if (sqlite3_exec(db, "INSERT INTO boot(at) VALUES (datetime('now'))", NULL, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "boot row: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db); /* expect: thread-release */
	return 0;
}

/*
 * BUG: a prepared statement goes to a streaming thread inside a struct on
 * the stack; the creator finalizes it before the join.
 */
int
stream_events(sqlite3 *db, FILE *out)
{
	struct stream_job job;
	pthread_t t;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT id, kind, at FROM event ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	job.st = st;
	job.out = out;
	job.rows = 0;
	pthread_create(&t, NULL, stream_statement, &job);
	sqlite3_finalize(st); /* expect: thread-release */
	pthread_join(t, NULL);
	return job.rows;
}

/*
 * BUG: C11 threads with the handle in a struct: the vacuum thread is joined
 * only after the database is closed.
 */
int
vacuum_in_background(const char *path)
{
	struct vacuum_job job = { NULL, 0 };
	thrd_t t;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	job.db = db;
	if (thrd_create(&t, vacuum_main, &job) != thrd_success) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_close(db); /* expect: thread-release */
	thrd_join(t, NULL);
	return job.pages;
}

/*
 * BUG: the normal path joins first, but the error path taken when the
 * schema check fails closes the handle under the running checkpointer.
 */
int
open_checked(const char *path)
{
	sqlite3 *db = NULL;
	pthread_t t;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (pthread_create(&t, NULL, checkpoint_worker, db) != 0) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_exec(db, "SELECT 1 FROM schema_version", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: no schema: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db); /* expect: thread-release */
		return -1;
	}
	pthread_join(t, NULL);
	sqlite3_close(db);
	return 0;
}

/*
 * OK: the streaming thread is joined before its statement is finalized.
 */
int
stream_events_fixed(sqlite3 *db, FILE *out)
{
	struct stream_job job;
	pthread_t t;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT id, kind, at FROM event ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	job.st = st;
	job.out = out;
	job.rows = 0;
	if (pthread_create(&t, NULL, stream_statement, &job) == 0)
		pthread_join(t, NULL);
	sqlite3_finalize(st);
	return job.rows;
}

/*
 * OK: C11 threads, joined before the handle is closed.
 */
int
vacuum_and_wait(const char *path)
{
	struct vacuum_job job = { NULL, 0 };
	thrd_t t;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	job.db = db;
	if (thrd_create(&t, vacuum_main, &job) == thrd_success)
		thrd_join(t, NULL);
	sqlite3_close(db);
	return job.pages;
}

/*
 * OK (tricky): the handle is given to vacuum_and_close, which closes it; the
 * creator only closes it when the thread could not be started.
 */
int
start_vacuum(const char *path)
{
	sqlite3 *db = NULL;
	pthread_t t;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (pthread_create(&t, NULL, vacuum_and_close, db) != 0) {
		sqlite3_close(db);
		return -1;
	}
	pthread_detach(t);
	return 0;
}

/*
 * OK (tricky): the integrity thread opens its own handle from a copy of the
 * path; the creator may close its handle before the join because nothing of
 * it was handed over.
 */
int
write_then_check(const char *path)
{
	struct backup_job job = { "", 0 };
	pthread_t t;
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	snprintf(job.path, sizeof(job.path), "%s", path);
	if (sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "checkpoint: %s\n", sqlite3_errmsg(db));
	if (pthread_create(&t, NULL, integrity_check, &job) != 0) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_close(db);
	pthread_join(t, NULL);
	return job.rc;
}

/*
 * OK (tricky): the error path joins the checkpointer before closing, so
 * every path that closes the handle has joined the thread first.
 */
int
open_checked_fixed(const char *path)
{
	sqlite3 *db = NULL;
	pthread_t t;
	int rc = 0;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (pthread_create(&t, NULL, checkpoint_worker, db) != 0) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_exec(db, "SELECT 1 FROM schema_version", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: no schema: %s\n", path, sqlite3_errmsg(db));
		rc = -1;
	}
	pthread_join(t, NULL);
	sqlite3_close(db);
	return rc;
}
