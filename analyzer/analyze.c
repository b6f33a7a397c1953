/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "analyze.h"

typedef struct Run {
	const UnitList *units;
	const AnalyzeOptions *o;
	FindingSet *out;
	Diag *d;
	atomic_int next;
	pthread_mutex_t lock;    /* stats and the IR dump */
	AnalyzeStats *stats;
	/* with o->on_unit: each unit's findings, until handed over in order */
	FindingSet *per_unit;
	bool *done;
	int handed;              /* units handed over so far */
	pthread_mutex_t order;   /* done, handed, the on_unit calls */
} Run;

/* What the checks of one unit report into. */
typedef struct UnitCtx {
	Run *run;
	FindingSet *out;
} UnitCtx;

void
analyze_options_init(AnalyzeOptions *o)
{
	memset(o, 0, sizeof(*o));
	checks_default(&o->checks);
	engine_limits_default(&o->limits);
	o->jobs = 1;
}

static void
on_violation(void *ctx, const Violation *v)
{
	UnitCtx *uc = ctx;
	Run *r = uc->run;
	if (v->kind == V_BOUND && v->how) {
		diag_note(r->d, v->where.file, v->where.line, v->where.col,
			  "in '%s', too many paths for the handle from '%s': flag values were forgotten, findings for it may be less precise",
			  v->fn->name, v->acquirer ? v->acquirer : "?");
		return;
	}
	if (v->kind == V_BOUND) {
		diag_note(r->d, v->where.file, v->where.line, v->where.col,
			  "analysis of '%s' stopped at a work bound while following the handle from '%s'; findings for it may be incomplete",
			  v->fn->name, v->acquirer ? v->acquirer : "?");
		return;
	}
	checks_report(&r->o->checks, v, uc->out);
}

static void
analyze_one(Run *r, Frontend *fe, const UnitSpec *spec, const UnsavedText *bufs,
	    int nbufs, FindingSet *out)
{
	long long parsed = incmap_now();
	IrUnit *u = nbufs ? frontend_lower_buffers(fe, spec, bufs, nbufs, r->d)
			  : frontend_lower(fe, spec, r->d);
	if (u && r->o->incmap)
		incmap_record(r->o->incmap, spec->file, parsed, u->includes.n, u->includes.v);
	if (!u) {
		pthread_mutex_lock(&r->lock);
		r->stats->units_failed++;
		pthread_mutex_unlock(&r->lock);
		return;
	}
	if (r->o->dump_ir) {
		pthread_mutex_lock(&r->lock);
		for (int i = 0; i < u->funcs.n; i++)
			ir_dump(u->funcs.v[i], r->o->dump_ir);
		pthread_mutex_unlock(&r->lock);
	}
	EngineStats es = {0};
	UnitCtx uc = {r, out};
	engine_run(u, r->o->rules, &r->o->limits, on_violation, &uc, &es);
	pthread_mutex_lock(&r->lock);
	r->stats->engine.functions += es.functions;
	r->stats->engine.sites += es.sites;
	r->stats->engine.visits += es.visits;
	r->stats->engine.bounded += es.bounded;
	pthread_mutex_unlock(&r->lock);
	ir_unit_free(u);
}

/* Unit i is done: hand over every unit now done in an unbroken run from
 * the first not yet handed over. */
static void
hand_over(Run *r, int i)
{
	pthread_mutex_lock(&r->order);
	r->done[i] = true;
	while (r->handed < r->units->n && r->done[r->handed]) {
		FindingSet *fs = &r->per_unit[r->handed];
		r->o->on_unit(r->o->ctx, r->handed, fs);
		findings_release(fs);
		r->handed++;
	}
	pthread_mutex_unlock(&r->order);
}

static void *
worker(void *arg)
{
	Run *r = arg;
	Frontend *fe = frontend_new();
	frontend_set_parse_only(fe, r->o->parse_only);
	for (;;) {
		int i = atomic_fetch_add(&r->next, 1);
		if (i >= r->units->n)
			break;
		if (r->o->on_start)
			r->o->on_start(r->o->ctx, i);
		if (!r->per_unit) {
			analyze_one(r, fe, &r->units->v[i], NULL, 0, r->out);
			continue;
		}
		analyze_one(r, fe, &r->units->v[i], NULL, 0, &r->per_unit[i]);
		findings_sort(&r->per_unit[i]);
		hand_over(r, i);
	}
	frontend_free(fe);
	return NULL;
}

/* Runs the workers (o->jobs of them, at most one per unit) to the end. */
static void
run_workers(Run *r)
{
	int jobs = r->o->jobs < 1 ? 1 : r->o->jobs;
	if (jobs > r->units->n)
		jobs = r->units->n > 0 ? r->units->n : 1;
	if (jobs == 1) {
		worker(r);
		return;
	}
	pthread_t *t = xcalloc((size_t)jobs, sizeof(pthread_t));
	int started = 0;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&t[i], NULL, worker, r) == 0)
			started++;
		else
			break;
	if (started == 0)
		worker(r);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	mem_free(t);
}

void
analyze_units(const UnitList *units, const AnalyzeOptions *o, FindingSet *out,
	      Diag *d, AnalyzeStats *stats)
{
	AnalyzeStats local = {0};
	Run r = {units, o, out, d, 0, PTHREAD_MUTEX_INITIALIZER, stats ? stats : &local,
		 NULL, NULL, 0, PTHREAD_MUTEX_INITIALIZER};
	r.stats->units += units->n;
	if (o->on_unit && units->n > 0) {
		r.per_unit = xcalloc((size_t)units->n, sizeof(FindingSet));
		r.done = xcalloc((size_t)units->n, sizeof(bool));
		for (int i = 0; i < units->n; i++)
			findings_init(&r.per_unit[i]);
	}
	run_workers(&r);
	mem_free(r.per_unit);
	mem_free(r.done);
	if (out)
		findings_sort(out);
}

void
analyze_buffers(const AnalyzeOptions *o, Frontend *fe, const UnitSpec *spec,
		const UnsavedText *bufs, int nbufs, FindingSet *out, Diag *d)
{
	AnalyzeStats st = {0};
	UnitList one = {(UnitSpec *)spec, 1, 1};
	Run r = {&one, o, out, d, 0, PTHREAD_MUTEX_INITIALIZER, &st,
		 NULL, NULL, 0, PTHREAD_MUTEX_INITIALIZER};
	analyze_one(&r, fe, spec, bufs, nbufs, out);
	findings_sort(out);
}

void
analyze_text(const AnalyzeOptions *o, Frontend *fe, const UnitSpec *spec,
	     const char *text, FindingSet *out, Diag *d)
{
	UnsavedText one = {spec->file, text};
	analyze_buffers(o, fe, spec, &one, 1, out, d);
}
