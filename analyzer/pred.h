/* SPDX-License-Identifier: MIT */
/*
 * pred: integer predicates "x <op> value", shared by the rule packs (which
 * return values mean "nothing acquired"), the IR (branch conditions) and the
 * engine (does this branch imply the acquisition failed?).
 */
#ifndef CLOSECHECK_PRED_H
#define CLOSECHECK_PRED_H

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

#endif
