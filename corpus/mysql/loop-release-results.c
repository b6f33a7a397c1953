/* SPDX-License-Identifier: MIT */
/*
 * loop-release with the MariaDB/MySQL C API: a MYSQL_RES stored or used in
 * every iteration of a loop and freed only after it.  With mysql_use_result
 * this is worse than a leak: the unread rows of the earlier result block the
 * connection ("Commands out of sync").  Seed 000 hit this with
 * `defer rows.Close()` inside a loop and got "1203: Too many connections".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>

/*
 * BUG: loads the members of each group; the result of every group's SELECT
 * is freed only once, after the loop.
 */
long
count_group_members(MYSQL *conn, const int *group_ids, int n)
{
	MYSQL_RES *rs = NULL;
	char sql[128];
	long total = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT user_id FROM group_member WHERE group_id = %d", group_ids[i]);
		if (mysql_query(conn, sql)) {
			fprintf(stderr, "query failed: %s\n", mysql_error(conn));
			break;
		}
		rs = mysql_store_result(conn); /* expect: loop-release */
		if (!rs)
			break;
		total += (long)mysql_num_rows(rs);
	}
	mysql_free_result(rs);
	return total;
}

/*
 * BUG: a while loop over the pages of a table; each page is streamed with
 * mysql_use_result and the result is only freed after the loop.
 */
long
export_pages(MYSQL *conn, FILE *out, int page_size)
{
	MYSQL_RES *rs = NULL;
	MYSQL_ROW row;
	char sql[128];
	long offset = 0, written = 0;
	int got = 1;

	while (got) {
		snprintf(sql, sizeof(sql), "SELECT id, email FROM customer ORDER BY id LIMIT %d OFFSET %ld", page_size, offset);
		if (mysql_query(conn, sql))
			break;
		rs = mysql_use_result(conn); /* expect: loop-release */
		if (!rs)
			break;
		got = 0;
		while ((row = mysql_fetch_row(rs)) != NULL) {
			fprintf(out, "%s,%s\n", row[0], row[1] ? row[1] : "");
			got++;
		}
		written += got;
		offset += page_size;
	}
	mysql_free_result(rs);
	return written;
}

/*
 * BUG: every exit from the loop goes through the `done` label, where the
 * result is freed: only the result of the last iteration.
 */
int
check_replicas_lag(MYSQL *conn, const char *const *channels, int n, int max_lag)
{
	MYSQL_RES *rs = NULL;
	MYSQL_ROW row;
	char sql[128];
	int rc = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SHOW SLAVE '%s' STATUS", channels[i]);
		if (mysql_query(conn, sql)) {
			rc = -1;
			goto done;
		}
		rs = mysql_store_result(conn); /* expect: loop-release */
		if (!rs || !(row = mysql_fetch_row(rs))) {
			rc = -1;
			goto done;
		}
		if (mysql_num_fields(rs) > 32 && row[32] && atoi(row[32]) > max_lag)
			rc = 1;
	}
done:
	mysql_free_result(rs);
	return rc;
}

/*
 * BUG: retries a SELECT until the row shows up; the do/while loop overwrites
 * `rs` on each attempt and frees only the last result.
 */
int
wait_for_order(MYSQL *conn, unsigned long order_id, int attempts)
{
	MYSQL_RES *rs = NULL;
	char sql[128];
	int found = 0;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM orders WHERE id = %lu", order_id);
	do {
		if (mysql_query(conn, sql))
			break;
		rs = mysql_store_result(conn); /* expect: loop-release */
		found = rs && mysql_num_rows(rs) > 0;
	} while (!found && --attempts > 0);
	mysql_free_result(rs);
	return found;
}

/*
 * OK: each group's result is freed in the body, including on the early
 * break for a failed fetch.
 */
long
count_group_members_fixed(MYSQL *conn, const int *group_ids, int n)
{
	char sql[128];
	long total = 0;

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT user_id FROM group_member WHERE group_id = %d", group_ids[i]);
		if (mysql_query(conn, sql)) {
			fprintf(stderr, "query failed: %s\n", mysql_error(conn));
			break;
		}
		MYSQL_RES *rs = mysql_store_result(conn);
		if (!rs)
			break;
		total += (long)mysql_num_rows(rs);
		mysql_free_result(rs);
	}
	return total;
}

/*
 * OK: the streamed page is read to the end and freed before the next page is
 * requested.
 */
long
export_pages_fixed(MYSQL *conn, FILE *out, int page_size)
{
	MYSQL_ROW row;
	char sql[128];
	long offset = 0, written = 0;
	int got = 1;

	while (got) {
		snprintf(sql, sizeof(sql), "SELECT id, email FROM customer ORDER BY id LIMIT %d OFFSET %ld", page_size, offset);
		if (mysql_query(conn, sql))
			break;
		MYSQL_RES *rs = mysql_use_result(conn);
		if (!rs)
			break;
		got = 0;
		while ((row = mysql_fetch_row(rs)) != NULL) {
			fprintf(out, "%s,%s\n", row[0], row[1] ? row[1] : "");
			got++;
		}
		mysql_free_result(rs);
		written += got;
		offset += page_size;
	}
	return written;
}

/*
 * OK (tricky): a multi-statement call: the do/while walks the result sets
 * with mysql_next_result and frees each one in the body.
 */
int
run_script(MYSQL *conn, const char *script)
{
	int status;
	int sets = 0;

	if (mysql_query(conn, script)) {
		fprintf(stderr, "script failed: %s\n", mysql_error(conn));
		return -1;
	}
	do {
		MYSQL_RES *rs = mysql_store_result(conn);
		if (rs) {
			sets++;
			mysql_free_result(rs);
		} else if (mysql_field_count(conn) != 0) {
			fprintf(stderr, "could not read result: %s\n", mysql_error(conn));
			return -1;
		}
		status = mysql_next_result(conn);
	} while (status == 0);
	return status > 0 ? -1 : sets;
}

/*
 * OK (tricky): the previous attempt's result is freed before the next
 * attempt stores a new one, and the final one after the loop.
 */
int
wait_for_order_fixed(MYSQL *conn, unsigned long order_id, int attempts)
{
	MYSQL_RES *rs = NULL;
	char sql[128];
	int found = 0;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM orders WHERE id = %lu", order_id);
	do {
		if (rs) {
			mysql_free_result(rs);
			rs = NULL;
		}
		if (mysql_query(conn, sql))
			break;
		rs = mysql_store_result(conn);
		found = rs && mysql_num_rows(rs) > 0;
	} while (!found && --attempts > 0);
	mysql_free_result(rs);
	return found;
}

/*
 * OK (tricky): one result per table is kept in an array (the table sizes are
 * compared afterwards) and every slot is freed after the loop.
 */
int
largest_table(MYSQL *conn, const char *const *tables, int n)
{
	MYSQL_RES *sets[8] = { NULL };
	char sql[128];
	int best = -1;
	my_ulonglong best_rows = 0;

	if (n > 8)
		n = 8;
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT id FROM %s", tables[i]);
		if (mysql_query(conn, sql) == 0)
			sets[i] = mysql_store_result(conn);
	}
	for (int i = 0; i < n; i++) {
		if (sets[i] && mysql_num_rows(sets[i]) > best_rows) {
			best_rows = mysql_num_rows(sets[i]);
			best = i;
		}
		mysql_free_result(sets[i]);
	}
	return best;
}

/*
 * OK (tricky): a search loop: the first shard that has the user keeps its
 * result (break), every other shard's result is freed before the next one
 * is stored, and the kept result is freed after the loop.
 */
int
find_user_shard(MYSQL *const *shards, int n, unsigned long user_id)
{
	MYSQL_RES *rs = NULL;
	char sql[128];
	int shard = -1;

	snprintf(sql, sizeof(sql), "SELECT id FROM user WHERE id = %lu", user_id);
	for (int i = 0; i < n; i++) {
		if (mysql_query(shards[i], sql))
			continue;
		rs = mysql_store_result(shards[i]);
		if (rs && mysql_num_rows(rs) > 0) {
			shard = i;
			break;
		}
		mysql_free_result(rs);
		rs = NULL;
	}
	mysql_free_result(rs);
	return shard;
}
