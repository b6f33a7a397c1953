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
#include "engine.h"
#include "sql.h"

enum { MAX_ALIAS = 8, MAX_STATUS = 4, MAX_FLAGS = 8, MAX_STEPS = 24 };

typedef enum TState {
	TS_UNACQ,        /* the site has not run on this path */
	TS_MAYBE,        /* acquired, but may have failed (NULL, -1) */
	TS_OWNED,        /* acquired and known good */
	TS_NULL,         /* the acquisition failed: nothing to release */
	TS_RELEASED,
	TS_ESCAPED,      /* ownership left the function */
	TS_LOST,         /* reported lost; nothing more to say */
} TState;

typedef struct State {
	uint8_t ts;
	uint8_t nalias, nstatus;
	uint8_t fknown;              /* bit i: flag slot i is constrained: */
	uint8_t hstate;              /* thread hand-off: H_* */
	int16_t hthread;             /* variable of the thread it went to, +1 */
	int16_t hstatus;             /* variable holding the spawn's result, +1 */
	uint8_t pre_ts;              /* typestate before the hand-off */
	int16_t uvar;                /* result of a call that took it over only
	                              * if it succeeded (fdopen), +1 */
	uint8_t upre;                /* typestate before that call */
	uint8_t used;                /* passed or dereferenced since acquired */
	Access alias[MAX_ALIAS];
	int status[MAX_STATUS];
	uint8_t skind[MAX_STATUS];   /* S_* */
	long long fval[MAX_FLAGS];   /* ... "flag <fop> fval" holds */
	uint8_t fop[MAX_FLAGS];
	/* not part of the identity: */
	const Step *path;
	int nsteps;
	const char *name;
	Loc released;
	Loc handed;                  /* where the thread was started */
	const char *routine;
} State;

enum { H_NONE, H_RUNNING, H_OWNS };

/* What a status variable holds: the acquiring call's return code, a
 * status read from a result object, or the result object itself. */
enum { S_CODE, S_READ, S_CARRIER };

typedef struct DeclRule {
	const char *name;
	const RuleFn *fn;            /* NULL: none declared */
} DeclRule;

typedef struct FieldSum {
	int param;
	const char *field;
	SummaryEffect effect;        /* SUM_KEEPS while being computed */
} FieldSum;

typedef struct Summary {
	int state;                   /* 0 none, 1 in progress, 2 done */
	SummaryEffect *direct, *deref;
	SummaryEffect *txn;          /* ends a transaction open on parameter i */
	int txn_state;
	const RuleAcquire *wrap;     /* returns a handle it acquired: its kind */
	int wrap_state;
	int noreturn;                /* 0 unknown, 1 returns, 2 never returns */
	VEC(struct FieldSum) fields; /* what it does to param->field */
} Summary;

typedef struct Ctx {
	const IrUnit *u;
	const Rules *rules;
	EngineLimits lim;
	ViolationFn cb;
	void *cbctx;
	EngineStats *stats;
	Arena arena;                 /* steps and state sets; reset after each site */
	Arena sum_arena;             /* summaries, for the whole unit */
	SqlMatcher *sqlm;
	VEC(struct DeclRule) declared;  /* rule entries made from annotations */
	Summary *sums;               /* one per unit function */
	int depth;                   /* nested summary computations */
} Ctx;

/* What one run over a function is tracking. */
typedef struct Site {
	const IrFunc *fn;
	int block, ev;               /* the acquiring call; -1 for a parameter */
	const RuleAcquire *acq;
	const char *acquirer;
	Loc loc;
	Pred fails;                  /* on an alias: nothing acquired */
	Pred success;                /* on a status variable: acquired */
	bool quiet;                  /* summary run: collect exits, report nothing */
	int flag_var[MAX_FLAGS];
	int nflags;
	/* summary results */
	bool exit_released, exit_owned, exit_escaped;
	bool widened;                /* flag values were forgotten to bound states */
	bool exit_returned;          /* returned to the caller while owned */
	bool bounded;
	/* one report per place, held back until the site is done */
	VEC(Loc) reported;
	VEC(Violation) pending;
	VEC(int) pending_block;
	int loop;                    /* innermost loop around the site: index+1 */
	Loc late_release;            /* a release outside that loop */
	int cur_block;               /* block being run */
	/* transactions */
	bool txn;                    /* following a transaction, not a handle */
	const RuleSql *sql;          /* the begin statement's runner, or NULL */
	Pred status_pred;            /* what a status read says on success */
	bool exit_closed;            /* some exit had it committed/rolled back */
	TermKind exit_how;
	bool to_thread;              /* the violation being raised is a hand-off */
	const RuleKind *released_as;
} Site;

/* ---- the rule table, and what the code declares itself ---------------- */

static const RuleKind *
declared_kind(Ctx *c, const char *name)
{
	const RuleKind *k = rules_kind(c->rules, name);
	if (k)
		return k;
	for (int i = 0; i < c->declared.n; i++) {
		const RuleFn *f = c->declared.v[i].fn;
		if (f && f->acquire && strcmp(f->acquire->kind->name, name) == 0)
			return f->acquire->kind;
		if (f && f->release && strcmp(f->release->kind->name, name) == 0)
			return f->release->kind;
	}
	RuleKind *nk = arena_alloc(&c->sum_arena, sizeof(*nk));
	nk->name = name;
	nk->noun = "handle";
	nk->pack = "(declared in the code)";
	return nk;
}

static const RuleFn *
declared_rule(Ctx *c, const char *name)
{
	RuleFn *f = NULL;
	for (int i = 0; i < c->u->annots.n; i++) {
		const IrAnnot *a = &c->u->annots.v[i];
		if (strcmp(a->function, name) != 0)
			continue;
		if (!f) {
			f = arena_alloc(&c->sum_arena, sizeof(*f));
			f->name = name;
			f->pack = "(declared in the code)";
			f->file = a->loc.file;
			f->line = a->loc.line;
			f->col = a->loc.col;
		}
		switch (a->role) {
		case AN_ACQUIRE: {
			RuleAcquire *acq = arena_alloc(&c->sum_arena, sizeof(*acq));
			acq->kind = declared_kind(c, a->kind);
			acq->out_arg = -1;
			acq->fails = (Pred){OP_EQ, 0};
			f->acquire = acq;
			break;
		}
		case AN_RELEASE: {
			RuleRelease *rel = arena_alloc(&c->sum_arena, sizeof(*rel));
			rel->kind = declared_kind(c, a->kind);
			rel->arg = a->arg;
			f->release = rel;
			break;
		}
		case AN_KEEP:
			f->keeps = true;
			if (a->arg >= 0 && a->arg < 32)
				f->keeps_args |= 1u << a->arg;
			break;
		case AN_BORROW:
			f->borrows = true;
			break;
		}
	}
	return f;
}

/* The rule entry for a function: the packs first, then what the code's
 * own declarations say. */
static const RuleFn *
lookup(Ctx *c, const char *name)
{
	const RuleFn *r = rules_lookup(c->rules, name);
	if (r || c->u->annots.n == 0)
		return r;
	for (int i = 0; i < c->declared.n; i++)
		if (strcmp(c->declared.v[i].name, name) == 0)
			return c->declared.v[i].fn;
	DeclRule d = {name, declared_rule(c, name)};
	avec_push(&c->sum_arena, &c->declared, d);
	return d.fn;
}

/* ---- state helpers ------------------------------------------------------ */

static bool
acc_same(Access a, Access b)
{
	return a.var == b.var && a.field == b.field && a.deref == b.deref &&
	       a.index == b.index && a.deep == b.deep;
}

static bool
state_eq(const State *a, const State *b)
{
	if (a->ts != b->ts || a->nalias != b->nalias || a->nstatus != b->nstatus ||
	    a->fknown != b->fknown || a->hstate != b->hstate || a->hthread != b->hthread ||
	    a->hstatus != b->hstatus || a->pre_ts != b->pre_ts ||
	    a->uvar != b->uvar || a->upre != b->upre || a->used != b->used)
		return false;
	for (int i = 0; i < a->nalias; i++)
		if (!acc_same(a->alias[i], b->alias[i]))
			return false;
	for (int i = 0; i < a->nstatus; i++)
		if (a->status[i] != b->status[i] || a->skind[i] != b->skind[i])
			return false;
	for (int i = 0; i < MAX_FLAGS; i++)
		if ((a->fknown >> i & 1) && (a->fval[i] != b->fval[i] || a->fop[i] != b->fop[i]))
			return false;
	return true;
}

static bool
live(const State *s)
{
	return s->ts == TS_MAYBE || s->ts == TS_OWNED;
}

static int
alias_cmp(Access a, Access b)
{
	if (a.var != b.var)
		return a.var < b.var ? -1 : 1;
	if (a.field != b.field)
		return (uintptr_t)a.field < (uintptr_t)b.field ? -1 : 1;
	int ka = a.deref | a.index << 1 | a.deep << 2;
	int kb = b.deref | b.index << 1 | b.deep << 2;
	return ka - kb;
}

/* Aliases are kept sorted so that equal sets compare equal.  Returns false
 * when the set is full (the caller treats the handle as escaped). */
static bool
alias_add(State *s, Access a)
{
	for (int i = 0; i < s->nalias; i++)
		if (acc_same(s->alias[i], a))
			return true;
	if (s->nalias == MAX_ALIAS)
		return false;
	int i = s->nalias++;
	while (i > 0 && alias_cmp(s->alias[i - 1], a) > 0) {
		s->alias[i] = s->alias[i - 1];
		i--;
	}
	s->alias[i] = a;
	return true;
}

static void
alias_del_at(State *s, int i)
{
	memmove(&s->alias[i], &s->alias[i + 1], sizeof(Access) * (size_t)(s->nalias - i - 1));
	s->nalias--;
}

static void
status_add(State *s, int var, int kind)
{
	for (int i = 0; i < s->nstatus; i++)
		if (s->status[i] == var) {
			s->skind[i] = (uint8_t)kind;
			return;
		}
	if (s->nstatus == MAX_STATUS)
		return;
	int i = s->nstatus++;
	while (i > 0 && s->status[i - 1] > var) {
		s->status[i] = s->status[i - 1];
		s->skind[i] = s->skind[i - 1];
		i--;
	}
	s->status[i] = var;
	s->skind[i] = (uint8_t)kind;
}

/* The kind of status variable var is, +1; 0 if it is none. */
static int
status_has(const State *s, int var)
{
	for (int i = 0; i < s->nstatus; i++)
		if (s->status[i] == var)
			return s->skind[i] + 1;
	return 0;
}

static void
status_del(State *s, int var)
{
	for (int i = 0; i < s->nstatus; i++)
		if (s->status[i] == var) {
			memmove(&s->status[i], &s->status[i + 1],
				sizeof(int) * (size_t)(s->nstatus - i - 1));
			memmove(&s->skind[i], &s->skind[i + 1], (size_t)(s->nstatus - i - 1));
			s->nstatus--;
			return;
		}
}

static int
flag_slot(const Site *site, int var)
{
	for (int i = 0; i < site->nflags; i++)
		if (site->flag_var[i] == var)
			return i;
	return -1;
}

static bool
plain(Access a)
{
	return !a.field && !a.deref && !a.index && !a.deep;
}

static bool
fn_var_named(const IrFunc *fn, Access a)
{
	return a.var >= 0 && fn->vars.v[a.var].kind != VAR_TEMP;
}

/* How a value refers to the tracked handle. */
typedef enum Match {
	M_NONE,
	M_DIRECT,        /* the value is the handle */
	M_ADDR,          /* the address of a variable holding it */
	M_INSIDE,        /* a struct holding it, or its address */
} Match;

static Match
match_value(const State *s, const IrFunc *fn, Value v)
{
	if (v.kind != VAL_ACCESS && v.kind != VAL_ADDR)
		return M_NONE;
	Match m = M_NONE;
	for (int i = 0; i < s->nalias; i++) {
		Access a = s->alias[i];
		if (a.var != v.acc.var)
			continue;
		if (v.kind == VAL_ACCESS && (acc_same(a, v.acc) ||
		    (a.field && a.field[0] == '*' && !a.deref && v.acc.field &&
		     !v.acc.deref && !v.acc.deep)))
			return M_DIRECT;
		if (v.kind == VAL_ADDR && acc_same(a, v.acc))
			m = M_ADDR;
		else if (v.kind == VAL_ADDR && (v.acc.deref || v.acc.index) && plain(a))
			m = M_INSIDE;   /* &c->base, &p[i]: a pointer into the object */
		else if (plain(v.acc) && !plain(a))
			m = m == M_NONE ? M_INSIDE : m;
	}
	(void)fn;
	return m;
}

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

static void
violate(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how)
{
	if (site->quiet)
		return;
	if ((kind == V_LOST_EXIT || kind == V_LOST_SCOPE || kind == V_LOST_OVERWRITE ||
	     kind == V_LOST_DISCARD) && unproven(site, s))
		return;
	if (site->txn && kind != V_TXN_OPEN && kind != V_TXN_WRONG_HANDLE)
		return;
	for (int i = 0; i < site->reported.n; i++) {
		Loc r = site->reported.v[i];
		if (r.line == where.line && r.col == where.col && r.file == where.file)
			return;
	}
	avec_push(&c->arena, &site->reported, where);
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
	v.thread_owns = s->hstate == H_OWNS;
	v.txn = site->txn;
	v.to_thread = site->to_thread;
	v.released_as = site->released_as;
	v.exit_how = site->exit_how;
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
			   (plain(*only) && !a.deref));
		if (hit) {
			alias_del_at(s, i);
			had = true;
		} else {
			i++;
		}
	}
	status_del(s, var);
	if (had && s->nalias == 0 && live(s))
		lose(c, site, s, kind, where, how);
}

/* ---- summaries ------------------------------------------------------------ */

static SummaryEffect summarize(Ctx *c, const IrFunc *fn, int param, bool deref);

static int
func_index(const IrUnit *u, const char *name)
{
	for (int i = 0; i < u->funcs.n; i++)
		if (u->funcs.v[i]->name == name ||
		    (name && strcmp(u->funcs.v[i]->name, name) == 0))
			return i;
	return -1;
}

/* Is block b inside loop (index+1)? */
static bool
in_loop(const IrFunc *fn, int b, int loop)
{
	for (int l = fn->blocks.v[b]->loop; l; l = fn->loops.v[l - 1].parent)
		if (l == loop)
			return true;
	return false;
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

static SummaryEffect summarize_field(Ctx *c, const IrFunc *fn, int param,
				     const char *field);

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
	    live(s)) {
		site->released_as = rel->kind;
		violate(c, site, s, V_MISMATCHED_RELEASE, e->loc, e->callee);
		site->released_as = NULL;
	}
	if (s->hstate == H_RUNNING && s->ts != TS_RELEASED) {
		violate(c, site, s, V_THREAD_RELEASE, e->loc, e->callee);
		s->hstate = H_NONE;
	} else if (s->hstate == H_OWNS && s->ts != TS_RELEASED) {
		violate(c, site, s, V_DOUBLE_RELEASE, e->loc, e->callee);
		s->hstate = H_NONE;
		s->ts = TS_RELEASED;
		return;
	}
	if (s->ts == TS_ESCAPED) {
		return;
	}
	if (s->ts == TS_RELEASED) {
		violate(c, site, s, V_DOUBLE_RELEASE, e->loc, e->callee);
		return;
	}
	if (live(s)) {
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
	    (v->kind == VAR_PARAM && !plain(out.acc)))
		s->ts = TS_ESCAPED;
}

/* pthread_create / thrd_create, pthread_join / thrd_join. */
static void
thread_call(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleThread *t)
{
	if (t->thread_arg < 0 || t->thread_arg >= e->nargs)
		return;
	Value tv = e->args[t->thread_arg];
	if (t->role == THREAD_JOIN) {
		if (s->hstate == H_RUNNING && (tv.kind == VAL_ACCESS || tv.kind == VAL_ADDR) &&
		    tv.acc.var + 1 == s->hthread)
			s->hstate = H_NONE;
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
	int fi = routine && m == M_DIRECT ? func_index(c->u, routine) : -1;
	if (fi >= 0 && c->u->funcs.v[fi]->nparams > 0)
		owns = summarize(c, c->u->funcs.v[fi], 0, false) == SUM_RELEASES;
	s->pre_ts = s->ts;
	s->hstatus = (int16_t)(e->has_dst ? e->dst.var + 1 : 0);
	s->hstate = owns ? H_OWNS : H_RUNNING;
	s->hthread = (int16_t)((tv.kind == VAL_ADDR || tv.kind == VAL_ACCESS) ? tv.acc.var + 1 : 0);
	s->handed = e->loc;
	s->routine = routine;
}

/* ---- transactions ----------------------------------------------------------- */

static SummaryEffect summarize_txn(Ctx *c, const IrFunc *fn, int param);

/* The SQL text a value stands for: a literal, or a local that is only ever
 * assigned one literal. */
static const char *
sql_text(const IrFunc *fn, Value v)
{
	if (v.kind == VAL_STR)
		return v.str;
	if (v.kind != VAL_ACCESS || !plain(v.acc) || fn->vars.v[v.acc.var].kind != VAR_LOCAL)
		return NULL;
	const char *text = NULL;
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int j = 0; j < b->ev.n; j++) {
			const IrEvent *e = &b->ev.v[j];
			if (e->kind != EV_ASSIGN || e->dst.var != v.acc.var)
				continue;
			if (e->src.kind != VAL_STR || (text && strcmp(text, e->src.str) != 0))
				return NULL;
			text = e->src.str;
		}
	}
	return text;
}

/* What a call does to transactions: SQL_BEGIN, SQL_END or SQL_OTHER, and the
 * connection it acts on (through *conn). */
static SqlClass
txn_class(Ctx *c, const IrFunc *fn, const IrEvent *e, const RuleFn *r, Value *conn)
{
	if (!r)
		return SQL_OTHER;
	if (r->sql && r->sql->conn_arg < e->nargs && r->sql->sql_arg < e->nargs) {
		*conn = e->args[r->sql->conn_arg];
		return sql_classify(c->sqlm, sql_text(fn, e->args[r->sql->sql_arg]));
	}
	if (r->txn && r->txn->conn_arg < e->nargs) {
		*conn = e->args[r->txn->conn_arg];
		if (r->txn->what == TXN_END)
			return SQL_END;
		if (r->txn->when_arg < 0)
			return SQL_BEGIN;
		const RuleTxnCall *t = r->txn;
		bool also = t->also_arg < 0 ||
			    (t->also_arg < e->nargs && e->args[t->also_arg].kind == VAL_INT &&
			     e->args[t->also_arg].ival == t->also_value);
		if (t->when_arg < e->nargs && e->args[t->when_arg].kind == VAL_INT &&
		    e->args[t->when_arg].ival == t->when_value && also)
			return SQL_BEGIN;
	}
	return SQL_OTHER;
}

static const char *
type_name(const IrFunc *fn, int var)
{
	const char *t = fn->vars.v[var].type;
	if (!t)
		return "";
	while (strncmp(t, "const ", 6) == 0)
		t += 6;
	return t;
}

/* Is b another connection of the same kind as the one the transaction is
 * on, and not a copy of it? */
static bool
other_connection(const IrFunc *fn, const State *s, Value b)
{
	if (b.kind != VAL_ACCESS || !plain(b.acc))
		return false;
	int a = -1;
	for (int i = 0; i < s->nalias; i++) {
		if (s->alias[i].var == b.acc.var)
			return false;
		if (a < 0 && plain(s->alias[i]))
			a = s->alias[i].var;
	}
	if (a < 0 || strcmp(type_name(fn, a), type_name(fn, b.acc.var)) != 0 ||
	    !fn->vars.v[a].is_pointer)
		return false;
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *bb = fn->blocks.v[i];
		for (int j = 0; j < bb->ev.n; j++) {
			const IrEvent *e = &bb->ev.v[j];
			if (e->kind != EV_ASSIGN || e->src.kind != VAL_ACCESS)
				continue;
			if ((e->dst.var == a && e->src.acc.var == b.acc.var) ||
			    (e->dst.var == b.acc.var && e->src.acc.var == a))
				return false;
		}
	}
	return true;
}

static void
start_txn(Site *site, State *s, const IrEvent *e, Value conn)
{
	uint8_t fknown = s->fknown, fop[MAX_FLAGS];
	long long fval[MAX_FLAGS];
	memcpy(fop, s->fop, sizeof(fop));
	memcpy(fval, s->fval, sizeof(fval));
	memset(s, 0, sizeof(*s));
	s->fknown = fknown;                 /* what branches said still holds */
	memcpy(s->fop, fop, sizeof(fop));
	memcpy(s->fval, fval, sizeof(fval));
	s->ts = TS_OWNED;
	alias_add(s, conn.acc);
	if (fn_var_named(site->fn, conn.acc))
		s->name = site->fn->vars.v[conn.acc.var].name;
	if (e->has_dst) {
		if (site->sql && site->sql->success.op != OP_NONE) {
			status_add(s, e->dst.var, S_CODE);
			s->ts = TS_MAYBE;
		} else if (site->sql) {
			status_add(s, e->dst.var, S_CARRIER);
			s->ts = TS_MAYBE;
		}
	}
}

static bool
transfer_txn_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site,
		  const RuleFn *r)
{
	const IrFunc *fn = site->fn;
	if (is_site) {
		Value conn = {0};
		txn_class(c, fn, e, r, &conn);
		if (!live(s) && conn.kind == VAL_ACCESS)
			start_txn(site, s, e, conn);
		return true;
	}
	if (!live(s))
		return !(r && r->noreturn);
	/* a status read of the begin statement's result */
	if (r && r->status && r->status->arg < e->nargs && e->has_dst) {
		Value a = e->args[r->status->arg];
		if (a.kind == VAL_ACCESS && plain(a.acc) &&
		    status_has(s, a.acc.var) == S_CARRIER + 1) {
			status_add(s, e->dst.var, S_READ);
			site->status_pred = r->status->success;
		}
	}
	/* closing the connection ends its transaction (the server rolls back) */
	if (r && r->release && r->release->arg < e->nargs &&
	    match_value(s, fn, e->args[r->release->arg]) == M_DIRECT) {
		s->ts = TS_RELEASED;
		s->released = e->loc;
		return !r->noreturn;
	}
	Value conn = {0};
	SqlClass cls = txn_class(c, fn, e, r, &conn);
	if (conn.kind != VAL_NONE) {
		Match m = match_value(s, fn, conn);
		if (m == M_DIRECT && cls == SQL_END) {
			s->ts = TS_RELEASED;
			s->released = e->loc;
		} else if (m == M_NONE && r && r->sql && other_connection(fn, s, conn)) {
			violate(c, site, s, V_TXN_WRONG_HANDLE, e->loc,
				fn->vars.v[conn.acc.var].name);
		}
		return !(r && r->noreturn);
	}
	for (int i = 0; i < e->nargs && live(s); i++) {
		Match m = match_value(s, fn, e->args[i]);
		if (m == M_NONE || !e->callee || (r && !rules_keeps_arg(r, i)))
			continue;               /* callbacks and the library use it */
		int fi = func_index(c->u, e->callee);
		if (fi < 0 || m != M_DIRECT || r) {
			s->ts = TS_ESCAPED;
			break;
		}
		SummaryEffect se = summarize_txn(c, c->u->funcs.v[fi], i);
		if (se == SUM_RELEASES) {
			s->ts = TS_RELEASED;
			s->released = e->loc;
		} else if (se == SUM_KEEPS) {
			s->ts = TS_ESCAPED;
		}
	}
	return !(r && r->noreturn);
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
					  ? lookup(c, e->callee) : NULL;
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
	int fi = func_index(c->u, e->callee);
	if (fi < 0)
		return;
	const IrFunc *callee = c->u->funcs.v[fi];
	for (int i = 0; i < e->nargs && i < callee->nparams; i++) {
		Value a = e->args[i];
		if ((a.kind == VAL_ACCESS || a.kind == VAL_ADDR) && a.acc.var + 1 == s->hthread &&
		    joins_param(c, callee, i, a.kind == VAL_ADDR))
			s->hstate = H_NONE;
	}
}

/* A function of the unit none of whose paths returns (a fatal() that calls
 * exit): its callers' paths end at the call. */
static bool
never_returns(Ctx *c, const char *name)
{
	int fi = name ? func_index(c->u, name) : -1;
	if (fi < 0)
		return false;
	Summary *sm = &c->sums[fi];
	if (!sm->noreturn) {
		const IrFunc *fn = c->u->funcs.v[fi];
		int n = fn->blocks.n;
		char *seen = arena_alloc(&c->sum_arena, (size_t)n + 1);
		int *stack = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)(n + 1));
		int sp = 0;
		bool returns = false;
		stack[sp++] = 0;
		seen[0] = 1;
		while (sp > 0 && !returns) {
			const IrBlock *b = fn->blocks.v[stack[--sp]];
			bool stops = false;
			for (int i = 0; i < b->ev.n && !stops; i++) {
				const IrEvent *e = &b->ev.v[i];
				const RuleFn *r = e->kind == EV_CALL && e->callee
						  ? lookup(c, e->callee) : NULL;
				stops = r && r->noreturn;
			}
			if (stops)
				continue;
			if (b->term == T_RETURN)
				returns = true;
			for (int k = 0; k < 2; k++) {
				int t = b->succ[k];
				if (t >= 0 && (k == 0 ? b->term == T_GOTO || b->term == T_BRANCH
						      : b->term == T_BRANCH) && !seen[t]) {
					seen[t] = 1;
					stack[sp++] = t;
				}
			}
		}
		sm->noreturn = returns ? 1 : 2;
	}
	return sm->noreturn == 2;
}

/* Returns false when the path ends here (a call that does not return). */
static bool
transfer_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site)
{
	const RuleFn *r = e->callee ? lookup(c, e->callee) : NULL;
	const IrFunc *fn = site->fn;
	if (site->txn) {
		bool cont = transfer_txn_call(c, site, s, e, is_site, r);
		if (!cont && live(s)) {
			site->exit_how = strstr(e->callee, "longjmp") ? T_LONGJMP : T_EXIT;
			violate(c, site, s, V_TXN_OPEN, e->loc, NULL);
		}
		return cont;
	}
	if (r && r->thread)
		thread_call(c, site, s, e, r->thread);
	else if (!r && e->callee && s->hstate == H_RUNNING)
		join_by_helper(c, s, e);
	if (s->ts == TS_ESCAPED && s->hstate != H_NONE) {
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
				if (!is_site || live(s)) {
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
			    e->has_dst && live(s)) {
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
			else if (s->ts == TS_RELEASED && m == M_DIRECT && !site->txn) {
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
	if (r && r->passes && e->has_dst && r->passes - 1 < e->nargs && live(s) &&
	    match_value(s, fn, e->args[r->passes - 1]) == M_DIRECT)
		alias_add(s, e->dst);
	if (is_site && !live(s))
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

static void
transfer_assign(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	const IrFunc *fn = site->fn;
	Access dst = e->dst;
	int slot = plain(dst) ? flag_slot(site, dst.var) : -1;
	int from = e->src.kind == VAL_ACCESS && plain(e->src.acc)
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
	if (s->uvar && plain(dst)) {
		if (e->src.kind == VAL_ACCESS && plain(e->src.acc) &&
		    e->src.acc.var + 1 == s->uvar)
			s->uvar = (int16_t)(dst.var + 1);
		else if (dst.var + 1 == s->uvar)
			s->uvar = 0;
	}
	if (s->hstatus && plain(dst)) {
		if (e->src.kind == VAL_ACCESS && plain(e->src.acc) &&
		    e->src.acc.var + 1 == s->hstatus)
			s->hstatus = (int16_t)(dst.var + 1);
		else if (dst.var + 1 == s->hstatus)
			s->hstatus = 0;
	}
	if (s->ts == TS_UNACQ || s->ts == TS_LOST || s->ts == TS_ESCAPED)
		return;
	Match m = match_value(s, fn, e->src);
	bool src_status = e->src.kind == VAL_ACCESS && plain(e->src.acc) &&
			  status_has(s, e->src.acc.var);
	/* What held the handle at dst no longer does. */
	State before = *s;
	bool somewhere = dst.field && dst.field[0] == '*';  /* {..} initializers */
	for (int i = 0; i < s->nalias && !somewhere;) {
		Access a = s->alias[i];
		if (a.var == dst.var && (acc_same(a, dst) || (plain(dst) && !a.deref)))
			alias_del_at(s, i);
		else
			i++;
	}
	if (plain(dst))
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
				if (before.alias[i].var == e->src.acc.var && !plain(before.alias[i])) {
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
	if (src_status && plain(dst))
		status_add(s, dst.var, status_has(&before, e->src.acc.var) - 1);
	if (before.nalias > 0 && s->nalias == 0 && live(s)) {
		violate(c, site, &before, V_LOST_OVERWRITE, e->loc, fn->vars.v[dst.var].name);
		s->ts = TS_LOST;
		s->nstatus = 0;
	}
}

static bool
transfer(Ctx *c, Site *site, State *s, const IrBlock *b, int i)
{
	const IrEvent *e = &b->ev.v[i];
	switch (e->kind) {
	case EV_CALL:
		return transfer_call(c, site, s, e, b->id == site->block && i == site->ev);
	case EV_ASSIGN:
		transfer_assign(c, site, s, e);
		return true;
	case EV_KILL: {
		if (s->hstatus == e->var + 1)
			s->hstatus = 0;
		if (s->uvar == e->var + 1)
			s->uvar = 0;
		int slot = flag_slot(site, e->var);
		if (slot >= 0)
			s->fknown &= (uint8_t)~(1u << slot);
		if (s->ts == TS_UNACQ || s->ts == TS_LOST)
			return true;
		bool temp = site->fn->vars.v[e->var].kind == VAR_TEMP;
		forget(c, site, s, e->var, NULL, temp ? V_LOST_DISCARD : V_LOST_SCOPE,
		       e->loc, site->fn->vars.v[e->var].name);
		return true;
	}
	case EV_USE:
		if (live(s) && match_value(s, site->fn, e->src) != M_NONE)
			s->used = 1;
		if (s->ts == TS_RELEASED && match_value(s, site->fn, e->src) == M_DIRECT) {
			violate(c, site, s, V_USE_AFTER_RELEASE, e->loc, NULL);
			s->ts = TS_LOST;
			s->nalias = 0;
		}
		return true;
	}
	return true;
}

/* ---- branches ---------------------------------------------------------------- */

static const Step *
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
		bool ptr = fn->vars.v[cond->lhs.var].is_pointer && plain(cond->lhs);
		return arena_printf(&c->arena, "'%s' is %s", cond->text,
				    ptr ? (taken ? "non-null" : "null")
					: (taken ? "non-zero" : "zero"));
	}
	return arena_printf(&c->arena, "'%s' is %s", cond->text, taken ? "true" : "false");
}

/* Refines s for one edge of a branch; false if the edge is infeasible. */
static bool
is_alias(const State *s, Access a)
{
	for (int i = 0; i < s->nalias; i++)
		if (acc_same(s->alias[i], a))
			return true;
	return false;
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
	if ((a || b) && s->ts == TS_OWNED && !s->hstate)
		return !eq_holds;
	return true;
}

/* One side holds a handle that may be NULL: equal only if it is NULL. */
static void
refine_vs_var_maybe(State *s, const Cond *cond, bool taken)
{
	if ((cond->op != OP_EQ && cond->op != OP_NE) || s->ts != TS_MAYBE || s->hstate)
		return;
	bool a = is_alias(s, cond->lhs), b = is_alias(s, cond->rhs_acc);
	bool eq_holds = cond->op == OP_EQ ? taken : !taken;
	if (a != b)
		s->ts = eq_holds ? TS_NULL : TS_OWNED;
}

static bool
refine(Site *site, State *s, const Cond *cond, bool taken)
{
	if (cond->vs_var && !site->txn) {
		refine_vs_var_maybe(s, cond, taken);
		return refine_vs_var(s, cond, taken);
	}
	if (!cond->known)
		return true;
	Pred test = {taken ? cond->op : cmp_negate(cond->op), cond->rhs};
	if (plain(cond->lhs)) {
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
	if (s->uvar && plain(cond->lhs) && cond->lhs.var + 1 == s->uvar) {
		PredImpl failed = pred_implies(test, (Pred){OP_EQ, 0});
		if (failed == PRED_TRUE && s->ts == TS_RELEASED)
			s->ts = s->upre;
		if (failed != PRED_UNKNOWN)
			s->uvar = 0;
		return true;
	}
	if (s->hstatus && plain(cond->lhs) && cond->lhs.var + 1 == s->hstatus) {
		/* pthread_create and thrd_create return 0 when the thread runs */
		PredImpl ok = pred_implies(test, (Pred){OP_EQ, 0});
		if (ok == PRED_FALSE) {
			s->hstate = H_NONE;
			s->hthread = 0;
			s->ts = s->pre_ts;
		}
		if (ok != PRED_UNKNOWN)
			s->hstatus = 0;
		return true;
	}
	if (s->ts != TS_MAYBE && s->ts != TS_OWNED && s->ts != TS_NULL)
		return true;
	bool on_alias = false;
	for (int i = 0; i < s->nalias; i++)
		if (acc_same(s->alias[i], cond->lhs))
			on_alias = true;
	int sk = plain(cond->lhs) ? status_has(s, cond->lhs.var) : 0;
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

static void
at_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	bool returned = false;
	if (b->term == T_RETURN && match_value(s, site->fn, b->ret) != M_NONE &&
	    s->ts != TS_RELEASED && s->ts != TS_NULL) {
		returned = live(s);
		s->ts = TS_ESCAPED;
	}
	if (site->quiet) {
		if (returned)
			site->exit_returned = true;
		else if (s->ts == TS_RELEASED)
			site->exit_released = true;
		else if (s->ts == TS_ESCAPED)
			site->exit_escaped = true;
		else if (live(s))
			site->exit_owned = true;
		return;
	}
	if (site->txn) {
		if (s->ts == TS_RELEASED)
			site->exit_closed = true;
		else if (live(s)) {
			site->exit_how = b->term;
			violate(c, site, s, V_TXN_OPEN, b->loc, NULL);
		}
		return;
	}
	if (b->term == T_RETURN && live(s))
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
			if (!refine(site, &t, &b->cond, k == 0))
				continue;
			if (b->cond.text && live(&s))
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
		if (b->term == T_RETURN || site->txn)
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
		if (b->term == T_BRANCH && b->cond.known && plain(b->cond.lhs))
			tested[b->cond.lhs.var] = 1;
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			if (e->kind == EV_ASSIGN && plain(e->dst) && e->src.kind == VAL_INT)
				constv[e->dst.var] = 1;
		}
	}
	site->nflags = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < fn->blocks.n; i++) {
			const IrBlock *b = fn->blocks.v[i];
			for (int k = 0; k < b->ev.n; k++) {
				const IrEvent *e = &b->ev.v[k];
				if (e->kind != EV_ASSIGN || !plain(e->dst))
					continue;
				int d = e->dst.var;
				int from = e->src.kind == VAL_ACCESS && plain(e->src.acc) ? e->src.acc.var : -1;
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
		if (b->term == T_BRANCH && b->cond.known && plain(b->cond.lhs) && times[b->cond.lhs.var] < 2)
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
		/* every exit leaves it open: a begin helper, its caller ends it */
		if (v->kind == V_TXN_OPEN && !site->exit_closed)
			continue;
		if (in >= 0 && (v->kind == V_LOST_OVERWRITE || v->kind == V_LOST_SCOPE) &&
		    in_loop(fn, site->pending_block.v[i], site->loop))
			continue;
		c->cb(c->cbctx, v);
	}
	site->pending.n = 0;
	site->pending_block.n = 0;
}

static void
run_site(Ctx *c, Site *site, const State *init)
{
	const IrFunc *fn = site->fn;
	find_flags(c, site);
	Sets w = {0};
	w.at = arena_alloc(&c->arena, sizeof(*w.at) * (size_t)fn->blocks.n);
	propagate(c, site, &w, 0, init);
	long visits = 0;
	while (w.head < w.queue.n) {
		Work wk = w.queue.v[w.head++];
		if (++visits > c->lim.steps_per_site) {
			site->bounded = true;
			break;
		}
		run_block(c, site, &w, fn->blocks.v[wk.block], wk.st);
	}
	if (c->stats)
		c->stats->visits += visits;
	flush(c, site);
	if ((site->bounded || site->widened) && !site->quiet) {
		Violation v = {0};
		v.kind = V_BOUND;
		v.fn = fn;
		v.where = fn->loc;
		v.acquired = site->loc;
		v.acquirer = site->acquirer;
		v.how = site->bounded ? NULL : "flags";
		c->cb(c->cbctx, &v);
		if (c->stats)
			c->stats->bounded++;
	}
}

/* Follows what fn does to the storage `a` (a parameter, what it points to,
 * or a member of that) from entry to its returns: released on every path,
 * only borrowed, or kept (anything else).  txn: a transaction open on it. */
static SummaryEffect
run_summary(Ctx *c, const IrFunc *fn, Access a, bool txn)
{
	Site site = {0};
	site.fn = fn;
	site.block = site.ev = -1;
	site.quiet = true;
	site.txn = txn;
	site.fails = (Pred){OP_EQ, 0};
	State init = {0};
	init.ts = txn ? TS_OWNED : TS_MAYBE;
	alias_add(&init, a);
	run_site(c, &site, &init);
	if (site.exit_escaped || site.bounded || (site.exit_released && site.exit_owned))
		return SUM_KEEPS;
	return site.exit_released ? SUM_RELEASES : SUM_BORROWS;
}

static SummaryEffect
summarize(Ctx *c, const IrFunc *fn, int param, bool deref)
{
	int fi = func_index(c->u, fn->name);
	Summary *sm = &c->sums[fi];
	if (sm->state == 1 || c->depth > 16)
		return SUM_KEEPS;
	if (sm->state == 0) {
		sm->state = 1;
		c->depth++;
		int n = fn->nparams;
		sm->direct = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
		sm->deref = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
		for (int p = 0; p < n; p++) {
			for (int d = 0; d < 2; d++) {
				Access a = ir_acc(p);
				a.deref = d;
				(d ? sm->deref : sm->direct)[p] = run_summary(c, fn, a, false);
			}
		}
		c->depth--;
		sm->state = 2;
	}
	if (param >= fn->nparams)
		return SUM_KEEPS;
	return (deref ? sm->deref : sm->direct)[param];
}

/* What fn does to param->field (one level of struct members): a
 * destroy function releasing ctx->res releases it. */
static SummaryEffect
summarize_field(Ctx *c, const IrFunc *fn, int param, const char *field)
{
	int fi = func_index(c->u, fn->name);
	Summary *sm = &c->sums[fi];
	for (int k = 0; k < sm->fields.n; k++)
		if (sm->fields.v[k].param == param && sm->fields.v[k].field == field)
			return sm->fields.v[k].effect;
	if (c->depth > 16 || param >= fn->nparams)
		return SUM_KEEPS;
	FieldSum fsum = {param, field, SUM_KEEPS};     /* recursion: keeps */
	avec_push(&c->sum_arena, &sm->fields, fsum);
	int slot = sm->fields.n - 1;
	c->depth++;
	Access a = ir_acc(param);
	a.field = field;
	a.deref = true;
	SummaryEffect e = run_summary(c, fn, a, false);
	c->depth--;
	sm->fields.v[slot].effect = e;
	return e;
}

/* Does fn end (commit or roll back) a transaction that is open on its
 * parameter `param` when it is called, on every path? */
static SummaryEffect
summarize_txn(Ctx *c, const IrFunc *fn, int param)
{
	int fi = func_index(c->u, fn->name);
	Summary *sm = &c->sums[fi];
	if (sm->txn_state == 1 || c->depth > 16 || param >= fn->nparams)
		return SUM_KEEPS;
	if (sm->txn_state == 0) {
		sm->txn_state = 1;
		c->depth++;
		sm->txn = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(fn->nparams + 1));
		for (int p = 0; p < fn->nparams; p++)
			sm->txn[p] = run_summary(c, fn, ir_acc(p), true);
		c->depth--;
		sm->txn_state = 2;
	}
	return sm->txn[param];
}

/* ---- driving ------------------------------------------------------------------- */

void
engine_limits_default(EngineLimits *lim)
{
	lim->states_per_block = 64;
	lim->steps_per_site = 200000;
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

static void
analyse_txn_site(Ctx *c, const IrFunc *fn, int bi, int i, const RuleFn *r)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	Site site = {0};
	site.fn = fn;
	site.block = bi;
	site.ev = i;
	site.txn = true;
	site.sql = r->sql;
	site.acquirer = e->callee;
	site.loc = e->loc;
	site.success = r->sql ? r->sql->success : (Pred){OP_NONE, 0};
	State init = {0};
	init.ts = TS_UNACQ;
	run_site(c, &site, &init);
	arena_release(&c->arena);
	if (c->stats)
		c->stats->sites++;
}

static void
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
	arena_release(&c->arena);
	if (c->stats)
		c->stats->sites++;
}

static const RuleAcquire *wrapper(Ctx *c, const char *name);

/* The handles a call hands out: from the packs, or from a function of the
 * unit that returns what it acquired (a wrapper). */
static const RuleAcquire *
acquires(Ctx *c, const IrEvent *e, const RuleFn *r)
{
	if (r)
		return r->acquire;
	return e->callee ? wrapper(c, e->callee) : NULL;
}

/* A function of the unit that returns a handle it acquired, on the paths
 * where it does not fail, and never keeps it elsewhere: its callers
 * acquire that handle. */
static const RuleAcquire *
wrapper(Ctx *c, const char *name)
{
	int fi = func_index(c->u, name);
	if (fi < 0)
		return NULL;
	Summary *sm = &c->sums[fi];
	if (sm->wrap_state)
		return sm->wrap_state == 2 ? sm->wrap : NULL;
	if (c->depth > 16)
		return NULL;
	sm->wrap_state = 1;
	c->depth++;
	const IrFunc *fn = c->u->funcs.v[fi];
	for (int bi = 0; bi < fn->blocks.n && !sm->wrap; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n && !sm->wrap; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			const RuleFn *r = lookup(c, e->callee);
			for (const RuleAcquire *a = acquires(c, e, r); a && !sm->wrap; a = a->next) {
				if (a->out_arg >= 0)
					continue;
				Site site;
				site_init(&site, fn, bi, i, a);
				site.quiet = true;
				State init = {0};
				init.ts = TS_UNACQ;
				run_site(c, &site, &init);
				if (site.exit_returned && !site.exit_owned && !site.exit_escaped &&
				    !site.bounded) {
					RuleAcquire *w = arena_alloc(&c->sum_arena, sizeof(*w));
					*w = *a;
					w->next = NULL;
					w->null_arg = 0;    /* the wrapper allocates */
					sm->wrap = w;
				}
			}
		}
	}
	c->depth--;
	sm->wrap_state = 2;
	return sm->wrap;
}

static void
analyse_function(Ctx *c, const IrFunc *fn)
{
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			const RuleFn *r = lookup(c, e->callee);
			Value conn = {0};
			if (r && c->sqlm && (r->sql || r->txn) &&
			    txn_class(c, fn, e, r, &conn) == SQL_BEGIN && conn.kind == VAL_ACCESS)
				analyse_txn_site(c, fn, bi, i, r);
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
