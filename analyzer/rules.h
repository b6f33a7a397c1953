/* SPDX-License-Identifier: MIT */
/*
 * rules: the rule table, loaded from YAML rule packs (the .yaml files of rules/ and the
 * user's packs).  Which functions acquire, release, borrow or end the
 * process is data, never code; docs/rules.md documents the format.
 *
 * A pack is one YAML mapping:
 *
 *   pack: libpq                        # required: the pack's name
 *   description: PostgreSQL client     # optional
 *   kinds:                             # resource kinds
 *     - name: pg_result                # required, unique over all packs
 *       noun: result                   # word used in messages (default: name)
 *       types: [PGresult]              # optional: C type names of the handle
 *       acquire:                       # functions that hand out a handle
 *         - PQexec                     #   plain name: returned; NULL = nothing
 *         - function: sqlite3_prepare_v2
 *           out: 3                     #   written through argument 3 (0-based)
 *           success: "== 0"            #   only when the call returns 0
 *         - function: open
 *           fails: "< 0"               #   return values meaning "nothing"
 *         - { function: mysql_init, null_arg: 0 }  # allocates only for NULL
 *         - { function: getline, out: 0, inout: true }  # takes over (grows)
 *                                      #   what *lineptr held
 *       release:                       # functions that give it back
 *         - PQclear                    #   plain name: argument 0
 *         - { function: PQfinish, arg: 0 }
 *         - { function: realloc, on_success: true }  # only when its own
 *                                      #   result is not a failure (acquire)
 *         - { function: sqlite3_close, success: "== 0" }  # only when the
 *                                      #   call's result satisfies it
 *       use: ["PQ*"]                   # borrow it, never take ownership
 *   borrowers: [strlen, "mem*"]        # take no ownership of any argument
 *   keeps: [PQsetNoticeProcessor]      # keep their pointer arguments (ownership
 *                                      # moves to the library): beats a `use` glob
 *     - { function: setvbuf, arg: 1 }  #   only argument 1 (or arg: [2, 3]); the
 *                                      #   others are borrowed
 *   noreturn: [exit, abort,            # never return to the caller
 *              { function: longjmp, jumps: true },   # ... by jumping away
 *              { function: error, arg: 0, when: "!= 0" }]  # for these values
 *   returns: [{function: memcpy, arg: 0}]  # return an argument: what it
 *                                      # holds passes through (borrowers too)
 *   transactions:                      # RuleSql, RuleTxnCall, RuleStatus below;
 *     connection: pg_conn              # a mapping, or a sequence of them
 *     sql: [{ function: PQexec, conn: 0, sql: 1 }]
 *     begin: [{ function: mysql_autocommit, when_arg: 1, equals: 0 }]
 *     end: [mysql_commit,              # an end may be conditional too; a
 *           { function: mysql_autocommit, when_arg: 1, equals: 1 }]
 *                                      # function in both: conditional in both
 *     status: [{ function: PQresultStatus, arg: 0, success: "== 1" }]
 *     begin_sql: ["BEGIN"]             # word lists, merged over all packs
 *   brackets:                          # RuleBracket below: begin/end pairs
 *     - name: mutex                    #   on an object nobody owns (locks)
 *       check: lock-held               #   the check that reports them
 *       begin: [pthread_mutex_lock,    #   plain name: the object is argument 0
 *               { function: pthread_mutex_trylock, success: "== 0" },
 *               { function: flock, object: 0, when_arg: 1, equals: [1, 2] }]
 *       end: [pthread_mutex_unlock]
 *   threads:                           # RuleThread below
 *     spawn: [{ function: pthread_create, thread: 0, routine: 2, arg: 3,
 *               success: "== 0" }]
 *     join: [pthread_join]
 *     detach: [pthread_detach]
 *
 * Function names may be globs (fnmatch(3)); an exact name always wins over a
 * glob, and among globs a `keeps` glob wins, then the first loaded.  A
 * function named in several packs takes its entry from the pack loaded last
 * (user packs load after the shipped ones, so they can override them), except
 * that a release keeps the kinds earlier packs gave it: a pack naming PQclear
 * as the release of its own kind makes PQclear release both (the argument
 * must then be the same, or the later pack is an error).  Within one pack a function may
 * appear in several roles (realloc-like: release and acquire), but not twice
 * in the same role.
 *
 * Errors in a pack are reported through Diag as "file:line:col: error: ..."
 * pointing into the YAML, and the pack is not loaded (all or nothing).
 *
 * Ownership: everything reachable from a Rules (kinds, entries, strings) is
 * owned by it and lives until rules_free().  The table is read-only after
 * loading and may be shared between threads.
 */
#ifndef CLOSECHECK_RULES_H
#define CLOSECHECK_RULES_H

#include <stdbool.h>
#include <stdio.h>
#include "diag.h"
#include "pred.h"
#include "yamlfields.h"

typedef struct RuleKind {
	const char *name;        /* "pg_result" */
	const char *noun;        /* "result" */
	const char *pack;        /* name of the pack that declared it */
	const char **types;      /* C type names, NULL-terminated; may be empty */
	bool in_place;           /* an object the caller provides (regex_t):
	                          * releasing it does not free its memory */
} RuleKind;

typedef struct RuleAcquire {
	const RuleKind *kind;
	int out_arg;             /* -1: the return value is the handle */
	Pred fails;              /* return-value handles: nothing acquired when
	                          * the value satisfies it ("== 0" by default) */
	Pred success;            /* out_arg handles: acquired only when the call's
	                          * return value satisfies it; OP_NONE = always */
	int null_arg;            /* allocates only when argument null_arg-1 is a
	                          * NULL constant (mysql_init(NULL)); otherwise it
	                          * fills the caller's object.  0: always */
	const char *out_member;  /* with out_arg: the handle goes into this
	                          * member of the object argument out_arg points
	                          * to (a pack's `member`: initPQExpBuffer(&buf)
	                          * fills buf.data; a function of the program
	                          * that opens h->conn: summary.c), not through
	                          * it */
	const char *fails_member;  /* with out_member: another member of the
	                          * object; where it satisfies member_fails the
	                          * object holds nothing (PQExpBufferData's
	                          * maxlen == 0: broken), or NULL */
	Pred member_fails;
	bool inout;              /* out_arg: what it points to may already hold
	                          * a handle of this kind, taken over by the
	                          * call rather than overwritten (getline) */
	const struct RuleAcquire *next;  /* a further handle the same call hands
	                          * out, in pack order (sqlite3_get_table: the
	                          * table through argument 2, then the error
	                          * message through argument 5), or NULL */
} RuleAcquire;

typedef struct RuleRelease {
	const RuleKind *kind;    /* the first kind it releases (NULL: any) */
	const RuleKind *const *kinds;  /* every kind it releases, NULL-terminated,
	                          * or NULL for `kind` alone: several when packs
	                          * list it as the release of more than one kind
	                          * (PQfreemem: pg_mem, pg_notify; a user pack
	                          * naming PQclear for its own kind).  See
	                          * rules_releases_kind(). */
	int arg;                 /* 0-based index of the released argument */
	int zformat;             /* +1: instead, the arguments that '%z' conversions
	                          * of this printf-style format argument consume
	                          * (sqlite3_mprintf("%z,%s", s, t) frees s) */
	bool on_success;         /* taken over only when the call's result is not
	                          * its failure value (fdopen(fd): on NULL, fd is
	                          * still the caller's; realloc); otherwise always */
	Pred success;            /* instead: released only when the call's result
	                          * satisfies it (sqlite3_close: "== 0"); OP_NONE
	                          * = always (or on_success) */
	const char *member;      /* the handle is this member of the object the
	                          * argument points to (termPQExpBuffer(&buf)
	                          * frees buf.data), or NULL: the argument */
} RuleRelease;

/* A function that runs SQL text on a connection (PQexec(conn, sql)). */
typedef struct RuleSql {
	const RuleKind *conn_kind;
	int conn_arg;
	int sql_arg;
	Pred success;            /* the call's return value when the statement
	                          * succeeded (sqlite3_exec: "== 0"); OP_NONE when
	                          * it returns a result object (PQexec) */
} RuleSql;

/* A function that reads a result object's status: PQresultStatus(res)
 * "== 1" (PGRES_COMMAND_OK) says the statement that made res succeeded. */
typedef struct RuleStatus {
	int arg;                 /* the result object */
	Pred success;
} RuleStatus;

/* A function that begins or ends a transaction by API, not by SQL text:
 * mysql_autocommit(c, 0) begins, mysql_commit(c) ends.  A function that does
 * both by an argument's value (mysql_autocommit(c, 1) commits what is open)
 * has two entries, each with when_arg, chained by next. */
typedef enum { TXN_BEGIN, TXN_END } TxnWhat;
typedef struct RuleTxnCall {
	const RuleKind *conn_kind;
	int conn_arg;
	TxnWhat what;
	int when_arg;            /* -1: always; else only when this argument ... */
	long long when_value;    /* ... is this integer constant */
	int also_arg;            /* -1, or a second argument that must ... */
	long long also_value;    /* ... be this constant (SQL_ATTR_AUTOCOMMIT) */
	const struct RuleTxnCall *next;   /* the function's other entry, or NULL */
} RuleTxnCall;

/* Thread hand-off: pthread_create(&t, attr, routine, arg). */
typedef enum { THREAD_SPAWN, THREAD_JOIN, THREAD_DETACH } ThreadRole;
typedef struct RuleThread {
	ThreadRole role;
	int thread_arg;          /* spawn: pthread_t * out; join/detach: the thread */
	int routine_arg;         /* spawn only, else -1 */
	int data_arg;            /* spawn only: the argument the thread receives */
	Pred success;            /* spawn only: the call's result when the thread
	                          * runs ("== 0" unless the pack says otherwise) */
} RuleThread;

/* A begin/end pair on an object the code does not own: a lock taken and
 * given back.  The engine's bracket protocol follows each begin. */
typedef struct RuleBracket {
	const char *name;        /* "mutex": the word for the object in messages */
	const char *check;       /* the check that reports it ("lock-held") */
	const char *pack;
} RuleBracket;

typedef struct RuleBracketCall {
	const RuleBracket *bracket;
	bool end;                /* ends the bracket; false: begins it */
	int object;              /* the argument that is (or points to) the object */
	int when_arg;            /* -1: always; else only when this argument is ... */
	const long long *values; /* ... an integer constant among these */
	int nvalues;
	Pred success;            /* begins only when the call's result satisfies
	                          * it (trylock: "== 0"); OP_NONE = always */
	const struct RuleBracketCall *next;  /* the function's next entry */
} RuleBracketCall;

typedef struct RuleFn {
	const char *name;            /* function name or glob */
	const RuleAcquire *acquire;  /* NULL: acquires nothing */
	const RuleRelease *release;  /* NULL: releases nothing */
	bool borrows;                /* never takes ownership of an argument */
	bool kind_use;               /* ... listed under a kind's `use`: a function
	                              * of that kind's API (appendPQExpBuffer),
	                              * which keeps the objects it is given whole,
	                              * rather than a pack-wide borrower (memset
	                              * writes through its argument) */
	bool pure;                   /* its result depends on its arguments
	                              * (and what they point to) alone, and it
	                              * writes nothing: strcmp */
	bool rejects_null;           /* a release that must not be given NULL
	                              * (mysql_stmt_close, fclose) */
	bool keeps;                  /* keeps its arguments: ownership moves */
	int passes;                  /* returns its argument passes-1 (memcpy:
	                              * the destination); 0 = none */
	int view_of;                 /* returns a pointer into the handle given
	                              * as argument view_of-1, dead once that
	                              * handle is released (PQgetvalue); 0 = none */
	unsigned keeps_args;         /* keeps: bit i set = argument i is kept and
	                              * the others are only borrowed; 0 = every
	                              * argument is kept.  See rules_keeps_arg(). */
	bool noreturn;               /* does not return to its caller */
	bool jumps;                  /* ... because it jumps away (longjmp), rather
	                              * than ending the process */
	int noreturn_if;             /* +1: does not return only when this
	                              * argument satisfies noreturn_when (glibc's
	                              * error(status, ...)); 0 = no such entry */
	Pred noreturn_when;
	const RuleSql *sql;          /* runs SQL text, or NULL */
	const RuleTxnCall *txn;      /* begins/ends a transaction, or NULL */
	const RuleThread *thread;    /* thread role, or NULL */
	const RuleStatus *status;    /* reads a statement's status, or NULL */
	const char *pack;            /* the pack the entry came from */
	const char *file;            /* pack file and position, for --list-rules */
	int line, col;
} RuleFn;

/* The SQL text patterns of a transaction's begin and end, from the packs
 * ("transactions: { begin_sql: [...], end_sql: [...] }") or the built-in
 * defaults (BEGIN, START TRANSACTION / COMMIT, END, ROLLBACK, ABORT). */
typedef struct Rules Rules;

Rules *rules_new(void);
void rules_free(Rules *r);
/* Loads one pack; 0 on success, -1 after reporting errors through d. */
int rules_load_file(Rules *r, const char *path, Diag *d);
/* The same for a pack already in memory: len bytes of text with a NUL at
 * text[len], named file in errors (fuzz/fuzz_rules.c reads packs this way). */
int rules_load_text(Rules *r, const char *file, const char *text, size_t len, Diag *d);
/* Loads every *.yaml / *.yml of dir in name order; the number of packs that
 * failed (each reported through d), or -1 if dir cannot be read. */
int rules_load_dir(Rules *r, const char *dir, Diag *d);

const RuleFn *rules_lookup(const Rules *r, const char *function);
/* Does rel release handles of kind k (a NULL kind or rel->kind: any)? */
bool rules_releases_kind(const RuleRelease *rel, const RuleKind *k);
/* Does a call of f end the path, given what is known of its argument
 * f->noreturn_if-1: that `known` holds of it (OP_NONE: nothing)?  A plain
 * noreturn always; a noreturn_if only when known implies noreturn_when. */
bool rules_ends_path(const RuleFn *f, Pred known);
/* Does f keep (take ownership of) its argument i? */
bool rules_keeps_arg(const RuleFn *f, int i);
const RuleKind *rules_kind(const Rules *r, const char *name);
int rules_nkinds(const Rules *r);
const RuleKind *rules_kind_at(const Rules *r, int i);
/* The SQL begin/end word lists (upper case, e.g. "START TRANSACTION"),
 * NULL-terminated. */
/* The members that acquire and release entries name (`member: data`; not
 * `fails_member`, which holds no handle), each once, NULL-terminated. */
const char *const *rules_members(const Rules *r);
/* The pack that named rules_members()[i] first. */
const char *rules_member_pack(const Rules *r, int i);
/* The kinds a transaction is open on (`transactions: connection:` of the
 * packs whose functions run SQL or begin or end one), each once,
 * NULL-terminated. */
const RuleKind *const *rules_conn_kinds(const Rules *r);
const char *const *rules_sql_begin(const Rules *r);
const char *const *rules_sql_end(const Rules *r);
/* The bracket entries of a function (exact names only), in pack order; NULL
 * if none.  A pack loaded later replaces an earlier pack's entries. */
const RuleBracketCall *rules_brackets(const Rules *r, const char *function);
/* --list-rules: one line per entry, "pack  function  role details". */
void rules_list(const Rules *r, FILE *out);

/* The keys of every mapping of a pack (rulekeys.def), ended by {NULL, NULL};
 * tools/keysdoc.c prints them into docs/rules.md. */
extern const YTable rules_key_tables[];

#endif
