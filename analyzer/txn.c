/* SPDX-License-Identifier: MIT */
/*
 * txn: the transaction protocol.  A call whose SQL text begins a
 * transaction (sql.c classifies it with the packs' word lists), or an API
 * begin (mysql_autocommit(c, 0)), is a site whose "handle" is the
 * transaction and whose aliases are the connection's: it is built on
 * ownership's aliases, status variables and exits (own_assign, own_kill,
 * refine_handle, exit_seen in engine.c).  SQL text or an API call ending it,
 * closing the connection, or a helper of the unit that ends it on every path
 * releases it; a failed BEGIN (its status code, or a status read of its
 * result) opens nothing.  Violations: V_TXN_OPEN at an exit (a return, a
 * longjmp; exit() and a return from main only with --report-at-exit) that
 * leaves it open, kept only if some exit closes it (else the
 * function is a begin helper); V_TXN_WRONG_HANDLE for a statement on another
 * connection of the same type meanwhile.  Owns nothing beyond the run.
 */
#include <string.h>
#include "engine_int.h"

static SqlClass txn_class(Ctx *c, const IrFunc *fn, const IrEvent *e, const RuleFn *r,
			  Value *conn);

/* The SQL text a value stands for: a literal, or a local that is only ever
 * assigned one literal. */
static const char *
sql_text(const IrFunc *fn, Value v)
{
	if (v.kind == VAL_STR)
		return v.str;
	if (v.kind != VAL_ACCESS || !acc_plain(v.acc) || fn->vars.v[v.acc.var].kind != VAR_LOCAL)
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
	if (b.kind != VAL_ACCESS || !acc_plain(b.acc))
		return false;
	int a = -1;
	for (int i = 0; i < s->nalias; i++) {
		if (s->alias[i].var == b.acc.var)
			return false;
		if (a < 0 && acc_plain(s->alias[i]))
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
	uint16_t fknown = s->fknown;
	uint8_t fop[MAX_FLAGS];
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

static void
transfer_txn_call(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site,
		  const RuleFn *r)
{
	const IrFunc *fn = site->fn;
	if (is_site) {
		Value conn = {0};
		txn_class(c, fn, e, r, &conn);
		if (!state_live(s) && conn.kind == VAL_ACCESS)
			start_txn(site, s, e, conn);
		return;
	}
	if (!state_live(s))
		return;
	/* a status read of the begin statement's result */
	if (r && r->status && r->status->arg < e->nargs && e->has_dst) {
		Value a = e->args[r->status->arg];
		if (a.kind == VAL_ACCESS && acc_plain(a.acc) &&
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
		return;
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
		return;
	}
	for (int i = 0; i < e->nargs && state_live(s); i++) {
		Match m = match_value(s, fn, e->args[i]);
		if (m == M_NONE || !e->callee || (r && !rules_keeps_arg(r, i)))
			continue;               /* callbacks and the library use it */
		int fi = fn_index(c, e->callee);
		const ProgFn *pf = fi < 0 ? prog_fn(c, e->callee) : NULL;
		if ((fi < 0 && !pf) || m != M_DIRECT || r || (pf && i >= pf->nparams)) {
			s->ts = TS_ESCAPED;
			break;
		}
		SummaryEffect se = pf ? prog_effect(pf->txn[i])
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
	else if (state_live(s) && (c->lim.report_at_exit || !ends_process(site->fn, b->term))) {
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
 * variable is a site. */
static void
txn_sites(Ctx *c, const IrFunc *fn, int bi, int i)
{
	const IrEvent *e = &fn->blocks.v[bi]->ev.v[i];
	const RuleFn *r = engine_lookup(c, e->callee);
	Value conn = {0};
	if (!r || !c->sqlm || !(r->sql || r->txn) ||
	    txn_class(c, fn, e, r, &conn) != SQL_BEGIN || conn.kind != VAL_ACCESS)
		return;
	Site site = {0};
	site.proto = &txn_protocol;
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
