/* SPDX-License-Identifier: MIT */
/*
 * vcs: what git says changed, for --changed-since REV and --staged: the
 * changed C files, and the changed lines of each (from `git diff -U0`).
 * git runs with a fixed argument vector (no shell).
 */
#ifndef CLOSECHECK_VCS_H
#define CLOSECHECK_VCS_H

#include <stdbool.h>
#include "diag.h"

typedef struct VcsRange { int first, last; } VcsRange;

typedef struct VcsFile {
	char *path;              /* absolute */
	VcsRange *ranges;        /* changed lines of the new version */
	int nranges;
} VcsFile;

typedef struct VcsChanges {
	VcsFile *files;
	int n;
} VcsChanges;

/* rev NULL: the staged changes.  0, or -1 after reporting through d. */
int vcs_changes(const char *rev, VcsChanges *out, Diag *d);
void vcs_changes_release(VcsChanges *c);
const VcsFile *vcs_find(const VcsChanges *c, const char *path);
bool vcs_line_changed(const VcsFile *f, int line);

#endif
