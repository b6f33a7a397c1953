/* SPDX-License-Identifier: MIT */
/*
 * The engine core.  The analysis of one site is a worklist fixpoint over
 * (block, state) pairs.  States are small fixed-size values; each block
 * keeps the set of distinct states that reached it, so a loop is walked
 * until no new state appears.  Transfer functions never split a state:
 * splitting happens only at branches, where the condition may refine a
 * flag (here) or what the site's protocol follows (its edge hook).  The
 * core knows no check: the protocols (ownership.c, txn.c, bracket.c) say
 * what starts a site, what events do and which violations they raise; the
 * core keeps flags, path steps, the bounds, one report per place, and the
 * memory of each run (an arena freed when the run is done).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine_int.h"

/* ---- reporting ------------------------------------------------------------ */

static const Protocol *
proto_of(const Site *site)
{
	return site->proto ? site->proto : &ownership_protocol;
}

/* A violation of the site on this path: held back until the site is done
 * (flush), one per place. */
bool
violation_make(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how,
	       Violation *out)
{
	(void)c;
	if (site->quiet)
		return false;
	/* a release then a release or a use on one path: where the path's
	 * flags were forgotten, that path may be no run's (`if (is_pager)
	 * ClosePager(out)` where out holds the caller's stream only when
	 * is_pager is false); a path that kept them may still report it */
	if (s->forgot && (kind == V_DOUBLE_RELEASE || kind == V_USE_AFTER_RELEASE))
		return false;
	const Protocol *p = proto_of(site);
	Violation v = {0};
	v.kind = kind;
	v.fn = site->fn;
	v.acquirer = site->acquirer;
	v.acquired = site->loc;
	v.name = s->name;
	v.where = where;
	v.how = how;
	v.first = s->released;
	v.path = s->path;
	v.exit_how = site->exit_how;
	if (p->raise && !p->raise(site, s, &v))
		return false;
	*out = v;
	return true;
}

void
violation_push(Ctx *c, Site *site, const Violation *v, int block)
{
	for (int i = 0; i < site->reported.n; i++) {
		Loc r = site->reported.v[i];
		if (r.line == v->where.line && r.file == v->where.file)
			return;
	}
	avec_push(&c->arena, &site->reported, v->where);
	avec_push(&c->arena, &site->pending, *v);
	avec_push(&c->arena, &site->pending_block, block);
}

void
violate(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how)
{
	Violation v;
	if (violation_make(c, site, s, kind, where, how, &v))
		violation_push(c, site, &v, site->cur_block);
}

/* ---- transfer --------------------------------------------------------------- */

/* What an assignment does to the flags (any protocol). */
/* Flag `slot` = flag `from` + step, from what is known of `from`, kept
 * so that a loop's states stay few: 0 then 0 + 1 is "> 0", and "> 0" + 1
 * is "> 0" again (an exact count would make a state per iteration).
 * False when nothing can be said. */
static bool
stepped(State *s, int from, long long step, int slot)
{
	CmpOp op = (CmpOp)s->fop[from];
	long long v = s->fval[from];
	CmpOp to;
	if (step > 0 && (op == OP_EQ || op == OP_GT || op == OP_GE))
		to = op == OP_EQ ? OP_GT : op;
	else if (step < 0 && (op == OP_EQ || op == OP_LT || op == OP_LE))
		to = op == OP_EQ ? OP_LT : op;
	else
		return false;
	s->fknown |= (uint16_t)(1u << slot);
	s->fweak &= (uint16_t)~(1u << slot);
	s->fop[slot] = (uint8_t)to;
	s->fval[slot] = v;
	return true;
}

/* Does chain, a member flag's spelling ("job->opts->path"), name the
 * member field at one of its steps? */
static bool
chain_names(const char *chain, const char *field)
{
	size_t n = strlen(field);
	for (const char *p = chain; (p = strstr(p, field)) != NULL; p++)
		if (p > chain && (p[-1] == '>' || p[-1] == '.') &&
		    (p[n] == '\0' || p[n] == '-' || p[n] == '.' || p[n] == '['))
			return true;
	return false;
}

/* Is v the value of a proper prefix of chain that points to the object
 * holding the rest ("job->opts" for "job->opts->path"): given to a call,
 * it lets the callee write the flag's member. */
static bool
chain_reached(const IrFunc *fn, Value v, const char *chain)
{
	char buf[256];
	const char *pre = v.str;
	Access a = v.acc;
	if (v.kind != VAL_ACCESS)
		return false;
	if (!pre) {
		if (!a.field || a.deep || a.index || a.field[0] == '*' || a.field[0] == '[')
			return false;
		snprintf(buf, sizeof(buf), "%s%s%s", fn->vars.v[a.var].name, a.deref ? "->" : ".",
			 a.field);
		pre = buf;
	}
	size_t n = strlen(pre);
	return strncmp(chain, pre, n) == 0 &&
	       ((chain[n] == '-' && chain[n + 1] == '>') || chain[n] == '[');
}

static void
flags_assign(Site *site, State *s, const IrEvent *e)
{
	Access dst = e->dst;
	/* what may be written besides dst: p = q moves p's members; a store
	 * through a pointer may be to a member of the same name elsewhere */
	for (int i = 0; i < site->nflags; i++) {
		Access f = site->flag_acc[i];
		if (acc_plain(f) || !(s->fknown >> i & 1) || acc_same(f, dst))
			continue;
		const char *chain = site->flag_str[i];
		if ((acc_plain(dst) && dst.var == f.var) ||
		    (!acc_plain(dst) && (dst.deref || dst.index || dst.deep) &&
		     (!dst.field || dst.field == f.field)) ||
		    /* a chain also changes with any step of it */
		    (chain && !acc_plain(dst) &&
		     (dst.var == f.var || !dst.field || chain_names(chain, dst.field))))
			s->fknown &= (uint16_t)~(1u << i);
	}
	int slot = flag_slot_acc(site, dst);
	int from = e->src.kind == VAL_ACCESS || e->src.kind == VAL_STEP
		   ? flag_slot_spelt(site, e->src.acc, e->src.str) : -1;
	if (slot >= 0) {
		s->fweak &= (uint16_t)~(1u << slot);
		if (e->src.kind == VAL_INT) {
			s->fknown |= (uint16_t)(1u << slot);
			s->fval[slot] = e->src.ival;
			s->fop[slot] = OP_EQ;
		} else if (e->src.kind == VAL_STR || e->src.kind == VAL_ADDR ||
			   e->src.kind == VAL_FUNC) {
			s->fknown |= (uint16_t)(1u << slot);     /* p = "x", &v: not NULL */
			s->fval[slot] = 0;
			s->fop[slot] = OP_NE;
		} else if (from >= 0 && (s->fknown >> from & 1) && e->src.kind == VAL_STEP &&
			   (site->flag_step >> slot & 1) && stepped(s, from, e->src.ival, slot)) {
			;
		} else if (from >= 0 && (s->fknown >> from & 1) && e->src.kind != VAL_STEP) {
			s->fknown |= (uint16_t)(1u << slot);
			s->fweak |= (uint16_t)((s->fweak >> from & 1u) << slot);
			s->fval[slot] = s->fval[from];
			s->fop[slot] = s->fop[from];
		} else {
			s->fknown &= (uint16_t)~(1u << slot);
			s->fval[slot] = 0;
			s->fop[slot] = 0;
		}
	}
}

/* A call's result that is a flag (dst: the result, or the variable it is
 * copied into): what its callee's returns all satisfy, or nothing. */
static void
flags_result(Ctx *c, Site *site, State *s, const IrEvent *e, Access dst)
{
	int slot = flag_slot_acc(site, dst);
	if (slot < 0 || (site->flag_pure >> slot & 1))
		return;                  /* a pure call again: the same value */
	Pred r = return_range(c, e->callee);
	if (r.op == OP_NONE) {
		s->fweak &= (uint16_t)~(1u << slot);
		s->fknown &= (uint16_t)~(1u << slot);
		s->fval[slot] = 0;
		s->fop[slot] = 0;
		return;
	}
	/* weak: a test of it says more ("<= 0", then "< 0" taken) */
	s->fknown |= (uint16_t)(1u << slot);
	s->fweak |= (uint16_t)(1u << slot);
	s->fval[slot] = r.value;
	s->fop[slot] = (uint8_t)r.op;
}

/* Is e, the event after call `call`, the copy of its result into a
 * variable (`fd = xopen(...)`: `%t = xopen(...); fd = %t`)? */
static bool
copies_result(const IrEvent *call, const IrEvent *e)
{
	return call->kind == EV_CALL && call->has_dst && acc_plain(call->dst) &&
	       e->kind == EV_ASSIGN && acc_plain(e->dst) && e->src.kind == VAL_ACCESS &&
	       acc_plain(e->src.acc) && e->src.acc.var == call->dst.var;
}

/* Did the lowering end the process right after call e of block b (the
 * callee is declared noreturn: git's BUG() expands to one)?  Then the
 * path ends at the call whatever a summary of the callee says, and
 * nothing is asked of the program's table: pass 1, with no table, and
 * every round decide alike.  A block of a goto the lowering cannot follow
 * ends at the goto, not at the call (another location). */
bool
lowered_exit(const IrBlock *b, const IrEvent *e)
{
	return b && b->term == T_EXIT && b->ev.n > 0 && e == &b->ev.v[b->ev.n - 1] &&
	       e->kind == EV_CALL && b->loc.file == e->loc.file && b->loc.line == e->loc.line &&
	       b->loc.col == e->loc.col;
}

/* Does the path go on after call e of block b?  Not after a function the
 * packs say does not return, nor after one declared so, nor after one of
 * the program none of whose paths does. */
bool
engine_returns(Ctx *c, const IrBlock *b, const IrEvent *e)
{
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	if (r)
		return !r->noreturn;
	return !lowered_exit(b, e) && !never_returns(c, e->callee);
}

/* The bits of the site's flags on globals, and of those on confined
 * statics: g or g.f, not g->f, which other pointers may reach. */
static void
global_slots(const Site *site, uint16_t *globals, uint16_t *confined)
{
	*globals = *confined = 0;
	for (int i = 0; i < site->nflags; i++) {
		const IrVar *v = &site->fn->vars.v[site->flag_var[i]];
		if (v->kind == VAR_GLOBAL)
			*globals |= (uint16_t)(1u << i);
		if (v->kind == VAR_GLOBAL && v->confined && !site->flag_acc[i].deref)
			*confined |= (uint16_t)(1u << i);
	}
}

/* A flag on a global holds until something may write the global: a store
 * through a pointer, or a call of a function the packs do not know (the
 * unit's own among them) or that is handed a function.  A confined static
 * (IrVar.confined) no pointer reaches, and only a call that can reach it
 * (confined_reached()). */
static void
forget_globals(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	uint16_t globals = site->global_slots, confined = site->confined_slots;
	if (!site->slot_of)
		global_slots(site, &globals, &confined);
	if (!(s->fknown & globals))
		return;                  /* nothing known of a global: no look-up */
	bool may_write = e->kind == EV_ASSIGN && !acc_plain(e->dst);
	if (e->kind == EV_CALL) {
		may_write = !e->callee || !engine_lookup(c, e->callee);
		for (int i = 0; i < e->nargs && !may_write; i++)
			may_write = e->args[i].kind == VAL_FUNC;
	}
	if (!may_write)
		return;
	uint16_t lost = globals & (uint16_t)~confined;
	for (int i = 0; i < site->nflags; i++)
		if ((confined & s->fknown) >> i & 1 && e->kind == EV_CALL &&
		    confined_reached(c, e, site->fn->vars.v[site->flag_var[i]].name, true))
			lost |= (uint16_t)(1u << i);
	s->fknown &= (uint16_t)~lost;
}

/* A flag on a member (p->f) holds until something may write it: a call
 * given p, &p->f or &p, or, unless the object is one no call can reach
 * otherwise (flag_private), a call of a function the packs do not know.
 * The value of a member (p->count, p->name) is a copy: given to any
 * function it does not let that function reach the object (only a member
 * that points back into the object would, which is not followed). */
static void
forget_members(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	for (int i = 0; i < site->nflags; i++) {
		Access f = site->flag_acc[i];
		if (acc_plain(f) || !(s->fknown >> i & 1))
			continue;
		bool may = !r && !(site->flag_private >> i & 1);
		for (int a = 0; a < e->nargs && !may; a++) {
			Value v = e->args[a];
			if ((v.kind == VAL_ACCESS || v.kind == VAL_ADDR) && v.acc.var == f.var)
				may = v.kind == VAL_ADDR || acc_plain(v.acc) ||
				      (site->flag_str[i] && chain_reached(site->fn, v, site->flag_str[i]));
			if (v.kind == VAL_FUNC)
				may = true;
		}
		if (may)
			s->fknown &= (uint16_t)~(1u << i);
	}
}

/* A call given the address of a pointer that is a flag, other than as a
 * pointer to const, fills it (`sqlite3_prepare_v2(db, sql, -1, &stmt,
 * NULL)` when `stmt` was tested for NULL before).  A scalar given by
 * address keeps what was known of it: mostly a status the call sets only
 * when it fails (`p = idxMalloc(&rc, n)`, then `if (rc == SQLITE_OK)`),
 * which the path cannot tie to the result. */
static void
forget_written(Site *site, State *s, const IrEvent *e)
{
	for (int a = 0; a < e->nargs; a++) {
		Value v = e->args[a];
		if (v.kind != VAL_ADDR || (a < 64 && (e->borrowed >> a & 1)) || !acc_plain(v.acc) ||
		    v.acc.var < 0 || v.acc.var >= site->fn->vars.n ||
		    !site->fn->vars.v[v.acc.var].is_pointer)
			continue;
		for (int k = 0; k < site->nflags; k++)
			if (site->flag_var[k] == v.acc.var && acc_plain(site->flag_acc[k]) &&
			    !(site->flag_pure >> k & 1)) {
				s->fknown &= (uint16_t)~(1u << k);
				s->fweak &= (uint16_t)~(1u << k);
				s->fval[k] = 0;
				s->fop[k] = 0;
			}
	}
}

/* Is v an argument a pure call's flag can follow: a constant, a string
 * literal, or a plain variable (not a temporary)? */
static bool
pure_arg(const IrFunc *fn, Value v)
{
	return v.kind == VAL_INT || v.kind == VAL_STR ||
	       (v.kind == VAL_ACCESS && acc_plain(v.acc) && fn->vars.v[v.acc.var].kind != VAR_TEMP);
}

/* Two calls of the same function with the same arguments. */
static bool
same_call(const IrEvent *a, const IrEvent *b)
{
	if (a->kind != EV_CALL || b->kind != EV_CALL || !a->callee || !b->callee ||
	    a->nargs != b->nargs || strcmp(a->callee, b->callee) != 0)
		return false;
	for (int i = 0; i < a->nargs; i++) {
		Value x = a->args[i], y = b->args[i];
		if (x.kind != y.kind ||
		    (x.kind == VAL_INT && x.ival != y.ival) ||
		    (x.kind == VAL_STR && strcmp(x.str, y.str) != 0) ||
		    (x.kind == VAL_ACCESS && x.acc.var != y.acc.var))
			return false;
	}
	return true;
}

/* Does the pure call read a variable that e may write, or memory?  A
 * variable it is given: written by a store into it or through it, or by
 * a call given its address, or the pointer itself (not to a parameter
 * declared const); a global also by a function the packs do not know.
 * Memory (a pointer or an array argument: strcmp(name, "-") reads what
 * name points to): also by a store through any pointer, or by a function
 * the packs do not know.  A confined static (IrVar.confined) only by a
 * call that can reach it (confined_reached()), and what it points to,
 * when the unit keeps that to it (confined_pointee_kept()), likewise. */
static bool
pure_changed(Ctx *c, const IrFunc *fn, const IrEvent *pc, const IrEvent *e)
{
	if (e->kind == EV_CALL && same_call(pc, e))
		return false;
	const RuleFn *r = e->kind == EV_CALL && e->callee ? engine_lookup(c, e->callee) : NULL;
	if (r && r->pure)
		return false;
	bool unknown = e->kind == EV_CALL && !r;
	for (int i = 0; e->kind == EV_CALL && i < e->nargs && !unknown; i++)
		unknown = e->args[i].kind == VAL_FUNC;
	bool memory = false;
	for (int k = 0; k < pc->nargs; k++) {
		Value a = pc->args[k];
		if (a.kind != VAL_ACCESS)
			continue;
		const IrVar *v = &fn->vars.v[a.acc.var];
		bool mem = v->is_pointer || !v->is_scalar;
		bool confined = v->kind == VAR_GLOBAL && v->confined && acc_plain(a.acc);
		if (confined && mem && v->is_pointer && confined_pointee_kept(c, v->name)) {
			if (unknown && confined_reached(c, e, v->name, true))
				return true;
			mem = false;    /* its memory: only through it */
		}
		memory |= mem;
		if (unknown && v->kind == VAR_GLOBAL &&
		    !(confined && !confined_reached(c, e, v->name, true)))
			return true;
		if (e->kind == EV_ASSIGN && e->dst.var == a.acc.var)
			return true;
		for (int j = 0; e->kind == EV_CALL && j < e->nargs; j++) {
			Value x = e->args[j];
			bool lent = j < 64 && (e->borrowed >> j & 1);
			if (x.acc.var == a.acc.var && !lent &&
			    (x.kind == VAL_ADDR || (x.kind == VAL_ACCESS && acc_plain(x.acc) && mem)))
				return true;
		}
	}
	return memory && (unknown || (e->kind == EV_ASSIGN && !acc_plain(e->dst)));
}

static void
forget_pure(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	for (int i = 0; i < site->nflags; i++)
		if ((site->flag_pure >> i & 1) && (s->fknown >> i & 1) &&
		    pure_changed(c, site->fn, site->pure_call[i], e)) {
			s->fknown &= (uint16_t)~(1u << i);
			s->fweak &= (uint16_t)~(1u << i);
			s->fval[i] = 0;
			s->fop[i] = 0;
		}
}

/* One event on the path: the core keeps the flags, the site's protocol the
 * rest.  False when the path ends there (a call that does not return). */
static bool
transfer(Ctx *c, Site *site, State *s, const IrBlock *b, int i)
{
	const IrEvent *e = &b->ev.v[i];
	const Protocol *p = proto_of(site);
	if (s->fknown)
		forget_globals(c, site, s, e);
	if (s->fknown && e->kind == EV_CALL)
		forget_members(c, site, s, e);
	if (s->fknown & site->flag_pure)
		forget_pure(c, site, s, e);
	switch (e->kind) {
	case EV_CALL:
		if (s->fknown)
			forget_written(site, s, e);
		if (e->has_dst && site->nflags)
			flags_result(c, site, s, e, e->dst);
		return p->call(c, site, s, e, b->id == site->block && i == site->ev);
	case EV_ASSIGN:
		flags_assign(site, s, e);
		/* the copy of a call's result that has no flag of its own */
		if (i > 0 && copies_result(&b->ev.v[i - 1], e) &&
		    flag_slot(site, e->src.acc.var) < 0 && flag_slot(site, e->dst.var) >= 0)
			flags_result(c, site, s, &b->ev.v[i - 1], e->dst);
		if (p->assign)
			p->assign(c, site, s, e);
		return true;
	case EV_KILL: {
		for (int k = 0; k < site->nflags; k++)
			if (site->flag_var[k] == e->var && !(site->flag_pure >> k & 1))
				s->fknown &= (uint16_t)~(1u << k);
		if (p->kill)
			p->kill(c, site, s, e);
		return true;
	}
	case EV_USE:
		if (p->use)
			p->use(c, site, s, e);
		return true;
	}
	return true;
}

/* ---- branches ---------------------------------------------------------------- */

const Step *
add_step(Ctx *c, State *s, Loc loc, const char *text)
{
	if (s->ts == TS_UNACQ)
		return s->path;
	Step *st = arena_alloc(&c->arena, sizeof(*st));
	st->prev = s->path;
	st->loc = loc;
	st->text = text;
	s->nsteps++;
	return st;
}

/* "'PQstatus(c) != CONNECTION_OK' is true", "'res' is null": made once per
 * edge of the function analysed (in its plan's arena), for every path and
 * site that takes it. */
static const char *
step_text(Ctx *c, const IrFunc *fn, const IrBlock *b, bool taken)
{
	const Cond *cond = &b->cond;
	bool cache = c->plan && plan_func(c->plan) == fn;
	if (cache) {
		if (!c->step_texts || c->step_texts_plan != c->plan) {
			c->step_texts = arena_alloc(plan_arena(c->plan),
						    sizeof(char *) * 2 * (size_t)fn->blocks.n);
			c->step_texts_plan = c->plan;
		}
		if (c->step_texts[2 * b->id + taken])
			return c->step_texts[2 * b->id + taken];
	}
	Arena *a = cache ? plan_arena(c->plan) : &c->arena;
	const char *t;
	if (cond->bare) {
		bool ptr = fn->vars.v[cond->lhs.var].is_pointer && acc_plain(cond->lhs);
		t = arena_printf(a, "'%s' is %s", cond->text,
				 ptr ? (taken ? "non-null" : "null") : (taken ? "non-zero" : "zero"));
	} else {
		t = arena_printf(a, "'%s' is %s", cond->text, taken ? "true" : "false");
	}
	if (cache)
		c->step_texts[2 * b->id + taken] = t;
	return t;
}

/* What a branch edge says about a flag: false if it contradicts what the
 * path knows (the edge is infeasible).  Any protocol. */
static bool
flags_refine(Site *site, State *s, const Cond *cond, Pred test)
{
	{
		int slot = flag_slot_spelt(site, cond->lhs, cond->lhs_str);
		if (slot >= 0) {
			if (s->fknown >> slot & 1) {
				PredImpl k = pred_implies((Pred){(CmpOp)s->fop[slot], s->fval[slot]}, test);
				if (k == PRED_FALSE)
					return false;
				if (k == PRED_TRUE)
					goto flag_done;
				/* both, when one predicate says it: "<= 0" from
				 * what a callee returns, then "!= 0" is "< 0".  A
				 * firm fact meets a test of (in)equality only: one
				 * made stronger by each ordered test would make a
				 * state per constant tested */
				bool weak = s->fweak >> slot & 1;
				Pred both = pred_and((Pred){(CmpOp)s->fop[slot], s->fval[slot]}, test);
				/* ... or when they pinch it to one value: `rc < 0`
				 * false, then `rc > 0` false, is rc == 0 */
				if (!weak && test.op != OP_NE && both.op != OP_EQ)
					both.op = OP_NONE;
				if (both.op != OP_NONE) {
					s->fweak &= (uint16_t)~(1u << slot);
					s->fval[slot] = both.value;
					s->fop[slot] = (uint8_t)both.op;
					goto flag_done;
				}
			}
			/* what the edge says about it from now on (over what a
			 * weak fact said: n > 0 from the first test of `for (i
			 * = 0; i < n; ...)`, then n <= 2 taken: the code tests
			 * n against 2 again) */
			if (test.op == OP_EQ || test.op == OP_NE || !(s->fknown >> slot & 1) ||
			    (s->fweak >> slot & 1)) {
				s->fknown |= (uint16_t)(1u << slot);
				s->fweak &= (uint16_t)~(1u << slot);
				s->fval[slot] = test.value;
				s->fop[slot] = (uint8_t)test.op;
			}
		flag_done:;
		}
	}
	return true;
}

/* Flag k known to equal a constant c, flag u unknown, and the edge says
 * "u op c": u's weak fact. */
static void
learn_pair(State *s, int k, int u, CmpOp op)
{
	if (s->fop[k] != OP_EQ || op == OP_NONE)
		return;
	s->fop[u] = (uint8_t)op;
	s->fval[u] = s->fval[k];
	s->fknown = (uint16_t)(s->fknown | 1u << u);
	s->fweak = (uint16_t)(s->fweak | 1u << u);
}

/* "a <op> b" between two flags, one of them known to equal a constant:
 * the test on the other that it amounts to, against what the path knows
 * of it.  `i = 0; ...; if (n > 0) for (; i < n; ...)`: the loop's first
 * test cannot fail.  When nothing is known of the other, the edge says
 * it, as a weak fact (State.fweak): `for (i = 0; i < n; ...)` entered
 * means n > 0, so a second loop to n runs at least once too.  False if
 * the edge contradicts what the path knows. */
static bool
flags_refine_pair(const Site *site, State *s, const Cond *cond, bool taken)
{
	if (!acc_plain(cond->lhs) || !acc_plain(cond->rhs_acc))
		return true;
	int a = flag_slot(site, cond->lhs.var), b = flag_slot(site, cond->rhs_acc.var);
	if (a < 0 || b < 0)
		return true;
	CmpOp op = taken ? cond->op : cmp_negate(cond->op);
	unsigned ka = (unsigned)s->fknown >> a & 1u, kb = (unsigned)s->fknown >> b & 1u;
	if (!ka && !kb)
		return true;
	if (!ka || !kb) {
		learn_pair(s, ka ? a : b, ka ? b : a, ka ? cmp_swap(op) : op);
		return true;
	}
	Pred known, test;
	if (s->fop[a] == OP_EQ) {               /* x op b  ==  b swap(op) x */
		known = (Pred){(CmpOp)s->fop[b], s->fval[b]};
		test = (Pred){cmp_swap(op), s->fval[a]};
	} else if (s->fop[b] == OP_EQ) {        /* a op y */
		known = (Pred){(CmpOp)s->fop[a], s->fval[a]};
		test = (Pred){op, s->fval[b]};
	} else {
		return true;
	}
	return pred_implies(known, test) != PRED_FALSE;
}

/* Refines s for one edge of a branch; false if the edge is infeasible.
 * The flags first (a condition the core can read), then the protocol. */
static bool
refine(Ctx *c, Site *site, State *s, const Cond *cond, bool taken)
{
	const Protocol *p = proto_of(site);
	Pred test = {taken ? cond->op : cmp_negate(cond->op), cond->rhs};
	if (cond->known && !flags_refine(site, s, cond, test))
		return false;
	if (cond->vs_var && s->fknown && !flags_refine_pair(site, s, cond, taken))
		return false;
	return !p->edge || p->edge(c, site, s, cond, test, taken);
}
/* ---- the fixpoint -------------------------------------------------------------- */

typedef struct Work {
	int block;
	int index;                   /* of its state in the block's set */
} Work;

/* The states of a block, each made once in the walk's arena: a set that
 * grows copies pointers, not 608-byte states, and leaves no copies of
 * them behind.  With the states in the set, growing it took a twentieth
 * of the analysis's time on PostgreSQL, and the copies left behind counted
 * against a summary run's share of memory (over_budget()). */
typedef VEC(State *) StateRefs;

typedef struct Sets {
	StateRefs *at;               /* per block */
	VEC(Work) queue;             /* on the heap, compacted as it drains */
	int head;
	bool seeded;                 /* started where paths enter the site's
	                              * component, from the prefix */
	uint64_t *reach;             /* blocks that lead to the site's, or NULL */
	int from;                    /* the block being run, -1 for a start */
	StateVec *entries;           /* the prefix walk: states entering each
	                              * block from outside its component */
	State *spare;                /* propagate()'s, not kept */
	uint16_t *dead;              /* per block: DEAD_KNOWN and the flags
	                              * drop_dead_flags() forgets there */
	struct SetIndex *index;      /* per block: its states by hash, once
	                              * there are INDEX_FROM of them */
} Sets;

/* A block's states by hash, open addressing: 1 + the state's place in the
 * set, 0 empty.  A path entering a block asked each of its states whether
 * it was the same, 30 on average on psql's units. */
typedef struct SetIndex {
	uint32_t cap;                /* a power of two, over twice the states */
	uint32_t *slot;
} SetIndex;

enum { INDEX_FROM = 16 };

enum { DEAD_KNOWN = 1u << 15 };    /* above every flag's bit */
_Static_assert(MAX_FLAGS < 15, "a flag's bit would be DEAD_KNOWN");

/* What the walk may do with s on entering block. */
typedef enum Fate {
	KEEP,                    /* follow it as it is */
	STOP,                    /* nothing on this path can be reported */
	RESTART,                 /* nothing but what the site starts again: it
	                          * is the same as a path that never ran it */
} Fate;

/* May a later event on the path read place a (entering block)?  A plain
 * write of its variable ends v and v.f, only its death ends *v. */
static bool
place_live(Plan *plan, Access a, int block)
{
	return a.deref || a.index || a.deep ? plan_mentioned(plan, a.var, block)
					    : plan_live(plan, a.var, block);
}

/* A path of a parameter's summary run (Site.settle) that can add nothing
 * to what the run says: the protocol has nothing left to report on it
 * (escaped, lost, failed: no event changes such a state again), and its
 * exits would only repeat what one has said.  A failed handle tells an
 * exit nothing the run reads (ret_sign[2]); an escaped one tells that the
 * function keeps it, which one exit has said already, and the sign of
 * what it returns, which counts only while the signs of the returns may
 * still tell the paths apart (summary.c: sign_split(): more signs never
 * make a split).  A failed or escaped path was walked to every exit with
 * its flags: stopping them took psql's 15 units from 6.26G to 6.05G
 * instructions, the same summaries and findings. */
static bool
quiet_settled(const Site *site, const State *s)
{
	const Protocol *p = proto_of(site);
	if (!p->settled || p->settled(site, s) != SETTLE_YES)
		return false;
	if (s->ts == TS_NULL)
		return true;
	Pred split;
	return site->exit_escaped &&
	       (!(site->settle & SETTLE_SIGNS) ||
		!sign_split(site->ret_sign[0], site->ret_sign[1], &split));
}

/* Only in a reported run of the function planned, where the protocol says
 * s has nothing left to report (or nothing but through variables that are
 * dead here): there the path stops if the site cannot run again, and is
 * taken for one that never ran the site if it can (the site starts afresh
 * from any state but a live one, keeping only the flags).  A quiet run
 * stops a path only where quiet_settled() says so. */
static Fate
fate(Ctx *c, Site *site, Sets *w, int block, const State *s)
{
	const Protocol *p = proto_of(site);
	if (site->quiet)
		return (site->settle & SETTLE_QUIET) && quiet_settled(site, s) ? STOP : KEEP;
	if (!p->settled || !c->plan || plan_func(c->plan) != site->fn)
		return KEEP;
	Settle k = p->settled(site, s);
	if (k == SETTLE_NO)
		return KEEP;
	if (k == SETTLE_IF_DEAD) {
		for (int i = 0; i < s->nalias; i++)
			if (place_live(c->plan, s->alias[i], block))
				return KEEP;
		for (int i = 0; i < s->nview; i++)
			if (place_live(c->plan, s->view[i], block))
				return KEEP;
		for (int i = 0; i < s->nstatus; i++)
			if (plan_live(c->plan, s->status[i], block))
				return KEEP;
		if (s->uvar && plan_live(c->plan, s->uvar - 1, block))
			return KEEP;
		if (s->uat_on && place_live(c->plan, s->uat, block))
			return KEEP;
	}
	bool again = false;
	if (site->block >= 0) {
		if (block == site->block) {
			again = true;
		} else if (w->seeded) {
			/* its walk began in the site's component: only that
			 * component leads back to the site */
			again = plan_scc(c->plan, block) == plan_scc(c->plan, site->block);
		} else {
			if (!w->reach) {
				w->reach = arena_alloc(&c->arena, sizeof(uint64_t) *
						       (size_t)plan_words(c->plan));
				plan_reaching(c->plan, site->block, w->reach);
			}
			again = plan_bit(w->reach, block);
		}
	}
	if (!again)
		return STOP;
	return p->shared_prefix && !s->uvar && !s->uat_on && s->ts != TS_UNACQ ? RESTART : KEEP;
}

/* The prefix walk keeps what enters each component from outside it. */
static void
note_entry(Ctx *c, Sets *w, int block, const State *s)
{
	if (w->from >= 0 && plan_scc(c->plan, w->from) == plan_scc(c->plan, block))
		return;
	StateVec *set = &w->entries[block];
	for (int i = 0; i < set->n; i++)
		if (state_eq(&set->v[i], s)) {
			set->v[i].forgot &= s->forgot;
			return;
		}
	avec_push_first(&c->prefix_arena, set, *s, 1);   /* most blocks hold one */
}

/* The plan of fn: the one of the function analysed (unless own), or (a
 * summary's walk of another function of the unit) one made for it and
 * kept until drop_plans(); NULL for a function the unit does not define.
 * own: never the analysed function's, whose memo (plan_informed()) its
 * reported sites read. */
static Plan *
plan_for(Ctx *c, const IrFunc *fn, bool own)
{
	if (!own && c->plan && plan_func(c->plan) == fn)
		return c->plan;
	int fi = fn_index(c, fn->name);
	if (fi < 0 || c->u->funcs.v[fi] != fn)
		return NULL;
	if (!c->fplans)
		c->fplans = xcalloc((size_t)c->u->funcs.n + 1, sizeof(Plan *));
	if (!c->fplans[fi]) {
		c->fplans[fi] = plan_new(fn);
		vec_push(&c->fplans_made, fi);
	}
	return c->fplans[fi];
}

void
drop_plans(Ctx *c)
{
	for (int i = 0; i < c->fplans_made.n; i++) {
		int fi = c->fplans_made.v[i];
		plan_free(c->fplans[fi]);
		c->fplans[fi] = NULL;
	}
	c->fplans_made.n = 0;
}

/* Forgets what s knows of flags that no path reads again before writing
 * them: states that differ only there are one state from here on.  Which
 * flags those are depends on the block alone, so a walk asks once a block
 * (w->dead), not once a state. */
static void
drop_dead_flags(const Site *site, Sets *w, int block, State *s)
{
	Plan *plan = site->live_plan;
	if (!s->fknown || !plan)
		return;
	uint16_t dead = w->dead[block];
	if (!(dead & DEAD_KNOWN)) {
		dead = DEAD_KNOWN;
		for (int k = 0; k < site->nflags; k++)
			if (!(site->flag_pure >> k & 1) &&
			    !(acc_plain(site->flag_acc[k]) ? plan_live(plan, site->flag_var[k], block)
							    : place_live(plan, site->flag_acc[k], block)))
				dead |= (uint16_t)(1u << k);
		w->dead[block] = dead;
	}
	uint16_t drop = s->fknown & dead & (uint16_t)~DEAD_KNOWN;
	if (!drop)
		return;
	s->fknown &= (uint16_t)~drop;
	for (int k = 0; k < site->nflags; k++)
		if (drop >> k & 1) {
			s->fval[k] = 0;
			s->fop[k] = 0;
		}
}

/* The state of the block's set equal to st (its hash set), or NULL. */
static State *
find_state(const Sets *w, int block, const State *st)
{
	const StateRefs *set = &w->at[block];
	const SetIndex *x = &w->index[block];
	if (!x->cap) {
		for (int i = 0; i < set->n; i++)
			if (set->v[i]->hash == st->hash && state_eq(set->v[i], st))
				return set->v[i];
		return NULL;
	}
	for (uint32_t i = st->hash & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		if (!x->slot[i])
			return NULL;
		State *t = set->v[x->slot[i] - 1];
		if (t->hash == st->hash && state_eq(t, st))
			return t;
	}
}

static void
index_put(SetIndex *x, const StateRefs *set, int k)
{
	uint32_t i = set->v[k]->hash & (x->cap - 1);
	while (x->slot[i])
		i = (i + 1) & (x->cap - 1);
	x->slot[i] = (uint32_t)k + 1;
}

/* The block's newest state into its index: made when the set reaches
 * INDEX_FROM states, twice the size when it is half full. */
static void
index_state(Sets *w, int block)
{
	const StateRefs *set = &w->at[block];
	if (set->n < INDEX_FROM)
		return;
	SetIndex *x = &w->index[block];
	if ((uint32_t)set->n * 2 > x->cap) {
		mem_free(x->slot);
		x->cap = x->cap ? x->cap * 2 : 4 * INDEX_FROM;
		x->slot = xcalloc(x->cap, sizeof(*x->slot));
		for (int k = 0; k < set->n; k++)
			index_put(x, set, k);
		return;
	}
	index_put(x, set, set->n - 1);
}

static void
propagate(Ctx *c, Site *site, Sets *w, int block, const State *in)
{
	/* made where it is kept: a path that ends here leaves the memory
	 * to the next (Sets.spare) */
	State *st = w->spare ? w->spare : arena_alloc_raw(&c->arena, sizeof(State));
	w->spare = st;
	*st = *in;
	drop_dead_flags(site, w, block, st);
	if (site->flag_masked && (st->fknown & ~site->flag_use)) {
		for (int k = 0; k < site->nflags; k++)
			if (!(site->flag_use >> k & 1)) {
				st->fval[k] = 0;
				st->fop[k] = 0;
			}
		st->fknown &= site->flag_use;
		st->fweak &= site->flag_use;
	}
	const State *s = st;
	if (w->entries)
		note_entry(c, w, block, s);
	switch (fate(c, site, w, block, s)) {
	case KEEP:
		break;
	case STOP:
		if (c->stats)
			c->stats->settled++;
		return;
	case RESTART: {
		State bare = {0};
		bare.ts = TS_UNACQ;
		bare.fknown = st->fknown;
		bare.fweak = st->fweak;
		memcpy(bare.fval, st->fval, sizeof(bare.fval));
		memcpy(bare.fop, st->fop, sizeof(bare.fop));
		*st = bare;
		break;
	}
	}
	StateRefs *set = &w->at[block];
	st->hash = state_hash(st);
	State *same = find_state(w, block, st);
	if (same) {
		/* a path with all its facts reaches the same state */
		same->forgot &= st->forgot;
		return;
	}
	if (set->n >= c->lim.states_per_block) {
		/* Too many paths: forget the flags (but, while there is room,
		 * those set right after the site's call), then give up on the
		 * path. */
		if (st->fknown)
			site->widened = true;
		uint16_t keep = st->fknown & site->flag_keep;
		uint16_t had = st->fknown;
		st->fknown = set->n < c->lim.states_per_block + 4 ? keep : 0;
		st->forgot |= st->fknown != had;
		st->fweak &= st->fknown;
		st->hash = state_hash(st);
		if (find_state(w, block, st))
			return;
		if (st->fknown) {
			uint16_t weak = st->fweak;
			st->fknown = 0;
			st->fweak = 0;
			st->hash = state_hash(st);
			if (find_state(w, block, st))
				return;
			st->fknown = keep;
			st->fweak = weak;
			st->hash = state_hash(st);
		}
		if (set->n >= c->lim.states_per_block + 8) {
			site->bounded = true;
			return;
		}
	}
	w->spare = NULL;
	avec_push_first(&c->arena, set, st, 2);
	index_state(w, block);
	if (w->head > 0 && w->head >= w->queue.n / 2) {
		memmove(w->queue.v, w->queue.v + w->head,
			sizeof(Work) * (size_t)(w->queue.n - w->head));
		w->queue.n -= w->head;
		w->head = 0;
	}
	Work wk = {block, set->n - 1};
	vec_push(&w->queue, wk);
}

/* Is the step of a branch worth a note on the path (t after the edge;
 * before it, the handle was live or a call's result undecided: `held`,
 * and its typestate was `ts`)?
 * Where the handle is live, and also where a call's result decides
 * whether it took the handle (State.uvar): that is the step that matters.
 * A summary's run reports nothing: no steps.  A reported ownership site
 * (Site.step_rel) leaves out the branches whose edges meet again before
 * anything that concerns its handle, unless the edge tells whether it
 * was acquired (`if (rc != SQLITE_OK) log(...);`): `if (verbose)
 * log(...); else count++;` says nothing of why a stream leaks, and a long
 * function's path would be those notes. */
static bool
steps_here(Ctx *c, Site *site, const IrBlock *b, bool held, uint8_t ts, const State *t)
{
	if (!b->cond.text || !held || (site->quiet && !site->prefix))
		return false;
	if (!site->step_rel || !c->plan || plan_func(c->plan) != site->fn || t->ts != ts)
		return true;         /* the edge says whether it was acquired */
	if (!site->step_memo) {
		site->step_memo = arena_alloc(&c->arena, (size_t)site->fn->blocks.n);
		site->step_budget = 64L * site->fn->blocks.n + 4096;
	}
	uint8_t *m = &site->step_memo[b->id];
	if (*m == 0)
		*m = plan_branch_meets(c->plan, b->id, site->step_rel, &site->step_budget) ? 1 : 2;
	return *m == 1;
}

/* Takes the path on from an edge into block `to`, through blocks that hold
 * no event and lead one way only for it (a `goto`, a test that what the
 * path knows decides), before it enters a block as a state: a switch's
 * cases, lowered as a chain of tests, cost one visit for a path that knows
 * the value, not one per case before its own.  Not in the prefix walk
 * (it keeps what enters each component), and never past the site's
 * block; at most 64 blocks at a time (a loop of such blocks). */
static void
forward(Ctx *c, Site *site, Sets *w, int to, State *t)
{
	for (int hops = 0; hops < 64 && !w->entries && to != site->block; hops++) {
		const IrBlock *nb = site->fn->blocks.v[to];
		if (nb->ev.n > 0)
			break;
		if (nb->term == T_GOTO) {
			to = nb->succ[0];
			continue;
		}
		if (nb->term != T_BRANCH)
			break;
		State e[2];
		bool ok[2];
		for (int k = 0; k < 2; k++) {
			e[k] = *t;
			ok[k] = refine(c, site, &e[k], &nb->cond, k == 0);
		}
		if (!ok[0] && !ok[1])
			return;              /* no way on: the path cannot run */
		if (ok[0] && ok[1])
			break;               /* a real branch: a state of its own */
		int k = ok[0] ? 0 : 1;
		if (steps_here(c, site, nb, state_live(t) || t->uvar, t->ts, &e[k]))
			e[k].path = add_step(c, &e[k], nb->cond.loc,
					     step_text(c, site->fn, nb, k == 0));
		*t = e[k];
		to = nb->succ[k];
	}
	propagate(c, site, w, to, t);
}

static void
run_block(Ctx *c, Site *site, Sets *w, const IrBlock *b, State s)
{
	site->cur_block = b->id;
	w->from = b->id;
	for (int i = 0; i < b->ev.n; i++)
		if (!transfer(c, site, &s, b, i))
			return;              /* a call that does not return */
	switch (b->term) {
	case T_GOTO:
		forward(c, site, w, b->succ[0], &s);
		break;
	case T_BRANCH: {
		bool held = state_live(&s) || s.uvar;
		uint8_t ts = s.ts;
		for (int k = 0; k < 2; k++) {
			/* the second edge takes s itself: one copy less */
			State copy, *t = &s;
			if (k == 0) {
				copy = s;
				t = &copy;
			}
			if (!refine(c, site, t, &b->cond, k == 0))
				continue;
			if (steps_here(c, site, b, held, ts, t))
				t->path = add_step(c, t, b->cond.loc, step_text(c, site->fn, b, k == 0));
			forward(c, site, w, b->succ[k], t);
		}
		break;
	}
	case T_RETURN:
	case T_EXIT:
	case T_LONGJMP:
		/* The protocol says what an end of the path means: a return,
		 * the process ending (reported only with --report-at-exit),
		 * a longjmp. */
		proto_of(site)->exit(c, site, &s, b);
		break;
	case T_NONE:
		break;
	}
}

/* Member flags: p->f (one level, p a local or a parameter) tested by two
 * branches or more (`if (r->path) in = fopen(r->path, "r"); ... if
 * (r->path) fclose(in);`).  Private when p is a local that only packs'
 * functions are given and that is copied nowhere: then a call that is not
 * given it cannot write its members.  chains: instead, members reached
 * through a chain of pointers (`job->opts->path`, by the spelling the
 * condition keeps), last, with the slots left. */
static void
member_flags(Ctx *c, Site *site, bool chains)
{
	const IrFunc *fn = site->fn;
	Access seen[2 * MAX_FLAGS];
	const char *seen_str[2 * MAX_FLAGS];
	int times[2 * MAX_FLAGS], ns = 0;
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		Access a = b->cond.lhs;
		const char *str = a.deep ? b->cond.lhs_str : NULL;
		if (b->term != T_BRANCH || !b->cond.known || !a.deref || !a.field ||
		    a.field[0] == '*' || a.field[0] == '[' || a.deep != chains || (a.deep && !str) ||
		    a.index ||
		    (fn->vars.v[a.var].kind != VAR_LOCAL && fn->vars.v[a.var].kind != VAR_PARAM))
			continue;
		int k = 0;
		while (k < ns && !(acc_same(seen[k], a) && seen_str[k] == str))
			k++;
		if (k == ns) {
			if (ns == 2 * MAX_FLAGS)
				continue;
			seen[ns] = a;
			seen_str[ns] = str;
			times[ns++] = 0;
		}
		times[k]++;
	}
	for (int k = 0; k < ns; k++) {
		if (times[k] < 2)
			continue;
		if (site->nflags >= MAX_FLAGS) {
			site->flags_cut |= !chains;     /* chains: with the slots left */
			return;
		}
		int v = seen[k].var;
		bool private = fn->vars.v[v].kind == VAR_LOCAL;
		for (int i = 0; i < fn->blocks.n && private; i++) {
			const IrBlock *b = fn->blocks.v[i];
			for (int j = 0; j < b->ev.n && private; j++) {
				const IrEvent *e = &b->ev.v[j];
				if (e->kind == EV_ASSIGN && e->src.kind != VAL_INT &&
				    (e->src.kind == VAL_ADDR || e->src.kind == VAL_ACCESS) &&
				    e->src.acc.var == v && (acc_plain(e->src.acc) || e->src.kind == VAL_ADDR))
					private = false;        /* q = p, g = p, &p */
				if (e->kind != EV_CALL)
					continue;
				for (int a = 0; a < e->nargs && private; a++) {
					Value x = e->args[a];
					if ((x.kind == VAL_ACCESS || x.kind == VAL_ADDR) && x.acc.var == v &&
					    (x.kind == VAL_ADDR || acc_plain(x.acc) ||
					     (seen_str[k] && chain_reached(fn, x, seen_str[k]))) &&
					    arg_may_escape(c, e, a))
						private = false;
				}
			}
		}
		site->flag_acc[site->nflags] = seen[k];
		site->flag_str[site->nflags] = seen_str[k];
		site->flag_var[site->nflags] = v;
		if (private)
			site->flag_private |= (uint16_t)(1u << site->nflags);
		site->nflags++;
	}
}

/* Flags: locals set to constants (directly, or copied from a temporary
 * that is, as `ok = (rc == 0)` is lowered) and tested by a branch.  They
 * depend on the function alone, so they are found once for all its sites
 * (a 50,000-statement function with 5,000 sites scanned itself 5,000
 * times) and kept in c->flags until a site of another function runs. */
static void result_flags(Ctx *c, Site *site, const uint8_t *tested);
static void pure_flags(Ctx *c, Site *site, const uint8_t *tested);

/* Does either edge of branch b lead straight to a call the packs know? */
static bool
guards_known_call(Ctx *c, const IrFunc *fn, const IrBlock *b)
{
	for (int j = 0; j < 2; j++) {
		if (b->succ[j] < 0)
			continue;
		const IrBlock *t = fn->blocks.v[b->succ[j]];
		for (int k = 0; k < t->ev.n; k++)
			if (t->ev.v[k].kind == EV_CALL && t->ev.v[k].callee &&
			    engine_lookup(c, t->ev.v[k].callee))
				return true;
	}
	return false;
}

/* The flags scan_flags() finds in a function: they depend on it alone. */
typedef struct FnFlags {
	int n;
	bool cut;
	uint16_t private_, step, pure;
	int var[MAX_FLAGS];
	Access acc[MAX_FLAGS];
	const char *str[MAX_FLAGS];
	const IrEvent *pure_call[MAX_FLAGS];
	const int8_t *pure_of;
} FnFlags;

/* The local or parameter pointer p when the call at ev of block b goes
 * straight into p->f (or p[i]), else -1. */
static int
call_container(const IrFunc *fn, const IrBlock *b, int ev)
{
	const IrEvent *call = &b->ev.v[ev];
	if (call->kind != EV_CALL || !call->has_dst || !acc_plain(call->dst))
		return -1;
	for (int k = ev + 1; k < b->ev.n; k++) {
		const IrEvent *e = &b->ev.v[k];
		if (e->kind != EV_ASSIGN)
			continue;
		if (e->src.kind != VAL_ACCESS || !acc_plain(e->src.acc) ||
		    e->src.acc.var != call->dst.var)
			continue;
		if (!e->dst.deref || e->dst.deep || e->dst.var < 0)
			return -1;
		const IrVar *v = &fn->vars.v[e->dst.var];
		return v->is_pointer && (v->kind == VAR_LOCAL || v->kind == VAR_PARAM)
		       ? e->dst.var : -1;
	}
	return -1;
}

static void
scan_flags(Ctx *c, Site *site)
{
	const IrFunc *fn = site->fn;
	int n = fn->vars.n;
	uint8_t *tested = arena_alloc(&c->arena, (size_t)n + 1);
	uint8_t *constv = arena_alloc(&c->arena, (size_t)n + 1);
	uint8_t *eqtested = arena_alloc(&c->arena, (size_t)n + 1);
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		if (b->term == T_BRANCH && (b->cond.known || b->cond.vs_var) && acc_plain(b->cond.lhs))
			tested[b->cond.lhs.var] = 1;
		if (b->term == T_BRANCH && b->cond.known && acc_plain(b->cond.lhs) &&
		    (b->cond.op == OP_EQ || b->cond.op == OP_NE))
			eqtested[b->cond.lhs.var] = 1;
		if (b->term == T_BRANCH && b->cond.vs_var && acc_plain(b->cond.rhs_acc))
			tested[b->cond.rhs_acc.var] = 1;
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind == EV_ASSIGN && acc_plain(e->dst) && e->src.kind == VAL_INT)
				constv[e->dst.var] = 1;
		}
	}
	plan_once_counters(fn, eqtested);
	site->nflags = 0;
	site->flags_cut = false;
	site->flag_private = 0;
	site->flag_step = 0;
	site->flag_pure = 0;
	site->pure_of = NULL;
	memset(site->flag_acc, 0, sizeof(site->flag_acc));
	memset(site->flag_str, 0, sizeof(site->flag_str));
	/* First, a pointer whose member a call fills (`ptr->con =
	 * pkg_malloc(...)`), tested (`if (!ptr) return; ... err: if (ptr &&
	 * ptr->con) free(ptr->con); if (ptr) free(ptr);`): the tests of the
	 * object that holds a handle are tied before any other's. */
	for (int i = 0; i < fn->blocks.n && site->nflags < MAX_FLAGS / 2; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int k = 0; k < b->ev.n && site->nflags < MAX_FLAGS / 2; k++) {
			int home = call_container(fn, b, k);
			if (home >= 0 && tested[home] && flag_slot(site, home) < 0)
				site->flag_var[site->nflags++] = home;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < fn->blocks.n; i++) {
			const IrBlock *b = fn->blocks.v[i];
			for (int k = 0; k < b->ev.n; k++) {
				const IrEvent *e = &b->ev.v[k];
				if (e->kind != EV_ASSIGN || !acc_plain(e->dst))
					continue;
				int d = e->dst.var;
				int from = e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) ? e->src.acc.var : -1;
				bool cand = pass == 0 ? tested[d] && (constv[d] || (from >= 0 && constv[from]))
						      : flag_slot(site, d) >= 0 && from >= 0 && constv[from];
				int v = pass == 0 ? d : from;
				if (!cand || v < 0 || flag_slot(site, v) >= 0)
					continue;
				if (site->nflags >= MAX_FLAGS) {
					site->flags_cut = true;
					continue;
				}
				const IrVar *iv = &fn->vars.v[v];
				if (iv->kind == VAR_GLOBAL || iv->is_pointer)
					continue;
				/* a counter tested for (in)equality with a
				 * constant, itself (`if (seen == 0)`) or through
				 * a copy (the old value of `found++` in `if
				 * (!found++)`), follows its steps; a loop's
				 * counter, tested against a bound, does not (a
				 * state per value would double the walks) */
				if (eqtested[v] || (pass == 1 && eqtested[d]))
					site->flag_step |= (uint16_t)(1u << site->nflags);
				site->flag_var[site->nflags++] = v;
			}
		}
	}
	/* Then other scalars tested more than once: what a branch learnt about
	 * them holds until they change (`if (cache) ...; if (cache) ...`). */
	uint8_t *times = arena_alloc(&c->arena, (size_t)n + 1);
	const uint8_t *written = params_written(c, fn);
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		if (b->term != T_BRANCH)
			continue;
		/* a parameter the function never writes, or a local pointer,
		 * tested inside a loop right before a call the packs know, is
		 * tested again in each round (`if (connstr) opts =
		 * parse(connstr);` in a retry loop whose next round frees opts;
		 * `if (buf == NULL) buf = create();` in the first round only);
		 * only those: every parameter tested in a loop would make a
		 * state per combination */
		int lhs = b->cond.lhs.var;
		if ((b->cond.known || b->cond.vs_var) && acc_plain(b->cond.lhs) && times[lhs] < 2) {
			const IrVar *lv = &fn->vars.v[lhs];
			bool again = b->loop &&
				     ((lhs < fn->nparams && written && written[lhs] != 0xff) ||
				      (lv->kind == VAR_LOCAL && lv->is_pointer)) &&
				     guards_known_call(c, fn, b);
			times[lhs] += again ? 2 : 1;
		}
		if (b->cond.vs_var && acc_plain(b->cond.rhs_acc) && times[b->cond.rhs_acc.var] < 2)
			times[b->cond.rhs_acc.var]++;
	}
	member_flags(c, site, false);
	/* Locals first, then globals (`if (verbose) ...; if (verbose) ...`):
	 * what is known of a global is forgotten at anything that may write
	 * it (forget_globals). */
	for (int g = 0; g < 3; g++)
		for (int v = 0; v < n; v++) {
			const IrVar *iv = &fn->vars.v[v];
			/* last, with the slots left: local and parameter
			 * pointers tested twice, null or not (`gitfile`
			 * allocated only when `gitdirenv` is set, freed under
			 * `if (gitdirenv)`; an optional out-parameter tested
			 * before the store and again before the free), and
			 * confined statics' (`if (filename) fclose(out); ...
			 * if (filename) out = fopen(filename, "a")`), which
			 * only the unit's functions change */
			bool ptr = g == 2 && iv->is_pointer &&
				   (iv->kind == VAR_LOCAL || iv->kind == VAR_PARAM ||
				    (iv->kind == VAR_GLOBAL && iv->confined));
			if (times[v] < 2 || flag_slot(site, v) >= 0 ||
			    (g < 2 && (iv->kind == VAR_GLOBAL) != g) || (g == 2 && !ptr) ||
			    strcmp(iv->name, "<memory>") == 0 ||
			    iv->kind == VAR_TEMP || (iv->is_pointer && !ptr) || !iv->is_scalar)
				continue;
			if (ptr && site->nflags >= MAX_FLAGS)
				break;
			if (site->nflags >= MAX_FLAGS) {
				site->flags_cut = true;
				break;
			}
			site->flag_var[site->nflags++] = v;
		}
	result_flags(c, site, tested);
	member_flags(c, site, true);
	pure_flags(c, site, tested);
}

/* Last, with the slots left: calls of a pure function (strcmp) made more
 * than once with the same arguments, each tested (`if (strcmp(name, "-")
 * == 0) fd = 1; else fd = open(name, ...); ... if (strcmp(name, "-") !=
 * 0) close(fd);`): one flag for all of them, which each call's result
 * names (Site.pure_of), kept until an argument may change. */
static void
pure_flags(Ctx *c, Site *site, const uint8_t *tested)
{
	const IrFunc *fn = site->fn;
	enum { MAX_PURE = 64 };
	const IrEvent *cand[MAX_PURE];
	int group[MAX_PURE], n = 0;
	for (int i = 0; i < fn->blocks.n && n < MAX_PURE; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int k = 0; k < b->ev.n && n < MAX_PURE; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind != EV_CALL || !e->has_dst || !acc_plain(e->dst) || !e->callee ||
			    !tested[e->dst.var] || fn->vars.v[e->dst.var].kind != VAR_TEMP)
				continue;
			const RuleFn *r = engine_lookup(c, e->callee);
			bool ok = r && r->pure;
			for (int a = 0; ok && a < e->nargs; a++)
				ok = pure_arg(fn, e->args[a]);
			if (!ok)
				continue;
			group[n] = n;
			for (int j = 0; j < n; j++)
				if (group[j] == j && same_call(cand[j], e)) {
					group[n] = j;
					break;
				}
			cand[n++] = e;
		}
	}
	int8_t *of = NULL;
	for (int j = 0; j < n; j++) {
		if (group[j] != j)
			continue;
		int times = 0;
		for (int k = j; k < n; k++)
			times += group[k] == j;
		if (times < 2)
			continue;
		if (site->nflags >= MAX_FLAGS)
			break;                  /* with the slots left, as pointers */
		if (!of)
			of = arena_alloc(&c->sum_arena, (size_t)fn->vars.n + 1);
		int slot = site->nflags++;
		site->flag_var[slot] = cand[j]->dst.var;
		site->flag_acc[slot] = (Access){.var = cand[j]->dst.var};
		site->flag_pure |= (uint16_t)(1u << slot);
		site->pure_call[slot] = cand[j];
		for (int k = j; k < n; k++)
			if (group[k] == j)
				of[cand[k]->dst.var] = (int8_t)(slot + 1);
	}
	site->pure_of = of;
}

/* Last, with the slots left: the result of a call whose returns all
 * satisfy one predicate (retrange.c), tested itself (`if (xopen(...) < 0)`)
 * or through the variable it is copied into (`fd = xopen(...); ... if (fd
 * >= 0)`: that variable's flag, set at the copy). */
static void
result_flags(Ctx *c, Site *site, const uint8_t *tested)
{
	const IrFunc *fn = site->fn;
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind != EV_CALL || !e->has_dst || !acc_plain(e->dst) || !e->callee)
				continue;
			int t = e->dst.var;
			const IrEvent *next = k + 1 < b->ev.n ? &b->ev.v[k + 1] : NULL;
			int into = next && copies_result(e, next) && tested[next->dst.var] &&
				   fn->vars.v[next->dst.var].kind != VAR_GLOBAL ? next->dst.var : -1;
			bool want_t = tested[t] && flag_slot(site, t) < 0;
			bool want_into = into >= 0 && flag_slot(site, into) < 0;
			if (!want_t && !want_into)
				continue;
			if (return_range(c, e->callee).op == OP_NONE)
				continue;
			if (want_t && site->nflags < MAX_FLAGS)
				site->flag_var[site->nflags++] = t;
			if (want_into && site->nflags < MAX_FLAGS)
				site->flag_var[site->nflags++] = into;
		}
	}
}

/* The variable tested by the branch right before the site's block (`if
 * (needCommit) sqlite3_exec(db, "BEGIN", ...)`), or -1. */
static int
guard_of(Ctx *c, const Site *site)
{
	if (!c->plan || plan_func(c->plan) != site->fn || site->block < 0)
		return -1;
	const int *pr;
	if (plan_preds(c->plan, site->block, &pr) != 1)
		return -1;
	const IrBlock *b = site->fn->blocks.v[pr[0]];
	if (b->term != T_BRANCH || !b->cond.known || !acc_plain(b->cond.lhs))
		return -1;
	const IrVar *v = &site->fn->vars.v[b->cond.lhs.var];
	return v->kind == VAR_TEMP || !v->is_scalar ? -1 : b->cond.lhs.var;
}

/* A site of a protocol that does not share the prefix walk (transactions,
 * brackets) in a function with more deciding variables than slots: the
 * variable whose test leads to its call takes the last slot, so that a
 * COMMIT under the same test as the BEGIN is tied to it. */
static void
site_guard_flag(Ctx *c, Site *site)
{
	if (!site->flags_cut || proto_of(site)->shared_prefix || site->nflags < MAX_FLAGS)
		return;
	int v = guard_of(c, site);
	int k = MAX_FLAGS - 1;
	if (v < 0 || flag_slot(site, v) >= 0 || (site->flag_pure >> k & 1))
		return;
	site->flag_var[k] = v;
	site->flag_acc[k] = (Access){0};
	site->flag_str[k] = NULL;
	site->flag_private &= (uint16_t)~(1u << k);
	site->flag_step &= (uint16_t)~(1u << k);
}

/* The flags that say the handle is held, forgotten last when a block has
 * too many states: those set to a constant in the site's block, before or
 * after its call (`fout = PageOutput(...); is_pager = true;`, `gitdirenv =
 * ".git"; gitdir_path = xstrdup(...);`), and the
 * variable whose test leads to the call (`if (want) init(&buf); ... if
 * (want) term(&buf);`). */
static void
site_keep_flags(Ctx *c, Site *site)
{
	site->flag_keep = 0;
	if (site->block < 0 || site->ev < 0)
		return;
	int g = guard_of(c, site);
	int guard = g >= 0 ? flag_slot(site, g) : -1;
	if (guard >= 0)
		site->flag_keep |= (uint16_t)(1u << guard);
	const IrBlock *b = site->fn->blocks.v[site->block];
	for (int k = 0; k < b->ev.n; k++) {
		const IrEvent *e = &b->ev.v[k];
		bool konst = e->src.kind == VAL_INT || e->src.kind == VAL_STR ||
			     e->src.kind == VAL_ADDR || e->src.kind == VAL_FUNC;
		int slot = k != site->ev && e->kind == EV_ASSIGN && acc_plain(e->dst) && konst
			   ? flag_slot(site, e->dst.var) : -1;
		if (slot >= 0)
			site->flag_keep |= (uint16_t)(1u << slot);
	}
}

static void
find_flags(Ctx *c, Site *site)
{
	int fi = fn_index(c, site->fn->name);
	if (fi < 0 || c->u->funcs.v[fi] != site->fn) {
		scan_flags(c, site);            /* not one of the unit's (tests) */
		site_guard_flag(c, site);
		site_keep_flags(c, site);
		return;
	}
	if (!c->flags)
		c->flags = arena_alloc(&c->sum_arena, sizeof(FnFlags *) * (size_t)(c->u->funcs.n + 1));
	FnFlags *f = c->flags[fi];
	if (!f) {
		scan_flags(c, site);
		f = c->flags[fi] = arena_alloc(&c->sum_arena, sizeof(FnFlags));
		*f = (FnFlags){site->nflags, site->flags_cut, site->flag_private, site->flag_step,
			       site->flag_pure, {0}, {{0}}, {0}, {0}, site->pure_of};
		memcpy(f->var, site->flag_var, sizeof(int) * (size_t)site->nflags);
		memcpy(f->acc, site->flag_acc, sizeof(Access) * (size_t)site->nflags);
		memcpy(f->pure_call, site->pure_call, sizeof(f->pure_call));
		memcpy(f->str, site->flag_str, sizeof(f->str));
	}
	site->nflags = f->n;
	site->flags_cut = f->cut;
	site->flag_private = f->private_;
	site->flag_step = f->step;
	site->flag_pure = f->pure;
	site->pure_of = f->pure_of;
	memcpy(site->pure_call, f->pure_call, sizeof(site->pure_call));
	memcpy(site->flag_str, f->str, sizeof(site->flag_str));
	memcpy(site->flag_var, f->var, sizeof(int) * (size_t)f->n);
	memcpy(site->flag_acc, f->acc, sizeof(Access) * (size_t)f->n);
	site_guard_flag(c, site);
	site_keep_flags(c, site);
}

/* A quiet run (a summary; not the prefix walk, which is the function's
 * whole) may hold this share of bytes_per_site of its own, nested ones
 * more each: a summary's walk that grows past it is cut (the summary says
 * "keeps", as for any bound), so that a chain of nested summaries stays
 * far below the bound of the site that asked. */
enum { QUIET_SHARE = 16 };

/* The function's bounds: its visits over all its reported sites (a quiet
 * run computes a summary other functions share: cutting it by what this
 * function spent would make results depend on the order), and the memory
 * of this run with those it is nested in. */
static bool
over_budget(const Ctx *c, const Site *site)
{
	return (!site->quiet && c->lim.steps_per_function > 0 &&
		c->fn_visits >= c->lim.steps_per_function) ||
	       (c->lim.bytes_per_site > 0 && c->held + c->arena.total > c->lim.bytes_per_site) ||
	       (site->quiet && !site->prefix && c->lim.bytes_per_site > 0 &&
		c->arena.total > c->lim.bytes_per_site / QUIET_SHARE);
}

/* Hands the site's violations over: the protocol's flush, or each one its
 * keep() lets through. */
static void
flush(Ctx *c, Site *site)
{
	const Protocol *p = proto_of(site);
	if (p->flush) {
		p->flush(c, site);
	} else {
		for (int i = 0; i < site->pending.n; i++)
			if (!p->keep || p->keep(site, &site->pending.v[i]))
				c->cb(c->cbctx, &site->pending.v[i]);
	}
	site->pending.n = 0;
	site->pending_block.n = 0;
}

/* Runs the queue of w to the fixpoint or a bound; charge: count the visits
 * against the function's budget. */
static void
walk(Ctx *c, Site *site, Sets *w, bool charge)
{
	const IrFunc *fn = site->fn;
	long visits = 0;
	while (w->head < w->queue.n) {
		Work wk = w->queue.v[w->head++];
		if (++visits > c->lim.steps_per_site || over_budget(c, site)) {
			site->bounded = true;
			break;
		}
		if (charge)
			c->fn_visits++;
		run_block(c, site, w, fn->blocks.v[wk.block], *w->at[wk.block].v[wk.index]);
	}
	if (c->stats)
		c->stats->visits += visits;
	vec_free(&w->queue);
}

/* Each variable's flag_slot(), once the site's flags are known: asked of
 * every test and assignment a path meets, a search of the flags each time
 * was a fiftieth of the analysis.  With it, the masks of the flags that
 * are members', globals' and confined statics'.  Like the walk's other
 * indexes (Sets), on the heap, not in the arena whose size bounds the
 * walk (over_budget()): done_walk() frees them. */
static void
index_slots(Site *site)
{
	int n = site->fn->vars.n;
	int8_t *of = xmalloc((size_t)n + 1);
	for (int v = 0; v < n; v++)
		of[v] = (int8_t)(site->pure_of && site->pure_of[v] ? site->pure_of[v] - 1 : -1);
	site->member_slots = 0;
	for (int i = site->nflags - 1; i >= 0; i--)
		if (!acc_plain(site->flag_acc[i]))
			site->member_slots |= (uint16_t)(1u << i);
		else if (site->flag_var[i] >= 0 && site->flag_var[i] < n)
			of[site->flag_var[i]] = (int8_t)i;
	global_slots(site, &site->global_slots, &site->confined_slots);
	site->slot_of = of;
}

static void
done_walk(Site *site, Sets *w, int nblocks)
{
	mem_free((void *)site->slot_of);
	site->slot_of = NULL;
	mem_free(w->dead);
	w->dead = NULL;
	for (int b = 0; b < nblocks; b++)
		mem_free(w->index[b].slot);
	mem_free(w->index);
	w->index = NULL;
}

/* The states in which the paths before any site of proto enter each block
 * from outside its component, in the function planned: one walk from the
 * entry with a site that matches no call, kept until the function is
 * done.  NULL when a bound cut that walk short (the sites then walk from
 * the entry as before). */
static const StateVec *
prefix(Ctx *c, const Site *site, const State *init)
{
	if (c->prefix_proto != site->proto) {
		arena_release(&c->prefix_arena);
		arena_init(&c->prefix_arena);
		c->prefix_proto = site->proto;
		c->prefix_state = 0;
	}
	if (c->prefix_state == 0) {
		Site ph;
		memset(&ph, 0, sizeof(ph));
		ph.proto = site->proto;
		ph.fn = site->fn;
		ph.block = ph.ev = -1;
		ph.quiet = true;
		ph.prefix = true;
		find_flags(c, &ph);
		ph.live_plan = plan_for(c, ph.fn, false);
		size_t nb = (size_t)site->fn->blocks.n;
		Arena keep = c->arena;
		arena_init(&c->arena);
		index_slots(&ph);
		Sets w = {0};
		w.at = arena_alloc(&c->arena, sizeof(*w.at) * nb);
		w.dead = xcalloc(nb, sizeof(*w.dead));
		w.index = xcalloc(nb, sizeof(*w.index));
		w.entries = arena_alloc(&c->prefix_arena, sizeof(*w.entries) * nb);
		w.from = -1;
		propagate(c, &ph, &w, 0, init);
		walk(c, &ph, &w, false);
		done_walk(&ph, &w, (int)nb);
		arena_release(&c->arena);
		c->arena = keep;
		c->prefix = w.entries;
		c->prefix_state = ph.bounded ? 2 : 1;
	}
	return c->prefix_state == 1 ? c->prefix : NULL;
}

/* Where the site's walk starts: where the paths that met no site yet
 * enter its block's component (its block alone when on no cycle), in the
 * states the prefix saw there, when its protocol allows it; else at the
 * entry. */
static void
seed(Ctx *c, Site *site, Sets *w, const State *init)
{
	const Protocol *p = proto_of(site);
	State bare = {0};
	bare.ts = TS_UNACQ;
	w->from = -1;
	if (p->shared_prefix && site->block >= 0 && c->plan && plan_func(c->plan) == site->fn &&
	    state_eq(init, &bare) && init->path == NULL && init->name == NULL) {
		const StateVec *pre = prefix(c, site, init);
		if (pre) {
			const int *blocks;
			int n = plan_scc_blocks(c->plan, site->block, &blocks);
			w->seeded = true;
			for (int k = 0; k < n; k++)
				for (int i = 0; i < pre[blocks[k]].n; i++) {
					/* a path that had to forget flags before
					 * it came here makes the site's walk say so */
					if (pre[blocks[k]].v[i].forgot)
						site->widened = true;
					propagate(c, site, w, blocks[k], &pre[blocks[k]].v[i]);
				}
			if (c->stats)
				c->stats->seeded++;
			return;
		}
	}
	propagate(c, site, w, 0, init);
}

/* A summary's quiet run also follows the locals its returns give when
 * they were assigned constants (`rc = 0; ... return rc;`, `return ok ? 0 :
 * -1`), so that its exits know what they return (Site.ret_sign).  Only
 * for runs no prefix seeds: those share the function's flags. */
static void
return_flags(Site *site)
{
	const IrFunc *fn = site->fn;
	for (int i = 0; i < fn->blocks.n && site->nflags < MAX_FLAGS; i++) {
		const IrBlock *b = fn->blocks.v[i];
		if (b->term != T_RETURN || b->ret.kind != VAL_ACCESS || !acc_plain(b->ret.acc))
			continue;
		int v = b->ret.acc.var;
		const IrVar *iv = &fn->vars.v[v];
		if (flag_slot(site, v) >= 0 || iv->is_pointer ||
		    (iv->kind != VAR_LOCAL && iv->kind != VAR_TEMP))
			continue;
		bool konst = false;
		for (int j = 0; j < fn->blocks.n && !konst; j++) {
			const IrBlock *a = fn->blocks.v[j];
			for (int k = 0; k < a->ev.n && !konst; k++)
				konst = a->ev.v[k].kind == EV_ASSIGN && a->ev.v[k].dst.var == v &&
					acc_plain(a->ev.v[k].dst) && a->ev.v[k].src.kind == VAL_INT;
		}
		if (konst) {
			site->flag_acc[site->nflags] = (Access){0};
			site->flag_var[site->nflags++] = v;
		}
	}
}

static void
or_set(uint64_t *to, const uint64_t *from, int words)
{
	if (from)
		for (int j = 0; j < words; j++)
			to[j] |= from[j];
}

/* The variables a copy from which makes a flag known (plan_informed()):
 * the function's flags, and the results of calls whose returns all
 * satisfy one predicate (result_flags(): `fd = xopen(...)`).  The same for
 * all the ownership sites of the function planned. */
static const uint64_t *
flag_sources(Ctx *c, const Site *site)
{
	if (!site->quiet && c->flag_srcs_plan == c->plan)
		return c->flag_srcs;
	const IrFunc *fn = site->fn;
	/* a summary's (its own flags, returned ones too): for its walk */
	Arena *a = site->quiet ? &c->arena : plan_arena(c->plan);
	uint64_t *set = arena_alloc(a, sizeof(uint64_t) * (size_t)(fn->vars.n / 64 + 1));
	for (int k = 0; k < site->nflags; k++)
		if (site->flag_var[k] >= 0 && site->flag_var[k] < fn->vars.n)
			set[site->flag_var[k] >> 6] |= (uint64_t)1 << (site->flag_var[k] & 63);
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			int d = e->dst.var;
			if (e->kind == EV_CALL && e->has_dst && acc_plain(e->dst) && e->callee &&
			    d >= 0 && d < fn->vars.n && return_range(c, e->callee).op != OP_NONE)
				set[d >> 6] |= (uint64_t)1 << (d & 63);
		}
	}
	if (site->quiet)
		return set;
	c->flag_srcs = set;
	c->flag_srcs_plan = c->plan;
	return set;
}

/* Which flags of a reported ownership site can decide anything about its
 * handle (Site.flag_use).  The handle goes only where plan_flow() says
 * values go from where it starts (the acquiring call's result, the
 * arguments it fills, an init state's places); what decides something
 * about it is a branch from whose edges a block that names such a
 * variable, ends the function or (when a global may hold it) makes a call
 * is reached before the edges meet again.  A flag is kept when one of its
 * tests that may find it known (plan_informed()) is such a branch; then
 * the blocks that name it count too, and a flag copied into a kept one is
 * kept, until nothing changes.  A flag no such
 * test reads only splits the walk into paths that do the same to the
 * handle (300 handles each tested for NULL in one function made every
 * site follow every other handle's tests).  The blocks found so
 * (Site.step_rel) also say which branches are steps of its paths
 * (steps_here()), with flags or without. */
static void
site_flag_use(Ctx *c, Site *site, const State *init)
{
	site->flag_masked = false;
	site->flag_use = 0;
	site->step_rel = NULL;
	site->step_memo = NULL;
	/* asked first: it may summarise helpers */
	bool cleans = !site->quiet && !site->prefix && proto_of(site) == &ownership_protocol &&
		      fn_cleans_members(c, site->fn);
	Plan *plan = site->quiet ? plan_for(c, site->fn, true) : c->plan;
	if (site->prefix || !plan || plan_func(plan) != site->fn ||
	    proto_of(site) != &ownership_protocol)
		return;
	const IrFunc *fn = site->fn;
	int words = plan_words(plan);
	uint64_t *rel = arena_alloc(&c->arena, sizeof(uint64_t) * (size_t)words);
	int seeds[MAX_ALIAS + 64], ns = 0;
	if (site->block >= 0 && site->ev >= 0) {
		const IrEvent *e = &fn->blocks.v[site->block]->ev.v[site->ev];
		rel[site->block >> 6] |= (uint64_t)1 << (site->block & 63);
		bool all = site->acq && site->acq->kind && site->acq->kind->in_place;
		if (e->has_dst)
			seeds[ns++] = e->dst.var;
		for (int k = 0; k < e->nargs && ns < 64; k++) {
			Value v = e->args[k];
			if ((v.kind == VAL_ADDR || v.kind == VAL_ACCESS) &&
			    (v.kind == VAL_ADDR || all || (site->acq && site->acq->out_arg == k)))
				seeds[ns++] = v.acc.var;
		}
	}
	for (int i = 0; i < init->nalias; i++)
		seeds[ns++] = init->alias[i].var;
	bool global = plan_flow(plan, seeds, ns, rel);
	or_set(rel, plan_ends(plan, global), words);
	const uint64_t *flagvars = site->nflags ? flag_sources(c, site) : NULL;
	uint16_t use = site->flag_pure, marked = 0, before;
	/* a summary reads the sign of what its paths return: the flags of
	 * returned variables are kept; so does a site of a function whose
	 * error paths clean up a parameter's member (left_on_error()) */
	bool rets = site->quiet || cleans;
	for (int i = 0; rets && i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		int k = b->term == T_RETURN && b->ret.kind == VAL_ACCESS ? flag_slot(site, b->ret.acc.var) : -1;
		if (k >= 0)
			use |= (uint16_t)(1u << k);
	}
	do {
		before = use;
		for (int k = 0; k < site->nflags; k++)
			if ((use & ~marked) >> k & 1)
				or_set(rel, plan_var_blocks(plan, site->flag_var[k]), words);
		marked = use;
		for (int k = 0; k < site->nflags; k++) {
			if (use >> k & 1)
				continue;
			/* a flag copied into one kept (`t = found++`, `again =
			 * %t`) is kept too */
			for (int j = 0; j < site->nflags && !(use >> k & 1); j++)
				if ((marked >> j & 1) && plan_copies(plan, site->flag_var[k], site->flag_var[j]))
					use |= (uint16_t)(1u << k);
			/* only a test that may find the flag known gains
			 * from it (a member flag's writes are not followed
			 * here: all its tests) */
			const uint64_t *tests = acc_plain(site->flag_acc[k])
						? plan_informed(plan, site->flag_var[k], flagvars) : NULL;
			if (!(use >> k & 1) && plan_tests_meet(plan, site->flag_var[k], tests, rel))
				use |= (uint16_t)(1u << k);
		}
	} while (use != before);
	site->flag_use = use;
	site->flag_masked = site->nflags > 0;
	site->step_rel = site->quiet ? NULL : rel;   /* a summary has no notes */
}

static void
run_fixpoint(Ctx *c, Site *site, const State *init)
{
	const IrFunc *fn = site->fn;
	find_flags(c, site);
	if (site->quiet && (site->block < 0 || !proto_of(site)->shared_prefix))
		return_flags(site);
	site->live_plan = plan_for(c, fn, false);
	index_slots(site);
	site_flag_use(c, site, init);
	Sets w = {0};
	w.at = arena_alloc(&c->arena, sizeof(*w.at) * (size_t)fn->blocks.n);
	w.dead = xcalloc((size_t)fn->blocks.n, sizeof(*w.dead));
	w.index = xcalloc((size_t)fn->blocks.n, sizeof(*w.index));
	seed(c, site, &w, init);
	walk(c, site, &w, true);
	done_walk(site, &w, fn->blocks.n);
	flush(c, site);
	if (site->flags_cut && !site->quiet && !c->fn_noted[2]) {
		/* once per function: more variables decide its paths than the
		 * slots a state has for them */
		c->fn_noted[2] = true;
		Violation v = {0};
		v.kind = V_BOUND;
		v.fn = fn;
		v.where = fn->loc;
		v.acquired = site->loc;
		v.acquirer = site->acquirer;
		v.how = "slots";
		c->cb(c->cbctx, &v);
	}
	if ((site->bounded || site->widened) && !site->quiet && !c->fn_noted[!site->bounded]) {
		/* once per function: the first site a bound cut short names it */
		bool first = !c->fn_noted[0] && !c->fn_noted[1];
		c->fn_noted[!site->bounded] = true;
		Violation v = {0};
		v.kind = V_BOUND;
		v.fn = fn;
		v.where = fn->loc;
		v.acquired = site->loc;
		v.acquirer = site->acquirer;
		v.how = site->bounded ? NULL : "flags";
		c->cb(c->cbctx, &v);
		if (c->stats && first)
			c->stats->bounded++;
	}
}

/* One site from init to the fixpoint, then its findings.  The run has an
 * arena of its own, freed when it is done: a run nested in another (a
 * summary asked for mid-path) or following one (a wrapper's sites) does not
 * pile up on it. */
void
run_site(Ctx *c, Site *site, const State *init)
{
	Arena outer = c->arena;
	c->held += outer.total;
	arena_init(&c->arena);
	run_fixpoint(c, site, init);
	if (c->stats && c->held + c->arena.total > c->stats->peak_bytes)
		c->stats->peak_bytes = c->held + c->arena.total;
	arena_release(&c->arena);
	c->held -= outer.total;
	c->arena = outer;
}

/* ---- driving ------------------------------------------------------------------- */

void
engine_limits_default(EngineLimits *lim)
{
	*lim = (EngineLimits){0};   /* no table, no report at exit */
	lim->states_per_block = 64;
	lim->steps_per_site = 200000;
	lim->steps_per_function = 4000000;
	lim->bytes_per_site = (size_t)256 << 20;
}

static void
ctx_init(Ctx *c, const IrUnit *u, const Rules *rules, const EngineLimits *lim,
	 ViolationFn cb, void *cbctx, EngineStats *stats)
{
	memset(c, 0, sizeof(*c));
	c->u = u;
	c->rules = rules;
	if (lim)
		c->lim = *lim;
	else
		engine_limits_default(&c->lim);
	c->cb = cb;
	c->cbctx = cbctx;
	c->stats = stats;
	arena_init(&c->arena);
	arena_init(&c->sum_arena);
	arena_init(&c->prefix_arena);
	c->decl = declared_rules_new(rules, u);
	Diag d;
	diag_init(&d, stderr);
	c->sqlm = rules ? sql_matcher_new(rules, &d) : NULL;
	c->sums = xcalloc((size_t)u->funcs.n + 1, sizeof(Summary));
	bind_macros(c);
}

static void
ctx_release(Ctx *c)
{
	arena_release(&c->arena);
	arena_release(&c->sum_arena);
	arena_release(&c->prefix_arena);
	plan_free(c->plan);
	drop_plans(c);
	mem_free(c->fplans);
	vec_free(&c->fplans_made);
	declared_rules_free(c->decl);
	sql_matcher_free(c->sqlm);
	mem_free(c->sums);
	vec_free(&c->entry_facts);
	answers_free(c->answers);
}

/* The protocols, in the order their sites run for one call. */
static const Protocol *const protocols[] = {
	&txn_protocol, &ownership_protocol, &bracket_protocol
};

static void
analyse_function(Ctx *c, const IrFunc *fn)
{
	c->fn_visits = 0;
	c->fn_noted[0] = c->fn_noted[1] = c->fn_noted[2] = false;
	plan_free(c->plan);
	c->plan = plan_new(fn);
	c->flag_srcs_plan = NULL;
	c->step_texts_plan = NULL;
	c->prefix_proto = NULL;
	for (int p = 0; p < (int)(sizeof(protocols) / sizeof(protocols[0])); p++)
		if (protocols[p]->fn_sites)
			protocols[p]->fn_sites(c, fn);
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			for (int p = 0; p < (int)(sizeof(protocols) / sizeof(protocols[0])); p++)
				protocols[p]->sites(c, fn, bi, i);
		}
	}
	null_releases(c, fn);
	drop_plans(c);
}

/* The unit's summaries' text from c's memo (summary.c), allocated. */
static char *
summary_text(Ctx *c)
{
	char *text = NULL, *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f) {
		export_summaries(c, f);
		if (fclose(f) == 0)
			out = xstrdup(text);
	}
	free(text);                     /* open_memstream's, not the seam's */
	return out;
}

/* Every function of c's unit marked `analyse`, then (summary non-NULL)
 * the unit's summaries from the same memo. */
static void
run_unit(Ctx *c, EngineStats *stats, char **summary)
{
	const IrUnit *u = c->u;
	for (int i = 0; i < u->funcs.n; i++) {
		const IrFunc *fn = u->funcs.v[i];
		if (!fn->analyse)
			continue;
		if (stats)
			stats->functions++;
		analyse_function(c, fn);
	}
	driver_tables(c);
	if (summary) {
		c->lim.program = NULL;  /* what the unit alone says */
		*summary = summary_text(c);
	}
}

void
engine_run_summary(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
		   ViolationFn cb, void *cbctx, EngineStats *stats, char **summary,
		   char **answers)
{
	Ctx c;
	ctx_init(&c, u, rules, lim, cb, cbctx, stats);
	if (answers) {
		c.answers = answers_new();
		ask_members(&c);
	}
	run_unit(&c, stats, summary);
	if (answers)
		*answers = answers_text(c.answers);
	ctx_release(&c);
}

bool
engine_run_alone(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
		 ViolationFn cb, void *cbctx, EngineStats *stats, char **summary,
		 char **answers)
{
	Ctx c;
	ctx_init(&c, u, rules, lim, cb, cbctx, stats);
	if (answers)
		c.answers = answers_new();
	bool whole = !unit_calls_out(&c);
	if (whole) {
		run_unit(&c, stats, summary);
	} else {
		c.lim.program = NULL;
		*summary = summary_text(&c);
	}
	if (answers)
		*answers = answers_text(c.answers);
	ctx_release(&c);
	return whole;
}

void
engine_run(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
	   ViolationFn cb, void *cbctx, EngineStats *stats)
{
	engine_run_summary(u, rules, lim, cb, cbctx, stats, NULL, NULL);
}

static void
no_report(void *ctx, const Violation *v)
{
	(void)ctx;
	(void)v;
}

void
engine_program_changes(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
		       const struct ProgSnap *before, bool *changed)
{
	Ctx c;
	ctx_init(&c, u, rules, lim, no_report, NULL, NULL);
	program_changes(&c, before, NULL, changed);
	ctx_release(&c);
}

char *
engine_program_summary(const IrUnit *u, const Rules *rules, const EngineLimits *lim)
{
	return engine_program_resummary(u, rules, lim, NULL, NULL, NULL, NULL, NULL);
}

char *
engine_program_resummary(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
			 const struct ProgSnap *before, const char *old,
			 const char *old_answers, int *kept, char **answers)
{
	Ctx c;
	ctx_init(&c, u, rules, lim, no_report, NULL, NULL);
	bool *changed = NULL;
	if (answers)
		c.answers = answers_new();
	if (old) {
		changed = xcalloc((size_t)u->funcs.n + 1, sizeof(bool));
		/* with c.answers, keeps the old answers the table still gives */
		program_changes(&c, before, old_answers, changed);
		c.old_text = old;
		c.changed = changed;
	}
	char *out = summary_text(&c);
	if (kept)
		*kept = c.kept_lines;
	if (answers)
		*answers = answers_text(c.answers);
	mem_free(changed);
	ctx_release(&c);
	return out;
}

bool
engine_answers_hold(const char *answers, const struct ProgSums *t)
{
	return answers && answers_hold(answers, t);
}

SummaryEffect
engine_summary(const IrUnit *u, const Rules *rules, const char *fn, int param,
	       bool deref)
{
	int fi = ir_func_index(u, fn);
	if (fi < 0)
		return SUM_KEEPS;
	Ctx c;
	ctx_init(&c, u, rules, NULL, no_report, NULL, NULL);
	Pred when;
	SummaryEffect e = summarize_when(&c, u->funcs.v[fi], param, deref, &when);
	ctx_release(&c);
	return e;
}
