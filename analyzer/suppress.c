/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "checks.h"
#include "suppress.h"

/* One comment kept from a file: its line and its names ("" for all). */
typedef struct Kept {
	int line;
	bool all;
	char **names;
	int n;
} Kept;

typedef struct SrcFile {
	char *key;               /* realpath, or the name as given */
	VEC(Kept) kept;          /* in line order */
} SrcFile;

/* A file's text given by the caller (an editor's buffer), read instead of
 * the file on disk. */
typedef struct Text {
	char *key;               /* as SrcFile.key */
	const char *text;        /* the caller's */
} Text;

/* A name a file was asked for by, and its index in files: realpath()
 * once per name, not once per finding. */
typedef struct Given {
	char *name;
	int file;
} Given;

struct Suppressions {
	Diag *d;
	Arena arena;             /* names, keys */
	VEC(SrcFile) files;
	VEC(Text) texts;
	VEC(Given) given;
};

/* Is p within a comment, as far as one line tells: does a comment open
 * before it?  *from is where the search stopped for an earlier p of the
 * same line (NULL once an opening was found: all after it is comment), so
 * that a line with many "closecheck:" is scanned once, not once for each. */
static bool
in_comment(const char *p, const char **from)
{
	const char *q = *from;
	if (!q)
		return true;
	for (; q < p; q++)
		if (q[0] == '/' && (q[1] == '/' || q[1] == '*')) {
			*from = NULL;
			return true;
		}
	*from = q;
	return false;
}

/* Where in_comment() starts on line: NULL (all of it is comment) when the
 * line continues a block comment, starting with '*'. */
static const char *
comment_from(const char *line)
{
	const char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '*' ? NULL : line;
}

static bool
name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '*' || c == '.';
}

/* The [list] after "ignore"; false if it is not closed on the line. */
static bool
parse_list(const char *line, const char *p, SuppressComment *out)
{
	for (p++; *p && *p != ']';) {
		if (*p == ' ' || *p == '\t' || *p == ',') {
			p++;
			continue;
		}
		const char *start = p;
		while (name_char(*p))
			p++;
		if (p == start)         /* a character no name has */
			return false;
		if (out->n < SUPPRESS_NAMES_MAX) {
			out->names[out->n].name = start;
			out->names[out->n].len = (int)(p - start);
			out->names[out->n].col = (int)(start - line) + 1;
			out->n++;
		}
	}
	return *p == ']';
}

static const char MARK[] = "closecheck:";

/* The next MARK at or after s, or NULL.  Not strstr(): the sanitizers'
 * strstr() measures the whole rest of the string at each call, which made
 * a line of many markers quadratic again in those builds. */
static const char *
next_mark(const char *s)
{
	for (; *s; s++) {
		size_t i = 0;
		while (MARK[i] && s[i] == MARK[i])
			i++;
		if (!MARK[i])
			return s;
	}
	return NULL;
}

bool
suppress_parse(const char *line, SuppressComment *out)
{
	memset(out, 0, sizeof(*out));
	const char *from = line ? comment_from(line) : NULL;
	for (const char *p = line ? next_mark(line) : NULL; p; p = next_mark(p + 1)) {
		if (!in_comment(p, &from))
			continue;
		const char *q = p + strlen(MARK);
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, "ignore", 6) != 0 || name_char(q[6]))
			continue;
		q += 6;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '[') {
			out->all = true;
			return true;
		}
		if (parse_list(line, q, out) && out->n > 0)
			return true;
		memset(out, 0, sizeof(*out));
	}
	return false;
}

bool
suppress_covers(const SuppressComment *c, const char *check)
{
	if (c->all)
		return true;
	size_t len = strlen(check);
	for (int i = 0; i < c->n; i++)
		if ((size_t)c->names[i].len == len && strncmp(c->names[i].name, check, len) == 0)
			return true;
	return false;
}

int
suppress_line(const char *line, const char *check, const char **bad, int *badcol)
{
	static _Thread_local char name[64];
	SuppressComment c;
	*bad = NULL;
	if (!suppress_parse(line, &c))
		return 0;
	for (int i = 0; i < c.n && !*bad; i++) {
		snprintf(name, sizeof(name), "%.*s", c.names[i].len, c.names[i].name);
		if (checks_find(name) < 0) {
			*bad = name;
			*badcol = c.names[i].col;
		}
	}
	return suppress_covers(&c, check);
}

Suppressions *
suppress_new(Diag *d)
{
	Suppressions *s = xcalloc(1, sizeof(*s));
	s->d = d;
	arena_init(&s->arena);
	return s;
}

void
suppress_free(Suppressions *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->files.n; i++)
		vec_free(&s->files.v[i].kept);
	vec_free(&s->files);
	vec_free(&s->texts);
	vec_free(&s->given);
	arena_release(&s->arena);
	mem_free(s);
}

/* Keeps one parsed comment, warning about the names no check has. */
static void
keep(Suppressions *s, SrcFile *f, const char *name, int lineno, const SuppressComment *c)
{
	Kept k = {lineno, c->all, NULL, c->n};
	k.names = arena_alloc(&s->arena, sizeof(char *) * (size_t)(c->n + 1));
	for (int i = 0; i < c->n; i++) {
		k.names[i] = arena_strndup(&s->arena, c->names[i].name, (size_t)c->names[i].len);
		if (checks_find(k.names[i]) < 0)
			diag_warning(s->d, name, lineno, c->names[i].col,
				     "unknown check '%s' in a closecheck suppression (see --list-checks)",
				     k.names[i]);
	}
	vec_push(&f->kept, k);
}

/* The comments of fp, read as file `name`, into f. */
static void
read_comments(Suppressions *s, SrcFile *f, const char *name, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;
	while (getline(&line, &cap, fp) >= 0) {
		SuppressComment c;
		lineno++;
		if (strstr(line, "closecheck:") && suppress_parse(line, &c))
			keep(s, f, name, lineno, &c);
	}
	free(line);            /* getline's buffer is the C library's */
}

static const char *
text_of(const Suppressions *s, const char *key)
{
	for (int i = 0; i < s->texts.n; i++)
		if (strcmp(s->texts.v[i].key, key) == 0)
			return s->texts.v[i].text;
	return NULL;
}

static SrcFile *
file_get(Suppressions *s, const char *name)
{
	for (int i = 0; i < s->given.n; i++)
		if (strcmp(s->given.v[i].name, name) == 0)
			return &s->files.v[s->given.v[i].file];
	char real[PATH_MAX];
	const char *key = realpath(name, real) ? real : name;
	Given g = {arena_strdup(&s->arena, name), 0};
	for (int i = 0; i < s->files.n; i++)
		if (strcmp(s->files.v[i].key, key) == 0) {
			g.file = i;
			vec_push(&s->given, g);
			return &s->files.v[i];
		}
	g.file = s->files.n;
	vec_push(&s->given, g);
	SrcFile f = {arena_strdup(&s->arena, key), {0}};
	const char *text = text_of(s, key);
	struct stat st;
	/* not a device or a FIFO: /dev/zero never ends, a FIFO blocks */
	bool regular = stat(name, &st) == 0 && S_ISREG(st.st_mode);
	FILE *fp = text ? (*text ? fmemopen((void *)text, strlen(text), "r") : NULL)
			: regular ? fopen(name, "r") : NULL;
	if (fp) {
		read_comments(s, &f, name, fp);
		fclose(fp);
	}
	vec_push(&s->files, f);
	return &s->files.v[s->files.n - 1];
}

void
suppress_set_text(Suppressions *s, const char *file, const char *text)
{
	char real[PATH_MAX];
	const char *key = realpath(file, real) ? real : file;
	Text t = {arena_strdup(&s->arena, key), text};
	vec_push(&s->texts, t);
}

void
suppress_scan(Suppressions *s, const char *file)
{
	if (file)
		file_get(s, file);
}

/* A comment on `line` or the line before it that covers check. */
static bool
silenced_at(Suppressions *s, const char *file, int line, const char *check)
{
	if (!file || line <= 0)
		return false;
	const SrcFile *f = file_get(s, file);
	for (int i = 0; i < f->kept.n; i++) {
		const Kept *k = &f->kept.v[i];
		if (k->line != line && k->line != line - 1)
			continue;
		if (k->all)
			return true;
		for (int j = 0; j < k->n; j++)
			if (strcmp(k->names[j], check) == 0)
				return true;
	}
	return false;
}

bool
suppress_finding(Suppressions *s, const Finding *f)
{
	if (silenced_at(s, f->loc.file, f->loc.line, f->check))
		return true;
	Loc acq = f->acquired.file ? f->acquired : f->nnotes > 0 ? f->notes[0].loc : (Loc){0};
	return silenced_at(s, acq.file, acq.line, f->check);
}

int
suppress_apply(Suppressions *s, FindingSet *fs)
{
	int k = 0, dropped = 0;
	for (int i = 0; i < fs->v.n; i++) {
		if (suppress_finding(s, &fs->v.v[i]))
			dropped++;
		else
			fs->v.v[k++] = fs->v.v[i];
	}
	fs->v.n = k;
	return dropped;
}
