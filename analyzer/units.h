/* SPDX-License-Identifier: MIT */
/*
 * units: the work list -- the translation units to analyse, each with the
 * flags to parse it with -- from a compile database (read through libclang,
 * so this is front-end code: closecheck_frontend), from a command given by
 * hand, or from a file's nearest database.  compdb.h finds and checks the
 * database, cmdargs.h cleans the arguments.  A UnitList owns its specs and
 * their strings.  The database readers keep their frontend_ names: they
 * are the front end's, not the pure compdb.c's.
 */
#ifndef CLOSECHECK_UNITS_H
#define CLOSECHECK_UNITS_H

#include <stdbool.h>
#include "diag.h"

/* One translation unit to analyse: its file, the working directory its
 * flags are relative to, and the compiler arguments (without the compiler
 * itself and without the file). */
typedef struct UnitSpec {
	char *file;
	char *dir;              /* NULL: the current directory */
	int argc;
	char **argv;
	bool report_at_exit;    /* its configuration says report-at-exit */
} UnitSpec;

typedef struct UnitList {
	UnitSpec *v;
	int n, cap;
} UnitList;


void unit_list_add(UnitList *l, const char *file, const char *dir,
		   int argc, const char *const *argv);
/* The same from a compile command given by hand or by a build hook
 * (`closecheck FILE -- cc -c FILE -o x.o`): see cmdargs_clean(). */
void unit_list_add_command(UnitList *l, const char *file, const char *dir,
			   int argc, const char *const *argv);
/* Drops the units that are not C (assembler, C++, Objective-C: a build's
 * database lists them all), with one note saying how many and why. */
void unit_list_keep_c(UnitList *l, Diag *d);
/* --shard K/N: keeps the units of shard k of n (1 <= k <= n).  A unit's
 * shard is the FNV-1a hash (64 bits) of its file's real path relative to
 * base (the compile database's folder, or the current directory; "../"
 * where it lies outside), modulo n, plus 1: it depends on the unit alone,
 * not on the order of the list nor on what else is in it, and on the
 * layout of the tree, not on where it is checked out.  Every unit is in
 * exactly one shard. */
void unit_list_shard(UnitList *l, int k, int n, const char *base);
void unit_spec_release(UnitSpec *s);
void unit_list_release(UnitList *l);

/* Reads DIR/compile_commands.json (or DIR as that file), checked first so
 * that a broken database is reported in words.  With nfiles == 0 every
 * entry is added (a file listed twice once); otherwise the entries of the
 * given files, compared by real path, and a file not in the database
 * borrows the flags of its nearest entry (with a note).  The arguments are
 * cleaned by cmdargs_clean().  Returns 0, or -1 after reporting through d. */
int frontend_load_compdb(const char *dir, int nfiles, char *const *files,
			 UnitList *out, Diag *d);

/* Adds file with the command of the nearest compile database above it
 * (see compdb_search(): DIR/, DIR/build/, builddir/, _build/, out/,
 * cmake-build-*), borrowing its nearest entry's flags when the database
 * does not list it (a note through d, when d is not NULL); false if no
 * database was found. */
bool frontend_find_unit(const char *file, UnitList *out, Diag *d);
bool frontend_unit_for_file(const char *file, UnitList *out);
/* The same, quietly, with the database's folder (as compdb_search() found
 * it) into dir[n]. */
bool frontend_find_unit_db(const char *file, UnitList *out, char *dir, size_t n);

#endif
