/* SPDX-License-Identifier: MIT */
/*
 * Seed 000 -- "My poor use of Golang defer woke me up. Repetitively."
 *
 * What happened: a solo developer replaced a home-made connection pool with
 * database/sql and shipped two services the same day.  In the first, a loop
 * ran one query per item and wrote `defer rows.Close()` inside the loop
 * body: every close was postponed to the end of the function, so each
 * iteration kept its result set -- and the connection under it -- open.
 * About a hundred iterations later MySQL answered "1203: Too many
 * connections".  In the second service a request handler opened a
 * per-tenant connection, wrote `defer db.Close()`, and started
 * `go mailer.SendMail(db, ...)`: the handler returned, the deferred close
 * ran, and the mail goroutine crashed on a closed connection at 4 a.m.
 *
 * The C twins, with the MariaDB/MySQL C API:
 *   - loop-release: a MYSQL_RES released by a cleanup variable of the
 *     function scope (C's closest thing to `defer`) or after the loop,
 *     while a new one is stored in every iteration;
 *   - thread-release: the connection handed to a mail thread and closed by
 *     the handler before the thread was joined.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <mysql.h>

struct mail {
	MYSQL *conn;
	const char *template_name;
	unsigned long user_id;
};

/* Implemented in mailer.c: renders the template and sends the mail. */
void *send_mail(void *arg);

/* The cleanup function of __attribute__((cleanup)) result variables. */
static void
free_result(MYSQL_RES **rs)
{
	mysql_free_result(*rs);
}

/*
 * A mail thread that owns its job: it sends the mail, closes the connection
 * it was given and frees the job.
 */
static void *
send_mail_and_close(void *arg)
{
	struct mail *m = arg;
	char sql[160];

	mysql_thread_init();
	snprintf(sql, sizeof(sql), "INSERT INTO mail_log(user_id, template) VALUES (%lu, 'welcome')", m->user_id);
	if (mysql_query(m->conn, sql))
		fprintf(stderr, "mail log: %s\n", mysql_error(m->conn));
	mysql_close(m->conn);
	free(m);
	mysql_thread_end();
	return NULL;
}

/*
 * BUG (the first incident): `rs` is a cleanup variable of the function
 * scope, the C spelling of `defer rows.Close()`: it is freed once, when the
 * function returns, while every project overwrites it with a new result.
 */
long
count_open_tasks(MYSQL *conn, const unsigned long *projects, int n)
{
	__attribute__((cleanup(free_result))) MYSQL_RES *rs = NULL;
	char sql[160];
	long open = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT id FROM task WHERE project = %lu AND done = 0", projects[i]);
		if (mysql_query(conn, sql)) {
			fprintf(stderr, "tasks of %lu: %s\n", projects[i], mysql_error(conn));
			return -1;
		}
		rs = mysql_store_result(conn); /* expect: loop-release */
		if (!rs)
			return -1;
		open += (long)mysql_num_rows(rs);
	}
	return open;
}

/*
 * BUG (the same, written the plain way): the result is freed after the loop,
 * which frees only the last project's result.
 */
long
count_open_tasks_plain(MYSQL *conn, const unsigned long *projects, int n)
{
	MYSQL_RES *rs = NULL;
	char sql[160];
	long open = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT id FROM task WHERE project = %lu AND done = 0", projects[i]);
		if (mysql_query(conn, sql))
			break;
		rs = mysql_store_result(conn); /* expect: loop-release */
		if (!rs)
			break;
		open += (long)mysql_num_rows(rs);
	}
	mysql_free_result(rs);
	return open;
}

/*
 * FIXED: the cleanup variable is declared in the loop body, so its scope --
 * and the free -- ends with each iteration, like moving the Go loop body
 * into its own function with its own defer.
 */
long
count_open_tasks_fixed(MYSQL *conn, const unsigned long *projects, int n)
{
	char sql[160];
	long open = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT id FROM task WHERE project = %lu AND done = 0", projects[i]);
		if (mysql_query(conn, sql)) {
			fprintf(stderr, "tasks of %lu: %s\n", projects[i], mysql_error(conn));
			return -1;
		}
		__attribute__((cleanup(free_result))) MYSQL_RES *rs = mysql_store_result(conn);
		if (!rs)
			return -1;
		open += (long)mysql_num_rows(rs);
	}
	return open;
}

/*
 * BUG (the second incident): the handler opens the tenant's connection,
 * hands it to the mail thread and closes it when the request is done -- the
 * `defer db.Close()` -- while the thread is still sending.
 */
int
handle_request(const char *host, const char *user, const char *pass, unsigned long uid)
{
	struct mail m = { NULL, "welcome", uid };
	pthread_t t;
	MYSQL *db = mysql_init(NULL);
	if (!db)
		return -1;
	if (!mysql_real_connect(db, host, user, pass, "tenant", 0, NULL, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(db));
		mysql_close(db);
		return -1;
	}
	m.conn = db;
	if (pthread_create(&t, NULL, send_mail, &m) != 0) {
		mysql_close(db);
		return -1;
	}
	if (mysql_query(db, "UPDATE tenant_stats SET requests = requests + 1"))
		fprintf(stderr, "stats: %s\n", mysql_error(db));
	mysql_close(db); /* expect: thread-release */
	pthread_join(t, NULL);
	return 0;
}

/*
 * FIXED (wait): the handler joins the mail thread before it closes the
 * connection.
 */
int
handle_request_fixed(const char *host, const char *user, const char *pass, unsigned long uid)
{
	struct mail m = { NULL, "welcome", uid };
	pthread_t t;
	MYSQL *db = mysql_init(NULL);
	if (!db)
		return -1;
	if (!mysql_real_connect(db, host, user, pass, "tenant", 0, NULL, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(db));
		mysql_close(db);
		return -1;
	}
	m.conn = db;
	if (pthread_create(&t, NULL, send_mail, &m) != 0) {
		mysql_close(db);
		return -1;
	}
	if (mysql_query(db, "UPDATE tenant_stats SET requests = requests + 1"))
		fprintf(stderr, "stats: %s\n", mysql_error(db));
	pthread_join(t, NULL);
	mysql_close(db);
	return 0;
}

/*
 * FIXED (hand over): the mail thread gets its own connection and owns it
 * (send_mail_and_close closes it); the handler never closes it, so the
 * request can return without waiting for the mail.
 */
int
handle_request_async(const char *host, const char *user, const char *pass, unsigned long uid)
{
	pthread_t t;
	struct mail *m;
	MYSQL *mail_db = mysql_init(NULL);
	if (!mail_db)
		return -1;
	if (!mysql_real_connect(mail_db, host, user, pass, "tenant", 0, NULL, 0)) {
		mysql_close(mail_db);
		return -1;
	}
	m = malloc(sizeof(*m));
	if (!m) {
		mysql_close(mail_db);
		return -1;
	}
	m->conn = mail_db;
	m->template_name = "welcome";
	m->user_id = uid;
	if (pthread_create(&t, NULL, send_mail_and_close, m) != 0) {
		free(m);
		mysql_close(mail_db);
		return -1;
	}
	pthread_detach(t);
	return 0;
}
