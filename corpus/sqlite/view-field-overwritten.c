/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md "Re-run after places", cause B (reduced from the SQLite
 * shell's completion cursor), fixed: a column's text kept in a field is a
 * view into the statement; once the field is given a new value (a literal
 * here) it no longer points into the finalized statement.
 */
#include <sqlite3.h>
#include <string.h>
struct lookup { sqlite3_stmt *st; const char *text; };

/* Good (tricky): 'l->text' points at a literal when strcmp reads it. */
int matches_after_finish(struct lookup *l, const char *want)
{
	if (sqlite3_step(l->st) == SQLITE_ROW)
		l->text = (const char *)sqlite3_column_text(l->st, 0);
	sqlite3_finalize(l->st);
	l->st = 0;
	l->text = "";
	return strcmp(want, l->text) == 0;
}

/* BUG: the field still holds the view when it is read. */
int matches_stale(struct lookup *l, const char *want)
{
	if (sqlite3_step(l->st) != SQLITE_ROW)
		return 0;
	l->text = (const char *)sqlite3_column_text(l->st, 0);
	sqlite3_finalize(l->st);
	l->st = 0;
	return strcmp(want, l->text) == 0; /* expect: use-after-release */
}
