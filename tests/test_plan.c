/* SPDX-License-Identifier: MIT */
/*
 * plan: cycles, predecessors and liveness of one function, on graphs read
 * from IR text (irtext.h), and what they buy the engine: a site that
 * starts at its own block and a walk that stops where nothing is left to
 * report, with the same findings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "irtext.h"
#include "plan.h"
#include "rules.h"

static IrUnit *unit;
static Plan *plan;

static const IrFunc *
read_fn(const char *text)
{
	Diag d;
	diag_init(&d, stderr);
	unit = irtext_parse("t.ir", text, &d);
	assert_non_null(unit);
	assert_true(unit->funcs.n >= 1);
	plan = plan_new(unit->funcs.v[0]);
	return unit->funcs.v[0];
}

static int
teardown(void **state)
{
	(void)state;
	plan_free(plan);
	plan = NULL;
	ir_unit_free(unit);
	unit = NULL;
	return 0;
}

static int
var_of(const IrFunc *fn, const char *name)
{
	for (int i = 0; i < fn->vars.n; i++)
		if (strcmp(fn->vars.v[i].name, name) == 0)
			return i;
	fail_msg("no variable %s", name);
	return -1;
}

/* b0 -> b1 <-> b2 (a loop), b1 -> b3; b4 jumps to itself; b5 unreached. */
static void
test_cycles(void **state)
{
	(void)state;
	read_fn("func f\n"
		"  param int n\n"
		"b0:\n"
		"  1: goto b1\n"
		"b1:\n"
		"  2: if n > 0 then b2 else b3\n"
		"b2:\n"
		"  3: goto b1\n"
		"b3:\n"
		"  4: if n == 5 then b4 else b5\n"
		"b4:\n"
		"  5: goto b4\n"
		"b5:\n"
		"  6: return 0\n");
	assert_false(plan_cyclic(plan, 0));
	assert_true(plan_cyclic(plan, 1));
	assert_true(plan_cyclic(plan, 2));
	assert_false(plan_cyclic(plan, 3));
	assert_true(plan_cyclic(plan, 4));
	assert_false(plan_cyclic(plan, 5));

	uint64_t reach[4];
	assert_true(plan_words(plan) <= 4);
	plan_reaching(plan, 3, reach);
	assert_true(plan_bit(reach, 0) && plan_bit(reach, 1) && plan_bit(reach, 2));
	assert_false(plan_bit(reach, 3));        /* on no cycle */
	assert_false(plan_bit(reach, 4) || plan_bit(reach, 5));
	plan_reaching(plan, 1, reach);
	assert_true(plan_bit(reach, 1) && plan_bit(reach, 2) && plan_bit(reach, 0));

	const int *pr;
	int np = plan_preds(plan, 1, &pr);      /* b0 and the loop's b2 */
	assert_int_equal(np, 2);
	assert_true((pr[0] == 0 && pr[1] == 2) || (pr[0] == 2 && pr[1] == 0));
	assert_int_equal(plan_preds(plan, 4, &pr), 2);   /* b3 and itself */
	assert_int_equal(plan_preds(plan, 0, &pr), 0);
	assert_int_equal(plan_preds(plan, 5, &pr), 1);
	assert_int_equal(pr[0], 3);
}

/* A plain write ends p's value but not *p's; a kill ends both. */
static void
test_liveness(void **state)
{
	(void)state;
	const IrFunc *fn = read_fn("func f\n"
				   "  param int n\n"
				   "  local char *p\n"
				   "  local char *q\n"
				   "b0:\n"
				   "  1: %t1 = malloc(n)\n"
				   "  1: p = %t1\n"
				   "  1: kill %t1\n"
				   "  2: if n > 0 then b1 else b2\n"
				   "b1:\n"
				   "  3: free(p)\n"
				   "  4: goto b3\n"
				   "b2:\n"
				   "  5: p = 0\n"
				   "  6: goto b3\n"
				   "b3:\n"
				   "  7: q = p\n"
				   "  8: goto b4\n"
				   "b4:\n"
				   "  9: p = q\n"
				   "  10: use(*p)\n"
				   "  11: kill p\n"
				   "  12: return 0\n");
	int p = var_of(fn, "p"), q = var_of(fn, "q"), n = var_of(fn, "n");
	/* p is read in b1 (free) and b3 (q = p) */
	assert_true(plan_live(plan, p, 1));
	assert_false(plan_live(plan, p, 2));     /* written first there */
	assert_true(plan_live(plan, p, 3));
	assert_false(plan_live(plan, p, 4));     /* p = q comes first */
	assert_false(plan_live(plan, p, 0));     /* b0 writes it first */
	/* *p: `p = ...` does not end it, the kill in b4 does (after a read) */
	assert_true(plan_mentioned(plan, p, 2));
	assert_true(plan_mentioned(plan, p, 4));
	assert_true(plan_live(plan, q, 4));
	assert_false(plan_live(plan, q, 1));     /* written in b3 before read */
	assert_true(plan_live(plan, n, 0));
	assert_false(plan_live(plan, n, 1));
}

/* A variable is live around a loop that reads it at its head. */
static void
test_liveness_loop(void **state)
{
	(void)state;
	const IrFunc *fn = read_fn("func f\n"
				   "  local int i\n"
				   "b0:\n"
				   "  1: i = 0\n"
				   "  2: goto b1\n"
				   "b1:\n"
				   "  3: if i < 10 then b2 else b3\n"
				   "b2:\n"
				   "  4: g(&i)\n"
				   "  5: goto b1\n"
				   "b3:\n"
				   "  6: return 0\n");
	int i = var_of(fn, "i");
	assert_false(plan_live(plan, i, 0));
	assert_true(plan_live(plan, i, 1));
	assert_true(plan_live(plan, i, 2));
	assert_false(plan_live(plan, i, 3));
}

/* b0 branches to b1 (returns) or b2; b2 branches to b3 or b4, which meet
 * at b5; b6 loops on itself forever. */
static void
test_postdoms(void **state)
{
	(void)state;
	read_fn("func f\n"
		"  param int n\n"
		"b0:\n"
		"  1: if n > 0 then b1 else b2\n"
		"b1:\n"
		"  2: return 1\n"
		"b2:\n"
		"  3: if n == -1 then b3 else b4\n"
		"b3:\n"
		"  4: goto b5\n"
		"b4:\n"
		"  5: if n == -2 then b5 else b6\n"
		"b5:\n"
		"  6: return 0\n"
		"b6:\n"
		"  7: goto b6\n");
	assert_int_equal(plan_ipdom(plan, 0), -1);   /* its edges meet at the end */
	assert_int_equal(plan_ipdom(plan, 1), -1);
	assert_int_equal(plan_ipdom(plan, 2), 5);
	assert_int_equal(plan_ipdom(plan, 3), 5);
	assert_int_equal(plan_ipdom(plan, 4), 5);    /* b6 never ends */
	assert_int_equal(plan_ipdom(plan, 6), -1);
}

/* A value goes from y to x at `x = y`, from a call's arguments to its
 * result and to what it is given by address; a global given by value
 * takes nothing, nor does an argument given by value. */
static void
test_flow(void **state)
{
	(void)state;
	const IrFunc *fn = read_fn("func f\n"
				   "  global FILE *log\n"
				   "  global int g\n"
				   "  local char *p\n"
				   "  local char *q\n"
				   "  local char *r\n"
				   "  local char *s\n"
				   "b0:\n"
				   "  1: %t1 = malloc(8)\n"
				   "  1: p = %t1\n"
				   "  1: goto b1\n"
				   "b1:\n"
				   "  2: q = p\n"
				   "  2: goto b2\n"
				   "b2:\n"
				   "  3: fputs(q, log)\n"
				   "  3: goto b3\n"
				   "b3:\n"
				   "  4: fputs(r, log)\n"
				   "  4: goto b4\n"
				   "b4:\n"
				   "  5: h(&g, s)\n"
				   "  5: goto b5\n"
				   "b5:\n"
				   "  6: k(r, s)\n"
				   "  6: return 0\n");
	int t1 = var_of(fn, "%t1"), p = var_of(fn, "p"), q = var_of(fn, "q");
	int s = var_of(fn, "s"), g = var_of(fn, "g");
	uint64_t set[4] = {0};
	assert_false(plan_flow(plan, &t1, 1, set));
	assert_true(plan_bit(set, 0) && plan_bit(set, 1) && plan_bit(set, 2));
	assert_false(plan_bit(set, 3));          /* log took nothing from q */
	assert_false(plan_bit(set, 4) || plan_bit(set, 5));
	uint64_t set2[4] = {0};
	assert_true(plan_flow(plan, &s, 1, set2));   /* into g, by address */
	assert_true(plan_bit(set2, 4) && plan_bit(set2, 5));
	assert_false(plan_bit(set2, 3));         /* r took nothing from s */
	assert_true(plan_copies(plan, p, q));
	assert_false(plan_copies(plan, q, p));
	assert_true(plan_copies(plan, s, g));
}

/* A branch decides the blocks between its edges and where they meet: a
 * test of x whose arms only call g() decides nothing of p; a test of y
 * that skips free(p) does, and so does a test of z whose arm returns
 * (its edges meet only at the end). */
static void
test_tests_meet(void **state)
{
	(void)state;
	const IrFunc *fn = read_fn("func f\n"
				   "  param int x\n"
				   "  param int y\n"
				   "  param int z\n"
				   "  local char *p\n"
				   "b0:\n"
				   "  1: %t1 = malloc(8)\n"
				   "  1: p = %t1\n"
				   "  2: if x > 0 then b1 else b2\n"
				   "b1:\n"
				   "  3: g(x)\n"
				   "  3: goto b2\n"
				   "b2:\n"
				   "  4: if y > 0 then b3 else b4\n"
				   "b3:\n"
				   "  5: free(p)\n"
				   "  5: goto b4\n"
				   "b4:\n"
				   "  6: if z > 0 then b5 else b6\n"
				   "b5:\n"
				   "  7: return 1\n"
				   "b6:\n"
				   "  8: return 0\n");
	uint64_t set[4] = {0};
	int t1 = var_of(fn, "%t1");
	plan_flow(plan, &t1, 1, set);
	assert_false(plan_tests_meet(plan, var_of(fn, "x"), NULL, set));
	assert_true(plan_tests_meet(plan, var_of(fn, "y"), NULL, set));
	assert_true(plan_tests_meet(plan, var_of(fn, "z"), NULL, set));
}

/* A test right after a call's value was copied in knows nothing of the
 * variable; one that a constant or another test reaches does. */
static void
test_informed(void **state)
{
	(void)state;
	const IrFunc *fn = read_fn("func f\n"
				   "  param int k\n"
				   "  local int h\n"
				   "  local int ok\n"
				   "b0:\n"
				   "  1: h = -1\n"
				   "  2: ok = 0\n"
				   "  3: if k > 0 then b1 else b3\n"
				   "b1:\n"
				   "  4: %t1 = open(k)\n"
				   "  4: h = %t1\n"
				   "  4: kill %t1\n"
				   "  5: if h < 0 then b3 else b2\n"
				   "b2:\n"
				   "  6: ok = 1\n"
				   "  6: goto b3\n"
				   "b3:\n"
				   "  7: if h >= 0 then b4 else b5\n"
				   "b4:\n"
				   "  8: close(h)\n"
				   "  8: goto b5\n"
				   "b5:\n"
				   "  9: if ok == 1 then b6 else b7\n"
				   "b6:\n"
				   "  10: return 0\n"
				   "b7:\n"
				   "  11: return 1\n");
	uint64_t flags[1] = {0};
	int h = var_of(fn, "h"), ok = var_of(fn, "ok");
	flags[0] = (uint64_t)1 << h | (uint64_t)1 << ok;
	const uint64_t *th = plan_informed(plan, h, flags);
	assert_false(plan_bit(th, 1));           /* h = %t1: nothing known */
	assert_true(plan_bit(th, 3));            /* from h = -1 or the test */
	const uint64_t *tok = plan_informed(plan, ok, flags);
	assert_true(plan_bit(tok, 5));
}

/* ---- what the engine makes of it ------------------------------------------------ */

static Rules *rules;
static int nfound;
static char found[16][160];

static void
record(void *ctx, const Violation *v)
{
	(void)ctx;
	if (nfound < 16)
		snprintf(found[nfound], sizeof(found[0]), "%d:%d%s%s", (int)v->kind, v->where.line,
			 v->how && v->kind == V_BOUND ? ":" : "", v->kind == V_BOUND && v->how ? v->how : "");
	nfound++;
}

static EngineStats run_with(const char *text, const EngineLimits *lim);

static EngineStats
run(const char *text)
{
	return run_with(text, NULL);
}

static EngineStats
run_with(const char *text, const EngineLimits *lim)
{
	Diag d;
	diag_init(&d, stderr);
	unit = irtext_parse("t.ir", text, &d);
	assert_non_null(unit);
	if (!rules) {
		rules = rules_new();
		assert_int_equal(rules_load_file(rules, RULES_DIR "/posix.yaml", &d), 0);
	}
	EngineStats st;
	memset(&st, 0, sizeof(st));
	nfound = 0;
	engine_run(unit, rules, lim, record, NULL, &st);
	return st;
}

/* Forty buffers, each freed before the next is taken: each site's walk
 * starts at its own block and stops after its free, and the one leak is
 * still found. */
static void
short_walks(char *text, size_t size)
{
	int n = snprintf(text, size, "func f\n  param int k\n  local char *p\nb0:\n");
	int line = 1;
	for (int i = 0; i < 40; i++) {
		n += snprintf(text + n, size - (size_t)n,
			      "  %d: %%t%d = malloc(8)\n  %d: p = %%t%d\n  %d: kill %%t%d\n",
			      line, i, line, i, line, i);
		line++;
		if (i != 17)
			n += snprintf(text + n, size - (size_t)n, "  %d: free(p)\n", line);
		n += snprintf(text + n, size - (size_t)n,
			      "  %d: if k > %d then b%d else b%d\nb%d:\n  %d: g(k)\n  %d: goto b%d\nb%d:\n",
			      line, i, 2 * i + 1, 2 * i + 2, 2 * i + 1, line, line, 2 * i + 2,
			      2 * i + 2);
		line++;
	}
	snprintf(text + n, size - (size_t)n, "  %d: return 0\n", line);
}

static void
test_engine_short_walks(void **state)
{
	(void)state;
	char text[16384];
	short_walks(text, sizeof(text));
	EngineStats st = run(text);
	assert_int_equal(nfound, 1);     /* the 18th buffer, overwritten */
	assert_int_equal(st.sites, 40);
	assert_int_equal(st.seeded, 40);
	assert_true(st.settled > 0);
	/* each walk is a handful of blocks, not the function's 81 */
	assert_true(st.visits < 40 * 12 + 81);
}

/* The same with a small memory bound: the prefix walk is the function's
 * whole, not a summary, so the share a quiet run may hold does not cut it
 * and the sites still start at their own blocks (a 50,000-statement
 * function walked from its entry once per site when it did). */
static void
test_engine_prefix_not_a_summary(void **state)
{
	(void)state;
	char text[16384];
	short_walks(text, sizeof(text));
	EngineLimits lim;
	engine_limits_default(&lim);
	lim.bytes_per_site = 256 * 1024;  /* the prefix fits; not in a sixteenth */
	EngineStats st = run_with(text, &lim);
	assert_int_equal(nfound, 1);
	assert_int_equal(st.seeded, 40);
	assert_true(st.visits < 40 * 12 + 81);
}

/* A site in a loop starts where the paths enter the loop, and its handle
 * is not let go before the loop brings it back to the site. */
static void
test_engine_loop_site(void **state)
{
	(void)state;
	EngineStats st = run("func f\n"
			     "  param int k\n"
			     "  local char *p\n"
			     "b0:\n"
			     "  1: goto b1\n"
			     "b1:\n"
			     "  2: if k > 0 then b2 else b3\n"
			     "b2:\n"
			     "  3: %t1 = malloc(8)\n"
			     "  3: p = %t1\n"
			     "  3: kill %t1\n"
			     "  4: free(p)\n"
			     "  5: goto b1\n"
			     "b3:\n"
			     "  6: free(p)\n"
			     "  7: return 0\n");
	assert_int_equal(st.seeded, 1);
	assert_int_equal(nfound, 1);     /* the second free after the loop */
	char want[32];
	snprintf(want, sizeof(want), "%d:6", (int)V_DOUBLE_RELEASE);
	assert_string_equal(found[0], want);
}

/* More flags than a path has slots for: one note for the function, and
 * the flags that fit are still followed (the leak on the path that the
 * first flag rules out is not reported). */
static void
test_engine_flag_slots(void **state)
{
	(void)state;
	char text[8192];
	int nf = ENGINE_FLAG_SLOTS + 3;
	int n = snprintf(text, sizeof(text), "func f\n  param int k\n  local char *p\n");
	for (int i = 0; i < nf; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "  local int f%d\n", i);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "b0:\n");
	for (int i = 0; i < nf; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "  1: f%d = 0\n", i);
	n += snprintf(text + n, sizeof(text) - (size_t)n,
		      "  2: %%t1 = malloc(8)\n  2: p = %%t1\n  2: kill %%t1\n"
		      "  3: if k > 0 then b1 else b2\nb1:\n  4: f0 = 1\n  4: goto b2\nb2:\n");
	int b = 2;
	for (int i = 1; i < nf; i++, b += 2)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "  5: if f%d == 1 then b%d else b%d\nb%d:\n  6: g(k)\n  6: goto b%d\nb%d:\n",
			      i, b + 1, b + 2, b + 1, b + 2, b + 2);
	snprintf(text + n, sizeof(text) - (size_t)n,
		 "  7: if f0 == 1 then b%d else b%d\nb%d:\n  8: free(p)\n  8: return 0\n"
		 "b%d:\n  9: free(p)\n  9: return 1\n", b + 1, b + 2, b + 1, b + 2);
	run(text);
	int notes = 0;
	for (int i = 0; i < nfound && i < 16; i++)
		if (strstr(found[i], ":slots"))
			notes++;
	assert_int_equal(notes, 1);
	assert_int_equal(nfound, 1);
}

/* Ten flags that decide only calls of g(), set and tested after the
 * site, and one handle: the site's walk does not split on them (a state
 * per combination, 1,024, cut by the bound of states per block, before),
 * and a flag that decides the free is still followed (no leak on the path
 * it rules out). */
static void
test_engine_flags_of_others(void **state)
{
	(void)state;
	char text[8192];
	int nf = 10;
	int n = snprintf(text, sizeof(text), "func f\n  param int k\n  local char *p\n  local int own\n");
	for (int i = 0; i < nf; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "  local int f%d\n", i);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "b0:\n  1: own = 0\n");
	for (int i = 0; i < nf; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "  1: f%d = 0\n", i);
	n += snprintf(text + n, sizeof(text) - (size_t)n,
		      "  4: if k > 99 then b1 else b2\nb1:\n"
		      "  5: %%t1 = malloc(8)\n  5: p = %%t1\n  5: kill %%t1\n  5: own = 1\n  5: goto b2\nb2:\n");
	int b = 2;
	for (int i = 0; i < nf; i++, b += 2)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "  3: %%t%d = c(%d)\n  3: if %%t%d != 0 then b%d else b%d\nb%d:\n"
			      "  3: f%d = 1\n  3: goto b%d\nb%d:\n",
			      i + 2, i, i + 2, b + 1, b + 2, b + 1, i, b + 2, b + 2);
	for (int i = 0; i < nf; i++, b += 2)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "  6: if f%d == 1 then b%d else b%d\nb%d:\n  6: g(k)\n  6: goto b%d\nb%d:\n",
			      i, b + 1, b + 2, b + 1, b + 2, b + 2);
	snprintf(text + n, sizeof(text) - (size_t)n,
		 "  7: if own == 1 then b%d else b%d\nb%d:\n  8: free(p)\n  8: return 0\n"
		 "b%d:\n  9: return 1\n", b + 1, b + 2, b + 1, b + 2);
	EngineStats st = run(text);
	assert_int_equal(nfound, 0);      /* no note either: nothing forgotten */
	assert_int_equal(st.sites, 1);
	/* the prefix (every path, a state per combination up to the bound)
	 * and the site's walk: its 42 blocks after it, with `own` known, a
	 * state each */
	assert_true(st.visits < 1174 + 20);
}

static int
group_teardown(void **state)
{
	(void)state;
	rules_free(rules);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_cycles, teardown),
		cmocka_unit_test_teardown(test_liveness, teardown),
		cmocka_unit_test_teardown(test_liveness_loop, teardown),
		cmocka_unit_test_teardown(test_postdoms, teardown),
		cmocka_unit_test_teardown(test_flow, teardown),
		cmocka_unit_test_teardown(test_tests_meet, teardown),
		cmocka_unit_test_teardown(test_informed, teardown),
		cmocka_unit_test_teardown(test_engine_short_walks, teardown),
		cmocka_unit_test_teardown(test_engine_prefix_not_a_summary, teardown),
		cmocka_unit_test_teardown(test_engine_loop_site, teardown),
		cmocka_unit_test_teardown(test_engine_flag_slots, teardown),
		cmocka_unit_test_teardown(test_engine_flags_of_others, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
