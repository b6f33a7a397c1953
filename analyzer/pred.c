/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
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

/* ---- ranges ---------------------------------------------------------------- */

bool
range_empty(Range r)
{
	return r.lo > r.hi;
}

Range
range_normal(Range r)
{
	if (r.nz && r.lo == 0)
		r.lo = 1;
	if (r.nz && r.hi == 0)
		r.hi = -1;
	if (r.lo > r.hi)
		return RANGE_NONE;
	if (r.lo > 0 || r.hi < 0)
		r.nz = true;
	return r;
}

Range
range_join(Range a, Range b)
{
	if (range_empty(a))
		return b;
	if (range_empty(b))
		return a;
	return (Range){a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi, a.nz && b.nz};
}

Range
range_meet(Range r, CmpOp op, long long v)
{
	switch (op) {
	case OP_EQ:
		if (v == 0 && r.nz)
			return RANGE_NONE;
		r.lo = r.lo > v ? r.lo : v;
		r.hi = r.hi < v ? r.hi : v;
		break;
	case OP_NE:
		if (r.lo == v && r.lo < LLONG_MAX)
			r.lo++;
		if (r.hi == v && r.hi > LLONG_MIN)
			r.hi--;
		if (v == 0)
			r.nz = true;
		break;
	case OP_LT:
		if (v == LLONG_MIN)
			return RANGE_NONE;
		v--;
		/* fall through */
	case OP_LE:
		r.hi = r.hi < v ? r.hi : v;
		break;
	case OP_GT:
		if (v == LLONG_MAX)
			return RANGE_NONE;
		v++;
		/* fall through */
	case OP_GE:
		r.lo = r.lo > v ? r.lo : v;
		break;
	case OP_NONE:
		break;
	}
	return range_normal(r);
}

Range
range_shift(Range r, long long k)
{
	if (k > 0) {
		r.lo = r.lo == LLONG_MIN ? r.lo : r.lo > LLONG_MAX - k ? LLONG_MAX : r.lo + k;
		r.hi = r.hi > LLONG_MAX - k ? LLONG_MAX : r.hi + k;
	} else if (k < 0) {
		r.hi = r.hi == LLONG_MAX ? r.hi : r.hi < LLONG_MIN - k ? LLONG_MIN : r.hi + k;
		r.lo = r.lo < LLONG_MIN - k ? LLONG_MIN : r.lo + k;
	}
	r.nz = false;
	return range_normal(r);
}

Range
range_of(Pred p)
{
	return p.op == OP_NONE ? RANGE_ANY : range_meet(RANGE_ANY, p.op, p.value);
}

Pred
range_pred(Range r)
{
	r = range_normal(r);
	if (range_empty(r))
		return (Pred){OP_NONE, 0};
	if (r.lo == r.hi)
		return (Pred){OP_EQ, r.lo};
	bool lo = r.lo != LLONG_MIN, hi = r.hi != LLONG_MAX;
	if (lo && (!hi || r.lo >= 0))
		return (Pred){OP_GE, r.lo};
	if (hi && (!lo || r.hi <= 0))
		return (Pred){OP_LE, r.hi};
	if (r.nz)
		return (Pred){OP_NE, 0};
	return (Pred){OP_NONE, 0};
}

Pred
pred_and(Pred known, Pred test)
{
	if (known.op == OP_NONE)
		return test;
	Pred both = range_pred(range_meet(range_of(known), test.op, test.value));
	if (both.op != OP_NONE && pred_implies(both, known) == PRED_TRUE &&
	    pred_implies(both, test) == PRED_TRUE)
		return both;
	return (Pred){OP_NONE, 0};
}
