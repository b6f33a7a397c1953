/* SPDX-License-Identifier: MIT */
/*
 * config: .closecheck.yaml, found by walking up from each analysed file
 * (the nearest wins, like .clang-tidy; no merging with the ones above), or
 * named once with --config.
 *
 * Its keys (checks, rules, severity, exclude, extra-args, extra-args-before,
 * removed-args) are declared once, with their types and meaning, in
 * config_keys (config.c), which reads them and makes the key table of
 * docs/integrations.md (tools/keysdoc).
 *
 * An excluded file is not analysed, and findings in excluded files (headers
 * included) are dropped.  The packs of every configuration in use are loaded
 * for the whole run: the rule table is one.
 *
 * Parsed with libyaml; a problem is reported at its file:line:column and the
 * file is not used (exit status 2); a glob in checks that matches no check is
 * a warning.  A ConfigCache owns every Config it hands out.
 */
#ifndef CLOSECHECK_CONFIG_H
#define CLOSECHECK_CONFIG_H

#include <stdbool.h>
#include "checks.h"
#include "diag.h"
#include "yamlfields.h"

typedef struct ConfigSeverity {
	char *check;
	char *severity;
} ConfigSeverity;

typedef struct Config {
	char *path;              /* the file */
	char *dir;               /* its directory, absolute */
	char *checks;            /* NULL: not set */
	VEC(char *) rules;       /* absolute paths */
	VEC(ConfigSeverity) severity;
	VEC(char *) exclude;
	VEC(char *) extra_args, extra_args_before, removed_args;
	bool report_at_exit;     /* report-at-exit: true */
} Config;

typedef struct ConfigCache {
	VEC(Config *) loaded;
	VEC(struct ConfigDir) dirs;
	Config *fixed;           /* --config FILE */
	bool failed;             /* some file had errors */
} ConfigCache;

typedef struct ConfigDir {
	char *dir;
	Config *config;          /* NULL: none above it */
} ConfigDir;

/* --config FILE: 0, or -1 after reporting. */
int config_fixed(ConfigCache *cc, const char *path, Diag *d);
/* The configuration of file (NULL: none). */
const Config *config_for(ConfigCache *cc, const char *file, Diag *d);
bool config_excludes(const Config *c, const char *file);
/* The checks on for files under c: defaults, c's list, then cmdline's. */
void config_checks(const Config *c, const CheckSet *cmdline_applied,
		   const char *const *cmdline, int ncmdline, CheckSet *out, Diag *d);
const char *config_severity(const Config *c, const char *check);
void config_cache_release(ConfigCache *cc);
/* The keys of a configuration, ended by a NULL key; tools/keysdoc.c prints
 * them into docs/integrations.md. */
extern const YField config_keys[];

#endif
