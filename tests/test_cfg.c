/* SPDX-License-Identifier: MIT */
/*
 * The front end's lowering to the CFG IR: small C functions are lowered from
 * memory with frontend_lower_string() and the shape of their graphs is
 * checked, statement form by statement form.
 *
 * The checks avoid block numbers: they look blocks up by what they hold (a
 * call, a branch's condition text), follow gotos, and compare the events met
 * on a straight path with trace(), which writes them as one line, e.g.
 *     "get(); x=%t; kill %t; put(x); return -"
 * (temporaries are all spelled %t).  On a failure the IR of the function is
 * printed with ir_dump().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "frontend.h"
#include "ir.h"

/* Declarations every test source starts with. */
#define PRELUDE \
	"#define NULL ((void *)0)\n" \
	"void a(void); void b(void); void c(void); void d(void);\n" \
	"int get(void); void put(int); void *pget(void); void pput(void *);\n" \
	"void fin(void **); void log_s(const char *);\n"

static Frontend *fe;
static IrUnit *unit;            /* of the running test, freed by teardown */
static const IrFunc *cur_fn;    /* dumped when a check fails */

static int
group_setup(void **state)
{
	fe = frontend_new();
	return fe ? 0 : -1;
}

static int
group_teardown(void **state)
{
	frontend_free(fe);
	return 0;
}

static int
teardown(void **state)
{
	ir_unit_free(unit);
	unit = NULL;
	cur_fn = NULL;
	return 0;
}

#define CHECK(cond) do { \
	if (!(cond)) { \
		if (cur_fn) \
			ir_dump(cur_fn, stderr); \
		fail_msg("%s:%d: check failed: %s", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!g_ || strcmp(g_, w_) != 0) { \
		if (cur_fn) \
			ir_dump(cur_fn, stderr); \
		fail_msg("%s:%d: got \"%s\"\n  want \"%s\"", __FILE__, __LINE__, \
			 g_ ? g_ : "(null)", w_); \
	} \
} while (0)

/* Lowers PRELUDE + src with the given standard and returns function name. */
static const IrFunc *
lower_std(const char *std, const char *src, const char *name)
{
	size_t n = strlen(PRELUDE) + strlen(src) + 1;
	char *text = malloc(n);
	snprintf(text, n, "%s%s", PRELUDE, src);
	Diag d;
	diag_init(&d, stderr);
	const char *args[] = {std};
	ir_unit_free(unit);
	unit = frontend_lower_string(fe, "test.c", text, 1, args, &d);
	free(text);
	assert_non_null(unit);
	if (d.errors)
		fail_msg("the test source does not compile: %s", d.last);
	cur_fn = ir_unit_find(unit, name);
	if (!cur_fn)
		fail_msg("no function '%s' in the unit", name);
	assert_false(cur_fn->truncated);
	return cur_fn;
}

static const IrFunc *
lower(const char *src, const char *name)
{
	return lower_std("-std=gnu11", src, name);
}

/* ---- graph helpers ------------------------------------------------------ */

static const IrBlock *
B(const IrFunc *f, int b)
{
	CHECK(b >= 0 && b < f->blocks.n);
	return f->blocks.v[b];
}

/* Marks the blocks reachable from `from`. seen must hold f->blocks.n. */
static void
reach_from(const IrFunc *f, int from, bool *seen)
{
	int *stack = calloc((size_t)f->blocks.n + 1, sizeof(int));
	int sp = 0;
	memset(seen, 0, sizeof(bool) * (size_t)f->blocks.n);
	stack[sp++] = from;
	seen[from] = true;
	while (sp > 0) {
		const IrBlock *b = f->blocks.v[stack[--sp]];
		int ns = b->term == T_GOTO ? 1 : b->term == T_BRANCH ? 2 : 0;
		for (int k = 0; k < ns; k++) {
			int s = b->succ[k];
			if (s >= 0 && s < f->blocks.n && !seen[s]) {
				seen[s] = true;
				stack[sp++] = s;
			}
		}
	}
	free(stack);
}

static bool
reaches(const IrFunc *f, int from, int to)
{
	bool *seen = calloc((size_t)f->blocks.n, sizeof(bool));
	reach_from(f, from, seen);
	bool r = seen[to];
	free(seen);
	return r;
}

static bool
is_reachable(const IrFunc *f, int b)
{
	return reaches(f, 0, b);
}

/* Skips blocks that hold nothing and only jump on. */
static int
follow(const IrFunc *f, int b)
{
	for (int guard = 0; guard < f->blocks.n; guard++) {
		const IrBlock *bl = B(f, b);
		if (bl->ev.n != 0 || bl->term != T_GOTO)
			return b;
		b = bl->succ[0];
	}
	return b;
}

static const char *
var_name(const IrFunc *f, int var)
{
	if (var < 0 || var >= f->vars.n)
		return "?";
	return f->vars.v[var].kind == VAR_TEMP ? "%t" : f->vars.v[var].name;
}

static void
cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	if (len >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static void
acc_text(const IrFunc *f, Access a, char *buf, size_t size)
{
	if (a.deref && !a.field)
		cat(buf, size, "*");
	cat(buf, size, "%s", var_name(f, a.var));
	if (a.index)
		cat(buf, size, "[]");
	if (a.field)
		cat(buf, size, "%s%s", a.deref ? "->" : ".", a.field);
	if (a.deep)
		cat(buf, size, "...");
}

static void
val_text(const IrFunc *f, Value v, char *buf, size_t size)
{
	switch (v.kind) {
	case VAL_NONE: cat(buf, size, "-"); break;
	case VAL_UNKNOWN: cat(buf, size, "?"); break;
	case VAL_INT: cat(buf, size, "%lld", v.ival); break;
	case VAL_STR: cat(buf, size, "\"%s\"", v.str); break;
	case VAL_ACCESS: acc_text(f, v.acc, buf, size); break;
	case VAL_ADDR: cat(buf, size, "&"); acc_text(f, v.acc, buf, size); break;
	case VAL_FUNC: cat(buf, size, "fn:%s", v.str); break;
	case VAL_STEP: acc_text(f, v.acc, buf, size); cat(buf, size, " %+lld", v.ival); break;
	}
}

static void
event_text(const IrFunc *f, const IrEvent *e, char *buf, size_t size)
{
	switch (e->kind) {
	case EV_CALL:
		cat(buf, size, "%s%s(", e->cleanup ? "cleanup " : "",
		    e->callee ? e->callee : "<indirect>");
		for (int k = 0; k < e->nargs; k++) {
			if (k)
				cat(buf, size, ", ");
			val_text(f, e->args[k], buf, size);
		}
		cat(buf, size, ")");
		break;
	case EV_ASSIGN:
		acc_text(f, e->dst, buf, size);
		cat(buf, size, "=");
		val_text(f, e->src, buf, size);
		break;
	case EV_KILL:
		cat(buf, size, "kill %s", var_name(f, e->var));
		break;
	case EV_USE:
		cat(buf, size, "use ");
		val_text(f, e->src, buf, size);
		break;
	}
}

/* The events of the straight path from `from`, through gotos, up to the
 * first terminator that is not a goto (or a block met twice: "loop").
 * Returns the block it stops at. */
static int
trace(const IrFunc *f, int from, char *buf, size_t size)
{
	bool *seen = calloc((size_t)f->blocks.n, sizeof(bool));
	int b = from;
	buf[0] = '\0';
	for (;;) {
		const IrBlock *bl = B(f, b);
		if (seen[b]) {
			cat(buf, size, "loop");
			break;
		}
		seen[b] = true;
		for (int i = 0; i < bl->ev.n; i++) {
			event_text(f, &bl->ev.v[i], buf, size);
			cat(buf, size, "; ");
		}
		if (bl->term == T_GOTO) {
			b = bl->succ[0];
			continue;
		}
		switch (bl->term) {
		case T_BRANCH:
			cat(buf, size, "if %s", bl->cond.text ? bl->cond.text : "?");
			break;
		case T_RETURN:
			cat(buf, size, "return ");
			val_text(f, bl->ret, buf, size);
			break;
		case T_EXIT: cat(buf, size, "exit"); break;
		case T_LONGJMP: cat(buf, size, "longjmp"); break;
		default: cat(buf, size, "none"); break;
		}
		break;
	}
	free(seen);
	return b;
}

static char tbuf[2048];

/* trace() into a static buffer. */
static const char *
T(const IrFunc *f, int from)
{
	trace(f, from, tbuf, sizeof(tbuf));
	return tbuf;
}

/* The reachable branch whose condition text is `text` (-1: none); it must
 * be the only one. */
static int
branch_on(const IrFunc *f, const char *text)
{
	int found = -1;
	for (int i = 0; i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		if (b->term == T_BRANCH && b->cond.text && strcmp(b->cond.text, text) == 0 &&
		    is_reachable(f, i)) {
			CHECK(found < 0);
			found = i;
		}
	}
	if (found < 0) {
		ir_dump(f, stderr);
		fail_msg("no reachable branch on '%s'", text);
	}
	return found;
}

static bool
plain_acc(Access a)
{
	return !a.field && !a.deref && !a.index && !a.deep;
}

/* The reachable branch testing `var op rhs`, or -1. */
static int
branch_cmp(const IrFunc *f, const char *var, CmpOp op, long long rhs)
{
	for (int i = 0; i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		if (b->term == T_BRANCH && b->cond.known && b->cond.op == op &&
		    b->cond.rhs == rhs && b->cond.lhs.var >= 0 &&
		    strcmp(f->vars.v[b->cond.lhs.var].name, var) == 0 && is_reachable(f, i))
			return i;
	}
	return -1;
}

/* The reachable block holding a call to callee (the first by id), or -1;
 * *ev gets the event's index. */
static int
call_block(const IrFunc *f, const char *callee, int *ev)
{
	for (int i = 0; i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		for (int j = 0; j < b->ev.n; j++)
			if (b->ev.v[j].kind == EV_CALL && b->ev.v[j].callee &&
			    strcmp(b->ev.v[j].callee, callee) == 0 && is_reachable(f, i)) {
				if (ev)
					*ev = j;
				return i;
			}
	}
	return -1;
}

static const IrEvent *
call_event(const IrFunc *f, const char *callee)
{
	int ev = -1;
	int b = call_block(f, callee, &ev);
	if (b < 0) {
		ir_dump(f, stderr);
		fail_msg("no reachable call to '%s'", callee);
	}
	return &f->blocks.v[b]->ev.v[ev];
}

/* Reachable calls to callee; cleanup: only those made by a cleanup
 * attribute (1), only others (0), all (-1). */
static int
count_calls(const IrFunc *f, const char *callee, int cleanup)
{
	int n = 0;
	for (int i = 0; i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		if (!is_reachable(f, i))
			continue;
		for (int j = 0; j < b->ev.n; j++) {
			const IrEvent *e = &b->ev.v[j];
			if (e->kind == EV_CALL && e->callee && strcmp(e->callee, callee) == 0 &&
			    (cleanup < 0 || e->cleanup == (cleanup == 1)))
				n++;
		}
	}
	return n;
}

static int
var_index(const IrFunc *f, const char *name)
{
	for (int i = 0; i < f->vars.n; i++)
		if (strcmp(f->vars.v[i].name, name) == 0)
			return i;
	ir_dump(f, stderr);
	fail_msg("no variable '%s'", name);
	return -1;
}

static const char *
lhs_name(const IrFunc *f, const IrBlock *b)
{
	return f->vars.v[b->cond.lhs.var].name;
}

static int
loop_of_call(const IrFunc *f, const char *callee)
{
	int b = call_block(f, callee, NULL);
	CHECK(b >= 0);
	return f->blocks.v[b]->loop;
}

/* Every reachable block ends in a real terminator. */
static void
check_terminated(const IrFunc *f)
{
	for (int i = 0; i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		CHECK(b->term != T_NONE);
		if (b->term == T_GOTO)
			CHECK(b->succ[0] >= 0 && b->succ[0] < f->blocks.n);
		if (b->term == T_BRANCH)
			CHECK(b->succ[0] >= 0 && b->succ[0] < f->blocks.n &&
			      b->succ[1] >= 0 && b->succ[1] < f->blocks.n);
	}
}

/* ---- straight-line code and scopes ------------------------------------- */

static void
test_compound(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	a();\n"
		"	{\n"
		"		int x = get();\n"
		"		put(x);\n"
		"		{ int y = x; put(y); }\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	check_terminated(f);
	CHECK_STR(T(f, 0), "a(); get(); x=%t; kill %t; put(x); y=x; put(y); kill y; "
			   "kill x; d(); return -");
	CHECK(f->loops.n == 0);
	CHECK(f->nparams == 0);
	/* Variables: declared locals with their types. */
	int x = var_index(f, "x");
	CHECK(f->vars.v[x].kind == VAR_LOCAL);
	CHECK(f->vars.v[x].is_scalar && !f->vars.v[x].is_pointer);
	CHECK_STR(f->vars.v[x].type, "int");
	CHECK(f->vars.v[x].loc.line == 8);
	CHECK_STR(f->name, "f");
	CHECK(f->loc.line == 5);
	CHECK(f->end.line == 13);
}

static void
test_params_and_pointers(void **state)
{
	const IrFunc *f = lower(
		"struct S { void *h; struct S *next; };\n"
		"static void *gp;\n"
		"void *f(struct S *s, void **pp, int n) {\n"
		"	void *p = pget();\n"
		"	s->h = p;\n"
		"	*pp = p;\n"
		"	gp = p;\n"
		"	s->next->h = p;\n"
		"	return p;\n"
		"}\n", "f");
	CHECK(f->nparams == 3);
	CHECK(f->returns_pointer);
	CHECK_STR(f->vars.v[0].name, "s");
	CHECK(f->vars.v[0].kind == VAR_PARAM && f->vars.v[0].is_pointer);
	CHECK(f->vars.v[2].kind == VAR_PARAM && !f->vars.v[2].is_pointer);
	CHECK(f->vars.v[var_index(f, "gp")].kind == VAR_GLOBAL);
	CHECK_STR(T(f, 0), "pget(); p=%t; kill %t; use s; s->h=p; use pp; *pp=p; gp=p; "
			   "use s; use s->next; s->h...=p; return p");
}

/* ---- if / else ------------------------------------------------------------ */

static void
test_if_else(void **state)
{
	const IrFunc *f = lower(
		"int f(int x) {\n"
		"	if (x > 0)\n"
		"		a();\n"
		"	else\n"
		"		b();\n"
		"	d();\n"
		"	return 0;\n"
		"}\n", "f");
	check_terminated(f);
	int br = branch_on(f, "x > 0");
	CHECK(br == follow(f, 0));
	const IrBlock *bb = B(f, br);
	CHECK(bb->cond.known && !bb->cond.bare);
	CHECK_STR(lhs_name(f, bb), "x");
	CHECK(bb->cond.op == OP_GT && bb->cond.rhs == 0);
	CHECK(bb->cond.loc.line == 6);
	CHECK_STR(T(f, bb->succ[0]), "a(); d(); return 0");
	CHECK_STR(T(f, bb->succ[1]), "b(); d(); return 0");
	/* both arms join: d() is in one block */
	CHECK(count_calls(f, "d", -1) == 1);
}

static void
test_if_without_else(void **state)
{
	const IrFunc *f = lower(
		"void f(int x) {\n"
		"	if (x == 2) {\n"
		"		int t = get();\n"
		"		put(t);\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	int br = branch_on(f, "x == 2");
	CHECK(B(f, br)->cond.op == OP_EQ && B(f, br)->cond.rhs == 2);
	CHECK_STR(T(f, B(f, br)->succ[0]), "get(); t=%t; kill %t; put(t); kill t; d(); return -");
	CHECK_STR(T(f, B(f, br)->succ[1]), "d(); return -");
}

static void
test_if_else_if_chain(void **state)
{
	const IrFunc *f = lower(
		"void f(int x) {\n"
		"	if (x == 1) a();\n"
		"	else if (x == 2) b();\n"
		"	else c();\n"
		"	d();\n"
		"}\n", "f");
	int b1 = branch_on(f, "x == 1"), b2 = branch_on(f, "x == 2");
	CHECK_STR(T(f, B(f, b1)->succ[0]), "a(); d(); return -");
	CHECK(follow(f, B(f, b1)->succ[1]) == b2);
	CHECK_STR(T(f, B(f, b2)->succ[0]), "b(); d(); return -");
	CHECK_STR(T(f, B(f, b2)->succ[1]), "c(); d(); return -");
}

/* Constant conditions pick their edge: nothing branches. */
static void
test_if_constant(void **state)
{
	const IrFunc *f = lower(
		"enum { ON = 1 };\n"
		"void f(void) {\n"
		"	if (0) a();\n"
		"	if (ON) b();\n"
		"	if (2 > 1) c();\n"
		"	d();\n"
		"}\n", "f");
	CHECK_STR(T(f, 0), "b(); c(); d(); return -");
	CHECK(call_block(f, "a", NULL) < 0);
}

/* ---- loops ------------------------------------------------------------------ */

static void
test_while(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	while (n > 0) {\n"
		"		if (n == 3) {\n"
		"			a();\n"
		"			continue;\n"
		"		}\n"
		"		if (n == 7)\n"
		"			break;\n"
		"		b();\n"
		"		n--;\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	check_terminated(f);
	int head = branch_on(f, "n > 0");
	CHECK(follow(f, 0) == head);
	CHECK(f->loops.n == 1);
	const IrLoop *lp = &f->loops.v[0];
	CHECK_STR(lp->kind, "while");
	CHECK(lp->head == head);
	CHECK(lp->parent == 0);
	CHECK(lp->loc.line == 6);
	CHECK(B(f, head)->succ[1] == lp->exit);
	CHECK_STR(T(f, lp->exit), "d(); return -");
	/* continue goes back to the test, break to the exit */
	int c3 = branch_on(f, "n == 3"), c7 = branch_on(f, "n == 7");
	CHECK(trace(f, B(f, c3)->succ[0], tbuf, sizeof(tbuf)) == head);
	CHECK_STR(tbuf, "a(); if n > 0");
	CHECK_STR(T(f, B(f, c7)->succ[0]), "d(); return -");
	CHECK(trace(f, B(f, c7)->succ[1], tbuf, sizeof(tbuf)) == head);
	CHECK_STR(tbuf, "b(); n=n -1; if n > 0");
	/* blocks inside the loop know it, the exit does not */
	CHECK(B(f, head)->loop == 1);
	CHECK(loop_of_call(f, "a") == 1);
	CHECK(loop_of_call(f, "b") == 1);
	CHECK(loop_of_call(f, "d") == 0);
	CHECK(B(f, lp->exit)->loop == 0);
}

static void
test_do_while(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	a();\n"
		"	do {\n"
		"		b();\n"
		"		if (n == 2)\n"
		"			continue;\n"
		"		n++;\n"
		"	} while (n < 5);\n"
		"	d();\n"
		"}\n", "f");
	check_terminated(f);
	/* the body runs before the first test */
	CHECK_STR(T(f, 0), "a(); b(); if n == 2");
	CHECK(f->loops.n == 1);
	const IrLoop *lp = &f->loops.v[0];
	CHECK_STR(lp->kind, "do");
	CHECK(lp->head == call_block(f, "b", NULL));
	int test = branch_on(f, "n < 5");
	CHECK(follow(f, B(f, test)->succ[0]) == lp->head);
	CHECK(B(f, test)->succ[1] == lp->exit);
	CHECK_STR(T(f, lp->exit), "d(); return -");
	/* continue goes to the test, not to the top */
	int c2 = branch_on(f, "n == 2");
	CHECK(trace(f, B(f, c2)->succ[0], tbuf, sizeof(tbuf)) == test);
	CHECK_STR(tbuf, "if n < 5");
	CHECK_STR(T(f, B(f, c2)->succ[1]), "n=n +1; if n < 5");
	CHECK(B(f, test)->loop == 1);
	CHECK(loop_of_call(f, "a") == 0 && loop_of_call(f, "d") == 0);
}

static void
test_for_full(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	for (int i = 0; i < 10; i++) {\n"
		"		if (i == 5)\n"
		"			continue;\n"
		"		a();\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	check_terminated(f);
	int head = branch_on(f, "i < 10");
	CHECK(trace(f, 0, tbuf, sizeof(tbuf)) == head);
	CHECK_STR(tbuf, "i=0; if i < 10");
	CHECK(f->loops.n == 1);
	CHECK_STR(f->loops.v[0].kind, "for");
	CHECK(f->loops.v[0].head == head);
	CHECK(B(f, head)->succ[1] == f->loops.v[0].exit);
	/* the loop variable dies when the loop ends */
	CHECK_STR(T(f, f->loops.v[0].exit), "kill i; d(); return -");
	int c5 = branch_on(f, "i == 5");
	CHECK(follow(f, B(f, head)->succ[0]) == c5);
	/* continue runs the increment */
	CHECK_STR(T(f, B(f, c5)->succ[0]), "i=i +1; if i < 10");
	CHECK_STR(T(f, B(f, c5)->succ[1]), "a(); i=i +1; if i < 10");
	CHECK(loop_of_call(f, "a") == 1 && loop_of_call(f, "d") == 0);
}

static void
test_for_without_init(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	for (; n < 10; n++)\n"
		"		a();\n"
		"}\n", "f");
	int head = branch_on(f, "n < 10");
	CHECK(follow(f, 0) == head);
	CHECK_STR(T(f, B(f, head)->succ[0]), "a(); n=n +1; if n < 10");
	CHECK_STR(T(f, B(f, head)->succ[1]), "return -");
	CHECK(f->loops.n == 1 && f->loops.v[0].head == head);
}

static void
test_for_without_cond(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	for (n = 0;; n++) {\n"
		"		if (n == 5)\n"
		"			break;\n"
		"		a();\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	check_terminated(f);
	int brk = branch_on(f, "n == 5");
	CHECK(trace(f, 0, tbuf, sizeof(tbuf)) == brk);
	CHECK_STR(tbuf, "n=0; if n == 5");
	CHECK(f->loops.n == 1);
	const IrLoop *lp = &f->loops.v[0];
	/* no test: the head only jumps into the body */
	CHECK(B(f, lp->head)->term == T_GOTO);
	CHECK(trace(f, B(f, brk)->succ[1], tbuf, sizeof(tbuf)) == brk);
	CHECK_STR(tbuf, "a(); n=n +1; if n == 5");
	/* the exit is reached only by the break */
	CHECK_STR(T(f, B(f, brk)->succ[0]), "d(); return -");
	CHECK(follow(f, B(f, brk)->succ[0]) == lp->exit || reaches(f, B(f, brk)->succ[0], lp->exit));
}

static void
test_for_without_inc(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	int n;\n"
		"	for (n = 0; n < 10;)\n"
		"		n = get();\n"
		"}\n", "f");
	int head = branch_on(f, "n < 10");
	CHECK_STR(T(f, 0), "n=0; if n < 10");
	CHECK_STR(T(f, B(f, head)->succ[0]), "get(); n=%t; kill %t; if n < 10");
}

static void
test_for_ever(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	for (;;) {\n"
		"		if (n)\n"
		"			break;\n"
		"		a();\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	int br = branch_on(f, "n");
	CHECK(B(f, br)->cond.bare);
	CHECK_STR(T(f, 0), "if n");
	CHECK_STR(T(f, B(f, br)->succ[0]), "d(); return -");
	CHECK(trace(f, B(f, br)->succ[1], tbuf, sizeof(tbuf)) == br);
	CHECK_STR(tbuf, "a(); if n");
	CHECK(f->loops.n == 1);
}

static void
test_for_two_declarations(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	for (int i = 0, j = get(); i < 4; i++, j--)\n"
		"		put(i + j);\n"
		"	d();\n"
		"}\n", "f");
	int head = branch_on(f, "i < 4");
	CHECK_STR(T(f, 0), "i=0; get(); j=%t; kill %t; if i < 4");
	CHECK_STR(T(f, B(f, head)->succ[0]), "put(?); i=i +1; j=j -1; if i < 4");
	CHECK_STR(T(f, B(f, head)->succ[1]), "kill j; kill i; d(); return -");
}

static void
test_loops_nested(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	while (n > 0) {\n"
		"		for (int i = 0; i < 3; i++)\n"
		"			do {\n"
		"				a();\n"
		"			} while (n == 9);\n"
		"		b();\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	check_terminated(f);
	CHECK(f->loops.n == 3);
	CHECK_STR(f->loops.v[0].kind, "while");
	CHECK_STR(f->loops.v[1].kind, "for");
	CHECK_STR(f->loops.v[2].kind, "do");
	CHECK(f->loops.v[0].parent == 0);
	CHECK(f->loops.v[1].parent == 1);
	CHECK(f->loops.v[2].parent == 2);
	CHECK(f->loops.v[0].head == branch_on(f, "n > 0"));
	CHECK(f->loops.v[1].head == branch_on(f, "i < 3"));
	CHECK(f->loops.v[2].head == call_block(f, "a", NULL));
	CHECK(loop_of_call(f, "a") == 3);
	CHECK(loop_of_call(f, "b") == 1);     /* after the for, in the while */
	CHECK(loop_of_call(f, "d") == 0);
	CHECK(B(f, f->loops.v[2].exit)->loop == 2);
	CHECK(B(f, f->loops.v[1].exit)->loop == 1);
	CHECK(B(f, f->loops.v[0].exit)->loop == 0);
	for (int i = 0; i < 3; i++) {
		CHECK(is_reachable(f, f->loops.v[i].head));
		CHECK(is_reachable(f, f->loops.v[i].exit));
		CHECK(reaches(f, f->loops.v[i].head, f->loops.v[i].head) ||
		      B(f, f->loops.v[i].head)->term != T_RETURN);
	}
}

/* ---- switch ------------------------------------------------------------------ */

/* Case bodies in braces; enum and constant-expression case values. */
static void
test_switch_structure(void **state)
{
	const IrFunc *f = lower(
		"enum { A = 3, B, C = 10 };\n"
		"int f(int x) {\n"
		"	int r = 0;\n"
		"	switch (x) {\n"
		"	case A: {\n"
		"		a();\n"
		"	}\n"
		"	case B: {\n"
		"		b();\n"
		"		break;\n"
		"	}\n"
		"	case C + 1: {\n"
		"		return 5;\n"
		"	}\n"
		"	default: {\n"
		"		c();\n"
		"	}\n"
		"	}\n"
		"	d();\n"
		"	return r;\n"
		"}\n", "f");
	check_terminated(f);
	int c3 = branch_cmp(f, "x", OP_EQ, 3);
	int c4 = branch_cmp(f, "x", OP_EQ, 4);
	int c11 = branch_cmp(f, "x", OP_EQ, 11);
	CHECK(c3 >= 0 && c4 >= 0 && c11 >= 0);
	CHECK_STR(B(f, c3)->cond.text, "x");
	/* fall through from case A into case B; break leaves the switch */
	CHECK_STR(T(f, B(f, c3)->succ[0]), "a(); b(); d(); return r");
	CHECK_STR(T(f, B(f, c4)->succ[0]), "b(); d(); return r");
	CHECK_STR(T(f, B(f, c11)->succ[0]), "return 5");
	/* no case matches: default */
	int last = c3;
	while (follow(f, B(f, last)->succ[1]) != last && B(f, follow(f, B(f, last)->succ[1]))->term == T_BRANCH)
		last = follow(f, B(f, last)->succ[1]);
	CHECK_STR(T(f, B(f, last)->succ[1]), "c(); d(); return r");
	CHECK(count_calls(f, "d", -1) == 1);
}

static void
test_switch_no_default(void **state)
{
	const IrFunc *f = lower(
		"void f(int x) {\n"
		"	switch (x) {\n"
		"	case 1: { a(); break; }\n"
		"	case 2: { b(); break; }\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	int c1 = branch_cmp(f, "x", OP_EQ, 1), c2 = branch_cmp(f, "x", OP_EQ, 2);
	CHECK(c1 >= 0 && c2 >= 0);
	CHECK(follow(f, B(f, c1)->succ[1]) == c2);
	CHECK_STR(T(f, B(f, c2)->succ[1]), "d(); return -");
	CHECK_STR(T(f, B(f, c1)->succ[0]), "a(); d(); return -");
	CHECK_STR(T(f, B(f, c2)->succ[0]), "b(); d(); return -");
}

/* Statements written directly after a case label (no braces), the usual
 * way: they belong to that case. */
static void
test_switch_case_statements(void **state)
{
	const IrFunc *f = lower(
		"int f(int x, void *p) {\n"
		"	int r = 0;\n"
		"	switch (x) {\n"
		"	case 1:\n"
		"		pput(p);\n"
		"		break;\n"
		"	case 2:\n"
		"		r = 2;\n"
		"	case 3:\n"
		"		a();\n"
		"		break;\n"
		"	default:\n"
		"		r = 9;\n"
		"	}\n"
		"	return r;\n"
		"}\n", "f");
	int c1 = branch_cmp(f, "x", OP_EQ, 1);
	int c2 = branch_cmp(f, "x", OP_EQ, 2);
	int c3 = branch_cmp(f, "x", OP_EQ, 3);
	CHECK(c1 >= 0 && c2 >= 0 && c3 >= 0);
	CHECK_STR(T(f, B(f, c1)->succ[0]), "pput(p); return r");
	CHECK_STR(T(f, B(f, c2)->succ[0]), "r=2; a(); return r");
	CHECK_STR(T(f, B(f, c3)->succ[0]), "a(); return r");
	CHECK_STR(T(f, B(f, c3)->succ[1]), "r=9; return r");
}

static void
test_switch_in_loop(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	while (n > 0) {\n"
		"		switch (n) {\n"
		"		case 1: { continue; }\n"
		"		case 2: { break; }\n"
		"		}\n"
		"		a();\n"
		"	}\n"
		"}\n", "f");
	int head = branch_on(f, "n > 0");
	int c1 = branch_cmp(f, "n", OP_EQ, 1), c2 = branch_cmp(f, "n", OP_EQ, 2);
	CHECK(c1 >= 0 && c2 >= 0);
	/* continue in a switch continues the loop; break leaves the switch */
	CHECK(trace(f, B(f, c1)->succ[0], tbuf, sizeof(tbuf)) == head);
	CHECK_STR(tbuf, "if n > 0");
	CHECK_STR(T(f, B(f, c2)->succ[0]), "a(); if n > 0");
	CHECK(B(f, c1)->loop == 1);
}

/* ---- goto and labels ------------------------------------------------------- */

static void
test_goto(void **state)
{
	const IrFunc *f = lower(
		"int f(int n) {\n"
		"again:\n"
		"	a();\n"
		"	if (n > 0)\n"
		"		goto out;\n"
		"	n++;\n"
		"	goto again;\n"
		"out:\n"
		"	return n;\n"
		"}\n", "f");
	check_terminated(f);
	int br = branch_on(f, "n > 0");
	CHECK_STR(T(f, 0), "a(); if n > 0");
	CHECK_STR(T(f, B(f, br)->succ[0]), "return n");       /* forward */
	CHECK(trace(f, B(f, br)->succ[1], tbuf, sizeof(tbuf)) == br);
	CHECK_STR(tbuf, "n=n +1; a(); if n > 0");                   /* backward */
	CHECK(reaches(f, br, br));
}

static void
test_goto_out_of_scope(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	{\n"
		"		int x = get();\n"
		"		if (x == 2)\n"
		"			goto done;\n"
		"		put(x);\n"
		"	}\n"
		"	a();\n"
		"done:\n"
		"	d();\n"
		"}\n", "f");
	int br = branch_on(f, "x == 2");
	CHECK_STR(T(f, B(f, br)->succ[0]), "kill x; d(); return -");
	CHECK_STR(T(f, B(f, br)->succ[1]), "put(x); kill x; a(); d(); return -");
}

/* A backward goto makes a loop: ir.h lists "goto" among IrLoop kinds. */
static void
test_goto_loop_recorded(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	a();\n"
		"retry:\n"
		"	b();\n"
		"	if (n-- > 0)\n"
		"		goto retry;\n"
		"	d();\n"
		"}\n", "f");
	int head = call_block(f, "b", NULL);
	CHECK(head >= 0);
	CHECK(f->loops.n == 1);
	CHECK_STR(f->loops.v[0].kind, "goto");
	CHECK(f->loops.v[0].head == head);
	CHECK(loop_of_call(f, "b") == 1);
	CHECK(loop_of_call(f, "a") == 0);
	CHECK(loop_of_call(f, "d") == 0);
}

/* A goto within the same scope kills nothing. */
static void
test_goto_same_scope(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	int x = get();\n"
		"	if (x)\n"
		"		goto done;\n"
		"	put(x);\n"
		"done:\n"
		"	d();\n"
		"}\n", "f");
	int br = branch_on(f, "x");
	CHECK_STR(T(f, B(f, br)->succ[0]), "d(); return -");
	CHECK_STR(T(f, B(f, br)->succ[1]), "put(x); d(); return -");
}

/* A label inside a loop body is inside the loop: its block (and what
 * follows it) must carry the loop's index. */
static void
test_label_in_loop(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	for (int i = 0; i < n; i++) {\n"
		"		if (i == 2)\n"
		"			goto next;\n"
		"		a();\n"
		"	next:\n"
		"		b();\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	CHECK(f->loops.n == 1);
	CHECK(loop_of_call(f, "a") == 1);
	CHECK(loop_of_call(f, "d") == 0);
	CHECK(loop_of_call(f, "b") == 1);
}

/* ---- return ------------------------------------------------------------------ */

static void
test_return_nested(void **state)
{
	const IrFunc *f = lower(
		"int f(int n) {\n"
		"	while (n) {\n"
		"		{\n"
		"			if (n == 4) {\n"
		"				int y = get();\n"
		"				return y;\n"
		"			}\n"
		"		}\n"
		"		n--;\n"
		"	}\n"
		"	return 0;\n"
		"}\n"
		"void g(int n) {\n"
		"	if (n) {\n"
		"		{\n"
		"			a();\n"
		"			return;\n"
		"		}\n"
		"	}\n"
		"	b();\n"
		"}\n", "f");
	int br = branch_on(f, "n == 4");
	/* returning kills nothing: the engine checks handles at exits */
	CHECK_STR(T(f, B(f, br)->succ[0]), "get(); y=%t; kill %t; return y");
	int head = branch_on(f, "n");
	CHECK_STR(T(f, B(f, head)->succ[1]), "return 0");
	const IrBlock *rb = B(f, trace(f, B(f, br)->succ[0], tbuf, sizeof(tbuf)));
	CHECK(rb->term == T_RETURN && rb->ret.kind == VAL_ACCESS);
	CHECK(rb->loc.line == 10);

	const IrFunc *g = cur_fn = ir_unit_find(unit, "g");
	CHECK(g != NULL);
	int gb = branch_on(g, "n");
	CHECK_STR(T(g, B(g, gb)->succ[0]), "a(); return -");
	CHECK_STR(T(g, B(g, gb)->succ[1]), "b(); return -");
	CHECK(count_calls(g, "b", -1) == 1);
}

/* The returned call result is not killed; other temporaries are. */
static void
test_return_call(void **state)
{
	const IrFunc *f = lower(
		"void *f(void) { return pget(); }\n"
		"int g(void) { return get() + get(); }\n", "f");
	CHECK_STR(T(f, 0), "pget(); return %t");
	const IrBlock *rb = B(f, trace(f, 0, tbuf, sizeof(tbuf)));
	CHECK(rb->ret.kind == VAL_ACCESS && f->vars.v[rb->ret.acc.var].kind == VAR_TEMP);
	const IrFunc *g = cur_fn = ir_unit_find(unit, "g");
	CHECK_STR(T(g, 0), "get(); get(); kill %t; kill %t; return ?");
}

/* ---- conditions: && || ! ?: and comma ----------------------------------------- */

static void
test_and(void **state)
{
	const IrFunc *f = lower(
		"void f(int x, int y) {\n"
		"	if (x > 0 && y < 5)\n"
		"		a();\n"
		"	else\n"
		"		b();\n"
		"}\n", "f");
	int b1 = branch_on(f, "x > 0"), b2 = branch_on(f, "y < 5");
	CHECK(follow(f, 0) == b1);
	CHECK(follow(f, B(f, b1)->succ[0]) == b2);
	CHECK_STR(T(f, B(f, b2)->succ[0]), "a(); return -");
	CHECK_STR(T(f, B(f, b2)->succ[1]), "b(); return -");
	CHECK(follow(f, B(f, b1)->succ[1]) == follow(f, B(f, b2)->succ[1]));
	CHECK(B(f, b2)->cond.op == OP_LT && B(f, b2)->cond.rhs == 5);
	CHECK_STR(lhs_name(f, B(f, b2)), "y");
}

static void
test_or(void **state)
{
	const IrFunc *f = lower(
		"void f(int x, int y) {\n"
		"	if (x > 0 || y < 5)\n"
		"		a();\n"
		"	else\n"
		"		b();\n"
		"}\n", "f");
	int b1 = branch_on(f, "x > 0"), b2 = branch_on(f, "y < 5");
	CHECK(follow(f, B(f, b1)->succ[1]) == b2);
	CHECK(follow(f, B(f, b1)->succ[0]) == follow(f, B(f, b2)->succ[0]));
	CHECK_STR(T(f, B(f, b1)->succ[0]), "a(); return -");
	CHECK_STR(T(f, B(f, b2)->succ[1]), "b(); return -");
}

static void
test_not_and_nesting(void **state)
{
	const IrFunc *f = lower(
		"void f(int x, int y, int z) {\n"
		"	if (!(x > 0))\n"
		"		a();\n"
		"	if ((x == 1 || y == 2) && !z)\n"
		"		b();\n"
		"}\n", "f");
	int n1 = branch_on(f, "x > 0");
	CHECK_STR(T(f, B(f, n1)->succ[1]), "a(); if x == 1");
	CHECK_STR(T(f, B(f, n1)->succ[0]), "if x == 1");
	int bx = branch_on(f, "x == 1"), by = branch_on(f, "y == 2"), bz = branch_on(f, "z");
	CHECK(follow(f, B(f, bx)->succ[0]) == bz);
	CHECK(follow(f, B(f, bx)->succ[1]) == by);
	CHECK(follow(f, B(f, by)->succ[0]) == bz);
	CHECK(B(f, bz)->cond.bare && B(f, bz)->cond.op == OP_NE && B(f, bz)->cond.rhs == 0);
	CHECK_STR(T(f, B(f, bz)->succ[1]), "b(); return -");    /* !z: z == 0 */
	CHECK_STR(T(f, B(f, bz)->succ[0]), "return -");
	CHECK_STR(T(f, B(f, by)->succ[1]), "return -");
}

static void
test_conditional_in_condition(void **state)
{
	const IrFunc *f = lower(
		"void f(int x, int y) {\n"
		"	if (x ? y > 0 : y < 0)\n"
		"		a();\n"
		"	d();\n"
		"}\n", "f");
	int bx = branch_on(f, "x"), bp = branch_on(f, "y > 0"), bn = branch_on(f, "y < 0");
	CHECK(follow(f, B(f, bx)->succ[0]) == bp);
	CHECK(follow(f, B(f, bx)->succ[1]) == bn);
	CHECK(follow(f, B(f, bp)->succ[0]) == follow(f, B(f, bn)->succ[0]));
	CHECK_STR(T(f, B(f, bp)->succ[0]), "a(); d(); return -");
	CHECK_STR(T(f, B(f, bn)->succ[1]), "d(); return -");
}

/* ?: and && as values: a temporary set on each edge. */
static void
test_conditional_value(void **state)
{
	const IrFunc *f = lower(
		"void f(int x, int y) {\n"
		"	int k = x ? get() : 2;\n"
		"	put(k);\n"
		"	int z = x > 0 && y > 0;\n"
		"	put(z);\n"
		"}\n", "f");
	int bx = branch_on(f, "x");
	CHECK_STR(T(f, B(f, bx)->succ[0]), "get(); %t=%t; k=%t; kill %t; kill %t; put(k); if x > 0");
	CHECK_STR(T(f, B(f, bx)->succ[1]), "%t=2; k=%t; kill %t; kill %t; put(k); if x > 0");
	int b1 = branch_on(f, "x > 0"), b2 = branch_on(f, "y > 0");
	CHECK(follow(f, B(f, b1)->succ[0]) == b2);
	CHECK_STR(T(f, B(f, b2)->succ[0]), "%t=1; z=%t; kill %t; put(z); return -");
	CHECK_STR(T(f, B(f, b2)->succ[1]), "%t=0; z=%t; kill %t; put(z); return -");
	CHECK_STR(T(f, B(f, b1)->succ[1]), "%t=0; z=%t; kill %t; put(z); return -");
}

/* `ok = (rc == 0)` keeps a precise flag. */
static void
test_comparison_value(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	int rc = get();\n"
		"	int ok = (rc == 0);\n"
		"	int bad = !rc;\n"
		"	put(ok + bad);\n"
		"}\n", "f");
	int b1 = branch_on(f, "rc == 0");
	CHECK_STR(T(f, B(f, b1)->succ[0]), "%t=1; ok=%t; kill %t; if rc");
	CHECK_STR(T(f, B(f, b1)->succ[1]), "%t=0; ok=%t; kill %t; if rc");
	int b2 = branch_on(f, "rc");
	CHECK_STR(T(f, B(f, b2)->succ[1]), "%t=1; bad=%t; kill %t; put(?); return -");
}

static void
test_comma(void **state)
{
	const IrFunc *f = lower(
		"void f(int x) {\n"
		"	int w = (a(), get());\n"
		"	if (b(), x > 0)\n"
		"		put(w);\n"
		"}\n", "f");
	int br = branch_on(f, "x > 0");
	CHECK(trace(f, 0, tbuf, sizeof(tbuf)) == br);
	CHECK_STR(tbuf, "a(); get(); w=%t; kill %t; b(); if x > 0");
	CHECK_STR(T(f, B(f, br)->succ[0]), "put(w); return -");
}

/* ---- GNU statement expressions -------------------------------------------- */

static void
test_stmt_expr(void **state)
{
	const IrFunc *f = lower(
		"int f(int x) {\n"
		"	int v = ({ a(); get(); });\n"
		"	int w = ({ if (x) b(); 7; });\n"
		"	return v + w;\n"
		"}\n", "f");
	int br = branch_on(f, "x");
	CHECK(trace(f, 0, tbuf, sizeof(tbuf)) == br);
	CHECK_STR(tbuf, "a(); get(); v=%t; kill %t; if x");
	CHECK_STR(T(f, B(f, br)->succ[0]), "b(); w=7; return ?");
	CHECK_STR(T(f, B(f, br)->succ[1]), "w=7; return ?");
}

/* A statement expression is a scope: its cleanup variables are cleaned up
 * and its locals die at its end, before the enclosing statement goes on. */
static void
test_stmt_expr_scope(void **state)
{
	const IrFunc *f = lower(
		"int use(void *);\n"
		"int f(void) {\n"
		"	int v = ({ __attribute__((cleanup(fin))) void *q = pget(); use(q); });\n"
		"	a();\n"
		"	return v;\n"
		"}\n", "f");
	CHECK(count_calls(f, "fin", 1) == 1);
	const IrEvent *e = call_event(f, "fin");
	CHECK(e->cleanup && e->nargs == 1 && e->args[0].kind == VAL_ADDR);
	CHECK_STR(f->vars.v[e->args[0].acc.var].name, "q");
	/* q is cleaned up and dies before a() */
	const char *t = T(f, 0);
	const char *pc = strstr(t, "cleanup fin(&q)"), *pk = strstr(t, "kill q"),
		   *pa = strstr(t, "a()");
	CHECK(pc && pk && pa && pc < pa && pk < pa);
}

/* ---- noreturn calls ----------------------------------------------------------- */

static void
test_noreturn(void **state)
{
	const IrFunc *f = lower(
		"#include <stdlib.h>\n"
		"#include <setjmp.h>\n"
		"_Noreturn void die1(void);\n"
		"__attribute__((noreturn)) void die2(int);\n"
		"void die3(const char *) __attribute__((__noreturn__));\n"
		"static jmp_buf jb;\n"
		"void f(int n) {\n"
		"	if (n == 1) exit(1);\n"
		"	if (n == 2) abort();\n"
		"	if (n == 3) die1();\n"
		"	if (n == 4) die2(1);\n"
		"	if (n == 5) die3(\"x\");\n"
		"	if (n == 6) longjmp(jb, 1);\n"
		"	if (n == 7) _Exit(2);\n"
		"	d();\n"
		"}\n", "f");
	static const struct { int n; const char *callee; TermKind how; } cases[] = {
		{1, "exit", T_EXIT}, {2, "abort", T_EXIT}, {3, "die1", T_EXIT},
		{4, "die2", T_EXIT}, {5, "die3", T_EXIT}, {6, "longjmp", T_LONGJMP},
		{7, "_Exit", T_EXIT},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int br = branch_cmp(f, "n", OP_EQ, cases[i].n);
		CHECK(br >= 0);
		int end = follow(f, B(f, br)->succ[0]);
		const IrBlock *eb = B(f, end);
		if (eb->term != cases[i].how)
			fail_msg("%s: block b%d ends in %d, want %d", cases[i].callee, end,
				 (int)eb->term, (int)cases[i].how);
		CHECK(eb->ev.n >= 1);
		const IrEvent *last = &eb->ev.v[eb->ev.n - 1];
		CHECK(last->kind == EV_CALL);
		CHECK_STR(last->callee, cases[i].callee);
		CHECK(eb->loc.line == 11 + cases[i].n);
	}
	/* nothing after a noreturn call is reachable from it; d() still is */
	CHECK(call_block(f, "d", NULL) >= 0);
	CHECK(count_calls(f, "d", -1) == 1);
}

/* <stdnoreturn.h>'s `noreturn` is C11's _Noreturn. */
static void
test_noreturn_stdnoreturn(void **state)
{
	const IrFunc *f = lower(
		"#include <stdnoreturn.h>\n"
		"noreturn void fatal(const char *);\n"
		"void f(int n) {\n"
		"	if (n)\n"
		"		fatal(\"x\");\n"
		"	d();\n"
		"}\n", "f");
	int br = branch_on(f, "n");
	CHECK_STR(T(f, B(f, br)->succ[0]), "fatal(\"x\"); exit");
}

/* C23 [[noreturn]] before the declaration. */
static void
test_noreturn_c23_attribute(void **state)
{
	const IrFunc *f = lower_std("-std=c2x",
		"[[noreturn]] void fatal(const char *);\n"
		"void f(int n) {\n"
		"	if (n)\n"
		"		fatal(\"x\");\n"
		"	d();\n"
		"}\n", "f");
	int br = branch_on(f, "n");
	CHECK_STR(T(f, B(f, br)->succ[0]), "fatal(\"x\"); exit");
}

/* Only the callee's own noreturn counts, not a noreturn function pointer
 * it takes nor a type whose name contains "noreturn". */
static void
test_not_noreturn(void **state)
{
	const IrFunc *f = lower(
		"typedef void noreturn_fn(void);\n"
		"void set_handler(noreturn_fn *h);\n"
		"void on_fatal(void (*cb)(int) __attribute__((noreturn)));\n"
		"void f(noreturn_fn *h, void (*cb)(int) __attribute__((noreturn))) {\n"
		"	set_handler(h);\n"
		"	a();\n"
		"	on_fatal(cb);\n"
		"	b();\n"
		"}\n", "f");
	CHECK_STR(T(f, 0), "set_handler(h); a(); on_fatal(cb); b(); return -");
}

/* ---- cleanup attribute ----------------------------------------------------- */

static void
check_cleanup_event(const IrFunc *f, const IrEvent *e, const char *var)
{
	CHECK(e->kind == EV_CALL && e->cleanup);
	CHECK_STR(e->callee, "fin");
	CHECK(e->nargs == 1 && e->args[0].kind == VAL_ADDR);
	CHECK_STR(f->vars.v[e->args[0].acc.var].name, var);
	CHECK(!e->has_dst);
}

static void
test_cleanup_exits(void **state)
{
	const IrFunc *f = lower(
		"int f(int n) {\n"
		"	__attribute__((cleanup(fin))) void *p = pget();\n"
		"	if (n)\n"
		"		return 1;\n"
		"	{\n"
		"		__attribute__((cleanup(fin))) void *q = pget();\n"
		"		if (n > 2)\n"
		"			goto out;\n"
		"		a();\n"
		"	}\n"
		"	b();\n"
		"out:\n"
		"	return 0;\n"
		"}\n", "f");
	check_terminated(f);
	CHECK(f->vars.v[var_index(f, "p")].cleanup != NULL);
	CHECK_STR(f->vars.v[var_index(f, "p")].cleanup, "fin");
	int b1 = branch_on(f, "n"), b2 = branch_on(f, "n > 2");
	/* return: the cleanup runs before leaving */
	CHECK_STR(T(f, B(f, b1)->succ[0]), "cleanup fin(&p); return 1");
	/* goto out of the inner scope: q, then (at the return) p */
	CHECK_STR(T(f, B(f, b2)->succ[0]), "cleanup fin(&q); kill q; cleanup fin(&p); return 0");
	/* normal end of the inner scope */
	CHECK_STR(T(f, B(f, b2)->succ[1]),
		  "a(); cleanup fin(&q); kill q; b(); cleanup fin(&p); return 0");
	check_cleanup_event(f, call_event(f, "fin"), "p");
	/* p: two exits (return 1, return 0); q: two (goto, end of scope) */
	CHECK(count_calls(f, "fin", 1) == 4);
	CHECK(count_calls(f, "fin", 0) == 0);
}

static void
test_cleanup_loops(void **state)
{
	const IrFunc *f = lower(
		"void f(int n) {\n"
		"	while (n > 0) {\n"
		"		__attribute__((cleanup(fin))) void *q = pget();\n"
		"		if (n == 3)\n"
		"			continue;\n"
		"		if (n == 4)\n"
		"			break;\n"
		"		n--;\n"
		"	}\n"
		"	d();\n"
		"}\n"
		"void g(int n) {\n"
		"	for (__attribute__((cleanup(fin))) void *r = pget(); n < 4; n++)\n"
		"		if (n == 2)\n"
		"			return;\n"
		"	d();\n"
		"}\n"
		"void h(int n) {\n"
		"	__attribute__((cleanup(fin))) void *s = pget();\n"
		"	a();\n"
		"}\n"
		"void k(int n) {\n"
		"	switch (n) {\n"
		"	case 1: {\n"
		"		__attribute__((cleanup(fin))) void *u = pget();\n"
		"		a();\n"
		"		break;\n"
		"	}\n"
		"	}\n"
		"	d();\n"
		"}\n", "f");
	int head = branch_on(f, "n > 0");
	int c3 = branch_on(f, "n == 3"), c4 = branch_on(f, "n == 4");
	CHECK(trace(f, B(f, c3)->succ[0], tbuf, sizeof(tbuf)) == head);
	CHECK_STR(tbuf, "cleanup fin(&q); kill q; if n > 0");               /* continue */
	CHECK_STR(T(f, B(f, c4)->succ[0]), "cleanup fin(&q); kill q; d(); return -"); /* break */
	CHECK_STR(T(f, B(f, c4)->succ[1]), "n=n -1; cleanup fin(&q); kill q; if n > 0"); /* end */

	const IrFunc *g = cur_fn = ir_unit_find(unit, "g");
	int gh = branch_on(g, "n < 4"), g2 = branch_on(g, "n == 2");
	CHECK_STR(T(g, B(g, g2)->succ[0]), "cleanup fin(&r); return -");
	CHECK_STR(T(g, B(g, gh)->succ[1]), "cleanup fin(&r); kill r; d(); return -");

	/* break out of a case's block leaves that block */
	const IrFunc *k = cur_fn = ir_unit_find(unit, "k");
	int k1 = branch_cmp(k, "n", OP_EQ, 1);
	CHECK(k1 >= 0);
	CHECK_STR(T(k, B(k, k1)->succ[0]), "pget(); u=%t; kill %t; a(); cleanup fin(&u); kill u; d(); return -");

	/* falling off the end of the function runs the cleanup too */
	const IrFunc *h = cur_fn = ir_unit_find(unit, "h");
	CHECK_STR(T(h, 0), "pget(); s=%t; kill %t; a(); cleanup fin(&s); return -");
}

/* ---- NULL and status tests -------------------------------------------------- */

static void
test_null_tests(void **state)
{
	const IrFunc *f = lower(
		"void f(void *p) {\n"
		"	if (!p) a();\n"
		"	if (p == NULL) b();\n"
		"	if (NULL != p) c();\n"
		"	if (p) d();\n"
		"}\n", "f");
	int p = var_index(f, "p");
	CHECK(f->vars.v[p].is_pointer);
	/* !p: the branch tests p != 0 with its edges swapped */
	int b0 = follow(f, 0);
	const IrBlock *nb = B(f, b0);
	CHECK(nb->term == T_BRANCH && nb->cond.known && nb->cond.bare);
	CHECK(nb->cond.lhs.var == p && plain_acc(nb->cond.lhs));
	CHECK(nb->cond.op == OP_NE && nb->cond.rhs == 0);
	CHECK_STR(nb->cond.text, "p");
	int ba = call_block(f, "a", NULL);
	CHECK(follow(f, nb->succ[1]) == ba);
	CHECK(!reaches(f, nb->succ[0], ba));

	/* p == NULL */
	int bb = call_block(f, "b", NULL);
	int be = follow(f, B(f, ba)->succ[0]);
	CHECK(follow(f, nb->succ[0]) == be);
	const IrBlock *eb = B(f, be);
	CHECK(eb->term == T_BRANCH && eb->cond.known && !eb->cond.bare);
	CHECK(eb->cond.lhs.var == p && eb->cond.op == OP_EQ && eb->cond.rhs == 0);
	CHECK(follow(f, eb->succ[0]) == bb);
	CHECK_STR(eb->cond.text, "p == NULL");

	/* NULL != p: the constant is swapped to the right */
	int bc = call_block(f, "c", NULL);
	int bn = follow(f, B(f, bb)->succ[0]);
	CHECK(follow(f, eb->succ[1]) == bn);
	const IrBlock *cb = B(f, bn);
	CHECK(cb->term == T_BRANCH && cb->cond.known && !cb->cond.bare);
	CHECK(cb->cond.lhs.var == p && cb->cond.op == OP_NE && cb->cond.rhs == 0);
	CHECK(follow(f, cb->succ[0]) == bc);

	/* if (p) */
	int bp = follow(f, B(f, bc)->succ[0]);
	CHECK(bp != b0 && follow(f, cb->succ[1]) == bp);
	CHECK(B(f, bp)->cond.bare && B(f, bp)->cond.op == OP_NE && B(f, bp)->cond.lhs.var == p);
	CHECK_STR(B(f, bp)->cond.text, "p");
	CHECK_STR(T(f, B(f, bp)->succ[0]), "d(); return -");

	/* the text of a condition that starts with a macro is its own text */
	CHECK_STR(cb->cond.text, "NULL != p");
}

static void
test_null_test_of_assignment(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	void *p;\n"
		"	if ((p = pget()) == NULL)\n"
		"		return;\n"
		"	void *q;\n"
		"	if (!(q = pget()))\n"
		"		a();\n"
		"	pput(p);\n"
		"}\n", "f");
	int b1 = branch_on(f, "(p = pget()) == NULL");
	CHECK(B(f, b1)->cond.known);
	CHECK(B(f, b1)->cond.lhs.var == var_index(f, "p"));
	CHECK(B(f, b1)->cond.op == OP_EQ && B(f, b1)->cond.rhs == 0);
	CHECK_STR(T(f, 0), "pget(); p=%t; if (p = pget()) == NULL");
	/* the call's temporary dies on both edges */
	CHECK_STR(T(f, B(f, b1)->succ[0]), "kill %t; return -");
	int b2 = branch_on(f, "q = pget()");
	CHECK(B(f, b2)->cond.lhs.var == var_index(f, "q") && B(f, b2)->cond.op == OP_NE);
	CHECK_STR(T(f, B(f, b2)->succ[1]), "kill %t; a(); pput(p); return -");
}

static void
test_status_tests(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	int rc = get();\n"
		"	if (rc != 0) a();\n"
		"	if (rc < 0) b();\n"
		"	if (-1 == rc) c();\n"
		"	if (0 > rc) d();\n"
		"	if (get() >= 0) a();\n"
		"}\n", "f");
	int rc = var_index(f, "rc");
	int b1 = branch_on(f, "rc != 0");
	CHECK(B(f, b1)->cond.known && B(f, b1)->cond.lhs.var == rc);
	CHECK(B(f, b1)->cond.op == OP_NE && B(f, b1)->cond.rhs == 0);
	int b2 = branch_on(f, "rc < 0");
	CHECK(B(f, b2)->cond.op == OP_LT && B(f, b2)->cond.rhs == 0);
	/* a constant on the left is swapped to the right */
	int b3 = branch_on(f, "-1 == rc");
	CHECK(B(f, b3)->cond.lhs.var == rc && B(f, b3)->cond.op == OP_EQ && B(f, b3)->cond.rhs == -1);
	int b4 = branch_on(f, "0 > rc");
	CHECK(B(f, b4)->cond.lhs.var == rc && B(f, b4)->cond.op == OP_LT && B(f, b4)->cond.rhs == 0);
	/* a call result tested at once: its temporary, killed on both edges */
	int b5 = branch_on(f, "get() >= 0");
	const IrBlock *bb = B(f, b5);
	CHECK(bb->cond.known && f->vars.v[bb->cond.lhs.var].kind == VAR_TEMP);
	CHECK(bb->cond.op == OP_GE && bb->cond.rhs == 0);
	for (int k = 0; k < 2; k++) {
		const IrBlock *s = B(f, bb->succ[k]);
		CHECK(s->ev.n >= 1 && s->ev.v[0].kind == EV_KILL && s->ev.v[0].var == bb->cond.lhs.var);
	}
	/* a condition comparing two variables is unknown */
	const IrFunc *g = lower("void g(int x, int y) { if (x < y) a(); }\n", "g");
	int bg = follow(g, 0);
	CHECK(B(g, bg)->term == T_BRANCH && !B(g, bg)->cond.known);
	CHECK_STR(B(g, bg)->cond.text, "x < y");
}

static void
test_enum_constants(void **state)
{
	const IrFunc *f = lower(
		"enum st { OK = 0, BAD = -2, BIG = 1 << 4, NEXT };\n"
		"void f(int rc) {\n"
		"	int x = BAD;\n"
		"	if (rc == BAD) a();\n"
		"	if (rc != BIG) b();\n"
		"	if (rc == NEXT) c();\n"
		"	if (rc == OK + 1) d();\n"
		"	put(x);\n"
		"}\n", "f");
	CHECK(branch_cmp(f, "rc", OP_EQ, -2) >= 0);
	CHECK(branch_cmp(f, "rc", OP_NE, 16) >= 0);
	CHECK(branch_cmp(f, "rc", OP_EQ, 17) >= 0);
	CHECK(branch_cmp(f, "rc", OP_EQ, 1) >= 0);
	CHECK_STR(T(f, 0), "x=-2; if rc == BAD");
}

/* ---- values ------------------------------------------------------------------- */

static void
test_string_literals(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	log_s(\"abc\" \"def\");\n"
		"	log_s(\"a\\tb\\n\");\n"
		"	log_s(\"say \\\"hi\\\"\");\n"
		"	log_s(\"\");\n"
		"}\n", "f");
	CHECK_STR(T(f, 0), "log_s(\"abcdef\"); log_s(\"a\tb\n\"); log_s(\"say \"hi\"\"); "
			   "log_s(\"\"); return -");
	const IrEvent *e = call_event(f, "log_s");
	CHECK(e->nargs == 1 && e->args[0].kind == VAL_STR);
	CHECK_STR(e->args[0].str, "abcdef");
}

/* A literal that comes from a macro has the macro's text; adjacent literals
 * are joined also when one of them comes from a macro. */
static void
test_string_literal_macros(void **state)
{
	const IrFunc *f = lower(
		"#define SQL \"SELECT 1\"\n"
		"#define LEVEL \" ISOLATION LEVEL SERIALIZABLE\"\n"
		"void f(void) {\n"
		"	log_s(\"one\");\n"
		"	log_s(SQL);\n"
		"	log_s(\"BEGIN\" LEVEL);\n"
		"}\n", "f");
	CHECK_STR(T(f, 0), "log_s(\"one\"); log_s(\"SELECT 1\"); "
			   "log_s(\"BEGIN ISOLATION LEVEL SERIALIZABLE\"); return -");
}

static void
test_values(void **state)
{
	const IrFunc *f = lower(
		"struct S { void *h; };\n"
		"void take(void *, int, void (*)(void), struct S *, char);\n"
		"void f(struct S s, int *ip) {\n"
		"	take(s.h, sizeof(int), a, &s, 'x');\n"
		"	take(0, -3, 0, 0, 1 + 2);\n"
		"	ip[2] = 5;\n"
		"}\n", "f");
	CHECK_STR(T(f, 0), "take(s.h, 4, fn:a, &s, 120); take(0, -3, 0, 0, 3); use ip; ip[]=5; return -");
	CHECK(f->vars.v[var_index(f, "s")].is_aggregate);
}

/* ---- temporaries ------------------------------------------------------------- */

static void
test_temps_killed(void **state)
{
	const IrFunc *f = lower(
		"void f(void) {\n"
		"	put(get());\n"
		"	int x;\n"
		"	x = get() + get();\n"
		"	get();\n"
		"	pput(pget());\n"
		"	put(x);\n"
		"}\n", "f");
	CHECK_STR(T(f, 0), "get(); put(%t); kill %t; get(); get(); x=?; kill %t; kill %t; "
			   "get(); kill %t; pget(); pput(%t); kill %t; put(x); return -");
	/* each call result has its own temporary, killed in the statement's block */
	int nkills = 0, ntemps = 0;
	for (int i = 0; i < f->vars.n; i++)
		ntemps += f->vars.v[i].kind == VAR_TEMP;
	const IrBlock *b = B(f, 0);
	for (int i = 0; i < b->ev.n; i++)
		if (b->ev.v[i].kind == EV_KILL) {
			nkills++;
			CHECK(f->vars.v[b->ev.v[i].var].kind == VAR_TEMP);
		}
	CHECK(ntemps == 5 && nkills == 5);
	/* and the kill comes right after the statement's last event */
	const IrEvent *e = &b->ev.v[0];
	CHECK(e->kind == EV_CALL && e->has_dst && f->vars.v[e->dst.var].kind == VAR_TEMP);
	CHECK(b->ev.v[2].kind == EV_KILL && b->ev.v[2].var == e->dst.var);
	CHECK(b->ev.v[2].loc.line == 6);
}

/* Dead code after return/break is lowered harmlessly: not reachable. */
static void
test_dead_code(void **state)
{
	const IrFunc *f = lower(
		"int f(int n) {\n"
		"	return n;\n"
		"	a();\n"
		"	while (n) { break; b(); }\n"
		"}\n", "f");
	check_terminated(f);
	CHECK_STR(T(f, 0), "return n");
	CHECK(call_block(f, "a", NULL) < 0);
	CHECK(call_block(f, "b", NULL) < 0);
}

/* Several functions in one unit, in source order; declarations only are
 * not lowered. */
static void
test_unit_functions(void **state)
{
	lower("static int helper(int x) { return x; }\n"
	      "int main(void) { return helper(1); }\n", "main");
	CHECK(unit->funcs.n == 2);
	CHECK_STR(unit->funcs.v[0]->name, "helper");
	CHECK_STR(unit->funcs.v[1]->name, "main");
	CHECK(ir_unit_find(unit, "a") == NULL);
	CHECK(unit->funcs.v[0]->analyse);
	CHECK_STR(unit->file, "test.c");
}

/* A parse error is reported through Diag with its position. */
static void
test_parse_error(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	const char *args[] = {"-std=gnu11"};
	unit = frontend_lower_string(fe, "bad.c", "int f(void) { return x; }\n", 1, args, &d);
	assert_non_null(unit);
	assert_true(d.errors >= 1);
	assert_non_null(strstr(d.last, "bad.c:1:"));
	assert_non_null(strstr(d.last, "x"));
	/* what was parsed is still lowered */
	assert_non_null(ir_unit_find(unit, "f"));
}

/* A body nested deeper than the lowering goes (250 blocks, two levels
 * each) is cut short, and a note says which function: nothing is dropped
 * silently.  A function of ordinary depth beside it gives no note. */
static void
test_nesting_limit(void **state)
{
	enum { LEVELS = 250 };
	size_t n = 200 + (size_t)LEVELS * 24;
	char *text = malloc(n), *p = text;
	p += sprintf(p, "int flat(int n) { return n; }\nint deep(int n) {\n");
	for (int i = 0; i < LEVELS; i++)
		p += sprintf(p, "if (n > %d) {\n", i);
	p += sprintf(p, "n++;\n");
	for (int i = 0; i < LEVELS; i++)
		p += sprintf(p, "}\n");
	sprintf(p, "return n;\n}\n");
	Diag d;
	diag_init(&d, NULL);
	const char *args[] = {"-std=gnu11"};
	unit = frontend_lower_string(fe, "deep.c", text, 1, args, &d);
	free(text);
	assert_non_null(unit);
	assert_int_equal(d.errors, 0);
	assert_false(ir_unit_find(unit, "flat")->truncated);
	assert_true(ir_unit_find(unit, "deep")->truncated);
	assert_string_equal(d.last, "deep.c:2:5: note: 'deep' is nested more than 400 deep: what is "
			    "nested deeper is not analysed; findings for it may be incomplete");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T_(name) cmocka_unit_test_teardown(name, teardown)
		T_(test_compound),
		T_(test_params_and_pointers),
		T_(test_if_else),
		T_(test_if_without_else),
		T_(test_if_else_if_chain),
		T_(test_if_constant),
		T_(test_while),
		T_(test_do_while),
		T_(test_for_full),
		T_(test_for_without_init),
		T_(test_for_without_cond),
		T_(test_for_without_inc),
		T_(test_for_ever),
		T_(test_for_two_declarations),
		T_(test_loops_nested),
		T_(test_switch_structure),
		T_(test_switch_no_default),
		T_(test_switch_case_statements),
		T_(test_switch_in_loop),
		T_(test_goto),
		T_(test_goto_out_of_scope),
		T_(test_goto_loop_recorded),
		T_(test_goto_same_scope),
		T_(test_label_in_loop),
		T_(test_return_nested),
		T_(test_return_call),
		T_(test_and),
		T_(test_or),
		T_(test_not_and_nesting),
		T_(test_conditional_in_condition),
		T_(test_conditional_value),
		T_(test_comparison_value),
		T_(test_comma),
		T_(test_stmt_expr),
		T_(test_stmt_expr_scope),
		T_(test_noreturn),
		T_(test_noreturn_stdnoreturn),
		T_(test_noreturn_c23_attribute),
		T_(test_not_noreturn),
		T_(test_cleanup_exits),
		T_(test_cleanup_loops),
		T_(test_null_tests),
		T_(test_null_test_of_assignment),
		T_(test_status_tests),
		T_(test_enum_constants),
		T_(test_string_literals),
		T_(test_string_literal_macros),
		T_(test_values),
		T_(test_temps_killed),
		T_(test_dead_code),
		T_(test_unit_functions),
		T_(test_parse_error),
		T_(test_nesting_limit),
#undef T_
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
