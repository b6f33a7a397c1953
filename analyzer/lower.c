/* SPDX-License-Identifier: MIT */
/*
 * lower: libclang's AST of one function body, walked once and lowered to
 * the IR of ir.h statement by statement, the way a compiler's code
 * generator would: every statement appends events to the current block
 * and may end it; control flow (if, loops, switch, goto, &&, ||, ?:) makes
 * new blocks.  `cur` is the block being filled; after a jump it is a fresh
 * block that nothing reaches, so dead code lowers harmlessly.
 *
 * Scopes are tracked for three things that happen when a scope is left
 * (normally, or by break, continue and goto, or by return): the cleanup
 * functions of __attribute__((cleanup)) variables, C2y _Defer statements,
 * and the death of the scope's local variables (EV_KILL), which lets the
 * engine say "lost at the end of its scope".  Returns do not kill locals: the
 * engine checks every handle at the function's exits.
 *
 * Temporaries: each call result gets one; they die (EV_KILL) at the end of
 * their full expression, or for a condition on both of its edges.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "attrs.h"
#include "consts.h"
#include "lower.h"

/* ---- lowering state --------------------------------------------------- */

typedef struct VarMap {
	CXCursor decl;
	unsigned hash;
	int var;
} VarMap;

typedef struct Label {
	const char *name;
	int block;
	bool placed;             /* lowered already: a goto to it loops back */
	Loc loc;
	unsigned *chain;         /* hashes of the compound statements around it */
	int nchain;
} Label;

typedef struct Scope {
	struct Scope *up;
	unsigned hash;           /* of its compound statement, 0 for others */
	VEC(int) vars;           /* declared here, in order */
	VEC(CXCursor) defers;    /* _Defer statements, in order */
	VEC(int) order;          /* exit order: var index >= 0, ~defer index */
	int loop_or_switch;      /* break/continue stop here */
} Scope;

typedef struct CaseMap {
	CXCursor stmt;
	int block;
} CaseMap;

typedef VEC(CaseMap) CaseVec;

typedef struct BackEdge {
	int head, src;           /* the label's block, the goto's block */
	int outer;               /* loop around the label */
	Loc loc;
} BackEdge;

typedef struct L {
	const FeUnit *x;         /* the unit: tu, u and scratch are its own */
	CXTranslationUnit tu;
	IrUnit *u;
	IrFunc *f;
	Arena *scratch;
	int cur;
	int brk, cont;           /* jump targets, -1 none */
	Scope *brk_scope, *cont_scope;
	Scope *scope;
	int loop;                /* current loop index+1 */
	VEC(VarMap) vars;
	VEC(Label) labels;
	VEC(int) temps;          /* temporaries of the current full expression */
	CaseVec *cases;          /* of the innermost switch */
	VEC(BackEdge) backs;     /* gotos back to placed labels */
	VEC(CXCursor) loose;     /* local arrays used otherwise than v[CONSTANT]
	                          * (elements_scan) */
	CXCursor body;           /* the function's, for elements_scan */
	bool scanned;            /* loose is known */
	int memory_var;          /* stands for unknown storage, -1 until needed */
	int errno_var;           /* stands for errno, -1 until needed */
	int depth;               /* statements and expressions within each other */
	CXCursor discarded;      /* an expression whose value nobody reads (a
	                          * statement, a for loop's increment) */
	/* the macro invocation whose call's arguments are being lowered
	 * (their calls are the macro's inner ones), and the last call given a
	 * macro, which a later call of the same invocation takes it from
	 * (`(log_alloc(n), real_alloc(n))`: the value is the last) */
	struct MacroAt {
		CXFile file;
		unsigned off;
		int block, ev;
	} macro_open, macro_last;
} L;

/* Deeper than this (about 200 nested blocks, or 400 else-ifs), statements
 * and expressions are not lowered: the function is marked truncated and a
 * note says so (the recursion bounds the C stack). */
enum { MAX_DEPTH = 400 };

/* ---- small libclang helpers (frontend.c's, for this function) ----------- */

/* An unsigned result as the two's complement long long it stands for
 * (C23's conversion; gcc and clang have always done it). */
static long long
wrap(unsigned long long v)
{
	return v <= (unsigned long long)LLONG_MAX ? (long long)v
		: -(long long)(~v) - 1;
}

static Kids
kids(L *l, CXCursor c)
{
	return fe_kids(l->scratch, c);
}

static Loc
loc_of(L *l, CXSourceLocation sl)
{
	return fe_loc(l->x, sl);
}

static Loc
loc_start(L *l, CXCursor c)
{
	/* An expression's or a statement's location is where it begins
	 * (clang's getBeginLoc()), but for a member (p->f: at f) and an
	 * implicit conversion (at what it converts); the extent costs more:
	 * clang works out its end too and lexes the last token. */
	enum CXCursorKind k = clang_getCursorKind(c);
	if ((clang_isExpression(k) && k != CXCursor_MemberRefExpr && k != CXCursor_UnexposedExpr) ||
	    clang_isStatement(k))
		return loc_of(l, clang_getCursorLocation(c));
	return loc_of(l, clang_getRangeStart(clang_getCursorExtent(c)));
}

static Loc
loc_name(L *l, CXCursor c)
{
	return loc_of(l, clang_getCursorLocation(c));
}

/* The last character of a cursor's extent: the '}' of a compound. */
static Loc
loc_last(L *l, CXCursor c)
{
	Loc loc = loc_of(l, clang_getRangeEnd(clang_getCursorExtent(c)));
	if (loc.col > 1)
		loc.col--;
	return loc;
}

static const char *
spelling(L *l, CXCursor c)
{
	return fe_spelling(l->u, c);
}

/* Looks through parentheses and implicit conversions. */
static CXCursor
strip(L *l, CXCursor c)
{
	return fe_strip(l->scratch, c);
}

static int
isalnum_(char c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Source text of a cursor, tokens joined, at most ~100 characters. */
static const char *
source_text(L *l, CXCursor c)
{
	CXToken *toks;
	unsigned n;
	clang_tokenize(l->tu, fe_file_range(l->x, c), &toks, &n);
	char buf[128];
	size_t len = 0;
	const char *prev = "(", *prev2 = "(";
	for (unsigned i = 0; i < n && len < 100; i++) {
		CXString s = clang_getTokenSpelling(l->tu, toks[i]);
		const char *t = clang_getCString(s);
		/* a unary -, & or * follows an operator or an opening */
		int unary = prev[0] && strchr("-&*", prev[0]) && prev[1] == 0 &&
			    !isalnum_(prev2[strlen(prev2) - 1]) &&
			    strcmp(prev2, ")") != 0 && strcmp(prev2, "]") != 0;
		int glue = i == 0 || unary || (prev[0] && strchr("([!~", prev[0]) && prev[1] == 0) ||
			   strcmp(prev, "->") == 0 || strcmp(prev, ".") == 0 ||
			   (strchr(")],;", t[0]) && t[1] == 0) ||
			   strcmp(t, "->") == 0 || strcmp(t, ".") == 0 ||
			   (t[0] == '(' && t[1] == 0 && (isalnum_(prev[strlen(prev) - 1]))) ||
			   ((strcmp(t, "++") == 0 || strcmp(t, "--") == 0) && isalnum_(prev[strlen(prev) - 1]));
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					glue ? "" : " ", t);
		prev2 = prev;
		prev = ir_intern(l->u, t);
		clang_disposeString(s);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
	}
	clang_disposeTokens(l->tu, toks, n);
	if (len > 100)
		strcpy(buf + 97, "...");
	return ir_intern(l->u, buf);
}


/* ---- variables -------------------------------------------------------- */

static void
set_var_type(L *l, int var, CXType t)
{
	IrVar *v = &l->f->vars.v[var];
	CXString s = clang_getTypeSpelling(t);
	v->type = ir_intern(l->u, clang_getCString(s));
	clang_disposeString(s);
	CXType c = clang_getCanonicalType(t);
	switch (c.kind) {
	case CXType_Pointer:
	case CXType_BlockPointer:
		v->is_pointer = true;
		v->is_scalar = true;
		break;
	case CXType_Record:
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_VariableArray:
	case CXType_Elaborated:
		v->is_aggregate = true;
		v->is_scalar = false;
		break;
	default:
		v->is_scalar = true;
		break;
	}
}

static int
var_find(L *l, CXCursor decl)
{
	unsigned h = clang_hashCursor(decl);
	for (int i = 0; i < l->vars.n; i++)
		if (l->vars.v[i].hash == h && clang_equalCursors(l->vars.v[i].decl, decl))
			return l->vars.v[i].var;
	return -1;
}

/* The TypeShape of t, typedefs and qualifiers seen through. */
static uint8_t
shape_of(CXType t)
{
	switch (clang_getCanonicalType(t).kind) {
	case CXType_Bool:
	case CXType_Char_U:
	case CXType_UChar:
	case CXType_Char_S:
	case CXType_SChar:
	case CXType_Float:
	case CXType_Double:
	case CXType_LongDouble:
		return SHAPE_BARE;
	case CXType_Char16:
	case CXType_Char32:
	case CXType_WChar:
	case CXType_Short:
	case CXType_UShort:
	case CXType_Int:
	case CXType_UInt:
	case CXType_Long:
	case CXType_ULong:
	case CXType_LongLong:
	case CXType_ULongLong:
	case CXType_Int128:
	case CXType_UInt128:
	case CXType_Enum:
		return SHAPE_INT;
	case CXType_Record:
		return SHAPE_RECORD;
	case CXType_Pointer:
		return SHAPE_POINTER;
	case CXType_Void:
		return SHAPE_VOID;
	case CXType_FunctionProto:
	case CXType_FunctionNoProto:
		return SHAPE_FUNC;
	default:
		return SHAPE_OTHER;
	}
}

/* Appends name to the '|'-separated list in buf (cap bytes), if it fits. */
static void
add_name(char *buf, size_t cap, size_t *len, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (!n || *len + n + 2 >= cap)
		return;
	if (*len)
		buf[(*len)++] = '|';
	memcpy(buf + *len, name, n + 1);
	*len += n;
}

/* Appends to buf the names t goes by: each typedef on the way to what it
 * is, then a struct's or union's own name ("struct pg_conn").  Returns
 * that type, typedefs seen through (qualifiers kept). */
static CXType
names_of(CXType t, char *buf, size_t cap, size_t *len)
{
	for (int depth = 0; depth < 16; depth++) {
		if (t.kind == CXType_Elaborated)
			t = clang_Type_getNamedType(t);
		if (t.kind != CXType_Typedef)
			break;
		CXString s = clang_getTypedefName(t);
		add_name(buf, cap, len, clang_getCString(s));
		clang_disposeString(s);
		t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
	}
	CXType c = clang_getUnqualifiedType(clang_getCanonicalType(t));
	if (c.kind == CXType_Record) {
		CXString s = clang_getTypeSpelling(c);
		add_name(buf, cap, len, clang_getCString(s));
		clang_disposeString(s);
	}
	return t;
}

/* A parameter's shape and names (IrVar.shape, .pshape, .tnames): what
 * summaries need to know that no handle can be there (summary.c).  What
 * a pointer points to is read as written, so that its typedefs are
 * named too (const db_con_t *). */
static void
set_param_shape(L *l, int var, CXType t)
{
	IrVar *v = &l->f->vars.v[var];
	char buf[512];
	size_t len = 0;
	buf[0] = '\0';
	v->shape = shape_of(t);
	CXType under = names_of(t, buf, sizeof(buf), &len);
	if (v->shape == SHAPE_POINTER) {
		CXType p = clang_getPointeeType(under.kind == CXType_Pointer ? under
							: clang_getCanonicalType(t));
		v->pshape = shape_of(p);
		names_of(p, buf, sizeof(buf), &len);
	}
	v->tnames = len ? ir_intern(l->u, buf) : NULL;
}

static int
var_declare(L *l, CXCursor decl, VarKind kind)
{
	int var = ir_var_add(l->u, l->f, spelling(l, decl), kind);
	l->f->vars.v[var].loc = loc_name(l, decl);
	set_var_type(l, var, clang_getCursorType(decl));
	if (kind == VAR_PARAM)
		set_param_shape(l, var, clang_getCursorType(decl));
	VarMap m = {decl, clang_hashCursor(decl), var};
	avec_push(l->scratch, &l->vars, m);
	return var;
}

/* A variable that is not a local of this function: a global, or a static
 * local (both outlive the call). */
static int
var_of(L *l, CXCursor decl)
{
	int var = var_find(l, decl);
	if (var < 0) {
		var = var_declare(l, decl, VAR_GLOBAL);
		l->f->vars.v[var].confined = consts_confined(l->x, decl);
	}
	return var;
}

static int
memory_var(L *l)
{
	if (l->memory_var < 0)
		l->memory_var = ir_var_add(l->u, l->f, "<memory>", VAR_GLOBAL);
	return l->memory_var;
}

static int
new_temp(L *l)
{
	int t = ir_temp_add(l->u, l->f);
	avec_push(l->scratch, &l->temps, t);
	return t;
}

/* ---- blocks ------------------------------------------------------------ */

static int
new_block(L *l)
{
	int b = ir_block_new(l->u, l->f);
	l->f->blocks.v[b]->loop = l->loop;
	return b;
}

static IrBlock *
block(L *l, int b)
{
	return l->f->blocks.v[b];
}

/* Ends the current block with a jump to `to` (if it is still open). */
static void
jump(L *l, int to)
{
	if (block(l, l->cur)->term == T_NONE)
		ir_goto(l->f, l->cur, to);
}

static void
start(L *l, int b)
{
	l->cur = b;
}

/* After return, break, goto ...: what follows is unreachable. */
static void
start_dead(L *l)
{
	start(l, new_block(l));
}

static void
kill_var(L *l, int var, Loc loc)
{
	IrEvent *e = ir_emit(l->u, l->f, l->cur, EV_KILL, loc);
	e->var = var;
}

/* End of a full expression: its temporaries die, except `keep`. */
static void
end_full(L *l, Loc loc, int keep)
{
	for (int i = 0; i < l->temps.n; i++)
		if (l->temps.v[i] != keep)
			kill_var(l, l->temps.v[i], loc);
	l->temps.n = 0;
}

/* ---- scopes ------------------------------------------------------------ */

static void lower_stmt(L *l, CXCursor s);

static void
scope_push(L *l, Scope *s, CXCursor c)
{
	memset(s, 0, sizeof(*s));
	s->up = l->scope;
	s->hash = clang_Cursor_isNull(c) ? 0 : clang_hashCursor(c);
	l->scope = s;
}

static void
scope_pop(L *l)
{
	l->scope = l->scope->up;
}

/* Runs what leaving scope s does, into the current block: cleanup
 * functions and deferred statements in reverse order, then (unless the
 * function is returning) the death of its variables. */
static void
scope_leave(L *l, Scope *s, Loc loc, int returning)
{
	for (int i = s->order.n - 1; i >= 0; i--) {
		int o = s->order.v[i];
		if (o >= 0) {
			IrVar *v = &l->f->vars.v[o];
			if (v->cleanup) {
				Value arg = ir_val_addr(o);
				IrEvent *e = ir_emit_call(l->u, l->f, l->cur, loc,
							  v->cleanup, -1, 1, &arg);
				e->cleanup = true;
			}
		} else {
			/* A _Defer body is lowered in place; jumps inside it are
			 * not followed out of the scope. */
			Scope *saved = l->scope;
			l->scope = s->up;
			lower_stmt(l, s->defers.v[~o]);
			l->scope = saved;
		}
	}
	if (returning)
		return;
	for (int i = s->vars.n - 1; i >= 0; i--)
		kill_var(l, s->vars.v[i], loc);
}

/* Leaves every scope from the innermost up to (not including) `until`. */
static void
scopes_leave(L *l, Scope *until, Loc loc, int returning)
{
	for (Scope *s = l->scope; s && s != until; s = s->up)
		scope_leave(l, s, loc, returning);
}

/* ---- expressions ------------------------------------------------------- */

static Value lower_expr(L *l, CXCursor e);
static void lower_cond(L *l, CXCursor e, int if_true, int if_false);

static Value
val_unknown(void)
{
	return ir_val_unknown();
}

static Value
val_acc(Access a)
{
	return ir_val_acc(a);
}

static bool
is_cond_op(enum CXBinaryOperatorKind op)
{
	return op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr ||
	       (op >= CXBinaryOperator_LT && op <= CXBinaryOperator_NE);
}

static CmpOp
cmp_of(enum CXBinaryOperatorKind op)
{
	switch (op) {
	case CXBinaryOperator_LT: return OP_LT;
	case CXBinaryOperator_GT: return OP_GT;
	case CXBinaryOperator_LE: return OP_LE;
	case CXBinaryOperator_GE: return OP_GE;
	case CXBinaryOperator_EQ: return OP_EQ;
	case CXBinaryOperator_NE: return OP_NE;
	default: return OP_NONE;
	}
}

/* A truth value computed by branching: t = 1 on one edge, 0 on the other.
 * This keeps flags like `ok = (rc == 0)` or `x = a && b` precise. */
static Value
lower_truth(L *l, CXCursor e)
{
	int t = new_temp(l);
	int bt = new_block(l), bf = new_block(l), join = new_block(l);
	Loc loc = loc_start(l, e);
	lower_cond(l, e, bt, bf);
	start(l, bt);
	IrEvent *a = ir_emit(l->u, l->f, bt, EV_ASSIGN, loc);
	a->has_dst = true;
	a->dst = ir_acc(t);
	a->src = ir_val_int(1);
	jump(l, join);
	start(l, bf);
	a = ir_emit(l->u, l->f, bf, EV_ASSIGN, loc);
	a->has_dst = true;
	a->dst = ir_acc(t);
	a->src = ir_val_int(0);
	jump(l, join);
	start(l, join);
	return ir_val_var(t);
}

static void
emit_assign(L *l, Access dst, Value src, Loc loc)
{
	IrEvent *e = ir_emit(l->u, l->f, l->cur, EV_ASSIGN, loc);
	e->has_dst = true;
	e->dst = dst;
	e->src = src;
}

static Value
lower_declref(L *l, CXCursor e)
{
	CXCursor d = clang_getCursorReferenced(e);
	long long k;
	switch (clang_getCursorKind(d)) {
	case CXCursor_VarDecl:
		/* a constant the unit declares (consts.h): a known condition */
		if (clang_Cursor_hasVarDeclGlobalStorage(d) && consts_var(l->x, d, &k, 0))
			return ir_val_int(k);
		return ir_val_var(var_of(l, d));
	case CXCursor_ParmDecl:
		return ir_val_var(var_of(l, d));
	case CXCursor_EnumConstantDecl:
		return ir_val_int(clang_getEnumConstantDeclValue(d));
	case CXCursor_FunctionDecl: {
		/* named as a value, not called: who calls it is not known
		 * (stores into a member are read before: lower_assign()) */
		fe_fnref(l->x, d, clang_getNullCursor());
		Value v = {.kind = VAL_FUNC};
		v.str = spelling(l, d);
		return v;
	}
	default:
		return val_unknown();
	}
}

/* ---- spelt paths --------------------------------------------------------- */

/* How the source names the storage of v, when it names one place: a
 * variable, one member or constant element of it, or a longer path spelt
 * already (Value.str); NULL otherwise. */
static const char *
path_base(L *l, Value v)
{
	if (v.kind != VAL_ACCESS || v.acc.var < 0)
		return NULL;
	if (v.str)
		return v.str;
	const char *name = l->f->vars.v[v.acc.var].name;
	Access a = v.acc;
	if (!a.field && !a.deref && !a.index && !a.deep)
		return name;
	if (!a.field || a.field[0] == '*' || a.index || a.deep)
		return NULL;
	if (a.field[0] == '[')
		return arena_printf(&l->u->arena, "%s%s", name, a.field);
	return arena_printf(&l->u->arena, "%s%s%s", name, a.deref ? "->" : ".", a.field);
}

/* The access a, made from base b by "suffix", keeps the whole spelling when
 * its Access cannot tell it from its neighbours (a->b->c, p->conns[0],
 * conns[i]: deep or indexed), so that places can be compared by name. */
static Value
val_spelt(L *l, Access a, Value b, const char *sep, const char *part)
{
	a.path = NULL;
	Value v = val_acc(a);
	const char *base = (a.deep || a.index) && part ? path_base(l, b) : NULL;
	if (base) {
		char *t = arena_printf(&l->u->arena, "%s%s%s", base, sep, part);
		v.str = v.acc.path = ir_intern(l->u, t);
	}
	return v;
}

typedef struct UnionFields {
	CXCursor first, pointer;     /* its first member, its first pointer */
} UnionFields;

static enum CXChildVisitResult
union_fields(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	UnionFields *u = data;
	if (clang_getCursorKind(c) != CXCursor_FieldDecl)
		return CXChildVisit_Continue;
	if (clang_Cursor_isNull(u->first))
		u->first = c;
	if (clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Pointer) {
		u->pointer = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* The name member expression e uses for its storage: its own, or for a
 * member of a union one name for all of them, since they are the same
 * storage (`u.first = p; q = u.second;`): the first of its members that
 * is a pointer (what holds a handle, and what findings then name), else
 * its first. */
static const char *
member_name(L *l, CXCursor e)
{
	CXCursor f = clang_getCursorReferenced(e);
	CXCursor rec = clang_getCursorSemanticParent(f);
	if (clang_getCursorKind(f) == CXCursor_FieldDecl &&
	    clang_getCursorKind(rec) == CXCursor_UnionDecl) {
		UnionFields u = {clang_getNullCursor(), clang_getNullCursor()};
		clang_visitChildren(rec, union_fields, &u);
		CXCursor one = !clang_Cursor_isNull(u.pointer) ? u.pointer : u.first;
		if (!clang_Cursor_isNull(one))
			return spelling(l, one);
	}
	return spelling(l, e);
}

static Value
lower_member(L *l, CXCursor e)
{
	Kids ks = kids(l, e);
	if (ks.n == 0)
		return val_unknown();
	CXCursor base = ks.v[0];
	Value b = lower_expr(l, base);
	if (b.kind != VAL_ACCESS)
		return val_unknown();
	bool arrow = clang_getCanonicalType(clang_getCursorType(strip(l, base))).kind ==
		     CXType_Pointer;
	if (arrow) {
		IrEvent *u = ir_emit(l->u, l->f, l->cur, EV_USE, loc_start(l, e));
		u->src = b;
	}
	Access a = b.acc;
	if (a.field || a.deref || a.index)
		a.deep = true;
	a.field = member_name(l, e);
	a.deref = a.deref || arrow;
	return val_spelt(l, a, b, arrow ? "->" : ".", a.field);
}

/* ---- elements of local arrays ------------------------------------------ */

/* A local array whose every use is an element at a constant index, an
 * argument of a call or the operand of sizeof (`char *argv[4]; argv[0] =
 * path; argv[1] = NULL; run(argv)`) has its elements lowered as members
 * named "[0]", "[1]": storage of the function, told apart as a struct's
 * members are.  Any other use (v[i], p = v, v + 1) keeps v[] for all its
 * elements, one place that the engine counts as reached from outside. */

static bool
local_array(CXCursor d)
{
	return clang_getCursorKind(d) == CXCursor_VarDecl &&
	       !clang_Cursor_hasVarDeclGlobalStorage(d) &&
	       clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_ConstantArray;
}

static Value lower_int(L *l, CXCursor e);

/* The constant value of an index expression, or -1. */
static long long
const_index(L *l, CXCursor e)
{
	Value v = lower_int(l, e);
	return v.kind != VAL_INT || v.ival < 0 || v.ival > 9999 ? -1 : v.ival;
}

typedef struct ArrayUse {
	CXCursor decl;
	int all, ok;             /* references to it; those in allowed places */
} ArrayUse;

typedef VEC(ArrayUse) ArrayUses;

static void
count_use(L *l, ArrayUses *v, CXCursor ref, bool ok)
{
	CXCursor d = clang_getCursorReferenced(ref);
	if (!local_array(d))
		return;
	int i = 0;
	while (i < v->n && !clang_equalCursors(v->v[i].decl, d))
		i++;
	if (i == v->n) {
		ArrayUse u = {d, 0, 0};
		avec_push(l->scratch, v, u);
	}
	v->v[i].all += !ok;
	v->v[i].ok += ok;
}

typedef struct ElemScan {
	L *l;
	ArrayUses uses;
} ElemScan;

/* Every reference to a local array is counted once where it stands and
 * once more by an allowed place that holds it: an array whose counts
 * differ is used otherwise. */
static enum CXChildVisitResult
scan_elements(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	ElemScan *w = data;
	L *l = w->l;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_DeclRefExpr) {
		count_use(l, &w->uses, c, false);
		return CXChildVisit_Continue;
	}
	Kids ks = {0};
	if (k == CXCursor_ArraySubscriptExpr || k == CXCursor_CallExpr || k == CXCursor_UnaryExpr)
		ks = kids(l, c);
	for (int i = 0; i < ks.n; i++) {
		CXCursor r = strip(l, ks.v[i]);
		if (clang_getCursorKind(r) == CXCursor_DeclRefExpr &&
		    (k != CXCursor_ArraySubscriptExpr || (i == 0 && ks.n == 2 &&
							  const_index(l, ks.v[1]) >= 0)))
			count_use(l, &w->uses, r, true);
	}
	return CXChildVisit_Recurse;
}

static void
elements_scan(L *l, CXCursor body)
{
	ElemScan w = {.l = l};
	clang_visitChildren(body, scan_elements, &w);
	for (int i = 0; i < w.uses.n; i++)
		if (w.uses.v[i].all != w.uses.v[i].ok)
			avec_push(l->scratch, &l->loose, w.uses.v[i].decl);
}

/* Scans the body the first time a constant index of a local array asks:
 * most functions have none, and the scan is a walk of the whole body. */
static bool
is_loose(L *l, CXCursor d)
{
	if (!l->scanned) {
		l->scanned = true;
		elements_scan(l, l->body);
	}
	for (int i = 0; i < l->loose.n; i++)
		if (clang_equalCursors(l->loose.v[i], d))
			return true;
	return false;
}

/* base[idx] as the member "[N]" of a local array (above), or NULL. */
static const char *
element_name(L *l, CXCursor base, CXCursor idx)
{
	CXCursor r = strip(l, base);
	if (clang_getCursorKind(r) != CXCursor_DeclRefExpr)
		return NULL;
	CXCursor d = clang_getCursorReferenced(r);
	long long n = const_index(l, idx);
	if (n < 0 || !local_array(d) || is_loose(l, d))
		return NULL;
	char buf[32];
	snprintf(buf, sizeof buf, "[%lld]", n);
	return ir_intern(l->u, buf);
}

static Value
lower_subscript(L *l, CXCursor e)
{
	Kids ks = kids(l, e);
	if (ks.n < 2)
		return val_unknown();
	Value b = lower_expr(l, ks.v[0]);
	Value ix = lower_expr(l, ks.v[1]);
	if (b.kind != VAL_ACCESS)
		return val_unknown();
	const char *elem = !b.acc.field && !b.acc.deref && !b.acc.index && !b.acc.deep
			   ? element_name(l, ks.v[0], ks.v[1])
			   : NULL;
	if (elem) {
		b.acc.field = elem;
		return b;
	}
	if (clang_getCanonicalType(clang_getCursorType(strip(l, ks.v[0]))).kind == CXType_Pointer) {
		IrEvent *u = ir_emit(l->u, l->f, l->cur, EV_USE, loc_start(l, e));
		u->src = b;
	}
	Access a = b.acc;
	if (a.field || a.deref || a.index)
		a.deep = true;
	a.index = true;
	const char *part = NULL;            /* [2], [i]: a constant or a variable */
	if (ix.kind == VAL_INT)
		part = arena_printf(&l->u->arena, "[%lld]", ix.ival);
	else if (ix.kind == VAL_ACCESS && !ix.acc.field && !ix.acc.deref && !ix.acc.index &&
		 !ix.acc.deep && ix.acc.var >= 0)
		part = arena_printf(&l->u->arena, "[%s]", l->f->vars.v[ix.acc.var].name);
	return val_spelt(l, a, b, "", part);
}

/* A plain integer variable of the function (a counter): x++ and x += k
 * are steps of it (VAL_STEP), not unknown values. */
static bool
counter(L *l, Access a)
{
	if (a.var < 0 || a.field || a.deref || a.index || a.deep)
		return false;
	const IrVar *v = &l->f->vars.v[a.var];
	return (v->kind == VAR_LOCAL || v->kind == VAR_PARAM) && v->is_scalar && !v->is_pointer;
}

/* `errno`: the C library's `(*__errno_location())` (glibc, musl;
 * `__error()` on the BSDs and macOS, `_errno()`, `___errno()`) is one
 * global of the thread, not a store through an unknown pointer, which
 * would make every member flag of the path forgotten (`errno = 0;` before
 * popen()).  A global variable "errno" of the function stands for it. */
static bool
errno_call(L *l, CXCursor c)
{
	static const char *const names[] = {"__errno_location", "__error", "_errno", "___errno"};
	c = strip(l, c);
	if (clang_getCursorKind(c) != CXCursor_CallExpr || clang_Cursor_getNumArguments(c) != 0)
		return false;
	CXCursor fn = clang_getCursorReferenced(c);
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return false;
	const char *name = spelling(l, fn);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static int
errno_var(L *l)
{
	if (l->errno_var < 0)
		l->errno_var = ir_var_add(l->u, l->f, "errno", VAR_GLOBAL);
	return l->errno_var;
}

static Value
lower_unary(L *l, CXCursor e)
{
	Kids ks = kids(l, e);
	if (ks.n == 0)
		return val_unknown();
	enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
	if (op == CXUnaryOperator_LNot)
		return lower_truth(l, e);
	if (op == CXUnaryOperator_Deref && errno_call(l, ks.v[0]))
		return (Value){.kind = VAL_ACCESS, .acc = {.var = errno_var(l)}};
	Value v = lower_expr(l, ks.v[0]);
	Loc loc = loc_start(l, e);
	switch (op) {
	case CXUnaryOperator_AddrOf:
		if (v.kind == VAL_ACCESS)
			v.kind = VAL_ADDR;
		else if (v.kind != VAL_FUNC)
			v = val_unknown();
		return v;
	case CXUnaryOperator_Deref:
		if (v.kind == VAL_ADDR) {
			v.kind = VAL_ACCESS;
			return v;
		}
		if (v.kind != VAL_ACCESS)
			return val_unknown();
		{
			IrEvent *u = ir_emit(l->u, l->f, l->cur, EV_USE, loc);
			u->src = v;
		}
		if (v.acc.field || v.acc.deref || v.acc.index)
			v.acc.deep = true;
		v.acc.deref = true;
		v.str = v.acc.path = NULL;  /* the pointee: not the place spelt */
		return v;
	case CXUnaryOperator_Minus:
		if (v.kind == VAL_INT)
			v.ival = wrap(0 - (unsigned long long)v.ival);
		else
			v = val_unknown();
		return v;
	case CXUnaryOperator_Plus:
		return v.kind == VAL_INT ? v : val_unknown();
	case CXUnaryOperator_Not:
		if (v.kind == VAL_INT)
			v.ival = ~v.ival;
		else
			v = val_unknown();
		return v;
	case CXUnaryOperator_PostInc:
	case CXUnaryOperator_PostDec:
	case CXUnaryOperator_PreInc:
	case CXUnaryOperator_PreDec: {
		bool up = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc;
		bool post = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PostDec;
		if (v.kind == VAL_ACCESS && counter(l, v.acc)) {
			/* found++ is found's old value, then found + 1 */
			Value old = v;
			if (post && !clang_equalCursors(e, l->discarded)) {
				int t = new_temp(l);
				emit_assign(l, ir_acc(t), v, loc);
				old = ir_val_var(t);
			}
			emit_assign(l, v.acc, (Value){.kind = VAL_STEP, .acc = v.acc, .ival = up ? 1 : -1},
				    loc);
			return post ? old : v;
		}
		if (v.kind == VAL_ACCESS)
			emit_assign(l, v.acc, val_unknown(), loc);
		return val_unknown();
	}
	case CXUnaryOperator_Extension:
		return v;
	default:
		return val_unknown();
	}
}

/* p += n, p -= n on a pointer: it still points into the object it pointed
 * into (xdf->changed += 1 keeps the block, moved by one). */
static bool
moves_pointer(L *l, CXCursor op, CXCursor lhs)
{
	(void)l;
	CXType t = clang_getCanonicalType(clang_getCursorType(lhs));
	if (t.kind != CXType_Pointer)
		return false;
	enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(op);
	return k == CXBinaryOperator_AddAssign || k == CXBinaryOperator_SubAssign;
}

/* A function put into a member (ops->run = run): a driver table's entry,
 * not its address taken for anything else. */
static bool
member_store(L *l, CXCursor lhs, CXCursor rhs, Value *src)
{
	CXCursor fn = fe_designator(l->scratch, rhs);
	CXCursor m = strip(l, lhs);
	if (clang_Cursor_isNull(fn) || clang_getCursorKind(m) != CXCursor_MemberRefExpr)
		return false;
	fe_fnref(l->x, fn, clang_getCursorReferenced(m));
	*src = (Value){.kind = VAL_FUNC, .str = spelling(l, fn)};
	return true;
}

static Value
lower_assign(L *l, CXCursor e, Kids ks, bool compound)
{
	Value dst = lower_expr(l, ks.v[0]);
	Value src;
	if (compound || !member_store(l, ks.v[0], ks.v[1], &src))
		src = lower_expr(l, ks.v[1]);
	Loc loc = loc_start(l, e);
	if (compound && dst.kind == VAL_ACCESS && moves_pointer(l, e, ks.v[0]))
		return dst;             /* p += n: still into the same object */
	if (compound && dst.kind == VAL_ACCESS && src.kind == VAL_INT && counter(l, dst.acc)) {
		enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(e);
		if ((k == CXBinaryOperator_AddAssign || k == CXBinaryOperator_SubAssign) &&
		    src.ival > -(1ll << 40) && src.ival < (1ll << 40)) {
			long long step = k == CXBinaryOperator_AddAssign ? src.ival : -src.ival;
			emit_assign(l, dst.acc, (Value){.kind = VAL_STEP, .acc = dst.acc, .ival = step}, loc);
			return dst;
		}
	}
	if (compound)
		src = val_unknown();
	if (dst.kind == VAL_ACCESS) {
		emit_assign(l, dst.acc, src, loc);
		return dst;
	}
	/* Storage we cannot name: whatever goes there escapes. */
	emit_assign(l, (Access){.var = memory_var(l), .deref = true}, src, loc);
	return src;
}

static bool
plain_pointer(L *l, Access a)
{
	return l->f->vars.v[a.var].is_pointer && !a.field && !a.deref && !a.index && !a.deep;
}

static Value
lower_binary(L *l, CXCursor e)
{
	Kids ks = kids(l, e);
	if (ks.n < 2)
		return val_unknown();
	enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
	if (op == CXBinaryOperator_Assign)
		return lower_assign(l, e, ks, false);
	if (op == CXBinaryOperator_Comma) {
		bool unread = clang_equalCursors(e, l->discarded);
		l->discarded = ks.v[0];
		lower_expr(l, ks.v[0]);
		if (unread)
			l->discarded = ks.v[1];
		return lower_expr(l, ks.v[1]);
	}
	if (is_cond_op(op))
		return lower_truth(l, e);
	Value a = lower_expr(l, ks.v[0]);
	Value b = lower_expr(l, ks.v[1]);
	/* p + n, p - n, n + p: a pointer into the same object (returning it
	 * hands the object on, as an aligned allocator does) */
	if (op == CXBinaryOperator_Add || op == CXBinaryOperator_Sub) {
		bool pa = a.kind == VAL_ACCESS && plain_pointer(l, a.acc);
		bool pb = b.kind == VAL_ACCESS && plain_pointer(l, b.acc);
		if (pa && !pb && !(b.kind == VAL_ACCESS && l->f->vars.v[b.acc.var].is_pointer))
			return a;
		if (pb && !pa && op == CXBinaryOperator_Add &&
		    !(a.kind == VAL_ACCESS && l->f->vars.v[a.acc.var].is_pointer))
			return b;
	}
	if (a.kind == VAL_INT && b.kind == VAL_INT) {
		unsigned long long ua = (unsigned long long)a.ival, ub = (unsigned long long)b.ival;
		switch (op) {
		/* in unsigned arithmetic: a constant of the code that
		 * overflows (1 << 63, LLONG_MAX + 1) wraps, as the
		 * machine's would, instead of being undefined here */
		case CXBinaryOperator_Add: return ir_val_int(wrap(ua + ub));
		case CXBinaryOperator_Sub: return ir_val_int(wrap(ua - ub));
		case CXBinaryOperator_Or: return ir_val_int(a.ival | b.ival);
		case CXBinaryOperator_And: return ir_val_int(a.ival & b.ival);
		case CXBinaryOperator_Shl: return ir_val_int(wrap(ua << (b.ival & 63)));
		default: break;
		}
	}
	return val_unknown();
}

static Value
lower_conditional(L *l, CXCursor e)
{
	Kids ks = kids(l, e);
	if (ks.n < 3)
		return val_unknown();
	int t = new_temp(l);
	int bt = new_block(l), bf = new_block(l), join = new_block(l);
	lower_cond(l, ks.v[0], bt, bf);
	start(l, bt);
	emit_assign(l, ir_acc(t), lower_expr(l, ks.v[1]), loc_start(l, ks.v[1]));
	jump(l, join);
	start(l, bf);
	emit_assign(l, ir_acc(t), lower_expr(l, ks.v[2]), loc_start(l, ks.v[2]));
	jump(l, join);
	start(l, join);
	return ir_val_var(t);
}

/* Which parameters of fn its prototype declares as pointers to const (bit
 * i: parameter i, the first 64).  A declaration without a prototype (K&R
 * `int f();`) says nothing.  The variadic part of a printf-like function
 * (its last declared parameter a `const char *`: the format) is read, not
 * kept: `report("%s: %s", what, errmsg)` lends errmsg. */
static uint64_t
const_param_bits(CXCursor fn)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(fn));
	if (t.kind != CXType_FunctionProto)
		return 0;
	int np = clang_getNumArgTypes(t);
	uint64_t bits = 0;
	for (int i = 0; i < np && i < 64; i++) {
		CXType pt = clang_getCanonicalType(clang_getArgType(t, (unsigned)i));
		if (pt.kind == CXType_Pointer && clang_isConstQualifiedType(clang_getPointeeType(pt)))
			bits |= (uint64_t)1 << i;
	}
	if (np > 0 && np < 64 && clang_isFunctionTypeVariadic(t)) {
		CXType last = clang_getCanonicalType(clang_getArgType(t, (unsigned)(np - 1)));
		CXType ch = clang_getCanonicalType(clang_getPointeeType(last));
		if (last.kind == CXType_Pointer && clang_isConstQualifiedType(ch) &&
		    (ch.kind == CXType_Char_S || ch.kind == CXType_Char_U))
			bits |= ~(uint64_t)0 << np;
	}
	return bits;
}

/* Which arguments of a direct call go to a parameter declared a pointer to
 * const (IrEvent.borrowed): not an argument that names no storage.  Asked
 * once per declaration (FeUnit.decls). */
static uint64_t
const_params(L *l, CXCursor fn, int nargs, const Value *args)
{
	FeMapEntry *e = fe_decl(l->x, fn);
	uint64_t params;
	if (!e) {
		params = const_param_bits(fn);
	} else {
		if (!(e->state & DECL_CONST_PARAMS_KNOWN)) {
			e->value = (long long)const_param_bits(fn);
			e->state |= DECL_CONST_PARAMS_KNOWN;
		}
		params = (uint64_t)e->value;
	}
	uint64_t bits = 0;
	for (int i = 0; i < nargs && i < 64; i++)
		if ((args[i].kind == VAL_ACCESS || args[i].kind == VAL_ADDR) && (params >> i & 1))
			bits |= (uint64_t)1 << i;
	return bits;
}

/* The name of the macro whose expansion made the call e, when it is not
 * the callee's own name: `pkg_malloc(n)` expanding to
 * `_pkg_root.xmalloc(_pkg_root.mem_block, n)` or to `sys_malloc(n,
 * __FILE__, ...)`.  The call's first token comes from a macro's body (not
 * from its arguments, which are spelt inside the invocation), and the
 * invocation's first token, as the file spells it, is an identifier: the
 * outermost macro, the one the code wrote.  NULL otherwise. */
static const char *
call_macro(L *l, CXCursor e, const char *callee, struct MacroAt *at)
{
	CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(e));
	CXFile ef, sf;
	unsigned eo, so;
	clang_getExpansionLocation(start, &ef, NULL, NULL, &eo);
	clang_getSpellingLocation(start, &sf, NULL, NULL, &so);
	/* written where it stands, or in a macro's argument: spelt in the
	 * same file at or after the invocation's start, where a macro's
	 * body, defined before its use, cannot be */
	if (!ef || (sf && clang_File_isEqual(sf, ef) && so >= eo))
		return NULL;
	/* a call inside the arguments of the macro's own call
	 * (`wrap(real_alloc(n))`): the outer one is the macro's */
	if (l->macro_open.file && clang_File_isEqual(l->macro_open.file, ef) &&
	    l->macro_open.off == eo)
		return NULL;
	at->file = ef;
	at->off = eo;
	CXToken *t = clang_getToken(l->tu, clang_getRangeStart(fe_file_range(l->x, e)));
	if (!t)
		return NULL;
	const char *name = NULL;
	if (clang_getTokenKind(*t) == CXToken_Identifier) {
		CXString sp = clang_getTokenSpelling(l->tu, *t);
		const char *n = clang_getCString(sp);
		if (n && (!callee || strcmp(n, callee) != 0))
			name = ir_intern(l->u, n);
		clang_disposeString(sp);
	}
	clang_disposeTokens(l->tu, t, 1);
	return name;
}

/* Where the macro's arguments are, as the file spells the invocation
 * text[from..to] (`NAME ( a , f(b, c) )`): the start and end offset of
 * each argument at the outer level into seg[], their number returned;
 * -1 when the text is not NAME followed by a balanced argument list. */
static int
macro_segments(const char *text, unsigned from, unsigned to, unsigned (*seg)[2], int max)
{
	unsigned i = from;
	while (i <= to && isalnum_(text[i]))
		i++;
	while (i <= to && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
			   text[i] == '\r' || text[i] == '\\'))
		i++;
	if (i > to || text[i] != '(')
		return -1;
	int n = 0, depth = 0;
	unsigned start = ++i;
	bool blank = true;
	for (; i <= to; i++) {
		char ch = text[i];
		if (ch == '"' || ch == '\'') {
			for (i++; i <= to && text[i] != ch; i++)
				if (text[i] == '\\')
					i++;
			blank = false;
		} else if (ch == '/' && i < to && text[i + 1] == '*') {
			for (i += 2; i < to && !(text[i] == '*' && text[i + 1] == '/'); i++)
				;
			i++;
		} else if (ch == '/' && i < to && text[i + 1] == '/') {
			while (i <= to && text[i] != '\n')
				i++;
		} else if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
			blank = false;
		} else if ((ch == ',' && depth == 0) || ((ch == ')') && depth == 0)) {
			if (ch == ')' && n == 0 && blank)
				return 0;               /* NAME() */
			if (n == max)
				return -1;
			seg[n][0] = start;
			seg[n][1] = i;
			n++;
			if (ch == ')')
				return i == to || i + 1 == to ? n : -1;
			start = i + 1;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			depth--;
		} else if (!isspace((unsigned char)ch)) {
			blank = false;
		}
	}
	return -1;
}

/* ev->margc, ev->margv for the call e the macro ev->macro made: which of
 * the call's arguments is exactly which argument of the macro.  An
 * argument is the macro's when its text, without parentheses and
 * conversions, begins and ends inside one argument of the invocation.
 * No macro (ev->macro NULL) when the invocation cannot be read. */
static void
macro_args(L *l, CXCursor e, IrEvent *ev)
{
	CXSourceRange r = fe_file_range(l->x, e);
	CXFile f;
	unsigned from, to;
	clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &from);
	clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &to);
	size_t size = 0;
	const char *text = f ? clang_getFileContents(l->tu, f, &size) : NULL;
	unsigned seg[64][2];
	/* to is the end of the invocation's last token or its start */
	if (text && to >= size && size > 0)
		to = (unsigned)size - 1;
	int n = text && to < size && from <= to ? macro_segments(text, from, to, seg, 64) : -1;
	if (n < 0) {
		ev->macro = NULL;
		return;
	}
	ev->margc = n;
	ev->margv = n ? arena_alloc(&l->u->arena, sizeof(int) * (size_t)n) : NULL;
	for (int k = 0; k < n; k++)
		ev->margv[k] = -1;
	for (int i = 0; i < ev->nargs; i++) {
		CXSourceRange ar = clang_getCursorExtent(strip(l, clang_Cursor_getArgument(e, (unsigned)i)));
		CXFile af, bf;
		unsigned ao, bo;
		clang_getSpellingLocation(clang_getRangeStart(ar), &af, NULL, NULL, &ao);
		clang_getSpellingLocation(clang_getRangeEnd(ar), &bf, NULL, NULL, &bo);
		if (!af || !bf || !clang_File_isEqual(af, f) || !clang_File_isEqual(bf, f))
			continue;
		for (int k = 0; k < n; k++)
			if (ev->margv[k] < 0 && ao >= seg[k][0] && bo <= seg[k][1] && ao < bo)
				ev->margv[k] = i;
	}
}

/* ---- function pointers of one function --------------------------------
 *
 * A local function pointer that every definition in the function sets to
 * the same function, and whose address is never taken (`void (*sink)(char
 * *) = bad_sink; sink(data);`), calls that function: the call is lowered
 * as a direct one. */

typedef struct FnPtrScan {
	L *l;
	CXCursor var;            /* the local */
	CXCursor fn;             /* the one function it is set to, or null */
	bool other;              /* set to something else, or its address taken */
} FnPtrScan;

/* The function expression e designates, or a null cursor. */
static CXCursor
designated(L *l, CXCursor e)
{
	CXCursor r = strip(l, e);
	if (clang_getCursorKind(r) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(r) == CXUnaryOperator_AddrOf) {
		Kids ks = kids(l, r);
		r = ks.n == 1 ? strip(l, ks.v[0]) : clang_getNullCursor();
	}
	if (clang_getCursorKind(r) == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(r);
		if (clang_getCursorKind(d) == CXCursor_FunctionDecl)
			return d;
	}
	return clang_getNullCursor();
}

static void
fnptr_def(FnPtrScan *w, CXCursor value)
{
	CXCursor d = designated(w->l, value);
	if (clang_Cursor_isNull(d))
		w->other = true;
	else if (clang_Cursor_isNull(w->fn))
		w->fn = clang_getCanonicalCursor(d);
	else if (!clang_equalCursors(w->fn, clang_getCanonicalCursor(d)))
		w->other = true;
}

static bool
refers_to(L *l, CXCursor e, CXCursor var)
{
	CXCursor r = strip(l, e);
	return clang_getCursorKind(r) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(r), var);
}

static enum CXChildVisitResult
scan_fnptr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	FnPtrScan *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_VarDecl && clang_equalCursors(c, w->var)) {
		Kids ks = kids(w->l, c);
		if (ks.n > 0)
			fnptr_def(w, ks.v[ks.n - 1]);
	} else if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
		Kids ks = kids(w->l, c);
		if (ks.n == 2 && refers_to(w->l, ks.v[0], w->var)) {
			if (k == CXCursor_BinaryOperator &&
			    clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign)
				fnptr_def(w, ks.v[1]);
			else if (k == CXCursor_CompoundAssignOperator)
				w->other = true;
		}
	} else if (k == CXCursor_UnaryOperator &&
		   clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf) {
		Kids ks = kids(w->l, c);
		if (ks.n == 1 && refers_to(w->l, ks.v[0], w->var))
			w->other = true;
	}
	return w->other ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* The function a call through callee expression e always calls, when e
 * names such a local; else a null cursor. */
static CXCursor
local_fnptr(L *l, CXCursor e)
{
	CXCursor r = strip(l, e);
	if (clang_getCursorKind(r) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(r) == CXUnaryOperator_Deref) {
		Kids ks = kids(l, r);      /* (*fp)(x) */
		r = ks.n == 1 ? strip(l, ks.v[0]) : clang_getNullCursor();
	}
	CXCursor d = clang_getCursorKind(r) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(r)
								   : clang_getNullCursor();
	if (clang_getCursorKind(d) != CXCursor_VarDecl || clang_Cursor_hasVarDeclGlobalStorage(d) ||
	    clang_Cursor_isNull(l->body))
		return clang_getNullCursor();
	CXType t = clang_getCanonicalType(clang_getCursorType(d));
	if (t.kind != CXType_Pointer ||
	    (clang_getCanonicalType(clang_getPointeeType(t)).kind != CXType_FunctionProto &&
	     clang_getCanonicalType(clang_getPointeeType(t)).kind != CXType_FunctionNoProto))
		return clang_getNullCursor();
	FnPtrScan w = {l, d, clang_getNullCursor(), false};
	clang_visitChildren(l->body, scan_fnptr, &w);
	return w.other ? clang_getNullCursor() : w.fn;
}

static Value
lower_call(L *l, CXCursor e)
{
	CXCursor fn = clang_getCursorReferenced(e);
	const char *callee = NULL;
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl) {
		Kids ck = kids(l, e);
		CXCursor one = ck.n > 0 ? local_fnptr(l, ck.v[0]) : clang_getNullCursor();
		if (!clang_Cursor_isNull(one))
			fn = one;
	}
	if (clang_getCursorKind(fn) == CXCursor_FunctionDecl) {
		callee = spelling(l, fn);
		attrs_read(l->x, fn, callee);
	}
	int nargs = clang_Cursor_getNumArguments(e);
	if (nargs < 0)
		nargs = 0;
	const char *via = NULL;
	struct MacroAt inv = {0}, open = l->macro_open;
	const char *macro = call_macro(l, e, callee, &inv);
	if (macro)
		l->macro_open = inv;
	if (!callee) {
		/* An indirect call: evaluate the callee expression too. */
		Kids ks = kids(l, e);
		if (ks.n > 0) {
			via = fe_callee_member(l->x, ks.v[0]);
			lower_expr(l, ks.v[0]);
		}
	}
	Value *args = arena_alloc(l->scratch, sizeof(Value) * (size_t)(nargs + 1));
	for (int i = 0; i < nargs; i++)
		args[i] = lower_expr(l, clang_Cursor_getArgument(e, (unsigned)i));
	l->macro_open = open;
	if (callee && strcmp(callee, "__builtin_expect") == 0 && nargs > 0)
		return args[0];
	CXType rt = clang_getCursorType(e);
	int dst = rt.kind == CXType_Void ? -1 : new_temp(l);
	if (dst >= 0)
		l->f->vars.v[dst].shape = shape_of(rt);
	Loc loc = loc_start(l, e);
	IrEvent *ev = ir_emit_call(l->u, l->f, l->cur, loc, callee, dst, nargs, args);
	ev->text = callee;
	ev->via = via;
	if (macro) {
		ev->macro = macro;
		macro_args(l, e, ev);
	}
	if (ev->macro) {
		/* an earlier call of the same invocation gives it up */
		struct MacroAt *last = &l->macro_last;
		if (last->file && clang_File_isEqual(last->file, inv.file) && last->off == inv.off &&
		    last->block < l->f->blocks.n && last->ev < l->f->blocks.v[last->block]->ev.n) {
			IrEvent *prev = &l->f->blocks.v[last->block]->ev.v[last->ev];
			prev->macro = NULL;
			prev->margc = 0;
			prev->margv = NULL;
		}
		inv.block = l->cur;
		inv.ev = (int)(ev - l->f->blocks.v[l->cur]->ev.v);
		*last = inv;
	}
	if (callee) {
		ev->borrowed = const_params(l, fn, nargs, args);
		/* of a printf-like variadic part, only pointers are lent: a
		 * descriptor printed with %d may be handed on by its number */
		CXType ft = clang_getCanonicalType(clang_getCursorType(fn));
		int np = ft.kind == CXType_FunctionProto ? clang_getNumArgTypes(ft) : 0;
		for (int i = np; np < 64 && (ev->borrowed >> np) && i < nargs && i < 64; i++) {
			CXType at = clang_getCanonicalType(
				clang_getCursorType(clang_Cursor_getArgument(e, (unsigned)i)));
			if (at.kind != CXType_Pointer)
				ev->borrowed &= ~((uint64_t)1 << i);
		}
	}
	if (callee && attrs_noreturn(l->x, fn)) {
		ir_end(l->f, l->cur, strstr(callee, "longjmp") ? T_LONGJMP : T_EXIT, loc);
		start_dead(l);
	}
	/* a function of the unit that always returns the same constant: the
	 * call stays (what it does to its arguments), its value is known */
	long long k;
	if (callee && dst >= 0 && consts_call(l->x, fn, &k))
		return ir_val_int(k);
	return dst >= 0 ? ir_val_var(dst) : (Value){.kind = VAL_NONE};
}

/* The text of a string literal expression.  libclang spells the literal
 * as the compiler sees it: adjacent literals (also from macros) joined,
 * in quotes, with escapes; decode the common ones. */
static Value
lower_string(L *l, CXCursor e)
{
	CXString sp = clang_getCursorSpelling(e);
	const char *t = strchr(clang_getCString(sp), '"');
	size_t cap = strlen(t ? t : "") + 1, len = 0;
	char *buf = arena_alloc(l->scratch, cap);
	for (t = t ? t + 1 : ""; *t && !(*t == '"' && t[1] == '\0'); t++) {
		char c = *t;
		if (c == '\\' && t[1]) {
			t++;
			c = *t == 'n' ? '\n' : *t == 't' ? '\t' : *t == 'r' ? '\r' : *t;
		}
		buf[len++] = c;
	}
	buf[len] = '\0';
	clang_disposeString(sp);
	return (Value){.kind = VAL_STR, .str = ir_intern(l->u, buf)};
}

static Value
lower_int(L *l, CXCursor e)
{
	CXEvalResult r = clang_Cursor_Evaluate(e);
	Value v = val_unknown();
	if (r && clang_EvalResult_getKind(r) == CXEval_Int)
		v = ir_val_int(clang_EvalResult_getAsLongLong(r));
	if (r)
		clang_EvalResult_dispose(r);
	return v;
}

/* Stores the values of an initializer list into `into` (field "*" when the
 * member is not known): a struct that holds a handle holds it wherever. */
static void
lower_init_list(L *l, CXCursor e, int into, Loc loc)
{
	Kids ks = kids(l, e);
	CXType t = clang_getCursorType(e);
	int pos = 0;
	for (int i = 0; i < ks.n; i++) {
		CXCursor c = ks.v[i], member = clang_getNullCursor();
		const char *field = ir_intern(l->u, "*");
		if (clang_getCursorKind(c) == CXCursor_UnexposedExpr) {
			/* A designated initializer: MemberRef ... value */
			Kids ds = kids(l, c);
			if (ds.n >= 2 && clang_getCursorKind(ds.v[0]) == CXCursor_MemberRef) {
				if (ds.n == 2) {
					field = spelling(l, ds.v[0]);
					member = clang_getCursorReferenced(ds.v[0]);
				}
				c = ds.v[ds.n - 1];
				pos = -1;
			}
		}
		if (clang_Cursor_isNull(member) && pos >= 0)
			member = fe_nth_field(l->x, t, pos++);
		if (clang_getCursorKind(strip(l, c)) == CXCursor_InitListExpr) {
			lower_init_list(l, strip(l, c), into, loc);
			continue;
		}
		CXCursor fn = fe_designator(l->scratch, c);
		Value v;
		if (!clang_Cursor_isNull(fn) && !clang_Cursor_isNull(member)) {
			/* { .run = run }: a driver table's entry */
			fe_fnref(l->x, fn, member);
			v = (Value){.kind = VAL_FUNC, .str = spelling(l, fn)};
		} else {
			v = lower_expr(l, c);
		}
		if (v.kind == VAL_ACCESS || v.kind == VAL_ADDR || v.kind == VAL_FUNC)
			emit_assign(l, (Access){.var = into, .field = field}, v, loc);
	}
}

static Value
lower_stmt_expr(L *l, CXCursor e)
{
	Kids ks = kids(l, e);
	if (ks.n != 1 || clang_getCursorKind(ks.v[0]) != CXCursor_CompoundStmt) {
		for (int i = 0; i < ks.n; i++)
			lower_stmt(l, ks.v[i]);
		return val_unknown();
	}
	Kids body = kids(l, ks.v[0]);
	Scope s;
	scope_push(l, &s, ks.v[0]);
	Value v = val_unknown();
	/* Temporaries of the enclosing expression stay alive across the
	 * statements inside. */
	VEC(int) outer = {0};
	outer.v = l->temps.v;
	outer.n = l->temps.n;
	outer.cap = l->temps.cap;
	l->temps.v = NULL;
	l->temps.n = l->temps.cap = 0;
	for (int i = 0; i < body.n; i++) {
		if (i == body.n - 1 && clang_isExpression(clang_getCursorKind(body.v[i]))) {
			v = lower_expr(l, body.v[i]);
		} else {
			lower_stmt(l, body.v[i]);
		}
	}
	/* The value outlives the scope: keep it in a temporary of the
	 * enclosing expression before the scope's variables die. */
	if (v.kind == VAL_ACCESS && l->f->vars.v[v.acc.var].kind == VAR_LOCAL) {
		int t = ir_temp_add(l->u, l->f);
		emit_assign(l, ir_acc(t), v, loc_last(l, e));
		v = ir_val_var(t);
		avec_push(l->scratch, &outer, t);
	}
	if (block(l, l->cur)->term == T_NONE)
		scope_leave(l, &s, loc_last(l, e), 0);
	for (int i = 0; i < l->temps.n; i++)
		avec_push(l->scratch, &outer, l->temps.v[i]);
	l->temps.v = outer.v;
	l->temps.n = outer.n;
	l->temps.cap = outer.cap;
	scope_pop(l);
	return v;
}

static Value
lower_expr_kind(L *l, CXCursor e)
{
	switch (clang_getCursorKind(e)) {
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
		return lower_int(l, e);
	case CXCursor_StringLiteral:
		return lower_string(l, e);
	case CXCursor_DeclRefExpr:
		return lower_declref(l, e);
	case CXCursor_MemberRefExpr:
		return lower_member(l, e);
	case CXCursor_ArraySubscriptExpr:
		return lower_subscript(l, e);
	case CXCursor_UnaryOperator:
		return lower_unary(l, e);
	case CXCursor_BinaryOperator:
		return lower_binary(l, e);
	case CXCursor_CompoundAssignOperator: {
		Kids ks = kids(l, e);
		return ks.n == 2 ? lower_assign(l, e, ks, true) : val_unknown();
	}
	case CXCursor_ConditionalOperator:
		return lower_conditional(l, e);
	case CXCursor_CallExpr:
		return lower_call(l, e);
	case CXCursor_StmtExpr:
		return lower_stmt_expr(l, e);
	case CXCursor_UnaryExpr:            /* sizeof, _Alignof: not evaluated */
		return lower_int(l, e);
	case CXCursor_InitListExpr: {
		int t = new_temp(l);
		l->f->vars.v[t].is_aggregate = true;
		lower_init_list(l, e, t, loc_start(l, e));
		return ir_val_var(t);
	}
	case CXCursor_CStyleCastExpr:
	case CXCursor_CompoundLiteralExpr: {
		Kids ks = kids(l, e);
		for (int i = ks.n - 1; i >= 0; i--)
			if (clang_isExpression(clang_getCursorKind(ks.v[i]))) {
				Value v = lower_expr(l, ks.v[i]);
				for (int j = 0; j < i; j++)
					if (clang_isExpression(clang_getCursorKind(ks.v[j])))
						lower_expr(l, ks.v[j]);
				return v;
			}
		return val_unknown();
	}
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr: {
		Kids ks = kids(l, e);
		if (ks.n == 1 && clang_isExpression(clang_getCursorKind(ks.v[0])))
			return lower_expr(l, ks.v[0]);
		for (int i = 0; i < ks.n; i++)
			if (clang_isExpression(clang_getCursorKind(ks.v[i])))
				lower_expr(l, ks.v[i]);
			else if (clang_isStatement(clang_getCursorKind(ks.v[i])))
				lower_stmt(l, ks.v[i]);
		return val_unknown();
	}
	default: {
		Kids ks = kids(l, e);
		for (int i = 0; i < ks.n; i++)
			if (clang_isExpression(clang_getCursorKind(ks.v[i])))
				lower_expr(l, ks.v[i]);
		return val_unknown();
	}
	}
}

static Value
lower_expr(L *l, CXCursor e)
{
	if (l->depth > MAX_DEPTH) {
		l->f->truncated = true;
		return val_unknown();
	}
	l->depth++;
	Value v = lower_expr_kind(l, e);
	l->depth--;
	return v;
}

/* ---- conditions -------------------------------------------------------- */

/* Branches on a known comparison, giving each edge a landing block that
 * kills the condition's own temporaries. */
static void
branch(L *l, Cond c, int if_true, int if_false, int ntemps_before)
{
	if (l->temps.n > ntemps_before) {
		int lt = new_block(l), lf = new_block(l);
		ir_branch(l->f, l->cur, c, lt, lf);
		for (int k = 0; k < 2; k++) {
			start(l, k ? lf : lt);
			for (int i = ntemps_before; i < l->temps.n; i++)
				kill_var(l, l->temps.v[i], c.loc);
			jump(l, k ? if_false : if_true);
		}
		l->temps.n = ntemps_before;
	} else {
		ir_branch(l->f, l->cur, c, if_true, if_false);
	}
	start_dead(l);
}

/* A condition whose value is known: a jump to the edge it takes, the
 * condition's own temporaries dying first (a constant function's result). */
static void
folded(L *l, int to, int ntemps_before, Loc loc)
{
	for (int i = ntemps_before; i < l->temps.n; i++)
		kill_var(l, l->temps.v[i], loc);
	l->temps.n = ntemps_before;
	jump(l, to);
	start_dead(l);
}

/* c tests v (when it is an access) against a constant. */
static void
cond_on(Cond *c, Value v, CmpOp op, long long rhs)
{
	if (v.kind != VAL_ACCESS)
		return;
	c->known = true;
	c->lhs = v.acc;
	c->lhs_str = v.str;
	c->op = op;
	c->rhs = rhs;
}

/* ---- sums of counts ----------------------------------------------------- */

/* `if (use_global + use_system + !!file + !!blob > 1) die(...)`: options
 * that exclude each other, counted.  A test of such a sum against a small
 * constant is lowered as the count it makes: one test per term, in order,
 * each node of the graph a (term, count so far) pair, so that every path
 * knows which terms were zero (a path with `file` set and the sum at most
 * one has every other term zero, and a later `if (use_global)` cannot be
 * taken on it).  A term that is a truth value (`!!p`, `!x`, `a < b`)
 * counts 0 or 1; any other term is taken for a count, never negative: it
 * adds 0, 1 (tested `== 1`) or at least 2.  Terms must be reads without
 * effects (variables, members, `*p`, comparisons of them with constants);
 * otherwise, or past SUM_TERMS terms, the condition is lowered as any
 * other.  Only the tests of counting options are read so: "none", "at
 * most one", "exactly one" (a constant of 0 or 1, SUM_MAX), where a term
 * is hardly ever negative; `x + y > 3` on coordinates is left alone. */
enum { SUM_TERMS = 8, SUM_MAX = 1 };

typedef struct Sum {
	CXCursor term[SUM_TERMS];
	bool truth[SUM_TERMS];
	int n;
	long long k;             /* the constant, less the terms' constants */
	CmpOp op;                /* count op k */
	int if_true, if_false;
	int node[SUM_TERMS][SUM_MAX + 2];
} Sum;

static bool
int_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) || t.kind == CXType_Enum;
}

/* A read without effects: what a term may be. */
static bool
pure_read(L *l, CXCursor e, int depth)
{
	CXCursor s = strip(l, e);
	if (depth > 8)
		return false;
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr: {
		enum CXCursorKind k = clang_getCursorKind(clang_getCursorReferenced(s));
		return k == CXCursor_VarDecl || k == CXCursor_ParmDecl ||
		       k == CXCursor_EnumConstantDecl;
	}
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
		return true;
	case CXCursor_MemberRefExpr: {
		Kids ks = kids(l, s);
		return ks.n == 1 && pure_read(l, ks.v[0], depth + 1);
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(s);
		Kids ks = kids(l, s);
		return ks.n == 1 && (op == CXUnaryOperator_LNot || op == CXUnaryOperator_Deref) &&
		       pure_read(l, ks.v[0], depth + 1);
	}
	case CXCursor_BinaryOperator: {
		Kids ks = kids(l, s);
		return ks.n == 2 && cmp_of(clang_getCursorBinaryOperatorKind(s)) != OP_NONE &&
		       pure_read(l, ks.v[0], depth + 1) && pure_read(l, ks.v[1], depth + 1);
	}
	default:
		return false;
	}
}

/* Gathers the terms of e, a chain of `+`; false when one is not a term. */
static bool
sum_terms(L *l, Sum *sum, CXCursor e, int depth)
{
	CXCursor s = strip(l, e);
	if (depth > SUM_TERMS)
		return false;
	if (clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(s) == CXBinaryOperator_Add) {
		Kids ks = kids(l, s);
		return ks.n == 2 && sum_terms(l, sum, ks.v[0], depth + 1) &&
		       sum_terms(l, sum, ks.v[1], depth + 1);
	}
	Value v = lower_int(l, s);
	if (v.kind == VAL_INT) {
		sum->k -= v.ival;
		return v.ival >= 0 && v.ival <= SUM_MAX;
	}
	if (sum->n == SUM_TERMS || !int_type(clang_getCursorType(s)) || !pure_read(l, s, 0))
		return false;
	enum CXCursorKind k = clang_getCursorKind(s);
	sum->truth[sum->n] = clang_getCursorType(s).kind == CXType_Bool ||
			     (k == CXCursor_UnaryOperator &&
			      clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_LNot) ||
			     (k == CXCursor_BinaryOperator &&
			      cmp_of(clang_getCursorBinaryOperatorKind(s)) != OP_NONE);
	sum->term[sum->n++] = s;
	return true;
}

/* The block that counts from term i on, with c counted before it. */
static int
sum_node(L *l, Sum *sum, int i, int c)
{
	if (c > sum->k + 1)
		c = (int)sum->k + 1;     /* any more decides as k + 1 does */
	if (i == sum->n)
		return pred_holds((Pred){sum->op, sum->k}, c) ? sum->if_true : sum->if_false;
	if (sum->node[i][c] >= 0)
		return sum->node[i][c];
	int zero = sum_node(l, sum, i + 1, c), one = sum_node(l, sum, i + 1, c + 1);
	CXCursor t = sum->term[i];
	int two = sum->truth[i] ? one : sum_node(l, sum, i + 1, c + 2);
	if (zero == one && one == two)
		return sum->node[i][c] = zero;   /* decided: no test */
	int b = new_block(l);
	sum->node[i][c] = b;
	start(l, b);                     /* every block it leads to made first */
	if (one == two) {                /* a truth value, or 1 decides as 2 */
		lower_cond(l, t, one, zero);
		return b;
	}
	int more = new_block(l);
	lower_cond(l, t, more, zero);
	start(l, more);
	int before = l->temps.n;
	Value v = lower_expr(l, t);
	Cond q = {0};
	q.loc = loc_start(l, t);
	q.text = arena_printf(&l->u->arena, "%s == 1", source_text(l, t));
	cond_on(&q, v, OP_EQ, 1);
	branch(l, q, one, two, before);
	return b;
}

/* Lowers `a + b + ... op k` (or `k op a + ...`) as counting; false when
 * it is not such a sum, with nothing lowered. */
static bool
lower_sum_cond(L *l, CXCursor sumx, CXCursor kx, CmpOp op, int if_true, int if_false)
{
	CXCursor s = strip(l, sumx);
	if (clang_getCursorKind(s) != CXCursor_BinaryOperator ||
	    clang_getCursorBinaryOperatorKind(s) != CXBinaryOperator_Add ||
	    !int_type(clang_getCursorType(s)))
		return false;
	Value kv = lower_int(l, strip(l, kx));
	if (kv.kind != VAL_INT || kv.ival < 0 || kv.ival > SUM_MAX)
		return false;
	Sum *sum = arena_alloc(l->scratch, sizeof(*sum));
	memset(sum, 0, sizeof(*sum));
	sum->k = kv.ival;
	if (!sum_terms(l, sum, s, 0) || sum->n < 2 || sum->k < 0)
		return false;
	sum->op = op;
	sum->if_true = if_true;
	sum->if_false = if_false;
	for (int i = 0; i < SUM_TERMS; i++)
		for (int c = 0; c < SUM_MAX + 2; c++)
			sum->node[i][c] = -1;
	int entry = new_block(l);
	jump(l, entry);                  /* the nodes start blocks of their own */
	int first = sum_node(l, sum, 0, 0);
	start(l, entry);
	jump(l, first);
	start_dead(l);
	return true;
}

static void
lower_cond(L *l, CXCursor e, int if_true, int if_false)
{
	CXCursor s = strip(l, e);
	enum CXCursorKind k = clang_getCursorKind(s);
	int before = l->temps.n;
	Cond c = {0};
	c.loc = loc_start(l, s);
	if (k == CXCursor_BinaryOperator) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(s);
		Kids ks = kids(l, s);
		if (ks.n == 2 && op == CXBinaryOperator_LAnd) {
			int mid = new_block(l);
			lower_cond(l, ks.v[0], mid, if_false);
			start(l, mid);
			lower_cond(l, ks.v[1], if_true, if_false);
			return;
		}
		if (ks.n == 2 && op == CXBinaryOperator_LOr) {
			int mid = new_block(l);
			lower_cond(l, ks.v[0], if_true, mid);
			start(l, mid);
			lower_cond(l, ks.v[1], if_true, if_false);
			return;
		}
		if (ks.n == 2 && op == CXBinaryOperator_Comma) {
			lower_expr(l, ks.v[0]);
			lower_cond(l, ks.v[1], if_true, if_false);
			return;
		}
		if (ks.n == 2 && cmp_of(op) != OP_NONE &&
		    (lower_sum_cond(l, ks.v[0], ks.v[1], cmp_of(op), if_true, if_false) ||
		     lower_sum_cond(l, ks.v[1], ks.v[0], cmp_swap(cmp_of(op)), if_true, if_false)))
			return;
		if (ks.n == 2 && cmp_of(op) != OP_NONE) {
			Value a = lower_expr(l, ks.v[0]);
			Value b = lower_expr(l, ks.v[1]);
			c.text = source_text(l, s);
			c.op = cmp_of(op);
			if (a.kind == VAL_INT && b.kind == VAL_ACCESS) {
				Value t = a;
				a = b;
				b = t;
				c.op = cmp_swap(c.op);
			}
			if (a.kind == VAL_INT && b.kind == VAL_INT) {
				folded(l, pred_holds((Pred){c.op, b.ival}, a.ival) ? if_true : if_false,
				       before, c.loc);
				return;
			}
			if (a.kind == VAL_ACCESS && b.kind == VAL_INT) {
				c.known = true;
				c.lhs = a.acc;
				c.lhs_str = a.str;
				c.rhs = b.ival;
			} else if (a.kind == VAL_ACCESS && b.kind == VAL_ACCESS) {
				c.vs_var = true;
				c.lhs = a.acc;
				c.rhs_acc = b.acc;
			}
			branch(l, c, if_true, if_false, before);
			return;
		}
	}
	if (k == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_LNot) {
		Kids ks = kids(l, s);
		if (ks.n == 1) {
			lower_cond(l, ks.v[0], if_false, if_true);
			return;
		}
	}
	if (k == CXCursor_ConditionalOperator) {
		Kids ks = kids(l, s);
		if (ks.n == 3) {
			int bt = new_block(l), bf = new_block(l);
			lower_cond(l, ks.v[0], bt, bf);
			start(l, bt);
			lower_cond(l, ks.v[1], if_true, if_false);
			start(l, bf);
			lower_cond(l, ks.v[2], if_true, if_false);
			return;
		}
	}
	Value v = lower_expr(l, s);
	c.text = source_text(l, s);
	if (v.kind == VAL_INT) {
		folded(l, v.ival ? if_true : if_false, before, c.loc);
		return;
	}
	c.bare = v.kind == VAL_ACCESS;
	cond_on(&c, v, OP_NE, 0);
	branch(l, c, if_true, if_false, before);
}

/* ---- statements -------------------------------------------------------- */

static void lower_compound(L *l, CXCursor s);


static void
lower_vardecl(L *l, CXCursor d)
{
	if (clang_Cursor_getStorageClass(d) == CX_SC_Static ||
	    clang_Cursor_getStorageClass(d) == CX_SC_Extern) {
		int var = var_declare(l, d, VAR_GLOBAL);
		l->f->vars.v[var].confined = consts_confined(l->x, d);
		return;
	}
	int var = var_declare(l, d, VAR_LOCAL);
	l->f->vars.v[var].cleanup = attrs_cleanup(l->x, d);
	CXCursor init = clang_Cursor_getVarDeclInitializer(d);
	Loc loc = loc_name(l, d);
	if (!clang_Cursor_isNull(init)) {
		CXCursor si = strip(l, init);
		if (clang_getCursorKind(si) == CXCursor_InitListExpr) {
			lower_init_list(l, si, var, loc);
		} else {
			Value v = lower_expr(l, init);
			emit_assign(l, ir_acc(var), v, loc);
		}
	}
	end_full(l, loc, -1);
	avec_push(l->scratch, &l->scope->vars, var);
	avec_push(l->scratch, &l->scope->order, var);
}

static void
lower_decl(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	for (int i = 0; i < ks.n; i++)
		if (clang_getCursorKind(ks.v[i]) == CXCursor_VarDecl)
			lower_vardecl(l, ks.v[i]);
}

static void
lower_if(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	if (ks.n < 2)
		return;
	int bt = new_block(l), join = new_block(l);
	int bf = ks.n > 2 ? new_block(l) : join;
	lower_cond(l, ks.v[0], bt, bf);
	start(l, bt);
	lower_stmt(l, ks.v[1]);
	jump(l, join);
	if (ks.n > 2) {
		start(l, bf);
		lower_stmt(l, ks.v[2]);
		jump(l, join);
	}
	start(l, join);
}

static int
loop_begin(L *l, const char *kind, CXCursor s, int head, int exit)
{
	IrLoop lp = {0};
	lp.kind = kind;
	lp.loc = loc_start(l, s);
	lp.head = head;
	lp.exit = exit;
	lp.parent = l->loop;
	avec_push(&l->u->arena, &l->f->loops, lp);
	int saved = l->loop;
	l->loop = l->f->loops.n;
	block(l, head)->loop = l->loop;
	return saved;
}

/* Runs `body` with break/continue aimed at brk/cont. */
static void
lower_loop_body(L *l, CXCursor body, int brk, int cont)
{
	int sb = l->brk, sc = l->cont;
	Scope *sbs = l->brk_scope, *scs = l->cont_scope;
	l->brk = brk;
	l->cont = cont;
	l->brk_scope = l->cont_scope = l->scope;
	lower_stmt(l, body);
	l->brk = sb;
	l->cont = sc;
	l->brk_scope = sbs;
	l->cont_scope = scs;
}

static void
lower_while(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	if (ks.n < 2)
		return;
	int exit = new_block(l);
	int head = new_block(l);
	int saved = loop_begin(l, "while", s, head, exit);
	int body = new_block(l);
	jump(l, head);
	start(l, head);
	lower_cond(l, ks.v[0], body, exit);
	start(l, body);
	lower_loop_body(l, ks.v[1], exit, head);
	jump(l, head);
	l->loop = saved;
	start(l, exit);
}

static void
lower_do(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	if (ks.n < 2)
		return;
	int exit = new_block(l);
	int body = new_block(l);
	int saved = loop_begin(l, "do", s, body, exit);
	int test = new_block(l);
	jump(l, body);
	start(l, body);
	lower_loop_body(l, ks.v[0], exit, test);
	jump(l, test);
	start(l, test);
	lower_cond(l, ks.v[1], body, exit);
	l->loop = saved;
	start(l, exit);
}

/* Token offset of a cursor's start, in its file. */
static unsigned
offset_of(CXSourceLocation sl)
{
	unsigned off;
	clang_getExpansionLocation(sl, NULL, NULL, NULL, &off);
	return off;
}

/* Which of init / cond / inc / body each child of a for statement is: the
 * AST leaves absent parts out, so the semicolons of the header decide. */
static void
for_parts(L *l, CXCursor s, Kids ks, CXCursor part[4])
{
	for (int i = 0; i < 4; i++)
		part[i] = clang_getNullCursor();
	CXToken *toks;
	unsigned n;
	clang_tokenize(l->tu, clang_getCursorExtent(s), &toks, &n);
	unsigned semi[2] = {0, 0}, close = 0;
	int nsemi = 0, depth = 0;
	for (unsigned i = 0; i < n; i++) {
		if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
			continue;
		CXString sp = clang_getTokenSpelling(l->tu, toks[i]);
		const char *t = clang_getCString(sp);
		unsigned off = offset_of(clang_getTokenLocation(l->tu, toks[i]));
		if (strcmp(t, "(") == 0) {
			depth++;
		} else if (strcmp(t, ")") == 0) {
			if (--depth == 0 && !close) {
				close = off;
				clang_disposeString(sp);
				break;
			}
		} else if (strcmp(t, ";") == 0 && depth == 1 && nsemi < 2) {
			semi[nsemi++] = off;
		}
		clang_disposeString(sp);
	}
	clang_disposeTokens(l->tu, toks, n);
	if (nsemi == 2 && close) {
		for (int i = 0; i < ks.n; i++) {
			unsigned off = offset_of(clang_getRangeStart(clang_getCursorExtent(ks.v[i])));
			int p = off < semi[0] ? 0 : off < semi[1] ? 1 : off < close ? 2 : 3;
			part[p] = ks.v[i];
		}
		return;
	}
	/* No header tokens (a macro made the loop): all four, or guess. */
	if (ks.n == 4) {
		for (int i = 0; i < 4; i++)
			part[i] = ks.v[i];
	} else if (ks.n > 0) {
		part[3] = ks.v[ks.n - 1];
		if (ks.n > 1)
			part[0] = ks.v[0];
	}
}

static void
lower_for(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	CXCursor part[4];
	for_parts(l, s, ks, part);
	Scope scope;
	scope_push(l, &scope, clang_getNullCursor());
	if (!clang_Cursor_isNull(part[0])) {
		if (clang_getCursorKind(part[0]) == CXCursor_DeclStmt)
			lower_decl(l, part[0]);
		else {
			lower_expr(l, part[0]);
			end_full(l, loc_start(l, part[0]), -1);
		}
	}
	int exit = new_block(l);
	int head = new_block(l);
	int saved = loop_begin(l, "for", s, head, exit);
	int body = new_block(l), inc = new_block(l);
	jump(l, head);
	start(l, head);
	if (!clang_Cursor_isNull(part[1]))
		lower_cond(l, part[1], body, exit);
	else
		jump(l, body);
	start(l, body);
	if (!clang_Cursor_isNull(part[3]))
		lower_loop_body(l, part[3], exit, inc);
	jump(l, inc);
	start(l, inc);
	if (!clang_Cursor_isNull(part[2])) {
		l->discarded = part[2];
		lower_expr(l, part[2]);
		end_full(l, loc_start(l, part[2]), -1);
	}
	jump(l, head);
	l->loop = saved;
	start(l, exit);
	scope_leave(l, &scope, loc_last(l, s), 0);
	scope_pop(l);
}

/* Case and default labels of one switch, not of switches nested in it. */
static void
collect_cases(L *l, CXCursor s, CaseVec *out)
{
	Kids ks = kids(l, s);
	for (int i = 0; i < ks.n; i++) {
		enum CXCursorKind k = clang_getCursorKind(ks.v[i]);
		if (k == CXCursor_SwitchStmt || clang_isExpression(k))
			continue;
		if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt) {
			CaseMap m = {ks.v[i], new_block(l)};
			avec_push(l->scratch, out, m);
		}
		collect_cases(l, ks.v[i], out);
	}
}

static void
lower_switch(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	if (ks.n < 2)
		return;
	CXCursor body = ks.v[ks.n - 1];
	Value v = lower_expr(l, ks.v[ks.n - 2]);
	Loc loc = loc_start(l, s);
	end_full(l, loc, v.kind == VAL_ACCESS ? v.acc.var : -1);
	const char *text = source_text(l, ks.v[ks.n - 2]);
	CaseVec cases = {0};
	collect_cases(l, body, &cases);
	int exit = new_block(l), deflt = exit;
	for (int i = 0; i < cases.n; i++) {
		CXCursor c = cases.v[i].stmt;
		if (clang_getCursorKind(c) == CXCursor_DefaultStmt) {
			deflt = cases.v[i].block;
			continue;
		}
		Kids cs = kids(l, c);
		Value cv = cs.n > 0 ? lower_int(l, cs.v[0]) : val_unknown();
		if (v.kind == VAL_INT && cv.kind == VAL_INT && cs.n == 2) {
			if (cv.ival == v.ival) {        /* switch (CONSTANT) */
				jump(l, cases.v[i].block);
				start_dead(l);
			}
			continue;
		}
		Cond cond = {0};
		cond.loc = loc_start(l, c);
		cond.text = text;
		if (v.kind == VAL_ACCESS && cv.kind == VAL_INT && cs.n == 2) {
			cond.known = true;
			cond.lhs = v.acc;
			cond.lhs_str = v.str;
			cond.op = OP_EQ;
			cond.rhs = cv.ival;
		}
		int next = new_block(l);
		ir_branch(l->f, l->cur, cond, cases.v[i].block, next);
		start(l, next);
	}
	jump(l, deflt);
	start_dead(l);
	CaseVec *saved_cases = l->cases;
	l->cases = &cases;
	int sb = l->brk;
	Scope *sbs = l->brk_scope;
	l->brk = exit;
	l->brk_scope = l->scope;
	lower_stmt(l, body);
	jump(l, exit);
	l->brk = sb;
	l->brk_scope = sbs;
	l->cases = saved_cases;
	start(l, exit);
}

static void
lower_case(L *l, CXCursor s)
{
	int b = -1;
	if (l->cases)
		for (int i = 0; i < l->cases->n; i++)
			if (clang_equalCursors(l->cases->v[i].stmt, s))
				b = l->cases->v[i].block;
	if (b < 0)
		b = new_block(l);
	jump(l, b);
	start(l, b);
	/* case: value [, GNU range end], statement; default: statement */
	Kids ks = kids(l, s);
	int first = clang_getCursorKind(s) == CXCursor_CaseStmt ? 1 : 0;
	if (ks.n > first)
		lower_stmt(l, ks.v[ks.n - 1]);
}

static Label *
label_get(L *l, const char *name)
{
	for (int i = 0; i < l->labels.n; i++)
		if (l->labels.v[i].name == name)
			return &l->labels.v[i];
	Label lb = {0};
	lb.name = name;
	lb.block = new_block(l);
	avec_push(l->scratch, &l->labels, lb);
	return &l->labels.v[l->labels.n - 1];
}

/* Records, for every label, the compound statements around it, so that a
 * goto knows which scopes it leaves. */
typedef struct LabelWalk {
	L *l;
	unsigned chain[64];
	int n;
} LabelWalk;

static enum CXChildVisitResult
walk_labels(CXCursor c, CXCursor parent, CXClientData data)
{
	LabelWalk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_LabelStmt) {
		Label *lb = label_get(w->l, spelling(w->l, c));
		lb->nchain = w->n;
		lb->chain = arena_alloc(w->l->scratch, sizeof(unsigned) * (size_t)(w->n + 1));
		memcpy(lb->chain, w->chain, sizeof(unsigned) * (size_t)w->n);
	}
	if (k == CXCursor_CompoundStmt && w->n < 64) {
		w->chain[w->n++] = clang_hashCursor(c);
		clang_visitChildren(c, walk_labels, w);
		w->n--;
		return CXChildVisit_Continue;
	}
	if (clang_isExpression(k) && k != CXCursor_StmtExpr)
		return CXChildVisit_Continue;
	return CXChildVisit_Recurse;
}

static bool
label_inside(const Label *lb, unsigned hash)
{
	for (int i = 0; i < lb->nchain; i++)
		if (lb->chain[i] == hash)
			return true;
	return false;
}

/* A goto back to a label placed earlier closes a loop: its body is the
 * natural loop of that back edge, everything that reaches the goto from the
 * label without passing the label again.  Computed once the whole body is
 * lowered (loops_from_gotos). */
static void
record_goto_loop(L *l, const Label *lb)
{
	BackEdge be = {lb->block, l->cur, block(l, lb->block)->loop, lb->loc};
	avec_push(l->scratch, &l->backs, be);
}

static void
loops_from_gotos(L *l)
{
	IrFunc *f = l->f;
	int n = f->blocks.n;
	if (l->backs.n == 0)
		return;
	/* predecessor lists */
	int *npred = arena_alloc(l->scratch, sizeof(int) * (size_t)(n + 1));
	int *first = arena_alloc(l->scratch, sizeof(int) * (size_t)(n + 1));
	for (int b = 0; b < n; b++)
		for (int k = 0; k < 2; k++)
			if (f->blocks.v[b]->succ[k] >= 0 && (k == 0 || f->blocks.v[b]->term == T_BRANCH))
				npred[f->blocks.v[b]->succ[k]]++;
	int total = 0;
	for (int b = 0; b < n; b++) {
		first[b] = total;
		total += npred[b];
		npred[b] = 0;
	}
	int *pred = arena_alloc(l->scratch, sizeof(int) * (size_t)(total + 1));
	for (int b = 0; b < n; b++)
		for (int k = 0; k < 2; k++) {
			int t = f->blocks.v[b]->succ[k];
			if (t >= 0 && (k == 0 || f->blocks.v[b]->term == T_BRANCH))
				pred[first[t] + npred[t]++] = b;
		}
	char *in = arena_alloc(l->scratch, (size_t)n + 1);
	int *stack = arena_alloc(l->scratch, sizeof(int) * (size_t)(n + 1));
	for (int i = 0; i < l->backs.n; i++) {
		BackEdge be = l->backs.v[i];
		memset(in, 0, (size_t)n);
		in[be.head] = 1;
		int sp = 0;
		if (!in[be.src]) {
			in[be.src] = 1;
			stack[sp++] = be.src;
		}
		while (sp > 0) {
			int b = stack[--sp];
			for (int k = 0; k < npred[b]; k++) {
				int p = pred[first[b] + k];
				if (!in[p]) {
					in[p] = 1;
					stack[sp++] = p;
				}
			}
		}
		IrLoop lp = {0};
		lp.kind = "goto";
		lp.loc = be.loc;
		lp.head = be.head;
		lp.exit = -1;
		lp.parent = be.outer;
		avec_push(&l->u->arena, &f->loops, lp);
		int id = f->loops.n;
		for (int j = 0; j < id - 1; j++)
			if (f->loops.v[j].parent == be.outer && in[f->loops.v[j].head])
				f->loops.v[j].parent = id;
		for (int b = 0; b < n; b++)
			if (in[b] && f->blocks.v[b]->loop == be.outer)
				f->blocks.v[b]->loop = id;
	}
}

static void
lower_goto(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	const char *name = NULL;
	for (int i = 0; i < ks.n && !name; i++)
		if (clang_getCursorKind(ks.v[i]) == CXCursor_LabelRef)
			name = spelling(l, ks.v[i]);
	if (!name) {
		ir_end(l->f, l->cur, T_EXIT, loc_start(l, s));
		start_dead(l);
		return;
	}
	Label *lb = label_get(l, name);
	Loc loc = loc_start(l, s);
	if (lb->placed)
		record_goto_loop(l, lb);
	for (Scope *sc = l->scope; sc; sc = sc->up) {
		if (sc->hash && label_inside(lb, sc->hash))
			break;
		if (!sc->up)
			break;      /* the function's own scope is never left */
		scope_leave(l, sc, loc, 0);
	}
	jump(l, lb->block);
	start_dead(l);
}

static void
lower_return(L *l, CXCursor s)
{
	Kids ks = kids(l, s);
	Value v = {.kind = VAL_NONE};
	Loc loc = loc_start(l, s);
	if (ks.n > 0)
		v = lower_expr(l, ks.v[0]);
	scopes_leave(l, NULL, loc, 1);
	/* Temporaries other than the returned value die before leaving. */
	end_full(l, loc, v.kind == VAL_ACCESS ? v.acc.var : -1);
	ir_return(l->f, l->cur, v, loc);
	start_dead(l);
}

static bool
is_defer(L *l, CXCursor s)
{
	CXToken *toks;
	unsigned n;
	bool yes = false;
	clang_tokenize(l->tu, clang_getCursorExtent(s), &toks, &n);
	if (n > 0) {
		CXString sp = clang_getTokenSpelling(l->tu, toks[0]);
		const char *t = clang_getCString(sp);
		yes = strcmp(t, "_Defer") == 0 || strcmp(t, "defer") == 0;
		clang_disposeString(sp);
	}
	clang_disposeTokens(l->tu, toks, n);
	return yes;
}

/* Is e an assertion that the build compiled out (`Assert(res == NULL)`
 * expanding to `((void)true)`, `assert(p)` under NDEBUG to `((void)0)`)?
 * Its text still states what the code relies on: for `NAME == NULL`,
 * `NAME != 0`, `!NAME`, `NAME` and `NAME <op> 0` on a variable of the
 * function, the path goes on where it holds and is dropped where it does
 * not (the code says that cannot happen).  True when it was read. */
static bool
compiled_out_assertion(L *l, CXCursor e)
{
	CXCursor c = strip(l, e);
	if (clang_getCursorKind(c) != CXCursor_CStyleCastExpr ||
	    clang_getCursorType(c).kind != CXType_Void)
		return false;
	Kids ks = kids(l, c);
	if (ks.n == 0)
		return false;
	enum CXCursorKind lk = clang_getCursorKind(strip(l, ks.v[ks.n - 1]));
	if (lk != CXCursor_IntegerLiteral && lk != CXCursor_CXXBoolLiteralExpr)
		return false;
	const char *text = source_text(l, e);
	const char *open = strchr(text, '(');
	size_t n = strlen(text);
	if (!open || n < 4 || text[n - 1] != ')')
		return false;
	/* the macro's name says it is an assertion: assert, Assert, g_assert,
	 * DBUG_ASSERT, AssertArg... */
	char name[64];
	size_t k = (size_t)(open - text);
	if (k == 0 || k >= sizeof(name))
		return false;
	for (size_t i = 0; i < k; i++)
		name[i] = (char)tolower((unsigned char)text[i]);
	name[k] = '\0';
	if (!strstr(name, "assert"))
		return false;
	char cond[128];
	size_t m = n - k - 2;
	if (m == 0 || m >= sizeof(cond))
		return false;
	memcpy(cond, open + 1, m);
	cond[m] = '\0';
	bool neg = cond[0] == '!';
	char var[64], op[3] = "", rhs[16] = "";
	int used = 0;
	if (sscanf(cond + neg, "%63[A-Za-z0-9_] %n", var, &used) != 1)
		return false;
	const char *rest = cond + neg + used;
	if (*rest && (neg || sscanf(rest, "%2[=!<>] %15[A-Za-z0-9_]", op, rhs) != 2))
		return false;
	if (*rest && strcmp(rhs, "NULL") != 0 && strcmp(rhs, "0") != 0)
		return false;
	int v = -1;
	for (int i = l->f->vars.n - 1; i >= 0 && v < 0; i--) {
		const IrVar *iv = &l->f->vars.v[i];
		if ((iv->kind == VAR_LOCAL || iv->kind == VAR_PARAM) && strcmp(iv->name, var) == 0)
			v = i;
	}
	if (v < 0)
		return false;
	CmpOp cop = OP_NE;                       /* NAME */
	if (neg)
		cop = OP_EQ;                     /* !NAME */
	else if (*rest)
		cop = strcmp(op, "==") == 0 ? OP_EQ : strcmp(op, "!=") == 0 ? OP_NE :
		      strcmp(op, "<") == 0 ? OP_LT : strcmp(op, "<=") == 0 ? OP_LE :
		      strcmp(op, ">") == 0 ? OP_GT : strcmp(op, ">=") == 0 ? OP_GE : OP_NONE;
	if (cop == OP_NONE)
		return false;
	Loc loc = loc_start(l, e);
	Cond cd = {.known = true, .bare = !*rest, .lhs = ir_acc(v), .op = cop, .rhs = 0,
		   .text = ir_intern(l->u, cond), .loc = loc};
	int holds = new_block(l), fails = new_block(l);
	ir_branch(l->f, l->cur, cd, holds, fails);
	/* where it fails: a path the code says cannot run, not an exit of
	 * this build (nothing held there is reported, --report-at-exit or
	 * not): a block that only goes to itself */
	ir_goto(l->f, fails, fails);
	start(l, holds);
	return true;
}

static void
lower_stmt_kind(L *l, CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	switch (k) {
	case CXCursor_CompoundStmt:
		lower_compound(l, s);
		break;
	case CXCursor_DeclStmt:
		lower_decl(l, s);
		break;
	case CXCursor_IfStmt:
		lower_if(l, s);
		break;
	case CXCursor_WhileStmt:
		lower_while(l, s);
		break;
	case CXCursor_DoStmt:
		lower_do(l, s);
		break;
	case CXCursor_ForStmt:
		lower_for(l, s);
		break;
	case CXCursor_SwitchStmt:
		lower_switch(l, s);
		break;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		lower_case(l, s);
		break;
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt: {
		int brk = k == CXCursor_BreakStmt;
		int to = brk ? l->brk : l->cont;
		if (to < 0)
			break;
		scopes_leave(l, brk ? l->brk_scope : l->cont_scope, loc_start(l, s), 0);
		jump(l, to);
		start_dead(l);
		break;
	}
	case CXCursor_ReturnStmt:
		lower_return(l, s);
		break;
	case CXCursor_GotoStmt:
		lower_goto(l, s);
		break;
	case CXCursor_IndirectGotoStmt:
		ir_end(l->f, l->cur, T_EXIT, loc_start(l, s));
		start_dead(l);
		break;
	case CXCursor_LabelStmt: {
		Label *lb = label_get(l, spelling(l, s));
		jump(l, lb->block);
		start(l, lb->block);
		block(l, lb->block)->loop = l->loop;
		lb->placed = true;
		lb->loc = loc_start(l, s);
		Kids ks = kids(l, s);
		if (ks.n > 0)
			lower_stmt(l, ks.v[ks.n - 1]);
		break;
	}
	case CXCursor_NullStmt:
	case CXCursor_GCCAsmStmt:
		break;
	case CXCursor_UnexposedStmt:
		if (is_defer(l, s)) {
			Kids ks = kids(l, s);
			if (ks.n > 0 && l->scope) {
				avec_push(l->scratch, &l->scope->defers, ks.v[ks.n - 1]);
				avec_push(l->scratch, &l->scope->order, ~(l->scope->defers.n - 1));
			}
			break;
		}
		/* fall through */
	default:
		if (clang_isExpression(k) && compiled_out_assertion(l, s)) {
			break;
		} else if (clang_isExpression(k)) {
			Loc loc = loc_start(l, s);
			l->discarded = s;   /* x++; as a statement: no old value */
			lower_expr(l, s);
			end_full(l, loc, -1);
		} else {
			Kids ks = kids(l, s);
			for (int i = 0; i < ks.n; i++)
				lower_stmt(l, ks.v[i]);
		}
		break;
	}
}

static void
lower_stmt(L *l, CXCursor s)
{
	if (l->depth > MAX_DEPTH) {
		l->f->truncated = true;
		return;
	}
	l->depth++;
	lower_stmt_kind(l, s);
	l->depth--;
}

static void
lower_compound(L *l, CXCursor s)
{
	Scope scope;
	scope_push(l, &scope, s);
	Kids ks = kids(l, s);
	for (int i = 0; i < ks.n; i++)
		lower_stmt(l, ks.v[i]);
	if (block(l, l->cur)->term == T_NONE)
		scope_leave(l, &scope, loc_last(l, s), 0);
	scope_pop(l);
}

/* ---- functions and units ----------------------------------------------- */

void
lower_function(const FeUnit *x, CXCursor fn)
{
	L l = {0};
	l.x = x;
	l.tu = x->tu;
	l.u = x->u;
	l.scratch = x->scratch;
	l.brk = l.cont = -1;
	l.memory_var = -1;
	l.errno_var = -1;
	CXString name = clang_getCursorSpelling(fn);
	Loc loc = loc_name(&l, fn);
	l.f = ir_func_new(l.u, clang_getCString(name), loc);
	clang_disposeString(name);
	l.cur = 0;
	CXType rt = clang_getCanonicalType(clang_getResultType(clang_getCursorType(fn)));
	l.f->returns_pointer = rt.kind == CXType_Pointer;
	l.f->returns_aggregate = rt.kind == CXType_Record;
	uint8_t shape = shape_of(rt);
	l.f->returns_number = shape == SHAPE_BARE || shape == SHAPE_INT;
	l.f->is_static = clang_Cursor_getStorageClass(fn) == CX_SC_Static;
	int nparams = clang_Cursor_getNumArguments(fn);
	for (int i = 0; i < nparams; i++)
		var_declare(&l, clang_Cursor_getArgument(fn, (unsigned)i), VAR_PARAM);
	l.f->nparams = nparams > 0 ? nparams : 0;

	Kids ks = kids(&l, fn);
	CXCursor body = clang_getNullCursor();
	for (int i = 0; i < ks.n; i++)
		if (clang_getCursorKind(ks.v[i]) == CXCursor_CompoundStmt)
			body = ks.v[i];
	if (clang_Cursor_isNull(body))
		return;
	LabelWalk w = {.l = &l};
	w.chain[w.n++] = clang_hashCursor(body);
	clang_visitChildren(body, walk_labels, &w);
	l.body = body;

	Scope top;
	scope_push(&l, &top, body);
	Kids stmts = kids(&l, body);
	for (int i = 0; i < stmts.n; i++)
		lower_stmt(&l, stmts.v[i]);
	l.f->end = loc_last(&l, body);
	if (block(&l, l.cur)->term == T_NONE)
		scope_leave(&l, &top, l.f->end, 1);
	scope_pop(&l);
	loops_from_gotos(&l);
	/* Falling off the end returns; so do blocks nothing reaches. */
	for (int i = 0; i < l.f->blocks.n; i++)
		if (l.f->blocks.v[i]->term == T_NONE)
			ir_return(l.f, i, (Value){.kind = VAL_NONE}, l.f->end);
	if (l.f->truncated && x->d)
		diag_note(x->d, l.f->loc.file, l.f->loc.line, l.f->loc.col,
			  "'%s' is nested more than %d deep: what is nested deeper is not "
			  "analysed; findings for it may be incomplete", l.f->name, MAX_DEPTH);
}
