/* SPDX-License-Identifier: MIT */
/*
 * plan: what every site of one function shares, found once per function.
 *
 * The engine walks a function once per site.  Two facts let each walk stay
 * short without changing what it finds:
 *
 *   - the graph's strongly connected components (its loops, whatever
 *     made them): a path that leaves a component never comes back, so the
 *     paths that reach a site are the function's paths before any site ran
 *     (the prefix, below) up to where they enter the site's component, and
 *     no block after that component leads back to the site;
 *   - where each variable is live (read again before it is written, on
 *     some path): a state whose every variable is dead can match no later
 *     event, so a protocol that says such a state has nothing left to report
 *     lets the walk stop there.
 *
 * The prefix of a protocol is the set of states in which the paths that
 * have met none of its sites enter each component: one walk from the
 * entry with a site that matches no call.  It is only valid for protocols whose
 * transfer functions do not look at the site while nothing is acquired
 * (Protocol.shared_prefix).
 *
 * Ownership: a Plan owns an Arena; everything it hands out lives until
 * plan_free().  Liveness is computed per variable, when first asked.
 */
#ifndef CLOSECHECK_PLAN_H
#define CLOSECHECK_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "ir.h"

typedef struct Plan Plan;

Plan *plan_new(const IrFunc *fn);
void plan_free(Plan *p);
const IrFunc *plan_func(const Plan *p);
/* Block b's predecessors: how many, and *preds set to them. */
int plan_preds(const Plan *p, int b, const int **preds);

/* Block b lies on a cycle of the function's graph (a loop, a backward goto). */
bool plan_cyclic(const Plan *p, int b);

/* The strongly connected component of block b (b alone when it is on no
 * cycle): its number, and its blocks in increasing order.  A path that
 * leaves a component never comes back to it. */
int plan_scc(const Plan *p, int b);
int plan_scc_blocks(const Plan *p, int b, const int **blocks);

/* Is var read at or after the entry of block b, on some path, before it is
 * written?  Any mention that is not a plain write counts as a read (a call
 * argument, &var, var.f = x, a branch on it, a return of it). */
bool plan_live(Plan *p, int var, int b);

/* The same, but only the variable's death ends it, not a plain write: for
 * places through it (*var, var->f), which `var = x` does not drop. */
bool plan_mentioned(Plan *p, int var, int b);

/* Fills out (plan_words(p) words) with the blocks from which block `to`
 * can be reached; `to` itself only when it lies on a cycle. */
int plan_words(const Plan *p);
void plan_reaching(const Plan *p, int to, uint64_t *out);

static inline bool
plan_bit(const uint64_t *set, int b)
{
	return set[b >> 6] >> (b & 63) & 1;
}

/* The arena the engine keeps a prefix's states in. */
Arena *plan_arena(Plan *p);

#endif
