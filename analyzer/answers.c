/* SPDX-License-Identifier: MIT */
/*
 * answers: what the walks of a unit asked the program's table (progsum.h)
 * and what it said, so that a round of the chains (analyze.c) can tell
 * whether a new table changes anything of the unit's summaries without
 * walking it again.
 *
 * Every read of the table goes through ask() or ask_fn(): a question is a
 * kind (a letter), the callee's name, an argument's index, a few flags and
 * a member path, and its answer is the decision the asking code takes
 * (does this call keep its argument 2?), made by answer_of() from a table
 * or from none (pass 1: the unit alone).  The same question put to
 * another table gets the same decision exactly when the answer is the
 * same, so when a new table answers every question a text was made with
 * as before, its walks would go as they went and the text stays.  A name
 * whose line changed but whose answers did not (does str2uint() return?
 * does it keep its argument?) changes nothing; one the walks never asked
 * about changes nothing either.
 *
 * The kinds, with what the asking code does with the answer:
 *
 *   n  is the name the table's (a pack's glob does not hold for it;
 *      no summary: an unknown callee)        engine_lookup(), scan_params()
 *   k  may the call keep argument ARG (FLAGS 1: the parameter is a
 *      pointer to const)                     arg_may_escape()
 *   b  does it borrow it (only)              call_borrows_made()
 *   f  does it borrow member AUX of it       borrows_field()
 *   x  does it never return                  never_returns()
 *   m  does it open a member (a hash)        member_acquirer()
 *   w  is it a wrapper (a hash)              wrapper()
 *   r  what it returns (a hash)              return_range()
 *   d  does a unit define it                 calls_back()
 *   l  does it free what ARG points to, leaving member AUX
 *                                            helper_frees_container()
 *   p  does it return argument ARG           passes_arg()
 *   e  its effect on argument ARG as ownership reads it (FLAGS: the match
 *      and the pointer to const, 8: member unknown) call_effect()
 *   t  its effect on a transaction on ARG    txn.c
 *   y  is the function (qualified, entry.h) an entry of the program
 *                                            fn_is_entry()
 *   v  which function the program puts into the member (entry_member()),
 *      and has the table its summary         progsum_resolve_calls()
 *
 * The text, one question a line, sorted, each once:
 *
 *   KIND NAME ARG FLAGS AUX ANSWER     (AUX '-' for none, ANSWER in hex)
 *
 * A name or member with a space, a newline or the text "-" cannot be
 * written: the answers are then not kept (NULL), and the round falls back
 * on the lines (engine_program_changes()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cache.h"
#include "engine_int.h"
#include "entry.h"
#include "progsum.h"

typedef struct Asked {
	char kind;
	int arg, flags;
	const char *name, *aux;  /* in the log's arena */
	uint64_t answer;
	uint32_t hash;           /* of the question */
} Asked;

struct Answers {
	Arena arena;
	VEC(Asked) v;
	int *slot;               /* 1 + index into v, 0: free */
	int cap;                 /* a power of two, or 0 */
	bool broken;             /* a question the text cannot hold */
};

static uint64_t
pred_answer(Pred p)
{
	uint64_t h = cache_hash(CACHE_HASH_INIT, &p.op, sizeof(p.op));
	return cache_hash(h, &p.value, sizeof(p.value));
}

static uint64_t
str_answer(uint64_t h, const char *s)
{
	return s ? cache_hash_str(h, s) : cache_hash(h, "", 1);
}

static const ProgFn *
find(const ProgSums *t, const char *name)
{
	return t && name ? progsum_find(t, name) : NULL;
}

/* answer_of() with name's summary in t, pf, found already. */
static uint64_t
answer_with(const ProgSums *t, const ProgFn *pf, char kind, const char *name, int arg,
	    int flags, const char *aux)
{
	if (kind == 'y')
		return progsum_entry(t, name);
	if (kind == 'd')
		return t && progsum_defines(t, name);
	bool lent = flags & 1;
	switch (kind) {
	case 'n':
		return pf != NULL;
	case 'k':
		return pf ? (arg >= pf->nparams ? !lent : pf->direct[arg] == 'k') : !lent;
	case 'b':
		return pf ? (arg >= pf->nparams ? lent : pf->direct[arg] == 'b') : lent;
	case 'f':
		return pf ? arg < pf->nparams && prog_field(pf, arg, aux) == SUM_BORROWS : lent;
	case 'x':
		return pf && pf->noreturn;
	case 'm': {
		if (!pf || !pf->macq)
			return 0;
		uint64_t h = str_answer(CACHE_HASH_INIT, pf->macq_kind);
		h = cache_hash(h, &pf->macq_arg, sizeof(pf->macq_arg));
		h = str_answer(h, pf->macq_member);
		h = cache_hash(h, &pf->macq_fails, sizeof(pf->macq_fails));
		return cache_hash(h, &pf->macq_success, sizeof(pf->macq_success)) | 1;
	}
	case 'w':
		return pf && pf->wrap ? cache_hash(str_answer(CACHE_HASH_INIT, pf->wrap_kind),
						   &pf->wrap_fails, sizeof(pf->wrap_fails)) | 1 : 0;
	case 'r':
		return pred_answer(pf ? pf->ret : (Pred){OP_NONE, 0});
	case 'l':
		return pf && progsum_frees_leaving(pf, arg, aux);
	case 'p':
		return pf && arg < pf->nparams && pf->direct[arg] == 'p';
	case 'e':
		return own_prog_answer(pf, arg, flags, aux);
	case 't':
		return pf && arg < pf->nparams ? (uint64_t)prog_effect(pf->txn[arg]) + 1 : 0;
	case 'v': {
		/* progsum_resolve_calls(): the member's function, and whether
		 * the table has its summary (name: the member) */
		const char *to = progsum_member_target(t, name);
		return to ? (cache_hash_str(CACHE_HASH_INIT, to) & ~1ull) |
			    (progsum_find(t, to) != NULL) : 0;
	}
	}
	return ~0ull;
}

uint64_t
answer_of(const ProgSums *t, char kind, const char *name, int arg, int flags,
	  const char *aux)
{
	return answer_with(t, find(t, name), kind, name, arg, flags, aux);
}

static uint32_t
question_hash(char kind, const char *name, int arg, int flags, const char *aux)
{
	uint64_t h = cache_hash(CACHE_HASH_INIT, &kind, 1);
	h = str_answer(h, name);
	h = cache_hash(h, &arg, sizeof(arg));
	h = cache_hash(h, &flags, sizeof(flags));
	h = str_answer(h, aux);
	return (uint32_t)(h ^ h >> 32);
}

static bool
same_question(const Asked *a, char kind, const char *name, int arg, int flags,
	      const char *aux)
{
	return a->kind == kind && a->arg == arg && a->flags == flags &&
	       strcmp(a->name, name) == 0 &&
	       (a->aux && aux ? strcmp(a->aux, aux) == 0 : a->aux == aux);
}

static bool
writable(const char *s)
{
	return s[0] && strcmp(s, "-") != 0 && !strpbrk(s, " \t\n\r");
}

static void
grow(Answers *as)
{
	int cap = as->cap ? as->cap * 2 : 256;
	mem_free(as->slot);
	as->slot = xcalloc((size_t)cap, sizeof(int));
	as->cap = cap;
	for (int k = 0; k < as->v.n; k++) {
		unsigned j = as->v.v[k].hash & (unsigned)(cap - 1);
		while (as->slot[j])
			j = (j + 1) & (unsigned)(cap - 1);
		as->slot[j] = k + 1;
	}
}

/* Keeps the question and its answer, once. */
static void
answers_add(Answers *as, char kind, const char *name, int arg, int flags, const char *aux,
	    uint64_t answer)
{
	if (!name || as->broken)
		return;                 /* a call through a pointer: no table */
	uint32_t h = question_hash(kind, name, arg, flags, aux);
	if ((as->v.n + 1) * 2 > as->cap)
		grow(as);
	unsigned j = h & (unsigned)(as->cap - 1);
	for (; as->slot[j]; j = (j + 1) & (unsigned)(as->cap - 1)) {
		const Asked *a = &as->v.v[as->slot[j] - 1];
		if (a->hash == h && same_question(a, kind, name, arg, flags, aux))
			return;
	}
	/* a new question (most are asked again and again): can its line
	 * be written? */
	if (!writable(name) || (aux && !writable(aux))) {
		as->broken = true;
		return;
	}
	Asked a = {kind, arg, flags, arena_strdup(&as->arena, name),
		   aux ? arena_strdup(&as->arena, aux) : NULL, answer, h};
	vec_push(&as->v, a);
	as->slot[j] = as->v.n;
}

Answers *
answers_new(void)
{
	Answers *as = xcalloc(1, sizeof(*as));
	arena_init(&as->arena);
	return as;
}

void
answers_free(Answers *as)
{
	if (!as)
		return;
	arena_release(&as->arena);
	vec_free(&as->v);
	mem_free(as->slot);
	mem_free(as);
}

Arena *
answers_arena(Ctx *c)
{
	return c->answers ? &c->answers->arena : NULL;
}

uint64_t
ask(Ctx *c, char kind, const char *name, int arg, int flags, const char *aux)
{
	uint64_t a = answer_of(c->lim.program, kind, name, arg, flags, aux);
	if (c->answers)
		answers_add(c->answers, kind, name, arg, flags, aux, a);
	return a;
}

const ProgFn *
ask_fn(Ctx *c, char kind, const char *name)
{
	const ProgFn *pf = find(c->lim.program, name);
	if (c->answers)
		answers_add(c->answers, kind, name, 0, 0, NULL,
			    answer_with(c->lim.program, pf, kind, name, 0, 0, NULL));
	return pf;
}

void
asked_entry(Ctx *c, const char *qualified, bool is)
{
	if (c->answers)
		answers_add(c->answers, 'y', qualified, 0, 0, NULL, is);
}

void
ask_members(Ctx *c)
{
	const IrUnit *u = c->u;
	for (int f = 0; f < u->funcs.n; f++) {
		const IrFunc *fn = u->funcs.v[f];
		for (int bi = 0; bi < fn->blocks.n; bi++) {
			const IrBlock *b = fn->blocks.v[bi];
			for (int i = 0; i < b->ev.n; i++) {
				const IrEvent *e = &b->ev.v[i];
				if (e->kind == EV_CALL && e->via)
					ask(c, 'v', entry_member(&c->answers->arena, e->via), 0, 0,
					    NULL);
			}
		}
	}
}

/* ---- the text ---------------------------------------------------------------- */

/* The next field of a line being split in place: up to the next space
 * (made a NUL), or NULL at the end. */
static char *
field(char **p)
{
	char *f = *p;
	if (!f || !*f)
		return NULL;
	char *sp = strchr(f, ' ');
	if (sp) {
		*sp = '\0';
		*p = sp + 1;
	} else {
		*p = NULL;
	}
	return f;
}

static bool
to_int(const char *f, int *out)
{
	char *end;
	long v = f ? strtol(f, &end, 10) : 0;
	if (!f || end == f || *end || v < -1000000000L || v > 1000000000L)
		return false;
	*out = (int)v;
	return true;
}

/* One line of a text (split in place: its strings stay there) into *a;
 * false if it is not one. */
static bool
parse_line(char *line, Asked *a)
{
	char *p = line;
	char *kind = field(&p), *name = field(&p), *arg = field(&p), *flags = field(&p),
	     *aux = field(&p), *answer = field(&p);
	if (!answer || p || strlen(kind) != 1 || !to_int(arg, &a->arg) || !to_int(flags, &a->flags))
		return false;
	char *end;
	a->answer = strtoull(answer, &end, 16);
	if (end == answer || *end)
		return false;
	a->kind = kind[0];
	a->name = name;
	a->aux = strcmp(aux, "-") == 0 ? NULL : aux;
	a->hash = 0;
	return true;
}

/* Calls fn on each question of text with whether table t answers it as
 * text says; false if text is not answers' (fn was called on the lines
 * before the first that is not one). */
static bool
each_question(const char *text, const ProgSums *t,
	      void (*fn)(void *, const Asked *, bool same), void *ctx)
{
	char *copy = xstrdup(text);
	bool ok = true;
	for (char *p = copy; *p && ok;) {
		char *end = strchr(p, '\n');
		char *next = end ? end + 1 : p + strlen(p);
		if (end)
			*end = '\0';
		Asked a;
		ok = parse_line(p, &a);
		if (ok)
			fn(ctx, &a, answer_of(t, a.kind, a.name, a.arg, a.flags, a.aux) == a.answer);
		p = next;
	}
	mem_free(copy);
	return ok;
}

static void
count_changed(void *ctx, const Asked *a, bool same)
{
	(void)a;
	*(int *)ctx += !same;
}

bool
answers_hold(const char *text, const ProgSums *t)
{
	int changed = 0;
	return each_question(text, t, count_changed, &changed) && changed == 0;
}

typedef struct Changed {
	Arena *arena;
	NameSet *names, *entries;
	Answers *keep;           /* or NULL */
} Changed;

static void
note_changed(void *ctx, const Asked *a, bool same)
{
	Changed *ch = ctx;
	NameSet *s = a->kind == 'y' ? ch->entries : ch->names;
	if (same && ch->keep)
		answers_add(ch->keep, a->kind, a->name, a->arg, a->flags, a->aux, a->answer);
	if (same)
		return;
	for (int k = 0; k < s->n; k++)
		if (strcmp(s->v[k], a->name) == 0)
			return;
	avec_push(ch->arena, s, arena_strdup(ch->arena, a->name));
}

bool
answers_changed(Ctx *c, const char *text, NameSet *names, NameSet *entries)
{
	Changed ch = {&c->sum_arena, names, entries, c->answers};
	return each_question(text, c->lim.program, note_changed, &ch);
}

void
answers_lost(Answers *as)
{
	if (as)
		as->broken = true;
}

static int
cmp_asked(const void *a, const void *b)
{
	const Asked *x = a, *y = b;
	int c = x->kind - y->kind;
	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = x->arg < y->arg ? -1 : x->arg > y->arg;
	if (!c)
		c = x->flags < y->flags ? -1 : x->flags > y->flags;
	if (!c)
		c = strcmp(x->aux ? x->aux : "-", y->aux ? y->aux : "-");
	return c;
}

/* Appends s to *w (the buffer being at least as long as what is put). */
static char *
put(char *w, const char *s)
{
	size_t n = strlen(s);
	memcpy(w, s, n);
	return w + n;
}

static char *
put_int(char *w, int v)
{
	char num[16];
	int k = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		num[k++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*w++ = '-';
	while (k > 0)
		*w++ = num[--k];
	return w;
}

static char *
put_hex(char *w, uint64_t v)
{
	char num[16];
	int k = 0;
	do
		num[k++] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) > 0);
	while (k > 0)
		*w++ = num[--k];
	return w;
}

char *
answers_text(const Answers *as)
{
	if (!as || as->broken)
		return NULL;
	Asked *v = xmalloc(sizeof(Asked) * (size_t)(as->v.n + 1));
	size_t len = 1;
	for (int k = 0; k < as->v.n; k++) {
		v[k] = as->v.v[k];
		len += strlen(v[k].name) + (v[k].aux ? strlen(v[k].aux) : 1) + 64;
	}
	qsort(v, (size_t)as->v.n, sizeof(Asked), cmp_asked);
	char *out = xmalloc(len), *w = out;
	for (int k = 0; k < as->v.n; k++) {
		const Asked *a = &v[k];
		*w++ = a->kind;
		*w++ = ' ';
		w = put(w, a->name);
		*w++ = ' ';
		w = put_int(w, a->arg);
		*w++ = ' ';
		w = put_int(w, a->flags);
		*w++ = ' ';
		w = put(w, a->aux ? a->aux : "-");
		*w++ = ' ';
		w = put_hex(w, a->answer);
		*w++ = '\n';
	}
	*w = '\0';
	mem_free(v);
	return out;
}
