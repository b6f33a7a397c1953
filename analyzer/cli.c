/* SPDX-License-Identifier: MIT */
/*
 * cli: the option table and the three things made from it: the parser,
 * --help and the man page.  An entry names the Options field it fills
 * (offsetof) and how (a flag, a string, a list, or a function); a heading
 * entry starts a group.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "cmdargs.h"

typedef enum OptKind {
	OPT_HEADING, OPT_FLAG, OPT_STR, OPT_LIST, OPT_JOBS, OPT_NUM, OPT_SHARD
} OptKind;

typedef struct OptSpec {
	OptKind kind;
	char shortname;          /* 'j' for -j, or 0 */
	const char *name;        /* "jobs" for --jobs, or NULL; a heading's title */
	const char *arg;         /* "N": takes a value; NULL: takes none */
	size_t field;            /* offsetof(Options, ...) */
	const char *choices;     /* "a|b|c": the values allowed, or NULL */
	const char *help;
} OptSpec;

#define F(x) offsetof(Options, x)

static const OptSpec table[] = {
	{OPT_HEADING, 0, "Input", NULL, 0, NULL, NULL},
	{OPT_STR, 'p', NULL, "DIR", F(compdb), NULL,
	 "read DIR/compile_commands.json (or DIR may name that file); with no FILE, "
	 "analyse every unit in it"},
	{OPT_LIST, 0, "extra-arg", "ARG", F(extra_args), NULL,
	 "add ARG after each unit's compiler flags (repeatable)"},
	{OPT_LIST, 0, "extra-arg-before", "ARG", F(extra_args_before), NULL,
	 "add ARG before each unit's compiler flags (repeatable)"},
	{OPT_LIST, 0, "removed-arg", "ARG", F(removed_args), NULL,
	 "remove ARG from each unit's compiler flags (repeatable)"},
	{OPT_STR, 0, "changed-since", "REV", F(changed_since), NULL,
	 "analyse only the C files git says changed since REV (a changed header: "
	 "the units that include it)"},
	{OPT_FLAG, 0, "staged", NULL, F(staged), NULL,
	 "analyse only the staged C files (and headers, as above)"},
	{OPT_FLAG, 0, "only-changed-lines", NULL, F(only_changed_lines), NULL,
	 "with the two above: report only findings on changed lines"},
	{OPT_STR, 0, "cache-dir", "DIR", F(cache_dir), NULL,
	 "keep which units include which headers, and units' results, in DIR (default: "
	 "$XDG_CACHE_HOME/closecheck or ~/.cache/closecheck)"},
	{OPT_SHARD, 0, "shard", "K/N", F(shard), NULL,
	 "analyse only shard K of N (K from 1 to N) of the work list: a unit's shard "
	 "is a hash of its path, the same whatever else the list holds; 'closecheck "
	 "merge' joins the shards' json or sarif reports"},
	{OPT_FLAG, 0, "no-cache", NULL, F(no_cache), NULL,
	 "analyse every unit again: read and write nothing in the cache folder (by "
	 "default a unit's result is reused while its flags, the packs, the options and "
	 "every file it read are unchanged)"},

	{OPT_HEADING, 0, "Checks and rules", NULL, 0, NULL, NULL},
	{OPT_LIST, 0, "checks", "LIST", F(checks), NULL,
	 "enable or disable checks: comma-separated globs, '-' disables (e.g. --checks=-*,leak)"},
	{OPT_STR, 0, "config", "FILE", F(config), NULL,
	 "use FILE for every file instead of the nearest .closecheck.yaml above it"},
	{OPT_LIST, 0, "rules", "FILE", F(rule_files), NULL,
	 "load a rule pack after the shipped ones (repeatable)"},
	{OPT_STR, 0, "rules-dir", "DIR", F(rules_dir), NULL,
	 "load the shipped packs from DIR instead"},
	{OPT_FLAG, 0, "no-default-rules", NULL, F(no_default_rules), NULL, "load no shipped pack"},
	{OPT_FLAG, 0, "no-suppress", NULL, F(no_suppress), NULL,
	 "report findings silenced by 'closecheck: ignore' comments"},
	{OPT_FLAG, 0, "report-at-exit", NULL, F(report_at_exit), NULL,
	 "also report handles, transactions and locks still held where the process ends "
	 "(exit(), abort(), a return from main or from a function whose result is the exit status)"},
	{OPT_FLAG, 0, "no-program-summaries", NULL, F(no_program_summaries), NULL,
	 "treat a function that another unit of the compile database defines as unknown "
	 "(by default each unit's functions are summarised, in the cache too, and a call "
	 "from another unit uses the summary: a wrapper acquires, a helper releases)"},
	{OPT_STR, 0, "baseline", "FILE", F(baseline), NULL,
	 "report only findings not recorded in FILE"},
	{OPT_STR, 0, "write-baseline", "FILE", F(write_baseline), NULL,
	 "record today's findings in FILE (they do not fail the run)"},

	{OPT_HEADING, 0, "Exit status", NULL, 0, NULL, NULL},
	{OPT_STR, 0, "fail-on", "LEVEL", F(fail_on), "error|warning|note|never",
	 "findings of severity LEVEL or above make the exit status 1 (default: warning; "
	 "never: findings never do)"},
	{OPT_STR, 0, "warnings-as-errors", "GLOBS", F(warnings_as_errors), NULL,
	 "findings of the checks GLOBS match are errors (as CMake's lint hook, only "
	 "errors fail the build)"},

	{OPT_HEADING, 0, "Output", NULL, 0, NULL, NULL},
	{OPT_STR, 0, "format", "FMT", F(format), NULL,
	 "text (default: the source line and a caret when the output is a terminal, "
	 "gcc's one-line form otherwise), gcc (always the one-line form), rich (always "
	 "with source lines), json, sarif or codeclimate"},
	{OPT_STR, 'o', "output", "FILE", F(output), NULL,
	 "write the findings to FILE instead of standard output ('-': standard output)"},
	{OPT_STR, 0, "color", "WHEN", F(color), "auto|always|never",
	 "colour the text output: auto (default: when it goes to a terminal and NO_COLOR "
	 "is not set), always or never"},
	{OPT_FLAG, 'q', "quiet", NULL, F(quiet), NULL,
	 "no progress line and no summary line on standard error"},
	{OPT_STR, 0, "srcroot", "DIR", F(srcroot), NULL,
	 "paths in sarif, codeclimate and baselines are relative to DIR (default: .)"},
	{OPT_STR, 0, "doc-base", "URI", F(doc_base), NULL,
	 "where docs/ is published, for SARIF help links"},

	{OPT_HEADING, 0, "Running", NULL, 0, NULL, NULL},
	{OPT_JOBS, 'j', "jobs", "N", F(jobs), NULL,
	 "analyse N units at once (default: number of CPUs)"},
	{OPT_NUM, 0, "timeout", "SECONDS", F(timeout), NULL,
	 "stop analysing a unit after SECONDS and report it as an error (default: 300)"},
	{OPT_NUM, 0, "memory-limit", "MB", F(memory_limit), NULL,
	 "stop analysing a unit that needs more than MB megabytes of address space and "
	 "report it as an error (default: no limit)"},
	{OPT_FLAG, 0, "no-isolation", NULL, F(no_isolation), NULL,
	 "analyse in threads of one process rather than one child process per unit: "
	 "a crash then ends the run, and --timeout and --memory-limit do nothing"},
	{OPT_FLAG, 0, "lsp", NULL, F(lsp), NULL,
	 "run as a Language Server on standard input and output (with the other options: --checks, --config, --rules, ...)"},
	{OPT_FLAG, 0, "list-checks", NULL, F(list_checks), NULL, "print the checks and exit"},
	{OPT_FLAG, 0, "list-rules", NULL, F(list_rules), NULL,
	 "print the loaded rule table and exit"},
	{OPT_FLAG, 0, "dump-ir", NULL, F(dump_ir), NULL,
	 "print the lowered IR of every function (debugging)"},
	{OPT_FLAG, 0, "stats", NULL, F(stats), NULL,
	 "print how much work was done, on standard error"},
	{OPT_FLAG, 0, "parse-only", NULL, F(parse_only), NULL,
	 "parse and report errors only (to time the parse)"},
	{OPT_FLAG, 0, "version", NULL, F(version), NULL, "print the version and exit"},
	{OPT_FLAG, 'h', "help", NULL, F(help), NULL, "print this help and exit"},
	{OPT_FLAG, 0, "help-man", NULL, F(help_man), NULL,
	 "print the manual page (roff) and exit; with -o FILE, into FILE"},
};

#define NOPTS (sizeof(table) / sizeof(table[0]))

static const char synopsis[] =
	"closecheck [options] [FILE...] [-- COMPILER-FLAGS | -- COMPILE-COMMAND]";
static const char synopsis_merge[] =
	"closecheck merge [--format=json|sarif] [-o FILE] [--fail-on=LEVEL] [-q] REPORT...";
static const char merge_text[] =
	"closecheck merge joins the json or sarif reports of the shards of one run "
	"(--shard) into the report one unsharded run writes: findings sorted as a run "
	"sorts them, each once, the errors of all; its exit status is the run's "
	"(--fail-on), 2 for a report it cannot read.";
static const char about[] =
	"Finds handles that are never released, released twice or too late, in C code.";
static const char exit_text[] =
	"0 no findings that fail (see --fail-on), 1 findings that fail, "
	"2 usage, configuration or input errors.";

/* ---- parsing ------------------------------------------------------------ */

/* The entry spelled body (up to '=' or its end), long name or letter. */
static const OptSpec *
find_long(const char *body, size_t len)
{
	for (size_t i = 0; i < NOPTS; i++) {
		const OptSpec *s = &table[i];
		if (s->kind == OPT_HEADING)
			continue;
		if (s->name && strlen(s->name) == len && strncmp(s->name, body, len) == 0)
			return s;
		if (s->shortname && len == 1 && body[0] == s->shortname)
			return s;
	}
	return NULL;
}

static const OptSpec *
find_short(char c)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (table[i].kind != OPT_HEADING && table[i].shortname == c)
			return &table[i];
	return NULL;
}

/* "--jobs" or "-j", as the user may know it, for messages. */
static void
spelling(const OptSpec *s, char *buf, size_t n)
{
	if (s->name)
		snprintf(buf, n, "--%s", s->name);
	else
		snprintf(buf, n, "-%c", s->shortname);
}

static bool
allowed(const char *choices, const char *v)
{
	size_t len = strlen(v);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n == len && strncmp(p, v, n) == 0)
			return true;
		p += n + (bar != NULL);
	}
	return false;
}

/* --shard K/N: two whole numbers, 1 <= K <= N. */
static int
parse_shard(const char *v, Options *o, Diag *d)
{
	char *slash = NULL, *end = NULL;
	long k = isdigit((unsigned char)v[0]) ? strtol(v, &slash, 10) : 0, n = 0;
	if (slash && *slash == '/' && isdigit((unsigned char)slash[1]))
		n = strtol(slash + 1, &end, 10);
	if (!end || *end || k < 1 || n < 1 || k > n || n > 1000000) {
		diag_error(d, NULL, 0, 0, "invalid value '%s' for --shard: K/N, whole numbers "
			   "with 1 <= K <= N (--shard=2/3: the second of three shards)", v);
		return -1;
	}
	o->shard = v;
	o->shard_k = (int)k;
	o->shard_n = (int)n;
	return 0;
}

static int
apply(const OptSpec *s, const char *v, Options *o, Diag *d)
{
	char *base = (char *)o, name[64];
	spelling(s, name, sizeof(name));
	if (s->choices && !allowed(s->choices, v)) {
		diag_error(d, NULL, 0, 0, "invalid value '%s' for %s (%s)", v, name, s->choices);
		return -1;
	}
	switch (s->kind) {
	case OPT_FLAG:
		*(bool *)(base + s->field) = true;
		return 0;
	case OPT_STR:
		*(const char **)(base + s->field) = v;
		return 0;
	case OPT_LIST:
		vec_push((OptList *)(base + s->field), v);
		return 0;
	case OPT_JOBS: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*v == '\0' || *end || n < 1 || n > 1024) {
			diag_error(d, NULL, 0, 0, "invalid number of jobs '%s'", v);
			return -1;
		}
		*(int *)(base + s->field) = (int)n;
		return 0;
	}
	case OPT_NUM: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*v == '\0' || *end || n < 1 || n > 1000000000) {
			diag_error(d, NULL, 0, 0, "invalid value '%s' for --%s: a whole number from 1",
				   v, s->name);
			return -1;
		}
		*(int *)(base + s->field) = (int)n;
		return 0;
	}
	case OPT_SHARD:
		return parse_shard(v, o, d);
	case OPT_HEADING:
		break;
	}
	return -1;
}

/* What "closecheck merge" takes: the options of its output. */
static const char *const merge_options[] = {"format", "output", "fail-on", "quiet", "help"};

static bool
merge_takes(const OptSpec *s)
{
	for (size_t i = 0; i < sizeof(merge_options) / sizeof(merge_options[0]); i++)
		if (s->name && strcmp(s->name, merge_options[i]) == 0)
			return true;
	return false;
}

/* One option at argv[*i] (it starts with '-'); may take the next word. */
static int
parse_one(int argc, char **argv, int *i, Options *o, Diag *d)
{
	const char *a = argv[*i];
	const char *body = a + 1 + (a[1] == '-');
	const char *eq = strchr(body, '=');
	size_t len = eq ? (size_t)(eq - body) : strlen(body);
	const OptSpec *s = find_long(body, len);
	const char *v = eq ? eq + 1 : NULL;
	if (!s && a[1] != '-') {
		/* -j4, -pbuild: a one-letter option and its value glued */
		const OptSpec *letter = find_short(a[1]);
		if (letter && letter->arg) {
			s = letter;
			v = a + 2;
		}
	}
	if (!s) {
		diag_error(d, NULL, 0, 0, "unknown option '%s' (see --help)", a);
		return -1;
	}
	char name[64];
	spelling(s, name, sizeof(name));
	if (o->merge && !merge_takes(s)) {
		diag_error(d, NULL, 0, 0, "option '%s' does not go with 'closecheck merge' "
			   "(it takes --format, -o, --fail-on and -q)", name);
		return -1;
	}
	if (!s->arg) {
		if (v) {
			diag_error(d, NULL, 0, 0, "option '%s' takes no value", name);
			return -1;
		}
		return apply(s, "", o, d);
	}
	if (!v) {
		if (*i + 1 >= argc) {
			diag_error(d, NULL, 0, 0, "option '%s' needs a value (%s)", name, s->arg);
			return -1;
		}
		v = argv[++*i];
	}
	return apply(s, v, o, d);
}

int
cli_parse(int argc, char **argv, Options *o, Diag *d)
{
	o->merge = argc > 1 && strcmp(argv[1], "merge") == 0;
	for (int i = 1 + o->merge; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0 && o->merge) {
			diag_error(d, NULL, 0, 0, "'closecheck merge' takes reports, not compiler flags");
			return -1;
		}
		if (strcmp(a, "--") == 0) {
			o->nflags = argc - i - 1;
			o->flags = argv + i + 1;
			/* CMake's CMAKE_C_CLANG_TIDY hook gives the compiler's
			 * whole command: cc -flags -c FILE -o x.o */
			o->lint_hook = o->nflags > 0 && cmdargs_is_compiler(o->flags[0]);
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			vec_push(&o->files, argv[i]);
		else if (parse_one(argc, argv, &i, o, d) != 0)
			return -1;
	}
	return 0;
}

void
cli_release(Options *o)
{
	vec_free(&o->rule_files);
	vec_free(&o->checks);
	vec_free(&o->files);
	vec_free(&o->extra_args);
	vec_free(&o->extra_args_before);
	vec_free(&o->removed_args);
	vec_free(&o->headers);
}

/* ---- --help ------------------------------------------------------------- */

enum { HELP_COL = 24, HELP_WIDTH = 79 };

/* "-j N, --jobs=N" */
static void
usage_left(const OptSpec *s, char *buf, size_t n)
{
	size_t k = 0;
	if (s->shortname)
		k += (size_t)snprintf(buf + k, n - k, "-%c%s%s%s", s->shortname,
				      s->arg ? " " : "", s->arg ? s->arg : "", s->name ? ", " : "");
	if (s->name && k < n)
		snprintf(buf + k, n - k, "--%s%s%s", s->name, s->arg ? "=" : "",
			 s->arg ? s->arg : "");
}

/* text from column col, wrapped at HELP_WIDTH, each line indented to col. */
static void
wrap(FILE *out, const char *text, int col)
{
	int at = col;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		if (at > col && at + 1 + (int)w > HELP_WIDTH) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fwrite(p, 1, w, out);
		at += (int)w;
		p += w;
	}
	fputc('\n', out);
}

void
cli_print_help(FILE *out)
{
	fprintf(out, "usage: %s\n       %s\n\n%s\n", synopsis, synopsis_merge, about);
	for (size_t i = 0; i < NOPTS; i++) {
		const OptSpec *s = &table[i];
		if (s->kind == OPT_HEADING) {
			fprintf(out, "\n%s:\n", s->name);
			continue;
		}
		char left[128];
		usage_left(s, left, sizeof(left));
		int n = fprintf(out, "  %s", left);
		if (n > HELP_COL - 2)
			fprintf(out, "\n%*s", HELP_COL, "");
		else
			fprintf(out, "%*s", HELP_COL - n, "");
		wrap(out, s->help, HELP_COL);
	}
	fputs("\nExit status: ", out);
	wrap(out, exit_text, 13);
	fputc('\n', out);
	wrap(out, merge_text, 0);
}

/* ---- the man page -------------------------------------------------------- */

/* text for roff: '-' and '\' escaped, a leading '.' or '\'' protected. */
static void
roff(FILE *out, const char *text)
{
	if (text[0] == '.' || text[0] == '\'')
		fputs("\\&", out);
	for (const char *p = text; *p; p++) {
		if (*p == '-')
			fputs("\\-", out);
		else if (*p == '\\')
			fputs("\\e", out);
		else
			fputc(*p, out);
	}
}

static void
man_option(FILE *out, const OptSpec *s)
{
	fputs(".TP\n", out);
	if (s->shortname)
		fprintf(out, "\\fB\\-%c\\fR%s%s%s%s", s->shortname, s->arg ? " \\fI" : "",
			s->arg ? s->arg : "", s->arg ? "\\fR" : "", s->name ? ", " : "");
	if (s->name) {
		fputs("\\fB", out);
		roff(out, "--");
		roff(out, s->name);
		fputs("\\fR", out);
		if (s->arg)
			fprintf(out, "=\\fI%s\\fR", s->arg);
	}
	fputc('\n', out);
	roff(out, s->help);
	fputc('\n', out);
}

static const char description[] =
	"closecheck reads C code the way the compiler does (libclang, with the flags of "
	"compile_commands.json) and reports handles that are never released on some path, "
	"released twice, used after release or overwritten while still owned. What a "
	"handle is comes from YAML rule packs (libpq, MySQL/MariaDB, SQLite, POSIX, "
	"pthreads are shipped). Text findings are printed as gcc prints diagnostics, each "
	"unit's as soon as it and the units before it are done.";

/* The man page's lists: a term and its text; a NULL term ends a section. */
static const char *const man_lists[][2] = {
	{"EXIT STATUS", NULL},
	{"0", "no finding at or above the --fail-on level (or a baseline was written)"},
	{"1", "findings at or above the --fail-on level (default: warning)"},
	{"2", "usage, configuration or input errors (a unit that does not parse, a broken "
	      "rule pack or .closecheck.yaml); the other units are still analysed"},
	{NULL, NULL},
	{"ENVIRONMENT", NULL},
	{"NO_COLOR", "when set and not empty, --color=auto does not colour"},
	{"CLOSECHECK_RULES_DIR", "where the shipped rule packs are"},
	{"CLOSECHECK_LSP_LOG", "1: the Language Server traces its work on standard error"},
	{NULL, NULL},
	{"FILES", NULL},
	{".closecheck.yaml", "the nearest one above each analysed file configures checks, "
			     "rule packs, severities and exclusions"},
	{"compile_commands.json", "the compiler flags of each unit (-p, or the nearest above "
				  "each FILE)"},
	{NULL, NULL},
};

static void
man_lists_print(FILE *out)
{
	bool heading = true;
	for (size_t i = 0; i < sizeof(man_lists) / sizeof(man_lists[0]); i++) {
		const char *term = man_lists[i][0], *text = man_lists[i][1];
		if (!term) {
			heading = true;
		} else if (heading) {
			fprintf(out, ".SH %s\n", term);
			heading = false;
		} else {
			fputs(".TP\n.B ", out);
			roff(out, term);
			fputc('\n', out);
			roff(out, text);
			fputc('\n', out);
		}
	}
}

void
cli_print_man(FILE *out)
{
	fprintf(out, ".TH CLOSECHECK 1 \"\" \"closecheck %s\" \"User Commands\"\n",
		CLOSECHECK_VERSION);
	fputs(".SH NAME\nclosecheck \\- finds resource\\-release bugs in C code\n", out);
	fputs(".SH SYNOPSIS\n.B closecheck\n", out);
	roff(out, synopsis + strlen("closecheck "));
	fputs("\n.br\n.B closecheck merge\n", out);
	roff(out, synopsis_merge + strlen("closecheck merge "));
	fputc('\n', out);
	fputs(".SH DESCRIPTION\n", out);
	roff(out, description);
	fputs("\n.PP\n", out);
	roff(out, merge_text);
	fputs("\n.SH OPTIONS\n", out);
	for (size_t i = 0; i < NOPTS; i++) {
		if (table[i].kind == OPT_HEADING)
			fprintf(out, ".SS %s\n", table[i].name);
		else
			man_option(out, &table[i]);
	}
	man_lists_print(out);
	fputs(".SH SEE ALSO\nclang\\-tidy(1), gcc(1); docs/integrations.md in the closecheck "
	      "sources\n", out);
}
