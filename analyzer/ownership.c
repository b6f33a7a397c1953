/* SPDX-License-Identifier: MIT */
/*
 * ownership: the protocol of acquired handles.  A site is a call that a
 * pack (or a wrapper of the unit, summary.c) names as an acquirer; the
 * state follows the handle through aliases and status variables:
 * acquired (maybe failed), owned, failed, released, escaped, lost.
 * Violations: leaks (V_LOST_*: at a return, an overwrite, a scope end, a
 * discarded result), double and mismatched release, use after release,
 * and, at flush, loop-release (acquired in every iteration of a loop,
 * released only after it).  What the packs say beyond acquire and release
 * lives here too: releases that take effect only for some results (fdopen,
 * realloc, sqlite3_close), out-arguments taken over (getline), sqlite's %z
 * format arguments, unproven out-parameters, calls that end the path
 * (call_end(), for every protocol).  Where the process ends (exit, a return
 * from main: ends_process()) nothing is reported unless
 * EngineLimits.report_at_exit.  Thread hand-off (handoff.c) sits on top of
 * it; transactions (txn.c) reuse its aliases and exits.  Owns nothing
 * beyond the run.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include "engine_int.h"

typedef enum Effect { FX_NONE, FX_RELEASE, FX_ESCAPE, FX_OVERWRITE } Effect;

/* A handle written through an out-parameter whose call's success was never
 * tested and that was never used: the path is most likely the failure path,
 * tested in a way we cannot read (sql_check_error(db, rc)). */
static bool
unproven(const Site *site, const State *s)
{
	return site->acq && site->acq->out_arg >= 0 && site->success.op != OP_NONE &&
	       s->ts == TS_MAYBE && !(s->used & USED_PASSED);
}

/* Per block of the function analysed: can a path from it return to a
 * caller (or longjmp to one)?  False where every path ends the process:
 * exit(), a call that never returns, a return from an entry. */
typedef struct Ends {
	const IrFunc *fn;
	uint8_t *returns;
} Ends;

static bool
stops_here(Ctx *c, const IrBlock *b)
{
	for (int i = 0; i < b->ev.n; i++)
		if (b->ev.v[i].kind == EV_CALL && b->ev.v[i].callee &&
		    !engine_returns(c, b, &b->ev.v[i]))
			return true;
	return false;
}

static const uint8_t *
block_returns(Ctx *c, const IrFunc *fn)
{
	Ends *x = c->pmemo[PROTO_ENDS];
	if (x && x->fn == fn)
		return x->returns;
	if (!x) {
		x = arena_alloc(&c->sum_arena, sizeof(*x));
		c->pmemo[PROTO_ENDS] = x;
	}
	int n = fn->blocks.n;
	x->fn = fn;
	x->returns = arena_alloc(&c->sum_arena, (size_t)n + 1);
	uint8_t *stops = arena_alloc(&c->arena, (size_t)n + 1);
	bool entry = fn_is_entry(c, fn);
	for (int i = 0; i < n; i++)
		stops[i] = stops_here(c, fn->blocks.v[i]);
	for (bool again = true; again;) {
		again = false;
		for (int i = n - 1; i >= 0; i--) {
			const IrBlock *b = fn->blocks.v[i];
			if (x->returns[i] || stops[i])
				continue;
			bool r = (b->term == T_RETURN && !entry) || b->term == T_LONGJMP;
			for (int k = 0; k < 2 && !r; k++)
				r = (b->term == T_GOTO || b->term == T_BRANCH) && b->succ[k] >= 0 &&
				    (k == 0 || b->term == T_BRANCH) && x->returns[b->succ[k]];
			if (r)
				x->returns[i] = again = true;
		}
	}
	return x->returns;
}

/* A handle lost (overwritten, out of scope, discarded) where every path
 * goes on to end the process, outside any loop, is lost as at exit():
 * worth a finding only with --report-at-exit (`setenv("INFOPATH",
 * system_path(...), 1); execlp(...); die(...)`).  Inside a loop the loss
 * repeats, and is reported wherever the loop leads. */
static bool
lost_on_way_out(Ctx *c, const Site *site, ViolKind kind)
{
	if (c->lim.report_at_exit || site->quiet || site->cur_block < 0 ||
	    (kind != V_LOST_OVERWRITE && kind != V_LOST_SCOPE && kind != V_LOST_DISCARD &&
	     kind != V_LOST_CONTAINER))
		return false;
	const IrBlock *b = site->fn->blocks.v[site->cur_block];
	return !b->loop && !block_returns(c, site->fn)[site->cur_block];
}

static void
lose(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how)
{
	if (!lost_on_way_out(c, site, kind))
		violate(c, site, s, kind, where, how);
	s->ts = TS_LOST;
	s->nalias = 0;
	s->nstatus = 0;
}

/* ---- places ----------------------------------------------------------------
 *
 * A handle stored where the function's own variables do not hold it: a
 * global (g, g.f), or what a pointer points to (p->f, *p), at any depth
 * the source spells (o->pin->name, o->in.name, g.a.b, c->conns[0]).
 * The ownership protocol keeps following it there: overwriting the place
 * while it owns the handle, or releasing the object that holds it, loses
 * the handle; releasing it twice through the place is a double release.
 * Storage the caller can reach takes the handle over only when the
 * function returns.  A longer path inside a local struct (o.in.name) is
 * the function's own storage, as o.f is.  Elements at an unknown index
 * (p[i]) name no single place: a store there hands the handle over, as
 * every such store did before places.  Transactions (txn.c, on
 * ownership's aliases) keep that older rule.  What a function's summary
 * says of a member (a member acquirer, a cleanup) stays one level deep. */

static bool
tracks_places(const Site *site)
{
	return site->proto == &ownership_protocol;
}

/* A longer path that names one place: spelt (Access.path) through
 * members, or also constant elements when a pointer is on the way (a
 * local struct's o.arr[0] may be through a pointer member). */
static bool
deep_place(Access a)
{
	if (!a.deep || !a.path)
		return false;
	for (const char *p = strchr(a.path, '['); p; p = strchr(p + 1, '['))
		if (!a.deref || !isdigit((unsigned char)p[1]))
			return false;
	return true;
}

/* Is a the access of one place, outside the function's own variables,
 * one level deep (g, g.f, p->f, *p)? */
static bool
is_place(const IrFunc *fn, Access a)
{
	if (a.var < 0 || a.deep || a.index)
		return false;
	if (a.field && a.field[0] == '*')
		return false;                   /* somewhere in a {..} initializer */
	if (fn->vars.v[a.var].name[0] == '<')
		return false;                   /* "<memory>": storage the front end
	                                         * could not name */
	return fn->vars.v[a.var].kind == VAR_GLOBAL || a.deref;
}

/* The same at any depth. */
static bool
any_place(const IrFunc *fn, Access a)
{
	if (!deep_place(a))
		return is_place(fn, a);
	if (fn->vars.v[a.var].name[0] == '<')
		return false;
	return fn->vars.v[a.var].kind == VAR_GLOBAL || a.deref;
}

/* Does the state hold the handle in a place rooted at a global (g, g.f,
 * g->f)?  A function the packs do not know may reach it there. */
static bool
in_global_place(const IrFunc *fn, const State *s)
{
	for (int i = 0; i < s->nalias; i++)
		if (fn->vars.v[s->alias[i].var].kind == VAR_GLOBAL)
			return true;
	return false;
}

/* Is the handle in a place other than the one a summary run started it
 * in? */
static bool copy_of(Ctx *c, const IrFunc *fn, Access a, Access b);

static bool
has_place(Ctx *c, const Site *site, const State *s)
{
	for (int i = 0; i < s->nalias; i++)
		if (any_place(site->fn, s->alias[i]) &&
		    !(site->homed && (acc_same(s->alias[i], site->home) ||
				      copy_of(c, site->fn, s->alias[i], site->home))))
			return true;
	return false;
}

/* The path leaves the function with the handle in a place: whoever can
 * reach that place has it now. */
static void
hand_over_places(Ctx *c, const Site *site, State *s)
{
	if (tracks_places(site) && state_live(s) && has_place(c, site, s))
		s->ts = TS_ESCAPED;
}

/* "c->name", "g.f", "*p", "v[0]": how the source names an access. */
static const char *
spell(Ctx *c, const IrFunc *fn, Access a)
{
	const char *v = fn->vars.v[a.var].name;
	if (a.path)
		return a.path;
	if (!a.field || a.field[0] == '*' || a.deep)
		return a.deref && !a.field ? arena_printf(&c->arena, "*%s", v) : v;
	return arena_printf(&c->arena, "%s%s%s", v,
			    a.field[0] == '[' ? "" : a.deref ? "->" : ".", a.field);
}

/* ---- globals and the unit's functions ---------------------------------------
 *
 * What a function of the unit does to a global, memoised per unit: whether
 * it can touch it at all (names it, or calls what may: a function neither
 * the packs nor the unit know, a call through a pointer, storage the front
 * end could not name), and if it names it, its summary there. */

static void release(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleRelease *rel);

/* Drops the aliases inside what argument v names: p->f and *p for a
 * pointer p, s.f for &s, and the longer paths the source spells under it
 * (p->in.name; for a place v, v->name); places_only: v a plain pointer
 * and only places, not an unspelt a->b->c.  The number dropped; *beyond
 * (if given) counts those among them in another object a pointer in it
 * leads to (p->pin->name), which is not dead with it. */
static int
drop_inside(const IrFunc *fn, State *s, Value v, bool places_only, int *beyond)
{
	int n = 0;
	bool deref = v.kind == VAL_ACCESS;
	for (int k = 0; k < s->nalias;) {
		Access a = s->alias[k];
		int u = a.path ? place_under(fn, a, v.acc, deref) : 0;
		if (u || (a.var == v.acc.var && a.deref == deref && !acc_plain(a) &&
			  (!places_only || (acc_plain(v.acc) && is_place(fn, a))))) {
			alias_del_at(s, k);
			n++;
			if (beyond && u == PLACE_BEYOND)
				++*beyond;
		} else {
			k++;
		}
	}
	return n;
}

/* Drops the aliases equal to a; the number dropped. */
static int
drop_same(State *s, Access a)
{
	int n = 0;
	for (int k = 0; k < s->nalias;) {
		if (acc_same(s->alias[k], a)) {
			alias_del_at(s, k);
			n++;
		} else {
			k++;
		}
	}
	return n;
}


typedef struct GlobalSum {
	int fi;                      /* a function of the unit, or: -1 (-5) a
	                              * callee the unit does not define (for
	                              * writes), -2 (-4) the set of touchers()
	                              * (writers), -3 confined_pointee_kept() */
	const char *callee;          /* ... this one ("": through a pointer) */
	const char *name;
	const struct Touchers *set;  /* -2 */
	int touches;                 /* -1 being computed, 0 no, 1 yes */
	bool summed, resets, overwrites;
	SummaryEffect effect;
} GlobalSum;

typedef VEC(GlobalSum) GlobalSums;

static GlobalSum *
global_sum_of(Ctx *c, int fi, const char *callee, const char *name)
{
	GlobalSums *gs = c->pmemo[PROTO_GLOBALS];
	if (!gs) {
		gs = arena_alloc(&c->sum_arena, sizeof(*gs));
		c->pmemo[PROTO_GLOBALS] = gs;
	}
	for (int k = 0; k < gs->n; k++)
		if (gs->v[k].fi == fi && strcmp(gs->v[k].name, name) == 0 &&
		    (!callee || strcmp(gs->v[k].callee, callee) == 0))
			return &gs->v[k];
	GlobalSum g = {fi, callee, name, NULL, -1, false, false, false, SUM_KEEPS};
	avec_push(&c->sum_arena, gs, g);
	return &gs->v[gs->n - 1];
}

static GlobalSum *
global_sum(Ctx *c, int fi, const char *name)
{
	return global_sum_of(c, fi, NULL, name);
}

static int
global_var(const IrFunc *fn, const char *name)
{
	for (int v = 0; v < fn->vars.n; v++)
		if (fn->vars.v[v].kind == VAR_GLOBAL &&
		    (fn->vars.v[v].name == name || strcmp(fn->vars.v[v].name, name) == 0))
			return v;
	return -1;
}

static bool
touches_global(Ctx *c, int fi, const char *name)
{
	GlobalSum *g = global_sum(c, fi, name);
	if (g->touches >= 0)
		return g->touches;
	g->touches = 1;                 /* recursion: it may */
	const IrFunc *fn = c->u->funcs.v[fi];
	bool t = global_var(fn, name) >= 0 || global_var(fn, "<memory>") >= 0;
	for (int bi = 0; bi < fn->blocks.n && !t; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n && !t; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || (e->callee && engine_lookup(c, e->callee)))
				continue;
			int gi = e->callee ? fn_index(c, e->callee) : -1;
			t = gi < 0 || (gi != fi && touches_global(c, gi, name));
		}
	}
	g = global_sum(c, fi, name);    /* the vector may have moved */
	g->touches = t;
	return t;
}

/* The unit's functions that may change name, a confined static of the
 * unit (IrVar.confined): the least set closed under "names it" ("writes
 * it", a store into it or into what it points to, for its value: a flag
 * or a pure call's argument), "calls a function of the set" and "calls a
 * function of elsewhere that can call back into the set" (calls_back()).
 * A function of elsewhere can reach the static only so, since no pointer
 * to it leaves the unit. */
typedef struct Touchers {
	uint8_t *in;                 /* per function of the unit */
	bool fnref;                  /* one of them has its address taken */
	bool open;                   /* one of them is not static */
} Touchers;

/* Can call e, of a function the unit does not define (or through a
 * pointer), run a function of set t?  One whose address the unit takes
 * (a callback given to it now or before) may be run by any such call; a
 * non-static one through a pointer, or by name from a function another
 * unit of the program defines (progsum_defines()), never from one no unit
 * defines, a library's.  Which units the callee's own calls reach is not
 * asked: unit by unit (the `c` lines), a large program like git reaches
 * nearly every unit from anywhere, and the answer would depend on units
 * whose summaries the unit's cached result is not keyed on; whether the
 * callee has a summary is (progsum_used()).  Without the program's table
 * (a file alone) a callee is taken for a library's too: a call into
 * another unit that calls back into this one to change the static it is
 * using is rare. */
static bool
calls_back(Ctx *c, const Touchers *t, const IrEvent *e)
{
	if (t->fnref)
		return true;
	if (!t->open)
		return false;
	if (!e->callee)
		return true;
	return ask(c, 'd', e->callee, 0, 0, NULL);
}

static void
touchers_refresh(Ctx *c, Touchers *t)
{
	const IrUnit *u = c->u;
	t->fnref = false;
	for (int i = 0; i < u->fnrefs.n && !t->fnref; i++) {
		int fi = fn_index(c, u->fnrefs.v[i].name);
		t->fnref = fi >= 0 && t->in[fi];
	}
	t->open = false;
	for (int fi = 0; fi < u->funcs.n && !t->open; fi++)
		t->open = t->in[fi] && !u->funcs.v[fi]->is_static;
}

/* Does fn (not in t) join set t: a call of one of the set, or of
 * elsewhere that can call back into it? */
static bool
joins(Ctx *c, const Touchers *t, const IrFunc *fn)
{
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL)
				continue;
			if (e->callee && engine_lookup(c, e->callee)) {
				/* pthread_create(..., routine, ...) */
				for (int a = 0; a < e->nargs; a++)
					if (e->args[a].kind == VAL_FUNC && t->fnref)
						return true;
				continue;
			}
			int gi = e->callee ? fn_index(c, e->callee) : -1;
			if (gi >= 0 ? t->in[gi] : calls_back(c, t, e))
				return true;
		}
	}
	return false;
}

/* Does fn store into the global name or through it? */
static bool
writes_global(const IrFunc *fn, const char *name)
{
	int v = global_var(fn, name);
	if (v < 0)
		return global_var(fn, "<memory>") >= 0;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if ((e->kind == EV_ASSIGN || (e->kind == EV_CALL && e->has_dst)) &&
			    e->dst.var == v)
				return true;
		}
	}
	return global_var(fn, "<memory>") >= 0;
}

static const Touchers *
touchers(Ctx *c, const char *name, bool writes)
{
	GlobalSum *g = global_sum_of(c, writes ? -4 : -2, "", name);
	if (g->set)
		return g->set;
	const IrUnit *u = c->u;
	Touchers *t = arena_alloc(&c->sum_arena, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->in = arena_alloc(&c->sum_arena, (size_t)u->funcs.n + 1);
	memset(t->in, 0, (size_t)u->funcs.n + 1);
	for (int fi = 0; fi < u->funcs.n; fi++) {
		const IrFunc *fn = u->funcs.v[fi];
		t->in[fi] = writes ? writes_global(fn, name)
				   : global_var(fn, name) >= 0 || global_var(fn, "<memory>") >= 0;
	}
	/* a round per level of calls; past eight (never seen), every
	 * function that calls out of the unit joins */
	bool grew = true;
	for (int round = 0; grew && round < 8; round++) {
		touchers_refresh(c, t);
		grew = false;
		for (int fi = 0; fi < u->funcs.n; fi++)
			if (!t->in[fi] && joins(c, t, u->funcs.v[fi]))
				t->in[fi] = grew = true;
	}
	if (grew) {
		for (int fi = 0; fi < u->funcs.n; fi++)
			t->in[fi] |= (uint8_t)touches_global(c, fi, name);
		touchers_refresh(c, t);
	}
	g = global_sum_of(c, writes ? -4 : -2, "", name);  /* the vector may have moved */
	g->set = t;
	return t;
}

/* Is what name, a confined static pointer of the unit, points to its own:
 * its value never copied elsewhere, returned, nor given to a function
 * other than as a pointer to const or to a pure function of the packs, and
 * set only from calls (fresh memory: what a temporary holds), constants
 * and strings?  Then only
 * the unit's functions that touch the static can write it
 * (`strcmp(outfile, "-")` holds across a call of elsewhere). */
bool
confined_pointee_kept(Ctx *c, const char *name)
{
	GlobalSum *g = global_sum_of(c, -3, "", name);
	if (g->touches >= 0)
		return g->touches;
	const IrUnit *u = c->u;
	bool kept = true;
	for (int fi = 0; fi < u->funcs.n && kept; fi++) {
		const IrFunc *fn = u->funcs.v[fi];
		int v = global_var(fn, name);
		if (v < 0)
			continue;
		for (int bi = 0; bi < fn->blocks.n && kept; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			if (b->term == T_RETURN && b->ret.kind == VAL_ACCESS && b->ret.acc.var == v)
				kept = false;
			for (int i = 0; i < b->ev.n && kept; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (e->kind == EV_ASSIGN)
					kept = !(e->src.kind == VAL_ACCESS && e->src.acc.var == v) &&
					       !(e->dst.var == v && e->src.kind != VAL_INT &&
						 e->src.kind != VAL_STR && e->src.kind != VAL_UNKNOWN &&
						 !(e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
						   fn->vars.v[e->src.acc.var].kind == VAR_TEMP));
				if (e->kind != EV_CALL)
					continue;
				const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
				for (int a = 0; a < e->nargs && kept; a++)
					if (e->args[a].kind == VAL_ACCESS && e->args[a].acc.var == v &&
					    !(a < 64 && (e->borrowed >> a & 1)) && !(r && r->pure))
						kept = false;
			}
		}
	}
	g = global_sum_of(c, -3, "", name);
	g->touches = kept;
	return kept;
}

/* Can call e reach name, a confined static of the unit (writes: change
 * its value or what it points to; else also read it, as a release of the
 * handle it holds does)?  `fsync_fname(path)` cannot close the descriptor
 * a static `walfile` of this unit holds. */
bool
confined_reached(Ctx *c, const IrEvent *e, const char *name, bool writes)
{
	const Touchers *t = touchers(c, name, writes);
	int fi = e->callee ? fn_index(c, e->callee) : -1;
	if (fi >= 0)
		return t->in[fi];
	const char *callee = e->callee ? e->callee : "";
	GlobalSum *g = global_sum_of(c, writes ? -5 : -1, callee, name);
	if (g->touches < 0)
		g->touches = calls_back(c, t, e);
	return g->touches;
}

/* A function of the unit is called (fi; -1: one nobody knows) while the
 * handle is in global places: what it does there.  True if it may have
 * changed one in a way not followed. */
static bool
globals_call(Ctx *c, Site *site, State *s, const IrEvent *e, int fi)
{
	bool unknown = false;
	const IrFunc *fn = site->fn;
	for (int i = 0; i < s->nalias;) {
		Access a = s->alias[i];
		const IrVar *v = &fn->vars.v[a.var];
		if (v->kind != VAR_GLOBAL) {
			i++;
			continue;
		}
		if (v->confined ? !confined_reached(c, e, v->name, false)
				: fi >= 0 && !touches_global(c, fi, v->name)) {
			i++;                /* log_line(): it cannot reach it */
			continue;
		}
		const IrFunc *callee = fi >= 0 ? c->u->funcs.v[fi] : NULL;
		int cv = callee && acc_plain(a) && !site->quiet ? global_var(callee, v->name) : -1;
		if (cv < 0 || c->depth > 8) {
			alias_del_at(s, i);     /* may change it: not followed */
			unknown = true;
			continue;
		}
		GlobalSum *g = global_sum(c, fi, v->name);
		if (!g->summed) {
			bool resets = false, over = false;
			SummaryEffect se = summarize_place(c, callee, ir_acc(cv), &resets, &over);
			g = global_sum(c, fi, v->name);
			g->summed = true;
			g->effect = se;
			g->resets = resets;
			g->overwrites = over;
		}
		if (g->effect == SUM_BORROWS && !g->overwrites) {
			i++;
			continue;
		}
		if (g->effect == SUM_RELEASES) {
			release(c, site, s, e, NULL);   /* db_close(): closes g */
			if (g->resets)
				alias_del_at(s, i);
			else
				i++;
			if (s->ts == TS_LOST)
				return false;
			continue;
		}
		alias_del_at(s, i);
		if (g->overwrites && state_live(s) && s->nalias == 0) {
			/* db_open() opens g over the open one */
			lose(c, site, s, V_LOST_OVERWRITE, e->loc, v->name);
			return false;
		}
		unknown |= !g->overwrites;
	}
	return unknown;
}

/* A function the packs do not know is called: it may change or release
 * what a global holds.  One of the unit says what it does there (above);
 * of any other, the places rooted at globals are no longer followed (the
 * handle is taken as handed over if nothing else holds it). */
static void
unknown_call(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	if (!tracks_places(site) || !in_global_place(site->fn, s) ||
	    (!state_live(s) && s->ts != TS_RELEASED))
		return;
	bool unknown = globals_call(c, site, s, e, e->callee ? fn_index(c, e->callee) : -1);
	/* current.db = conn; announce(): the global may still hold it, and
	 * conn alone does not own it */
	if ((unknown && state_live(s)) ||
	    (s->nalias == 0 && (state_live(s) || s->ts == TS_RELEASED)))
		s->ts = TS_ESCAPED;
}

/* regfree(re) with the handle in *re: a release of a kind that lives in
 * an object the caller provides (in_place) frees what the object holds,
 * the handle itself, not the object. */
static bool
in_place_release(const State *s, const RuleFn *r, const IrEvent *e, int i)
{
	if (!r || !r->release || r->release->arg != i || !r->release->kind ||
	    r->release->member || !r->release->kind->in_place || e->args[i].kind != VAL_ACCESS ||
	    !acc_plain(e->args[i].acc))
		return false;
	for (int k = 0; k < s->nalias; k++) {
		Access a = s->alias[k];
		if (a.var == e->args[i].acc.var && a.deref && !a.field && !a.index && !a.deep)
			return true;
	}
	return false;
}

/* The object argument i of e points to dies, with the places inside it
 * (p->f, *p): the handle is lost if nothing else holds it.  True if the
 * state held it there. */
static bool
object_dies(Ctx *c, Site *site, State *s, const IrEvent *e, int i)
{
	int beyond = 0;
	bool had = drop_inside(site->fn, s, e->args[i], true, &beyond) > 0;
	if (!had || s->nalias > 0 || !state_live(s))
		return had;
	if (site->quiet || beyond > 0)  /* also still where a pointer led */
		s->ts = TS_ESCAPED;     /* a summary says nothing of it */
	else
		lose(c, site, s, V_LOST_CONTAINER, e->loc, spell(c, site->fn, e->args[i].acc));
	return true;
}

/* Argument i of e (a plain pointer p) goes to a release of the packs that
 * is not a reallocation: the object p points to dies, with the places
 * inside it (p->f, *p).  True if the state held the handle there. */
static bool
container_released(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleFn *r, int i)
{
	if (in_place_release(s, r, e, i))
		return false;
	if (!tracks_places(site) || !r || !r->release || r->release->arg != i ||
	    r->release->zformat || r->release->member || r->acquire ||
	    e->args[i].kind != VAL_ACCESS ||
	    (!acc_plain(e->args[i].acc) && !any_place(site->fn, e->args[i].acc)))
		return false;
	return object_dies(c, site, s, e, i);   /* free(o), free(o->pin) */
}

/* ---- pointers to the same object -------------------------------------------
 *
 * `struct conf *alias = c;` made before c->log is opened: alias->log is the
 * same member.  Known where both pointers are set once in the function
 * (a parameter never assigned, or a local assigned once), one from the
 * other; then wherever both are set they are equal.  Per function, on
 * demand. */

typedef struct Copies {
	const IrFunc *fn;
	int *defs;                   /* per variable: assignments in fn */
	int *from;                   /* per variable: the variable its one
	                              * assignment copies, or -1 */
} Copies;

static const Copies *
copies(Ctx *c, const IrFunc *fn)
{
	Copies *k = c->pmemo[PROTO_COPIES];
	if (k && k->fn == fn)
		return k;
	if (!k) {
		k = arena_alloc(&c->sum_arena, sizeof(*k));
		c->pmemo[PROTO_COPIES] = k;
	}
	int n = fn->vars.n;
	k->fn = fn;
	k->defs = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)(n + 1));
	k->from = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)(n + 1));
	for (int v = 0; v < n; v++)
		k->from[v] = -1;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind == EV_CALL) {
				/* &v given to a call may change v */
				for (int a = 0; a < e->nargs; a++)
					if (e->args[a].kind == VAL_ADDR && acc_plain(e->args[a].acc))
						k->defs[e->args[a].acc.var] += 2;
				if (e->has_dst && acc_plain(e->dst))
					k->defs[e->dst.var]++;
				continue;
			}
			if (e->kind != EV_ASSIGN)
				continue;
			if (e->src.kind == VAL_ADDR && acc_plain(e->src.acc))
				k->defs[e->src.acc.var] += 2;       /* pp = &p */
			if (!acc_plain(e->dst))
				continue;
			k->defs[e->dst.var]++;
			if (e->src.kind == VAL_ACCESS && acc_plain(e->src.acc))
				k->from[e->dst.var] = e->src.acc.var;
		}
	}
	return k;
}

/* Is v set once in fn (or a parameter never set)? */
static bool
set_once(const IrFunc *fn, const Copies *k, int v)
{
	const IrVar *x = &fn->vars.v[v];
	if (x->kind == VAR_GLOBAL || x->kind == VAR_TEMP || !x->is_pointer)
		return false;
	return x->kind == VAR_PARAM ? k->defs[v] == 0 : k->defs[v] == 1;
}

/* Are a and b the same member (or path) through two pointers that are
 * equal wherever both are set: set once, one from the other or both from
 * a third (`struct ctx *c = arg;`, c->buf and arg->buf)? */
static bool
copy_of(Ctx *c, const IrFunc *fn, Access a, Access b)
{
	if (a.var == b.var || !a.deref || !b.deref || a.field != b.field || a.index != b.index ||
	    a.deep != b.deep || !a.path != !b.path)
		return false;
	if (a.path && strcmp(a.path + strlen(fn->vars.v[a.var].name),
			     b.path + strlen(fn->vars.v[b.var].name)) != 0)
		return false;
	const Copies *k = copies(c, fn);
	if (!set_once(fn, k, a.var) || !set_once(fn, k, b.var))
		return false;
	int ra = k->from[a.var] >= 0 && set_once(fn, k, k->from[a.var]) ? k->from[a.var] : a.var;
	int rb = k->from[b.var] >= 0 && set_once(fn, k, k->from[b.var]) ? k->from[b.var] : b.var;
	return ra == rb;
}

/* Does a copy of a's pointer (copy_of()) still hold the handle in s? */
static bool
copy_holds(Ctx *c, const IrFunc *fn, const State *s, Access a)
{
	for (int i = 0; i < s->nalias; i++)
		if (copy_of(c, fn, a, s->alias[i]))
			return true;
	return false;
}

/* The handle went into p->f: every pointer set once from p (or p's one
 * source) holds it at ->f too. */
static void
same_object(Ctx *c, const IrFunc *fn, State *s, Access at)
{
	const Copies *k = copies(c, fn);
	int p = at.var;
	if (!set_once(fn, k, p))
		return;
	int root = k->from[p] >= 0 && set_once(fn, k, k->from[p]) ? k->from[p] : p;
	for (int q = 0; q < fn->vars.n; q++) {
		if (q == p || !set_once(fn, k, q))
			continue;
		if (q != root && k->from[q] != root)
			continue;
		Access a = at;
		a.var = q;
		alias_add(s, a);        /* a full set forgets the rest */
	}
}

/* The object the plain pointer in e's first argument points to is written
 * whole (memset, memcpy): the places in it no longer hold the handle. */
static void
object_written(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	Value v = e->args[0];
	if (v.kind != VAL_ACCESS || !acc_plain(v.acc) || (!state_live(s) && s->ts != TS_RELEASED))
		return;
	int beyond = 0;
	bool had = drop_inside(site->fn, s, v, false, &beyond) > 0;
	if (!had || s->nalias > 0 || !state_live(s))
		return;
	if (site->quiet || site->param || beyond > 0)
		s->ts = TS_ESCAPED;
	else
		lose(c, site, s, V_LOST_OVERWRITE, e->loc,
		     arena_printf(&c->arena, "*%s", site->fn->vars.v[v.acc.var].name));
}

/* memcpy(dst, &s, sizeof s), memcpy(dst, src, ...): the members of the
 * source that hold the handle are copied into the same members of what
 * dst points to (or of the local struct &dst names). */
static void
object_copied(const Site *site, State *s, const IrEvent *e)
{
	if (e->nargs < 2 || !state_live(s))
		return;
	Value d = e->args[0], from = e->args[1];
	if ((d.kind != VAL_ACCESS && d.kind != VAL_ADDR) || !acc_plain(d.acc) ||
	    (from.kind != VAL_ACCESS && from.kind != VAL_ADDR) || !acc_plain(from.acc))
		return;
	int n = s->nalias;
	for (int i = 0; i < n; i++) {
		Access a = s->alias[i];
		/* a longer path (s.a.f): spelt from the source's name, so
		 * not followed into the copy */
		if (a.var == from.acc.var && a.path)
			s->ts = TS_ESCAPED;
		/* &s copies s.f; a pointer p copies p->f */
		if (a.var != from.acc.var || !a.field || a.deep || a.index ||
		    a.field[0] == '*' || a.deref != (from.kind == VAL_ACCESS))
			continue;
		Access na = a;
		na.var = d.acc.var;
		na.deref = d.kind == VAL_ACCESS;
		if (na.deref && !is_place(site->fn, na))
			continue;
		if (!alias_add(s, na))
			s->ts = TS_ESCAPED;
	}
}

/* Drops aliases rooted at var (all of them, or only those equal to `only`). */
static void
forget(Ctx *c, Site *site, State *s, int var, const Access *only, ViolKind kind,
       Loc where, const char *how)
{
	bool had = false, held = false;
	for (int i = 0; i < s->nalias;) {
		Access a = s->alias[i];
		bool hit = a.var == var && (!only || acc_same(a, *only) ||
			   (acc_plain(*only) && !a.deref));
		if (hit) {
			/* var dies, but the object it points to still holds
			 * the handle: where that object goes is not followed */
			held |= !only && a.deref && tracks_places(site) &&
				!copy_holds(c, site->fn, s, a);
			alias_del_at(s, i);
			had = true;
		} else {
			i++;
		}
	}
	status_del(s, var);
	if (had && held && state_live(s))
		s->ts = TS_ESCAPED;     /* still in that object, whatever else */
	else if (had && s->nalias == 0 && state_live(s))
		lose(c, site, s, kind, where, how);
}

/* The entry by which the function hands out a handle through argument i,
 * or NULL. */
static const RuleAcquire *
writes_out(const RuleFn *r, int i)
{
	for (const RuleAcquire *a = r->acquire; a; a = a->next)
		if (a->out_arg == i)
			return a;
	return NULL;
}

/* The results for which a release of r takes the handle over: its
 * `success`, or with on_success the values that are not the failure value
 * of r's returned handle (fdopen, realloc); OP_NONE: always. */
static Pred
release_success(const RuleFn *r)
{
	const RuleRelease *rel = r->release;
	if (rel->zformat)
		return (Pred){OP_NONE, 0};
	if (rel->success.op != OP_NONE)
		return rel->success;
	if (rel->on_success && r->acquire && r->acquire->out_arg < 0 &&
	    r->acquire->fails.op != OP_NONE)
		return (Pred){cmp_negate(r->acquire->fails.op), r->acquire->fails.value};
	return (Pred){OP_NONE, 0};
}

/* The member of a struct argument that holds the handle: v.f when &v is
 * passed, p->f when p is; NULL if none is known. */
static const char *
inside_field(const State *s, Value arg)
{
	for (int k = 0; k < s->nalias; k++) {
		Access a = s->alias[k];
		/* an array's element "[0]": the callee reads it as p[i], which
		 * its summaries do not follow */
		if (a.var != arg.acc.var || !a.field || a.field[0] == '*' || a.field[0] == '[' ||
		    a.index || a.deep)
			continue;
		if ((arg.kind == VAL_ADDR && !a.deref) || (arg.kind == VAL_ACCESS && a.deref))
			return a.field;
	}
	return NULL;
}

static uint64_t frees_params(Ctx *c, int fi);

/* Where the handle is inside what plain argument v gives a callee, when
 * inside_field() has no answer, as what follows the callee's parameter
 * name (summarize_key()): a longer path under a pointer (o: o->tail->stmt
 * is "->tail->stmt"; &s: s.in.name is "->in.name"), an element of a local
 * array (a: a[2] is "[2]"), a member of a struct given by value (s:
 * s.first is ".first"); else NULL. */
static const char *
inside_key(Arena *arena, const IrFunc *fn, const State *s, Value v)
{
	if ((v.kind != VAL_ACCESS && v.kind != VAL_ADDR) || !acc_plain(v.acc))
		return NULL;
	const IrVar *x = &fn->vars.v[v.acc.var];
	size_t n = strlen(x->name);
	for (int k = 0; k < s->nalias; k++) {
		Access a = s->alias[k];
		if (a.var != v.acc.var)
			continue;
		if (v.kind == VAL_ADDR && a.path && !a.deref && a.path[n] == '.')
			return arena_printf(arena, "->%s", a.path + n + 1);
		if (v.kind != VAL_ACCESS)
			continue;
		if (a.path && x->is_pointer && place_under(fn, a, v.acc, true))
			return a.path + n;
		if (!x->is_aggregate || a.deref)
			continue;
		if (a.path && (a.path[n] == '.' || a.path[n] == '['))
			return a.path + n;
		if (a.field && a.field[0] == '[' && !a.index && !a.deep)
			return a.field;
		if (a.field && a.field[0] != '*' && !a.index && !a.deep)
			return arena_printf(arena, ".%s", a.field);
	}
	return NULL;
}

/* Argument i of e (a plain pointer p) goes to a function of the unit that
 * frees the object on every path (`sess_free(s)`: `free(s)`) and leaves
 * alone the member that holds the handle (neither releases nor keeps
 * it): the handle dies with the object, as in container_released() (a
 * destroy function that forgets a member); or to one of another unit
 * whose `d` line says so.  True if the state held it there. */
static bool
helper_frees_container(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleFn *r, int i)
{
	if (r || !tracks_places(site) || !e->callee || e->args[i].kind != VAL_ACCESS ||
	    !acc_plain(e->args[i].acc))
		return false;
	int fi = fn_index(c, e->callee);
	const char *field = inside_field(s, e->args[i]);
	if (!field)
		return false;
	if (fi < 0) {
		/* a function of another unit: its `d` line (progsum.h) */
		return ask(c, 'l', e->callee, i, 0, field) && object_dies(c, site, s, e, i);
	}
	const IrFunc *callee = c->u->funcs.v[fi];
	if (i >= callee->nparams || i >= 64 || !callee->vars.v[i].is_pointer ||
	    !(frees_params(c, fi) >> i & 1) ||
	    !member_untouched(c, callee, i, field, MU_STRICT | MU_FREED) ||
	    summarize(c, callee, i, false) != SUM_RELEASES)
		return false;
	return object_dies(c, site, s, e, i);
}

/* Is argument i consumed by a %z conversion of the format text fmt (the
 * argument fmt_arg)? */
static bool
z_in_format(const char *fmt, int fmt_arg, int i)
{
	int next = fmt_arg + 1;
	for (const char *p = fmt; *p; p++) {
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

/* What call e does to the handle passed as argument i; *when: the result
 * for which it does so, when a function of the unit takes it only on
 * success (OP_NONE: whatever it returns). */
static Effect
effect_of(SummaryEffect se)
{
	return se == SUM_RELEASES ? FX_RELEASE
	       : se == SUM_BORROWS || se == SUM_PASSES ? FX_NONE : FX_ESCAPE;
}

/* Does the unit's or the program's callee of e return its argument i on
 * every path (SUM_PASSES)?  Its result then holds what i held. */
static bool
passes_arg(Ctx *c, const IrEvent *e, int i)
{
	int fi = e->callee ? fn_index(c, e->callee) : -1;
	if (fi >= 0)
		return i < c->u->funcs.v[fi]->nparams &&
		       summarize(c, c->u->funcs.v[fi], i, false) == SUM_PASSES;
	return ask(c, 'p', e->callee, i, 0, NULL);
}

/* Argument i of a call to a function another unit defines, as if it were
 * the unit's own: its summary for the parameter, what it points to, or
 * the member of a struct passed by address (aux: the member, or the path
 * under it, inside_key()).  flags: 1 the parameter is a pointer to const,
 * the Match shifted by 1, 8 the member is not known (aux NULL); pf NULL:
 * a function no unit summarises. */
uint64_t
own_prog_answer(const ProgFn *pf, int i, int flags, const char *aux)
{
	bool lent = flags & 1;
	Match m = (Match)(flags >> 1 & 3);
	if (!pf || i >= pf->nparams)    /* unknown; variadic: printf-like reads it */
		return lent ? FX_NONE : FX_ESCAPE;
	if (m == M_INSIDE && (flags & 8))
		return ~0ull;           /* never the same: the member was not asked */
	if (m == M_INSIDE)
		return aux ? effect_of(prog_field(pf, i, aux)) : FX_ESCAPE;
	return effect_of(prog_effect(m == M_ADDR ? pf->deref[i] : pf->direct[i]));
}

/* The same asked of c's table for call e.  The member matters only when
 * the callee has a summary; without one it is worked out only for the
 * question kept (answers.c), in the answers' arena: the walk's arena
 * counts against the walk's share of memory, and its bounds are the same
 * whether the answers are kept or not. */
static Effect
prog_call_effect(Ctx *c, const IrFunc *fn, const State *s, const IrEvent *e, int i, Match m)
{
	int flags = (i < 64 && (e->borrowed >> i & 1)) | (int)m << 1;
	const char *aux = NULL;
	if (m == M_INSIDE) {
		const ProgFn *pf = c->lim.program ? progsum_find(c->lim.program, e->callee) : NULL;
		Arena *arena = pf && i < pf->nparams ? &c->arena : answers_arena(c);
		if (arena) {
			aux = inside_field(s, e->args[i]);
			if (!aux)
				aux = inside_key(arena, fn, s, e->args[i]);
		} else {
			flags |= 8;     /* not needed, not kept */
		}
	}
	return (Effect)ask(c, 'e', e->callee, i, flags, aux);
}

/* The same for the format argument of e: a literal, or a local or a
 * temporary whose every assignment is a literal (`cond ? "%z %s" : "%z,%s"`)
 * when all of them consume it. */
static bool
z_argument(const IrFunc *fn, const IrEvent *e, int fmt_arg, int i)
{
	if (fmt_arg < 0 || fmt_arg >= e->nargs)
		return false;
	Value v = e->args[fmt_arg];
	if (v.kind == VAL_STR)
		return z_in_format(v.str, fmt_arg, i);
	if (v.kind != VAL_ACCESS || !acc_plain(v.acc) ||
	    (fn->vars.v[v.acc.var].kind != VAR_LOCAL && fn->vars.v[v.acc.var].kind != VAR_TEMP))
		return false;
	bool any = false;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int j = 0; j < b->ev.n; j++) {
			const IrEvent *x = &b->ev.v[j];
			if (x->kind == EV_CALL && x->has_dst && x->dst.var == v.acc.var)
				return false;
			if (x->kind != EV_ASSIGN || x->dst.var != v.acc.var)
				continue;
			if (x->src.kind != VAL_STR || !acc_plain(x->dst) ||
			    !z_in_format(x->src.str, fmt_arg, i))
				return false;
			any = true;
		}
	}
	return any;
}

static Effect
call_effect(Ctx *c, const IrEvent *e, const RuleFn *r, int i, Match m,
	    const IrFunc *fn, const State *s, Pred *when)
{
	if (r && r->release && r->release->zformat)
		return m == M_DIRECT && z_argument(fn, e, r->release->zformat - 1, i) ? FX_RELEASE
										 : FX_NONE;
	if (r) {
		/* termPQExpBuffer(&buf) frees buf.data, and only uses a
		 * handle given itself */
		const char *member = r->release ? r->release->member : NULL;
		if (member && r->release->arg == i && m == M_INSIDE &&
		    member_same(inside_field(s, e->args[i]), member))
			return FX_RELEASE;
		if (!member && r->release && r->release->arg == i &&
		    (m == M_DIRECT || (m == M_ADDR && e->args[i].acc.var >= 0 &&
		     fn->vars.v[e->args[i].acc.var].is_aggregate) ||
		     (m == M_INSIDE && in_place_release(s, r, e, i))))
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
	int fi = fn_index(c, e->callee);
	if (fi < 0)     /* another unit's function: its summary; unknown: only
			 * a pointer-to-const parameter borrows */
		return prog_call_effect(c, fn, s, e, i, m);
	const IrFunc *callee = c->u->funcs.v[fi];
	if (i >= callee->nparams)       /* variadic part: printf-like reads it */
		return i < 64 && (e->borrowed >> i & 1) ? FX_NONE : FX_ESCAPE;
	SummaryEffect se;
	if (m == M_INSIDE) {
		const char *field = inside_field(s, e->args[i]);
		const char *key = field ? NULL : inside_key(&c->arena, fn, s, e->args[i]);
		bool resets;
		if (key)        /* free_result(h) finalizing h->tail->stmt */
			return effect_of(summarize_key(c, callee, i, key, &resets));
		if (!field)
			return FX_ESCAPE;
		se = summarize_field(c, callee, i, field);
		if (field_overwrites(c, callee, i, field))
			return FX_OVERWRITE;    /* reconnect(h) opens h->conn anew */
	} else {
		se = summarize_when(c, callee, i, m == M_ADDR, when);
		if (se == SUM_RELEASES_IF)
			return FX_RELEASE;
		if (se != SUM_KEEPS_IF)
			when->op = OP_NONE;
	}
	return effect_of(se);
}

/* A helper of the unit released the member of argument i (p->f) that holds
 * the handle, and reset it on every path: p->f names it no longer. */
static void
reset_fields(Ctx *c, const Site *site, State *s, const IrEvent *e, int i)
{
	int fi = e->callee ? fn_index(c, e->callee) : -1;
	if (fi < 0 || e->args[i].kind != VAL_ACCESS || !acc_plain(e->args[i].acc))
		return;
	const IrFunc *callee = c->u->funcs.v[fi];
	for (int k = 0; k < s->nalias;) {
		Access a = s->alias[k];
		bool resets = false;
		if (a.path && place_under(site->fn, a, e->args[i].acc, true))
			summarize_path(c, callee, i, site->fn, a, &resets);
		else if (a.var == e->args[i].acc.var && a.deref && is_place(site->fn, a) && a.field)
			resets = field_resets(c, callee, i, a.field);
		if (resets)
			alias_del_at(s, k);
		else
			k++;
	}
}

static void
release(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleRelease *rel)
{
	/* the caller's handle, its kind a guess: regfree(p->re) then
	 * free(p->re) release two things */
	if (site->param && rel && site->acq && site->acq->kind &&
	    !rules_releases_kind(rel, site->acq->kind))
		return;
	/* regfree(re) on a regex_t that was malloc'ed: the object's contents
	 * go, its memory stays */
	if (rel && rel->kind && rel->kind->in_place && site->acq && site->acq->kind &&
	    !rules_releases_kind(rel, site->acq->kind))
		return;
	if (rel && site->acq && site->acq->kind && !rules_releases_kind(rel, site->acq->kind) &&
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
	s->nview = 0;
	s->uvar = 0;                    /* a previous instance's conditional release */
	s->uat_on = 0;
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
	if (a->out_member) {
		/* open_session(h) leaves it in h->conn; open_session(&s) in
		 * s.conn */
		if ((out.kind != VAL_ACCESS && out.kind != VAL_ADDR) || !acc_plain(out.acc) ||
		    !tracks_places(site)) {
			s->ts = out.kind == VAL_ACCESS || out.kind == VAL_ADDR ? TS_ESCAPED : TS_UNACQ;
			return;
		}
		out.acc.deref = out.kind == VAL_ACCESS;
		/* a pack's member name: the unit's own spelling, if it has
		 * one (the IR compares members by pointer) */
		out.acc.field = ir_interned(c->u, a->out_member);
		out.kind = VAL_ADDR;
		if (!out.acc.field) {
			s->ts = TS_ESCAPED;     /* never read by its name here */
			return;
		}
	} else if (out.kind == VAL_ACCESS && acc_plain(out.acc) && tracks_places(site) &&
	    site->fn->vars.v[out.acc.var].is_pointer) {
		/* sqlite3_open(path, db) with `sqlite3 **db`: the handle is
		 * at *db */
		out.kind = VAL_ADDR;
		out.acc.deref = true;
	}
	if (out.kind == VAL_ADDR) {
		Access target = out.acc;
		alias_add(s, target);
		if (target.var >= 0 && site->fn->vars.v[target.var].kind != VAR_TEMP)
			s->name = tracks_places(site) && (target.field || is_place(site->fn, target))
				  ? spell(c, site->fn, target) : site->fn->vars.v[target.var].name;
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
	if ((v->kind == VAR_GLOBAL || out.acc.deref || out.acc.deep || out.acc.index ||
	     (v->kind == VAR_PARAM && !acc_plain(out.acc))) &&
	    !(tracks_places(site) && any_place(site->fn, out.acc)))
		s->ts = TS_ESCAPED;
}

/* What the path knows of argument i of call e: its constant value, or the
 * value of a flag the path has set or tested; OP_NONE: nothing. */
static Pred
arg_known(const Site *site, const State *s, const IrEvent *e, int i)
{
	if (i < 0 || i >= e->nargs)
		return (Pred){OP_NONE, 0};
	Value v = e->args[i];
	if (v.kind == VAL_INT)
		return (Pred){OP_EQ, v.ival};
	int slot = v.kind == VAL_ACCESS && acc_plain(v.acc) ? flag_slot(site, v.acc.var) : -1;
	if (slot >= 0 && (s->fknown >> slot & 1))
		return (Pred){(CmpOp)s->fop[slot], s->fval[slot]};
	return (Pred){OP_NONE, 0};
}

/* How the path goes on after call e (r: its rule entry): T_NONE it returns,
 * T_EXIT the process ends, T_LONGJMP it jumps away.  What the packs say
 * (noreturn; noreturn_if on an argument the path knows), else whether it
 * is declared noreturn (lowered_exit()), else whether the program's
 * function ever returns.  For every protocol. */
TermKind
call_end(Ctx *c, const Site *site, const State *s, const IrEvent *e, const RuleFn *r)
{
	if (r)
		return !rules_ends_path(r, arg_known(site, s, e, r->noreturn_if - 1)) ? T_NONE
		       : r->jumps ? T_LONGJMP : T_EXIT;
	const IrFunc *fn = site->fn;
	const IrBlock *b = site->cur_block >= 0 && site->cur_block < fn->blocks.n
			   ? fn->blocks.v[site->cur_block] : NULL;
	if (lowered_exit(b, e) || never_returns(c, e->callee))
		return T_EXIT;
	/* disconnect(conn, true) with exit(1) when its flag is set */
	for (int i = 0; e->callee && i < e->nargs; i++)
		if (never_returns_if(c, e->callee, i, arg_known(site, s, e, i)))
			return T_EXIT;
	return T_NONE;
}

/* Does a path of fn that leaves by `how` end the process (exit(), a return
 * from main)?  What is held there is worth a finding only with
 * --report-at-exit.  For every protocol. */
bool
ends_process(Ctx *c, const IrFunc *fn, TermKind how)
{
	return how == T_EXIT || (how == T_RETURN && fn_is_entry(c, fn));
}

/* The process ends here (exit(), a noreturn call): with --report-at-exit a
 * handle still owned is a leak "before the process exits". */
static void
lost_at_process_end(Ctx *c, Site *site, State *s, Loc where)
{
	hand_over_places(c, site, s);
	if (!c->lim.report_at_exit || site->quiet || !state_live(s))
		return;
	site->exit_how = T_EXIT;
	lose(c, site, s, V_LOST_EXIT, where, NULL);
	site->exit_how = T_NONE;
}

/* A view of the released handle read at e (value v): a use after release
 * that names the view; one report per path, as for the handle. */
static bool
view_used(Ctx *c, Site *site, State *s, const IrEvent *e, Value v, const char *how)
{
	int k = s->ts == TS_RELEASED ? view_match(s, v) : -1;
	if (k < 0)
		return false;
	site->use_view = spell(c, site->fn, s->view[k]);
	site->use_view_by = s->view_by[k];
	violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, how);
	site->use_view = site->use_view_by = NULL;
	s->ts = TS_LOST;
	s->nalias = 0;
	s->nview = 0;
	return true;
}

/* mysql_init(m) with the caller's object after mysql_close(m): an
 * acquirer that allocates only for a NULL argument (null_arg) sets the
 * object up again when given one.  Only for the caller's handle: one this
 * function got from mysql_init(NULL) was freed whole by the close. */
static bool
reinitialised(const Site *site, State *s, const RuleFn *r, Match m, int i)
{
	if (!site->param || !r || m != M_DIRECT || s->ts != TS_RELEASED)
		return false;
	for (const RuleAcquire *a = r->acquire; a; a = a->next)
		if (a->null_arg == i + 1) {
			s->ts = TS_MAYBE;
			s->released = (Loc){0};
			return true;
		}
	return false;
}

/* Does the call that releases the handle hand it on to a new object of
 * another kind (fdopen(fd), a wrapper of it: the stream owns the
 * descriptor, which stays open while the stream lives)?  Then reading
 * the old handle afterwards (fstat(fd)) is no use after release; a second
 * release still is. */
static bool
takes_over(Ctx *c, const Site *site, const IrEvent *e, const RuleFn *r)
{
	const RuleAcquire *a = r ? (r->release ? r->acquire : NULL)
				 : e->callee ? wrapper(c, e->callee) : NULL;
	return a && a->kind && site->acq && site->acq->kind && a->kind != site->acq->kind;
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
			if (r && r->release && r->release->arg == i && !r->release->member &&
			    match_value(s, fn, e->args[i]) == M_DIRECT)
				release(c, site, s, e, r->release);
	}
	for (int i = 0; i < e->nargs && s->nview; i++)
		if (view_used(c, site, s, e, e->args[i], e->callee))
			break;
	/* a call given a view's place, not as a pointer to const, may store
	 * something else there (sqlite3_keyword_name(i, &c->row, &n)) */
	for (int i = 0; i < e->nargs && s->nview; i++)
		if (e->args[i].kind == VAL_ADDR && !(i < 64 && (e->borrowed >> i & 1)))
			view_del_acc(s, e->args[i].acc);
	if (!r)
		unknown_call(c, site, s, e);
	if (s->ts != TS_UNACQ && s->ts != TS_LOST && s->ts != TS_ESCAPED) {
		for (int i = 0; i < e->nargs; i++) {
			Match m = match_value(s, fn, e->args[i]);
			if (m == M_NONE)
				continue;
			/* getline(&line, ...): the call takes over (grows) the
			 * buffer line holds; its own site follows what it hands
			 * back */
			const RuleAcquire *wo = r && (m == M_ADDR || m == M_INSIDE)
						? writes_out(r, i) : NULL;
			/* initPQExpBuffer(&buf) again over the handle in buf.data */
			if (wo && (m == M_INSIDE) != (wo->out_member != NULL))
				wo = NULL;
			if (wo && m == M_INSIDE &&
			    !member_same(inside_field(s, e->args[i]), wo->out_member))
				wo = NULL;
			if (wo && wo->inout && state_live(s)) {
				s->ts = TS_ESCAPED;
				break;
			}
			/* Passed as the out-argument of an acquirer: overwritten. */
			if (wo) {
				if (!is_site || state_live(s)) {
					Access target = e->args[i].acc;
					const char *how = fn->vars.v[target.var].name;
					if (m == M_INSIDE) {
						target.deref = e->args[i].kind == VAL_ACCESS;
						target.field = ir_interned(c->u, wo->out_member);
						how = spell(c, fn, target);
					}
					if (site->quiet && site->homed && state_live(s) &&
					    acc_same(target, site->home)) {
						/* db_open(): sqlite3_open(p, &db) over
						 * the caller's db */
						site->overwrote = true;
						s->ts = TS_ESCAPED;
						break;
					}
					forget(c, site, s, target.var, &target, V_LOST_OVERWRITE,
					       e->loc, how);
				}
				continue;
			}
			if (s->ts == TS_NULL)
				continue;
			if (m == M_INSIDE && (container_released(c, site, s, e, r, i) ||
					      helper_frees_container(c, site, s, e, r, i)))
				continue;
			if (reinitialised(site, s, r, m, i))
				continue;
			s->used |= USED_PASSED;
			Pred when = {OP_NONE, 0};
			Effect fx = call_effect(c, e, r, i, m, fn, s, &when);
			Pred ok = fx == FX_RELEASE && r && r->release ? release_success(r) : when;
			if (ok.op != OP_NONE && e->has_dst && state_live(s)) {
				/* fdopen(fd): the stream owns fd only if it was
				 * made; realloc(p, n) frees p only if it returns a
				 * new block; sqlite3_close(db) closes only on
				 * SQLITE_OK; a function of the unit that stores
				 * it and returns 0, or returns -1 without, takes
				 * it only on 0.  The branches on the result decide
				 * (refine_handle); a result never tested counts
				 * as success. */
				s->upre = s->ts;
				s->uvar = (int16_t)(e->dst.var + 1);
				s->uat_on = 0;
				s->usucc = ok;
				if (fx == FX_ESCAPE) {
					s->ts = TS_ESCAPED;
					break;
				}
				release(c, site, s, e, r ? r->release : NULL);
				if (s->ts == TS_RELEASED && takes_over(c, site, e, r))
					s->used |= USED_MOVED;
			} else if (fx == FX_RELEASE) {
				release(c, site, s, e, r ? r->release : NULL);
				if (s->ts == TS_RELEASED && takes_over(c, site, e, r))
					s->used |= USED_MOVED;
				/* helper(&res) released *res: what res holds now is
				 * whatever the helper put there (NULL, a new result) */
				if (m == M_ADDR && !r)
					drop_same(s, e->args[i].acc);
				/* disconnect(h) closed h->conn and set it to NULL */
				if (m == M_INSIDE && !r)
					reset_fields(c, site, s, e, i);
			}
			else if (s->ts == TS_RELEASED && m == M_DIRECT && !(s->used & USED_MOVED)) {
				violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, e->callee);
				s->ts = TS_LOST;        /* one report per path is enough */
				s->nalias = 0;
			}
			else if (fx == FX_OVERWRITE && state_live(s)) {
				const char *field = inside_field(s, e->args[i]);
				Access at = e->args[i].acc;
				at.field = field;
				at.deref = e->args[i].kind == VAL_ACCESS;
				drop_same(s, at);
				if (s->nalias > 0)
					continue;       /* p.start still holds it */
				if (site->quiet) {
					s->ts = TS_ESCAPED;
					if (site->homed && acc_same(at, site->home))
						site->overwrote = true;
				} else {
					lose(c, site, s, V_LOST_OVERWRITE, e->loc, spell(c, fn, at));
				}
				break;
			}
			else if (fx == FX_OVERWRITE && s->ts == TS_RELEASED) {
				/* what it put there is not the released handle */
				drop_inside(fn, s, e->args[i], false, NULL);
				if (s->nalias == 0)
					s->ts = TS_ESCAPED;
			}
			else if (fx == FX_ESCAPE && s->ts == TS_RELEASED && m == M_INSIDE &&
				 tracks_places(site) && e->args[i].kind == VAL_ACCESS) {
				/* refill(h) may have put a new buffer at h->buf */
				drop_inside(fn, s, e->args[i], false, NULL);
				if (s->nalias == 0)
					s->ts = TS_ESCAPED;
			}
			else if (fx == FX_ESCAPE && s->ts != TS_RELEASED) {
				s->ts = TS_ESCAPED;
				break;
			}
		}
	}
	/* memset(p, 0, sizeof *p), memcpy(p, ...): the whole object p points
	 * to is written, its members with it */
	if (r && r->passes == 1 && e->nargs > 0 && tracks_places(site)) {
		object_written(c, site, s, e);
		object_copied(site, s, e);
	}
	/* memcpy(dst, ...) returns dst: the result holds it too */
	if (r && r->passes && e->has_dst && r->passes - 1 < e->nargs && state_live(s) &&
	    match_value(s, fn, e->args[r->passes - 1]) == M_DIRECT)
		alias_add(s, e->dst);
	/* ... and so does a function of the program that returns its argument */
	for (int i = 0; !r && e->has_dst && i < e->nargs && state_live(s); i++)
		if (match_value(s, fn, e->args[i]) == M_DIRECT && passes_arg(c, e, i)) {
			alias_add(s, e->dst);
			break;
		}
	/* PQgetvalue(res, ...) returns a pointer into res: dead with it */
	if (r && r->view_of && e->has_dst && r->view_of - 1 < e->nargs && state_live(s) &&
	    match_value(s, fn, e->args[r->view_of - 1]) == M_DIRECT)
		view_add(s, e->dst, e->callee);
	if (is_site && !state_live(s))
		start_instance(c, site, s, e);
	TermKind end = call_end(c, site, s, e, r);
	if (end == T_EXIT)
		lost_at_process_end(c, site, s, e->loc);
	return end == T_NONE;
}

static bool
outlives(const IrFunc *fn, Access a)
{
	const IrVar *v = &fn->vars.v[a.var];
	return v->kind == VAR_GLOBAL || a.deref || a.index || (a.deep && !deep_place(a));
}

/* What an assignment does to the handle: aliases, status variables. */
void
own_assign(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	const IrFunc *fn = site->fn;
	Access dst = e->dst;
	if (s->uat_on && acc_same(dst, s->uat))
		s->uat_on = 0;
	if (s->uvar && acc_plain(dst)) {
		if (e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
		    e->src.acc.var + 1 == s->uvar)
			s->uvar = (int16_t)(dst.var + 1);
		else if (dst.var + 1 == s->uvar)
			s->uvar = 0;
	} else if (s->uvar && !dst.deep && !dst.index && e->src.kind == VAL_ACCESS &&
		   acc_plain(e->src.acc) && e->src.acc.var + 1 == s->uvar) {
		/* h->priv = fdopen(fd, "r"): tested at h->priv */
		s->uat = dst;
		s->uat_on = 1;
	}
	handoff_assign(s, e);
	if (s->nview) {
		/* v = PQgetvalue(...) and its copies; what dst held is gone */
		int k = e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) ? view_match(s, e->src) : -1;
		const char *by = k >= 0 ? s->view_by[k] : NULL;
		if (acc_plain(dst)) {
			view_del_var(s, dst.var, false);
		} else {
			view_del_acc(s, dst);   /* l->text = "": no longer into it */
		}
		if (k >= 0 && state_live(s))
			view_add(s, dst, by);
		else if (k < 0 && s->ts == TS_RELEASED && view_match(s, e->src) >= 0)
			view_used(c, site, s, e, e->src, NULL);
	}
	if (s->ts == TS_ESCAPED && handoff_active(s) && acc_plain(dst)) {
		/* with a thread: its copies may still name it to a join
		 * (w = p + i; pthread_join(w->thread, ...)) */
		Match cm = match_value(s, fn, e->src);
		bool copy = cm == M_DIRECT || (cm == M_INSIDE && e->src.kind == VAL_ADDR &&
					       e->src.acc.index);   /* &pool[i] */
		for (int i = 0; i < s->nalias; i++)
			if (acc_plain(s->alias[i]) && s->alias[i].var == dst.var) {
				alias_del_at(s, i);
				break;
			}
		if (copy)
			alias_add(s, dst);
		return;
	}
	if (s->ts == TS_UNACQ || s->ts == TS_LOST || s->ts == TS_ESCAPED)
		return;
	Match m = match_value(s, fn, e->src);
	/* ref = &iter->base, with iter the handle: a pointer into it, which
	 * the code returns or hands on for the whole (container_of) */
	if (m == M_INSIDE && tracks_places(site) && e->src.kind == VAL_ADDR &&
	    e->src.acc.deref && e->src.acc.field && !e->src.acc.index && !e->src.acc.deep &&
	    acc_plain(dst) && is_alias(s, ir_acc(e->src.acc.var)))
		m = M_DIRECT;
	bool src_status = e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
			  status_has(s, e->src.acc.var);
	/* What held the handle at dst no longer does. */
	State before = *s;
	bool somewhere = dst.field && dst.field[0] == '*';  /* {..} initializers */
	bool places = tracks_places(site);
	/* *p = v writes the whole object p points to, p->f included */
	bool whole = places && dst.deref && !dst.field && !dst.deep && !dst.index;
	bool moved = false;     /* a pointer to an object holding it moved on */
	for (int i = 0; i < s->nalias && !somewhere;) {
		Access a = s->alias[i];
		/* o->pin = q or *o = v with the handle at o->pin->name: still
		 * in that object; o->in = v with it at o->in.name: gone */
		int u = a.path && !acc_plain(dst)
			? place_under(fn, a, whole ? ir_acc(dst.var) : dst, whole) : 0;
		if (u) {
			alias_del_at(s, i);
			moved |= u == PLACE_BEYOND;
			continue;
		}
		bool repoint = places && a.var == dst.var && acc_plain(dst) && a.deref;
		if (a.var == dst.var && (acc_same(a, dst) || (acc_plain(dst) && !a.deref) ||
					 repoint || (whole && a.deref))) {
			alias_del_at(s, i);
			moved |= repoint;
		} else {
			i++;
		}
	}
	if (acc_plain(dst))
		status_del(s, dst.var);
	/* state->out = &buf, with the handle in buf.data and buf a local
	 * struct: the object dies with the function, so whoever holds its
	 * address holds it only until the return (the scanner appends to it
	 * through state->out); the handle stays followed in buf.data */
	if (m == M_INSIDE && places && e->src.kind == VAL_ADDR && acc_plain(e->src.acc) &&
	    fn->vars.v[e->src.acc.var].kind == VAR_LOCAL &&
	    fn->vars.v[e->src.acc.var].is_aggregate && !acc_plain(dst))
		m = M_NONE;
	if (m != M_NONE && s->ts != TS_NULL && s->ts != TS_RELEASED) {
		bool place = places && m == M_DIRECT && any_place(fn, dst);
		if (!place && (m == M_ADDR || outlives(fn, dst) ||
			       fn->vars.v[dst.var].kind == VAR_GLOBAL)) {
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
				if (before.alias[i].var == e->src.acc.var && before.alias[i].path) {
					s->ts = TS_ESCAPED;     /* spelt by the old name */
				} else if (before.alias[i].var == e->src.acc.var &&
					   !acc_plain(before.alias[i])) {
					na = before.alias[i];
					na.var = dst.var;
					if (!alias_add(s, na))
						s->ts = TS_ESCAPED;
				}
		} else if (!alias_add(s, na)) {
			s->ts = TS_ESCAPED;
		} else if (place && dst.deref && !dst.path) {
			same_object(c, fn, s, dst);
		}
		if (!s->name && fn->vars.v[dst.var].kind != VAR_TEMP)
			s->name = spell(c, fn, dst);
	} else if (m != M_NONE) {
		alias_add(s, dst);
	}
	if (src_status && acc_plain(dst))
		status_add(s, dst.var, status_has(&before, e->src.acc.var) - 1);
	if (before.nalias > 0 && state_live(s) &&
	    (moved || (s->nalias == 0 && site->quiet && places && any_place(fn, dst)))) {
		/* still in that object, not followed; or a summary's caller's
		 * place now holds something else: the callee took it */
		s->ts = TS_ESCAPED;
		if (site->quiet && site->homed && acc_same(dst, site->home))
			site->overwrote = true;
	} else if (before.nalias > 0 && s->nalias == 0 && state_live(s)) {
		if (!lost_on_way_out(c, site, V_LOST_OVERWRITE))
			violate(c, site, &before, V_LOST_OVERWRITE, e->loc,
				places && any_place(fn, dst) ? spell(c, fn, dst)
							    : fn->vars.v[dst.var].name);
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
	if (s->nview)
		view_del_var(s, e->var, true);
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
		s->used |= USED_PASSED;
	if (s->nview && view_used(c, site, s, e, e->src, NULL))
		return;
	if (s->ts == TS_RELEASED && !(s->used & USED_MOVED) &&
	    match_value(s, site->fn, e->src) == M_DIRECT) {
		violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, NULL);
		s->ts = TS_LOST;
		s->nalias = 0;
	}
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

/* Does cond test the member of the handle's object that its acquire entry
 * names in fails_member (buf.maxlen, with the handle in buf.data)? */
static bool
tests_fails_member(const Site *site, const State *s, const Cond *cond)
{
	const RuleAcquire *a = site->acq;
	Access t = cond->lhs;
	if (!a || !a->fails_member || !a->out_member || !t.field || t.deep || t.index ||
	    strcmp(t.field, a->fails_member) != 0)
		return false;
	for (int i = 0; i < s->nalias; i++) {
		Access h = s->alias[i];
		if (h.var == t.var && h.deref == t.deref && h.field && !h.deep && !h.index &&
		    strcmp(h.field, a->out_member) == 0)
			return true;
	}
	return false;
}

/* What a branch edge says about the handle, its status, a thread's start. */
bool
refine_handle(Site *site, State *s, const Cond *cond, Pred test)
{
	if ((s->uvar && acc_plain(cond->lhs) && cond->lhs.var + 1 == s->uvar) ||
	    (s->uat_on && acc_same(cond->lhs, s->uat))) {
		PredImpl ok = pred_implies(test, s->usucc);
		if (ok == PRED_FALSE && (s->ts == TS_RELEASED || s->ts == TS_ESCAPED))
		{
			s->ts = s->upre;        /* not taken over: still the caller's */
			s->used |= USED_KEPT;
			s->used &= (uint8_t)~USED_MOVED;
		}
		if (ok != PRED_UNKNOWN)
			s->uvar = 0, s->uat_on = 0;
		return true;
	}
	if (handoff_edge(s, cond, test))
		return true;
	if (tests_fails_member(site, s, cond)) {
		/* `if (PQExpBufferDataBroken(buf))`: buf.maxlen == 0, so
		 * buf.data is the static empty string, nothing to release;
		 * the other way says nothing (it may break later) */
		if (pred_implies(test, site->acq->member_fails) == PRED_TRUE && state_live(s))
			s->ts = TS_NULL;
		return true;
	}
	if (s->ts != TS_MAYBE && s->ts != TS_OWNED && s->ts != TS_NULL)
		return true;
	/* `if (!h) return -1;` with the handle at h->stmt (h->tail->stmt):
	 * the object h points to holds it, so h is not NULL */
	if (state_live(s) && acc_plain(cond->lhs) && site->fn->vars.v[cond->lhs.var].is_pointer &&
	    pred_implies(test, (Pred){OP_EQ, 0}) == PRED_TRUE)
		for (int i = 0; i < s->nalias; i++)
			if (s->alias[i].var == cond->lhs.var && s->alias[i].deref)
				return false;
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
	/* A descriptor (failure "< 0") known to be 0, 1 or 2 is a standard
	 * stream, kept open on purpose (`while (fd < 2) fd = dup(fd);`,
	 * `if (fd != 1) { dup2(fd, 1); close(fd); }`): never a leak. */
	if (on_alias && failed != PRED_TRUE && site->fails.op == OP_LT && site->fails.value == 0 &&
	    pred_implies(test, (Pred){OP_LE, 2}) == PRED_TRUE)
		s->used |= USED_STDIO;
	/* A pointer handle known good is not NULL, whatever the failure
	 * value (mmap's MAP_FAILED): `if (map) munmap(map, n)` */
	if (on_alias && s->ts == TS_OWNED && failed != PRED_TRUE && acc_plain(cond->lhs) &&
	    site->fn->vars.v[cond->lhs.var].is_pointer &&
	    pred_implies(test, (Pred){OP_EQ, 0}) == PRED_TRUE)
		return false;
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

/* Does fn give back a pointer as a number (`return res;` of a function
 * returning bool or int)?  The caller gets whether there was one, not the
 * handle. */
static bool
pointer_as_number(const IrFunc *fn, Value ret)
{
	if (!fn->returns_number || ret.kind != VAL_ACCESS || !acc_plain(ret.acc))
		return false;
	return ir_var_pointer(&fn->vars.v[ret.acc.var]);
}

/* What every exit does for a protocol built on ownership: a handle
 * returned escapes (not one returned as a number: it is lost); a quiet
 * run records how its exits leave it.  True when that is all (a quiet
 * run). */
bool
exit_seen(Site *site, State *s, const IrBlock *b)
{
	bool returned = false;
	if (b->term == T_RETURN && match_value(s, site->fn, b->ret) != M_NONE &&
	    s->ts != TS_RELEASED && s->ts != TS_NULL && !pointer_as_number(site->fn, b->ret)) {
		returned = state_live(s);
		s->ts = TS_ESCAPED;
	}
	if (site->quiet) {
		for (int i = 0; s->ts == TS_RELEASED && site->homed && i < s->nalias; i++)
			if (acc_same(s->alias[i], site->home))
				site->exit_dangling = true;
		int held = -1;          /* for ret_sign: 0 taken, 1 held, 2 failed */
		if (returned) {
			site->exit_returned = true;
		} else if (s->ts == TS_RELEASED || s->ts == TS_ESCAPED) {
			site->exit_released |= s->ts == TS_RELEASED;
			site->exit_escaped |= s->ts == TS_ESCAPED;
			held = 0;
		} else if (state_live(s)) {
			site->exit_owned = true;
			held = 1;
		} else if (s->ts == TS_NULL || s->ts == TS_UNACQ) {
			held = 2;       /* failed, or never begun on this path */
		}
		if (held >= 0 && b->term == T_RETURN)
			site->ret_sign[held] |= value_sign(site, s, b->ret);
		return true;
	}
	return false;
}

/* Does e store into place a: an assignment, or a call given &a (an
 * out-parameter: `prepare(db, q, &h->stmt)`)?  With reset false, a store
 * of a constant (`h->stmt = NULL`) is none: the member names no handle. */
static bool
writes_place(const IrEvent *e, Access a, bool reset)
{
	if (e->kind == EV_ASSIGN)
		return acc_same(e->dst, a) && (reset || e->src.kind != VAL_INT);
	if (e->kind == EV_CALL)
		for (int i = 0; i < e->nargs; i++)
			if (e->args[i].kind == VAL_ADDR && acc_same(e->args[i].acc, a))
				return true;
	return false;
}

/* Does block b store a new value into place a (from event `from` on)? */
static bool
stores_into(const IrBlock *b, int from, Access a)
{
	for (int k = from; k < b->ev.n; k++)
		if (b->ev.v[k].kind == EV_ASSIGN && writes_place(&b->ev.v[k], a, false))
			return true;
	return false;
}

/* Does every path from fn's entry to event k of block bi store into place
 * a before it: is what a release there releases a value fn put there, not
 * the one it was given? */
static bool
stored_before(Ctx *c, const IrFunc *fn, int bi, int k, Access a)
{
	int nb = fn->blocks.n;
	uint8_t *seen = arena_alloc(&c->arena, (size_t)nb + 1);
	int *work = arena_alloc(&c->arena, sizeof(int) * (size_t)(nb + 1));
	memset(seen, 0, (size_t)nb + 1);
	int n = 0;
	work[n++] = 0;
	seen[0] = 1;
	while (n > 0) {
		int xi = work[--n];
		const IrBlock *x = fn->blocks.v[xi];
		int w = 0;
		while (w < x->ev.n && !writes_place(&x->ev.v[w], a, true))
			w++;
		if (xi == bi && k <= w)
			return false;
		if (w < x->ev.n)
			continue;
		int succ[2], ns = ir_succs(x, succ);
		for (int t = 0; t < ns; t++)
			if (succ[t] >= 0 && succ[t] < nb && !seen[succ[t]]) {
				seen[succ[t]] = 1;
				work[n++] = succ[t];
			}
	}
	return true;
}

/* Does call e name place a, or the plain variable at its root (what a
 * helper given the object may release)? */
static bool
names_place(const IrEvent *e, Access a)
{
	for (int i = 0; i < e->nargs; i++)
		if (e->args[i].kind == VAL_ACCESS && e->args[i].acc.var == a.var &&
		    (acc_same(e->args[i].acc, a) || acc_plain(e->args[i].acc)))
			return true;
	return false;
}

/* What call e gives a release of the packs, when it names storage: the
 * access, through *x; else false. */
static bool
pack_released(Ctx *c, const IrEvent *e, Access *x)
{
	const RuleFn *r = e->kind == EV_CALL && e->callee ? engine_lookup(c, e->callee) : NULL;
	int ra = r && r->release ? r->release->arg : -1;
	if (ra < 0 || ra >= e->nargs || e->args[ra].kind != VAL_ACCESS)
		return false;
	*x = e->args[ra].acc;
	return true;
}

/* Bit p: may function fi of the unit release a member of its parameter p:
 * give p->f (a place) to a release of the packs, or p to a function of the unit
 * that may?  A scan, no walk; what releases_place() asks first.  With it,
 * frees_params(): bit p, may it give p itself to a release of the packs,
 * or to a function of the unit that may.  Memoised (Summary.relm,
 * .frees). */
static uint64_t
member_releases(Ctx *c, int fi)
{
	Summary *sm = &c->sums[fi];
	if (sm->relm_state)
		return sm->relm_state == 2 ? sm->relm : ~(uint64_t)0;  /* recursion: may */
	sm->relm_state = 1;
	const IrFunc *fn = c->u->funcs.v[fi];
	uint64_t m = 0, fr = 0;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			Access x = {0};
			if (engine_lookup(c, e->callee)) {
				uint64_t bit = pack_released(c, e, &x) && x.var >= 0 &&
					       x.var < fn->nparams && x.var < 64 ? (uint64_t)1 << x.var : 0;
				if (x.deref && x.field && any_place(fn, x))
					m |= bit;
				else if (acc_plain(x))
					fr |= bit;
				continue;
			}
			int gi = fn_index(c, e->callee);
			uint64_t g = gi >= 0 && gi != fi ? member_releases(c, gi) : 0;
			uint64_t gf = gi >= 0 && gi != fi ? frees_params(c, gi) : 0;
			for (int i = 0; (g | gf) && i < e->nargs && i < 64; i++) {
				x = e->args[i].acc;
				if (e->args[i].kind != VAL_ACCESS || !acc_plain(x) || x.var < 0 ||
				    x.var >= fn->nparams || x.var >= 64)
					continue;
				if (g >> i & 1)
					m |= (uint64_t)1 << x.var;
				if (gf >> i & 1)
					fr |= (uint64_t)1 << x.var;
			}
		}
	}
	sm = &c->sums[fi];
	sm->relm = m;
	sm->frees = fr;
	sm->relm_state = 2;
	return m;
}

static uint64_t
frees_params(Ctx *c, int fi)
{
	member_releases(c, fi);
	const Summary *sm = &c->sums[fi];
	return sm->relm_state == 2 ? sm->frees : ~(uint64_t)0;  /* recursion: may */
}

/* Does call e release the handle in place a (a parameter's member) on
 * every path: a release of the packs that cannot fail to happen, or a
 * function of the unit given the object that releases that member
 * (`free_result(h, r)` finalizing h->stmt)?  *helper: by the latter.
 * With cheap, a helper that may release a member of that parameter
 * (member_releases()) is taken on trust: no walk. */
static bool
releases_place(Ctx *c, const IrFunc *fn, const IrEvent *e, Access a, bool cheap, bool *helper)
{
	*helper = false;
	if (e->kind != EV_CALL || !e->callee)
		return false;
	const RuleFn *r = engine_lookup(c, e->callee);
	if (r) {
		/* not a release that may not happen (realloc frees the old
		 * block only when it returns a new one) */
		return r->release && !r->release->zformat && !r->release->member &&
		       !r->acquire && r->release->success.op == OP_NONE &&
		       r->release->arg < e->nargs &&
		       e->args[r->release->arg].kind == VAL_ACCESS &&
		       acc_same(e->args[r->release->arg].acc, a);
	}
	int fi = fn_index(c, e->callee);
	if (fi < 0)
		return false;
	const IrFunc *callee = c->u->funcs.v[fi];
	uint64_t may = member_releases(c, fi);
	for (int i = 0; i < e->nargs && i < callee->nparams && i < 64; i++) {
		if (e->args[i].kind != VAL_ACCESS || !acc_plain(e->args[i].acc) ||
		    e->args[i].acc.var != a.var || !callee->vars.v[i].is_pointer ||
		    !(may >> i & 1))
			continue;
		bool resets;
		if (cheap || (a.path ? summarize_path(c, callee, i, fn, a, &resets)
				     : summarize_field(c, callee, i, a.field)) == SUM_RELEASES) {
			*helper = true;
			return true;
		}
	}
	return false;
}

/* Does block b write plain variable v? */
static bool
writes_var(const IrBlock *b, int v)
{
	for (int k = 0; k < b->ev.n; k++) {
		const IrEvent *e = &b->ev.v[k];
		if ((e->kind == EV_ASSIGN || (e->kind == EV_CALL && e->has_dst)) &&
		    acc_plain(e->dst) && e->dst.var == v)
			return true;
		for (int i = 0; e->kind == EV_CALL && i < e->nargs; i++)
			if (e->args[i].kind == VAL_ADDR && e->args[i].acc.var == v)
				return true;
	}
	return false;
}

/* Is plain variable v negative when block bi starts, because the one way
 * into it passed a test saying so (`if (ret < 0 && r)`), with no write to
 * v since?  Followed back through blocks with one predecessor. */
static bool
negative_here(const IrFunc *fn, int bi, int v)
{
	static const Pred neg = {OP_LT, 0};
	int nb = fn->blocks.n, cur = bi;
	for (int step = 0; step < 16 && cur > 0; step++) {
		if (writes_var(fn->blocks.v[cur], v))
			return false;
		int pred = -1, npred = 0;
		for (int x = 0; x < nb && npred < 2; x++) {
			int succ[2], ns = ir_succs(fn->blocks.v[x], succ);
			for (int t = 0; t < ns; t++)
				if (succ[t] == cur) {
					pred = x;
					npred++;
					break;
				}
		}
		if (npred != 1)
			return false;
		const IrBlock *p = fn->blocks.v[pred];
		const Cond *cd = &p->cond;
		if (p->term == T_BRANCH && p->succ[0] != p->succ[1] && cd->known &&
		    acc_plain(cd->lhs) && cd->lhs.var == v) {
			Pred t = {p->succ[0] == cur ? cd->op : cmp_negate(cd->op), cd->rhs};
			if (pred_implies(t, neg) == PRED_TRUE)
				return true;
		}
		cur = pred;
	}
	return false;
}

/* Does the return of block x give a negative value, when the path came
 * from a release in block bi: a negative constant, or a variable that a
 * test said was negative there and nothing between (the blocks of seen)
 * wrote? */
static bool
returns_negative(const IrFunc *fn, const IrBlock *x, int bi, const uint8_t *seen)
{
	if (x->ret.kind == VAL_INT)
		return x->ret.ival < 0;
	if (x->ret.kind != VAL_ACCESS || !acc_plain(x->ret.acc) || x->ret.acc.var < 0)
		return false;
	int v = x->ret.acc.var;
	for (int i = 0; i < fn->blocks.n; i++)
		if (seen[i] && i != bi && writes_var(fn->blocks.v[i], v))
			return false;
	return negative_here(fn, bi, v);
}

/* Does fn, after releasing the handle in place a (a parameter's member)
 * itself, return a negative constant with nothing new stored there:
 * its own error path's cleanup (`error: mysql_stmt_close(ctx->stmt); ...
 * return -1;`, or `sqlite3_finalize(h->stmt); h->stmt = NULL; return -1;`,
 * or a helper of the unit that does it)?  Not a release that makes room
 * for a new value (`free(c->name); c->name = xstrdup(v);`); and a release
 * followed by a reset, or a helper's, only of a value fn stored there on
 * every path (a setter's `free(it->name); it->name = NULL; if (!v) return
 * -1;` releases the caller's old value, which is no cleanup). */
static bool
cleans_up_on_error_scan(Ctx *c, const IrFunc *fn, Access a, Loc *where)
{
	int nb = fn->blocks.n;
	for (int bi = 0; bi < nb; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			bool helper;
			if (e->kind != EV_CALL || !e->callee || !names_place(e, a) ||
			    !releases_place(c, fn, e, a, true, &helper) || stores_into(b, k + 1, a))
				continue;
			bool reset = false;
			for (int j = k + 1; j < b->ev.n && !reset; j++)
				reset = writes_place(&b->ev.v[j], a, true);
			/* the returns this release reaches before a new store */
			uint8_t *seen = arena_alloc(&c->arena, (size_t)nb + 1);
			memset(seen, 0, (size_t)nb + 1);
			int *work = arena_alloc(&c->arena, sizeof(int) * (size_t)(nb + 1));
			int n = 0;
			bool neg = false;
			work[n++] = bi;
			seen[bi] = 1;
			while (n > 0 && !neg) {
				const IrBlock *x = fn->blocks.v[work[--n]];
				if (x != b && stores_into(x, 0, a))
					continue;
				if (x->term == T_RETURN && returns_negative(fn, x, bi, seen)) {
					neg = true;
					break;
				}
				int succ[2], ns = ir_succs(x, succ);
				for (int t = 0; t < ns; t++) {
					int to = succ[t];
					if (to >= 0 && to < nb && !seen[to]) {
						seen[to] = 1;
						work[n++] = to;
					}
				}
			}
			/* asked last: a helper's answer is a walk */
			if (neg && releases_place(c, fn, e, a, false, &helper) &&
			    (!(helper || reset) || stored_before(c, fn, bi, k, a))) {
				*where = e->loc;
				return true;
			}
		}
	}
	return false;
}

/* The same, asked at every exit of every site that holds a parameter's
 * member: answered once per function and place (Ctx.cleanups), with
 * where the cleanup releases it. */
static const Cleanup *
cleans_up_on_error(Ctx *c, const IrFunc *fn, Access a)
{
	for (int i = 0; i < c->cleanups.n; i++)
		if (c->cleanups.v[i].fn == fn && acc_same(c->cleanups.v[i].at, a))
			return c->cleanups.v[i].yes ? &c->cleanups.v[i] : NULL;
	Cleanup k = {fn, a, false, {0}};
	k.yes = cleans_up_on_error_scan(c, fn, a, &k.where);
	avec_push(&c->sum_arena, &c->cleanups, k);
	return k.yes ? &c->cleanups.v[c->cleanups.n - 1] : NULL;
}

/* May fn have an error path's cleanup of a parameter's member
 * (cleans_up_on_error()) and return a variable: may it release a member
 * of a parameter (member_releases(), a scan)?  Then its sites follow the flags of the variables it returns,
 * whose signs left_on_error() reads (`if (ret >= 0) ...; return ret;`).
 * Answered once per function, with no walk. */
bool
fn_cleans_members(Ctx *c, const IrFunc *fn)
{
	int fi = fn_index(c, fn->name);
	if (fi < 0 || c->u->funcs.v[fi] != fn)
		return false;
	if (c->sums[fi].cleans)
		return c->sums[fi].cleans == 2;
	bool var = false;
	for (int bi = 0; bi < fn->blocks.n && !var; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		var = b->term == T_RETURN && b->ret.kind == VAL_ACCESS && acc_plain(b->ret.acc);
	}
	bool yes = var && member_releases(c, fi) != 0;
	c->sums[fi].cleans = yes ? 2 : 1;
	return yes;
}

/* Does the path leave the handle in a parameter's member while returning
 * a negative value, where fn's own cleanup on another path releases it
 * there before a negative return?  Then the caller does not take it on
 * that value: the path's last note says where the cleanup is. */
static bool
left_on_error(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	if (site->quiet || b->term != T_RETURN || !state_live(s) || !tracks_places(site) ||
	    match_value(s, site->fn, b->ret) != M_NONE || value_sign(site, s, b->ret) != 1)
		return false;
	for (int i = 0; i < s->nalias; i++) {
		Access a = s->alias[i];
		const Cleanup *k = any_place(site->fn, a) && a.var < site->fn->nparams &&
				   a.deref && a.field ? cleans_up_on_error(c, site->fn, a) : NULL;
		if (k) {
			s->path = add_step(c, s, k->where, arena_printf(&c->arena,
				"'%s' is released here on another error path: a negative "
				"return leaves nothing in it for the caller", spell(c, site->fn, a)));
			return true;
		}
	}
	return false;
}

/* The index of a one-sign bit (1, 2, 4) in Site.rel_exit. */
static int
sign_index(uint8_t sg)
{
	return sg == 1 ? 0 : sg == 2 ? 1 : 2;
}

/* One sign (value_sign()) of what the return of b gives on the path of
 * s, or 0 when more than one may be or it is not known. */
static uint8_t
one_sign(const Site *site, const State *s, const IrBlock *b)
{
	uint8_t sg = value_sign(site, s, b->ret);
	return sg == 1 || sg == 2 || sg == 4 ? sg : 0;
}

/* The sign contract of a function that releases the handle itself before
 * some returns: `fclose(f); return false;` on its failures, `l->fp = f;
 * return true;` on success.  A return that leaves the handle in a place
 * the caller reaches (a parameter's object, *out, a global) hands it
 * over; but when it gives a value that only the function's own releases
 * gave, and other hand-overs give another, the caller reads it as a
 * failure with nothing open (`l->fp = f; if (fputs(...) < 0) return
 * false;`; PostgreSQL 728ceba938's `walfile = f`, where a call the packs
 * do not know comes between and the global is no longer followed).
 * Such returns are held back here, and own_flush() reports those whose
 * sign turned out to be a failure's. */
static void
held_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	if (site->quiet || b->term != T_RETURN || !tracks_places(site))
		return;
	if (s->ts == TS_RELEASED) {
		uint8_t sg = one_sign(site, s, b);
		if (sg && !(site->rel_signs & sg))
			site->rel_exit[sign_index(sg)] = b->loc;
		site->rel_signs |= sg;
		return;
	}
	if (!state_live(s) || !has_place(c, site, s) || match_value(s, site->fn, b->ret) != M_NONE)
		return;
	uint8_t sg = one_sign(site, s, b);
	/* a return that ends the process (from main) loses nothing worth
	 * a report unless asked (--report-at-exit) */
	if (!c->lim.report_at_exit && ends_process(c, site->fn, T_RETURN))
		sg = 0;
	Violation v;
	site->held_signs |= sg;
	if (sg && violation_make(c, site, s, V_LOST_EXIT, b->loc, NULL, &v)) {
		avec_push(&c->arena, &site->held_exits, v);
		avec_push(&c->arena, &site->held_exit_sign, sg);
		avec_push(&c->arena, &site->held_exit_block, site->cur_block);
	}
}

static void
at_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	/* `free(p); return p;`: the caller is given what no longer exists */
	Violation v;
	if (!site->quiet && b->term == T_RETURN && s->ts == TS_RELEASED &&
	    !(s->used & USED_MOVED) && match_value(s, site->fn, b->ret) == M_DIRECT &&
	    violation_make(c, site, s, V_USE_AFTER_RELEASE, b->loc, NULL, &v)) {
		v.returned = true;
		violation_push(c, site, &v, site->cur_block);
		s->ts = TS_LOST;
		s->nalias = 0;
		return;
	}
	if (site->quiet && site->want_wrap && b->term == T_RETURN && !state_live(s) &&
	    s->ts != TS_ESCAPED) {
		/* xmmap() dies when mmap fails and returns NULL for a length
		 * of 0: its callers test NULL, not MAP_FAILED */
		if (match_value(s, site->fn, b->ret) != M_NONE)
			site->fail_self = true;
		else if (b->ret.kind != VAL_INT || b->ret.ival != 0)
			site->fail_other = true;
	}
	/* `return mmap(...)` untested: its failure value goes out with it */
	if (site->quiet && site->want_wrap && b->term == T_RETURN && s->ts == TS_MAYBE &&
	    match_value(s, site->fn, b->ret) != M_NONE)
		site->fail_self = true;
	if (site->quiet && site->want_member) {
		/* what the function returns when it leaves the handle in the
		 * member, and when not: the callers' test of its success */
		bool in = false;
		for (int i = 0; state_live(s) && i < s->nalias && !in; i++) {
			Access a = s->alias[i];
			if (a.var < site->fn->nparams && a.deref && a.field && is_place(site->fn, a)) {
				if (site->exit_member && !acc_same(site->member_at, a))
					site->member_mixed = true;
				site->exit_member = true;
				site->member_at = a;
				in = true;
			}
		}
		if (in) {               /* the others: exit_seen() */
			site->ret_sign[1] |= value_sign(site, s, b->ret);
			return;
		}
	}
	/* Also when it is returned: `return f` with the handle at f->path
	 * gives the caller the object that holds it; `return key->fd` a copy
	 * of what the cache entry keeps. */
	if (left_on_error(c, site, s, b)) {
		lose(c, site, s, V_LOST_EXIT, b->loc, NULL);
		return;
	}
	held_exit(c, site, s, b);
	hand_over_places(c, site, s);
	if (exit_seen(site, s, b))
		return;
	if (b->term == T_RETURN && state_live(s) &&
	    (c->lim.report_at_exit || !ends_process(c, site->fn, T_RETURN)))
		lose(c, site, s, V_LOST_EXIT, b->loc, NULL);
}

void
site_init(Site *site, const IrFunc *fn, int bi, int i, const RuleAcquire *a)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	memset(site, 0, sizeof(*site));
	site->proto = &ownership_protocol;
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

/* Is the loss of pending violation i one of the site's loop's rounds: an
 * overwrite inside the loop, or a variable dying where the path stays in
 * the loop (its iteration ends)?  Not a variable that dies because the
 * path jumps out (`goto fail` from the loop's body): that is a leak there. */
static bool
lost_in_round(const IrFunc *fn, const Site *site, int i)
{
	ViolKind k = site->pending.v[i].kind;
	int bi = site->pending_block.v[i];
	if ((k != V_LOST_OVERWRITE && k != V_LOST_SCOPE) || !in_loop(fn, bi, site->loop))
		return false;
	if (k == V_LOST_OVERWRITE)
		return true;
	const IrBlock *b = fn->blocks.v[bi];
	if (b->term != T_GOTO && b->term != T_BRANCH)
		return false;
	for (int j = 0; j < (b->term == T_BRANCH ? 2 : 1); j++)
		if (b->succ[j] >= 0 && !in_loop(fn, b->succ[j], site->loop))
			return false;
	return true;
}

/* Hands the site's violations over.  A handle acquired in a loop whose
 * last reference is overwritten (or dies) inside that loop, and that some
 * path releases only after the loop, is one loop-release at the acquisition
 * instead of leaks in the loop. */
static void
own_flush(Ctx *c, Site *site)
{
	const IrFunc *fn = site->fn;
	int in = -1;
	/* the sign contract (held_exit()): a hand-over with a failure's
	 * sign, where another hand-over gives a success's (one no release
	 * of the function gave) */
	uint8_t fail = site->rel_signs, ok = site->held_signs & (uint8_t)~site->rel_signs;
	for (int i = 0; fail && ok && i < site->held_exits.n; i++) {
		uint8_t sg = site->held_exit_sign.v[i];
		if (!(sg & fail))
			continue;
		Violation v = site->held_exits.v[i];
		Step *st = arena_alloc(&c->arena, sizeof(*st));
		st->prev = v.path;
		st->loc = site->rel_exit[sign_index(sg)];
		st->text = "this return gives the same value after the function released it "
			   "itself: its callers read that value as nothing left open";
		v.path = st;
		violation_push(c, site, &v, site->held_exit_block.v[i]);
	}
	if (site->loop && site->late_release.line) {
		for (int i = 0; i < site->pending.n && in < 0; i++)
			if (lost_in_round(fn, site, i))
				in = i;
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
		if (in >= 0 && lost_in_round(fn, site, i))
			continue;
		c->cb(c->cbctx, &site->pending.v[i]);
	}
}

/* ---- driver tables -----------------------------------------------------------
 *
 * Functions put into the members of one struct (a driver table: `{ .open =
 * lite_open, .close = lite_close }`) are entries a framework calls, on the
 * same object, from where closecheck does not see.  One that opens a handle
 * into a member of its object and leaves it there (member_acquirer()), and
 * another that frees that object on every path without naming the member,
 * where no function of the unit releases that member of such an object:
 * what the one opens the other loses (`leak` at the free).  Found per unit,
 * after its functions (run_unit()). */

/* The struct whose member a driver-table reference is put into: the
 * member's USR up to its field ("c:@S@ops" of "c:@S@ops@FI@open"). */
static size_t
table_len(const char *usr)
{
	const char *f = usr ? strstr(usr, "@FI@") : NULL;
	return f ? (size_t)(f - usr) : 0;
}

static const char *
bare_type(const char *t)
{
	return t && strncmp(t, "const ", 6) == 0 ? t + 6 : t;
}

/* Is the object access a reaches of type (a pointer type's spelling): x
 * of type T * in x->f, s of type T in s.f, or one the IR cannot type (a
 * longer path, storage it could not name)? */
static bool
of_type(const IrFunc *g, Access a, const char *type)
{
	if (a.var < 0 || a.deep || a.index || !g->vars.v[a.var].type)
		return true;
	const char *t = bare_type(g->vars.v[a.var].type);
	if (a.deref)
		return strcmp(t, type) == 0;
	size_t n = strlen(t);
	return strncmp(t, type, n) == 0 && strcmp(type + n, " *") == 0;
}

/* Does anything in the unit but the opener (its failure paths release
 * what it opened) release member field of an object of type (a
 * parameter's type spelling): a release of the packs given x->field of
 * anything, or a function of the unit given such an object that may
 * release members of it and names that one, or lets it go anywhere? */
static bool
member_released_anywhere(Ctx *c, const IrFunc *opener, const char *type, const char *field)
{
	for (int gi = 0; gi < c->u->funcs.n; gi++) {
		const IrFunc *g = c->u->funcs.v[gi];
		if (g == opener)
			continue;
		for (int bi = 0; bi < g->blocks.n; bi++) {
			const IrBlock *b = g->blocks.v[bi];
			for (int k = 0; k < b->ev.n; k++) {
				Access x;
				if (pack_released(c, &b->ev.v[k], &x) && x.field &&
				    member_same(x.field, field) && of_type(g, x, type))
					return true;
			}
		}
		for (int i = 0; i < g->nparams && i < 64; i++)
			if (g->vars.v[i].is_pointer && g->vars.v[i].type &&
			    strcmp(bare_type(g->vars.v[i].type), type) == 0 &&
			    (member_releases(c, gi) >> i & 1) &&
			    !member_untouched(c, g, i, field, MU_STRICT | MU_FREED))
				return true;
	}
	return false;
}

/* Where function d gives its parameter p to what frees it: a release of
 * the packs, or a function of the unit that may free it. */
static bool
free_call(Ctx *c, const IrFunc *d, int p, Loc *at)
{
	for (int bi = 0; bi < d->blocks.n; bi++) {
		const IrBlock *b = d->blocks.v[bi];
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			const RuleFn *r = engine_lookup(c, e->callee);
			int gi = r ? -1 : fn_index(c, e->callee);
			for (int i = 0; i < e->nargs && i < 64; i++) {
				if (e->args[i].kind != VAL_ACCESS || !acc_plain(e->args[i].acc) ||
				    e->args[i].acc.var != p)
					continue;
				if ((r && r->release && r->release->arg == i && !r->acquire) ||
				    (gi >= 0 && (frees_params(c, gi) >> i & 1))) {
					*at = e->loc;
					return true;
				}
			}
		}
	}
	return false;
}

/* Where function f makes a handle of kind k: its first call of an
 * acquirer of the packs of that kind. */
static Loc
acquired_at(Ctx *c, const IrFunc *f, const RuleKind *k)
{
	for (int bi = 0; bi < f->blocks.n; bi++) {
		const IrBlock *b = f->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			const RuleFn *r = e->kind == EV_CALL && e->callee
					  ? engine_lookup(c, e->callee) : NULL;
			for (const RuleAcquire *a = r ? r->acquire : NULL; a; a = a->next)
				if (a->kind == k)
					return e->loc;
		}
	}
	return f->loc;
}

/* Opener o and closer d of one table: report d's free if it loses what
 * o opens. */
static void
table_pair(Ctx *c, const IrFunc *o, const IrFunc *d, const char *table, size_t n)
{
	const RuleAcquire *m = member_acquirer(c, o->name);
	if (!m || m->out_arg < 0 || m->out_arg >= o->nparams || !m->out_member)
		return;
	const char *type = bare_type(o->vars.v[m->out_arg].type);
	if (!type)
		return;
	int di = fn_index(c, d->name);
	for (int p = 0; p < d->nparams && p < 64; p++) {
		Loc at;
		if (!d->vars.v[p].is_pointer || !d->vars.v[p].type ||
		    strcmp(bare_type(d->vars.v[p].type), type) != 0 ||
		    !(frees_params(c, di) >> p & 1) ||
		    !member_untouched(c, d, p, m->out_member, MU_STRICT | MU_FREED) ||
		    summarize(c, d, p, false) != SUM_RELEASES ||
		    member_released_anywhere(c, o, type, m->out_member) || !free_call(c, d, p, &at))
			continue;
		Violation v = {0};
		v.kind = V_LOST_CONTAINER;
		v.fn = d;
		v.acquirer = o->name;
		v.acquired = acquired_at(c, o, m->kind);
		v.rkind = m->kind;
		v.name = arena_printf(&c->arena, "%s->%s", d->vars.v[p].name, m->out_member);
		v.how = d->vars.v[p].name;
		v.where = at;
		const char *s = table;         /* the struct's name: after the last '@' */
		for (const char *t = table; t < table + n; t++)
			if (*t == '@')
				s = t + 1;
		bool tag = s - table >= 3 && strncmp(s - 3, "@S@", 3) == 0;
		Step *st = arena_alloc(&c->arena, sizeof(*st));
		st->prev = NULL;
		st->loc = d->loc;
		st->text = arena_printf(&c->arena,
			"'%s' and '%s' are both put into a '%s%.*s' (a table of functions "
			"called on the same object); nothing in this file releases '%s' of it",
			o->name, d->name, tag ? "struct " : "", (int)(table + n - s), s, v.name);
		v.path = st;
		c->cb(c->cbctx, &v);
		return;
	}
}

void
driver_tables(Ctx *c)
{
	const IrUnit *u = c->u;
	for (int i = 0; i < u->fnrefs.n; i++) {
		size_t n = table_len(u->fnrefs.v[i].field);
		int oi = n ? fn_index(c, u->fnrefs.v[i].name) : -1;
		if (oi < 0 || !u->funcs.v[oi]->analyse || !member_acquirer(c, u->funcs.v[oi]->name))
			continue;
		for (int j = 0; j < u->fnrefs.n; j++) {
			const char *f = u->fnrefs.v[j].field;
			int di = j != i && table_len(f) == n &&
				 strncmp(f, u->fnrefs.v[i].field, n) == 0
				 ? fn_index(c, u->fnrefs.v[j].name) : -1;
			if (di >= 0 && di != oi && u->funcs.v[di]->analyse)
				table_pair(c, u->funcs.v[oi], u->funcs.v[di], f, n);
		}
	}
}

/* ---- the protocol ------------------------------------------------------------ */

static void
own_sites(Ctx *c, const IrFunc *fn, int bi, int i)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	const RuleFn *r = engine_lookup(c, e->callee);
	for (const RuleAcquire *a = acquires(c, e, r); a; a = a->next)
		analyse_site(c, fn, bi, i, a);
}

/* The kind a parameter's type names: "PGresult *" is a pointer to a type
 * a kind lists (types:); the first such (FILE is both fopen's and
 * popen's: only the word in messages comes from it). */
static const RuleKind *
param_kind(Ctx *c, const IrVar *v)
{
	if (!v->is_pointer || !v->type || !c->rules)
		return NULL;
	const char *t = v->type;
	if (strncmp(t, "const ", 6) == 0)
		t += 6;
	size_t n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (n < 2 || t[n - 1] != '*')
		return NULL;
	n--;
	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (n > 0 && t[n - 1] == '*')
		return NULL;                   /* PGresult **: not the handle */
	for (int k = 0; k < rules_nkinds(c->rules); k++) {
		const RuleKind *kind = rules_kind_at(c->rules, k);
		for (const char **ty = kind->types; ty && *ty; ty++)
			if (strlen(*ty) == n && strncmp(*ty, t, n) == 0)
				return kind;
	}
	return NULL;
}

/* ---- members of parameters ------------------------------------------------
 *
 * What each function of the unit releases in the objects its parameters
 * point to: p->f given to a release of the packs, or p given to a helper
 * of the unit that releases f in it.  A function that does so twice, or
 * uses the member after, is followed from its entry with the caller's
 * handle at p->f (own_fn_sites): disconnect(h) then deinit(h), both
 * closing h->conn, is a double release there. */

typedef struct FieldRel {
	int param;
	const char *field;
	const RuleKind *kind;        /* of the release */
	int mentions;                /* events of the function that name it */
} FieldRel;

typedef VEC(FieldRel) FieldRels;

typedef struct FieldMemo {
	int *state;                  /* per function: 0 not done, 1 doing, 2 done */
	FieldRels *rel;              /* per function */
} FieldMemo;

enum { MAX_FIELD_SITES = 8 };

static void
field_add(Ctx *c, FieldMemo *fm, int fi, int param, const char *field, const RuleKind *kind,
	  bool releases)
{
	for (int k = 0; k < fm->rel[fi].n; k++) {
		FieldRel *x = &fm->rel[fi].v[k];
		if (x->param == param && x->field == field) {
			x->mentions++;
			if (!x->kind && releases)
				x->kind = kind;
			return;
		}
	}
	if (!releases || fm->rel[fi].n >= 4 * MAX_FIELD_SITES)
		return;
	FieldRel r = {param, field, kind, 1};
	avec_push(&c->sum_arena, &fm->rel[fi], r);
}

static bool
member_of_param(const IrFunc *fn, Value v)
{
	return v.kind == VAL_ACCESS && v.acc.var >= 0 && v.acc.var < fn->nparams &&
	       v.acc.deref && v.acc.field && v.acc.field[0] != '*' && v.acc.field[0] != '[' &&
	       !v.acc.deep && !v.acc.index;
}

static const FieldRels *
fields_released(Ctx *c, int fi)
{
	FieldMemo *fm = c->pmemo[PROTO_FIELDS];
	if (!fm) {
		fm = arena_alloc(&c->sum_arena, sizeof(*fm));
		fm->state = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)(c->u->funcs.n + 1));
		fm->rel = arena_alloc(&c->sum_arena, sizeof(*fm->rel) * (size_t)(c->u->funcs.n + 1));
		c->pmemo[PROTO_FIELDS] = fm;
	}
	if (fm->state[fi])
		return &fm->rel[fi];    /* done, or recursion: what is known */
	fm->state[fi] = 1;
	const IrFunc *fn = c->u->funcs.v[fi];
	for (int pass = 0; pass < 2; pass++) {  /* releases first, then mentions */
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind == EV_USE || e->kind == EV_ASSIGN) {
				Value v = e->src;
				if (pass == 1 && member_of_param(fn, v))
					field_add(c, fm, fi, v.acc.var, v.acc.field, NULL, false);
				Value d = {.kind = VAL_ACCESS, .acc = e->dst};
				if (pass == 1 && e->kind == EV_ASSIGN && member_of_param(fn, d))
					field_add(c, fm, fi, d.acc.var, d.acc.field, NULL, false);
				continue;
			}
			if (e->kind != EV_CALL)
				continue;
			const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
			int gi = !r && e->callee ? fn_index(c, e->callee) : -1;
			for (int a = 0; a < e->nargs; a++) {
				Value v = e->args[a];
				if (member_of_param(fn, v)) {
					bool rel = r && r->release && !r->release->zformat &&
						   !r->release->member && r->release->arg == a &&
						   !r->acquire;
					if (pass == (rel ? 0 : 1))
						field_add(c, fm, fi, v.acc.var, v.acc.field,
							  rel ? r->release->kind : NULL, rel);
				} else if (gi >= 0 && gi != fi && v.kind == VAL_ACCESS &&
					   acc_plain(v.acc) && v.acc.var < fn->nparams) {
					const FieldRels *cr = fields_released(c, gi);
					for (int k = 0; k < cr->n; k++)
						if (cr->v[k].param == a && cr->v[k].kind)
							field_add(c, fm, fi, v.acc.var, cr->v[k].field,
								  cr->v[k].kind, pass == 0);
				}
			}
		}
	}
	}
	fm->state[fi] = 2;
	return &fm->rel[fi];
}

/* The members of fn's parameters it releases and names again: the sites
 * of the caller's handles in them. */
static void
field_sites(Ctx *c, const IrFunc *fn)
{
	int fi = fn_index(c, fn->name);
	if (fi < 0)
		return;
	const FieldRels *fr = fields_released(c, fi);
	int n = 0;
	for (int k = 0; k < fr->n && n < MAX_FIELD_SITES; k++) {
		const FieldRel *x = &fr->v[k];
		if (!x->kind || x->mentions < 2)
			continue;
		n++;
		RuleAcquire *a = arena_alloc(&c->sum_arena, sizeof(*a));
		a->kind = x->kind;
		a->out_arg = -1;
		a->fails = (Pred){OP_EQ, 0};
		Access home = ir_acc(x->param);
		home.deref = true;
		home.field = x->field;
		Site site;
		memset(&site, 0, sizeof(site));
		site.proto = &ownership_protocol;
		site.fn = fn;
		site.block = site.ev = -1;
		site.acq = a;
		site.loc = fn->vars.v[x->param].loc;
		site.fails = a->fails;
		site.param = true;
		site.member = true;
		State init = {0};
		init.ts = TS_MAYBE;
		init.name = arena_printf(&c->sum_arena, "%s->%s", fn->vars.v[x->param].name,
					 x->field);
		site.acquirer = init.name;
		alias_add(&init, home);
		run_site(c, &site, &init);
		if (c->stats)
			c->stats->sites++;
	}
}

/* A parameter of a handle's type: the caller's handle, followed from the
 * entry to see it released twice, used after its release here, or
 * released while a thread started here has it.  It is never a leak (the
 * caller decides), nor a mismatched release (its kind is a guess from its
 * type). */
static void
own_fn_sites(Ctx *c, const IrFunc *fn)
{
	for (int p = 0; p < fn->nparams; p++) {
		const IrVar *v = &fn->vars.v[p];
		const RuleKind *kind = param_kind(c, v);
		if (!kind)
			continue;
		RuleAcquire *a = arena_alloc(&c->sum_arena, sizeof(*a));
		a->kind = kind;
		a->out_arg = -1;
		a->fails = (Pred){OP_EQ, 0};
		Site site;
		memset(&site, 0, sizeof(site));
		site.proto = &ownership_protocol;
		site.fn = fn;
		site.block = site.ev = -1;
		site.acq = a;
		site.acquirer = v->name;
		site.loc = v->loc;
		site.fails = a->fails;
		site.param = true;
		State init = {0};
		init.ts = TS_MAYBE;
		init.name = v->name;
		alias_add(&init, ir_acc(p));
		run_site(c, &site, &init);
		if (c->stats)
			c->stats->sites++;
	}
	field_sites(c, fn);
}

static bool
own_edge(Ctx *c, Site *site, State *s, const Cond *cond, Pred test, bool taken)
{
	(void)c;
	if (cond->vs_var) {
		refine_vs_var_maybe(s, cond, taken);
		return refine_vs_var(s, cond, taken);
	}
	if (!cond->known)
		return true;
	return refine_handle(site, s, cond, test);
}

/* Paths that end the process (exit, a return from main) leak nothing that
 * matters unless --report-at-exit; a longjmp is not followed.  Neither says
 * anything about a helper's parameter. */
static void
own_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	if (b->term == T_RETURN)
		at_exit(c, site, s, b);
	else if (b->term == T_EXIT)
		lost_at_process_end(c, site, s, b->loc);
}

static bool
own_raise(const Site *site, const State *s, Violation *v)
{
	ViolKind k = v->kind;
	if ((k == V_LOST_EXIT || k == V_LOST_SCOPE || k == V_LOST_OVERWRITE ||
	     k == V_LOST_DISCARD || k == V_LOST_CONTAINER) &&
	    (unproven(site, s) || (s->used & USED_STDIO)))
		return false;
	/* the caller's handle: this function decides nothing of its life,
	 * unless it tried to release it, failed, and dropped it anyway
	 * (sqlite3_close(h->db) returned SQLITE_BUSY; h->db = NULL) */
	if (site->param && k != V_DOUBLE_RELEASE && k != V_USE_AFTER_RELEASE &&
	    k != V_THREAD_RELEASE &&
	    !(k == V_LOST_OVERWRITE && site->member && (s->used & USED_KEPT)))
		return false;
	v->param = site->param;
	v->rkind = site->acq ? site->acq->kind : NULL;
	v->thread = s->handed;
	v->routine = s->routine;
	v->thread_owns = handoff_owns(s);
	v->to_thread = site->to_thread;
	v->released_as = site->released_as;
	v->view = site->use_view;
	v->view_by = site->use_view_by;
	return true;
}

/* A path on which nothing is owned any more: escaped, lost, never
 * acquired or failed report nothing whatever comes; released, only a use
 * or a second release of one of its variables.  Not while a thread has
 * the handle. */
static Settle
own_settled(const Site *site, const State *s)
{
	(void)site;
	for (size_t i = 0; i < sizeof(s->own); i++)
		if (s->own[i])
			return SETTLE_NO;
	if ((s->uvar || s->uat_on) && !state_live(s))
		return SETTLE_IF_DEAD;      /* its result may still give it back */
	switch (s->ts) {
	case TS_UNACQ:
	case TS_ESCAPED:
	case TS_LOST:
	case TS_NULL:
		return SETTLE_YES;
	case TS_RELEASED:
		return SETTLE_IF_DEAD;
	default:
		return SETTLE_NO;
	}
}

const Protocol ownership_protocol = {
	.name = "ownership",
	.sites = own_sites,
	.fn_sites = own_fn_sites,
	.call = transfer_call,
	.assign = own_assign,
	.kill = own_kill,
	.use = own_use,
	.edge = own_edge,
	.exit = own_exit,
	.raise = own_raise,
	.flush = own_flush,
	.settled = own_settled,
	.shared_prefix = true,
};
