/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyze.h"
#include "irbin.h"
#include "isolate.h"
#include "progsum.h"

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
	/* analyze_buffers(): the caller's front end and the editor's texts */
	Frontend *fe;
	const UnsavedText *bufs;
	int nbufs;
	/* the units to analyse, in order: those the cache did not have */
	int *todo;
	int ntodo;
	/* whole-program runs (AnalyzeOptions.program): 1 in pass 1, 2 in
	 * pass 2, 3 in a round of the chains (summaries again, given the
	 * other units'), 0 otherwise */
	int pass;
	char **rtext;            /* a round: each unit's summaries made */
	char **rold;             /* a round: each unit's summaries before it */
	ProgSnap **rbefore;      /* and the table each was made with (NULL:
	                          * the unit alone, in pass 1) */
	char **otext;            /* the others' stored summaries (NULL: none) */
	/* each unit's answers (answers.c): what the walks that made its text
	 * asked of the table, NULL unknown; a round's new ones in rans */
	char **ans, **rans;
	json_t **p1;             /* pass 1: each unit's result, messages kept */
	bool *early;             /* pass 1: handed over already (final) */
	uint64_t *rkey;          /* pass 2: each unit's result key */
	uint64_t *rslot;         /* and the unit's slot, to point to it (0: none) */
	char *summary;           /* one unit in pass 1: its summaries' text */
	char *answers;           /* ... and its answers */
	/* The run's folder of IR files (irbin.h): pass 1 writes each unit's
	 * IR there as I.ir, pass 2 reads it instead of parsing again; NULL:
	 * no such folder (pass 2 parses). */
	const char *ir_dir;
	int fe_msgs;             /* one unit in pass 1: messages of its parse */
	bool partial;            /* one unit in pass 1: summarised only, its
	                          * findings left to pass 2 (engine_run_alone()) */
	int rkept;               /* one unit in a round: lines kept */
} Run;

/* A unit's messages, as the wire sends them, on their way to fwd. */
typedef struct Capture {
	json_t *msgs;
	int errors;
	DiagSink fwd;
	void *fwd_ctx;
} Capture;

/* What a unit's parse read and when it began (IrUnit.reads). */
typedef struct Seen {
	long long parsed;
	VEC(char *) files;
} Seen;

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
	if (v->kind == V_BOUND && v->how && strcmp(v->how, "slots") == 0) {
		diag_note(r->d, v->where.file, v->where.line, v->where.col,
			  "in '%s', more variables decide its paths than the %d a path can follow; "
			  "tests of the others are not correlated, findings may be less precise",
			  v->fn->name, ENGINE_FLAG_SLOTS);
		return;
	}
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

static void capture_sink(void *ctx, const char *what, const char *file, int line,
			 int col, const char *msg);

static void
ir_path(const Run *r, int i, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%d.ir", r->ir_dir, i);
}

/* Pass 2: unit i's IR as pass 1 kept it, with the messages its parse gave
 * said again (the first fe_messages of pass 1's), read once; NULL: parse
 * again.  A round (pass 3) reads it quietly and leaves it for pass 2. */
static IrUnit *
kept_ir(Run *r, int i, long long *parsed)
{
	bool round = r->pass == 3;
	const json_t *p1 = r->p1 ? r->p1[i] : NULL;
	const json_t *n = p1 ? json_object_get(p1, "fe_messages") : NULL;
	if (!n || !r->ir_dir)
		return NULL;
	char path[PATH_MAX];
	ir_path(r, i, path, sizeof(path));
	const char *why = NULL;
	IrUnit *u = irbin_load(path, parsed, &why);
	if (!round)
		unlink(path);               /* read once */
	if (!u || round)
		return u;
	const json_t *msgs = json_object_get(p1, "messages");
	for (size_t k = 0; k < (size_t)json_integer_value(n) && k < json_array_size(msgs); k++)
		wire_diag_replay(json_array_get(msgs, k), r->d);
	return u;
}

/* CLOSECHECK_ROUNDS_ALL set: a round of the chains summarises every
 * function of a unit again, not only those the new table changes (the
 * tests compare both ways). */
static bool
rounds_all(void)
{
	const char *env = getenv("CLOSECHECK_ROUNDS_ALL");
	return env && *env && strcmp(env, "0") != 0;
}

/* Pass 1: keeps unit i's IR for pass 2 (a failed write only costs pass 2
 * a parse), and how many messages its parse gave. */
static void
keep_ir(Run *r, int i, const IrUnit *u, long long parsed)
{
	if (r->d->sink == capture_sink)
		r->fe_msgs = (int)json_array_size(((Capture *)r->d->sink_ctx)->msgs);
	char path[PATH_MAX];
	ir_path(r, i, path, sizeof(path));
	if (irbin_save(u, parsed, path) != 0)
		r->fe_msgs = -1;
}

/* Unit i (-1: the editor's, with bufs), its findings into out; with seen,
 * what its parse read is kept there. */
static void
analyze_one(Run *r, Frontend *fe, int i, const UnitSpec *spec, const UnsavedText *bufs,
	    int nbufs, FindingSet *out, Seen *seen)
{
	long long parsed = incmap_now();
	IrUnit *u = r->pass >= 2 && i >= 0 ? kept_ir(r, i, &parsed) : NULL;
	if (u && r->pass == 2) {
		pthread_mutex_lock(&r->lock);
		r->stats->prog_kept_ir++;
		pthread_mutex_unlock(&r->lock);
	} else if (!u)
		u = nbufs ? frontend_lower_buffers(fe, spec, bufs, nbufs, r->d)
			  : frontend_lower(fe, spec, r->d);
	if (u && r->pass == 1 && r->ir_dir && i >= 0)
		keep_ir(r, i, u, parsed);
	if (u && r->o->incmap)
		incmap_record(r->o->incmap, spec->file, parsed, u->includes.n, u->includes.v);
	if (u && seen) {
		seen->parsed = parsed;
		for (int k = 0; k < u->reads.n; k++)
			vec_push(&seen->files, xstrdup(u->reads.v[k]));
	}
	if (!u) {
		pthread_mutex_lock(&r->lock);
		r->stats->units_failed++;
		pthread_mutex_unlock(&r->lock);
		return;
	}
	if (r->o->dump_ir) {
		pthread_mutex_lock(&r->lock);
		for (int k = 0; k < u->funcs.n; k++)
			ir_dump(u->funcs.v[k], r->o->dump_ir);
		pthread_mutex_unlock(&r->lock);
	}
	EngineStats es = {0};
	UnitCtx uc = {r, out};
	EngineLimits lim = r->o->limits;
	lim.report_at_exit |= spec->report_at_exit;
	if (r->pass == 3) {
		/* a round: the summaries alone, given the table */
		bool again = i >= 0 && r->rold && !rounds_all();
		r->summary = engine_program_resummary(u, r->o->rules, &lim,
						      again ? r->rbefore[i] : NULL,
						      again ? r->rold[i] : NULL,
						      again && r->ans ? r->ans[i] : NULL,
						      &r->rkept, &r->answers);
		ir_unit_free(u);
		return;
	}
	/* calls through a member the program fills with one function: not
	 * where the unit's own summaries are made (the entries' facts read
	 * such a call as a call through the member) */
	int members = 0;
	if (lim.program && (r->pass == 2 || (r->pass == 0 && !r->o->summary_out)))
		members = progsum_resolve_calls(lim.program, u);
	if (r->pass == 1)
		r->partial = !engine_run_alone(u, r->o->rules, &lim, on_violation, &uc, &es,
					       &r->summary, &r->answers);
	else
		engine_run_summary(u, r->o->rules, &lim, on_violation, &uc, &es, NULL,
				   r->pass == 2 && r->o->cache ? &r->answers : NULL);
	if (r->pass == 0 && r->o->summary_out) {
		/* an editor's document: what its unit alone says */
		EngineLimits alone = lim;
		alone.program = NULL;
		mem_free(r->summary);
		r->summary = engine_program_summary(u, r->o->rules, &alone);
	}
	pthread_mutex_lock(&r->lock);
	r->stats->prog_members += members;
	r->stats->engine.functions += es.functions;
	r->stats->engine.sites += es.sites;
	r->stats->engine.visits += es.visits;
	r->stats->engine.bounded += es.bounded;
	r->stats->engine.seeded += es.seeded;
	r->stats->engine.settled += es.settled;
	pthread_mutex_unlock(&r->lock);
	ir_unit_free(u);
	arena_spare_trim();      /* the walks' chunks, for what comes next */
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

/* ---- one unit's result, as a child sends it -------------------------------- */

/* A Diag sink: keeps each message of the unit, then passes it on. */
static void
capture_sink(void *ctx, const char *what, const char *file, int line, int col,
	     const char *msg)
{
	Capture *c = ctx;
	json_array_append_new(c->msgs, wire_diag(what, file, line, col, msg));
	c->errors += strcmp(what, "error") == 0;
	if (c->fwd)
		c->fwd(c->fwd_ctx, what, file, line, col, msg);
}

/* What the unit gave besides messages, as one object. */
static json_t *
child_result(const AnalyzeStats *st, const FindingSet *fs, const IncMap *map)
{
	json_t *res = json_object();
	json_object_set_new(res, "findings", wire_findings(fs));
	json_object_set_new(res, "stats", json_pack("[i I I I I I I i i]", st->units_failed,
		(json_int_t)st->engine.functions, (json_int_t)st->engine.sites,
		(json_int_t)st->engine.visits, (json_int_t)st->engine.bounded,
		(json_int_t)st->engine.seeded, (json_int_t)st->engine.settled,
		st->prog_kept_ir, st->prog_members));
	if (map && map->v.n > 0) {
		const IncUnit *iu = &map->v.v[0];
		json_t *inc = json_array();
		for (int i = 0; i < iu->includes.n; i++)
			json_array_append_new(inc, wire_str(iu->includes.v[i]));
		json_t *e = json_array();
		json_array_append_new(e, wire_str(iu->unit));
		json_array_append_new(e, json_integer(iu->parsed));
		json_array_append_new(e, inc);
		json_object_set_new(res, "includes", e);
	}
	char *flags = frontend_dropped_flags();
	if (flags)
		json_object_set_new(res, "flags", wire_str(flags));
	mem_free(flags);
	return res;
}

/* The unit's key: with its configuration's report-at-exit. */
static uint64_t
unit_key(const ResultCache *c, const UnitSpec *spec)
{
	uint64_t h = cache_unit_key(c, spec->file, spec->dir, spec->argc,
				    (const char *const *)spec->argv);
	return cache_hash(h, &spec->report_at_exit, sizeof(spec->report_at_exit));
}

/* Keeps the result of unit i if it had no error, with the flags clang
 * refused among its own (the process remembers those of other units).
 * Pass 1's result, under the unit's own key, holds its summaries too:
 * it is the result of the unit analysed alone, without its findings
 * ("partial") when pass 2 makes them (a unit that calls out). */
static void
store_result(const Run *p, int i, const Seen *seen, const Capture *cap,
	     const AnalyzeStats *st, const json_t *res)
{
	const UnitSpec *spec = &p->units->v[i];
	if (cap->errors > 0 || st->units_failed > 0 || seen->files.n == 0)
		return;
	json_t *e = json_copy((json_t *)res);
	Arena a;
	arena_init(&a);
	char *mine = cache_flags_of(wire_get(json_object_get(res, "flags"), &a), spec->argc,
				    (const char *const *)spec->argv);
	arena_release(&a);
	if (mine)
		json_object_set_new(e, "flags", wire_str(mine));
	else
		json_object_del(e, "flags");
	mem_free(mine);
	uint64_t key = p->rkey ? p->rkey[i] : unit_key(p->o->cache, spec);
	json_t *slot = NULL;
	if (p->rslot && p->rslot[i] && json_object_get(e, "answers")) {
		/* the unit's last result of the kind: where it is, and its
		 * answers (a pass-2 result leaves them there) */
		char hex[24];
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)key);
		slot = json_pack("{s:s, s:O}", "at", hex, "answers", json_object_get(e, "answers"));
		if (p->pass == 2)
			json_object_del(e, "answers");
	}
	cache_store(p->o->cache, key, spec->file, seen->files.n,
		    (const char *const *)seen->files.v, seen->parsed, e);
	/* the slot is checked by what it points to: the first file the unit
	 * read (its main file) will do */
	if (slot)
		cache_store(p->o->cache, p->rslot[i], spec->file, 1,
			    (const char *const *)seen->files.v, seen->parsed, slot);
	json_decref(slot);
	json_decref(e);
}

/* Unit i in this thread, its messages to d: the object a child sends
 * (findings, stats, includes, flags; with the cache, "messages" too), kept
 * in the cache when it may be. */
static json_t *
unit_result(const Run *p, Frontend *fe, int i, Diag *d, FILE *dump)
{
	const UnitSpec *spec = &p->units->v[i];
	AnalyzeOptions o = *p->o;
	IncMap map = {.lock = PTHREAD_MUTEX_INITIALIZER};
	o.incmap = p->o->incmap ? &map : NULL;
	o.dump_ir = dump;
	bool keep = o.cache && p->nbufs == 0;
	/* pass 1 keeps its messages: they are said in pass 2, once */
	bool quiet = p->pass == 1 || p->pass == 3;
	Capture cap = {json_array(), 0, quiet ? NULL : d->sink, quiet ? NULL : d->sink_ctx};
	DiagSink sink = d->sink;
	void *sink_ctx = d->sink_ctx;
	if (keep || quiet) {
		d->sink = capture_sink;
		d->sink_ctx = &cap;
	}
	Seen seen = {0};
	AnalyzeStats st = {0};
	FindingSet fs;
	findings_init(&fs);
	Run r = {.o = &o, .d = d, .stats = &st, .lock = PTHREAD_MUTEX_INITIALIZER,
		 .pass = p->pass, .p1 = p->p1, .ir_dir = p->ir_dir, .fe_msgs = -1,
		 .rold = p->rold, .rbefore = p->rbefore, .ans = p->ans, .rslot = p->rslot};
	analyze_one(&r, fe, p->nbufs ? -1 : i, spec, p->bufs, p->nbufs, &fs,
		    keep ? &seen : NULL);
	json_t *res = child_result(&st, &fs, o.incmap);
	json_object_set_new(res, "messages", cap.msgs);
	if (r.fe_msgs >= 0)
		json_object_set_new(res, "fe_messages", json_integer(r.fe_msgs));
	const json_t *flags = p->pass == 2 && p->p1 && p->p1[i] ?
			      json_object_get(p->p1[i], "flags") : NULL;
	if (flags && !json_object_get(res, "flags"))
		json_object_set(res, "flags", (json_t *)flags);
	if (r.summary)
		json_object_set_new(res, "summaries", wire_str(r.summary));
	if (r.answers)
		json_object_set_new(res, "answers", wire_str(r.answers));
	mem_free(r.answers);
	if (r.pass == 3)
		json_object_set_new(res, "kept", json_integer(r.rkept));
	if (r.partial)
		json_object_set_new(res, "partial", json_true());
	mem_free(r.summary);
	if (keep)
		store_result(p, i, &seen, &cap, &st, res);
	if (p->pass == 2)
		json_object_del(res, "answers");        /* the cache's only */
	d->sink = sink;
	d->sink_ctx = sink_ctx;
	for (int k = 0; k < seen.files.n; k++)
		mem_free(seen.files.v[k]);
	vec_free(&seen.files);
	findings_release(&fs);
	incmap_release(&map);
	return res;
}

/* The result of unit i (a child's, the cache's or this process's) into
 * the run; its messages are not replayed.  parsed > 0: when its include
 * list held (else the result says). */
static void
take_result(Run *r, int i, const json_t *res, long long parsed)
{
	FindingSet *out = r->per_unit ? &r->per_unit[i] : r->out;
	wire_add_findings(json_object_get(res, "findings"), out);
	const json_t *st = json_object_get(res, "stats");
	r->stats->units_failed += (int)json_integer_value(json_array_get(st, 0));
	r->stats->engine.functions += (long)json_integer_value(json_array_get(st, 1));
	r->stats->engine.sites += (long)json_integer_value(json_array_get(st, 2));
	r->stats->engine.visits += (long)json_integer_value(json_array_get(st, 3));
	r->stats->engine.bounded += (long)json_integer_value(json_array_get(st, 4));
	r->stats->engine.seeded += (long)json_integer_value(json_array_get(st, 5));
	r->stats->engine.settled += (long)json_integer_value(json_array_get(st, 6));
	if (parsed == 0) {                  /* analysed now, not from the cache */
		r->stats->prog_kept_ir += (int)json_integer_value(json_array_get(st, 7));
		r->stats->prog_members += (int)json_integer_value(json_array_get(st, 8));
	}
	Arena a;
	arena_init(&a);
	const json_t *inc = json_object_get(res, "includes");
	if (inc && r->o->incmap) {
		const json_t *list = json_array_get(inc, 2);
		int n = (int)json_array_size(list);
		const char **v = arena_alloc(&a, sizeof(char *) * (size_t)(n + 1));
		for (int k = 0; k < n; k++)
			v[k] = wire_get(json_array_get(list, (size_t)k), &a);
		const char *unit = wire_get(json_array_get(inc, 0), &a);
		if (parsed > 0)
			incmap_confirm(r->o->incmap, unit, parsed, n, v);
		else
			incmap_record(r->o->incmap, unit,
				      (long long)json_integer_value(json_array_get(inc, 1)), n, v);
	}
	const char *dump = wire_get(json_object_get(res, "dump"), &a);
	if (dump && r->o->dump_ir)
		fputs(dump, r->o->dump_ir);
	frontend_remember_flags(wire_get(json_object_get(res, "flags"), &a));
	arena_release(&a);
}

static void
replay_messages(const json_t *res, Diag *d)
{
	const json_t *msgs = json_object_get(res, "messages");
	for (size_t k = 0; k < json_array_size(msgs); k++)
		wire_diag_replay(json_array_get(msgs, k), d);
}

/* The messages from here on are unit i's (-1: none). */
static void
messages_of(const Run *r, int i)
{
	if (r->o->on_messages)
		r->o->on_messages(r->o->ctx, i);
}

/* Unit i from the cache, in the caller's thread, as if analysed: its
 * findings, stats, includes (its files are as they were: as if parsed at
 * now), flags and messages. */
static void
reuse(Run *r, int i, const json_t *res, long long now)
{
	if (r->o->on_start)
		r->o->on_start(r->o->ctx, i);
	messages_of(r, i);
	take_result(r, i, res, now);
	replay_messages(res, r->d);
	r->stats->units_cached += now > 0;  /* 0: pass 1's own result */
	messages_of(r, -1);
	if (r->per_unit) {
		findings_sort(&r->per_unit[i]);
		hand_over(r, i);
	}
}

/* Does a result hold the unit's findings (pass 1 may leave them to pass
 * 2: "partial")? */
static bool
whole(const json_t *res)
{
	return res && !json_is_true(json_object_get(res, "partial"));
}

/* The units the cache has are taken from it; the others make r->todo. */
static void
plan(Run *r)
{
	r->todo = xcalloc((size_t)r->units->n + 1, sizeof(int));
	r->ntodo = 0;
	long long now = incmap_now();
	for (int i = 0; i < r->units->n; i++) {
		ResultCache *c = r->nbufs ? NULL : r->o->cache;
		json_t *res = c ? cache_lookup(c, unit_key(c, &r->units->v[i])) : NULL;
		if (whole(res))
			reuse(r, i, res, now);
		else
			r->todo[r->ntodo++] = i;
		json_decref(res);
	}
}

/* Does a unit's summaries' text name a callee that another unit may
 * define, or call through a member that another unit may fill (a `v`
 * line, progsum_resolve_calls())?  (One that calls none is final after
 * pass 1 even if another unit makes one of its functions an entry of the
 * program, entry.h.) */
static bool
has_callees(const char *text)
{
	return text && (strstr(text, "\nc ") || strstr(text, "\nv "));
}

/* In pass 1: is unit i's result final already, because it calls nothing
 * that another unit could define (its summaries name no callee)?  Then it
 * is handed over now, so its findings stream out while the others are
 * analysed.  Marks it. */
static bool
final_early(Run *r, int i)
{
	const json_t *res = r->p1[i];
	const json_t *sum = res ? json_object_get(res, "summaries") : NULL;
	const char *t = json_string_value(sum);
	if (!t || has_callees(t) || !whole(res))
		return false;
	r->early[i] = true;
	return true;
}

/* A result's answers (answers.c), allocated, or NULL. */
static char *
answers_of(const json_t *res)
{
	Arena a;
	arena_init(&a);
	const char *t = res ? wire_get(json_object_get(res, "answers"), &a) : NULL;
	char *out = t ? xstrdup(t) : NULL;
	arena_release(&a);
	return out;
}

/* A round's result of unit i: its summaries, into r->rtext[i], and its
 * answers into r->rans[i]. */
static void
take_round(Run *r, int i, const json_t *res)
{
	const char *t = json_string_value(json_object_get(res, "summaries"));
	mem_free(r->rans[i]);
	r->rans[i] = t ? answers_of(res) : NULL;
	if (t) {
		mem_free(r->rtext[i]);
		r->rtext[i] = xstrdup(t);
		pthread_mutex_lock(&r->lock);
		r->stats->prog_resummed += progsum_count(t);
		r->stats->prog_rekept += (int)json_integer_value(json_object_get(res, "kept"));
		pthread_mutex_unlock(&r->lock);
	}
}

/* ---- in threads -------------------------------------------------------------- */

/* Unit i with the cache in this thread: its messages are kept, then said
 * in r->d once it is done. */
static void
analyze_kept(Run *r, Frontend *fe, int i)
{
	Diag ud;
	diag_init(&ud, NULL);
	json_t *res = unit_result(r, fe, i, &ud, NULL);
	pthread_mutex_lock(&r->lock);
	take_result(r, i, res, 0);
	pthread_mutex_unlock(&r->lock);
	replay_messages(res, r->d);
	json_decref(res);
	diag_release(&ud);
}

static void *
worker(void *arg)
{
	Run *r = arg;
	Frontend *fe = frontend_new();
	frontend_set_parse_only(fe, r->o->parse_only);
	frontend_set_eager(fe, r->o->eager, r->o->neager);
	for (;;) {
		int k = atomic_fetch_add(&r->next, 1);
		if (k >= r->ntodo)
			break;
		int i = r->todo[k];
		if (r->pass == 3) {
			Diag ud;
			diag_init(&ud, NULL);
			json_t *res = unit_result(r, fe, i, &ud, NULL);
			diag_release(&ud);
			take_round(r, i, res);
			json_decref(res);
			continue;
		}
		if (r->pass == 1) {
			Diag ud;
			diag_init(&ud, NULL);
			r->p1[i] = unit_result(r, fe, i, &ud, NULL);
			diag_release(&ud);
			if (final_early(r, i)) {
				if (r->o->on_start)
					r->o->on_start(r->o->ctx, i);
				pthread_mutex_lock(&r->lock);
				take_result(r, i, r->p1[i], 0);
				pthread_mutex_unlock(&r->lock);
				replay_messages(r->p1[i], r->d);
				if (r->per_unit) {
					findings_sort(&r->per_unit[i]);
					hand_over(r, i);
				}
			}
			continue;
		}
		if (r->o->on_start)
			r->o->on_start(r->o->ctx, i);
		if (r->o->cache)
			analyze_kept(r, fe, i);
		else
			analyze_one(r, fe, i, &r->units->v[i], NULL, 0,
				    r->per_unit ? &r->per_unit[i] : r->out, NULL);
		if (!r->per_unit)
			continue;
		findings_sort(&r->per_unit[i]);
		hand_over(r, i);
	}
	frontend_free(fe);
	arena_spare_release();
	return NULL;
}

/* Runs the workers (o->jobs of them, at most one per unit) to the end. */
static void
run_workers(Run *r)
{
	int jobs = r->o->jobs < 1 ? 1 : r->o->jobs;
	if (jobs > r->ntodo)
		jobs = r->ntodo > 0 ? r->ntodo : 1;
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

/* ---- in child processes (isolate.h) ---------------------------------------- */

/* A result's findings past the first FINDINGS_PART go ahead of it in
 * messages of FINDINGS_PART each ({"findings": [...]}), which the parent
 * adds as they come: neither side then holds the whole unit's findings as
 * one line of text (12,847 findings with their paths are 49 MB of it).
 * Only for a result taken as it arrives (passes 0 and 2; not pass 1's,
 * which the parent keeps, nor a round's). */
enum { FINDINGS_PART = 256 };

static void
send_parts(IsoChild *c, json_t *res)
{
	json_t *all = json_object_get(res, "findings");
	size_t n = json_array_size(all);
	if (n <= FINDINGS_PART)
		return;
	size_t from = 0;
	for (; n - from > FINDINGS_PART; from += FINDINGS_PART) {
		json_t *part = json_array();
		for (size_t j = from; j < from + FINDINGS_PART; j++)
			json_array_append(part, json_array_get(all, j));
		json_t *msg = json_object();
		json_object_set_new(msg, "findings", part);
		iso_send(c, msg);
	}
	json_t *rest = json_array();
	for (size_t j = from; j < n; j++)
		json_array_append(rest, json_array_get(all, j));
	json_object_set_new(res, "findings", rest);
}

/* In the child: item k (unit todo[k]), with messages and the result sent
 * to the parent. */
static void
child_unit(void *ctx, int k, IsoChild *c)
{
	const Run *p = ctx;
	char *dump = NULL;
	size_t dumplen = 0;
	FILE *df = p->o->dump_ir ? open_memstream(&dump, &dumplen) : NULL;
	Diag d;
	diag_init(&d, NULL);
	d.sink = wire_diag_sink;
	d.sink_ctx = c;
	/* one index per child, for all its units, as a thread had */
	static Frontend *own;
	Frontend *fe = p->fe;
	if (!fe && !own) {
		own = frontend_new();
		frontend_set_parse_only(own, p->o->parse_only);
		frontend_set_eager(own, p->o->eager, p->o->neager);
	}
	if (!fe)
		fe = own;
	json_t *res = unit_result(p, fe, p->todo[k], &d, df);
	if (p->pass != 1)
		json_object_del(res, "messages");   /* sent already */
	if (p->pass == 0 || p->pass == 2)
		send_parts(c, res);
	if (df) {
		fclose(df);
		json_object_set_new(res, "dump", wire_str(dump));
	}
	json_t *msg = json_object();
	json_object_set_new(msg, "result", res);
	iso_send(c, msg);
}

static void
parent_msg(void *ctx, int k, json_t *msg)
{
	Run *r = ctx;
	int i = r->todo[k];
	if (json_object_get(msg, "diag")) {
		messages_of(r, i);
		wire_diag_replay(msg, r->d);
		messages_of(r, -1);
		return;
	}
	if (json_is_array(json_object_get(msg, "findings")) && (r->pass == 0 || r->pass == 2)) {
		/* a part of the result that follows (send_parts()) */
		wire_add_findings(json_object_get(msg, "findings"),
				  r->per_unit ? &r->per_unit[i] : r->out);
		return;
	}
	json_t *res = json_object_get(msg, "result");
	if (json_is_object(res) && r->pass == 0 && r->o->summary_out) {
		const char *t = json_string_value(json_object_get(res, "summaries"));
		mem_free(r->summary);
		r->summary = t ? xstrdup(t) : NULL;
		take_result(r, i, res, 0);
	} else if (json_is_object(res) && r->pass == 3) {
		take_round(r, i, res);
	} else if (json_is_object(res) && r->pass == 1) {
		r->p1[i] = json_incref(res);
		if (final_early(r, i))
			reuse(r, i, res, 0);
	} else if (json_is_object(res))
		take_result(r, i, res, 0);
}

static void
parent_start(void *ctx, int k)
{
	Run *r = ctx;
	if (r->o->on_start && r->pass != 1 && r->pass != 3)
		r->o->on_start(r->o->ctx, r->todo[k]);
	messages_of(r, -1);
}

/* Pass 1's result of a unit whose child did not end well: the error, said
 * in pass 2 as a failure is said. */
static json_t *
failed_result(const Run *r, int i, const char *failure)
{
	json_t *res = json_object();
	json_object_set_new(res, "findings", json_array());
	json_object_set_new(res, "stats", json_pack("[i i i i i i i]", 1, 0, 0, 0, 0, 0, 0));
	json_t *msgs = json_array();
	json_array_append_new(msgs, wire_diag("error", r->units->v[i].file, 0, 0, failure));
	json_object_set_new(res, "messages", msgs);
	return res;
}

/* Unit todo[k] is over: a failure is an error of the unit's file. */
static void
parent_end(void *ctx, int k, const char *failure)
{
	Run *r = ctx;
	int i = r->todo[k];
	if (r->pass == 1) {
		if (failure)
			r->p1[i] = failed_result(r, i, failure);
		return;
	}
	if (r->pass == 3)
		return;                     /* a failed round keeps what it had */
	messages_of(r, i);
	if (failure) {
		diag_error(r->d, r->units->v[i].file, 0, 0, "%s", failure);
		r->stats->units_failed++;
	}
	if (r->per_unit) {
		findings_sort(&r->per_unit[i]);
		hand_over(r, i);
	}
	messages_of(r, -1);
}

static void
run_children(Run *r)
{
	Isolate iso = {r->o->jobs, r->o->timeout, r->o->memory_mb, child_unit,
		       parent_start, parent_msg, parent_end, r};
	iso_run(&iso, r->ntodo);
}

/* ---- runs ------------------------------------------------------------------ */

uint64_t
analyze_run_key(const AnalyzeOptions *o, uint64_t rules)
{
	uint64_t h = cache_hash_str(CACHE_HASH_INIT, CLOSECHECK_VERSION);
	struct stat st;
	if (stat("/proc/self/exe", &st) == 0) {
		long long v[3] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
				  (long long)st.st_mtim.tv_nsec};
		h = cache_hash(h, v, sizeof(v));
	}
	char *clang = frontend_clang_version(), cwd[PATH_MAX];
	h = cache_hash_str(h, clang);
	mem_free(clang);
	h = cache_hash_str(h, getcwd(cwd, sizeof(cwd)));
	h = cache_hash_str(h, getenv("CPATH"));
	h = cache_hash_str(h, getenv("C_INCLUDE_PATH"));
	h = cache_hash(h, &rules, sizeof(rules));
	h = cache_hash(h, o->checks.on, sizeof(o->checks.on));
	long long lim[5] = {o->limits.states_per_block, o->limits.steps_per_site,
			    o->limits.steps_per_function, (long long)o->limits.bytes_per_site,
			    o->limits.report_at_exit};
	h = cache_hash(h, lim, sizeof(lim));
	for (int i = 0; i < o->neager; i++)   /* more is lowered */
		h = cache_hash_str(h, o->eager[i]);
	return cache_hash(h, &o->parse_only, sizeof(o->parse_only));
}

/* ---- whole-program runs (progsum.h) ---------------------------------------- */

/* The summaries' text of unit spec that the cache holds (in its result
 * under its own key, which pass 1 wrote), or NULL; with *entry: that
 * result (a new reference). */
static char *
stored_summary(ResultCache *c, const UnitSpec *spec, json_t **entry)
{
	json_t *e = c ? cache_lookup(c, unit_key(c, spec)) : NULL;
	Arena a;
	arena_init(&a);
	const char *t = e ? wire_get(json_object_get(e, "summaries"), &a) : NULL;
	char *text = t ? xstrdup(t) : NULL;
	arena_release(&a);
	if (entry && text)
		*entry = e;
	else
		json_decref(e);
	return text;
}

/* Runs the todo list in pass `pass`. */
static void
run_pass(Run *r, int pass)
{
	r->pass = pass;
	atomic_store(&r->next, 0);
	if (r->ntodo == 0)
		return;
	if (r->o->isolate)
		run_children(r);
	else
		run_workers(r);
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
analyze_stored_summaries(ResultCache *c, const UnitSpec *spec)
{
	return stored_summary(c, spec, NULL);
}

/* The stored summaries of the database's units this run does not analyse
 * into r->otext (NULL where the cache has none). */
static void
read_others(Run *r)
{
	const UnitList *units = r->units, *others = r->o->others;
	ResultCache *c = r->o->cache;
	if (!others || !c)
		return;
	r->otext = xcalloc((size_t)others->n + 1, sizeof(char *));
	const char **mine = xcalloc((size_t)units->n + 1, sizeof(char *));
	for (int i = 0; i < units->n; i++)
		mine[i] = units->v[i].file;
	qsort(mine, (size_t)units->n, sizeof(char *), cmp_file);
	for (int k = 0; k < others->n; k++) {
		const char *f = others->v[k].file;
		if (!bsearch(&f, mine, (size_t)units->n, sizeof(char *), cmp_file) &&
		    !(r->otext[k] = stored_summary(c, &others->v[k], NULL)))
			r->stats->prog_unstored++;
	}
	mem_free(mine);
}

/* The table from the units' texts and the others' (counted with count):
 * units 0..n-1, then n, n+1, ... */
static void
fill_table(Run *r, char **text, ProgSums *ps, bool count)
{
	int n = r->units->n;
	progsum_init(ps);
	for (int i = 0; i < n; i++)
		if (text[i] && progsum_add(ps, i, text[i]) == 0 && count) {
			r->stats->prog_units++;
			r->stats->prog_functions += progsum_count(text[i]);
		}
	for (int k = 0; r->otext && k < r->o->others->n; k++) {
		if (!r->otext[k])
			continue;
		if (progsum_add(ps, n + k, r->otext[k]) == 0 && count) {
			r->stats->prog_units++;
			r->stats->prog_functions += progsum_count(r->otext[k]);
		} else if (count) {
			r->stats->prog_unstored++;
		}
	}
	progsum_finish(ps, r->o->rules);
}

/* Pass 1's work list: the units whose summaries the cache does not have
 * (their text into text[i], their stored result into stored[i]); a stored
 * unit that calls nothing another unit could define is final now. */
static void
plan_pass1(Run *r, char **text, json_t **stored, long long now)
{
	r->ntodo = 0;
	for (int i = 0; i < r->units->n; i++) {
		if (!(text[i] = stored_summary(r->o->cache, &r->units->v[i], &stored[i]))) {
			r->todo[r->ntodo++] = i;
			continue;
		}
		r->ans[i] = answers_of(stored[i]);
		if (!has_callees(text[i]) && whole(stored[i])) {
			reuse(r, i, stored[i], now);    /* final: no other unit matters */
			r->early[i] = true;
		}
	}
}

/* The table: pass 1's texts (the analysed units' into text[]), then the
 * stored ones of the database's other units. */
static void
make_table(Run *r, char **text, ProgSums *ps)
{
	Arena a;
	arena_init(&a);
	for (int k = 0; k < r->ntodo; k++) {
		int i = r->todo[k];
		const char *t = r->p1[i] ? wire_get(json_object_get(r->p1[i], "summaries"), &a) : NULL;
		text[i] = t ? xstrdup(t) : NULL;
		r->ans[i] = t ? answers_of(r->p1[i]) : NULL;
		if (r->p1[i])
			json_object_del(r->p1[i], "answers");   /* r->ans[i] now */
	}
	arena_release(&a);
	read_others(r);
	fill_table(r, text, ps, true);
	r->stats->prog_conflicts = ps->conflicts;
}

/* Does a unit's text summarise functions of its own? */
static bool
has_exports(const char *text)
{
	return text && strstr(text, "\nf ");
}

/* The chains: a summary made from its unit alone does not know what the
 * functions of other units it calls do (a wrapper in b.c of a wrapper in
 * c.c).  Each round summarises again, with the table, every unit of the
 * run whose functions call functions of other units whose lines changed
 * since its text was made (in the first round: any) and whose walks asked
 * the table something it now answers otherwise (answers.c; a unit without
 * answers: any), from the IR pass 1 kept (or a parse when the unit came
 * from the cache and its round did not), and remakes the table, until no
 * text changes (at most CHAIN_ROUNDS rounds).  Within a unit, a round
 * makes again the lines of the functions that call (through the unit's
 * own, to any depth) a function about which an answer changed (without
 * answers: whose line differs between the table the unit's text was made
 * with and this one); the other lines are the text's, as they were
 * (engine_program_resummary(): the same bytes, for less work).  A round's
 * text is stored in the cache under the unit's key, the lines it used and
 * "round", with its answers, and the unit's slot of the round's number
 * points to it (stored_result()), so a warm run makes the same table
 * without analysing.  The others' stored texts stay as their units alone
 * made them. */
enum { CHAIN_ROUNDS = 4 };

/* A unit's key for a round whose table gives its text the lines of hash
 * h. */
static uint64_t
round_key(ResultCache *c, const UnitSpec *spec, uint64_t h)
{
	uint64_t k = cache_hash_str(unit_key(c, spec), "round");
	return cache_hash(k, &h, sizeof(h));
}

/* The unit's slot for round `round`: where its last text of that round
 * is (whatever the lines), with what its walks asked of the table
 * (stored_result()). */
static uint64_t
round_slot(ResultCache *c, const UnitSpec *spec, int round)
{
	uint64_t k = cache_hash_str(unit_key(c, spec), "last round");
	return cache_hash(k, &round, sizeof(round));
}

/* The result stored under key (made with the lines the unit uses now),
 * else the unit's last one, which slot says where it is, when table ps
 * answers what its walks asked as they were answered (answers.c; counted
 * in *held); a new reference, or NULL. */
static json_t *
stored_result(ResultCache *c, uint64_t key, uint64_t slot, const ProgSums *ps, int *held)
{
	json_t *res = cache_lookup(c, key);
	if (res)
		return res;
	json_t *last = cache_lookup(c, slot);
	const char *at = json_string_value(json_object_get(last, "at"));
	unsigned long long k;
	if (at && sscanf(at, "%16llx", &k) == 1 && k != key) {
		char *ans = answers_of(last);
		if (engine_answers_hold(ans, ps))
			res = cache_lookup(c, (uint64_t)k);
		mem_free(ans);
		*held += res != NULL;
	}
	json_decref(last);
	return res;
}

/* A round for a unit that is not analysed, from the cache alone: its text
 * *text made again with table ps, when the callees it uses changed since
 * *made (their strong lines' hash) and a run stored that round; 1 when
 * *text changed. */
static int
stored_round(ResultCache *c, const UnitSpec *spec, const ProgSums *ps, char **text,
	     uint64_t *made, int round)
{
	int used = 0;
	uint64_t h = has_exports(*text) ? progsum_used_strong(ps, *text, CACHE_HASH_INIT, &used) : 0;
	if (used == 0 || h == *made)
		return 0;
	*made = h;
	h = progsum_used(ps, *text, CACHE_HASH_INIT, &used);
	int held = 0;
	json_t *res = stored_result(c, round_key(c, spec, h), round_slot(c, spec, round), ps,
				    &held);
	const char *t = json_string_value(json_object_get(res, "summaries"));
	int changed = 0;
	if (t && strcmp(t, *text) != 0) {
		mem_free(*text);
		*text = xstrdup(t);
		changed = 1;
	}
	json_decref(res);
	return changed;
}

void
analyze_stored_chains(ResultCache *c, const Rules *rules, const UnitList *units,
		      char **text)
{
	uint64_t *made = xcalloc((size_t)units->n + 1, sizeof(uint64_t));
	for (int round = 1; round <= CHAIN_ROUNDS; round++) {
		ProgSums ps;
		progsum_init(&ps);
		for (int i = 0; i < units->n; i++)
			if (text[i])
				progsum_add(&ps, i, text[i]);
		progsum_finish(&ps, rules);
		int changed = 0;
		for (int i = 0; i < units->n; i++)
			changed += stored_round(c, &units->v[i], &ps, &text[i], &made[i], round);
		progsum_release(&ps);
		if (changed == 0)
			break;
	}
	mem_free(made);
}

/* Releases the snapshots no unit's text was made with any more. */
static void
drop_unused(ProgSnap **made_with, int n, ProgSnap **snaps, int *nsnaps)
{
	int kept = 0;
	for (int k = 0; k < *nsnaps; k++) {
		bool used = false;
		for (int i = 0; i < n && !used; i++)
			used = made_with[i] == snaps[k];
		if (used) {
			snaps[kept++] = snaps[k];
		} else {
			progsum_snap_release(snaps[k]);
			mem_free(snaps[k]);
		}
	}
	*nsnaps = kept;
}

static void
chain_rounds(Run *r, char **text, ProgSums *ps)
{
	int n = r->units->n;
	ResultCache *c = r->o->cache;
	int no = r->otext ? r->o->others->n : 0;
	uint64_t *made = xcalloc((size_t)n + 1, sizeof(uint64_t));  /* 0: alone */
	uint64_t *omade = xcalloc((size_t)no + 1, sizeof(uint64_t));
	int *cand = xcalloc((size_t)n + 1, sizeof(int));
	r->rtext = xcalloc((size_t)n + 1, sizeof(char *));
	r->rans = xcalloc((size_t)n + 1, sizeof(char *));
	/* what the tables of the rounds before said, which texts were made
	 * with (the table of this round: snaps[nsnaps], once taken) */
	ProgSnap *snaps[CHAIN_ROUNDS + 1];
	int nsnaps = 0;
	r->rold = text;
	r->rbefore = xcalloc((size_t)n + 1, sizeof(ProgSnap *));
	for (int round = 1; round <= CHAIN_ROUNDS; round++) {
		int ncand = 0;
		r->ntodo = 0;
		for (int i = 0; i < n; i++) {
			int used = 0;
			uint64_t h = has_exports(text[i]) && !r->early[i] ?
				     progsum_used_strong(ps, text[i], CACHE_HASH_INIT, &used) : 0;
			if (used == 0 || h == made[i])
				continue;
			made[i] = h;
			if (!rounds_all() && engine_answers_hold(r->ans[i], ps)) {
				r->stats->prog_held++;
				continue;
			}
			cand[ncand++] = i;
			h = progsum_used(ps, text[i], CACHE_HASH_INIT, &used);
			json_t *res = NULL;
			if (c) {
				r->rkey[i] = round_key(c, &r->units->v[i], h);
				r->rslot[i] = round_slot(c, &r->units->v[i], round);
				res = stored_result(c, r->rkey[i], r->rslot[i], ps,
						    &r->stats->prog_held);
			}
			const char *t = json_string_value(json_object_get(res, "summaries"));
			if (t) {
				r->rtext[i] = xstrdup(t);
				r->rans[i] = answers_of(res);
			} else {
				r->todo[r->ntodo++] = i;
			}
			json_decref(res);
		}
		/* the others: only what the cache holds of their rounds */
		int changed = 0;
		for (int k = 0; c && k < no; k++)
			changed += stored_round(c, &r->o->others->v[k], ps, &r->otext[k], &omade[k],
						round);
		if (ncand == 0 && changed == 0)
			break;
		r->stats->prog_rounds = round;
		run_pass(r, 3);
		ProgSnap *now = xmalloc(sizeof(*now));
		progsum_snap(ps, now);
		snaps[nsnaps++] = now;
		for (int k = 0; k < ncand; k++) {
			int i = cand[k];
			if (r->rtext[i]) {
				r->rbefore[i] = now;
				mem_free(r->ans[i]);    /* the new text's */
				r->ans[i] = r->rans[i];
				r->rans[i] = NULL;
			}
			if (r->rtext[i] && strcmp(r->rtext[i], text[i]) != 0) {
				mem_free(text[i]);
				text[i] = r->rtext[i];
				changed++;
			} else {
				mem_free(r->rtext[i]);
			}
			r->rtext[i] = NULL;
		}
		r->stats->prog_chained += changed;
		if (changed == 0)
			break;
		drop_unused(r->rbefore, n, snaps, &nsnaps);
		progsum_release(ps);
		fill_table(r, text, ps, false);
	}
	for (int k = 0; k < nsnaps; k++) {
		progsum_snap_release(snaps[k]);
		mem_free(snaps[k]);
	}
	mem_free(r->rbefore);
	r->rbefore = NULL;
	r->rold = NULL;
	mem_free(r->rtext);
	r->rtext = NULL;
	for (int i = 0; i < n; i++)
		mem_free(r->rans[i]);
	mem_free(r->rans);
	r->rans = NULL;
	mem_free(cand);
	mem_free(made);
	mem_free(omade);
}

/* Pass 2's work list: each unit's result key (its key, and the lines of
 * the summaries it uses) and slot (its key and "pass 2": where its last
 * result is, with that analysis's answers); a unit that uses none takes
 * pass 1's result or the stored one when they hold its findings, a unit
 * whose stored result holds with the table (stored_result()) takes that. */
static void
plan_pass2(Run *r, char **text, json_t **stored, const ProgSums *ps, long long now)
{
	ResultCache *c = r->o->cache;
	r->ntodo = 0;
	for (int i = 0; i < r->units->n; i++) {
		int used = 0;
		uint64_t h = progsum_used(ps, text[i], CACHE_HASH_INIT, &used);
		uint64_t base = c ? unit_key(c, &r->units->v[i]) : 0;
		/* never the unit's own key: pass 1 keeps its result there,
		 * which may lack the findings */
		r->rkey[i] = cache_hash(base, &h, sizeof(h));
		r->rslot[i] = c ? cache_hash_str(base, "pass 2") : 0;
		r->stats->prog_calls += used;
		json_t *res = NULL;
		if (r->early[i])
			;                   /* handed over in pass 1 */
		else if (used == 0 && whole(r->p1[i]))
			reuse(r, i, r->p1[i], 0);
		else if (used == 0 && whole(stored[i]))
			reuse(r, i, stored[i], now);
		else if (c && whole(res = stored_result(c, r->rkey[i], r->rslot[i], ps,
							 &r->stats->prog_answered)))
			reuse(r, i, res, now);
		else
			r->todo[r->ntodo++] = i;
		json_decref(res);
	}
}

/* The folder of the run in progress and its number of units, for
 * analyze_remove_temporary() in a signal handler. */
static char live_dir[PATH_MAX], live_gone[PATH_MAX + 8];
static volatile sig_atomic_t live_units;

void
analyze_remove_temporary(void)
{
	int n = live_units;
	if (n <= 0)
		return;
	/* the folder goes away under another name first: a worker still
	 * running cannot make a file in it then, and what it has open is
	 * among the names removed below */
	if (rename(live_dir, live_gone) != 0)
		return;
	size_t len = strlen(live_gone);
	char path[PATH_MAX + 64];
	memcpy(path, live_gone, len);
	for (int i = 0; i < n; i++) {
		/* "DIR/I.ir" and "DIR/I.ir.tmp", without snprintf() */
		char num[16];
		int k = 0;
		for (int v = i; k == 0 || v > 0; v /= 10)
			num[k++] = (char)('0' + v % 10);
		size_t at = len;
		path[at++] = '/';
		while (k > 0)
			path[at++] = num[--k];
		memcpy(path + at, ".ir", 4);
		unlink(path);
		memcpy(path + at, ".ir.tmp", 8);
		unlink(path);
	}
	path[len] = '\0';
	rmdir(path);
}

/* The run's folder for the units' IR between the passes, under $TMPDIR
 * (else /tmp); NULL when it cannot be made, or CLOSECHECK_PASS2_PARSE is
 * set (pass 2 then parses again: the tests compare both ways). */
static char *
make_ir_dir(void)
{
	const char *env = getenv("CLOSECHECK_PASS2_PARSE");
	if (env && *env && strcmp(env, "0") != 0)
		return NULL;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	size_t n = strlen(tmp) + 32;
	char *dir = xmalloc(n);
	snprintf(dir, n, "%s/closecheck-ir-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		mem_free(dir);
		return NULL;
	}
	return dir;
}

static void
remove_ir_dir(char *dir)
{
	if (!dir)
		return;
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(dir);
	mem_free(dir);
}

/* Pass 1: each unit's summaries, stored or made (the unit analysed alone,
 * its result kept in r->p1); then the table; then pass 2: a unit that
 * calls none of the table's functions takes pass 1's result (or the
 * cache's), the others are analysed again with the table. */
static void
program_run(Run *r)
{
	const AnalyzeOptions *o = r->o;
	int n = r->units->n;
	char **text = xcalloc((size_t)n + 1, sizeof(char *));
	json_t **stored = xcalloc((size_t)n + 1, sizeof(json_t *));
	r->p1 = xcalloc((size_t)n + 1, sizeof(json_t *));
	r->early = xcalloc((size_t)n + 1, sizeof(bool));
	r->todo = xcalloc((size_t)n + 1, sizeof(int));
	r->ans = xcalloc((size_t)n + 1, sizeof(char *));
	long long now = incmap_now();
	plan_pass1(r, text, stored, now);
	char *ir_dir = r->ntodo > 0 ? make_ir_dir() : NULL;
	r->ir_dir = ir_dir;
	if (ir_dir && strlen(ir_dir) < sizeof(live_dir)) {
		strcpy(live_dir, ir_dir);
		snprintf(live_gone, sizeof(live_gone), "%s-gone", ir_dir);
		live_units = n;
	}
	run_pass(r, 1);
	ProgSums ps;
	progsum_init(&ps);
	make_table(r, text, &ps);
	AnalyzeOptions o2 = *o;
	o2.limits.program = &ps;
	r->o = &o2;
	/* from here on a stored result is keyed by the summaries it used (in
	 * pass 1, NULL: by the unit's own key) */
	r->rkey = xcalloc((size_t)n + 1, sizeof(uint64_t));
	r->rslot = xcalloc((size_t)n + 1, sizeof(uint64_t));
	chain_rounds(r, text, &ps);
	plan_pass2(r, text, stored, &ps, now);
	r->stats->prog_again += r->ntodo;     /* kept IR or parsed: prog_kept_ir */
	run_pass(r, 2);
	r->o = o;
	r->ir_dir = NULL;
	live_units = 0;
	remove_ir_dir(ir_dir);
	for (int i = 0; i < n; i++) {
		json_decref(r->p1[i]);
		json_decref(stored[i]);
		mem_free(text[i]);
		mem_free(r->ans[i]);
	}
	mem_free(text);
	mem_free(r->ans);
	r->ans = NULL;
	mem_free(stored);
	mem_free(r->p1);
	mem_free(r->early);
	mem_free(r->rkey);
	mem_free(r->rslot);
	r->rslot = NULL;
	r->p1 = NULL;
	r->rkey = NULL;
	progsum_release(&ps);
	for (int k = 0; r->otext && k < o->others->n; k++)
		mem_free(r->otext[k]);
	mem_free(r->otext);
	r->otext = NULL;
}

void
analyze_units(const UnitList *units, const AnalyzeOptions *o, FindingSet *out,
	      Diag *d, AnalyzeStats *stats)
{
	AnalyzeStats local = {0};
	Run r = {.units = units, .o = o, .out = out, .d = d,
		 .lock = PTHREAD_MUTEX_INITIALIZER, .stats = stats ? stats : &local,
		 .order = PTHREAD_MUTEX_INITIALIZER};
	r.stats->units += units->n;
	if (o->on_unit && units->n > 0) {
		r.per_unit = xcalloc((size_t)units->n, sizeof(FindingSet));
		r.done = xcalloc((size_t)units->n, sizeof(bool));
		for (int i = 0; i < units->n; i++)
			findings_init(&r.per_unit[i]);
	}
	/* one unit and no database around it: no other unit calls its
	 * functions, and no run could read its summaries from the cache but
	 * one that analyses it again, so none are made */
	bool alone = units->n == 1 && !o->others;
	if (o->program && !o->dump_ir && !o->parse_only && !alone) {
		program_run(&r);
	} else {
		plan(&r);
		run_pass(&r, 0);
	}
	mem_free(r.todo);
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
	int todo = 0;
	Run r = {.units = &one, .o = o, .out = out, .d = d,
		 .lock = PTHREAD_MUTEX_INITIALIZER, .stats = &st,
		 .order = PTHREAD_MUTEX_INITIALIZER, .fe = fe, .bufs = bufs, .nbufs = nbufs,
		 .todo = &todo, .ntodo = 1};
	if (o->isolate)
		run_children(&r);
	else
		analyze_one(&r, fe, -1, spec, bufs, nbufs, out, NULL);
	findings_sort(out);
	if (o->summary_out)
		*o->summary_out = r.summary;    /* handed over */
	else
		mem_free(r.summary);
}
void
analyze_text(const AnalyzeOptions *o, Frontend *fe, const UnitSpec *spec,
	     const char *text, FindingSet *out, Diag *d)
{
	UnsavedText one = {spec->file, text};
	analyze_buffers(o, fe, spec, &one, 1, out, d);
}
