/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md "Re-run after places", cause B (reduced from the SQLite
 * shell's completion cursor), fixed: a column's text kept in a field is a
 * view into the statement; once the field is given a new value (a literal
 * here, or by a call given its address) it no longer points into the
 * finalized statement.
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

/* Good (tricky, the shell's completion cursor again): after the statement
 * is finalized, a call given the field's address puts a keyword there. */
void keyword_at(int i, const char **out, int *len);
int next_keyword(struct lookup *l, const char *want, int i)
{
	int n;
	if (sqlite3_step(l->st) == SQLITE_ROW)
		l->text = (const char *)sqlite3_column_text(l->st, 0);
	sqlite3_finalize(l->st);
	l->st = 0;
	keyword_at(i, &l->text, &n);
	return strncmp(want, l->text, (size_t)n) == 0;
}

/* BUG: the call is given the field's value, not its address: the field
 * still points into the finalized statement. */
void show_keyword(const char *text);
int show_after_finish(struct lookup *l)
{
	if (sqlite3_step(l->st) != SQLITE_ROW)
		return 0;
	l->text = (const char *)sqlite3_column_text(l->st, 0);
	sqlite3_finalize(l->st);
	l->st = 0;
	show_keyword(l->text); /* expect: use-after-release "'l->text' (from 'sqlite3_column_text') points into statement 'l->st', which was released: it is passed to 'show_keyword' here" */
	return 1;
}
