/*
 * leak: MariaDB/MySQL connections, results, statements and buffers lost on
 * an error path.  mysql_init's handle needs mysql_close even when
 * mysql_real_connect fails; a result set needs mysql_free_result even when
 * it has no rows.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct app_ctx {
	MYSQL *conn;
	const char *name;
};

/* bad: mysql_real_connect failed, but the handle from mysql_init is not closed. */
MYSQL *
connect_primary(const char *host, const char *user, const char *pw, const char *db)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return NULL;
	if (!mysql_real_connect(m, host, user, pw, db, 0, NULL, 0)) {
		fprintf(stderr, "connect %s: %s\n", host, mysql_error(m));
		return NULL; /* expect: leak */
	}
	return m;
}

/* bad: a failing mysql_options returns before the handle reaches the context. */
int
app_connect(struct app_ctx *ctx, const char *host, unsigned int timeout)
{
	MYSQL *m = mysql_init(NULL);
	if (m == NULL)
		return -1;
	if (mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout) != 0)
		return -1; /* expect: leak */
	if (mysql_real_connect(m, host, "app", NULL, "app", 0, NULL, 0) == NULL) {
		fprintf(stderr, "%s: %s\n", ctx->name, mysql_error(m));
		mysql_close(m);
		return -1;
	}
	ctx->conn = m;
	return 0;
}

/* bad: an empty result set still needs mysql_free_result. */
long
count_pending(MYSQL *m)
{
	if (mysql_query(m, "SELECT count(*) FROM orders WHERE state = 'pending'"))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	if (mysql_num_rows(res) == 0)
		return 0; /* expect: leak */
	MYSQL_ROW row = mysql_fetch_row(res);
	long n = row && row[0] ? atol(row[0]) : 0;
	mysql_free_result(res);
	return n;
}

/* bad: mysql_fetch_row returning NULL leaves the stored result behind. */
int
lookup_email(MYSQL *m, unsigned long id, char *email, size_t len)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT email FROM users WHERE id = %lu", id);
	if (mysql_query(m, sql) != 0) {
		fprintf(stderr, "lookup: %s\n", mysql_error(m));
		return -1;
	}
	MYSQL_RES *res = mysql_store_result(m);
	if (res == NULL)
		return -1;
	MYSQL_ROW row = mysql_fetch_row(res);
	if (row == NULL)
		return 0; /* expect: leak */
	snprintf(email, len, "%s", row[0] ? row[0] : "");
	mysql_free_result(res);
	return 1;
}

/* bad: a NULL column makes the function leave the streaming result unfreed. */
int
print_prices(MYSQL *m)
{
	if (mysql_query(m, "SELECT sku, price FROM products"))
		return -1;
	MYSQL_RES *res = mysql_use_result(m);
	if (!res)
		return -1;
	MYSQL_ROW row;
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (!row[1]) {
			fprintf(stderr, "%s has no price\n", row[0]);
			return -1; /* expect: leak */
		}
		printf("%s\t%s\n", row[0], row[1]);
	}
	mysql_free_result(res);
	return 0;
}

/* bad: the statement handle is leaked when mysql_stmt_prepare fails. */
int
prepare_insert(MYSQL *m, MYSQL_STMT **out)
{
	static const char sql[] = "INSERT INTO events (kind, payload) VALUES (?, ?)";
	MYSQL_STMT *st = mysql_stmt_init(m);
	if (!st)
		return -1;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql))) {
		fprintf(stderr, "prepare: %s\n", mysql_stmt_error(st));
		return -1; /* expect: leak */
	}
	*out = st;
	return 0;
}

/* bad: no row: both the connection and the result are lost at the same return. */
int
show_version(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, host, "monitor", NULL, NULL, 0, NULL, 0)) {
		mysql_close(m);
		return -1;
	}
	if (mysql_query(m, "SELECT VERSION()")) {
		mysql_close(m);
		return -1;
	}
	MYSQL_RES *res = mysql_store_result(m);
	if (!res) {
		mysql_close(m);
		return -1;
	}
	MYSQL_ROW row = mysql_fetch_row(res);
	if (!row)
		return -1; /* expect: leak, leak */
	printf("%s: %s\n", host, row[0]);
	mysql_free_result(res);
	mysql_close(m);
	return 0;
}

/* bad: the cleanup label closes the connection but forgets the table list. */
int
table_exists(const char *host, const char *table)
{
	MYSQL *m = mysql_init(NULL);
	MYSQL_RES *res = NULL;
	int found = -1;

	if (!m)
		return -1;
	if (!mysql_real_connect(m, host, "app", NULL, "app", 0, NULL, 0))
		goto out;
	res = mysql_list_tables(m, table);
	if (!res)
		goto out;
	found = mysql_num_rows(res) > 0;
out:
	mysql_close(m);
	return found; /* expect: leak */
}

/* bad: the metadata result is kept when the statement has too many columns. */
int
column_names(MYSQL_STMT *st, char names[][64], unsigned int max)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	if (!meta)
		return 0;
	unsigned int n = mysql_num_fields(meta);
	if (n > max)
		return -1; /* expect: leak */
	MYSQL_FIELD *fields = mysql_fetch_fields(meta);
	for (unsigned int i = 0; i < n; i++)
		snprintf(names[i], 64, "%s", fields[i].name);
	mysql_free_result(meta);
	return (int)n;
}

/* bad: the escape buffer is freed on success only. */
int
insert_tag(MYSQL *m, const char *tag)
{
	char sql[1024];
	size_t len = strlen(tag);
	char *esc = malloc(2 * len + 1);
	if (!esc)
		return -1;
	mysql_real_escape_string(m, esc, tag, (unsigned long)len);
	snprintf(sql, sizeof(sql), "INSERT INTO tags (name) VALUES ('%s')", esc);
	if (mysql_query(m, sql)) {
		fprintf(stderr, "insert tag: %s\n", mysql_error(m));
		return -1; /* expect: leak */
	}
	free(esc);
	return 0;
}

/* bad: TLS setup fails after mysql_init; the handle is not closed. */
int
connect_tls(struct app_ctx *ctx, const char *host, const char *ca)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	mysql_ssl_set(m, NULL, NULL, ca, NULL, NULL);
	if (mysql_real_connect(m, host, "app", NULL, "app", 3306, NULL, CLIENT_COMPRESS) == NULL) {
		fprintf(stderr, "tls connect: %s\n", mysql_error(m));
		return -1; /* expect: leak */
	}
	ctx->conn = m;
	return 0;
}
