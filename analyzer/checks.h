/* SPDX-License-Identifier: MIT */
/*
 * checks: the registry of checks (one table: id, severity, summary, fix, doc,
 * SARIF name, CWE ids and precision),
 * --checks=LIST selection, and the small clients of the engine that turn its
 * Violations into Findings with messages a user can act on.
 */
#ifndef CLOSECHECK_CHECKS_H
#define CLOSECHECK_CHECKS_H

#include <stdbool.h>
#include <stdio.h>
#include "diag.h"
#include "engine.h"
#include "finding.h"

typedef struct CheckInfo {
	const char *id;          /* "leak" */
	const char *name;        /* SARIF's name: "DoubleRelease", never the id
				  * in other case (hence "ResourceLeak") */
	const char *severity;    /* "warning" */
	const char *summary;     /* one line */
	const char *fix;         /* one sentence: what to do about it */
	const char *doc;         /* path under docs/ */
	int cwe[3];              /* CWE ids, the closest first; 0 ends the list */
	const char *precision;   /* SARIF's: "very-high", "high", "medium", "low" */
} CheckInfo;

enum { CHECK_MAX = 16 };

int checks_count(void);
const CheckInfo *checks_at(int i);
int checks_find(const char *id);
/* The URI of doc, a page under docs/ ("docs/checks/leak.md", or without the
 * "docs/"), below base, the URI of the docs/ folder: joined with exactly one
 * '/', whether base ends with one or not.  Caller frees (mem_free). */
char *checks_doc_uri(const char *base, const char *doc);

typedef struct CheckSet {
	bool on[CHECK_MAX];
} CheckSet;

/* All checks on. */
void checks_default(CheckSet *cs);
/* clang-tidy style: comma-separated globs applied in order on top of cs,
 * "-glob" turns off.  A glob that matches no check is a warning. */
int checks_select(CheckSet *cs, const char *list, Diag *d);
void checks_list(const CheckSet *cs, FILE *out);

/* Turns one violation into findings of the enabled checks. */
void checks_report(const CheckSet *cs, const Violation *v, FindingSet *out);

#endif
