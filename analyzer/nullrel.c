/* SPDX-License-Identifier: MIT */
/*
 * nullrel: a member the program resets to NULL after releasing it, and
 * also tests against NULL, released again where it may be NULL by a
 * release that must not be given NULL (the packs' `rejects_null`).
 *
 *     mysql_stmt_close(ctx->stmt);     reset_all_statements(), on a
 *     ctx->stmt = NULL;                reconnect
 *     ...
 *     if (ctx->stmt == NULL && re_init(ctx) != 0)     the statement is
 *             ...                                     made again lazily
 *     ...
 *     mysql_stmt_close(ctx->stmt);     another function, or the reset
 *                                      itself run again: NULL crashes it
 *
 * The member is named by the type of the pointer it is reached through
 * and its name ("struct my_stmt_ctx *", "stmt"); a reset right after a
 * release of it (same block) and a test of it against NULL anywhere in
 * the unit make it nullable.  A release of it, in any function of the
 * unit, is then followed back along the function's paths: it is reported
 * when some path reaches it with the member possibly NULL, that is, from
 * where its pointer got its value (the entry for a parameter, an
 * assignment for a local) or from a store of NULL into it, with no test
 * saying it is not NULL, no other store into it and no call that might
 * fill it on the way.  The finding is a `double-release`: the first
 * release made it NULL.
 */
#include <string.h>
#include "engine_int.h"

typedef struct Reset {
	const char *type;               /* of the pointer: "struct ctx *" */
	const char *field;
	const char *fn;                 /* where it is released and reset */
	Loc at;                         /* the store of NULL */
	const char *releaser;
} Reset;

typedef struct Nullable {
	VEC(Reset) resets;              /* with a test of the same member */
	bool made;
} Nullable;

/* p->f, one step through a pointer, no index */
static bool
member(Value v)
{
	return v.kind == VAL_ACCESS && v.acc.var >= 0 && v.acc.deref && v.acc.field &&
	       v.acc.field[0] != '[' && v.acc.field[0] != '*' && !v.acc.index && !v.acc.deep;
}

static bool
same_place(Access a, Access b)
{
	return a.var == b.var && a.deref == b.deref && !a.index && !b.index && !a.deep &&
	       !b.deep && a.field && b.field && strcmp(a.field, b.field) == 0;
}

static const char *
type_of(const IrFunc *fn, int var)
{
	const char *t = fn->vars.v[var].type;
	return t ? t : "";
}

/* The rule entry of call e when it releases a member (p->f), with that
 * argument. */
static const RuleFn *
member_release(Ctx *c, const IrEvent *e, Value *arg)
{
	if (e->kind != EV_CALL || !e->callee)
		return NULL;
	const RuleFn *r = engine_lookup(c, e->callee);
	if (!r || !r->release || r->release->zformat || r->release->member ||
	    r->release->arg >= e->nargs)
		return NULL;
	*arg = e->args[r->release->arg];
	return member(*arg) ? r : NULL;
}

static const Reset *
find_reset(const Nullable *nb, const char *type, const char *field)
{
	for (int i = 0; i < nb->resets.n; i++)
		if (strcmp(nb->resets.v[i].field, field) == 0 && strcmp(nb->resets.v[i].type, type) == 0)
			return &nb->resets.v[i];
	return NULL;
}

/* The unit's nullable members: reset after a release (any release the
 * packs know), and tested against NULL somewhere. */
static void
make(Ctx *c, Nullable *nb)
{
	nb->made = true;
	const IrUnit *u = c->u;
	for (int fi = 0; fi < u->funcs.n; fi++) {
		const IrFunc *fn = u->funcs.v[fi];
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int k = 0; k + 1 < b->ev.n; k++) {
				const IrEvent *e = &b->ev.v[k];
				Value a;
				if (!member_release(c, e, &a))
					continue;
				for (int j = k + 1; j < b->ev.n; j++) {
					const IrEvent *x = &b->ev.v[j];
					if (x->kind == EV_CALL)
						break;
					if (x->kind != EV_ASSIGN || !same_place(x->dst, a.acc))
						continue;
					if (x->src.kind == VAL_INT && x->src.ival == 0 &&
					    !find_reset(nb, type_of(fn, a.acc.var), a.acc.field)) {
						Reset rs = {type_of(fn, a.acc.var), a.acc.field, fn->name,
							    x->loc, e->callee};
						avec_push(&c->sum_arena, &nb->resets, rs);
					}
					break;
				}
			}
		}
	}
	/* keep those the unit tests against NULL */
	int kept = 0;
	for (int i = 0; i < nb->resets.n; i++) {
		const Reset *rs = &nb->resets.v[i];
		bool tested = false;
		for (int fi = 0; fi < u->funcs.n && !tested; fi++) {
			const IrFunc *fn = u->funcs.v[fi];
			for (int bi = 0; bi < fn->blocks.n && !tested; bi++) {
				const IrBlock *b = fn->blocks.v[bi];
				const Cond *cd = &b->cond;
				tested = b->term == T_BRANCH && cd->known && !cd->vs_var &&
					 (cd->op == OP_EQ || cd->op == OP_NE) && cd->rhs == 0 &&
					 cd->lhs.var >= 0 && cd->lhs.deref && !cd->lhs.deep &&
					 !cd->lhs.index && cd->lhs.field &&
					 strcmp(cd->lhs.field, rs->field) == 0 &&
					 strcmp(type_of(fn, cd->lhs.var), rs->type) == 0;
			}
		}
		if (tested)
			nb->resets.v[kept++] = *rs;
	}
	nb->resets.n = kept;
}

/* What is known of the member at p on a path: nothing yet, not NULL, may
 * be NULL as any object of the program (its pointer got a value here or
 * came in), or NULL on this path (stored, or tested so) at `why`. */
enum { UNSEEN, NOT_NULL, MAY_NULL, IS_NULL };

typedef struct Fact {
	uint8_t v;
	Loc why;
} Fact;

/* What the events of block b up to event `upto` (all: -1) do to f. */
static Fact
through(Ctx *c, const IrBlock *b, Access p, Fact f, int upto)
{
	for (int k = 0; k < b->ev.n && k != upto; k++) {
		const IrEvent *e = &b->ev.v[k];
		if (e->kind == EV_ASSIGN) {
			if (acc_plain(e->dst) && e->dst.var == p.var)
				f = (Fact){MAY_NULL, {0}};      /* another object */
			else if (same_place(e->dst, p))
				f = e->src.kind == VAL_INT && e->src.ival == 0
				    ? (Fact){IS_NULL, e->loc} : (Fact){NOT_NULL, {0}};
		} else if (e->kind == EV_CALL) {
			/* a call given the object, or the member's address,
			 * might fill it: nothing is said after it */
			const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
			for (int i = 0; i < e->nargs && !r; i++) {
				Value a = e->args[i];
				if ((a.kind == VAL_ACCESS && a.acc.var == p.var && !a.acc.deref &&
				     !a.acc.field) ||
				    (a.kind == VAL_ADDR && a.acc.var == p.var))
					f = (Fact){NOT_NULL, {0}};
			}
		}
	}
	return f;
}

/* What a path may know of the member at p when it reaches event `at` of
 * block `target`: the worst of every path (IS_NULL over MAY_NULL over
 * NOT_NULL), by a forward analysis over the function's blocks. */
static Fact
null_at(Ctx *c, const IrFunc *fn, Access p, int target, int at)
{
	int nb = fn->blocks.n;
	Fact *in = arena_alloc(&c->sum_arena, sizeof(Fact) * (size_t)(nb + 1));
	uint8_t *queued = arena_alloc(&c->sum_arena, (size_t)nb + 1);
	int *work = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)(nb + 1));
	int nwork = 0;
	in[0] = (Fact){p.var < fn->nparams ? MAY_NULL : NOT_NULL, {0}};
	work[nwork++] = 0;
	queued[0] = 1;
	while (nwork > 0) {
		int bi = work[--nwork];
		queued[bi] = 0;
		const IrBlock *b = fn->blocks.v[bi];
		Fact f = through(c, b, p, in[bi], -1);
		int succ[2], ns = ir_succs(b, succ);
		for (int s = 0; s < ns; s++) {
			int to = succ[s];
			if (to < 0 || to >= nb)
				continue;
			Fact out = f;
			const Cond *cd = &b->cond;
			if (b->term == T_BRANCH && cd->known && !cd->vs_var && cd->rhs == 0 &&
			    (cd->op == OP_EQ || cd->op == OP_NE) && same_place(cd->lhs, p))
				out = (cd->op == OP_EQ) == (s == 0) ? (Fact){IS_NULL, cd->loc}
								   : (Fact){NOT_NULL, {0}};
			if (in[to].v >= out.v)
				continue;
			in[to] = out;
			if (!queued[to]) {
				queued[to] = 1;
				work[nwork++] = to;
			}
		}
	}
	if (!in[target].v)
		return in[target];
	return through(c, fn->blocks.v[target], p, in[target], at);
}

void
null_releases(Ctx *c, const IrFunc *fn)
{
	static const Nullable empty;
	if (!c->nullable) {
		c->nullable = arena_alloc(&c->sum_arena, sizeof(Nullable));
		*c->nullable = empty;
	}
	Nullable *nb = c->nullable;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int k = 0; k < b->ev.n; k++) {
			Value a;
			const RuleFn *r = member_release(c, &b->ev.v[k], &a);
			if (!r || !r->rejects_null)
				continue;
			if (!nb->made)
				make(c, nb);
			const Reset *rs = find_reset(nb, type_of(fn, a.acc.var), a.acc.field);
			Fact f = rs ? null_at(c, fn, a.acc, bi, k) : (Fact){UNSEEN, {0}};
			if (f.v < MAY_NULL)
				continue;
			const IrEvent *e = &b->ev.v[k];
			Violation v = {0};
			v.kind = V_DOUBLE_RELEASE;
			v.fn = fn;
			v.rkind = r->release->kind;
			v.name = arena_printf(&c->sum_arena, "%s->%s", fn->vars.v[a.acc.var].name,
					      a.acc.field);
			v.where = e->loc;
			v.how = e->callee;
			v.first = f.v == IS_NULL ? f.why : rs->at;
			v.null_here = f.v == IS_NULL;
			v.reset_by = rs->fn;
			v.acquirer = rs->releaser;
			v.acquired = rs->at;
			c->cb(c->cbctx, &v);
		}
	}
}
