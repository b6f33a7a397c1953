/* SPDX-License-Identifier: MIT */
/*
 * declared: rule entries made from the code's declarations.  A kind a
 * declaration names is the packs' kind of that name when there is one (an
 * annotate("closecheck::acquire(pg_conn)") wrapper of PQconnectdb), else a
 * kind of the unit, made once and shared by every declaration naming it.
 */
#include <string.h>
#include "declared.h"
#include "ir.h"

typedef struct Made {
	const char *name;            /* NULL: a free slot */
	const RuleFn *fn;            /* NULL: nothing known */
} Made;

struct DeclaredRules {
	const Rules *rules;
	const IrUnit *u;
	Arena arena;
	/* every look-up's answer (the packs' globs cost a scan each: the
	 * engine asks of the same callees at each visit of their calls), an
	 * open-addressing table of cap slots, a power of two */
	Made *memo;
	int cap, n;
	VEC(RuleKind *) kinds;       /* kinds the packs do not have */
};

DeclaredRules *
declared_rules_new(const Rules *r, const IrUnit *u)
{
	DeclaredRules *d = xcalloc(1, sizeof(*d));
	d->rules = r;
	d->u = u;
	arena_init(&d->arena);
	return d;
}

void
declared_rules_free(DeclaredRules *d)
{
	if (!d)
		return;
	arena_release(&d->arena);
	mem_free(d->memo);
	vec_free(&d->kinds);
	mem_free(d);
}

static const RuleKind *
kind_named(DeclaredRules *d, const char *name)
{
	const RuleKind *k = d->rules ? rules_kind(d->rules, name) : NULL;
	if (k)
		return k;
	/* GCC's malloc(free) names its deallocator, Clang's
	 * ownership_returns(malloc) a module named after the allocator: a
	 * function the packs know stands for its kind, so free() of such a
	 * handle is no mismatched release */
	const RuleFn *f = d->rules ? rules_lookup(d->rules, name) : NULL;
	if (f && f->release && f->release->kind)
		return f->release->kind;
	if (f && f->acquire && f->acquire->kind)
		return f->acquire->kind;
	for (int i = 0; i < d->kinds.n; i++)
		if (strcmp(d->kinds.v[i]->name, name) == 0)
			return d->kinds.v[i];
	RuleKind *nk = arena_alloc(&d->arena, sizeof(*nk));
	nk->name = name;
	nk->noun = "handle";
	nk->pack = "(declared in the code)";
	vec_push(&d->kinds, nk);
	return nk;
}

/* One declaration into the entry f. */
static void
apply(DeclaredRules *d, RuleFn *f, const IrAnnot *a)
{
	switch (a->role) {
	case AN_ACQUIRE: {
		RuleAcquire *acq = arena_alloc(&d->arena, sizeof(*acq));
		acq->kind = kind_named(d, a->kind);
		acq->out_arg = -1;
		acq->fails = (Pred){OP_EQ, 0};
		f->acquire = acq;
		break;
	}
	case AN_RELEASE: {
		RuleRelease *rel = arena_alloc(&d->arena, sizeof(*rel));
		rel->kind = kind_named(d, a->kind);
		rel->arg = a->arg;
		f->release = rel;
		break;
	}
	case AN_KEEP:
		f->keeps = true;
		if (a->arg >= 0 && a->arg < 32)
			f->keeps_args |= 1u << a->arg;
		break;
	case AN_BORROW:
		f->borrows = true;
		break;
	}
}

static const RuleFn *
make(DeclaredRules *d, const char *name)
{
	RuleFn *f = NULL;
	for (int i = 0; i < d->u->annots.n; i++) {
		const IrAnnot *a = &d->u->annots.v[i];
		if (strcmp(a->function, name) != 0)
			continue;
		if (!f) {
			f = arena_alloc(&d->arena, sizeof(*f));
			f->name = name;
			f->pack = "(declared in the code)";
			f->file = a->loc.file;
			f->line = a->loc.line;
			f->col = a->loc.col;
		}
		apply(d, f, a);
	}
	return f;
}

/* The slot of name in the memo: its own, or the free one it would take. */
static Made *
memo_slot(const DeclaredRules *d, const char *name)
{
	unsigned mask = (unsigned)d->cap - 1, h = ir_hash_str(name) & mask;
	for (; d->memo[h].name; h = (h + 1) & mask)
		if (d->memo[h].name == name || strcmp(d->memo[h].name, name) == 0)
			break;
	return &d->memo[h];
}

static void
memo_add(DeclaredRules *d, const char *name, const RuleFn *fn)
{
	if (2 * (d->n + 1) > d->cap) {
		Made *old = d->memo;
		int ocap = d->cap;
		d->cap = d->cap ? 2 * d->cap : 64;
		d->memo = xcalloc((size_t)d->cap, sizeof(Made));
		for (int i = 0; i < ocap; i++)
			if (old[i].name)
				*memo_slot(d, old[i].name) = old[i];
		mem_free(old);
	}
	*memo_slot(d, name) = (Made){arena_strdup(&d->arena, name), fn};
	d->n++;
}

const RuleFn *
declared_rules_lookup(DeclaredRules *d, const char *name)
{
	if (d->cap) {
		const Made *m = memo_slot(d, name);
		if (m->name)
			return m->fn;
	}
	const RuleFn *r = d->rules ? rules_lookup(d->rules, name) : NULL;
	if (!r && d->u->annots.n > 0)
		r = make(d, name);
	memo_add(d, name, r);
	return r;
}
