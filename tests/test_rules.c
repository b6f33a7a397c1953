/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of rules.c: the shipped packs load cleanly and say what the
 * libraries do; lookup precedence; every kind of broken pack is reported at
 * the right file:line:col and leaves the table as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mem.h"
#include "rules.h"

#define BROKEN TEST_DATA_DIR "/rules/broken/"
#define VALID TEST_DATA_DIR "/rules/valid/"

static Rules *
load_shipped(void)
{
	Diag d;
	diag_init(&d, NULL);
	Rules *r = rules_new();
	int failed = rules_load_dir(r, RULES_DIR, &d);
	if (failed != 0 || d.errors != 0)
		fail_msg("shipped packs: %d failed, %d errors, last: %s", failed,
			 d.errors, d.last);
	return r;
}

static void
load_ok(Rules *r, const char *path)
{
	Diag d;
	diag_init(&d, NULL);
	if (rules_load_file(r, path, &d) != 0 || d.errors)
		fail_msg("%s: %s", path, d.last);
}

static const RuleFn *
lookup(const Rules *r, const char *name)
{
	const RuleFn *f = rules_lookup(r, name);
	if (!f)
		fail_msg("no rule for '%s'", name);
	return f;
}

static void
assert_pred(Pred p, CmpOp op, long long value)
{
	assert_int_equal(p.op, op);
	if (op != OP_NONE)
		assert_int_equal(p.value, value);
}

/* fn acquires kind through out (-1: returned) and nothing else. */
static const RuleAcquire *
assert_acquires(const Rules *r, const char *fn, const char *kind, int out)
{
	const RuleFn *f = lookup(r, fn);
	assert_non_null(f->acquire);
	assert_string_equal(f->acquire->kind->name, kind);
	assert_int_equal(f->acquire->out_arg, out);
	return f->acquire;
}

static void
assert_releases(const Rules *r, const char *fn, const char *kind, int arg)
{
	const RuleFn *f = lookup(r, fn);
	assert_non_null(f->release);
	if (kind)
		assert_string_equal(f->release->kind->name, kind);
	assert_int_equal(f->release->arg, arg);
}

/* ---- the shipped packs --------------------------------------------------- */

static void
test_shipped_kinds(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	static const char *const kinds[] = {
		"pg_conn", "pg_result", "pg_mem", "pg_cancel", "pg_conninfo",
		"pg_notify", "mysql_conn", "mysql_result", "mysql_stmt", "sqlite_db",
		"sqlite_stmt", "sqlite_mem", "sqlite_table", "sqlite_blob",
		"sqlite_backup", "memory", "stream", "pipe_stream", "fd", "dir",
		"addrinfo", "regex", "dl", "mapping", "pthread_attr",
		"pthread_mutexattr", "pthread_condattr",
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!rules_kind(r, kinds[i]))
			fail_msg("no kind '%s'", kinds[i]);
	const RuleKind *k = rules_kind(r, "pg_conn");
	assert_string_equal(k->noun, "connection");
	assert_string_equal(k->pack, "libpq");
	assert_string_equal(k->types[0], "PGconn");
	assert_string_equal(k->types[1], "struct pg_conn");
	assert_null(k->types[2]);
	/* the kinds transactions are open on, each once */
	const RuleKind *const *conns = rules_conn_kinds(r);
	int nconn = 0;
	for (; conns[nconn]; nconn++)
		for (int j = 0; j < nconn; j++)
			assert_ptr_not_equal(conns[j], conns[nconn]);
	assert_int_equal(nconn, 4);
	for (int i = 0; i < nconn; i++)
		assert_true(conns[i] == k || conns[i] == rules_kind(r, "mysql_conn") ||
			    conns[i] == rules_kind(r, "sqlite_db") ||
			    conns[i] == rules_kind(r, "odbc_handle"));
	k = rules_kind(r, "pg_mem");
	assert_string_equal(k->noun, "buffer");
	assert_null(k->types[0]);
	assert_string_equal(rules_kind(r, "sqlite_db")->noun, "database");
	assert_null(rules_kind(r, "pg_reslt"));
	assert_true(rules_nkinds(r) >= (int)(sizeof(kinds) / sizeof(kinds[0])));
	for (int i = 0; i < rules_nkinds(r); i++)
		assert_non_null(rules_kind_at(r, i));
	assert_null(rules_kind_at(r, rules_nkinds(r)));
	assert_null(rules_kind_at(r, -1));
	rules_free(r);
}

static void
test_libpq(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	const RuleAcquire *a = assert_acquires(r, "PQexec", "pg_result", -1);
	assert_pred(a->fails, OP_EQ, 0);
	assert_pred(a->success, OP_NONE, 0);
	assert_null(a->next);
	const RuleFn *f = lookup(r, "PQexec");
	assert_non_null(f->sql);
	assert_string_equal(f->sql->conn_kind->name, "pg_conn");
	assert_int_equal(f->sql->conn_arg, 0);
	assert_int_equal(f->sql->sql_arg, 1);
	assert_pred(f->sql->success, OP_NONE, 0);
	assert_string_equal(f->pack, "libpq");
	assert_string_equal(f->name, "PQexec");
	assert_non_null(strstr(f->file, "libpq.yaml"));
	assert_true(f->line > 0 && f->col > 0);

	assert_int_equal(lookup(r, "PQprepare")->sql->sql_arg, 2);
	assert_pred(lookup(r, "PQsendQuery")->sql->success, OP_EQ, 1);
	assert_acquires(r, "PQconnectdb", "pg_conn", -1);
	assert_acquires(r, "PQconnectStartParams", "pg_conn", -1);
	assert_acquires(r, "PQgetCancel", "pg_cancel", -1);
	assert_acquires(r, "PQnotifies", "pg_notify", -1);
	assert_acquires(r, "PQescapeLiteral", "pg_mem", -1);
	a = assert_acquires(r, "PQconninfoParse", "pg_conninfo", -1);
	assert_non_null(a->next);
	assert_string_equal(a->next->kind->name, "pg_mem");
	assert_int_equal(a->next->out_arg, 1);
	assert_pred(a->next->success, OP_EQ, 0);

	/* an exact name beats the "PQ*" use glob */
	f = lookup(r, "PQclear");
	assert_releases(r, "PQclear", "pg_result", 0);
	assert_false(f->borrows);
	assert_null(f->acquire);
	assert_releases(r, "PQfinish", "pg_conn", 0);
	assert_releases(r, "PQconninfoFree", "pg_conninfo", 0);
	/* PQfreemem releases two kinds: kind NULL means any */
	assert_releases(r, "PQfreemem", NULL, 0);
	/* it releases both of its kinds, and no other */
	const RuleRelease *fm = lookup(r, "PQfreemem")->release;
	assert_true(rules_releases_kind(fm, rules_kind(r, "pg_mem")));
	assert_true(rules_releases_kind(fm, rules_kind(r, "pg_notify")));
	assert_false(rules_releases_kind(fm, rules_kind(r, "pg_result")));

	f = lookup(r, "PQntuples");
	assert_true(f->borrows);
	assert_string_equal(f->name, "PQ*");
	assert_null(f->acquire);
	assert_null(f->release);
	assert_true(lookup(r, "PQstatus")->borrows);

	f = lookup(r, "PQsetNoticeProcessor");
	assert_true(f->keeps);
	assert_false(rules_keeps_arg(f, 0));
	assert_true(rules_keeps_arg(f, 2));
	f = lookup(r, "PQresultStatus");
	assert_non_null(f->status);
	assert_int_equal(f->status->arg, 0);
	assert_pred(f->status->success, OP_EQ, 1);
	assert_true(f->borrows);                /* a status read takes nothing */
	rules_free(r);
}

static void
test_mysql(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	assert_acquires(r, "mysql_init", "mysql_conn", -1);
	assert_int_equal(lookup(r, "mysql_init")->acquire->null_arg, 1);   /* NULL only */
	/* ODBC: autocommit off begins (two argument conditions), SQLEndTran ends */
	const RuleFn *sa = lookup(r, "SQLSetConnectAttr");
	assert_non_null(sa->txn);
	/* ... and autocommit back on commits: two entries, the later first */
	assert_int_equal(sa->txn->what, TXN_END);
	assert_int_equal(sa->txn->also_value, 1);
	const RuleTxnCall *sb = sa->txn->next;
	assert_non_null(sb);
	assert_int_equal(sb->what, TXN_BEGIN);
	assert_int_equal(sb->when_arg, 1);
	assert_int_equal(sb->when_value, 102);
	assert_int_equal(sb->also_arg, 2);
	assert_int_equal(sb->also_value, 0);
	assert_null(sb->next);
	assert_int_equal(lookup(r, "SQLEndTran")->txn->what, TXN_END);
	assert_releases(r, "mysql_close", "mysql_conn", 0);
	assert_acquires(r, "mysql_store_result", "mysql_result", -1);
	assert_acquires(r, "mysql_stmt_result_metadata", "mysql_result", -1);
	assert_releases(r, "mysql_free_result", "mysql_result", 0);
	assert_acquires(r, "mysql_stmt_init", "mysql_stmt", -1);
	assert_releases(r, "mysql_stmt_close", "mysql_stmt", 0);

	/* a user of the connection, not an acquirer */
	const RuleFn *f = lookup(r, "mysql_real_connect");
	assert_null(f->acquire);
	assert_true(f->borrows);

	/* mysql_autocommit(c, 1) commits, (c, 0) begins */
	f = lookup(r, "mysql_autocommit");
	assert_non_null(f->txn);
	assert_int_equal(f->txn->what, TXN_END);
	assert_int_equal(f->txn->when_arg, 1);
	assert_int_equal(f->txn->when_value, 1);
	const RuleTxnCall *ab = f->txn->next;
	assert_non_null(ab);
	assert_int_equal(ab->what, TXN_BEGIN);
	assert_string_equal(ab->conn_kind->name, "mysql_conn");
	assert_int_equal(ab->conn_arg, 0);
	assert_int_equal(ab->when_arg, 1);
	assert_int_equal(ab->when_value, 0);
	f = lookup(r, "mysql_rollback");
	assert_int_equal(f->txn->what, TXN_END);
	assert_int_equal(f->txn->when_arg, -1);
	assert_int_equal(lookup(r, "mysql_commit")->txn->what, TXN_END);
	f = lookup(r, "mysql_real_query");
	assert_non_null(f->sql);
	assert_pred(f->sql->success, OP_EQ, 0);
	rules_free(r);
}

static void
test_sqlite3(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	const RuleAcquire *a = assert_acquires(r, "sqlite3_prepare_v2", "sqlite_stmt", 3);
	assert_pred(a->success, OP_EQ, 0);
	assert_pred(a->fails, OP_NONE, 0);
	assert_non_null(lookup(r, "sqlite3_prepare_v2")->sql);
	assert_acquires(r, "sqlite3_prepare_v3", "sqlite_stmt", 4);
	assert_acquires(r, "sqlite3_prepare16_v3", "sqlite_stmt", 4);
	assert_acquires(r, "sqlite3_prepare16", "sqlite_stmt", 3);

	/* sqlite3_close keeps the connection on SQLITE_BUSY; _v2 always closes */
	const RuleRelease *cl = lookup(r, "sqlite3_close")->release;
	assert_pred(cl->success, OP_EQ, 0);
	assert_false(cl->on_success);
	assert_pred(lookup(r, "sqlite3_close_v2")->release->success, OP_NONE, 0);

	/* the handle must be closed even when the open fails */
	a = assert_acquires(r, "sqlite3_open_v2", "sqlite_db", 1);
	assert_pred(a->success, OP_NONE, 0);
	assert_releases(r, "sqlite3_close_v2", "sqlite_db", 0);
	assert_releases(r, "sqlite3_finalize", "sqlite_stmt", 0);

	/* an acquirer (the error message) and an SQL runner */
	a = assert_acquires(r, "sqlite3_exec", "sqlite_mem", 4);
	assert_pred(a->success, OP_NE, 0);
	assert_null(a->next);
	const RuleFn *f = lookup(r, "sqlite3_exec");
	assert_non_null(f->sql);
	assert_string_equal(f->sql->conn_kind->name, "sqlite_db");
	assert_int_equal(f->sql->conn_arg, 0);
	assert_int_equal(f->sql->sql_arg, 1);
	assert_pred(f->sql->success, OP_EQ, 0);

	/* two handles from one call, table first */
	a = assert_acquires(r, "sqlite3_get_table", "sqlite_table", 2);
	assert_pred(a->success, OP_EQ, 0);
	assert_non_null(a->next);
	assert_string_equal(a->next->kind->name, "sqlite_mem");
	assert_int_equal(a->next->out_arg, 5);
	assert_pred(a->next->success, OP_NE, 0);
	assert_null(a->next->next);
	assert_releases(r, "sqlite3_free_table", "sqlite_table", 0);

	a = assert_acquires(r, "sqlite3_blob_open", "sqlite_blob", 6);
	assert_pred(a->success, OP_EQ, 0);
	assert_acquires(r, "sqlite3_backup_init", "sqlite_backup", -1);
	assert_acquires(r, "sqlite3_mprintf", "sqlite_mem", -1);
	assert_releases(r, "sqlite3_free", "sqlite_mem", 0);
	assert_acquires(r, "sqlite3_str_finish", "sqlite_mem", -1);
	assert_releases(r, "sqlite3_str_finish", "sqlite_str", 0);
	/* it destroys the builder even when it returns NULL */
	assert_false(lookup(r, "sqlite3_str_finish")->release->on_success);

	assert_true(lookup(r, "sqlite3_column_text")->borrows);
	assert_false(lookup(r, "sqlite3_column_text")->keeps);
	/* exact keeps, and a keeps glob beating the earlier "sqlite3_*" */
	f = lookup(r, "sqlite3_bind_text");
	assert_true(f->keeps);
	assert_false(rules_keeps_arg(f, 0));    /* the statement is borrowed */
	assert_true(rules_keeps_arg(f, 2));     /* the text is kept */
	assert_false(rules_keeps_arg(f, 4));
	f = lookup(r, "sqlite3_create_module_v2");
	assert_true(rules_keeps_arg(f, 2) && rules_keeps_arg(f, 3));
	assert_false(rules_keeps_arg(f, 0) || rules_keeps_arg(f, 4));
	f = lookup(r, "sqlite3_result_text64");
	assert_true(f->keeps);
	assert_string_equal(f->name, "sqlite3_result_text*");
	assert_true(lookup(r, "sqlite3_create_function_v2")->keeps);
	/* a realloc: a new block, the old one given up only on success */
	f = lookup(r, "sqlite3_realloc64");
	assert_false(f->keeps);
	assert_true(f->release->on_success);
	assert_string_equal(f->release->kind->name, "sqlite_mem");
	assert_string_equal(f->acquire->kind->name, "sqlite_mem");
	rules_free(r);
}

static void
test_posix(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	const RuleAcquire *a = assert_acquires(r, "open", "fd", -1);
	assert_pred(a->fails, OP_LT, 0);
	assert_pred(assert_acquires(r, "socket", "fd", -1)->fails, OP_LT, 0);
	assert_releases(r, "close", "fd", 0);
	assert_pred(assert_acquires(r, "malloc", "memory", -1)->fails, OP_EQ, 0);
	assert_releases(r, "free", "memory", 0);
	a = assert_acquires(r, "asprintf", "memory", 0);
	assert_pred(a->success, OP_GE, 0);
	a = assert_acquires(r, "posix_memalign", "memory", 0);
	assert_pred(a->success, OP_EQ, 0);
	/* realloc: a new block, and the old one given up only on success */
	a = assert_acquires(r, "realloc", "memory", -1);
	assert_pred(a->fails, OP_EQ, 0);
	assert_releases(r, "realloc", "memory", 0);
	assert_true(rules_lookup(r, "realloc")->release->on_success);
	assert_false(rules_lookup(r, "reallocf")->release->on_success);
	/* getline grows the buffer it is given */
	a = assert_acquires(r, "getline", "memory", 0);
	assert_true(a->inout);
	assert_int_equal(a->success.op, OP_NONE);
	assert_false(assert_acquires(r, "scandir", "memory", 1)->inout);
	/* error(status, ...) ends the process only for status != 0 */
	const RuleFn *err = rules_lookup(r, "error");
	assert_false(err->noreturn);
	assert_int_equal(err->noreturn_if, 1);
	assert_pred(err->noreturn_when, OP_NE, 0);
	assert_true(rules_ends_path(err, (Pred){OP_EQ, 1}));
	assert_true(rules_ends_path(err, (Pred){OP_GT, 0}));
	assert_false(rules_ends_path(err, (Pred){OP_EQ, 0}));
	assert_false(rules_ends_path(err, (Pred){OP_NONE, 0}));
	assert_false(rules_ends_path(err, (Pred){OP_GE, 0}));
	assert_true(rules_ends_path(rules_lookup(r, "exit"), (Pred){OP_NONE, 0}));
	assert_null(rules_lookup(r, "getcwd"));
	assert_null(rules_lookup(r, "no_such_function"));

	/* fdopen moves the descriptor into the stream */
	assert_acquires(r, "fdopen", "stream", -1);
	assert_releases(r, "fdopen", "fd", 0);
	assert_acquires(r, "fdopendir", "dir", -1);
	assert_releases(r, "fdopendir", "fd", 0);
	assert_true(lookup(r, "fdopen")->release->on_success);
	assert_false(lookup(r, "close")->release->on_success);
	assert_releases(r, "fclose", "stream", 0);
	assert_releases(r, "pclose", "pipe_stream", 0);
	assert_pred(assert_acquires(r, "mmap", "mapping", -1)->fails, OP_EQ, -1);
	assert_pred(assert_acquires(r, "getaddrinfo", "addrinfo", 3)->success, OP_EQ, 0);
	assert_pred(assert_acquires(r, "regcomp", "regex", 0)->success, OP_EQ, 0);
	assert_acquires(r, "dlopen", "dl", -1);

	assert_true(lookup(r, "fprintf")->borrows);
	assert_true(lookup(r, "read")->borrows);
	assert_true(lookup(r, "readdir")->borrows);
	assert_true(lookup(r, "strlen")->borrows);
	assert_true(lookup(r, "strlen")->pure);
	assert_true(lookup(r, "strcmp")->pure);
	assert_true(lookup(r, "memcmp")->pure);
	assert_false(lookup(r, "strcpy")->pure);    /* writes its first argument */
	assert_false(lookup(r, "fprintf")->pure);
	const RuleFn *f = lookup(r, "setvbuf");
	assert_true(f->keeps);
	assert_false(f->borrows);
	assert_false(rules_keeps_arg(f, 0));    /* the stream stays the caller's */
	assert_true(rules_keeps_arg(f, 1));     /* the buffer is the stream's */
	f = lookup(r, "putenv");
	assert_true(rules_keeps_arg(f, 0));     /* a plain name keeps everything */
	assert_true(rules_keeps_arg(f, 7));
	assert_false(rules_keeps_arg(lookup(r, "strlen"), 0));
	assert_false(rules_keeps_arg(NULL, 0));
	assert_true(lookup(r, "exit")->noreturn);
	assert_true(lookup(r, "abort")->noreturn);
	assert_true(lookup(r, "__assert_fail")->noreturn);
	assert_true(lookup(r, "siglongjmp")->noreturn);
	assert_true(lookup(r, "siglongjmp")->jumps);
	assert_true(lookup(r, "longjmp")->jumps);
	assert_false(lookup(r, "exit")->jumps);
	assert_false(lookup(r, "strlen")->noreturn);
	/* memcpy returns its destination, and borrows */
	assert_int_equal(lookup(r, "memcpy")->passes, 1);
	assert_true(lookup(r, "memcpy")->borrows);
	assert_int_equal(lookup(r, "strlen")->passes, 0);
	rules_free(r);
}

static void
test_pthread(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	const RuleFn *f = lookup(r, "pthread_create");
	assert_non_null(f->thread);
	assert_int_equal(f->thread->role, THREAD_SPAWN);
	assert_int_equal(f->thread->thread_arg, 0);
	assert_int_equal(f->thread->routine_arg, 2);
	assert_int_equal(f->thread->data_arg, 3);
	assert_pred(f->thread->success, OP_EQ, 0);
	f = lookup(r, "thrd_create");
	assert_int_equal(f->thread->routine_arg, 1);
	assert_int_equal(f->thread->data_arg, 2);
	f = lookup(r, "pthread_join");
	assert_int_equal(f->thread->role, THREAD_JOIN);
	assert_int_equal(f->thread->thread_arg, 0);
	assert_int_equal(f->thread->routine_arg, -1);
	assert_int_equal(lookup(r, "thrd_join")->thread->role, THREAD_JOIN);
	assert_int_equal(lookup(r, "pthread_detach")->thread->role, THREAD_DETACH);
	assert_int_equal(lookup(r, "thrd_detach")->thread->role, THREAD_DETACH);
	assert_true(lookup(r, "pthread_exit")->noreturn);
	assert_true(lookup(r, "thrd_exit")->noreturn);
	assert_pred(assert_acquires(r, "pthread_attr_init", "pthread_attr", 0)->success,
		    OP_EQ, 0);
	assert_releases(r, "pthread_attr_destroy", "pthread_attr", 0);
	assert_true(lookup(r, "pthread_attr_setstacksize")->borrows);
	assert_true(lookup(r, "pthread_attr_getdetachstate")->borrows);
	assert_acquires(r, "pthread_mutexattr_init", "pthread_mutexattr", 0);
	assert_acquires(r, "pthread_condattr_init", "pthread_condattr", 0);
	rules_free(r);
}

/* ---- precedence ---------------------------------------------------------- */

static void
test_user_pack_overrides(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	load_ok(r, VALID "user_override.yaml");
	/* the whole entry is replaced: PQexec no longer runs SQL */
	const RuleAcquire *a = assert_acquires(r, "PQexec", "my_handle", 2);
	assert_pred(a->success, OP_EQ, 0);
	const RuleFn *f = lookup(r, "PQexec");
	assert_null(f->sql);
	assert_string_equal(f->pack, "user-override");
	/* an exact keeps beats the shipped "PQ*" use glob */
	f = lookup(r, "PQntuples");
	assert_true(f->keeps);
	assert_true(rules_keeps_arg(f, 0));
	assert_false(f->borrows);
	f = lookup(r, "sqlite3_bind_text");
	assert_true(f->borrows);
	assert_false(f->keeps);
	assert_true(lookup(r, "my_peek_at")->borrows);
	assert_true(lookup(r, "my_die")->noreturn);
	assert_releases(r, "my_handle_free", "my_handle", 1);
	/* the rest of libpq is untouched */
	assert_releases(r, "PQclear", "pg_result", 0);
	assert_string_equal(lookup(r, "PQclear")->pack, "libpq");
	rules_free(r);
}

static void
test_glob_precedence(void **state)
{
	(void)state;
	Rules *r = rules_new();
	load_ok(r, VALID "glob_first.yaml");
	load_ok(r, VALID "glob_second.yaml");
	/* among globs the first loaded wins */
	const RuleFn *f = lookup(r, "zz_getx");
	assert_string_equal(f->name, "zz_*");
	assert_true(f->borrows);
	assert_false(f->noreturn);
	/* a keeps glob beats the other globs */
	f = lookup(r, "zz_keepit");
	assert_string_equal(f->name, "zz_keep*");
	assert_true(f->keeps);
	/* an exact name beats every glob */
	f = lookup(r, "zz_stat");
	assert_string_equal(f->pack, "glob-second");
	assert_true(f->borrows);
	assert_releases(r, "zz_close", "zz_handle", 0);
	/* the same glob from a later pack replaces the earlier one */
	load_ok(r, VALID "glob_third.yaml");
	f = lookup(r, "zz_x");
	assert_string_equal(f->pack, "glob-third");
	assert_true(f->noreturn);
	assert_false(f->borrows);
	assert_null(rules_lookup(r, "zz"));
	rules_free(r);
}

static void
test_transactions(void **state)
{
	(void)state;
	Rules *r = rules_new();
	load_ok(r, VALID "txn_multi.yaml");
	const RuleFn *f = lookup(r, "a_query");
	assert_string_equal(f->sql->conn_kind->name, "a_conn");
	assert_int_equal(f->sql->conn_arg, 1);
	assert_int_equal(f->sql->sql_arg, 2);
	assert_pred(f->sql->success, OP_EQ, 0);
	f = lookup(r, "a_exec");
	assert_int_equal(f->sql->conn_arg, 0);
	assert_int_equal(f->sql->sql_arg, 1);
	assert_pred(f->sql->success, OP_NONE, 0);
	f = lookup(r, "a_autocommit");
	assert_int_equal(f->txn->what, TXN_BEGIN);
	assert_int_equal(f->txn->when_arg, 1);
	assert_int_equal(f->txn->when_value, -1);
	assert_int_equal(lookup(r, "a_begin")->txn->when_arg, -1);
	assert_int_equal(lookup(r, "a_commit")->txn->what, TXN_END);
	f = lookup(r, "b_end");
	assert_string_equal(f->txn->conn_kind->name, "b_conn");
	assert_int_equal(f->txn->conn_arg, 3);
	assert_string_equal(lookup(r, "b_exec")->sql->conn_kind->name, "b_conn");
	f = lookup(r, "a_status");
	assert_int_equal(f->status->arg, 0);
	assert_pred(f->status->success, OP_GE, 2);
	f = lookup(r, "a_spawn");
	assert_pred(f->thread->success, OP_EQ, 0);        /* the default */
	assert_int_equal(f->thread->thread_arg, 0);
	assert_int_equal(f->thread->routine_arg, 1);
	assert_int_equal(f->thread->data_arg, 2);
	assert_int_equal(lookup(r, "a_detach")->thread->thread_arg, 1);
	assert_int_equal(lookup(r, "a_join")->thread->role, THREAD_JOIN);

	const char *const *b = rules_sql_begin(r);
	assert_string_equal(b[0], "BEGIN");
	assert_string_equal(b[1], "START TRANSACTION");
	assert_null(b[2]);
	const char *const *e = rules_sql_end(r);
	assert_string_equal(e[0], "COMMIT");
	assert_string_equal(e[1], "FINISH WORK");
	assert_null(e[2]);
	rules_free(r);
}

static bool
has_word(const char *const *words, const char *w)
{
	for (; *words; words++)
		if (strcmp(*words, w) == 0)
			return true;
	return false;
}

static void
test_sql_words(void **state)
{
	(void)state;
	Rules *r = rules_new();
	const char *const *b = rules_sql_begin(r), *const *e = rules_sql_end(r);
	assert_string_equal(b[0], "BEGIN");
	assert_string_equal(b[1], "START TRANSACTION");
	assert_null(b[2]);
	assert_string_equal(e[0], "COMMIT");
	assert_string_equal(e[1], "END");
	assert_string_equal(e[2], "ROLLBACK");
	assert_string_equal(e[3], "ABORT");
	assert_null(e[4]);
	rules_free(r);

	r = load_shipped();
	b = rules_sql_begin(r);
	e = rules_sql_end(r);
	assert_true(has_word(b, "BEGIN") && has_word(b, "START TRANSACTION"));
	assert_true(has_word(e, "COMMIT") && has_word(e, "END"));
	assert_true(has_word(e, "ROLLBACK") && has_word(e, "ABORT"));
	assert_false(has_word(b, "COMMIT"));
	int n = 0;
	for (const char *const *w = e; *w; w++)
		n++;
	assert_int_equal(n, 4);             /* no duplicates */
	rules_free(r);
}

static void
test_engine_pack(void **state)
{
	(void)state;
	Rules *r = rules_new();
	load_ok(r, TEST_DATA_DIR "/engine.yaml");
	assert_acquires(r, "res_get", "res", -1);
	assert_releases(r, "res_put2", "res", 1);
	assert_pred(assert_acquires(r, "fd_open", "fd", -1)->fails, OP_LT, 0);
	assert_pred(assert_acquires(r, "obj_create", "obj", 1)->success, OP_EQ, 0);
	assert_true(lookup(r, "res_peek_x")->borrows);
	assert_true(lookup(r, "log_info")->borrows);
	assert_true(lookup(r, "stash_it")->keeps);
	assert_true(lookup(r, "die")->noreturn);
	assert_string_equal(rules_kind(r, "res")->noun, "resource");
	rules_free(r);
}

static char *list_text(const Rules *r);

/* brackets: begin and end entries per function, in pack order */
static void
test_brackets(void **state)
{
	(void)state;
	Rules *r = rules_new();
	load_ok(r, VALID "brackets.yaml");
	const RuleBracketCall *b = rules_brackets(r, "latch_take");
	assert_non_null(b);
	assert_false(b->end);
	assert_int_equal(b->object, 0);
	assert_int_equal(b->when_arg, -1);
	assert_int_equal(b->success.op, OP_NONE);
	assert_string_equal(b->bracket->name, "latch");
	assert_string_equal(b->bracket->check, "lock-held");
	assert_string_equal(b->bracket->pack, "brackets-test");
	assert_null(b->next);
	b = rules_brackets(r, "latch_try");
	assert_int_equal(b->object, 1);
	assert_pred(b->success, OP_EQ, 0);
	b = rules_brackets(r, "latch_op");
	assert_false(b->end);
	assert_int_equal(b->when_arg, 1);
	assert_int_equal(b->nvalues, 2);
	assert_int_equal(b->values[1], 2);
	assert_non_null(b->next);
	assert_true(b->next->end);
	assert_int_equal(b->next->values[0], 8);
	assert_ptr_equal(b->bracket, b->next->bracket);
	assert_true(rules_brackets(r, "latch_give")->end);
	assert_null(rules_brackets(r, "latch"));
	assert_null(rules_lookup(r, "latch_take"));   /* no RuleFn of its own */
	char *text = list_text(r);
	assert_non_null(strstr(text, "brackets-test  latch_op  begin latch (object: argument 0; "
				     "when argument 1 is 1 or 2)\n"));
	assert_non_null(strstr(text, "brackets-test  latch_try  begin latch (object: argument 1; "
				     "when the call returns == 0)\n"));
	free(text);
	/* the shipped packs */
	Rules *shipped = load_shipped();
	assert_non_null(rules_brackets(shipped, "pthread_mutex_lock"));
	assert_pred(rules_brackets(shipped, "pthread_mutex_trylock")->success, OP_EQ, 0);
	assert_true(rules_brackets(shipped, "pthread_mutex_unlock")->end);
	assert_string_equal(rules_brackets(shipped, "sqlite3_mutex_enter")->bracket->check,
			    "lock-held");
	const RuleBracketCall *fl = rules_brackets(shipped, "flock");
	assert_int_equal(fl->values[1], 2);
	assert_true(fl->next->next->end);
	rules_free(shipped);
	rules_free(r);
}

/* A transactions section written as brackets gives the same table. */
static void
test_transactions_as_brackets(void **state)
{
	(void)state;
	Rules *a = rules_new(), *b = rules_new();
	load_ok(a, VALID "txn_multi.yaml");
	load_ok(b, VALID "txn_brackets.yaml");
	char *ta = list_text(a), *tb = list_text(b);
	assert_string_equal(ta, tb);
	assert_non_null(strstr(ta, "begin (connection a_conn"));
	const char *const *wa = rules_sql_end(a), *const *wb = rules_sql_end(b);
	for (; *wa && *wb; wa++, wb++)
		assert_string_equal(*wa, *wb);
	assert_true(!*wa && !*wb);
	assert_string_equal(rules_sql_begin(b)[1], "START TRANSACTION");
	free(ta);
	free(tb);
	rules_free(a);
	rules_free(b);
}

/* ---- broken packs -------------------------------------------------------- */

static const struct {
	const char *file;
	const char *where;      /* "line:col", or "" for none */
	const char *msg;
} broken[] = {
	{"syntax.yaml", "6:24",
	 "invalid YAML: mapping values are not allowed in this context"},
	{"unknown_key.yaml", "6:9",
	 "unknown key 'fial' in an entry of 'acquire' (expected function, out, "
	 "fails, success, null_arg, inout, member or fails_member)"},
	{"unknown_top_key.yaml", "2:1",
	 "unknown key 'kind' in a rule pack (expected pack, description, kinds, "
	 "borrowers, pure, rejects_null, keeps, noreturn, returns, views, transactions, threads or brackets)"},
	{"wrong_type.yaml", "4:14", "expected a sequence for 'acquire'"},
	{"bracket_no_check.yaml", "3:5", "missing 'check' in an entry of 'brackets'"},
	{"bracket_equals.yaml", "6:9",
	 "'when_arg' and 'equals' go together in an entry of 'begin'"},
	{"bracket_end_success.yaml", "7:42", "'success' is for entries of 'begin'"},
	{"bracket_txn_check.yaml", "7:12", "a bracket on a 'connection' is a transaction, "
	 "reported by 'txn-open', not 'lock-held'"},
	{"unknown_kind.yaml", "7:15", "unknown kind 'db_con'"},
	{"bad_pred.yaml", "6:16",
	 "bad predicate '= -1' for 'fails': expected an operator and an integer "
	 "such as \"== 0\" or \"< 0\""},
	{"unquoted_pred.yaml", "5:50",
	 "bad predicate '!= 0' for 'success': expected an operator and an integer "
	 "such as \"== 0\" or \"< 0\" (quote it)"},
	{"dup_kind.yaml", "5:11", "duplicate kind 'thing', declared already at line 3"},
	{"dup_shipped_kind.yaml", "4:11",
	 "duplicate kind 'pg_result': pack 'libpq' declares it already"},
	{"no_pack.yaml", "1:1", "missing 'pack': a rule pack begins with 'pack: NAME'"},
	{"no_kind_name.yaml", "3:5", "missing 'name' in a kind"},
	{"negative_arg.yaml", "5:38", "negative argument index '-1' for 'arg'"},
	{"not_int_arg.yaml", "5:40",
	 "expected an argument index (an integer >= 0) for 'out'"},
	{"twice.yaml", "7:9", "'thing_free' is listed twice in 'release' of kind 'thing'"},
	{"twice_borrowers.yaml", "2:29", "'strlen' is listed twice in 'borrowers'"},
	{"two_documents.yaml", "2:1",
	 "a rule pack is one YAML document, this is a second one"},
	{"empty.yaml", "", "the rule pack is empty"},
	{"partial.yaml", "11:7", "missing 'arg' in an entry of 'spawn'"},
	{"keeps_bad_arg.yaml", "3:36",
	 "expected an argument index from 0 to 31 for 'arg' in 'keeps'"},
	{"bad_bool.yaml", "5:46", "expected true or false for 'on_success'"},
	{"release_other_arg.yaml", "5:21",
	 "'PQclear' releases argument 0 of 'pg_result' in pack 'libpq': a pack that names "
	 "it for another kind must release the same argument (it then releases both)"},
	{"noreturn_no_when.yaml", "3:5", "'arg' and 'when' go together: the function does "
	 "not return when argument 'arg' satisfies 'when'"},
	{"inout_no_out.yaml", "5:34", "'inout' applies to handles written through 'out': "
	 "say which argument with 'out'"},
	{"release_both.yaml", "6:61", "give 'on_success' or 'success', not both"},
	{"txn_begin_and_end.yaml", "11:7", "'t_autocommit' is listed in both 'begin' and "
	 "'end': then both entries need 'when_arg' and 'equals'"},
	{"bad_sql_word.yaml", "3:15",
	 "bad SQL words 'BEGIN;' in 'begin_sql': expected words of letters "
	 "separated by single blanks"},
};

static char *
list_text(const Rules *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	rules_list(r, f);
	fclose(f);
	return buf;
}

static void
test_broken_packs(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	char *before = list_text(r);
	int nkinds = rules_nkinds(r);
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		char path[512], want[1100];
		Diag d;
		diag_init(&d, NULL);
		snprintf(path, sizeof(path), "%s%s", BROKEN, broken[i].file);
		snprintf(want, sizeof(want), "%s:%s%serror: %s", path, broken[i].where,
			 *broken[i].where ? ": " : " ", broken[i].msg);
		assert_int_equal(rules_load_file(r, path, &d), -1);
		assert_string_equal(d.last, want);
		assert_int_equal(d.errors, 1);
	}
	/* nothing of them was loaded */
	assert_int_equal(rules_nkinds(r), nkinds);
	assert_null(rules_lookup(r, "partial_new"));
	assert_null(rules_lookup(r, "partial_peek"));
	assert_null(rules_kind(r, "partial_thing"));
	assert_null(rules_lookup(r, "thing_new"));
	assert_null(rules_lookup(r, "my_exec"));
	char *after = list_text(r);
	assert_string_equal(before, after);
	free(before);
	free(after);
	rules_free(r);
}

/* A pack in memory (the fuzz target's way in) loads as the file does, and
 * its errors name the name it was given. */
static void
test_load_text(void **state)
{
	(void)state;
	static const char good[] = "pack: mem\nkinds:\n  - name: blob\n    acquire: [blob_new]\n"
				   "    release: [blob_free]\n";
	static const char bad[] = "pack: mem\nkinds:\n  - name: blob\n    acquire: {\n";
	Rules *r = rules_new();
	Diag d;
	diag_init(&d, NULL);
	assert_int_equal(rules_load_text(r, "mem.yaml", good, sizeof(good) - 1, &d), 0);
	const RuleFn *f = rules_lookup(r, "blob_free");
	assert_non_null(f);
	assert_string_equal(f->release->kind->name, "blob");
	assert_string_equal(f->file, "mem.yaml");
	assert_int_equal(rules_load_text(r, "bad.yaml", bad, sizeof(bad) - 1, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.last, "bad.yaml:5:1: error: invalid YAML"));
	rules_free(r);
}

/* `pure`: a list of names; each borrows too, and is listed once. */
static void
test_pure(void **state)
{
	(void)state;
	static const char good[] = "pack: cmp\npure:\n  - name_cmp\n  - \"hash_*\"\n";
	static const char twice[] = "pack: cmp\npure: [name_cmp, name_cmp]\n";
	Rules *r = rules_new();
	Diag d;
	diag_init(&d, NULL);
	assert_int_equal(rules_load_text(r, "cmp.yaml", good, sizeof(good) - 1, &d), 0);
	const RuleFn *f = rules_lookup(r, "name_cmp");
	assert_non_null(f);
	assert_true(f->pure);
	assert_true(f->borrows);
	assert_null(f->release);
	assert_true(rules_lookup(r, "hash_str")->pure);
	assert_int_equal(rules_load_text(r, "twice.yaml", twice, sizeof(twice) - 1, &d), -1);
	assert_non_null(strstr(d.last, "twice.yaml:2:18: error: 'name_cmp' is listed twice in 'pure'"));
	char *text = list_text(r);
	assert_non_null(strstr(text, "cmp  name_cmp  pure"));
	free(text);
	rules_free(r);
}

static void
test_rejects_null(void **state)
{
	(void)state;
	static const char good[] =
		"pack: logs\n"
		"kinds:\n"
		"  - name: log\n"
		"    acquire: [log_open]\n"
		"    release: [log_close]\n"
		"rejects_null: [log_close]\n";
	static const char bad[] = "pack: logs2\nrejects_null: {log_close: 1}\n";
	Rules *r = rules_new();
	Diag d;
	diag_init(&d, NULL);
	assert_int_equal(rules_load_text(r, "logs.yaml", good, sizeof(good) - 1, &d), 0);
	const RuleFn *f = rules_lookup(r, "log_close");
	assert_non_null(f);
	assert_true(f->rejects_null);
	assert_non_null(f->release);             /* one entry, both roles */
	assert_false(rules_lookup(r, "log_open")->rejects_null);
	assert_int_equal(rules_load_text(r, "logs2.yaml", bad, sizeof(bad) - 1, &d), -1);
	assert_non_null(strstr(d.last, "logs2.yaml:2:"));
	char *text = list_text(r);
	assert_non_null(strstr(text, "logs  log_close  rejects NULL"));
	free(text);
	rules_free(r);
	/* the shipped packs: mysql_stmt_close and fclose must not get NULL,
	 * free and sqlite3_finalize may */
	r = load_shipped();
	assert_true(rules_lookup(r, "mysql_stmt_close")->rejects_null);
	assert_true(rules_lookup(r, "fclose")->rejects_null);
	assert_false(rules_lookup(r, "free")->rejects_null);
	assert_false(rules_lookup(r, "sqlite3_finalize")->rejects_null);
	rules_free(r);
}

/* `member`: an acquire that fills a member of the object its `out`
 * argument points to, a release of that member. */
static void
test_member(void **state)
{
	(void)state;
	static const char good[] =
		"pack: bufs\n"
		"kinds:\n"
		"  - name: buf_data\n"
		"    acquire:\n"
		"      - { function: buf_init, out: 0, member: data }\n"
		"      - { function: buf_init2, out: 0, member: data, fails_member: cap,"
		" fails: \"< 1\" }\n"
		"      - { function: buf_try, out: 1, member: data, success: \"== 0\" }\n"
		"    release:\n"
		"      - { function: buf_term, member: data }\n"
		"      - free\n";
	Rules *r = rules_new();
	Diag d;
	diag_init(&d, NULL);
	assert_int_equal(rules_load_text(r, "bufs.yaml", good, sizeof(good) - 1, &d), 0);
	const RuleFn *f = rules_lookup(r, "buf_init");
	assert_non_null(f->acquire);
	assert_int_equal(f->acquire->out_arg, 0);
	assert_string_equal(f->acquire->out_member, "data");
	assert_null(f->acquire->fails_member);
	f = rules_lookup(r, "buf_init2");
	assert_string_equal(f->acquire->fails_member, "cap");
	assert_int_equal(f->acquire->member_fails.op, OP_LT);
	assert_int_equal(f->acquire->member_fails.value, 1);
	assert_int_equal(f->acquire->fails.op, OP_NONE);   /* not a returned value's */
	f = rules_lookup(r, "buf_term");
	assert_non_null(f->release);
	assert_int_equal(f->release->arg, 0);
	assert_string_equal(f->release->member, "data");
	assert_null(rules_lookup(r, "free")->release->member);
	char *text = list_text(r);
	assert_non_null(strstr(text, "bufs  buf_init  acquire buf_data (into member data of "
				 "what argument 0 points to; always)"));
	assert_non_null(strstr(text, "bufs  buf_try  acquire buf_data (into member data of "
				 "what argument 1 points to; when the call returns == 0)"));
	assert_non_null(strstr(text, "bufs  buf_term  release buf_data (member data of what "
				 "argument 0 points to)"));
	assert_non_null(strstr(text, "bufs  buf_init2  acquire buf_data (into member data of "
				 "what argument 0 points to; always; nothing while member cap < 1)"));
	free(text);
	/* a later pack must release the same member of the same argument */
	static const char other[] =
		"pack: bufs2\n"
		"kinds:\n"
		"  - name: buf2\n"
		"    release: [buf_term]\n";
	assert_int_equal(rules_load_text(r, "bufs2.yaml", other, sizeof(other) - 1, &d), -1);
	assert_non_null(strstr(d.last, "bufs2.yaml:4:15: error: 'buf_term' releases member "
				   "data of argument 0 of 'buf_data' in pack 'bufs'"));
	rules_free(r);
	static const struct {
		const char *text, *where, *msg;
	} bad[] = {
		{"pack: b\nkinds:\n  - name: k\n    acquire:\n"
		 "      - { function: f, member: data }\n",
		 "b.yaml:5:32", "'member' applies to handles written through 'out'"},
		{"pack: b\nkinds:\n  - name: k\n    acquire:\n"
		 "      - { function: f, out: 0, member: a.b }\n",
		 "b.yaml:5:40", "'member' must name one member, a C identifier"},
		{"pack: b\nkinds:\n  - name: k\n    release:\n"
		 "      - { function: f, format: 1, member: data }\n",
		 "b.yaml:5:43", "give 'member' or 'format', not both"},
		{"pack: b\nkinds:\n  - name: k\n    acquire:\n"
		 "      - { function: f, out: 0, fails_member: len }\n",
		 "b.yaml:5:46", "'fails_member' applies to handles written into a member"},
		{"pack: b\nkinds:\n  - name: k\n    acquire:\n"
		 "      - { function: f, out: 0, member: data, fails_member: len, fails: 0 }\n",
		 "b.yaml:5:72", "bad predicate"},
		{"pack: b\nkinds:\n  - name: k\n    release:\n"
		 "      - { function: f, member: [data] }\n",
		 "b.yaml:5:32", "a C member name for 'member'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = rules_new();
		diag_init(&d, NULL);
		assert_int_equal(rules_load_text(r, "b.yaml", bad[i].text, strlen(bad[i].text), &d), -1);
		assert_non_null(strstr(d.last, bad[i].where));
		assert_non_null(strstr(d.last, bad[i].msg));
		assert_null(rules_lookup(r, "f"));
		rules_free(r);
	}
	/* the shipped libpq pack: PQExpBufferData's data */
	r = load_shipped();
	f = rules_lookup(r, "initPQExpBuffer");
	assert_string_equal(f->acquire->kind->name, "pg_expbuffer_data");
	assert_string_equal(f->acquire->out_member, "data");
	assert_string_equal(f->acquire->fails_member, "maxlen");
	assert_string_equal(rules_lookup(r, "termPQExpBuffer")->release->member, "data");
	assert_true(rules_releases_kind(rules_lookup(r, "free")->release, f->acquire->kind));
	rules_free(r);
}

static void
test_broken_dir(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	char *before = list_text(r);
	Diag d;
	diag_init(&d, NULL);
	int n = (int)(sizeof(broken) / sizeof(broken[0]));
	assert_int_equal(rules_load_dir(r, TEST_DATA_DIR "/rules/broken", &d), n);
	assert_int_equal(d.errors, n);
	char *after = list_text(r);
	assert_string_equal(before, after);
	free(before);
	free(after);
	rules_free(r);
}

static void
test_unreadable(void **state)
{
	(void)state;
	Rules *r = rules_new();
	Diag d;
	diag_init(&d, NULL);
	assert_int_equal(rules_load_file(r, BROKEN "no-such-pack.yaml", &d), -1);
	assert_string_equal(d.last, BROKEN "no-such-pack.yaml: error: cannot read "
			    "rule pack: No such file or directory");
	assert_int_equal(rules_load_file(r, TEST_DATA_DIR, &d), -1);
	assert_string_equal(d.last, TEST_DATA_DIR ": error: cannot read rule pack: "
			    "Is a directory");
	assert_int_equal(rules_load_dir(r, TEST_DATA_DIR "/no-such-dir", &d), -1);
	assert_string_equal(d.last, TEST_DATA_DIR "/no-such-dir: error: cannot read "
			    "the rules directory: No such file or directory");
	assert_int_equal(d.errors, 3);
	assert_int_equal(rules_nkinds(r), 0);
	rules_free(r);
	rules_free(NULL);
}

/* ---- --list-rules -------------------------------------------------------- */

static void
test_list(void **state)
{
	(void)state;
	Rules *r = load_shipped();
	char *text = list_text(r);
	static const char *const lines[] = {
		"libpq  PQexec  acquire pg_result (returned; nothing when == 0)\n",
		"libpq  PQexec  sql (connection pg_conn argument 0, SQL argument 1)\n",
		"libpq  PQ*  borrow\n",
		"libpq  PQclear  release pg_result (argument 0)\n",
		"posix  open  acquire fd (returned; nothing when < 0)\n",
		"posix  exit  noreturn\n",
		"posix  setvbuf  keep (argument 1)\n",
		"posix  putenv  keep\n",
		"sqlite3  sqlite3_create_module*  keep (arguments 2, 3)\n",
		"sqlite3  sqlite3_prepare_v2  acquire sqlite_stmt (through argument 3; "
		"when the call returns == 0)\n",
		"sqlite3  sqlite3_open  acquire sqlite_db (through argument 1; always)\n",
		"mysql  mysql_autocommit  begin (connection mysql_conn argument 0; "
		"when argument 1 == 0)\n",
		"mysql  mysql_commit  end (connection mysql_conn argument 0)\n",
		"libpq  PQresultStatus  status (argument 0; succeeded when == 1)\n",
		"pthread  pthread_create  spawn (thread argument 0, routine argument 2, "
		"data argument 3)\n",
		"pthread  pthread_join  join (thread argument 0)\n",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (!strstr(text, lines[i]))
			fail_msg("missing line: %s", lines[i]);
	/* sorted by pack, then function */
	const char *prev = NULL;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (prev) {
			size_t pl = strcspn(prev, " "), ll = strcspn(line, " ");
			int c = strncmp(prev, line, pl < ll ? pl : ll);
			assert_true(c < 0 || (c == 0 && pl <= ll));
			if (c == 0 && pl == ll) {
				const char *pf = prev + pl + 2, *lf = line + ll + 2;
				size_t pn = strcspn(pf, " "), ln = strcspn(lf, " ");
				int fc = strncmp(pf, lf, pn < ln ? pn : ln);
				assert_true(fc < 0 || (fc == 0 && pn <= ln));
			}
		}
		prev = line;
	}
	free(text);
	rules_free(r);
}

/* The YAML block of docs/rules.md's "A first pack", in a file of its own. */
static void
first_pack_from_docs(const char *path)
{
	FILE *doc = fopen(DOCS_DIR "/rules.md", "r");
	assert_non_null(doc);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	char line[1024];
	int state = 0;          /* 0 before the section, 1 in it, 2 in its block */
	while (state < 3 && fgets(line, sizeof(line), doc)) {
		if (state == 0 && strcmp(line, "## A first pack\n") == 0)
			state = 1;
		else if (state == 1 && strcmp(line, "```yaml\n") == 0)
			state = 2;
		else if (state == 2 && strcmp(line, "```\n") == 0)
			state = 3;
		else if (state == 2)
			fputs(line, out);
	}
	fclose(doc);
	fclose(out);
	assert_int_equal(state, 3);
}

/* The doc's first pack names PQclear, libpq's release of pg_result, for
 * its own mydb_result: PQclear then releases both kinds (no mismatched
 * release of either), and the pack loads after the shipped ones as is. */
static void
test_doc_first_pack(void **state)
{
	(void)state;
	char path[] = "/tmp/closecheck-first-pack-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	first_pack_from_docs(path);
	Rules *r = load_shipped();
	load_ok(r, path);
	unlink(path);
	const RuleRelease *rel = lookup(r, "PQclear")->release;
	assert_true(rules_releases_kind(rel, rules_kind(r, "mydb_result")));
	assert_true(rules_releases_kind(rel, rules_kind(r, "pg_result")));
	assert_false(rules_releases_kind(rel, rules_kind(r, "pg_conn")));
	assert_false(rules_releases_kind(lookup(r, "db_close")->release,
					 rules_kind(r, "pg_conn")));
	assert_true(rules_releases_kind(lookup(r, "db_close")->release,
					rules_kind(r, "mydb_conn")));
	assert_string_equal(lookup(r, "PQclear")->pack, "mydb");
	assert_non_null(lookup(r, "db_query")->acquire);
	char *listed = list_text(r);
	assert_non_null(strstr(listed, "mydb  PQclear  release mydb_result, pg_result (argument 0)"));
	free(listed);
	rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_kinds),
		cmocka_unit_test(test_libpq),
		cmocka_unit_test(test_mysql),
		cmocka_unit_test(test_sqlite3),
		cmocka_unit_test(test_posix),
		cmocka_unit_test(test_pthread),
		cmocka_unit_test(test_user_pack_overrides),
		cmocka_unit_test(test_glob_precedence),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_brackets),
		cmocka_unit_test(test_transactions_as_brackets),
		cmocka_unit_test(test_sql_words),
		cmocka_unit_test(test_engine_pack),
		cmocka_unit_test(test_broken_packs),
		cmocka_unit_test(test_doc_first_pack),
		cmocka_unit_test(test_broken_dir),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_load_text),
		cmocka_unit_test(test_pure),
		cmocka_unit_test(test_rejects_null),
		cmocka_unit_test(test_member),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
