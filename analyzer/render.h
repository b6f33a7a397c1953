/* SPDX-License-Identifier: MIT */
/*
 * render: findings as text for people, the way gcc 12 prints diagnostics.
 *
 * Plain (what editors' errorformat, CodeChecker and scripts parse; exactly
 * findings_print_text()):
 *
 *   src/db.c:15:3: warning: connection 'c' ... [leak]
 *   src/db.c:13:14: note: 'c' acquired here by 'PQconnectdb'
 *
 * Rich adds gcc's context line before the first finding of a function and
 * the source line with a caret under the column after each line (notes
 * included), tabs expanded to 8 columns:
 *
 *   src/db.c: In function 'open_db':
 *   src/db.c:15:3: warning: connection 'c' ... [leak]
 *      15 |                 return NULL;
 *         |                 ^
 *
 * Colour uses gcc's default GCC_COLORS: bold locus and quoted names, bold
 * magenta "warning:", bold red "error:", bold cyan "note:", the caret and
 * the character under it in the colour of the kind.
 *
 * A Renderer keeps the last function it named (so the context line is not
 * repeated) and a small cache of source files; it is not thread-safe.
 */
#ifndef CLOSECHECK_RENDER_H
#define CLOSECHECK_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include "finding.h"

typedef struct TextStyle {
	bool rich;               /* context line, source lines and carets */
	bool color;              /* ANSI colours as gcc's */
} TextStyle;

typedef struct Renderer Renderer;

Renderer *render_new(TextStyle style);
void render_free(Renderer *r);
/* One finding and its notes. */
void render_finding(Renderer *r, const Finding *f, FILE *out);
/* Every finding of s, in order. */
void render_all(Renderer *r, const FindingSet *s, FILE *out);
/* The display column (from 1) of byte column col of line: tabs to the next
 * multiple of 8, a UTF-8 character one column. */
int render_display_col(const char *line, int col);

#endif
