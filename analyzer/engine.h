/* SPDX-License-Identifier: MIT */
/*
 * engine: typestate analysis of acquired handles over the IR.
 *
 * Every call that a rule pack names as an acquirer is an allocation site.
 * For each site the engine walks the function's CFG with a set of abstract
 * states per block; a state is the handle's typestate (not yet acquired,
 * maybe-failed, owned, known-failed, released, escaped, lost) together with
 * everything that decides it on a path: the access paths that hold the
 * handle (aliases), the variables that hold the acquiring call's status
 * code, and the known constant values of flag variables.  Paths are kept
 * apart only while they differ in these (the ESP idea); identical states
 * merge.  Each state also carries the branch steps that led to it (the first
 * path found, kept for the finding's notes, not part of its identity).
 *
 * Ownership leaves the function (escape, no finding) when the handle is
 * returned, stored into storage that outlives the call, or passed to a
 * function that is neither in the rule table nor analysable.  Functions of
 * the same unit are analysed for what they do to each parameter (summary:
 * releases it on every path, only borrows it, or keeps it), computed on
 * demand and memoised per unit; recursion is treated as keeping.
 *
 * The engine knows no checks: it hands Violations to a callback, and the
 * checks (checks.h) decide what to report and how.
 */
#ifndef CLOSECHECK_ENGINE_H
#define CLOSECHECK_ENGINE_H

#include "ir.h"
#include "rules.h"

typedef struct Step {
	const struct Step *prev;     /* earlier step, NULL at the acquisition */
	Loc loc;
	const char *text;            /* "'rc != 0' is true" */
} Step;

/* How many steps of a path a finding shows: the last ones, those nearest
 * to where it goes wrong, after a note of how many earlier ones it
 * leaves out. */
enum { ENGINE_SHOWN_STEPS = 24 };

/* How many variables (locals set to constants or tested twice, globals
 * tested twice) one path follows the values of; past that a V_BOUND with
 * how "slots" says so, once per function. */
enum { ENGINE_FLAG_SLOTS = 12 };

typedef enum ViolKind {
	V_LOST_EXIT,         /* still owned when the function returns */
	V_LOST_OVERWRITE,    /* the last reference was overwritten */
	V_LOST_SCOPE,        /* the last reference went out of scope */
	V_LOST_DISCARD,      /* a call's result was never stored */
	V_LOST_CONTAINER,    /* the object holding it (in a field) was released */
	V_DOUBLE_RELEASE,    /* released again */
	V_THREAD_RELEASE,    /* released while a thread it was handed to runs */
	V_USE_AFTER_RELEASE, /* used (handed to a thread) after its release */
	V_MISMATCHED_RELEASE,/* released by a function of another kind */
	V_TXN_OPEN,          /* a transaction it began is open at an exit */
	V_TXN_WRONG_HANDLE,  /* a statement on another connection meanwhile */
	V_LOOP_RELEASE,      /* acquired in every iteration of a loop, released
	                      * only after it: earlier iterations' handles leak */
	V_BRACKET_OPEN,      /* a bracket (a lock) begun is open at an exit */
	V_BRACKET_TWICE,     /* ended again after it was ended */
	V_BRACKET_UNOPENED,  /* ended on a path that did not begin it */
	V_BOUND,             /* a work bound cut the analysis of fn short */
} ViolKind;

typedef struct Violation {
	ViolKind kind;
	const IrFunc *fn;
	const RuleKind *rkind;       /* resource kind; NULL if unknown */
	const char *acquirer;        /* function that acquired it */
	Loc acquired;                /* where */
	const char *name;            /* variable that held it, or NULL */
	Loc where;                   /* where it goes wrong */
	const char *how;             /* the overwriting variable, the releaser ... */
	Loc first;                   /* V_DOUBLE_RELEASE: the first release;
	                              * V_LOOP_RELEASE: the release after the loop */
	const IrLoop *loop;          /* V_LOOP_RELEASE: the loop */
	Loc thread;                  /* where the thread was started */
	const char *routine;         /* its start routine, or NULL */
	bool thread_owns;            /* the routine releases what it is given */
	bool to_thread;              /* V_USE_AFTER_RELEASE: the use is a hand-off */
	bool returned;               /* V_USE_AFTER_RELEASE: the use is a return
	                              * of it (the caller gets a dangling handle) */
	const char *reset_by;        /* V_DOUBLE_RELEASE of a member that may be
	                              * NULL: the function that sets it to NULL
	                              * after releasing it (at `first`; acquirer
	                              * is that release) */
	bool null_here;              /* ... and it is NULL on this path (stored
	                              * or tested so at `first`) */
	bool param;                  /* the handle is a parameter: `acquired` is
	                              * where it is declared */
	const char *view;            /* V_USE_AFTER_RELEASE: the use is of this
	                              * variable, pointing into the handle ... */
	const char *view_by;         /* ... since this function returned it */
	const RuleKind *released_as; /* V_MISMATCHED_RELEASE: the releaser's kind */
	bool txn;                    /* the "handle" is a transaction */
	TermKind exit_how;           /* V_TXN_OPEN: how the path leaves */
	const RuleBracket *bracket;  /* V_BRACKET_*: its bracket, whose check
	                              * reports it; name is the object */
	const Step *path;            /* last step first */
} Violation;

typedef void (*ViolationFn)(void *ctx, const Violation *v);

struct ProgSums;
struct ProgSnap;

typedef struct EngineLimits {
	int states_per_block;        /* default 64 */
	int steps_per_site;          /* default 200000 block visits */
	long steps_per_function;     /* all sites of a function together, default
	                              * 4000000 block visits; 0 = no limit */
	size_t bytes_per_site;       /* memory of one site's run (with the runs
	                              * it is nested in), default 256 MiB; 0 = no
	                              * limit */
	bool report_at_exit;         /* report what is held where the process
	                              * ends (exit(), a noreturn call, a return
	                              * from main); default false: nothing held
	                              * there is worth a finding */
	/* The summaries of the other units of the program (progsum.h), for
	 * callees neither the rule table nor the unit defines; NULL: none. */
	const struct ProgSums *program;
} EngineLimits;

typedef struct EngineStats {
	long functions;
	long sites;
	long visits;
	long settled;                /* paths a walk stopped early: nothing left
	                              * on them could be reported (plan.h) */
	long seeded;                 /* sites that started at their own block
	                              * from their function's prefix */
	long bounded;                /* functions a bound cut short (one V_BOUND
	                              * each, however many of their sites) */
	size_t peak_bytes;           /* the most memory (states, path steps) the
	                              * analyses of sites held at once, nested
	                              * summary runs included; a maximum, not a
	                              * sum, when stats are added up */
} EngineStats;

/* Every field: the default bounds, the rest zero (no program table). */
void engine_limits_default(EngineLimits *lim);

/* Analyses every function of u that is marked `analyse`. */
void engine_run(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
		ViolationFn cb, void *ctx, EngineStats *stats);
/* The same, then (summary non-NULL) pass 1 of a whole-program run: the
 * unit's summaries as progsum.h's text, allocated, made from the same
 * memo as the analysis (lim->program must be NULL: what the unit alone
 * says); with answers, what the analysis asked of lim->program
 * (engine_answers_hold(): a table that answers the same gives the same
 * findings; NULL when it cannot be said). */
void engine_run_summary(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
			ViolationFn cb, void *ctx, EngineStats *stats, char **summary,
			char **answers);
/* Pass 1 of a whole-program run: the unit alone (lim->program NULL), its
 * summaries' text into *summary, and with answers what its walks asked of
 * the table (engine_program_resummary(); NULL when it cannot be said).  A unit that calls a function another
 * unit may define (a name neither it nor the packs know, a call through a
 * member) is analysed again with the others' summaries in pass 2, so its
 * findings now would be thrown away: it is only summarised, and false is
 * returned.  Any other gets engine_run_summary(): its findings are final,
 * and true is returned. */
bool engine_run_alone(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
		      ViolationFn cb, void *ctx, EngineStats *stats, char **summary,
		      char **answers);

/* Which functions of u the engine may analyse or summarise differently
 * with lim->program than with the table snapshot `before` was taken of
 * (progsum.h; NULL: the unit alone, as pass 1 saw it), u being as the new table's analysis sees it (member
 * calls resolved): changed[i] for u->funcs.v[i].  A function changes when
 * it names (calls, or passes as a value) a function of another unit whose
 * line differs between the tables, calls through a member the table
 * resolved, is an entry of the program by one table and not the other, or
 * names a function of u that changes.  The engine asks the tables nothing
 * else, so what the others find, return and summarise is the same. */
void engine_program_changes(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
			    const struct ProgSnap *before, bool *changed);

/* What a function of the unit does to its parameter `param` (deref: to the
 * object the parameter points to), for tests and --dump.  The _IF effects
 * happen only when the function returns a value of one sign (it stores the
 * handle and returns 0, or returns -1 without): otherwise it borrows.  A
 * reader that knows nothing of them takes them for SUM_KEEPS.  SUM_PASSES:
 * borrows the parameter and returns it on every path that returns
 * (squash_slash(name) -> name): the call's result is the handle. */
typedef enum SummaryEffect {
	SUM_BORROWS, SUM_RELEASES, SUM_KEEPS, SUM_RELEASES_IF, SUM_KEEPS_IF, SUM_PASSES
} SummaryEffect;
/* The summaries alone, without the analysis: what the unit alone says,
 * or with lim->program what it says given the other units' summaries (a
 * wrapper of a wrapper in a third unit is a wrapper: analyze.c's rounds). */
char *engine_program_summary(const IrUnit *u, const Rules *rules, const EngineLimits *lim);
/* The same in a round, given `old`, the text made with the table of
 * snapshot `before` (NULL: the unit alone): the `f` line of each function that
 * engine_program_changes() does not find changed is old's, written again
 * (the same bytes as made again, for less; *kept: how many), old NULL:
 * all made again.  With old_answers, what the walks that made old asked
 * of their table (answers.c), a function changes when it names one of
 * whose answers the new table changes, rather than one whose line
 * changed, or when the entry of the program it is or is not changes; with
 * answers, what the walks of this text asked (those of the lines kept
 * too), NULL when it cannot be said. */
char *engine_program_resummary(const IrUnit *u, const Rules *rules, const EngineLimits *lim,
			       const struct ProgSnap *before, const char *old,
			       const char *old_answers, int *kept, char **answers);
/* Does table t answer every question of answers (made by the two above)
 * as it says?  Then a round would make the same text again. */
bool engine_answers_hold(const char *answers, const struct ProgSums *t);
SummaryEffect engine_summary(const IrUnit *u, const Rules *rules,
			     const char *fn, int param, bool deref);

#endif
