/* SPDX-License-Identifier: MIT */
/*
 * entry: the functions whose return ends the process (entry.h): the facts
 * of a unit, from its IR, and the least solution over the facts of many.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cache.h"
#include "entry.h"

const char *
entry_qualify(Arena *a, const IrUnit *u, const char *name, bool is_static)
{
	if (!is_static)
		return name;
	return arena_printf(a, "%s#%08x", name, ir_hash_str(u->file ? u->file : ""));
}

/* A member's USR as one word: m and its FNV-1a hash (a USR may hold a
 * path, with blanks). */
const char *
entry_member(Arena *a, const char *usr)
{
	return arena_printf(a, "m%016llx",
			    (unsigned long long)cache_hash_str(CACHE_HASH_INIT, usr));
}

/* ---- where a call's result goes ----------------------------------------- */

/* A status call's continuation is short (a few cleanups, then exit() or a
 * return): a walk past these many blocks or events is not one, and a
 * function of 50,000 statements stays linear. */
enum { MAX_HOLD = 8, MAX_VISITS = 256, MAX_EVENTS = 2048 };

typedef struct Walk {
	const IrFunc *fn;
	int visits;
	long events;
	bool bad;                /* a loop, a longjmp, too long: not a status call */
	bool flows;              /* the result reached exit() or a return */
	bool returns;            /* some path returns from the caller */
	uint8_t *onpath;         /* per block: on the path walked */
} Walk;

static bool
plain(Access a)
{
	return a.var >= 0 && !a.field && !a.deref && !a.index && !a.deep;
}

static bool
held(const int *hold, int n, Value v)
{
	if (v.kind != VAL_ACCESS || !plain(v.acc))
		return false;
	for (int i = 0; i < n; i++)
		if (hold[i] == v.acc.var)
			return true;
	return false;
}

static int
drop(int *hold, int n, int var)
{
	for (int i = 0; i < n; i++)
		if (hold[i] == var) {
			hold[i] = hold[--n];
			break;
		}
	return n;
}

static bool
passed(const IrEvent *e, const int *hold, int n)
{
	for (int k = 0; k < e->nargs; k++)
		if (held(hold, n, e->args[k]))
			return true;
	return false;
}

/* The rest of block bi from event `from`, then what follows, with hold[n]
 * the variables that hold the result. */
static void
walk(Walk *w, int bi, int from, const int *set, int n)
{
	if (w->bad)
		return;
	const IrBlock *b = w->fn->blocks.v[bi];
	w->events += b->ev.n - from;
	if (++w->visits > MAX_VISITS || w->events > MAX_EVENTS || w->onpath[bi]) {
		w->bad = true;          /* round a loop: it may run for long */
		return;
	}
	w->onpath[bi] = 1;
	int hold[MAX_HOLD];
	memcpy(hold, set, sizeof(int) * (size_t)n);
	const IrEvent *last = NULL;
	for (int i = from; i < b->ev.n; i++) {
		const IrEvent *e = &b->ev.v[i];
		if (e->kind == EV_ASSIGN && e->has_dst && plain(e->dst)) {
			bool copy = held(hold, n, e->src);
			n = drop(hold, n, e->dst.var);
			if (copy && n < MAX_HOLD)
				hold[n++] = e->dst.var;
		} else if (e->kind == EV_CALL) {
			last = e;
			/* exit(common_exit(status)): what is made of it */
			if (e->has_dst && plain(e->dst) && passed(e, hold, n) && n < MAX_HOLD)
				hold[n++] = e->dst.var;
		}
	}
	switch (b->term) {
	case T_GOTO:
		walk(w, b->succ[0], 0, hold, n);
		break;
	case T_BRANCH:
		walk(w, b->succ[0], 0, hold, n);
		walk(w, b->succ[1], 0, hold, n);
		break;
	case T_RETURN:
		w->returns = true;
		w->flows |= held(hold, n, b->ret);
		break;
	case T_EXIT:
		w->flows |= last && passed(last, hold, n);
		break;
	default:
		w->bad = true;
		break;
	}
	w->onpath[bi] = 0;
}

/* 'E', 'R' or 'O' for the call e (event ei of block bi of fn). */
static char
call_how(const IrFunc *fn, int bi, int ei, uint8_t *onpath)
{
	const IrBlock *b = fn->blocks.v[bi];
	const IrEvent *e = &b->ev.v[ei];
	if (!e->has_dst || !plain(e->dst))
		return 'O';
	Walk w = {fn, 0, 0, false, false, false, onpath};   /* all 0 again after */
	int set[1] = {e->dst.var};
	walk(&w, bi, ei + 1, set, 1);
	if (w.bad || !w.flows)
		return 'O';
	return w.returns ? 'R' : 'E';
}

/* ---- a unit's facts ------------------------------------------------------ */

typedef struct Def {
	const char *name;
	bool is_static;
} Def;

static int
cmp_def(const void *a, const void *b)
{
	return strcmp(((const Def *)a)->name, ((const Def *)b)->name);
}

static const Def *
def_find(const Def *d, int n, const char *name)
{
	Def key = {name, false};
	return n ? bsearch(&key, d, (size_t)n, sizeof(Def), cmp_def) : NULL;
}

void
entry_facts(const IrUnit *u, bool (*known)(void *ctx, const char *name), void *ctx,
	    Arena *a, EntryFacts *out)
{
	int nd = u->funcs.n;
	Def *defs = arena_alloc(a, sizeof(Def) * (size_t)(nd + 1));
	for (int i = 0; i < nd; i++)
		defs[i] = (Def){u->funcs.v[i]->name, u->funcs.v[i]->is_static};
	if (nd > 1)
		qsort(defs, (size_t)nd, sizeof(Def), cmp_def);
	for (int f = 0; f < u->funcs.n; f++) {
		const IrFunc *fn = u->funcs.v[f];
		const char *caller = entry_qualify(a, u, fn->name, fn->is_static);
		/* main's own calls are its work, not a dispatch: a tool (or a
		 * test driver) whose main returns what process() returns keeps
		 * process()'s leaks reported */
		bool in_main = strcmp(fn->name, "main") == 0;
		uint8_t *onpath = NULL;
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (e->kind != EV_CALL)
					continue;
				if (!onpath)
					onpath = arena_alloc(a, (size_t)fn->blocks.n + 1);
				if (e->callee) {
					if (strchr(e->callee, ' ') || (known && known(ctx, e->callee)))
						continue;
					const Def *d = def_find(defs, nd, e->callee);
					const char *name = entry_qualify(a, u, e->callee, d && d->is_static);
					char how = in_main ? 'O' : call_how(fn, bi, i, onpath);
					EntryFact x = {how == 'O' ? 'o' : 's', name, NULL,
						       how == 'O' ? NULL : caller, how == 'O' ? 0 : how};
					vec_push(out, x);
				} else if (e->via) {
					EntryFact x = {'v', NULL, entry_member(a, e->via), caller,
						       in_main ? 'O' : call_how(fn, bi, i, onpath)};
					vec_push(out, x);
				}
			}
		}
	}
	for (int i = 0; i < u->fnrefs.n; i++) {
		const IrFnRef *r = &u->fnrefs.v[i];
		if (strchr(r->name, ' '))
			continue;
		const char *name = entry_qualify(a, u, r->name, r->is_static);
		EntryFact x = r->field ? (EntryFact){'t', name, entry_member(a, r->field), NULL, 0}
				       : (EntryFact){'o', name, NULL, NULL, 0};
		vec_push(out, x);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
entry_write(const EntryFacts *f, bool (*callee_line)(void *ctx, const char *name),
	    void *ctx, FILE *out)
{
	Arena a;
	arena_init(&a);
	VEC(const char *) s = {0}, lines = {0};
	for (int i = 0; i < f->n; i++)
		if (f->v[i].kind == 's')
			vec_push(&s, f->v[i].name);
	if (s.n > 1)
		qsort(s.v, (size_t)s.n, sizeof(char *), cmp_str);
	for (int i = 0; i < f->n; i++) {
		const EntryFact *x = &f->v[i];
		const char *line = NULL;
		switch (x->kind) {
		case 's':
			line = arena_printf(&a, "s %s %s %c", x->name, x->caller, x->how);
			break;
		case 'o':
			/* the unit's `c NAME` says it, unless NAME has an s line */
			if (callee_line && callee_line(ctx, x->name) &&
			    !(s.n && bsearch(&x->name, s.v, (size_t)s.n, sizeof(char *), cmp_str)))
				break;
			line = arena_printf(&a, "o %s", x->name);
			break;
		case 't':
			line = arena_printf(&a, "t %s %s", x->member, x->name);
			break;
		case 'v':
			line = arena_printf(&a, "v %s %s %c", x->member, x->caller, x->how);
			break;
		}
		if (line)
			vec_push(&lines, line);
	}
	if (lines.n > 1)
		qsort(lines.v, (size_t)lines.n, sizeof(char *), cmp_str);
	for (int i = 0; i < lines.n; i++)
		if (i == 0 || strcmp(lines.v[i - 1], lines.v[i]) != 0)
			fprintf(out, "%s\n", lines.v[i]);
	vec_free(&s);
	vec_free(&lines);
	arena_release(&a);
}

/* ---- the solution ------------------------------------------------------- */

typedef struct Cand {
	const char *name;
	int first, n;            /* its facts in by_name */
	int state;               /* 0 not yet, 1 an entry, -1 never */
} Cand;

typedef struct Solver {
	const EntryFact **by_name, **by_member;
	int nname, nmember;
	Cand *cand;
	int ncand;
} Solver;

static int
cmp_by_name(const void *a, const void *b)
{
	return strcmp((*(const EntryFact *const *)a)->name, (*(const EntryFact *const *)b)->name);
}

static int
cmp_by_member(const void *a, const void *b)
{
	return strcmp((*(const EntryFact *const *)a)->member,
		      (*(const EntryFact *const *)b)->member);
}

static Cand *
cand_find(const Solver *s, const char *name)
{
	int lo = 0, hi = s->ncand - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(s->cand[mid].name, name);
		if (c == 0)
			return &s->cand[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static bool
is_entry(const Solver *s, const char *name)
{
	if (strcmp(name, "main") == 0)
		return true;
	const Cand *c = cand_find(s, name);
	return c && c->state == 1;
}

/* Is every call through member m a status call of an entry (and is there
 * one)?  -1: never will be. */
static int
member_ok(const Solver *s, const char *m)
{
	int lo = 0, hi = s->nmember;
	while (lo < hi) {                 /* the first fact of m */
		int mid = (lo + hi) / 2;
		if (strcmp(s->by_member[mid]->member, m) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int any = 0;
	for (int i = lo; i < s->nmember && strcmp(s->by_member[i]->member, m) == 0; i++) {
		const EntryFact *x = s->by_member[i];
		if (x->how == 'O')
			return -1;
		if (x->how == 'R' && !is_entry(s, x->caller))
			return 0;
		any = 1;
	}
	return any;
}

void
entry_solve(const EntryFact *f, int n, Arena *a, EntrySet *out)
{
	Solver s = {0};
	s.by_name = arena_alloc(a, sizeof(EntryFact *) * (size_t)(n + 1));
	s.by_member = arena_alloc(a, sizeof(EntryFact *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		if (f[i].kind == 'v')
			s.by_member[s.nmember++] = &f[i];
		else if (f[i].name)
			s.by_name[s.nname++] = &f[i];
	}
	if (s.nname > 1)
		qsort(s.by_name, (size_t)s.nname, sizeof(EntryFact *), cmp_by_name);
	if (s.nmember > 1)
		qsort(s.by_member, (size_t)s.nmember, sizeof(EntryFact *), cmp_by_member);
	s.cand = arena_alloc(a, sizeof(Cand) * (size_t)(s.nname + 1));
	for (int i = 0; i < s.nname; i++) {
		if (s.ncand && strcmp(s.cand[s.ncand - 1].name, s.by_name[i]->name) == 0) {
			s.cand[s.ncand - 1].n++;
			continue;
		}
		s.cand[s.ncand++] = (Cand){s.by_name[i]->name, i, 1, 0};
	}
	for (bool changed = true; changed;) {
		changed = false;
		for (int k = 0; k < s.ncand; k++) {
			Cand *c = &s.cand[k];
			if (c->state != 0)
				continue;
			bool ok = true;
			for (int i = c->first; ok && i < c->first + c->n; i++) {
				const EntryFact *x = s.by_name[i];
				int m;
				switch (x->kind) {
				case 'o':
					c->state = -1;
					ok = false;
					break;
				case 's':
					ok = x->how == 'E' || is_entry(&s, x->caller);
					break;
				case 't':
					m = member_ok(&s, x->member);
					if (m < 0)
						c->state = -1;
					ok = m > 0;
					break;
				}
			}
			if (ok && c->state == 0) {
				c->state = 1;
				changed = true;
			}
		}
	}
	out->n = 0;
	out->names = arena_alloc(a, sizeof(char *) * (size_t)(s.ncand + 1));
	for (int k = 0; k < s.ncand; k++)
		if (s.cand[k].state == 1)
			out->names[out->n++] = s.cand[k].name;
}

bool
entry_is(const EntrySet *s, const char *qualified)
{
	if (!s || !qualified || s->n == 0)
		return false;
	return bsearch(&qualified, s->names, (size_t)s->n, sizeof(char *), cmp_str) != NULL;
}
