/* SPDX-License-Identifier: MIT */
/*
 * plan: cycles, predecessors, liveness, flows, post-dominators and
 * informed tests of one function (plan.h).
 *
 * Liveness comes in two strengths, because a plain write `v = x` drops only
 * some of the places rooted at v that a state may follow: v itself and v.f
 * go, but *v and v->f stay (they name the memory v pointed to).  So each
 * variable has two bitsets over blocks, each computed when first asked:
 * live, where a plain write ends the value, and mentioned, where only the
 * variable's death (EV_KILL) does.  Both are the usual backward problem,
 * solved by walking back from the blocks that read the variable first.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"

enum { K_NONE, K_READ, K_DEF };

/* The first mention of a variable in one block, for both strengths. */
typedef struct Mention {
	int block;
	uint8_t live, ment;          /* K_* */
	int next;                    /* the variable's next mention, -1 */
} Mention;

struct Plan {
	const IrFunc *fn;
	Arena arena;
	int nblocks, words;
	uint8_t *cyclic;
	int *scc;                    /* per block: its component */
	int *scc_start, *scc_block;  /* component k's blocks: scc_block[scc_start[k] ..
	                              * scc_start[k + 1]), in increasing order */
	int *pred_start, *pred;      /* block b's predecessors: pred[pred_start[b] ..
	                              * pred_start[b + 1]) */
	int *head;                   /* per variable: its first Mention, -1 */
	VEC(Mention) ment;
	int *stamp;                  /* per variable: last block it was seen in, +1 */
	uint64_t **live[2];          /* per variable, NULL until asked */
	uint64_t *scratch;           /* DEF blocks of the variable being solved */
	int *stack;
	int *flow_start, *flow_to;   /* variable v's value may go to flow_to[
	                              * flow_start[v] .. flow_start[v + 1]); NULL
	                              * until asked */
	int *flow_seen, *flow_stack, flow_gen;
	int *ipdom;                  /* per block: its immediate post-dominator,
	                              * -1 for none; NULL until asked */
	int *seen, gen;              /* regions: per block, the last walk there */
	uint64_t **var_blocks, *ends[2]; /* kept sets, NULL until asked */
	uint64_t **informed;         /* per variable: plan_informed(), NULL until asked */
	uint64_t **decides[2];       /* per variable: what [0] all its tests,
	                              * [1] its informed ones decide (decides()) */
	uint8_t *decided[2];         /* ... is known */
};

static void
find_preds(Plan *p)
{
	const IrFunc *fn = p->fn;
	int n = p->nblocks;
	p->pred_start = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int total = 0;
	for (int b = 0; b < n; b++) {
		int s[2], k = ir_succs(fn->blocks.v[b], s);
		for (int i = 0; i < k; i++)
			p->pred_start[s[i] + 1]++;
		total += k;
	}
	for (int b = 0; b < n; b++)
		p->pred_start[b + 1] += p->pred_start[b];
	p->pred = arena_alloc(&p->arena, sizeof(int) * (size_t)(total + 1));
	int *fill = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	memcpy(fill, p->pred_start, sizeof(int) * (size_t)n);
	for (int b = 0; b < n; b++) {
		int s[2], k = ir_succs(fn->blocks.v[b], s);
		for (int i = 0; i < k; i++)
			p->pred[fill[s[i]]++] = b;
	}
}

/* Tarjan's strongly connected components, without recursion (a function
 * can have tens of thousands of blocks).  A block is on a cycle when its
 * component has more than one block or it jumps to itself. */
static void
find_cycles(Plan *p)
{
	const IrFunc *fn = p->fn;
	int n = p->nblocks;
	int *index = arena_alloc(&p->arena, sizeof(int) * (size_t)n);
	int *low = arena_alloc(&p->arena, sizeof(int) * (size_t)n);
	int *edge = arena_alloc(&p->arena, sizeof(int) * (size_t)n);
	uint8_t *on = arena_alloc(&p->arena, (size_t)n);
	int *stack = arena_alloc(&p->arena, sizeof(int) * (size_t)n);
	int *call = arena_alloc(&p->arena, sizeof(int) * (size_t)n);
	p->cyclic = arena_alloc(&p->arena, (size_t)n);
	p->scc = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int next = 1, sp = 0, nscc = 0;
	for (int root = 0; root < n; root++) {
		if (index[root])
			continue;
		int cp = 0;
		call[cp++] = root;
		index[root] = low[root] = next++;
		stack[sp++] = root;
		on[root] = 1;
		while (cp > 0) {
			int v = call[cp - 1];
			int s[2], k = ir_succs(fn->blocks.v[v], s);
			if (edge[v] < k) {
				int w = s[edge[v]++];
				if (w == v)
					p->cyclic[v] = 1;
				if (!index[w]) {
					index[w] = low[w] = next++;
					stack[sp++] = w;
					on[w] = 1;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cp--;
			if (cp > 0 && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
			if (low[v] != index[v])
				continue;
			int size = 0, first = sp;
			do {
				first--;
				size++;
			} while (stack[first] != v);
			for (int i = first; i < sp; i++) {
				on[stack[i]] = 0;
				p->scc[stack[i]] = nscc;
				if (size > 1)
					p->cyclic[stack[i]] = 1;
			}
			nscc++;
			sp = first;
		}
	}
	/* the blocks of each component, by counting sort */
	p->scc_start = arena_alloc(&p->arena, sizeof(int) * (size_t)(nscc + 1));
	p->scc_block = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	for (int b = 0; b < n; b++)
		p->scc_start[p->scc[b] + 1]++;
	for (int k = 0; k < nscc; k++)
		p->scc_start[k + 1] += p->scc_start[k];
	memcpy(edge, p->scc_start, sizeof(int) * (size_t)nscc);
	for (int b = 0; b < n; b++)
		p->scc_block[edge[p->scc[b]]++] = b;
}

/* ---- mentions ---------------------------------------------------------------- */

static void
mention(Plan *p, int b, int var, bool read, bool plain_write)
{
	if (var < 0 || var >= p->fn->vars.n)
		return;
	if (p->stamp[var] != b + 1) {
		Mention m = {b, K_NONE, K_NONE, p->head[var]};
		p->stamp[var] = b + 1;
		p->head[var] = p->ment.n;
		avec_push(&p->arena, &p->ment, m);
	}
	Mention *m = &p->ment.v[p->head[var]];
	uint8_t k = read ? K_READ : K_DEF;
	if (m->live == K_NONE)
		m->live = k;
	if (m->ment == K_NONE && !plain_write)
		m->ment = k;
}

static void
read_value(Plan *p, int b, Value v)
{
	if (v.kind == VAL_ACCESS || v.kind == VAL_ADDR || v.kind == VAL_STEP)
		mention(p, b, v.acc.var, true, false);
}

static bool
plain(Access a)
{
	return !a.field && !a.deref && !a.index && !a.deep;
}

/* Marks in mark[] the counters of fn that a loop test lets through once
 * at most (`for (i = 0; i < 1; i++)`): locals set to one constant c,
 * otherwise only stepped up (i++), never given by address, and tested
 * only as `< c + 1` or `<= c`.  Their steps are followed as an
 * (in)equality-tested counter's are (engine.c): the second round is no
 * path.  A loop's other counters are not (a state per value would double
 * the walks). */
void
plan_once_counters(const IrFunc *fn, uint8_t *mark)
{
	int n = fn->vars.n;
	long long *cv = calloc((size_t)n + 1, sizeof(long long));
	uint8_t *st = calloc((size_t)n + 1, 1);  /* 1 set to one constant, 2 not
	                                                  * a once-counter, 3 tested so */
	if (!cv || !st) {
		free(cv);
		free(st);
		return;
	}
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		for (int k = 0; k < b->ev.n; k++) {
			const IrEvent *e = &b->ev.v[k];
			for (int a = 0; e->kind == EV_CALL && a < e->nargs; a++)
				if (e->args[a].kind == VAL_ADDR && e->args[a].acc.var >= 0)
					st[e->args[a].acc.var] = 2;
			if (!(e->kind == EV_ASSIGN || (e->kind == EV_CALL && e->has_dst)) ||
			    !plain(e->dst) || e->dst.var < 0)
				continue;
			int v = e->dst.var;
			if (e->kind == EV_ASSIGN && e->src.kind == VAL_INT &&
			    (st[v] == 0 || (st[v] == 1 && cv[v] == e->src.ival))) {
				st[v] = 1;
				cv[v] = e->src.ival;
			} else if (!(e->kind == EV_ASSIGN && e->src.kind == VAL_STEP &&
				     e->src.acc.var == v && e->src.ival > 0 && b->loop)) {
				st[v] = 2;      /* a step outside a loop: not a loop's */
			}
		}
	}
	for (int i = 0; i < fn->blocks.n; i++) {
		const IrBlock *b = fn->blocks.v[i];
		const Cond *cd = &b->cond;
		if (b->term != T_BRANCH || !cd->known || !plain(cd->lhs) || cd->lhs.var < 0 ||
		    !st[cd->lhs.var] || st[cd->lhs.var] == 2)
			continue;
		long long c0 = cv[cd->lhs.var];
		if (b->loop && ((cd->op == OP_LT && c0 < LLONG_MAX && cd->rhs == c0 + 1) ||
				(cd->op == OP_LE && cd->rhs == c0)))
			st[cd->lhs.var] = 3;    /* a loop's test that lets it through once */
		else
			st[cd->lhs.var] = 2;
	}
	for (int v = 0; v < n; v++)
		if (st[v] == 3 && fn->vars.v[v].kind == VAR_LOCAL)
			mark[v] = 1;
	free(cv);
	free(st);
}

static void
find_mentions(Plan *p)
{
	const IrFunc *fn = p->fn;
	int nv = fn->vars.n;
	p->head = arena_alloc(&p->arena, sizeof(int) * (size_t)(nv + 1));
	p->stamp = arena_alloc(&p->arena, sizeof(int) * (size_t)(nv + 1));
	for (int v = 0; v < nv; v++)
		p->head[v] = -1;
	/* counters tested for equality with a constant, or copied into a
	 * variable that is (the old value of found++ in `if (!found++)`) */
	uint8_t *counted = arena_alloc(&p->arena, (size_t)nv + 1);
	for (int b = 0; b < p->nblocks; b++) {
		const Cond *cd = &fn->blocks.v[b]->cond;
		if (fn->blocks.v[b]->term == T_BRANCH && cd->known && plain(cd->lhs) &&
		    cd->lhs.var >= 0 && (cd->op == OP_EQ || cd->op == OP_NE))
			counted[cd->lhs.var] = 1;
	}
	plan_once_counters(fn, counted);
	for (int b = 0; b < p->nblocks; b++) {
		const IrBlock *bl = fn->blocks.v[b];
		for (int i = 0; i < bl->ev.n; i++) {
			const IrEvent *e = &bl->ev.v[i];
			if (e->kind == EV_ASSIGN && plain(e->dst) && counted[e->dst.var] &&
			    e->src.kind == VAL_ACCESS && plain(e->src.acc) && e->src.acc.var >= 0)
				counted[e->src.acc.var] = 1;
		}
	}
	for (int b = 0; b < p->nblocks; b++) {
		const IrBlock *bl = fn->blocks.v[b];
		for (int i = 0; i < bl->ev.n; i++) {
			const IrEvent *e = &bl->ev.v[i];
			switch (e->kind) {
			case EV_CALL:
				/* the result goes to a fresh temporary: nothing it
				 * held is dropped by the call, so not a write */
				for (int k = 0; k < e->nargs; k++)
					read_value(p, b, e->args[k]);
				if (e->has_dst && !plain(e->dst))
					mention(p, b, e->dst.var, true, false);
				break;
			case EV_ASSIGN:
				/* x = x + 1: for a counter whose steps the flags
				 * follow (tested for equality, itself or through a
				 * copy: engine.c) x is live before it exactly when
				 * it is live after it; any other counter is written
				 * as by an unknown value (a loop's index) */
				if (e->src.kind == VAL_STEP && plain(e->dst) &&
				    e->src.acc.var == e->dst.var) {
					if (!counted[e->dst.var])
						mention(p, b, e->dst.var, false, true);
					break;
				}
				read_value(p, b, e->src);
				if (plain(e->dst))
					mention(p, b, e->dst.var, false, true);
				else
					mention(p, b, e->dst.var, true, false);
				break;
			case EV_KILL:
				mention(p, b, e->var, false, false);
				break;
			case EV_USE:
				read_value(p, b, e->src);
				break;
			}
		}
		if (bl->term == T_BRANCH && (bl->cond.known || bl->cond.vs_var))
			mention(p, b, bl->cond.lhs.var, true, false);
		if (bl->term == T_BRANCH && bl->cond.vs_var)
			mention(p, b, bl->cond.rhs_acc.var, true, false);
		if (bl->term == T_RETURN)
			read_value(p, b, bl->ret);
	}
}

/* ---- the plan ------------------------------------------------------------------ */

Plan *
plan_new(const IrFunc *fn)
{
	Plan *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena);
	p->fn = fn;
	p->nblocks = fn->blocks.n;
	p->words = (p->nblocks + 63) / 64 + 1;
	find_preds(p);
	find_cycles(p);
	find_mentions(p);
	for (int k = 0; k < 2; k++)
		p->live[k] = arena_alloc(&p->arena, sizeof(uint64_t *) * (size_t)(fn->vars.n + 1));
	p->scratch = arena_alloc(&p->arena, sizeof(uint64_t) * (size_t)p->words);
	p->stack = arena_alloc(&p->arena, sizeof(int) * (size_t)(p->nblocks + 1));
	return p;
}

void
plan_free(Plan *p)
{
	if (!p)
		return;
	arena_release(&p->arena);
	mem_free(p);
}

int
plan_preds(const Plan *p, int b, const int **preds)
{
	*preds = p->pred + p->pred_start[b];
	return p->pred_start[b + 1] - p->pred_start[b];
}

const IrFunc *
plan_func(const Plan *p)
{
	return p->fn;
}

Arena *
plan_arena(Plan *p)
{
	return &p->arena;
}

bool
plan_cyclic(const Plan *p, int b)
{
	return p->cyclic[b];
}

int
plan_scc(const Plan *p, int b)
{
	return p->scc[b];
}

int
plan_scc_blocks(const Plan *p, int b, const int **blocks)
{
	int k = p->scc[b];
	*blocks = p->scc_block + p->scc_start[k];
	return p->scc_start[k + 1] - p->scc_start[k];
}

int
plan_words(const Plan *p)
{
	return p->words;
}

static void
set_bit(uint64_t *set, int b)
{
	set[b >> 6] |= (uint64_t)1 << (b & 63);
}

static void
clear_bit(uint64_t *set, int b)
{
	set[b >> 6] &= ~((uint64_t)1 << (b & 63));
}

/* Walks back from the blocks that read var first, stopping at those that
 * define it first. */
static uint64_t *
solve(Plan *p, int var, int strength)
{
	uint64_t *in = arena_alloc(&p->arena, sizeof(uint64_t) * (size_t)p->words);
	int sp = 0;
	for (int i = p->head[var]; i >= 0; i = p->ment.v[i].next) {
		const Mention *m = &p->ment.v[i];
		uint8_t k = strength ? m->ment : m->live;
		if (k == K_DEF)
			set_bit(p->scratch, m->block);
		else if (k == K_READ && !plan_bit(in, m->block)) {
			set_bit(in, m->block);
			p->stack[sp++] = m->block;
		}
	}
	while (sp > 0) {
		int b = p->stack[--sp];
		for (int i = p->pred_start[b]; i < p->pred_start[b + 1]; i++) {
			int q = p->pred[i];
			if (plan_bit(in, q) || plan_bit(p->scratch, q))
				continue;
			set_bit(in, q);
			p->stack[sp++] = q;
		}
	}
	for (int i = p->head[var]; i >= 0; i = p->ment.v[i].next)
		clear_bit(p->scratch, p->ment.v[i].block);
	return in;
}

static bool
live_as(Plan *p, int var, int b, int strength)
{
	if (var < 0 || var >= p->fn->vars.n)
		return true;
	if (!p->live[strength][var])
		p->live[strength][var] = solve(p, var, strength);
	return plan_bit(p->live[strength][var], b);
}

bool
plan_live(Plan *p, int var, int b)
{
	return live_as(p, var, b, 0);
}

bool
plan_mentioned(Plan *p, int var, int b)
{
	return live_as(p, var, b, 1);
}

/* ---- flow: where a site's handle may go ----------------------------------- */

/* The variable a call's argument or an assignment's source names, or -1.
 * A global given to a call by value (`PQexec(gconn, ...)`, `fprintf(stderr,
 * ...)`) takes nothing from the call's other values. */
static int
value_var(const IrFunc *fn, Value v, bool call)
{
	if (v.kind != VAL_ACCESS && v.kind != VAL_ADDR && v.kind != VAL_STEP)
		return -1;
	int var = v.acc.var;
	if (var < 0 || var >= fn->vars.n)
		return -1;
	if (call && v.kind != VAL_ADDR && fn->vars.v[var].kind == VAR_GLOBAL)
		return -1;
	return var;
}

typedef struct Edge {
	int from, to;
} Edge;

typedef VEC(Edge) EdgeVec;

static int
cmp_edge(const void *a, const void *b)
{
	const Edge *x = a, *y = b;
	return x->from != y->from ? (x->from > y->from) - (x->from < y->from)
				  : (x->to > y->to) - (x->to < y->to);
}

static void
add_edge(Plan *p, EdgeVec *ev, int from, int to)
{
	if (from >= 0 && to >= 0 && from != to) {
		Edge e = {from, to};
		avec_push(&p->arena, ev, e);
	}
}

/* The edges a value may move along: x = y (y to x; and x to y when x =
 * &y: what is stored through x lands in y), a call's arguments to its
 * result and to the arguments given by address (`sqlite3_open(name,
 * &db)`, `pthread_create(&t, NULL, run, h)`). */
static void
find_flow(Plan *p)
{
	const IrFunc *fn = p->fn;
	int nv = fn->vars.n;
	EdgeVec ev = {0};
	for (int b = 0; b < p->nblocks; b++) {
		const IrBlock *bl = fn->blocks.v[b];
		for (int i = 0; i < bl->ev.n; i++) {
			const IrEvent *e = &bl->ev.v[i];
			if (e->kind == EV_ASSIGN && e->dst.var >= 0 && e->dst.var < nv) {
				int s = value_var(fn, e->src, false);
				add_edge(p, &ev, s, e->dst.var);
				if (e->src.kind == VAL_ADDR)
					add_edge(p, &ev, e->dst.var, s);
			} else if (e->kind == EV_CALL) {
				int d = e->has_dst && e->dst.var >= 0 && e->dst.var < nv ? e->dst.var : -1;
				for (int k = 0; k < e->nargs; k++) {
					int a = value_var(fn, e->args[k], true);
					add_edge(p, &ev, a, d);
					for (int j = 0; j < e->nargs && a >= 0; j++)
						if (j != k && e->args[j].kind == VAL_ADDR)
							add_edge(p, &ev, a, value_var(fn, e->args[j], true));
				}
			}
		}
	}
	if (ev.n > 1)
		qsort(ev.v, (size_t)ev.n, sizeof(Edge), cmp_edge);
	p->flow_start = arena_alloc(&p->arena, sizeof(int) * (size_t)(nv + 2));
	p->flow_to = arena_alloc(&p->arena, sizeof(int) * (size_t)(ev.n + 1));
	int n = 0;
	for (int i = 0; i < ev.n; i++) {
		if (i > 0 && ev.v[i].from == ev.v[i - 1].from && ev.v[i].to == ev.v[i - 1].to)
			continue;
		p->flow_start[ev.v[i].from + 1]++;
		p->flow_to[n++] = ev.v[i].to;
	}
	for (int v = 0; v < nv; v++)
		p->flow_start[v + 1] += p->flow_start[v];
	p->flow_seen = arena_alloc(&p->arena, sizeof(int) * (size_t)(nv + 1));
	p->flow_stack = arena_alloc(&p->arena, sizeof(int) * (size_t)(nv + 1));
}

bool
plan_copies(Plan *p, int from, int to)
{
	if (from < 0 || from >= p->fn->vars.n)
		return false;
	if (!p->flow_start)
		find_flow(p);
	for (int i = p->flow_start[from]; i < p->flow_start[from + 1]; i++)
		if (p->flow_to[i] == to)
			return true;
	return false;
}

/* The blocks that mention var, or end the function, or make a call: each
 * a set kept until plan_free(). */
static uint64_t *
new_set(Plan *p)
{
	return arena_alloc(&p->arena, sizeof(uint64_t) * (size_t)p->words);
}

static void
add_var(Plan *p, int var, uint64_t *set)
{
	for (int i = p->head[var]; i >= 0; i = p->ment.v[i].next)
		set_bit(set, p->ment.v[i].block);
}

const uint64_t *
plan_var_blocks(Plan *p, int var)
{
	if (var < 0 || var >= p->fn->vars.n)
		return NULL;
	if (!p->var_blocks)
		p->var_blocks = arena_alloc(&p->arena, sizeof(uint64_t *) * (size_t)(p->fn->vars.n + 1));
	if (!p->var_blocks[var]) {
		p->var_blocks[var] = new_set(p);
		add_var(p, var, p->var_blocks[var]);
	}
	return p->var_blocks[var];
}

bool
plan_flow(Plan *p, const int *seeds, int n, uint64_t *set)
{
	int nv = p->fn->vars.n, sp = 0;
	bool global = false;
	if (!p->flow_start)
		find_flow(p);
	if (++p->flow_gen == 0) {
		memset(p->flow_seen, 0, sizeof(int) * (size_t)nv);
		p->flow_gen = 1;
	}
	for (int i = 0; i < n; i++)
		if (seeds[i] >= 0 && seeds[i] < nv && p->flow_seen[seeds[i]] != p->flow_gen) {
			p->flow_seen[seeds[i]] = p->flow_gen;
			p->flow_stack[sp++] = seeds[i];
		}
	while (sp > 0) {
		int v = p->flow_stack[--sp];
		const uint64_t *vb = plan_var_blocks(p, v);
		for (int j = 0; j < p->words; j++)
			set[j] |= vb[j];
		global |= p->fn->vars.v[v].kind == VAR_GLOBAL;
		for (int i = p->flow_start[v]; i < p->flow_start[v + 1]; i++) {
			int w = p->flow_to[i];
			if (p->flow_seen[w] != p->flow_gen) {
				p->flow_seen[w] = p->flow_gen;
				p->flow_stack[sp++] = w;
			}
		}
	}
	return global;
}

const uint64_t *
plan_ends(Plan *p, bool calls)
{
	if (!p->ends[calls]) {
		uint64_t *set = p->ends[calls] = new_set(p);
		for (int b = 0; b < p->nblocks; b++) {
			const IrBlock *bl = p->fn->blocks.v[b];
			int s[2];
			bool mark = ir_succs(bl, s) == 0;
			for (int k = 0; k < bl->ev.n && calls && !mark; k++)
				mark = bl->ev.v[k].kind == EV_CALL;
			if (mark)
				set_bit(set, b);
		}
	}
	return p->ends[calls];
}

/* ---- post-dominators and regions ------------------------------------------- */

/* Cooper, Harvey and Kennedy's "A Simple, Fast Dominance Algorithm" on the
 * reversed graph, with a node after every block that ends the function.
 * Blocks from which no path ends it (an endless loop) get none. */
static void
find_postdoms(Plan *p)
{
	const IrFunc *fn = p->fn;
	int n = p->nblocks, x = n;
	int *num = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int *order = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int *edge = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int *stack = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int *exits = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	int nexit = 0, count = 0, sp = 0;
	for (int b = 0; b < n; b++) {
		int s[2];
		if (ir_succs(fn->blocks.v[b], s) == 0)
			exits[nexit++] = b;
	}
	for (int b = 0; b <= n; b++)
		num[b] = -1;
	/* depth first from x along predecessors, numbering in post-order */
	num[x] = -2;
	edge[x] = 0;
	stack[sp++] = x;
	while (sp > 0) {
		int v = stack[sp - 1];
		int w = -1;
		if (v == x) {
			if (edge[v] < nexit)
				w = exits[edge[v]++];
		} else if (edge[v] < p->pred_start[v + 1] - p->pred_start[v]) {
			w = p->pred[p->pred_start[v] + edge[v]++];
		}
		if (w < 0) {
			num[v] = count;
			order[count++] = v;
			sp--;
		} else if (num[w] == -1) {
			num[w] = -2;
			edge[w] = 0;
			stack[sp++] = w;
		}
	}
	int *dom = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
	for (int b = 0; b <= n; b++)
		dom[b] = -1;
	dom[x] = x;
	for (bool changed = true; changed;) {
		changed = false;
		for (int i = count - 2; i >= 0; i--) {
			int b = order[i], s[2], k = ir_succs(fn->blocks.v[b], s);
			int nd = -1;
			if (k == 0)
				nd = x;
			for (int j = 0; j < k; j++) {
				int a = s[j];
				if (dom[a] < 0)
					continue;
				if (nd < 0) {
					nd = a;
					continue;
				}
				while (a != nd) {
					while (num[a] < num[nd])
						a = dom[a];
					while (num[nd] < num[a])
						nd = dom[nd];
				}
			}
			if (nd != dom[b]) {
				dom[b] = nd;
				changed = true;
			}
		}
	}
	for (int b = 0; b < n; b++)
		if (dom[b] == x)
			dom[b] = -1;
	p->ipdom = dom;
	p->seen = arena_alloc(&p->arena, sizeof(int) * (size_t)(n + 1));
}

int
plan_ipdom(Plan *p, int b)
{
	if (!p->ipdom)
		find_postdoms(p);
	return p->ipdom[b];
}

/* Walks b's region: the blocks a path from b's successors reaches before
 * b's immediate post-dominator, where b's two edges meet again, each
 * added to mark (when not NULL), until one is in meet (when not NULL).
 * REGION_ENDS when the edges meet only where the function ends (b decides
 * everything after it), REGION_BUDGET when the walk would pass *budget
 * blocks. */
enum { REGION_DONE, REGION_MET, REGION_ENDS, REGION_BUDGET };

static int
walk_region(Plan *p, int b, uint64_t *mark, const uint64_t *meet, long *budget)
{
	const IrFunc *fn = p->fn;
	int stop = plan_ipdom(p, b), sp = 0;
	if (stop < 0)
		return REGION_ENDS;
	if (++p->gen == 0) {
		memset(p->seen, 0, sizeof(int) * (size_t)p->nblocks);
		p->gen = 1;
	}
	int s[2], k = ir_succs(fn->blocks.v[b], s);
	for (int j = 0; j < k; j++)
		if (s[j] != stop && p->seen[s[j]] != p->gen) {
			p->seen[s[j]] = p->gen;
			p->stack[sp++] = s[j];
		}
	while (sp > 0) {
		int v = p->stack[--sp];
		if (--*budget < 0)
			return REGION_BUDGET;
		if (meet && plan_bit(meet, v))
			return REGION_MET;
		if (mark)
			set_bit(mark, v);
		k = ir_succs(fn->blocks.v[v], s);
		for (int j = 0; j < k; j++)
			if (s[j] != stop && p->seen[s[j]] != p->gen) {
				p->seen[s[j]] = p->gen;
				p->stack[sp++] = s[j];
			}
	}
	return REGION_DONE;
}

/* Adds b's region to set; false when b decides everything after it or
 * the walk would pass *budget blocks. */
static bool
add_region(Plan *p, int b, uint64_t *set, long *budget)
{
	return walk_region(p, b, set, NULL, budget) == REGION_DONE;
}

bool
plan_branch_meets(Plan *p, int b, const uint64_t *set, long *budget)
{
	return walk_region(p, b, NULL, set, budget) != REGION_DONE;
}

static bool
tests_var(const IrBlock *bl, int var)
{
	const Cond *cd = &bl->cond;
	return bl->term == T_BRANCH &&
	       (((cd->known || cd->vs_var) && cd->lhs.var == var) ||
		(cd->vs_var && cd->rhs_acc.var == var));
}

/* What block b's events leave of "var may be known" (known on entry). */
static bool
known_after(Plan *p, int b, int var, bool known, const uint64_t *flags)
{
	const IrBlock *bl = p->fn->blocks.v[b];
	for (int i = 0; i < bl->ev.n; i++) {
		const IrEvent *e = &bl->ev.v[i];
		switch (e->kind) {
		case EV_ASSIGN:
			if (e->dst.var != var || !plain(e->dst))
				break;
			if (e->src.kind == VAL_STEP && e->src.acc.var == var)
				break;          /* a counter's step keeps what it knew */
			known = e->src.kind == VAL_INT || e->src.kind == VAL_STR ||
				e->src.kind == VAL_ADDR || e->src.kind == VAL_FUNC ||
				(e->src.kind == VAL_ACCESS && plain(e->src.acc) &&
				 e->src.acc.var >= 0 && plan_bit(flags, e->src.acc.var));
			break;
		case EV_CALL:
			if (e->has_dst && e->dst.var == var && plain(e->dst))
				known = true;   /* a result whose range is known */
			/* a pointer given by address is filled (engine.c,
			 * forget_written()) */
			for (int k = 0; k < e->nargs; k++)
				if (e->args[k].kind == VAL_ADDR && e->args[k].acc.var == var &&
				    plain(e->args[k].acc) && p->fn->vars.v[var].is_pointer &&
				    !(k < 64 && (e->borrowed >> k & 1)))
					known = false;
			break;
		case EV_KILL:
			if (e->var == var)
				known = false;
			break;
		default:
			break;
		}
	}
	return known;
}

const uint64_t *
plan_informed(Plan *p, int var, const uint64_t *flags)
{
	if (var < 0 || var >= p->fn->vars.n)
		return NULL;
	if (!p->informed)
		p->informed = arena_alloc(&p->arena, sizeof(uint64_t *) * (size_t)(p->fn->vars.n + 1));
	if (p->informed[var])
		return p->informed[var];
	uint64_t *in = new_set(p), *tests = new_set(p);
	const uint64_t *ment = plan_var_blocks(p, var);
	int sp = 0;
	uint64_t *queued = p->scratch;
	for (int i = p->head[var]; i >= 0; i = p->ment.v[i].next) {
		int b = p->ment.v[i].block;
		if (!plan_bit(queued, b)) {
			set_bit(queued, b);
			p->stack[sp++] = b;
		}
	}
	while (sp > 0) {
		int b = p->stack[--sp];
		clear_bit(queued, b);
		const IrBlock *bl = p->fn->blocks.v[b];
		bool known = plan_bit(in, b);
		if (plan_bit(ment, b)) {
			known = known_after(p, b, var, known, flags);
			if (tests_var(bl, var)) {
				if (known || bl->cond.vs_var)
					set_bit(tests, b);
				known = true;   /* each edge learns something */
			}
		}
		if (!known)
			continue;
		int s[2], k = ir_succs(bl, s);
		for (int j = 0; j < k; j++)
			if (!plan_bit(in, s[j])) {
				set_bit(in, s[j]);
				if (!plan_bit(queued, s[j])) {
					set_bit(queued, s[j]);
					p->stack[sp++] = s[j];
				}
			}
	}
	return p->informed[var] = tests;
}

/* What the tests of var (those of tests, or all) decide: the union of
 * their regions, or NULL when one decides everything after it.  Kept per
 * variable, for all its tests and for its informed ones (each variable has
 * one set of those). */
static const uint64_t *
decides(Plan *p, int var, const uint64_t *tests)
{
	int which = tests != NULL;
	if (!p->decided[which]) {
		p->decided[which] = arena_alloc(&p->arena, (size_t)p->fn->vars.n + 1);
		p->decides[which] = arena_alloc(&p->arena, sizeof(uint64_t *) * (size_t)(p->fn->vars.n + 1));
	}
	if (p->decided[which][var])
		return p->decides[which][var];
	uint64_t *set = new_set(p);
	/* a variable tested at thousands of nested branches would make this
	 * quadratic: past a budget of visits it decides everything */
	long budget = 64L * p->nblocks + 4096;
	bool some = true;
	for (int i = p->head[var]; i >= 0 && some; i = p->ment.v[i].next) {
		int b = p->ment.v[i].block;
		if (tests_var(p->fn->blocks.v[b], var) && (!tests || plan_bit(tests, b)))
			some = add_region(p, b, set, &budget);
	}
	p->decided[which][var] = 1;
	return p->decides[which][var] = some ? set : NULL;
}

bool
plan_tests_meet(Plan *p, int var, const uint64_t *tests, const uint64_t *set)
{
	if (var < 0 || var >= p->fn->vars.n)
		return true;
	const uint64_t *d = decides(p, var, tests);
	if (!d)
		return true;
	for (int j = 0; j < p->words; j++)
		if (d[j] & set[j])
			return true;
	return false;
}

void
plan_reaching(const Plan *p, int to, uint64_t *out)
{
	memset(out, 0, sizeof(uint64_t) * (size_t)p->words);
	int *stack = p->stack, sp = 0;
	stack[sp++] = to;
	while (sp > 0) {
		int b = stack[--sp];
		for (int i = p->pred_start[b]; i < p->pred_start[b + 1]; i++) {
			int q = p->pred[i];
			if (plan_bit(out, q))
				continue;
			set_bit(out, q);
			stack[sp++] = q;
		}
	}
}
