/* SPDX-License-Identifier: MIT */
/*
 * report: the findings of a run in the formats users' tools read.
 *
 *   gcc          gcc-style "file:line:col: warning: message [check]" + notes
 *   rich         the same with gcc's context lines, source lines and carets
 *   text         one of the two, as the caller decides (report_write: gcc)
 *   json         {"version", "findings": [...], "errors": [...]}, one object
 *                per finding and per error (docs/integrations.md documents
 *                every field)
 *   sarif        SARIF 2.1.0, as GitHub code scanning accepts it: a rule per
 *                check with its page as help, the errors as notifications
 *   codeclimate  GitLab Code Quality: an array of issues
 *
 * Every JSON document is built with jansson and dumped by it; nothing is
 * printed by hand.  Paths in sarif and codeclimate are relative to srcroot.
 */
#ifndef CLOSECHECK_REPORT_H
#define CLOSECHECK_REPORT_H

#include <jansson.h>
#include <stdio.h>
#include "checks.h"
#include "diag.h"
#include "finding.h"
#include "render.h"

typedef enum Format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_CODECLIMATE, FMT_GCC, FMT_RICH } Format;

typedef struct ReportOptions {
	Format format;
	const char *srcroot;     /* absolute; findings below it are relative */
	const char *doc_base;    /* URI of the docs/ folder ('/' at the end or
				  * not); NULL: no help links */
	const CheckSet *checks;  /* for the SARIF rules; NULL: all */
	const char *docs_dir;    /* local docs/ folder: the check pages become
				  * SARIF help; NULL: the summary and fix */
	const Diag *diag;        /* its recorded errors (keep_errors) are listed
				  * in json and sarif; NULL: none */
	bool color;              /* text formats: gcc's colours */
} ReportOptions;

/* "text", "gcc", "rich", "json", "sarif", "codeclimate": 0, or -1 if unknown. */
int report_format_parse(const char *name, Format *out);
/* Writes the findings (sorted, fingerprinted); 0, or -1 on a write error. */
int report_write(const FindingSet *s, const ReportOptions *o, FILE *out);
/* A JSON string of s (NULL: ""), valid UTF-8 whatever s holds: a byte
 * that does not start a valid sequence becomes U+FFFD, so a path or a
 * message with a Latin-1 byte keeps its key (json_string() gives NULL). */
json_t *report_json_text(const char *s);
/*
 * Files written whole or not at all (-o FILE, --write-baseline): the text
 * goes to a temporary file in the same folder, renamed over the file by
 * report_file_commit(), so an error, a full disk or a signal leaves the
 * previous file as it was.  A path that exists and is not a regular file
 * (/dev/stdout, a FIFO) is written in place.  A file that exists and may
 * not be written is refused, as fopen() would.
 */
typedef struct OutFile {
	FILE *f;
	char *path;          /* the file named */
	char *tmp;           /* the temporary file; NULL: written in place */
	int slot;            /* in the list report_file_remove_partial() reads */
} OutFile;

/* Opens of->f for path; 0, or -1 after reporting. */
int report_file_open(OutFile *of, const char *path, Diag *d);
/* Closes, and renames the temporary file over the path; 0, or -1 after
 * reporting (the temporary file removed, the previous file kept). */
int report_file_commit(OutFile *of, Diag *d);
/* Closes and removes the temporary file: the previous file is kept. */
void report_file_abort(OutFile *of);
/* From a signal handler (async-signal-safe): removes the temporary files
 * still open, so a stopped run leaves no half-written file behind. */
void report_file_remove_partial(void);
/* Is it one of the text formats (text, gcc, rich)? */
bool report_is_text(Format f);

#endif
