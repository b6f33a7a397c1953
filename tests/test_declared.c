/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of declared.c: the packs' entry wins; declarations become
 * entries with the packs' kind of their name or a kind of the unit; several
 * declarations of one function make one entry; look-ups are remembered.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include "declared.h"

static void
annot(IrUnit *u, const char *fn, AnnotRole role, const char *kind, int arg)
{
	IrAnnot a = {ir_intern(u, fn), role, kind ? ir_intern(u, kind) : NULL, arg,
		     {"d.c", 3, 1}};
	avec_push(&u->arena, &u->annots, a);
}

static Rules *
shipped_posix(void)
{
	Rules *r = rules_new();
	Diag d;
	diag_init(&d, NULL);
	assert_int_equal(rules_load_file(r, RULES_DIR "/posix.yaml", &d), 0);
	return r;
}

static void
test_packs_first(void **state)
{
	(void)state;
	Rules *r = shipped_posix();
	IrUnit *u = ir_unit_new("d.c");
	annot(u, "free", AN_BORROW, NULL, 0);      /* the pack's entry wins */
	DeclaredRules *d = declared_rules_new(r, u);
	const RuleFn *f = declared_rules_lookup(d, "free");
	assert_non_null(f);
	assert_non_null(f->release);
	assert_false(f->borrows);
	assert_null(declared_rules_lookup(d, "no_such_function"));
	declared_rules_free(d);
	ir_unit_free(u);
	rules_free(r);
}

/* GCC's malloc(free) and Clang's ownership_returns(malloc) name a function
 * of the packs: the handle is of that function's kind, so free() of it is
 * no mismatched release. */
static void
test_kind_named_by_function(void **state)
{
	(void)state;
	Rules *r = shipped_posix();
	IrUnit *u = ir_unit_new("d.c");
	annot(u, "buf_dup", AN_ACQUIRE, "free", -1);        /* malloc(free) */
	annot(u, "blk_new", AN_ACQUIRE, "malloc", -1);      /* ownership_returns(malloc) */
	annot(u, "blk_drop", AN_RELEASE, "malloc", 0);      /* ownership_takes(malloc, 1) */
	annot(u, "obj_new", AN_ACQUIRE, "obj_free", -1);    /* malloc(obj_free): the unit's */
	DeclaredRules *d = declared_rules_new(r, u);
	const RuleKind *memory = rules_kind(r, "memory");
	assert_ptr_equal(declared_rules_lookup(d, "buf_dup")->acquire->kind, memory);
	assert_ptr_equal(declared_rules_lookup(d, "blk_new")->acquire->kind, memory);
	assert_ptr_equal(declared_rules_lookup(d, "blk_drop")->release->kind, memory);
	const RuleKind *own = declared_rules_lookup(d, "obj_new")->acquire->kind;
	assert_string_equal(own->name, "obj_free");
	assert_false(rules_releases_kind(declared_rules_lookup(d, "free")->release, own));
	declared_rules_free(d);
	ir_unit_free(u);
	rules_free(r);
}

static void
test_declarations(void **state)
{
	(void)state;
	Rules *r = shipped_posix();
	IrUnit *u = ir_unit_new("d.c");
	annot(u, "buf_new", AN_ACQUIRE, "memory", -1);     /* a kind of the packs */
	annot(u, "buf_free", AN_RELEASE, "memory", 0);
	annot(u, "sess_open", AN_ACQUIRE, "session", -1);  /* a kind of the unit */
	annot(u, "sess_close", AN_RELEASE, "session", 1);
	annot(u, "sess_close", AN_KEEP, NULL, 2);           /* one entry, two roles */
	annot(u, "peek", AN_BORROW, NULL, 0);
	DeclaredRules *d = declared_rules_new(r, u);

	const RuleFn *f = declared_rules_lookup(d, "buf_new");
	assert_non_null(f);
	assert_non_null(f->acquire);
	assert_ptr_equal(f->acquire->kind, rules_kind(r, "memory"));
	assert_int_equal(f->acquire->out_arg, -1);
	assert_string_equal(f->pack, "(declared in the code)");
	assert_int_equal(f->line, 3);
	assert_ptr_equal(declared_rules_lookup(d, "buf_free")->release->kind,
			 rules_kind(r, "memory"));

	const RuleFn *o = declared_rules_lookup(d, "sess_open");
	const RuleFn *c = declared_rules_lookup(d, "sess_close");
	assert_non_null(o);
	assert_non_null(c);
	assert_string_equal(o->acquire->kind->name, "session");
	assert_string_equal(o->acquire->kind->noun, "handle");
	assert_ptr_equal(o->acquire->kind, c->release->kind);   /* one kind */
	assert_int_equal(c->release->arg, 1);
	assert_true(c->keeps);
	assert_int_equal(c->keeps_args, 1u << 2);
	assert_true(declared_rules_lookup(d, "peek")->borrows);
	/* remembered: the same entry again */
	assert_ptr_equal(declared_rules_lookup(d, "sess_open"), o);
	declared_rules_free(d);
	ir_unit_free(u);
	rules_free(r);
}

static void
test_no_packs(void **state)
{
	(void)state;
	IrUnit *u = ir_unit_new("d.c");
	annot(u, "mk", AN_ACQUIRE, "thing", -1);
	DeclaredRules *d = declared_rules_new(NULL, u);
	const RuleFn *f = declared_rules_lookup(d, "mk");
	assert_non_null(f);
	assert_string_equal(f->acquire->kind->name, "thing");
	assert_null(declared_rules_lookup(d, "other"));
	declared_rules_free(d);
	ir_unit_free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packs_first),
		cmocka_unit_test(test_declarations),
		cmocka_unit_test(test_kind_named_by_function),
		cmocka_unit_test(test_no_packs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
