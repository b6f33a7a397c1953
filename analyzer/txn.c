/* SPDX-License-Identifier: MIT */
/*
 * txn: the transaction protocol.  A call whose SQL text begins a
 * transaction (sql.c classifies it with the packs' word lists), an API
 * begin (mysql_autocommit(c, 0)), or a call of a begin helper of the unit
 * (begin_tx(conn): txn_begins()) is a site whose "handle" is the
 * transaction and whose aliases are the connection's: it is built on
 * ownership's aliases, status variables and exits (own_assign, own_kill,
 * refine_handle, exit_seen in engine.c).  SQL text or an API call ending it,
 * closing the connection, or a helper of the unit that ends it on every path
 * releases it; a failed BEGIN (its status code, or a status read of its
 * result) opens nothing.  Violations: V_TXN_OPEN at an exit (a return, a
 * longjmp; exit() and a return from main only with --report-at-exit) that
 * leaves it open, kept only if some exit closes it (else the
 * function is a begin helper); V_TXN_WRONG_HANDLE for a statement on another
 * connection of the same type meanwhile (another variable, or another place
 * of the same one: ctx->ro, conns[1], a spelt ctx->conns[1]).  Site.pdata is
 * the begin (TxnBegin, on the stack of whoever runs the site).  Owns nothing
 * beyond the run.
 */
#include <string.h>
#include "engine_int.h"

static SqlClass txn_class(Ctx *c, const IrFunc *fn, const IrEvent *e, const RuleFn *r,
			  Value *conn);

/* What the SQL text a value stands for does: a literal, or a local (or a
 * temporary: `ok ? "COMMIT" : "ROLLBACK"`) whose every assignment is a
 * literal, when all of those literals do the same. */
static SqlClass
sql_value_class(Ctx *c, const IrFunc *fn, Value v)
{
	if (v.kind == VAL_STR)
		return sql_classify(c->sqlm, v.str);
	if (v.kind != VAL_ACCESS || !acc_plain(v.acc) ||
	    (fn->vars.v[v.acc.var].kind != VAR_LOCAL && fn->vars.v[v.acc.var].kind != VAR_TEMP))
		return SQL_OTHER;
	int cls = -1;
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int j = 0; j < b->ev.n; j++) {
			const IrEvent *e = &b->ev.v[j];
			if (e->kind == EV_CALL && e->has_dst && e->dst.var == v.acc.var)
				return SQL_OTHER;
			if (e->kind != EV_ASSIGN || e->dst.var != v.acc.var)
				continue;
			if (e->src.kind != VAL_STR || !acc_plain(e->dst))
				return SQL_OTHER;
			int k = (int)sql_classify(c->sqlm, e->src.str);
			if (cls >= 0 && k != cls)
				return SQL_OTHER;
			cls = k;
		}
	}
	return cls < 0 ? SQL_OTHER : (SqlClass)cls;
}

/* Is argument i of e the constant v?  (i < 0: no condition.) */
static bool
arg_is(const IrEvent *e, int i, long long v)
{
	return i < 0 || (i < e->nargs && e->args[i].kind == VAL_INT && e->args[i].ival == v);
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
		return sql_value_class(c, fn, e->args[r->sql->sql_arg]);
	}
	for (const RuleTxnCall *t = r->txn; t; t = t->next) {
		if (t->conn_arg >= e->nargs)
			continue;
		*conn = e->args[t->conn_arg];
		if (arg_is(e, t->when_arg, t->when_value) && arg_is(e, t->also_arg, t->also_value))
			return t->what == TXN_END ? SQL_END : SQL_BEGIN;
	}
	return SQL_OTHER;
}

/* ---- begin helpers of the unit ------------------------------------------- */

/* What a function of the unit does when called: it begins a transaction on
 * its parameter `param` and leaves it open on every return that began it
 * (begin_tx(conn)); `success`: its result on those returns when other
 * returns began nothing (OP_NONE: it always begins). */
typedef struct TxnHelper {
	uint8_t state;               /* 0 not looked at, 1 being computed, 2 done */
	int param;                   /* -1: not a begin helper */
	Pred success;
	const RuleKind *kind;        /* the connection's */
} TxnHelper;

/* What call e begins: true and the connection, the result that says it
 * began (OP_NONE: always) and the connection's kind, for SQL text or an
 * API call that begins one, or a begin helper of the unit. */
typedef struct TxnBegin {
	Value conn;
	Pred success;
	const RuleKind *kind;
	const RuleSql *sql;          /* the SQL runner, if that is what began it */
} TxnBegin;

static bool txn_begins(Ctx *c, const IrFunc *fn, const IrEvent *e, TxnBegin *tb);

/* The site of the begin tb, event i of block bi. */
static void
txn_site_init(Site *site, const IrFunc *fn, int bi, int i, const TxnBegin *tb)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	memset(site, 0, sizeof(*site));
	site->proto = &txn_protocol;
	site->fn = fn;
	site->block = bi;
	site->ev = i;
	site->txn = true;
	site->sql = tb->sql;
	site->acquirer = e->callee;
	site->loc = e->loc;
	site->success = tb->success;
	site->pdata = (void *)tb;
}

/* Runs the begin at event i of block bi quietly: a helper if every return
 * that began it leaves it open, none ends it or hands it on, and the
 * returns that began nothing (a failed BEGIN) are told apart by the sign of
 * the result. */
static bool
helper_run(Ctx *c, const IrFunc *fn, int bi, int i, const TxnBegin *tb, TxnHelper *h)
{
	Site site;
	txn_site_init(&site, fn, bi, i, tb);
	site.quiet = true;
	State init = {0};
	init.ts = TS_UNACQ;
	run_site(c, &site, &init);
	if (site.bounded || !site.exit_owned || site.exit_released || site.exit_escaped ||
	    site.exit_returned)
		return false;
	h->param = tb->conn.acc.var;
	h->kind = tb->kind;
	h->success = (Pred){OP_NONE, 0};
	return !site.ret_sign[2] || sign_split(site.ret_sign[1], site.ret_sign[2], &h->success);
}

static const TxnHelper *
begin_helper(Ctx *c, const char *name)
{
	int fi = name ? fn_index(c, name) : -1;
	if (fi < 0)
		return NULL;
	TxnHelper *memo = c->pmemo[PROTO_TXN];
	if (!memo) {
		memo = arena_alloc(&c->sum_arena, sizeof(*memo) * (size_t)(c->u->funcs.n + 1));
		c->pmemo[PROTO_TXN] = memo;
	}
	TxnHelper *h = &memo[fi];
	if (h->state == 2)
		return h->param >= 0 ? h : NULL;
	if (h->state == 1 || c->depth > 16)
		return NULL;            /* recursion: not a helper */
	h->state = 1;
	h->param = -1;
	c->depth++;
	const IrFunc *fn = c->u->funcs.v[fi];
	for (int bi = 0; bi < fn->blocks.n && h->param < 0; bi++) {
		const IrBlock *b = fn->blocks.v[bi];
		for (int i = 0; i < b->ev.n && h->param < 0; i++) {
			const IrEvent *e = &b->ev.v[i];
			TxnBegin tb;
			if (e->kind == EV_CALL && txn_begins(c, fn, e, &tb) &&
			    acc_plain(tb.conn.acc) && tb.conn.acc.var < fn->nparams &&
			    fn->vars.v[tb.conn.acc.var].kind == VAR_PARAM &&
			    !helper_run(c, fn, bi, i, &tb, h))
				h->param = -1;
		}
	}
	c->depth--;
	h->state = 2;
	return h->param >= 0 ? h : NULL;
}

static bool
txn_begins(Ctx *c, const IrFunc *fn, const IrEvent *e, TxnBegin *tb)
{
	memset(tb, 0, sizeof(*tb));
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	if (r && c->sqlm && (r->sql || r->txn)) {
		if (txn_class(c, fn, e, r, &tb->conn) != SQL_BEGIN || tb->conn.kind != VAL_ACCESS)
			return false;
		tb->sql = r->sql;
		tb->success = r->sql ? r->sql->success : (Pred){OP_NONE, 0};
		tb->kind = r->sql ? r->sql->conn_kind : r->txn->conn_kind;
		return true;
	}
	if (r || !c->sqlm)
		return false;
	const TxnHelper *h = begin_helper(c, e->callee);
	if (!h || h->param >= e->nargs || e->args[h->param].kind != VAL_ACCESS)
		return false;
	tb->conn = e->args[h->param];
	tb->success = h->success;
	tb->kind = h->kind;
	return true;
}

/* ---- connections and their places --------------------------------------- */

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

/* Does a name exactly one place: a variable, one member of it (ctx->rw),
 * a constant element of a local array (conns[1])? */
static bool
exact_place(Access a)
{
	return acc_plain(a) ||
	       (a.field && a.field[0] != '*' && !a.index && !a.deep);
}

/* How the source names the connection v: its spelt path, or the variable
 * and its member. */
static const char *
conn_name(Ctx *c, const IrFunc *fn, Value v)
{
	const char *name = fn->vars.v[v.acc.var].name;
	if (v.str)
		return v.str;
	if (!v.acc.field || !exact_place(v.acc))
		return name;
	return arena_printf(&c->arena, "%s%s%s", name,
			    v.acc.field[0] == '[' ? "" : v.acc.deref ? "->" : ".", v.acc.field);
}

/* The same access as the begin's connection, but another place of it: the
 * source spells both paths and they differ (c->conns[0], c->conns[1];
 * conns[i], conns[j]).  The engine's access is the same for both. */
static bool
other_element(const Site *site, Value b)
{
	const TxnBegin *tb = site->pdata;
	return tb && b.kind == VAL_ACCESS && tb->conn.str && b.str &&
	       acc_same_shape(tb->conn.acc, b.acc) && strcmp(tb->conn.str, b.str) != 0;
}

/* Is an assignment of fn a copy between the places a and b? */
static bool
copied(const IrFunc *fn, Access a, Access b)
{
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *bb = fn->blocks.v[i];
		for (int j = 0; j < bb->ev.n; j++) {
			const IrEvent *e = &bb->ev.v[j];
			if (e->kind != EV_ASSIGN || e->src.kind != VAL_ACCESS)
				continue;
			Access d = e->dst, s = e->src.acc;
			if (acc_plain(a) && acc_plain(b)) {
				if ((d.var == a.var && s.var == b.var) ||
				    (d.var == b.var && s.var == a.var))
					return true;
			} else if ((acc_same(d, a) && acc_same(s, b)) ||
				   (acc_same(d, b) && acc_same(s, a))) {
				return true;
			}
		}
	}
	return false;
}

/* Is b another connection than the one the transaction is on, of the same
 * kind, and not a copy of it?  Two variables of the same type, or two
 * places of one variable (ctx->rw and ctx->ro, conns[0] and conns[1]);
 * `r` runs the statement on b. */
static bool
other_connection(const Site *site, const State *s, Value b, const RuleFn *r)
{
	const IrFunc *fn = site->fn;
	if (b.kind != VAL_ACCESS || !exact_place(b.acc))
		return false;
	int a = -1;
	for (int i = 0; i < s->nalias; i++) {
		if (acc_plain(b.acc) ? s->alias[i].var == b.acc.var : acc_same(s->alias[i], b.acc))
			return false;
		if (a < 0 && exact_place(s->alias[i]) &&
		    acc_plain(s->alias[i]) == acc_plain(b.acc) &&
		    (acc_plain(b.acc) || s->alias[i].var == b.acc.var))
			a = i;
	}
	if (a < 0)
		return false;
	Access al = s->alias[a];
	if (acc_plain(al)) {
		if (strcmp(type_name(fn, al.var), type_name(fn, b.acc.var)) != 0 ||
		    !fn->vars.v[al.var].is_pointer)
			return false;
	} else {
		/* members: their types are not in the IR; the runners' kinds */
		const TxnBegin *tb = site->pdata;
		if (!tb || !tb->kind || !r->sql || tb->kind != r->sql->conn_kind)
			return false;
	}
	return !copied(fn, al, b.acc);
}

/* ---- the protocol --------------------------------------------------------- */

/* How v refers to the transaction's connection: as match_value(), but
 * another spelt element of the same access is not it. */
static Match
match_conn(const Site *site, const State *s, Value v)
{
	Match m = match_value(s, site->fn, v);
	return m == M_DIRECT && other_element(site, v) ? M_NONE : m;
}

static void
start_txn(Ctx *c, Site *site, State *s, const IrEvent *e, Value conn)
{
	uint16_t fknown = s->fknown, fweak = s->fweak;
	uint8_t fop[MAX_FLAGS];
	long long fval[MAX_FLAGS];
	memcpy(fop, s->fop, sizeof(fop));
	memcpy(fval, s->fval, sizeof(fval));
	memset(s, 0, sizeof(*s));
	s->fknown = fknown;                 /* what branches said still holds */
	s->fweak = fweak;
	memcpy(s->fop, fop, sizeof(fop));
	memcpy(s->fval, fval, sizeof(fval));
	s->ts = TS_OWNED;
	alias_add(s, conn.acc);
	if (fn_var_named(site->fn, conn.acc))
		s->name = conn_name(c, site->fn, conn);
	if (e->has_dst) {
		if (site->success.op != OP_NONE) {
			status_add(s, e->dst.var, S_CODE);
			s->ts = TS_MAYBE;
		} else if (site->sql) {
			status_add(s, e->dst.var, S_CARRIER);
			s->ts = TS_MAYBE;
		}
	}
}

static void
transfer_txn_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site,
		  const RuleFn *r)
{
	const IrFunc *fn = site->fn;
	if (is_site) {
		TxnBegin tb;
		if (!state_live(s) && txn_begins(c, fn, e, &tb))
			start_txn(c, site, s, e, tb.conn);
		return;
	}
	if (!state_live(s))
		return;
	/* a status read of the begin statement's result */
	if (r && r->status && r->status->arg >= 0 && r->status->arg < e->nargs && e->has_dst) {
		Value a = e->args[r->status->arg];
		if (a.kind == VAL_ACCESS && acc_plain(a.acc) &&
		    status_has(s, a.acc.var) == S_CARRIER + 1) {
			status_add(s, e->dst.var, S_READ);
			site->status_pred = r->status->success;
		}
	}
	/* closing the connection ends its transaction (the server rolls back);
	 * not the release of a format's %z arguments (arg -1) */
	if (r && r->release && r->release->arg >= 0 && r->release->arg < e->nargs &&
	    !r->release->member &&
	    match_conn(site, s, e->args[r->release->arg]) == M_DIRECT) {
		s->ts = TS_RELEASED;
		s->released = e->loc;
		return;
	}
	Value conn = {0};
	SqlClass cls = txn_class(c, fn, e, r, &conn);
	if (conn.kind != VAL_NONE) {
		Match m = match_conn(site, s, conn);
		if (m == M_DIRECT && cls == SQL_END) {
			s->ts = TS_RELEASED;
			s->released = e->loc;
		} else if (m == M_NONE && r && r->sql &&
			   (other_element(site, conn) || other_connection(site, s, conn, r))) {
			violate(c, site, s, V_TXN_WRONG_HANDLE, e->loc, conn_name(c, fn, conn));
		}
		return;
	}
	for (int i = 0; i < e->nargs && state_live(s); i++) {
		Match m = match_value(s, fn, e->args[i]);
		if (m == M_NONE || !e->callee || (r && !rules_keeps_arg(r, i)))
			continue;               /* callbacks and the library use it */
		if (m != M_DIRECT || r) {
			s->ts = TS_ESCAPED;
			break;
		}
		int fi = fn_index(c, e->callee);
		/* another unit's function: 1 + its summary's effect, 0 none */
		uint64_t a = fi < 0 ? ask(c, 't', e->callee, i, 0, NULL) : 0;
		if (fi < 0 && a == 0) {
			s->ts = TS_ESCAPED;
			break;
		}
		SummaryEffect se = fi < 0 ? (SummaryEffect)(a - 1)
				      : summarize_txn(c, c->u->funcs.v[fi], i);
		if (se == SUM_RELEASES) {
			s->ts = TS_RELEASED;
			s->released = e->loc;
		} else if (se == SUM_KEEPS) {
			s->ts = TS_ESCAPED;
		}
	}
}

/* A call that ends the path: a longjmp leaves the transaction open; the
 * end of the process only matters with --report-at-exit. */
static bool
txn_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site)
{
	const RuleFn *r = e->callee ? engine_lookup(c, e->callee) : NULL;
	TermKind end = is_site ? T_NONE : call_end(c, site, s, e, r);
	transfer_txn_call(c, site, s, e, is_site, r);
	if (end != T_NONE && state_live(s) && (end == T_LONGJMP || c->lim.report_at_exit)) {
		site->exit_how = end;
		violate(c, site, s, V_TXN_OPEN, e->loc, NULL);
	}
	return end == T_NONE;
}

static void
txn_assign(Ctx *c, Site *site, State *s, const IrEvent *e)
{
	own_assign(c, site, s, e);
}

static bool
txn_edge(Ctx *c, Site *site, State *s, const Cond *cond, Pred test, bool taken)
{
	(void)c;
	(void)taken;
	return !cond->known || refine_handle(site, s, cond, test);
}

/* Every exit that leaves it open is a finding: a return, a longjmp; where
 * the process ends (exit, a return from main) only with --report-at-exit
 * (the server rolls back when the connection drops). */
static void
txn_exit(Ctx *c, Site *site, State *s, const IrBlock *b)
{
	if (exit_seen(site, s, b))
		return;
	if (s->ts == TS_RELEASED)
		site->exit_closed = true;
	else if (state_live(s) && (c->lim.report_at_exit || !ends_process(c, site->fn, b->term))) {
		site->exit_how = b->term;
		violate(c, site, s, V_TXN_OPEN, b->loc, NULL);
	}
}

/* Only the transaction's own violations: losing the connection's alias
 * is ownership's business. */
static bool
txn_raise(const Site *site, const State *s, Violation *v)
{
	(void)site;
	(void)s;
	v->txn = true;
	return v->kind == V_TXN_OPEN || v->kind == V_TXN_WRONG_HANDLE;
}

/* Every exit leaves it open: a begin helper, its caller ends it. */
static bool
txn_keep(const Site *site, const Violation *v)
{
	return v->kind != V_TXN_OPEN || site->exit_closed;
}

/* A call whose SQL text (or API) begins a transaction on a connection
 * variable is a site, and so is a call of a begin helper of the unit. */
static void
txn_sites(Ctx *c, const IrFunc *fn, int bi, int i)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	TxnBegin tb;
	if (!txn_begins(c, fn, e, &tb))
		return;
	Site site;
	txn_site_init(&site, fn, bi, i, &tb);
	State init = {0};
	init.ts = TS_UNACQ;
	run_site(c, &site, &init);
	if (c->stats)
		c->stats->sites++;
}

const Protocol txn_protocol = {
	.name = "transaction",
	.sites = txn_sites,
	.call = txn_call,
	.assign = txn_assign,
	.kill = own_kill,
	.use = own_use,
	.edge = txn_edge,
	.exit = txn_exit,
	.raise = txn_raise,
	.keep = txn_keep,
};
