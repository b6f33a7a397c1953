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

/* What was found about cursors (declarations) of one unit, by
 * clang_hashCursor() buckets: equal cursors are one entry.  state and value
 * are the user's (consts.c: constants; FeUnit.decls: function
 * declarations).  In its arena; entries move when one is added. */
typedef struct FeMapEntry {
	CXCursor key;
	unsigned hash;
	int next;                /* in its bucket: index+1, 0 none */
	int state;
	long long value;
} FeMapEntry;

typedef struct FeMap {
	Arena *arena;
	VEC(FeMapEntry) all;
	int *head;               /* nbucket chains: index+1 of the first */
	int nbucket;             /* a power of two */
} FeMap;

/* What attrs.c and lower.c found out about a function declaration
 * (FeMapEntry.state bits), so that a function called a thousand times is
 * asked about once: its attributes read, whether it returns, which
 * parameters are pointers to const (value). */
enum {
	DECL_ATTRS_READ = 1,
	DECL_NORETURN_KNOWN = 2,
	DECL_NORETURN = 4,
	DECL_CONST_PARAMS_KNOWN = 8,
};

typedef struct FeUnit {
	Frontend *fe;
	CXTranslationUnit tu;
	IrUnit *u;
	Arena *scratch;
	Diag *d;                 /* notes about what is not analysed */
	FeConsts *consts;        /* what the unit declares constant (consts.h);
	                          * NULL: nothing is */
	FeMap *decls;            /* function declarations (DECL_*); NULL: none
	                          * kept */
	struct FeLater *later;   /* the headers' static definitions, lowered
	                          * once something names them (frontend.c);
	                          * NULL: every definition when met */
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
/* The entry of key, or NULL. */
FeMapEntry *fe_map_find(FeMap *m, CXCursor key);
/* Adds key (state 0) and returns its index: entries may move. */
int fe_map_add(FeMap *m, CXCursor key);
/* The entry of the declaration fn in x->decls, added if new; NULL when the
 * unit keeps none.  Valid until the next one is added. */
FeMapEntry *fe_decl(const FeUnit *x, CXCursor fn);
/* A cursor's spelling, interned in u. */
const char *fe_spelling(IrUnit *u, CXCursor c);
/* ---- functions named as values (IrFnRef) ---- */

/* The function an expression designates (f, &f, (T)f, through
 * parentheses), or a null cursor. */
CXCursor fe_designator(Arena *scratch, CXCursor e);
/* The USR of a member (FieldDecl) interned in u, or NULL. */
const char *fe_field_usr(IrUnit *u, CXCursor field);
/* The member a callee expression calls through (p->fn, (*p->fn),
 * ops.run): its USR, or NULL. */
const char *fe_callee_member(const FeUnit *x, CXCursor callee);
/* Records designator fn (fe_designator()) as put into member field (a
 * FieldDecl; a null cursor: taken otherwise). */
void fe_fnref(const FeUnit *x, CXCursor fn, CXCursor field);
/* The i-th member initialised by position in an initializer list of
 * record type (a null cursor when there is none). */
CXCursor fe_nth_field(const FeUnit *x, CXType record, int i);
/* The functions named in an initializer (a global's, or an element of a
 * list): into the member a list puts them in, or taken otherwise. */
void fe_init_refs(const FeUnit *x, CXCursor init);

/* A cursor's extent as it stands in the file: macro locations map to
 * where the macro was used, not to its definition. */
CXSourceRange fe_file_range(const FeUnit *x, CXCursor c);

#endif
