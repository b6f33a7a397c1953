/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of irtext.c: what it builds from the text (declarations,
 * loops, escapes, dumps that read back), and each error it reports, at the
 * file:line:col of the text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "irtext.h"

static IrUnit *
parse_ok(const char *text)
{
	Diag d;
	diag_init(&d, NULL);
	IrUnit *u = irtext_parse("t.ir", text, &d);
	if (!u || d.errors)
		fail_msg("%s", d.last);
	return u;
}

/* The one error the text gives, "t.ir:LINE:COL: error: ...". */
static void
parse_err(const char *text, const char *want)
{
	Diag d;
	diag_init(&d, NULL);
	IrUnit *u = irtext_parse("t.ir", text, &d);
	if (u)
		fail_msg("no error for:\n%s", text);
	assert_int_equal(d.errors, 1);
	if (!strstr(d.last, want))
		fail_msg("error \"%s\" lacks \"%s\"", d.last, want);
}

static char *
dump(const IrUnit *u)
{
	return irtext_dump(u);
}

static const char dumped[] =
	"func f\n"
	"b0: (loop)\n"
	"  5: %t2 = malloc(n)\n"
	"  5: p = %t2\n"
	"  6: *q[] = &s.f...\n"
	"  6: x->y = fn:worker\n"
	"  7: cleanup free(p)\n"
	"  7: <indirect>(-, ?, -3, \"a\\\"b\\n\\\\c\\x01\")\n"
	"  8: use *p\n"
	"  8: kill %t2\n"
	"  8: use = kill(use)\n"
	"  if p != 0 then b1 else b2\n"
	"b1:\n"
	"  if ? then b2 else b2\n"
	"b2:\n"
	"  return -\n"
	"b3:\n"
	"  exit\n"
	"b4:\n"
	"  longjmp\n"
	"b5:\n"
	"  <none>\n"
	"func g\n"
	"b0:\n"
	"  goto b0\n";

static void
test_dump_reads_back(void **state)
{
	IrUnit *u = parse_ok(dumped);
	char *again = dump(u);
	assert_string_equal(again, dumped);
	IrFunc *f = u->funcs.v[0];
	const IrEvent *s = &f->blocks.v[0]->ev.v[5];
	assert_int_equal(s->args[3].kind, VAL_STR);
	assert_string_equal(s->args[3].str, "a\"b\n\\c\x01");
	assert_int_equal(s->args[2].ival, -3);
	assert_true(f->blocks.v[0]->ev.v[4].cleanup);
	assert_int_equal(f->vars.v[0].kind, VAR_TEMP);
	assert_int_equal(f->vars.v[1].kind, VAR_LOCAL);
	assert_int_equal(f->loops.n, 1);
	assert_int_equal(f->blocks.v[0]->loop, 1);
	assert_string_equal(f->blocks.v[0]->cond.text, "p != 0");
	free(again);
	ir_unit_free(u);
}

/* `const` before an argument: IrEvent.borrowed; v[2]: a local array's
 * element, read as the member "[2]". */
static const char borrowed[] =
	"func f\n"
	"b0:\n"
	"  4: v[0] = p\n"
	"  5: v[1] = 0\n"
	"  6: print_line(const p, \"x\", q, const &v[1])\n"
	"  7: show(v, const v[]..., *v[0]..., m[][3]...)\n"
	"  8: run(c[]->conns...{c->conns[1]}, &c[]{c[i]})\n"
	"  return 0\n";

static void
test_borrowed_and_elements(void **state)
{
	IrUnit *u = parse_ok(borrowed);
	char *again = dump(u);
	assert_string_equal(again, borrowed);
	const IrBlock *b = u->funcs.v[0]->blocks.v[0];
	assert_string_equal(b->ev.v[0].dst.field, "[0]");
	assert_false(b->ev.v[0].dst.index);
	assert_int_equal(b->ev.v[2].borrowed, 0x9);
	assert_int_equal(b->ev.v[2].args[3].kind, VAL_ADDR);
	assert_string_equal(b->ev.v[2].args[3].acc.field, "[1]");
	assert_int_equal(b->ev.v[3].borrowed, 0x2);
	assert_true(b->ev.v[3].args[2].acc.deref);
	assert_true(b->ev.v[3].args[3].acc.index);
	/* a path the source spells: Value.str of an access */
	assert_true(b->ev.v[4].args[0].acc.deep);
	assert_string_equal(b->ev.v[4].args[0].str, "c->conns[1]");
	assert_int_equal(b->ev.v[4].args[1].kind, VAL_ADDR);
	assert_string_equal(b->ev.v[4].args[1].str, "c[i]");
	assert_null(b->ev.v[3].args[1].str);
	free(again);
	ir_unit_free(u);
	parse_err("func f\nb0:\n  3: g(c[]{c[i]) = 1\n", "expected the spelling of a path and '}'");
	parse_err("func f\nb0:\n  3: g(c[]{})\n", "expected the spelling of a path and '}'");
	parse_err("func f\nb0:\n  3: v[x] = 1\n", "expected '[]' or '[N]'");
	parse_err("func f\nb0:\n  3: v[1].f = 1\n", "an element and a field in one access");
	parse_err("func f\nb0:\n  3: v[12 = 1\n", "expected '[]' or '[N]'");
	parse_err("func f\nb0:\n  3: g(const)\n", "expected a name");
	/* 65 arguments, the last one borrowed: past what the bits hold */
	char text[600] = "func f\nb0:\n  3: g(";
	for (int i = 0; i < 64; i++)
		strcat(text, "p, ");
	strcat(text, "const p)\n");
	parse_err(text, "'const' on an argument past the 64th");
}

static void
test_declarations(void **state)
{
	IrUnit *u = parse_ok(
		"func open_db  ; a comment\n"
		"  param const char *info\n"
		"  param int n\n"
		"  local PGconn *c\n"
		"  local struct ctx x\n"
		"  global FILE *logf\n"
		"  loop for 12\n"
		"  loop while 14 in 1\n"
		"b0: (loop 2)\n"
		"  13: c = PQconnectdb(info)   ; expect: leak \"x; y\"\n"
		"  15: return c\n");
	IrFunc *f = u->funcs.v[0];
	assert_int_equal(f->nparams, 2);
	assert_int_equal(f->vars.v[0].kind, VAR_PARAM);
	assert_string_equal(f->vars.v[0].type, "const char *");
	assert_true(f->vars.v[0].is_pointer);
	assert_false(f->vars.v[1].is_pointer);
	assert_true(f->vars.v[3].is_aggregate);
	assert_false(f->vars.v[3].is_scalar);
	assert_int_equal(f->vars.v[4].kind, VAR_GLOBAL);
	assert_int_equal(f->loops.n, 2);
	assert_int_equal(f->loops.v[1].parent, 1);
	assert_int_equal(f->loops.v[1].loc.line, 14);
	assert_int_equal(f->blocks.v[0]->loop, 2);
	assert_int_equal(f->blocks.v[0]->loc.line, 15);
	assert_string_equal(f->blocks.v[0]->loc.file, "t.ir");
	ir_unit_free(u);
}

static void
test_errors(void **state)
{
	parse_err("b0:\n", "t.ir:1:1: error: expected 'func NAME'");
	parse_err("func f\nb0:\n  3: p = \n", "t.ir:3:10: error: expected a name");
	parse_err("func f\nb1:\n  return 0\n", "t.ir:2:4: error: expected block b0 here");
	parse_err("func f\nb0:\n  3: f(1\n", "t.ir:3:9: error: expected ')'");
	parse_err("func f\nb0:\n  3: f(\"ab)\n", "unterminated string");
	parse_err("func f\nb0:\n  3: f(\"a\\qb\")\n", "unknown escape");
	parse_err("func f\nb0:\n  return 0\n  4: f()\n", "t.ir:4:6: error: an event after the block's terminator");
	parse_err("func f\nb0:\n  return 0\n  return 1\n", "a second terminator");
	parse_err("func f\nb0:\n  3: f()\n", "t.ir:3:1: error: block b0 has no terminator");
	parse_err("func f\nb0:\n  3: f()\nb1:\n", "t.ir:4:1: error: block b0 has no terminator");
	parse_err("func f\nb0:\n  goto b2\nb1:\n  goto b0\n", "t.ir:1:1: error: function 'f': block b2 is used but not defined");
	parse_err("func f\nb0:\n  if p ~ 0 then b0 else b0\n", "expected a comparison");
	parse_err("func f\nb0:\n  if p == 0 then b0\n", "expected 'else'");
	parse_err("func f\nb0:\n  goto b99999999\n", "block number out of range");
	parse_err("func f\nb0:\n  3 f()\n", "expected ':' after the line number");
	parse_err("func f\nb0:\n  return 0 1\n", "unexpected text at the end of the line");
	parse_err("func f\n  local int p\n  param int q\n", "parameters come before");
	parse_err("func f\n  local int p\n  local char *p\n", "'p' is declared twice");
	parse_err("func f\n  local int *\n", "expected a variable name");
	parse_err("func f\n  loop for 3 in 2\n", "no loop 2 declared");
	parse_err("func f\nb0: (loop 1)\n", "no loop 1 declared");
	parse_err("func f\nb0:\n  return 0\n  local int x\n", "declarations come before the first block");
	parse_err("func f\nb0:\n  3: x = 99999999999999999999\n", "number out of range");
	parse_err("func f\nb0:\n  3: p.q->r = 1\n", "t.ir:3:9: error: expected '='");
	parse_err("func f\nb0:\n  3: *p->r = 1\n", "'*' and a field in one access");
}

/* What the entries of the program and the counters need: calls through a
 * member, functions named as values, steps. */
static const char members[] =
	"func f\n"
	"b0:\n"
	"  3: %t1 = <indirect via \"c:@S@ops@FI@run\">(n)\n"
	"  4: <indirect>()\n"
	"  5: n = n + 1\n"
	"  6: k = k - 2\n"
	"  return %t1\n";

static void
test_members_and_steps(void **state)
{
	IrUnit *u = parse_ok(members);
	char *again = dump(u);
	assert_string_equal(again, members);
	const IrBlock *b = u->funcs.v[0]->blocks.v[0];
	assert_null(b->ev.v[0].callee);
	assert_string_equal(b->ev.v[0].via, "c:@S@ops@FI@run");
	assert_null(b->ev.v[1].via);
	assert_int_equal(b->ev.v[2].src.kind, VAL_STEP);
	assert_int_equal(b->ev.v[2].src.ival, 1);
	assert_int_equal(b->ev.v[3].src.ival, -2);
	free(again);
	ir_unit_free(u);
	/* ref lines, anywhere, once each */
	u = parse_ok("ref cmd_a via \"c:@S@ops@FI@run\"\nfunc f\nb0:\n  return 0\n"
		     "ref helper static\nref cmd_a via \"c:@S@ops@FI@run\"\nref g\n");
	assert_int_equal(u->fnrefs.n, 3);
	assert_string_equal(u->fnrefs.v[0].name, "cmd_a");
	assert_string_equal(u->fnrefs.v[0].field, "c:@S@ops@FI@run");
	assert_true(u->fnrefs.v[1].is_static);
	assert_null(u->fnrefs.v[1].field);
	assert_false(u->fnrefs.v[2].is_static);
	ir_unit_free(u);
	parse_err("func f\nb0:\n  3: <indirect via x>()\n", "expected the member's USR after 'via'");
	parse_err("func f\nb0:\n  3: <indirect via \"u\"()\n", "expected '>'");
	parse_err("ref f via 3\n", "expected the member's USR after 'via'");
	parse_err("ref f static junk\n", "unexpected text at the end of the line");
	parse_err("ref\n", "expected a name");
	parse_err("func f\nb0:\n  3: x = p->n + 1\n", "a step applies to a plain variable");
}

static void
test_missing_file(void **state)
{
	Diag d;
	diag_init(&d, NULL);
	assert_null(irtext_read(TEST_DATA_DIR "/no-such-file.ir", &d));
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.last, "cannot open"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_reads_back),
		cmocka_unit_test(test_declarations),
		cmocka_unit_test(test_borrowed_and_elements),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_members_and_steps),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
