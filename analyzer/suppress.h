/* SPDX-License-Identifier: MIT */
/*
 * suppress: comments in the source that silence findings.
 *
 *   // closecheck: ignore                 every check
 *   // closecheck: ignore[leak,txn-open]  only these
 *
 * (or the same in a block comment) on the finding's line or the line before
 * it, or on the line of the handle's acquisition or the line before that.
 * A check name that does not exist is a warning at the comment.  Each file
 * is read once.
 */
#ifndef CLOSECHECK_SUPPRESS_H
#define CLOSECHECK_SUPPRESS_H

#include "diag.h"
#include "finding.h"

/* Drops the suppressed findings of s; the number dropped. */
int suppress_apply(FindingSet *s, Diag *d);

/* Does the line's text suppress `check`?  1 yes, 0 no; sets *bad to the
 * first unknown check name in it (or NULL). */
int suppress_line(const char *line, const char *check, const char **bad, int *badcol);

#endif
