/*
 * Strings that point into a result or a connection (PQgetvalue,
 * PQerrorMessage) die with it: read after PQclear or PQfinish, they are a
 * use after release.  Copies made before, and views read before the
 * release, are fine.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BAD: the value is printed after its result was cleared. */
int
print_name(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT name FROM users LIMIT 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	const char *name = PQgetvalue(res, 0, 0);
	PQclear(res);
	printf("%s\n", name); /* expect: use-after-release "'name' (from 'PQgetvalue') points into result 'res', which was released: it is passed to 'printf' here" */
	return 0;
}

/* BAD: the error message is read after the connection was finished. */
char
first_error_char(const char *info)
{
	PGconn *conn = PQconnectdb(info);
	if (!conn)
		return 0;
	char *msg = PQerrorMessage(conn);
	PQfinish(conn);
	return msg[0]; /* expect: use-after-release */
}

/* BAD: a copy of the view is just as dead. */
size_t
cmd_length(PGconn *conn)
{
	PGresult *res = PQexec(conn, "VACUUM");
	if (!res)
		return 0;
	char *status = PQcmdStatus(res);
	char *copy = status;
	PQclear(res);
	return strlen(copy); /* expect: use-after-release */
}

/* GOOD: the value is copied before the result is cleared. */
char *
fetch_name(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT name FROM users LIMIT 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	char *name = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return name;
}

/* GOOD (tricky): the variable that held the view is set again before it is
 * read: what it reads is not the released result's. */
int
two_queries(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT 1");
	if (!res)
		return -1;
	const char *v = PQgetvalue(res, 0, 0);
	int one = atoi(v);
	PQclear(res);
	v = "0";
	res = PQexec(conn, "SELECT 2");
	if (!res)
		return -1;
	v = PQgetvalue(res, 0, 0);
	int two = atoi(v);
	PQclear(res);
	return one + two;
}

/* GOOD: the error message is printed before PQfinish. */
int
connect_or_say(const char *info)
{
	PGconn *conn = PQconnectdb(info);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	PQfinish(conn);
	return 0;
}
