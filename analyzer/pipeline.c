/* SPDX-License-Identifier: MIT */
/*
 * pipeline: configuration, packs, flags, per-file checks, severities,
 * suppressions and the baseline, for the command line and the server (see
 * pipeline.h).  The steps were main.c's; the server now runs them too.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "baseline.h"
#include "cmdargs.h"
#include "install.h"
#include "pipeline.h"

void
pipeline_init(Pipeline *p, const Options *o, Diag *d)
{
	memset(p, 0, sizeof(*p));
	p->o = o;
	checks_default(&p->cmdline);
	for (int i = 0; i < o->checks.n; i++)
		checks_select(&p->cmdline, o->checks.v[i], d);
	if (o->warnings_as_errors) {
		checks_select(&p->wae, o->warnings_as_errors, d);
		p->has_wae = true;
	}
	p->sup = o->no_suppress ? NULL : suppress_new(d);
}

static void
packs_release(Pipeline *p)
{
	for (int i = 0; i < p->packs.n; i++)
		mem_free(p->packs.v[i].path);
	vec_free(&p->packs);
}

void
pipeline_release(Pipeline *p)
{
	if (p->rules)
		rules_free(p->rules);
	packs_release(p);
	config_cache_release(&p->cc);
	suppress_free(p->sup);
	memset(p, 0, sizeof(*p));
}

void
pipeline_refresh(Pipeline *p, Diag *d)
{
	config_cache_release(&p->cc);
	p->config_read = false;
	if (p->sup) {
		suppress_free(p->sup);
		p->sup = suppress_new(d);
	}
	p->rebuild |= p->rules_failed;
}

/* ---- packs ---------------------------------------------------------------- */

/* What a path is on disk: its name, modification time and size (the name
 * alone when it does not exist: a pack that comes later is a change). */
static uint64_t
stat_stamp(const char *path)
{
	struct stat st;
	uint64_t h = cache_hash(CACHE_HASH_INIT, path, strlen(path));
	if (stat(path, &st) != 0)
		return h;
	int64_t v[3] = {(int64_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (int64_t)st.st_size};
	return cache_hash(h, v, sizeof(v));
}

/* A pack's stamp; a folder's is its own and its files' (in any order). */
static uint64_t
source_stamp(const char *path, bool dir)
{
	uint64_t h = stat_stamp(path);
	DIR *dh = dir ? opendir(path) : NULL;
	if (!dh)
		return h;
	struct dirent *de;
	while ((de = readdir(dh))) {
		char file[PATH_MAX];
		if (snprintf(file, sizeof(file), "%s/%s", path, de->d_name) < (int)sizeof(file))
			h += stat_stamp(file);
	}
	closedir(dh);
	return h;
}

static void
add_source(PackList *v, const char *path, bool dir)
{
	PackSource s = {xstrdup(path), dir, source_stamp(path, dir)};
	vec_push(v, s);
}

/* The packs in use, in load order; -1 if the shipped ones are not found
 * (reported by the caller, once per table). */
static int
wanted_packs(const Pipeline *p, PackList *v)
{
	const Options *o = p->o;
	int rc = 0;
	if (!o->no_default_rules) {
		char *dir = o->rules_dir ? xstrdup(o->rules_dir) : install_rules_dir();
		if (dir)
			add_source(v, dir, true);
		else
			rc = -1;
		mem_free(dir);
	}
	for (int i = 0; i < o->rule_files.n; i++)
		add_source(v, o->rule_files.v[i], false);
	for (int c = 0; c < p->cc.loaded.n; c++) {
		const Config *cf = p->cc.loaded.v[c];
		for (int r = 0; r < cf->rules.n; r++) {
			bool seen = false;
			for (int j = 0; j < v->n && !seen; j++)
				seen = !v->v[j].dir && strcmp(v->v[j].path, cf->rules.v[r]) == 0;
			if (!seen)
				add_source(v, cf->rules.v[r], false);
		}
	}
	return rc;
}

static bool
same_source(const PackSource *a, const PackSource *b)
{
	return a->dir == b->dir && a->stamp == b->stamp && strcmp(a->path, b->path) == 0;
}

/* Are the table's packs the first of those wanted, unchanged?  Then the
 * others are added to it; else it is built afresh. */
static bool
table_is_prefix(const Pipeline *p, const PackSource *want, int n)
{
	if (!p->rules || p->rebuild || p->packs.n > n)
		return false;
	for (int i = 0; i < p->packs.n; i++)
		if (!same_source(&p->packs.v[i], &want[i]))
			return false;
	return true;
}

static int
load_source(Rules *r, const PackSource *s, Diag *d)
{
	return s->dir ? (rules_load_dir(r, s->path, d) != 0 ? -1 : 0)
		      : rules_load_file(r, s->path, d);
}

int
pipeline_rules(Pipeline *p, Diag *d)
{
	PackList want = {0};
	int rc = wanted_packs(p, &want);
	int from = p->packs.n;
	if (!table_is_prefix(p, want.v, want.n)) {
		if (p->rules)
			rules_free(p->rules);
		p->rules = rules_new();
		p->rules_failed = rc != 0;
		from = 0;
		if (rc != 0)
			diag_error(d, NULL, 0, 0,
				   "cannot find the shipped rule packs (use --rules-dir DIR)");
	}
	for (int i = from; i < want.n; i++)
		if (load_source(p->rules, &want.v[i], d) != 0)
			p->rules_failed = true;
	packs_release(p);
	p->packs = want;
	p->rebuild = false;
	return p->rules_failed ? -1 : 0;
}

/* The content of a folder's files, by name (scandir()'s order). */
static uint64_t
dir_content_hash(const char *dir, uint64_t h)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char file[PATH_MAX];
		struct stat st;
		if (names[i]->d_name[0] != '.' &&
		    snprintf(file, sizeof(file), "%s/%s", dir, names[i]->d_name) < (int)sizeof(file) &&
		    stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
			h = cache_hash_str(h, names[i]->d_name);
			cache_hash_file(file, h, &h);
		}
		free(names[i]);
	}
	free(names);
	return h;
}

uint64_t
pipeline_rules_hash(const Pipeline *p)
{
	uint64_t h = CACHE_HASH_INIT;
	for (int i = 0; i < p->packs.n; i++) {
		const PackSource *s = &p->packs.v[i];
		h = cache_hash_str(h, s->path);
		if (s->dir)
			h = dir_content_hash(s->path, h);
		else if (cache_hash_file(s->path, h, &h) != 0)
			h = cache_hash_str(h, "unreadable");
	}
	return h;
}

bool
pipeline_open_cache(const Pipeline *p, const AnalyzeOptions *ao, ResultCache *c)
{
	const Options *o = p->o;
	if (o->no_cache || o->dump_ir || o->parse_only || p->rules_failed)
		return false;
	cache_open(c, o->cache_dir, analyze_run_key(ao, pipeline_rules_hash(p)));
	return c->dir != NULL;
}

/* ---- units ---------------------------------------------------------------- */

/* --config, once per refresh; -1 if it has errors. */
static int
read_fixed_config(Pipeline *p, Diag *d)
{
	if (p->config_read || !p->o->config)
		return 0;
	p->config_read = true;
	return config_fixed(&p->cc, p->o->config, d);
}

bool
pipeline_excludes(Pipeline *p, const char *file, Diag *d)
{
	read_fixed_config(p, d);
	return config_excludes(config_for(&p->cc, file, d), file);
}

/* Drops the units a configuration excludes. */
static void
drop_excluded(Pipeline *p, UnitList *units, Diag *d)
{
	int k = 0;
	for (int i = 0; i < units->n; i++) {
		const Config *c = config_for(&p->cc, units->v[i].file, d);
		if (config_excludes(c, units->v[i].file))
			unit_spec_release(&units->v[i]);
		else
			units->v[k++] = units->v[i];
	}
	units->n = k;
}

/* The extra arguments of the command line and of c around a unit's own
 * flags (with those removed): the command line's come first before the
 * flags and last after them, so they win. */
static void
adjust_flags(const Options *o, const Config *c, UnitSpec *u)
{
	StrVec a = {0};
	for (int k = 0; k < o->extra_args_before.n; k++)
		vec_push(&a, xstrdup(o->extra_args_before.v[k]));
	for (int k = 0; c && k < c->extra_args_before.n; k++)
		vec_push(&a, xstrdup(c->extra_args_before.v[k]));
	int own = a.n;
	for (int k = 0; k < u->argc; k++)
		vec_push(&a, xstrdup(u->argv[k]));
	StrVec mine = {a.v + own, a.n - own, a.n - own};
	cmdargs_remove(&mine, o->removed_args.n, o->removed_args.v);
	if (c)
		cmdargs_remove(&mine, c->removed_args.n, (const char *const *)c->removed_args.v);
	a.n = own + mine.n;
	for (int k = 0; c && k < c->extra_args.n; k++)
		vec_push(&a, xstrdup(c->extra_args.v[k]));
	for (int k = 0; k < o->extra_args.n; k++)
		vec_push(&a, xstrdup(o->extra_args.v[k]));
	for (int k = 0; k < u->argc; k++)
		mem_free(u->argv[k]);
	mem_free(u->argv);
	vec_push(&a, NULL);
	u->argv = a.v;
	u->argc = a.n - 1;
}

int
pipeline_prepare(Pipeline *p, UnitList *units, Diag *d)
{
	int rc = read_fixed_config(p, d);
	drop_excluded(p, units, d);
	if (p->cc.failed)
		rc = -1;
	if (pipeline_rules(p, d) != 0)
		rc = -1;
	unit_list_keep_c(units, d);
	for (int i = 0; i < units->n; i++) {
		const Config *c = config_for(&p->cc, units->v[i].file, d);
		adjust_flags(p->o, c, &units->v[i]);
		units->v[i].report_at_exit = c && c->report_at_exit;
	}
	return rc;
}

void
pipeline_analyze_options(const Pipeline *p, AnalyzeOptions *ao)
{
	ao->rules = p->rules;
	ao->isolate = !p->o->no_isolation;
	ao->timeout = p->o->timeout > 0 ? p->o->timeout : PIPELINE_TIMEOUT;
	ao->memory_mb = p->o->memory_limit;
	ao->limits.report_at_exit = p->o->report_at_exit;
	ao->program = !p->o->no_program_summaries;
	if (p->cc.loaded.n > 0)
		checks_default(&ao->checks);
	else
		ao->checks = p->cmdline;
}

/* ---- findings ------------------------------------------------------------- */

/* Per file: drops the findings in excluded files and of the checks its
 * configuration (then --checks) turns off; sets the severities it names. */
static void
filter_by_config(Pipeline *p, FindingSet *fs, Diag *d)
{
	CheckSet defaults;
	checks_default(&defaults);
	int k = 0;
	for (int i = 0; i < fs->v.n; i++) {
		Finding *f = &fs->v.v[i];
		const Config *c = f->loc.file ? config_for(&p->cc, f->loc.file, d) : NULL;
		if (config_excludes(c, f->loc.file))
			continue;
		CheckSet cs;
		config_checks(c, &defaults, p->o->checks.v, p->o->checks.n, &cs, d);
		int ci = checks_find(f->check);
		if (ci >= 0 && !cs.on[ci])
			continue;
		const char *sev = config_severity(c, f->check);
		if (sev)
			f->severity = sev;
		fs->v.v[k++] = *f;
	}
	fs->v.n = k;
}

/* --warnings-as-errors=GLOBS: findings of those checks are errors. */
static void
apply_warnings_as_errors(const CheckSet *wae, FindingSet *fs)
{
	for (int i = 0; i < fs->v.n; i++) {
		int ci = checks_find(fs->v.v[i].check);
		if (ci >= 0 && wae->on[ci])
			fs->v.v[i].severity = "error";
	}
}

void
pipeline_filter(Pipeline *p, const char *scan, FindingSet *fs, Diag *d)
{
	if (p->cc.loaded.n > 0)
		filter_by_config(p, fs, d);
	if (p->sup) {
		suppress_scan(p->sup, scan);
		suppress_apply(p->sup, fs);
	}
	if (p->has_wae)
		apply_warnings_as_errors(&p->wae, fs);
}

int
pipeline_baseline(Pipeline *p, FindingSet *fs, const char *srcroot, bool write, Diag *d)
{
	int rc = 0;
	findings_fingerprint(fs, srcroot);
	/* The new baseline records every finding, the old one's included.  A
	 * baseline that cannot be read or written is an error (counted in d),
	 * and the findings are still reported, all of them. */
	if (write && p->o->write_baseline &&
	    baseline_write(fs, p->o->write_baseline, srcroot, d) != 0)
		rc = -1;
	if (p->o->baseline && baseline_filter(fs, p->o->baseline, d) < 0)
		rc = -1;
	return rc;
}
