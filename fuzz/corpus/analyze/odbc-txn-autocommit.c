/*
 * ODBC: a transaction begins when autocommit is switched off and ends with
 * SQLEndTran; statement handles from SQLAllocHandle need SQLFreeHandle.
 */
#include <sql.h>
#include <sqlext.h>

/* BAD: the error path returns with autocommit off and no SQLEndTran: the
 * transaction stays open on the pooled connection. */
int
transfer(SQLHDBC dbc, SQLCHAR *debit, SQLCHAR *credit)
{
	SQLHSTMT st;
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st)))
		return -1; /* expect: txn-open */
	if (!SQL_SUCCEEDED(SQLExecDirect(st, debit, SQL_NTS))) {
		SQLFreeHandle(SQL_HANDLE_STMT, st);
		return -1; /* expect: txn-open */
	}
	SQLExecDirect(st, credit, SQL_NTS);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT);
	return 0;
}

/* GOOD: every path ends the transaction. */
int
transfer_fixed(SQLHDBC dbc, SQLCHAR *debit, SQLCHAR *credit)
{
	SQLHSTMT st;
	int rc = -1;
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st)))
		goto end;
	if (SQL_SUCCEEDED(SQLExecDirect(st, debit, SQL_NTS)) &&
	    SQL_SUCCEEDED(SQLExecDirect(st, credit, SQL_NTS)))
		rc = 0;
	SQLFreeHandle(SQL_HANDLE_STMT, st);
end:
	SQLEndTran(SQL_HANDLE_DBC, dbc, rc == 0 ? SQL_COMMIT : SQL_ROLLBACK);
	return rc;
}

/* GOOD (tricky): switching autocommit ON, or another attribute to 0,
 * begins nothing. */
int
tune(SQLHDBC dbc)
{
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
	SQLSetConnectAttr(dbc, SQL_ATTR_LOGIN_TIMEOUT, (SQLPOINTER)0, 0);
	return 0;
}

/* BAD: the statement handle leaks when the query fails. */
int
count(SQLHDBC dbc, SQLCHAR *sql)
{
	SQLHSTMT st;
	if (SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st) != SQL_SUCCESS)
		return -1;
	if (!SQL_SUCCEEDED(SQLExecDirect(st, sql, SQL_NTS)))
		return -1; /* expect: leak */
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return 0;
}

/* BAD: autocommit switched back on commits the batch, but the failed
 * statement returns before that with the transaction open. */
int
batch(SQLHDBC dbc, SQLHSTMT st, SQLCHAR *a, SQLCHAR *b)
{
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, a, SQL_NTS)))
		return -1; /* expect: txn-open */
	SQLExecDirect(st, b, SQL_NTS);
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
	return 0;
}

/* GOOD (tricky): the failure rolls back, and autocommit on commits the
 * rest: no SQLEndTran with SQL_COMMIT is needed. */
int
batch_fixed(SQLHDBC dbc, SQLHSTMT st, SQLCHAR *a, SQLCHAR *b)
{
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, a, SQL_NTS))) {
		SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
		return -1;
	}
	SQLExecDirect(st, b, SQL_NTS);
	SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
	return 0;
}
