/*
 * No leak: MariaDB/MySQL code whose control flow hides the release:
 * mysql_store_result returning NULL, exit(), per-iteration release,
 * multi-result drains, ownership flags, aliases, ?:, && and switch.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* good (tricky): mysql_store_result gives NULL for statements without a result set: nothing to free. */
int
exec_sql(MYSQL *m, const char *sql, unsigned long long *affected)
{
	if (mysql_query(m, sql)) {
		fprintf(stderr, "%s\n", mysql_error(m));
		return -1;
	}
	MYSQL_RES *res = mysql_store_result(m);
	if (!res) {
		if (mysql_field_count(m) != 0)
			return -1;
		*affected = mysql_affected_rows(m);
		return 0;
	}
	*affected = mysql_num_rows(res);
	mysql_free_result(res);
	return 1;
}

/* good (tricky): the failed connect ends the process with exit(); no report there. */
MYSQL *
connect_or_exit(const char *host, const char *user, const char *pw)
{
	MYSQL *m = mysql_init(NULL);
	if (!m) {
		fputs("mysql_init failed\n", stderr);
		exit(EXIT_FAILURE);
	}
	if (!mysql_real_connect(m, host, user, pw, NULL, 0, NULL, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(m));
		exit(EXIT_FAILURE); /* at-exit: leak */
	}
	return m;
}

/* good (tricky): each iteration frees the result it stored before the next query. */
int
count_each(MYSQL *m, const char *const *tables, int n, long *counts)
{
	char sql[256];
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM `%s`", tables[i]);
		if (mysql_query(m, sql))
			return -1;
		MYSQL_RES *res = mysql_store_result(m);
		if (!res)
			return -1;
		MYSQL_ROW row = mysql_fetch_row(res);
		counts[i] = row && row[0] ? atol(row[0]) : 0;
		mysql_free_result(res);
	}
	return 0;
}

/* good (tricky): a multi-statement drain frees every result set it gets. */
int
run_multi(MYSQL *m, const char *script)
{
	int status;
	if (mysql_query(m, script)) {
		fprintf(stderr, "script: %s\n", mysql_error(m));
		return -1;
	}
	do {
		MYSQL_RES *res = mysql_store_result(m);
		if (res) {
			printf("%llu rows\n", (unsigned long long)mysql_num_rows(res));
			mysql_free_result(res);
		} else if (mysql_field_count(m) != 0) {
			return -1;
		}
		status = mysql_next_result(m);
	} while (status == 0);
	return status > 0 ? -1 : 0;
}

/* good (tricky): the connection is closed only when this function made it (flag). */
int
schema_version(MYSQL *given, const char *host)
{
	MYSQL *m = given;
	int own = 0;
	int version = -1;

	if (!m) {
		m = mysql_init(NULL);
		if (!m)
			return -1;
		own = 1;
		if (!mysql_real_connect(m, host, "app", NULL, "app", 0, NULL, 0))
			goto done;
	}
	if (mysql_query(m, "SELECT version FROM schema_info") == 0) {
		MYSQL_RES *res = mysql_store_result(m);
		MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
		if (row && row[0])
			version = atoi(row[0]);
		if (res)
			mysql_free_result(res);
	}
done:
	if (own)
		mysql_close(m);
	return version;
}

/* good (tricky): freed through an alias. */
int
print_first(MYSQL *m, const char *sql)
{
	if (mysql_query(m, sql))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return -1;
	MYSQL_RES *r = res;
	MYSQL_ROW row = mysql_fetch_row(r);
	if (row)
		puts(row[0] ? row[0] : "NULL");
	mysql_free_result(r);
	return row != NULL;
}

/* good (tricky): ?: and && on a result that may be NULL; freed when it is not. */
long
active_sessions(MYSQL *m)
{
	MYSQL_RES *res = mysql_query(m, "SELECT id FROM sessions WHERE active = 1") == 0
			 ? mysql_store_result(m) : NULL;
	long n = res && mysql_num_rows(res) > 0 ? (long)mysql_num_rows(res) : 0;
	if (res)
		mysql_free_result(res);
	return n;
}

/* good (tricky): the switch only classifies; the result is freed once after it. */
const char *
column_kind(MYSQL *m, const char *table, const char *column)
{
	const char *kind = "unknown";
	MYSQL_RES *res = mysql_list_fields(m, table, column);
	if (!res)
		return NULL;
	MYSQL_FIELD *f = mysql_fetch_field(res);
	if (f) {
		switch (f->type) {
		case MYSQL_TYPE_LONG:
		case MYSQL_TYPE_LONGLONG:
			kind = "integer";
			break;
		case MYSQL_TYPE_VAR_STRING:
		case MYSQL_TYPE_STRING:
			kind = "string";
			break;
		default:
			break;
		}
	}
	mysql_free_result(res);
	return kind;
}

/* good: a streaming result is freed after the fetch loop and on the early error. */
int
export_csv(MYSQL *m, FILE *out)
{
	if (mysql_query(m, "SELECT id, name FROM customers"))
		return -1;
	MYSQL_RES *res = mysql_use_result(m);
	if (!res)
		return -1;
	MYSQL_ROW row;
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (fprintf(out, "%s,%s\n", row[0], row[1] ? row[1] : "") < 0) {
			mysql_free_result(res);
			return -1;
		}
	}
	int rc = mysql_errno(m) ? -1 : 0;
	mysql_free_result(res);
	return rc;
}

/* good: the statement is closed on the failed execute and after success. */
int
delete_expired(MYSQL *m)
{
	static const char sql[] = "DELETE FROM tokens WHERE expires_at < NOW()";
	MYSQL_STMT *st = mysql_stmt_init(m);
	if (!st)
		return -1;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) || mysql_stmt_execute(st)) {
		fprintf(stderr, "delete_expired: %s\n", mysql_stmt_error(st));
		mysql_stmt_close(st);
		return -1;
	}
	int n = (int)mysql_stmt_affected_rows(st);
	mysql_stmt_close(st);
	return n;
}
