/* SPDX-License-Identifier: MIT */
/*
 * state: the abstract state one site's analysis carries along a path
 * (engine_int.h): typestate, the access paths that hold the handle, the
 * variables holding its status, the constrained flags.  Equality here is
 * what keeps paths apart (the ESP idea).  Owns nothing: states are values.
 */
#include <stdint.h>
#include <string.h>
#include "engine_int.h"

static uint32_t
mix(uint32_t h, uint64_t v)
{
	h ^= (uint32_t)v ^ (uint32_t)(v >> 32);
	return h * 16777619u;
}

uint32_t
state_hash(const State *s)
{
	uint32_t h = 2166136261u;
	h = mix(h, (uint64_t)s->ts | (uint64_t)s->nalias << 8 | (uint64_t)s->nstatus << 16 |
		   (uint64_t)s->fknown << 24 | (uint64_t)s->upre << 40 | (uint64_t)s->used << 48);
	h = mix(h, (uint64_t)(uint16_t)s->uvar | (uint64_t)(s->fweak & s->fknown) << 16);
	if (s->uat_on)
		h = mix(h, (uint64_t)(uint32_t)s->uat.var ^ (uint64_t)(uintptr_t)s->uat.field);
	for (int i = 0; i < s->nalias; i++) {
		Access a = s->alias[i];
		h = mix(h, (uint64_t)(uint32_t)a.var | (uint64_t)a.deref << 32 |
			   (uint64_t)a.index << 33 | (uint64_t)a.deep << 34);
		h = mix(h, (uint64_t)(uintptr_t)a.field ^ (uint64_t)(uintptr_t)a.path);
	}
	for (int i = 0; i < s->nstatus; i++)
		h = mix(h, (uint64_t)(uint32_t)s->status[i] | (uint64_t)s->skind[i] << 32);
	for (unsigned m = s->fknown & ((1u << MAX_FLAGS) - 1); m; m &= m - 1) {
		int i = __builtin_ctz(m);
		h = mix(h, (uint64_t)s->fval[i] ^ (uint64_t)s->fop[i] << 56);
	}
	for (int i = 0; i < s->nview; i++) {
		Access a = s->view[i];
		h = mix(h, (uint64_t)(uint32_t)a.var | (uint64_t)a.deref << 32 | (uint64_t)a.index << 33);
		h = mix(h, (uint64_t)(uintptr_t)a.field ^ (uint64_t)(uintptr_t)a.path);
	}
	uint64_t own;
	memcpy(&own, s->own, sizeof(own));
	return mix(h, own);
}

bool
state_eq(const State *a, const State *b)
{
	if (a->ts != b->ts || a->nalias != b->nalias || a->nstatus != b->nstatus ||
	    a->fknown != b->fknown || (a->fweak & a->fknown) != (b->fweak & b->fknown) ||
	    a->uvar != b->uvar || a->upre != b->upre || a->used != b->used ||
	    a->uat_on != b->uat_on || (a->uat_on && !acc_same(a->uat, b->uat)))
		return false;
	for (int i = 0; i < a->nalias; i++)
		if (!acc_same(a->alias[i], b->alias[i]))
			return false;
	for (int i = 0; i < a->nstatus; i++)
		if (a->status[i] != b->status[i] || a->skind[i] != b->skind[i])
			return false;
	for (unsigned m = a->fknown & ((1u << MAX_FLAGS) - 1); m; m &= m - 1) {
		int i = __builtin_ctz(m);
		if (a->fval[i] != b->fval[i] || a->fop[i] != b->fop[i])
			return false;
	}
	if (a->nview != b->nview)
		return false;
	for (int i = 0; i < a->nview; i++)
		if (!acc_same(a->view[i], b->view[i]))
			return false;
	return memcmp(a->own, b->own, sizeof(a->own)) == 0;
}

bool
state_live(const State *s)
{
	return s->ts == TS_MAYBE || s->ts == TS_OWNED;
}

static int
alias_cmp(Access a, Access b)
{
	if (a.var != b.var)
		return a.var < b.var ? -1 : 1;
	if (a.field != b.field) {
		/* by the names, not their addresses: the order decides which
		 * alias a full set leaves out and which one loops meet first,
		 * and addresses move from run to run */
		int c = !a.field ? -1 : !b.field ? 1 : strcmp(a.field, b.field);
		if (c != 0)
			return c < 0 ? -1 : 1;
		return (uintptr_t)a.field < (uintptr_t)b.field ? -1 : 1;
	}
	int ka = a.deref | a.index << 1 | a.deep << 2;
	int kb = b.deref | b.index << 1 | b.deep << 2;
	if (ka != kb || a.path == b.path)
		return ka - kb;
	/* two places of one chain's last member (o->a->f, o->b->f): by
	 * their spellings, as the members */
	int c = !a.path ? -1 : !b.path ? 1 : strcmp(a.path, b.path);
	if (c != 0)
		return c < 0 ? -1 : 1;
	return (uintptr_t)a.path < (uintptr_t)b.path ? -1 : 1;
}

/* Aliases are kept sorted so that equal sets compare equal.  Returns false
 * when the set is full (the caller treats the handle as escaped). */
bool
alias_add(State *s, Access a)
{
	for (int i = 0; i < s->nalias; i++)
		if (acc_same(s->alias[i], a))
			return true;
	if (s->nalias == MAX_ALIAS)
		return false;
	int i = s->nalias++;
	while (i > 0 && alias_cmp(s->alias[i - 1], a) > 0) {
		s->alias[i] = s->alias[i - 1];
		i--;
	}
	s->alias[i] = a;
	return true;
}

void
alias_del_at(State *s, int i)
{
	memmove(&s->alias[i], &s->alias[i + 1], sizeof(Access) * (size_t)(s->nalias - i - 1));
	s->nalias--;
}

void
status_add(State *s, int var, int kind)
{
	for (int i = 0; i < s->nstatus; i++)
		if (s->status[i] == var) {
			s->skind[i] = (uint8_t)kind;
			return;
		}
	if (s->nstatus == MAX_STATUS)
		return;
	int i = s->nstatus++;
	while (i > 0 && s->status[i - 1] > var) {
		s->status[i] = s->status[i - 1];
		s->skind[i] = s->skind[i - 1];
		i--;
	}
	s->status[i] = var;
	s->skind[i] = (uint8_t)kind;
}

/* The kind of status variable var is, +1; 0 if it is none. */
int
status_has(const State *s, int var)
{
	for (int i = 0; i < s->nstatus; i++)
		if (s->status[i] == var)
			return s->skind[i] + 1;
	return 0;
}

void
status_del(State *s, int var)
{
	for (int i = 0; i < s->nstatus; i++)
		if (s->status[i] == var) {
			memmove(&s->status[i], &s->status[i + 1],
				sizeof(int) * (size_t)(s->nstatus - i - 1));
			memmove(&s->skind[i], &s->skind[i + 1], (size_t)(s->nstatus - i - 1));
			s->nstatus--;
			return;
		}
}

int
flag_slot(const Site *site, int var)
{
	if (site->slot_of && var >= 0 && var < site->fn->vars.n)
		return site->slot_of[var];
	for (int i = 0; i < site->nflags; i++)
		if (site->flag_var[i] == var && acc_plain(site->flag_acc[i]))
			return i;
	if (site->pure_of && var >= 0 && var < site->fn->vars.n && site->pure_of[var])
		return site->pure_of[var] - 1;
	return -1;
}

/* The slot of a variable's flag, or of a member's (p->f). */
int
flag_slot_acc(const Site *site, Access a)
{
	return flag_slot_spelt(site, a, NULL);
}

/* The same, with the spelling of a chain (p->q->f: Value.str,
 * Cond.lhs_str), which alone tells one chain's flag from another's. */
int
flag_slot_spelt(const Site *site, Access a, const char *str)
{
	if (acc_plain(a))
		return flag_slot(site, a.var);
	if (site->slot_of && !site->member_slots)
		return -1;
	for (int i = 0; i < site->nflags; i++)
		if (!acc_plain(site->flag_acc[i]) && acc_same(site->flag_acc[i], a) &&
		    (!a.deep || (str && site->flag_str[i] == str)))
			return i;
	return -1;
}


bool
fn_var_named(const IrFunc *fn, Access a)
{
	return a.var >= 0 && fn->vars.v[a.var].kind != VAR_TEMP;
}


/* Where the place a, spelt as a longer path (Access.path), lies against
 * the storage st names (pointee: the object the pointer st points to, as
 * free(st) or *st = v see it): 0 elsewhere, or a itself; PLACE_IN in that
 * storage (o->in.name in o->in, o->in.name in *o); PLACE_BEYOND in an
 * object a pointer or an element in it leads to (o->pin->name from o->pin
 * or *o, o->arr[0] from *o: arr may be a pointer). */
int
place_under(const IrFunc *fn, Access a, Access st, bool pointee)
{
	if (!a.path || a.var != st.var || st.var < 0)
		return 0;
	const char *r = a.path;
	if (st.path) {
		size_t n = strlen(st.path);
		if (strncmp(r, st.path, n) != 0)
			return 0;
		r += n;
	} else if (st.deep || st.index || (st.field && st.field[0] == '*') ||
		   (st.deref && !st.field)) {
		return 0;               /* not a place the source spells */
	} else {
		const char *name = fn->vars.v[st.var].name;
		size_t n = strlen(name);
		if (strncmp(r, name, n) != 0)
			return 0;
		r += n;
		if (st.field) {
			const char *sep = st.field[0] == '[' ? "" : st.deref ? "->" : ".";
			size_t k = strlen(sep), f = strlen(st.field);
			if (strncmp(r, sep, k) != 0 || strncmp(r + k, st.field, f) != 0)
				return 0;
			r += k + f;
		}
	}
	if (pointee) {
		if (strncmp(r, "->", 2) != 0)
			return 0;
		r += 2;
	} else if (strncmp(r, "->", 2) == 0) {
		return PLACE_BEYOND;
	} else if (*r != '.' && *r != '[') {
		return 0;               /* another name (o->pin, o->pins) or a */
	}
	return strstr(r, "->") || strchr(r, '[') ? PLACE_BEYOND : PLACE_IN;
}

Match
match_value(const State *s, const IrFunc *fn, Value v)
{
	if (v.kind != VAL_ACCESS && v.kind != VAL_ADDR)
		return M_NONE;
	Match m = M_NONE;
	for (int i = 0; i < s->nalias; i++) {
		Access a = s->alias[i];
		if (a.var != v.acc.var)
			continue;
		if (v.kind == VAL_ACCESS && (acc_same(a, v.acc) ||
		    (a.field && a.field[0] == '*' && !a.deref && v.acc.field &&
		     !v.acc.deref && !v.acc.deep)))
			return M_DIRECT;
		if (v.kind == VAL_ADDR && acc_same(a, v.acc))
			m = M_ADDR;
		else if (v.kind == VAL_ADDR && (v.acc.deref || v.acc.index) && acc_plain(a))
			m = M_INSIDE;   /* &c->base, &p[i]: a pointer into the object */
		else if (acc_plain(v.acc) && !acc_plain(a))
			m = m == M_NONE ? M_INSIDE : m;
		else if (a.path && m == M_NONE &&
			 ((v.kind == VAL_ACCESS && place_under(fn, a, v.acc, true)) ||
			  place_under(fn, a, v.acc, false)))
			m = M_INSIDE;   /* o->pin, &o->in, t.a (a struct by value):
			                 * storage holding o->pin->name, t.a.f */
	}
	return m;
}

/* Refines s for one edge of a branch; false if the edge is infeasible. */
/* A view of the handle (a pointer into it that dies with it), kept sorted
 * as the aliases are; a full set forgets the new one. */
void
view_add(State *s, Access a, const char *by)
{
	for (int i = 0; i < s->nview; i++)
		if (acc_same(s->view[i], a))
			return;
	if (s->nview == MAX_VIEW)
		return;
	int i = s->nview++;
	while (i > 0 && alias_cmp(s->view[i - 1], a) > 0) {
		s->view[i] = s->view[i - 1];
		s->view_by[i] = s->view_by[i - 1];
		i--;
	}
	s->view[i] = a;
	s->view_by[i] = by;
}

/* Drops the views rooted at var: all of them (it dies), or those a plain
 * write of var replaces (var itself, var.f). */
void
view_del_var(State *s, int var, bool all)
{
	int k = 0;
	for (int i = 0; i < s->nview; i++) {
		Access a = s->view[i];
		if (a.var == var && (all || !(a.deref || a.index || a.deep)))
			continue;
		s->view[k] = s->view[i];
		s->view_by[k++] = s->view_by[i];
	}
	s->nview = (uint8_t)k;
}

/* Drops the view at exactly a (a member given a new value). */
void
view_del_acc(State *s, Access a)
{
	int k = 0;
	for (int i = 0; i < s->nview; i++) {
		if (acc_same(s->view[i], a))
			continue;
		s->view[k] = s->view[i];
		s->view_by[k++] = s->view_by[i];
	}
	s->nview = (uint8_t)k;
}

/* Does v read through a view: the view itself, or a place reached through
 * it (*v, v[i], v->f)?  Its index, or -1. */
int
view_match(const State *s, Value v)
{
	if (v.kind != VAL_ACCESS)
		return -1;
	for (int i = 0; i < s->nview; i++) {
		Access a = s->view[i];
		if (acc_same(a, v.acc) ||
		    (a.var == v.acc.var && acc_plain(a) && (v.acc.deref || v.acc.index)))
			return i;
	}
	return -1;
}

bool
is_alias(const State *s, Access a)
{
	for (int i = 0; i < s->nalias; i++)
		if (acc_same(s->alias[i], a))
			return true;
	return false;
}

