/* SPDX-License-Identifier: MIT */
/*
 * suppress: comments in the source that silence findings.
 *
 *   // closecheck: ignore                  every check
 *   // closecheck: ignore[leak, txn-open]  only these
 *
 * or the same in a block comment.
 * A comment silences the findings on its own line and on the line after it,
 * and a finding is also silenced by a comment at its acquisition (the first
 * path step: the line of the acquiring call, or the line before it).  The
 * text must be in a comment: "closecheck:" after "//" or a block comment's
 * opening on the line, or on a line that continues a block comment (one that
 * starts with '*').
 *
 * The command line and the Language Server apply the same rules through
 * suppress_apply() (pipeline.c); the server gives its buffers' texts with
 * suppress_set_text().
 *
 * A Suppressions reads each file once, keeps only its suppression comments
 * (not its text), and warns once about each check name in them that does not
 * exist (file:line:col, a warning: the run goes on).
 */
#ifndef CLOSECHECK_SUPPRESS_H
#define CLOSECHECK_SUPPRESS_H

#include <stdbool.h>
#include "diag.h"
#include "finding.h"

enum { SUPPRESS_NAMES_MAX = 32 };

/* One parsed comment; names point into the parsed line. */
typedef struct SuppressComment {
	bool all;                /* no [list]: every check */
	int n;                   /* names in the list */
	struct {
		const char *name;
		int len;
		int col;             /* 1-based column of the name */
	} names[SUPPRESS_NAMES_MAX];
} SuppressComment;

/* Does the line hold a 'closecheck: ignore' comment?  Fills *out if so. */
bool suppress_parse(const char *line, SuppressComment *out);
/* Does the comment silence check? */
bool suppress_covers(const SuppressComment *c, const char *check);

/* One line at a time, for a caller that holds the text (the LSP server's
 * buffers): 1 if the line's comment silences check, else 0; *bad is set to
 * its first unknown check name (a static buffer) or NULL, *badcol to the
 * name's column. */
int suppress_line(const char *line, const char *check, const char **bad, int *badcol);

typedef struct Suppressions Suppressions;

Suppressions *suppress_new(Diag *d);
void suppress_free(Suppressions *s);
/* The text of file is text (an editor's unsaved buffer), not what is on
 * disk: call before the file is first read; text must outlive s. */
void suppress_set_text(Suppressions *s, const char *file, const char *text);
/* Reads file's comments (once) and warns about unknown check names. */
void suppress_scan(Suppressions *s, const char *file);
/* Is the finding silenced?  Scans the files it needs. */
bool suppress_finding(Suppressions *s, const Finding *f);
/* Drops the silenced findings of fs; the number dropped. */
int suppress_apply(Suppressions *s, FindingSet *fs);

#endif
