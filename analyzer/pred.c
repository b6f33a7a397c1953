/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "pred.h"

static const char *const op_text[] = {
	[OP_NONE] = "", [OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<",
	[OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
};

const char *
cmp_op_str(CmpOp op)
{
	return op_text[op];
}

CmpOp
cmp_negate(CmpOp op)
{
	switch (op) {
	case OP_EQ: return OP_NE;
	case OP_NE: return OP_EQ;
	case OP_LT: return OP_GE;
	case OP_LE: return OP_GT;
	case OP_GT: return OP_LE;
	case OP_GE: return OP_LT;
	default: return OP_NONE;
	}
}

CmpOp
cmp_swap(CmpOp op)
{
	switch (op) {
	case OP_LT: return OP_GT;
	case OP_LE: return OP_GE;
	case OP_GT: return OP_LT;
	case OP_GE: return OP_LE;
	default: return op;
	}
}

int
pred_parse(const char *s, Pred *out)
{
	static const struct { const char *text; CmpOp op; } ops[] = {
		{"==", OP_EQ}, {"!=", OP_NE}, {"<=", OP_LE}, {">=", OP_GE},
		{"<", OP_LT}, {">", OP_GT},
	};
	while (isspace((unsigned char)*s))
		s++;
	CmpOp op = OP_NONE;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);
		if (strncmp(s, ops[i].text, n) == 0) {
			op = ops[i].op;
			s += n;
			break;
		}
	}
	if (op == OP_NONE)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	long long v;
	if (strcmp(s, "NULL") == 0 || strcmp(s, "null") == 0) {
		v = 0;
	} else {
		char *end;
		errno = 0;
		v = strtoll(s, &end, 0);
		if (end == s || errno)
			return -1;
		while (isspace((unsigned char)*end))
			end++;
		if (*end)
			return -1;
	}
	out->op = op;
	out->value = v;
	return 0;
}

bool
pred_holds(Pred p, long long x)
{
	switch (p.op) {
	case OP_EQ: return x == p.value;
	case OP_NE: return x != p.value;
	case OP_LT: return x < p.value;
	case OP_LE: return x <= p.value;
	case OP_GT: return x > p.value;
	case OP_GE: return x >= p.value;
	default: return true;
	}
}

/* A predicate as a closed interval [lo, hi], or the complement of a point. */
typedef struct { long long lo, hi; bool punctured; } Set;

static Set
to_set(Pred p)
{
	const long long MIN = -0x7fffffffffffffffLL - 1, MAX = 0x7fffffffffffffffLL;
	switch (p.op) {
	case OP_EQ: return (Set){p.value, p.value, false};
	case OP_NE: return (Set){p.value, p.value, true};
	case OP_LT: return (Set){MIN, p.value == MIN ? MIN : p.value - 1, false};
	case OP_LE: return (Set){MIN, p.value, false};
	case OP_GT: return (Set){p.value == MAX ? MAX : p.value + 1, MAX, false};
	case OP_GE: return (Set){p.value, MAX, false};
	default: return (Set){MIN, MAX, false};
	}
}

static bool
subset(Set a, Set b)
{
	if (!a.punctured && !b.punctured)
		return a.lo >= b.lo && a.hi <= b.hi;
	if (!a.punctured && b.punctured)     /* a avoids the point b.lo */
		return b.lo < a.lo || b.lo > a.hi;
	if (a.punctured && b.punctured)
		return a.lo == b.lo;
	return false;                        /* a is nearly everything */
}

static bool
disjoint(Set a, Set b)
{
	if (!a.punctured && !b.punctured)
		return a.hi < b.lo || b.hi < a.lo;
	if (a.punctured && !b.punctured)
		return b.lo == b.hi && b.lo == a.lo;
	if (!a.punctured && b.punctured)
		return a.lo == a.hi && a.lo == b.lo;
	return false;
}

PredImpl
pred_implies(Pred test, Pred p)
{
	if (test.op == OP_NONE || p.op == OP_NONE)
		return PRED_UNKNOWN;
	Set t = to_set(test), s = to_set(p);
	if (subset(t, s))
		return PRED_TRUE;
	if (disjoint(t, s))
		return PRED_FALSE;
	return PRED_UNKNOWN;
}
