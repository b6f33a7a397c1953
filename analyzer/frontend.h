/* SPDX-License-Identifier: MIT */
/*
 * frontend: libclang at the edge.  Reads compile databases, parses
 * translation units with their own flags, reports parse errors, and lowers
 * every function body of the user's files to the IR (ir.h).  This module is
 * the only one that includes clang-c/Index.h.
 *
 * A Frontend owns one CXIndex; use one per thread.
 */
#ifndef CLOSECHECK_FRONTEND_H
#define CLOSECHECK_FRONTEND_H

#include <stdbool.h>
#include "diag.h"
#include "ir.h"

/* One translation unit to analyse: its file, the working directory its
 * flags are relative to, and the compiler arguments (without the compiler
 * itself and without the file). */
typedef struct UnitSpec {
	char *file;
	char *dir;              /* NULL: the current directory */
	int argc;
	char **argv;
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

typedef struct Frontend Frontend;

Frontend *frontend_new(void);
void frontend_free(Frontend *fe);
/* Parse and report errors, but lower nothing (to measure the parse alone). */
void frontend_set_parse_only(Frontend *fe, bool on);

/* The flags clang's driver refused in this process ("-fconserve-stack,
 * -mabi="), dropped from every unit; NULL if none.  Free it. */
char *frontend_dropped_flags(void);

/* Parses and lowers one unit.  Parse errors are reported through d (and
 * counted there); whatever AST exists is lowered.  NULL only when libclang
 * produced no AST at all (also reported).  The unit's includes are recorded
 * in IrUnit.includes.  Locations name the main file as spec does and other
 * files by their real paths (relative to the current directory, below it,
 * when spec->file is relative), so that every unit names a header alike. */
IrUnit *frontend_lower(Frontend *fe, const UnitSpec *spec, Diag *d);

/* Parses spec with the editor's unsaved text of its file. */
IrUnit *frontend_lower_unsaved(Frontend *fe, const UnitSpec *spec, const char *text,
			       Diag *d);

/* Text of a file that replaces the one on disk (an editor's buffer). */
typedef struct UnsavedText {
	const char *file;        /* the path the unit reaches it by */
	const char *text;
} UnsavedText;

/* Parses spec with several files' unsaved texts: its own, and those of
 * headers it includes (an open header analysed through its unit). */
IrUnit *frontend_lower_buffers(Frontend *fe, const UnitSpec *spec, const UnsavedText *bufs,
			       int n, Diag *d);

/* Lowers C source text given in memory (tests): file is its name. */
IrUnit *frontend_lower_string(Frontend *fe, const char *file, const char *text,
			      int argc, const char *const *argv, Diag *d);

#endif
