/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "suppress.h"

/* One file's lines, read once. */
typedef struct SrcFile {
	const char *name;
	char *text;
	VEC(char *) lines;
	bool warned;
} SrcFile;

typedef VEC(SrcFile) FileCache;

static SrcFile *
file_get(FileCache *fc, const char *name)
{
	for (int i = 0; i < fc->n; i++)
		if (strcmp(fc->v[i].name, name) == 0)
			return &fc->v[i];
	SrcFile f = {0};
	f.name = name;
	FILE *fp = fopen(name, "r");
	if (fp) {
		size_t cap = 4096, len = 0, n;
		f.text = xmalloc(cap);
		while ((n = fread(f.text + len, 1, cap - len - 1, fp)) > 0) {
			len += n;
			if (cap - len < 2) {
				cap *= 2;
				f.text = xrealloc(f.text, cap);
			}
		}
		f.text[len] = '\0';
		fclose(fp);
		for (char *p = f.text, *nl; *p; p = nl + 1) {
			vec_push(&f.lines, p);
			nl = strchr(p, '\n');
			if (!nl)
				break;
			*nl = '\0';
		}
	}
	vec_push(fc, f);
	return &fc->v[fc->n - 1];
}

int
suppress_line(const char *line, const char *check, const char **bad, int *badcol)
{
	static char name[64];
	*bad = NULL;
	const char *p = line ? strstr(line, "closecheck:") : NULL;
	if (!p)
		return 0;
	p += strlen("closecheck:");
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "ignore", 6) != 0 || isalnum((unsigned char)p[6]))
		return 0;
	p += 6;
	if (*p != '[')
		return 1;
	int hit = 0;
	for (p++; *p && *p != ']';) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *start = p;
		size_t n = 0;
		while (*p && *p != ',' && *p != ']' && *p != ' ' && n < sizeof(name) - 1)
			name[n++] = *p++;
		name[n] = '\0';
		if (!n)
			continue;
		if (checks_find(name) < 0 && !*bad) {
			*bad = name;
			*badcol = (int)(start - line) + 1;
		}
		if (strcmp(name, check) == 0)
			hit = 1;
	}
	return hit;
}

static int
suppressed_at(SrcFile *f, int line, const char *check, Diag *d)
{
	for (int l = line; l >= line - 1 && l >= 1; l--) {
		if (l > f->lines.n)
			continue;
		const char *bad;
		int col = 0;
		int hit = suppress_line(f->lines.v[l - 1], check, &bad, &col);
		if (bad && !f->warned) {
			diag_warning(d, f->name, l, col,
				     "unknown check '%s' in a closecheck suppression (see --list-checks)",
				     bad);
			f->warned = true;
		}
		if (hit)
			return 1;
	}
	return 0;
}

int
suppress_apply(FindingSet *s, Diag *d)
{
	FileCache fc = {0};
	int k = 0, dropped = 0;
	for (int i = 0; i < s->v.n; i++) {
		const Finding *f = &s->v.v[i];
		int hit = 0;
		if (f->loc.file) {
			SrcFile *sf = file_get(&fc, f->loc.file);
			hit = suppressed_at(sf, f->loc.line, f->check, d);
			if (!hit && f->nnotes > 0 && f->notes[0].loc.file) {
				sf = file_get(&fc, f->notes[0].loc.file);
				hit = suppressed_at(sf, f->notes[0].loc.line, f->check, d);
			}
		}
		if (hit)
			dropped++;
		else
			s->v.v[k++] = s->v.v[i];
	}
	s->v.n = k;
	for (int i = 0; i < fc.n; i++) {
		mem_free(fc.v[i].text);
		vec_free(&fc.v[i].lines);
	}
	vec_free(&fc);
	return dropped;
}
