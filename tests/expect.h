/* SPDX-License-Identifier: MIT */
/*
 * expect: the inline expectations that the corpus runner (C files) and the
 * engine runner (the .ir files of tests/engine/) share, and their comparison with
 * findings.
 *
 *   expect: leak                       a leak finding on this line
 *   expect: leak, double-release       two findings
 *   expect: leak "memory 'p' ..."      and its message, exactly
 *   known-to-fail: leak                an accepted gap, a finding missed:
 *                                      missing is no failure, found is
 *   known-false: leak                  an accepted false positive: found
 *                                      is no failure, missing is
 *   at-exit: leak                      a finding only with --report-at-exit
 *                                      (where the process ends): counted as
 *                                      "expect:" when expect_at_exit is set,
 *                                      and ignored (no finding) otherwise
 *
 * A message is in double quotes, with \" and \\ as escapes; in a C
 * comment the list ends at the comment's end.  Each name is one finding.
 */
#ifndef CLOSECHECK_TEST_EXPECT_H
#define CLOSECHECK_TEST_EXPECT_H

#include <stdbool.h>
#include "finding.h"
#include "mem.h"

typedef struct Expect {
	int line;
	char check[32];
	char *msg;               /* the message pinned, or NULL */
	bool known_to_fail;      /* a real finding closecheck misses */
	bool known_false;        /* a false finding closecheck gives */
	bool matched;
} Expect;

typedef VEC(Expect) ExpectVec;

/* Reads the annotations in text (one line of the file) as expectations on
 * `line`; false with *err set when one is malformed. */
bool expect_scan(const char *text, int line, ExpectVec *out, const char **err);
/* The run reports at process ends (--report-at-exit): "at-exit:" counts. */
extern bool expect_at_exit;
void expect_release(ExpectVec *ex);

typedef struct ExpectCount {
	int expected, missing, unexpected, known, known_false, fixed;
} ExpectCount;

/* Compares the findings of `file` (those whose file is `file`) with ex,
 * prints each mismatch with enough to act on, and counts; returns the
 * number of failures (missing, unexpected, wrong message, a known gap or
 * false finding that is gone: the annotation and the docs need updating). */
int expect_compare(const char *file, ExpectVec *ex, const Finding *fs, int nfs,
		   ExpectCount *count);

#endif
