/* SPDX-License-Identifier: MIT */
/*
 * frontend: one unit through libclang -- parse with the unit's flags (again
 * without the flags clang's driver refuses), report its errors, record its
 * includes, then walk its top level and hand every function definition of
 * the user's files to the lowering (lower.c).  Also the helpers lower.c and
 * attrs.c share: locations named as findings name them, children of a
 * cursor, spellings.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmdargs.h"
#include "consts.h"
#include "lower.h"

/* A file's name as libclang spells it in this unit, and as locations give
 * it (file_name()); file: the CXFile that gave it (one file, one name). */
typedef struct FileName {
	CXFile file;
	const char *raw, *name;
} FileName;

/* The location of a file's first character in this unit (file_offset()). */
typedef struct FileStart {
	CXFile file;
	CXSourceLocation at;
} FileStart;

struct Frontend {
	CXIndex index;
	bool parse_only;
	VEC(char *) eager;       /* headers whose every function is lowered
	                          * (frontend_set_eager()), real paths */
	/* of the unit being lowered: the editor's texts (the first is the
	 * unit's own when it has one), and whether the file of the last
	 * definition asked about (eager_file) is eager */
	const struct CXUnsavedFile *unsaved;
	unsigned nunsaved;
	CXFile eager_file;
	bool eager_last;
	/* of the unit being lowered */
	CXFile main;
	const char *dir;         /* its working directory, NULL: ours */
	bool main_abs;           /* its file was named by an absolute path */
	VEC(FileName) names;
	VEC(FileStart) starts;
};


/* ---- for lower.c and attrs.c ------------------------------------------ */

static enum CXChildVisitResult
collect(CXCursor c, CXCursor parent, CXClientData data)
{
	Kids *k = data;
	avec_push(k->arena, k, c);
	return CXChildVisit_Continue;
}

Kids
fe_kids(Arena *a, CXCursor c)
{
	Kids k = {.arena = a};
	clang_visitChildren(c, collect, &k);
	return k;
}

CXCursor
fe_strip(Arena *scratch, CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			return c;
		Kids ks = fe_kids(scratch, c);
		if (ks.n != 1 || !clang_isExpression(clang_getCursorKind(ks.v[0])))
			return c;
		c = ks.v[0];
	}
}

/* raw (relative to dir) by its real path: relative to the current
 * directory when it lies below it and relative is asked for; raw itself if
 * it names no file. */
static const char *
real_name(IrUnit *u, const char *raw, const char *dir, bool relative)
{
	char joined[PATH_MAX * 2], real[PATH_MAX], cwd[PATH_MAX];
	if (raw[0] != '/' && dir && dir[0])
		snprintf(joined, sizeof(joined), "%s/%s", dir, raw);
	else
		snprintf(joined, sizeof(joined), "%s", raw);
	if (!realpath(joined, real))
		return raw;
	size_t n = relative && getcwd(cwd, sizeof(cwd)) ? strlen(cwd) : 0;
	if (n > 1 && strncmp(real, cwd, n) == 0 && real[n] == '/')
		return ir_intern(u, real + n + 1);
	return ir_intern(u, real);
}

/* The name of a file in locations: the main file as the unit names it,
 * another (a header) by its real path -- relative to the current directory
 * below it when the main file's name is relative -- so that a header's
 * findings read the same from every unit that includes it. */
static const char *
file_name(const FeUnit *x, CXFile file)
{
	Frontend *fe = x->fe;
	/* the same CXFile has the same name: asked once per unit */
	for (int i = 0; fe && i < fe->names.n; i++)
		if (fe->names.v[i].file == file)
			return fe->names.v[i].name;
	CXString s = clang_getFileName(file);
	const char *raw = ir_intern(x->u, clang_getCString(s));
	clang_disposeString(s);
	if (!fe)
		return raw;
	FileName fn = {file, raw, raw};
	if (!clang_File_isEqual(file, fe->main)) {
		fn.name = NULL;
		for (int i = 0; i < fe->names.n && !fn.name; i++)
			if (fe->names.v[i].raw == raw)
				fn.name = fe->names.v[i].name;
		if (!fn.name)
			fn.name = real_name(x->u, raw, fe->dir, !fe->main_abs);
	}
	vec_push(&fe->names, fn);
	return fn.name;
}

Loc
fe_loc(const FeUnit *x, CXSourceLocation sl)
{
	CXFile file;
	unsigned line, col;
	clang_getExpansionLocation(sl, &file, &line, &col, NULL);
	Loc loc = {NULL, (int)line, (int)col};
	if (file)
		loc.file = file_name(x, file);
	return loc;
}

const char *
fe_spelling(IrUnit *u, CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	const char *r = ir_intern(u, clang_getCString(s));
	clang_disposeString(s);
	return r;
}

/* Is sl where it is spelt, in a file rather than in a macro? */
static bool
in_file(CXSourceLocation sl, CXFile file, unsigned offset)
{
	CXFile f;
	unsigned o;
	clang_getSpellingLocation(sl, &f, NULL, NULL, &o);
	return f == file && o == offset;
}

/* The location of offset in file, spelt there: clang_getLocationForOffset()
 * searches every file and macro expansion of the unit for the file (all but
 * the main file), once per call, so the start of each file is asked once and
 * the offset added to it -- a file location is its file's start plus the
 * offset -- and checked, the search being what answers when it does not
 * hold.  Tokens read from either are the same. */
static CXSourceLocation
file_offset(const FeUnit *x, CXFile file, unsigned offset)
{
	Frontend *fe = x->fe;
	FileStart *st = NULL;
	for (int i = 0; fe && i < fe->starts.n && !st; i++)
		if (fe->starts.v[i].file == file)
			st = &fe->starts.v[i];
	if (fe && !st) {
		FileStart n = {file, clang_getLocationForOffset(x->tu, file, 0)};
		vec_push(&fe->starts, n);
		st = &fe->starts.v[fe->starts.n - 1];
	}
	if (st && offset <= UINT_MAX - st->at.int_data) {
		CXSourceLocation sl = st->at;
		sl.int_data += offset;
		if (in_file(sl, file, offset))
			return sl;
	}
	return clang_getLocationForOffset(x->tu, file, offset);
}

CXSourceRange
fe_file_range(const FeUnit *x, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile f1, f2;
	unsigned o1, o2;
	CXSourceLocation start = clang_getRangeStart(r), end = clang_getRangeEnd(r);
	clang_getExpansionLocation(start, &f1, NULL, NULL, &o1);
	clang_getExpansionLocation(end, &f2, NULL, NULL, &o2);
	if (!f1 || !clang_File_isEqual(f1, f2) || o2 < o1)
		return r;
	/* No macro at either end: the extent is the file's text already. */
	if (in_file(start, f1, o1) && in_file(end, f2, o2))
		return r;
	return clang_getRange(file_offset(x, f1, o1), file_offset(x, f2, o2));
}

/* ---- maps of cursors ---------------------------------------------------- */

FeMapEntry *
fe_map_find(FeMap *m, CXCursor key)
{
	if (!m->nbucket)
		return NULL;
	unsigned h = clang_hashCursor(key);
	for (int i = m->head[h & (unsigned)(m->nbucket - 1)]; i; i = m->all.v[i - 1].next)
		if (m->all.v[i - 1].hash == h && clang_equalCursors(m->all.v[i - 1].key, key))
			return &m->all.v[i - 1];
	return NULL;
}

static void
map_link(FeMap *m, int i)
{
	FeMapEntry *e = &m->all.v[i];
	int *b = &m->head[e->hash & (unsigned)(m->nbucket - 1)];
	e->next = *b;
	*b = i + 1;
}

int
fe_map_add(FeMap *m, CXCursor key)
{
	FeMapEntry e = {key, clang_hashCursor(key), 0, 0, 0};
	avec_push(m->arena, &m->all, e);
	if (m->all.n > m->nbucket) {
		m->nbucket = m->nbucket ? m->nbucket * 2 : 64;
		m->head = arena_alloc(m->arena, sizeof(int) * (size_t)m->nbucket);
		memset(m->head, 0, sizeof(int) * (size_t)m->nbucket);
		for (int i = 0; i < m->all.n; i++)
			map_link(m, i);
	} else {
		map_link(m, m->all.n - 1);
	}
	return m->all.n - 1;
}

FeMapEntry *
fe_decl(const FeUnit *x, CXCursor fn)
{
	if (!x->decls)
		return NULL;
	FeMapEntry *e = fe_map_find(x->decls, fn);
	return e ? e : &x->decls->all.v[fe_map_add(x->decls, fn)];
}

/* ---- functions named as values ------------------------------------------ */

CXCursor
fe_designator(Arena *scratch, CXCursor e)
{
	for (int depth = 0; depth < 16; depth++) {
		e = fe_strip(scratch, e);
		enum CXCursorKind k = clang_getCursorKind(e);
		if (k == CXCursor_DeclRefExpr) {
			CXCursor d = clang_getCursorReferenced(e);
			return clang_getCursorKind(d) == CXCursor_FunctionDecl ? d : clang_getNullCursor();
		}
		if (k != CXCursor_CStyleCastExpr && k != CXCursor_UnaryOperator)
			break;
		Kids ks = fe_kids(scratch, e);
		if (ks.n < 1 || !clang_isExpression(clang_getCursorKind(ks.v[ks.n - 1])))
			break;
		e = ks.v[ks.n - 1];     /* a cast's TypeRef comes first */
	}
	return clang_getNullCursor();
}

const char *
fe_field_usr(IrUnit *u, CXCursor field)
{
	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return NULL;
	CXString s = clang_getCursorUSR(field);
	const char *t = clang_getCString(s);
	const char *r = t && *t ? ir_intern(u, t) : NULL;
	clang_disposeString(s);
	return r;
}

const char *
fe_callee_member(const FeUnit *x, CXCursor callee)
{
	CXCursor c = fe_strip(x->scratch, callee);
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		Kids ks = fe_kids(x->scratch, c);
		if (ks.n != 1)
			return NULL;
		c = fe_strip(x->scratch, ks.v[0]);
	}
	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr)
		return NULL;
	return fe_field_usr(x->u, clang_getCursorReferenced(c));
}

void
fe_fnref(const FeUnit *x, CXCursor fn, CXCursor field)
{
	const char *usr = clang_Cursor_isNull(field) ? NULL : fe_field_usr(x->u, field);
	ir_fnref_add(x->u, fe_spelling(x->u, fn),
		     clang_getCursorLinkage(fn) == CXLinkage_Internal, usr);
}

typedef struct NthField {
	int want, at;
	CXCursor found;
} NthField;

static enum CXVisitorResult
nth_field(CXCursor c, CXClientData data)
{
	NthField *n = data;
	if (n->at++ == n->want) {
		n->found = c;
		return CXVisit_Break;
	}
	return CXVisit_Continue;
}

CXCursor
fe_nth_field(const FeUnit *x, CXType record, int i)
{
	(void)x;
	record = clang_getCanonicalType(record);
	NthField n = {i, 0, clang_getNullCursor()};
	if (record.kind == CXType_Record && i >= 0)
		clang_Type_visitFields(record, nth_field, &n);
	return n.found;
}

/* Every function named inside e is taken otherwise (no member). */
static enum CXChildVisitResult
named_inside(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	const FeUnit *x = data;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(c);
		if (clang_getCursorKind(d) == CXCursor_FunctionDecl)
			fe_fnref(x, d, clang_getNullCursor());
		return CXChildVisit_Continue;
	}
	return CXChildVisit_Recurse;
}

void
fe_init_refs(const FeUnit *x, CXCursor init)
{
	CXCursor e = fe_strip(x->scratch, init);
	if (clang_getCursorKind(e) != CXCursor_InitListExpr) {
		clang_visitChildren(init, named_inside, (CXClientData)x);
		if (clang_getCursorKind(init) == CXCursor_DeclRefExpr)
			named_inside(init, init, (CXClientData)x);
		return;
	}
	CXType t = clang_getCursorType(e);
	Kids ks = fe_kids(x->scratch, e);
	int pos = 0;
	for (int i = 0; i < ks.n; i++) {
		CXCursor c = ks.v[i], field = clang_getNullCursor();
		if (clang_getCursorKind(c) == CXCursor_UnexposedExpr) {
			/* a designated initializer: MemberRef ... value */
			Kids ds = fe_kids(x->scratch, c);
			if (ds.n >= 2 && clang_getCursorKind(ds.v[0]) == CXCursor_MemberRef) {
				if (ds.n == 2)
					field = clang_getCursorReferenced(ds.v[0]);
				c = ds.v[ds.n - 1];
				pos = -1;       /* positions after it: not followed */
			}
		}
		if (clang_Cursor_isNull(field) && pos >= 0)
			field = fe_nth_field(x, t, pos++);
		CXCursor fn = fe_designator(x->scratch, c);
		if (!clang_Cursor_isNull(fn))
			fe_fnref(x, fn, field);
		else
			fe_init_refs(x, c);
	}
}

/* ---- the unit ---------------------------------------------------------- */

/* A static function a header defines: lowered only if the unit names it
 * (calls it, takes it as a value, makes it a cleanup), directly or through
 * another such function.  Most are helpers of the header's API that the
 * unit never calls (Kamailio's modules include some 2,400 of them, 7 in
 * 8 of the functions they lower), and a function nothing calls has no path
 * into the unit's own. */
typedef struct Later {
	CXCursor c;
	const char *name;        /* interned */
	int seq;                 /* the walk met it seq-th */
	bool named;              /* lowered, or about to be */
} Later;

typedef struct FeLater {
	VEC(Later) wait;
	int seq;                 /* definitions met so far */
	VEC(int) order;          /* each of u->funcs: its seq */
	int *slot, nslot;        /* name hash -> index in wait + 1 */
	int lowered;             /* waiting ones lowered */
} FeLater;

typedef VEC(Later *) LaterList;

static void lower_seq(const FeUnit *x, CXCursor c, int seq);

/* Is the file of sl one whose every function is lowered: a header named
 * by frontend_set_eager(), or one the editor gives the text of? */
static bool
eager(Frontend *fe, CXSourceLocation sl)
{
	if (fe->eager.n == 0 && fe->nunsaved == 0)
		return false;
	CXFile f;
	clang_getExpansionLocation(sl, &f, NULL, NULL, NULL);
	if (f == fe->eager_file)
		return fe->eager_last;
	CXString real = clang_File_tryGetRealPathName(f);
	CXString name = clang_getFileName(f);
	const char *r = clang_getCString(real), *nm = clang_getCString(name);
	bool yes = false;
	for (int i = 0; i < fe->eager.n && !yes; i++)
		yes = (r && strcmp(r, fe->eager.v[i]) == 0) || (nm && strcmp(nm, fe->eager.v[i]) == 0);
	for (unsigned i = 0; i < fe->nunsaved && !yes; i++)
		yes = (r && strcmp(r, fe->unsaved[i].Filename) == 0) ||
		      (nm && strcmp(nm, fe->unsaved[i].Filename) == 0);
	clang_disposeString(real);
	clang_disposeString(name);
	fe->eager_file = f;
	fe->eager_last = yes;
	return yes;
}

static enum CXChildVisitResult
walk_top(CXCursor c, CXCursor parent, CXClientData data)
{
	const FeUnit *x = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_LinkageSpec || k == CXCursor_UnexposedDecl)
		return CXChildVisit_Recurse;
	if (k == CXCursor_VarDecl) {
		/* a global's initializer may put functions into members (a
		 * driver table) or take their address */
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init) &&
		    !clang_Location_isInSystemHeader(clang_getCursorLocation(c))) {
			fe_init_refs(x, init);
			arena_release(x->scratch);
		}
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_FunctionDecl)
		return CXChildVisit_Continue;
	/* the system headers' declarations first: thousands, and whether one
	 * is a definition is a walk over its redeclarations */
	CXSourceLocation sl = clang_getCursorLocation(c);
	if (clang_Location_isInSystemHeader(sl) || !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	FeLater *lt = x->later;
	if (lt && !clang_Location_isFromMainFile(sl) &&
	    clang_getCursorLinkage(c) == CXLinkage_Internal && !eager(x->fe, sl)) {
		vec_push(&lt->wait, ((Later){c, fe_spelling(x->u, c), lt->seq++, false}));
		return CXChildVisit_Continue;
	}
	lower_seq(x, c, lt ? lt->seq++ : 0);
	return CXChildVisit_Continue;
}

/* ---- the headers' statics, lowered when named ---------------------------- */

/* Lowers the definition c as the seq-th of the unit's. */
static void
lower_seq(const FeUnit *x, CXCursor c, int seq)
{
	int before = x->u->funcs.n;
	lower_function(x, c);
	arena_release(x->scratch);
	for (int k = before; x->later && k < x->u->funcs.n; k++)
		vec_push(&x->later->order, seq);
}

/* The waiting definition of that name, or NULL. */
static Later *
later_find(FeLater *lt, const char *name)
{
	if (!name || lt->nslot == 0)
		return NULL;
	unsigned mask = (unsigned)lt->nslot - 1;
	for (unsigned h = ir_hash_str(name) & mask; lt->slot[h]; h = (h + 1) & mask) {
		Later *w = &lt->wait.v[lt->slot[h] - 1];
		if (w->name == name || strcmp(w->name, name) == 0)
			return w;
	}
	return NULL;
}

static void
later_want(FeLater *lt, const char *name, LaterList *todo)
{
	Later *w = later_find(lt, name);
	if (w && !w->named) {
		w->named = true;
		vec_push(todo, w);
	}
}

static void
later_want_value(FeLater *lt, Value v, LaterList *todo)
{
	if (v.kind == VAL_FUNC)
		later_want(lt, v.str, todo);
}

/* What the functions from index f on and the references from r on name:
 * callees, functions taken as values, cleanup functions. */
static void
later_scan(FeLater *lt, const IrUnit *u, int f, int r, LaterList *todo)
{
	for (; f < u->funcs.n; f++) {
		const IrFunc *fn = u->funcs.v[f];
		for (int i = 0; i < fn->vars.n; i++)
			later_want(lt, fn->vars.v[i].cleanup, todo);
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				later_want(lt, e->callee, todo);
				later_want(lt, e->macro, todo);
				later_want_value(lt, e->src, todo);
				for (int k = 0; k < e->nargs; k++)
					later_want_value(lt, e->args[k], todo);
			}
			later_want_value(lt, b->ret, todo);
		}
	}
	for (; r < u->fnrefs.n; r++)
		later_want(lt, u->fnrefs.v[r].name, todo);
}

/* After the walk: lowers the waiting definitions that what is lowered
 * names, and those they name, to the end; then puts the unit's functions
 * back in the order the walk met them. */
static void
lower_later(const FeUnit *x)
{
	FeLater *lt = x->later;
	IrUnit *u = x->u;
	if (lt->wait.n > 0) {
		int n = 16;
		while (n < 2 * lt->wait.n)
			n *= 2;
		lt->nslot = n;
		lt->slot = xcalloc((size_t)n, sizeof(int));
		for (int i = 0; i < lt->wait.n; i++) {
			unsigned h = ir_hash_str(lt->wait.v[i].name) & (unsigned)(n - 1);
			while (lt->slot[h])
				h = (h + 1) & (unsigned)(n - 1);
			lt->slot[h] = i + 1;
		}
	}
	LaterList todo = {0};
	int f = 0, r = 0;
	for (;;) {
		int nf = u->funcs.n, nr = u->fnrefs.n;
		later_scan(lt, u, f, r, &todo);
		f = nf;
		r = nr;
		if (todo.n == 0)
			break;
		for (int i = 0; i < todo.n; i++)
			lower_seq(x, todo.v[i]->c, todo.v[i]->seq);
		lt->lowered += todo.n;
		todo.n = 0;
	}
	vec_free(&todo);
	if (lt->lowered == 0)
		return;
	/* the walk's order: a stable insertion by seq (the late ones are
	 * few, and each goes where it was met) */
	for (int i = 1; i < u->funcs.n; i++) {
		IrFunc *fn = u->funcs.v[i];
		int seq = lt->order.v[i], j = i;
		for (; j > 0 && lt->order.v[j - 1] > seq; j--) {
			u->funcs.v[j] = u->funcs.v[j - 1];
			lt->order.v[j] = lt->order.v[j - 1];
		}
		u->funcs.v[j] = fn;
		lt->order.v[j] = seq;
	}
}

Frontend *
frontend_new(void)
{
	Frontend *fe = xcalloc(1, sizeof(*fe));
	fe->index = clang_createIndex(0, 0);
	return fe;
}

void
frontend_set_parse_only(Frontend *fe, bool on)
{
	fe->parse_only = on;
}

void
frontend_set_eager(Frontend *fe, const char *const *headers, int n)
{
	for (int i = 0; i < fe->eager.n; i++)
		mem_free(fe->eager.v[i]);
	fe->eager.n = 0;
	for (int i = 0; i < n; i++) {
		char real[PATH_MAX];
		vec_push(&fe->eager, xstrdup(realpath(headers[i], real) ? real : headers[i]));
	}
}

void
frontend_free(Frontend *fe)
{
	if (!fe)
		return;
	clang_disposeIndex(fe->index);
	frontend_set_eager(fe, NULL, 0);
	vec_free(&fe->eager);
	vec_free(&fe->names);
	vec_free(&fe->starts);
	mem_free(fe);
}

static void
report_diagnostics(CXTranslationUnit tu, const char *file, Diag *d)
{
	unsigned n = clang_getNumDiagnostics(tu);
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic dg = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(dg);
		if (sev >= CXDiagnostic_Error) {
			CXFile f;
			unsigned line, col;
			clang_getSpellingLocation(clang_getDiagnosticLocation(dg), &f, &line, &col, NULL);
			CXString msg = clang_getDiagnosticSpelling(dg);
			CXString fname = clang_getFileName(f);
			const char *fn = f ? clang_getCString(fname) : file;
			if (!f)
				line = col = 0;  /* the command line (-include), not the file */
			if (f && strcmp(fn, file) != 0)
				diag_error(d, fn, (int)line, (int)col, "%s (while parsing '%s')",
					   clang_getCString(msg), file);
			else
				diag_error(d, fn, (int)line, (int)col, "%s", clang_getCString(msg));
			clang_disposeString(fname);
			clang_disposeString(msg);
		}
		clang_disposeDiagnostic(dg);
	}
}

typedef struct IncludeWalk {
	CXTranslationUnit tu;
	IrUnit *u;
	const char *dir;         /* names are relative to it */
} IncludeWalk;

/* Every file the parse read, once each, absolute (IrUnit.reads). */
static void
add_read(IncludeWalk *w, CXFile included)
{
	CXString s = clang_getFileName(included);
	const char *name = clang_getCString(s);
	char joined[PATH_MAX * 2];
	if (name && name[0] != '/' && w->dir && w->dir[0])
		snprintf(joined, sizeof(joined), "%s/%s", w->dir, name);
	else
		snprintf(joined, sizeof(joined), "%s", name ? name : "");
	const char *in = joined[0] ? ir_intern(w->u, joined) : NULL;
	bool seen = !in;
	for (int i = 0; i < w->u->reads.n && !seen; i++)
		seen = w->u->reads.v[i] == in;
	if (!seen)
		avec_push(&w->u->arena, &w->u->reads, in);
	clang_disposeString(s);
}

/* clang_getInclusions' visitor: every file read, and the user's headers,
 * once each. */
static void
on_inclusion(CXFile included, CXSourceLocation *stack, unsigned depth,
	     CXClientData data)
{
	IncludeWalk *w = data;
	add_read(w, included);
	if (depth == 0)
		return;                 /* the main file */
	/* Is it a system header?  clang_getLocationForOffset() searches the
	 * unit's files and macro expansions for the file at each call
	 * (file_offset()): a tenth of --parse-only's instructions on psql's
	 * units when asked of every file.  A file under /usr/ that a system header
	 * includes is one (clang gives a header found next to a system
	 * header, or in a system folder, that kind); only the others are
	 * asked. */
	CXString s = clang_getFileName(included);
	const char *name = clang_getCString(s);
	bool system = name && strncmp(name, "/usr/", 5) == 0 &&
		      clang_Location_isInSystemHeader(stack[0]);
	if (system || clang_Location_isInSystemHeader(
			      clang_getLocationForOffset(w->tu, included, 0))) {
		clang_disposeString(s);
		return;
	}
	const char *in = name ? real_name(w->u, name, w->dir, false) : NULL;
	if (in && in[0] == '/') {
		bool seen = false;
		for (int i = 0; i < w->u->includes.n && !seen; i++)
			seen = w->u->includes.v[i] == in;
		if (!seen)
			avec_push(&w->u->arena, &w->u->includes, in);
	}
	clang_disposeString(s);
}

/* Remembers what the names of locations are relative to (file_name()). */
static void
set_main(Frontend *fe, CXTranslationUnit tu, const char *file, const char *dir)
{
	fe->main = clang_getFile(tu, file);
	fe->dir = dir;
	fe->main_abs = file[0] == '/';
	fe->names.n = 0;
	fe->starts.n = 0;
}

/* ---- flags clang does not know ----------------------------------------
 *
 * gcc-only flags (-fconserve-stack, -mindirect-branch=thunk-extern,
 * -fanalyzer) make clang's driver fail the whole unit.  Only the driver
 * knows which flags it knows, so a unit whose parse says "unknown
 * argument" is parsed again without them, and the flags are remembered for
 * the rest of the process (all workers: one mutex) so later units drop
 * them up front.  frontend_dropped_flags() lists them for one note a run. */

static pthread_mutex_t unknown_lock = PTHREAD_MUTEX_INITIALIZER;
static StrVec unknown_flags;

/* Is arg one of the remembered flags ("-mabi=" stands for "-mabi=...")? */
static bool
is_unknown_flag(const char *arg)
{
	bool yes = false;
	pthread_mutex_lock(&unknown_lock);
	for (int i = 0; i < unknown_flags.n && !yes; i++) {
		const char *u = unknown_flags.v[i];
		size_t n = strlen(u);
		yes = n && u[n - 1] == '=' ? strncmp(arg, u, n) == 0 : strcmp(arg, u) == 0;
	}
	pthread_mutex_unlock(&unknown_lock);
	return yes;
}

static void
remember_unknown(const char *flag, size_t n)
{
	pthread_mutex_lock(&unknown_lock);
	bool seen = false;
	for (int i = 0; i < unknown_flags.n && !seen; i++)
		seen = strlen(unknown_flags.v[i]) == n && strncmp(unknown_flags.v[i], flag, n) == 0;
	if (!seen) {
		char *f = xmalloc(n + 1);
		memcpy(f, flag, n);
		f[n] = '\0';
		vec_push(&unknown_flags, f);
	}
	pthread_mutex_unlock(&unknown_lock);
}

/* The quoted flag of a driver error about an argument it does not take:
 * "unknown argument: '-fx'", "unknown argument '-fanalyzer'; did you
 * mean ...", "unsupported option '-mabi=' for target ...". */
static bool
unknown_flag_of(const char *msg)
{
	static const char *const heads[] = {
		"unknown argument: '", "unknown argument '", "unsupported option '", NULL,
	};
	for (const char *const *h = heads; *h; h++) {
		size_t k = strlen(*h);
		if (strncmp(msg, *h, k) != 0)
			continue;
		const char *end = strchr(msg + k, '\'');
		if (!end || end == msg + k || msg[k] != '-')
			return false;
		remember_unknown(msg + k, (size_t)(end - msg - k));
		return true;
	}
	return false;
}

/* Remembers the flags the driver refused to parse this unit with; true if
 * there were any (the unit is then parsed again without them). */
static bool
refused_flags(CXTranslationUnit tu)
{
	bool any = false;
	unsigned n = clang_getNumDiagnostics(tu);
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic dg = clang_getDiagnostic(tu, i);
		if (clang_getDiagnosticSeverity(dg) >= CXDiagnostic_Error) {
			CXString msg = clang_getDiagnosticSpelling(dg);
			any |= unknown_flag_of(clang_getCString(msg));
			clang_disposeString(msg);
		}
		clang_disposeDiagnostic(dg);
	}
	return any;
}

char *
frontend_clang_version(void)
{
	CXString s = clang_getClangVersion();
	char *v = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");
	clang_disposeString(s);
	return v;
}

char *
frontend_dropped_flags(void)
{
	pthread_mutex_lock(&unknown_lock);
	size_t len = 1;
	for (int i = 0; i < unknown_flags.n; i++)
		len += strlen(unknown_flags.v[i]) + 2;
	char *s = NULL;
	if (unknown_flags.n > 0) {
		s = xmalloc(len);
		s[0] = '\0';
		for (int i = 0; i < unknown_flags.n; i++) {
			if (i)
				strcat(s, ", ");
			strcat(s, unknown_flags.v[i]);
		}
	}
	pthread_mutex_unlock(&unknown_lock);
	return s;
}

void
frontend_remember_flags(const char *list)
{
	while (list && *list) {
		const char *end = strstr(list, ", ");
		size_t n = end ? (size_t)(end - list) : strlen(list);
		if (n > 0)
			remember_unknown(list, n);
		list = end ? end + 2 : NULL;
	}
}

/* What libclang's error codes mean to a user. */
static const char *
parse_failure(enum CXErrorCode ec)
{
	switch (ec) {
	case CXError_Crashed:
		return "libclang crashed while parsing it";
	case CXError_InvalidArguments:
		return "the compile command is not one libclang can use";
	case CXError_ASTReadError:
		return "the compile command does not compile one C file "
		       "(several inputs, or no input)";
	default:
		return "libclang could not parse it";
	}
}

/* Is it a -std= value clang takes for C? */
static bool
known_std(const char *v)
{
	static const char *const names[] = {
		"c89", "c90", "c99", "c9x", "c11", "c1x", "c17", "c18", "c23", "c2x", "c2y",
		"gnu89", "gnu90", "gnu99", "gnu9x", "gnu11", "gnu1x", "gnu17", "gnu18",
		"gnu23", "gnu2x", "gnu2y", "iso9899:1990", "iso9899:199409",
		"iso9899:1999", "iso9899:199x", "iso9899:2011", "iso9899:2017",
		"iso9899:2018", "iso9899:2024"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(v, names[i]) == 0)
			return true;
	return false;
}

/* Why libclang refused the command, in words: a -std= it does not know
 * (the usual cause of its error 4), else what its error number means. */
static void
say_parse_failure(enum CXErrorCode ec, const char *file, int argc,
		  const char *const *argv, Diag *d)
{
	for (int i = 0; i < argc; i++)
		if (strncmp(argv[i], "-std=", 5) == 0 && !known_std(argv[i] + 5)) {
			diag_error(d, file, 0, 0, "cannot analyse this file: '%s' is not a C "
				   "language standard clang knows (c99, c11, c17, gnu11, ...)", argv[i]);
			return;
		}
	diag_error(d, file, 0, 0, "cannot analyse this file: %s", parse_failure(ec));
}


static IrUnit *
parse_and_lower(Frontend *fe, const char *file, const char *dir, int argc,
		const char *const *argv, struct CXUnsavedFile *unsaved,
		unsigned nunsaved, Diag *d)
{
	const char **args = xcalloc((size_t)argc + 4, sizeof(char *));
	char *wd = NULL;
	CXTranslationUnit tu = NULL;
	enum CXErrorCode ec;
	for (int attempt = 0;; attempt++) {
		int n = 0;
		if (dir && dir[0] && !wd) {
			wd = xmalloc(strlen(dir) + 32);
			sprintf(wd, "-working-directory=%s", dir);
		}
		if (wd)
			args[n++] = wd;
		for (int i = 0; i < argc; i++)
			if (!is_unknown_flag(argv[i]))
				args[n++] = argv[i];
		args[n++] = "-Wno-unknown-warning-option";
		args[n++] = "-ferror-limit=0";
		ec = clang_parseTranslationUnit2(
			fe->index, file, args, n, unsaved, nunsaved,
			CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles,
			&tu);
		if (ec != CXError_Success || !tu || attempt > 0 || !refused_flags(tu))
			break;
		clang_disposeTranslationUnit(tu);   /* again, without them */
		tu = NULL;
	}
	mem_free(args);
	mem_free(wd);
	if (ec != CXError_Success || !tu) {
		say_parse_failure(ec, file, argc, argv, d);
		return NULL;
	}
	report_diagnostics(tu, file, d);
	IrUnit *u = ir_unit_new(file);
	IncludeWalk iw = {tu, u, dir};
	clang_getInclusions(tu, on_inclusion, &iw);
	if (fe->parse_only) {
		clang_disposeTranslationUnit(tu);
		return u;
	}
	set_main(fe, tu, file, dir);
	Arena scratch, per_unit;
	arena_init(&scratch);
	arena_init(&per_unit);
	FeMap decls = {.arena = &per_unit};
	FeLater later = {0};
	FeUnit x = {fe, tu, u, &scratch, d, consts_new(), &decls, &later};
	fe->unsaved = unsaved;
	fe->nunsaved = nunsaved;
	fe->eager_file = NULL;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), walk_top, &x);
	lower_later(&x);
	fe->unsaved = NULL;
	fe->nunsaved = 0;
	vec_free(&later.wait);
	vec_free(&later.order);
	mem_free(later.slot);
	consts_free(x.consts);
	arena_release(&per_unit);
	arena_release(&scratch);
	clang_disposeTranslationUnit(tu);
	fe->main = NULL;
	return u;
}

/* Refuses, before libclang opens it, what cannot be a C file: a file that
 * cannot be read, a directory, a device or a FIFO (/dev/zero fills the
 * memory, a FIFO blocks for ever). */
static bool
source_file(const char *file, Diag *d)
{
	struct stat st;
	if (stat(file, &st) != 0 || access(file, R_OK) != 0) {
		diag_error(d, file, 0, 0, "cannot read file: %s", strerror(errno));
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(d, file, 0, 0, "cannot analyse this file: it is a directory");
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(d, file, 0, 0, "cannot analyse this file: not a regular file "
			   "(a device, a FIFO or a socket)");
		return false;
	}
	return true;
}

IrUnit *
frontend_lower(Frontend *fe, const UnitSpec *spec, Diag *d)
{
	if (!source_file(spec->file, d))
		return NULL;
	return parse_and_lower(fe, spec->file, spec->dir, spec->argc,
			       (const char *const *)spec->argv, NULL, 0, d);
}

IrUnit *
frontend_lower_unsaved(Frontend *fe, const UnitSpec *spec, const char *text, Diag *d)
{
	UnsavedText one = {spec->file, text};
	return frontend_lower_buffers(fe, spec, &one, 1, d);
}

IrUnit *
frontend_lower_buffers(Frontend *fe, const UnitSpec *spec, const UnsavedText *bufs,
		       int n, Diag *d)
{
	struct CXUnsavedFile *uf = xcalloc((size_t)n + 1, sizeof(*uf));
	for (int i = 0; i < n; i++)
		uf[i] = (struct CXUnsavedFile){bufs[i].file, bufs[i].text,
					       (unsigned long)strlen(bufs[i].text)};
	IrUnit *u = parse_and_lower(fe, spec->file, spec->dir, spec->argc,
				    (const char *const *)spec->argv, uf, (unsigned)n, d);
	mem_free(uf);
	return u;
}

IrUnit *
frontend_lower_string(Frontend *fe, const char *file, const char *text,
		      int argc, const char *const *argv, Diag *d)
{
	struct CXUnsavedFile uf = {file, text, (unsigned long)strlen(text)};
	return parse_and_lower(fe, file, NULL, argc, argv, &uf, 1, d);
}
