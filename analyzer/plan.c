/* SPDX-License-Identifier: MIT */
/*
 * plan: cycles, predecessors and liveness of one function (plan.h).
 *
 * Liveness comes in two strengths, because a plain write `v = x` drops only
 * some of the places rooted at v that a state may follow: v itself and v.f
 * go, but *v and v->f stay (they name the memory v pointed to).  So each
 * variable has two bitsets over blocks, each computed when first asked:
 * live, where a plain write ends the value, and mentioned, where only the
 * variable's death (EV_KILL) does.  Both are the usual backward problem,
 * solved by walking back from the blocks that read the variable first.
 */
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
