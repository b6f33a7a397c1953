/* SPDX-License-Identifier: MIT */
/*
 * The front end and the engine together: C source lowered by libclang
 * (frontend_lower_string()), then analysed, with the small pack
 * tests/data/engine.yaml (see test_engine.c) and, when they exist, the
 * shipped packs of rules/.  This program links closecheck_clang; the
 * engine's own tests (test_engine.c) link only the libclang-free
 * closecheck_core.
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
#include "frontend.h"
#include "ir.h"
#include "rules.h"

#include "recorder.h"

/* ---- fixtures --------------------------------------------------------------- */

static Rules *rules;
static IrUnit *U;
static Frontend *fe;

static int
group_setup(void **state)
{
	Diag d;
	diag_init(&d, stderr);
	rules = rules_new();
	if (!rules || rules_load_file(rules, TEST_DATA_DIR "/engine.yaml", &d) != 0 || d.errors)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	rules_free(rules);
	return 0;
}

static int
setup(void **state)
{
	U = NULL;
	nrecs = 0;
	fe = frontend_new();
	return 0;
}

static int
teardown(void **state)
{
	ir_unit_free(U);
	U = NULL;
	frontend_free(fe);
	fe = NULL;
	return 0;
}

/* ---- end to end: the front end, then the engine ---------------------------------- */

#define E2E_DECLS \
	"void *res_get(void); void res_put(void *); void borrow_it(void *);\n" \
	"int fd_open(const char *); void fd_close(int);\n" \
	"int obj_create(int, void **); void obj_destroy(void *);\n"

static void
lower_and_run(const char *src, const Rules *r)
{
	Diag d;
	diag_init(&d, stderr);
	const char *args[] = {"-std=gnu11"};
	ir_unit_free(U);
	U = frontend_lower_string(fe, "e2e.c", src, 1, args, &d);
	assert_non_null(U);
	assert_int_equal(d.errors, 0);
	nrecs = 0;
	engine_run(U, r, NULL, collect, recs, &stats);
}

static void
lower_and_run_limits(const char *src, const EngineLimits *lim)
{
	lower_and_run(src, rules);
	nrecs = 0;
	memset(&stats, 0, sizeof(stats));
	engine_run(U, rules, lim, collect, recs, &stats);
}


static void
dump_fn(const char *name)
{
	const IrFunc *f = ir_unit_find(U, name);
	if (f)
		ir_dump(f, stderr);
}

static void
test_e2e_pack(void **state)
{
	lower_and_run(E2E_DECLS
		"int leak(int rc) {\n"                        /* 4 */
		"	void *p = res_get();\n"
		"	if (rc != 0)\n"
		"		return -1;\n"
		"	res_put(p);\n"
		"	return 0;\n"
		"}\n"
		"int ok(void) {\n"                            /* 11 */
		"	void *p = res_get();\n"
		"	if (!p)\n"
		"		return -1;\n"
		"	borrow_it(p);\n"
		"	res_put(p);\n"
		"	return 0;\n"
		"}\n"
		"void discard(void) {\n"                      /* 19 */
		"	res_get();\n"
		"}\n"
		"int fdok(const char *f) {\n"                 /* 22 */
		"	int fd = fd_open(f);\n"
		"	if (fd < 0)\n"
		"		return -1;\n"
		"	fd_close(fd);\n"
		"	return 0;\n"
		"}\n"
		"int outp(void) {\n"                          /* 29 */
		"	void *o;\n"
		"	if (obj_create(1, &o) != 0)\n"
		"		return -1;\n"
		"	obj_destroy(o);\n"
		"	return 0;\n"
		"}\n"
		"void scope(void) {\n"                        /* 36 */
		"	{\n"
		"		void *p = res_get();\n"
		"		borrow_it(p);\n"
		"	}\n"
		"}\n", rules);
	EXPECT(count_fn("ok") == 0);
	EXPECT(count_fn("fdok") == 0);
	EXPECT(count_fn("outp") == 0);
	EXPECT(count(V_LOST_EXIT, "leak") == 1);
	EXPECT(count(V_LOST_DISCARD, "discard") == 1);
	EXPECT(count(V_LOST_SCOPE, "scope") == 1);
	EXPECT(nrecs == 3);
	const Rec *r = only(V_LOST_EXIT);
	EXPECT(r->line == 7 && r->acq_line == 5);
	EXPECT(strcmp(r->name, "p") == 0);
	EXPECT(r->nsteps == 1);
	assert_string_equal(r->steps[0], "'rc != 0' is true");
	EXPECT(only(V_LOST_SCOPE)->line == 40);
}

/* A cleanup function that releases *pp releases the variable. */
static void
test_e2e_cleanup(void **state)
{
	lower_and_run(E2E_DECLS
		"static void fin(void **pp) { res_put(*pp); }\n"
		"int f(int n) {\n"
		"	__attribute__((cleanup(fin))) void *p = res_get();\n"
		"	if (n)\n"
		"		return 1;\n"
		"	borrow_it(p);\n"
		"	return 0;\n"
		"}\n", rules);
	EXPECT(nrecs == 0);
}

/* A release written as the statement of a case label. */
static void
test_e2e_switch_release(void **state)
{
	lower_and_run(E2E_DECLS
		"void f(int x) {\n"
		"	void *p = res_get();\n"
		"	switch (x) {\n"
		"	case 1:\n"
		"		res_put(p);\n"
		"		break;\n"
		"	default:\n"
		"		res_put(p);\n"
		"		break;\n"
		"	}\n"
		"}\n", rules);
	if (nrecs != 0)
		dump_fn("f");
	EXPECT(nrecs == 0);
}

/* A call to a function whose parameter type mentions "noreturn" does not
 * end the path: the leak after it is found. */
static void
test_e2e_noreturn_name(void **state)
{
	lower_and_run(E2E_DECLS
		"typedef void noreturn_fn(void);\n"
		"void set_handler(noreturn_fn *);\n"
		"int f(noreturn_fn *h, int rc) {\n"
		"	void *p = res_get();\n"
		"	set_handler(h);\n"
		"	if (rc)\n"
		"		return -1;\n"
		"	res_put(p);\n"
		"	return 0;\n"
		"}\n", rules);
	EXPECT(count(V_LOST_EXIT, "f") == 1);
}

/* A truth value kept in a variable: `ok = (rc == 0); if (!ok) return;`
 * (the front end lowers `rc == 0` in value position to a temporary set to
 * 1 or 0 on the edges of a branch, to keep such flags precise). */
static void
test_e2e_truth_flags(void **state)
{
	lower_and_run(E2E_DECLS
		"int f(void) {\n"
		"	void *o;\n"
		"	int rc = obj_create(1, &o);\n"
		"	int ok = (rc == 0);\n"
		"	if (!ok)\n"
		"		return -1;\n"
		"	obj_destroy(o);\n"
		"	return 0;\n"
		"}\n"
		"int g(int c) {\n"
		"	void *p = c ? res_get() : 0;\n"
		"	int have = p != 0;\n"
		"	if (have)\n"
		"		res_put(p);\n"
		"	return 0;\n"
		"}\n", rules);
	if (nrecs != 0) {
		dump_fn("f");
		dump_fn("g");
	}
	EXPECT(count_fn("f") == 0);
	EXPECT(count_fn("g") == 0);
}

/* likely()/unlikely(): the test inside __builtin_expect still decides. */
static void
test_e2e_builtin_expect(void **state)
{
	lower_and_run(E2E_DECLS
		"#define unlikely(x) __builtin_expect(!!(x), 0)\n"
		"int f(void) {\n"
		"	void *p = res_get();\n"
		"	if (unlikely(p == 0))\n"
		"		return -1;\n"
		"	res_put(p);\n"
		"	return 0;\n"
		"}\n"
		"int g(int rc) {\n"
		"	void *p = res_get();\n"
		"	if (unlikely(rc < 0))\n"
		"		return -1;\n"
		"	res_put(p);\n"
		"	return 0;\n"
		"}\n", rules);
	EXPECT(count_fn("f") == 0);
	EXPECT(count(V_LOST_EXIT, "g") == 1);
	EXPECT(only(V_LOST_EXIT)->line == 15);
}

/* With the shipped packs of rules/ (skipped until they exist). */
static Rules *
shipped(void)
{
	Diag d;
	diag_init(&d, stderr);
	Rules *r = rules_new();
	int bad = rules_load_dir(r, RULES_DIR, &d);
	if (bad != 0 || !rules_lookup(r, "malloc") || !rules_lookup(r, "fopen")) {
		rules_free(r);
		return NULL;
	}
	return r;
}

static void
test_e2e_shipped_posix(void **state)
{
	Rules *r = shipped();
	if (!r) {
		skip();
		return;
	}
	lower_and_run(
		"#include <stdio.h>\n"
		"#include <stdlib.h>\n"
		"int leak(int n) {\n"                      /* 3 */
		"	char *p = malloc(16);\n"
		"	if (n > 10)\n"
		"		return -1;\n"
		"	free(p);\n"
		"	return 0;\n"
		"}\n"
		"int ok(const char *path) {\n"             /* 10 */
		"	FILE *f = fopen(path, \"r\");\n"
		"	if (!f)\n"
		"		return -1;\n"
		"	fclose(f);\n"
		"	return 0;\n"
		"}\n"
		"void discard(void) {\n"                   /* 17 */
		"	malloc(1);\n"
		"}\n"
		"void twice(void) {\n"                     /* 20 */
		"	char *p = malloc(1);\n"
		"	free(p);\n"
		"	free(p);\n"
		"}\n", r);
	rules_free(r);
	EXPECT(count_fn("ok") == 0);
	EXPECT(count(V_LOST_EXIT, "leak") == 1);
	EXPECT(count(V_LOST_DISCARD, "discard") == 1);
	EXPECT(count(V_DOUBLE_RELEASE, "twice") == 1);
	const Rec *lk = only(V_LOST_EXIT);
	EXPECT(lk->line == 6 && strcmp(lk->acquirer, "malloc") == 0);
	assert_string_equal(lk->steps[0], "'n > 10' is true");
	EXPECT(only(V_DOUBLE_RELEASE)->line == 23);
}

static void
test_e2e_shipped_exit(void **state)
{
	Rules *r = shipped();
	if (!r) {
		skip();
		return;
	}
	lower_and_run(
		"#include <stdio.h>\n"
		"#include <stdlib.h>\n"
		"int f(const char *path) {\n"
		"	FILE *fp = fopen(path, \"r\");\n"
		"	if (fp == NULL)\n"
		"		exit(1);\n"
		"	char *buf = malloc(10);\n"
		"	if (!buf) {\n"
		"		fclose(fp);\n"
		"		return -1;\n"
		"	}\n"
		"	free(buf);\n"
		"	fclose(fp);\n"
		"	return 0;\n"
		"}\n", r);
	rules_free(r);
	EXPECT(nrecs == 0);
}

/* ---- the bracket protocol (locks), end to end ---------------------------------- */

#define LK_DECLS \
	"struct L { int x; }; struct S { struct L lock; int n; };\n" \
	"void lk_take(struct L *); int lk_try(struct L *); void lk_give(struct L *);\n" \
	"struct L gl; int g; void die(void);\n"

static const Rec *
find_rec(ViolKind k, const char *fn)
{
	for (int i = 0; i < nrecs; i++)
		if (recs[i].kind == k && strcmp(recs[i].fn, fn) == 0)
			return &recs[i];
	return NULL;
}

static void
test_e2e_bracket_paths(void **state)
{
	(void)state;
	lower_and_run(LK_DECLS
		"int held(int x) {\n"                          /* 4 */
		"	lk_take(&gl);\n"
		"	if (x)\n"
		"		return -1;\n"
		"	lk_give(&gl);\n"
		"	return 0;\n"
		"}\n"
		"void twice(struct L *l) {\n"                  /* 11 */
		"	lk_take(l);\n"
		"	lk_give(l);\n"
		"	lk_give(l);\n"
		"}\n"
		"void skipped(struct S *s, int c) {\n"         /* 16 */
		"	if (c)\n"
		"		lk_take(&s->lock);\n"
		"	g++;\n"
		"	lk_give(&s->lock);\n"
		"}\n"
		"void same(struct S *s, int c) {\n"            /* 22 */
		"	if (c)\n"
		"		lk_take(&s->lock);\n"
		"	g++;\n"
		"	if (c)\n"
		"		lk_give(&s->lock);\n"
		"}\n"
		"int try(int x) {\n"                           /* 29 */
		"	if (lk_try(&gl) != 0)\n"
		"		return -1;\n"
		"	if (x)\n"
		"		die();\n"
		"	lk_give(&gl);\n"
		"	return 0;\n"
		"}\n"
		"void waits(void) {\n"                         /* 37 */
		"	lk_give(&gl);\n"
		"	g++;\n"
		"	lk_take(&gl);\n"
		"}\n"
		"void other(struct S *a, struct S *b) {\n"     /* 42 */
		"	lk_take(&a->lock);\n"
		"	lk_give(&b->lock);\n"
		"	lk_give(&a->lock);\n"
		"}\n", rules);
	const Rec *r = find_rec(V_BRACKET_OPEN, "held");
	assert_non_null(r);
	EXPECT(r->line == 7 && r->acq_line == 5);
	EXPECT(strcmp(r->name, "gl") == 0 && strcmp(r->acquirer, "lk_take") == 0);
	EXPECT(r->nsteps == 1 && strcmp(r->steps[0], "'x' is non-zero") == 0);
	r = find_rec(V_BRACKET_TWICE, "twice");
	assert_non_null(r);
	EXPECT(r->line == 14 && r->first_line == 13 && strcmp(r->name, "*l") == 0);
	r = find_rec(V_BRACKET_UNOPENED, "skipped");
	assert_non_null(r);
	EXPECT(r->line == 20 && strcmp(r->name, "s->lock") == 0 && strcmp(r->how, "lk_give") == 0);
	EXPECT(count_fn("held") == 1 && count_fn("twice") == 1 && count_fn("skipped") == 1);
	EXPECT(count_fn("same") == 0);      /* a flag: the same condition */
	EXPECT(count_fn("try") == 0);       /* failed trylock; die() ends the path */
	EXPECT(count_fn("waits") == 0);     /* unlock before lock: the caller's */
	EXPECT(count_fn("other") == 0);     /* b->lock is another lock */
}

static void
test_e2e_bracket_helpers(void **state)
{
	(void)state;
	lower_and_run(LK_DECLS
		"static void take(struct S *s) { lk_take(&s->lock); }\n"     /* 4 */
		"static void give(struct S *s) { lk_give(&s->lock); }\n"
		"static void take_g(void) { lk_take(&gl); }\n"
		"static void givep(struct L **l) { lk_give(*l); }\n"
		"static void maybe_give(struct S *s, int c) { if (c) give(s); }\n"
		"int ok(struct S *s) {\n"                                   /* 9 */
		"	take(s);\n"
		"	s->n++;\n"
		"	give(s);\n"
		"	return 0;\n"
		"}\n"
		"int forgets(struct S *s, int x) {\n"                       /* 15 */
		"	take(s);\n"
		"	if (x)\n"
		"		return -1;\n"
		"	give(s);\n"
		"	return 0;\n"
		"}\n"
		"int global(int x) {\n"                                     /* 22 */
		"	take_g();\n"
		"	if (x)\n"
		"		return 1;\n"
		"	lk_give(&gl);\n"
		"	return 0;\n"
		"}\n"
		"int cleanup(int x) {\n"                                    /* 29 */
		"	struct L *l __attribute__((cleanup(givep))) = &gl;\n"
		"	lk_take(l);\n"
		"	if (x)\n"
		"		return -1;\n"
		"	return 0;\n"
		"}\n"
		"void unknown(struct S *s, int c) {\n"                      /* 36 */
		"	take(s);\n"
		"	maybe_give(s, c);\n"
		"}\n", rules);
	EXPECT(count_fn("take") == 0 && count_fn("take_g") == 0);   /* lock helpers */
	EXPECT(count_fn("give") == 0 && count_fn("givep") == 0);
	EXPECT(count_fn("ok") == 0);
	const Rec *r = find_rec(V_BRACKET_OPEN, "forgets");
	assert_non_null(r);
	EXPECT(r->line == 18 && r->acq_line == 16 && strcmp(r->acquirer, "take") == 0);
	EXPECT(strcmp(r->name, "s->lock") == 0);
	r = find_rec(V_BRACKET_OPEN, "global");
	assert_non_null(r);
	EXPECT(r->line == 25 && strcmp(r->name, "gl") == 0);
	EXPECT(count_fn("forgets") == 1 && count_fn("global") == 1);
	EXPECT(count_fn("cleanup") == 0);
	EXPECT(count_fn("unknown") == 0);   /* given back on some paths: not followed */
}

/* Bounds per function: the sites of one function share a visit budget and
 * each run a memory cap; a bound that cuts the function short gives one
 * V_BOUND for it, not one per site. */
static const char *
many_sites(char *src, size_t cap, int nsites)
{
	int n = snprintf(src, cap, E2E_DECLS "void many(int a, int b, int c) {\n");
	for (int k = 0; k < nsites; k++)
		n += snprintf(src + n, cap - (size_t)n,
			      "	{ void *p = res_get();\n	if (a) borrow_it(p);\n	if (b) borrow_it(p);\n"
			      "	if (c) borrow_it(p);\n	if (a) borrow_it(p);\n	res_put(p); }\n");
	snprintf(src + n, cap - (size_t)n, "}\nvoid other(void) { void *q = res_get(); }\n");
	return src;
}

static void
test_e2e_bounds_per_function(void **state)
{
	(void)state;
	char src[8192];
	EngineLimits lim;
	engine_limits_default(&lim);
	lower_and_run_limits(many_sites(src, sizeof(src), 6), &lim);
	EXPECT(count(V_BOUND, NULL) == 0 && count_fn("many") == 0);
	long full = stats.visits;
	/* a budget for about two sites: the later ones are cut, one note */
	lim.steps_per_function = full / 3;
	lower_and_run_limits(src, &lim);
	EXPECT(count(V_BOUND, "many") == 1);
	EXPECT(count(V_LOST_EXIT, "other") == 1);      /* the next function has its own */
	EXPECT(count(V_BOUND, "other") == 0);
	assert_int_equal(stats.bounded, 1);
	assert_true(stats.visits < full);
	/* flags forgotten at every site: one note too */
	engine_limits_default(&lim);
	lim.states_per_block = 2;
	lower_and_run_limits(src, &lim);
	EXPECT(count(V_BOUND, "many") == 1 && strcmp(only(V_BOUND)->how, "flags") == 0);
	assert_int_equal(stats.bounded, 1);
	/* a memory cap: every run is cut, nothing hangs or grows */
	engine_limits_default(&lim);
	lim.bytes_per_site = 1;
	lower_and_run_limits(src, &lim);
	EXPECT(count(V_BOUND, "many") == 1 && count(V_BOUND, "other") == 1);
	assert_int_equal(stats.bounded, 2);
	assert_true(stats.peak_bytes < 64 * 1024);
}

/* A wrapper's quiet runs (one per acquisition in it) used to share one arena
 * that nothing released until the next site: memory grew with the sum over
 * the wrapper's sites, that is with the square of its length.  Each run now
 * frees its own, so the peak is that of the largest run, which grows with
 * the wrapper's length alone: twice the sites, about twice the peak. */
static size_t
wrapper_peak(int nsites, bool called)
{
	char src[8192];
	int n = snprintf(src, sizeof(src), E2E_DECLS
			 "void *mk(int a, int b, int c, int d, int e, int f) {\n"
			 "	void *p = 0;\n");
	for (int k = 0; k < nsites; k++) {
		n += snprintf(src + n, sizeof(src) - (size_t)n, "	res_put(p);\n	p = res_get();\n");
		for (int f = 0; f < 6; f++)
			n += snprintf(src + n, sizeof(src) - (size_t)n,
				      "	if (%c) borrow_it(p);\n", 'a' + f);
	}
	snprintf(src + n, sizeof(src) - (size_t)n, "	return p;\n}\n%s",
		 called ? "void use(void) { void *q = mk(1, 0, 1, 0, 1, 0); res_put(q); }\n" : "");
	memset(&stats, 0, sizeof(stats));
	lower_and_run(src, rules);
	EXPECT(nrecs == 0);
	assert_true(stats.peak_bytes > 0);
	return stats.peak_bytes;
}

static void
test_e2e_wrapper_memory(void **state)
{
	(void)state;
	size_t half = wrapper_peak(8, true), whole = wrapper_peak(16, true);
	assert_true(whole < 3 * half);
	/* and a reported run of the wrapper alone costs no more than that */
	assert_true(wrapper_peak(16, false) <= whole);
}

int
main(void)
{
#define E_(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		E_(test_e2e_pack),
		E_(test_e2e_cleanup),
		E_(test_e2e_switch_release),
		E_(test_e2e_noreturn_name),
		E_(test_e2e_truth_flags),
		E_(test_e2e_builtin_expect),
		E_(test_e2e_shipped_posix),
		E_(test_e2e_shipped_exit),
		E_(test_e2e_bracket_paths),
		E_(test_e2e_bracket_helpers),
		E_(test_e2e_bounds_per_function),
		E_(test_e2e_wrapper_memory),
	};
#undef E_
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
