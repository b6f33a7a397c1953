/* SPDX-License-Identifier: MIT */
/*
 * cli: the command line.  One table of options (name, argument, help text,
 * the Options field it fills) drives the parser, --help and the man page
 * (--help-man prints roff; CMake turns it into closecheck.1 at build time),
 * so the three cannot disagree.
 *
 * Spellings, as LLVM's tools accept them: --name=V, --name V, -name=V,
 * -name V for every option; a one-letter option also as -xV (-j4, -pbuild).
 * A FILE is anything else that does not start with '-' (or is "-"); after
 * "--" come the compiler flags.  "closecheck merge REPORT..." (merge.h)
 * takes only the options of its output (merge_options in cli.c); its
 * REPORTs are the FILEs.
 */
#ifndef CLOSECHECK_CLI_H
#define CLOSECHECK_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "diag.h"
#include "mem.h"

typedef VEC(const char *) OptList;

typedef struct Options {
	const char *compdb;
	OptList rule_files;
	const char *rules_dir;
	bool no_default_rules;
	OptList checks;
	VEC(char *) files;
	int nflags;
	char **flags;
	int jobs;
	int timeout;             /* seconds per unit; 0: the default */
	int memory_limit;        /* MB of address space per unit; 0: none */
	bool no_isolation;       /* units in threads, not child processes */
	bool report_at_exit;     /* findings where the process ends */
	bool no_program_summaries; /* no functions of other units' summaries */
	bool list_checks, list_rules, dump_ir, stats, parse_only, no_suppress, lsp;
	const char *format, *output, *srcroot, *doc_base;
	const char *baseline, *write_baseline, *changed_since, *config;
	bool staged, only_changed_lines;
	const char *cache_dir;   /* the include map's and results' folder; NULL: the default */
	bool no_cache;           /* units' results neither read nor kept */
	VEC(char *) headers;     /* FILEs that are headers (main.c: split_headers) */
	const char *fail_on;     /* error | warning | note | never; NULL: warning */
	const char *color;       /* auto | always | never; NULL: auto */
	bool quiet;
	bool help, help_man, version;
	/* every unit's compiler flags: added, added before, dropped */
	OptList extra_args, extra_args_before, removed_args;
	const char *warnings_as_errors;
	bool lint_hook;          /* a whole compile command after '--' (CMake's
	                          * CMAKE_C_CLANG_TIDY): only errors fail */
	const char *shard;       /* --shard K/N as given; NULL: every unit */
	int shard_k, shard_n;    /* 1 <= shard_k <= shard_n, or 0 without --shard */
	bool merge;              /* "closecheck merge": FILEs are reports to join */
} Options;

/* Fills o from argv; 0, or -1 after reporting a usage error through d. */
int cli_parse(int argc, char **argv, Options *o, Diag *d);
void cli_release(Options *o);
/* --help: every option of the table. */
void cli_print_help(FILE *out);
/* The man page closecheck(1), in roff (man(7) macros). */
void cli_print_man(FILE *out);

#endif
