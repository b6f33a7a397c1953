/* SPDX-License-Identifier: MIT */
/*
 * lower: the inside of the front end, shared by frontend.c (parse, top-level
 * walk), lower.c (a function body to the IR), attrs.c (what declarations
 * say) and consts.c (the unit's constants).  Only these files include it,
 * and with it clang-c/Index.h;
 * everything else sees frontend.h and units.h, which name no libclang type.
 *
 * An FeUnit is the unit being lowered: frontend.c makes one per parse and
 * keeps it for the walk over the unit's functions.  The IR it fills (u) and
 * its names are in u's arena; scratch holds what one function's lowering
 * needs (children lists, scopes) and is released after each function.
 */
#ifndef CLOSECHECK_LOWER_H
#define CLOSECHECK_LOWER_H

#include <clang-c/Index.h>
#include "frontend.h"

typedef struct FeConsts FeConsts;

typedef struct FeUnit {
	Frontend *fe;
	CXTranslationUnit tu;
	IrUnit *u;
	Arena *scratch;
	Diag *d;                 /* notes about what is not analysed */
	FeConsts *consts;        /* what the unit declares constant (consts.h);
	                          * NULL: nothing is */
} FeUnit;

/* Lowers the definition fn into a new IrFunc of x->u.  What is nested past
 * the lowering's depth limit is left out (IrFunc.truncated), with a note
 * through x->d. */
void lower_function(const FeUnit *x, CXCursor fn);

/* ---- from frontend.c -------------------------------------------------- */

/* A cursor's children, in scratch. */
typedef struct Kids {
	CXCursor *v;
	int n, cap;
	Arena *arena;
} Kids;

Kids fe_kids(Arena *scratch, CXCursor c);
/* Where sl is expanded, its file named as findings name it: the main file
 * as the unit names it, a header by its real path. */
Loc fe_loc(const FeUnit *x, CXSourceLocation sl);
/* c through parentheses and implicit conversions (children in scratch). */
CXCursor fe_strip(Arena *scratch, CXCursor c);
/* A cursor's spelling, interned in u. */
const char *fe_spelling(IrUnit *u, CXCursor c);
/* A cursor's extent as it stands in the file: macro locations map to
 * where the macro was used, not to its definition. */
CXSourceRange fe_file_range(CXTranslationUnit tu, CXCursor c);

#endif
