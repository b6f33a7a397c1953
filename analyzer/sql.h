/* SPDX-License-Identifier: MIT */
/*
 * sql: what a statement's text does to a transaction.  Leading blanks and
 * SQL comments (-- to end of line, slash-star blocks) are skipped; the first
 * words are matched case-insensitively against the begin and end word lists
 * of the rule packs (BEGIN, START TRANSACTION / COMMIT, END, ROLLBACK, ABORT
 * by default) with POSIX regular expressions.  "ROLLBACK TO [SAVEPOINT]"
 * ends nothing.
 */
#ifndef CLOSECHECK_SQL_H
#define CLOSECHECK_SQL_H

#include "rules.h"

typedef enum SqlClass { SQL_OTHER, SQL_BEGIN, SQL_END } SqlClass;

typedef struct SqlMatcher SqlMatcher;

/* NULL if the word lists do not compile (reported through d). */
SqlMatcher *sql_matcher_new(const Rules *r, Diag *d);
void sql_matcher_free(SqlMatcher *m);
SqlClass sql_classify(const SqlMatcher *m, const char *text);

#endif
