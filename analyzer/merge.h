/* SPDX-License-Identifier: MIT */
/*
 * merge: `closecheck merge REPORT...` joins the JSON or SARIF reports of
 * the shards of one run (--shard K/N, units.h) into the report that run
 * would have written unsharded: the same bytes, whatever the order of the
 * reports (docs/scaling.md).
 *
 *   json   one {"version", "findings", "errors"}: the findings and the
 *          errors of every report, sorted as a run sorts them (finding.h:
 *          file, line, column, check, message; errors: file, line, column,
 *          message)
 *   sarif  one run: the driver of the reports, the union of their rules
 *          (in the order of the check table, ruleIndex renumbered), one
 *          invocation (successful when all were; their notifications
 *          sorted as a run sorts its errors), the results sorted as a
 *          run sorts its findings
 *
 * Duplicates go: a finding of a header seen by units of two shards is kept
 * once (of equal ones, the one whose compact JSON sorts first), and an
 * error is kept as many times as the report that has it most often has it
 * (an error of the configuration, which every shard reports, once).
 *
 * Every report must be closecheck's, of one format and one run: the same
 * version, and for SARIF the same driver and source root (%SRCROOT%).
 * Anything else -- not JSON (file:line:column of the parse error), a Code
 * Climate report, a baseline, another tool's SARIF, mixed formats -- is an
 * error naming the file, and nothing is written.  All through jansson.
 */
#ifndef CLOSECHECK_MERGE_H
#define CLOSECHECK_MERGE_H

#include <stdbool.h>
#include <stdio.h>
#include "diag.h"
#include "report.h"

/* What the merged report holds, for the summary and the exit status. */
typedef struct MergeSummary {
	int count[3];            /* findings per severity (SEV_NOTE .. SEV_ERROR) */
	int errors;              /* errors of the shards' runs */
	Format format;           /* FMT_JSON or FMT_SARIF */
} MergeSummary;

/* Reads the n reports at paths, writes the merged one to out.  want is
 * FMT_JSON or FMT_SARIF (the reports must be of that format), or FMT_TEXT:
 * the format of the reports.  0; -1 after reporting a bad report through
 * d (nothing written); -2 when out could not be written. */
int merge_reports(int n, char *const *paths, Format want, FILE *out, MergeSummary *sum,
		  Diag *d);

#endif
