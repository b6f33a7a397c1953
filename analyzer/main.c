/* SPDX-License-Identifier: MIT */
/*
 * closecheck: finds resource-release bugs in C.
 *
 *   closecheck [options] [FILE...] [-- COMPILER-FLAGS]
 *
 * The driver: read the options, load the rule packs, make the list of
 * translation units (compile database or files + flags), analyse them,
 * print the findings, exit 0 (none), 1 (findings) or 2 (errors).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyze.h"
#include "cmdargs.h"
#include "compdb.h"
#include "baseline.h"
#include "config.h"
#include "lsp.h"
#include "report.h"
#include "vcs.h"
#include "suppress.h"

static const char usage_text[] =
	"usage: closecheck [options] [FILE...] [-- COMPILER-FLAGS | -- COMPILE-COMMAND]\n"
	"\n"
	"Finds handles that are never released, released twice or too late, in C code.\n"
	"\n"
	"  -p DIR              read DIR/compile_commands.json; with no FILE, analyse\n"
	"                      every unit in it\n"
	"  --rules FILE        load a rule pack after the shipped ones (repeatable)\n"
	"  --rules-dir DIR     load the shipped packs from DIR instead\n"
	"  --config FILE       use FILE for every file instead of the nearest\n"
	"                      .closecheck.yaml above it\n"
	"  --no-default-rules  load no shipped pack\n"
	"  --checks=LIST       enable/disable checks: comma-separated globs, '-' disables\n"
	"                      (e.g. --checks=-*,leak)\n"
	"  --warnings-as-errors=LIST  findings of these checks (globs) are errors\n"
	"  --extra-arg=ARG     add ARG after each unit's compiler flags (repeatable)\n"
	"  --extra-arg-before=ARG  add ARG before each unit's compiler flags\n"
	"  --removed-arg=ARG   drop ARG from each unit's compiler flags (repeatable)\n"
	"  -j N, --jobs=N      analyse N units at once (default: number of CPUs)\n"
	"  --format=FMT        text (default), json, sarif or codeclimate\n"
	"  -o FILE             write the findings to FILE instead of standard output\n"
	"  --srcroot DIR       paths in sarif/codeclimate are relative to DIR (default: .)\n"
	"  --doc-base URI      where docs/ is published, for SARIF help links\n"
	"  --no-suppress       report findings silenced by 'closecheck: ignore' comments\n"
	"  --baseline FILE     report only findings not recorded in FILE\n"
	"  --write-baseline FILE  record today's findings in FILE\n"
	"  --changed-since REV analyse only the C files git says changed since REV\n"
	"                      (a changed header: the units that include it)\n"
	"  --staged            analyse only the staged C files (and headers, as above)\n"
	"  --only-changed-lines  with the two above: report only findings on changed lines\n"
	"  --cache-dir DIR     keep which units include which headers in DIR\n"
	"                      (default: $XDG_CACHE_HOME/closecheck or ~/.cache/closecheck)\n"
	"  --list-checks       print the checks and exit\n"
	"  --list-rules        print the loaded rule table and exit\n"
	"  --dump-ir           print the lowered IR of every function (debugging)\n"
	"  --stats             print how much work was done, on stderr\n"
	"  --parse-only        parse and report errors only (to time the parse)\n"
	"  --lsp               run as a Language Server on standard input and output\n"
	"  --version           print the version and exit\n"
	"  -h, --help          print this help and exit\n"
	"\n"
	"Exit status: 0 no findings, 1 findings, 2 usage, configuration or input errors.\n";

typedef struct Options {
	const char *compdb;
	VEC(const char *) rule_files;
	const char *rules_dir;
	bool no_default_rules;
	VEC(const char *) checks;
	VEC(char *) files;
	int nflags;
	char **flags;
	int jobs;
	bool list_checks, list_rules, dump_ir, stats, parse_only, no_suppress, lsp;
	const char *format, *output, *srcroot, *doc_base;
	const char *baseline, *write_baseline, *changed_since, *config;
	bool staged, only_changed_lines;
	const char *cache_dir;
	VEC(char *) headers;     /* FILEs that are headers (see split_headers) */
	VEC(const char *) extra_args, extra_args_before, removed_args, warnings_as_errors;
	bool lint_hook;          /* a whole compile command after '--' */
} Options;

/* "--name=value" or "--name value"; returns the value or NULL. */
static const char *
option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int
parse_jobs(const char *s, Diag *d)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s == '\0' || *end || n < 1 || n > 1024) {
		diag_error(d, NULL, 0, 0, "invalid number of jobs '%s'", s);
		return -1;
	}
	return (int)n;
}

static int
parse_args(int argc, char **argv, Options *o, Diag *d)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "--") == 0) {
			o->nflags = argc - i - 1;
			o->flags = argv + i + 1;
			/* CMake's CMAKE_C_CLANG_TIDY hook gives the compiler's
			 * whole command: cc -flags -c FILE -o x.o */
			o->lint_hook = o->nflags > 0 && cmdargs_is_compiler(o->flags[0]);
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			vec_push(&o->files, argv[i]);
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			exit(0);
		} else if (strcmp(a, "--version") == 0) {
			printf("closecheck %s\n", CLOSECHECK_VERSION);
			exit(0);
		} else if (strncmp(a, "-p", 2) == 0 && a[2] && a[2] != '-') {
			o->compdb = a + 2 + (a[2] == '=');
		} else if ((v = option_value(argc, argv, &i, "-p"))) {
			o->compdb = v;
		} else if ((v = option_value(argc, argv, &i, "--rules-dir"))) {
			o->rules_dir = v;
		} else if ((v = option_value(argc, argv, &i, "--rules"))) {
			vec_push(&o->rule_files, v);
		} else if ((v = option_value(argc, argv, &i, "--checks"))) {
			vec_push(&o->checks, v);
		} else if ((v = option_value(argc, argv, &i, "--warnings-as-errors"))) {
			vec_push(&o->warnings_as_errors, v);
		} else if ((v = option_value(argc, argv, &i, "--extra-arg-before"))) {
			vec_push(&o->extra_args_before, v);
		} else if ((v = option_value(argc, argv, &i, "--extra-arg"))) {
			vec_push(&o->extra_args, v);
		} else if ((v = option_value(argc, argv, &i, "--removed-arg"))) {
			vec_push(&o->removed_args, v);
		} else if (strncmp(a, "-j", 2) == 0 && a[2]) {
			if ((o->jobs = parse_jobs(a + 2, d)) < 0)
				return -1;
		} else if ((v = option_value(argc, argv, &i, "-j")) ||
			   (v = option_value(argc, argv, &i, "--jobs"))) {
			if ((o->jobs = parse_jobs(v, d)) < 0)
				return -1;
		} else if (strcmp(a, "--no-default-rules") == 0) {
			o->no_default_rules = true;
		} else if (strcmp(a, "--list-checks") == 0) {
			o->list_checks = true;
		} else if (strcmp(a, "--list-rules") == 0) {
			o->list_rules = true;
		} else if (strcmp(a, "--dump-ir") == 0) {
			o->dump_ir = true;
		} else if (strcmp(a, "--stats") == 0) {
			o->stats = true;
		} else if ((v = option_value(argc, argv, &i, "--format"))) {
			o->format = v;
		} else if ((v = option_value(argc, argv, &i, "--srcroot"))) {
			o->srcroot = v;
		} else if ((v = option_value(argc, argv, &i, "--doc-base"))) {
			o->doc_base = v;
		} else if ((v = option_value(argc, argv, &i, "-o"))) {
			o->output = v;
		} else if ((v = option_value(argc, argv, &i, "--config"))) {
			o->config = v;
		} else if ((v = option_value(argc, argv, &i, "--write-baseline"))) {
			o->write_baseline = v;
		} else if ((v = option_value(argc, argv, &i, "--baseline"))) {
			o->baseline = v;
		} else if ((v = option_value(argc, argv, &i, "--changed-since"))) {
			o->changed_since = v;
		} else if ((v = option_value(argc, argv, &i, "--cache-dir"))) {
			o->cache_dir = v;
		} else if (strcmp(a, "--staged") == 0) {
			o->staged = true;
		} else if (strcmp(a, "--only-changed-lines") == 0) {
			o->only_changed_lines = true;
		} else if (strcmp(a, "--no-suppress") == 0) {
			o->no_suppress = true;
		} else if (strcmp(a, "--lsp") == 0) {
			o->lsp = true;
		} else if (strcmp(a, "--parse-only") == 0) {
			o->parse_only = true;
		} else {
			diag_error(d, NULL, 0, 0, "unknown option '%s' (see --help)", a);
			return -1;
		}
	}
	return 0;
}

static bool
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The shipped packs: next to the binary in the build tree, or under
 * share/closecheck/rules once installed. */
static char *
default_rules_dir(void)
{
	const char *env = getenv("CLOSECHECK_RULES_DIR");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	char buf[PATH_MAX + 64];
	snprintf(buf, sizeof(buf), "%s/rules", exe);
	if (is_dir(buf))
		return xstrdup(buf);
	snprintf(buf, sizeof(buf), "%s/../share/closecheck/rules", exe);
	if (is_dir(buf))
		return xstrdup(buf);
	return NULL;
}

static bool
has_pages(const char *docs)
{
	char p[PATH_MAX];
	int n = snprintf(p, sizeof(p), "%s/checks", docs);
	return n > 0 && (size_t)n < sizeof(p) && is_dir(p);
}

/* The local docs/ folder, whose check pages become SARIF help: installed
 * under share/doc/closecheck, or that of the source tree the binary was
 * built from. */
static char *
default_docs_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	char tries[3][PATH_MAX + 64];
	snprintf(tries[0], sizeof(tries[0]), "%s/../share/doc/closecheck", exe);
	snprintf(tries[1], sizeof(tries[1]), "%s/../docs", exe);
#ifdef CLOSECHECK_SOURCE_DIR
	snprintf(tries[2], sizeof(tries[2]), "%s/docs", CLOSECHECK_SOURCE_DIR);
#else
	tries[2][0] = '\0';
#endif
	for (size_t i = 0; i < 3; i++) {
		char real[PATH_MAX];
		if (tries[i][0] && has_pages(tries[i]) && realpath(tries[i], real))
			return xstrdup(real);
	}
	return NULL;
}

static int
write_findings(const Options *o, const CheckSet *cs, FindingSet *fs, Diag *d)
{
	ReportOptions ro = {0};
	if (report_format_parse(o->format ? o->format : "text", &ro.format) != 0) {
		diag_error(d, NULL, 0, 0, "unknown format '%s' (text, json, sarif or codeclimate)",
			   o->format);
		return -1;
	}
	char cwd[PATH_MAX], root[PATH_MAX];
	const char *srcroot = o->srcroot ? o->srcroot : getcwd(cwd, sizeof(cwd));
	ro.srcroot = srcroot && realpath(srcroot, root) ? root : srcroot;
	/* help links only where --doc-base says: a file: URI of this machine
	 * means nothing where the SARIF log is read; the pages go in as text */
	char *doc = default_docs_dir();
	ro.doc_base = o->doc_base && *o->doc_base ? o->doc_base : NULL;
	ro.docs_dir = doc;
	ro.diag = d;
	ro.checks = cs;
	findings_fingerprint(fs, ro.srcroot);
	/* The new baseline records every finding, the old one's included.  A
	 * baseline that cannot be read or written is an error (counted in d),
	 * and the findings are still reported, all of them. */
	if (o->write_baseline)
		baseline_write(fs, o->write_baseline, ro.srcroot, d);
	if (o->baseline)
		baseline_filter(fs, o->baseline, d);
	FILE *out = stdout;
	if (o->output && !(out = fopen(o->output, "w"))) {
		diag_error(d, o->output, 0, 0, "cannot write: %s", strerror(errno));
		mem_free(doc);
		return -1;
	}
	int rc = report_write(fs, &ro, out);
	if (out != stdout && fclose(out) != 0)
		rc = -1;
	if (rc != 0)
		diag_error(d, o->output ? o->output : "<stdout>", 0, 0, "cannot write the findings");
	mem_free(doc);
	return rc;
}

static int
load_rules(const Options *o, Rules *rules, Diag *d)
{
	int rc = 0;
	if (!o->no_default_rules) {
		char *dir = o->rules_dir ? xstrdup(o->rules_dir) : default_rules_dir();
		if (!dir) {
			diag_error(d, NULL, 0, 0,
				   "cannot find the shipped rule packs (use --rules-dir DIR)");
			rc = -1;
		} else if (rules_load_dir(rules, dir, d) != 0) {
			rc = -1;
		}
		mem_free(dir);
	}
	for (int i = 0; i < o->rule_files.n; i++)
		if (rules_load_file(rules, o->rule_files.v[i], d) != 0)
			rc = -1;
	return rc;
}

/* --changed-since / --staged: keep the units git says changed (all of the
 * changed C files when no unit was named), and those that include a
 * changed header (incmap.h); with --only-changed-lines, the changes are
 * kept for filtering the findings. */
static int
restrict_to_changes(const Options *o, IncMap *map, UnitList *units, VcsChanges *ch,
		    Diag *d)
{
	if (vcs_changes(o->changed_since, ch, d) != 0)
		return -1;
	bool all = units->n == 0 && !o->compdb && o->files.n == 0;
	UnitList keep = {0};
	for (int i = 0; i < ch->n && all; i++)
		if (!incmap_is_header(ch->files[i].path) &&
		    !frontend_unit_for_file(ch->files[i].path, &keep))
			unit_list_add_command(&keep, ch->files[i].path, NULL, o->nflags,
					      (const char *const *)o->flags);
	for (int i = 0; i < units->n; i++)
		if (vcs_find(ch, units->v[i].file))
			unit_list_add(&keep, units->v[i].file, units->v[i].dir, units->v[i].argc,
				      (const char *const *)units->v[i].argv);
	for (int i = 0; i < ch->n; i++)
		if (incmap_is_header(ch->files[i].path))
			incmap_add_units(map, ch->files[i].path, all ? NULL : units, o->nflags,
					 (const char *const *)o->flags, &keep, d);
	unit_list_release(units);
	*units = keep;
	return 0;
}

/* FILEs that are headers go to o->headers: they are analysed through the
 * units that include them, and only their findings are reported. */
static void
split_headers(Options *o)
{
	int k = 0;
	for (int i = 0; i < o->files.n; i++)
		if (incmap_is_header(o->files.v[i]))
			vec_push(&o->headers, o->files.v[i]);
		else
			o->files.v[k++] = o->files.v[i];
	o->files.n = k;
}

/* The units of the headers named on the command line. */
static void
header_units(const Options *o, IncMap *map, UnitList *units, Diag *d)
{
	UnitList all = {0};
	if (o->compdb && o->headers.n > 0)
		frontend_load_compdb(o->compdb, 0, NULL, &all, d);
	for (int i = 0; i < o->headers.n; i++)
		incmap_add_units(map, o->headers.v[i], o->compdb ? &all : NULL, o->nflags,
				 (const char *const *)o->flags, units, d);
	unit_list_release(&all);
}

/* With headers named: only the findings in the files named. */
static void
keep_named_files(FindingSet *fs, const Options *o)
{
	int k = 0, n = o->headers.n + o->files.n;
	for (int i = 0; i < fs->v.n; i++) {
		char r[PATH_MAX], q[PATH_MAX];
		const char *f = fs->v.v[i].loc.file;
		bool named = false;
		if (f && realpath(f, r))
			for (int j = 0; j < n && !named; j++)
				named = realpath(j < o->headers.n ? o->headers.v[j] :
						 o->files.v[j - o->headers.n], q) &&
					strcmp(q, r) == 0;
		if (named)
			fs->v.v[k++] = fs->v.v[i];
	}
	fs->v.n = k;
}

/* Is loc on a line the change touched? */
static bool
changed(const VcsChanges *ch, Loc loc)
{
	const VcsFile *vf = loc.file ? vcs_find(ch, loc.file) : NULL;
	return vf && vcs_line_changed(vf, loc.line);
}

/* --only-changed-lines: the findings whose line, or whose handle's
 * acquisition, the change touched. */
static void
keep_changed_lines(FindingSet *fs, const VcsChanges *ch)
{
	int k = 0;
	for (int i = 0; i < fs->v.n; i++) {
		const Finding *f = &fs->v.v[i];
		if (changed(ch, f->loc) || changed(ch, f->acquired))
			fs->v.v[k++] = fs->v.v[i];
	}
	fs->v.n = k;
}

/* Drops the units a configuration excludes, and loads the packs the
 * configurations name (each once). */
static int
apply_configs(ConfigCache *cc, UnitList *units, Rules *rules, Diag *d)
{
	VEC(const char *) loaded = {0};
	int k = 0, rc = 0;
	for (int i = 0; i < units->n; i++) {
		const Config *c = config_for(cc, units->v[i].file, d);
		for (int r = 0; c && r < c->rules.n; r++) {
			bool seen = false;
			for (int j = 0; j < loaded.n; j++)
				seen |= strcmp(loaded.v[j], c->rules.v[r]) == 0;
			if (!seen) {
				vec_push(&loaded, c->rules.v[r]);
				if (rules_load_file(rules, c->rules.v[r], d) != 0)
					rc = -1;
			}
		}
		if (config_excludes(c, units->v[i].file)) {
			unit_spec_release(&units->v[i]);
		} else {
			units->v[k++] = units->v[i];
		}
	}
	units->n = k;
	vec_free(&loaded);
	return cc->failed ? -1 : rc;
}

/* Per file: drops the findings in excluded files and of the checks its
 * configuration turns off; sets the severities it names. */
static void
filter_by_config(FindingSet *fs, ConfigCache *cc, const Options *o, Diag *d)
{
	CheckSet defaults;
	checks_default(&defaults);
	int k = 0;
	for (int i = 0; i < fs->v.n; i++) {
		Finding *f = &fs->v.v[i];
		const Config *c = f->loc.file ? config_for(cc, f->loc.file, d) : NULL;
		if (config_excludes(c, f->loc.file))
			continue;
		CheckSet cs;
		config_checks(c, &defaults, o->checks.v, o->checks.n, &cs, d);
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

/* Drops the findings silenced by comments; every analysed file's comments
 * are read (once), so unknown check names in them are warned about. */
static void
apply_suppressions(const UnitList *units, FindingSet *fs, Diag *d)
{
	Suppressions *sup = suppress_new(d);
	for (int i = 0; i < units->n; i++)
		suppress_scan(sup, units->v[i].file);
	suppress_apply(sup, fs);
	suppress_free(sup);
}

static int
make_units(const Options *o, IncMap *map, UnitList *units, Diag *d)
{
	header_units(o, map, units, d);
	if (o->compdb) {
		if (o->nflags > 0)
			diag_warning(d, NULL, 0, 0,
				     "flags after '--' are ignored with -p: each unit uses its own");
		if (o->headers.n > 0 && o->files.n == 0)
			return 0;
		return frontend_load_compdb(o->compdb, o->files.n, o->files.v, units, d);
	}
	if (o->files.n == 0) {
		if (o->headers.n > 0)
			return 0;
		if (o->staged || o->changed_since)
			return 0;           /* the changed files, below */
		diag_error(d, NULL, 0, 0, "no input: give FILEs or -p DIR (see --help)");
		return -1;
	}
	int bare = 0;
	const char *first_bare = NULL;
	for (int i = 0; i < o->files.n; i++) {
		/* Without -p and without flags, a file takes its command from the
		 * nearest compile database above it, as a pre-commit hook or an
		 * editor calls closecheck. */
		if (o->flags) {
			unit_list_add_command(units, o->files.v[i], NULL, o->nflags,
					      (const char *const *)o->flags);
		} else if (!frontend_find_unit(o->files.v[i], units, d)) {
			unit_list_add(units, o->files.v[i], NULL, 0, NULL);
			if (bare++ == 0)
				first_bare = o->files.v[i];
		}
	}
	if (bare > 0)
		diag_note(d, first_bare, 0, 0, "no compile database found%s (looked for "
			  COMPDB_SEARCHED "): analysed with no flags; give -p BUILD-DIR, "
			  "or the compiler flags after '--'",
			  bare > 1 ? " for this file and others" : "");
	return 0;
}

/* --extra-arg-before, --extra-arg, --removed-arg and their configuration
 * keys, on every unit's flags: the command line's come first before the
 * flags and last after them, so they win. */
static void
adjust_units(const Options *o, ConfigCache *cc, UnitList *units, Diag *d)
{
	for (int i = 0; i < units->n; i++) {
		UnitSpec *u = &units->v[i];
		const Config *c = config_for(cc, u->file, d);
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
			cmdargs_remove(&mine, c->removed_args.n,
				       (const char *const *)c->removed_args.v);
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
}

/* --warnings-as-errors=GLOBS: findings of those checks are errors. */
static void
apply_warnings_as_errors(const Options *o, FindingSet *fs, Diag *d)
{
	if (o->warnings_as_errors.n == 0)
		return;
	CheckSet wae = {0};
	for (int i = 0; i < o->warnings_as_errors.n; i++)
		checks_select(&wae, o->warnings_as_errors.v[i], d);
	for (int i = 0; i < fs->v.n; i++) {
		int ci = checks_find(fs->v.v[i].check);
		if (ci >= 0 && wae.on[ci])
			fs->v.v[i].severity = "error";
	}
}

static bool
any_error_finding(const FindingSet *fs)
{
	for (int i = 0; i < fs->v.n; i++)
		if (strcmp(fs->v.v[i].severity, "error") == 0)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	Diag d;
	diag_init(&d, stderr);
	d.keep_errors = true;       /* json and sarif list them */
	Options o = {0};
	if (parse_args(argc, argv, &o, &d) != 0)
		return 2;

	AnalyzeOptions ao;
	analyze_options_init(&ao);
	for (int i = 0; i < o.checks.n; i++)
		checks_select(&ao.checks, o.checks.v[i], &d);
	if (o.list_checks) {
		checks_list(&ao.checks, stdout);
		return 0;
	}
	Rules *rules = rules_new();
	int status = 0;
	if (load_rules(&o, rules, &d) != 0)
		status = 2;
	if (o.lsp) {
		int rc = lsp_main(rules, stdin, stdout);
		rules_free(rules);
		return rc;
	}
	if (o.list_rules) {
		rules_list(rules, stdout);
		rules_free(rules);
		return status;
	}
	UnitList units = {0};
	VcsChanges changes = {0};
	IncMap map;
	char key[PATH_MAX];
	split_headers(&o);
	incmap_open(&map, o.cache_dir, incmap_project_key(o.compdb ? o.compdb :
		    o.files.n ? o.files.v[0] : o.headers.n ? o.headers.v[0] : ".", key));
	ao.incmap = &map;
	if (make_units(&o, &map, &units, &d) != 0)
		status = 2;
	else if ((o.staged || o.changed_since) &&
		 restrict_to_changes(&o, &map, &units, &changes, &d) != 0)
		status = 2;
	ConfigCache cc = {0};
	if (o.config && config_fixed(&cc, o.config, &d) != 0)
		status = 2;
	if (apply_configs(&cc, &units, rules, &d) != 0)
		status = 2;
	unit_list_keep_c(&units, &d);
	adjust_units(&o, &cc, &units, &d);
	/* the checks of each file are settled after the analysis */
	if (cc.loaded.n > 0)
		checks_default(&ao.checks);
	ao.rules = rules;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	ao.jobs = o.jobs > 0 ? o.jobs : ncpu > 0 ? (int)ncpu : 1;
	ao.dump_ir = o.dump_ir ? stdout : NULL;
	ao.parse_only = o.parse_only;

	FindingSet fs;
	findings_init(&fs);
	AnalyzeStats st = {0};
	analyze_units(&units, &ao, &fs, &d, &st);
	incmap_save(&map);
	incmap_release(&map);
	if (o.headers.n > 0)
		keep_named_files(&fs, &o);
	if (cc.loaded.n > 0)
		filter_by_config(&fs, &cc, &o, &d);
	if (!o.no_suppress)
		apply_suppressions(&units, &fs, &d);
	if (o.only_changed_lines && (o.staged || o.changed_since))
		keep_changed_lines(&fs, &changes);
	apply_warnings_as_errors(&o, &fs, &d);
	char *dropped = frontend_dropped_flags();
	if (dropped)
		diag_note(&d, NULL, 0, 0, "dropped flags clang does not know: %s "
			  "(--removed-arg=FLAG drops a flag without this note)", dropped);
	mem_free(dropped);
	vcs_changes_release(&changes);
	if (write_findings(&o, &ao.checks, &fs, &d) != 0)
		status = 2;
	fflush(stdout);
	if (o.stats)
		fprintf(stderr,
			"closecheck: %d units (%d failed), %ld functions, %ld handles followed, %ld block visits, %ld bounded\n",
			st.units, st.units_failed, st.engine.functions, st.engine.sites,
			st.engine.visits, st.engine.bounded);
	if (d.errors > 0)
		status = 2;
	else if (status == 0 && (o.lint_hook ? any_error_finding(&fs) : fs.v.n > 0))
		status = 1;     /* as a build's lint hook, only errors fail */
	findings_release(&fs);
	config_cache_release(&cc);
	unit_list_release(&units);
	rules_free(rules);
	vec_free(&o.rule_files);
	vec_free(&o.checks);
	vec_free(&o.files);
	vec_free(&o.headers);
	vec_free(&o.extra_args);
	vec_free(&o.extra_args_before);
	vec_free(&o.removed_args);
	vec_free(&o.warnings_as_errors);
	diag_release(&d);
	return status;
}
