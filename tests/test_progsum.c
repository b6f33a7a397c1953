/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of progsum.c and of the engine's use of it: what pass 1 writes
 * for a unit (engine_program_summary()) reads back into the table; a text
 * that is not in the form is refused whole; names defined differently by
 * two units are dropped, identical ones kept; wrappers get the packs'
 * kinds; the hash of the summaries a unit uses moves exactly when one of
 * them changes; a caller analysed with the table finds what it would
 * find if the helpers were in its own unit; a round makes again only the
 * lines a new table changes; and the program's entries
 * (entry.h) are joined across units.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cache.h"
#include "engine.h"
#include "irtext.h"
#include "progsum.h"

static Rules *
load_rules(void)
{
	Diag d;
	diag_init(&d, NULL);
	Rules *r = rules_new();
	assert_int_equal(rules_load_dir(r, RULES_DIR, &d), 0);
	return r;
}

/* The table of one unit's text. */
static void
table_of(ProgSums *ps, const Rules *r, const char *text)
{
	progsum_init(ps);
	assert_int_equal(progsum_add(ps, 0, text), 0);
	progsum_finish(ps, r);
}

static IrUnit *
ir(const char *text)
{
	Diag d;
	diag_init(&d, NULL);
	IrUnit *u = irtext_parse("t.ir", text, &d);
	if (!u || d.errors)
		fail_msg("%s", d.last);
	return u;
}

/* The helpers' unit: a wrapper of fopen, a releaser, a fatal() that
 * exits, a function that keeps its argument in a global, one that frees
 * a member of its argument, one that returns 0 or -1; and a static
 * function, which no other unit sees. */
static const char helpers[] =
	"func log_open\n"
	"  param const char *path\n"
	"b0:\n"
	"  1: %t1 = fopen(path, \"a\")\n"
	"  1: return %t1\n"
	"func log_close\n"
	"  param FILE *f\n"
	"b0:\n"
	"  2: %t1 = fclose(f)\n"
	"  2: return -\n"
	"func fatal\n"
	"  param const char *m\n"
	"b0:\n"
	"  3: exit(1)\n"
	"  3: exit\n"
	"func stash\n"
	"  param char *p\n"
	"  global char *saved\n"
	"b0:\n"
	"  4: saved = p\n"
	"  4: return -\n"
	"func drop_name\n"
	"  param struct user *u\n"
	"b0:\n"
	"  5: free(u->name)\n"
	"  5: return -\n"
	"func calls_other\n"
	"b0:\n"
	"  6: %t1 = elsewhere()\n"
	"  6: return -\n"
	"func trim\n"
	"  param char *s\n"
	"b0:\n"
	"  7: return s\n"
	"func status_of\n"
	"  param int x\n"
	"b0:\n"
	"  8: if x != 0 then b1 else b2\n"
	"b1:\n"
	"  9: return -1\n"
	"b2:\n"
	"  10: return 0\n";

static char *
helpers_text(const Rules *r)
{
	IrUnit *u = ir(helpers);
	char *t = engine_program_summary(u, r, NULL);
	ir_unit_free(u);
	assert_non_null(t);
	return t;
}

static void
test_pass1_text(void **state)
{
	(void)state;
	Rules *r = load_rules();
	char *t = helpers_text(r);
	assert_true(strncmp(t, PROGSUM_HEADER "\n", strlen(PROGSUM_HEADER) + 1) == 0);
	assert_int_equal(progsum_count(t), 8);
	assert_non_null(strstr(t, "\nc elsewhere\n"));     /* a callee no one knows */
	assert_null(strstr(t, "c fopen"));                  /* the packs' are not callees */
	ProgSums ps;
	table_of(&ps, r, t);
	const ProgFn *f = progsum_find(&ps, "log_open");
	assert_non_null(f);
	assert_non_null(f->wrap);
	assert_string_equal(f->wrap->kind->name, "stream");
	assert_int_equal(f->wrap->out_arg, -1);
	f = progsum_find(&ps, "log_close");
	assert_non_null(f);
	assert_int_equal(f->nparams, 1);
	assert_int_equal(f->direct[0], 'r');
	assert_null(f->wrap);
	f = progsum_find(&ps, "fatal");
	assert_true(f && f->noreturn);
	f = progsum_find(&ps, "stash");
	assert_true(f && f->direct[0] == 'k');
	f = progsum_find(&ps, "drop_name");
	assert_non_null(f);
	assert_int_equal(f->nfields, 1);
	assert_string_equal(f->fields[0].field, "name");
	assert_int_equal(f->fields[0].effect, 'r');
	assert_null(progsum_find(&ps, "elsewhere"));
	f = progsum_find(&ps, "trim");               /* returns what it is given */
	/* what a char * points to is characters, no handle: borrowed,
	 * and no transaction is open on a string */
	assert_true(f && f->direct[0] == 'p' && f->deref[0] == 'b' && f->txn[0] == 'b');
	assert_int_equal(f->ret.op, OP_NONE);
	f = progsum_find(&ps, "status_of");          /* returns 0 or -1 */
	assert_non_null(f);
	assert_int_equal(f->ret.op, OP_LE);
	assert_int_equal(f->ret.value, 0);
	progsum_release(&ps);
	free(t);
	rules_free(r);
}

static void
count_violation(void *ctx, const Violation *v)
{
	(void)v;
	(*(int *)ctx)++;
}

/* Pass 1 (engine_run_alone()): a unit that calls a function another unit
 * may define is only summarised, no violation said; one that calls only
 * the packs' and its own gets its findings; both texts are what
 * engine_program_summary() makes. */
/* What a parameter's type rules out is "borrows" without a walk: every
 * parameter goes to a function nobody knows, which keeps what a walk
 * follows ('k'); a _Bool or a double holds no handle, nor what a char *
 * or an int points to, and a transaction is open on none of them nor on
 * a FILE * (the type of another kind than a connection).  What the
 * spelling does not rule out (void *, a typedef, the connection's own
 * type, an int that may be a descriptor) is walked as before. */
static void
test_param_types(void **state)
{
	(void)state;
	Rules *r = load_rules();
	IrUnit *u = ir("func by_type\n"
		       "  param _Bool quiet\n"
		       "  param double ratio\n"
		       "  param const char *name\n"
		       "  param FILE *out\n"
		       "  param void *any\n"
		       "  param int fd\n"
		       "  param PGconn *conn\n"
		       "  param DbConn db\n"
		       "  param unsigned char *const bytes\n"
		       "  param int *fdp\n"
		       "b0:\n"
		       "  1: sink(quiet, ratio, name, out, any, fd, conn, db, bytes, fdp)\n"
		       "  1: return -\n");
	char *t = engine_program_summary(u, r, NULL);
	ir_unit_free(u);
	assert_non_null(t);
	ProgSums ps;
	table_of(&ps, r, t);
	const ProgFn *f = progsum_find(&ps, "by_type");
	assert_non_null(f);
	assert_int_equal(f->nparams, 10);
	assert_memory_equal(f->direct, "bbkkkkkkkk", 10);
	assert_memory_equal(f->deref, "bbbkkbkkbk", 10);
	assert_memory_equal(f->txn, "bbbbkbkkbb", 10);
	progsum_release(&ps);
	free(t);
	rules_free(r);
}

static void
test_run_alone(void **state)
{
	(void)state;
	Rules *r = load_rules();
	const char *callee[] = {"elsewhere", "strcmp"};
	for (int k = 0; k < 2; k++) {
		char text[512];
		snprintf(text, sizeof(text),
			 "func leak\n"
			 "  param int n\n"
			 "  local char *p\n"
			 "b0:\n"
			 "  1: %%t1 = malloc(n)\n"
			 "  1: p = %%t1\n"
			 "  1: kill %%t1\n"
			 "  2: %%t2 = %s(n, n)\n"
			 "  3: return 0\n", callee[k]);
		IrUnit *u = ir(text);
		int said = 0;
		char *sum = NULL;
		bool whole = engine_run_alone(u, r, NULL, count_violation, &said, NULL, &sum, NULL);
		char *alone = engine_program_summary(u, r, NULL);
		assert_non_null(sum);
		assert_string_equal(sum, alone);
		if (k == 0) {           /* elsewhere(): pass 2 says the leak */
			assert_false(whole);
			assert_int_equal(said, 0);
			assert_non_null(strstr(sum, "\nc elsewhere\n"));
		} else {                /* strcmp() is the packs': final now */
			assert_true(whole);
			assert_int_equal(said, 1);
			assert_null(strstr(sum, "\nc "));
		}
		free(sum);
		free(alone);
		ir_unit_free(u);
	}
	rules_free(r);
}

static void
test_refused_whole(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"closecheck-summaries 1\n",                                    /* an older form */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r r r 0 0 0",                 /* truncated */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 x r r 0 0 0\n",               /* letter */
		PROGSUM_HEADER "\nf a 2 0 - 0 0 r r r 0 0 0\n",               /* count */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r r r 1 3 name r 0 0\n",      /* field's param */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r r r 2 0 name r 0 0\n",      /* fields */
		PROGSUM_HEADER "\nf a 1 2 - 0 0 r r r 0 0 0\n",               /* noreturn */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r r r 0 7 0\n",               /* return's op */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r r r 0 5\n",                 /* return's value */
		PROGSUM_HEADER "\nf ok 0 0 - 0 0 - - - 0 0 0\nbad line\n",    /* one bad line */
		PROGSUM_HEADER "\nc two words\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ProgSums ps;
		progsum_init(&ps);
		if (progsum_add(&ps, 0, bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(ps.fns.n, 0);
		progsum_finish(&ps, NULL);
		assert_null(progsum_find(&ps, "ok"));
		progsum_release(&ps);
	}
	ProgSums ps;
	progsum_init(&ps);
	assert_int_equal(progsum_add(&ps, 0, NULL), -1);
	assert_int_equal(progsum_add(&ps, 0, PROGSUM_HEADER "\n"), 0);
	progsum_release(&ps);
}

static void
test_conflicts(void **state)
{
	(void)state;
	ProgSums ps;
	progsum_init(&ps);
	assert_int_equal(progsum_add(&ps, 0, PROGSUM_HEADER "\n"
				     "f get 1 0 file 1 0 b b k 0 0 0\nf same 1 0 - 0 0 r r k 0 0 0\n"), 0);
	assert_int_equal(progsum_add(&ps, 1, PROGSUM_HEADER "\n"
				     "f get 1 0 - 0 0 b b k 0 0 0\nf same 1 0 - 0 0 r r k 0 0 0\n"), 0);
	progsum_finish(&ps, NULL);
	assert_null(progsum_find(&ps, "get"));           /* two programs' get() */
	assert_non_null(progsum_find(&ps, "same"));      /* one header's function */
	assert_int_equal(ps.conflicts, 1);
	assert_null(progsum_find(&ps, "same")->wrap);
	progsum_release(&ps);
}

/* An opener of a member: the pass-1 text says so in an `m` line after its
 * `f` line, the table makes it an acquirer at the argument's member, and a
 * malformed or stray `m` line refuses the text. */
static void
test_member_opener(void **state)
{
	(void)state;
	Rules *r = load_rules();
	IrUnit *u = ir("func sess_open\n"
		       "  param struct sess *s\n"
		       "  param char *path\n"
		       "b0:\n"
		       "  3: %t1 = open(path, 0)\n"
		       "  3: s->fd = %t1\n"
		       "  3: kill %t1\n"
		       "  4: if s->fd < 0 then b1 else b2\n"
		       "b1:\n"
		       "  5: return -1\n"
		       "b2:\n"
		       "  6: return 0\n");
	EngineLimits lim;
	engine_limits_default(&lim);
	char *t = engine_program_summary(u, r, &lim);
	const char *m = strstr(t, "\nm sess_open ");
	if (!m)
		fail_msg("no m line in:\n%s", t);
	if (strncmp(m, "\nm sess_open 0 fd fd ", 21) != 0)
		fail_msg("%s", m);
	ProgSums ps;
	table_of(&ps, r, t);
	const ProgFn *f = progsum_find(&ps, "sess_open");
	assert_non_null(f);
	assert_non_null(f->macq);
	assert_int_equal(f->macq->out_arg, 0);
	assert_string_equal(f->macq->out_member, "fd");
	assert_string_equal(f->macq->kind->name, "fd");
	assert_int_equal(f->macq->success.op, OP_EQ);
	assert_null(f->wrap);
	progsum_release(&ps);
	free(t);
	ir_unit_free(u);
	static const char *const bad[] = {
		PROGSUM_HEADER "\nm a 0 fd fd 4 0 0 0\n",                      /* no f line */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 k k k 0 0 0\nm b 0 fd fd 4 0 0 0\n",  /* another's */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 k k k 0 0 0\nm a 1 fd fd 4 0 0 0\n",  /* param */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 k k k 0 0 0\nm a 0 fd fd 4 0\n",      /* short */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ProgSums b;
		progsum_init(&b);
		if (progsum_add(&b, 0, bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
		progsum_release(&b);
	}
	rules_free(r);
}

/* A function that frees what a parameter points to says which members of
 * it it names (`d` line): a member it never names dies with the object. */
static void
test_frees_leaving(void **state)
{
	(void)state;
	Rules *r = load_rules();
	IrUnit *u = ir("func sess_free\n"
		       "  param struct sess *s\n"
		       "b0:\n"
		       "  3: free(s->name)\n"
		       "  4: free(s)\n"
		       "  5: return -\n"
		       "func sess_retire\n"
		       "  param struct sess *s\n"
		       "b0:\n"
		       "  8: archive(s)\n"
		       "  9: free(s)\n"
		       "  10: return -\n");
	EngineLimits lim;
	engine_limits_default(&lim);
	char *t = engine_program_summary(u, r, &lim);
	if (!strstr(t, "\nd sess_free 0 name\n"))
		fail_msg("no d line for sess_free in:\n%s", t);
	if (strstr(t, "\nd sess_retire "))
		fail_msg("a d line for sess_retire (archive() may touch any member):\n%s", t);
	ProgSums ps;
	table_of(&ps, r, t);
	const ProgFn *f = progsum_find(&ps, "sess_free");
	assert_non_null(f);
	assert_true(progsum_frees_leaving(f, 0, "log"));
	assert_false(progsum_frees_leaving(f, 0, "name"));
	assert_false(progsum_frees_leaving(progsum_find(&ps, "sess_retire"), 0, "log"));
	progsum_release(&ps);
	free(t);
	ir_unit_free(u);
	static const char *const bad[] = {
		PROGSUM_HEADER "\nd a 0 x\n",                                   /* no f line */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r k k 0 0 0\nd b 0 x\n",        /* another's */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r k k 0 0 0\nd a 1 x\n",        /* param */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 k k k 0 0 0\nd a 0 x\n",        /* not 'r' */
		PROGSUM_HEADER "\nf a 1 0 - 0 0 r k k 0 0 0\nd a 0 x\nd a 0 y\n", /* twice */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ProgSums b;
		progsum_init(&b);
		if (progsum_add(&b, 0, bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
		progsum_release(&b);
	}
	ProgSums ok;
	progsum_init(&ok);
	assert_int_equal(progsum_add(&ok, 0, PROGSUM_HEADER
				     "\nf a 2 0 - 0 0 rr kk kk 0 0 0\nd a 0 -\nd a 1 x,y\n"), 0);
	progsum_finish(&ok, r);
	f = progsum_find(&ok, "a");
	assert_true(progsum_frees_leaving(f, 0, "x"));
	assert_false(progsum_frees_leaving(f, 1, "y"));
	assert_true(progsum_frees_leaving(f, 1, "z"));
	progsum_release(&ok);
	rules_free(r);
}

/* Which names a unit of the program defines (progsum_defines(), for the
 * statics only the unit reaches): a name no unit defines is a library's;
 * a conflict is still defined. */
static void
test_defines(void **state)
{
	(void)state;
	ProgSums ps;
	progsum_init(&ps);
	assert_int_equal(progsum_add(&ps, 0, PROGSUM_HEADER
				     "\nf seg_open 0 0 - 0 0 - - - 0 0 0\nc lib_sync\n"), 0);
	assert_int_equal(progsum_add(&ps, 1, PROGSUM_HEADER
				     "\nf lib_sync 0 0 - 0 0 - - - 0 0 0\nc low_write\n"), 0);
	assert_int_equal(progsum_add(&ps, 2, PROGSUM_HEADER
				     "\nf lib_sync 1 0 - 0 0 k k k 0 0 0\n"), 0);
	assert_false(progsum_defines(&ps, "seg_open"));  /* not finished yet */
	progsum_finish(&ps, NULL);
	assert_true(progsum_defines(&ps, "seg_open"));
	assert_true(progsum_defines(&ps, "lib_sync"));   /* a conflict */
	assert_null(progsum_find(&ps, "lib_sync"));
	assert_false(progsum_defines(&ps, "low_write"));
	assert_false(progsum_defines(&ps, "printf"));
	assert_false(progsum_defines(NULL, "seg_open"));
	progsum_release(&ps);
}

static void
test_used_hash(void **state)
{
	(void)state;
	const char *caller = PROGSUM_HEADER "\nc helper\nc unknown\n";
	uint64_t h[3];
	int n[3];
	static const char *const helper[3] = {
		PROGSUM_HEADER "\nf helper 1 0 - 0 0 r r k 0 0 0\nf other 0 0 - 0 0 - - - 0 0 0\n",
		PROGSUM_HEADER "\nf helper 1 0 - 0 0 r r k 0 0 0\nf other 0 1 - 0 0 - - - 0 0 0\n",
		PROGSUM_HEADER "\nf helper 1 0 - 0 0 b b k 0 0 0\nf other 0 1 - 0 0 - - - 0 0 0\n",
	};
	for (int i = 0; i < 3; i++) {
		ProgSums ps;
		progsum_init(&ps);
		assert_int_equal(progsum_add(&ps, 0, helper[i]), 0);
		progsum_finish(&ps, NULL);
		h[i] = progsum_used(&ps, caller, CACHE_HASH_INIT, &n[i]);
		assert_int_equal(n[i], 1);
		int none;
		assert_true(progsum_used(&ps, PROGSUM_HEADER "\nc unknown\n", 7, &none) == 7);
		assert_int_equal(none, 0);
		progsum_release(&ps);
	}
	assert_true(h[0] == h[1]);        /* other() changed: not used */
	assert_true(h[1] != h[2]);        /* helper() changed */
}

/* The caller's unit analysed with the table. */
typedef struct Seen {
	int leaks, doubles;
} Seen;

static void
count(void *ctx, const Violation *v)
{
	Seen *s = ctx;
	s->leaks += v->kind == V_LOST_EXIT;
	s->doubles += v->kind == V_DOUBLE_RELEASE;
}

static const char caller[] =
	"func leaky\n"
	"  param int quiet\n"
	"  local FILE *f\n"
	"b0:\n"
	"  10: %t1 = log_open(\"x\")\n"
	"  10: f = %t1\n"
	"  10: kill %t1\n"
	"  11: if f == 0 then b1 else b2\n"
	"b1:\n"
	"  12: return -1\n"
	"b2:\n"
	"  13: if quiet != 0 then b3 else b4\n"
	"b3:\n"
	"  14: return 0\n"
	"b4:\n"
	"  15: log_close(f)\n"
	"  16: return 1\n"
	"func twice\n"
	"  local FILE *f\n"
	"b0:\n"
	"  20: %t1 = fopen(\"x\", \"r\")\n"
	"  20: f = %t1\n"
	"  20: kill %t1\n"
	"  21: if f == 0 then b1 else b2\n"
	"b1:\n"
	"  22: return -\n"
	"b2:\n"
	"  23: log_close(f)\n"
	"  24: %t2 = fclose(f)\n"
	"  25: return -\n"
	"func dies\n"
	"  param int bad\n"
	"  local char *p\n"
	"b0:\n"
	"  30: %t1 = malloc(8)\n"
	"  30: p = %t1\n"
	"  30: kill %t1\n"
	"  31: if p == 0 then b1 else b2\n"
	"b1:\n"
	"  32: return -1\n"
	"b2:\n"
	"  33: if bad != 0 then b3 else b4\n"
	"b3:\n"
	"  34: fatal(\"bad\")\n"
	"  35: return 0\n"
	"b4:\n"
	"  36: free(p)\n"
	"  37: return 0\n";

static Seen
analyse_caller(const Rules *r, const ProgSums *ps)
{
	IrUnit *u = ir(caller);
	EngineLimits lim;
	engine_limits_default(&lim);
	lim.program = ps;
	Seen s = {0};
	engine_run(u, r, &lim, count, &s, NULL);
	ir_unit_free(u);
	return s;
}

/* A release of a format's %z arguments (sqlite3_mprintf: argument -1)
 * met while a transaction is open: the transaction's protocol read the
 * argument before the call's first (found by fuzz_irtext; out of the
 * arena chunk only under valgrind).  Each call's arguments are moved to a
 * block of their own here, so AddressSanitizer sees such a read. */
static void
test_zformat_release_in_txn(void **state)
{
	(void)state;
	Rules *r = load_rules();
	IrUnit *u = ir("func begin_tx\n"
		       "  param PGconn *conn\n"
		       "  param char *name\n"
		       "  local PGresult *res\n"
		       "b0:\n"
		       "  3: %t1 = PQexec(conn, \"BEGIN\")\n"
		       "  3: res = %t1\n"
		       "  3: kill %t1\n"
		       "  4: %t2 = sqlite3_mprintf(name)\n"
		       "  4: sqlite3_free(%t2)\n"
		       "  5: PQclear(res)\n"
		       "  6: return 0\n");
	IrFunc *f = u->funcs.v[0];
	Value *moved[16];
	int nm = 0;
	for (int b = 0; b < f->blocks.n; b++)
		for (int i = 0; i < f->blocks.v[b]->ev.n; i++) {
			IrEvent *e = &f->blocks.v[b]->ev.v[i];
			if (e->kind != EV_CALL || !e->nargs || nm == 16)
				continue;
			Value *a = xmalloc(sizeof(Value) * (size_t)e->nargs);
			memcpy(a, e->args, sizeof(Value) * (size_t)e->nargs);
			e->args = moved[nm++] = a;
		}
	EngineLimits lim;
	engine_limits_default(&lim);
	Seen s = {0};
	engine_run(u, r, &lim, count, &s, NULL);
	assert_int_equal(s.leaks, 0);
	assert_int_equal(s.doubles, 0);
	for (int k = 0; k < nm; k++)
		mem_free(moved[k]);
	ir_unit_free(u);
	rules_free(r);
}

static void
test_engine_uses_table(void **state)
{
	(void)state;
	Rules *r = load_rules();
	Seen alone = analyse_caller(r, NULL);
	assert_int_equal(alone.leaks, 1);         /* dies(): fatal() returns */
	assert_int_equal(alone.doubles, 0);
	char *t = helpers_text(r);
	ProgSums ps;
	table_of(&ps, r, t);
	Seen with = analyse_caller(r, &ps);
	assert_int_equal(with.leaks, 1);          /* leaky() at 14, not dies() */
	assert_int_equal(with.doubles, 1);        /* twice() */
	progsum_release(&ps);
	free(t);
	rules_free(r);
}

/* A unit whose functions only pass their work to the helpers' unit: alone
 * it says nothing of them (an unknown callee: the result is no handle,
 * the argument kept); given the helpers' table it is a wrapper and a
 * releaser in its turn (analyze.c's rounds of the chains). */
#define MIDDLE \
	"func cfg_open\n" \
	"  param const char *name\n" \
	"b0:\n" \
	"  1: %t1 = log_open(name)\n" \
	"  1: return %t1\n" \
	"func cfg_close\n" \
	"  param FILE *f\n" \
	"b0:\n" \
	"  2: %t1 = log_close(f)\n" \
	"  2: return -\n"
static const char middle[] = MIDDLE;

/* A unit and what a round of the chains starts from: its text alone, and
 * the table of the helpers' unit. */
typedef struct Round {
	Rules *r;
	char *ht;                /* the helpers' text */
	IrUnit *u;
	char *alone;             /* u's text alone */
	ProgSums ps;             /* the helpers' table */
	EngineLimits lim;        /* with ps */
} Round;

static void
round_begin(Round *rd, const char *ir_text)
{
	rd->r = load_rules();
	rd->ht = helpers_text(rd->r);
	rd->u = ir(ir_text);
	rd->alone = engine_program_summary(rd->u, rd->r, NULL);
	assert_non_null(rd->alone);
	table_of(&rd->ps, rd->r, rd->ht);
	engine_limits_default(&rd->lim);
	rd->lim.program = &rd->ps;
}

static void
round_end(Round *rd)
{
	progsum_release(&rd->ps);
	free(rd->alone);
	free(rd->ht);
	ir_unit_free(rd->u);
	rules_free(rd->r);
}

static void
test_chain_round(void **state)
{
	(void)state;
	Round rd;
	round_begin(&rd, middle);
	Rules *r = rd.r;
	const char *alone = rd.alone;
	char *chained = engine_program_summary(rd.u, r, &rd.lim);
	assert_non_null(alone);
	assert_non_null(chained);
	assert_string_not_equal(alone, chained);
	/* the callees are the same lines either way: the cache keys rest on them */
	assert_non_null(strstr(alone, "\nc log_close\nc log_open\n"));
	assert_non_null(strstr(chained, "\nc log_close\nc log_open\n"));
	ProgSums one, two;
	progsum_init(&one);
	progsum_init(&two);
	assert_int_equal(progsum_add(&one, 1, alone), 0);
	assert_int_equal(progsum_add(&two, 1, chained), 0);
	progsum_finish(&one, r);
	progsum_finish(&two, r);
	const ProgFn *f = progsum_find(&one, "cfg_open");
	assert_true(f && !f->wrap);
	f = progsum_find(&two, "cfg_open");
	assert_true(f && f->wrap);
	assert_string_equal(f->wrap->kind->name, "stream");
	f = progsum_find(&one, "cfg_close");
	assert_true(f && f->direct[0] == 'k');
	f = progsum_find(&two, "cfg_close");
	assert_true(f && f->direct[0] == 'r');
	progsum_release(&one);
	progsum_release(&two);
	free(chained);
	round_end(&rd);
}

/* A round writes again, as they were, the lines of the functions that call
 * nothing the new table changes (engine_program_changes()): cfg_count
 * calls strlen only; cfg_done calls cfg_close, which calls log_close, so
 * it changes with the table.  The text is the one made in full. */
static const char middle2[] = MIDDLE
	"func cfg_count\n"
	"  param char *s\n"
	"b0:\n"
	"  3: %t1 = strlen(s)\n"
	"  3: return %t1\n"
	"func cfg_done\n"
	"  param FILE *f\n"
	"b0:\n"
	"  4: cfg_close(f)\n"
	"  4: return -\n";

static void
test_round_keeps_lines(void **state)
{
	(void)state;
	Round rd;
	round_begin(&rd, middle2);
	Rules *r = rd.r;
	IrUnit *u = rd.u;
	const char *alone = rd.alone;
	ProgSums *ps = &rd.ps;
	EngineLimits lim = rd.lim;
	bool changed[4];
	engine_program_changes(u, r, &lim, NULL, changed);
	assert_true(changed[0] && changed[1] && changed[3]);
	assert_false(changed[2]);
	char *full = engine_program_summary(u, r, &lim);
	int kept = -1;
	char *round = engine_program_resummary(u, r, &lim, NULL, alone, NULL, &kept, NULL);
	assert_string_equal(round, full);
	assert_int_equal(kept, 1);
	assert_string_not_equal(alone, full);
	/* the line is the old text's: a line changed there comes out changed */
	char *doctored = malloc(strlen(alone) + 8);
	const char *at = strstr(alone, "\nf cfg_count ");
	assert_non_null(at);
	size_t head = (size_t)(strchr(at + 1, '\n') - alone);
	memcpy(doctored, alone, head);
	strcpy(doctored + head, " 7");
	strcat(doctored, alone + head);
	char *again = engine_program_resummary(u, r, &lim, NULL, doctored, NULL, &kept, NULL);
	assert_non_null(strstr(again, " 7\n"));
	assert_string_not_equal(again, full);
	/* made with the same table: nothing changes, every line is kept */
	ProgSnap snap;
	progsum_snap(ps, &snap);
	changed[0] = changed[1] = changed[2] = changed[3] = true;
	engine_program_changes(u, r, &lim, &snap, changed);
	assert_false(changed[0] || changed[1] || changed[2] || changed[3]);
	char *same = engine_program_resummary(u, r, &lim, &snap, full, NULL, &kept, NULL);
	assert_string_equal(same, full);
	assert_int_equal(kept, 4);
	/* a snapshot says what its table said */
	assert_false(progsum_snap_differs(&snap, ps, "log_open"));
	assert_true(progsum_snap_differs(&snap, NULL, "log_open"));
	assert_true(progsum_snap_differs(NULL, ps, "log_open"));
	assert_false(progsum_snap_differs(&snap, ps, "nowhere"));
	progsum_snap_release(&snap);
	free(same);
	free(again);
	free(doctored);
	free(round);
	free(full);
	round_end(&rd);
}

/* The helpers' text with one letter of a function's line changed: field
 * k of the `f` line of name (1: the name; 7: DIRECT, 8: DEREF) becomes
 * letter, or alt when it is letter already. */
static char *
doctor_line(const char *text, const char *name, int k, char letter, char alt)
{
	char *out = strdup(text);
	char want[64];
	snprintf(want, sizeof(want), "\nf %s ", name);
	char *p = strstr(out, want);
	assert_non_null(p);
	p++;
	for (int f = 0; f < k; f++)
		p = strchr(p, ' ') + 1;
	assert_true(p[1] == ' ');
	*p = *p == letter ? alt : letter;
	/* a `d` line goes with DIRECT 'r' only */
	snprintf(want, sizeof(want), "\nd %s ", name);
	char *d = k == 7 ? strstr(out, want) : NULL;
	if (d) {
		char *end = strchr(d + 1, '\n');
		memmove(d, end, strlen(end) + 1);
	}
	return out;
}

/* What the walks asked of the table (answers.c): a round keeps the lines
 * of the functions whose questions the new table answers as the old one
 * did, even when a line they name changed.  cfg_close asks what
 * log_close does to its argument, never to what it points to: a table
 * that changes only the latter (DEREF) changes nothing of the unit, where
 * the lines alone (the snapshot) say cfg_close and cfg_done changed. */
static void
test_round_by_answers(void **state)
{
	(void)state;
	Round rd;
	round_begin(&rd, middle2);
	Rules *r = rd.r;
	IrUnit *u = rd.u;
	EngineLimits lim = rd.lim;
	EngineLimits none;
	engine_limits_default(&none);
	/* pass 1: the text alone, with its answers (the same text) */
	char *ans = NULL;
	char *alone = engine_program_resummary(u, r, &none, NULL, NULL, NULL, NULL, &ans);
	assert_string_equal(alone, rd.alone);
	assert_non_null(ans);
	assert_non_null(strstr(ans, " log_close "));
	assert_null(strstr(ans, " strlen "));          /* the packs': not the table's */
	assert_false(engine_answers_hold(ans, &rd.ps)); /* log_open is a wrapper now */
	assert_false(engine_answers_hold(NULL, &rd.ps));
	/* a round: what the answers say changed is made again */
	char *full = engine_program_summary(u, r, &lim);
	int kept = -1;
	char *ans2 = NULL;
	char *round = engine_program_resummary(u, r, &lim, NULL, alone, ans, &kept, &ans2);
	assert_string_equal(round, full);
	assert_int_equal(kept, 1);                      /* cfg_count */
	assert_non_null(ans2);
	assert_true(engine_answers_hold(ans2, &rd.ps));
	/* a table whose log_close line differs in what no walk asked */
	char *ht2 = doctor_line(rd.ht, "log_close", 8, 'k', 'b');
	ProgSums ps2;
	table_of(&ps2, r, ht2);
	assert_true(progsum_find(&ps2, "log_close") &&
		    progsum_find(&ps2, "log_close")->deref[0] != progsum_find(&rd.ps, "log_close")->deref[0]);
	assert_true(engine_answers_hold(ans2, &ps2));
	EngineLimits lim2 = lim;
	lim2.program = &ps2;
	ProgSnap snap;
	progsum_snap(&rd.ps, &snap);
	bool changed[4];
	engine_program_changes(u, r, &lim2, &snap, changed);
	assert_true(changed[1] && changed[3]);          /* by the lines */
	char *ans3 = NULL;
	char *again = engine_program_resummary(u, r, &lim2, &snap, round, ans2, &kept, &ans3);
	assert_int_equal(kept, 4);                      /* by the answers */
	char *full2 = engine_program_summary(u, r, &lim2);
	assert_string_equal(again, full2);              /* and that is right */
	assert_string_equal(ans3, ans2);
	/* one that changes what is asked (log_close keeps its argument) */
	char *ht3 = doctor_line(rd.ht, "log_close", 7, 'k', 'b');
	ProgSums ps3;
	table_of(&ps3, r, ht3);
	assert_false(engine_answers_hold(ans2, &ps3));
	EngineLimits lim3 = lim;
	lim3.program = &ps3;
	char *ans4 = NULL;
	char *third = engine_program_resummary(u, r, &lim3, NULL, round, ans2, &kept, &ans4);
	char *full3 = engine_program_summary(u, r, &lim3);
	assert_string_equal(third, full3);
	assert_string_not_equal(third, round);
	assert_int_equal(kept, 2);                      /* cfg_open, cfg_count */
	/* answers that are not answers: the lines decide, as without */
	char *fourth = engine_program_resummary(u, r, &lim3, &snap, round, "not answers\n",
						&kept, NULL);
	assert_string_equal(fourth, full3);
	assert_false(engine_answers_hold("not answers\n", &ps3));
	free(fourth);
	free(full3);
	free(third);
	free(ans4);
	progsum_release(&ps3);
	free(ht3);
	free(full2);
	free(again);
	free(ans3);
	progsum_snap_release(&snap);
	progsum_release(&ps2);
	free(ht2);
	free(round);
	free(ans2);
	free(full);
	free(alone);
	free(ans);
	round_end(&rd);
}

/* A call of a function declared noreturn is lowered with an `exit` after
 * it (lower.c): the path ends there whatever a summary of the callee says,
 * so the walks do not ask the table whether it returns (lowered_exit()),
 * and a table that says fatal() never returns, or one that does not know
 * it, changes nothing.  Without the `exit`, dies() asks, and the table changes its
 * findings (test_engine_uses_table). */
static const char declared[] =
	"func dies_declared\n"
	"  param int bad\n"
	"  local char *p\n"
	"b0:\n"
	"  40: %t1 = malloc(8)\n"
	"  40: p = %t1\n"
	"  40: kill %t1\n"
	"  41: if p == 0 then b1 else b2\n"
	"b1:\n"
	"  42: return -1\n"
	"b2:\n"
	"  43: if bad != 0 then b3 else b4\n"
	"b3:\n"
	"  44: fatal(\"bad\")\n"
	"  44: exit\n"
	"b4:\n"
	"  45: free(p)\n"
	"  46: return 0\n";

/* Does answers text `ans` hold a line that starts with `q`? */
static bool
asked(const char *ans, const char *q)
{
	for (const char *l = ans; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, q, strlen(q)) == 0)
			return true;
	return false;
}

static void
lost_line(void *ctx, const Violation *v)
{
	int *at = ctx;
	assert_int_equal(v->kind, V_LOST_EXIT);
	assert_int_equal(*at, 0);
	*at = v->where.line;
}

static void
test_declared_noreturn(void **state)
{
	(void)state;
	Rules *r = load_rules();
	char *t = helpers_text(r);
	ProgSums ps;
	table_of(&ps, r, t);
	assert_true(progsum_find(&ps, "fatal")->noreturn);
	IrUnit *u = ir(declared);
	for (int with = 0; with < 2; with++) {
		EngineLimits lim;
		engine_limits_default(&lim);
		lim.report_at_exit = true;
		lim.program = with ? &ps : NULL;
		int at = 0;
		char *sum = NULL, *ans = NULL;
		engine_run_summary(u, r, &lim, lost_line, &at, NULL, &sum, &ans);
		assert_int_equal(at, 44);        /* held where the process ends */
		assert_non_null(ans);
		assert_false(asked(ans, "x fatal "));   /* does it return? */
		assert_true(engine_answers_hold(ans, &ps));
		free(sum);
		free(ans);
	}
	/* dies() of `caller`, where fatal() is not declared so, asks */
	IrUnit *c = ir(caller);
	EngineLimits none;
	engine_limits_default(&none);
	char *sum = NULL, *ans = NULL;
	Seen seen = {0};
	engine_run_summary(c, r, &none, count, &seen, NULL, &sum, &ans);
	assert_non_null(ans);
	assert_true(asked(ans, "x fatal "));
	assert_false(engine_answers_hold(ans, &ps));
	free(sum);
	free(ans);
	ir_unit_free(c);
	ir_unit_free(u);
	progsum_release(&ps);
	free(t);
	rules_free(r);
}

/* Entries of the program (entry.h) across units: cmd_echo (cmds) is put
 * into a member by the dispatcher's unit, whose runner calls through it and
 * returns the status that main exits with. */
static const char cmds[] =
	"func cmd_echo\n"
	"  param int argc\n"
	"  local char *p\n"
	"b0:\n"
	"  5: %t1 = malloc(argc)\n"
	"  5: p = %t1\n"
	"  5: kill %t1\n"
	"  6: if p == 0 then b1 else b2\n"
	"b1:\n"
	"  7: return 1\n"
	"b2:\n"
	"  8: say(const p)\n"
	"  9: return 0\n";

static const char dispatcher[] =
	"ref cmd_echo via \"c:@S@command@FI@run\"\n"
	"func run_cmd\n"
	"  param int argc\n"
	"  local int status\n"
	"b0:\n"
	"  20: %t1 = <indirect via \"c:@S@command@FI@run\">(argc)\n"
	"  20: status = %t1\n"
	"  20: kill %t1\n"
	"  21: if status != 0 then b1 else b2\n"
	"b1:\n"
	"  22: return status\n"
	"b2:\n"
	"  23: return 0\n"
	"func handle\n"
	"  param int argc\n"
	"b0:\n"
	"  30: %t1 = run_cmd(argc)\n"
	"  30: %t2 = common_exit(%t1)\n"
	"  30: exit(%t2)\n"
	"  30: exit\n"
	"func main\n"
	"  param int argc\n"
	"b0:\n"
	"  35: handle(argc)\n"
	"  36: %t1 = usage(argc)\n"
	"  36: return %t1\n";

/* ... and a unit that calls through the same member in a loop, and a
 * function that status-calls itself (recursion makes no entry). */
static const char looper[] =
	"func each\n"
	"  param int n\n"
	"b0:\n"
	"  40: goto b1\n"
	"b1: (loop)\n"
	"  41: %t1 = <indirect via \"c:@S@command@FI@run\">(n)\n"
	"  41: kill %t1\n"
	"  41: if ? then b1 else b2\n"
	"b2:\n"
	"  42: return 0\n"
	"func again\n"
	"  param int n\n"
	"b0:\n"
	"  50: %t1 = again(n)\n"
	"  50: return %t1\n";

static char *
text_of(const Rules *r, const char *ir_text)
{
	IrUnit *u = ir(ir_text);
	char *t = engine_program_summary(u, r, NULL);
	ir_unit_free(u);
	assert_non_null(t);
	return t;
}

/* What the engine sees in ir_text with the program's table ps; with
 * resolved, the calls through members are resolved first (pass 2). */
static Seen
seen_in(const Rules *r, const char *ir_text, const ProgSums *ps, int *resolved)
{
	IrUnit *u = ir(ir_text);
	if (resolved)
		*resolved = progsum_resolve_calls(ps, u);
	EngineLimits lim;
	engine_limits_default(&lim);
	lim.program = ps;
	Seen s = {0};
	engine_run(u, r, &lim, count, &s, NULL);
	ir_unit_free(u);
	return s;
}

static int
leaks_in(const Rules *r, const char *ir_text, const ProgSums *ps)
{
	return seen_in(r, ir_text, ps, NULL).leaks;
}

static void
test_entries(void **state)
{
	(void)state;
	Rules *r = load_rules();
	char *tc = text_of(r, cmds), *td = text_of(r, dispatcher), *tl = text_of(r, looper);
	/* a callee's `c` line says it is used otherwise: no `o` line */
	assert_non_null(strstr(tc, "\nc say\n"));
	assert_null(strstr(tc, "\no "));
	assert_non_null(strstr(td, "\ns run_cmd handle E\n"));
	assert_null(strstr(td, " main E\n"));        /* main's calls are its work */
	assert_null(strstr(td, " main R\n"));
	assert_non_null(strstr(td, "\nc usage\n"));     /* an ordinary call */
	assert_non_null(strstr(td, " cmd_echo\n"));                 /* t MEMBER cmd_echo */
	assert_non_null(strstr(td, " run_cmd R\n"));                /* v MEMBER run_cmd R */
	assert_non_null(strstr(tl, " each O\n"));
	assert_non_null(strstr(tl, "\ns again again R\n"));

	ProgSums two, three;
	progsum_init(&two);
	progsum_init(&three);
	assert_int_equal(progsum_add(&two, 0, tc), 0);
	assert_int_equal(progsum_add(&two, 1, td), 0);
	progsum_finish(&two, r);
	assert_true(progsum_entry(&two, "cmd_echo"));
	assert_true(progsum_entry(&two, "run_cmd"));
	assert_false(progsum_entry(&two, "say"));
	assert_int_equal(progsum_add(&three, 0, tc), 0);
	assert_int_equal(progsum_add(&three, 1, td), 0);
	assert_int_equal(progsum_add(&three, 2, tl), 0);
	progsum_finish(&three, r);
	assert_false(progsum_entry(&three, "cmd_echo"));    /* a loop calls it too */
	assert_true(progsum_entry(&three, "run_cmd"));
	assert_false(progsum_entry(&three, "again"));

	/* pass 2 runs cmds again when the program makes its function an
	 * entry, and the key moves when that changes */
	int n2 = 0, n3 = 0;
	uint64_t h2 = progsum_used(&two, tc, CACHE_HASH_INIT, &n2);
	uint64_t h3 = progsum_used(&three, tc, CACHE_HASH_INIT, &n3);
	assert_true(n2 > n3);
	assert_true(h2 != h3);

	/* the leak at cmd_echo's return: the unit alone and the loop's
	 * program report it, the dispatcher's does not */
	assert_int_equal(leaks_in(r, cmds, NULL), 1);
	assert_int_equal(leaks_in(r, cmds, &two), 0);
	assert_int_equal(leaks_in(r, cmds, &three), 1);
	progsum_release(&two);
	progsum_release(&three);
	free(tc);
	free(td);
	free(tl);
	rules_free(r);
}

/* Calls through a member the program fills with one function: the
 * driver's close, put into log_ops.close by one unit, called through it
 * by another, is that function at the call (its summary: it releases),
 * so the fclose after it is a second release.  Two functions put into
 * the member leave the call unknown. */
static const char driver[] =
	"ref close_log via \"c:@S@log_ops@FI@close\"\n"
	"func close_log\n"
	"  param FILE *f\n"
	"b0:\n"
	"  60: %t1 = fclose(f)\n"
	"  60: return %t1\n";

static const char other_driver[] =
	"ref close_quietly via \"c:@S@log_ops@FI@close\"\n"
	"func close_quietly\n"
	"  param FILE *f\n"
	"b0:\n"
	"  65: return 0\n";

static const char through_member[] =
	"func shut\n"
	"  param const char *path\n"
	"  local FILE *f\n"
	"b0:\n"
	"  70: %t1 = fopen(path, \"r\")\n"
	"  70: f = %t1\n"
	"  70: kill %t1\n"
	"  71: if f == 0 then b1 else b2\n"
	"b1:\n"
	"  72: return -1\n"
	"b2:\n"
	"  73: %t2 = <indirect via \"c:@S@log_ops@FI@close\">(f)\n"
	"  73: kill %t2\n"
	"  74: %t3 = fclose(f)\n"
	"  74: kill %t3\n"
	"  75: return 0\n";

static int
doubles_in(const Rules *r, const ProgSums *ps, int *resolved)
{
	return seen_in(r, through_member, ps, resolved).doubles;
}

static void
test_member_targets(void **state)
{
	(void)state;
	Rules *r = load_rules();
	char *td = text_of(r, driver), *to = text_of(r, other_driver), *tu = text_of(r, through_member);
	ProgSums one, two;
	progsum_init(&one);
	progsum_init(&two);
	assert_int_equal(progsum_add(&one, 0, td), 0);
	assert_int_equal(progsum_add(&one, 1, tu), 0);
	progsum_finish(&one, r);
	int n = -1;
	assert_int_equal(doubles_in(r, &one, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(progsum_add(&two, 0, td), 0);
	assert_int_equal(progsum_add(&two, 1, to), 0);
	assert_int_equal(progsum_add(&two, 2, tu), 0);
	progsum_finish(&two, r);
	assert_int_equal(doubles_in(r, &two, &n), 0);    /* two functions: unknown */
	assert_int_equal(n, 0);
	assert_int_equal(doubles_in(r, NULL, &n), 0);    /* no program */
	assert_int_equal(n, 0);
	progsum_release(&one);
	progsum_release(&two);
	free(td);
	free(to);
	free(tu);
	rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass1_text),
		cmocka_unit_test(test_param_types),
		cmocka_unit_test(test_run_alone),
		cmocka_unit_test(test_refused_whole),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_used_hash),
		cmocka_unit_test(test_defines),
		cmocka_unit_test(test_zformat_release_in_txn),
		cmocka_unit_test(test_frees_leaving),
		cmocka_unit_test(test_member_opener),
		cmocka_unit_test(test_engine_uses_table),
		cmocka_unit_test(test_chain_round),
		cmocka_unit_test(test_round_keeps_lines),
		cmocka_unit_test(test_round_by_answers),
		cmocka_unit_test(test_declared_noreturn),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_member_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
