/* SPDX-License-Identifier: MIT */
/*
 * A transaction begun and committed under the same test (`if (needCommit)`,
 * the SQLite shell's .import) in a function with more deciding variables
 * than the 12 a path follows: the variable whose test leads to the BEGIN
 * takes the last slot for that site, so the COMMIT under the same test is
 * tied to it.  A COMMIT under another variable leaves the transaction open
 * on some path.
 */
#include <sqlite3.h>
int opt(int i);

/* good: BEGIN and COMMIT under the same variable */
int
import_rows(sqlite3 *db, const char *sql)
{
	int f0 = 0;
	int f1 = 0;
	int f2 = 0;
	int f3 = 0;
	int f4 = 0;
	int f5 = 0;
	int f6 = 0;
	int f7 = 0;
	int f8 = 0;
	int f9 = 0;
	int f10 = 0;
	int f11 = 0;
	int f12 = 0;
	int f13 = 0;
	int n = 0, needCommit, other = opt(99);
	if (f0)
		n += 0;
	if (f1)
		n += 1;
	if (f2)
		n += 2;
	if (f3)
		n += 3;
	if (f4)
		n += 4;
	if (f5)
		n += 5;
	if (f6)
		n += 6;
	if (f7)
		n += 7;
	if (f8)
		n += 8;
	if (f9)
		n += 9;
	if (f10)
		n += 10;
	if (f11)
		n += 11;
	if (f12)
		n += 12;
	if (f13)
		n += 13;
	needCommit = sqlite3_get_autocommit(db);
	if (needCommit)
		sqlite3_exec(db, "BEGIN", 0, 0, 0);
	sqlite3_exec(db, sql, 0, 0, 0);
	if (f0 && n > 0)
		n -= 0;
	if (f1 && n > 1)
		n -= 1;
	if (f2 && n > 2)
		n -= 2;
	if (f3 && n > 3)
		n -= 3;
	if (f4 && n > 4)
		n -= 4;
	if (f5 && n > 5)
		n -= 5;
	if (f6 && n > 6)
		n -= 6;
	if (f7 && n > 7)
		n -= 7;
	if (f8 && n > 8)
		n -= 8;
	if (f9 && n > 9)
		n -= 9;
	if (f10 && n > 10)
		n -= 10;
	if (f11 && n > 11)
		n -= 11;
	if (f12 && n > 12)
		n -= 12;
	if (f13 && n > 13)
		n -= 13;
	if (needCommit)
		sqlite3_exec(db, "COMMIT", 0, 0, 0);
	return n;
}

/* bad: COMMIT under another one */
int
import_rows_wrong(sqlite3 *db, const char *sql)
{
	int f0 = 0;
	int f1 = 0;
	int f2 = 0;
	int f3 = 0;
	int f4 = 0;
	int f5 = 0;
	int f6 = 0;
	int f7 = 0;
	int f8 = 0;
	int f9 = 0;
	int f10 = 0;
	int f11 = 0;
	int f12 = 0;
	int f13 = 0;
	int n = 0, needCommit, other = opt(99);
	if (f0)
		n += 0;
	if (f1)
		n += 1;
	if (f2)
		n += 2;
	if (f3)
		n += 3;
	if (f4)
		n += 4;
	if (f5)
		n += 5;
	if (f6)
		n += 6;
	if (f7)
		n += 7;
	if (f8)
		n += 8;
	if (f9)
		n += 9;
	if (f10)
		n += 10;
	if (f11)
		n += 11;
	if (f12)
		n += 12;
	if (f13)
		n += 13;
	needCommit = sqlite3_get_autocommit(db);
	if (needCommit)
		sqlite3_exec(db, "BEGIN", 0, 0, 0);
	sqlite3_exec(db, sql, 0, 0, 0);
	if (f0 && n > 0)
		n -= 0;
	if (f1 && n > 1)
		n -= 1;
	if (f2 && n > 2)
		n -= 2;
	if (f3 && n > 3)
		n -= 3;
	if (f4 && n > 4)
		n -= 4;
	if (f5 && n > 5)
		n -= 5;
	if (f6 && n > 6)
		n -= 6;
	if (f7 && n > 7)
		n -= 7;
	if (f8 && n > 8)
		n -= 8;
	if (f9 && n > 9)
		n -= 9;
	if (f10 && n > 10)
		n -= 10;
	if (f11 && n > 11)
		n -= 11;
	if (f12 && n > 12)
		n -= 12;
	if (f13 && n > 13)
		n -= 13;
	if (other)
		sqlite3_exec(db, "COMMIT", 0, 0, 0);
	return n; /* expect: txn-open */
}
