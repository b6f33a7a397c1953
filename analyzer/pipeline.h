/* SPDX-License-Identifier: MIT */
/*
 * pipeline: what happens to a translation unit between the options and the
 * output, one module for the command line (main.c) and the Language Server
 * (lsp.c), so that the two cannot disagree:
 *
 *   configuration   the nearest .closecheck.yaml of each file, or --config
 *   exclusions      a unit whose file a configuration excludes is dropped
 *   packs           the shipped ones (--rules-dir, --no-default-rules),
 *                   --rules FILEs, the configurations' rules: (one table)
 *   flags           not C: dropped; --extra-arg-before, --extra-arg,
 *                   --removed-arg and their configuration keys
 *   analysis        analyze.h: units from disk, or one with an editor's texts
 *   per file        the file's configuration: excluded files, its checks
 *                   (then --checks), its severities
 *   --warnings-as-errors, then '// closecheck: ignore' comments (suppress.h)
 *   fingerprints and the baseline (finding.h, baseline.h)
 *
 * The caller makes the work list (main.c from the command line, lsp.c the
 * document's unit) and writes the findings out.  The per-file steps need
 * only the finding's file, so they give the same result unit by unit as on
 * the whole set; the baseline needs every unit of a run.
 *
 * A long-lived caller (the server) calls pipeline_refresh() before each
 * analysis: the configurations are read again, and the rule table is built
 * again when a pack it was built from changed on disk (modification time
 * or size; a folder's files too), when the packs in use changed (a
 * configuration's rules: edited), or when a pack had errors (so that they
 * are reported again until fixed).  Within one run the table only grows:
 * the packs of configurations met later are added to it.
 *
 * Ownership: a Pipeline owns its rule table, configurations and
 * suppression comments until pipeline_release().  One caller at a time;
 * the rule table is read-only while units are analysed, and is shared by
 * the workers.
 */
#ifndef CLOSECHECK_PIPELINE_H
#define CLOSECHECK_PIPELINE_H

#include <stdint.h>
#include "analyze.h"
#include "cli.h"
#include "config.h"
#include "suppress.h"

/* A pack file, or a folder of them, the rule table was built from. */
typedef struct PackSource {
	char *path;
	bool dir;
	uint64_t stamp;          /* of its state on disk: see pipeline.c */
} PackSource;

typedef VEC(PackSource) PackList;

typedef struct Pipeline {
	const Options *o;
	CheckSet cmdline;        /* every check, then --checks */
	CheckSet wae;            /* --warnings-as-errors */
	bool has_wae;
	Rules *rules;            /* NULL until pipeline_rules() */
	PackList packs;          /* what rules holds, in load order */
	bool rebuild;            /* build the table afresh at its next use */
	bool rules_failed;       /* a pack had errors the last time */
	ConfigCache cc;
	bool config_read;        /* --config was read (cc.fixed, or failed) */
	Suppressions *sup;       /* NULL: --no-suppress */
} Pipeline;

/* --checks and --warnings-as-errors (a glob that matches no check is a
 * warning through d), and the suppression comments' reader. */
void pipeline_init(Pipeline *p, const Options *o, Diag *d);
void pipeline_release(Pipeline *p);
/* Before another analysis of a long-lived caller: configurations and
 * comments are read again (problems go to d from now on), packs are
 * looked at again. */
void pipeline_refresh(Pipeline *p, Diag *d);

/* The rule table for the packs in use: the shipped packs, --rules and the
 * packs of the configurations read so far.  0, or -1 after reporting
 * (what loaded is used). */
int pipeline_rules(Pipeline *p, Diag *d);
/* The work list from the caller's units: configurations read, excluded
 * units and units that are not C dropped, the packs of their
 * configurations loaded, every unit's flags adjusted.  0, or -1 after
 * reporting a configuration or pack error (the units are still ready). */
int pipeline_prepare(Pipeline *p, UnitList *units, Diag *d);
/* Does file's configuration exclude it? */
bool pipeline_excludes(Pipeline *p, const char *file, Diag *d);
/* The table and the checks the analysis reports: --checks, or every check
 * when a configuration is in use (its checks are settled per file, after);
 * the isolation of units (--no-isolation, --timeout, --memory-limit). */
enum { PIPELINE_TIMEOUT = 300 };  /* seconds a unit may take by default */
void pipeline_analyze_options(const Pipeline *p, AnalyzeOptions *ao);
/* The content of the packs the table was built from, hashed (a folder's
 * files by name: a superset of those loaded). */
uint64_t pipeline_rules_hash(const Pipeline *p);
/* Opens the units' result cache (cache.h) for a run with ao, after
 * pipeline_prepare(): true, or false (c unused) with --no-cache, --dump-ir,
 * --parse-only, a pack with errors, or no cache folder. */
bool pipeline_open_cache(const Pipeline *p, const AnalyzeOptions *ao, ResultCache *c);

/* The steps after the analysis that need only each finding's file:
 * configuration (exclusions, checks, severities), --warnings-as-errors,
 * suppression comments.  The comments of scan are read even without a
 * finding in it, for its unknown check names. */
void pipeline_filter(Pipeline *p, const char *scan, FindingSet *fs, Diag *d);
/* Fingerprints (srcroot: paths are relative to it), then with write,
 * --write-baseline records them, and --baseline drops the recorded ones.
 * 0, or -1 after reporting. */
int pipeline_baseline(Pipeline *p, FindingSet *fs, const char *srcroot, bool write,
		      Diag *d);

#endif
