/* SPDX-License-Identifier: MIT */
/*
 * consts: the values the unit declares constant, for the lowering.  A
 * condition that tests one is known, so lower.c turns its branch into a
 * jump and the path that cannot run is never followed
 * (`static const int DEBUG = 0; ... if (DEBUG) fclose(f);`).
 *
 * Constant are: a variable of static storage whose type is `const` (not
 * volatile) with a constant initialiser; a file-scope `static` variable
 * that no code of the unit writes after its initialiser (no assignment,
 * ++/--, address taken, or inline asm naming it) with a constant
 * initialiser or none (zero); a call to a function of the unit whose every
 * `return` gives the same constant.  Integer, enum, bool and pointer types
 * only.  Enum constants and #define'd numbers already reach the lowering as
 * integers.  The unit's writes are found once, by a walk over the code
 * outside system headers (a system header cannot name the user's static),
 * the first time a static that is not const is asked about.
 *
 * Ownership: an FeConsts belongs to the unit's FeUnit (frontend.c makes
 * and frees it); what it remembers is in its own arena.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "consts.h"

enum { MAX_NESTING = 8 };   /* constants defined by constants, calls by calls */

/* Declarations by clang_hashCursor(): a unit has thousands of globals,
 * each read many times.  known: state 1 being computed, 2 constant, 3 not;
 * written: statics written (only the key used). */
struct FeConsts {
	Arena arena;
	FeMap known;
	bool walked;             /* writes below are complete */
	FeMap written;
	FeMap addressed;         /* variables whose address is taken (&v, &v.f),
	                          * or named by inline asm */
};

FeConsts *
consts_new(void)
{
	FeConsts *k = xcalloc(1, sizeof(*k));
	arena_init(&k->arena);
	k->known.arena = k->written.arena = k->addressed.arena = &k->arena;
	return k;
}

void
consts_free(FeConsts *k)
{
	if (!k)
		return;
	arena_release(&k->arena);
	free(k);
}

/* ---- the unit's writes ------------------------------------------------- */

static CXCursor
bare(const FeUnit *x, CXCursor c)
{
	return fe_strip(x->scratch, c);
}

typedef struct Walk {
	const FeUnit *x;
	FeConsts *k;
} Walk;

/* Adds the variable ref names (bare) to map. */
static void
mark_var(FeMap *map, CXCursor c)
{
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return;
	CXCursor d = clang_getCursorReferenced(c);
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return;
	CXCursor canon = clang_getCanonicalCursor(d);
	if (!fe_map_find(map, canon))
		fe_map_add(map, canon);
}

static void
mark_written(Walk *w, CXCursor ref)
{
	mark_var(&w->k->written, bare(w->x, ref));
}

/* &v, &v.f, &v.a[i]: v's address is taken (not &v->f, inside what v
 * points to). */
static void
mark_addressed(Walk *w, CXCursor ref)
{
	CXCursor c = bare(w->x, ref);
	for (int depth = 0; depth < 16; depth++) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k == CXCursor_DeclRefExpr)
			break;
		if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr)
			return;
		Kids ks = fe_kids(w->x->scratch, c);
		if (ks.n < 1)
			return;
		/* through a pointer: the address is inside its target */
		CXType bt = clang_getCanonicalType(clang_getCursorType(bare(w->x, ks.v[0])));
		if (bt.kind == CXType_Pointer)
			return;
		c = bare(w->x, ks.v[0]);
	}
	mark_var(&w->k->addressed, c);
}

static enum CXChildVisitResult
every_ref(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		mark_written(data, c);
		mark_addressed(data, c);
	}
	return CXChildVisit_Recurse;
}

/* The writes inside one definition: an assignment, ++ or --, & of a
 * variable, or inline asm naming it. */
static enum CXChildVisitResult
walk_writes(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	Walk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
		if (k == CXCursor_CompoundAssignOperator ||
		    clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
			Kids ks = fe_kids(w->x->scratch, c);
			if (ks.n > 0)
				mark_written(w, ks.v[0]);
		}
	} else if (k == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
		if (op == CXUnaryOperator_AddrOf || op == CXUnaryOperator_PostInc ||
		    op == CXUnaryOperator_PostDec || op == CXUnaryOperator_PreInc ||
		    op == CXUnaryOperator_PreDec) {
			Kids ks = fe_kids(w->x->scratch, c);
			if (ks.n > 0)
				mark_written(w, ks.v[0]);
			if (ks.n > 0 && op == CXUnaryOperator_AddrOf)
				mark_addressed(w, ks.v[0]);
		}
	} else if (k == CXCursor_GCCAsmStmt || k == CXCursor_MSAsmStmt) {
		clang_visitChildren(c, every_ref, w);
		return CXChildVisit_Continue;
	}
	return CXChildVisit_Recurse;
}

/* The unit's definitions that can write a variable (a function's body, a
 * variable's initialiser taking an address), outside system headers.  Only
 * a definition's own location is asked whether it is in one: asking every
 * cursor cost more than the rest of the walk (clang looks the file up each
 * time), and a body lies in the file of its definition. */
static enum CXChildVisitResult
walk_decls(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	enum CXCursorKind k = clang_getCursorKind(c);
	if ((k != CXCursor_FunctionDecl && k != CXCursor_VarDecl) ||
	    (k == CXCursor_FunctionDecl && !clang_isCursorDefinition(c)) ||
	    clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	clang_visitChildren(c, walk_writes, data);
	return CXChildVisit_Continue;
}

static void
walk_unit(const FeUnit *x)
{
	FeConsts *k = x->consts;
	if (!k->walked) {
		Walk w = {x, k};
		clang_visitChildren(clang_getTranslationUnitCursor(x->tu), walk_decls, &w);
		k->walked = true;
	}
}

static bool
written(const FeUnit *x, CXCursor canon)
{
	walk_unit(x);
	return fe_map_find(&x->consts->written, canon) != NULL;
}

bool
consts_confined(const FeUnit *x, CXCursor decl)
{
	if (clang_getCursorKind(decl) != CXCursor_VarDecl ||
	    !clang_Cursor_hasVarDeclGlobalStorage(decl))
		return false;
	CXCursor canon = clang_getCanonicalCursor(decl);
	CXType t = clang_getCanonicalType(clang_getCursorType(canon));
	if (clang_Cursor_getStorageClass(canon) != CX_SC_Static ||
	    t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray ||
	    t.kind == CXType_VariableArray ||
	    clang_Location_isInSystemHeader(clang_getCursorLocation(canon)))
		return false;
	walk_unit(x);
	return fe_map_find(&x->consts->addressed, canon) == NULL;
}

/* ---- values ------------------------------------------------------------- */

static bool expr_value(const FeUnit *x, CXCursor e, long long *out, int depth);

static bool
scalar(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	if (clang_isVolatileQualifiedType(c))
		return false;
	return (c.kind >= CXType_Bool && c.kind <= CXType_Int128) || c.kind == CXType_Enum ||
	       c.kind == CXType_Pointer;
}

/* The constant a variable holds everywhere (the rules above). */
static bool
var_value(const FeUnit *x, CXCursor d, long long *out, int depth)
{
	if (clang_getCursorKind(d) != CXCursor_VarDecl || !clang_Cursor_hasVarDeclGlobalStorage(d) ||
	    !scalar(clang_getCursorType(d)))
		return false;
	bool is_const = clang_isConstQualifiedType(clang_getCursorType(d));
	CXCursor canon = clang_getCanonicalCursor(d);
	/* the walk over the writes skips system headers: their statics are
	 * not asked about */
	bool file_static = clang_Cursor_getStorageClass(canon) == CX_SC_Static &&
			   clang_getCursorKind(clang_getCursorSemanticParent(canon)) ==
			   CXCursor_TranslationUnit &&
			   !clang_Location_isInSystemHeader(clang_getCursorLocation(canon));
	if (!is_const && !file_static)
		return false;
	FeConsts *k = x->consts;
	FeMapEntry *kn = fe_map_find(&k->known, canon);
	if (kn) {
		*out = kn->value;
		return kn->state == 2;
	}
	if (depth > MAX_NESTING)
		return false;
	int at = fe_map_add(&k->known, canon);
	k->known.all.v[at].state = 1;
	long long v = 0;
	bool ok;
	CXCursor def = clang_getCursorDefinition(d);
	CXCursor init = clang_Cursor_isNull(def) ? clang_getNullCursor()
						 : clang_Cursor_getVarDeclInitializer(def);
	if (!clang_Cursor_isNull(init))
		ok = expr_value(x, init, &v, depth + 1);
	else    /* no initialiser: zero if the unit defines it (tentatively) */
		ok = file_static;
	if (ok && !is_const)
		ok = !written(x, canon);
	kn = &k->known.all.v[at];
	kn->state = ok ? 2 : 3;
	kn->value = v;
	*out = v;
	return ok;
}

typedef struct Returns {
	const FeUnit *x;
	int depth;
	int n;                   /* returns seen */
	bool same;               /* all gave `value` */
	long long value;
} Returns;

static enum CXChildVisitResult
each_return(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	Returns *r = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_BlockExpr || !r->same)
		return CXChildVisit_Continue;
	if (k != CXCursor_ReturnStmt)
		return CXChildVisit_Recurse;
	Kids ks = fe_kids(r->x->scratch, c);
	long long v = 0;
	if (ks.n != 1 || !expr_value(r->x, ks.v[0], &v, r->depth + 1) || (r->n && v != r->value)) {
		r->same = false;
		return CXChildVisit_Continue;
	}
	r->value = v;
	r->n++;
	return CXChildVisit_Continue;
}

/* The constant every return of the function fn gives. */
static bool
call_value(const FeUnit *x, CXCursor fn, long long *out, int depth)
{
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl ||
	    !scalar(clang_getResultType(clang_getCursorType(fn))))
		return false;
	CXCursor def = clang_getCursorDefinition(fn);
	if (clang_Cursor_isNull(def))
		return false;
	CXCursor canon = clang_getCanonicalCursor(fn);
	FeConsts *k = x->consts;
	FeMapEntry *kn = fe_map_find(&k->known, canon);
	if (kn) {
		*out = kn->value;
		return kn->state == 2;   /* recursion (1): not known */
	}
	if (depth > MAX_NESTING)
		return false;
	int at = fe_map_add(&k->known, canon);
	k->known.all.v[at].state = 1;
	Returns r = {x, depth, 0, true, 0};
	clang_visitChildren(def, each_return, &r);
	bool ok = r.same && r.n > 0;
	kn = &k->known.all.v[at];
	kn->state = ok ? 2 : 3;
	kn->value = r.value;
	*out = r.value;
	return ok;
}

/* An expression's constant value: what clang folds, or a constant of the
 * unit, or !, - and a cast of one. */
static bool
expr_value(const FeUnit *x, CXCursor e, long long *out, int depth)
{
	CXCursor c = bare(x, e);
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_DeclRefExpr)
		return consts_var(x, clang_getCursorReferenced(c), out, depth);
	if (k == CXCursor_CallExpr)
		return call_value(x, clang_getCursorReferenced(c), out, depth);
	CXEvalResult r = clang_Cursor_Evaluate(c);
	bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*out = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	if (ok)
		return true;
	Kids ks = fe_kids(x->scratch, c);
	if (k == CXCursor_CStyleCastExpr && ks.n > 0)
		return scalar(clang_getCursorType(c)) &&
		       expr_value(x, ks.v[ks.n - 1], out, depth);
	if (k != CXCursor_UnaryOperator || ks.n != 1 || !expr_value(x, ks.v[0], out, depth))
		return false;
	switch (clang_getCursorUnaryOperatorKind(c)) {
	case CXUnaryOperator_LNot: *out = !*out; return true;
	case CXUnaryOperator_Minus:
		/* -LLONG_MIN wraps to itself, as the machine's would */
		*out = *out == LLONG_MIN ? LLONG_MIN : -*out;
		return true;
	default: return false;
	}
}

/* ---- for the lowering ---------------------------------------------------- */

bool
consts_var(const FeUnit *x, CXCursor decl, long long *out, int depth)
{
	if (clang_getCursorKind(decl) == CXCursor_EnumConstantDecl) {
		*out = clang_getEnumConstantDeclValue(decl);
		return true;
	}
	return x->consts && var_value(x, decl, out, depth);
}

bool
consts_call(const FeUnit *x, CXCursor fn, long long *out)
{
	return x->consts && call_value(x, fn, out, 0);
}
