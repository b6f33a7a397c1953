/* SPDX-License-Identifier: MIT */
/*
 * render: gcc-style text.  The source files are read whole on first use
 * and kept (a few at a time) with the offsets of their lines.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "render.h"

enum { CACHE_FILES = 8, TABSTOP = 8 };

typedef struct SrcFile {
	char *path;
	char *text;              /* NULL: could not be read */
	int *starts;             /* byte offset of each line */
	int nlines;
} SrcFile;

struct Renderer {
	TextStyle style;
	SrcFile cache[CACHE_FILES];
	int next;                /* the cache slot to reuse next */
	char *ctx_file, *ctx_func;   /* the last "In function" printed */
};

/* gcc's default colours */
#define C_LOCUS "\033[01m\033[K"
#define C_QUOTE "\033[01m\033[K"
#define C_ERROR "\033[01;31m\033[K"
#define C_WARNING "\033[01;35m\033[K"
#define C_NOTE "\033[01;36m\033[K"
#define C_RESET "\033[m\033[K"

Renderer *
render_new(TextStyle style)
{
	Renderer *r = xcalloc(1, sizeof(*r));
	r->style = style;
	return r;
}

static void
src_release(SrcFile *s)
{
	mem_free(s->path);
	mem_free(s->text);
	mem_free(s->starts);
	memset(s, 0, sizeof(*s));
}

void
render_free(Renderer *r)
{
	if (!r)
		return;
	for (int i = 0; i < CACHE_FILES; i++)
		src_release(&r->cache[i]);
	mem_free(r->ctx_file);
	mem_free(r->ctx_func);
	mem_free(r);
}

static char *
read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len - 1 == 0)
			buf = xrealloc(buf, cap *= 2);
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static void
src_load(SrcFile *s, const char *path)
{
	s->path = xstrdup(path);
	s->text = read_all(path);
	if (!s->text)
		return;
	int cap = 64;
	s->starts = xmalloc(sizeof(int) * (size_t)cap);
	s->starts[s->nlines++] = 0;
	for (int i = 0; s->text[i]; i++) {
		if (s->text[i] != '\n' || !s->text[i + 1])
			continue;
		if (s->nlines == cap)
			s->starts = xrealloc(s->starts, sizeof(int) * (size_t)(cap *= 2));
		s->starts[s->nlines++] = i + 1;
	}
}

/* Line n (from 1) of file, without its end of line, or NULL; *len its length. */
static const char *
source_line(Renderer *r, const char *file, int n, int *len)
{
	SrcFile *s = NULL;
	for (int i = 0; i < CACHE_FILES && !s; i++)
		if (r->cache[i].path && strcmp(r->cache[i].path, file) == 0)
			s = &r->cache[i];
	if (!s) {
		s = &r->cache[r->next];
		r->next = (r->next + 1) % CACHE_FILES;
		src_release(s);
		src_load(s, file);
	}
	if (!s->text || n < 1 || n > s->nlines)
		return NULL;
	const char *line = s->text + s->starts[n - 1];
	int l = (int)strcspn(line, "\n");
	while (l > 0 && line[l - 1] == '\r')
		l--;
	*len = l;
	return line;
}

int
render_display_col(const char *line, int col)
{
	int d = 0;
	for (int i = 0; i < col - 1 && line[i]; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == '\t')
			d = (d / TABSTOP + 1) * TABSTOP;
		else if ((c & 0xc0) != 0x80)
			d++;
	}
	return d + 1;
}

static const char *
kind_color(const char *kind)
{
	if (strcmp(kind, "error") == 0)
		return C_ERROR;
	if (strcmp(kind, "note") == 0)
		return C_NOTE;
	return C_WARNING;
}

/* "'name'" in bold when coloured: a quote opens at the start or after a
 * space or '(', and closes before the end, a space or punctuation, so
 * "don't" and "'c == 'x''" keep their inner quotes. */
static void
put_message(const Renderer *r, const char *msg, FILE *out)
{
	if (!r->style.color) {
		fputs(msg, out);
		return;
	}
	bool in = false;
	for (const char *p = msg; *p; p++) {
		bool opens = !in && (p == msg || strchr(" (", p[-1]));
		bool closes = in && (p[1] == '\0' || strchr(" ,;:.)", p[1]));
		if (r->style.color && *p == '\'' && opens) {
			fputs("'" C_QUOTE, out);
			in = true;
		} else if (r->style.color && *p == '\'' && closes) {
			fputs(C_RESET "'", out);
			in = false;
		} else {
			fputc(*p, out);
		}
	}
	if (in)
		fputs(C_RESET, out);
}

/* The source line under a diagnostic, and the caret line. */
static void
put_source(Renderer *r, Loc l, const char *color, FILE *out)
{
	int len;
	const char *line = l.file ? source_line(r, l.file, l.line, &len) : NULL;
	if (!line)
		return;
	fprintf(out, "%5d | ", l.line);
	int d = 0;
	for (int i = 0; i < len; i++) {
		/* a run without a tab or the coloured column, written at once */
		int j = i;
		while (j < len && line[j] != '\t' && !(r->style.color && j == l.col - 1))
			j++;
		if (j > i) {
			fwrite(line + i, 1, (size_t)(j - i), out);
			for (int k = i; k < j; k++)
				d += ((unsigned char)line[k] & 0xc0) != 0x80;
			i = j - 1;
			continue;
		}
		bool here = r->style.color && i == l.col - 1;
		if (here)
			fputs(color, out);
		if (line[i] == '\t') {
			int to = (d / TABSTOP + 1) * TABSTOP;
			fprintf(out, "%*s", to - d, "");
			d = to;
		} else {
			fputc(line[i], out);
			d += ((unsigned char)line[i] & 0xc0) != 0x80;
		}
		if (here)
			fputs(C_RESET, out);
	}
	fputc('\n', out);
	if (l.col < 1)
		return;
	int col = render_display_col(line, l.col < len + 1 ? l.col : len + 1);
	fprintf(out, "      | %*s%s^%s\n", col - 1, "", r->style.color ? color : "",
		r->style.color ? C_RESET : "");
}

/* "file:line:col: kind: message" with its colours. */
static void
put_line(Renderer *r, Loc l, const char *kind, const char *msg, const char *check, FILE *out)
{
	const char *file = l.file ? l.file : "<unknown>";
	bool c = r->style.color;
	const char *kc = kind_color(kind);
	fprintf(out, "%s%s:%d:%d:%s %s%s: %s", c ? C_LOCUS : "", file, l.line, l.col,
		c ? C_RESET : "", c ? kc : "", kind, c ? C_RESET : "");
	put_message(r, msg, out);
	if (check)
		fprintf(out, " [%s%s%s]", c ? kc : "", check, c ? C_RESET : "");
	fputc('\n', out);
	if (r->style.rich)
		put_source(r, l, kc, out);
}

static bool
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* "file: In function 'f':" when the finding's function is not the last one
 * named. */
static void
put_context(Renderer *r, const Finding *f, FILE *out)
{
	if (!f->func || !f->loc.file)
		return;
	if (same(r->ctx_file, f->loc.file) && same(r->ctx_func, f->func))
		return;
	mem_free(r->ctx_file);
	mem_free(r->ctx_func);
	r->ctx_file = xstrdup(f->loc.file);
	r->ctx_func = xstrdup(f->func);
	if (r->style.color)
		fprintf(out, C_LOCUS "%s:" C_RESET " In function '" C_QUOTE "%s" C_RESET "':\n",
			f->loc.file, f->func);
	else
		fprintf(out, "%s: In function '%s':\n", f->loc.file, f->func);
}

void
render_finding(Renderer *r, const Finding *f, FILE *out)
{
	if (r->style.rich)
		put_context(r, f, out);
	put_line(r, f->loc, f->severity ? f->severity : "warning", f->message, f->check, out);
	for (int j = 0; j < f->nnotes; j++)
		put_line(r, f->notes[j].loc, "note", f->notes[j].text, NULL, out);
}

void
render_all(Renderer *r, const FindingSet *s, FILE *out)
{
	for (int i = 0; i < s->v.n; i++)
		render_finding(r, &s->v.v[i], out);
}
