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
 *     lets the walk stop there;
 *   - where values go, where a branch's edges meet again (post-dominators)
 *     and which tests of a variable may find it known: a flag none of
 *     whose such tests decides a block that touches the site's handle only
 *     splits the walk into paths that do the same to it (engine.c,
 *     site_flag_use()).
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
/* The counters of fn a loop test lets through once at most (plan.c):
 * mark[v] = 1. */
void plan_once_counters(const IrFunc *fn, uint8_t *mark);
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

/* Where a value may go: from y to x at `x = y` (and to y at `x = &y`,
 * what is stored through x landing in y), from a call's arguments to its
 * result and to the arguments it is given by address (`sqlite3_open(name,
 * &db)`).  A global given to a call by value takes nothing from it.
 * plan_flow() adds to set (plan_words() words) the blocks that mention a
 * variable the seeds' values may reach, themselves included, and says
 * whether one of those is a global; plan_copies() whether `to` takes
 * `from`'s value in one step. */
bool plan_flow(Plan *p, const int *seeds, int n, uint64_t *set);
bool plan_copies(Plan *p, int from, int to);

/* The blocks (plan_words() words) that mention var (any event, a branch
 * on it, a return of it); NULL for none.  And the blocks that end the
 * function (a return, exit(), a longjmp), with calls those that make a
 * call too.  Each is computed once. */
const uint64_t *plan_var_blocks(Plan *p, int var);
const uint64_t *plan_ends(Plan *p, bool calls);

/* Block b's immediate post-dominator: the first block every path from b
 * to the function's end passes; -1 when that is the end itself (or no
 * path from b ends). */
int plan_ipdom(Plan *p, int b);

/* The tests of var that may find its value known (plan_words() words):
 * those some path reaches from a constant stored into it, from a copy of
 * a variable of flags (a set over the function's variables), from a
 * call's result or from another test of it, with nothing in between that
 * writes it otherwise (`h = open(...); if (h < 0) goto out;` knows
 * nothing; `out: if (h >= 0) close(h);` does).  Computed once per
 * variable: flags must be the same set for every call on one plan. */
const uint64_t *plan_informed(Plan *p, int var, const uint64_t *flags);

/* Does a branch on var decide whether a block of set runs: is there a
 * branch testing var (one of tests, or any when tests is NULL) from whose
 * edges a block of set is reached before the edges meet again (its
 * immediate post-dominator)?  A branch whose edges meet only at the
 * function's end decides everything after it, and so do tests whose
 * regions together pass 64 visits per block of the function.  What the
 * tests of a variable decide is computed once per variable. */
bool plan_tests_meet(Plan *p, int var, const uint64_t *tests, const uint64_t *set);

/* Does the branch at block b decide whether a block of set runs: does a
 * path from b's edges reach a block of set before they meet again, or do
 * they meet only at the function's end?  (b itself counts only when a
 * path comes back to it.)  Also true when the walk would pass *budget
 * blocks (each block walked takes one off). */
bool plan_branch_meets(Plan *p, int b, const uint64_t *set, long *budget);

/* The arena the engine keeps a prefix's states in. */
Arena *plan_arena(Plan *p);

#endif
