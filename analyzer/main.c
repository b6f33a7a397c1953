/* SPDX-License-Identifier: MIT */
/*
 * closecheck: finds resource-release bugs in C.
 *
 *   closecheck [options] [FILE...] [-- COMPILER-FLAGS]
 *
 * The driver: read the options, make the list of translation units
 * (compile database or files + flags, changed files, named headers), run
 * them through the pipeline (pipeline.h: configuration, packs, flags,
 * analysis, per-file checks, severities, suppressions, baseline), print the
 * findings of each unit as it is done (text) or all at the end (json,
 * sarif, codeclimate, or with --baseline), say how it went, exit 0 (nothing
 * that fails), 1 (findings that fail) or 2 (errors).  --lsp hands the same
 * pipeline to the Language Server (lsp.h).  --shard K/N keeps one shard of
 * the work list (units.h); "closecheck merge REPORT..." joins the shards'
 * reports (merge.h).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyze.h"
#include "cli.h"
#include "cmdargs.h"
#include "compdb.h"
#include "config.h"
#include "install.h"
#include "lsp.h"
#include "mem.h"
#include "merge.h"
#include "pipeline.h"
#include "progress.h"
#include "render.h"
#include "report.h"
#include "vcs.h"

/* Where the findings go and how.  stream: each unit's findings are printed
 * by on_unit() as it is done; else write_findings() prints them all. */
typedef struct Output {
	FILE *f;
	OutFile file;            /* -o FILE: written whole or not at all */
	Format format;           /* FMT_TEXT resolved to FMT_GCC or FMT_RICH */
	bool color;
	Renderer *render;        /* non-NULL: streaming text */
	Progress *progress;      /* NULL: none (not a terminal, or --quiet) */
	int err;                 /* errno of the first failed write, or 0 */
} Output;

/* --color: always, never, or auto (a terminal, NO_COLOR unset or empty, a
 * TERM that is not "dumb"). */
static bool
want_color(const char *when, bool tty)
{
	if (when && strcmp(when, "always") == 0)
		return true;
	if (when && strcmp(when, "never") == 0)
		return false;
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	return tty && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

/* The format and -o FILE ("-": standard output).  text is the rich form
 * when it goes to a terminal, gcc's one-line form otherwise. */
static int
open_output(const Options *o, Output *out, Diag *d)
{
	out->f = stdout;
	if (report_format_parse(o->format ? o->format : "text", &out->format) != 0) {
		diag_error(d, NULL, 0, 0,
			   "unknown format '%s' (text, gcc, rich, json, sarif or codeclimate)",
			   o->format);
		return -1;
	}
	if (o->output && strcmp(o->output, "-") != 0) {
		if (report_file_open(&out->file, o->output, d) != 0)
			return -1;
		out->f = out->file.f;
	}
	bool tty = isatty(fileno(out->f));
	/* --format=gcc is today's lines exactly: never coloured */
	out->color = out->format != FMT_GCC && want_color(o->color, tty);
	if (out->format == FMT_TEXT)
		out->format = tty ? FMT_RICH : FMT_GCC;
	return 0;
}

static int
close_output(const Options *o, Output *out, Diag *d)
{
	render_free(out->render);
	out->render = NULL;
	if (out->f != stdout)
		return report_file_commit(&out->file, d);
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int err = out->err ? out->err : errno ? errno : EIO;
		diag_error(d, "<stdout>", 0, 0, "cannot write the findings: %s", strerror(err));
		return -1;
	}
	return 0;
}

/* Fingerprints, baselines, and the findings themselves unless they were
 * streamed already. */
static int
write_findings(const Options *o, Pipeline *pl, const CheckSet *cs, FindingSet *fs,
	       const Output *out, Diag *d)
{
	ReportOptions ro = {0};
	ro.format = out->format;
	ro.color = out->color;
	char cwd[PATH_MAX], root[PATH_MAX];
	const char *srcroot = o->srcroot ? o->srcroot : getcwd(cwd, sizeof(cwd));
	ro.srcroot = srcroot && realpath(srcroot, root) ? root : srcroot;
	/* help links only where --doc-base says: a file: URI of this machine
	 * means nothing where the SARIF log is read; the pages go in as text */
	char *doc = install_docs_dir();
	ro.doc_base = o->doc_base && *o->doc_base ? o->doc_base : NULL;
	ro.docs_dir = doc;
	ro.diag = d;
	ro.checks = cs;
	pipeline_baseline(pl, fs, ro.srcroot, true, d);
	int rc = 0;
	if (!out->render) {
		progress_clear(out->progress);
		rc = report_write(fs, &ro, out->f);
	}
	if (rc != 0 && out->f != stdout)
		diag_error(d, o->output, 0, 0, "cannot write the findings");
	mem_free(doc);
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

/* The FILEs named twice (the same file, however spelt) are analysed and
 * counted once: the later names go. */
static void
drop_named_twice(Options *o)
{
	int n = o->files.n, k = 0;
	char **real = xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		char buf[PATH_MAX];
		real[i] = xstrdup(realpath(o->files.v[i], buf) ? buf : o->files.v[i]);
		bool again = false;
		for (int j = 0; j < i && !again; j++)
			again = real[j] && strcmp(real[j], real[i]) == 0;
		if (again) {
			mem_free(real[i]);
			real[i] = NULL;
		} else {
			o->files.v[k++] = o->files.v[i];
		}
	}
	for (int i = 0; i < n; i++)
		mem_free(real[i]);
	mem_free(real);
	o->files.n = k;
}

static int
make_units(const Options *o, IncMap *map, UnitList *units, OptList *bare, Diag *d)
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
	for (int i = 0; i < o->files.n; i++) {
		/* Without -p and without flags, a file takes its command from the
		 * nearest compile database above it, as a pre-commit hook or an
		 * editor calls closecheck. */
		if (o->flags) {
			unit_list_add_command(units, o->files.v[i], NULL, o->nflags,
					      (const char *const *)o->flags);
		} else if (!frontend_find_unit(o->files.v[i], units, d)) {
			unit_list_add(units, o->files.v[i], NULL, 0, NULL);
			vec_push(bare, o->files.v[i]);
		}
	}
	return 0;
}

/* Could compiler flags have helped with this error?  Not when the file
 * could not be read or is not a file at all. */
static bool
flags_could_help(const char *msg)
{
	return msg && strncmp(msg, "cannot read file", 16) != 0 &&
	       strcmp(msg, "cannot analyse this file: it is a directory") != 0 &&
	       strncmp(msg, "cannot analyse this file: not a regular file", 44) != 0;
}

/* Files analysed with no flags because no database was found: when one of
 * them had errors (a header not found, a macro not defined), say why. */
static void
note_bare(const OptList *bare, Diag *d)
{
	for (int i = 0; i < bare->n; i++) {
		char quoted[PATH_MAX + 32];
		snprintf(quoted, sizeof(quoted), "while parsing '%s'", bare->v[i]);
		bool failed = false;
		for (int k = 0; k < d->nerrs && !failed; k++)
			failed = flags_could_help(d->errs[k].msg) &&
				 ((d->errs[k].file && strcmp(d->errs[k].file, bare->v[i]) == 0) ||
				  strstr(d->errs[k].msg, quoted));
		if (failed)
			diag_note(d, bare->v[i], 0, 0, "no compile database found (looked for "
				  COMPDB_SEARCHED "): analysed with no flags; give -p BUILD-DIR, "
				  "or the compiler flags after '--'");
	}
}

/* What on_unit() needs: the pipeline's per-file steps, the command
 * line's own filters and the streaming output. */
typedef struct Run {
	const Options *o;
	const UnitList *units;
	Pipeline *pl;
	const VcsChanges *changes;   /* NULL: every line counts */
	Output *out;
	FindingSet all;              /* what is reported, each finding once */
	Diag *d;
	char **held;                 /* held[i]: unit i's messages, or NULL */
} Run;

/* The unit this thread analyses (on_start() is called in the worker's
 * thread), or -1 outside a unit and while units are handed over. */
static _Thread_local int current_unit = -1;

/* Diag's hold: a unit's messages wait for its findings, so standard error
 * reads in the order of the work list whatever -j (called under Diag's
 * lock). */
static bool
hold_message(void *ctx, const char *text)
{
	Run *p = ctx;
	int u = current_unit;
	if (u < 0 || !p->held)
		return false;
	size_t have = p->held[u] ? strlen(p->held[u]) : 0, n = strlen(text);
	p->held[u] = xrealloc(p->held[u], have + n + 2);
	memcpy(p->held[u] + have, text, n);
	memcpy(p->held[u] + have + n, "\n", 2);
	return true;
}

/* Unit i's messages, now. */
static void
release_messages(Run *p, int i)
{
	if (!p->held || !p->held[i])
		return;
	progress_clear(p->out->progress);
	fputs(p->held[i], stderr);
	fflush(stderr);
	mem_free(p->held[i]);
	p->held[i] = NULL;
}

/* Writes a unit's rendered text to the output, the progress line cleared
 * around it; the first write error is kept. */
static void
put_text(Run *p, const char *text, size_t len)
{
	if (len == 0)
		return;
	progress_clear(p->out->progress);
	errno = 0;
	if ((fwrite(text, 1, len, p->out->f) != len || fflush(p->out->f) != 0) && !p->out->err)
		p->out->err = errno ? errno : EIO;
	progress_redraw(p->out->progress);
}

/* A unit is done, and every unit before it: its findings go through the
 * pipeline's steps that need only the file (configuration, severities,
 * suppression comments), the changed lines and the named headers, then
 * are printed unless an equal one was (a header's function seen from two
 * units).  The unit's text is written whole findings at a time, so a
 * worker's message on the same terminal cannot land inside a finding. */
static void
on_unit(void *ctx, int unit, FindingSet *found)
{
	Run *p = ctx;
	int mine = current_unit;
	current_unit = -1;       /* messages from here on are in order */
	release_messages(p, unit);
	pipeline_filter(p->pl, p->units->v[unit].file, found, p->d);
	if (p->changes)
		keep_changed_lines(found, p->changes);
	if (p->o->headers.n > 0)
		keep_named_files(found, p->o);
	char *text = NULL;
	size_t len = 0;
	FILE *buf = p->out->render ? open_memstream(&text, &len) : NULL;
	for (int i = 0; i < found->v.n; i++) {
		if (!findings_add_new(&p->all, &found->v.v[i]) || !buf)
			continue;
		render_finding(p->out->render, &found->v.v[i], buf);
		/* whole findings at a time, in parts of about a megabyte: a
		 * unit's text held whole (12,847 findings of a generated
		 * file, 30 MB) cost its copies as the stream grew */
		if (ftell(buf) >= (1 << 20) && i + 1 < found->v.n) {
			fclose(buf);
			put_text(p, text, len);
			free(text);
			text = NULL;
			buf = open_memstream(&text, &len);
			if (!buf && !p->out->err)
				p->out->err = errno ? errno : ENOMEM;
		}
	}
	if (!buf) {
		current_unit = mine;
		return;
	}
	fclose(buf);
	current_unit = mine;
	put_text(p, text, len);
	free(text);
}

static void
on_start(void *ctx, int unit)
{
	Run *p = ctx;
	current_unit = unit;
	progress_start(p->out->progress, p->units->v[unit].file);
}

/* With isolation the messages of every unit are reported in this thread:
 * analyze.c says whose they are. */
static void
on_messages(void *ctx, int unit)
{
	(void)ctx;
	current_unit = unit;
}

static void
clear_progress(void *progress)
{
	progress_clear(progress);
}

static int
cmp_unit(const void *a, const void *b)
{
	return strcmp(((const UnitSpec *)a)->file, ((const UnitSpec *)b)->file);
}

/* "2 warnings, 1 error" or "no findings" into buf. */
static void
count_words(const int count[3], char *buf, size_t len)
{
	static const char *const word[3][2] = {
		{"note", "notes"}, {"warning", "warnings"}, {"error", "errors"}};
	static const int order[3] = {SEV_WARNING, SEV_ERROR, SEV_NOTE};
	snprintf(buf, len, "no findings");
	size_t k = 0;
	for (int i = 0; i < 3; i++) {
		int n = count[order[i]];
		if (n > 0 && k < len)
			k += (size_t)snprintf(buf + k, len - k, "%s%d %s", k ? ", " : "", n,
					      word[order[i]][n != 1]);
	}
}

/* "2 warnings, 1 error in 3 files (1 unit could not be analysed)" */
static void
print_summary(const int count[3], int files, int failed, FILE *err)
{
	char buf[128];
	count_words(count, buf, sizeof(buf));
	fprintf(err, "%s in %d file%s", buf, files, files == 1 ? "" : "s");
	if (failed > 0)
		fprintf(err, " (%d unit%s could not be analysed)", failed, failed == 1 ? "" : "s");
	fputc('\n', err);
}

/* 2 on errors; 0 when a baseline was written (its findings are recorded,
 * not failures); 1 when a finding is at or above --fail-on (default:
 * warning, and error as a build's lint hook, as clang-tidy); else 0. */
static int
exit_status(const Options *o, const int count[3], bool errors)
{
	if (errors)
		return 2;
	if (o->write_baseline)
		return 0;
	int level = o->fail_on ? severity_parse(o->fail_on) :
		    o->lint_hook ? SEV_ERROR : SEV_WARNING;
	return findings_fail(count, level < 0 ? SEV_WARNING : (Severity)level) ? 1 : 0;
}

/* --help, --help-man, --version: true if one was asked for (and done). */
static bool
information(const Options *o, int *status, Diag *d)
{
	if (o->help) {
		cli_print_help(stdout);
	} else if (o->version) {
		printf("closecheck %s\n", CLOSECHECK_VERSION);
	} else if (o->help_man) {
		FILE *f = o->output && strcmp(o->output, "-") != 0 ? fopen(o->output, "w") : stdout;
		if (!f) {
			diag_error(d, o->output, 0, 0, "cannot write: %s", strerror(errno));
			*status = 2;
			return true;
		}
		cli_print_man(f);
		if (f != stdout && fclose(f) != 0)
			*status = 2;
	} else {
		return false;
	}
	return true;
}

/* --shard K/N: the units of shard K, each unit's by its path relative to
 * the compile database's folder (without -p, the current directory); a
 * shard left with none is said, and is no error (a CI matrix may have more
 * shards than units). */
static void
keep_shard(const Options *o, UnitList *units, Diag *d)
{
	char base[PATH_MAX] = ".";
	Diag quiet;
	diag_init(&quiet, NULL);
	if (o->compdb && compdb_dir(o->compdb, base, sizeof(base), &quiet) != 0)
		snprintf(base, sizeof(base), "%s", o->compdb);
	diag_release(&quiet);
	int all = units->n;
	unit_list_shard(units, o->shard_k, o->shard_n, base);
	if (units->n == 0 && all > 0)
		diag_note(d, NULL, 0, 0, "shard %d/%d has none of the %d unit%s: nothing to analyse",
			  o->shard_k, o->shard_n, all, all == 1 ? "" : "s");
}

/* The work list: the units of the command line (or of git's changes, or
 * of the named headers) through the pipeline's configuration, packs and
 * flags, in the order of the output; 0, or 2 after errors. */
static int
work_list(Options *o, Pipeline *pl, IncMap *map, UnitList *units, VcsChanges *changes,
	  OptList *bare, Diag *d)
{
	int status = 0;
	char key[PATH_MAX];
	split_headers(o);
	drop_named_twice(o);
	incmap_open(map, o->cache_dir, o->no_cache ? NULL : incmap_project_key(o->compdb ?
		    o->compdb : o->files.n ? o->files.v[0] : o->headers.n ? o->headers.v[0] :
		    ".", key));
	if (make_units(o, map, units, bare, d) != 0)
		status = 2;
	else if ((o->staged || o->changed_since) &&
		 restrict_to_changes(o, map, units, changes, d) != 0)
		status = 2;
	if (pipeline_prepare(pl, units, d) != 0)
		status = 2;
	if (o->shard_n > 0)
		keep_shard(o, units, d);
	if (units->n > 1)
		qsort(units->v, (size_t)units->n, sizeof(UnitSpec), cmp_unit);
	return status;
}

/* After the run, on standard error: flags clang refused, files analysed
 * without a database, --stats. */
static void
notes_after(const Options *o, const OptList *bare, const AnalyzeStats *st, Diag *d)
{
	char *dropped = frontend_dropped_flags();
	if (dropped)
		diag_note(d, NULL, 0, 0, "dropped flags clang does not know: %s "
			  "(--removed-arg=FLAG drops a flag without this note)", dropped);
	mem_free(dropped);
	note_bare(bare, d);
	if (o->stats)
		fprintf(stderr,
			"closecheck: %d units (%d failed, %d from the cache), %ld functions, %ld handles followed "
			"(%ld from their own block), %ld block visits, %ld paths stopped early, "
			"%ld bounded\n",
			st->units, st->units_failed, st->units_cached, st->engine.functions, st->engine.sites,
			st->engine.seeded, st->engine.visits, st->engine.settled, st->engine.bounded);
	if (o->stats && !o->no_program_summaries && !o->dump_ir && !o->parse_only)
		fprintf(stderr,
			"closecheck: program summaries: %d functions of %d units summarised, %d names "
			"dropped (defined differently in several units), %d calls resolved through "
			"other units, %d units analysed again with them (%d from the IR pass 1 "
			"kept, %d parsed again) and %d taken from the cache although lines they "
			"use changed (the table answered what they asked as before); %d rounds "
			"of the chains changed the summaries "
			"of %d units (of %d functions' summaries made in the rounds, %d needed "
			"no work: nothing they call had changed; %d units not analysed again: "
			"the table answered what their walks asked as before); %d calls "
			"through a struct member resolved to the one function put into it\n",
			st->prog_functions, st->prog_units, st->prog_conflicts, st->prog_calls,
			st->prog_again, st->prog_kept_ir, st->prog_again - st->prog_kept_ir,
			st->prog_answered,
			st->prog_rounds, st->prog_chained, st->prog_resummed, st->prog_rekept,
			st->prog_held, st->prog_members);
	if (o->stats && st->prog_unstored > 0)
		fprintf(stderr, "closecheck: program summaries: %d other units of the database have "
			"none stored (changed, or never analysed with this cache): their functions "
			"are unknown here\n", st->prog_unstored);
}

/* Is standard error a terminal, where a progress line may be drawn? */
static volatile sig_atomic_t erase_line;

/* SIGINT, SIGTERM: the temporary files go (-o FILE and the baseline keep
 * their previous text), the workers stop with the process, and the exit
 * status is 128 + the signal's number, as a shell reports it (130, 143). */
static void
on_signal(int sig)
{
	static const char stop_int[] =
		"closecheck: interrupted: stopped; files written by -o and --write-baseline left as they were\n";
	static const char stop_term[] =
		"closecheck: terminated: stopped; files written by -o and --write-baseline left as they were\n";
	report_file_remove_partial();
	analyze_remove_temporary();
	ssize_t w = erase_line ? write(STDERR_FILENO, "\r\033[K", 4) : 0;
	const char *m = sig == SIGINT ? stop_int : stop_term;
	size_t n = sig == SIGINT ? sizeof(stop_int) - 1 : sizeof(stop_term) - 1;
	w = write(STDERR_FILENO, m, n);     /* nothing more to do if it fails */
	(void)w;
	_exit(128 + sig);
}

/* A signal ignored when closecheck started (nohup, a background job's
 * SIGINT) stays ignored. */
static void
catch_signals(void)
{
	static const int sig[] = {SIGINT, SIGTERM};
	erase_line = isatty(STDERR_FILENO);
	for (size_t i = 0; i < sizeof(sig) / sizeof(sig[0]); i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		if (sigaction(sig[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sig[i], &sa, NULL);
	}
}

/* --write-baseline into a folder that does not exist, or onto a file that
 * may not be written: refused before any analysis, as -o FILE is. */
static int
check_baseline_target(const Options *o, Diag *d)
{
	if (!o->write_baseline)
		return 0;
	if (o->shard) {
		diag_error(d, NULL, 0, 0, "--write-baseline records the findings of every unit: "
			   "write it without --shard (--baseline goes with it)");
		return -1;
	}
	OutFile of;
	int rc = report_file_open(&of, o->write_baseline, d);
	report_file_abort(&of);
	return rc;
}

/* A run of part of a compile database (named files, a shard, git's
 * changes; -p, or the database a named file finds above it, as a
 * pre-commit hook runs): the whole database, with each unit's flags as
 * the pipeline makes them, so that the stored summaries of the units not
 * analysed can be found (analyze.h: others).  Nothing is said about them. */
static bool
program_others(const Options *o, Pipeline *pl, UnitList *others)
{
	char near[PATH_MAX];
	const char *db = o->compdb;
	if (!db && !o->flags && o->files.n > 0) {
		UnitList mine = {0};
		if (frontend_find_unit_db(o->files.v[0], &mine, near, sizeof(near)))
			db = near;
		unit_list_release(&mine);
	}
	if (!db || (o->compdb && o->files.n == 0 && o->headers.n == 0 && !o->shard_n &&
		    !o->staged && !o->changed_since))
		return false;
	Diag quiet;
	diag_init(&quiet, NULL);
	bool ok = frontend_load_compdb(db, 0, NULL, others, &quiet) == 0 &&
		  pipeline_prepare(pl, others, &quiet) == 0;
	diag_release(&quiet);
	return ok && others->n > 0;
}

/* Analyses the work list and writes the findings; the exit status. */
static int
run(Options *o, Pipeline *pl, int status, Diag *d)
{
	AnalyzeOptions ao;
	analyze_options_init(&ao);
	UnitList units = {0};
	VcsChanges changes = {0};
	IncMap map;
	OptList bare = {0};
	Output out = {0};
	/* a format or an -o FILE that cannot be written is refused before
	 * any analysis */
	if (open_output(o, &out, d) != 0 || check_baseline_target(o, d) != 0) {
		report_file_abort(&out.file);       /* -o FILE left as it was */
		return 2;
	}
	catch_signals();
	status |= work_list(o, pl, &map, &units, &changes, &bare, d);
	pipeline_analyze_options(pl, &ao);
	ao.incmap = &map;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	ao.jobs = o->jobs > 0 ? o->jobs : ncpu > 0 ? (int)ncpu : 1;
	ao.dump_ir = o->dump_ir ? stdout : NULL;
	ao.parse_only = o->parse_only;
	/* the headers named, and those git says changed: every function of
	 * theirs is lowered, not only those their units call */
	VEC(const char *) eager = {0};
	for (int i = 0; i < o->headers.n; i++)
		vec_push(&eager, o->headers.v[i]);
	for (int i = 0; i < changes.n; i++)
		if (incmap_is_header(changes.files[i].path))
			vec_push(&eager, changes.files[i].path);
	ao.eager = eager.v;
	ao.neager = eager.n;
	ResultCache cache;
	if (pipeline_open_cache(pl, &ao, &cache))
		ao.cache = &cache;
	UnitList others = {0};
	if (ao.program && ao.cache && program_others(o, pl, &others))
		ao.others = &others;

	/* Text is printed unit by unit, unless the baseline's fingerprints
	 * (a finding's rank among equal ones of its file) need every unit. */
	if (report_is_text(out.format) && !o->baseline)
		out.render = render_new((TextStyle){out.format == FMT_RICH, out.color});
	bool quiet = o->quiet || o->lint_hook;  /* a build prints its own progress */
	if (!quiet)
		out.progress = progress_new(stderr, units.n);
	d->before = out.progress ? clear_progress : NULL;
	d->before_ctx = out.progress;
	Run r = {.o = o, .units = &units, .pl = pl, .out = &out, .d = d};
	if (o->only_changed_lines && (o->staged || o->changed_since))
		r.changes = &changes;
	findings_init(&r.all);
	ao.on_unit = on_unit;
	ao.on_start = on_start;
	ao.on_messages = on_messages;
	ao.ctx = &r;
	AnalyzeStats st = {0};
	r.held = units.n > 0 ? xcalloc((size_t)units.n, sizeof(char *)) : NULL;
	d->hold = hold_message;
	d->hold_ctx = &r;
	analyze_units(&units, &ao, NULL, d, &st);
	d->hold = NULL;
	current_unit = -1;
	for (int i = 0; i < units.n; i++)
		release_messages(&r, i);    /* none: each unit was handed over */
	mem_free(r.held);
	incmap_save(&map);
	incmap_release(&map);
	if (ao.cache)
		cache_close(ao.cache);
	findings_sort(&r.all);
	if (write_findings(o, pl, &ao.checks, &r.all, &out, d) != 0)
		status = 2;
	if (close_output(o, &out, d) != 0)
		status = 2;
	progress_free(out.progress);
	d->before = NULL;
	notes_after(o, &bare, &st, d);
	vec_free(&bare);
	int count[3];
	findings_count(&r.all, count);
	if (!quiet)
		print_summary(count, units.n, st.units_failed, stderr);
	status = exit_status(o, count, status == 2 || d->errors > 0);
	vcs_changes_release(&changes);
	vec_free(&eager);
	findings_release(&r.all);
	unit_list_release(&units);
	unit_list_release(&others);
	return status;
}

/* closecheck merge REPORT...: the shards' reports joined (merge.h), to
 * -o FILE whole or not at all; the exit status a run with the merged
 * findings and errors would have. */
static int
run_merge(const Options *o, Diag *d)
{
	Format want = FMT_TEXT;
	if (o->format && (report_format_parse(o->format, &want) != 0 ||
			  (want != FMT_JSON && want != FMT_SARIF))) {
		diag_error(d, NULL, 0, 0, "'closecheck merge' writes json or sarif, not '%s'",
			   o->format);
		return 2;
	}
	if (o->files.n == 0) {
		diag_error(d, NULL, 0, 0, "'closecheck merge' needs the reports to join (see --help)");
		return 2;
	}
	Output out = {.f = stdout};
	bool to_file = o->output && strcmp(o->output, "-") != 0;
	if (to_file && report_file_open(&out.file, o->output, d) != 0)
		return 2;
	if (to_file)
		out.f = out.file.f;
	catch_signals();
	MergeSummary sum;
	int rc = merge_reports(o->files.n, o->files.v, want, out.f, &sum, d);
	if (rc == -2)
		diag_error(d, to_file ? o->output : "<stdout>", 0, 0, "cannot write the merged report");
	if (rc != 0) {
		report_file_abort(&out.file);
		return 2;
	}
	if (close_output(o, &out, d) != 0)
		return 2;
	if (!o->quiet) {
		char buf[128];
		count_words(sum.count, buf, sizeof(buf));
		fprintf(stderr, "%s in %d report%s%s\n", buf, o->files.n, o->files.n == 1 ? "" : "s",
			sum.errors ? " (with errors of the analysis)" : "");
	}
	return exit_status(o, sum.count, sum.errors > 0);
}

int
main(int argc, char **argv)
{
#ifdef CLOSECHECK_SOURCE_DIR
	install_set_source_dir(CLOSECHECK_SOURCE_DIR);
#endif
	mem_tune();
	Diag d;
	diag_init(&d, stderr);
	d.keep_errors = true;       /* json and sarif list them */
	Options o = {0};
	int status = 0;
	if (cli_parse(argc, argv, &o, &d) != 0) {
		cli_release(&o);
		diag_release(&d);
		return 2;
	}
	if (information(&o, &status, &d) || o.merge) {
		if (o.merge && !o.help)
			status = run_merge(&o, &d);
		cli_release(&o);
		diag_release(&d);
		return status;
	}
	Pipeline pl;
	pipeline_init(&pl, &o, &d);
	if (o.list_checks) {
		checks_list(&pl.cmdline, stdout);
	} else if (o.lsp && o.shard) {
		diag_error(&d, NULL, 0, 0, "--shard does not go with --lsp: the server analyses "
			   "the files the editor opens");
		status = 2;
	} else if (o.lsp) {
		status = lsp_main(&pl, stdin, stdout);
	} else {
		status = pipeline_rules(&pl, &d) != 0 ? 2 : 0;
		if (status == 0 && !o.list_rules && rules_nkinds(pl.rules) == 0) {
			/* a lint step that can find nothing must not pass */
			diag_error(&d, NULL, 0, 0, "no rules loaded (--no-default-rules without "
				   "--rules, or an empty --rules-dir): nothing could be found");
			status = 2;
		} else if (o.list_rules) {
			rules_list(pl.rules, stdout);
		} else {
			status = run(&o, &pl, status, &d);
		}
	}
	pipeline_release(&pl);
	cli_release(&o);
	diag_release(&d);
	return status;
}
