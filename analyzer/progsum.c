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
	vec_free(&ps->facts);
	vec_free(&ps->targets);
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
	long long np, nr, op, val, nf, rop, rval;
	if (n < 11 || strcmp(w[0], "f") != 0 || !number(w[2], 0, MAX_PARAMS, &np) ||
	    !number(w[3], 0, 1, &nr) || !number(w[5], OP_NONE, OP_GE, &op) ||
	    !number(w[6], -(1ll << 62), 1ll << 62, &val) || !letters(w[7], (int)np) ||
	    !letters(w[8], (int)np) || !letters(w[9], (int)np) ||
	    !number(w[10], 0, MAX_FIELDS, &nf) || n != 13 + 3 * nf ||
	    !number(w[11 + 3 * nf], OP_NONE, OP_GE, &rop) ||
	    !number(w[12 + 3 * nf], -(1ll << 62), 1ll << 62, &rval))
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
	f->ret = (Pred){(CmpOp)rop, rval};
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

/* An `m` line (a function that opens a member of its parameter's object:
 * summary.c, export_function()) onto f, the function of the line before
 * it; false if malformed or of another function. */
static bool
parse_macq(ProgSums *ps, char *line, ProgFn *f)
{
	char *full = arena_printf(&ps->arena, "%s\n%s", f->line, line);
	char *w[10];
	int n = words(line, w, 10);
	long long arg, fop, fval, sop, sval;
	if (n != 9 || strcmp(w[1], f->name) != 0 || f->macq_kind ||
	    !number(w[2], 0, f->nparams - 1, &arg) || !number(w[5], OP_NONE, OP_GE, &fop) ||
	    !number(w[6], -(1ll << 62), 1ll << 62, &fval) ||
	    !number(w[7], OP_NONE, OP_GE, &sop) || !number(w[8], -(1ll << 62), 1ll << 62, &sval))
		return false;
	f->macq_arg = (int)arg;
	f->macq_member = arena_strdup(&ps->arena, w[3]);
	f->macq_kind = arena_strdup(&ps->arena, w[4]);
	f->macq_fails = (Pred){(CmpOp)fop, fval};
	f->macq_success = (Pred){(CmpOp)sop, sval};
	f->line = full;          /* what the line says, for conflicts and keys */
	return true;
}

/* A `d` line after f's: which members of parameter ARG's object it names. */
static bool
parse_freed(ProgSums *ps, char *line, ProgFn *f)
{
	char *full = arena_printf(&ps->arena, "%s\n%s", f->line, line);
	char *w[5];
	int n = words(line, w, 5);
	long long arg;
	if (n != 4 || strcmp(w[1], f->name) != 0 || !number(w[2], 0, f->nparams - 1, &arg) ||
	    arg >= 64 || (f->direct && f->direct[arg] != 'r'))
		return false;
	if (!f->freed) {
		f->freed = arena_alloc(&ps->arena, sizeof(char *) * (size_t)f->nparams);
		memset(f->freed, 0, sizeof(char *) * (size_t)f->nparams);
	}
	if (f->freed[arg])
		return false;
	f->freed[arg] = strcmp(w[3], "-") == 0 ? "" : arena_strdup(&ps->arena, w[3]);
	f->line = full;
	return true;
}

bool
progsum_frees_leaving(const ProgFn *f, int arg, const char *member)
{
	if (!f || !f->freed || arg < 0 || arg >= f->nparams || !f->freed[arg] || !member)
		return false;
	size_t n = strlen(member);
	for (const char *p = f->freed[arg]; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, member, n) == 0)
			return false;
		p += len + (end ? 1 : 0);
	}
	return true;
}

/* One line of the entries' facts (entry.h) into x; false if malformed. */
static bool
parse_fact(ProgSums *ps, char *line, EntryFact *x)
{
	char *w[5];
	int n = words(line, w, 5);
	memset(x, 0, sizeof(*x));
	x->kind = w[0][0];
	if (n < 2 || w[0][1])
		return false;
	switch (x->kind) {
	case 's':
		if (n != 4 || (strcmp(w[3], "E") != 0 && strcmp(w[3], "R") != 0))
			return false;
		x->name = arena_strdup(&ps->arena, w[1]);
		x->caller = arena_strdup(&ps->arena, w[2]);
		x->how = w[3][0];
		return true;
	case 'o':
		x->name = arena_strdup(&ps->arena, w[1]);
		return n == 2;
	case 't':
		x->member = arena_strdup(&ps->arena, w[1]);
		x->name = n == 3 ? arena_strdup(&ps->arena, w[2]) : NULL;
		return n == 3;
	case 'v':
		if (n != 4 || strlen(w[3]) != 1 || !strchr("ERO", w[3][0]))
			return false;
		x->member = arena_strdup(&ps->arena, w[1]);
		x->caller = arena_strdup(&ps->arena, w[2]);
		x->how = w[3][0];
		return true;
	}
	return false;
}

int
progsum_add(ProgSums *ps, int unit, const char *text)
{
	if (!text || strncmp(text, PROGSUM_HEADER "\n", sizeof(PROGSUM_HEADER)) != 0)
		return -1;
	char *buf = xstrdup(text + sizeof(PROGSUM_HEADER));
	VEC(ProgFn) got = {0};
	VEC(EntryFact) facts = {0};
	VEC(const char *) callees = {0};
	bool ok = true;
	for (char *line = buf, *next; ok && line && *line; line = next) {
		next = strchr(line, '\n');
		if (!next) {
			ok = false;             /* every line ends: else truncated */
			break;
		}
		*next++ = '\0';
		if (line[0] == 'c' && line[1] == ' ' && line[2] && !strchr(line + 2, ' ')) {
			vec_push(&callees, line + 2);
			continue;
		}
		if (line[0] == 'm' && line[1] == ' ') {
			ok = got.n > 0 && parse_macq(ps, line, &got.v[got.n - 1]);
			continue;
		}
		if (line[0] == 'd' && line[1] == ' ') {
			ok = got.n > 0 && parse_freed(ps, line, &got.v[got.n - 1]);
			continue;
		}
		if (line[0] && line[0] != 'f' && line[1] == ' ') {
			EntryFact x;
			ok = parse_fact(ps, line, &x);
			if (ok)
				vec_push(&facts, x);
			continue;
		}
		ProgFn f;
		ok = parse_fn(ps, line, &f);
		if (ok) {
			f.unit = unit;
			vec_push(&got, f);
		}
	}
	if (ok) {
		for (int i = 0; i < got.n; i++)
			vec_push(&ps->fns, got.v[i]);
		/* a callee's `c` line is an `o` unless it has an `s` line */
		for (int i = 0; i < callees.n; i++) {
			bool status = false;
			for (int k = 0; k < facts.n && !status; k++)
				status = facts.v[k].kind == 's' && strcmp(facts.v[k].name, callees.v[i]) == 0;
			if (!status)
				vec_push(&ps->facts, ((EntryFact){'o', arena_strdup(&ps->arena, callees.v[i]),
								  NULL, NULL, 0}));
		}
		for (int i = 0; i < facts.n; i++)
			vec_push(&ps->facts, facts.v[i]);
	}
	vec_free(&got);
	vec_free(&facts);
	vec_free(&callees);
	mem_free(buf);
	ps->units += ok;
	return ok ? 0 : -1;
}

static int
cmp_target(const void *a, const void *b)
{
	const ProgTarget *x = a, *y = b;
	int c = strcmp(x->member, y->member);
	return c ? c : strcmp(x->name, y->name);
}

/* ps->targets from the `t` facts: one entry per member, its name NULL
 * when two functions are put into it. */
static void
member_targets(ProgSums *ps)
{
	for (int i = 0; i < ps->facts.n; i++) {
		const EntryFact *x = &ps->facts.v[i];
		if (x->kind == 't' && x->member && x->name)
			vec_push(&ps->targets, ((ProgTarget){x->member, x->name}));
	}
	if (ps->targets.n > 1)
		qsort(ps->targets.v, (size_t)ps->targets.n, sizeof(ProgTarget), cmp_target);
	int k = 0;
	for (int i = 0; i < ps->targets.n; i++) {
		ProgTarget t = ps->targets.v[i];
		if (k > 0 && strcmp(ps->targets.v[k - 1].member, t.member) == 0) {
			if (ps->targets.v[k - 1].name && strcmp(ps->targets.v[k - 1].name, t.name) != 0)
				ps->targets.v[k - 1].name = NULL;
			continue;
		}
		ps->targets.v[k++] = t;
	}
	ps->targets.n = k;
}

static const char *member_target(const ProgSums *ps, const char *member);

const char *
progsum_member_target(const ProgSums *ps, const char *member)
{
	return ps && ps->finished ? member_target(ps, member) : NULL;
}

static const char *
member_target(const ProgSums *ps, const char *member)
{
	int lo = 0, hi = ps->targets.n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(ps->targets.v[mid].member, member);
		if (c == 0)
			return ps->targets.v[mid].name;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int
progsum_resolve_calls(const ProgSums *ps, IrUnit *u)
{
	if (!ps || !ps->finished || ps->targets.n == 0)
		return 0;
	Arena a;
	arena_init(&a);
	int n = 0;
	for (int f = 0; f < u->funcs.n; f++) {
		IrFunc *fn = u->funcs.v[f];
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				IrEvent *e = &b->ev.v[i];
				if (e->kind != EV_CALL || e->callee || !e->via)
					continue;
				const char *t = member_target(ps, entry_member(&a, e->via));
				if (!t)
					continue;
				const char *hash = strchr(t, '#');
				const char *name = t;
				if (hash && strcmp(entry_qualify(&a, u, name = arena_printf(&a, "%.*s",
						   (int)(hash - t), t), true), t) == 0) {
					int g = ir_func_index(u, name);
					if (g < 0 || !u->funcs.v[g]->is_static)
						continue;   /* this unit's static */
				} else if (hash) {
					name = t;   /* another unit's static: its summary's name */
					if (!progsum_find(ps, name))
						continue;
				} else if (ir_func_index(u, name) < 0 && !progsum_find(ps, name)) {
					continue;
				}
				e->callee = ir_intern(u, name);
				n++;
			}
		}
	}
	arena_release(&a);
	return n;
}

static int
cmp_fn(const void *a, const void *b)
{
	const ProgFn *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->unit < y->unit ? -1 : x->unit > y->unit;
}

static const ProgFn *find_any(const ProgSums *ps, const char *name);

bool
progsum_defines(const ProgSums *ps, const char *name)
{
	return ps && ps->finished && name && find_any(ps, name) != NULL;
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
		const RuleKind *mk = f->macq_kind && r ? rules_kind(r, f->macq_kind) : NULL;
		if (mk) {
			RuleAcquire *m = arena_alloc(&ps->arena, sizeof(*m));
			m->kind = mk;
			m->out_arg = f->macq_arg;
			m->out_member = f->macq_member;
			m->fails = f->macq_fails;
			m->success = f->macq_success;
			f->macq = m;
		}
		const RuleKind *kind = f->wrap_kind && r ? rules_kind(r, f->wrap_kind) : NULL;
		if (!kind)
			continue;
		RuleAcquire *a = arena_alloc(&ps->arena, sizeof(*a));
		a->kind = kind;
		a->out_arg = -1;
		a->fails = f->wrap_fails;
		f->wrap = a;
	}
	entry_solve(ps->facts.v, ps->facts.n, &ps->arena, &ps->entries);
	member_targets(ps);
	ps->finished = true;
}

bool
progsum_entry(const ProgSums *ps, const char *qualified)
{
	return ps && ps->finished && entry_is(&ps->entries, qualified);
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
		if (*p == '\n')
			word = -1000;   /* an `m` line after it: no letters */
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

/* The n-th word (0-based) of the line at p, into a; NULL when it has
 * fewer. */
static const char *
word_of(Arena *a, const char *p, const char *end, int n)
{
	for (int k = 0; k < n; k++) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		if (!sp)
			return NULL;
		p = sp + 1;
	}
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	return arena_strndup(a, p, (size_t)((sp ? sp : end) - p));
}

/* Whether the unit's functions are entries of the program (entry.h): a
 * unit analysed alone (pass 1) knows only its own uses of them.  Each
 * exported function the program makes an entry, and each function the
 * unit itself status-calls or puts into a member (whatever the answer),
 * is a line of the hash and counts as used. */
static uint64_t
entries_used(const ProgSums *ps, const char *text, uint64_t h, int *n, Arena *a)
{
	VEC(const char *) names = {0};
	for (const char *p = text; *p; ) {
		const char *end = strchr(p, '\n');
		if (!end)
			break;
		const char *name = NULL;
		if (p[0] == 'f' && p[1] == ' ') {
			name = word_of(a, p, end, 1);
			if (name && !progsum_entry(ps, name))
				name = NULL;
		} else if (p[0] == 's' && p[1] == ' ') {
			name = word_of(a, p, end, 1);
		} else if (p[0] == 't' && p[1] == ' ') {
			name = word_of(a, p, end, 2);
		}
		if (name)
			vec_push(&names, name);
		p = end + 1;
	}
	if (names.n > 1)
		qsort(names.v, (size_t)names.n, sizeof(char *), cmp_str);
	for (int i = 0; i < names.n; i++) {
		if (i > 0 && strcmp(names.v[i - 1], names.v[i]) == 0)
			continue;
		h = cache_hash_str(h, progsum_entry(ps, names.v[i]) ? "entry 1" : "entry 0");
		h = cache_hash_str(h, names.v[i]);
		(*n)++;
	}
	vec_free(&names);
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
		if (!strong && p[0] == 'v' && p[1] == ' ') {
			/* a call through a member the program fills with one
			 * function: pass 2 resolves it (progsum_resolve_calls) */
			const char *sp = memchr(p + 2, ' ', (size_t)(end - p - 2));
			const char *t = sp ? member_target(ps, arena_strndup(&a, p + 2,
								    (size_t)(sp - p - 2))) : NULL;
			if (t)
				vec_push(&names, t);
		}
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
	if (!strong)
		h = entries_used(ps, text, h, n, &a);
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

/* ---- snapshots ------------------------------------------------------------- */

void
progsum_snap(const ProgSums *ps, ProgSnap *out)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	out->fns = arena_alloc(&out->arena, sizeof(ProgSnapFn) * (size_t)(ps->fns.n + 1));
	for (int i = 0; i < ps->fns.n; i++) {
		const ProgFn *f = &ps->fns.v[i];
		if (!f->conflict)
			out->fns[out->n++] = (ProgSnapFn){arena_strdup(&out->arena, f->name),
							  cache_hash_str(CACHE_HASH_INIT, f->line)};
	}
	EntrySet e = ps->entries;
	out->entries.n = e.n;
	out->entries.names = arena_alloc(&out->arena, sizeof(char *) * (size_t)(e.n + 1));
	for (int i = 0; i < e.n; i++)
		out->entries.names[i] = arena_strdup(&out->arena, e.names[i]);
}

void
progsum_snap_release(ProgSnap *s)
{
	arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

static int
cmp_snap(const void *a, const void *b)
{
	return strcmp(((const ProgSnapFn *)a)->name, ((const ProgSnapFn *)b)->name);
}

static const ProgSnapFn *
snap_find(const ProgSnap *s, const char *name)
{
	ProgSnapFn key = {name, 0};
	return s && s->n > 0 ? bsearch(&key, s->fns, (size_t)s->n, sizeof(ProgSnapFn), cmp_snap)
			     : NULL;
}

bool
progsum_snap_differs(const ProgSnap *s, const ProgSums *ps, const char *name)
{
	const ProgSnapFn *x = snap_find(s, name);
	const ProgFn *y = progsum_find(ps, name);
	return x && y ? x->line != cache_hash_str(CACHE_HASH_INIT, y->line) : (x != NULL) != (y != NULL);
}

bool
progsum_snap_entry(const ProgSnap *s, const char *qualified)
{
	return s && entry_is(&s->entries, qualified);
}
