/* SPDX-License-Identifier: MIT */
/*
 * attrs: what a declaration in the code says, read from libclang's
 * attribute cursors and their tokens.  Ownership (GCC malloc(dealloc),
 * Clang ownership_*, closecheck's annotate family) becomes IrUnit.annots,
 * which the rules side merges with the packs; noreturn and cleanup are
 * answered to the lowering (lower.c), which makes path ends and scope-exit
 * calls of them.
 */
#include <stdlib.h>
#include <string.h>
#include "attrs.h"

/* ---- ownership declared in the code --------------------------------------- */

static void
annot_add(const FeUnit *x, const char *fn, AnnotRole role, const char *kind, int arg, Loc loc)
{
	IrAnnot a = {ir_intern(x->u, fn), role, kind ? ir_intern(x->u, kind) : NULL, arg, loc};
	avec_push(&x->u->arena, &x->u->annots, a);
}

/* The words of an attribute: "malloc ( my_free , 1 )" -> up to 8 tokens. */
static int
attr_words(const FeUnit *x, CXCursor attr, char words[8][64])
{
	CXToken *toks;
	unsigned n;
	int k = 0;
	clang_tokenize(x->tu, fe_file_range(x, attr), &toks, &n);
	for (unsigned i = 0; i < n && k < 8; i++) {
		CXTokenKind tk = clang_getTokenKind(toks[i]);
		if (tk != CXToken_Identifier && tk != CXToken_Literal && tk != CXToken_Keyword)
			continue;
		CXString sp = clang_getTokenSpelling(x->tu, toks[i]);
		snprintf(words[k++], 64, "%s", clang_getCString(sp));
		clang_disposeString(sp);
	}
	clang_disposeTokens(x->tu, toks, n);
	return k;
}

/* "closecheck::acquire(db)", "closecheck::release(db, 0)",
 * "closecheck::keep(1)", "closecheck::borrow" */
static void
read_annotate(const FeUnit *x, const char *fn, const char *text, Loc loc)
{
	char role[16] = "", kind[64] = "";
	int arg = 0;
	if (strncmp(text, "closecheck::", 12) != 0)
		return;
	text += 12;
	if (sscanf(text, "%15[a-z] ( %63[A-Za-z0-9_] , %d )", role, kind, &arg) < 1)
		return;
	if (strcmp(role, "acquire") == 0 && kind[0])
		annot_add(x, fn, AN_ACQUIRE, kind, -1, loc);
	else if (strcmp(role, "release") == 0 && kind[0])
		annot_add(x, fn, AN_RELEASE, kind, arg, loc);
	else if (strcmp(role, "keep") == 0)
		annot_add(x, fn, AN_KEEP, NULL, kind[0] ? atoi(kind) : 0, loc);
	else if (strcmp(role, "borrow") == 0)
		annot_add(x, fn, AN_BORROW, NULL, 0, loc);
}

void
attrs_read(const FeUnit *x, CXCursor fn, const char *name)
{
	/* read once per declaration: the same declaration says the same */
	FeMapEntry *seen = fe_decl(x, fn);
	if (seen && (seen->state & DECL_ATTRS_READ))
		return;
	if (seen)
		seen->state |= DECL_ATTRS_READ;
	for (int i = 0; i < x->u->annots.n; i++)
		if (x->u->annots.v[i].function == name)
			return;
	Kids ks = fe_kids(x->scratch, fn);
	for (int i = 0; i < ks.n; i++) {
		enum CXCursorKind k = clang_getCursorKind(ks.v[i]);
		if (!clang_isAttribute(k))
			continue;
		Loc loc = fe_loc(x, clang_getRangeStart(clang_getCursorExtent(ks.v[i])));
		if (k == CXCursor_AnnotateAttr) {
			read_annotate(x, name, fe_spelling(x->u, ks.v[i]), loc);
			continue;
		}
		char w[8][64];
		int n = attr_words(x, ks.v[i], w);
		if (n >= 2 && (strcmp(w[0], "malloc") == 0 || strcmp(w[0], "__malloc__") == 0)) {
			/* GCC: malloc(dealloc[, i]): dealloc releases argument i (1-based) */
			int arg = n >= 3 ? atoi(w[2]) - 1 : 0;
			annot_add(x, name, AN_ACQUIRE, w[1], -1, loc);
			annot_add(x, w[1], AN_RELEASE, w[1], arg < 0 ? 0 : arg, loc);
		} else if (n >= 2 && strcmp(w[0], "ownership_returns") == 0) {
			annot_add(x, name, AN_ACQUIRE, w[1], -1, loc);
		} else if (n >= 3 && strcmp(w[0], "ownership_takes") == 0) {
			annot_add(x, name, AN_RELEASE, w[1], atoi(w[2]) - 1, loc);
		} else if (n >= 3 && strcmp(w[0], "ownership_holds") == 0) {
			annot_add(x, name, AN_KEEP, NULL, atoi(w[2]) - 1, loc);
		}
	}
}

/* ---- for the lowering: path ends and scope exits ----------------------- */

/* Noreturn by declaration: a GNU attribute (part of the function type) or
 * C11 _Noreturn / [[noreturn]] before the name. */
static bool noreturn_of(const FeUnit *x, CXCursor fn);

bool
attrs_noreturn(const FeUnit *x, CXCursor fn)
{
	FeMapEntry *e = fe_decl(x, fn);
	if (!e)
		return noreturn_of(x, fn);
	if (!(e->state & DECL_NORETURN_KNOWN)) {
		bool nr = noreturn_of(x, fn);
		e = fe_decl(x, fn);
		e->state |= DECL_NORETURN_KNOWN | (nr ? DECL_NORETURN : 0);
	}
	return (e->state & DECL_NORETURN) != 0;
}

static bool
noreturn_of(const FeUnit *x, CXCursor fn)
{
	/* GNU: part of the function type, spelt at its end */
	CXString ts = clang_getTypeSpelling(clang_getCursorType(fn));
	const char *t = clang_getCString(ts);
	size_t len = strlen(t), sl = strlen("__attribute__((noreturn))");
	bool nr = len >= sl && strcmp(t + len - sl, "__attribute__((noreturn))") == 0;
	clang_disposeString(ts);
	if (nr)
		return true;
	/* _Noreturn, noreturn (stdnoreturn.h), [[noreturn]]: an attribute */
	Kids ks = fe_kids(x->scratch, fn);
	for (int i = 0; i < ks.n && !nr; i++) {
		if (!clang_isAttribute(clang_getCursorKind(ks.v[i])))
			continue;
		/* where it is used, and (through a macro of the user's) where
		 * it is spelt */
		CXSourceRange ranges[2] = {fe_file_range(x, ks.v[i]), clang_getCursorExtent(ks.v[i])};
		for (int r = 0; r < 2 && !nr; r++) {
			CXToken *toks;
			unsigned n;
			clang_tokenize(x->tu, ranges[r], &toks, &n);
			for (unsigned j = 0; j < n && !nr; j++) {
				CXString s = clang_getTokenSpelling(x->tu, toks[j]);
				const char *w = clang_getCString(s);
				/* _Noreturn, noreturn, __noreturn__, and a project's
				 * own macro for them (pg_noreturn, NORETURN) */
				nr = strcasestr(w, "noreturn") != NULL;
				clang_disposeString(s);
			}
			clang_disposeTokens(x->tu, toks, n);
		}
	}
	return nr;
}

/* __attribute__((cleanup(fn))): the attribute's tokens name fn. */
const char *
attrs_cleanup(const FeUnit *x, CXCursor decl)
{
	Kids ks = fe_kids(x->scratch, decl);
	for (int i = 0; i < ks.n; i++) {
		if (!clang_isAttribute(clang_getCursorKind(ks.v[i])))
			continue;
		CXToken *toks;
		unsigned n;
		const char *fn = NULL;
		clang_tokenize(x->tu, clang_getCursorExtent(ks.v[i]), &toks, &n);
		for (unsigned j = 0; j + 2 < n && !fn; j++) {
			CXString s = clang_getTokenSpelling(x->tu, toks[j]);
			const char *t = clang_getCString(s);
			if (strcmp(t, "cleanup") == 0 || strcmp(t, "__cleanup__") == 0) {
				CXString f = clang_getTokenSpelling(x->tu, toks[j + 2]);
				fn = ir_intern(x->u, clang_getCString(f));
				clang_disposeString(f);
			}
			clang_disposeString(s);
		}
		clang_disposeTokens(x->tu, toks, n);
		if (fn)
			return fn;
	}
	return NULL;
}

