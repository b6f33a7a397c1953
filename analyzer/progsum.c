/* SPDX-License-Identifier: MIT */
/*
 * progsum: the table of the program's summaries (progsum.h), read from the
 * units' texts.  A text is checked whole before anything of it is added: a
 * cache entry that is broken is a miss, never a wrong summary.
 */
#include <stdlib.h>
#include <string.h>
#include "cache.h"
#include "progsum.h"

void
progsum_init(ProgSums *ps)
{
	memset(ps, 0, sizeof(*ps));
	arena_init(&ps->arena);
}

void
progsum_release(ProgSums *ps)
{
	arena_release(&ps->arena);
	vec_free(&ps->fns);
	memset(ps, 0, sizeof(*ps));
}

/* The space-separated words of one line, at most max; how many, or -1 when
 * there are more. */
static int
words(char *line, char **w, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *p = strtok_r(line, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		if (n == max)
			return -1;
		w[n++] = p;
	}
	return n;
}

static bool
letters(const char *s, int n)
{
	if (n == 0)
		return strcmp(s, "-") == 0;
	if ((int)strlen(s) != n)
		return false;
	for (int i = 0; i < n; i++)
		if (!strchr("rbkp", s[i]))
			return false;
	return true;
}

static bool
number(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

enum { MAX_PARAMS = 127, MAX_FIELDS = 64 };

/* One "f" line into f (strings in ps's arena); false if malformed. */
static bool
parse_fn(ProgSums *ps, char *line, ProgFn *f)
{
	char *copy = arena_strdup(&ps->arena, line);
	char *w[11 + 3 * MAX_FIELDS];
	int n = words(line, w, (int)(sizeof(w) / sizeof(w[0])));
	long long np, nr, op, val, nf;
	if (n < 11 || strcmp(w[0], "f") != 0 || !number(w[2], 0, MAX_PARAMS, &np) ||
	    !number(w[3], 0, 1, &nr) || !number(w[5], OP_NONE, OP_GE, &op) ||
	    !number(w[6], -(1ll << 62), 1ll << 62, &val) || !letters(w[7], (int)np) ||
	    !letters(w[8], (int)np) || !letters(w[9], (int)np) ||
	    !number(w[10], 0, MAX_FIELDS, &nf) || n != 11 + 3 * nf)
		return false;
	memset(f, 0, sizeof(*f));
	f->name = arena_strdup(&ps->arena, w[1]);
	f->nparams = (int)np;
	f->noreturn = nr == 1;
	f->wrap_kind = strcmp(w[4], "-") == 0 ? NULL : arena_strdup(&ps->arena, w[4]);
	f->wrap_fails = (Pred){(CmpOp)op, val};
	f->direct = arena_strdup(&ps->arena, w[7]);
	f->deref = arena_strdup(&ps->arena, w[8]);
	f->txn = arena_strdup(&ps->arena, w[9]);
	f->nfields = (int)nf;
	f->fields = arena_alloc(&ps->arena, sizeof(ProgField) * (size_t)(nf + 1));
	for (int k = 0; k < nf; k++) {
		long long p;
		const char *e = w[11 + 3 * k + 2];
		if (!number(w[11 + 3 * k], 0, np - 1, &p) || strlen(e) != 1 || !strchr("rbkp", *e))
			return false;
		f->fields[k] = (ProgField){(int)p, arena_strdup(&ps->arena, w[11 + 3 * k + 1]), *e};
	}
	f->line = copy;
	return true;
}

int
progsum_add(ProgSums *ps, int unit, const char *text)
{
	if (!text || strncmp(text, PROGSUM_HEADER "\n", sizeof(PROGSUM_HEADER)) != 0)
		return -1;
	char *buf = xstrdup(text + sizeof(PROGSUM_HEADER));
	VEC(ProgFn) got = {0};
	bool ok = true;
	for (char *line = buf, *next; ok && line && *line; line = next) {
		next = strchr(line, '\n');
		if (!next) {
			ok = false;             /* every line ends: else truncated */
			break;
		}
		*next++ = '\0';
		if (line[0] == 'c' && line[1] == ' ' && line[2] && !strchr(line + 2, ' '))
			continue;
		ProgFn f;
		ok = parse_fn(ps, line, &f);
		if (ok) {
			f.unit = unit;
			vec_push(&got, f);
		}
	}
	if (ok)
		for (int i = 0; i < got.n; i++)
			vec_push(&ps->fns, got.v[i]);
	vec_free(&got);
	mem_free(buf);
	ps->units += ok;
	return ok ? 0 : -1;
}

static int
cmp_fn(const void *a, const void *b)
{
	const ProgFn *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->unit < y->unit ? -1 : x->unit > y->unit;
}

void
progsum_finish(ProgSums *ps, const Rules *r)
{
	if (ps->fns.n > 1)
		qsort(ps->fns.v, (size_t)ps->fns.n, sizeof(ProgFn), cmp_fn);
	/* one entry per name: the first unit's; a different line elsewhere
	 * makes it a conflict */
	int k = 0;
	for (int i = 0; i < ps->fns.n; i++) {
		ProgFn *f = &ps->fns.v[i];
		if (k > 0 && strcmp(ps->fns.v[k - 1].name, f->name) == 0) {
			ProgFn *kept = &ps->fns.v[k - 1];
			if (!kept->conflict && strcmp(kept->line, f->line) != 0) {
				kept->conflict = true;
				ps->conflicts++;
			}
			continue;
		}
		ps->fns.v[k++] = *f;
	}
	ps->fns.n = k;
	for (int i = 0; i < ps->fns.n; i++) {
		ProgFn *f = &ps->fns.v[i];
		const RuleKind *kind = f->wrap_kind && r ? rules_kind(r, f->wrap_kind) : NULL;
		if (!kind)
			continue;
		RuleAcquire *a = arena_alloc(&ps->arena, sizeof(*a));
		a->kind = kind;
		a->out_arg = -1;
		a->fails = f->wrap_fails;
		f->wrap = a;
	}
	ps->finished = true;
}

static const ProgFn *
find_any(const ProgSums *ps, const char *name)
{
	int lo = 0, hi = ps->fns.n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(ps->fns.v[mid].name, name);
		if (c == 0)
			return &ps->fns.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

const ProgFn *
progsum_find(const ProgSums *ps, const char *name)
{
	if (!ps || !name || !ps->finished)
		return NULL;
	const ProgFn *f = find_any(ps, name);
	return f && !f->conflict ? f : NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A line with what a function only borrows written as kept: what the
 * rounds of the chains follow beyond one unit (analyze.c). */
static uint64_t
hash_strong(uint64_t h, const char *line)
{
	size_t n = strlen(line);
	char *copy = xmalloc(n + 1);
	memcpy(copy, line, n + 1);
	/* "f NAME N NORETURN KIND OP VALUE DIRECT DEREF TXN NFIELDS {P FIELD
	 * E}": the letters are words 7 to 9 and each field's E */
	int word = 0;
	for (char *p = copy; *p; p++) {
		if (*p == ' ') {
			word++;
			continue;
		}
		bool letters = (word >= 7 && word <= 9) || (word >= 13 && (word - 13) % 3 == 0);
		if (letters && *p == 'b')
			*p = 'k';
	}
	h = cache_hash_str(h, copy);
	mem_free(copy);
	return h;
}

static uint64_t
used_hash(const ProgSums *ps, const char *text, uint64_t h, int *n, bool strong)
{
	*n = 0;
	if (!text)
		return h;
	VEC(const char *) names = {0};
	Arena a;
	arena_init(&a);
	for (const char *p = text; *p; ) {
		const char *end = strchr(p, '\n');
		if (!end)
			break;
		if (p[0] == 'c' && p[1] == ' ')
			vec_push(&names, arena_strndup(&a, p + 2, (size_t)(end - p - 2)));
		p = end + 1;
	}
	if (names.n > 1)
		qsort(names.v, (size_t)names.n, sizeof(char *), cmp_str);
	for (int i = 0; i < names.n; i++) {
		const ProgFn *f = progsum_find(ps, names.v[i]);
		if (!f)
			continue;
		h = strong ? hash_strong(h, f->line) : cache_hash_str(h, f->line);
		(*n)++;
	}
	vec_free(&names);
	arena_release(&a);
	return h;
}

uint64_t
progsum_used(const ProgSums *ps, const char *text, uint64_t h, int *n)
{
	return used_hash(ps, text, h, n, false);
}

uint64_t
progsum_used_strong(const ProgSums *ps, const char *text, uint64_t h, int *n)
{
	return used_hash(ps, text, h, n, true);
}

int
progsum_count(const char *text)
{
	int n = 0;
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "")
		n += p[0] == 'f' && p[1] == ' ';
	return n;
}
