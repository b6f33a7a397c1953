/* SPDX-License-Identifier: MIT */
/*
 * retrange: the values a function returns, as one predicate that holds for
 * every return ("xopen() >= 0": it dies rather than fail; "== 0": it always
 * succeeds; "<= 0": 0 or an error code), so that a caller's test its result
 * cannot fail is a path that cannot run:
 *
 *     archiver_fd = xopen(path, O_CREAT | O_WRONLY, 0666);
 *     ...
 *     if (archiver_fd >= 0) { close(stdout_fd); ... }   // always taken
 *
 * For a function of the unit: an interval analysis over its blocks of the
 * variables its returns read (and those copied into them), with the branch
 * conditions on them, the calls that never return, and the callees'
 * ranges; a variable whose address is taken, or a global, is anything.
 * For a function of another unit: the range its summary line carries
 * (progsum.h).  Functions the packs know have none (the packs say what
 * they return).  Callers use it through the flags (engine.c).
 */
#include <limits.h>
#include <string.h>
#include "engine_int.h"

enum { MAX_TRACKED = 32, WIDEN_AFTER = 4 };

/* ---- one function of the unit -------------------------------------------- */

typedef struct Walk {
	Ctx *c;
	const IrFunc *fn;
	int *slot;               /* var -> tracked index + 1 */
	int ntracked;
	Range *in;               /* [block * ntracked] */
	bool *reached;
	int *visits;
	Range result;
} Walk;

static int
tracked(const Walk *w, Access a)
{
	return acc_plain(a) && a.var >= 0 && a.var < w->fn->vars.n ? w->slot[a.var] - 1 : -1;
}

/* The variables the returns read, and those copied into them; false when
 * one cannot be followed (a global, its address taken, too many). */
static bool
track(Walk *w)
{
	const IrFunc *fn = w->fn;
	int n = fn->vars.n;
	bool grew = true;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		if (b->term == T_RETURN && b->ret.kind == VAL_ACCESS) {
			if (!acc_plain(b->ret.acc))
				return false;
			if (!w->slot[b->ret.acc.var])
				w->slot[b->ret.acc.var] = ++w->ntracked;
		}
	}
	while (grew) {
		grew = false;
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (e->kind != EV_ASSIGN || tracked(w, e->dst) < 0 ||
				    (e->src.kind != VAL_ACCESS && e->src.kind != VAL_STEP) ||
				    !acc_plain(e->src.acc) || w->slot[e->src.acc.var])
					continue;
				w->slot[e->src.acc.var] = ++w->ntracked;
				grew = true;
			}
		}
		if (w->ntracked > MAX_TRACKED)
			return false;
	}
	for (int v = 0; v < n; v++)
		if (w->slot[v] && (fn->vars.v[v].kind == VAR_GLOBAL || fn->vars.v[v].is_aggregate))
			return false;
	/* an address taken: written where we cannot see */
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->src.kind == VAL_ADDR && w->slot[e->src.acc.var])
				return false;
			if (e->has_dst && !acc_plain(e->dst) && w->slot[e->dst.var] && !e->dst.deref)
				return false;       /* a part of it written */
			for (int a = 0; a < e->nargs; a++)
				if (e->args[a].kind == VAL_ADDR && w->slot[e->args[a].acc.var])
					return false;
		}
	}
	return true;
}

static Range
value_range(const Walk *w, const Range *st, Value v)
{
	switch (v.kind) {
	case VAL_INT:
		return (Range){v.ival, v.ival, v.ival != 0};
	case VAL_STR:
	case VAL_ADDR:
	case VAL_FUNC:
		return (Range){LLONG_MIN, LLONG_MAX, true};
	case VAL_ACCESS: {
		int t = tracked(w, v.acc);
		return t >= 0 ? st[t] : RANGE_ANY;
	}
	case VAL_STEP: {
		int t = tracked(w, v.acc);
		return t >= 0 ? range_shift(st[t], v.ival) : RANGE_ANY;
	}
	default:
		return RANGE_ANY;
	}
}

/* Joins st into block t's entry; true if that changed it. */
static bool
flow(Walk *w, int t, const Range *st)
{
	Range *in = w->in + (size_t)t * (size_t)w->ntracked;
	bool changed = !w->reached[t];
	bool widen = w->visits[t] > WIDEN_AFTER;
	w->reached[t] = true;
	for (int k = 0; k < w->ntracked; k++) {
		Range j = range_join(in[k], st[k]);
		if (widen && !range_empty(in[k])) {
			if (j.lo < in[k].lo)
				j.lo = LLONG_MIN;
			if (j.hi > in[k].hi)
				j.hi = LLONG_MAX;
		}
		if (j.lo != in[k].lo || j.hi != in[k].hi || j.nz != in[k].nz) {
			in[k] = j;
			changed = true;
		}
	}
	return changed;
}

static Pred
fn_range(Ctx *c, const IrFunc *fn)
{
	Arena *a = &c->sum_arena;
	int nb = fn->blocks.n;
	Walk w = {.c = c, .fn = fn, .result = RANGE_NONE};
	w.slot = arena_alloc(a, sizeof(int) * (size_t)(fn->vars.n + 1));
	if (nb == 0 || !track(&w))
		return (Pred){OP_NONE, 0};
	int nt = w.ntracked;
	w.in = arena_alloc(a, sizeof(Range) * (size_t)(nb * nt + 1));
	for (int i = 0; i < nb * nt; i++)
		w.in[i] = RANGE_NONE;
	w.reached = arena_alloc(a, (size_t)nb + 1);
	w.visits = arena_alloc(a, sizeof(int) * (size_t)(nb + 1));
	int *work = arena_alloc(a, sizeof(int) * (size_t)(nb + 1));
	bool *queued = arena_alloc(a, (size_t)nb + 1);
	Range *st = arena_alloc(a, sizeof(Range) * (size_t)(nt + 1));
	Range *edge = arena_alloc(a, sizeof(Range) * (size_t)(nt + 1));
	for (int k = 0; k < nt; k++)
		st[k] = RANGE_ANY;                     /* parameters, uninitialised locals */
	flow(&w, 0, st);
	int nw = 0;
	work[nw++] = 0;
	queued[0] = true;
	long long budget = 64ll * nb + 1024;
	while (nw > 0) {
		if (--budget < 0)
			return (Pred){OP_NONE, 0};
		int bi = work[--nw];
		queued[bi] = false;
		w.visits[bi]++;
		const IrBlock *b = fn->blocks.v[bi];
		memcpy(st, w.in + (size_t)bi * (size_t)nt, sizeof(Range) * (size_t)nt);
		bool ends = false;
		for (int i = 0; i < b->ev.n && !ends; i++) {
			const IrEvent *e = &b->ev.v[i];
			int t = e->has_dst ? tracked(&w, e->dst) : -1;
			if (e->kind == EV_CALL) {
				if (!engine_returns(c, b, e)) {
					ends = true;
					break;
				}
				if (t >= 0)
					st[t] = e->callee ? range_of(return_range(c, e->callee)) : RANGE_ANY;
			} else if (e->kind == EV_ASSIGN && t >= 0) {
				st[t] = value_range(&w, st, e->src);
			} else if (e->kind == EV_KILL && w.slot[e->var]) {
				st[w.slot[e->var] - 1] = RANGE_ANY;
			}
		}
		if (ends)
			continue;
		if (b->term == T_RETURN) {
			w.result = range_join(w.result, value_range(&w, st, b->ret));
			continue;
		}
		for (int j = 0; j < 2; j++) {
			int s = b->succ[j];
			if (s < 0 || (j == 1 && b->term != T_BRANCH) ||
			    (b->term != T_BRANCH && b->term != T_GOTO))
				continue;
			memcpy(edge, st, sizeof(Range) * (size_t)nt);
			int t = b->term == T_BRANCH && b->cond.known ? tracked(&w, b->cond.lhs) : -1;
			if (t >= 0) {
				CmpOp op = j == 0 ? b->cond.op : cmp_negate(b->cond.op);
				edge[t] = range_meet(edge[t], op, b->cond.rhs);
				if (range_empty(edge[t]))
					continue;   /* this edge cannot be taken */
			}
			if (flow(&w, s, edge) && !queued[s]) {
				queued[s] = true;
				work[nw++] = s;
			}
		}
	}
	return range_pred(w.result);
}

Pred
return_range(Ctx *c, const char *name)
{
	if (!name || engine_lookup(c, name))
		return (Pred){OP_NONE, 0};
	int fi = fn_index(c, name);
	if (fi < 0) {
		const ProgFn *pf = ask_fn(c, 'r', name);
		return pf ? pf->ret : (Pred){OP_NONE, 0};
	}
	Summary *sm = &c->sums[fi];
	if (sm->ret_state == 1)
		return (Pred){OP_NONE, 0};      /* recursion: anything */
	if (sm->ret_state == 0) {
		sm->ret_state = 1;
		sm->ret = fn_range(c, c->u->funcs.v[fi]);
		sm->ret_state = 2;
	}
	return sm->ret;
}
