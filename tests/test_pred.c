/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of pred.c: parsing "op value" predicates, evaluating them, and
 * what one predicate says about another.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "pred.h"

static Pred
P(const char *text)
{
	Pred p = {OP_NONE, 0};
	if (pred_parse(text, &p) != 0)
		fail_msg("pred_parse(\"%s\") failed", text);
	return p;
}

/* ---- pred_parse ------------------------------------------------------- */

static void
test_parse_valid(void **state)
{
	static const struct {
		const char *text;
		CmpOp op;
		long long value;
	} cases[] = {
		{"== 0", OP_EQ, 0},
		{"!= -1", OP_NE, -1},
		{"<0", OP_LT, 0},
		{">= 0", OP_GE, 0},
		{"<= 5", OP_LE, 5},
		{"> 1", OP_GT, 1},
		{"== NULL", OP_EQ, 0},
		{"!= null", OP_NE, 0},
		{"   ==   7   ", OP_EQ, 7},
		{"\t< -100\n", OP_LT, -100},
		{"== 0x10", OP_EQ, 16},
		{">=-3", OP_GE, -3},
		{"== 9223372036854775807", OP_EQ, LLONG_MAX},
		{"== -9223372036854775808", OP_EQ, LLONG_MIN},
		{"== +4", OP_EQ, 4},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		Pred p = {OP_NONE, 12345};
		int rc = pred_parse(cases[i].text, &p);
		if (rc != 0)
			fail_msg("'%s' should parse", cases[i].text);
		assert_int_equal(p.op, cases[i].op);
		assert_true(p.value == cases[i].value);
	}
}

static void
test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"", "   ", "0", "==", "== ", "= 0", "=> 0", "=< 0", "== x",
		"== 1 2", "< 1abc", "== NULLX", "!0", "! 0", "<> 0", "===0",
		"== 99999999999999999999", "== -99999999999999999999", "0 ==",
		"== 1.5", "NULL", "== --1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		Pred p = {OP_NONE, 0};
		if (pred_parse(bad[i], &p) != -1)
			fail_msg("'%s' should be rejected", bad[i]);
	}
}

static void
test_op_str(void **state)
{
	assert_string_equal(cmp_op_str(OP_EQ), "==");
	assert_string_equal(cmp_op_str(OP_NE), "!=");
	assert_string_equal(cmp_op_str(OP_LT), "<");
	assert_string_equal(cmp_op_str(OP_LE), "<=");
	assert_string_equal(cmp_op_str(OP_GT), ">");
	assert_string_equal(cmp_op_str(OP_GE), ">=");
	assert_string_equal(cmp_op_str(OP_NONE), "");
	/* The text of every operator parses back to that operator. */
	for (CmpOp op = OP_EQ; op <= OP_GE; op++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%s 3", cmp_op_str(op));
		Pred p = P(buf);
		assert_int_equal(p.op, op);
		assert_true(p.value == 3);
	}
}

/* ---- pred_holds -------------------------------------------------------- */

static void
test_holds(void **state)
{
	assert_true(pred_holds(P("== 0"), 0));
	assert_false(pred_holds(P("== 0"), 1));
	assert_true(pred_holds(P("!= 0"), -1));
	assert_false(pred_holds(P("!= 0"), 0));
	assert_true(pred_holds(P("< 0"), -1));
	assert_false(pred_holds(P("< 0"), 0));
	assert_true(pred_holds(P("<= 0"), 0));
	assert_false(pred_holds(P("<= 0"), 1));
	assert_true(pred_holds(P("> 0"), 1));
	assert_false(pred_holds(P("> 0"), 0));
	assert_true(pred_holds(P(">= 0"), 0));
	assert_false(pred_holds(P(">= 0"), -1));
	assert_true(pred_holds(P("< 0"), LLONG_MIN));
	assert_true(pred_holds(P("> 0"), LLONG_MAX));
	/* No predicate: holds for everything. */
	Pred none = {OP_NONE, 0};
	assert_true(pred_holds(none, 0));
	assert_true(pred_holds(none, -5));
	assert_true(pred_holds(none, LLONG_MAX));
}

/* ---- cmp_negate / cmp_swap --------------------------------------------- */

static void
test_negate(void **state)
{
	assert_int_equal(cmp_negate(OP_EQ), OP_NE);
	assert_int_equal(cmp_negate(OP_NE), OP_EQ);
	assert_int_equal(cmp_negate(OP_LT), OP_GE);
	assert_int_equal(cmp_negate(OP_GE), OP_LT);
	assert_int_equal(cmp_negate(OP_LE), OP_GT);
	assert_int_equal(cmp_negate(OP_GT), OP_LE);
	assert_int_equal(cmp_negate(OP_NONE), OP_NONE);
	for (CmpOp op = OP_EQ; op <= OP_GE; op++) {
		assert_int_equal(cmp_negate(cmp_negate(op)), op);
		for (long long v = -3; v <= 3; v++)
			for (long long x = -5; x <= 5; x++)
				assert_true(pred_holds((Pred){cmp_negate(op), v}, x) ==
					    !pred_holds((Pred){op, v}, x));
	}
}

static void
test_swap(void **state)
{
	assert_int_equal(cmp_swap(OP_LT), OP_GT);
	assert_int_equal(cmp_swap(OP_GT), OP_LT);
	assert_int_equal(cmp_swap(OP_LE), OP_GE);
	assert_int_equal(cmp_swap(OP_GE), OP_LE);
	assert_int_equal(cmp_swap(OP_EQ), OP_EQ);
	assert_int_equal(cmp_swap(OP_NE), OP_NE);
	assert_int_equal(cmp_swap(OP_NONE), OP_NONE);
	/* a op b  ==  b swap(op) a */
	for (CmpOp op = OP_EQ; op <= OP_GE; op++) {
		assert_int_equal(cmp_swap(cmp_swap(op)), op);
		for (long long a = -3; a <= 3; a++)
			for (long long b = -3; b <= 3; b++)
				assert_true(pred_holds((Pred){op, b}, a) ==
					    pred_holds((Pred){cmp_swap(op), a}, b));
	}
}

/* ---- pred_implies ------------------------------------------------------- */

static const char *
impl_name(PredImpl r)
{
	return r == PRED_TRUE ? "TRUE" : r == PRED_FALSE ? "FALSE" : "UNKNOWN";
}

static void
check_impl(const char *test, const char *p, PredImpl want)
{
	PredImpl got = pred_implies(P(test), P(p));
	if (got != want)
		fail_msg("pred_implies(\"%s\", \"%s\") = %s, want %s", test, p,
			 impl_name(got), impl_name(want));
}

static void
test_implies_table(void **state)
{
	check_impl("== 0", "== 0", PRED_TRUE);
	check_impl("!= 0", "== 0", PRED_FALSE);
	check_impl("== 0", "!= 0", PRED_FALSE);
	check_impl("!= 0", "!= 0", PRED_TRUE);
	check_impl("< 0", "== -1", PRED_UNKNOWN);
	check_impl("== -1", "< 0", PRED_TRUE);
	check_impl(">= 0", "< 0", PRED_FALSE);
	check_impl("< 0", ">= 0", PRED_FALSE);
	check_impl("< 0", "!= 0", PRED_TRUE);
	check_impl("!= 0", "< 0", PRED_UNKNOWN);
	check_impl("== 5", "!= 0", PRED_TRUE);
	check_impl("!= 5", "!= 0", PRED_UNKNOWN);
	check_impl("!= 3", "== 3", PRED_FALSE);
	check_impl("> 0", ">= 0", PRED_TRUE);
	check_impl(">= 0", "> 0", PRED_UNKNOWN);
	check_impl("<= -1", "< 0", PRED_TRUE);   /* integers */
	check_impl("> -1", ">= 0", PRED_TRUE);
	check_impl("> 0", "<= 0", PRED_FALSE);
	check_impl("<= 0", ">= 0", PRED_UNKNOWN);
	check_impl("== 0", "<= 0", PRED_TRUE);
	check_impl("== 0", "< 0", PRED_FALSE);
	check_impl(">= 1", "!= 0", PRED_TRUE);
	check_impl("== -1", "== NULL", PRED_FALSE);
	check_impl("== 0", "== NULL", PRED_TRUE);
	/* extremes do not overflow */
	check_impl(">= -9223372036854775808", "<= 9223372036854775807", PRED_TRUE);
	check_impl("> 9223372036854775806", "== 9223372036854775807", PRED_TRUE);
	check_impl("< -9223372036854775807", "== -9223372036854775808", PRED_TRUE);
	check_impl("<= -9223372036854775808", "> 0", PRED_FALSE);
	/* no predicate on either side: nothing is known */
	Pred none = {OP_NONE, 0};
	assert_int_equal(pred_implies(none, P("== 0")), PRED_UNKNOWN);
	assert_int_equal(pred_implies(P("== 0"), none), PRED_UNKNOWN);
	assert_int_equal(pred_implies(none, none), PRED_UNKNOWN);
}

/* Every pair of predicates with values in -3..3 against the truth: with
 * such values, x in -10..10 decides implication exactly (every predicate
 * is constant below -3 and above 3). */
static void
test_implies_exhaustive(void **state)
{
	int checked = 0;
	for (CmpOp to = OP_EQ; to <= OP_GE; to++)
		for (long long tv = -3; tv <= 3; tv++)
			for (CmpOp po = OP_EQ; po <= OP_GE; po++)
				for (long long pv = -3; pv <= 3; pv++) {
					Pred t = {to, tv}, p = {po, pv};
					bool all = true, none = true;
					for (long long x = -10; x <= 10; x++) {
						if (!pred_holds(t, x))
							continue;
						if (pred_holds(p, x))
							none = false;
						else
							all = false;
					}
					PredImpl want = all ? PRED_TRUE : none ? PRED_FALSE : PRED_UNKNOWN;
					PredImpl got = pred_implies(t, p);
					if (got != want)
						fail_msg("pred_implies(%s %lld, %s %lld) = %s, want %s",
							 cmp_op_str(to), tv, cmp_op_str(po), pv,
							 impl_name(got), impl_name(want));
					checked++;
				}
	assert_int_equal(checked, 6 * 7 * 6 * 7);
}

/* pred_and() is exact where it answers: on a window around the constants,
 * its predicate holds exactly where both do. */
static void
test_and_exhaustive(void **state)
{
	(void)state;
	int answered = 0;
	for (int ko = OP_EQ; ko <= OP_GE; ko++)
		for (long long kv = -3; kv <= 3; kv++)
			for (int to = OP_EQ; to <= OP_GE; to++)
				for (long long tv = -3; tv <= 3; tv++) {
					Pred k = {(CmpOp)ko, kv}, t = {(CmpOp)to, tv};
					Pred both = pred_and(k, t);
					if (both.op == OP_NONE)
						continue;
					answered++;
					for (long long x = -8; x <= 8; x++)
						if (pred_holds(both, x) != (pred_holds(k, x) && pred_holds(t, x)))
							fail_msg("pred_and(%s %lld, %s %lld) = %s %lld, wrong at %lld",
								 cmp_op_str(k.op), kv, cmp_op_str(t.op), tv,
								 cmp_op_str(both.op), both.value, x);
				}
	assert_true(answered > 500);
	Pred p = pred_and((Pred){OP_LE, 0}, (Pred){OP_NE, 0});
	assert_true(p.op == OP_LE && p.value == -1);
	p = pred_and((Pred){OP_GE, 0}, (Pred){OP_NE, 0});
	assert_true(p.op == OP_GE && p.value == 1);
	p = pred_and((Pred){OP_LE, 0}, (Pred){OP_GE, 0});
	assert_true(p.op == OP_EQ && p.value == 0);
	assert_int_equal(pred_and((Pred){OP_NE, 5}, (Pred){OP_GE, 0}).op, OP_NONE);
	p = pred_and((Pred){OP_NONE, 0}, (Pred){OP_LT, 2});
	assert_true(p.op == OP_LT && p.value == 2);
}

/* Ranges: what a function's returns join to, as one predicate. */
static void
test_ranges(void **state)
{
	(void)state;
	Range zero = range_of((Pred){OP_EQ, 0}), one = range_of((Pred){OP_EQ, 1});
	Range neg = range_of((Pred){OP_LT, 0});
	Pred p = range_pred(range_join(zero, one));
	assert_true(p.op == OP_GE && p.value == 0);
	p = range_pred(range_join(zero, neg));
	assert_true(p.op == OP_LE && p.value == 0);
	p = range_pred(range_join(neg, one));            /* not 0 either: kept apart */
	assert_true(p.op == OP_LE && p.value == 1);
	Range m2 = range_of((Pred){OP_EQ, -2});
	assert_int_equal(range_pred(range_join(range_join(m2, zero), one)).op, OP_NONE);
	p = range_pred(range_join(m2, one));
	assert_true(p.op == OP_NE && p.value == 0);
	p = range_pred(range_join(range_of((Pred){OP_EQ, -2}), range_of((Pred){OP_EQ, -1})));
	assert_true(p.op == OP_LE && p.value == -1);
	Range nz = range_meet(RANGE_ANY, OP_NE, 0);
	p = range_pred(nz);
	assert_true(p.op == OP_NE && p.value == 0);
	assert_true(range_empty(range_meet(nz, OP_EQ, 0)));
	assert_true(range_empty(range_meet(neg, OP_GE, 0)));
	assert_true(range_empty(RANGE_NONE));
	assert_false(range_empty(RANGE_ANY));
	assert_int_equal(range_pred(RANGE_ANY).op, OP_NONE);
	assert_int_equal(range_pred(RANGE_NONE).op, OP_NONE);
	p = range_pred(range_shift(zero, 1));
	assert_true(p.op == OP_EQ && p.value == 1);
	p = range_pred(range_shift(range_of((Pred){OP_GE, 0}), -1));
	assert_true(p.op == OP_GE && p.value == -1);
	Range top = range_shift(range_of((Pred){OP_LE, LLONG_MAX - 1}), 5);
	assert_int_equal(top.hi, LLONG_MAX);             /* saturates, no overflow */
	assert_true(range_empty(range_meet(RANGE_ANY, OP_LT, LLONG_MIN)));
	assert_true(range_empty(range_meet(RANGE_ANY, OP_GT, LLONG_MAX)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_op_str),
		cmocka_unit_test(test_holds),
		cmocka_unit_test(test_negate),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_implies_table),
		cmocka_unit_test(test_implies_exhaustive),
		cmocka_unit_test(test_and_exhaustive),
		cmocka_unit_test(test_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
