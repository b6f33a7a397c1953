/* SPDX-License-Identifier: MIT */
/*
 * irtext: reads the IR's text form (irtext.h) back into an IrUnit.  One
 * line at a time, one function at a time: a line is a function header, a
 * declaration, a block header, an event ("LINE: ...") or a terminator.
 * The first error ends the read (the unit is freed, NULL returned); the
 * unit and every string belong to the unit's arena.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "irtext.h"

enum { MAX_BLOCKS = 1 << 20 };

typedef struct P {
	IrUnit *u;
	IrFunc *f;            /* the function being read, or NULL */
	Diag *d;
	const char *file;     /* interned */
	int line;             /* of the text */
	const char *start;    /* the line, comment stripped */
	const char *s;        /* cursor in it */
	int defined;          /* blocks of f with a header so far */
	int cur;              /* block being filled, -1 none */
	bool closed;          /* cur has its terminator */
	int last_line;        /* IR line of the last event or terminator */
	int func_line;        /* text line of f's header */
	bool failed;
} P;

static bool
fail(P *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!p->failed)
		diag_error(p->d, p->file, p->line, (int)(p->s - p->start) + 1, "%s", msg);
	p->failed = true;
	return false;
}

static void
skip_ws(P *p)
{
	while (*p->s == ' ' || *p->s == '\t')
		p->s++;
}

static bool
at_end(P *p)
{
	skip_ws(p);
	return *p->s == '\0';
}

/* Consumes lit (after blanks) if the text continues with it. */
static bool
take(P *p, const char *lit)
{
	skip_ws(p);
	size_t n = strlen(lit);
	if (strncmp(p->s, lit, n) != 0)
		return false;
	p->s += n;
	return true;
}

static bool
need(P *p, const char *lit)
{
	return take(p, lit) || fail(p, "expected '%s'", lit);
}

/* A keyword: lit as a whole word, not a name being assigned or called. */
static bool
keyword(P *p, const char *lit)
{
	const char *save = p->s;
	if (!take(p, lit) || isalnum((unsigned char)*p->s) || *p->s == '_') {
		p->s = save;
		return false;
	}
	const char *after = p->s;
	skip_ws(p);
	if (*p->s == '(' || (*p->s == '=' && p->s[1] != '=')) {
		p->s = save;
		return false;
	}
	p->s = after;
	return true;
}

static bool
is_word(int c)
{
	return isalnum(c) || c == '_';
}

/* A name: an identifier, a temporary "%t3", or "<memory>". */
static const char *
name(P *p)
{
	skip_ws(p);
	const char *b = p->s;
	if (strncmp(p->s, "<memory>", 8) == 0) {
		p->s += 8;
	} else {
		if (*p->s == '%')
			p->s++;
		if (!is_word((unsigned char)*p->s) || isdigit((unsigned char)*b)) {
			fail(p, "expected a name");
			return NULL;
		}
		while (is_word((unsigned char)*p->s))
			p->s++;
	}
	char *t = arena_strndup(&p->u->arena, b, (size_t)(p->s - b));
	return ir_intern(p->u, t);
}

static bool
number(P *p, long long *out)
{
	skip_ws(p);
	char *end;
	errno = 0;
	long long v = strtoll(p->s, &end, 10);
	if (end == p->s || (!isdigit((unsigned char)*p->s) && *p->s != '-'))
		return fail(p, "expected a number");
	if (errno == ERANGE)
		return fail(p, "number out of range");
	p->s = end;
	*out = v;
	return true;
}

static int
var_find(const IrFunc *f, const char *nm)
{
	for (int i = 0; i < f->vars.n; i++)
		if (f->vars.v[i].name == nm)
			return i;
	return -1;
}

/* The variable named nm, made a local (temporary, global) on first use. */
static int
var_ref(P *p, const char *nm)
{
	int v = var_find(p->f, nm);
	if (v >= 0)
		return v;
	VarKind k = nm[0] == '%' ? VAR_TEMP : nm[0] == '<' ? VAR_GLOBAL : VAR_LOCAL;
	return ir_var_add(p->u, p->f, nm, k);
}

/* [*]name[[]][[N]|->field|.field][...], as dump_acc() prints it. */
static bool path_spelt(P *p, const char **out);

static bool
access(P *p, Access *a)
{
	*a = (Access){0};
	a->deref = take(p, "*");
	const char *nm = name(p);
	if (!nm)
		return false;
	a->var = var_ref(p, nm);
	if (strncmp(p->s, "[]", 2) == 0) {
		a->index = true;
		p->s += 2;
	}
	if (*p->s == '[') {             /* v[2]: an element of a local array */
		const char *b = p->s++;
		while (isdigit((unsigned char)*p->s))
			p->s++;
		if (p->s == b + 1 || *p->s != ']')
			return fail(p, "expected '[]' or '[N]'");
		p->s++;
		a->field = ir_intern(p->u, arena_strndup(&p->u->arena, b, (size_t)(p->s - b)));
		if ((*p->s == '.' && p->s[1] != '.') || strncmp(p->s, "->", 2) == 0)
			return fail(p, "an element and a field in one access (write it deep: v[2]...)");
	}
	bool arrow = strncmp(p->s, "->", 2) == 0;
	if (arrow || (*p->s == '.' && p->s[1] != '.')) {
		if (a->deref)
			return fail(p, "'*' and a field in one access");
		p->s += arrow ? 2 : 1;
		a->deref = arrow;
		if (*p->s == '*') {     /* a member of an initializer list */
			p->s++;
			a->field = ir_intern(p->u, "*");
		} else if (!(a->field = name(p))) {
			return false;
		}
	}
	if (strncmp(p->s, "...", 3) == 0) {
		a->deep = true;
		p->s += 3;
	}
	return path_spelt(p, &a->path);
}

static int
hex(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* A string literal as dump_str() writes it. */
static bool
string(P *p, Value *v)
{
	p->s++;
	char *buf = arena_alloc(&p->u->arena, strlen(p->s) + 1);
	size_t n = 0;
	for (; *p->s && *p->s != '"'; p->s++) {
		char c = *p->s;
		if (c == '\\') {
			c = *++p->s;
			if (c == 'n' || c == 't' || c == 'r')
				c = c == 'n' ? '\n' : c == 't' ? '\t' : '\r';
			else if (c == 'x' && isxdigit((unsigned char)p->s[1]) &&
				 isxdigit((unsigned char)p->s[2])) {
				c = (char)(hex((unsigned char)p->s[1]) * 16 + hex((unsigned char)p->s[2]));
				p->s += 2;
			} else if (c != '"' && c != '\\')
				return fail(p, "unknown escape in a string");
		}
		buf[n++] = c;
	}
	if (*p->s != '"')
		return fail(p, "unterminated string");
	p->s++;
	v->kind = VAL_STR;
	v->str = ir_intern(p->u, buf);
	return true;
}

/* - ? 12 "text" &acc fn:name acc acc{path}, as dump_val() prints them. */
/* "{c->conns[0]}" after an access: the path as the source spells it,
 * or nothing (*out stays NULL). */
static bool
path_spelt(P *p, const char **out)
{
	if (*p->s != '{')
		return true;
	const char *b = ++p->s;
	while (*p->s && *p->s != '}' && *p->s != '\n')
		p->s++;
	if (*p->s != '}' || p->s == b)
		return fail(p, "expected the spelling of a path and '}'");
	char *t = arena_strndup(&p->u->arena, b, (size_t)(p->s - b));
	p->s++;
	*out = ir_intern(p->u, t);
	return true;
}

static bool
value(P *p, Value *v)
{
	*v = (Value){0};
	skip_ws(p);
	char c = *p->s;
	if (c == '-' && !isdigit((unsigned char)p->s[1])) {
		p->s++;
		v->kind = VAL_NONE;
		return true;
	}
	if (c == '?') {
		p->s++;
		v->kind = VAL_UNKNOWN;
		return true;
	}
	if (isdigit((unsigned char)c) || c == '-') {
		v->kind = VAL_INT;
		return number(p, &v->ival);
	}
	if (c == '"')
		return string(p, v);
	if (take(p, "fn:")) {
		v->kind = VAL_FUNC;
		return (v->str = name(p)) != NULL;
	}
	v->kind = take(p, "&") ? VAL_ADDR : VAL_ACCESS;
	if (!access(p, &v->acc))
		return false;
	if (v->kind == VAL_ACCESS && (p->s[0] == ' ' && (p->s[1] == '+' || p->s[1] == '-') &&
				      p->s[2] == ' ' && isdigit((unsigned char)p->s[3]))) {
		/* x + 1: a step of a plain variable */
		bool minus = p->s[1] == '-';
		p->s += 3;
		long long n;
		if (!number(p, &n))
			return false;
		if (v->acc.field || v->acc.deref || v->acc.index || v->acc.deep)
			return fail(p, "a step applies to a plain variable");
		v->kind = VAL_STEP;
		v->ival = minus ? -n : n;
		return true;
	}
	v->str = v->acc.path;
	return true;
}

/* Block n, created (empty) if the text has not reached it yet. */
static bool
block_ref(P *p, int *out)
{
	skip_ws(p);
	long long n;
	if (*p->s != 'b')
		return fail(p, "expected a block (bN)");
	p->s++;
	if (!number(p, &n))
		return false;
	if (n < 0 || n >= MAX_BLOCKS)
		return fail(p, "block number out of range");
	while (p->f->blocks.n <= n)
		ir_block_new(p->u, p->f);
	*out = (int)n;
	return true;
}

static Loc
loc_at(P *p, int line)
{
	return (Loc){.file = p->file, .line = line, .col = line ? 1 : 0};
}

static bool
args(P *p, IrEvent *e)
{
	VEC(Value) vs = {0};
	bool ok = true;
	if (!take(p, ")")) {
		do {
			Value v;
			bool borrowed = keyword(p, "const");
			if (!(ok = value(p, &v)))
				break;
			if (borrowed && vs.n >= 64) {
				ok = fail(p, "'const' on an argument past the 64th");
				break;
			}
			if (borrowed)
				e->borrowed |= (uint64_t)1 << vs.n;
			vec_push(&vs, v);
		} while (take(p, ","));
		ok = ok && need(p, ")");
	}
	e->nargs = vs.n;
	if (ok && vs.n) {
		e->args = arena_alloc(&p->u->arena, sizeof(Value) * (size_t)vs.n);
		memcpy(e->args, vs.v, sizeof(Value) * (size_t)vs.n);
	}
	vec_free(&vs);
	return ok;
}

/* An optional `via "USR"` (a struct member) into *usr. */
static bool
via(P *p, const char **usr)
{
	if (!keyword(p, "via"))
		return true;
	Value v;
	skip_ws(p);
	if (*p->s != '"')
		return fail(p, "expected the member's USR after 'via'");
	if (!string(p, &v))
		return false;
	*usr = v.str;
	return true;
}

/* The macro's arguments after its name: `(1, -, 0)`, each the index of
 * the call's argument that is it, or - (IrEvent.margv). */
static bool
macro_args(P *p, IrEvent *e)
{
	if (!need(p, "("))
		return false;
	VEC(int) v = {0};
	bool ok = true;
	if (!take(p, ")")) {
		do {
			long long k = -1;
			if (!take(p, "-") && (!number(p, &k) || k < 0 || k > 255)) {
				ok = k < 0 || k > 255 ? fail(p, "a macro's argument is a call's argument 0 to 255, or -") : false;
				break;
			}
			vec_push(&v, (int)k);
		} while (take(p, ","));
		ok = ok && need(p, ")");
	}
	if (ok && v.n) {
		e->margc = v.n;
		e->margv = arena_alloc(&p->u->arena, sizeof(int) * (size_t)v.n);
		memcpy(e->margv, v.v, sizeof(int) * (size_t)v.n);
	}
	vec_free(&v);
	return ok;
}

/* Does a call start here: [cleanup ]callee( or <indirect>( or
 * <indirect via "USR">( ? */
static bool
call_ahead(P *p)
{
	const char *t = p->s;
	while (*t == ' ')
		t++;
	if (strncmp(t, "cleanup ", 8) == 0)
		t += 8;
	if (strncmp(t, "macro ", 6) == 0) {
		t += 6;
		while (is_word((unsigned char)*t))
			t++;
		if (*t == '(')
			while (*t && *t != ')')
				t++;
		if (*t == ')')
			t++;
		while (*t == ' ')
			t++;
	}
	if (strncmp(t, "<indirect>(", 11) == 0 || strncmp(t, "<indirect via ", 14) == 0)
		return true;
	const char *w = t;
	while (is_word((unsigned char)*t))
		t++;
	return t > w && *t == '(';
}

static bool
call(P *p, int line, const Access *dst)
{
	IrEvent *e = ir_emit(p->u, p->f, p->cur, EV_CALL, loc_at(p, line));
	if (dst) {
		e->has_dst = true;
		e->dst = *dst;
	}
	e->cleanup = keyword(p, "cleanup");
	if (keyword(p, "macro")) {
		skip_ws(p);
		if (!isalpha((unsigned char)*p->s) && *p->s != '_')
			return fail(p, "expected the macro's name after 'macro'");
		if (!(e->macro = name(p)) || !macro_args(p, e))
			return false;
	}
	if (take(p, "<indirect")) {
		if (!via(p, &e->via) || !need(p, ">"))
			return false;
	} else if (!(e->callee = name(p))) {
		return false;
	}
	if (!need(p, "(") || !args(p, e))
		return false;
	for (int k = 0; k < e->margc; k++)
		if (e->margv[k] >= e->nargs)
			return fail(p, "the macro's argument %d is the call's %d of %d", k, e->margv[k],
				    e->nargs);
	return true;
}

/* "LINE: ..." : an event, or a terminator with its line. */
static bool
event(P *p, int line)
{
	if (p->cur < 0 || p->closed)
		return fail(p, p->cur < 0 ? "an event outside a block" : "an event after the block's terminator");
	p->last_line = line;
	if (keyword(p, "kill")) {
		const char *nm = name(p);
		if (!nm)
			return false;
		ir_emit(p->u, p->f, p->cur, EV_KILL, loc_at(p, line))->var = var_ref(p, nm);
		return true;
	}
	if (keyword(p, "use")) {
		IrEvent *e = ir_emit(p->u, p->f, p->cur, EV_USE, loc_at(p, line));
		return value(p, &e->src);
	}
	if (call_ahead(p))
		return call(p, line, NULL);
	Access dst;
	if (!access(p, &dst) || !need(p, "="))
		return false;
	if (call_ahead(p))
		return call(p, line, &dst);
	IrEvent *e = ir_emit(p->u, p->f, p->cur, EV_ASSIGN, loc_at(p, line));
	e->has_dst = true;
	e->dst = dst;
	return value(p, &e->src);
}

static bool
cmp_op(P *p, CmpOp *op)
{
	static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
	static const CmpOp kinds[] = {OP_EQ, OP_NE, OP_LE, OP_GE, OP_LT, OP_GT};
	for (int i = 0; i < 6; i++)
		if (take(p, ops[i])) {
			*op = kinds[i];
			return true;
		}
	return fail(p, "expected a comparison");
}

/* if ? then bN else bM | if ACC OP INT then bN else bM */
static bool
branch(P *p, int line)
{
	Cond c = {0};
	c.loc = loc_at(p, line);
	skip_ws(p);
	const char *b = p->s;
	if (!take(p, "?")) {
		c.known = true;
		if (!access(p, &c.lhs) || !cmp_op(p, &c.op) || !number(p, &c.rhs))
			return false;
		c.lhs_str = c.lhs.path;
		c.text = arena_strndup(&p->u->arena, b, (size_t)(p->s - b));
	}
	int t, f;
	if (!need(p, "then") || !block_ref(p, &t) || !need(p, "else") || !block_ref(p, &f))
		return false;
	ir_branch(p->f, p->cur, c, t, f);
	return true;
}

static bool
terminator(P *p, int line)
{
	Loc at = loc_at(p, line);
	int to;
	if (keyword(p, "goto")) {
		if (!block_ref(p, &to))
			return false;
		ir_goto(p->f, p->cur, to);
		p->f->blocks.v[p->cur]->loc = at;
	} else if (keyword(p, "if")) {
		if (!branch(p, line))
			return false;
	} else if (keyword(p, "return")) {
		Value v;
		if (!value(p, &v))
			return false;
		ir_return(p->f, p->cur, v, at);
	} else if (keyword(p, "exit")) {
		ir_end(p->f, p->cur, T_EXIT, at);
	} else if (keyword(p, "longjmp")) {
		ir_end(p->f, p->cur, T_LONGJMP, at);
	} else if (take(p, "<none>")) {
		ir_end(p->f, p->cur, T_NONE, at);
	} else {
		return fail(p, "expected an event or a terminator");
	}
	p->closed = true;
	return true;
}

/* A terminator, with its line (after "LINE:") or at the last line. */
static bool
term_line(P *p, int line)
{
	if (p->cur < 0 || p->closed)
		return fail(p, p->cur < 0 ? "a terminator outside a block" : "a second terminator");
	p->last_line = line;
	return terminator(p, line);
}

static bool
is_term(P *p)
{
	return keyword(p, "goto") || keyword(p, "if") || keyword(p, "return") ||
	       keyword(p, "exit") || keyword(p, "longjmp") || take(p, "<none>");
}

/* "LINE: event" or "LINE: terminator". */
static bool
numbered(P *p)
{
	long long n;
	if (!number(p, &n))
		return false;
	if (n < 0 || n > 100000000)
		return fail(p, "line number out of range");
	if (*p->s != ':')
		return fail(p, "expected ':' after the line number");
	p->s++;
	skip_ws(p);
	const char *save = p->s;
	bool term = is_term(p);
	p->s = save;
	return term ? term_line(p, (int)n) : event(p, (int)n);
}

static bool
block_closed(P *p)
{
	if (p->cur >= 0 && !p->closed)
		return fail(p, "block b%d has no terminator", p->cur);
	return true;
}

/* "bN:" with an optional "(loop)" or "(loop N)". */
static bool
block_header(P *p)
{
	int n;
	if (!block_closed(p) || !block_ref(p, &n) || !need(p, ":"))
		return false;
	if (n != p->defined)
		return fail(p, "expected block b%d here (blocks are written in order)", p->defined);
	IrBlock *b = p->f->blocks.v[n];
	if (take(p, "(loop")) {
		long long l = p->f->loops.n;
		if (!take(p, ")")) {
			if (!number(p, &l) || !need(p, ")"))
				return false;
			if (l < 1 || l > p->f->loops.n)
				return fail(p, "no loop %lld declared", l);
		} else if (l == 0) {
			IrLoop lp = {.kind = "loop", .loc = loc_at(p, 0), .head = n, .exit = -1};
			avec_push(&p->u->arena, &p->f->loops, lp);
			l = 1;
		}
		b->loop = (int)l;
	}
	p->defined++;
	p->cur = n;
	p->closed = false;
	return true;
}

/* "param|local|global|static [TYPE] NAME": the name is the last word. */
static bool
decl(P *p, VarKind kind)
{
	skip_ws(p);
	const char *b = p->s, *e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	const char *n = e;
	while (n > b && is_word((unsigned char)n[-1]))
		n--;
	if (n == e || isdigit((unsigned char)*n))
		return fail(p, "expected a variable name at the end");
	const char *t = n;
	while (t > b && (t[-1] == ' ' || t[-1] == '\t'))
		t--;
	const char *nm = ir_intern(p->u, arena_strndup(&p->u->arena, n, (size_t)(e - n)));
	if (var_find(p->f, nm) >= 0)
		return fail(p, "'%s' is declared twice", nm);
	if (kind == VAR_PARAM && p->f->nparams != p->f->vars.n)
		return fail(p, "parameters come before the other variables");
	int v = ir_var_add(p->u, p->f, nm, kind);
	IrVar *iv = &p->f->vars.v[v];
	if (kind == VAR_PARAM)
		p->f->nparams++;
	iv->loc = loc_at(p, 0);
	if (t > b) {
		iv->type = ir_intern(p->u, arena_strndup(&p->u->arena, b, (size_t)(t - b)));
		iv->is_pointer = t[-1] == '*';
		iv->is_aggregate = !iv->is_pointer && (strchr(iv->type, '[') ||
			strncmp(iv->type, "struct ", 7) == 0 || strncmp(iv->type, "union ", 6) == 0);
		iv->is_scalar = !iv->is_aggregate;
	}
	p->s = e;
	return true;
}

/* "loop KIND LINE [in N]" */
static bool
loop_decl(P *p)
{
	IrLoop lp = {.head = -1, .exit = -1};
	long long line, parent = 0;
	if (!(lp.kind = name(p)) || !number(p, &line))
		return false;
	if (keyword(p, "in") && !number(p, &parent))
		return false;
	if (parent < 0 || parent > p->f->loops.n)
		return fail(p, "no loop %lld declared", parent);
	lp.loc = loc_at(p, (int)line);
	lp.parent = (int)parent;
	avec_push(&p->u->arena, &p->f->loops, lp);
	return true;
}

static bool
declaration(P *p)
{
	if (p->defined)
		return fail(p, "declarations come before the first block");
	if (keyword(p, "param"))
		return decl(p, VAR_PARAM);
	if (keyword(p, "local"))
		return decl(p, VAR_LOCAL);
	if (keyword(p, "global"))
		return decl(p, VAR_GLOBAL);
	if (keyword(p, "static")) {
		if (!decl(p, VAR_GLOBAL))
			return false;
		p->f->vars.v[p->f->vars.n - 1].confined = true;
		return true;
	}
	if (keyword(p, "loop"))
		return loop_decl(p);
	return fail(p, "expected a declaration, a block or an event");
}

/* Checks the function read so far: every block used is defined and ends. */
static bool
func_end(P *p)
{
	if (!p->f)
		return true;
	if (!block_closed(p))
		return false;
	if (p->defined < p->f->blocks.n) {
		p->s = p->start;
		p->line = p->func_line;
		return fail(p, "function '%s': block b%d is used but not defined",
			    p->f->name, p->defined);
	}
	p->f->end = loc_at(p, p->last_line);
	return true;
}

static bool
func_header(P *p)
{
	if (!func_end(p))
		return false;
	const char *nm = name(p);
	if (!nm)
		return false;
	p->f = ir_func_new(p->u, nm, loc_at(p, 0));
	p->defined = 0;
	p->cur = -1;
	p->closed = false;
	p->last_line = 0;
	p->func_line = p->line;
	return true;
}

/* "ref NAME [static] [via "USR"]": a function named other than as a
 * callee (IrFnRef), anywhere in the text. */
static bool
fnref(P *p)
{
	const char *nm = name(p);
	if (!nm)
		return false;
	bool is_static = keyword(p, "static");
	const char *field = NULL;
	if (!via(p, &field))
		return false;
	ir_fnref_add(p->u, nm, is_static, field);
	return at_end(p) || fail(p, "unexpected text at the end of the line");
}

static bool
one_line(P *p)
{
	if (at_end(p))
		return true;
	if (keyword(p, "func"))
		return func_header(p);
	if (keyword(p, "ref"))
		return fnref(p);
	if (!p->f)
		return fail(p, "expected 'func NAME'");
	const char *save = p->s;
	bool ok;
	if (*p->s == 'b' && isdigit((unsigned char)p->s[1]))
		ok = block_header(p);
	else if (isdigit((unsigned char)*p->s))
		ok = numbered(p);
	else if (is_term(p))
		ok = (p->s = save, term_line(p, p->last_line));
	else
		ok = declaration(p);
	return ok && (at_end(p) || fail(p, "unexpected text at the end of the line"));
}

/* Copies one line of text with its comment (';' outside a string) cut. */
static char *
line_copy(const char *b, const char *e)
{
	char *s = xmalloc((size_t)(e - b) + 1);
	size_t n = 0;
	bool str = false;
	for (const char *t = b; t < e; t++) {
		if (str && *t == '\\' && t + 1 < e) {
			s[n++] = *t++;
		} else if (*t == '"') {
			str = !str;
		} else if (!str && *t == ';') {
			break;
		}
		s[n++] = *t;
	}
	s[n] = '\0';
	return s;
}

IrUnit *
irtext_parse(const char *file, const char *text, Diag *d)
{
	IrUnit *u = ir_unit_new(file);
	P p = {.u = u, .d = d, .file = u->file, .cur = -1};
	for (const char *t = text; *t && !p.failed;) {
		const char *e = strchr(t, '\n');
		if (!e)
			e = t + strlen(t);
		char *ln = line_copy(t, e);
		p.line++;
		p.start = p.s = ln;
		one_line(&p);
		mem_free(ln);
		t = *e ? e + 1 : e;
	}
	p.start = p.s = "";
	if (!p.failed)
		func_end(&p);
	if (p.failed) {
		ir_unit_free(u);
		return NULL;
	}
	return u;
}

IrUnit *
irtext_read(const char *path, Diag *d)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		diag_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	VEC(char) buf = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		for (size_t i = 0; i < n; i++)
			vec_push(&buf, chunk[i]);
	fclose(f);
	vec_push(&buf, '\0');
	IrUnit *u = irtext_parse(path, buf.v, d);
	vec_free(&buf);
	return u;
}

char *
irtext_dump(const IrUnit *u)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	if (!f)
		return NULL;
	for (int i = 0; i < u->funcs.n; i++)
		ir_dump(u->funcs.v[i], f);
	fclose(f);
	return text;
}
