/* SPDX-License-Identifier: MIT */
/*
 * frontend: libclang at the edge.  Parses a translation unit with its own
 * flags, reports its errors, and lowers every function body of the user's
 * files to the IR (ir.h).  The front end is four files, the only ones that
 * include clang-c/ headers; they are built into closecheck_clang, and
 * what comes after them into closecheck_core, which has no libclang:
 *
 *   units.c     the work list, from compile databases (units.h)
 *   frontend.c  parse, unknown flags, errors, includes, top-level walk
 *   lower.c     a function body -> IrFunc (lower.h: the inside)
 *   attrs.c     what declarations say: ownership, noreturn, cleanup
 *
 * A Frontend owns one CXIndex; use one per thread.
 */
#ifndef CLOSECHECK_FRONTEND_H
#define CLOSECHECK_FRONTEND_H

#include <stdbool.h>
#include "diag.h"
#include "ir.h"
#include "units.h"

typedef struct Frontend Frontend;

Frontend *frontend_new(void);
void frontend_free(Frontend *fe);
/* Parse and report errors, but lower nothing (to measure the parse alone). */
void frontend_set_parse_only(Frontend *fe, bool on);
/* Headers (paths) whose every function definition is lowered, as the main
 * file's are: by default a static function a header defines is lowered
 * only when the unit names it (a helper of a header's API that nothing
 * calls has no path into the unit's functions), so a finding inside one
 * that no unit calls is found only when its header is named here (named
 * on the command line, changed in git) or given as an editor's text. */
void frontend_set_eager(Frontend *fe, const char *const *headers, int n);

/* libclang's version ("clang version 18.1.3 ..."), allocated. */
char *frontend_clang_version(void);

/* The flags clang's driver refused in this process ("-fconserve-stack,
 * -mabi="), dropped from every unit; NULL if none.  Free it. */
char *frontend_dropped_flags(void);
/* Remembers the flags of such a list (", " between them) as if this
 * process had found them: what a worker process learnt. */
void frontend_remember_flags(const char *list);

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
