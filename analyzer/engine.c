/* SPDX-License-Identifier: MIT */
/*
 * The analysis of one allocation site is a worklist fixpoint over
 * (block, state) pairs.  States are small fixed-size values; each block
 * keeps the set of distinct states that reached it, so a loop is walked
 * until no new state appears.  Transfer functions never split a state:
 * splitting happens only at branches, where the condition may refine the
 * handle (NULL test, failure value), its status variable, or a flag.
 */
#include <stdint.h>
#include <string.h>
#include "engine_int.h"

/* ---- reporting ------------------------------------------------------------ */

/* A handle written through an out-parameter whose call's success was never
 * tested and that was never used: the path is most likely the failure path,
 * tested in a way we cannot read (sql_check_error(db, rc)). */
static bool
unproven(const Site *site, const State *s)
{
	return site->acq && site->acq->out_arg >= 0 && site->success.op != OP_NONE &&
	       s->ts == TS_MAYBE && !s->used;
}

void
violate(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how)
{
	if (site->quiet)
		return;
	if ((kind == V_LOST_EXIT || kind == V_LOST_SCOPE || kind == V_LOST_OVERWRITE ||
	     kind == V_LOST_DISCARD) && unproven(site, s))
		return;
	Violation v = {0};
	v.kind = kind;
	v.fn = site->fn;
	v.rkind = site->acq ? site->acq->kind : NULL;
	v.acquirer = site->acquirer;
	v.acquired = site->loc;
	v.name = s->name;
	v.where = where;
	v.how = how;
	v.first = s->released;
	v.path = s->path;
	v.thread = s->handed;
	v.routine = s->routine;
	v.thread_owns = handoff_owns(s);
	v.txn = site->txn;
	v.to_thread = site->to_thread;
	v.released_as = site->released_as;
	v.exit_how = site->exit_how;
	if (site->proto && site->proto->raise && !site->proto->raise(site, s, &v))
		return;
	for (int i = 0; i < site->reported.n; i++) {
		Loc r = site->reported.v[i];
		if (r.line == where.line && r.col == where.col && r.file == where.file)
			return;
	}
	avec_push(&c->arena, &site->reported, where);
	avec_push(&c->arena, &site->pending, v);
	avec_push(&c->arena, &site->pending_block, site->cur_block);
}

static void
lose(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how)
{
	violate(c, site, s, kind, where, how);
	s->ts = TS_LOST;
	s->nalias = 0;
	s->nstatus = 0;
}

/* Drops aliases rooted at var (all of them, or only those equal to `only`). */
static void
forget(Ctx *c, Site *site, State *s, int var, const Access *only, ViolKind kind,
       Loc where, const char *how)
{
	bool had = false;
	for (int i = 0; i < s->nalias;) {
		Access a = s->alias[i];
		bool hit = a.var == var && (!only || acc_same(a, *only) ||
			   (acc_plain(*only) && !a.deref));
		if (hit) {
			alias_del_at(s, i);
			had = true;
		} else {
			i++;
		}
	}
	status_del(s, var);
	if (had && s->nalias == 0 && state_live(s))
		lose(c, site, s, kind, where, how);
}

/* ---- transfer --------------------------------------------------------------- */

typedef enum Effect { FX_NONE, FX_RELEASE, FX_ESCAPE } Effect;

/* Does the function hand out a handle through argument i? */
static bool
writes_out(const RuleFn *r, int i)
{
	for (const RuleAcquire *a = r->acquire; a; a = a->next)
		if (a->out_arg == i)
			return true;
	return false;
}

/* The member of a struct argument that holds the handle: v.f when &v is
 * passed, p->f when p is; NULL if none is known. */
static const char *
inside_field(const State *s, Value arg)
{
	for (int k = 0; k < s->nalias; k++) {
		Access a = s->alias[k];
		if (a.var != arg.acc.var || !a.field || a.field[0] == '*' || a.index || a.deep)
			continue;
		if ((arg.kind == VAL_ADDR && !a.deref) || (arg.kind == VAL_ACCESS && a.deref))
			return a.field;
	}
	return NULL;
}

/* Is argument i consumed by a %z conversion of the format argument? */
static bool
z_argument(const IrEvent *e, int fmt_arg, int i)
{
	if (fmt_arg < 0 || fmt_arg >= e->nargs || e->args[fmt_arg].kind != VAL_STR)
		return false;
	int next = fmt_arg + 1;
	for (const char *p = e->args[fmt_arg].str; *p; p++) {
		if (*p != '%')
			continue;
		if (*++p == '%')
			continue;
		for (; *p && strchr("-+ #0123456789.*!,", *p); p++)
			if (*p == '*')
				next++;         /* width or precision from an argument */
		while (*p && strchr("lhqjLt", *p))
			p++;
		if (*p == 'z' && p[1] && strchr("diouxX", p[1]))
			p++;                    /* C's size_t modifier: %zu */
		else if (*p == 'z' && next == i)
			return true;            /* sqlite's %z: frees its argument */
		if (!*p)
			break;
		next++;
	}
	return false;
}

static Effect
call_effect(Ctx *c, const IrEvent *e, const RuleFn *r, int i, Match m,
	    const IrFunc *fn, const State *s)
{
	if (r && r->release && r->release->zformat)
		return m == M_DIRECT && z_argument(e, r->release->zformat - 1, i) ? FX_RELEASE
										 : FX_NONE;
	if (r) {
		if (r->release && r->release->arg == i &&
		    (m == M_DIRECT || (m == M_ADDR && e->args[i].acc.var >= 0 &&
		     fn->vars.v[e->args[i].acc.var].is_aggregate)))
			return FX_RELEASE;
		if (rules_keeps_arg(r, i))
			return FX_ESCAPE;
		if (r->thread && r->thread->role == THREAD_SPAWN && r->thread->data_arg == i)
			return FX_ESCAPE;
		/* a library function the packs know: it keeps nothing it is not
		 * said to keep */
		return FX_NONE;
	}
	if (!e->callee)
		return FX_ESCAPE;
	int fi = func_index(c->u, e->callee);
	if (fi < 0)
		return FX_ESCAPE;
	const IrFunc *callee = c->u->funcs.v[fi];
	if (i >= callee->nparams)
		return FX_ESCAPE;               /* variadic part */
	SummaryEffect se;
	if (m == M_INSIDE) {
		const char *field = inside_field(s, e->args[i]);
		if (!field)
			return FX_ESCAPE;
		se = summarize_field(c, callee, i, field);
	} else {
		se = summarize(c, callee, i, m == M_ADDR);
	}
	return se == SUM_RELEASES ? FX_RELEASE : se == SUM_BORROWS ? FX_NONE : FX_ESCAPE;
}

static void
release(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleRelease *rel)
{
	if (rel && rel->kind && site->acq && site->acq->kind && rel->kind != site->acq->kind &&
	    state_live(s)) {
		site->released_as = rel->kind;
		violate(c, site, s, V_MISMATCHED_RELEASE, e->loc, e->callee);
		site->released_as = NULL;
	}
	if (handoff_release(c, site, s, e))
		return;
	if (s->ts == TS_ESCAPED) {
		return;
	}
	if (s->ts == TS_RELEASED) {
		violate(c, site, s, V_DOUBLE_RELEASE, e->loc, e->callee);
		return;
	}
	if (state_live(s)) {
		s->ts = TS_RELEASED;
		s->released = e->loc;
		if (site->loop && !site->late_release.line &&
		    !in_loop(site->fn, site->cur_block, site->loop))
			site->late_release = e->loc;
	}
}

static void
start_instance(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	const RuleAcquire *a = site->acq;
	s->ts = TS_MAYBE;
	s->nalias = 0;
	s->nstatus = 0;
	s->path = NULL;
	s->nsteps = 0;
	s->name = NULL;
	s->used = 0;
	if (a->null_arg && (a->null_arg > e->nargs || e->args[a->null_arg - 1].kind != VAL_INT ||
			    e->args[a->null_arg - 1].ival != 0)) {
		s->ts = TS_UNACQ;       /* mysql_init(ptr): the caller's object */
		return;
	}
	if (a->out_arg < 0) {
		if (e->has_dst)
			alias_add(s, e->dst);
		else
			s->ts = TS_UNACQ;       /* void call? nothing to track */
		return;
	}
	if (a->out_arg >= e->nargs) {
		s->ts = TS_UNACQ;
		return;
	}
	Value out = e->args[a->out_arg];
	if (out.kind == VAL_ADDR) {
		Access target = out.acc;
		alias_add(s, target);
		if (target.var >= 0 && site->fn->vars.v[target.var].kind != VAR_TEMP)
			s->name = site->fn->vars.v[target.var].name;
	} else if (out.kind == VAL_ACCESS) {
		/* Written through a pointer variable: where it points is unknown. */
		s->ts = TS_ESCAPED;
		return;
	} else {
		s->ts = TS_UNACQ;
		return;
	}
	if (e->has_dst && site->success.op != OP_NONE)
		status_add(s, e->dst.var, S_CODE);
	/* The out variable's own storage may outlive the call. */
	const IrVar *v = &site->fn->vars.v[out.acc.var];
	if (v->kind == VAR_GLOBAL || out.acc.deref || out.acc.deep || out.acc.index ||
	    (v->kind == VAR_PARAM && !acc_plain(out.acc)))
		s->ts = TS_ESCAPED;
}

/* Returns false when the path ends here (a call that does not return). */
static bool
transfer_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site)
{
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	const IrFunc *fn = site->fn;
	handoff_call(c, site, s, e, r);
	if (s->ts == TS_ESCAPED && handoff_active(s)) {
		/* handed to a thread: only a release says anything now */
		for (int i = 0; i < e->nargs; i++)
			if (r && r->release && r->release->arg == i &&
			    match_value(s, fn, e->args[i]) == M_DIRECT)
				release(c, site, s, e, r->release);
	}
	if (s->ts != TS_UNACQ && s->ts != TS_LOST && s->ts != TS_ESCAPED) {
		for (int i = 0; i < e->nargs; i++) {
			Match m = match_value(s, fn, e->args[i]);
			if (m == M_NONE)
				continue;
			/* Passed as the out-argument of an acquirer: overwritten. */
			if (r && writes_out(r, i) && m == M_ADDR) {
				if (!is_site || state_live(s)) {
					Access target = e->args[i].acc;
					forget(c, site, s, target.var, &target, V_LOST_OVERWRITE,
					       e->loc, fn->vars.v[target.var].name);
				}
				continue;
			}
			if (s->ts == TS_NULL)
				continue;
			s->used = 1;
			Effect fx = call_effect(c, e, r, i, m, fn, s);
			if (fx == FX_RELEASE && r && r->release && r->release->on_success &&
			    r->acquire && r->acquire->out_arg < 0 && !r->release->zformat &&
			    e->has_dst && state_live(s)) {
				/* fdopen(fd): the stream owns fd only if it was made */
				s->upre = s->ts;
				s->uvar = (int16_t)(e->dst.var + 1);
				release(c, site, s, e, r->release);
			} else if (fx == FX_RELEASE) {
				release(c, site, s, e, r ? r->release : NULL);
				/* helper(&res) released *res: what res holds now is
				 * whatever the helper put there (NULL, a new result) */
				for (int k = 0; m == M_ADDR && !r && k < s->nalias;) {
					if (acc_same(s->alias[k], e->args[i].acc))
						alias_del_at(s, k);
					else
						k++;
				}
			}
			else if (s->ts == TS_RELEASED && m == M_DIRECT) {
				violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, e->callee);
				s->ts = TS_LOST;        /* one report per path is enough */
				s->nalias = 0;
			}
			else if (fx == FX_ESCAPE && s->ts != TS_RELEASED) {
				s->ts = TS_ESCAPED;
				break;
			}
		}
	}
	/* memcpy(dst, ...) returns dst: the result holds it too */
	if (r && r->passes && e->has_dst && r->passes - 1 < e->nargs && state_live(s) &&
	    match_value(s, fn, e->args[r->passes - 1]) == M_DIRECT)
		alias_add(s, e->dst);
	if (is_site && !state_live(s))
		start_instance(c, site, s, e);
	if ((r && r->noreturn) || (!r && never_returns(c, e->callee)))
		return false;
	return true;
}

static bool
outlives(const IrFunc *fn, Access a)
{
	const IrVar *v = &fn->vars.v[a.var];
	return v->kind == VAR_GLOBAL || a.deref || a.index || a.deep;
}

/* What an assignment does to the flags (any protocol). */
static void
flags_assign(Site *site, State *s, const IrEvent *e)
{
	Access dst = e->dst;
	int slot = acc_plain(dst) ? flag_slot(site, dst.var) : -1;
	int from = e->src.kind == VAL_ACCESS && acc_plain(e->src.acc)
		   ? flag_slot(site, e->src.acc.var) : -1;
	if (slot >= 0) {
		if (e->src.kind == VAL_INT) {
			s->fknown |= (uint8_t)(1u << slot);
			s->fval[slot] = e->src.ival;
			s->fop[slot] = OP_EQ;
		} else if (from >= 0 && (s->fknown >> from & 1)) {
			s->fknown |= (uint8_t)(1u << slot);
			s->fval[slot] = s->fval[from];
			s->fop[slot] = s->fop[from];
		} else {
			s->fknown &= (uint8_t)~(1u << slot);
			s->fval[slot] = 0;
			s->fop[slot] = 0;
		}
	}
}

/* What an assignment does to the handle: aliases, status variables. */
void
own_assign(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	const IrFunc *fn = site->fn;
	Access dst = e->dst;
	if (s->uvar && acc_plain(dst)) {
		if (e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
		    e->src.acc.var + 1 == s->uvar)
			s->uvar = (int16_t)(dst.var + 1);
		else if (dst.var + 1 == s->uvar)
			s->uvar = 0;
	}
	handoff_assign(s, e);
	if (s->ts == TS_UNACQ || s->ts == TS_LOST || s->ts == TS_ESCAPED)
		return;
	Match m = match_value(s, fn, e->src);
	bool src_status = e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
			  status_has(s, e->src.acc.var);
	/* What held the handle at dst no longer does. */
	State before = *s;
	bool somewhere = dst.field && dst.field[0] == '*';  /* {..} initializers */
	for (int i = 0; i < s->nalias && !somewhere;) {
		Access a = s->alias[i];
		if (a.var == dst.var && (acc_same(a, dst) || (acc_plain(dst) && !a.deref)))
			alias_del_at(s, i);
		else
			i++;
	}
	if (acc_plain(dst))
		status_del(s, dst.var);
	if (m != M_NONE && s->ts != TS_NULL && s->ts != TS_RELEASED) {
		if (m == M_ADDR || outlives(fn, dst) ||
		    fn->vars.v[dst.var].kind == VAR_GLOBAL) {
			/* job->conn = conn: remember it, a thread may get job */
			if (fn->vars.v[dst.var].kind == VAR_LOCAL && m != M_ADDR)
				alias_add(s, dst);
			s->ts = TS_ESCAPED;
			return;
		}
		Access na = dst;
		if (m == M_INSIDE) {
			/* a struct copied whole: the copy holds it too */
			for (int i = 0; i < before.nalias; i++)
				if (before.alias[i].var == e->src.acc.var && !acc_plain(before.alias[i])) {
					na = before.alias[i];
					na.var = dst.var;
					if (!alias_add(s, na))
						s->ts = TS_ESCAPED;
				}
		} else if (!alias_add(s, na)) {
			s->ts = TS_ESCAPED;
		}
		if (!s->name && fn->vars.v[dst.var].kind != VAR_TEMP)
			s->name = dst.field && dst.field[0] != '*' && !dst.deep
				  ? arena_printf(&c->arena, "%s%s%s", fn->vars.v[dst.var].name,
						 dst.deref ? "->" : ".", dst.field)
				  : fn->vars.v[dst.var].name;
	} else if (m != M_NONE) {
		alias_add(s, dst);
	}
	if (src_status && acc_plain(dst))
		status_add(s, dst.var, status_has(&before, e->src.acc.var) - 1);
	if (before.nalias > 0 && s->nalias == 0 && state_live(s)) {
		violate(c, site, &before, V_LOST_OVERWRITE, e->loc, fn->vars.v[dst.var].name);
		s->ts = TS_LOST;
		s->nstatus = 0;
	}
}

/* A variable dies: the handle it held may be lost with it. */
void
own_kill(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	handoff_kill(s, e->var);
	if (s->uvar == e->var + 1)
		s->uvar = 0;
	if (s->ts == TS_UNACQ || s->ts == TS_LOST)
		return;
	bool temp = site->fn->vars.v[e->var].kind == VAR_TEMP;
	forget(c, site, s, e->var, NULL, temp ? V_LOST_DISCARD : V_LOST_SCOPE,
	       e->loc, site->fn->vars.v[e->var].name);
}

/* A dereference: a use, after a release a use after it. */
void
own_use(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	if (state_live(s) && match_value(s, site->fn, e->src) != M_NONE)
		s->used = 1;
	if (s->ts == TS_RELEASED && match_value(s, site->fn, e->src) == M_DIRECT) {
		violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, NULL);
		s->ts = TS_LOST;
		s->nalias = 0;
	}
}

/* Does the path go on after call e?  Not after a function the packs say
 * does not return, nor after one of the unit none of whose paths does. */
bool
engine_returns(Ctx *c, const IrEvent *e)
{
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	return !((r && r->noreturn) || (!r && never_returns(c, e->callee)));
}

/* An event for a site of a protocol: the core keeps the flags. */
static bool
transfer_proto(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site)
{
	const Protocol *p = site->proto;
	switch (e->kind) {
	case EV_CALL:
		return p->call(c, site, s, e, is_site);
	case EV_ASSIGN:
		flags_assign(site, s, e);
		if (p->assign)
			p->assign(c, site, s, e);
		return true;
	case EV_KILL: {
		int slot = flag_slot(site, e->var);
		if (slot >= 0)
			s->fknown &= (uint8_t)~(1u << slot);
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

static bool
transfer(Ctx *c, Site *site, State *s, const IrBlock *b, int i)
{
	const IrEvent *e = &b->ev.v[i];
	if (site->proto)
		return transfer_proto(c, site, s, e, b->id == site->block && i == site->ev);
	switch (e->kind) {
	case EV_CALL:
		return transfer_call(c, site, s, e, b->id == site->block && i == site->ev);
	case EV_ASSIGN:
		flags_assign(site, s, e);
		own_assign(c, site, s, e);
		return true;
	case EV_KILL: {
		int slot = flag_slot(site, e->var);
		if (slot >= 0)
			s->fknown &= (uint8_t)~(1u << slot);
		own_kill(c, site, s, e);
		return true;
	}
	case EV_USE:
		own_use(c, site, s, e);
		return true;
	}
	return true;
}

/* ---- branches ---------------------------------------------------------------- */

const Step *
add_step(Ctx *c, State *s, Loc loc, const char *text)
{
	if (s->nsteps >= MAX_STEPS || s->ts == TS_UNACQ)
		return s->path;
	Step *st = arena_alloc(&c->arena, sizeof(*st));
	st->prev = s->path;
	st->loc = loc;
	st->text = text;
	s->nsteps++;
	return st;
}

/* "'PQstatus(c) != CONNECTION_OK' is true", "'res' is null" */
static const char *
step_text(Ctx *c, const IrFunc *fn, const Cond *cond, bool taken)
{
	if (cond->bare) {
		bool ptr = fn->vars.v[cond->lhs.var].is_pointer && acc_plain(cond->lhs);
		return arena_printf(&c->arena, "'%s' is %s", cond->text,
				    ptr ? (taken ? "non-null" : "null")
					: (taken ? "non-zero" : "zero"));
	}
	return arena_printf(&c->arena, "'%s' is %s", cond->text, taken ? "true" : "false");
}

/* "a == b" with two variables: both hold the handle, so they are equal; or
 * one holds a live, non-null handle and the other does not, so they differ. */
static bool
refine_vs_var(const State *s, const Cond *cond, bool taken)
{
	if (cond->op != OP_EQ && cond->op != OP_NE)
		return true;
	bool a = is_alias(s, cond->lhs), b = is_alias(s, cond->rhs_acc);
	bool eq_holds = cond->op == OP_EQ ? taken : !taken;
	if (a && b)
		return eq_holds;
	if ((a || b) && s->ts == TS_OWNED && !handoff_active(s))
		return !eq_holds;
	return true;
}

/* One side holds a handle that may be NULL: equal only if it is NULL. */
static void
refine_vs_var_maybe(State *s, const Cond *cond, bool taken)
{
	if ((cond->op != OP_EQ && cond->op != OP_NE) || s->ts != TS_MAYBE || handoff_active(s))
		return;
	bool a = is_alias(s, cond->lhs), b = is_alias(s, cond->rhs_acc);
	bool eq_holds = cond->op == OP_EQ ? taken : !taken;
	if (a != b)
		s->ts = eq_holds ? TS_NULL : TS_OWNED;
}

/* What a branch edge says about a flag: false if it contradicts what the
 * path knows (the edge is infeasible).  Any protocol. */
static bool
flags_refine(Site *site, State *s, const Cond *cond, Pred test)
{
	if (acc_plain(cond->lhs)) {
		int slot = flag_slot(site, cond->lhs.var);
		if (slot >= 0) {
			if (s->fknown >> slot & 1) {
				PredImpl k = pred_implies((Pred){(CmpOp)s->fop[slot], s->fval[slot]}, test);
				if (k == PRED_FALSE)
					return false;
				if (k == PRED_TRUE)
					goto flag_done;
			}
			/* what the edge says about it from now on */
			if (test.op == OP_EQ || test.op == OP_NE || !(s->fknown >> slot & 1)) {
				s->fknown |= (uint8_t)(1u << slot);
				s->fval[slot] = test.value;
				s->fop[slot] = (uint8_t)test.op;
			}
		flag_done:;
		}
	}
	return true;
}

/* What a branch edge says about the handle, its status, a thread's start. */
bool
refine_handle(Site *site, State *s, const Cond *cond, Pred test)
{
	if (s->uvar && acc_plain(cond->lhs) && cond->lhs.var + 1 == s->uvar) {
		PredImpl failed = pred_implies(test, (Pred){OP_EQ, 0});
		if (failed == PRED_TRUE && s->ts == TS_RELEASED)
			s->ts = s->upre;
		if (failed != PRED_UNKNOWN)
			s->uvar = 0;
		return true;
	}
	if (handoff_edge(s, cond, test))
		return true;
	if (s->ts != TS_MAYBE && s->ts != TS_OWNED && s->ts != TS_NULL)
		return true;
	bool on_alias = false;
	for (int i = 0; i < s->nalias; i++)
		if (acc_same(s->alias[i], cond->lhs))
			on_alias = true;
	int sk = acc_plain(cond->lhs) ? status_has(s, cond->lhs.var) : 0;
	if (site->txn)
		on_alias = false;        /* a test of the connection says nothing */
	PredImpl failed;
	if (on_alias) {
		failed = pred_implies(test, site->fails);
	} else if (sk == S_CARRIER + 1) {
		failed = pred_implies(test, (Pred){OP_EQ, 0}) == PRED_TRUE ? PRED_TRUE
									   : PRED_UNKNOWN;
	} else if (sk) {
		PredImpl ok = pred_implies(test, sk == S_READ + 1 ? site->status_pred
								 : site->success);
		failed = ok == PRED_TRUE ? PRED_FALSE : ok == PRED_FALSE ? PRED_TRUE : PRED_UNKNOWN;
	} else {
		return true;
	}
	if (failed == PRED_TRUE) {
		if (s->ts == TS_OWNED)
			return false;
		s->ts = TS_NULL;
	} else if (failed == PRED_FALSE) {
		if (s->ts == TS_NULL)
			return false;
		s->ts = TS_OWNED;
	} else if (on_alias && test.op == OP_NE &&
		   pred_implies((Pred){OP_EQ, test.value}, site->fails) == PRED_TRUE) {
		/* "fd != -1" when failure is "< 0": good enough to call it owned */
		if (s->ts == TS_NULL)
			return false;
		s->ts = TS_OWNED;
	}
	return true;
}

static bool
refine(Ctx *c, Site *site, State *s, const Cond *cond, bool taken)
{
	if (site->proto) {
		if (!cond->known)
			return true;
		Pred test = {taken ? cond->op : cmp_negate(cond->op), cond->rhs};
		return flags_refine(site, s, cond, test) &&
		       (!site->proto->edge || site->proto->edge(c, site, s, cond, test));
	}
	if (cond->vs_var) {
		refine_vs_var_maybe(s, cond, taken);
		return refine_vs_var(s, cond, taken);
	}
	if (!cond->known)
		return true;
	Pred test = {taken ? cond->op : cmp_negate(cond->op), cond->rhs};
	if (!flags_refine(site, s, cond, test))
		return false;
	return refine_handle(site, s, cond, test);
}
/* ---- the fixpoint -------------------------------------------------------------- */

typedef struct Work {
	int block;
	State st;
} Work;

typedef VEC(State) StateVec;

typedef struct Sets {
	StateVec *at;                /* per block */
	VEC(Work) queue;
	int head;
} Sets;

static void
propagate(Ctx *c, Site *site, Sets *w, int block, const State *s)
{
	StateVec *set = &w->at[block];
	for (int i = 0; i < set->n; i++)
		if (state_eq(&set->v[i], s))
			return;
	State st = *s;
	if (set->n >= c->lim.states_per_block) {
		/* Too many paths: forget the flags, then give up on the path. */
		if (st.fknown)
			site->widened = true;
		st.fknown = 0;
		for (int i = 0; i < set->n; i++)
			if (state_eq(&set->v[i], &st))
				return;
		if (set->n >= c->lim.states_per_block + 8) {
			site->bounded = true;
			return;
		}
	}
	avec_push(&c->arena, set, st);
	Work wk = {block, st};
	avec_push(&c->arena, &w->queue, wk);
}

/* What every exit does for a protocol built on ownership: a handle
 * returned escapes; a quiet run records how its exits leave it.  True
 * when that is all (a quiet run). */
bool
exit_seen(Site *site, State *s, const IrBlock *b)
{
	bool returned = false;
	if (b->term == T_RETURN && match_value(s, site->fn, b->ret) != M_NONE &&
	    s->ts != TS_RELEASED && s->ts != TS_NULL) {
		returned = state_live(s);
		s->ts = TS_ESCAPED;
	}
	if (site->quiet) {
		if (returned)
			site->exit_returned = true;
		else if (s->ts == TS_RELEASED)
			site->exit_released = true;
		else if (s->ts == TS_ESCAPED)
			site->exit_escaped = true;
		else if (state_live(s))
			site->exit_owned = true;
		return true;
	}
	return false;
}

static void
at_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	if (exit_seen(site, s, b))
		return;
	if (b->term == T_RETURN && state_live(s))
		lose(c, site, s, V_LOST_EXIT, b->loc, NULL);
}

static void
run_block(Ctx *c, Site *site, Sets *w, const IrBlock *b, State s)
{
	site->cur_block = b->id;
	for (int i = 0; i < b->ev.n; i++)
		if (!transfer(c, site, &s, b, i))
			return;              /* a call that does not return */
	switch (b->term) {
	case T_GOTO:
		propagate(c, site, w, b->succ[0], &s);
		break;
	case T_BRANCH:
		for (int k = 0; k < 2; k++) {
			State t = s;
			if (!refine(c, site, &t, &b->cond, k == 0))
				continue;
			if (b->cond.text && state_live(&s))
				t.path = add_step(c, &t, b->cond.loc,
						  step_text(c, site->fn, &b->cond, k == 0));
			propagate(c, site, w, b->succ[k], &t);
		}
		break;
	case T_RETURN:
	case T_EXIT:
	case T_LONGJMP:
		/* Paths that end the process or jump away leak nothing that
		 * matters here, and say nothing about a helper's parameter. */
		if (site->proto)
			site->proto->exit(c, site, &s, b);
		else if (b->term == T_RETURN)
			at_exit(c, site, &s, b);
		break;
	case T_NONE:
		break;
	}
}

/* Flags: locals set to constants (directly, or copied from a temporary
 * that is, as `ok = (rc == 0)` is lowered) and tested by a branch. */
static void
find_flags(Ctx *c, Site *site)
{
	const IrFunc *fn = site->fn;
	int n = fn->vars.n;
	uint8_t *tested = arena_alloc(&c->arena, (size_t)n + 1);
	uint8_t *constv = arena_alloc(&c->arena, (size_t)n + 1);
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		if (b->term == T_BRANCH && b->cond.known && acc_plain(b->cond.lhs))
			tested[b->cond.lhs.var] = 1;
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind == EV_ASSIGN && acc_plain(e->dst) && e->src.kind == VAL_INT)
				constv[e->dst.var] = 1;
		}
	}
	site->nflags = 0;
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
				if (!cand || v < 0 || flag_slot(site, v) >= 0 || site->nflags >= MAX_FLAGS)
					continue;
				const IrVar *iv = &fn->vars.v[v];
				if (iv->kind == VAR_GLOBAL || iv->is_pointer)
					continue;
				site->flag_var[site->nflags++] = v;
			}
		}
	}
	/* Then other scalars tested more than once: what a branch learnt about
	 * them holds until they change (`if (cache) ...; if (cache) ...`). */
	uint8_t *times = arena_alloc(&c->arena, (size_t)n + 1);
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		if (b->term == T_BRANCH && b->cond.known && acc_plain(b->cond.lhs) && times[b->cond.lhs.var] < 2)
			times[b->cond.lhs.var]++;
	}
	for (int v = 0; v < n && site->nflags < MAX_FLAGS; v++) {
		const IrVar *iv = &fn->vars.v[v];
		if (times[v] < 2 || flag_slot(site, v) >= 0 || iv->kind == VAR_GLOBAL ||
		    iv->kind == VAR_TEMP || iv->is_pointer || !iv->is_scalar)
			continue;
		site->flag_var[site->nflags++] = v;
	}
}

/* Hands the site's violations over.  A handle acquired in a loop whose
 * last reference is overwritten (or dies) inside that loop, and that some
 * path releases only after the loop, is one loop-release at the acquisition
 * instead of leaks in the loop. */
static void
flush(Ctx *c, Site *site)
{
	const IrFunc *fn = site->fn;
	int in = -1;
	if (site->loop && site->late_release.line) {
		for (int i = 0; i < site->pending.n && in < 0; i++) {
			ViolKind k = site->pending.v[i].kind;
			if ((k == V_LOST_OVERWRITE || k == V_LOST_SCOPE) &&
			    in_loop(fn, site->pending_block.v[i], site->loop))
				in = i;
		}
	}
	if (in >= 0) {
		Violation v = site->pending.v[in];
		v.kind = V_LOOP_RELEASE;
		v.where = site->loc;
		v.first = site->late_release;
		v.loop = &fn->loops.v[site->loop - 1];
		c->cb(c->cbctx, &v);
	}
	for (int i = 0; i < site->pending.n; i++) {
		const Violation *v = &site->pending.v[i];
		if (site->proto && site->proto->keep && !site->proto->keep(site, v))
			continue;
		if (in >= 0 && (v->kind == V_LOST_OVERWRITE || v->kind == V_LOST_SCOPE) &&
		    in_loop(fn, site->pending_block.v[i], site->loop))
			continue;
		c->cb(c->cbctx, v);
	}
	site->pending.n = 0;
	site->pending_block.n = 0;
}

/* The function's bounds: its visits over all its reported sites (a quiet
 * run computes a summary other functions share: cutting it by what this
 * function spent would make results depend on the order), and the memory
 * of this run with those it is nested in. */
static bool
over_budget(const Ctx *c, const Site *site)
{
	return (!site->quiet && c->lim.steps_per_function > 0 &&
		c->fn_visits >= c->lim.steps_per_function) ||
	       (c->lim.bytes_per_site > 0 && c->held + c->arena.total > c->lim.bytes_per_site);
}

static void
run_fixpoint(Ctx *c, Site *site, const State *init)
{
	const IrFunc *fn = site->fn;
	find_flags(c, site);
	Sets w = {0};
	w.at = arena_alloc(&c->arena, sizeof(*w.at) * (size_t)fn->blocks.n);
	propagate(c, site, &w, 0, init);
	long visits = 0;
	while (w.head < w.queue.n) {
		Work wk = w.queue.v[w.head++];
		if (++visits > c->lim.steps_per_site || over_budget(c, site)) {
			site->bounded = true;
			break;
		}
		c->fn_visits++;
		run_block(c, site, &w, fn->blocks.v[wk.block], wk.st);
	}
	if (c->stats)
		c->stats->visits += visits;
	flush(c, site);
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
	Diag d;
	diag_init(&d, stderr);
	c->sqlm = rules ? sql_matcher_new(rules, &d) : NULL;
	c->sums = xcalloc((size_t)u->funcs.n + 1, sizeof(Summary));
}

static void
ctx_release(Ctx *c)
{
	arena_release(&c->arena);
	arena_release(&c->sum_arena);
	sql_matcher_free(c->sqlm);
	mem_free(c->sums);
}

void
site_init(Site *site, const IrFunc *fn, int bi, int i, const RuleAcquire *a)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	memset(site, 0, sizeof(*site));
	site->fn = fn;
	site->block = bi;
	site->ev = i;
	site->acq = a;
	site->acquirer = e->callee;
	site->loc = e->loc;
	site->fails = a->fails;
	if (site->fails.op == OP_NONE || a->out_arg >= 0)
		site->fails = (Pred){OP_EQ, 0};
	site->success = a->success;
	site->loop = fn->blocks.v[bi]->loop;
}

static void
analyse_site(Ctx *c, const IrFunc *fn, int bi, int i, const RuleAcquire *a)
{
	Site site;
	site_init(&site, fn, bi, i, a);
	State init = {0};
	init.ts = TS_UNACQ;
	run_site(c, &site, &init);
	if (c->stats)
		c->stats->sites++;
}

/* The protocols that start their own sites. */
static const Protocol *const protocols[] = {&txn_protocol, &bracket_protocol};

static void
analyse_function(Ctx *c, const IrFunc *fn)
{
	c->fn_visits = 0;
	c->fn_noted[0] = c->fn_noted[1] = false;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			const RuleFn *r = engine_lookup(c, e->callee);
			for (int p = 0; p < (int)(sizeof(protocols) / sizeof(protocols[0])); p++)
				protocols[p]->sites(c, fn, bi, i);
			for (const RuleAcquire *a = acquires(c, e, r); a; a = a->next)
				analyse_site(c, fn, bi, i, a);
		}
	}
}

void
engine_run(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
	   ViolationFn cb, void *cbctx, EngineStats *stats)
{
	Ctx c;
	ctx_init(&c, u, rules, lim, cb, cbctx, stats);
	for (int i = 0; i < u->funcs.n; i++) {
		const IrFunc *fn = u->funcs.v[i];
		if (!fn->analyse)
			continue;
		if (stats)
			stats->functions++;
		analyse_function(&c, fn);
	}
	ctx_release(&c);
}

static void
no_report(void *ctx, const Violation *v)
{
	(void)ctx;
	(void)v;
}

SummaryEffect
engine_summary(const IrUnit *u, const Rules *rules, const char *fn, int param,
	       bool deref)
{
	int fi = func_index(u, fn);
	if (fi < 0)
		return SUM_KEEPS;
	Ctx c;
	ctx_init(&c, u, rules, NULL, no_report, NULL, NULL);
	SummaryEffect e = summarize(&c, u->funcs.v[fi], param, deref);
	ctx_release(&c);
	return e;
}
