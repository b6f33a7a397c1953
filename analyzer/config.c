/* SPDX-License-Identifier: MIT */
/* config: .closecheck.yaml read over yamlfields with the key table config_keys. */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>
#include "config.h"
#include "yamlfields.h"

/* The reader of one configuration file. */
typedef struct ConfigReader {
	YReader y;               /* first: the reader is the ConfigReader */
	Config *c;
	Diag *d;
} ConfigReader;

static void
yerror(Diag *d, const char *path, const yaml_node_t *n, const char *msg)
{
	diag_error(d, path, n ? (int)n->start_mark.line + 1 : 0,
		   n ? (int)n->start_mark.column + 1 : 0, "%s", msg);
}

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* One string into out: relative to base when base is given. */
static void
add_one(const char *v, const char *base, void (*add)(Config *, char *), Config *c)
{
	if (base && v[0] != '/') {
		char *p = xmalloc(strlen(base) + strlen(v) + 2);
		sprintf(p, "%s/%s", base, v);
		add(c, p);
	} else {
		add(c, xstrdup(v));
	}
}

/* A sequence of strings (or one string) into out; false after an error. */
static bool
strings(YReader *y, const yaml_node_t *n, const char *key, const char *base,
	void (*add)(Config *, char *))
{
	ConfigReader *cr = (ConfigReader *)y;
	if (n->type == YAML_SCALAR_NODE) {
		add_one(scalar(n), base, add, cr->c);   /* as one item of a list */
		return true;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		yf_fail(y, n, "expected a list of strings for '%s'", key);
		return false;
	}
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		const yaml_node_t *s = yf_node(y, *it);
		if (!scalar(s)) {
			yf_fail(y, s, "expected a string in '%s'", key);
			return false;
		}
		add_one(scalar(s), base, add, cr->c);
	}
	return true;
}

static void add_rule(Config *c, char *s) { vec_push(&c->rules, s); }
static void add_exclude(Config *c, char *s) { vec_push(&c->exclude, s); }
static void add_extra(Config *c, char *s) { vec_push(&c->extra_args, s); }
static void add_extra_before(Config *c, char *s) { vec_push(&c->extra_args_before, s); }
static void add_removed(Config *c, char *s) { vec_push(&c->removed_args, s); }

static bool
store_rules(YReader *y, const yaml_node_t *v, const YField *f)
{
	return strings(y, v, f->key, ((ConfigReader *)y)->c->dir, add_rule);
}

static bool
store_exclude(YReader *y, const yaml_node_t *v, const YField *f)
{
	return strings(y, v, f->key, NULL, add_exclude);
}

static bool
store_extra(YReader *y, const yaml_node_t *v, const YField *f)
{
	return strings(y, v, f->key, NULL, add_extra);
}

static bool
store_extra_before(YReader *y, const yaml_node_t *v, const YField *f)
{
	return strings(y, v, f->key, NULL, add_extra_before);
}

static bool
store_removed(YReader *y, const yaml_node_t *v, const YField *f)
{
	return strings(y, v, f->key, NULL, add_removed);
}

static bool
store_report_at_exit(YReader *y, const yaml_node_t *v, const YField *f)
{
	return yf_as_bool(y, v, f->key, &((ConfigReader *)y)->c->report_at_exit);
}

static void
strings_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		mem_free(v[i]);
}

static void
config_free(Config *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->rules.n; i++)
		mem_free(c->rules.v[i]);
	for (int i = 0; i < c->exclude.n; i++)
		mem_free(c->exclude.v[i]);
	for (int i = 0; i < c->severity.n; i++) {
		mem_free(c->severity.v[i].check);
		mem_free(c->severity.v[i].severity);
	}
	strings_free(c->extra_args.v, c->extra_args.n);
	strings_free(c->extra_args_before.v, c->extra_args_before.n);
	strings_free(c->removed_args.v, c->removed_args.n);
	vec_free(&c->extra_args);
	vec_free(&c->extra_args_before);
	vec_free(&c->removed_args);
	vec_free(&c->rules);
	vec_free(&c->exclude);
	vec_free(&c->severity);
	mem_free(c->checks);
	mem_free(c->path);
	mem_free(c->dir);
	mem_free(c);
}

static bool
store_severity(YReader *y, const yaml_node_t *n, const YField *f)
{
	Config *c = ((ConfigReader *)y)->c;
	if (n->type != YAML_MAPPING_NODE) {
		yf_fail(y, n, "expected a mapping of check: severity for 'severity'");
		return false;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yf_node(y, p->key);
		const yaml_node_t *v = yf_node(y, p->value);
		const char *check = scalar(k), *sev = scalar(v);
		if (!check || checks_find(check) < 0) {
			yf_fail(y, k, "unknown check '%s' in 'severity'", check ? check : "?");
			return false;
		}
		if (!sev || (strcmp(sev, "error") && strcmp(sev, "warning") && strcmp(sev, "note"))) {
			yf_fail(y, v, "severity must be error, warning or note");
			return false;
		}
		ConfigSeverity cs = {xstrdup(check), xstrdup(sev)};
		vec_push(&c->severity, cs);
	}
	return true;
}

/* Warns about each glob of a --checks list that matches no check. */
static void
warn_unknown_globs(const char *path, const yaml_node_t *n, const char *list, Diag *d)
{
	char *copy = xstrdup(list), *save = NULL;
	for (char *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
		g += strspn(g, " \t");
		g[strcspn(g, " \t")] = '\0';
		if (*g == '-')
			g++;
		bool hit = false;
		for (int i = 0; i < checks_count() && !hit; i++)
			hit = fnmatch(g, checks_at(i)->id, 0) == 0;
		if (*g && !hit)
			diag_warning(d, path, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1,
				     "'%s' in 'checks' matches no check (see --list-checks)", g);
	}
	mem_free(copy);
}

/* checks: "-*,leak" or a list of the same globs. */
static bool
store_checks(YReader *y, const yaml_node_t *n, const YField *f)
{
	Config *c = ((ConfigReader *)y)->c;
	Diag *d = ((ConfigReader *)y)->d;
	size_t len = 0;
	char *list = NULL;
	if (scalar(n)) {
		list = xstrdup(scalar(n));
		warn_unknown_globs(c->path, n, list, d);
	} else if (n->type == YAML_SEQUENCE_NODE) {
		list = xcalloc(1, 1);
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top; it++) {
			const yaml_node_t *s = yf_node(y, *it);
			if (!scalar(s)) {
				yf_fail(y, s, "expected a check glob in 'checks'");
				mem_free(list);
				return false;
			}
			warn_unknown_globs(c->path, s, scalar(s), d);
			list = xrealloc(list, len + strlen(scalar(s)) + 2);
			len += (size_t)sprintf(list + len, "%s%s", len ? "," : "", scalar(s));
		}
	} else {
		yf_fail(y, n, "expected a string or a list of check globs for 'checks'");
		return false;
	}
	mem_free(c->checks);
	c->checks = list;
	return true;
}

/* The keys of .closecheck.yaml, in the order errors list them. */
const YField config_keys[] = {
	{"checks", YT_GLOBS, false, "all checks", NULL,
	 "as `--checks` (or a list of the globs); the command line's `--checks` come after it",
	 store_checks},
	{"rules", YT_STRINGS, false, NULL, NULL, "more packs, relative to this file", store_rules},
	{"severity", YT_MAPPING, false, NULL, "mapping of check: severity",
	 "`error`, `warning` or `note`, per check", store_severity},
	{"exclude", YT_STRINGS, false, NULL, NULL,
	 "fnmatch globs on paths relative to this file; a glob matching a folder "
	 "excludes all below it", store_exclude},
	{"extra-args", YT_STRINGS, false, NULL, NULL,
	 "as `--extra-arg`, after each unit's flags", store_extra},
	{"extra-args-before", YT_STRINGS, false, NULL, NULL,
	 "as `--extra-arg-before`", store_extra_before},
	{"removed-args", YT_STRINGS, false, NULL, NULL,
	 "as `--removed-arg`: flags dropped", store_removed},
	{"report-at-exit", YT_BOOL, false, "`false`", NULL,
	 "as `--report-at-exit`, for the units of the files under it: also report what is "
	 "still held where the process ends", store_report_at_exit},
	{NULL, 0, false, NULL, NULL, NULL, NULL}
};

static void
config_error(YReader *y, const yaml_node_t *n, const char *msg)
{
	ConfigReader *cr = (ConfigReader *)y;
	yerror(cr->d, cr->c->path, n, msg);
}

static Config *
config_load(const char *path, Diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(d, path, 0, 0, "cannot read the configuration: %s", strerror(errno));
		return NULL;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		diag_error(d, path, (int)parser.problem_mark.line + 1,
			   (int)parser.problem_mark.column + 1, "%s",
			   parser.problem ? parser.problem : "YAML syntax error");
		yaml_parser_delete(&parser);
		fclose(f);
		return NULL;
	}
	Config *c = xcalloc(1, sizeof(*c));
	char real[PATH_MAX];
	c->path = xstrdup(path);
	c->dir = xstrdup(realpath(path, real) ? real : path);
	char *slash = strrchr(c->dir, '/');
	if (slash)
		*slash = '\0';
	bool ok = true;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root && root->type != YAML_MAPPING_NODE) {
		yerror(d, path, root, "expected a mapping at the top of the configuration");
		ok = false;
	}
	ConfigReader cr = {{&doc, config_error, NULL, 0}, c, d};
	if (root && ok)
		ok = yf_read(&cr.y, root, config_keys, "the configuration");
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	if (!ok) {
		config_free(c);
		return NULL;
	}
	return c;
}

int
config_fixed(ConfigCache *cc, const char *path, Diag *d)
{
	cc->fixed = config_load(path, d);
	if (!cc->fixed) {
		cc->failed = true;
		return -1;
	}
	vec_push(&cc->loaded, cc->fixed);
	return 0;
}

static Config *
config_in_dir(ConfigCache *cc, const char *dir, Diag *d)
{
	for (int i = 0; i < cc->dirs.n; i++)
		if (strcmp(cc->dirs.v[i].dir, dir) == 0)
			return cc->dirs.v[i].config;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/.closecheck.yaml", dir[0] ? dir : "");
	Config *c = NULL;
	if (access(path, F_OK) == 0) {
		c = config_load(path, d);
		if (c)
			vec_push(&cc->loaded, c);
		else
			cc->failed = true;
	} else {
		char parent[PATH_MAX];
		snprintf(parent, sizeof(parent), "%s", dir);
		char *slash = strrchr(parent, '/');
		if (slash && slash != parent) {
			*slash = '\0';
			c = config_in_dir(cc, parent, d);
		} else if (slash && strcmp(dir, "/") != 0) {
			c = config_in_dir(cc, "/", d);
		}
	}
	ConfigDir cd = {xstrdup(dir), c};
	vec_push(&cc->dirs, cd);
	return c;
}

const Config *
config_for(ConfigCache *cc, const char *file, Diag *d)
{
	if (cc->fixed)
		return cc->fixed;
	char real[PATH_MAX];
	if (!realpath(file, real))
		return NULL;
	char *slash = strrchr(real, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return config_in_dir(cc, real[0] ? real : "/", d);
}

/* Does glob match rel, or one of the folders rel is in ("vendor" and
 * "vendor/" exclude vendor/x/y.c)? */
static bool
glob_matches(const char *glob, const char *rel)
{
	if (fnmatch(glob, rel, 0) == 0)
		return true;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", rel);
	for (char *slash = strchr(dir, '/'); slash; slash = strchr(slash + 1, '/')) {
		char keep = slash[1];
		slash[1] = '\0';              /* "vendor/" */
		bool hit = fnmatch(glob, dir, 0) == 0;
		*slash = '\0';                /* "vendor" */
		hit = hit || fnmatch(glob, dir, 0) == 0;
		*slash = '/';
		slash[1] = keep;
		if (hit)
			return true;
	}
	return false;
}

bool
config_excludes(const Config *c, const char *file)
{
	if (!c || !file)
		return false;
	char real[PATH_MAX];
	const char *p = realpath(file, real) ? real : file;
	size_t n = strlen(c->dir);
	const char *rel = strncmp(p, c->dir, n) == 0 && p[n] == '/' ? p + n + 1 : p;
	for (int i = 0; i < c->exclude.n; i++)
		if (glob_matches(c->exclude.v[i], rel))
			return true;
	return false;
}

void
config_checks(const Config *c, const CheckSet *defaults, const char *const *cmdline,
	      int ncmdline, CheckSet *out, Diag *d)
{
	*out = *defaults;
	Diag quiet;
	diag_init(&quiet, NULL);
	if (c && c->checks)
		checks_select(out, c->checks, &quiet);
	for (int i = 0; i < ncmdline; i++)
		checks_select(out, cmdline[i], &quiet);
	(void)d;
}

const char *
config_severity(const Config *c, const char *check)
{
	for (int i = 0; c && i < c->severity.n; i++)
		if (strcmp(c->severity.v[i].check, check) == 0)
			return c->severity.v[i].severity;
	return NULL;
}

void
config_cache_release(ConfigCache *cc)
{
	for (int i = 0; i < cc->loaded.n; i++)
		config_free(cc->loaded.v[i]);
	for (int i = 0; i < cc->dirs.n; i++)
		mem_free(cc->dirs.v[i].dir);
	vec_free(&cc->loaded);
	vec_free(&cc->dirs);
	memset(cc, 0, sizeof(*cc));
}
