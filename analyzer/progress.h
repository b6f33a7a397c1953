/* SPDX-License-Identifier: MIT */
/*
 * progress: the line on a terminal that says how far the run is,
 *
 *   [37/118] src/bin/psql/print.c
 *
 * rewritten in place with '\r' as units begin, cut to the terminal's width,
 * and cleared before anything else is written to the terminal (findings,
 * diagnostics: their writers call progress_clear() first).  All functions
 * are safe from several threads and do nothing on a NULL Progress.
 */
#ifndef CLOSECHECK_PROGRESS_H
#define CLOSECHECK_PROGRESS_H

#include <stdio.h>

typedef struct Progress Progress;

/* A progress line on tty for total units; NULL if tty is not a terminal. */
Progress *progress_new(FILE *tty, int total);
void progress_free(Progress *p);
/* A unit begins: "[k/total] file", k counting the units begun. */
void progress_start(Progress *p, const char *file);
/* Erases the line (if shown) so that other output starts on a clean line. */
void progress_clear(Progress *p);
/* Shows the line again after progress_clear(). */
void progress_redraw(Progress *p);

#endif
