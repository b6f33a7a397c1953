/* SPDX-License-Identifier: MIT */
/*
 * diag: problems in the user's input (command line, rule packs, compile
 * database, source files).  They are printed gcc-style and counted, never
 * fatal: the caller goes on with what it has and the driver turns a non-zero
 * count into exit status 2.  Safe to call from several threads.
 *
 * With keep_errors set, every error is also recorded (file, line, column,
 * message) in errs, for the reports that list them (SARIF notifications,
 * JSON "errors"); the Diag owns the copies until diag_release().
 */
#ifndef CLOSECHECK_DIAG_H
#define CLOSECHECK_DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* Receives every message too (the LSP server turns them into diagnostics). */
typedef void (*DiagSink)(void *ctx, const char *what, const char *file, int line,
			 int col, const char *msg);

/* One recorded error: file NULL and line/col 0 when not known. */
typedef struct DiagRecord {
	char *file;
	int line, col;
	char *msg;
} DiagRecord;

typedef struct Diag {
	FILE *out;          /* where messages go; NULL: only counted and kept */
	DiagSink sink;      /* NULL: none */
	void *sink_ctx;
	/* NULL, or called (under the lock) before a message is written to out:
	 * the progress line clears itself */
	void (*before)(void *ctx);
	void *before_ctx;
	/* NULL, or called (under the lock) with each message's text (without
	 * its newline) instead of writing it to out: true if it took the text,
	 * to write later (the driver holds a unit's messages until the unit's
	 * findings are printed, so -j does not change their order) */
	bool (*hold)(void *ctx, const char *text);
	void *hold_ctx;
	int errors;
	int warnings;
	char last[1100];    /* text of the last message, for tests */
	bool keep_errors;   /* record errors in errs (off after diag_init) */
	DiagRecord *errs;   /* the recorded errors, in the order reported */
	int nerrs, caperrs;
} Diag;

void diag_init(Diag *d, FILE *out);
/* Frees the recorded errors. */
void diag_release(Diag *d);
/* "file:line:col: error: msg"; line/col <= 0 are left out, file NULL too. */
void diag_error(Diag *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_warning(Diag *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_note(Diag *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
