/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "irbin.h"

/* ---- writing ------------------------------------------------------------- */

typedef struct Writer {
	FILE *out;
	unsigned char buf[1 << 14];  /* bytes not yet written to out: one
	                              * fwrite() per buffer, not per number */
	size_t len;
	/* strings written so far, by content: open addressing over ids */
	const char **text;       /* id -> text */
	int n, cap;              /* ids used, text's room */
	int *slot;               /* hash -> id + 1, 0 empty */
	int nslot;
	/* the last string met at each of a few places picked by its
	 * address, and its id + 1: the unit's interned names and files come
	 * again and again, and need no hash of their text then */
	const char *seen[256];
	int seen_id[256];
	bool failed;
} Writer;

static void
flush_out(Writer *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->out) != w->len)
		w->failed = true;
	w->len = 0;
}

static void
put_bytes(Writer *w, const void *p, size_t n)
{
	if (w->len + n > sizeof(w->buf))
		flush_out(w);
	if (n > sizeof(w->buf)) {
		if (fwrite(p, 1, n, w->out) != n)
			w->failed = true;
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void
put_u_long(Writer *w, uint64_t v)
{
	unsigned char b[10];
	int k = 0;
	do {
		b[k] = v & 0x7f;
		v >>= 7;
		if (v)
			b[k] |= 0x80;
		k++;
	} while (v);
	put_bytes(w, b, (size_t)k);
}

/* Most numbers are below 128: one byte. */
static inline void
put_u(Writer *w, uint64_t v)
{
	if (v < 0x80 && w->len < sizeof(w->buf))
		w->buf[w->len++] = (unsigned char)v;
	else
		put_u_long(w, v);
}

static void
put_i(Writer *w, long long v)
{
	put_u(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void
grow_slots(Writer *w)
{
	int n = w->nslot ? w->nslot * 2 : 1024;
	int *slot = xcalloc((size_t)n, sizeof(int));
	for (int id = 0; id < w->n; id++) {
		unsigned h = ir_hash_str(w->text[id]) & (unsigned)(n - 1);
		while (slot[h])
			h = (h + 1) & (unsigned)(n - 1);
		slot[h] = id + 1;
	}
	mem_free(w->slot);
	w->slot = slot;
	w->nslot = n;
}

static void
put_s(Writer *w, const char *s)
{
	if (!s) {
		put_u(w, 0);
		return;
	}
	unsigned at = (unsigned)((uintptr_t)s >> 3) & 255;
	if (w->seen[at] == s) {
		put_u(w, 2 * (uint64_t)(w->seen_id[at] - 1) + 1);
		return;
	}
	w->seen[at] = s;
	if (2 * (w->n + 1) > w->nslot)
		grow_slots(w);
	unsigned h = ir_hash_str(s) & (unsigned)(w->nslot - 1);
	for (; w->slot[h]; h = (h + 1) & (unsigned)(w->nslot - 1))
		if (w->text[w->slot[h] - 1] == s || strcmp(w->text[w->slot[h] - 1], s) == 0) {
			w->seen_id[at] = w->slot[h];
			put_u(w, 2 * (uint64_t)(w->slot[h] - 1) + 1);
			return;
		}
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 1024;
		w->text = xrealloc(w->text, sizeof(*w->text) * (size_t)w->cap);
	}
	w->text[w->n] = s;
	w->slot[h] = ++w->n;
	w->seen_id[at] = w->n;
	size_t len = strlen(s);
	put_u(w, 2 * ((uint64_t)len + 1));
	put_bytes(w, s, len);
}

static void
put_loc(Writer *w, Loc l)
{
	put_s(w, l.file);
	put_i(w, l.line);
	put_i(w, l.col);
}

static void
put_acc(Writer *w, Access a)
{
	put_i(w, a.var);
	put_s(w, a.field);
	put_s(w, a.path);
	put_u(w, (unsigned)a.deref | (unsigned)a.index << 1 | (unsigned)a.deep << 2);
}

static void
put_val(Writer *w, Value v)
{
	put_u(w, v.kind);
	put_acc(w, v.acc);
	put_i(w, v.ival);
	put_s(w, v.str);
}

static void
put_event(Writer *w, const IrEvent *e)
{
	put_u(w, e->kind);
	put_loc(w, e->loc);
	put_u(w, (unsigned)e->has_dst | (unsigned)e->cleanup << 1);
	put_acc(w, e->dst);
	put_val(w, e->src);
	put_s(w, e->callee);
	put_s(w, e->via);
	put_s(w, e->macro);
	if (e->macro) {
		put_u(w, (uint64_t)e->margc);
		for (int k = 0; k < e->margc; k++)
			put_i(w, e->margv[k]);
	}
	put_u(w, (uint64_t)e->nargs);
	for (int i = 0; i < e->nargs; i++)
		put_val(w, e->args[i]);
	put_u(w, e->borrowed);
	put_i(w, e->var);
	put_s(w, e->text);
}

static void
put_cond(Writer *w, const Cond *c)
{
	put_u(w, (unsigned)c->known | (unsigned)c->bare << 1 | (unsigned)c->vs_var << 2);
	put_acc(w, c->lhs);
	put_s(w, c->lhs_str);
	put_u(w, c->op);
	put_i(w, c->rhs);
	put_acc(w, c->rhs_acc);
	put_s(w, c->text);
	put_loc(w, c->loc);
}

static void
put_block(Writer *w, const IrBlock *b)
{
	put_i(w, b->id);
	put_u(w, (uint64_t)b->ev.n);
	for (int i = 0; i < b->ev.n; i++)
		put_event(w, &b->ev.v[i]);
	put_u(w, b->term);
	put_i(w, b->succ[0]);
	put_i(w, b->succ[1]);
	put_cond(w, &b->cond);
	put_val(w, b->ret);
	put_loc(w, b->loc);
	put_s(w, b->why);
	put_i(w, b->loop);
}

static void
put_func(Writer *w, const IrFunc *f)
{
	put_s(w, f->name);
	put_loc(w, f->loc);
	put_loc(w, f->end);
	put_i(w, f->nparams);
	put_u(w, (unsigned)f->returns_pointer | (unsigned)f->returns_aggregate << 1 |
		 (unsigned)f->analyse << 2 | (unsigned)f->is_static << 3 |
		 (unsigned)f->truncated << 4 | (unsigned)f->returns_number << 5);
	put_u(w, (uint64_t)f->vars.n);
	for (int i = 0; i < f->vars.n; i++) {
		const IrVar *v = &f->vars.v[i];
		put_s(w, v->name);
		put_u(w, v->kind);
		put_u(w, (unsigned)v->is_pointer | (unsigned)v->is_scalar << 1 |
			 (unsigned)v->is_aggregate << 2 | (unsigned)v->confined << 3);
		put_u(w, (unsigned)v->shape | (unsigned)v->pshape << 3);
		put_s(w, v->cleanup);
		put_s(w, v->type);
		put_s(w, v->tnames);
		put_loc(w, v->loc);
	}
	put_u(w, (uint64_t)f->blocks.n);
	for (int i = 0; i < f->blocks.n; i++)
		put_block(w, f->blocks.v[i]);
	put_u(w, (uint64_t)f->loops.n);
	for (int i = 0; i < f->loops.n; i++) {
		const IrLoop *l = &f->loops.v[i];
		put_s(w, l->kind);
		put_loc(w, l->loc);
		put_i(w, l->head);
		put_i(w, l->exit);
		put_i(w, l->parent);
	}
}

int
irbin_write(const IrUnit *u, long long parsed, FILE *out)
{
	Writer w = {.out = out};
	if (fputs(IRBIN_MAGIC, out) == EOF)
		return -1;
	put_i(&w, parsed);
	put_s(&w, u->file);
	put_u(&w, (uint64_t)u->funcs.n);
	for (int i = 0; i < u->funcs.n; i++)
		put_func(&w, u->funcs.v[i]);
	put_u(&w, (uint64_t)u->annots.n);
	for (int i = 0; i < u->annots.n; i++) {
		const IrAnnot *a = &u->annots.v[i];
		put_s(&w, a->function);
		put_u(&w, a->role);
		put_s(&w, a->kind);
		put_i(&w, a->arg);
		put_loc(&w, a->loc);
	}
	put_u(&w, (uint64_t)u->fnrefs.n);
	for (int i = 0; i < u->fnrefs.n; i++) {
		put_s(&w, u->fnrefs.v[i].name);
		put_u(&w, u->fnrefs.v[i].is_static);
		put_s(&w, u->fnrefs.v[i].field);
	}
	put_u(&w, (uint64_t)u->includes.n);
	for (int i = 0; i < u->includes.n; i++)
		put_s(&w, u->includes.v[i]);
	put_u(&w, (uint64_t)u->reads.n);
	for (int i = 0; i < u->reads.n; i++)
		put_s(&w, u->reads.v[i]);
	put_u(&w, 0x1c);                    /* the end: a reader checks it */
	flush_out(&w);
	mem_free(w.text);
	mem_free(w.slot);
	return w.failed || ferror(out) ? -1 : 0;
}

int
irbin_save(const IrUnit *u, long long parsed, const char *path)
{
	size_t n = strlen(path) + 8;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	int rc = -1;
	if (f) {
		rc = irbin_write(u, parsed, f);
		if (fclose(f) != 0)
			rc = -1;
		if (rc == 0 && rename(tmp, path) != 0)
			rc = -1;
		if (rc != 0)
			unlink(tmp);
	}
	mem_free(tmp);
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct Reader {
	const unsigned char *p, *end;
	IrUnit *u;
	VEC(const char *) strs;
	const char *why;         /* the first problem; NULL: none */
} Reader;

static void
bad(Reader *r, const char *why)
{
	if (!r->why)
		r->why = why;
	r->p = r->end;
}

static uint64_t
get_u_long(Reader *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			bad(r, "cut short");
			return 0;
		}
		unsigned char b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	bad(r, "a number too long");
	return 0;
}

static inline uint64_t
get_u(Reader *r)
{
	if (r->p < r->end && *r->p < 0x80)
		return *r->p++;
	return get_u_long(r);
}

static long long
get_i(Reader *r)
{
	uint64_t v = get_u(r);
	return (long long)(v >> 1) ^ -(long long)(v & 1);
}

/* An int in [lo, hi]. */
static int
get_int(Reader *r, long long lo, long long hi)
{
	long long v = get_i(r);
	if (v < lo || v > hi) {
		bad(r, "a number out of range");
		return (int)lo;
	}
	return (int)v;
}

/* A count of things that take at least one byte each. */
static int
get_count(Reader *r)
{
	uint64_t n = get_u(r);
	if (n > (uint64_t)(r->end - r->p) || n > INT32_MAX) {
		bad(r, "a count past the end");
		return 0;
	}
	return (int)n;
}

static unsigned
get_enum(Reader *r, unsigned max)
{
	uint64_t v = get_u(r);
	if (v > max) {
		bad(r, "an unknown kind");
		return 0;
	}
	return (unsigned)v;
}

static const char *
get_s(Reader *r)
{
	uint64_t v = get_u(r);
	if (v == 0)
		return NULL;
	if (v & 1) {
		if ((v >> 1) >= (uint64_t)r->strs.n) {
			bad(r, "a string not read yet");
			return NULL;
		}
		return r->strs.v[v >> 1];
	}
	uint64_t len = (v >> 1) - 1;
	if (len > (uint64_t)(r->end - r->p) || memchr(r->p, 0, (size_t)len)) {
		bad(r, "a string past the end");
		return NULL;
	}
	char *s = xmalloc((size_t)len + 1);
	memcpy(s, r->p, (size_t)len);
	s[len] = '\0';
	r->p += len;
	const char *in = ir_intern(r->u, s);
	mem_free(s);
	vec_push(&r->strs, in);
	return in;
}

static Loc
get_loc(Reader *r)
{
	Loc l;
	l.file = get_s(r);
	l.line = get_int(r, INT32_MIN, INT32_MAX);
	l.col = get_int(r, INT32_MIN, INT32_MAX);
	return l;
}

/* An access of a function of nvars variables (-1: none, as the builder
 * leaves an event's var). */
static Access
get_acc(Reader *r, int nvars)
{
	Access a = {0};
	a.var = get_int(r, -1, nvars > 0 ? nvars - 1 : 0);
	a.field = get_s(r);
	a.path = get_s(r);
	unsigned fl = get_enum(r, 7);
	a.deref = fl & 1;
	a.index = fl >> 1 & 1;
	a.deep = fl >> 2 & 1;
	return a;
}

static Value
get_val(Reader *r, int nvars)
{
	Value v = {0};
	v.kind = get_enum(r, VAL_STEP);
	v.acc = get_acc(r, nvars);
	v.ival = get_i(r);
	v.str = get_s(r);
	return v;
}

static void
get_event(Reader *r, IrEvent *e, int nvars)
{
	e->kind = get_enum(r, EV_USE);
	e->loc = get_loc(r);
	unsigned fl = get_enum(r, 3);
	e->has_dst = fl & 1;
	e->cleanup = fl >> 1 & 1;
	e->dst = get_acc(r, nvars);
	e->src = get_val(r, nvars);
	e->callee = get_s(r);
	e->via = get_s(r);
	e->macro = get_s(r);
	if (e->macro && (e->margc = get_count(r)) > 0) {
		e->margv = arena_alloc(&r->u->arena, sizeof(int) * (size_t)e->margc);
		for (int k = 0; k < e->margc; k++)
			e->margv[k] = get_int(r, -1, 255);
	}
	e->nargs = get_count(r);
	if (e->nargs > 0) {
		e->args = arena_alloc(&r->u->arena, sizeof(Value) * (size_t)e->nargs);
		for (int i = 0; i < e->nargs; i++)
			e->args[i] = get_val(r, nvars);
	}
	for (int k = 0; k < e->margc; k++)
		if (e->margv[k] >= e->nargs)
			bad(r, "a macro's argument past the call's");
	e->borrowed = get_u(r);
	e->var = get_int(r, -1, nvars > 0 ? nvars - 1 : 0);
	e->text = get_s(r);
}

static void
get_cond(Reader *r, Cond *c, int nvars)
{
	unsigned fl = get_enum(r, 7);
	c->known = fl & 1;
	c->bare = fl >> 1 & 1;
	c->vs_var = fl >> 2 & 1;
	c->lhs = get_acc(r, nvars);
	c->lhs_str = get_s(r);
	c->op = get_enum(r, OP_GE);
	c->rhs = get_i(r);
	c->rhs_acc = get_acc(r, nvars);
	c->text = get_s(r);
	c->loc = get_loc(r);
}

static IrBlock *
get_block(Reader *r, int id, int nblocks, int nvars)
{
	IrBlock *b = arena_alloc(&r->u->arena, sizeof(*b));
	b->id = get_int(r, id, id);
	int n = get_count(r);
	for (int i = 0; i < n && !r->why; i++) {
		IrEvent e = {0};
		get_event(r, &e, nvars);
		ir_push_event(b, e);
	}
	b->term = get_enum(r, T_LONGJMP);
	b->succ[0] = get_int(r, -1, nblocks - 1);
	b->succ[1] = get_int(r, -1, nblocks - 1);
	get_cond(r, &b->cond, nvars);
	b->ret = get_val(r, nvars);
	b->loc = get_loc(r);
	b->why = get_s(r);
	b->loop = get_int(r, 0, INT32_MAX);
	return b;
}

/* What the front end always makes and the engine and ir_dump() rely on:
 * names, a variable wherever an access is read, a string for literals and
 * function designators, successors for jumps. */
static bool
val_ok(Value v)
{
	if (v.kind == VAL_STR || v.kind == VAL_FUNC)
		return v.str != NULL;
	if (v.kind == VAL_ACCESS || v.kind == VAL_ADDR)
		return v.acc.var >= 0;
	if (v.kind == VAL_STEP)
		return v.acc.var >= 0 && !v.acc.field && !v.acc.deref && !v.acc.index && !v.acc.deep;
	return true;
}

static void
check_func(Reader *r, const IrFunc *f)
{
	bool ok = f->name != NULL;
	for (int i = 0; ok && i < f->vars.n; i++)
		ok = f->vars.v[i].name != NULL;
	for (int i = 0; ok && i < f->loops.n; i++)
		ok = f->loops.v[i].kind != NULL;
	for (int i = 0; ok && i < f->blocks.n; i++) {
		const IrBlock *b = f->blocks.v[i];
		for (int j = 0; ok && j < b->ev.n; j++) {
			const IrEvent *e = &b->ev.v[j];
			if ((e->has_dst || e->kind == EV_ASSIGN) && e->dst.var < 0)
				ok = false;
			else if (e->kind == EV_KILL && e->var < 0)
				ok = false;
			else if (e->kind != EV_CALL && !val_ok(e->src))
				ok = false;
			for (int k = 0; ok && k < e->nargs; k++)
				ok = val_ok(e->args[k]);
		}
		if (b->term == T_GOTO || b->term == T_BRANCH)
			ok = ok && b->succ[0] >= 0;
		if (b->term == T_BRANCH)
			ok = ok && b->succ[1] >= 0 && (!b->cond.known || b->cond.lhs.var >= 0) &&
			     (!b->cond.vs_var || (b->cond.lhs.var >= 0 && b->cond.rhs_acc.var >= 0));
		if (b->term == T_RETURN)
			ok = ok && val_ok(b->ret);
	}
	if (!ok)
		bad(r, "a function the front end would not make");
}

static IrFunc *
get_func(Reader *r)
{
	IrFunc *f = arena_alloc(&r->u->arena, sizeof(*f));
	f->name = get_s(r);
	f->loc = get_loc(r);
	f->end = get_loc(r);
	f->nparams = get_int(r, 0, INT32_MAX);
	unsigned fl = get_enum(r, 63);
	f->returns_pointer = fl & 1;
	f->returns_aggregate = fl >> 1 & 1;
	f->analyse = fl >> 2 & 1;
	f->is_static = fl >> 3 & 1;
	f->truncated = fl >> 4 & 1;
	f->returns_number = fl >> 5 & 1;
	int nvars = get_count(r);
	if (f->nparams > nvars)
		bad(r, "more parameters than variables");
	for (int i = 0; i < nvars && !r->why; i++) {
		IrVar v = {0};
		v.name = get_s(r);
		v.kind = get_enum(r, VAR_TEMP);
		unsigned vf = get_enum(r, 15);
		v.is_pointer = vf & 1;
		v.is_scalar = vf >> 1 & 1;
		v.is_aggregate = vf >> 2 & 1;
		v.confined = vf >> 3 & 1;
		unsigned sh = get_enum(r, SHAPE_OTHER | SHAPE_OTHER << 3);
		v.shape = sh & 7;
		v.pshape = sh >> 3 & 7;
		v.cleanup = get_s(r);
		v.type = get_s(r);
		v.tnames = get_s(r);
		v.loc = get_loc(r);
		avec_push(&r->u->arena, &f->vars, v);
	}
	int nblocks = get_count(r);
	if (nblocks == 0)
		bad(r, "a function without blocks");
	for (int i = 0; i < nblocks && !r->why; i++) {
		IrBlock *b = get_block(r, i, nblocks, nvars);
		avec_push(&r->u->arena, &f->blocks, b);
	}
	int nloops = get_count(r);
	for (int i = 0; i < nloops && !r->why; i++) {
		IrLoop l = {0};
		l.kind = get_s(r);
		l.loc = get_loc(r);
		l.head = get_int(r, -1, nblocks - 1);
		l.exit = get_int(r, -1, nblocks - 1);
		l.parent = get_int(r, 0, nloops);
		avec_push(&r->u->arena, &f->loops, l);
	}
	for (int i = 0; i < f->blocks.n; i++)
		if (f->blocks.v[i]->loop > nloops)
			bad(r, "a block in a loop that is not there");
	if (!r->why)
		check_func(r, f);
	return f;
}

IrUnit *
irbin_read(const unsigned char *buf, size_t n, long long *parsed, const char **why)
{
	size_t m = strlen(IRBIN_MAGIC);
	if (n < m || memcmp(buf, IRBIN_MAGIC, m) != 0) {
		*why = "not closecheck's IR";
		return NULL;
	}
	Reader r = {buf + m, buf + n, ir_unit_new(NULL), {0}, NULL};
	*parsed = get_i(&r);
	r.u->file = get_s(&r);
	int nf = get_count(&r);
	for (int i = 0; i < nf && !r.why; i++) {
		IrFunc *f = get_func(&r);
		avec_push(&r.u->arena, &r.u->funcs, f);
	}
	int na = get_count(&r);
	for (int i = 0; i < na && !r.why; i++) {
		IrAnnot a = {0};
		a.function = get_s(&r);
		a.role = get_enum(&r, AN_BORROW);
		a.kind = get_s(&r);
		a.arg = get_int(&r, INT32_MIN, INT32_MAX);
		a.loc = get_loc(&r);
		avec_push(&r.u->arena, &r.u->annots, a);
	}
	int nref = get_count(&r);
	for (int i = 0; i < nref && !r.why; i++) {
		IrFnRef f = {0};
		f.name = get_s(&r);
		f.is_static = get_enum(&r, 1);
		f.field = get_s(&r);
		if (!f.name)
			bad(&r, "a function reference without a name");
		avec_push(&r.u->arena, &r.u->fnrefs, f);
	}
	int ni = get_count(&r);
	for (int i = 0; i < ni && !r.why; i++) {
		const char *s = get_s(&r);
		avec_push(&r.u->arena, &r.u->includes, s);
	}
	int nr = get_count(&r);
	for (int i = 0; i < nr && !r.why; i++) {
		const char *s = get_s(&r);
		avec_push(&r.u->arena, &r.u->reads, s);
	}
	if (get_u(&r) != 0x1c || r.p != r.end)
		bad(&r, "not at its end");
	vec_free(&r.strs);
	if (r.why) {
		*why = r.why;
		ir_unit_free(r.u);
		return NULL;
	}
	return r.u;
}

IrUnit *
irbin_load(const char *path, long long *parsed, const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		return NULL;
	}
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			buf = xrealloc(buf, cap);
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	bool err = ferror(f);
	fclose(f);
	IrUnit *u = NULL;
	if (err)
		*why = "a read error";
	else
		u = irbin_read(buf, n, parsed, why);
	mem_free(buf);
	return u;
}
