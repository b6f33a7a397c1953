/* SPDX-License-Identifier: MIT */
/*
 * install: the one place that knows where closecheck's files are.  The
 * program finds them from its own path (/proc/self/exe):
 *
 *   build tree                      installed under PREFIX
 *   BUILD/closecheck                PREFIX/bin/closecheck
 *   BUILD/rules/NAME.yaml           PREFIX/share/closecheck/rules/NAME.yaml
 *   SOURCE/docs/checks/NAME.md      PREFIX/share/doc/closecheck/checks/NAME.md
 *
 * Rule packs: $CLOSECHECK_RULES_DIR if set and not empty, else BIN/rules,
 * else BIN/../share/closecheck/rules.  Docs (a folder with a checks/
 * folder): BIN/../share/doc/closecheck, else BIN/../docs, else the source
 * tree's docs/ the program was built from (install_set_source_dir()).
 * The command line and the Language Server both ask here, so they cannot
 * look in different orders.
 *
 * Every returned string is the caller's (mem_free); NULL: not found.
 */
#ifndef CLOSECHECK_INSTALL_H
#define CLOSECHECK_INSTALL_H

/* The source tree the program was built from (main.c passes
 * CLOSECHECK_SOURCE_DIR): its docs/ is the last place looked at.  The
 * string must outlive the process's use of this module. */
void install_set_source_dir(const char *dir);
/* The folder of the shipped rule packs. */
char *install_rules_dir(void);
/* The docs/ folder (absolute, resolved), whose checks/ pages are the help
 * of SARIF rules and the Language Server's codeDescription. */
char *install_docs_dir(void);

#endif
