/* SPDX-License-Identifier: MIT */
/*
 * progsum: the summaries of the whole program, for calls to functions that
 * another translation unit defines (a wrapper around PQexec in db.c is an
 * acquirer at its call sites in main.c).
 *
 * Pass 1 runs the engine on each unit alone and writes, for each of its
 * external (non-static) functions in the user's files, what summary.c
 * concludes there (engine_program_summary()): whether it never returns,
 * the handle it returns (a wrapper: kind and failure value), and what it
 * does to each parameter, to what each points to, to param->field for the
 * fields it touches (and for the members packs name, `buf->data` of a
 * PQExpBuffer it hands on, when the answer is not "keeps"), and to a
 * transaction open on each; then the names the
 * unit calls that it does not define and the rule table does not know
 * (the `c` lines).
 * That is one text per unit, stored in the cache beside the unit's result
 * (analyze.c) and read back here, one line each:
 *
 *   closecheck-summaries 2
 *   f NAME NPARAMS NORETURN KIND OP VALUE DIRECT DEREF TXN NFIELDS {P FIELD E} ROP RVALUE
 *   m NAME ARG MEMBER KIND FOP FVALUE SOP SVALUE
 *   d NAME ARG MEMBER,MEMBER,...
 *   c NAME
 *   s CALLEE CALLER E|R, o NAME, t MEMBER NAME, v MEMBER CALLER E|R|O
 *
 * (the last four: what makes a function an entry of the program, one
 * whose return ends the process: entry.h)
 * NORETURN is 0 or 1; KIND is the wrapper's kind ('-': not a wrapper), OP
 * and VALUE its failure predicate (CmpOp, integer); DIRECT, DEREF and TXN
 * hold one letter per parameter ('r' releases on every path, 'b' borrows,
 * 'p' borrows and returns it on every path, 'k' keeps: anything else), '-'
 * for none; each field is a parameter's
 * index, the member's name and its letter, or what follows the
 * parameter's name in a path the function reaches (`->tail->stmt`, `[2]`,
 * `.text` of a struct given by value: summarize_key()) when its letter is
 * not 'k'; ROP and RVALUE a predicate every value it returns satisfies
 * (retrange.c; OP 0: none).  An `m` line follows the `f` line of a
 * function that opens a member of a parameter's object (member_acquirer():
 * ARG the parameter, MEMBER the member, KIND its kind, FOP FVALUE the
 * failure value of what the member holds, SOP SVALUE the result that says
 * it is open, OP 0: always); it counts in that function's line.  A `d`
 * line (after those, one per parameter) says of a function that releases
 * what parameter ARG points to on every path (its DIRECT letter 'r') which
 * members of it the function names ('-': none; named_members()): a
 * handle the caller keeps in another member dies with the object, a
 * destroy function of another file that forgets a member.  It counts in
 * the function's line too.
 *
 * Pass 2 analyses each unit with the table of all units' summaries: the
 * engine looks a callee up here only when neither the rule table (packs,
 * the code's declarations) nor the unit itself defines it, so the packs
 * win, then the unit's own definition, then these.  A name defined by two
 * units with different summaries (two programs in one database) is used by
 * neither (progsum_conflicts()); a name defined identically (a non-static
 * function of a header) is one function.  Summaries are computed from the
 * defining unit alone, so they never chain through a third unit.
 *
 * Ownership: a ProgSums owns everything it holds (its arena) until
 * progsum_release(); read-only after progsum_finish(), shared by threads and
 * inherited by the worker processes of pass 2.
 */
#ifndef CLOSECHECK_PROGSUM_H
#define CLOSECHECK_PROGSUM_H

#include <stdbool.h>
#include <stdint.h>
#include "entry.h"
#include "mem.h"
#include "rules.h"

#define PROGSUM_HEADER "closecheck-summaries 2"

typedef struct ProgField {
	int param;
	const char *field;       /* member name, as the IR names it */
	char effect;             /* 'r', 'b', 'p', 'k' */
} ProgField;

typedef struct ProgFn {
	const char *name;
	int unit;                /* the first unit that defines it */
	int nparams;
	bool noreturn;
	bool conflict;           /* defined differently elsewhere: not used */
	const char *wrap_kind;   /* NULL: not a wrapper */
	Pred wrap_fails;
	Pred ret;                /* every value it returns satisfies it */
	const RuleAcquire *wrap; /* the wrapper's entry, made by progsum_finish()
	                          * when the rule table has its kind */
	const char *macq_kind;   /* opens a member (`m` line): the kind, or NULL */
	int macq_arg;            /* ... of the object this parameter points to */
	const char *macq_member;
	Pred macq_fails, macq_success;
	const RuleAcquire *macq; /* its entry, made by progsum_finish() */
	const char **freed;      /* `d` lines: per parameter, the members named
	                          * (comma-separated, "" none), NULL none said;
	                          * NULL without any */
	const char *direct, *deref, *txn;   /* nparams letters each */
	ProgField *fields;
	int nfields;
	const char *line;        /* its text, for conflicts and progsum_used() */
} ProgFn;

/* The functions put into a struct member anywhere in the program (`t`
 * facts): one, or several (name NULL). */
typedef struct ProgTarget {
	const char *member;      /* entry_member() of its USR */
	const char *name;        /* qualified (entry.h), NULL when several */
} ProgTarget;

typedef struct ProgSums {
	Arena arena;
	VEC(ProgFn) fns;         /* sorted by name after progsum_finish() */
	EntryFacts facts;        /* every unit's (entry.h) */
	EntrySet entries;        /* made by progsum_finish() */
	VEC(ProgTarget) targets; /* by member, made by progsum_finish() */
	int units;               /* texts added */
	int conflicts;           /* names dropped for conflicting definitions */
	bool finished;
} ProgSums;

void progsum_init(ProgSums *ps);
void progsum_release(ProgSums *ps);
/* Adds the functions of one unit's text (unit: its index, for messages
 * and for which definition comes first); 0, or -1 if the text is not in
 * the form above (then nothing of it is added). */
int progsum_add(ProgSums *ps, int unit, const char *text);
/* Sorts, marks conflicts, makes wrappers' entries from r's kinds. */
void progsum_finish(ProgSums *ps, const Rules *r);
/* The summary of name, or NULL (none, or a conflict). */
const ProgFn *progsum_find(const ProgSums *ps, const char *name);
/* The summaries a unit's text says it calls, as one hash (its callees
 * with a usable summary: their names and lines, in name order), from h;
 * *n: how many.  h unchanged when none. */
uint64_t progsum_used(const ProgSums *ps, const char *text, uint64_t h, int *n);
/* The same with each summary's 'b' (borrows) read as 'k': what changes it
 * when a callee comes to acquire, release, pass on or end the process,
 * not when it comes to borrow. */
uint64_t progsum_used_strong(const ProgSums *ps, const char *text, uint64_t h, int *n);
/* Does a unit of the program define name (a usable summary or a
 * conflict)?  One no unit defines is a library's, which calls into the
 * program only through pointers given to it. */
bool progsum_defines(const ProgSums *ps, const char *name);
/* Does f, releasing what parameter arg points to on every path, leave
 * that object's member alone (its `d` line does not name it)?  False when
 * no `d` line says. */
bool progsum_frees_leaving(const ProgFn *f, int arg, const char *member);
/* Is the function (qualified as entry.h says) an entry of the program:
 * its return ends the process? */
bool progsum_entry(const ProgSums *ps, const char *qualified);
/* Calls through a struct member that the program ever gives one function
 * only (every `t` fact of the member names it: `ops->close(h)` where only
 * my_close is put into close) become calls of that function (callee set,
 * IrEvent.via kept), when the function is one the table or u itself
 * defines: its summary then holds at the call.  How many were resolved.
 * A function pointer stored through a variable is not seen: the program
 * is taken to fill its tables with functions named there. */
int progsum_resolve_calls(const ProgSums *ps, IrUnit *u);
/* The one function the program puts into member (entry_member()), as
 * progsum_resolve_calls() reads it: NULL when none or several. */
const char *progsum_member_target(const ProgSums *ps, const char *member);
/* How many functions a text summarises. */
int progsum_count(const char *text);

/* What a table said, kept small for a later table to be compared with
 * (the rounds of the chains, analyze.c): each usable summary's line as a
 * hash, and the entries.  Owns its arena. */
typedef struct ProgSnapFn {
	const char *name;
	uint64_t line;
} ProgSnapFn;

typedef struct ProgSnap {
	Arena arena;
	ProgSnapFn *fns;         /* by name */
	int n;
	EntrySet entries;
} ProgSnap;

void progsum_snap(const ProgSums *ps, ProgSnap *out);
void progsum_snap_release(ProgSnap *s);
/* Do snapshot s (NULL: no table at all) and table ps (NULL: none) say
 * different things of name: a usable summary in one and not the other,
 * or different lines? */
bool progsum_snap_differs(const ProgSnap *s, const ProgSums *ps, const char *name);
/* Was the function (qualified) an entry of the program by s? */
bool progsum_snap_entry(const ProgSnap *s, const char *qualified);

#endif
