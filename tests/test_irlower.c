/* SPDX-License-Identifier: MIT */
/*
 * What the lowering writes into the IR for issue 10's unknown calls and
 * declared constants, read from the IR's text (ir_dump()): which arguments
 * go to a pointer-to-const parameter (`const p`), which elements of a local
 * array are members (`argv[0]`), and which conditions become jumps because
 * they test a constant the unit declares (consts.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "frontend.h"
#include "ir.h"
#include "units.h"

static Frontend *fe;

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

/* The unit of src, which must compile; the caller frees it. */
static IrUnit *
unit_of(const char *src)
{
	Diag d;
	diag_init(&d, stderr);
	const char *args[] = {"-std=gnu11"};
	IrUnit *u = frontend_lower_string(fe, "test.c", src, 1, args, &d);
	assert_non_null(u);
	if (d.errors)
		fail_msg("the test source does not compile: %s", d.last);
	return u;
}

/* The dump of function name of src, or a failed test; the caller frees it. */
static char *
dump_of(const char *src, const char *name)
{
	IrUnit *u = unit_of(src);
	const IrFunc *f = ir_unit_find(u, name);
	if (!f)
		fail_msg("no function '%s' in the unit", name);
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	ir_dump(f, out);
	fclose(out);
	ir_unit_free(u);
	return buf;
}

#define HAS(dump, text) do { \
	if (!strstr((dump), (text))) \
		fail_msg("%s:%d: no \"%s\" in\n%s", __FILE__, __LINE__, (text), (dump)); \
} while (0)

#define LACKS(dump, text) do { \
	if (strstr((dump), (text))) \
		fail_msg("%s:%d: \"%s\" in\n%s", __FILE__, __LINE__, (text), (dump)); \
} while (0)

static const char calls_src[] =
	"struct q { char *buf; };\n"
	"void print_line(const char *s);\n"
	"void adopt(char *s);\n"
	"void adopt_fixed(char *const s);\n"
	"void show_q(const struct q *q);\n"
	"void run(char *const argv[]);\n"
	"void log_all(const char *fmt, ...);\n"
	"void queue_all(int n, ...);\n"
	"int legacy();\n"
	"typedef const char *cstr;\n"
	"void print_typed(cstr s);\n"
	"void f(char *p, void (*sink)(const char *))\n"
	"{\n"
	"	struct q q;\n"
	"	char *argv[2];\n"
	"	q.buf = p;\n"
	"	argv[0] = p;\n"
	"	argv[1] = 0;\n"
	"	print_line(p);\n"
	"	adopt(p);\n"
	"	adopt_fixed(p);\n"
	"	show_q(&q);\n"
	"	run(argv);\n"
	"	log_all(\"%s\", p);\n"
	"	log_all(p, p);\n"
	"	queue_all(1, p);\n"
	"	legacy(p);\n"
	"	sink(p);\n"
	"	print_typed(p);\n"
	"	print_line(\"literal\");\n"
	"}\n";

/* IrEvent.borrowed: the declared parameters that point to const, of a
 * direct call with a prototype, for arguments that name storage. */
static void
test_const_parameters(void **state)
{
	char *d = dump_of(calls_src, "f");
	HAS(d, "print_line(const p)");
	HAS(d, "adopt(p)");
	HAS(d, "adopt_fixed(p)");        /* char *const: the pointer is const */
	HAS(d, "show_q(const &q)");
	HAS(d, "run(const argv)");       /* char *const *: the pointee is const */
	HAS(d, "log_all(\"%s\", const p)"); /* printf-like: lent */
	HAS(d, "log_all(const p, const p)");
	HAS(d, "queue_all(1, p)");       /* the variadic part of another */
	HAS(d, "legacy(p)");             /* no prototype */
	HAS(d, "<indirect>(p)");         /* through a function pointer */
	HAS(d, "print_typed(const p)");  /* through a typedef */
	HAS(d, "print_line(\"literal\")");
	free(d);
}

/* Local arrays used only at constant indexes: elements are members. */
static void
test_array_elements(void **state)
{
	char *d = dump_of(calls_src, "f");
	HAS(d, "argv[0] = p");
	HAS(d, "argv[1] = 0");
	HAS(d, "q.buf = p");
	free(d);
	d = dump_of("void use(char **v);\n"
		    "void g(char *p, int i)\n"
		    "{\n"
		    "	char *v[4], *w[4];\n"
		    "	v[0] = p;\n"
		    "	v[i] = 0;\n"           /* v: any element */
		    "	w[0] = p;\n"
		    "	char **pw = w;\n"      /* w: copied to a pointer */
		    "	use(pw);\n"
		    "}\n", "g");
	HAS(d, "v[]{v[0]} = p");        /* any element, spelt */
	HAS(d, "w[]{w[0]} = p");
	LACKS(d, "v[0] = p");           /* not as a member */
	free(d);
}

/* Members of a union are one storage: lowered by one name, its first
 * pointer's. */
static void
test_union_members(void **state)
{
	(void)state;
	char *d = dump_of("union u { int n; char *a; char *b; };\n"
			  "struct s { union u v; char *c; };\n"
			  "void g(char *p, struct s *x)\n"
			  "{\n"
			  "	union u w;\n"
			  "	w.b = p;\n"
			  "	x->v.b = p;\n"
			  "	x->v.n = 0;\n"
			  "	x->c = p;\n"
			  "}\n", "g");
	HAS(d, "w.a = p");              /* its first pointer */
	HAS(d, "{x->v.a} = p");
	HAS(d, "{x->v.a} = 0");
	HAS(d, "x->c = p");
	LACKS(d, ".b");
	LACKS(d, ".n");
	free(d);
}

/* A local function pointer set to one function is a direct call of it;
 * one set to two, or whose address is taken, stays indirect. */
static void
test_local_function_pointers(void **state)
{
	(void)state;
	char *d = dump_of("void one(char *);\n"
			  "void two(char *);\n"
			  "void keep(void (**)(char *));\n"
			  "void g(char *p, int k)\n"
			  "{\n"
			  "	void (*f)(char *) = one;\n"
			  "	void (*h)(char *) = one;\n"
			  "	void (*t)(char *) = &one;\n"
			  "	void (*q)(char *) = one;\n"
			  "	if (k)\n"
			  "		h = two;\n"
			  "	keep(&q);\n"
			  "	f(p);\n"
			  "	(*t)(p);\n"
			  "	h(p);\n"
			  "	q(p);\n"
			  "}\n", "g");
	HAS(d, "13: one(p)");
	HAS(d, "14: one(p)");
	HAS(d, "15: <indirect>(p)");
	HAS(d, "16: <indirect>(p)");
	free(d);
}

/* A test of a sum of counts against a small constant is lowered as the
 * count: one test per term, a count that is not 0 or 1 tested `== 1`, a
 * truth value (`!!p`) never; a term with a call keeps the plain test. */
static void
test_sum_of_counts(void **state)
{
	(void)state;
	char *d = dump_of("int f(void);\n"
			  "void g(int a, int b, char *p, int c)\n"
			  "{\n"
			  "	if (a + b + !!p > 1)\n"
			  "		return;\n"
			  "	if (c + f() > 1)\n"
			  "		return;\n"
			  "}\n", "g");
	HAS(d, "if a != 0 then");
	HAS(d, "if a == 1 then");
	HAS(d, "if b != 0 then");
	HAS(d, "if b == 1 then");
	HAS(d, "if p != 0 then");
	LACKS(d, "p == 1");
	LACKS(d, "c != 0");
	HAS(d, "6: %t4 = f()\n  if ? then");
	free(d);
}

/* Which globals only the unit's own functions reach (IrVar.confined):
 * statics, not arrays, whose address no code of the unit takes. */
static void
test_confined_statics(void **state)
{
	(void)state;
	IrUnit *u = unit_of("struct s { int *p; int n; };\n"
			    "static int *kept;\n"
			    "static int *taken;\n"
			    "static struct s member_taken;\n"
			    "static struct s whole;\n"
			    "static int *table[4];\n"
			    "int *shared;\n"
			    "static int **slot = &taken;\n"
			    "void use(int **);\n"
			    "void f(void)\n"
			    "{\n"
			    "	static int *local;\n"
			    "	use(&member_taken.p);\n"
			    "	kept = taken = whole.p = table[0] = shared = local = 0;\n"
			    "	(void)slot;\n"
			    "}\n");
	const IrFunc *f = ir_unit_find(u, "f");
	assert_non_null(f);
	static const struct { const char *name; bool confined; } want[] = {
		{"kept", true}, {"taken", false}, {"member_taken", false}, {"whole", true},
		{"table", false}, {"shared", false}, {"local", true}, {"slot", true},
	};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		int found = -1;
		for (int v = 0; v < f->vars.n; v++)
			if (strcmp(f->vars.v[v].name, want[k].name) == 0)
				found = v;
		if (found < 0)
			fail_msg("no variable '%s'", want[k].name);
		if (f->vars.v[found].confined != want[k].confined)
			fail_msg("'%s' confined: %d", want[k].name, f->vars.v[found].confined);
	}
	ir_unit_free(u);
}

static const char consts_src[] =
	"static const int DEBUG = 0;\n"
	"const int LEVEL = 2;\n"
	"enum { OFF };\n"
	"#define ON 1\n"
	"static int verbose;\n"
	"static int retries = 3;\n"
	"static int changed, bumped, aliased, in_asm;\n"
	"extern const int ELSEWHERE;\n"
	"static volatile int stop;\n"
	"static const int TWICE = LEVEL * 2;\n"
	"static int zero(void) { return 0; }\n"
	"static int three(int x) { if (x) return 3; return 1 + 2; }\n"
	"static int varies(int x) { if (x) return 1; return 0; }\n"
	"static int loops(int x) { return x ? loops(x - 1) : 0; }\n"
	"static int *where(void) { return &aliased; }\n"
	"static int via_init;\n"
	"static int *const taken = &via_init;\n"   /* written through taken */
	"void set(void) { changed = 1; bumped++; __asm__(\"\" : \"=r\"(in_asm)); }\n"
	"void a(void); void b(void);\n"
	"void k(int x)\n"
	"{\n"
	"	if (DEBUG) a();\n"
	"	if (LEVEL > 1) b();\n"
	"	if (OFF || !ON) a();\n"
	"	if (verbose) a();\n"
	"	if (retries != 3) a();\n"
	"	if (zero()) a();\n"
	"	if (three(x) == 3) b();\n"
	"	if (TWICE != 4) a();\n"
	"	switch (retries) { case 1: a(); break; case 3: b(); break; }\n"
	"	if (changed) a();\n"
	"	if (bumped) a();\n"
	"	if (aliased) a();\n"
	"	if (via_init) a();\n"
	"	if (in_asm) a();\n"
	"	if (ELSEWHERE) a();\n"
	"	if (stop) a();\n"
	"	if (varies(x)) a();\n"
	"	if (loops(x)) a();\n"
	"}\n";

/* Conditions on the unit's constants become jumps; the others stay. */
static void
test_declared_constants(void **state)
{
	char *d = dump_of(consts_src, "k");
	const char *kept[] = {"if changed != 0", "if bumped != 0", "if aliased != 0",
			      "if in_asm != 0", "if ELSEWHERE != 0", "if stop != 0",
			      "if via_init != 0"};
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		HAS(d, kept[i]);
	const char *folded[] = {"DEBUG", "LEVEL", "verbose", "retries", "TWICE"};
	for (size_t i = 0; i < sizeof folded / sizeof *folded; i++)
		LACKS(d, folded[i]);
	/* the two calls whose value is not one constant are tested; the
	 * constant ones are still called */
	int branches = 0;
	for (const char *p = d; (p = strstr(p, "  if ")); p++)
		branches++;
	assert_int_equal(branches, 9);
	HAS(d, "zero()");
	HAS(d, "three(x)");
	free(d);
}

/* Constants the code writes that overflow a long long fold as the machine
 * wraps them, without undefined behaviour in closecheck (UBSan found
 * `1 << 63` in git's ewah code: a shift into the sign bit). */
static void
test_constant_overflow(void **state)
{
	(void)state;
	char *d = dump_of("long long f(void) {\n"
			  "\treturn (1LL << 63) + (9223372036854775807LL + 1) - -(-9223372036854775807LL - 1);\n"
			  "}\n", "f");
	if (!strstr(d, "return -9223372036854775808"))
		fail_msg("not wrapped:\n%s", d);
	free(d);
}

/* A header's static functions are lowered only when the unit names them:
 * called (directly or from another such function), taken as a value in a
 * global's initializer, made a cleanup; the others not at all.  A header's
 * external definition and the main file's own are lowered as met, and the
 * unit's functions keep the order of the source.  A header named to
 * frontend_set_eager(), or whose text the editor gives, has all of its
 * functions lowered. */
static const char header_statics[] =
	"#include <stdlib.h>\n"
	"static inline void h_used(char *p) { free(p); }\n"
	"static inline char *h_chain2(void) { return malloc(4); }\n"
	"static inline char *h_chain1(void) { return h_chain2(); }\n"
	"static inline int h_unused(void) { return 0; }\n"
	"static inline void h_cb(void *p) { free(p); }\n"
	"static inline void h_cleanup(char **p) { free(*p); }\n"
	"static inline void h_called_by_unused(void) { }\n"
	"static inline void h_unused2(void) { h_called_by_unused(); }\n"
	"int h_extern(void);\n"
	"int h_extern(void) { return 1; }\n";

/* A parameter's shape and the names its type goes by, typedefs seen
 * through, then those of what it points to (IrVar.shape, .pshape,
 * .tnames: what summaries read to skip walks that cannot matter). */
static void
test_param_shapes(void **state)
{
	(void)state;
	static const char src[] =
		"struct conn;\n"
		"typedef struct conn Conn;\n"
		"typedef Conn DbConn;\n"
		"typedef Conn *Handle;\n"
		"typedef unsigned char byte;\n"
		"enum mode { M_A, M_B };\n"
		"void f(_Bool quiet, int fd, enum mode m, const char *s, const byte *b,\n"
		"       const DbConn *c, Handle h, struct conn *sc, void *any, char **pp,\n"
		"       int (*cb)(int), double d)\n"
		"{ (void)quiet; (void)fd; (void)m; (void)s; (void)b; (void)c; (void)h;\n"
		"  (void)sc; (void)any; (void)pp; (void)cb; (void)d; }\n";
	IrUnit *u = unit_of(src);
	const IrFunc *f = ir_unit_find(u, "f");
	assert_non_null(f);
	static const struct {
		uint8_t shape, pshape;
		const char *names;
	} want[] = {
		{SHAPE_BARE, SHAPE_UNKNOWN, NULL},
		{SHAPE_INT, SHAPE_UNKNOWN, NULL},
		{SHAPE_INT, SHAPE_UNKNOWN, NULL},
		{SHAPE_POINTER, SHAPE_BARE, NULL},
		{SHAPE_POINTER, SHAPE_BARE, "byte"},
		{SHAPE_POINTER, SHAPE_RECORD, "DbConn|Conn|struct conn"},
		{SHAPE_POINTER, SHAPE_RECORD, "Handle|Conn|struct conn"},
		{SHAPE_POINTER, SHAPE_RECORD, "struct conn"},
		{SHAPE_POINTER, SHAPE_VOID, NULL},
		{SHAPE_POINTER, SHAPE_POINTER, NULL},
		{SHAPE_POINTER, SHAPE_FUNC, NULL},
		{SHAPE_BARE, SHAPE_UNKNOWN, NULL},
	};
	assert_int_equal(f->nparams, (int)(sizeof(want) / sizeof(want[0])));
	for (int i = 0; i < f->nparams; i++) {
		const IrVar *v = &f->vars.v[i];
		if (v->shape != want[i].shape || v->pshape != want[i].pshape)
			fail_msg("parameter %d (%s): shape %d/%d, want %d/%d", i, v->name,
				 v->shape, v->pshape, want[i].shape, want[i].pshape);
		if (want[i].names)
			assert_string_equal(v->tnames, want[i].names);
		else
			assert_null(v->tnames);
	}
	ir_unit_free(u);
}

/* Where events begin: an expression at its first character, a member
 * p->f at p (not at f), through casts and parentheses. */
static void
test_event_columns(void **state)
{
	(void)state;
	static const char src[] =
		"struct s { char *f; struct s *next; };\n"
		"void use(char *);\n"
		"char *get(void);\n"
		"void g(struct s *p, int n)\n"
		"{\n"
		"\tp->f = get();\n"
		"\tuse(p->next->f);\n"
		"\tif (n)\n"
		"\t\tuse((char *)p->f);\n"
		"\t(p)->next->f = (get());\n"
		"}\n";
	IrUnit *u = unit_of(src);
	const IrFunc *f = ir_unit_find(u, "g");
	assert_non_null(f);
	char got[512];
	size_t len = 0;
	got[0] = '\0';
	for (int bi = 0; bi < f->blocks.n; bi++)
		for (int i = 0; i < f->blocks.v[bi]->ev.n; i++) {
			Loc l = f->blocks.v[bi]->ev.v[i].loc;
			len += (size_t)snprintf(got + len, sizeof(got) - len, "%d:%d ", l.line, l.col);
		}
	assert_string_equal(got, "6:2 6:9 6:2 6:2 7:6 7:6 7:2 9:15 9:3 10:2 10:2 10:18 10:2 10:2 ");
	ir_unit_free(u);
}

static IrUnit *
header_unit(const char *hpath, const char *htext)
{
	char unit[1024];
	snprintf(unit, sizeof(unit),
		 "#include \"%s\"\n"
		 "static void unit_static(void) { }\n"
		 "void f(void) { char *p = h_chain1(); h_used(p); }\n"
		 "void (*tbl)(void *) = h_cb;\n"
		 "void g(void) { __attribute__((cleanup(h_cleanup))) char *q = 0; (void)q; }\n",
		 hpath);
	UnsavedText bufs[] = {{"/closecheck-test/u.c", unit}, {hpath, htext}};
	char *argv[] = {"-std=gnu11"};
	UnitSpec spec = {"/closecheck-test/u.c", NULL, 1, argv, false};
	Diag d;
	diag_init(&d, stderr);
	IrUnit *u = frontend_lower_buffers(fe, &spec, bufs, htext ? 2 : 1, &d);
	assert_non_null(u);
	assert_int_equal(d.errors, 0);
	return u;
}

static void
test_header_statics(void **state)
{
	(void)state;
	char dir[] = "/tmp/closecheck-hdr-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char hpath[64];
	snprintf(hpath, sizeof(hpath), "%s/h.h", dir);
	FILE *h = fopen(hpath, "w");
	assert_non_null(h);
	fputs(header_statics, h);
	fclose(h);

	IrUnit *u = header_unit(hpath, NULL);
	const char *want[] = {"h_used", "h_chain2", "h_chain1", "h_cb", "h_cleanup",
			      "h_extern", "unit_static", "f", "g"};
	int n = (int)(sizeof(want) / sizeof(want[0]));
	for (int i = 0; i < u->funcs.n && i < n; i++)
		assert_string_equal(u->funcs.v[i]->name, want[i]);
	assert_int_equal(u->funcs.n, n);
	assert_null(ir_unit_find(u, "h_unused"));
	assert_null(ir_unit_find(u, "h_called_by_unused"));
	ir_unit_free(u);

	/* named: all twelve, in the source's order */
	const char *eager[] = {hpath};
	frontend_set_eager(fe, eager, 1);
	u = header_unit(hpath, NULL);
	frontend_set_eager(fe, NULL, 0);
	assert_int_equal(u->funcs.n, 12);
	assert_string_equal(u->funcs.v[3]->name, "h_unused");
	assert_string_equal(u->funcs.v[11]->name, "g");
	ir_unit_free(u);

	/* the editor's text of the header */
	u = header_unit(hpath, header_statics);
	assert_int_equal(u->funcs.n, 12);
	assert_non_null(ir_unit_find(u, "h_unused2"));
	ir_unit_free(u);

	/* nothing named any more: back to the first */
	u = header_unit(hpath, NULL);
	assert_int_equal(u->funcs.n, n);
	ir_unit_free(u);
	unlink(hpath);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constant_overflow),
		cmocka_unit_test(test_const_parameters),
		cmocka_unit_test(test_array_elements),
		cmocka_unit_test(test_union_members),
		cmocka_unit_test(test_local_function_pointers),
		cmocka_unit_test(test_sum_of_counts),
		cmocka_unit_test(test_confined_statics),
		cmocka_unit_test(test_declared_constants),
		cmocka_unit_test(test_header_statics),
		cmocka_unit_test(test_param_shapes),
		cmocka_unit_test(test_event_columns),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
