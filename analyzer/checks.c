/* SPDX-License-Identifier: MIT */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

/*
 * CWE: leak and loop-release are CWE-772 (a resource not released after its
 * lifetime), of which 401 (memory) and 775 (descriptors) are the kinds;
 * double-release 415 (double free) and 1341 (any handle released twice);
 * use-after-release and thread-release 416 (use after free) and 672 (use
 * after release); mismatched-release 762; an open transaction is a resource
 * still held (772).  txn-wrong-handle fits no CWE.  A lock still held is
 * 667 (improper locking), with 764 (multiple locks) and 765 (multiple
 * unlocks) for taking or giving it back too often.  Precision, from
 * docs/evaluation.md: very-high where no path is involved (the release
 * function's kind decides), medium where the model of threads or SQL text
 * may miss a hand-off, high for the typestate checks.
 */
static const CheckInfo table[] = {
	{"leak", "ResourceLeak", "warning",
	 "a handle is still owned when the function returns, or its last reference is overwritten, goes out of scope or is discarded",
	 "Release it on every path that leaves the function, error returns included, or hand its ownership on (return it, or store it where it outlives the call).",
	 "docs/checks/leak.md", {772, 401, 775}, "high"},
	{"loop-release", "LoopRelease", "warning",
	 "a handle acquired in every iteration of a loop is released only after the loop, so earlier iterations' handles leak",
	 "Release each iteration's handle inside the loop, before the next iteration acquires a new one.",
	 "docs/checks/loop-release.md", {772, 401}, "high"},
	{"thread-release", "ThreadRelease", "warning",
	 "a handle handed to a thread is released by its creator before that thread is joined",
	 "Join the thread before releasing what it was handed, or let the thread release it.",
	 "docs/checks/thread-release.md", {416}, "medium"},
	{"double-release", "DoubleRelease", "warning",
	 "a handle is released twice on some path, or by its creator after a thread that owns it",
	 "Release it once: drop one of the releases, or set the variable to NULL after the first.",
	 "docs/checks/double-release.md", {415, 1341}, "high"},
	{"txn-open", "TxnOpen", "warning",
	 "a path leaves the function with a transaction it began still open (no COMMIT or ROLLBACK)",
	 "End the transaction with COMMIT or ROLLBACK on every path that leaves the function, error paths included.",
	 "docs/checks/txn-open.md", {772}, "medium"},
	{"txn-wrong-handle", "TxnWrongHandle", "warning",
	 "a statement runs on another connection while a transaction is open on the first",
	 "Run the statement on the connection that holds the transaction, end the transaction first, or use the second connection on purpose outside it.",
	 "docs/checks/txn-wrong-handle.md", {0}, "medium"},
	{"use-after-release", "UseAfterRelease", "warning",
	 "a handle is used, dereferenced or handed to a thread after it was released",
	 "Move the release after the last use, or stop using the handle once it is released.",
	 "docs/checks/use-after-release.md", {416, 672}, "high"},
	{"mismatched-release", "MismatchedRelease", "warning",
	 "a handle is released by the function of another kind (free() on a PGresult, fclose() on a popen stream)",
	 "Release it with the function its kind pairs with (PQclear for a PGresult, pclose for a popen stream).",
	 "docs/checks/mismatched-release.md", {762}, "very-high"},
	{"lock-held", "LockHeld", "warning",
	 "a lock (mutex, read-write or spin lock, file lock) is still held when a path leaves the function, or is unlocked twice or when it is not held",
	 "Unlock it on every path that leaves the function, error returns included, and exactly once after each lock that succeeded.",
	 "docs/checks/lock-held.md", {667, 765, 764}, "high"},
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

char *
checks_doc_uri(const char *base, const char *doc)
{
	if (strncmp(doc, "docs/", 5) == 0)
		doc += 5;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	while (*doc == '/')
		doc++;
	char *uri = xmalloc(n + strlen(doc) + 2);
	sprintf(uri, "%.*s/%s", (int)n, base, doc);
	return uri;
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
	for (int i = 0; i < checks_count(); i++) {
		char cwe[16] = "-";
		if (table[i].cwe[0])
			snprintf(cwe, sizeof(cwe), "CWE-%d", table[i].cwe[0]);
		fprintf(out, "%-18s %-8s %-8s %s%s\n", table[i].id, table[i].severity, cwe,
			table[i].summary, cs->on[i] ? "" : " (disabled)");
	}
}

/* ---- leak ----------------------------------------------------------------- */

static const char *
noun(const Violation *v)
{
	return v->rkind && v->rkind->noun ? v->rkind->noun : "handle";
}

static const char *
plural(Arena *a, const char *n)
{
	size_t len = strlen(n);
	if (strcmp(n, "memory") == 0)
		return "blocks of memory";
	if (len > 0 && n[len - 1] == 's')
		return arena_printf(a, "%ses", n);
	if (len > 1 && n[len - 1] == 'y' && !strchr("aeiou", n[len - 2]))
		return arena_printf(a, "%.*sies", (int)len - 1, n);
	return arena_printf(a, "%ss", n);
}

/* "result 'res' acquired by 'PQexec' at line 12" */
static char *
subject(Arena *a, const Violation *v)
{
	if (v->param)   /* the caller's: released here, failed, dropped */
		return arena_printf(a, "%s '%s' given by the caller", noun(v),
				    v->name ? v->name : v->acquirer);
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
		if (v->exit_how == T_EXIT)
			return arena_printf(a, "%s is not released before the process exits here", s);
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
	case V_LOST_CONTAINER:
		return arena_printf(a, "%s is lost: '%s', which holds it, is released here",
				    s, v->how ? v->how : "?");
	default:
		return NULL;
	}
}

static void
report_simple(const CheckInfo *ci, const Violation *v, const char *msg, Note *notes,
	      int nnotes, FindingSet *out)
{
	Finding f = {0};
	f.check = ci->id;
	f.severity = ci->severity;
	f.loc = v->where;
	f.acquired = v->acquired;
	f.message = msg;
	f.func = v->fn ? v->fn->name : NULL;
	f.rule = v->acquirer;
	f.pack = v->rkind ? v->rkind->pack : NULL;
	f.kind = v->rkind ? v->rkind->name : NULL;
	f.nnotes = nnotes;
	f.notes = notes;
	findings_add(out, &f);
}

/* The notes of a path: first (where it starts), then its last
 * ENGINE_SHOWN_STEPS steps in order, after a note of how many earlier
 * ones are left out, at the last of those.  *n: how many notes; room is
 * left for `extra` more after them. */
static Note *
path_notes(Arena *a, Note first, const Step *path, int extra, int *n)
{
	int nsteps = 0;
	for (const Step *s = path; s; s = s->prev)
		nsteps++;
	int shown = nsteps < ENGINE_SHOWN_STEPS ? nsteps : ENGINE_SHOWN_STEPS;
	int left = nsteps - shown;
	Note *notes = arena_alloc(a, sizeof(Note) * (size_t)(shown + 2 + extra));
	notes[0] = first;
	int base = left > 0 ? 2 : 1, i = base + shown - 1;
	const Step *s = path;
	for (; s && i >= base; s = s->prev, i--) {
		notes[i].loc = s->loc;
		notes[i].text = s->text;
	}
	if (left > 0) {
		notes[1].loc = s->loc;
		notes[1].text = left == 1 ? "1 earlier branch on this path is not shown"
			      : arena_printf(a, "%d earlier branches on this path are not shown", left);
	}
	*n = base + shown;
	return notes;
}

static void
add_finding(const CheckInfo *ci, const Violation *v, const char *msg, FindingSet *out,
	    Arena *a)
{
	Note first = {v->acquired,
		      v->param ? arena_printf(a, "'%s' is passed in by the caller here",
					      v->name ? v->name : v->acquirer)
		      : v->name ? arena_printf(a, "'%s' acquired here by '%s'", v->name, v->acquirer)
				: arena_printf(a, "acquired here by '%s'", v->acquirer)};
	int n;
	Note *notes = path_notes(a, first, v->path, 0, &n);
	report_simple(ci, v, msg, notes, n, out);
}

/* ---- loop-release ------------------------------------------------------- */

static void
report_loop_release(const CheckInfo *ci, const Violation *v, FindingSet *out, Arena *a)
{
	const char *name = v->name ? arena_printf(a, " '%s'", v->name) : "";
	const char *msg = arena_printf(a,
		"%s%s from '%s' is acquired in every iteration of the %s loop at line %d "
		"but released only after it (line %d); the %s of earlier iterations leak",
		noun(v), name, v->acquirer, v->loop->kind, v->loop->loc.line,
		v->first.line, plural(a, noun(v)));
	Note notes[3];
	notes[0].loc = v->loop->loc;
	notes[0].text = arena_printf(a, "the %s loop starts here", v->loop->kind);
	notes[1].loc = v->first;
	notes[1].text = arena_printf(a, "released here, after the loop: only the last %s", noun(v));
	report_simple(ci, v, msg, notes, 2, out);
}

/* ---- thread-release, double-release, use-after-release ------------------- */

static const char *
thread_desc(Arena *a, const Violation *v)
{
	return v->routine ? arena_printf(a, "the thread started at line %d (%s)",
					 v->thread.line, v->routine)
			  : arena_printf(a, "the thread started at line %d", v->thread.line);
}


static void
report_lifecycle(const CheckSet *cs, const Violation *v, FindingSet *out, Arena *a)
{
	const char *id = v->kind == V_THREAD_RELEASE ? "thread-release" :
			 v->kind == V_DOUBLE_RELEASE ? "double-release" :
			 v->kind == V_MISMATCHED_RELEASE ? "mismatched-release" : "use-after-release";
	int ci = checks_find(id);
	if (ci < 0 || !cs->on[ci])
		return;
	const char *name = v->name ? arena_printf(a, " '%s'", v->name) : "";
	Note notes[3];
	int n = 0;
	if (v->kind == V_DOUBLE_RELEASE && v->reset_by) {
		/* a member reset to NULL after a release elsewhere */
		const char *msg;
		if (v->null_here) {
			msg = arena_printf(a, "%s%s is NULL on this path, and '%s' must not be given NULL "
					   "('%s' also sets it to NULL after releasing it)",
					   noun(v), name, v->how ? v->how : "?", v->reset_by);
			notes[n].loc = v->first;
			notes[n++].text = "NULL from here";
		} else {
			msg = arena_printf(a, "%s%s may be NULL here: '%s' sets it to NULL after "
					   "releasing it, and '%s' must not be given NULL",
					   noun(v), name, v->reset_by, v->how ? v->how : "?");
		}
		notes[n].loc = v->acquired;
		notes[n++].text = arena_printf(a, "released by '%s' and set to NULL here",
					       v->acquirer ? v->acquirer : "?");
		report_simple(&table[ci], v, msg, notes, n, out);
		return;
	}
	notes[n].loc = v->acquired;
	notes[n++].text = v->param ? arena_printf(a, "'%s' is passed in by the caller here", v->acquirer)
				   : arena_printf(a, "acquired here by '%s'", v->acquirer);
	const char *msg;
	switch (v->kind) {
	case V_THREAD_RELEASE:
		msg = arena_printf(a, "%s%s is handed to %s and released here by '%s' before that thread is joined",
				   noun(v), name, thread_desc(a, v), v->how ? v->how : "?");
		notes[n].loc = v->thread;
		notes[n++].text = "the thread is started here and may still use it";
		break;
	case V_DOUBLE_RELEASE:
		if (v->thread_owns) {
			msg = arena_printf(a, "%s%s is released here by '%s', but %s releases it too",
					   noun(v), name, v->how ? v->how : "?", thread_desc(a, v));
			notes[n].loc = v->thread;
			notes[n++].text = "handed over here to a thread that releases it";
		} else {
			msg = arena_printf(a, "%s%s is released twice: again here by '%s'",
					   noun(v), name, v->how ? v->how : "?");
			notes[n].loc = v->first;
			notes[n++].text = "first released here";
		}
		break;
	case V_MISMATCHED_RELEASE:
		msg = arena_printf(a, "%s%s from '%s' (kind '%s') is released by '%s', which releases kind '%s'",
				   noun(v), name, v->acquirer, v->rkind ? v->rkind->name : "?",
				   v->how ? v->how : "?",
				   v->released_as ? v->released_as->name : "?");
		break;
	default:
		if (v->view)
			msg = arena_printf(a, "'%s' (from '%s') points into %s%s, which was released: "
					   "it is %s here", v->view, v->view_by ? v->view_by : "?",
					   noun(v), name,
					   v->how ? arena_printf(a, "passed to '%s'", v->how) : "read");
		else if (v->to_thread)
			msg = arena_printf(a, "%s%s is handed to %s after it was released",
					   noun(v), name, thread_desc(a, v));
		else if (v->returned)
			msg = arena_printf(a, "%s%s is returned after it was released: the caller "
					   "gets a handle that no longer exists", noun(v), name);
		else if (v->how)
			msg = arena_printf(a, "%s%s is passed to '%s' after it was released",
					   noun(v), name, v->how);
		else
			msg = arena_printf(a, "%s%s is dereferenced after it was released",
					   noun(v), name);
		notes[n].loc = v->first;
		notes[n++].text = "released here";
		break;
	}
	report_simple(&table[ci], v, msg, notes, n, out);
}

/* ---- txn-open, txn-wrong-handle -------------------------------------------- */

static void
report_txn(const CheckSet *cs, const Violation *v, FindingSet *out, Arena *a)
{
	bool open = v->kind == V_TXN_OPEN;
	int ci = checks_find(open ? "txn-open" : "txn-wrong-handle");
	if (ci < 0 || !cs->on[ci])
		return;
	const char *conn = v->name ? v->name : "the connection";
	const char *msg;
	if (open) {
		const char *how = v->exit_how == T_EXIT ? "when the process exits here" :
				  v->exit_how == T_LONGJMP ? "when longjmp leaves the function here" :
				  arena_printf(a, "when returning at line %d", v->where.line);
		msg = arena_printf(a, "transaction begun on '%s' at line %d is still open %s; "
				   "roll it back on this path", conn, v->acquired.line, how);
	} else {
		msg = arena_printf(a, "statement on '%s' runs while the transaction begun on '%s' "
				   "at line %d is still open; it needs a second connection "
				   "(use '%s', or end the transaction first)",
				   v->how ? v->how : "?", conn, v->acquired.line, conn);
	}
	Note first = {v->acquired, arena_printf(a, "transaction begun here by '%s'", v->acquirer)};
	int n;
	Note *notes = path_notes(a, first, v->path, 0, &n);
	report_simple(&table[ci], v, msg, notes, open ? n : 1, out);
}

/* ---- brackets (lock-held) ---------------------------------------------------- */

/* A bracket's violations go to the check its pack names. */
static void
report_bracket(const CheckSet *cs, const Violation *v, FindingSet *out, Arena *a)
{
	int ci = v->bracket ? checks_find(v->bracket->check) : -1;
	if (ci < 0 || !cs->on[ci])
		return;
	const char *what = v->bracket->name;
	const char *obj = v->name ? v->name : "?";
	const char *msg;
	if (v->kind == V_BRACKET_OPEN && v->exit_how == T_EXIT) {
		msg = arena_printf(a, "%s '%s' locked at line %d is still held when the process "
				   "exits here; unlock it on this path", what, obj, v->acquired.line);
	} else if (v->kind == V_BRACKET_OPEN) {
		msg = arena_printf(a, "%s '%s' locked at line %d is still held when returning at "
				   "line %d; unlock it on this path", what, obj, v->acquired.line,
				   v->where.line);
	} else if (v->kind == V_BRACKET_TWICE) {
		msg = arena_printf(a, "%s '%s' is unlocked twice: '%s' here and first at line %d",
				   what, obj, v->how ? v->how : "?", v->first.line);
	} else {
		msg = arena_printf(a, "%s '%s' is unlocked by '%s' on a path that skips its lock "
				   "at line %d, so it is not held here", what, obj, v->how ? v->how : "?",
				   v->acquired.line);
	}
	Note first = {v->acquired, arena_printf(a, "'%s' locked here by '%s'", obj, v->acquirer)};
	int nn;
	Note *notes = path_notes(a, first, v->path, 1, &nn);
	if (v->kind == V_BRACKET_TWICE) {
		notes[nn].loc = v->first;
		notes[nn++].text = "first unlocked here";
	}
	report_simple(&table[ci], v, msg, notes, nn, out);
}

void
checks_report(const CheckSet *cs, const Violation *v, FindingSet *out)
{
	Arena a;
	arena_init(&a);
	int leak = checks_find("leak");
	int loop = checks_find("loop-release");
	switch (v->kind) {
	case V_LOST_EXIT:
	case V_LOST_OVERWRITE:
	case V_LOST_SCOPE:
	case V_LOST_DISCARD:
	case V_LOST_CONTAINER:
		if (leak >= 0 && cs->on[leak])
			add_finding(&table[leak], v, leak_message(&a, v), out, &a);
		break;
	case V_THREAD_RELEASE:
	case V_DOUBLE_RELEASE:
	case V_USE_AFTER_RELEASE:
	case V_MISMATCHED_RELEASE:
		report_lifecycle(cs, v, out, &a);
		break;
	case V_TXN_OPEN:
	case V_TXN_WRONG_HANDLE:
		report_txn(cs, v, out, &a);
		break;
	case V_BRACKET_OPEN:
	case V_BRACKET_TWICE:
	case V_BRACKET_UNOPENED:
		report_bracket(cs, v, out, &a);
		break;
	case V_LOOP_RELEASE:
		if (loop >= 0 && cs->on[loop])
			report_loop_release(&table[loop], v, out, &a);
		else if (leak >= 0 && cs->on[leak])
			add_finding(&table[leak], v, arena_printf(&a,
				"%s is acquired in every iteration of a loop and lost at the next one",
				subject(&a, v)), out, &a);
		break;
	default:
		break;
	}
	arena_release(&a);
}
