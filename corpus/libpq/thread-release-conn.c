/* SPDX-License-Identifier: MIT */
/*
 * thread-release with libpq: a connection handed to a new thread (directly,
 * inside a struct on the stack, or inside a heap job) and PQfinish'ed by the
 * creating function before it joins that thread.  This is seed 000's
 * `defer db.Close()` followed by `go mailer.SendMail(db, ...)`: the close ran
 * while the goroutine was still sending mail with the connection.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

/* Thread routines implemented elsewhere (mailer.c, cache.c, report.c). */
void *send_welcome_mail(void *arg);
void *refresh_cache(void *arg);
void *build_report(void *arg);

struct report_job {
	PGconn *conn;
	const char *month;
	int status;
};

struct cache_job {
	PGconn *conn;
	char schema[64];
};

struct audit_job {
	char dsn[256];
	long user_id;
};

/* Inserts the user row; 0 on success.  The result is always cleared. */
static int
insert_user(PGconn *conn, const char *email)
{
	const char *params[1] = { email };
	PGresult *res = PQexecParams(conn, "INSERT INTO app_user(email) VALUES ($1)", 1, NULL, params, NULL, NULL, 0);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "insert user: %s", PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Thread routine that owns the connection it is given: it sends the mail and
 * closes the connection itself.
 */
static void *
mail_and_close(void *arg)
{
	PGconn *c = arg;
	PGresult *res = PQexec(c, "SELECT pg_notify('mail', 'welcome')");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fprintf(stderr, "notify: %s", PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return NULL;
}

/*
 * Thread routine that opens its own connection from the DSN it is given and
 * writes the audit row; it shares no handle with its creator.
 */
static void *
audit_signup(void *arg)
{
	struct audit_job *job = arg;
	char id[32];
	const char *params[1] = { id };
	PGconn *c = PQconnectdb(job->dsn);
	if (PQstatus(c) == CONNECTION_OK) {
		snprintf(id, sizeof(id), "%ld", job->user_id);
		PQclear(PQexecParams(c, "INSERT INTO audit(user_id, what) VALUES ($1, 'signup')", 1, NULL, params, NULL, NULL, 0));
	}
	PQfinish(c);
	free(job);
	return NULL;
}

/*
 * BUG (seed 000): the request handler hands its connection to a detached
 * mail thread and then finishes the connection when the request is done,
 * while the thread may still be using it.
 */
int
handle_signup(const char *dsn, const char *email)
{
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	if (insert_user(conn, email) != 0) {
		PQfinish(conn);
		return -1;
	}
	pthread_create(&t, NULL, send_welcome_mail, conn);
	pthread_detach(t);
	PQfinish(conn); /* expect: thread-release */
	return 0;
}

/*
 * BUG: the report thread gets the connection inside a struct on the stack;
 * the creator closes the connection first and joins afterwards, the wrong
 * way round.
 */
int
run_monthly_report(const char *dsn, const char *month)
{
	struct report_job job;
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	job.conn = conn;
	job.month = month;
	job.status = 0;
	if (pthread_create(&t, NULL, build_report, &job) != 0) {
		PQfinish(conn);
		return -1;
	}
	PQfinish(conn); /* expect: thread-release */
	pthread_join(t, NULL);
	return job.status;
}

/*
 * BUG: the cache refresher receives a heap job holding the connection and is
 * detached; the creator then finishes the connection it just lent out.
 */
int
start_cache_refresh(const char *dsn, const char *schema)
{
	pthread_t t;
	struct cache_job *j;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	j = malloc(sizeof(*j));
	if (!j) {
		PQfinish(conn);
		return -1;
	}
	j->conn = conn;
	snprintf(j->schema, sizeof(j->schema), "%s", schema);
	pthread_create(&t, NULL, refresh_cache, j);
	pthread_detach(t);
	PQfinish(conn); /* expect: thread-release */
	return 0;
}

/*
 * BUG: the thread is joined only when the caller asked to wait; on the
 * `wait == 0` path the connection is finished under the running thread.
 */
int
notify_and_close(const char *dsn, int wait)
{
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	if (pthread_create(&t, NULL, send_welcome_mail, conn) != 0) {
		PQfinish(conn);
		return -1;
	}
	if (wait)
		pthread_join(t, NULL);
	else
		pthread_detach(t);
	PQfinish(conn); /* expect: thread-release */
	return 0;
}

/*
 * BUG: the happy path joins before finishing, but the error path between
 * pthread_create and pthread_join finishes the connection with the report
 * thread still running.
 */
int
report_and_log(const char *dsn, const char *month)
{
	struct report_job job = { NULL, month, 0 };
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	job.conn = conn;
	if (pthread_create(&t, NULL, build_report, &job) != 0) {
		PQfinish(conn);
		return -1;
	}
	if (strlen(month) != 7) {
		fprintf(stderr, "bad month '%s'\n", month);
		PQfinish(conn); /* expect: thread-release */
		return -1;
	}
	pthread_join(t, NULL);
	PQfinish(conn);
	return job.status;
}

/*
 * BUG (double release): mail_and_close, defined above, finishes the
 * connection it is given, and the creator finishes it too after the join.
 */
int
signup_mail_twice(const char *dsn)
{
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	if (pthread_create(&t, NULL, mail_and_close, conn) != 0) {
		PQfinish(conn);
		return -1;
	}
	pthread_join(t, NULL);
	PQfinish(conn); /* expect: double-release */
	return 0;
}

/*
 * OK: the fix of handle_signup: the request waits for the mail thread before
 * it finishes the connection.
 */
int
handle_signup_fixed(const char *dsn, const char *email)
{
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	if (insert_user(conn, email) != 0) {
		PQfinish(conn);
		return -1;
	}
	if (pthread_create(&t, NULL, send_welcome_mail, conn) == 0)
		pthread_join(t, NULL);
	PQfinish(conn);
	return 0;
}

/*
 * OK: the struct on the stack is joined before both the struct and the
 * connection in it go away.
 */
int
run_monthly_report_fixed(const char *dsn, const char *month)
{
	struct report_job job;
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	job.conn = conn;
	job.month = month;
	job.status = 0;
	if (pthread_create(&t, NULL, build_report, &job) == 0)
		pthread_join(t, NULL);
	PQfinish(conn);
	return job.status;
}

/*
 * OK (tricky): ownership moves to the thread: mail_and_close finishes the
 * connection, and the creator touches it after pthread_create only in the
 * branch where the thread was not created.
 */
int
handle_signup_thread_owned(const char *dsn, const char *email)
{
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	if (insert_user(conn, email) != 0) {
		PQfinish(conn);
		return -1;
	}
	if (pthread_create(&t, NULL, mail_and_close, conn) == 0)
		pthread_detach(t);
	else
		PQfinish(conn);
	return 0;
}

/*
 * OK (tricky): the only release after pthread_create is on the path where
 * pthread_create failed, so no thread ever saw the connection; otherwise
 * the thread owns it.
 */
int
handle_signup_checked(const char *dsn)
{
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	if (pthread_create(&t, NULL, mail_and_close, conn) != 0) {
		fprintf(stderr, "cannot start mail thread\n");
		PQfinish(conn);
		return -1;
	}
	pthread_detach(t);
	return 0;
}

/*
 * OK (tricky): the error path after pthread_create joins the thread before
 * finishing the connection, like the normal path.
 */
int
report_and_log_fixed(const char *dsn, const char *month)
{
	struct report_job job = { NULL, month, 0 };
	pthread_t t;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	job.conn = conn;
	if (pthread_create(&t, NULL, build_report, &job) != 0) {
		PQfinish(conn);
		return -1;
	}
	if (strlen(month) != 7) {
		fprintf(stderr, "bad month '%s'\n", month);
		pthread_join(t, NULL);
		PQfinish(conn);
		return -1;
	}
	pthread_join(t, NULL);
	PQfinish(conn);
	return job.status;
}

/*
 * OK (tricky): the audit thread only gets a copy of the DSN and opens its own
 * connection; finishing the request's connection before the thread ends is
 * fine because the two share no handle.
 */
int
signup_with_audit(const char *dsn, const char *email, long user_id)
{
	pthread_t t;
	struct audit_job *job;
	PGconn *conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return -1;
	}
	job = malloc(sizeof(*job));
	if (!job) {
		PQfinish(conn);
		return -1;
	}
	snprintf(job->dsn, sizeof(job->dsn), "%s", dsn);
	job->user_id = user_id;
	if (pthread_create(&t, NULL, audit_signup, job) != 0) {
		free(job);
		PQfinish(conn);
		return -1;
	}
	int rc = insert_user(conn, email);
	PQfinish(conn);
	pthread_join(t, NULL);
	return rc;
}
