/* SPDX-License-Identifier: MIT */
/*
 * finding: what closecheck reports, and the set the whole run collects.
 *
 * A FindingSet owns copies of everything its findings point to (in its own
 * arena), so a unit's IR can be freed as soon as its findings are added.
 * Adding is safe from several threads.  findings_sort() gives the one
 * deterministic order (file, line, column, check, message) and drops exact
 * duplicates (a header's function seen from two units).
 */
#ifndef CLOSECHECK_FINDING_H
#define CLOSECHECK_FINDING_H

#include <pthread.h>
#include <stdio.h>
#include "ir.h"

typedef struct Note {
	Loc loc;
	const char *text;
} Note;

typedef struct Finding {
	const char *check;       /* "leak" */
	const char *severity;    /* "warning" */
	Loc loc;
	Loc acquired;            /* where the handle was acquired; file NULL: unknown */
	const char *message;
	const char *func;        /* the function it is in */
	const char *rule;        /* the function whose rule matched (the acquirer) */
	const char *pack;        /* the pack that declared its kind, or NULL */
	const char *kind;        /* the resource kind ("pg_result"), or NULL */
	char fingerprint[17];    /* stable id: see findings_fingerprint() */
	int nnotes;
	Note *notes;             /* the path, in order */
} Finding;

typedef struct FindingSet {
	Arena arena;
	VEC(Finding) v;
	pthread_mutex_t lock;
	/* findings_add_new(): hashes of the findings, open addressing; index+1
	 * into v, 0 empty.  Valid until the set is sorted or filtered. */
	int *slots;
	int nslots;
	const char *last_copy;   /* findings_add(): the last file name copied */
} FindingSet;

/* Severities in order, and the level --fail-on names. */
typedef enum Severity { SEV_NOTE, SEV_WARNING, SEV_ERROR, SEV_NEVER } Severity;

void findings_init(FindingSet *s);
void findings_release(FindingSet *s);
void findings_add(FindingSet *s, const Finding *f);
void findings_sort(FindingSet *s);
/* Adds f unless an equal finding (file, line, column, check, message: what
 * findings_sort() merges) was added by this function before; true if added.
 * For a set filled in order, unit by unit: a header's finding seen from
 * two units is kept the first time. */
bool findings_add_new(FindingSet *s, const Finding *f);

/* "note", "warning", "error", "never"; -1 for anything else. */
int severity_parse(const char *name);
/* How many findings of each severity (SEV_NOTE .. SEV_ERROR); a severity
 * that is not one of them counts as a warning. */
void findings_count(const FindingSet *s, int count[3]);
/* The exit decision: do findings counted so fail a run that fails on
 * fail_on and above? */
bool findings_fail(const int count[3], Severity fail_on);
/* Gives each finding a fingerprint that survives edits elsewhere in the
 * file: a hash of check, path relative to srcroot, function, message with
 * line numbers ("line 12") removed, and its rank among the findings equal in
 * all of these (in sorted order).  Call it on the sorted set. */
void findings_fingerprint(FindingSet *s, const char *srcroot);
/* The path of file relative to srcroot (absolute, without a trailing '/')
 * when it lies below it, else file made absolute.  A relative file is
 * taken from the current directory.  The result is written to buf. */
const char *finding_relpath(const char *file, const char *srcroot, char *buf, size_t n);
/* gcc-style: "file:line:col: warning: message [check]" and note lines. */
void findings_print_text(const FindingSet *s, FILE *out);

#endif
