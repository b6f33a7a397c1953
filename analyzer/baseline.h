/* SPDX-License-Identifier: MIT */
/*
 * baseline: adopting closecheck on an old code base.  --write-baseline FILE
 * records the fingerprints of today's findings; --baseline FILE then
 * reports only the findings whose fingerprint is not in it.  Fingerprints
 * survive edits that only move lines (finding.h), so recorded findings stay
 * recognised while the code around them changes.
 *
 * The file is JSON, written and read by jansson:
 *
 *   {"closecheck_baseline": 1,
 *    "findings": [{"fingerprint": "9a20926fcf4782f4", "check": "leak",
 *                  "file": "src/db.c", "function": "open_db",
 *                  "message": "..."}, ...]}
 *
 * Only "fingerprint" is read back; the rest is for the people who review
 * the file.  Paths are relative to srcroot, as in the fingerprints.
 */
#ifndef CLOSECHECK_BASELINE_H
#define CLOSECHECK_BASELINE_H

#include "diag.h"
#include "finding.h"

/* Writes the fingerprinted findings of s to path; 0, or -1 after reporting. */
int baseline_write(const FindingSet *s, const char *path, const char *srcroot, Diag *d);
/* Drops the findings recorded in the baseline at path; the number dropped,
 * or -1 (s untouched) if it cannot be read or is not a baseline. */
int baseline_filter(FindingSet *s, const char *path, Diag *d);

#endif
