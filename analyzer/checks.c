/* SPDX-License-Identifier: MIT */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

static const CheckInfo table[] = {
	{"leak", "warning",
	 "a handle is still owned when the function returns, or its last reference is overwritten, goes out of scope or is discarded",
	 "docs/checks/leak.md"},
};

int
checks_count(void)
{
	return (int)(sizeof(table) / sizeof(table[0]));
}

const CheckInfo *
checks_at(int i)
{
	return &table[i];
}

int
checks_find(const char *id)
{
	for (int i = 0; i < checks_count(); i++)
		if (strcmp(table[i].id, id) == 0)
			return i;
	return -1;
}

void
checks_default(CheckSet *cs)
{
	memset(cs, 0, sizeof(*cs));
	for (int i = 0; i < checks_count(); i++)
		cs->on[i] = true;
}

int
checks_select(CheckSet *cs, const char *list, Diag *d)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = 0;
	for (char *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
		while (*g == ' ')
			g++;
		bool on = *g != '-';
		if (!on)
			g++;
		if (!*g)
			continue;
		int hits = 0;
		for (int i = 0; i < checks_count(); i++)
			if (fnmatch(g, table[i].id, 0) == 0) {
				cs->on[i] = on;
				hits++;
			}
		if (!hits) {
			diag_warning(d, NULL, 0, 0, "'%s' in --checks matches no check", g);
			rc = -1;
		}
	}
	mem_free(copy);
	return rc;
}

void
checks_list(const CheckSet *cs, FILE *out)
{
	for (int i = 0; i < checks_count(); i++)
		fprintf(out, "%-18s %-8s %s%s\n", table[i].id, table[i].severity,
			table[i].summary, cs->on[i] ? "" : " (disabled)");
}

/* ---- leak ----------------------------------------------------------------- */

static const char *
noun(const Violation *v)
{
	return v->rkind && v->rkind->noun ? v->rkind->noun : "handle";
}

/* "result 'res' acquired by 'PQexec' at line 12" */
static char *
subject(Arena *a, const Violation *v)
{
	if (v->name)
		return arena_printf(a, "%s '%s' acquired by '%s' at line %d", noun(v),
				    v->name, v->acquirer, v->acquired.line);
	return arena_printf(a, "%s acquired by '%s' at line %d", noun(v),
			    v->acquirer, v->acquired.line);
}

static char *
leak_message(Arena *a, const Violation *v)
{
	const char *s = subject(a, v);
	switch (v->kind) {
	case V_LOST_EXIT:
		return arena_printf(a, "%s is not released on this path", s);
	case V_LOST_OVERWRITE:
		return arena_printf(a, "%s is lost: '%s' is overwritten while it still holds it",
				    s, v->how ? v->how : "?");
	case V_LOST_SCOPE:
		return arena_printf(a, "%s is not released before '%s' goes out of scope",
				    s, v->how ? v->how : "?");
	case V_LOST_DISCARD:
		return arena_printf(a, "%s returned by '%s' is discarded without being released",
				    noun(v), v->acquirer);
	default:
		return NULL;
	}
}

static void
add_finding(const CheckInfo *ci, const Violation *v, const char *msg, FindingSet *out,
	    Arena *a)
{
	int nsteps = 0;
	for (const Step *s = v->path; s; s = s->prev)
		nsteps++;
	Note *notes = arena_alloc(a, sizeof(Note) * (size_t)(nsteps + 1));
	notes[0].loc = v->acquired;
	notes[0].text = v->name ? arena_printf(a, "'%s' acquired here by '%s'", v->name, v->acquirer)
				: arena_printf(a, "acquired here by '%s'", v->acquirer);
	int i = nsteps;
	for (const Step *s = v->path; s; s = s->prev) {
		notes[i].loc = s->loc;
		notes[i].text = s->text;
		i--;
	}
	Finding f = {0};
	f.check = ci->id;
	f.severity = ci->severity;
	f.loc = v->where;
	f.message = msg;
	f.func = v->fn ? v->fn->name : NULL;
	f.nnotes = nsteps + 1;
	f.notes = notes;
	findings_add(out, &f);
}

void
checks_report(const CheckSet *cs, const Violation *v, FindingSet *out)
{
	Arena a;
	arena_init(&a);
	int leak = checks_find("leak");
	switch (v->kind) {
	case V_LOST_EXIT:
	case V_LOST_OVERWRITE:
	case V_LOST_SCOPE:
	case V_LOST_DISCARD:
		if (leak >= 0 && cs->on[leak])
			add_finding(&table[leak], v, leak_message(&a, v), out, &a);
		break;
	default:
		break;
	}
	arena_release(&a);
}
