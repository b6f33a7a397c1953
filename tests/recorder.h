/* SPDX-License-Identifier: MIT */
/*
 * recorder: the engine's violations as plain records, for the tests that
 * run the engine (test_engine.c on hand-built graphs, test_e2e.c on C
 * lowered by libclang): collect() is the ViolationFn, recs/nrecs what it
 * recorded, EXPECT() prints them when a check fails.  Included once per
 * test program (its functions are static).
 */
#ifndef CLOSECHECK_TEST_RECORDER_H
#define CLOSECHECK_TEST_RECORDER_H

#include <stdio.h>
#include <string.h>
#include "engine.h"

/* ---- recording violations ------------------------------------------------- */

enum { MAX_REC = 64, MAX_REC_STEPS = 24 };

typedef struct Rec {
	ViolKind kind;
	char fn[64];
	char name[64];               /* "" when the violation has none */
	char how[64];
	char acquirer[64];
	char rkind[64];
	int line, acq_line, first_line;
	const IrLoop *loop;
	int nsteps;                  /* all of them; the first MAX_REC_STEPS: */
	char steps[MAX_REC_STEPS][160];   /* in path order, first step first */
	int step_lines[MAX_REC_STEPS];
} Rec;

static Rec recs[MAX_REC];
static int nrecs;
static EngineStats stats;

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static void
collect(void *ctx, const Violation *v)
{
	assert_ptr_equal(ctx, recs);
	assert_true(nrecs < MAX_REC);
	Rec *r = &recs[nrecs++];
	memset(r, 0, sizeof(*r));
	r->kind = v->kind;
	assert_non_null(v->fn);
	copy(r->fn, sizeof(r->fn), v->fn->name);
	copy(r->name, sizeof(r->name), v->name);
	copy(r->how, sizeof(r->how), v->how);
	copy(r->acquirer, sizeof(r->acquirer), v->acquirer);
	copy(r->rkind, sizeof(r->rkind), v->rkind ? v->rkind->name : NULL);
	r->line = v->where.line;
	r->acq_line = v->acquired.line;
	r->first_line = v->first.line;
	r->loop = v->loop;
	int n = 0;
	for (const Step *s = v->path; s; s = s->prev)
		n++;
	r->nsteps = n;
	int i = n;
	for (const Step *s = v->path; s; s = s->prev) {
		i--;
		assert_non_null(s->text);
		if (i >= MAX_REC_STEPS)
			continue;
		copy(r->steps[i], sizeof(r->steps[i]), s->text);
		r->step_lines[i] = s->loc.line;
	}
}

static const char *const kind_names[] = {
	[V_LOST_EXIT] = "lost-exit", [V_LOST_OVERWRITE] = "lost-overwrite",
	[V_LOST_SCOPE] = "lost-scope", [V_LOST_DISCARD] = "lost-discard",
	[V_LOST_CONTAINER] = "lost-container",
	[V_DOUBLE_RELEASE] = "double-release", [V_THREAD_RELEASE] = "thread-release",
	[V_USE_AFTER_RELEASE] = "use-after-release", [V_LOOP_RELEASE] = "loop-release",
	[V_BOUND] = "bound",
};

static const char *
kind_name(ViolKind k)
{
	if ((size_t)k < sizeof(kind_names) / sizeof(kind_names[0]) && kind_names[k])
		return kind_names[k];
	return "other";
}

static void
print_recs(void)
{
	fprintf(stderr, "%d violation(s):\n", nrecs);
	for (int i = 0; i < nrecs; i++) {
		const Rec *r = &recs[i];
		fprintf(stderr, "  %s in %s at line %d: '%s' by %s (line %d) how=%s first=%d\n",
			kind_name(r->kind), r->fn, r->line, r->name, r->acquirer,
			r->acq_line, r->how, r->first_line);
		for (int j = 0; j < r->nsteps && j < MAX_REC_STEPS; j++)
			fprintf(stderr, "      step %d: %s\n", r->step_lines[j], r->steps[j]);
	}
}

#define EXPECT(cond) do { \
	if (!(cond)) { \
		print_recs(); \
		fail_msg("%s:%d: expected %s", __FILE__, __LINE__, #cond); \
	} \
} while (0)

/* Violations of a kind (and, when fn is not NULL, in that function). */
static int
count(ViolKind k, const char *fn)
{
	int n = 0;
	for (int i = 0; i < nrecs; i++)
		if (recs[i].kind == k && (!fn || strcmp(recs[i].fn, fn) == 0))
			n++;
	return n;
}

static int
count_fn(const char *fn)
{
	int n = 0;
	for (int i = 0; i < nrecs; i++)
		if (strcmp(recs[i].fn, fn) == 0)
			n++;
	return n;
}

/* The only violation of kind k. */
static const Rec *
only(ViolKind k)
{
	const Rec *r = NULL;
	for (int i = 0; i < nrecs; i++)
		if (recs[i].kind == k) {
			EXPECT(r == NULL);
			r = &recs[i];
		}
	if (!r) {
		print_recs();
		fail_msg("no %s violation", kind_name(k));
	}
	return r;
}

/* ---- fixtures --------------------------------------------------------------- */

#endif
