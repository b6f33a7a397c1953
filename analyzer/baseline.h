/* SPDX-License-Identifier: MIT */
/*
 * baseline: adopting closecheck on an old code base.  --write-baseline FILE
 * records the fingerprints of today's findings (JSON, written by jansson);
 * --baseline FILE then reports only findings whose fingerprint is not in it.
 * Fingerprints survive edits that only move lines (finding.h).
 */
#ifndef CLOSECHECK_BASELINE_H
#define CLOSECHECK_BASELINE_H

#include "diag.h"
#include "finding.h"

int baseline_write(const FindingSet *s, const char *path, Diag *d);
/* Drops the findings listed in the baseline; -1 if it cannot be read. */
int baseline_filter(FindingSet *s, const char *path, Diag *d);

#endif
