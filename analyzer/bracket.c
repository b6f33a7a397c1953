/* SPDX-License-Identifier: MIT */
/*
 * bracket: the protocol of a begin/end pair on an object the code does not
 * own (a lock taken and given back), declared in the packs' `brackets:`
 * section (rules.h, RuleBracket).  A site is a call that begins a bracket:
 * a pack's begin function, or a function of the unit that leaves its
 * parameter's (or a global's) object begun on every path (a lock helper).
 * The state is the typestate of the core: TS_UNACQ not begun by this
 * function, TS_MAYBE begun if the call's status says so (trylock), TS_OWNED
 * begun, TS_NULL the trylock failed, TS_RELEASED ended, TS_ESCAPED no longer
 * followed.  Violations: V_BRACKET_OPEN (still begun where a path returns),
 * V_BRACKET_TWICE (ended again), V_BRACKET_UNOPENED (ended on a path that
 * skipped the begin); the bracket's `check` reports them.
 *
 * The object is compared by its expression (&mu, &s->lock, m, fd), a
 * global's by name, so helpers in other functions translate it through
 * their arguments.  A site none of whose returns ends the bracket is a begin
 * helper: its caller ends it, and its open exits are no bug.  Owns nothing
 * beyond the run: per-site data lives on the stack, memos in sum_arena.
 */
#include <string.h>
#include "engine_int.h"

/* The object: an expression in one function's terms. */
typedef struct Obj {
	Value v;                     /* VAL_ADDR or VAL_ACCESS */
	const char *global;          /* rooted at this global (by name), or NULL */
} Obj;

typedef struct BSite {
	const RuleBracket *br;
	Obj obj;
	Pred success;                /* on the begin's status: begun */
	bool closed;                 /* some return ended it */
	bool open;                   /* some return left it begun */
	bool maybe;                  /* ... or begun if its status says so */
	bool lost;                   /* some return no longer followed it */
	char *from, *to;             /* reachability from / to the site's block */
} BSite;

/* What a function of the unit does to a bracket begun on its object. */
typedef enum BEffect { BE_NONE, BE_ENDS, BE_UNKNOWN } BEffect;

/* A function that leaves an object begun on every return. */
typedef struct Begins {
	const RuleBracket *br;
	Obj obj;                     /* in the helper's terms */
	Pred success;
	struct Begins *next;
} Begins;

/* What a function does to a bracket begun on an object, in its terms. */
typedef struct Ends {
	const RuleBracket *br;
	Obj obj;
	BEffect fx;                  /* BE_UNKNOWN while being computed */
	struct Ends *next;
} Ends;

typedef struct Memo {
	int state;                   /* begins: 0 not yet, 1 in progress, 2 done */
	Begins *begins;
	Ends *ends;
} Memo;

/* ---- the object ------------------------------------------------------------- */

static bool
shape_same(Access a, Access b)
{
	return a.field == b.field && a.deref == b.deref && a.index == b.index &&
	       a.deep == b.deep;
}

/* Is v the object o in fn? */
static bool
obj_is(const IrFunc *fn, Obj o, Value v)
{
	if (v.kind != o.v.kind || (v.kind != VAL_ADDR && v.kind != VAL_ACCESS) ||
	    !shape_same(v.acc, o.v.acc) || v.acc.var < 0)
		return false;
	const IrVar *var = &fn->vars.v[v.acc.var];
	if (o.global)
		return var->kind == VAR_GLOBAL && strcmp(var->name, o.global) == 0;
	return v.acc.var == o.v.acc.var;
}

/* The object a value names, if it is one we can follow. */
static bool
obj_of(const IrFunc *fn, Value v, Obj *o)
{
	if ((v.kind != VAL_ADDR && v.kind != VAL_ACCESS) || v.acc.var < 0 || v.acc.index)
		return false;
	const IrVar *var = &fn->vars.v[v.acc.var];
	if (var->kind == VAR_TEMP)
		return false;
	o->v = v;
	o->global = var->kind == VAR_GLOBAL ? var->name : NULL;
	return true;
}

/* "mu", "s->lock", "*m" */
static const char *
obj_name(Ctx *c, const IrFunc *fn, Obj o)
{
	const IrVar *var = o.v.acc.var >= 0 ? &fn->vars.v[o.v.acc.var] : NULL;
	const char *root = o.global ? o.global : var->name;
	Access a = o.v.acc;
	const char *star = o.v.kind == VAL_ACCESS && var && var->is_pointer &&
			   !a.field ? "*" : "";
	if (a.field)
		return arena_printf(&c->arena, "%s%s%s", root, a.deref ? "->" : ".", a.field);
	return arena_printf(&c->arena, "%s%s%s", star, a.deref ? "*" : "", root);
}

/* The object a callee's o is, given the call e (NULL-free Obj in the
 * caller's terms); false if the call does not say. */
static bool
obj_to_caller(const IrFunc *caller, const IrFunc *callee, const IrEvent *e, Obj o, Obj *out)
{
	if (o.global) {
		*out = o;
		out->v.acc.var = -1;
		return true;
	}
	int p = o.v.acc.var;
	if (callee->vars.v[p].kind != VAR_PARAM || p >= e->nargs)
		return false;
	Value arg = e->args[p];
	Access a = o.v.acc;
	Value v = arg;
	if (o.v.kind == VAL_ACCESS && acc_plain(a)) {
		/* the parameter is the object's address: the argument is */
	} else if (o.v.kind == VAL_ADDR && a.deref && a.field && arg.kind == VAL_ACCESS &&
		   acc_plain(arg.acc)) {
		v.kind = VAL_ADDR;               /* &p->lock, p = s: &s->lock */
		v.acc.field = a.field;
		v.acc.deref = true;
	} else if (o.v.kind == VAL_ADDR && a.deref && a.field && arg.kind == VAL_ADDR &&
		   acc_plain(arg.acc)) {
		v.acc.field = a.field;           /* &p->lock, p = &s: &s.lock */
	} else if (o.v.kind == VAL_ACCESS && a.deref && !a.field && arg.kind == VAL_ADDR &&
		   acc_plain(arg.acc)) {
		v.kind = VAL_ACCESS;             /* *pm, pm = &m: m */
	} else {
		return false;
	}
	return obj_of(caller, v, out);
}

/* The caller's object o as the callee sees it through argument i. */
static bool
obj_to_callee(const IrFunc *caller, const IrFunc *callee, const IrEvent *e, int i, Obj o,
	      Obj *out)
{
	Value arg = e->args[i];
	if (i >= callee->nparams || (arg.kind != VAL_ACCESS && arg.kind != VAL_ADDR))
		return false;
	Access a = o.v.acc;
	Value v = {.kind = VAL_ACCESS, .acc = ir_acc(i)};
	if (obj_is(caller, o, arg)) {
		/* the argument is the object's address: the parameter is */
	} else if (o.v.kind == VAL_ADDR && a.field && arg.acc.var >= 0 && acc_plain(arg.acc) &&
		   arg.acc.var == o.v.acc.var && !o.global &&
		   ((arg.kind == VAL_ACCESS && a.deref) || (arg.kind == VAL_ADDR && !a.deref))) {
		v.kind = VAL_ADDR;               /* &s->lock, s: &p->lock */
		v.acc.field = a.field;
		v.acc.deref = true;
	} else if (o.v.kind == VAL_ACCESS && acc_plain(a) && arg.kind == VAL_ADDR &&
		   acc_plain(arg.acc) && arg.acc.var == o.v.acc.var && !o.global) {
		v.acc.deref = true;              /* m, &m: *pm */
	} else {
		return false;
	}
	out->v = v;
	out->global = NULL;
	return true;
}

/* ---- the packs' entries --------------------------------------------------------- */

static bool
when_holds(const RuleBracketCall *bc, const IrEvent *e)
{
	if (bc->object >= e->nargs)
		return false;
	if (bc->when_arg < 0)
		return true;
	if (bc->when_arg >= e->nargs || e->args[bc->when_arg].kind != VAL_INT)
		return false;
	for (int i = 0; i < bc->nvalues; i++)
		if (e->args[bc->when_arg].ival == bc->values[i])
			return true;
	return false;
}

/* The entry of the packs by which e begins (end: ends) a bracket, or NULL. */
static const RuleBracketCall *
pack_call(Ctx *c, const IrEvent *e, bool end)
{
	if (!e->callee || !c->rules)
		return NULL;
	for (const RuleBracketCall *bc = rules_brackets(c->rules, e->callee); bc; bc = bc->next)
		if (bc->end == end && when_holds(bc, e))
			return bc;
	return NULL;
}

/* ---- summaries ------------------------------------------------------------------- */

static void run_bracket(Ctx *c, Site *site, BSite *bs, TState from);
static Begins *begins_of(Ctx *c, int fi);

static const IrFunc *
unit_callee(Ctx *c, const IrEvent *e)
{
	if (!e->callee || engine_lookup(c, e->callee))
		return NULL;
	int fi = fn_index(c, e->callee);
	return fi < 0 ? NULL : c->u->funcs.v[fi];
}

static Memo *
memo_of(Ctx *c, int fi)
{
	Memo *memo = c->pmemo[PROTO_BRACKET];
	if (!memo) {
		memo = arena_alloc(&c->sum_arena, sizeof(*memo) * (size_t)(c->u->funcs.n + 1));
		c->pmemo[PROTO_BRACKET] = memo;
	}
	return &memo[fi];
}

static bool
obj_same(Obj a, Obj b)
{
	if (a.global || b.global)
		return a.global && b.global && strcmp(a.global, b.global) == 0 &&
		       a.v.kind == b.v.kind && shape_same(a.v.acc, b.v.acc);
	return a.v.kind == b.v.kind && a.v.acc.var == b.v.acc.var && shape_same(a.v.acc, b.v.acc);
}

static BEffect run_ends(Ctx *c, const IrFunc *callee, const RuleBracket *br, Obj o);

/* What callee does to a bracket begun on its object o, on every path
 * (memoised; recursion says BE_UNKNOWN). */
static BEffect
ends_in(Ctx *c, const IrFunc *callee, const RuleBracket *br, Obj o)
{
	Memo *m = memo_of(c, fn_index(c, callee->name));
	for (Ends *x = m->ends; x; x = x->next)
		if (x->br == br && obj_same(x->obj, o))
			return x->fx;
	if (c->depth > 16)
		return BE_UNKNOWN;
	Ends *x = arena_alloc(&c->sum_arena, sizeof(*x));
	*x = (Ends){br, o, BE_UNKNOWN, m->ends};
	m->ends = x;
	x->fx = run_ends(c, callee, br, o);
	return x->fx;
}

static BEffect
run_ends(Ctx *c, const IrFunc *callee, const RuleBracket *br, Obj o)
{
	Site site = {0};
	BSite bs = {br, o, {OP_NONE, 0}, false, false, false, false, NULL, NULL};
	site.fn = callee;
	site.block = site.ev = -1;
	site.quiet = true;
	c->depth++;
	run_bracket(c, &site, &bs, TS_OWNED);
	c->depth--;
	if (site.bounded || bs.lost || (bs.closed && (bs.open || bs.maybe)))
		return BE_UNKNOWN;
	return bs.closed ? BE_ENDS : BE_NONE;
}

/* What call e does to the site's object through a function of the unit. */
static BEffect
helper_effect(Ctx *c, Site *site, BSite *bs, const IrEvent *e)
{
	const IrFunc *callee = unit_callee(c, e);
	if (!callee)
		return BE_NONE;
	BEffect fx = BE_NONE;
	for (int i = 0; i < e->nargs && fx != BE_UNKNOWN; i++) {
		Obj o;
		if (!obj_to_callee(site->fn, callee, e, i, bs->obj, &o))
			continue;
		BEffect k = ends_in(c, callee, bs->br, o);
		fx = k > fx ? k : fx;
	}
	if (bs->obj.global && fx != BE_UNKNOWN) {
		BEffect k = ends_in(c, callee, bs->br, bs->obj);
		fx = k > fx ? k : fx;
	}
	return fx;
}

/* Does call e begin the site's object again (another site follows it)? */
static bool
begins_again(Ctx *c, Site *site, BSite *bs, const IrEvent *e)
{
	const RuleBracketCall *bc = pack_call(c, e, false);
	if (bc)
		return bc->bracket == bs->br && obj_is(site->fn, bs->obj, e->args[bc->object]);
	const IrFunc *callee = unit_callee(c, e);
	if (!callee)
		return false;
	for (Begins *b = begins_of(c, fn_index(c, callee->name)); b; b = b->next) {
		Obj o;
		if (b->br == bs->br && obj_to_caller(site->fn, callee, e, b->obj, &o) &&
		    (o.global ? bs->obj.global && strcmp(o.global, bs->obj.global) == 0
			      : obj_is(site->fn, bs->obj, o.v)))
			return true;
	}
	return false;
}

/* ---- the transfer functions ------------------------------------------------------- */

static void
reach(const IrFunc *fn, int from, char *seen, bool backwards)
{
	int n = fn->blocks.n;
	int *stack = xmalloc(sizeof(int) * (size_t)(n + 1));
	int sp = 0;
	stack[sp++] = from;
	seen[from] = 1;
	while (sp > 0) {
		int b = stack[--sp];
		for (int k = 0; k < n; k++) {
			const IrBlock *x = fn->blocks.v[backwards ? k : b];
			int to = backwards ? b : -1;
			for (int j = 0; j < 2; j++) {
				bool edge = j == 0 ? x->term == T_GOTO || x->term == T_BRANCH
						   : x->term == T_BRANCH;
				int t = edge ? x->succ[j] : -1;
				int next = backwards ? (t == to ? k : -1) : t;
				if (next >= 0 && !seen[next]) {
					seen[next] = 1;
					stack[sp++] = next;
				}
			}
			if (!backwards)
				break;
		}
	}
	mem_free(stack);
}

/* An end on a path that did not begin: a bug only where the end follows
 * the begin and not the other way round (`if (c) lock(m); ... unlock(m)`);
 * an unlock before the lock (`unlock(m); wait(); lock(m)`) is the caller's. */
static bool
unopened(Ctx *c, Site *site, BSite *bs)
{
	if (site->block < 0)
		return false;
	if (!bs->from) {
		int n = site->fn->blocks.n;
		bs->from = arena_alloc(&c->arena, (size_t)n + 1);
		bs->to = arena_alloc(&c->arena, (size_t)n + 1);
		reach(site->fn, site->block, bs->from, false);
		reach(site->fn, site->block, bs->to, true);
	}
	return bs->from[site->cur_block] && !bs->to[site->cur_block];
}

static void
end(Ctx *c, Site *site, BSite *bs, State *s, const IrEvent *e)
{
	switch (s->ts) {
	case TS_MAYBE:
	case TS_OWNED:
		s->ts = TS_RELEASED;
		s->released = e->loc;
		break;
	case TS_RELEASED:
		violate(c, site, s, V_BRACKET_TWICE, e->loc, e->callee);
		s->ts = TS_LOST;
		break;
	case TS_UNACQ:
		if (unopened(c, site, bs)) {
			s->name = obj_name(c, site->fn, bs->obj);
			violate(c, site, s, V_BRACKET_UNOPENED, e->loc, e->callee);
			s->ts = TS_LOST;
		}
		break;
	default:
		break;
	}
}

static void
begin(Ctx *c, Site *site, BSite *bs, State *s, const IrEvent *e)
{
	(void)c;
	if (state_live(s))
		return;                  /* taken twice: not this check's business */
	s->ts = TS_OWNED;
	s->nstatus = 0;
	s->path = NULL;
	s->nsteps = 0;
	s->name = obj_name(c, site->fn, bs->obj);
	if (bs->success.op != OP_NONE && e->has_dst) {
		s->ts = TS_MAYBE;
		status_add(s, e->dst.var, S_CODE);
	}
}

static void
bracket_event(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site)
{
	BSite *bs = site->pdata;
	if (is_site) {
		begin(c, site, bs, s, e);
		return;
	}
	if (s->ts == TS_ESCAPED || s->ts == TS_LOST)
		return;
	if (begins_again(c, site, bs, e)) {
		/* taken again: another site follows it from here (or, while
		 * held, a recursive lock: not this check's business) */
		s->ts = TS_ESCAPED;
		return;
	}
	const RuleBracketCall *bc = pack_call(c, e, true);
	if (bc && bc->bracket == bs->br && obj_is(site->fn, bs->obj, e->args[bc->object])) {
		end(c, site, bs, s, e);
		return;
	}
	if (bc || pack_call(c, e, false))
		return;                  /* another object's */
	BEffect fx = helper_effect(c, site, bs, e);
	if (fx == BE_ENDS)
		end(c, site, bs, s, e);
	else if (fx == BE_UNKNOWN && state_live(s))
		s->ts = TS_ESCAPED;
}

static void bracket_exit(Ctx *c, Site *site, State *s, const IrBlock *b);

/* A call that ends the process holds the lock there: a finding only with
 * --report-at-exit, as at an exit() block. */
static bool
bracket_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site)
{
	TermKind end = call_end(c, site, s, e, e->callee ? engine_lookup(c, e->callee) : NULL);
	bracket_event(c, site, s, e, is_site);
	if (end == T_EXIT) {
		IrBlock at = {.term = T_EXIT, .loc = e->loc};
		bracket_exit(c, site, s, &at);
	}
	return end == T_NONE;
}

/* The begin's status copied: rc = pthread_mutex_trylock(&m). */
static void
bracket_assign(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	(void)c;
	(void)site;
	if (!acc_plain(e->dst))
		return;
	bool from = e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
		    status_has(s, e->src.acc.var);
	status_del(s, e->dst.var);
	if (from)
		status_add(s, e->dst.var, S_CODE);
}

static void
bracket_kill(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	(void)c;
	(void)site;
	status_del(s, e->var);
	if (s->ts == TS_MAYBE && s->nstatus == 0)
		s->ts = TS_OWNED;        /* nobody looked: take it as held */
}

static bool
bracket_edge(Ctx *c, Site *site, State *s, const Cond *cond, Pred test, bool taken)
{
	(void)c;
	(void)taken;
	BSite *bs = site->pdata;
	if (!cond->known || !acc_plain(cond->lhs) || !status_has(s, cond->lhs.var))
		return true;
	PredImpl ok = pred_implies(test, bs->success);
	if (ok == PRED_TRUE) {
		if (s->ts == TS_NULL)
			return false;
		if (s->ts == TS_MAYBE)
			s->ts = TS_OWNED;
	} else if (ok == PRED_FALSE) {
		if (s->ts == TS_OWNED)
			return false;
		if (s->ts == TS_MAYBE)
			s->ts = TS_NULL;
	}
	return true;
}

static void
bracket_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	BSite *bs = site->pdata;
	if (b->term == T_LONGJMP || (ends_process(c, site->fn, b->term) && !c->lim.report_at_exit))
		return;                  /* longjmp leaves; the process ends */
	if (s->ts == TS_RELEASED)
		bs->closed = true;
	else if (s->ts == TS_ESCAPED)
		bs->lost = true;
	else if (state_live(s)) {
		if (s->ts == TS_MAYBE)
			bs->maybe = true;
		else
			bs->open = true;
		site->exit_how = b->term;
		violate(c, site, s, V_BRACKET_OPEN, b->loc, NULL);
	}
}

static bool
bracket_raise(const Site *site, const State *s, Violation *v)
{
	const BSite *bs = site->pdata;
	(void)s;
	v->bracket = bs->br;
	return true;
}

/* Every return leaves it begun: a begin helper, its callers end it. */
static bool
bracket_keep(const Site *site, const Violation *v)
{
	const BSite *bs = site->pdata;
	return v->kind != V_BRACKET_OPEN || bs->closed;
}

/* ---- sites --------------------------------------------------------------------------- */

static void
run_bracket(Ctx *c, Site *site, BSite *bs, TState from)
{
	site->proto = &bracket_protocol;
	site->pdata = bs;
	State init = {0};
	init.ts = (uint8_t)from;
	if (from != TS_UNACQ)
		init.name = "";
	run_site(c, site, &init);
}

/* The objects function fi leaves begun on every return (memoised). */
static Begins *
begins_of(Ctx *c, int fi)
{
	if (fi < 0)
		return NULL;
	Memo *m = memo_of(c, fi);
	if (m->state || c->depth > 16)
		return m->state == 2 ? m->begins : NULL;
	m->state = 1;
	c->depth++;
	const IrFunc *fn = c->u->funcs.v[fi];
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			const RuleBracketCall *bc = pack_call(c, e, false);
			Obj o;
			if (!bc || !obj_of(fn, e->args[bc->object], &o))
				continue;
			if (!o.global && fn->vars.v[o.v.acc.var].kind != VAR_PARAM)
				continue;
			Site site = {0};
			BSite bs = {bc->bracket, o, bc->success, false, false, false, false, NULL, NULL};
			site.fn = fn;
			site.block = bi;
			site.ev = i;
			site.quiet = true;
			run_bracket(c, &site, &bs, TS_UNACQ);
			if (!bs.open || bs.closed || bs.maybe || bs.lost || site.bounded)
				continue;
			Begins *nb = arena_alloc(&c->sum_arena, sizeof(*nb));
			*nb = (Begins){bc->bracket, o, bc->success, m->begins};
			m->begins = nb;
		}
	}
	c->depth--;
	m->state = 2;
	return m->begins;
}

static void
start(Ctx *c, const IrFunc *fn, int bi, int i, const RuleBracket *br, Obj o, Pred success)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	Site site = {0};
	BSite bs = {br, o, success, false, false, false, false, NULL, NULL};
	site.fn = fn;
	site.block = bi;
	site.ev = i;
	site.acquirer = e->callee;
	site.loc = e->loc;
	run_bracket(c, &site, &bs, TS_UNACQ);
	if (c->stats)
		c->stats->sites++;
}

static void
bracket_sites(Ctx *c, const IrFunc *fn, int bi, int i)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	const RuleBracketCall *bc = pack_call(c, e, false);
	Obj o;
	if (bc) {
		if (obj_of(fn, e->args[bc->object], &o))
			start(c, fn, bi, i, bc->bracket, o, bc->success);
		return;
	}
	const IrFunc *callee = unit_callee(c, e);
	if (!callee || callee == fn)
		return;
	for (Begins *b = begins_of(c, fn_index(c, callee->name)); b; b = b->next)
		if (obj_to_caller(fn, callee, e, b->obj, &o))
			start(c, fn, bi, i, b->br, o, (Pred){OP_NONE, 0});
}

const Protocol bracket_protocol = {
	.name = "bracket",
	.sites = bracket_sites,
	.call = bracket_call,
	.assign = bracket_assign,
	.kill = bracket_kill,
	.edge = bracket_edge,
	.exit = bracket_exit,
	.raise = bracket_raise,
	.keep = bracket_keep,
};
