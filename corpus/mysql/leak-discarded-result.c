/*
 * leak: MariaDB/MySQL results discarded at once, handles overwritten while
 * still owned, one switch branch that forgets the result, and void
 * functions that fall off their end with a handle.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bad: the result of SHOW WARNINGS is fetched and thrown away unfreed. */
void
skip_warnings(MYSQL *m)
{
	if (mysql_query(m, "SHOW WARNINGS") == 0)
		mysql_store_result(m); /* expect: leak */
}

/* bad: the stored result is only counted, never freed. */
int
has_rows(MYSQL *m, const char *sql)
{
	if (mysql_query(m, sql))
		return -1;
	return mysql_num_rows(mysql_store_result(m)) > 0; /* expect: leak */
}

/* bad: the first result is overwritten by the second one while still owned. */
int
compare_counts(MYSQL *m)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	long users = -1, profiles = -2;

	if (mysql_query(m, "SELECT count(*) FROM users"))
		return -1;
	res = mysql_store_result(m);
	if (res && (row = mysql_fetch_row(res)) != NULL)
		users = atol(row[0]);
	if (mysql_query(m, "SELECT count(*) FROM profiles"))
		fprintf(stderr, "profiles: %s\n", mysql_error(m));
	res = mysql_store_result(m); /* expect: leak */
	if (res && (row = mysql_fetch_row(res)) != NULL)
		profiles = atol(row[0]);
	if (res)
		mysql_free_result(res);
	return users == profiles;
}

/* bad: the retry makes a fresh handle and drops the first one unclosed. */
MYSQL *
connect_retry(const char *host, const char *user, const char *pw)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return NULL;
	if (!mysql_real_connect(m, host, user, pw, "app", 0, NULL, 0)) {
		fprintf(stderr, "first attempt: %s\n", mysql_error(m));
		m = mysql_init(NULL); /* expect: leak */
		if (!m)
			return NULL;
		if (!mysql_real_connect(m, host, user, pw, "app", 0, NULL, 0)) {
			mysql_close(m);
			return NULL;
		}
	}
	return m;
}

/* bad: the single-column branch breaks out of the switch and returns with the result. */
int
print_result(MYSQL *m, const char *sql)
{
	if (mysql_query(m, sql))
		return -1;
	MYSQL_RES *res = mysql_store_result(m);
	if (!res)
		return mysql_field_count(m) == 0 ? 0 : -1;
	MYSQL_ROW row;
	switch (mysql_num_fields(res)) {
	case 0:
		mysql_free_result(res);
		return 0;
	case 1:
		while ((row = mysql_fetch_row(res)))
			puts(row[0] ? row[0] : "NULL");
		break;
	default:
		while ((row = mysql_fetch_row(res)))
			printf("%s\t%s\n", row[0] ? row[0] : "NULL", row[1] ? row[1] : "NULL");
		mysql_free_result(res);
		return 2;
	}
	return 1; /* expect: leak */
}

/* bad: the process list is printed, and the void function ends without freeing it. */
void
print_processlist(MYSQL *m)
{
	MYSQL_RES *res = mysql_list_processes(m);
	if (!res)
		return;
	MYSQL_ROW row;
	while ((row = mysql_fetch_row(res)) != NULL)
		printf("%s %s %s\n", row[0], row[1], row[4] ? row[4] : "");
} /* expect: leak */

/* bad: the connection is lost both on the failed connect and at the end. */
void
check_replica_lag(const char *host)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return;
	if (!mysql_real_connect(m, host, "monitor", NULL, NULL, 0, NULL, 0)) {
		fprintf(stderr, "%s: %s\n", host, mysql_error(m));
		return; /* expect: leak */
	}
	if (mysql_query(m, "SHOW REPLICA STATUS") == 0) {
		MYSQL_RES *res = mysql_store_result(m);
		if (res) {
			printf("%s: %llu status rows\n", host, (unsigned long long)mysql_num_rows(res));
			mysql_free_result(res);
		}
	}
} /* expect: leak */

/* bad: the prepared statement is executed and never closed. */
void
bump_visits(MYSQL *m)
{
	static const char sql[] = "UPDATE counters SET n = n + 1 WHERE name = 'visits'";
	MYSQL_STMT *st = mysql_stmt_init(m);
	if (!st)
		return;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) == 0)
		mysql_stmt_execute(st);
} /* expect: leak */

/* bad: the field list of mysql_list_fields is leaked when the column is found. */
int
has_column(MYSQL *m, const char *table, const char *column)
{
	MYSQL_RES *fields = mysql_list_fields(m, table, NULL);
	if (!fields)
		return -1;
	MYSQL_FIELD *f;
	while ((f = mysql_fetch_field(fields)) != NULL) {
		if (strcmp(f->name, column) == 0)
			return 1; /* expect: leak */
	}
	mysql_free_result(fields);
	return 0;
}
