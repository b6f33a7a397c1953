/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of irbin.c, the IR kept between the two passes of a
 * whole-program run: every engine test's IR (the .ir files of tests/engine) written,
 * read back and written again gives the same bytes, the same dump and the
 * same findings; what the text form cannot say (columns, files, two
 * variables of one name, annotations, the files a parse read) survives;
 * and no prefix or damaged copy of the bytes crashes the reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checks.h"
#include "engine.h"
#include "irbin.h"
#include "irtext.h"

#define ENGINE_DIR TEST_DATA_DIR "/../engine"

static char *
bytes_of(const IrUnit *u, long long parsed, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	assert_non_null(f);
	assert_int_equal(irbin_write(u, parsed, f), 0);
	fclose(f);
	return buf;
}

static IrUnit *
read_ok(const char *buf, size_t n, long long *parsed)
{
	const char *why = NULL;
	IrUnit *u = irbin_read((const unsigned char *)buf, n, parsed, &why);
	if (!u)
		fail_msg("the bytes do not read back: %s", why);
	return u;
}

static CheckSet checks;

static void
on_violation(void *ctx, const Violation *v)
{
	if (v->kind != V_BOUND)
		checks_report(&checks, v, ctx);
}

/* The engine's findings on u with every shipped pack, as text. */
static char *
findings_of(const IrUnit *u, const Rules *rules)
{
	FindingSet fs;
	findings_init(&fs);
	EngineLimits lim;
	engine_limits_default(&lim);
	EngineStats st = {0};
	engine_run(u, rules, &lim, on_violation, &fs, &st);
	findings_sort(&fs);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	findings_print_text(&fs, f);
	fclose(f);
	findings_release(&fs);
	return buf;
}

static void
test_engine_files_round_trip(void **state)
{
	(void)state;
	Diag d;
	diag_init(&d, NULL);
	Rules *rules = rules_new();
	assert_int_equal(rules_load_dir(rules, RULES_DIR, &d), 0);
	checks_default(&checks);
	DIR *dir = opendir(ENGINE_DIR);
	assert_non_null(dir);
	struct dirent *e;
	int files = 0, funcs = 0;
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".ir") != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", ENGINE_DIR, e->d_name);
		IrUnit *u = irtext_read(path, &d);
		if (!u)
			fail_msg("%s: %s", path, d.last);
		size_t n, m;
		char *once = bytes_of(u, 1234567890123LL, &n);
		long long parsed = 0;
		IrUnit *again = read_ok(once, n, &parsed);
		assert_true(parsed == 1234567890123LL);
		char *twice = bytes_of(again, parsed, &m);
		assert_int_equal(n, m);
		assert_memory_equal(once, twice, n);
		char *d1 = irtext_dump(u), *d2 = irtext_dump(again);
		assert_string_equal(d1, d2);
		char *f1 = findings_of(u, rules), *f2 = findings_of(again, rules);
		assert_string_equal(f1, f2);
		funcs += u->funcs.n;
		files++;
		free(f1);
		free(f2);
		free(d1);
		free(d2);
		free(once);
		free(twice);
		ir_unit_free(u);
		ir_unit_free(again);
	}
	closedir(dir);
	assert_true(files >= 9);
	assert_true(funcs >= 100);
	rules_free(rules);
	diag_release(&d);
}

/* A unit with what only a parse gives: columns, a header's file, two
 * locals of one name, an annotation, includes and reads. */
static IrUnit *
rich_unit(void)
{
	IrUnit *u = ir_unit_new("/src/main.c");
	Loc at = {ir_intern(u, "/src/main.c"), 7, 13};
	Loc hdr = {ir_intern(u, "/src/inc/db.h"), 3, 5};
	IrFunc *f = ir_func_new(u, "open_both", at);
	f->nparams = 1;
	f->is_static = true;
	f->returns_pointer = true;
	f->end = (Loc){at.file, 30, 1};
	ir_var_add(u, f, "path", VAR_PARAM);
	f->vars.v[0].shape = SHAPE_POINTER;          /* a parameter's shape */
	f->vars.v[0].pshape = SHAPE_BARE;
	f->vars.v[0].tnames = ir_intern(u, "path_t|struct path");
	int a = ir_var_add(u, f, "fp", VAR_LOCAL);
	int b = ir_var_add(u, f, "fp", VAR_LOCAL);      /* a shadowing local */
	f->vars.v[a].is_pointer = f->vars.v[b].is_pointer = true;
	f->vars.v[a].type = ir_intern(u, "FILE *");
	f->vars.v[b].cleanup = ir_intern(u, "close_file");
	f->vars.v[b].loc = hdr;
	int t = ir_temp_add(u, f);
	Value args[2] = {ir_val_var(0), {.kind = VAL_STR, .str = "r"}};
	IrEvent *call = ir_emit_call(u, f, 0, hdr, "fopen", t, 2, args);
	call->borrowed = 1;
	call->text = ir_intern(u, "fopen(path, \"r\")");
	IrEvent *as = ir_emit(u, f, 0, EV_ASSIGN, (Loc){at.file, 8, 9});
	as->has_dst = true;
	as->dst = ir_acc(b);
	as->src = ir_val_var(t);
	int b1 = ir_block_new(u, f), b2 = ir_block_new(u, f);
	Cond c = {.known = true, .lhs = ir_acc(b), .op = OP_EQ, .rhs = 0,
		  .text = ir_intern(u, "fp == NULL"), .loc = {at.file, 9, 6}};
	ir_branch(f, 0, c, b1, b2);
	ir_return(f, b1, ir_val_int(0), (Loc){at.file, 10, 3});
	ir_return(f, b2, ir_val_var(b), (Loc){at.file, 11, 2});
	IrAnnot an = {ir_intern(u, "open_both"), AN_ACQUIRE, ir_intern(u, "stream"), 0,
		      {at.file, 6, 16}};
	avec_push(&u->arena, &u->annots, an);
	const char *inc = ir_intern(u, "/src/inc/db.h");
	avec_push(&u->arena, &u->includes, inc);
	const char *rd = ir_intern(u, "/usr/include/stdio.h");
	avec_push(&u->arena, &u->reads, u->file);
	avec_push(&u->arena, &u->reads, rd);
	return u;
}

static void
test_what_the_text_cannot_say(void **state)
{
	(void)state;
	IrUnit *u = rich_unit();
	size_t n;
	char *buf = bytes_of(u, 5, &n);
	long long parsed = 0;
	IrUnit *v = read_ok(buf, n, &parsed);
	assert_true(parsed == 5);
	assert_string_equal(v->file, "/src/main.c");
	IrFunc *f = ir_unit_find(v, "open_both");
	assert_non_null(f);
	assert_true(f->is_static && f->returns_pointer && f->analyse);
	assert_int_equal(f->end.line, 30);
	assert_int_equal(f->vars.n, 4);
	assert_string_equal(f->vars.v[1].name, f->vars.v[2].name);
	assert_string_equal(f->vars.v[1].type, "FILE *");
	assert_string_equal(f->vars.v[2].cleanup, "close_file");
	assert_int_equal(f->vars.v[0].shape, SHAPE_POINTER);
	assert_int_equal(f->vars.v[0].pshape, SHAPE_BARE);
	assert_string_equal(f->vars.v[0].tnames, "path_t|struct path");
	assert_int_equal(f->vars.v[1].shape, SHAPE_UNKNOWN);
	assert_null(f->vars.v[1].tnames);
	const IrEvent *call = &f->blocks.v[0]->ev.v[0];
	assert_string_equal(call->loc.file, "/src/inc/db.h");
	assert_int_equal(call->loc.col, 5);
	assert_true(call->borrowed == 1);
	assert_string_equal(call->args[1].str, "r");
	assert_int_equal(f->blocks.v[0]->ev.v[1].dst.var, 2);
	assert_int_equal(f->blocks.v[0]->cond.loc.col, 6);
	assert_string_equal(f->blocks.v[0]->cond.text, "fp == NULL");
	/* interned again: one text, one pointer */
	assert_ptr_equal(call->callee, ir_intern(v, "fopen"));
	assert_ptr_equal(call->loc.file, f->vars.v[2].loc.file);
	assert_int_equal(v->annots.n, 1);
	assert_int_equal(v->annots.v[0].role, AN_ACQUIRE);
	assert_string_equal(v->annots.v[0].kind, "stream");
	assert_int_equal(v->includes.n, 1);
	assert_string_equal(v->includes.v[0], "/src/inc/db.h");
	assert_int_equal(v->reads.n, 2);
	assert_string_equal(v->reads.v[1], "/usr/include/stdio.h");
	free(buf);
	ir_unit_free(u);
	ir_unit_free(v);
}

/* Every prefix is refused, with a reason; every byte changed gives a unit
 * or a refusal, never a crash (the sanitizer build checks the reads). */
static void
test_damaged_bytes(void **state)
{
	(void)state;
	IrUnit *u = rich_unit();
	size_t n;
	char *buf = bytes_of(u, 5, &n);
	long long parsed;
	const char *why;
	for (size_t k = 0; k < n; k++) {
		why = NULL;
		IrUnit *v = irbin_read((const unsigned char *)buf, k, &parsed, &why);
		if (v)
			fail_msg("%zu of %zu bytes read as a unit", k, n);
		assert_non_null(why);
	}
	unsigned char *copy = malloc(n);
	assert_non_null(copy);
	int refused = 0;
	for (size_t k = 0; k < n; k++)
		for (int bit = 0; bit < 8; bit++) {
			memcpy(copy, buf, n);
			copy[k] ^= (unsigned char)(1u << bit);
			why = NULL;
			IrUnit *v = irbin_read(copy, n, &parsed, &why);
			if (v) {
				char *d = irtext_dump(v);     /* what it read is a whole unit */
				free(d);
				ir_unit_free(v);
			} else {
				assert_non_null(why);
				refused++;
			}
		}
	assert_true(refused > 0);
	/* trailing bytes are refused too */
	char *longer = malloc(n + 1);
	assert_non_null(longer);
	memcpy(longer, buf, n);
	longer[n] = 0;
	why = NULL;
	assert_null(irbin_read((const unsigned char *)longer, n + 1, &parsed, &why));
	assert_string_equal(why, "not at its end");
	free(longer);
	free(copy);
	free(buf);
	ir_unit_free(u);
}

static void
test_files(void **state)
{
	(void)state;
	IrUnit *u = rich_unit();
	char dir[] = "/tmp/test_irbin-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/0.ir", dir);
	assert_int_equal(irbin_save(u, 9, path), 0);
	long long parsed = 0;
	const char *why = NULL;
	IrUnit *v = irbin_load(path, &parsed, &why);
	assert_non_null(v);
	assert_true(parsed == 9);
	ir_unit_free(v);
	/* no temporary file is left beside it */
	char tmp[300];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_not_equal(access(tmp, F_OK), 0);
	unlink(path);
	assert_null(irbin_load(path, &parsed, &why));
	assert_non_null(why);
	/* into a folder that is not there: an error, nothing written */
	snprintf(path, sizeof(path), "%s/none/0.ir", dir);
	assert_int_equal(irbin_save(u, 9, path), -1);
	rmdir(dir);
	ir_unit_free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_files_round_trip),
		cmocka_unit_test(test_what_the_text_cannot_say),
		cmocka_unit_test(test_damaged_bytes),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
