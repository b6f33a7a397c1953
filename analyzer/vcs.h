/* SPDX-License-Identifier: MIT */
/*
 * vcs: what git says changed, for --changed-since REV and --staged: the
 * changed C files and headers (*.c, *.h) and, for --only-changed-lines,
 * the changed lines of each (the new side of `git diff -U0`).
 *
 *   --staged            git diff --cached (the index against HEAD)
 *   --changed-since REV git diff REV (the work tree against REV, committed
 *                       or not), plus the untracked C files and headers,
 *                       all their lines
 *
 * git runs through posix_spawnp with a fixed argument vector (no shell);
 * REV is passed after --end-of-options, and one that starts with '-' is
 * refused.  Only added, copied, modified and renamed files count; a hunk
 * that only deletes lines marks the lines on both sides of the deletion.
 * Paths are absolute (under `git rev-parse --show-toplevel`), file names
 * that git quotes are unquoted.
 */
#ifndef CLOSECHECK_VCS_H
#define CLOSECHECK_VCS_H

#include <stdbool.h>
#include "diag.h"

typedef struct VcsRange { int first, last; } VcsRange;

typedef struct VcsFile {
	char *path;              /* absolute, symbolic links resolved */
	VcsRange *ranges;        /* changed lines of the new version */
	int nranges;
	bool all;                /* a new, untracked file: every line */
} VcsFile;

typedef struct VcsChanges {
	VcsFile *files;
	int n;
} VcsChanges;

/* rev NULL: the staged changes.  0, or -1 after reporting through d. */
int vcs_changes(const char *rev, VcsChanges *out, Diag *d);
/* Adds the files and hunks of a `git diff -U0` text (paths relative to
 * top) to out: what vcs_changes() does with git's answer. */
void vcs_parse_diff(const char *top, const char *diff, VcsChanges *out);
void vcs_changes_release(VcsChanges *c);
/* The changes of path (resolved with realpath), or NULL. */
const VcsFile *vcs_find(const VcsChanges *c, const char *path);
bool vcs_line_changed(const VcsFile *f, int line);

#endif
