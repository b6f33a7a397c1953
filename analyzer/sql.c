/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <regex.h>
#include <string.h>
#include "mem.h"
#include "sql.h"

struct SqlMatcher {
	regex_t begin, end, savepoint;
};

/* "^(BEGIN|START[[:space:]]+TRANSACTION)([^[:alnum:]_]|$)" from a list. */
static char *
words_pattern(const char *const *words)
{
	size_t cap = 64;
	for (int i = 0; words && words[i]; i++)
		cap += strlen(words[i]) * 16 + 4;
	char *p = xmalloc(cap), *q = p;
	q += sprintf(q, "^(");
	for (int i = 0; words && words[i]; i++) {
		if (i)
			*q++ = '|';
		for (const char *w = words[i]; *w; w++) {
			if (isspace((unsigned char)*w)) {
				while (isspace((unsigned char)w[1]))
					w++;
				q += sprintf(q, "[[:space:]]+");
			} else if (isalnum((unsigned char)*w) || *w == '_') {
				*q++ = *w;
			} else {
				q += sprintf(q, "[%c]", *w);
			}
		}
	}
	if (!words || !words[0])
		q += sprintf(q, "[^[:print:][:space:]]{99}");   /* matches nothing */
	sprintf(q, ")([^[:alnum:]_]|$)");
	return p;
}

static int
compile(regex_t *re, const char *pattern, Diag *d)
{
	int rc = regcomp(re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		char msg[256];
		regerror(rc, re, msg, sizeof(msg));
		diag_error(d, NULL, 0, 0, "bad transaction word list in the rule packs: %s", msg);
		return -1;
	}
	return 0;
}

SqlMatcher *
sql_matcher_new(const Rules *r, Diag *d)
{
	SqlMatcher *m = xcalloc(1, sizeof(*m));
	char *b = words_pattern(rules_sql_begin(r));
	char *e = words_pattern(rules_sql_end(r));
	int ok = compile(&m->begin, b, d) == 0;
	ok = ok && compile(&m->end, e, d) == 0;
	ok = ok && compile(&m->savepoint,
			   "^ROLLBACK([[:space:]]+(WORK|TRANSACTION))?[[:space:]]+TO([^[:alnum:]_]|$)",
			   d) == 0;
	mem_free(b);
	mem_free(e);
	if (!ok) {
		mem_free(m);
		return NULL;
	}
	return m;
}

void
sql_matcher_free(SqlMatcher *m)
{
	if (!m)
		return;
	regfree(&m->begin);
	regfree(&m->end);
	regfree(&m->savepoint);
	mem_free(m);
}

static const char *
skip_blanks_and_comments(const char *s)
{
	for (;;) {
		while (isspace((unsigned char)*s) || *s == '(')
			s++;
		if (s[0] == '-' && s[1] == '-') {
			s = strchr(s, '\n');
			if (!s)
				return "";
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");
			if (!e)
				return "";
			s = e + 2;
		} else {
			return s;
		}
	}
}

SqlClass
sql_classify(const SqlMatcher *m, const char *text)
{
	if (!m || !text)
		return SQL_OTHER;
	const char *s = skip_blanks_and_comments(text);
	if (regexec(&m->savepoint, s, 0, NULL, 0) == 0)
		return SQL_OTHER;
	if (regexec(&m->begin, s, 0, NULL, 0) == 0)
		return SQL_BEGIN;
	if (regexec(&m->end, s, 0, NULL, 0) == 0)
		return SQL_END;
	return SQL_OTHER;
}
