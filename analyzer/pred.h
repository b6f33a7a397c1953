/* SPDX-License-Identifier: MIT */
/*
 * pred: integer predicates "x <op> value", shared by the rule packs (which
 * return values mean "nothing acquired"), the IR (branch conditions) and the
 * engine (does this branch imply the acquisition failed?).
 */
#ifndef CLOSECHECK_PRED_H
#define CLOSECHECK_PRED_H

#include <limits.h>
#include <stdbool.h>

typedef enum CmpOp { OP_NONE, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } CmpOp;

typedef struct Pred {
	CmpOp op;          /* OP_NONE: no predicate */
	long long value;
} Pred;

/* "== 0", "!= -1", "<0", ">= 0", "== NULL": 0 on success, -1 if malformed. */
int pred_parse(const char *text, Pred *out);
const char *cmp_op_str(CmpOp op);
CmpOp cmp_negate(CmpOp op);
CmpOp cmp_swap(CmpOp op);            /* a op b  ==  b swap(op) a */
bool pred_holds(Pred p, long long x);

/* What knowing "x <test.op> test.value" says about "x <p.op> p.value":
 * PRED_TRUE (implies it), PRED_FALSE (excludes it), PRED_UNKNOWN. */
typedef enum { PRED_UNKNOWN, PRED_TRUE, PRED_FALSE } PredImpl;
PredImpl pred_implies(Pred test, Pred p);

/* The values an integer may hold: lo..hi (lo > hi: none), and not 0 when
 * nz (a pointer known to point somewhere).  What the flags and the
 * returns of a function know (retrange.c). */
typedef struct Range {
	long long lo, hi;
	bool nz;
} Range;

#define RANGE_ANY ((Range){LLONG_MIN, LLONG_MAX, false})
#define RANGE_NONE ((Range){1, 0, false})

bool range_empty(Range r);
Range range_normal(Range r);
Range range_join(Range a, Range b);
Range range_meet(Range r, CmpOp op, long long v);   /* where "x op v" holds */
Range range_shift(Range r, long long k);            /* x + k */
Range range_of(Pred p);
/* The one predicate that says most of r (a two-sided interval keeps its
 * side away from 0: [0, 1] is ">= 0"); OP_NONE when nothing. */
Pred range_pred(Range r);
/* One predicate exactly as strong as "known and test" (known "<= 0" and
 * test "!= 0": "<= -1"), or OP_NONE when there is none. */
Pred pred_and(Pred known, Pred test);

#endif
