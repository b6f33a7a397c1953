/* SPDX-License-Identifier: MIT */
/*
 * summary: the rule entry of a call (declared.c: the packs, then the code's
 * own annotations), and what functions of the unit do: to a parameter (releases
 * it on every path, borrows it, keeps it), to param->field, to a transaction
 * open on a parameter; whether they return a handle they acquired (wrappers)
 * or never return.  Computed on demand by quiet runs of the engine core and
 * memoised per unit in Ctx.sum_arena; recursion is treated as keeping.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine_int.h"

/* ---- the rule table ------------------------------------------------------- */

/* The rule entry for a function: the packs first, then what the code's
 * own declarations say (declared.c). */
const RuleFn *
engine_lookup(Ctx *c, const char *name)
{
	enum { N = sizeof(c->looked) / sizeof(c->looked[0]) };
	unsigned k = (unsigned)((uintptr_t)name >> 3) & (N - 1);
	if (name && c->looked[k].name == name && c->looked[k].program == c->lim.program)
		return c->looked[k].r;
	const RuleFn *r = declared_rules_lookup(c->decl, name);
	/* a pack's glob (`use: ["sqlite3_*"]`) is for the library's
	 * functions: one the program defines itself (the SQLite shell's
	 * sqlite3_expert_destroy()) is what its own body or summary says */
	if (r && by_glob(r, name) && (fn_index(c, name) >= 0 || ask(c, 'n', name, 0, 0, NULL)))
		r = NULL;
	c->looked[k].name = name;
	c->looked[k].program = c->lim.program;
	c->looked[k].r = r;
	return r;
}

/* A pack that names a macro names the calls the macro makes: Kamailio's
 * `pkg_malloc(n)` is `_pkg_root.xmalloc(_pkg_root.mem_block, n)`, a call
 * through a member no pack can name, and OpenSIPS's debug build makes it
 * `sys_malloc(n, __FILE__, ...)`.  A call the lowering saw written as a
 * macro (IrEvent.macro) whose own callee no rule entry names takes the
 * macro's name when a pack names it exactly (not by a glob): the engine,
 * the summaries and the messages then see the name the code wrote.  The
 * unit is changed in place, as progsum_resolve_calls() changes it; doing
 * it again with the same packs changes nothing. */
static void
bind_macro(Ctx *c, IrEvent *e)
{
	Value *args = e->args;
	if (e->margc > e->nargs)
		args = arena_alloc(&((IrUnit *)c->u)->arena, sizeof(Value) * (size_t)e->margc);
	Value keep[64];
	int n = e->nargs < 64 ? e->nargs : 64;
	if (n > 0)                      /* a call of no argument has no args */
		memcpy(keep, e->args, sizeof(Value) * (size_t)n);
	uint64_t lent = 0;
	for (int k = 0; k < e->margc; k++) {
		int i = e->margv[k];
		args[k] = i >= 0 && i < n ? keep[i] : (Value){.kind = VAL_UNKNOWN};
		if (i >= 0 && i < 64 && k < 64 && (e->borrowed >> i & 1))
			lent |= (uint64_t)1 << k;
	}
	e->args = args;
	e->nargs = e->margc;
	e->borrowed = lent;
	e->callee = e->macro;
	e->via = NULL;
}

/* Runs once per unit and context, before any walk: calls written as
 * macros the packs name take that name (bind_macro), and the members packs
 * name (initPQExpBuffer(&buf) fills buf.data) are interned, since the IR
 * compares members by pointer, even where the code never writes them (a
 * buffer only ever lent to functions).  The context is the unit's only
 * user while it runs, so it may edit it. */
void
bind_macros(Ctx *c)
{
	if (!c->rules)
		return;
	IrUnit *u = (IrUnit *)c->u;
	for (const char *const *m = rules_members(c->rules); *m; m++)
		ir_intern(u, *m);
	for (int fi = 0; fi < u->funcs.n; fi++) {
		const IrFunc *f = u->funcs.v[fi];
		for (int bi = 0; bi < f->blocks.n; bi++) {
			IrBlock *b = f->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				IrEvent *e = &b->ev.v[i];
				if (e->kind != EV_CALL || !e->macro || e->callee == e->macro ||
				    (e->callee && engine_lookup(c, e->callee)))
					continue;
				const RuleFn *r = rules_lookup(c->rules, e->macro);
				if (r && !by_glob(r, e->macro))
					bind_macro(c, e);
			}
		}
	}
}

/* Did r come from a glob of the packs rather than from name itself? */
bool
by_glob(const RuleFn *r, const char *name)
{
	return r && name && r->name && strcmp(r->name, name) != 0;
}

/* ---- summaries ------------------------------------------------------------ */



/* The same through a table of the unit's functions by name, made on first
 * use (a unit of 2,000 functions spent a quarter of its analysis comparing
 * every call's callee with each of their names). */
int
fn_index(Ctx *c, const char *name)
{
	if (!name)
		return -1;
	const IrUnit *u = c->u;
	if (!c->fn_slot) {
		int cap = 16;
		while (cap < 2 * u->funcs.n + 2)
			cap *= 2;
		c->fn_cap = cap;
		c->fn_slot = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)cap);
		for (int i = 0; i < u->funcs.n; i++) {
			unsigned h = ir_hash_str(u->funcs.v[i]->name) & (unsigned)(cap - 1);
			while (c->fn_slot[h] && strcmp(u->funcs.v[c->fn_slot[h] - 1]->name,
						      u->funcs.v[i]->name) != 0)
				h = (h + 1) & (unsigned)(cap - 1);
			if (!c->fn_slot[h])
				c->fn_slot[h] = i + 1;       /* the first of a name */
		}
	}
	unsigned k = (unsigned)((uintptr_t)name >> 3) & 63;
	if (c->fn_seen[k] == name && (c->fn_seen_at[k] < 0 ||
				      u->funcs.v[c->fn_seen_at[k]]->name == name))
		return c->fn_seen_at[k];
	int at = -1;
	unsigned h = ir_hash_str(name) & (unsigned)(c->fn_cap - 1);
	for (; c->fn_slot[h]; h = (h + 1) & (unsigned)(c->fn_cap - 1)) {
		const char *f = u->funcs.v[c->fn_slot[h] - 1]->name;
		if (f == name || strcmp(f, name) == 0) {
			at = c->fn_slot[h] - 1;
			break;
		}
	}
	c->fn_seen[k] = name;
	c->fn_seen_at[k] = at;
	return at;
}

/* Is block b inside loop (index+1)? */
bool
in_loop(const IrFunc *fn, int b, int loop)
{
	for (int l = fn->blocks.v[b]->loop; l; l = fn->loops.v[l - 1].parent)
		if (l == loop)
			return true;
	return false;
}

/* ---- functions of the other units (progsum.h) ------------------------------ */

SummaryEffect
prog_effect(char letter)
{
	return letter == 'r' ? SUM_RELEASES : letter == 'b' ? SUM_BORROWS :
	       letter == 'p' ? SUM_PASSES : SUM_KEEPS;
}

SummaryEffect
prog_field(const ProgFn *pf, int param, const char *field)
{
	for (int k = 0; k < pf->nfields; k++)
		if (pf->fields[k].param == param && strcmp(pf->fields[k].field, field) == 0)
			return prog_effect(pf->fields[k].effect);
	return SUM_KEEPS;
}

static bool reaches_with(Ctx *c, const IrFunc *fn, int param, bool nonzero, int target);

/* May call e keep its argument i somewhere that outlives the call (a
 * global, another object)?  Not a function of the packs unless they say
 * it keeps it; not one of the unit or of the program whose summary says
 * it releases, borrows or returns it; not a pointer-to-const parameter of
 * an unknown function. */
bool
arg_may_escape(Ctx *c, const IrEvent *e, int i)
{
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	if (r)
		return rules_keeps_arg(r, i) ||
		       (r->thread && r->thread->role == THREAD_SPAWN && r->thread->data_arg == i);
	if (!e->callee)
		return true;
	bool lent = i < 64 && (e->borrowed >> i & 1);
	int fi = fn_index(c, e->callee);
	if (fi >= 0) {
		const IrFunc *callee = c->u->funcs.v[fi];
		if (i >= callee->nparams)
			return !lent;
		SummaryEffect se = summarize(c, callee, i, false);
		return se != SUM_RELEASES && se != SUM_BORROWS && se != SUM_PASSES;
	}
	return ask(c, 'k', e->callee, i, lent, NULL);
}

/* A function of the unit none of whose paths returns (a fatal() that calls
 * exit), or one another unit's summary says so: its callers' paths end at
 * the call. */
bool
never_returns(Ctx *c, const char *name)
{
	int fi = name ? fn_index(c, name) : -1;
	if (fi < 0)
		return ask(c, 'x', name, 0, 0, NULL);
	Summary *sm = &c->sums[fi];
	if (!sm->noreturn)
		sm->noreturn = reaches_with(c, c->u->funcs.v[fi], -1, false, -1) ? 1 : 2;
	return sm->noreturn == 2;
}

/* Does some path of fn reach a return (target -1) or block target, with
 * its parameter `param` (never assigned in fn) zero (nonzero false) or
 * not (nonzero true)?  param -1: whatever the parameters hold. */
static bool
reaches_with(Ctx *c, const IrFunc *fn, int param, bool nonzero, int target)
{
	int n = fn->blocks.n;
	char *seen = arena_alloc(&c->sum_arena, (size_t)n + 1);
	int *stack = arena_alloc(&c->sum_arena, sizeof(int) * (size_t)(n + 1));
	int sp = 0;
	stack[sp++] = 0;
	seen[0] = 1;
	Pred holds = {nonzero ? OP_NE : OP_EQ, 0};
	while (sp > 0) {
		const IrBlock *b = fn->blocks.v[stack[--sp]];
		if (b->id == target)
			return true;
		bool stops = false;
		for (int i = 0; i < b->ev.n && !stops; i++) {
			const IrEvent *e = &b->ev.v[i];
			const RuleFn *r = e->kind == EV_CALL && e->callee
					  ? engine_lookup(c, e->callee) : NULL;
			stops = r && r->noreturn;
		}
		if (stops)
			continue;
		if (b->term == T_RETURN && target < 0)
			return true;
		PredImpl k = PRED_UNKNOWN;
		if (param >= 0 && b->term == T_BRANCH && b->cond.known &&
		    acc_plain(b->cond.lhs) && b->cond.lhs.var == param)
			k = pred_implies(holds, (Pred){b->cond.op, b->cond.rhs});
		for (int j = 0; j < 2; j++) {
			int t = b->succ[j];
			bool edge = j == 0 ? b->term == T_GOTO || b->term == T_BRANCH
					   : b->term == T_BRANCH;
			if (b->term == T_BRANCH && ((j == 0 && k == PRED_FALSE) ||
						    (j == 1 && k == PRED_TRUE)))
				edge = false;   /* exit_on_error is true: not this way */
			if (t >= 0 && edge && !seen[t]) {
				seen[t] = 1;
				stack[sp++] = t;
			}
		}
	}
	return false;
}

/* Summary.noret_if of function fi, made on first use: 0xff for each
 * parameter fn writes or lets be written (its address taken): its entry
 * value is not what it holds later. */
static uint8_t *
param_marks(Ctx *c, int fi)
{
	Summary *sm = &c->sums[fi];
	const IrFunc *fn = c->u->funcs.v[fi];
	if (!sm->noret_if) {
		sm->noret_if = arena_alloc(&c->sum_arena, (size_t)fn->nparams + 1);
		for (int bi = 0; bi < fn->blocks.n; bi++)
			for (int i = 0; i < fn->blocks.v[bi]->ev.n; i++) {
				const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
				if (e->has_dst && e->dst.var < fn->nparams && !e->dst.deref)
					sm->noret_if[e->dst.var] = 0xff;
				if (e->src.kind == VAL_ADDR && e->src.acc.var < fn->nparams)
					sm->noret_if[e->src.acc.var] = 0xff;
				for (int a = 0; a < e->nargs; a++)
					if (e->args[a].kind == VAL_ADDR && e->args[a].acc.var < fn->nparams)
						sm->noret_if[e->args[a].acc.var] = 0xff;
			}
	}
	return sm->noret_if;
}

/* Which parameters of fn (a function of the unit) it writes or lets be
 * written: those marked 0xff (the other values are never_returns_if()'s
 * bits); NULL when fn is not the unit's by its name. */
const uint8_t *
params_written(Ctx *c, const IrFunc *fn)
{
	int fi = fn->name ? fn_index(c, fn->name) : -1;
	return fi >= 0 && c->u->funcs.v[fi] == fn ? param_marks(c, fi) : NULL;
}

/* A function of the unit that returns for some values of a parameter but
 * not for others (disconnect(conn, exit_on_error) calls exit() when its
 * flag is set): does a call whose argument `param` is known to satisfy
 * `known` end the path? */
bool
never_returns_if(Ctx *c, const char *name, int param, Pred known)
{
	int fi = name ? fn_index(c, name) : -1;
	if (fi < 0 || known.op == OP_NONE)
		return false;
	const IrFunc *fn = c->u->funcs.v[fi];
	if (param >= fn->nparams || !fn->vars.v[param].is_scalar || fn->vars.v[param].is_pointer)
		return false;
	bool nz;
	if (pred_implies(known, (Pred){OP_NE, 0}) == PRED_TRUE)
		nz = true;
	else if (pred_implies(known, (Pred){OP_EQ, 0}) == PRED_TRUE)
		nz = false;
	else
		return false;
	uint8_t *m = &param_marks(c, fi)[param];
	if (*m == 0xff)
		return false;
	uint8_t done = nz ? 4 : 1, ends = nz ? 8 : 2;
	if (!(*m & done)) {
		*m |= done;
		if (!reaches_with(c, fn, param, nz, -1))
			*m |= ends;
	}
	return *m & ends;
}


/* Does value v name storage rooted at variable var? */
static bool
names_var(Value v, int var)
{
	return (v.kind == VAL_ACCESS || v.kind == VAL_ADDR || v.kind == VAL_STEP) &&
	       v.acc.var == var;
}

/* A type read from its spelling: the number of '*' and the words before
 * them, qualifiers dropped ("const char *const": 1, "char").  false for
 * what the words do not say: an array, a function pointer, a long name. */
typedef struct TypeWords {
	int stars;
	bool builtin;                /* only char, int, double, _Bool... */
	char base[64];
} TypeWords;

static bool
word_in(const char *w, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (strlen(*set) == n && strncmp(*set, w, n) == 0)
			return true;
	return false;
}

static bool
type_words(const char *t, TypeWords *tw)
{
	static const char *const quals[] = {"const", "volatile", "restrict", "__restrict", NULL};
	static const char *const builtins[] = {"char", "short", "int", "long", "signed",
		"unsigned", "float", "double", "_Bool", "bool", NULL};
	size_t len = 0;
	tw->stars = 0;
	tw->builtin = true;
	tw->base[0] = '\0';
	while (t && *t) {
		if (*t == ' ' || *t == '*') {
			tw->stars += *t++ == '*';
			continue;
		}
		const char *w = t;
		while ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		       (*t >= '0' && *t <= '9') || *t == '_')
			t++;
		size_t n = (size_t)(t - w);
		if (n == 0 || (tw->stars && !word_in(w, n, quals)))
			return false;          /* '[', '(', a name after a '*' */
		if (word_in(w, n, quals))
			continue;
		if (len + n + 2 > sizeof(tw->base))
			return false;
		tw->builtin &= word_in(w, n, builtins);
		if (len)
			tw->base[len++] = ' ';
		memcpy(tw->base + len, w, n);
		tw->base[len += n] = '\0';
	}
	return len > 0;
}

/* Does kind k list the type called name (n bytes)?  A struct's name is
 * its tag too: "struct sqlite3" is listed as "sqlite3". */
static bool
kind_lists(const RuleKind *k, const char *name, size_t n)
{
	for (const char **ty = k->types; ty && *ty; ty++)
		if (strlen(*ty) == n && strncmp(*ty, name, n) == 0)
			return true;
	if (n > 7 && strncmp(name, "struct ", 7) == 0)
		return kind_lists(k, name + 7, n - 7);
	if (n > 6 && strncmp(name, "union ", 6) == 0)
		return kind_lists(k, name + 6, n - 6);
	return false;
}

/* Does kind k list one of a parameter's names (IrVar.tnames)? */
static bool
kind_names(const RuleKind *k, const char *names)
{
	for (const char *p = names; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (kind_lists(k, p, n))
			return true;
		p += n + (bar != NULL);
	}
	return false;
}

/* What a parameter's type rules out, read once per function: no_handle,
 * a value no handle is (a _Bool, a double: an int may be a descriptor);
 * points_to_none, what it points to is none: no pointer at all, a pointer
 * to such a value (char *: characters), or to a struct no kind lists (a
 * struct is a handle only as an object of an in-place kind: regex_t);
 * no_conn, not a connection a transaction can be open on: every kind the
 * packs' transactions are on lists its types, none lists a name of this
 * one, and it is a scalar, a struct, or a pointer to one of those, to a
 * pointer or to a function.  A handle could only reach such a parameter
 * through a cast, so its summary is "borrows" without a walk.  The front
 * end says what the type is with its typedefs seen through (IrVar.shape,
 * .tnames); for a hand-written unit the spelling is read into the same
 * shapes, and a typedef or void * there is walked. */
static void
param_types(Ctx *c, const IrFunc *fn, int n, Summary *sm)
{
	static const char *const bare[] = {"char", "signed char", "unsigned char", "_Bool",
		"bool", "float", "double", "long double", NULL};
	if (!c->rules)
		return;
	const RuleKind *const *conns = rules_conn_kinds(c->rules);
	bool conn_untyped = false, inplace_untyped = false;
	for (const RuleKind *const *k = conns; *k; k++)
		conn_untyped |= !(*k)->types || !(*k)->types[0];
	int nk = rules_nkinds(c->rules);
	for (int k = 0; k < nk; k++) {
		const RuleKind *kind = rules_kind_at(c->rules, k);
		inplace_untyped |= kind->in_place && (!kind->types || !kind->types[0]);
	}
	for (int p = 0; p < n && p < fn->vars.n; p++) {
		const IrVar *v = &fn->vars.v[p];
		int sh = v->shape, ps = v->pshape;
		const char *names = v->tnames;
		TypeWords tw;
		if (sh == SHAPE_UNKNOWN) {
			if (!type_words(v->type, &tw))
				continue;
			names = tw.base;
		}
		bool listed = false, conn = false;
		for (int k = 0; k < nk && !listed; k++)
			listed = kind_names(rules_kind_at(c->rules, k), names);
		for (const RuleKind *const *k = conns; *k && !conn; k++)
			conn = kind_names(*k, names);
		if (sh == SHAPE_UNKNOWN) {
			/* the spelling: a builtin is what it says; another name
			 * (a typedef) says nothing, but a kind's type (FILE) is
			 * no connection */
			int base = !tw.builtin ? (listed ? SHAPE_RECORD : SHAPE_OTHER)
				   : word_in(tw.base, strlen(tw.base), bare) ? SHAPE_BARE : SHAPE_INT;
			sh = tw.stars ? SHAPE_POINTER : base;
			ps = tw.stars == 1 ? base : tw.stars > 1 && base != SHAPE_OTHER ? SHAPE_POINTER
										: SHAPE_OTHER;
		}
		uint64_t bit = 1ull << p;
		bool value = sh == SHAPE_BARE || sh == SHAPE_INT;
		if (sh == SHAPE_BARE && !listed)
			sm->no_handle |= bit;
		if (value || (sh == SHAPE_POINTER && !listed &&
			      (ps == SHAPE_BARE || (ps == SHAPE_RECORD && !inplace_untyped))))
			sm->points_to_none |= bit;
		if (!conn_untyped && !conn &&
		    (value || sh == SHAPE_RECORD ||
		     (sh == SHAPE_POINTER && ps != SHAPE_VOID && ps != SHAPE_OTHER)))
			sm->no_conn |= bit;
	}
}

/* Does call e only borrow its argument k, given a parameter's own value
 * (call_effect() with M_DIRECT: nothing released, kept or handed back)?
 * A function of the packs that neither releases nor keeps it, starts a
 * thread nor returns an argument, a function of the unit or of the
 * program whose summary says "borrows", or a pointer-to-const argument of
 * one nobody knows. */
static bool
call_borrows(Ctx *c, const IrEvent *e, int k)
{
	bool lent = k < 64 && (e->borrowed >> k & 1);
	if (!e->callee)
		return false;
	const RuleFn *r = engine_lookup(c, e->callee);
	if (r)          /* memcpy, fgets: the result is the argument */
		return !(r->release && (r->release->zformat || r->release->arg == k)) &&
		       !rules_keeps_arg(r, k) && !r->thread && !r->passes;
	int fi = fn_index(c, e->callee);
	if (fi >= 0) {
		/* only a summary made already: making one here, in this
		 * function's summary, would make it in another context than
		 * the walk's (a recursion cut short) */
		const IrFunc *callee = c->u->funcs.v[fi];
		const Summary *cs = &c->sums[fi];
		return k >= callee->nparams ? lent
		       : cs->state == 2 && cs->direct[k] == SUM_BORROWS;
	}
	return ask(c, 'b', e->callee, k, lent, NULL);
}

/* Is the callee of call e one that neither the packs, the code's
 * declarations, the unit nor the program knows?  Asked once a call, when
 * it matters (*memo: -1 not yet): the table is asked only then. */
static bool
unknown_callee(Ctx *c, const IrEvent *e, int *memo)
{
	if (*memo < 0)
		*memo = e->callee && !engine_lookup(c, e->callee) && fn_index(c, e->callee) < 0 &&
			!ask(c, 'n', e->callee, 0, 0, NULL);
	return *memo;
}

/* Which parameters of fn (the first 64) no walk needs to follow:
 * *untouched, those no event, call argument or return names (tests of
 * them do not matter); *inert, those also given to calls, but only as a
 * pointer-to-const argument of a function that neither the packs, the
 * code's declarations, the unit nor the program knows (call_effect():
 * such a call borrows it and returns nothing of it).  A summary of
 * either says "borrows" without a walk: nothing on any path can release
 * it, keep it or hand it back.  A transaction's walk reads any unknown
 * call as keeping its connection, so only the untouched skip it.  A store
 * through the parameter (*p = v, p->n = v, p[i] = v) moves nothing of
 * its value, so it leaves p untouched or inert, but not what p points
 * to (*stored). */
static void
scan_params(Ctx *c, const IrFunc *fn, Summary *sm)
{
	int n = fn->nparams < 64 ? fn->nparams : 64;
	uint64_t all = n == 64 ? ~0ull : (1ull << n) - 1;
	/* bit p: p named by an assignment or a return, given to a call, lent
	 * to an unknown one, stored through; its own value given where it
	 * may go (a call that may keep or release it, its address) */
	uint64_t named = 0, given = 0, lent = 0, stored = 0, moved = 0;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if ((e->kind == EV_CALL && e->has_dst) || e->kind == EV_ASSIGN)
				if (e->dst.var >= 0 && e->dst.var < n) {
					if (e->dst.deref || e->dst.index || e->dst.deep)
						stored |= 1ull << e->dst.var;
					else
						named |= 1ull << e->dst.var;
				}
			if (e->kind == EV_ASSIGN && e->src.acc.var >= 0 && e->src.acc.var < n &&
			    names_var(e->src, e->src.acc.var))
				named |= 1ull << e->src.acc.var;
			if (e->kind != EV_CALL)
				continue;
			int unknown = -1;
			for (int k = 0; k < e->nargs; k++) {
				Value a = e->args[k];
				int v = a.acc.var;
				if (v < 0 || v >= n || !names_var(a, v))
					continue;
				if (k < 64 && (e->borrowed >> k & 1) && unknown_callee(c, e, &unknown))
					lent |= 1ull << v;
				else
					given |= 1ull << v;
				/* p->f, p[i] or p + 1 given is not p's value
				 * (match_value()) */
				if (a.kind == VAL_ADDR ||
				    (a.kind == VAL_ACCESS && acc_plain(a.acc) && !call_borrows(c, e, k)))
					moved |= 1ull << v;
			}
		}
		if (b->term == T_RETURN && b->ret.acc.var >= 0 && b->ret.acc.var < n &&
		    names_var(b->ret, b->ret.acc.var))
			named |= 1ull << b->ret.acc.var;
	}
	sm->untouched = all & ~named & ~given & ~lent;
	sm->inert = all & ~named & ~given;
	sm->kept_here = all & ~named & ~moved;
	sm->stored = stored;
	param_types(c, fn, n, sm);
	sm->scanned = true;
}

/* Follows what fn does to the storage `a` (a parameter, what it points to,
 * or a member of that) from entry to its returns: released on every path,
 * only borrowed, or kept (anything else).  txn: a transaction open on it.
 * With `when`, an effect that happens only on the returns of one sign
 * (stored and 0, not stored and -1) is SUM_*_IF, *when the result then. */
static SummaryEffect
run_summary_site(Ctx *c, const IrFunc *fn, Access a, bool txn, bool *dangling,
		 bool *overwrote, Pred *when)
{
	Site site = {0};
	site.fn = fn;
	site.block = site.ev = -1;
	site.quiet = true;
	site.txn = txn;
	site.proto = txn ? &txn_protocol : &ownership_protocol;
	site.fails = (Pred){OP_EQ, 0};
	State init = {0};
	init.ts = txn ? TS_OWNED : TS_MAYBE;
	alias_add(&init, a);
	site.homed = true;
	site.home = a;
	if (!txn)
		site.settle = SETTLE_QUIET | (when ? SETTLE_SIGNS : 0);
	run_site(c, &site, &init);
	if (dangling)
		*dangling = site.exit_dangling;
	/* a path that releases the member and one that stores over it:
	 * what decides between them (h->need_close) is not the caller's to
	 * see */
	if (overwrote)
		*overwrote = site.overwrote && !site.exit_released;
	if (site.bounded)
		return SUM_KEEPS;
	if (site.exit_escaped || (site.exit_released && site.exit_owned)) {
		if (when && site.exit_owned && sign_split(site.ret_sign[0], site.ret_sign[1], when))
			return site.exit_escaped ? SUM_KEEPS_IF : SUM_RELEASES_IF;
		return SUM_KEEPS;
	}
	/* returned: the caller gets it back through the result, which only a
	 * parameter returned on every path says precisely */
	if (site.exit_returned)
		return !site.exit_owned && !site.exit_released && !txn && acc_plain(a)
		       ? SUM_PASSES : SUM_KEEPS;
	return site.exit_released ? SUM_RELEASES : SUM_BORROWS;
}

/* The signs a value returned on the path of s may have, as bits: 1
 * negative, 2 zero, 4 positive; 8 unknown (or nothing returned).  A
 * constant, or a flag the path knows something of (`ret < 0` tested:
 * negative; `ret >= 0`: zero or positive). */
uint8_t
value_sign(const Site *site, const State *s, Value v)
{
	if (v.kind == VAL_INT)
		return v.ival < 0 ? 1 : v.ival == 0 ? 2 : 4;
	int slot = v.kind == VAL_ACCESS && acc_plain(v.acc) ? flag_slot(site, v.acc.var) : -1;
	if (slot < 0 || !(s->fknown >> slot & 1))
		return 8;
	Pred known = {(CmpOp)s->fop[slot], s->fval[slot]};
	static const Pred sign[3] = {{OP_LT, 0}, {OP_EQ, 0}, {OP_GT, 0}};
	uint8_t bits = 0;
	for (int i = 0; i < 3; i++)
		if (pred_implies(known, sign[i]) != PRED_FALSE)
			bits |= (uint8_t)(1 << i);
	return bits == 7 ? 8 : bits;
}

/* A predicate on a function's result that holds for every sign in `yes`
 * and for none in `no` (value_sign() bits): "== 0" for {0} against {-1}. */
bool
sign_split(uint8_t yes, uint8_t no, Pred *p)
{
	static const struct { uint8_t signs; CmpOp op; } cand[] = {
		{2, OP_EQ}, {5, OP_NE}, {1, OP_LT}, {6, OP_GE}, {4, OP_GT}, {3, OP_LE},
	};
	if (!yes || ((yes | no) & 8))
		return false;
	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		if ((yes & ~cand[i].signs) == 0 && (no & cand[i].signs) == 0) {
			*p = (Pred){cand[i].op, 0};
			return true;
		}
	}
	return false;
}

/* What fn does to the handle in its place a (a global): released (and
 * then reset on every path: *resets), borrowed, kept; *overwrites: some
 * path stores over it and none releases it. */
SummaryEffect
summarize_place(Ctx *c, const IrFunc *fn, Access a, bool *resets, bool *overwrites)
{
	bool dangling = false;
	c->depth++;
	SummaryEffect e = run_summary_site(c, fn, a, false, &dangling, overwrites, NULL);
	c->depth--;
	*resets = e == SUM_RELEASES && !dangling;
	return e;
}

SummaryEffect
run_summary(Ctx *c, const IrFunc *fn, Access a, bool txn, Pred *when)
{
	Summary *sm = &c->sums[fn_index(c, fn->name)];
	if (!sm->scanned)
		scan_params(c, fn, sm);
	uint64_t skip = txn ? sm->untouched | sm->no_conn :
			a.deref ? (sm->inert & ~sm->stored) | sm->points_to_none :
				  sm->kept_here | sm->no_handle;
	if (a.var >= 0 && a.var < 64 && !a.field && !a.index && !a.deep && (skip >> a.var & 1))
		return SUM_BORROWS;
	return run_summary_site(c, fn, a, txn, NULL, NULL, when);
}

/* What fn does to its parameter (or to what it points to), taking a
 * conditional effect for SUM_KEEPS: for readers that do not follow the
 * function's result. */
SummaryEffect
summarize(Ctx *c, const IrFunc *fn, int param, bool deref)
{
	Pred when;
	SummaryEffect e = summarize_when(c, fn, param, deref, &when);
	return e == SUM_RELEASES_IF || e == SUM_KEEPS_IF ? SUM_KEEPS : e;
}

/* The same with the conditional effects, *when their result. */
SummaryEffect
summarize_when(Ctx *c, const IrFunc *fn, int param, bool deref, Pred *when)
{
	int fi = fn_index(c, fn->name);
	Summary *sm = &c->sums[fi];
	if (sm->state == 1 || c->depth > 16)
		return SUM_KEEPS;
	if (sm->state == 0) {
		sm->state = 1;
		c->depth++;
		int n = fn->nparams;
		sm->direct = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
		sm->deref = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
		sm->when = arena_alloc(&c->sum_arena, sizeof(Pred) * (size_t)(2 * n + 2));
		for (int p = 0; p < n; p++) {
			for (int d = 0; d < 2; d++) {
				Access a = ir_acc(p);
				a.deref = d;
				(d ? sm->deref : sm->direct)[p] =
					run_summary(c, fn, a, false, &sm->when[2 * p + d]);
			}
		}
		c->depth--;
		sm->state = 2;
	}
	if (param >= fn->nparams)
		return SUM_KEEPS;
	*when = sm->when[2 * param + deref];
	return (deref ? sm->deref : sm->direct)[param];
}

/* Does call e, given the object's pointer as argument k, leave member
 * field of that object alone (only borrow it)? */
static bool
call_lends_member(Ctx *c, const IrEvent *e, int k, const char *field)
{
	if (!e->callee)
		return false;
	const RuleFn *r = engine_lookup(c, e->callee);
	if (r) {
		if (r->release && r->release->arg == k && !r->release->zformat &&
		    (!r->release->member || member_same(r->release->member, field)))
			return false;           /* frees the object, or the member */
		for (const RuleAcquire *a = r->acquire; a; a = a->next)
			if (a->out_arg == k)
				return false;   /* fills it (initPQExpBuffer(p)) */
		/* a function of a kind's API, or one that only reads it (a
		 * pointer to const); not memset(p, 0, n) */
		return (r->kind_use || (k < 64 && (e->borrowed >> k & 1))) &&
		       !rules_keeps_arg(r, k) &&
		       !(r->thread && r->thread->role == THREAD_SPAWN && r->thread->data_arg == k);
	}
	int gi = fn_index(c, e->callee);
	if (gi >= 0) {
		const IrFunc *g = c->u->funcs.v[gi];
		return k < g->nparams && summarize_field(c, g, k, field) == SUM_BORROWS;
	}
	/* without a summary: a pointer to const */
	return ask(c, 'f', e->callee, k, k < 64 && (e->borrowed >> k & 1), field);
}

/* Does call e give argument k, a pointer, to a release of the packs that
 * frees the object it points to (`free(p)`), not a reallocation nor a
 * release of what lives in it? */
static bool
frees_object(Ctx *c, const IrEvent *e, int k)
{
	const RuleFn *r = e->kind == EV_CALL && e->callee ? engine_lookup(c, e->callee) : NULL;
	return r && r->release && r->release->arg == k && !r->release->zformat &&
	       !r->release->member && !r->acquire && r->release->success.op == OP_NONE &&
	       !(r->release->kind && r->release->kind->in_place);
}

/* The variables of fn that hold parameter param's pointer: itself and the
 * locals copied from it (one byte each, in c->sum_arena). */
static char *
param_copies(Ctx *c, const IrFunc *fn, int param)
{
	int nv = fn->vars.n;
	char *al = arena_alloc(&c->sum_arena, (size_t)nv + 1);   /* zeroed */
	al[param] = 1;
	for (bool more = true; more;) {
		more = false;
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (e->kind == EV_ASSIGN && acc_plain(e->dst) && e->dst.var >= 0 &&
				    !al[e->dst.var] && fn->vars.v[e->dst.var].kind != VAR_GLOBAL &&
				    fn->vars.v[e->dst.var].kind != VAR_PARAM &&
				    e->src.kind == VAL_ACCESS && acc_plain(e->src.acc) &&
				    e->src.acc.var >= 0 && al[e->src.acc.var])
					al[e->dst.var] = 1, more = true;
			}
		}
	}
	return al;
}

/* What the walk cannot say (a function with more paths than a block
 * keeps gives up: "keeps"), the code may: fn never names param->field, and
 * the pointer (and its copies, `schemavar ? dbnamebuf : NULL`) only goes to
 * calls that leave the member alone; then fn borrows it.  PostgreSQL's
 * processSQLNamePattern() hands its dbnamebuf to patternToSQLRegex(). */
bool
member_untouched(Ctx *c, const IrFunc *fn, int param, const char *field, int how)
{
	char *al = param_copies(c, fn, param);
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			Access acc[2];
			int na = 0;
			if (e->has_dst || e->kind == EV_ASSIGN)
				acc[na++] = e->dst;
			if (e->src.kind == VAL_ACCESS || e->src.kind == VAL_ADDR)
				acc[na++] = e->src.acc;
			for (int j = 0; j < na; j++)
				if (acc[j].var >= 0 && al[acc[j].var] && acc[j].deref &&
				    (acc[j].deep || !acc[j].field || member_same(acc[j].field, field)))
					return false;   /* names the member, or *p */
			bool from = (e->src.kind == VAL_ACCESS || e->src.kind == VAL_ADDR) &&
				    e->src.acc.var >= 0 && al[e->src.acc.var];
			if (e->kind == EV_ASSIGN && from && e->src.kind == VAL_ADDR)
				return false;
			if (e->kind == EV_ASSIGN && from && acc_plain(e->src.acc) &&
			    !(acc_plain(e->dst) && e->dst.var >= 0 && al[e->dst.var]))
				return false;   /* stored elsewhere */
			for (int k = 0; k < e->nargs; k++) {
				Value v = e->args[k];
				if ((v.kind != VAL_ACCESS && v.kind != VAL_ADDR) || v.acc.var < 0 ||
				    !al[v.acc.var])
					continue;
				if (v.kind == VAL_ADDR || (v.acc.deref && (v.acc.deep || !v.acc.field ||
								      member_same(v.acc.field, field))))
					return false;
				if (acc_plain(v.acc) && (how & MU_FREED) && frees_object(c, e, k))
					continue;
				if (acc_plain(v.acc) &&
				    (e->kind != EV_CALL || !call_lends_member(c, e, k, field)))
					return false;
				/* a helper that may store over the member:
				 * the walk says so (FieldSum.overwrites) */
				if ((how & MU_STRICT) && acc_plain(v.acc) && fn_index(c, e->callee) >= 0 &&
				    field_overwrites(c, c->u->funcs.v[fn_index(c, e->callee)], k,
						     field))
					return false;
			}
		}
	}
	return true;
}

/* The first member of a longer path a (p->a->b: "a"), in c->sum_arena, or
 * NULL when its spelling says none. */
static const char *
first_member(Ctx *c, const IrFunc *fn, Access a)
{
	if (!a.path)
		return NULL;
	const char *p = a.path + strlen(fn->vars.v[a.var].name);
	if (strncmp(p, "->", 2) == 0)
		p += 2;
	else
		return NULL;
	size_t n = 0;
	while (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
	       (p[n] >= '0' && p[n] <= '9'))
		n++;
	return n ? arena_strndup(&c->sum_arena, p, n) : NULL;
}

/* The members of what parameter param points to that fn names (p->f, a
 * longer path's first member), through the pointer and its copies, into
 * out (once each); false when it cannot tell: *p or p[i], &p, the pointer
 * stored elsewhere, returned, or given to a call other than a release of
 * the object.  For a function that frees the object (the `d` line of the
 * program's summaries, progsum.h): a member it never names dies with it. */
bool
named_members(Ctx *c, const IrFunc *fn, int param, Names *out)
{
	char *al = param_copies(c, fn, param);
	out->n = 0;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		if (b->term == T_RETURN && (b->ret.kind == VAL_ACCESS || b->ret.kind == VAL_ADDR) &&
		    b->ret.acc.var >= 0 && al[b->ret.acc.var])
			return false;
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL && e->kind != EV_ASSIGN)
				continue;       /* `use p`, `kill p` */
			Value vals[2 + 64];
			int nvals = 0;
			if (e->has_dst || e->kind == EV_ASSIGN)
				vals[nvals++] = (Value){.kind = VAL_ACCESS, .acc = e->dst};
			if (e->src.kind == VAL_ACCESS || e->src.kind == VAL_ADDR)
				vals[nvals++] = e->src;
			for (int k = 0; k < e->nargs && k < 64; k++)
				vals[nvals++] = e->args[k];
			for (int j = 0; j < nvals; j++) {
				Value v = vals[j];
				if ((v.kind != VAL_ACCESS && v.kind != VAL_ADDR) || v.acc.var < 0 ||
				    !al[v.acc.var])
					continue;
				Access a = v.acc;
				if (a.deref) {
					const char *m = a.deep ? first_member(c, fn, a) :
							(a.field && a.field[0] != '*' && a.field[0] != '[' &&
							 !a.index) ? a.field : NULL;
					if (!m)
						return false;           /* *p, p[i] */
					bool seen = false;
					for (int k = 0; k < out->n && !seen; k++)
						seen = strcmp(out->v[k], m) == 0;
					if (!seen)
						avec_push(&c->sum_arena, out, m);
					continue;
				}
				if (v.kind == VAL_ADDR)
					return false;
				if (!acc_plain(a))
					return false;
				int arg = j - (nvals - e->nargs);
				bool is_arg = e->kind == EV_CALL && arg >= 0 && arg < e->nargs;
				bool is_copy = e->kind == EV_ASSIGN && j == 1 && acc_plain(e->dst) &&
					       e->dst.var >= 0 && al[e->dst.var];
				bool is_dst = j == 0 && (e->has_dst || e->kind == EV_ASSIGN);
				if (is_dst || is_copy)
					continue;
				if (!is_arg || !frees_object(c, e, arg))
					return false;   /* stored elsewhere, or given on */
			}
		}
	}
	return true;
}

/* What fn does to param->field (one level of struct members): a
 * destroy function releasing ctx->res releases it. */
SummaryEffect
summarize_field(Ctx *c, const IrFunc *fn, int param, const char *field)
{
	int fi = fn_index(c, fn->name);
	Summary *sm = &c->sums[fi];
	for (int k = 0; k < sm->fields.n; k++)
		if (sm->fields.v[k].param == param && sm->fields.v[k].field == field &&
		    !sm->fields.v[k].suffix)
			return sm->fields.v[k].effect;
	if (c->depth > 16 || param >= fn->nparams)
		return SUM_KEEPS;
	FieldSum fsum = {param, field, SUM_KEEPS, false, false, NULL}; /* recursion: keeps */
	avec_push(&c->sum_arena, &sm->fields, fsum);
	int slot = sm->fields.n - 1;
	c->depth++;
	Access a = ir_acc(param);
	a.field = field;
	a.deref = true;
	bool dangling = false, overwrote = false;
	/* a member nothing names, of a pointer given only to what leaves
	 * the member alone and stores nothing over it: "borrows", as the
	 * walk would find, without it */
	bool quiet = fn->vars.v[param].is_pointer && member_untouched(c, fn, param, field, MU_STRICT);
	SummaryEffect e = quiet ? SUM_BORROWS
				: run_summary_site(c, fn, a, false, &dangling, &overwrote, NULL);
	if (e == SUM_KEEPS && fn->vars.v[param].is_pointer &&
	    member_untouched(c, fn, param, field, 0)) {
		e = SUM_BORROWS;
	}
	c->depth--;
	sm->fields.v[slot].effect = e;
	sm->fields.v[slot].overwrites = overwrote;
	sm->fields.v[slot].resets = e == SUM_RELEASES && !dangling;
	return e;
}

/* The access of fn's parameter param that key names: what follows the
 * parameter's name in a path ("->tail->stmt", ".first", "[2]", "[2].f"),
 * made as the front end lowers it (lower.c: lower_member(),
 * lower_subscript()); false for anything else. */
static bool
key_access(Ctx *c, const IrFunc *fn, int param, const char *key, Access *out)
{
	Access a = ir_acc(param);
	const char *last = NULL;
	size_t lastn = 0;
	int steps = 0;
	for (const char *p = key; *p;) {
		if (*p == '[') {
			const char *q = p + 1;
			while (isdigit((unsigned char)*q))
				q++;
			if (q == p + 1 || *q != ']')
				return false;
			if (a.field || a.deref || a.index)
				a.deep = true;
			a.index = true;
			p = q + 1;
			steps++;
			continue;
		}
		bool arrow = p[0] == '-' && p[1] == '>';
		if (!arrow && *p != '.')
			return false;
		p += arrow ? 2 : 1;
		const char *b = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (p == b)
			return false;
		if (a.field || a.deref || a.index)
			a.deep = true;
		a.deref = a.deref || arrow;
		last = b;
		lastn = (size_t)(p - b);
		steps++;
	}
	if (steps == 0)
		return false;
	if (last) {
		char *f = arena_strndup(&c->sum_arena, last, lastn);
		const char *in = ir_interned(c->u, f);
		a.field = in ? in : f;
	}
	if (a.deep || a.index) {
		char *spelt = arena_printf(&c->sum_arena, "%s%s", fn->vars.v[param].name, key);
		const char *in = ir_interned(c->u, spelt);
		a.path = in ? in : spelt;
	}
	*out = a;
	return true;
}

/* Does fn leave the storage key names under param alone, without a walk:
 * never give param itself to a call or copy it, and never give, copy,
 * store into or return that storage or anything under or over it (only
 * read it, test it, read through it)?  Then it borrows it. */
static bool
key_untouched(const IrFunc *fn, int param, const char *key)
{
	const char *name = fn->vars.v[param].name;
	size_t n = strlen(name), kn = strlen(key);
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind == EV_USE || e->kind == EV_KILL)
				continue;
			for (int k = -2; k < (e->kind == EV_CALL ? e->nargs : 0); k++) {
				Value v = k == -2 ? (Value){.kind = e->has_dst ? VAL_ACCESS : VAL_NONE,
							   .acc = e->dst}
					  : k == -1 ? e->src : e->args[k];
				if ((v.kind != VAL_ACCESS && v.kind != VAL_ADDR && v.kind != VAL_STEP) ||
				    v.acc.var != param)
					continue;
				if (!v.acc.path)        /* p, p->f, *p: not a path, so maybe over it */
					return false;
				const char *r = v.acc.path + n;
				size_t rn = strlen(r);
				/* the same storage, under it, or over it */
				if (strncmp(r, key, rn < kn ? rn : kn) == 0)
					return false;
			}
		}
		if (b->term == T_RETURN && (b->ret.kind == VAL_ACCESS || b->ret.kind == VAL_ADDR) &&
		    b->ret.acc.var == param)
			return false;
	}
	return true;
}

/* What fn does to the storage key names under its parameter param (above):
 * a longer path (h->tail->stmt), an element of the array it is given
 * (p[2]), a member of a struct given by value (s.first).  One member
 * through a pointer ("->f") is summarize_field()'s.  A path fn never
 * spells is walked too: fn may hand param on to a helper that does.
 * *resets: it releases it and no exit leaves the path naming it. */
SummaryEffect
summarize_key(Ctx *c, const IrFunc *fn, int param, const char *key, bool *resets)
{
	*resets = false;
	Access a;
	if (param >= fn->nparams || !key_access(c, fn, param, key, &a))
		return SUM_KEEPS;
	if (a.deref && !a.deep && !a.index && a.field) {
		SummaryEffect e = summarize_field(c, fn, param, a.field);
		*resets = e == SUM_RELEASES && field_resets(c, fn, param, a.field);
		return e;
	}
	Summary *sm = &c->sums[fn_index(c, fn->name)];
	for (int k = 0; k < sm->fields.n; k++) {
		const FieldSum *f = &sm->fields.v[k];
		if (f->param == param && f->suffix && strcmp(f->suffix, key) == 0) {
			*resets = f->resets;
			return f->effect;
		}
	}
	if (c->depth > 16)
		return SUM_KEEPS;
	if (key_untouched(fn, param, key))
		return SUM_BORROWS;
	FieldSum fsum = {param, a.field, SUM_KEEPS, false, false,
			 arena_strdup(&c->sum_arena, key)};        /* recursion: keeps */
	avec_push(&c->sum_arena, &sm->fields, fsum);
	int slot = sm->fields.n - 1;
	bool dangling = false, overwrote = false;
	c->depth++;
	SummaryEffect e = run_summary_site(c, fn, a, false, &dangling, &overwrote, NULL);
	c->depth--;
	sm = &c->sums[fn_index(c, fn->name)];
	sm->fields.v[slot].effect = e;
	sm->fields.v[slot].overwrites = overwrote;
	sm->fields.v[slot].resets = *resets = e == SUM_RELEASES && !dangling;
	return e;
}

/* The same for a longer path under param (h->tail->stmt): at is an access
 * of the function `from` whose root is what a call gives param. */
SummaryEffect
summarize_path(Ctx *c, const IrFunc *fn, int param, const IrFunc *from, Access at, bool *resets)
{
	*resets = false;
	const char *root = from->vars.v[at.var].name;
	size_t n = strlen(root);
	if (!at.path || strncmp(at.path, root, n) != 0)
		return SUM_KEEPS;
	return summarize_key(c, fn, param, at.path + n, resets);
}

/* Does some path of fn store into param->field while the member may still
 * hold the caller's handle (a reconnect that opens h->conn over the open
 * one)? */
bool
field_overwrites(Ctx *c, const IrFunc *fn, int param, const char *field)
{
	summarize_field(c, fn, param, field);
	Summary *sm = &c->sums[fn_index(c, fn->name)];
	for (int k = 0; k < sm->fields.n; k++)
		if (sm->fields.v[k].param == param && sm->fields.v[k].field == field &&
		    !sm->fields.v[k].suffix)
			return sm->fields.v[k].overwrites;
	return false;
}

/* Does fn, releasing param->field, also reset the member on every path
 * (`PQfinish(h->conn); h->conn = NULL;`)?  Then the caller's member no
 * longer names the released handle. */
bool
field_resets(Ctx *c, const IrFunc *fn, int param, const char *field)
{
	if (summarize_field(c, fn, param, field) != SUM_RELEASES)
		return false;
	Summary *sm = &c->sums[fn_index(c, fn->name)];
	for (int k = 0; k < sm->fields.n; k++)
		if (sm->fields.v[k].param == param && sm->fields.v[k].field == field &&
		    !sm->fields.v[k].suffix)
			return sm->fields.v[k].resets;
	return false;
}

/* Does fn end (commit or roll back) a transaction that is open on its
 * parameter `param` when it is called, on every path? */
SummaryEffect
summarize_txn(Ctx *c, const IrFunc *fn, int param)
{
	int fi = fn_index(c, fn->name);
	Summary *sm = &c->sums[fi];
	if (sm->txn_state == 1 || c->depth > 16 || param >= fn->nparams)
		return SUM_KEEPS;
	if (sm->txn_state == 0) {
		sm->txn_state = 1;
		c->depth++;
		sm->txn = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(fn->nparams + 1));
		for (int p = 0; p < fn->nparams; p++)
			sm->txn[p] = run_summary(c, fn, ir_acc(p), true, NULL);
		c->depth--;
		sm->txn_state = 2;
	}
	return sm->txn[param];
}


/* The handles a call hands out: from the packs, or from a function of the
 * unit that returns what it acquired (a wrapper). */
const RuleAcquire *
acquires(Ctx *c, const IrEvent *e, const RuleFn *r)
{
	if (r)
		return r->acquire;
	if (!e->callee)
		return NULL;
	const RuleAcquire *w = wrapper(c, e->callee);
	return w ? w : member_acquirer(c, e->callee);
}

/* Does fn store anything into a member of what a parameter points to
 * (p->f = v), or give its address to a call (&p->f)?  Without it no walk
 * can find it opening one (member_acquirer()). */
static bool
stores_param_member(const IrFunc *fn)
{
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind == EV_ASSIGN && e->dst.var >= 0 && e->dst.var < fn->nparams &&
			    e->dst.deref && e->dst.field)
				return true;
			for (int k = 0; e->kind == EV_CALL && k < e->nargs; k++) {
				Value v = e->args[k];
				if (v.kind == VAL_ADDR && v.acc.var >= 0 && v.acc.var < fn->nparams &&
				    v.acc.deref && v.acc.field)
					return true;
			}
		}
	}
	return false;
}

/* A function of the unit that leaves a handle it acquired in a member of
 * the object a parameter points to (`h->conn = PQconnectdb(...)`), on
 * every path where it does not fail or release it, and nowhere else: its
 * callers acquire that handle at arg->conn. */
const RuleAcquire *
member_acquirer(Ctx *c, const char *name)
{
	int fi = fn_index(c, name);
	if (fi < 0) {
		const ProgFn *pf = ask_fn(c, 'm', name);
		return pf ? pf->macq : NULL;
	}
	Summary *sm = &c->sums[fi];
	if (sm->macq_state)
		return sm->macq_state == 2 ? sm->macq : NULL;
	if (c->depth > 16)
		return NULL;
	const IrFunc *fn = c->u->funcs.v[fi];
	if (!stores_param_member(fn)) {
		sm->macq_state = 2;     /* nothing goes into a parameter's member */
		return NULL;
	}
	sm->macq_state = 1;
	c->depth++;
	for (int bi = 0; bi < fn->blocks.n && !sm->macq; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n && !sm->macq; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			const RuleFn *r = engine_lookup(c, e->callee);
			if (!r)
				continue;       /* the packs' acquisitions only */
			for (const RuleAcquire *a = r->acquire; a && !sm->macq; a = a->next) {
				if (a->out_arg >= 0 || a->null_arg)
					continue;
				Site site;
				site_init(&site, fn, bi, i, a);
				site.quiet = true;
				site.want_member = true;
				State init = {0};
				init.ts = TS_UNACQ;
				run_site(c, &site, &init);
				/* returns 0 with h->conn open, -1 without: acquired
				 * when the result is 0; a path without it that
				 * returns the same sign, or a result not known,
				 * says nothing the caller can test */
				Pred ok = {OP_NONE, 0};
				uint8_t others = site.ret_sign[0] | site.ret_sign[2];
				bool apart = !others || sign_split(site.ret_sign[1], others, &ok);
				if (site.exit_member && !site.member_mixed && !site.exit_owned && apart &&
				    !site.exit_escaped && !site.exit_returned && !site.bounded) {
					RuleAcquire *m = arena_alloc(&c->sum_arena, sizeof(*m));
					*m = *a;
					m->next = NULL;
					m->out_arg = site.member_at.var;
					m->out_member = site.member_at.field;
					m->success = ok;
					sm->macq = m;
				}
			}
		}
	}
	c->depth--;
	sm->macq_state = 2;
	return sm->macq;
}

/* A parameter fn never writes that must be zero for a path to reach
 * block bi (`if (add) { ...; return NULL; } return strdup(buf);`): the
 * wrapper acquires only when given NULL there, as mysql_init(NULL)
 * does (RuleAcquire.null_arg, +1), and its calls with anything else
 * acquire nothing.  0: none. */
static int
null_only(Ctx *c, int fi, int bi)
{
	const IrFunc *fn = c->u->funcs.v[fi];
	uint8_t *marks = param_marks(c, fi);
	for (int k = 0; k < fn->nparams; k++)
		if (marks[k] != 0xff && fn->vars.v[k].is_scalar &&
		    !reaches_with(c, fn, k, true, bi) && reaches_with(c, fn, k, false, bi))
			return k + 1;
	return 0;
}

/* Does some return of fn give back a place (`return f;`, `return &x;`),
 * not nothing or a constant? */
static bool
returns_place(const IrFunc *fn)
{
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		if (b->term == T_RETURN && (b->ret.kind == VAL_ACCESS || b->ret.kind == VAL_ADDR))
			return true;
	}
	return false;
}

/* A function of the unit that returns a handle it acquired, on the paths
 * where it does not fail, and never keeps it elsewhere (or one another
 * unit's summary says does): its callers acquire that handle. */
const RuleAcquire *
wrapper(Ctx *c, const char *name)
{
	int fi = fn_index(c, name);
	if (fi < 0) {
		const ProgFn *pf = ask_fn(c, 'w', name);
		return pf ? pf->wrap : NULL;
	}
	Summary *sm = &c->sums[fi];
	if (sm->wrap_state)
		return sm->wrap_state == 2 ? sm->wrap : NULL;
	if (c->depth > 16)
		return NULL;
	sm->wrap_state = 1;
	c->depth++;
	const IrFunc *fn = c->u->funcs.v[fi];
	/* a struct returned by value is not the handle: the members that
	 * hold what it acquired are (a get_opts() filling a struct); nor is
	 * a function that returns nothing or constants only (exit_seen()
	 * matches the value returned with the handle's places) */
	bool returns = returns_place(fn) && !fn->returns_aggregate;
	for (int bi = 0; bi < fn->blocks.n && !sm->wrap && returns; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n && !sm->wrap; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind != EV_CALL || !e->callee)
				continue;
			const RuleFn *r = engine_lookup(c, e->callee);
			for (const RuleAcquire *a = acquires(c, e, r); a && !sm->wrap; a = a->next) {
				/* a handle put through an argument (into a local
				 * object: `init(&b); ... return b.data;`) makes a
				 * wrapper only of a function returning a pointer,
				 * NULL when it has nothing (no path returns anything
				 * else without the handle): the call's own success
				 * test is not the caller's */
				if (a->out_arg >= 0 && !fn->returns_pointer)
					continue;
				/* nor a pointer a function gives back as a number:
				 * the walk would find it lost at that return
				 * (ownership.c: pointer_as_number()), so none */
				if (a->out_arg < 0 && fn->returns_number && e->has_dst &&
				    ir_var_pointer(&fn->vars.v[e->dst.var]))
					continue;
				Site site;
				site_init(&site, fn, bi, i, a);
				site.quiet = true;
				site.want_wrap = true;
				State init = {0};
				init.ts = TS_UNACQ;
				run_site(c, &site, &init);
				if (a->out_arg >= 0 && site.fail_other)
					continue;
				if (site.exit_returned && !site.exit_owned && !site.exit_escaped &&
				    !site.bounded) {
					RuleAcquire *w = arena_alloc(&c->sum_arena, sizeof(*w));
					*w = *a;
					w->next = NULL;
					w->out_arg = -1;    /* the result is the handle */
					w->out_member = NULL;
					w->success = (Pred){OP_NONE, 0};
					w->inout = false;
					/* its own failure value: NULL when every path
					 * without the handle returns NULL (or none
					 * returns: it dies), whatever the wrapped
					 * call's was (mmap's MAP_FAILED) */
					if (fn->returns_pointer &&
					    ((!site.fail_self && !site.fail_other) || a->out_arg >= 0))
						w->fails = (Pred){OP_EQ, 0};
					w->null_arg = null_only(c, fi, bi);
					sm->wrap = w;
				}
			}
		}
	}
	c->depth--;
	sm->wrap_state = 2;
	return sm->wrap;
}

/* ---- pass 1: the unit's summaries for the other units (progsum.h) ------- */

static char
letter(SummaryEffect e)
{
	return e == SUM_RELEASES ? 'r' : e == SUM_BORROWS ? 'b' : e == SUM_PASSES ? 'p' : 'k';
}

/* A word of the summaries' text: no space, no line break, not empty. */
static bool
one_word(const char *s)
{
	return s && *s && !strpbrk(s, " \t\n\r");
}

static void
letters_of(FILE *out, const SummaryEffect *v, int n)
{
	fputc(' ', out);
	if (n == 0)
		fputc('-', out);
	for (int p = 0; p < n; p++)
		fputc(letter(v[p]), out);
}

/* The members fn reaches through parameter p (p->field), first seen
 * first, at most max. */
static int
fields_of(const IrFunc *fn, int p, const char **out, int max)
{
	int n = 0;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			Access acc[3];
			int na = 0;
			if (e->has_dst)
				acc[na++] = e->dst;
			if (e->src.kind == VAL_ACCESS || e->src.kind == VAL_ADDR)
				acc[na++] = e->src.acc;
			for (int k = -1; k < e->nargs; k++) {
				if (k >= 0) {
					if (e->args[k].kind != VAL_ACCESS && e->args[k].kind != VAL_ADDR)
						continue;
					acc[na++] = e->args[k].acc;
				}
				for (int j = 0; j < na; j++) {
					Access a = acc[j];
					bool seen = false;
					if (a.var != p || !a.deref || !one_word(a.field) || a.deep)
						continue;
					for (int q = 0; q < n && !seen; q++)
						seen = out[q] == a.field || strcmp(out[q], a.field) == 0;
					if (!seen && n < max)
						out[n++] = a.field;
				}
				na = 0;
			}
		}
	}
	return n;
}

/* The storage fn reaches under parameter p other than p->field, by what
 * follows p's name (summarize_key()): longer paths with constant indexes
 * only ("->tail->stmt"), elements ("[2]"), members of a struct given by
 * value (".first"); first seen first, at most max, in the unit's arena. */
static int
keys_of(Ctx *c, const IrFunc *fn, int p, const char **out, int max)
{
	int n = 0;
	const IrVar *pv = &fn->vars.v[p];
	size_t nl = strlen(pv->name);
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			for (int k = -2; k < e->nargs; k++) {
				Value v = k == -2 ? (Value){.kind = e->has_dst ? VAL_ACCESS : VAL_NONE,
							   .acc = e->dst}
					  : k == -1 ? e->src : e->args[k];
				Access a = v.acc;
				if ((v.kind != VAL_ACCESS && v.kind != VAL_ADDR) || a.var != p)
					continue;
				const char *key = NULL;
				if (a.path && strncmp(a.path, pv->name, nl) == 0 && one_word(a.path)) {
					key = a.path + nl;
					for (const char *q = strchr(key, '['); q && key; q = strchr(q + 1, '['))
						if (!isdigit((unsigned char)q[1]))
							key = NULL;
				} else if (!pv->is_pointer && !a.deref && !a.deep && !a.index && a.field &&
					   one_word(a.field) && a.field[0] != '*' && a.field[0] != '[') {
					key = arena_printf(&c->sum_arena, ".%s", a.field);
				}
				bool seen = !key;
				for (int q = 0; q < n && !seen; q++)
					seen = strcmp(out[q], key) == 0;
				if (!seen && n < max)
					out[n++] = key;
			}
		}
	}
	return n;
}

/* Is parameter p (a pointer) given as it is to some call of fn, or copied
 * (`schemavar ? dbnamebuf : NULL` as an argument)? */
static bool
lent_to_calls(const IrFunc *fn, int p)
{
	if (!fn->vars.v[p].is_pointer)
		return false;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind == EV_ASSIGN && e->src.kind == VAL_ACCESS &&
			    e->src.acc.var == p && acc_plain(e->src.acc))
				return true;
			for (int k = 0; k < e->nargs && e->kind == EV_CALL; k++)
				if (e->args[k].kind == VAL_ACCESS && e->args[k].acc.var == p &&
				    acc_plain(e->args[k].acc))
					return true;
		}
	}
	return false;
}

/* Does the unit call a function of the pack that names pack member i
 * (libpq's for `data`)?  Only then are its functions summarised for that
 * member: code that never calls libpq has no PQExpBuffer to lend. */
static bool
member_in_use(Ctx *c, int i)
{
	if (i >= 32)
		return true;
	if (!c->members_scanned) {
		c->members_scanned = true;
		const char *const *ms = rules_members(c->rules);
		for (int fi = 0; fi < c->u->funcs.n; fi++) {
			const IrFunc *f = c->u->funcs.v[fi];
			for (int bi = 0; bi < f->blocks.n; bi++) {
				const IrBlock *b = f->blocks.v[bi];
				for (int k = 0; k < b->ev.n; k++) {
					const IrEvent *e = &b->ev.v[k];
					const RuleFn *r = e->kind == EV_CALL && e->callee
							  ? engine_lookup(c, e->callee) : NULL;
					for (int j = 0; r && r->pack && ms[j] && j < 32; j++)
						if (strcmp(r->pack, rules_member_pack(c->rules, j)) == 0)
							c->members_used |= 1u << j;
				}
			}
		}
	}
	return c->members_used >> i & 1;
}

/* One function's line: "f NAME NPARAMS NORETURN KIND OP VALUE DIRECT
 * DEREF TXN NFIELDS {P FIELD E} ROP RVALUE". */
/* Can a summary line carry p (what the reader takes)? */
static bool
pred_fits(Pred p)
{
	return p.op == OP_NONE || (p.value <= 1ll << 62 && p.value >= -(1ll << 62));
}

static void
export_function(Ctx *c, const IrFunc *fn, const char *name, FILE *out)
{
	enum { MAX_FIELDS = 64 };
	int n = fn->nparams > 127 ? 127 : fn->nparams;
	bool noreturn = never_returns(c, fn->name);
	const RuleAcquire *w = wrapper(c, fn->name);
	SummaryEffect *direct = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
	SummaryEffect *deref = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
	SummaryEffect *txn = arena_alloc(&c->sum_arena, sizeof(SummaryEffect) * (size_t)(n + 1));
	for (int p = 0; p < n; p++) {
		direct[p] = summarize(c, fn, p, false);
		deref[p] = summarize(c, fn, p, true);
		txn[p] = summarize_txn(c, fn, p);
	}
	const char *names[MAX_FIELDS];
	int fparam[MAX_FIELDS], nf = 0;
	SummaryEffect feff[MAX_FIELDS];
	for (int p = 0; p < n && nf < MAX_FIELDS; p++) {
		int first = nf;                 /* p's own fields start here */
		int k = fields_of(fn, p, names + nf, MAX_FIELDS - nf);
		for (int j = nf; j < nf + k; j++) {
			fparam[j] = p;
			feff[j] = summarize_field(c, fn, p, names[j]);
		}
		nf += k;
		/* the members packs acquire into (buf->data of a PQExpBuffer
		 * the function only hands to appendPQExpBuffer()): said when
		 * the answer is not the default, "keeps" */
		bool lent = c->rules && lent_to_calls(fn, p);
		const char *const *ms = lent ? rules_members(c->rules) : NULL;
		for (int mi = 0; ms && ms[mi] && nf < MAX_FIELDS; mi++) {
			if (!member_in_use(c, mi))
				continue;
			const char *f = ir_interned(c->u, ms[mi]);
			bool seen = false;
			for (int j = first; j < nf && !seen; j++)
				seen = names[j] == f;
			if (!f || seen)
				continue;
			SummaryEffect se = summarize_field(c, fn, p, f);
			if (se == SUM_KEEPS)
				continue;
			names[nf] = f;
			fparam[nf] = p;
			feff[nf++] = se;
		}
		/* longer paths, elements, members of a struct given by
		 * value: said when not "keeps" (prog_field()'s default) */
		const char *keys[MAX_FIELDS];
		int nk = keys_of(c, fn, p, keys, MAX_FIELDS);
		for (int j = 0; j < nk && nf < MAX_FIELDS; j++) {
			bool resets;
			SummaryEffect se = summarize_key(c, fn, p, keys[j], &resets);
			if (se == SUM_KEEPS)
				continue;
			names[nf] = keys[j];
			fparam[nf] = p;
			feff[nf++] = se;
		}
	}
	bool wraps = w && w->kind && one_word(w->kind->name);
	fprintf(out, "f %s %d %d %s %d %lld", name, n, noreturn ? 1 : 0,
		wraps ? w->kind->name : "-", wraps ? (int)w->fails.op : 0,
		wraps ? w->fails.value : 0);
	letters_of(out, direct, n);
	letters_of(out, deref, n);
	letters_of(out, txn, n);
	fprintf(out, " %d", nf);
	for (int j = 0; j < nf; j++)
		fprintf(out, " %d %s %c", fparam[j], names[j], letter(feff[j]));
	Pred ret = return_range(c, fn->name);
	if (ret.value > 1ll << 62 || ret.value < -(1ll << 62))
		ret.op = OP_NONE;               /* beyond what the reader takes */
	fprintf(out, " %d %lld\n", (int)ret.op, ret.op == OP_NONE ? 0 : ret.value);
	/* a function that opens a member of its parameter's object, for the
	 * callers of other units (member_acquirer()): `m NAME ARG MEMBER KIND
	 * FAILS-OP FAILS SUCCESS-OP SUCCESS`; only from the unit's own code,
	 * so a round never changes it */
	const RuleAcquire *m = member_acquirer(c, fn->name);
	if (m && m->kind && one_word(m->kind->name) && one_word(m->out_member) &&
	    m->out_arg < n && pred_fits(m->fails) && pred_fits(m->success))
		fprintf(out, "m %s %d %s %s %d %lld %d %lld\n", name, m->out_arg, m->out_member,
			m->kind->name, (int)m->fails.op, m->fails.value, (int)m->success.op,
			m->success.value);
	/* a function that frees the object a parameter points to: the
	 * members it names, for the callers of other units (a member it
	 * never names dies with the object: helper_frees_container()),
	 * `d NAME ARG MEMBER,MEMBER,...` ('-': none) */
	for (int p = 0; p < n && p < 64; p++) {
		Names named = {0};
		if (direct[p] != SUM_RELEASES || !fn->vars.v[p].is_pointer ||
		    !named_members(c, fn, p, &named))
			continue;
		bool words = true;
		for (int k = 0; k < named.n; k++)
			words &= one_word(named.v[k]) && !strchr(named.v[k], ',');
		if (!words)
			continue;
		fprintf(out, "d %s %d ", name, p);
		for (int k = 0; k < named.n; k++)
			fprintf(out, "%s%s", k ? "," : "", named.v[k]);
		fputs(named.n ? "\n" : "-\n", out);
	}
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Does the rule table leave name to the program: no entry, or only a
 * glob's (another unit may define it)? */
static bool
callee_unknown(Ctx *c, const char *name)
{
	const RuleFn *r = engine_lookup(c, name);
	return !r || by_glob(r, name);
}

/* Does call e name a function another unit may define: one the unit does
 * not and the rule table does not know (or knows by a glob only)? */
static bool
callee_elsewhere(Ctx *c, const IrEvent *e)
{
	return e->kind == EV_CALL && one_word(e->callee) && fn_index(c, e->callee) < 0 &&
	       callee_unknown(c, e->callee);
}

/* The names the unit calls that it does not define and the rule table does
 * not know (or knows by a glob only): "c NAME", sorted, once each. */
static void
export_callees(Ctx *c, FILE *out)
{
	VEC(const char *) names = {0};
	const IrUnit *u = c->u;
	for (int f = 0; f < u->funcs.n; f++) {
		const IrFunc *fn = u->funcs.v[f];
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (callee_elsewhere(c, e))
					vec_push(&names, e->callee);
			}
		}
	}
	if (names.n > 1)
		qsort(names.v, (size_t)names.n, sizeof(char *), cmp_name);
	for (int i = 0; i < names.n; i++)
		if (i == 0 || strcmp(names.v[i - 1], names.v[i]) != 0)
			fprintf(out, "c %s\n", names.v[i]);
	vec_free(&names);
}

bool
unit_calls_out(Ctx *c)
{
	const IrUnit *u = c->u;
	for (int f = 0; f < u->funcs.n; f++) {
		const IrFunc *fn = u->funcs.v[f];
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (callee_elsewhere(c, e) ||
				    (e->kind == EV_CALL && !e->callee && e->via))
					return true;
			}
		}
	}
	return false;
}

static bool
known_callee(void *ctx, const char *name)
{
	return engine_lookup(ctx, name) != NULL;
}

/* Does the unit write "c NAME" (export_callees())? */
static bool
callee_line(void *ctx, const char *name)
{
	return one_word(name) && !strchr(name, '#') && fn_index(ctx, name) < 0 &&
	       callee_unknown(ctx, name);
}

/* The unit's facts of the program's entries (entry.h), made once. */
static const EntryFacts *
unit_entry_facts(Ctx *c)
{
	if (!c->entry_facts_done) {
		entry_facts(c->u, known_callee, c, &c->sum_arena, &c->entry_facts);
		c->entry_facts_done = true;
	}
	return &c->entry_facts;
}

/* Which functions of the unit are entries of the program (entry.h) by
 * table t, or else by snapshot s, or else by what the unit alone says:
 * one byte each. */
static uint8_t *
entries_of(Ctx *c, const ProgSums *t, const ProgSnap *s)
{
	int n = c->u->funcs.n;
	uint8_t *out = arena_alloc(&c->sum_arena, (size_t)n + 1);
	EntrySet local = {0};
	if (!t && !s) {
		/* the facts as the unit alone gives them (known_callee() asks
		 * the table) */
		EntryFacts alone = {0};
		const EntryFacts *f = &alone;
		const ProgSums *keep = c->lim.program;
		if (!keep) {
			f = unit_entry_facts(c);
		} else {
			c->lim.program = NULL;
			entry_facts(c->u, known_callee, c, &c->sum_arena, &alone);
			c->lim.program = keep;
		}
		entry_solve(f->v, f->n, &c->sum_arena, &local);
		vec_free(&alone);
	}
	for (int i = 0; i < n; i++) {
		const IrFunc *g = c->u->funcs.v[i];
		const char *q = entry_qualify(&c->sum_arena, c->u, g->name, g->is_static);
		out[i] = t ? progsum_entry(t, q) : s ? progsum_snap_entry(s, q) : entry_is(&local, q);
	}
	return out;
}

/* Does a return from fn end the process: main, or an entry of the
 * program (entry.h), from the program's table when there is one, else
 * from what the unit alone says. */
bool
fn_is_entry(Ctx *c, const IrFunc *fn)
{
	if (!fn->name)
		return false;
	if (strcmp(fn->name, "main") == 0)
		return true;
	if (!c->entry_done) {
		c->entry_done = true;
		c->entry = entries_of(c, c->lim.program, NULL);
		c->entry_asked = arena_alloc(&c->sum_arena, (size_t)c->u->funcs.n + 1);
	}
	int fi = fn_index(c, fn->name);
	if (fi >= 0 && c->answers && !c->entry_asked[fi]) {
		/* by the table, or by the unit alone: a question either way */
		const IrFunc *g = c->u->funcs.v[fi];
		c->entry_asked[fi] = true;
		asked_entry(c, entry_qualify(&c->sum_arena, c->u, g->name, g->is_static),
			    c->entry[fi]);
	}
	return fi >= 0 && c->entry[fi];
}

/* ---- what another table changes (engine_program_changes()) ----------------- */

typedef VEC(int) Indexes;

/* What changed since a text was made: the table it was made with
 * (before, NULL: none), or the names its answers changed for (answers.c;
 * then changed non-NULL). */
typedef struct Since {
	const ProgSnap *before;
	const NameSet *changed;
} Since;

static bool
in_names(const NameSet *s, const char *name)
{
	for (int k = 0; k < s->n; k++)
		if (strcmp(s->v[k], name) == 0)
			return true;
	return false;
}

/* A function named in fn (called, or given as a value): a function of the
 * unit goes into *local; true when it is another unit's and the tables
 * differ on it (or, by the answers, on what was asked of it). */
static bool
name_changes(Ctx *c, const Since *since, const char *name, Indexes *local)
{
	if (!name)
		return false;
	int fi = fn_index(c, name);
	if (fi >= 0) {
		avec_push(&c->sum_arena, local, fi);
		return false;
	}
	return since->changed ? in_names(since->changed, name)
	       : progsum_snap_differs(since->before, c->lim.program, name);
}

static bool
value_changes(Ctx *c, const Since *since, Value v, Indexes *local)
{
	return v.kind == VAL_FUNC && name_changes(c, since, v.str, local);
}

/* Whether function fn itself names a function the tables differ on, or
 * calls through a member that pass 2 resolved; the unit's functions it
 * names into *local. */
static bool
names_change(Ctx *c, const Since *since, const IrFunc *fn, Indexes *local)
{
	bool changed = false;
	for (int bi = 0; bi < fn->blocks.n; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n; i++) {
			const IrEvent *e = &b->ev.v[i];
			if (e->kind == EV_ASSIGN)
				changed |= value_changes(c, since, e->src, local);
			if (e->kind != EV_CALL)
				continue;
			changed |= (e->via && e->callee) ||
				   name_changes(c, since, e->callee, local);
			for (int a = 0; a < e->nargs; a++)
				changed |= value_changes(c, since, e->args[a], local);
		}
		if (b->term == T_RETURN)
			changed |= value_changes(c, since, b->ret, local);
	}
	return changed;
}

/* Is fn one of the qualified entries whose answer changed? */
static bool
entry_changed(Ctx *c, const NameSet *entries, const IrFunc *fn)
{
	return entries->n > 0 && fn->name &&
	       in_names(entries, entry_qualify(&c->sum_arena, c->u, fn->name, fn->is_static));
}

void
program_changes(Ctx *c, const ProgSnap *before, const char *answers, bool *changed)
{
	const IrUnit *u = c->u;
	int n = u->funcs.n;
	NameSet names = {0}, entries = {0};
	Since since = {before, NULL};
	if (answers && answers_changed(c, answers, &names, &entries))
		since.changed = &names;
	else
		answers_lost(c->answers);       /* what the lines kept asked */
	const uint8_t *was = since.changed ? NULL : entries_of(c, NULL, before);
	const uint8_t *is = since.changed ? NULL : entries_of(c, c->lim.program, NULL);
	Indexes *calls = arena_alloc(&c->sum_arena, sizeof(*calls) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		changed[i] = (since.changed ? entry_changed(c, &entries, u->funcs.v[i])
			      : was[i] != is[i]) ||
			     names_change(c, &since, u->funcs.v[i], &calls[i]);
	/* and whatever calls a changed function of the unit, to a fixpoint */
	for (bool more = true; more;) {
		more = false;
		for (int i = 0; i < n; i++)
			for (int k = 0; k < calls[i].n && !changed[i]; k++)
				if (changed[calls[i].v[k]])
					changed[i] = more = true;
	}
}

/* Is the function put into a struct member somewhere in u? */
static bool
in_member(const IrUnit *u, const char *name)
{
	for (int i = 0; i < u->fnrefs.n; i++)
		if (u->fnrefs.v[i].field && strcmp(u->fnrefs.v[i].name, name) == 0)
			return true;
	return false;
}

/* Writes the `f` line of name in text again, with the `m` and `d` lines
 * that may follow it; false when it has none. */
static bool
old_line(const char *text, const char *name, FILE *out)
{
	size_t n = strlen(name);
	for (const char *p = strstr(text, "\nf "); p; p = strstr(p + 1, "\nf ")) {
		if (strncmp(p + 3, name, n) != 0 || p[3 + n] != ' ')
			continue;
		const char *end = strchr(p + 1, '\n');
		while (end && (strncmp(end + 1, "m ", 2) == 0 || strncmp(end + 1, "d ", 2) == 0) &&
		       strncmp(end + 3, name, n) == 0 && end[3 + n] == ' ')
			end = strchr(end + 1, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		fwrite(p + 1, 1, len, out);     /* with its newline */
		return true;
	}
	return false;
}

void
export_summaries(Ctx *c, FILE *out)
{
	fputs(PROGSUM_HEADER "\n", out);
	const IrUnit *u = c->u;
	for (int i = 0; i < u->funcs.n; i++) {
		const IrFunc *fn = u->funcs.v[i];
		if (!fn->analyse || !one_word(fn->name) || strcmp(fn->name, "main") == 0 ||
		    fn_index(c, fn->name) != i)
			continue;
		const char *name = fn->name;
		if (fn->is_static && !in_member(u, fn->name))
			continue;
		if (fn->is_static)
			/* a static put into a struct member: calls through the
			 * member elsewhere may resolve to it (progsum.h) */
			name = entry_qualify(&c->sum_arena, u, fn->name, true);
		if (c->old_text && !c->changed[i] && old_line(c->old_text, name, out))
			c->kept_lines++;
		else
			export_function(c, fn, name, out);
		drop_plans(c);
	}
	export_callees(c, out);
	entry_write(unit_entry_facts(c), callee_line, c, out);
}
