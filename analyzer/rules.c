/* SPDX-License-Identifier: MIT */
/*
 * rules: rule packs read with libyaml's document API, and the lookup table.
 *
 * A pack is read into a Pack of its own: an arena that will hold everything
 * the table keeps of it, and a local table that merges the roles of each
 * function into one entry.  Only a pack read without error is merged into
 * the Rules (all or nothing); a broken one is thrown away with its arena.
 *
 * The YAML is walked over yamlfields (key checks and typed getters with
 * file:line:col errors); the keys of every mapping are declared in
 * rulekeys.def, which also makes docs/rules.md's key tables (tools/keysdoc).
 *
 * The table: exact names in an open-addressing hash table, globs in a list
 * in load order.  An entry from a later pack replaces an earlier entry of
 * the same name (or the same glob) as a whole.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "mem.h"
#include "rules.h"
#include "yamlfields.h"

enum { MAX_ARG = 255 };

/* Roles a function may hold once per pack, whatever the kind. */
enum {
	ROLE_BORROW, ROLE_KEEP, ROLE_NORETURN, ROLE_SQL, ROLE_BEGIN, ROLE_END,
	ROLE_STATUS, ROLE_SPAWN, ROLE_JOIN, ROLE_DETACH, ROLE_RETURNS, ROLE_VIEW, ROLE_PURE,
	ROLE_REJECTS_NULL, NROLES
};

static const char *const role_key[NROLES] = {
	"borrowers", "keeps", "noreturn", "sql", "begin", "end", "status",
	"spawn", "join", "detach", "returns", "views", "pure", "rejects_null",
};

/* Roles that fill the same field of a RuleFn: one of each group at most. */
static const unsigned role_group[] = {
	1u << ROLE_BEGIN | 1u << ROLE_END,
	1u << ROLE_SPAWN | 1u << ROLE_JOIN | 1u << ROLE_DETACH,
};

typedef struct Entry {
	RuleFn fn;                  /* first: a RuleFn of the table is an Entry */
	RuleAcquire *acq_tail;      /* last of the fn.acquire chain */
	RuleRelease *rel;           /* fn.release, writable */
	const char *rel_kinds;      /* the kinds it releases, for rules_list() */
	unsigned roles;             /* bit per ROLE_ */
	int acq_kind, rel_kind, use_kind;   /* number of the last kind listing it */
	size_t prefix;              /* globs: length of the literal prefix */
	bool glob;
} Entry;

typedef struct Table {
	Entry **slot;
	size_t cap, n;
} Table;

typedef VEC(const char *) Words;

/* A function's bracket entries (RuleBracketCall chain). */
typedef struct BracketFn {
	const char *name;
	RuleBracketCall *head, *tail;
	const char *file;
	int line, col;
} BracketFn;

typedef struct Pack {
	Arena arena;
	const char *name;
	const char *file;
	VEC(Entry *) entries;       /* in order of first mention */
	VEC(RuleKind *) kinds;
	VEC(int) kind_lines;        /* where each kind is declared */
	Words begin_sql, end_sql;
	VEC(BracketFn *) brackets;  /* bracket entries per function */
	Table local;                /* name -> entry, while loading */
} Pack;

struct Rules {
	VEC(Pack *) packs;
	VEC(const RuleKind *) kinds;
	Table exact;
	VEC(Entry *) globs;
	Words begin_sql, end_sql;   /* NULL-terminated when not empty */
	Words members;              /* the `member`s packs name, NULL-terminated */
	Words member_packs;         /* the pack of each (the first to name it) */
	VEC(const RuleKind *) conns;  /* transactions' connection kinds,
	                              * NULL-terminated when not empty */
	VEC(BracketFn *) brackets;
};

static const char *const default_begin[] = {"BEGIN", "START TRANSACTION", NULL};
static const char *const default_end[] = {"COMMIT", "END", "ROLLBACK", "ABORT", NULL};

/* ---- hash table of entries ---------------------------------------------- */

static size_t
hash_name(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static Entry **
table_slot(const Table *t, const char *name)
{
	size_t i = hash_name(name) & (t->cap - 1);
	while (t->slot[i] && strcmp(t->slot[i]->fn.name, name) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->slot[i];
}

static Entry *
table_get(const Table *t, const char *name)
{
	return t->cap ? *table_slot(t, name) : NULL;
}

static void
table_grow(Table *t)
{
	Table bigger = {xcalloc(t->cap ? t->cap * 2 : 64, sizeof(Entry *)),
			t->cap ? t->cap * 2 : 64, t->n};
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i])
			*table_slot(&bigger, t->slot[i]->fn.name) = t->slot[i];
	mem_free(t->slot);
	*t = bigger;
}

/* Inserts e, replacing an entry of the same name. */
static void
table_put(Table *t, Entry *e)
{
	if ((t->n + 1) * 2 > t->cap)
		table_grow(t);
	Entry **s = table_slot(t, e->fn.name);
	if (!*s)
		t->n++;
	*s = e;
}

static void
table_free(Table *t)
{
	mem_free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* ---- reading YAML nodes -------------------------------------------------- */

typedef struct Loader {
	YReader y;                  /* first: the reader is the Loader */
	const Rules *r;
	Diag *d;
	Pack *p;
	int errors;
	const RuleKind *kind;       /* the kind being read */
	int kind_no;                /* its number in the pack, from 1 */
	const RuleKind *conn;       /* the connection kind of 'transactions' */
	const RuleBracket *bracket; /* the bracket being read */
} Loader;

typedef void ItemFn(Loader *L, const yaml_node_t *item);

/* The reader's errors, at the pack's file:line:col. */
static void
loader_error(YReader *y, const yaml_node_t *n, const char *msg)
{
	Loader *L = (Loader *)y;
	diag_error(L->d, L->p->file, (int)n->start_mark.line + 1,
		   (int)n->start_mark.column + 1, "%s", msg);
	L->errors++;
}

#define fail(L, ...) yf_fail(&(L)->y, __VA_ARGS__)

static const yaml_node_t *
node_at(const Loader *L, int id)
{
	return yf_node(&L->y, id);
}

static const yaml_node_t *
map_get(const Loader *L, const yaml_node_t *map, const char *key)
{
	return yf_get(&L->y, map, key);
}

static void
check_keys(Loader *L, const yaml_node_t *map, const YField *keys, const char *where)
{
	yf_check_keys(&L->y, map, keys, where);
}

static const char *
as_string(Loader *L, const yaml_node_t *n, const char *what)
{
	return yf_as_string(&L->y, n, what);
}

static bool
as_mapping(Loader *L, const yaml_node_t *n, const char *what)
{
	return yf_as_mapping(&L->y, n, what);
}

static bool
get_index(Loader *L, const yaml_node_t *map, const char *key, int *out)
{
	return yf_get_index(&L->y, map, key, MAX_ARG, out);
}

static bool
get_bool(Loader *L, const yaml_node_t *map, const char *key, bool *out)
{
	return yf_get_bool(&L->y, map, key, out);
}

static bool
get_pred(Loader *L, const yaml_node_t *map, const char *key, Pred *out)
{
	return yf_get_pred(&L->y, map, key, out);
}

/* The `member` of an acquire or release entry: a C identifier, in the
 * pack's arena; *out stays NULL when absent.  False (reported) if bad. */
static bool
get_member(Loader *L, const yaml_node_t *map, const char *key, const char **out)
{
	const yaml_node_t *n = map_get(L, map, key);
	if (!n)
		return true;
	const char *m = as_string(L, n, key[0] == 'm' ? "a C member name for 'member'"
						      : "a C member name for 'fails_member'");
	if (!m)
		return false;
	bool ok = (isalpha((unsigned char)m[0]) || m[0] == '_');
	for (const char *p = m; *p && ok; p++)
		ok = isalnum((unsigned char)*p) || *p == '_';
	if (!ok) {
		fail(L, n, "'%s' must name one member, a C identifier (\"data\"), "
		     "not \"%s\"", key, m);
		return false;
	}
	*out = arena_strdup(&L->p->arena, m);
	return true;
}

/* The keys of each mapping of a pack (rulekeys.def). */
#define TABLE(id, name) static const YField id[] = {
#define KEY(key, type, req, dflt, tdoc, doc) {key, type, req, dflt, tdoc, doc, NULL},
#define END {NULL, 0, false, NULL, NULL, NULL, NULL} };
#include "rulekeys.def"
#undef TABLE
#undef KEY
#undef END

const YTable rules_key_tables[] = {
#define TABLE(id, name) {name, id},
#define KEY(key, type, req, dflt, tdoc, doc)
#define END
#include "rulekeys.def"
#undef TABLE
#undef KEY
#undef END
	{NULL, NULL}
};

static void
for_items(Loader *L, const yaml_node_t *map, const char *key, ItemFn *fn)
{
	const yaml_node_t *s = map_get(L, map, key);
	if (!s)
		return;
	if (s->type != YAML_SEQUENCE_NODE) {
		fail(L, s, "expected a sequence for '%s'", key);
		return;
	}
	for (yaml_node_item_t *it = s->data.sequence.items.start;
	     it < s->data.sequence.items.top; it++)
		fn(L, node_at(L, *it));
}

/* ---- entries ------------------------------------------------------------- */

static Entry *
entry_get(Loader *L, const yaml_node_t *n, const char *name)
{
	Entry *e = table_get(&L->p->local, name);
	if (e)
		return e;
	e = arena_alloc(&L->p->arena, sizeof(*e));
	e->fn.name = arena_strdup(&L->p->arena, name);
	e->fn.pack = L->p->name;
	e->fn.file = L->p->file;
	e->fn.line = (int)n->start_mark.line + 1;
	e->fn.col = (int)n->start_mark.column + 1;
	e->glob = strpbrk(name, "*?[") != NULL;
	e->prefix = strcspn(name, "*?[\\");
	table_put(&L->p->local, e);
	vec_push(&L->p->entries, e);
	return e;
}

/* The entry of the function named by node n of list. */
static Entry *
entry_for(Loader *L, const yaml_node_t *n, const char *list)
{
	char what[80];
	snprintf(what, sizeof(what), "a function name in '%s'", list);
	const char *name = as_string(L, n, what);
	if (!name)
		return NULL;
	for (const char *c = name; *c; c++) {
		if (isspace((unsigned char)*c)) {
			fail(L, n, "bad function name '%s' in '%s'", name, list);
			return NULL;
		}
	}
	return entry_get(L, n, name);
}

/* The node naming the function of an item of list: the item itself (a
 * plain name, when plain_ok) or the 'function' of a mapping, whose keys
 * are checked against keys. */
static const yaml_node_t *
entry_node(Loader *L, const yaml_node_t *item, const char *list,
	   const YField *keys, bool plain_ok)
{
	char where[80];
	snprintf(where, sizeof(where), "an entry of '%s'", list);
	if (item->type == YAML_SCALAR_NODE && plain_ok)
		return item;
	if (item->type != YAML_MAPPING_NODE) {
		fail(L, item, "expected %sa mapping in '%s'",
		     plain_ok ? "a function name or " : "", list);
		return NULL;
	}
	check_keys(L, item, keys, where);
	const yaml_node_t *f = map_get(L, item, "function");
	if (!f)
		fail(L, item, "missing 'function' in %s", where);
	return f;
}

/* Records a pack-wide role of e; false (reported) if it clashes. */
static bool
role_add(Loader *L, Entry *e, const yaml_node_t *n, int role)
{
	unsigned bit = 1u << role;
	if (e->roles & bit) {
		fail(L, n, "'%s' is listed twice in '%s'", e->fn.name, role_key[role]);
		return false;
	}
	for (size_t g = 0; g < sizeof(role_group) / sizeof(role_group[0]); g++) {
		unsigned other = e->roles & role_group[g] & ~bit;
		if (!(role_group[g] & bit) || !other)
			continue;
		fail(L, n, "'%s' is listed in both '%s' and '%s'", e->fn.name,
		     role_key[__builtin_ctz(other)], role_key[role]);
		return false;
	}
	e->roles |= bit;
	return true;
}

/* Within a kind, a function is listed once per role (acquire, release,
 * use); *last is the number of the last kind that listed it there. */
static bool
kind_role_add(Loader *L, Entry *e, int *last, const yaml_node_t *n, const char *list)
{
	if (*last == L->kind_no) {
		fail(L, n, "'%s' is listed twice in '%s' of kind '%s'", e->fn.name,
		     list, L->kind->name);
		return false;
	}
	*last = L->kind_no;
	return true;
}

/* ---- kinds --------------------------------------------------------------- */

static const RuleKind *
find_kind(const Loader *L, const char *name)
{
	for (int i = 0; i < L->p->kinds.n; i++)
		if (strcmp(L->p->kinds.v[i]->name, name) == 0)
			return L->p->kinds.v[i];
	return rules_kind(L->r, name);
}


static void
load_acquire(Loader *L, const yaml_node_t *item)
{
	RuleAcquire a = {.kind = L->kind, .out_arg = -1, .fails = {OP_EQ, 0},
			 .success = {OP_NONE, 0}};
	int null_arg = -1;
	const yaml_node_t *f = entry_node(L, item, "acquire", acquire_keys, true);
	if (!f || !get_index(L, item, "out", &a.out_arg) ||
	    !get_index(L, item, "null_arg", &null_arg) || !get_bool(L, item, "inout", &a.inout))
		return;
	a.null_arg = null_arg + 1;
	if (!get_member(L, item, "member", &a.out_member) ||
	    !get_member(L, item, "fails_member", &a.fails_member))
		return;
	if (a.out_member && a.out_arg < 0) {
		fail(L, map_get(L, item, "member"), "'member' applies to handles written "
		     "through 'out': say which argument points to the object with 'out'");
		return;
	}
	if (a.fails_member && !a.out_member) {
		fail(L, map_get(L, item, "fails_member"), "'fails_member' applies to handles "
		     "written into a member: say which with 'member'");
		return;
	}
	if (a.inout && a.out_arg < 0) {
		fail(L, map_get(L, item, "inout"), "'inout' applies to handles written "
		     "through 'out': say which argument with 'out'");
		return;
	}
	const yaml_node_t *fails = map_get(L, item, "fails");
	const yaml_node_t *success = map_get(L, item, "success");
	if (a.fails_member) {
		/* `fails` tests the other member, not a returned value */
		a.member_fails = (Pred){OP_EQ, 0};
		if (!get_pred(L, item, "fails", &a.member_fails))
			return;
		fails = NULL;
	}
	if (a.out_arg >= 0 && fails) {
		fail(L, fails, "'fails' applies to returned handles: with 'out', "
		     "say when the call succeeds with 'success'");
		return;
	}
	if (a.out_arg < 0 && success) {
		fail(L, success, "'success' applies to handles written through 'out': "
		     "say which returned values mean nothing with 'fails'");
		return;
	}
	if (a.out_arg >= 0)
		a.fails = (Pred){OP_NONE, 0};
	if ((!a.fails_member && !get_pred(L, item, "fails", &a.fails)) ||
	    !get_pred(L, item, "success", &a.success))
		return;
	Entry *e = entry_for(L, f, "acquire");
	if (!e || !kind_role_add(L, e, &e->acq_kind, f, "acquire"))
		return;
	RuleAcquire *na = arena_alloc(&L->p->arena, sizeof(*na));
	*na = a;
	if (e->acq_tail)
		e->acq_tail->next = na;
	else
		e->fn.acquire = na;
	e->acq_tail = na;
}


/* kinds with k added (a NULL-terminated array in the arena), unless there. */
static const RuleKind *const *
kinds_add(Arena *a, const RuleKind *const *kinds, const RuleKind *k)
{
	size_t n = 0;
	for (; kinds && kinds[n]; n++)
		if (kinds[n] == k)
			return kinds;
	const RuleKind **nk = arena_alloc(a, sizeof(*nk) * (n + 2));
	for (size_t i = 0; i < n; i++)
		nk[i] = kinds[i];
	nk[n] = k;
	nk[n + 1] = NULL;
	return nk;
}

/* An earlier pack's release of the same function must release the same
 * argument: the later pack's kinds are added to it (rules_commit). */
static bool
same_member(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
release_agrees(Loader *L, const yaml_node_t *f, const char *name, int arg, const char *member)
{
	const Entry *old = table_get(&L->r->exact, name);
	const RuleRelease *or = old ? old->fn.release : NULL;
	if (!or || (or->arg == arg && !or->zformat == (arg >= 0) &&
		    same_member(or->member, member)))
		return true;
	if (or->arg == arg && !or->zformat == (arg >= 0))
		fail(L, f, "'%s' releases %s%s of argument %d of '%s' in pack '%s': a pack "
		     "that names it for another kind must release the same member",
		     name, or->member ? "member " : "the value", or->member ? or->member : "",
		     arg, old->rel_kinds, old->fn.pack);
	else
		fail(L, f, "'%s' releases argument %d of '%s' in pack '%s': a pack that names it "
		     "for another kind must release the same argument (it then releases both)",
		     name, or->arg, old->rel_kinds, old->fn.pack);
	return false;
}

static void
load_release(Loader *L, const yaml_node_t *item)
{
	int arg = 0, format = -1;
	bool on_success = false;
	Pred success = {OP_NONE, 0};
	const yaml_node_t *f = entry_node(L, item, "release", release_keys, true);
	if (!f || !get_index(L, item, "arg", &arg) || !get_index(L, item, "format", &format) ||
	    !get_bool(L, item, "on_success", &on_success) || !get_pred(L, item, "success", &success))
		return;
	if (on_success && success.op != OP_NONE) {
		fail(L, map_get(L, item, "success"), "give 'on_success' or 'success', not both");
		return;
	}
	const char *member = NULL;
	if (!get_member(L, item, "member", &member))
		return;
	if (member && format >= 0) {
		fail(L, map_get(L, item, "member"), "give 'member' or 'format', not both");
		return;
	}
	if (format >= 0)
		arg = -1;           /* the %z arguments of the format */
	Entry *e = entry_for(L, f, "release");
	if (!e || !kind_role_add(L, e, &e->rel_kind, f, "release") ||
	    !release_agrees(L, f, e->fn.name, arg, member))
		return;
	if (!e->rel) {
		e->rel = arena_alloc(&L->p->arena, sizeof(*e->rel));
		e->rel->kind = L->kind;
		e->rel->kinds = kinds_add(&L->p->arena, NULL, L->kind);
		e->rel->arg = arg;
		e->rel->zformat = format + 1;
		e->rel->on_success = on_success;
		e->rel->success = success;
		e->rel->member = member;
		e->rel_kinds = L->kind->name;
		e->fn.release = e->rel;
	} else if (e->rel->arg != arg) {
		fail(L, f, "'%s' releases argument %d of '%s' but argument %d here: "
		     "a function releases one argument", e->fn.name, e->rel->arg,
		     e->rel_kinds, arg);
	} else if (!same_member(e->rel->member, member)) {
		fail(L, f, "'%s' releases %s%s of argument %d of '%s' but %s%s here: "
		     "a function releases one thing", e->fn.name,
		     e->rel->member ? "member " : "the value", e->rel->member ? e->rel->member : "",
		     arg, e->rel_kinds, member ? "member " : "the value", member ? member : "");
	} else {
		e->rel->kinds = kinds_add(&L->p->arena, e->rel->kinds, L->kind);
		e->rel_kinds = arena_printf(&L->p->arena, "%s, %s", e->rel_kinds,
					    L->kind->name);
	}
}

static void
load_use(Loader *L, const yaml_node_t *item)
{
	Entry *e = entry_for(L, item, "use");
	if (e && kind_role_add(L, e, &e->use_kind, item, "use"))
		e->fn.borrows = e->fn.kind_use = true;
}

static bool
kind_clash(Loader *L, const yaml_node_t *n, const char *name)
{
	for (int i = 0; i < L->p->kinds.n; i++) {
		if (strcmp(L->p->kinds.v[i]->name, name) == 0) {
			fail(L, n, "duplicate kind '%s', declared already at line %d",
			     name, L->p->kind_lines.v[i]);
			return true;
		}
	}
	const RuleKind *k = rules_kind(L->r, name);
	if (k) {
		fail(L, n, "duplicate kind '%s': pack '%s' declares it already", name, k->pack);
		return true;
	}
	return false;
}

/* The C type names of a kind, NULL-terminated, in the arena. */
static const char **
load_types(Loader *L, const yaml_node_t *k)
{
	const yaml_node_t *s = map_get(L, k, "types");
	size_t n = 0;
	if (s && s->type != YAML_SEQUENCE_NODE) {
		fail(L, s, "expected a sequence for 'types'");
		s = NULL;
	}
	if (s)
		n = (size_t)(s->data.sequence.items.top - s->data.sequence.items.start);
	const char **types = arena_alloc(&L->p->arena, sizeof(*types) * (n + 1));
	for (size_t i = 0; i < n; i++) {
		const char *t = as_string(L, node_at(L, s->data.sequence.items.start[i]),
					  "a C type name in 'types'");
		types[i] = arena_strdup(&L->p->arena, t ? t : "?");
	}
	return types;
}


static void
load_kind(Loader *L, const yaml_node_t *k)
{
	if (!as_mapping(L, k, "each kind"))
		return;
	check_keys(L, k, kind_keys, "a kind");
	const yaml_node_t *nn = map_get(L, k, "name");
	const yaml_node_t *noun = map_get(L, k, "noun");
	if (!nn) {
		fail(L, k, "missing 'name' in a kind");
		return;
	}
	const char *name = as_string(L, nn, "a string for 'name'");
	const char *ns = noun ? as_string(L, noun, "a string for 'noun'") : name;
	if (!name || !ns || kind_clash(L, nn, name))
		return;
	RuleKind *kind = arena_alloc(&L->p->arena, sizeof(*kind));
	kind->name = arena_strdup(&L->p->arena, name);
	kind->noun = arena_strdup(&L->p->arena, ns);
	kind->pack = L->p->name;
	kind->types = load_types(L, k);
	if (!get_bool(L, k, "in_place", &kind->in_place))
		return;
	vec_push(&L->p->kinds, kind);
	vec_push(&L->p->kind_lines, (int)nn->start_mark.line + 1);
	L->kind = kind;
	L->kind_no++;
	for_items(L, k, "acquire", load_acquire);
	for_items(L, k, "release", load_release);
	for_items(L, k, "use", load_use);
	L->kind = NULL;
}

/* ---- pack-wide lists ----------------------------------------------------- */

static Entry *
name_role(Loader *L, const yaml_node_t *item, int role)
{
	Entry *e = entry_for(L, item, role_key[role]);
	return e && role_add(L, e, item, role) ? e : NULL;
}

static void
load_borrower(Loader *L, const yaml_node_t *item)
{
	Entry *e = name_role(L, item, ROLE_BORROW);
	if (e)
		e->fn.borrows = true;
}

/* pure: the result depends only on the arguments and what they point to,
 * and nothing is written; nothing is taken either. */
static void
load_pure(Loader *L, const yaml_node_t *item)
{
	Entry *e = name_role(L, item, ROLE_PURE);
	if (e)
		e->fn.pure = e->fn.borrows = true;
}

/* rejects_null: a release that must not be given NULL (mysql_stmt_close
 * dereferences it; fclose(NULL) is undefined). */
static void
load_rejects_null(Loader *L, const yaml_node_t *item)
{
	Entry *e = name_role(L, item, ROLE_REJECTS_NULL);
	if (e)
		e->fn.rejects_null = true;
}

static bool
keeps_bit(Loader *L, const yaml_node_t *n, unsigned *bits)
{
	long long v;
	if (!yf_scalar_int(n, &v) || v < 0 || v >= 32) {
		fail(L, n, "expected an argument index from 0 to 31 for 'arg' in 'keeps'");
		return false;
	}
	*bits |= 1u << v;
	return true;
}

/* The arguments a 'keeps' mapping names, an index or a sequence of them,
 * as a bit set; 0 after an error. */
static unsigned
keeps_args(Loader *L, const yaml_node_t *item)
{
	const yaml_node_t *a = map_get(L, item, "arg");
	unsigned bits = 0;
	if (!a) {
		fail(L, item, "missing 'arg' in an entry of 'keeps' (a plain name "
		     "keeps every argument)");
		return 0;
	}
	if (a->type != YAML_SEQUENCE_NODE)
		return keeps_bit(L, a, &bits) ? bits : 0;
	for (yaml_node_item_t *it = a->data.sequence.items.start;
	     it < a->data.sequence.items.top; it++)
		if (!keeps_bit(L, node_at(L, *it), &bits))
			return 0;
	if (!bits)
		fail(L, a, "expected at least one argument index for 'arg' in 'keeps'");
	return bits;
}


static void
load_keeper(Loader *L, const yaml_node_t *item)
{
	unsigned bits = 0;
	const yaml_node_t *f = entry_node(L, item, "keeps", keeps_keys, true);
	if (!f || (item->type == YAML_MAPPING_NODE && !(bits = keeps_args(L, item))))
		return;
	Entry *e = entry_for(L, f, "keeps");
	if (!e || !role_add(L, e, f, ROLE_KEEP))
		return;
	e->fn.keeps = true;
	e->fn.keeps_args = bits;
}


/* An entry {function, arg} of 'returns' or 'views': the argument its value
 * is, or points into; the function borrows its arguments too. */
static void
load_arg_role(Loader *L, const yaml_node_t *item, const char *list, const YField *keys,
	      int role)
{
	int arg = 0;
	const yaml_node_t *f = entry_node(L, item, list, keys, true);
	if (!f || !get_index(L, item, "arg", &arg))
		return;
	Entry *e = entry_for(L, f, list);
	if (!e || !role_add(L, e, f, role))
		return;
	if (role == ROLE_RETURNS)
		e->fn.passes = arg + 1;
	else
		e->fn.view_of = arg + 1;
	e->fn.borrows = true;
}

/* returns: [{function: memcpy, arg: 0}]: the call's value is argument arg. */
static void
load_returns(Loader *L, const yaml_node_t *item)
{
	load_arg_role(L, item, "returns", returns_keys, ROLE_RETURNS);
}

/* views: [{function: PQgetvalue, arg: 0}]: the call's value points into
 * the handle given as argument arg, and dies with it. */
static void
load_view(Loader *L, const yaml_node_t *item)
{
	load_arg_role(L, item, "views", view_keys, ROLE_VIEW);
}

static void
load_noreturn(Loader *L, const yaml_node_t *item)
{
	const yaml_node_t *f = entry_node(L, item, "noreturn", noreturn_keys, true);
	bool jumps = false;
	int arg = -1;
	Pred when = {OP_NONE, 0};
	if (!f || (item != f && (!get_bool(L, item, "jumps", &jumps) ||
				 !get_index(L, item, "arg", &arg) ||
				 !get_pred(L, item, "when", &when))))
		return;
	if ((arg >= 0) != (when.op != OP_NONE)) {
		fail(L, item, "'arg' and 'when' go together: the function does not return "
		     "when argument 'arg' satisfies 'when'");
		return;
	}
	Entry *e = name_role(L, f, ROLE_NORETURN);
	if (e) {
		e->fn.noreturn = arg < 0;
		e->fn.jumps = jumps;
		e->fn.noreturn_if = arg + 1;
		e->fn.noreturn_when = when;
	}
}

/* ---- transactions -------------------------------------------------------- */


static void
load_sql(Loader *L, const yaml_node_t *item)
{
	RuleSql s = {L->conn, 0, 1, {OP_NONE, 0}};
	const yaml_node_t *f = entry_node(L, item, "sql", sql_keys, true);
	if (!f || !get_index(L, item, "conn", &s.conn_arg) ||
	    !get_index(L, item, "sql", &s.sql_arg) ||
	    !get_pred(L, item, "success", &s.success))
		return;
	Entry *e = entry_for(L, f, "sql");
	if (!e || !role_add(L, e, f, ROLE_SQL))
		return;
	RuleSql *ns = arena_alloc(&L->p->arena, sizeof(*ns));
	*ns = s;
	e->fn.sql = ns;
}

/* A function is listed once in 'begin' or 'end'; in both only when each
 * entry holds for some argument values (mysql_autocommit(c, 0) begins,
 * mysql_autocommit(c, 1) commits): then the entries are chained. */
static void
txn_add(Loader *L, const yaml_node_t *f, const RuleTxnCall *t, int role)
{
	Entry *e = entry_for(L, f, role_key[role]);
	if (!e)
		return;
	const RuleTxnCall *other = e->fn.txn;
	if (other && other->what != t->what && !(e->roles & 1u << role)) {
		if (other->when_arg < 0 || t->when_arg < 0) {
			fail(L, f, "'%s' is listed in both 'begin' and 'end': then both entries "
			     "need 'when_arg' and 'equals'", e->fn.name);
			return;
		}
		e->roles |= 1u << role;
	} else if (!role_add(L, e, f, role)) {
		return;
	} else {
		other = NULL;
	}
	RuleTxnCall *nt = arena_alloc(&L->p->arena, sizeof(*nt));
	*nt = *t;
	nt->next = other;
	e->fn.txn = nt;
}

/* An entry of 'begin' or 'end': the connection argument, and the argument
 * values for which it holds (when_arg/equals, and_arg/and_equals). */
static void
load_txn_call(Loader *L, const yaml_node_t *item, TxnWhat what)
{
	const char *list = what == TXN_BEGIN ? "begin" : "end";
	RuleTxnCall t = {L->conn, 0, what, -1, 0, -1, 0, NULL};
	const yaml_node_t *f = entry_node(L, item, list, what == TXN_BEGIN ? begin_keys : end_keys,
					  true);
	if (!f || !get_index(L, item, "conn", &t.conn_arg) ||
	    !get_index(L, item, "when_arg", &t.when_arg) ||
	    !get_index(L, item, "and_arg", &t.also_arg))
		return;
	const yaml_node_t *eq = map_get(L, item, "equals");
	if (eq && !yf_scalar_int(eq, &t.when_value)) {
		fail(L, eq, "expected an integer for 'equals'");
		return;
	}
	if ((t.when_arg >= 0) != (eq != NULL)) {
		fail(L, item, "'when_arg' and 'equals' go together in an entry of '%s'", list);
		return;
	}
	const yaml_node_t *eq2 = map_get(L, item, "and_equals");
	if (eq2 && !yf_scalar_int(eq2, &t.also_value)) {
		fail(L, eq2, "expected an integer for 'and_equals'");
		return;
	}
	if ((t.also_arg >= 0) != (eq2 != NULL)) {
		fail(L, item, "'and_arg' and 'and_equals' go together in an entry of '%s'", list);
		return;
	}
	txn_add(L, f, &t, what == TXN_BEGIN ? ROLE_BEGIN : ROLE_END);
}

static void
load_begin(Loader *L, const yaml_node_t *item)
{
	load_txn_call(L, item, TXN_BEGIN);
}

static void
load_end(Loader *L, const yaml_node_t *item)
{
	load_txn_call(L, item, TXN_END);
}


static void
load_status(Loader *L, const yaml_node_t *item)
{
	RuleStatus s = {0, {OP_NONE, 0}};
	const yaml_node_t *f = entry_node(L, item, "status", status_keys, false);
	if (!f || !get_index(L, item, "arg", &s.arg) || !get_pred(L, item, "success", &s.success))
		return;
	if (s.success.op == OP_NONE) {
		fail(L, item, "missing 'success' in an entry of 'status'");
		return;
	}
	Entry *e = entry_for(L, f, "status");
	if (!e || !role_add(L, e, f, ROLE_STATUS))
		return;
	RuleStatus *ns = arena_alloc(&L->p->arena, sizeof(*ns));
	*ns = s;
	e->fn.status = ns;
	e->fn.borrows = true;       /* reading a status takes nothing */
}

/* An SQL word list entry: words of letters, digits and '_' separated by
 * single blanks; kept in upper case. */
static const char *
sql_word(Loader *L, const yaml_node_t *item, const char *list)
{
	char what[64];
	snprintf(what, sizeof(what), "a string in '%s'", list);
	const char *s = as_string(L, item, what);
	if (!s)
		return NULL;
	char *w = arena_strdup(&L->p->arena, s);
	for (char *c = w; *c; c++) {
		bool blank = *c == ' ' && c > w && c[1] && c[-1] != ' ';
		if (!isalnum((unsigned char)*c) && *c != '_' && !blank) {
			fail(L, item, "bad SQL words '%s' in '%s': expected words of "
			     "letters separated by single blanks", s, list);
			return NULL;
		}
		*c = (char)toupper((unsigned char)*c);
	}
	return w;
}

static void
load_begin_word(Loader *L, const yaml_node_t *item)
{
	const char *w = sql_word(L, item, "begin_sql");
	if (w)
		vec_push(&L->p->begin_sql, w);
}

static void
load_end_word(Loader *L, const yaml_node_t *item)
{
	const char *w = sql_word(L, item, "end_sql");
	if (w)
		vec_push(&L->p->end_sql, w);
}


static void load_txn_body(Loader *L, const yaml_node_t *t, const char *where);

static void
load_txn_block(Loader *L, const yaml_node_t *t)
{
	if (!as_mapping(L, t, "'transactions'"))
		return;
	check_keys(L, t, txn_keys, "'transactions'");
	load_txn_body(L, t, "'transactions'");
}

/* The keys of a transactions mapping, in 'transactions' or as a bracket. */
static void
load_txn_body(Loader *L, const yaml_node_t *t, const char *where)
{
	const yaml_node_t *c = map_get(L, t, "connection");
	const char *name = c ? as_string(L, c, "a kind name for 'connection'") : NULL;
	L->conn = name ? find_kind(L, name) : NULL;
	if (name && !L->conn)
		fail(L, c, "unknown kind '%s'", name);
	else if (!c && (map_get(L, t, "sql") || map_get(L, t, "begin") || map_get(L, t, "end")))
		fail(L, t, "missing 'connection' in %s: the kind of the "
		     "connection its functions act on", where);
	for_items(L, t, "sql", load_sql);
	for_items(L, t, "begin", load_begin);
	for_items(L, t, "end", load_end);
	for_items(L, t, "status", load_status);
	for_items(L, t, "begin_sql", load_begin_word);
	for_items(L, t, "end_sql", load_end_word);
	L->conn = NULL;
}

static void
load_txn(Loader *L, const yaml_node_t *t)
{
	if (t->type != YAML_SEQUENCE_NODE) {
		load_txn_block(L, t);
		return;
	}
	for (yaml_node_item_t *it = t->data.sequence.items.start;
	     it < t->data.sequence.items.top; it++)
		load_txn_block(L, node_at(L, *it));
}

/* ---- threads ------------------------------------------------------------- */

static void
thread_add(Loader *L, const yaml_node_t *f, const RuleThread *t, int role)
{
	Entry *e = entry_for(L, f, role_key[role]);
	if (!e || !role_add(L, e, f, role))
		return;
	RuleThread *nt = arena_alloc(&L->p->arena, sizeof(*nt));
	*nt = *t;
	e->fn.thread = nt;
}


static void
load_spawn(Loader *L, const yaml_node_t *item)
{
	RuleThread t = {THREAD_SPAWN, 0, -1, -1, {OP_EQ, 0}};   /* success: "== 0" */
	const yaml_node_t *f = entry_node(L, item, "spawn", spawn_keys, false);
	if (!f || !get_index(L, item, "thread", &t.thread_arg) ||
	    !get_index(L, item, "routine", &t.routine_arg) ||
	    !get_index(L, item, "arg", &t.data_arg) ||
	    !get_pred(L, item, "success", &t.success))
		return;
	if (t.routine_arg < 0 || t.data_arg < 0) {
		fail(L, item, "missing '%s' in an entry of 'spawn'",
		     t.routine_arg < 0 ? "routine" : "arg");
		return;
	}
	thread_add(L, f, &t, ROLE_SPAWN);
}


static void
load_thread_end(Loader *L, const yaml_node_t *item, int role)
{
	RuleThread t = {role == ROLE_JOIN ? THREAD_JOIN : THREAD_DETACH, 0, -1, -1, {OP_NONE, 0}};
	const yaml_node_t *f = entry_node(L, item, role_key[role], join_keys, true);
	if (f && get_index(L, item, "thread", &t.thread_arg))
		thread_add(L, f, &t, role);
}

static void
load_join(Loader *L, const yaml_node_t *item)
{
	load_thread_end(L, item, ROLE_JOIN);
}

static void
load_detach(Loader *L, const yaml_node_t *item)
{
	load_thread_end(L, item, ROLE_DETACH);
}


static void
load_threads(Loader *L, const yaml_node_t *t)
{
	if (!as_mapping(L, t, "'threads'"))
		return;
	check_keys(L, t, thread_keys, "'threads'");
	for_items(L, t, "spawn", load_spawn);
	for_items(L, t, "join", load_join);
	for_items(L, t, "detach", load_detach);
}

/* ---- brackets ------------------------------------------------------------ */

static BracketFn *
bracket_fn(Loader *L, const yaml_node_t *n, const char *name)
{
	for (int i = 0; i < L->p->brackets.n; i++)
		if (strcmp(L->p->brackets.v[i]->name, name) == 0)
			return L->p->brackets.v[i];
	BracketFn *b = arena_alloc(&L->p->arena, sizeof(*b));
	b->name = arena_strdup(&L->p->arena, name);
	b->file = L->p->file;
	b->line = (int)n->start_mark.line + 1;
	b->col = (int)n->start_mark.column + 1;
	vec_push(&L->p->brackets, b);
	return b;
}

/* 'equals': one integer or a sequence of them. */
static bool
bracket_values(Loader *L, const yaml_node_t *eq, RuleBracketCall *bc)
{
	bool seq = eq->type == YAML_SEQUENCE_NODE;
	int n = seq ? (int)(eq->data.sequence.items.top - eq->data.sequence.items.start) : 1;
	long long *v = arena_alloc(&L->p->arena, sizeof(*v) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		const yaml_node_t *x = seq ? node_at(L, eq->data.sequence.items.start[i]) : eq;
		if (!yf_scalar_int(x, &v[i])) {
			fail(L, x, "expected an integer for 'equals'");
			return false;
		}
	}
	bc->values = v;
	bc->nvalues = n;
	return true;
}


static void
load_bracket_call(Loader *L, const yaml_node_t *item, bool end)
{
	const char *list = end ? "end" : "begin";
	const yaml_node_t *f = item->type == YAML_MAPPING_NODE ? map_get(L, item, "function") : item;
	if (item->type == YAML_MAPPING_NODE)
		check_keys(L, item, bracket_call_keys, end ? "an entry of 'end'" : "an entry of 'begin'");
	const char *name = f ? as_string(L, f, "a function name") : NULL;
	if (!f)
		fail(L, item, "missing 'function' in an entry of '%s'", list);
	if (!name)
		return;
	RuleBracketCall bc = {L->bracket, end, 0, -1, NULL, 0, {OP_NONE, 0}, NULL};
	if (item->type == YAML_MAPPING_NODE) {
		if (!get_index(L, item, "object", &bc.object) ||
		    !get_index(L, item, "when_arg", &bc.when_arg) ||
		    !get_pred(L, item, "success", &bc.success))
			return;
		const yaml_node_t *eq = map_get(L, item, "equals");
		if (eq && !bracket_values(L, eq, &bc))
			return;
		if ((bc.when_arg >= 0) != (eq != NULL)) {
			fail(L, item, "'when_arg' and 'equals' go together in an entry of '%s'", list);
			return;
		}
		if (end && bc.success.op != OP_NONE) {
			fail(L, map_get(L, item, "success"), "'success' is for entries of 'begin'");
			return;
		}
	}
	BracketFn *b = bracket_fn(L, f, name);
	RuleBracketCall *nb = arena_alloc(&L->p->arena, sizeof(*nb));
	*nb = bc;
	if (b->tail)
		b->tail->next = nb;
	else
		b->head = nb;
	b->tail = nb;
}

static void
load_bracket_begin(Loader *L, const yaml_node_t *item)
{
	load_bracket_call(L, item, false);
}

static void
load_bracket_end(Loader *L, const yaml_node_t *item)
{
	load_bracket_call(L, item, true);
}


/* A bracket on a connection is a transaction: the keys of 'transactions',
 * reported by txn-open (and txn-wrong-handle). */
static void
load_txn_bracket(Loader *L, const yaml_node_t *t)
{
	check_keys(L, t, txn_bracket_keys, "an entry of 'brackets'");
	const yaml_node_t *n = map_get(L, t, "check");
	const char *check = n ? as_string(L, n, "a check id for 'check'") : NULL;
	if (check && strcmp(check, "txn-open") != 0) {
		fail(L, n, "a bracket on a 'connection' is a transaction, reported by "
		     "'txn-open', not '%s'", check);
		return;
	}
	if ((n = map_get(L, t, "name")))
		as_string(L, n, "a string for 'name'");
	load_txn_body(L, t, "an entry of 'brackets'");
}

static void
load_bracket(Loader *L, const yaml_node_t *t)
{
	if (!as_mapping(L, t, "an entry of 'brackets'"))
		return;
	if (map_get(L, t, "connection")) {
		load_txn_bracket(L, t);
		return;
	}
	check_keys(L, t, bracket_keys, "an entry of 'brackets'");
	RuleBracket *b = arena_alloc(&L->p->arena, sizeof(*b));
	const yaml_node_t *n = map_get(L, t, "name");
	const char *name = n ? as_string(L, n, "a string for 'name'") : NULL;
	n = map_get(L, t, "check");
	const char *check = n ? as_string(L, n, "a check id for 'check'") : NULL;
	if (!map_get(L, t, "name") || !map_get(L, t, "check")) {
		fail(L, t, "missing '%s' in an entry of 'brackets'",
		     map_get(L, t, "name") ? "check" : "name");
		return;
	}
	if (!map_get(L, t, "begin") || !map_get(L, t, "end")) {
		fail(L, t, "an entry of 'brackets' needs 'begin' and 'end'");
		return;
	}
	b->name = arena_strdup(&L->p->arena, name ? name : "?");
	b->check = arena_strdup(&L->p->arena, check ? check : "?");
	b->pack = L->p->name;
	L->bracket = b;
	for_items(L, t, "begin", load_bracket_begin);
	for_items(L, t, "end", load_bracket_end);
	L->bracket = NULL;
}

/* ---- a pack -------------------------------------------------------------- */


static void
load_pack(Loader *L, const yaml_node_t *root)
{
	if (root->type != YAML_MAPPING_NODE) {
		fail(L, root, "expected a mapping at the top of a rule pack");
		return;
	}
	check_keys(L, root, top_keys, "a rule pack");
	const yaml_node_t *n = map_get(L, root, "pack");
	const char *name = n ? as_string(L, n, "a string for 'pack'") : NULL;
	if (!n)
		fail(L, root, "missing 'pack': a rule pack begins with 'pack: NAME'");
	L->p->name = name ? arena_strdup(&L->p->arena, name) : "?";
	n = map_get(L, root, "description");
	if (n)
		as_string(L, n, "a string for 'description'");
	for_items(L, root, "kinds", load_kind);
	for_items(L, root, "borrowers", load_borrower);
	for_items(L, root, "pure", load_pure);
	for_items(L, root, "rejects_null", load_rejects_null);
	for_items(L, root, "keeps", load_keeper);
	for_items(L, root, "noreturn", load_noreturn);
	for_items(L, root, "returns", load_returns);
	for_items(L, root, "views", load_view);
	if ((n = map_get(L, root, "transactions")))
		load_txn(L, n);
	if ((n = map_get(L, root, "threads")))
		load_threads(L, n);
	for_items(L, root, "brackets", load_bracket);
}

/* Line and column (0-based) of byte offset off of text. */
static void
offset_pos(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = *col = 0;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			++*line;
			*col = 0;
		} else {
			++*col;
		}
	}
}

static void
yaml_report(Loader *L, const yaml_parser_t *ps, const char *text)
{
	size_t line = ps->problem_mark.line, col = ps->problem_mark.column;
	if (ps->error == YAML_READER_ERROR)
		offset_pos(text, ps->problem_offset, &line, &col);
	const char *problem = ps->problem ? ps->problem : "cannot be parsed";
	if (ps->error == YAML_MEMORY_ERROR)
		problem = "out of memory";
	if (ps->context)
		diag_error(L->d, L->p->file, (int)line + 1, (int)col + 1,
			   "invalid YAML: %s (%s)", problem, ps->context);
	else
		diag_error(L->d, L->p->file, (int)line + 1, (int)col + 1,
			   "invalid YAML: %s", problem);
	L->errors++;
}

/* A pack is one document: a second one is an error. */
static void
check_one_document(Loader *L, yaml_parser_t *ps, const char *text)
{
	yaml_document_t doc;
	if (!yaml_parser_load(ps, &doc)) {
		yaml_report(L, ps, text);
		return;
	}
	const yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root) {
		diag_error(L->d, L->p->file, (int)doc.start_mark.line + 1,
			   (int)doc.start_mark.column + 1,
			   "a rule pack is one YAML document, this is a second one");
		L->errors++;
	}
	yaml_document_delete(&doc);
}

static void
load_text(Loader *L, const char *text, size_t len)
{
	yaml_parser_t ps;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&ps)) {
		diag_error(L->d, L->p->file, 0, 0, "out of memory");
		L->errors++;
		return;
	}
	yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
	if (!yaml_parser_load(&ps, &doc)) {
		yaml_report(L, &ps, text);
		yaml_parser_delete(&ps);
		return;
	}
	L->y.doc = &doc;
	const yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		diag_error(L->d, L->p->file, 0, 0, "the rule pack is empty");
		L->errors++;
	} else {
		load_pack(L, root);
		check_one_document(L, &ps, text);
	}
	L->y.doc = NULL;
	yaml_document_delete(&doc);
	yaml_parser_delete(&ps);
}

/* The whole file, NUL-terminated, or NULL after reporting why not. */
static char *
read_text(const char *path, size_t *len, Diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(d, path, 0, 0, "cannot read rule pack: %s", strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		n += fread(buf + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		cap *= 2;
		buf = xrealloc(buf, cap);
	}
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		diag_error(d, path, 0, 0, "cannot read rule pack: %s", strerror(err));
		mem_free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void
pack_trim(Pack *p)
{
	vec_free(&p->entries);
	vec_free(&p->kinds);
	vec_free(&p->kind_lines);
	vec_free(&p->begin_sql);
	vec_free(&p->end_sql);
	vec_free(&p->brackets);
	table_free(&p->local);
}

static void
pack_free(Pack *p)
{
	pack_trim(p);
	arena_release(&p->arena);
	mem_free(p);
}

/* Adds w to a NULL-terminated word list unless it is there already. */
static void
words_add(Words *ws, const char *w)
{
	for (int i = 0; i < ws->n; i++)
		if (strcmp(ws->v[i], w) == 0)
			return;
	vec_push(ws, w);
	vec_push(ws, NULL);
	ws->n--;
}

static void
member_add(Rules *r, const char *m, const char *pack)
{
	for (int i = 0; i < r->members.n; i++)
		if (strcmp(r->members.v[i], m) == 0)
			return;
	words_add(&r->members, m);
	vec_push(&r->member_packs, pack);
}

static void
conn_add(Rules *r, const RuleKind *k)
{
	for (int i = 0; i < r->conns.n; i++)
		if (r->conns.v[i] == k)
			return;
	vec_push(&r->conns, k);
	vec_push(&r->conns, NULL);
	r->conns.n--;
}

static void
glob_put(Rules *r, Entry *e)
{
	for (int i = 0; i < r->globs.n; i++) {
		if (strcmp(r->globs.v[i]->fn.name, e->fn.name) == 0) {
			r->globs.v[i] = e;
			return;
		}
	}
	vec_push(&r->globs, e);
}

/* A later pack's entries for a function replace an earlier pack's. */
static void
brackets_put(Rules *r, BracketFn *b)
{
	for (int i = 0; i < r->brackets.n; i++) {
		if (strcmp(r->brackets.v[i]->name, b->name) == 0) {
			r->brackets.v[i] = b;
			return;
		}
	}
	vec_push(&r->brackets, b);
}

/* A later pack's release of a function also releases the kinds an earlier
 * pack's did (release_agrees() checked the argument): naming PQclear for a
 * kind of your own must not make every PQclear of a pg_result a mismatch. */
static void
release_merge(Pack *p, Entry *e, const Entry *old)
{
	if (!old || !old->rel || !e->rel || old->rel->arg != e->rel->arg)
		return;
	for (const RuleKind *const *k = old->rel->kinds; k && *k; k++) {
		const RuleKind *const *before = e->rel->kinds;
		e->rel->kinds = kinds_add(&p->arena, before, *k);
		if (e->rel->kinds != before)
			e->rel_kinds = arena_printf(&p->arena, "%s, %s", e->rel_kinds, (*k)->name);
	}
}

static void
pack_commit(Rules *r, Pack *p)
{
	for (int i = 0; i < p->kinds.n; i++)
		vec_push(&r->kinds, p->kinds.v[i]);
	for (int i = 0; i < p->entries.n; i++) {
		Entry *e = p->entries.v[i];
		if (!e->glob)
			release_merge(p, e, table_get(&r->exact, e->fn.name));
		if (e->glob)
			glob_put(r, e);
		else
			table_put(&r->exact, e);
	}
	for (int i = 0; i < p->entries.n; i++) {
		const Entry *e = p->entries.v[i];
		for (const RuleAcquire *a = e->fn.acquire; a; a = a->next)
			if (a->out_member)
				member_add(r, a->out_member, e->fn.pack);
		if (e->rel && e->rel->member)
			member_add(r, e->rel->member, e->fn.pack);
		if (e->fn.sql && e->fn.sql->conn_kind)
			conn_add(r, e->fn.sql->conn_kind);
		for (const RuleTxnCall *t = e->fn.txn; t; t = t->next)
			if (t->conn_kind)
				conn_add(r, t->conn_kind);
	}
	for (int i = 0; i < p->begin_sql.n; i++)
		words_add(&r->begin_sql, p->begin_sql.v[i]);
	for (int i = 0; i < p->end_sql.n; i++)
		words_add(&r->end_sql, p->end_sql.v[i]);
	for (int i = 0; i < p->brackets.n; i++)
		brackets_put(r, p->brackets.v[i]);
	pack_trim(p);
	vec_push(&r->packs, p);
}

/* ---- the API ------------------------------------------------------------- */

Rules *
rules_new(void)
{
	return xcalloc(1, sizeof(Rules));
}

void
rules_free(Rules *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->packs.n; i++)
		pack_free(r->packs.v[i]);
	vec_free(&r->packs);
	vec_free(&r->kinds);
	vec_free(&r->globs);
	vec_free(&r->begin_sql);
	vec_free(&r->end_sql);
	vec_free(&r->members);
	vec_free(&r->member_packs);
	vec_free(&r->conns);
	vec_free(&r->brackets);
	table_free(&r->exact);
	mem_free(r);
}

int
rules_load_file(Rules *r, const char *path, Diag *d)
{
	size_t len;
	char *text = read_text(path, &len, d);
	if (!text)
		return -1;
	int rc = rules_load_text(r, path, text, len, d);
	mem_free(text);
	return rc;
}

int
rules_load_text(Rules *r, const char *file, const char *text, size_t len, Diag *d)
{
	Pack *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena);
	p->file = arena_strdup(&p->arena, file);
	p->name = "?";
	Loader L = {.y.error = loader_error, .r = r, .d = d, .p = p};
	load_text(&L, text, len);
	if (L.errors) {
		pack_free(p);
		return -1;
	}
	pack_commit(r, p);
	return 0;
}

static bool
is_pack_name(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return false;
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rules_load_dir(Rules *r, const char *dir, Diag *d)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		diag_error(d, dir, 0, 0, "cannot read the rules directory: %s", strerror(errno));
		return -1;
	}
	VEC(char *) names = {0};
	struct dirent *de;
	while ((de = readdir(dh)))
		if (is_pack_name(de->d_name))
			vec_push(&names, xstrdup(de->d_name));
	closedir(dh);
	if (names.n)
		qsort(names.v, (size_t)names.n, sizeof(*names.v), cmp_str);
	int failed = 0;
	for (int i = 0; i < names.n; i++) {
		size_t n = strlen(dir) + strlen(names.v[i]) + 2;
		char *path = xmalloc(n);
		snprintf(path, n, "%s/%s", dir, names.v[i]);
		if (rules_load_file(r, path, d) != 0)
			failed++;
		mem_free(path);
		mem_free(names.v[i]);
	}
	vec_free(&names);
	return failed;
}

static bool
glob_matches(const Entry *g, const char *function)
{
	return strncmp(g->fn.name, function, g->prefix) == 0 &&
	       fnmatch(g->fn.name, function, 0) == 0;
}

/* An exact name wins; among globs a 'keeps' glob wins over the others,
 * then the first loaded. */
const RuleFn *
rules_lookup(const Rules *r, const char *function)
{
	const Entry *e = table_get(&r->exact, function);
	if (e)
		return &e->fn;
	const Entry *first = NULL;
	for (int i = 0; i < r->globs.n; i++) {
		const Entry *g = r->globs.v[i];
		if ((first && !g->fn.keeps) || !glob_matches(g, function))
			continue;
		if (g->fn.keeps)
			return &g->fn;
		first = g;
	}
	return first ? &first->fn : NULL;
}

bool
rules_releases_kind(const RuleRelease *rel, const RuleKind *k)
{
	if (!rel->kind || !k || rel->kind == k)
		return true;
	for (const RuleKind *const *p = rel->kinds; p && *p; p++)
		if (*p == k)
			return true;
	return false;
}

bool
rules_ends_path(const RuleFn *f, Pred known)
{
	if (!f)
		return false;
	if (f->noreturn)
		return true;
	return f->noreturn_if && known.op != OP_NONE &&
	       pred_implies(known, f->noreturn_when) == PRED_TRUE;
}

bool
rules_keeps_arg(const RuleFn *f, int i)
{
	if (!f || !f->keeps)
		return false;
	return !f->keeps_args || (i >= 0 && i < 32 && (f->keeps_args >> i) & 1);
}

const RuleKind *
rules_kind(const Rules *r, const char *name)
{
	for (int i = 0; i < r->kinds.n; i++)
		if (strcmp(r->kinds.v[i]->name, name) == 0)
			return r->kinds.v[i];
	return NULL;
}

int
rules_nkinds(const Rules *r)
{
	return r->kinds.n;
}

const RuleKind *
rules_kind_at(const Rules *r, int i)
{
	return i >= 0 && i < r->kinds.n ? r->kinds.v[i] : NULL;
}

const char *const *
rules_sql_begin(const Rules *r)
{
	return r->begin_sql.n ? r->begin_sql.v : default_begin;
}

const char *const *
rules_sql_end(const Rules *r)
{
	return r->end_sql.n ? r->end_sql.v : default_end;
}

const char *
rules_member_pack(const Rules *r, int i)
{
	return i >= 0 && i < r->member_packs.n ? r->member_packs.v[i] : NULL;
}

const char *const *
rules_members(const Rules *r)
{
	static const char *const none[] = {NULL};
	return r->members.n ? r->members.v : none;
}

const RuleKind *const *
rules_conn_kinds(const Rules *r)
{
	static const RuleKind *const none[] = {NULL};
	return r->conns.n ? r->conns.v : none;
}

const RuleBracketCall *
rules_brackets(const Rules *r, const char *function)
{
	for (int i = 0; i < r->brackets.n; i++)
		if (strcmp(r->brackets.v[i]->name, function) == 0)
			return r->brackets.v[i]->head;
	return NULL;
}

/* ---- --list-rules -------------------------------------------------------- */

static const char *
kind_name(const RuleKind *k)
{
	return k ? k->name : "?";
}

static void
list_acquire(FILE *out, const char *head, const RuleAcquire *a)
{
	for (; a; a = a->next) {
		fprintf(out, "%sacquire %s (", head, kind_name(a->kind));
		if (a->out_arg < 0 && a->null_arg)
			fprintf(out, "returned when argument %d is NULL; nothing when %s %lld)\n",
				a->null_arg - 1, cmp_op_str(a->fails.op), a->fails.value);
		else if (a->out_arg < 0)
			fprintf(out, "returned; nothing when %s %lld)\n",
				cmp_op_str(a->fails.op), a->fails.value);
		else if (a->out_member && a->success.op == OP_NONE && a->fails_member)
			fprintf(out, "into member %s of what argument %d points to; always; "
				"nothing while member %s %s %lld)\n", a->out_member, a->out_arg,
				a->fails_member, cmp_op_str(a->member_fails.op),
				a->member_fails.value);
		else if (a->out_member && a->success.op == OP_NONE)
			fprintf(out, "into member %s of what argument %d points to; always)\n",
				a->out_member, a->out_arg);
		else if (a->success.op == OP_NONE)
			fprintf(out, "through argument %d%s; always)\n", a->out_arg,
				a->inout ? ", taking over what it held" : "");
		else
			fprintf(out, "%s%s%s argument %d%s; when the call returns %s %lld)\n",
				a->out_member ? "into member " : "through",
				a->out_member ? a->out_member : "",
				a->out_member ? " of what" : "", a->out_arg,
				a->out_member ? " points to" : "",
				cmp_op_str(a->success.op), a->success.value);
	}
}

static void
list_txn(FILE *out, const char *head, const RuleFn *f)
{
	if (f->sql) {
		fprintf(out, "%ssql (connection %s argument %d, SQL argument %d",
			head, kind_name(f->sql->conn_kind), f->sql->conn_arg, f->sql->sql_arg);
		if (f->sql->success.op != OP_NONE)
			fprintf(out, "; succeeded when %s %lld",
				cmp_op_str(f->sql->success.op), f->sql->success.value);
		fputs(")\n", out);
	}
	for (const RuleTxnCall *t = f->txn; t; t = t->next) {
		fprintf(out, "%s%s (connection %s argument %d", head,
			t->what == TXN_BEGIN ? "begin" : "end",
			kind_name(t->conn_kind), t->conn_arg);
		if (t->when_arg >= 0)
			fprintf(out, "; when argument %d == %lld", t->when_arg, t->when_value);
		if (t->also_arg >= 0)
			fprintf(out, " and argument %d == %lld", t->also_arg, t->also_value);
		fputs(")\n", out);
	}
	if (f->status)
		fprintf(out, "%sstatus (argument %d; succeeded when %s %lld)\n", head,
			f->status->arg, cmp_op_str(f->status->success.op),
			f->status->success.value);
}

static void
list_thread(FILE *out, const char *head, const RuleThread *t)
{
	if (t->role == THREAD_SPAWN)
		fprintf(out, "%sspawn (thread argument %d, routine argument %d, "
			"data argument %d)\n", head, t->thread_arg, t->routine_arg, t->data_arg);
	else
		fprintf(out, "%s%s (thread argument %d)\n", head,
			t->role == THREAD_JOIN ? "join" : "detach", t->thread_arg);
}

static void
list_keeps(FILE *out, const char *head, unsigned bits)
{
	fprintf(out, "%skeep", head);
	for (int i = 0, n = 0; i < 32; i++)
		if (bits >> i & 1)
			fprintf(out, "%s%d", n++ ? ", " : bits & (bits - 1) ?
				" (arguments " : " (argument ", i);
	fputs(bits ? ")\n" : "\n", out);
}

static void
list_entry(FILE *out, const Entry *e)
{
	const RuleFn *f = &e->fn;
	char head[300];
	snprintf(head, sizeof(head), "%s  %s  ", f->pack, f->name);
	list_acquire(out, head, f->acquire);
	if (f->release && f->release->zformat)
		fprintf(out, "%srelease %s (arguments of %%z in format argument %d)\n", head,
			e->rel_kinds, f->release->zformat - 1);
	else if (f->release && f->release->success.op != OP_NONE)
		fprintf(out, "%srelease %s (argument %d; when the call returns %s %lld)\n", head,
			e->rel_kinds, f->release->arg, cmp_op_str(f->release->success.op),
			f->release->success.value);
	else if (f->release && f->release->member)
		fprintf(out, "%srelease %s (member %s of what argument %d points to)\n", head,
			e->rel_kinds, f->release->member, f->release->arg);
	else if (f->release)
		fprintf(out, "%srelease %s (argument %d)\n", head, e->rel_kinds, f->release->arg);
	if (f->borrows)
		fprintf(out, "%sborrow\n", head);
	if (f->pure)
		fprintf(out, "%spure\n", head);
	if (f->rejects_null)
		fprintf(out, "%srejects NULL\n", head);
	if (f->keeps)
		list_keeps(out, head, f->keeps_args);
	if (f->noreturn)
		fprintf(out, "%snoreturn\n", head);
	if (f->noreturn_if)
		fprintf(out, "%snoreturn when argument %d %s %lld\n", head, f->noreturn_if - 1,
			cmp_op_str(f->noreturn_when.op), f->noreturn_when.value);
	if (f->passes)
		fprintf(out, "%sreturns argument %d\n", head, f->passes - 1);
	if (f->view_of)
		fprintf(out, "%sreturns a view into argument %d, valid until it is released\n",
			head, f->view_of - 1);
	list_txn(out, head, f);
	if (f->thread)
		list_thread(out, head, f->thread);
}

/* "posix  flock  begin mutex (object: argument 0; when argument 1 is 1 or 2)" */
static void
list_bracket(FILE *out, const BracketFn *b)
{
	for (const RuleBracketCall *c = b->head; c; c = c->next) {
		fprintf(out, "%s  %s  %s %s (object: argument %d", c->bracket->pack, b->name,
			c->end ? "end" : "begin", c->bracket->name, c->object);
		if (c->when_arg >= 0) {
			fprintf(out, "; when argument %d is", c->when_arg);
			for (int i = 0; i < c->nvalues; i++)
				fprintf(out, "%s %lld", i ? " or" : "", c->values[i]);
		}
		if (c->success.op != OP_NONE)
			fprintf(out, "; when the call returns %s %lld", cmp_op_str(c->success.op),
				c->success.value);
		fprintf(out, ")\n");
	}
}

/* One line group of --list-rules: an entry or a function's bracket entries. */
typedef struct Listed {
	const char *pack, *name;
	const Entry *e;
	const BracketFn *b;
} Listed;

static int
cmp_listed(const void *a, const void *b)
{
	const Listed *x = a, *y = b;
	int c = strcmp(x->pack, y->pack);
	if (!c)
		c = strcmp(x->name, y->name);
	return c ? c : (x->b != NULL) - (y->b != NULL);
}

void
rules_list(const Rules *r, FILE *out)
{
	VEC(Listed) all = {0};
	for (size_t i = 0; i < r->exact.cap; i++)
		if (r->exact.slot[i])
			vec_push(&all, ((Listed){r->exact.slot[i]->fn.pack, r->exact.slot[i]->fn.name,
						 r->exact.slot[i], NULL}));
	for (int i = 0; i < r->globs.n; i++)
		vec_push(&all, ((Listed){r->globs.v[i]->fn.pack, r->globs.v[i]->fn.name,
					 r->globs.v[i], NULL}));
	for (int i = 0; i < r->brackets.n; i++)
		vec_push(&all, ((Listed){r->brackets.v[i]->head->bracket->pack,
					 r->brackets.v[i]->name, NULL, r->brackets.v[i]}));
	if (all.n)
		qsort(all.v, (size_t)all.n, sizeof(*all.v), cmp_listed);
	for (int i = 0; i < all.n; i++) {
		if (all.v[i].e)
			list_entry(out, all.v[i].e);
		else
			list_bracket(out, all.v[i].b);
	}
	vec_free(&all);
}
