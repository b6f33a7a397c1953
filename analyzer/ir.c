/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "ir.h"

/* Open-addressing string set, owned by the unit's arena. */
typedef struct InternTab {
	const char **slot;
	int cap, n;
} InternTab;

unsigned
ir_hash_str(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

IrUnit *
ir_unit_new(const char *file)
{
	IrUnit *u = xcalloc(1, sizeof(*u));
	arena_init(&u->arena);
	u->intern = arena_alloc(&u->arena, sizeof(InternTab));
	u->file = file ? ir_intern(u, file) : NULL;
	return u;
}

void
ir_unit_free(IrUnit *u)
{
	if (!u)
		return;
	for (int i = 0; i < u->funcs.n; i++) {
		const IrFunc *f = u->funcs.v[i];
		for (int j = 0; j < f->blocks.n; j++)
			mem_free(f->blocks.v[j]->ev.v);
	}
	arena_release(&u->arena);
	mem_free(u);
}

static void
intern_grow(IrUnit *u)
{
	InternTab *t = u->intern;
	int cap = t->cap ? t->cap * 2 : 256;
	const char **slot = arena_alloc(&u->arena, sizeof(*slot) * (size_t)cap);
	for (int i = 0; i < t->cap; i++) {
		if (!t->slot[i])
			continue;
		unsigned h = ir_hash_str(t->slot[i]) & (unsigned)(cap - 1);
		while (slot[h])
			h = (h + 1) & (unsigned)(cap - 1);
		slot[h] = t->slot[i];
	}
	t->slot = slot;
	t->cap = cap;
}

const char *
ir_intern(IrUnit *u, const char *s)
{
	InternTab *t = u->intern;
	if (!s)
		return NULL;
	if (2 * (t->n + 1) > t->cap)
		intern_grow(u);
	unsigned h = ir_hash_str(s) & (unsigned)(t->cap - 1);
	while (t->slot[h]) {
		if (strcmp(t->slot[h], s) == 0)
			return t->slot[h];
		h = (h + 1) & (unsigned)(t->cap - 1);
	}
	t->slot[h] = arena_strdup(&u->arena, s);
	t->n++;
	return t->slot[h];
}

const char *
ir_interned(const IrUnit *u, const char *s)
{
	const InternTab *t = u->intern;
	if (!s || !t->cap)
		return NULL;
	unsigned h = ir_hash_str(s) & (unsigned)(t->cap - 1);
	for (; t->slot[h]; h = (h + 1) & (unsigned)(t->cap - 1))
		if (strcmp(t->slot[h], s) == 0)
			return t->slot[h];
	return NULL;
}

IrFunc *
ir_func_new(IrUnit *u, const char *name, Loc loc)
{
	IrFunc *f = arena_alloc(&u->arena, sizeof(*f));
	f->name = ir_intern(u, name);
	f->loc = loc;
	f->end = loc;
	f->analyse = true;
	avec_push(&u->arena, &u->funcs, f);
	ir_block_new(u, f);
	return f;
}

IrFunc *
ir_unit_find(const IrUnit *u, const char *name)
{
	for (int i = 0; i < u->funcs.n; i++)
		if (strcmp(u->funcs.v[i]->name, name) == 0)
			return u->funcs.v[i];
	return NULL;
}

void
ir_fnref_add(IrUnit *u, const char *name, bool is_static, const char *field)
{
	name = ir_intern(u, name);
	field = ir_intern(u, field);
	for (int i = 0; i < u->fnrefs.n; i++)
		if (u->fnrefs.v[i].name == name && u->fnrefs.v[i].field == field)
			return;
	avec_push(&u->arena, &u->fnrefs, ((IrFnRef){name, is_static, field}));
}

int
ir_var_add(IrUnit *u, IrFunc *f, const char *name, VarKind kind)
{
	IrVar v = {0};
	v.name = ir_intern(u, name);
	v.kind = kind;
	v.is_scalar = true;
	avec_push(&u->arena, &f->vars, v);
	return f->vars.n - 1;
}

int
ir_temp_add(IrUnit *u, IrFunc *f)
{
	char name[32];
	snprintf(name, sizeof(name), "%%t%d", f->vars.n);
	return ir_var_add(u, f, name, VAR_TEMP);
}

int
ir_block_new(IrUnit *u, IrFunc *f)
{
	IrBlock *b = arena_alloc(&u->arena, sizeof(*b));
	b->id = f->blocks.n;
	b->succ[0] = b->succ[1] = -1;
	avec_push(&u->arena, &f->blocks, b);
	return b->id;
}

IrEvent *
ir_push_event(IrBlock *b, IrEvent e)
{
	vec_push_first(&b->ev, e, 4);
	return &b->ev.v[b->ev.n - 1];
}

IrEvent *
ir_emit(IrUnit *u, IrFunc *f, int block, EvKind kind, Loc loc)
{
	(void)u;
	IrBlock *b = f->blocks.v[block];
	IrEvent e = {0};
	e.kind = kind;
	e.loc = loc;
	e.var = -1;
	return ir_push_event(b, e);
}

IrEvent *
ir_emit_call(IrUnit *u, IrFunc *f, int block, Loc loc, const char *callee,
	     int dst_temp, int nargs, const Value *args)
{
	IrEvent *e = ir_emit(u, f, block, EV_CALL, loc);
	e->callee = callee ? ir_intern(u, callee) : NULL;
	if (dst_temp >= 0) {
		e->has_dst = true;
		e->dst = ir_acc(dst_temp);
	}
	e->nargs = nargs;
	if (nargs > 0) {
		e->args = arena_alloc(&u->arena, sizeof(Value) * (size_t)nargs);
		memcpy(e->args, args, sizeof(Value) * (size_t)nargs);
	}
	return e;
}

int
ir_succs(const IrBlock *b, int out[2])
{
	switch (b->term) {
	case T_GOTO:
		out[0] = b->succ[0];
		return 1;
	case T_BRANCH:
		out[0] = b->succ[0];
		out[1] = b->succ[1];
		return 2;
	default:
		return 0;
	}
}

void
ir_goto(IrFunc *f, int from, int to)
{
	IrBlock *b = f->blocks.v[from];
	b->term = T_GOTO;
	b->succ[0] = to;
}

void
ir_branch(IrFunc *f, int from, Cond cond, int if_true, int if_false)
{
	IrBlock *b = f->blocks.v[from];
	b->term = T_BRANCH;
	b->cond = cond;
	b->succ[0] = if_true;
	b->succ[1] = if_false;
	b->loc = cond.loc;
}

void
ir_return(IrFunc *f, int from, Value v, Loc loc)
{
	IrBlock *b = f->blocks.v[from];
	b->term = T_RETURN;
	b->ret = v;
	b->loc = loc;
}

void
ir_end(IrFunc *f, int from, TermKind how, Loc loc)
{
	IrBlock *b = f->blocks.v[from];
	b->term = how;
	b->loc = loc;
}

Access
ir_acc(int var)
{
	return (Access){.var = var};
}

Value
ir_val_acc(Access a)
{
	return (Value){.kind = VAL_ACCESS, .acc = a};
}

Value
ir_val_var(int var)
{
	return ir_val_acc(ir_acc(var));
}

Value
ir_val_addr(int var)
{
	return (Value){.kind = VAL_ADDR, .acc = ir_acc(var)};
}

Value
ir_val_int(long long v)
{
	return (Value){.kind = VAL_INT, .ival = v};
}

Value
ir_val_unknown(void)
{
	return (Value){.kind = VAL_UNKNOWN};
}

bool
ir_acc_eq(Access a, Access b)
{
	return a.var == b.var && a.field == b.field && a.deref == b.deref &&
	       a.index == b.index && a.deep == b.deep && a.path == b.path;
}

bool
ir_var_pointer(const IrVar *v)
{
	return v->kind == VAR_TEMP ? v->shape == SHAPE_POINTER : v->is_pointer;
}

static void
dump_acc(const IrFunc *f, Access a, FILE *out)
{
	const char *name = a.var >= 0 && a.var < f->vars.n ? f->vars.v[a.var].name : "?";
	if (a.deref && (!a.field || a.field[0] == '['))
		fputc('*', out);
	fputs(name, out);
	if (a.index)
		fputs("[]", out);
	if (a.field)    /* "[2]": an element of a local array, as a member */
		fprintf(out, "%s%s", a.field[0] == '[' ? "" : a.deref ? "->" : ".", a.field);
	if (a.deep)
		fputs("...", out);
	if (a.path)
		fprintf(out, "{%s}", a.path);      /* the path as the source spells it */
}

/* A string literal in C's spelling, so that the dump stays one line per
 * event and irtext.c can read it back. */
static void
dump_str(const char *s, FILE *out)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void
dump_val(const IrFunc *f, Value v, FILE *out)
{
	switch (v.kind) {
	case VAL_NONE: fputs("-", out); break;
	case VAL_UNKNOWN: fputs("?", out); break;
	case VAL_INT: fprintf(out, "%lld", v.ival); break;
	case VAL_STR: dump_str(v.str, out); break;
	case VAL_ACCESS: dump_acc(f, v.acc, out); break;
	case VAL_ADDR: fputc('&', out); dump_acc(f, v.acc, out); break;
	case VAL_FUNC: fprintf(out, "fn:%s", v.str); break;
	case VAL_STEP:
		dump_acc(f, v.acc, out);
		fprintf(out, v.ival < 0 ? " - %llu" : " + %llu",
			v.ival < 0 ? 0ull - (unsigned long long)v.ival : (unsigned long long)v.ival);
		break;
	}
}

void
ir_dump(const IrFunc *f, FILE *out)
{
	fprintf(out, "func %s\n", f->name);
	for (int i = 0; i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		fprintf(out, "b%d:%s\n", b->id, b->loop ? " (loop)" : "");
		for (int j = 0; j < b->ev.n; j++) {
			const IrEvent *e = &b->ev.v[j];
			fprintf(out, "  %d: ", e->loc.line);
			switch (e->kind) {
			case EV_CALL:
				if (e->has_dst) {
					dump_acc(f, e->dst, out);
					fputs(" = ", out);
				}
				fputs(e->cleanup ? "cleanup " : "", out);
				if (e->macro) {
					fprintf(out, "macro %s(", e->macro);
					for (int k = 0; k < e->margc; k++) {
						if (e->margv[k] < 0)
							fprintf(out, "%s-", k ? ", " : "");
						else
							fprintf(out, "%s%d", k ? ", " : "", e->margv[k]);
					}
					fputs(") ", out);
				}
				fputs(e->callee ? e->callee : "<indirect", out);
				if (!e->callee && e->via) {
					fputs(" via ", out);
					dump_str(e->via, out);
				}
				fputs(e->callee ? "(" : ">(", out);
				for (int k = 0; k < e->nargs; k++) {
					if (k)
						fputs(", ", out);
					if (k < 64 && (e->borrowed >> k & 1))
						fputs("const ", out);
					dump_val(f, e->args[k], out);
				}
				fputs(")\n", out);
				break;
			case EV_ASSIGN:
				dump_acc(f, e->dst, out);
				fputs(" = ", out);
				dump_val(f, e->src, out);
				fputc('\n', out);
				break;
			case EV_KILL:
				fprintf(out, "kill %s\n", f->vars.v[e->var].name);
				break;
			case EV_USE:
				fputs("use ", out);
				dump_val(f, e->src, out);
				fputc('\n', out);
				break;
			}
		}
		switch (b->term) {
		case T_NONE: fputs("  <none>\n", out); break;
		case T_GOTO: fprintf(out, "  goto b%d\n", b->succ[0]); break;
		case T_BRANCH:
			fputs("  if ", out);
			if (b->cond.known) {
				dump_acc(f, b->cond.lhs, out);
				fprintf(out, " %s %lld", cmp_op_str(b->cond.op), b->cond.rhs);
			} else {
				fputs("?", out);
			}
			fprintf(out, " then b%d else b%d\n", b->succ[0], b->succ[1]);
			break;
		case T_RETURN:
			fputs("  return ", out);
			dump_val(f, b->ret, out);
			fputc('\n', out);
			break;
		case T_EXIT: fputs("  exit\n", out); break;
		case T_LONGJMP: fputs("  longjmp\n", out); break;
		}
	}
}

int
ir_func_index(const IrUnit *u, const char *name)
{
	for (int i = 0; i < u->funcs.n; i++)
		if (u->funcs.v[i]->name == name ||
		    (name && strcmp(u->funcs.v[i]->name, name) == 0))
			return i;
	return -1;
}
