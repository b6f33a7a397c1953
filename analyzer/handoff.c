/* SPDX-License-Identifier: MIT */
/*
 * handoff: thread hand-off, on top of ownership.  A handle that reaches the
 * data argument of a spawn function of the packs (pthread_create) is
 * running in that thread until the thread variable is joined (by a join
 * function, or a helper of the unit that joins its parameter); released
 * meanwhile it is a thread-release, or a double-release when the start
 * routine of the unit releases what it is given.  A spawn whose result
 * says it failed (the pack's `success`, "== 0") handed nothing over.
 *
 * Its part of the state lives in State.own (compared as bytes by
 * state_eq(), so nothing of it is known outside this file): whether the
 * handle is with a thread, the thread variable, the variable holding the
 * spawn's result, the typestate before the hand-off.  Owns nothing.
 */
#include <string.h>
#include "engine_int.h"

enum { H_NONE, H_RUNNING, H_OWNS };

typedef struct Handoff {
	uint8_t state;               /* H_* */
	uint8_t pre_ts;              /* typestate before the hand-off */
	int16_t thread;              /* variable of the thread it went to, +1 */
	int16_t status;              /* variable holding the spawn's result, +1 */
	uint8_t id_inside;           /* the thread's id is kept in the handle */
	uint8_t zero;                /* no padding: State.own is compared as
	                              * bytes */
} Handoff;

_Static_assert(sizeof(Handoff) <= sizeof(((State *)0)->own), "State.own too small");
_Static_assert(sizeof(Handoff) == 8, "Handoff has padding");

static Handoff
get(const State *s)
{
	Handoff h;
	memcpy(&h, s->own, sizeof(h));
	return h;
}

static void
put(State *s, Handoff h)
{
	if (h.state == H_NONE)
		h.id_inside = 0;
	memcpy(s->own, &h, sizeof(h));
}

bool
handoff_active(const State *s)
{
	return get(s).state != H_NONE;
}

bool
handoff_owns(const State *s)
{
	return get(s).state == H_OWNS;
}

/* Is thread value tv kept in the handle (&p[i].thread, &td->pthread, or
 * read from it: target->thread with target = &p[i])? */
static bool
in_handle(const State *s, const IrFunc *fn, Value tv)
{
	if ((tv.kind != VAL_ACCESS && tv.kind != VAL_ADDR) || acc_plain(tv.acc))
		return false;
	Value root = {.kind = VAL_ACCESS, .acc = {.var = tv.acc.var}};
	return match_value(s, fn, root) != M_NONE;
}

/* The join reads the id through a variable of the same name as the one
 * the spawn stored it through (each of two loops declares its own
 * `struct worker *w = pool + i`): the same place. */
static bool
same_name(const IrFunc *fn, Value tv, int thread)
{
	if (thread <= 0 || acc_plain(tv.acc))
		return false;
	const IrVar *a = &fn->vars.v[tv.acc.var], *b = &fn->vars.v[thread - 1];
	return a->kind == VAR_LOCAL && b->kind == VAR_LOCAL && a->name && b->name &&
	       strcmp(a->name, b->name) == 0;
}

/* pthread_create / thrd_create, pthread_join / thrd_join.  A thread whose
 * id is kept in the object handed to it (the threads of a pool, one
 * element each) is joined by a join that reads an id from that object:
 * the joins of a loop over the pool are taken for all of them. */
static void
thread_call(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleThread *t)
{
	if (t->thread_arg < 0 || t->thread_arg >= e->nargs)
		return;
	Value tv = e->args[t->thread_arg];
	Handoff h = get(s);
	if (t->role == THREAD_JOIN) {
		if (h.state == H_RUNNING && (tv.kind == VAL_ACCESS || tv.kind == VAL_ADDR) &&
		    (tv.acc.var + 1 == h.thread || same_name(site->fn, tv, h.thread) ||
		     (h.id_inside && in_handle(s, site->fn, tv)))) {
			h.state = H_NONE;
			put(s, h);
		}
		return;
	}
	if (t->role != THREAD_SPAWN || t->data_arg < 0 || t->data_arg >= e->nargs)
		return;
	Match m = match_value(s, site->fn, e->args[t->data_arg]);
	if (m == M_NONE || s->ts == TS_UNACQ || s->ts == TS_LOST || s->ts == TS_NULL)
		return;
	const char *routine = NULL;
	if (t->routine_arg >= 0 && t->routine_arg < e->nargs &&
	    e->args[t->routine_arg].kind == VAL_FUNC)
		routine = e->args[t->routine_arg].str;
	if (s->ts == TS_RELEASED) {
		s->handed = e->loc;
		s->routine = routine;
		site->to_thread = true;
		violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, e->callee);
		site->to_thread = false;
		return;
	}
	bool owns = false;
	int fi = routine && m == M_DIRECT ? fn_index(c, routine) : -1;
	if (fi >= 0 && c->u->funcs.v[fi]->nparams > 0)
		owns = summarize(c, c->u->funcs.v[fi], 0, false) == SUM_RELEASES;
	h.pre_ts = s->ts;
	h.status = (int16_t)(e->has_dst && t->success.op != OP_NONE ? e->dst.var + 1 : 0);
	h.state = owns ? H_OWNS : H_RUNNING;
	h.thread = (int16_t)((tv.kind == VAL_ADDR || tv.kind == VAL_ACCESS) ? tv.acc.var + 1 : 0);
	h.id_inside = in_handle(s, site->fn, tv);
	put(s, h);
	s->spawned = t->success;
	s->handed = e->loc;
	s->routine = routine;
}

/* A function of the unit that joins the thread given as parameter p. */
static bool
joins_param(Ctx *c, const IrFunc *callee, int p, bool deref)
{
	for (int bi = 0; bi < callee->blocks.n; bi++) {
		const IrBlock *b = callee->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			const RuleFn *r = e->kind == EV_CALL && e->callee
					  ? engine_lookup(c, e->callee) : NULL;
			if (!r || !r->thread || r->thread->role != THREAD_JOIN ||
			    r->thread->thread_arg >= e->nargs)
				continue;
			Value t = e->args[r->thread->thread_arg];
			if (t.kind == VAL_ACCESS && t.acc.var == p && t.acc.deref == deref)
				return true;
		}
	}
	return false;
}

static void
join_by_helper(Ctx *c, State *s, const IrEvent *e)
{
	int fi = fn_index(c, e->callee);
	if (fi < 0)
		return;
	const IrFunc *callee = c->u->funcs.v[fi];
	for (int i = 0; i < e->nargs && i < callee->nparams; i++) {
		Value a = e->args[i];
		Handoff h = get(s);
		if ((a.kind == VAL_ACCESS || a.kind == VAL_ADDR) && a.acc.var + 1 == h.thread &&
		    joins_param(c, callee, i, a.kind == VAL_ADDR)) {
			h.state = H_NONE;
			put(s, h);
		}
	}
}

/* A call: spawn, join, or a helper of the unit that joins. */
void
handoff_call(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleFn *r)
{
	if (r && r->thread)
		thread_call(c, site, s, e, r->thread);
	else if (!r && e->callee && get(s).state == H_RUNNING)
		join_by_helper(c, s, e);
}

/* A release of the handle while a thread has it; true when that is all
 * there is to say (the thread owned it: released twice). */
bool
handoff_release(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	Handoff h = get(s);
	if (h.state == H_RUNNING && s->ts != TS_RELEASED) {
		violate(c, site, s, V_THREAD_RELEASE, e->loc, e->callee);
		h.state = H_NONE;
		put(s, h);
	} else if (h.state == H_OWNS && s->ts != TS_RELEASED) {
		violate(c, site, s, V_DOUBLE_RELEASE, e->loc, e->callee);
		h.state = H_NONE;
		put(s, h);
		s->ts = TS_RELEASED;
		return true;
	}
	return false;
}

/* The spawn's result copied (rc = pthread_create(...)), or overwritten. */
void
handoff_assign(State *s, const IrEvent *e)
{
	Handoff h = get(s);
	Access dst = e->dst;
	if (!h.status || !acc_plain(dst))
		return;
	if (e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) && e->src.acc.var + 1 == h.status)
		h.status = (int16_t)(dst.var + 1);
	else if (dst.var + 1 == h.status)
		h.status = 0;
	put(s, h);
}

void
handoff_kill(State *s, int var)
{
	Handoff h = get(s);
	if (h.status == var + 1) {
		h.status = 0;
		put(s, h);
	}
}

/* A test of the spawn's result: a failed spawn handed nothing over.  True
 * when the condition was that test. */
bool
handoff_edge(State *s, const Cond *cond, Pred test)
{
	Handoff h = get(s);
	if (!h.status || !acc_plain(cond->lhs) || cond->lhs.var + 1 != h.status)
		return false;
	PredImpl ok = pred_implies(test, s->spawned);
	if (ok == PRED_FALSE) {
		h.state = H_NONE;
		h.thread = 0;
		s->ts = h.pre_ts;
	}
	if (ok != PRED_UNKNOWN)
		h.status = 0;
	put(s, h);
	return true;
}
