/* SPDX-License-Identifier: MIT */
/*
 * expect: reads inline expectations and compares them with findings (see
 * expect.h).  Shared by tests/corpus_runner.c and tests/engine_runner.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "expect.h"

/* A quoted message at *s, unescaped; NULL with *err if unterminated. */
static char *
quoted(const char **s, const char **err)
{
	const char *t = *s + 1;
	char *buf = xmalloc(strlen(t) + 1);
	size_t n = 0;
	for (; *t && *t != '"'; t++) {
		if (*t == '\\' && (t[1] == '"' || t[1] == '\\'))
			t++;
		buf[n++] = *t;
	}
	if (*t != '"') {
		mem_free(buf);
		*err = "unterminated message (a '\"' is missing)";
		return NULL;
	}
	buf[n] = '\0';
	*s = t + 1;
	return buf;
}

/* "check ["msg"] {, check ["msg"]}" after a marker. */
static bool
scan_list(const char *s, int line, int mark, ExpectVec *out, const char **err)
{
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		Expect e = {.line = line, .known_to_fail = mark == 1, .known_false = mark == 2};
		size_t n = 0;
		while ((islower((unsigned char)*s) || *s == '-') && n + 1 < sizeof(e.check))
			e.check[n++] = *s++;
		if (!n) {
			*err = "expected a check name";
			return false;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '"' && !(e.msg = quoted(&s, err)))
			return false;
		vec_push(out, e);
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != ',')
			return true;
		s++;
	}
}

bool expect_at_exit;

bool
expect_scan(const char *text, int line, ExpectVec *out, const char **err)
{
	static const char *const marks[] = {"expect:", "known-to-fail:", "known-false:",
					    "at-exit:"};
	for (int k = 0; k < 4; k++) {
		if (k == 3 && !expect_at_exit)
			break;
		const char *m = strstr(text, marks[k]);
		/* "known-to-fail:" does not also count as an "expect:" */
		for (; m && m > text && (isalnum((unsigned char)m[-1]) || m[-1] == '-');
		     m = strstr(m + 1, marks[k]))
			;
		if (m && !scan_list(m + strlen(marks[k]), line, k, out, err))
			return false;
	}
	return true;
}

void
expect_release(ExpectVec *ex)
{
	for (int i = 0; i < ex->n; i++)
		mem_free(ex->v[i].msg);
	vec_free(ex);
}

static void
print_finding(const char *what, const Finding *f)
{
	printf("%s %s:%d:%d: %s [%s] (in '%s')\n", what, f->loc.file, f->loc.line,
	       f->loc.col, f->message, f->check, f->func ? f->func : "?");
	for (int k = 0; k < f->nnotes; k++)
		printf("    %d:%d: note: %s\n", f->notes[k].loc.line, f->notes[k].loc.col,
		       f->notes[k].text);
}

/* The expectation f meets: same line and check, and message if pinned;
 * an expectation whose message differs is remembered in *near. */
static Expect *
find_expect(ExpectVec *ex, const Finding *f, Expect **near)
{
	for (int j = 0; j < ex->n; j++) {
		Expect *e = &ex->v[j];
		if (e->matched || e->line != f->loc.line || strcmp(e->check, f->check) != 0)
			continue;
		if (!e->msg || strcmp(e->msg, f->message) == 0)
			return e;
		*near = e;
	}
	return NULL;
}

int
expect_compare(const char *file, ExpectVec *ex, const Finding *fs, int nfs,
	       ExpectCount *c)
{
	int bad = 0;
	for (int i = 0; i < ex->n; i++)
		c->expected += !ex->v[i].known_to_fail && !ex->v[i].known_false;
	for (int i = 0; i < nfs; i++) {
		const Finding *f = &fs[i];
		if (!f->loc.file || strcmp(f->loc.file, file) != 0)
			continue;
		Expect *near = NULL, *e = find_expect(ex, f, &near);
		if (e) {
			e->matched = true;
			if (e->known_false) {
				printf("KNOWN FALSE %s:%d: '%s' finding (known-false)\n", file,
				       f->loc.line, f->check);
				c->known_false++;
			} else if (e->known_to_fail) {
				print_finding("FIXED     ", f);
				printf("    a known gap is found now: make its 'known-to-fail' an "
				       "'expect' and update docs/evaluation.md\n");
				c->fixed++;
				bad++;
			}
			continue;
		}
		print_finding("UNEXPECTED", f);
		if (near)
			printf("    expected the message \"%s\"\n", near->msg);
		c->unexpected++;
		bad++;
	}
	for (int j = 0; j < ex->n; j++) {
		const Expect *e = &ex->v[j];
		if (e->matched)
			continue;
		if (e->known_to_fail) {
			printf("KNOWN GAP  %s:%d: no '%s' finding (known-to-fail)\n", file, e->line,
			       e->check);
			c->known++;
			continue;
		}
		if (e->known_false) {
			printf("FIXED      %s:%d: the false '%s' finding is gone: remove its "
			       "'known-false' and update docs/evaluation.md\n", file, e->line, e->check);
			c->fixed++;
			bad++;
			continue;
		}
		printf("MISSING    %s:%d: expected a '%s' finding here%s%s%s\n", file, e->line,
		       e->check, e->msg ? ": \"" : "", e->msg ? e->msg : "", e->msg ? "\"" : "");
		c->missing++;
		bad++;
	}
	return bad;
}
