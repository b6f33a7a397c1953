/* SPDX-License-Identifier: MIT */
/*
 * analyze: the driver of one run.  For each translation unit, in parallel
 * (one worker and one libclang index per job): parse and lower (frontend),
 * run the engine, let the checks turn violations into findings.  A unit that
 * fails is reported and counted; the others go on.
 *
 * With on_unit set, each unit's findings are handed over in the order of
 * the work list, whatever the number of jobs: as soon as a unit and every
 * unit before it are done, so a caller can print them while the rest is
 * analysed, and the output is the same for -j1 and -jN.
 *
 * With isolate set, the workers are child processes, one per unit (and
 * analyze_buffers() forks one too); the caller's thread hands over.
 *
 * With cache set (cache.h), analyze_units() first takes, in the caller's
 * thread and in order, the units whose stored result still holds: their
 * raw findings (before any per-file step of pipeline.h), stats, include
 * lists, refused flags and messages are handed over as if analysed.  The
 * others are analysed and their results stored, but not those of a unit
 * that reported an error.  Without isolation, a unit's messages are then
 * said when it is done rather than while it is analysed.  Editors' texts
 * (analyze_buffers()) never use the cache.
 */
#ifndef CLOSECHECK_ANALYZE_H
#define CLOSECHECK_ANALYZE_H

#include <stdio.h>
#include "cache.h"
#include "checks.h"
#include "engine.h"
#include "finding.h"
#include "frontend.h"
#include "incmap.h"
#include "rules.h"

typedef struct AnalyzeOptions {
	const Rules *rules;
	CheckSet checks;
	EngineLimits limits;
	int jobs;                /* worker threads, >= 1 */
	FILE *dump_ir;           /* non-NULL: print every function's IR */
	bool parse_only;         /* parse, lower nothing (benchmarks) */
	/* headers whose every function is lowered (frontend_set_eager()):
	 * those named on the command line or changed in git */
	const char *const *eager;
	int neager;
	/* Each unit in a child process (isolate.h): a crash, a unit past
	 * timeout seconds (0: none) or past memory_mb of address space (0:
	 * none) is an error for that unit, the others go on. */
	bool isolate;
	int timeout;
	int memory_mb;
	IncMap *incmap;          /* non-NULL: what each unit includes is recorded */
	ResultCache *cache;      /* non-NULL: units' results are kept (see above) */
	/* Whole-program summaries (progsum.h): pass 1 summarises every unit
	 * alone (with the cache: its summaries are kept beside its result,
	 * under the same key discipline); pass 2 analyses each unit that calls
	 * a function another unit summarised, with the table of all of them,
	 * and takes pass 1's result for the others.  A result found again
	 * through the cache is keyed by the unit's key and the summaries it
	 * used.  others: the rest of the compile database (a single-file run,
	 * a shard): their stored summaries join the table when the cache has
	 * them.  A run of one unit without others is an ordinary run: nothing
	 * would use its summaries. */
	bool program;
	const UnitList *others;
	/* analyze_buffers(): non-NULL: the unit's own summaries as its unit
	 * alone says them (progsum.h's text, allocated; NULL when the
	 * analysis failed), for the Language Server's table of the other
	 * documents. */
	char **summary_out;
	/* Non-NULL: called with each unit's findings (sorted, exact duplicates
	 * merged) in work-list order, one call at a time, instead of adding
	 * them to out; the set is released after the call. */
	void (*on_unit)(void *ctx, int unit, FindingSet *found);
	/* Non-NULL: called (from any worker) when a unit's analysis begins. */
	void (*on_start)(void *ctx, int unit);
	/* Non-NULL, with isolate: the messages reported from here on (in the
	 * caller's thread) are unit's; -1: no unit's.  The parent replays a
	 * child's messages between two such calls. */
	void (*on_messages)(void *ctx, int unit);
	void *ctx;
} AnalyzeOptions;

typedef struct AnalyzeStats {
	int units;
	int units_failed;        /* no AST at all */
	int units_cached;        /* taken from the cache */
	EngineStats engine;
	/* with program: */
	int prog_units;          /* units whose summaries the table holds */
	int prog_functions;      /* functions summarised */
	int prog_conflicts;      /* names dropped: defined differently twice */
	int prog_calls;          /* callees resolved through another unit (once
	                          * per callee and calling unit) */
	int prog_again;          /* units analysed a second time in pass 2 (not
	                          * those final after pass 1, nor from the cache) */
	int prog_kept_ir;        /* ... of them from pass 1's IR, not parsed */
	int prog_unstored;       /* others without valid stored summaries */
	int prog_rounds;         /* rounds of the chains made */
	int prog_chained;        /* units' texts a round changed */
	int prog_resummed;       /* functions of the units a round analysed */
	int prog_rekept;         /* of them: lines kept as they were */
	int prog_held;           /* units a round did not analyse: the table
	                          * answered what their walks asked as before */
	int prog_answered;       /* results of pass 2 the cache had, taken
	                          * although lines they use changed: the same */
	int prog_members;        /* calls through a member resolved to the
	                          * one function put into it (pass 2) */
} AnalyzeStats;

void analyze_options_init(AnalyzeOptions *o);
/* One unit whose main file has unsaved text (an editor's buffer), with the
 * caller's front end; findings are sorted. */
void analyze_text(const AnalyzeOptions *o, Frontend *fe, const UnitSpec *spec,
		  const char *text, FindingSet *out, Diag *d);
/* The same with several files' unsaved texts (a header open in an editor
 * and the unit that includes it). */
void analyze_buffers(const AnalyzeOptions *o, Frontend *fe, const UnitSpec *spec,
		     const UnsavedText *bufs, int nbufs, FindingSet *out, Diag *d);
void analyze_units(const UnitList *units, const AnalyzeOptions *o,
		   FindingSet *out, Diag *d, AnalyzeStats *stats);
/* The run's key of the cache (cache.h): closecheck's and libclang's
 * versions, this executable, the current directory, CPATH and
 * C_INCLUDE_PATH, rules (the packs' content: pipeline_rules_hash()), o's
 * checks and limits (--report-at-exit among them).  A unit's key adds its
 * configuration's report-at-exit. */
uint64_t analyze_run_key(const AnalyzeOptions *o, uint64_t rules);
/* The summaries' text (progsum.h) that c holds for spec: pass 1's, under
 * the unit's own key, while every file the unit read is as it was; NULL
 * when there is none (allocated).  The Language Server's table of the
 * other units of a document's database comes from here. */
char *analyze_stored_summaries(ResultCache *c, const UnitSpec *spec);
/* The rounds of the chains (analyze.c: chain_rounds()) over units whose
 * texts (text[i], NULL: none) are all stored ones, taken from the cache
 * alone: each text replaced by the round a run stored for it under the
 * table the others make, as long as some change (a single-file run does
 * this for the other units; the Language Server for its table). */
void analyze_stored_chains(ResultCache *c, const Rules *rules, const UnitList *units,
			   char **text);
/* Removes the temporary files of the run in progress (the IR kept between
 * a whole-program run's passes); async-signal-safe, for a handler that
 * ends the process. */
void analyze_remove_temporary(void);

#endif
