/* SPDX-License-Identifier: MIT */
/*
 * thread-release with the MariaDB/MySQL C API: a MYSQL connection or a
 * MYSQL_RES handed to a thread (pthread_create or C11 thrd_create) and
 * closed or freed by its creator before the thread is joined.  Seed 000's
 * second bug (`defer db.Close()` + `go mailer.SendMail(db, ...)`) ran on
 * MySQL: the mail goroutine found its connection closed under it.
 */
#include <pthread.h>
#include <threads.h>
#include <stdio.h>
#include <stdlib.h>
#include <mysql.h>

/* Thread routines implemented elsewhere. */
void *stream_rows(void *arg);
void *write_csv(void *arg);
int index_documents(void *arg);
void *send_newsletter(void *arg);

struct csv_job {
	MYSQL_RES *rs;
	FILE *out;
	long rows;
};

struct newsletter_job {
	MYSQL *conn;
	int campaign_id;
};

/* Opens a connection to the application database, or returns NULL. */
static MYSQL *
open_app_db(const char *host, const char *user, const char *pass)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return NULL;
	if (!mysql_real_connect(m, host, user, pass, "app", 0, NULL, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

/*
 * Thread routine that owns its connection: it registers itself with the
 * client library, runs the purge, and closes the connection.
 */
static void *
purge_and_close(void *arg)
{
	MYSQL *m = arg;
	mysql_thread_init();
	if (mysql_query(m, "DELETE FROM session WHERE expires < NOW()"))
		fprintf(stderr, "purge: %s\n", mysql_error(m));
	mysql_close(m);
	mysql_thread_end();
	return NULL;
}

/*
 * BUG: the request hands its per-tenant connection to a streaming thread and
 * closes it when the request ends, without waiting for the thread.
 */
int
serve_export(const char *host, const char *user, const char *pass)
{
	pthread_t t;
	MYSQL *conn = open_app_db(host, user, pass);
	if (!conn)
		return -1;
	if (pthread_create(&t, NULL, stream_rows, conn) != 0) {
		mysql_close(conn);
		return -1;
	}
	pthread_detach(t);
	mysql_close(conn); /* expect: thread-release */
	return 0;
}

/*
 * BUG: the CSV writer thread reads the rows of a stored result passed inside
 * a struct; the creator frees the result before joining the writer.
 */
long
export_customers_csv(MYSQL *conn, FILE *out)
{
	struct csv_job job;
	pthread_t t;
	MYSQL_RES *rs;

	if (mysql_query(conn, "SELECT id, email, created FROM customer"))
		return -1;
	rs = mysql_store_result(conn);
	if (!rs)
		return -1;
	job.rs = rs;
	job.out = out;
	job.rows = 0;
	if (pthread_create(&t, NULL, write_csv, &job) != 0) {
		mysql_free_result(rs);
		return -1;
	}
	mysql_free_result(rs); /* expect: thread-release */
	pthread_join(t, NULL);
	return job.rows;
}

/*
 * BUG: C11 threads: the indexer runs on the connection while the creator
 * closes it, and thrd_join comes only afterwards.
 */
int
reindex_async(const char *host, const char *user, const char *pass)
{
	thrd_t t;
	int res = 0;
	MYSQL *conn = mysql_init(NULL);
	if (!conn)
		return -1;
	if (!mysql_real_connect(conn, host, user, pass, "search", 0, NULL, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(conn));
		mysql_close(conn);
		return -1;
	}
	if (thrd_create(&t, index_documents, conn) != thrd_success) {
		mysql_close(conn);
		return -1;
	}
	mysql_close(conn); /* expect: thread-release */
	thrd_join(t, &res);
	return res;
}

/*
 * BUG: the newsletter job is a heap object holding the connection; the
 * detached thread may still be sending when the creator closes it.
 */
int
queue_newsletter(const char *host, const char *user, const char *pass, int campaign)
{
	pthread_t t;
	struct newsletter_job *j;
	MYSQL *conn = mysql_init(NULL);
	if (!conn)
		return -1;
	if (!mysql_real_connect(conn, host, user, pass, "mail", 0, NULL, 0)) {
		mysql_close(conn);
		return -1;
	}
	j = malloc(sizeof(*j));
	if (!j) {
		mysql_close(conn);
		return -1;
	}
	j->conn = conn;
	j->campaign_id = campaign;
	pthread_create(&t, NULL, send_newsletter, j);
	pthread_detach(t);
	mysql_close(conn); /* expect: thread-release */
	return 0;
}

/*
 * OK: C11 threads, joined before the connection is closed.
 */
int
reindex_and_wait(const char *host, const char *user, const char *pass)
{
	thrd_t t;
	int res = -1;
	MYSQL *conn = open_app_db(host, user, pass);
	if (!conn)
		return -1;
	if (thrd_create(&t, index_documents, conn) == thrd_success)
		thrd_join(t, &res);
	mysql_close(conn);
	return res;
}

/*
 * OK: the CSV writer is joined before the result it reads is freed.
 */
long
export_customers_csv_fixed(MYSQL *conn, FILE *out)
{
	struct csv_job job;
	pthread_t t;
	MYSQL_RES *rs;

	if (mysql_query(conn, "SELECT id, email, created FROM customer"))
		return -1;
	rs = mysql_store_result(conn);
	if (!rs)
		return -1;
	job.rs = rs;
	job.out = out;
	job.rows = 0;
	if (pthread_create(&t, NULL, write_csv, &job) == 0)
		pthread_join(t, NULL);
	mysql_free_result(rs);
	return job.rows;
}

/*
 * OK (tricky): the purge thread owns the connection (purge_and_close closes
 * it), and the creator does not close it after handing it over.
 */
int
purge_sessions_async(const char *host, const char *user, const char *pass)
{
	pthread_t t;
	MYSQL *conn = open_app_db(host, user, pass);
	if (!conn)
		return -1;
	if (pthread_create(&t, NULL, purge_and_close, conn) != 0) {
		fprintf(stderr, "cannot start purge thread\n");
		mysql_close(conn);
		return -1;
	}
	pthread_detach(t);
	return 0;
}

/*
 * OK (tricky): every path after pthread_create goes through the `join`
 * label, which joins the streaming thread before closing the connection.
 */
int
serve_export_fixed(const char *host, const char *user, const char *pass, MYSQL *meta)
{
	pthread_t t;
	int rc = 0;
	MYSQL *conn = open_app_db(host, user, pass);
	if (!conn)
		return -1;
	if (pthread_create(&t, NULL, stream_rows, conn) != 0) {
		mysql_close(conn);
		return -1;
	}
	if (mysql_query(meta, "UPDATE export_stats SET started = started + 1")) {
		fprintf(stderr, "stats: %s\n", mysql_error(meta));
		rc = -1;
		goto join;
	}
	if (mysql_affected_rows(meta) != 1)
		rc = 1;
join:
	pthread_join(t, NULL);
	mysql_close(conn);
	return rc;
}

/*
 * OK (tricky): the thread gets the result set, the creator closes a
 * different handle (its own second connection) before joining, and frees the
 * result only after the join.
 */
long
export_with_side_conn(MYSQL *conn, FILE *out, const char *host, const char *user, const char *pass)
{
	struct csv_job job = { NULL, out, 0 };
	pthread_t t;
	MYSQL_RES *rs;
	MYSQL *side = open_app_db(host, user, pass);
	if (!side)
		return -1;
	if (mysql_query(conn, "SELECT id, email, created FROM customer")) {
		mysql_close(side);
		return -1;
	}
	rs = mysql_store_result(conn);
	if (!rs) {
		mysql_close(side);
		return -1;
	}
	job.rs = rs;
	if (pthread_create(&t, NULL, write_csv, &job) != 0) {
		mysql_free_result(rs);
		mysql_close(side);
		return -1;
	}
	if (mysql_query(side, "UPDATE export_stats SET exports = exports + 1"))
		fprintf(stderr, "stats: %s\n", mysql_error(side));
	mysql_close(side);
	pthread_join(t, NULL);
	mysql_free_result(rs);
	return job.rows;
}
