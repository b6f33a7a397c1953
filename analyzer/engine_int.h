/* SPDX-License-Identifier: MIT */
/*
 * engine_int: what the engine's modules share and nobody else sees.
 *
 * The engine core (engine.c) runs the fixpoint over (block, state) for one
 * site; the abstract state and its helpers live in state.c; what functions
 * of the unit do to their parameters (summaries) in summary.c; the
 * protocols (struct Protocol below) in ownership.c, handoff.c (on top of
 * ownership), txn.c and bracket.c.  All of them work on the types below.
 * Ownership: a Ctx lives for one engine_run(); its arena holds the running
 * site's states and steps (each run its own, freed when it is done),
 * sum_arena the unit's summaries and the protocols' memos.
 */
#ifndef CLOSECHECK_ENGINE_INT_H
#define CLOSECHECK_ENGINE_INT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "declared.h"
#include "entry.h"
#include "engine.h"
#include "plan.h"
#include "progsum.h"
#include "sql.h"

enum { MAX_ALIAS = 8, MAX_STATUS = 4, MAX_VIEW = 4, MAX_FLAGS = ENGINE_FLAG_SLOTS };

typedef enum TState {
	TS_UNACQ,        /* the site has not run on this path */
	TS_MAYBE,        /* acquired, but may have failed (NULL, -1) */
	TS_OWNED,        /* acquired and known good */
	TS_NULL,         /* the acquisition failed: nothing to release */
	TS_RELEASED,
	TS_ESCAPED,      /* ownership left the function */
	TS_LOST,         /* reported lost; nothing more to say */
} TState;

typedef struct State {
	uint8_t ts;
	uint8_t nalias, nstatus;
	uint16_t fweak;              /* bit i (with fknown): flag i's fact was
	                              * read from a comparison with another
	                              * flag; a later test replaces it */
	uint16_t fknown;             /* bit i: flag slot i is constrained: */
	int16_t uvar;                /* result of a call that took it over only
	                              * if it succeeded (fdopen), +1 */
	uint8_t upre;                /* typestate before that call */
	uint8_t uat_on;              /* that result went into the place uat
	                              * (h->priv = fdopen(fd, "r")) */
	uint8_t used;                /* USED_*: passed or dereferenced since
	                              * acquired; kept by a release that failed */
	uint8_t nview;
	Access uat;
	Access alias[MAX_ALIAS];
	int status[MAX_STATUS];
	uint8_t skind[MAX_STATUS];   /* S_* */
	long long fval[MAX_FLAGS];   /* ... "flag <fop> fval" holds */
	uint8_t fop[MAX_FLAGS];
	uint8_t own[8];              /* the protocols' part (hand-off's today):
	                              * compared as bytes, so a protocol's state
	                              * needs no code here */
	Access view[MAX_VIEW];       /* places holding a pointer into the handle
	                              * (PQgetvalue's value): dead with it */
	/* not part of the identity (hand-off's notes among them): */
	uint32_t hash;               /* of the identity, set by the core */
	bool forgot;                 /* the path's flag facts were forgotten (too
	                              * many paths through a block): it may be
	                              * one no run takes */
	const Step *path;
	int nsteps;
	const char *name;
	Loc released;
	Loc handed;                  /* where the thread was started */
	Pred spawned;                /* the spawn's result when the thread runs */
	const char *routine;
	Pred usucc;                  /* with uvar or uat: the result for which that call
	                              * did take it over (released) */
	const char *view_by[MAX_VIEW];   /* the function that returned view[i] */
} State;

typedef VEC(State) StateVec;

enum { USED_PASSED = 1, USED_KEPT = 2, USED_STDIO = 4,
       USED_MOVED = 8 };    /* released into a new object (fdopen): still
                             * readable, not releasable again */

/* What a protocol says of a state that its site's walk might stop at. */
typedef enum Settle {
	SETTLE_NO,               /* it may still report something */
	SETTLE_IF_DEAD,          /* only through one of its variables */
	SETTLE_YES,              /* nothing, whatever comes (unless its site
	                          * runs again on the path) */
} Settle;

enum { SETTLE_QUIET = 1, SETTLE_SIGNS = 2 };      /* Site.settle */

/* What a status variable holds: the acquiring call's return code, a
 * status read from a result object, or the result object itself. */
enum { S_CODE, S_READ, S_CARRIER };

typedef struct FieldSum {
	int param;
	const char *field;
	SummaryEffect effect;        /* SUM_KEEPS while being computed */
	bool overwrites;             /* some path stores into the member while
	                              * it may still hold the caller's handle */
	bool resets;                 /* SUM_RELEASES, and no exit leaves the
	                              * member naming what it released */
	const char *suffix;          /* summarize_key(): what follows the
	                              * parameter's name ("->tail->stmt",
	                              * "[2]", ".first"); NULL: param->field */
} FieldSum;

typedef struct Summary {
	int state;                   /* 0 none, 1 in progress, 2 done */
	SummaryEffect *direct, *deref;
	Pred *when;                  /* [2 * param + deref]: the result for
	                              * which a SUM_*_IF effect happens */
	SummaryEffect *txn;          /* ends a transaction open on parameter i */
	int txn_state;
	const RuleAcquire *wrap;     /* returns a handle it acquired: its kind */
	int wrap_state;
	const RuleAcquire *macq;     /* leaves a handle it acquired in p->f */
	int macq_state;
	int noreturn;                /* 0 unknown, 1 returns, 2 never returns */
	uint8_t *noret_if;           /* per parameter (never_returns_if): 0xff
	                              * written in the function; else bits 1/2
	                              * zero looked at / ends, 4/8 nonzero */
	VEC(struct FieldSum) fields; /* what it does to param->field */
	int ret_state;               /* 0 none, 1 in progress, 2 done */
	Pred ret;                    /* what every return gives (retrange.c) */
	int cleans;                  /* fn_cleans_members(): 0 not asked, 1 no,
	                              * 2 yes */
	int relm_state;              /* member_releases(): 0, 1 computing, 2 */
	uint64_t relm;               /* bit p: may release a member of p */
	uint64_t frees;              /* bit p: may free the object p points to */
	bool scanned;                /* the masks below are known */
	uint64_t inert;              /* bit p: parameter p only borrowed */
	uint64_t untouched;          /* bit p: parameter p named by no event */
	uint64_t stored;             /* bit p: something stored through p */
	uint64_t kept_here;          /* bit p: p's value goes nowhere (only to
	                              * calls that borrow it, p->f to any) */
	uint64_t no_handle;          /* bit p: p's type holds no handle (a bool) */
	uint64_t points_to_none;     /* bit p: nor does what it points to (char *) */
	uint64_t no_conn;            /* bit p: no connection a transaction is on */
} Summary;

struct Nullable;

/* ownership.c: does fn release the member at `at` before a negative
 * return (its error cleanup)?  Memoised per function and place. */
typedef struct Cleanup {
	const IrFunc *fn;
	Access at;
	bool yes;
	Loc where;                   /* yes: the cleanup's release */
} Cleanup;

typedef struct Ctx {
	const IrUnit *u;
	const Rules *rules;
	EngineLimits lim;
	ViolationFn cb;
	void *cbctx;
	EngineStats *stats;
	Arena arena;                 /* the running site's states and steps;
	                              * run_site() gives each run its own */
	size_t held;                 /* bytes of the runs it is nested in */
	Arena sum_arena;             /* summaries, for the whole unit */
	SqlMatcher *sqlm;
	DeclaredRules *decl;         /* the packs, then the code's declarations */
	Summary *sums;               /* one per unit function */
	void *pmemo[8];              /* protocols' own memo of the unit (PROTO_*) */
	int depth;                   /* nested summary computations */
	long fn_visits;              /* block visits in the function analysed */
	struct FnFlags **flags;      /* per unit function: its flags
	                              * (find_flags()), made on first use */
	bool fn_noted[3];            /* its V_BOUND given: [0] cut, [1] widened,
	                              * [2] flag slots */
	Plan *plan;                  /* of the function analysed (plan.h) */
	Plan **fplans;               /* [function index]: the plans of the
	                              * functions summaries walk (plan_for()) */
	VEC(int) fplans_made;        /* the indexes fplans holds a plan at */
	uint64_t *flag_srcs;         /* site_flag_use(): the variables whose copy
	                              * makes a flag known, for flag_srcs_plan */
	const Plan *flag_srcs_plan;
	const char **step_texts;     /* step_text(): per edge of the function
	                              * of step_texts_plan, in its arena */
	const Plan *step_texts_plan;
	int *fn_slot, fn_cap;        /* the unit's functions by name (fn_index) */
	/* fn_index()'s last answers by the name's address (the IR's names are
	 * interned: one address a name) */
	const char *fn_seen[64];
	int fn_seen_at[64];
	/* engine_lookup()'s last answers the same way, with the table they
	 * were given for (a summary's text is made without it) */
	struct {
		const char *name;
		const struct ProgSums *program;
		const RuleFn *r;
	} looked[256];
	bool members_scanned;        /* members_used is known (summary.c) */
	uint32_t members_used;       /* bit i: the unit calls a function of the
	                              * pack of rules_members()[i] */
	EntryFacts entry_facts;      /* the unit's (entry.h), made on first use */
	bool entry_facts_done, entry_done;
	uint8_t *entry;              /* per function: an entry (fn_is_entry) */
	/* The prefix of the function analysed, for the protocol that shares
	 * it: the states of the paths before any of its sites, per block. */
	const struct Protocol *prefix_proto;
	StateVec *prefix;
	int prefix_state;            /* 0 not walked, 1 usable, 2 cut by a bound */
	Arena prefix_arena;
	/* A round of the chains (engine_program_resummary()): the text made
	 * with the table before, whose `f` line of each function changed[i]
	 * false is written again as it is. */
	VEC(Cleanup) cleanups;       /* ownership.c, in sum_arena */
	struct Nullable *nullable;   /* nullrel.c: the unit's members reset to
	                              * NULL after a release, made on demand */
	const char *old_text;
	const bool *changed;
	int kept_lines;              /* written again from old_text */
	/* What the walks asked the program's table (answers.c); NULL: not
	 * kept. */
	struct Answers *answers;
	bool *entry_asked;           /* per function: its 'y' question kept */
} Ctx;

enum { PROTO_BRACKET, PROTO_FIELDS, PROTO_COPIES, PROTO_TXN, PROTO_GLOBALS, PROTO_ENDS };

typedef struct Site Site;

/* A protocol: what starts a site and what the events of a path do to its
 * part of the state.  The core (engine.c) runs the fixpoint, keeps flags,
 * path steps and bounds, and hands the violations of a site to flush.  The protocols written this way
 * so far: ownership (ownership.c, with thread hand-off from handoff.c on
 * top), transactions (txn.c, on ownership's aliases) and brackets
 * (bracket.c).  Site.proto NULL means ownership. */
typedef struct Protocol {
	const char *name;
	/* Starts the sites that call e (event i of block bi) begins, each by
	 * run_site(). */
	void (*sites)(Ctx *c, const IrFunc *fn, int bi, int i);
	/* Starts the sites of the function itself (its parameters), before
	 * those of its calls; NULL: none. */
	void (*fn_sites)(Ctx *c, const IrFunc *fn);
	/* A call; is_site: it is the site's own.  False when the path ends
	 * there (engine_returns() says what the packs and the unit say). */
	bool (*call)(Ctx *c, Site *site, State *s, const IrEvent *e, bool is_site);
	void (*assign)(Ctx *c, Site *site, State *s, const IrEvent *e);
	void (*kill)(Ctx *c, Site *site, State *s, const IrEvent *e);
	void (*use)(Ctx *c, Site *site, State *s, const IrEvent *e);
	/* One edge of a branch (taken: the true edge), test being what holds
	 * on it when cond->known; false if the edge cannot be taken in s. */
	bool (*edge)(Ctx *c, Site *site, State *s, const Cond *cond, Pred test, bool taken);
	/* The path leaves the function (return, exit, longjmp). */
	void (*exit)(Ctx *c, Site *site, State *s, const IrBlock *b);
	/* Fills in what the protocol knows of a violation being raised;
	 * false drops it (a kind the protocol does not report). */
	bool (*raise)(const Site *site, const State *s, Violation *v);
	/* At flush: is the pending violation v to be reported? NULL: all are. */
	bool (*keep)(const Site *site, const Violation *v);
	/* Or the whole flush: hands Site.pending to c->cb itself. */
	void (*flush)(Ctx *c, Site *site);
	/* May the walk stop at state s?  NULL: never.  The core asks only in
	 * a reported run, and stops only where the site cannot run again and,
	 * for SETTLE_IF_DEAD, where no variable of s is read again. */
	Settle (*settled)(const Site *site, const State *s);
	/* Its transfer functions do not look at the site while nothing is
	 * acquired (TS_UNACQ), so the sites of a function can start where
	 * paths enter their block's component, from one walk of the paths
	 * before them (plan.h), instead of each walking from the entry; and
	 * its site starts afresh from any state settled() accepts, keeping
	 * only the flags, so such a state that may still meet the site again
	 * is taken for one that never met it. */
	bool shared_prefix;
} Protocol;

extern const Protocol ownership_protocol;
extern const Protocol bracket_protocol;
extern const Protocol txn_protocol;

/* What one run over a function is tracking. */
struct Site {
	const Protocol *proto;       /* NULL: the built-in ownership protocols */
	void *pdata;                 /* the protocol's own data about the site */
	const IrFunc *fn;
	int block, ev;               /* the acquiring call; -1 for a parameter */
	const RuleAcquire *acq;
	const char *acquirer;
	Loc loc;
	Pred fails;                  /* on an alias: nothing acquired */
	Pred success;                /* on a status variable: acquired */
	bool quiet;                  /* summary run: collect exits, report nothing */
	Plan *live_plan;             /* of fn, for its flags' liveness (run_fixpoint()) */
	bool prefix;                 /* the function's prefix walk (quiet, not a
	                              * summary: no QUIET_SHARE bound) */
	bool homed;                  /* summary run: the handle starts at home, */
	Access home;                 /* the caller's place (p->f): there at an
	                              * exit it is not handed over */
	bool member;                 /* param, held in a member of its object */
	bool want_wrap;              /* summary run of a wrapper: note what the
	                              * paths without the handle return: */
	bool fail_self, fail_other;  /* the failed handle itself; something
	                              * else than NULL */
	bool want_member;            /* summary run: note exits in a member of
	                              * a parameter's object (exit_member) */
	bool param;                  /* a handle the caller passed in: its release
	                              * and uses here, never a leak */
	int flag_var[MAX_FLAGS];      /* a variable; for a member flag its root */
	Access flag_acc[MAX_FLAGS];   /* a member flag (p->f): its access; a
	                              * plain one for a variable's flag */
	const char *flag_str[MAX_FLAGS]; /* a member flag through a chain
	                              * (p->q->f, flag_acc deep): its spelling */
	uint16_t flag_step;           /* bit i: flag i follows x++ and x += k
	                              * (a counter tested against constants,
	                              * `if (!found++)`); other flags forget */
	uint16_t flag_private;        /* bit i: member flag i is in an object
	                              * no call but those given it can reach */
	uint16_t flag_pure;           /* bit i: flag i is the value of a call of
	                              * a pure function (the packs' `pure`) made
	                              * more than once with the same arguments:
	                              * pure_call[i] the first, flag_var[i] its
	                              * result; each such call's result is the
	                              * flag (pure_of) until an argument may
	                              * change (forget_pure) */
	const IrEvent *pure_call[MAX_FLAGS];
	const int8_t *pure_of;        /* per variable: 1 + the flag of the pure
	                              * call whose result it is; NULL: none */
	int nflags;
	const int8_t *slot_of;       /* during the walk, per variable: its
	                              * flag_slot(), -1 none (NULL: search) */
	uint16_t member_slots;       /* with slot_of: the member flags' bits, */
	uint16_t global_slots;       /* the globals' (and members of them), */
	uint16_t confined_slots;     /* those of confined statics (not g->f) */
	bool flags_cut;              /* more candidates than MAX_FLAGS */
	/* summary results */
	bool exit_released, exit_owned, exit_escaped;
	bool exit_member;            /* summary run: left in a member of a
	                              * parameter's object (member_at) ... */
	bool member_mixed;           /* ... or several different ones (what
	                              * those exits return: ret_sign[1]) */
	Access member_at;
	bool overwrote;              /* summary run: its home place was
	                              * overwritten while it may hold a handle */
	bool exit_dangling;          /* summary run: released, and its home
	                              * place still names it at an exit */
	bool widened;                /* flag values were forgotten to bound states */
	uint16_t flag_keep;          /* flags set to a constant in the site's
	                              * block (`fout = PageOutput(...); is_pager
	                              * = true;`) and its guard: forgotten last */
	uint16_t flag_use;           /* when flag_masked: the flags whose tests
	                              * can decide something of the handle's
	                              * (site_flag_use()); the walk forgets the
	                              * others, so paths that differ only there
	                              * are one */
	bool flag_masked;
	/* with flag_masked: the blocks that concern the handle (its
	 * variables', the kept flags', the ends); a branch whose edges meet
	 * again before any of them gets no step on the path (steps_here()):
	 * step_memo per block 0 not asked, 1 a step, 2 none */
	const uint64_t *step_rel;
	uint8_t *step_memo;
	long step_budget;
	bool exit_returned;          /* returned to the caller while owned */
	uint8_t settle;              /* a parameter's summary run (summary.c:
	                              * run_summary_site()): SETTLE_QUIET, its
	                              * paths stop once nothing they could still
	                              * do changes what it says (quiet_settled());
	                              * | SETTLE_SIGNS, what its returns give
	                              * counts (Pred *when) */
	uint8_t ret_sign[3];         /* the signs (value_sign()) of what its
	                              * returns gave when they left it [0] taken
	                              * (released, escaped), [1] held (in a
	                              * member, for want_member), [2] failed */
	bool bounded;
	/* the sign contract (own_flush()): the signs of the returns where
	 * this function released the handle itself, and of those where a
	 * place the caller reaches holds it; the latter held back, each with
	 * its sign, until the walk says which sign means failure */
	uint8_t rel_signs, held_signs;
	Loc rel_exit[3];             /* a return of each sign after a release */
	VEC(Violation) held_exits;
	VEC(uint8_t) held_exit_sign;
	VEC(int) held_exit_block;
	/* one report per place, held back until the site is done */
	VEC(Loc) reported;
	VEC(Violation) pending;
	VEC(int) pending_block;
	int loop;                    /* innermost loop around the site: index+1 */
	Loc late_release;            /* a release outside that loop */
	int cur_block;               /* block being run */
	/* transactions */
	bool txn;                    /* following a transaction, not a handle */
	const RuleSql *sql;          /* the begin statement's runner, or NULL */
	Pred status_pred;            /* what a status read says on success */
	bool exit_closed;            /* some exit had it committed/rolled back */
	TermKind exit_how;
	bool to_thread;              /* the violation being raised is a hand-off */
	const char *use_view;        /* ... is a use of this view (its variable) */
	const char *use_view_by;     /* ... which this function returned */
	const RuleKind *released_as;
};

/* How a value refers to the tracked handle. */
typedef enum Match {
	M_NONE,
	M_DIRECT,        /* the value is the handle */
	M_ADDR,          /* the address of a variable holding it */
	M_INSIDE,        /* a struct holding it, or its address */
} Match;

/* ---- state.c: the abstract state ---------------------------------------- */

/* The same access: variable, member, and how it is reached.  Inline: the
 * walk asks it at every event. */
/* Two member names, interned or not (a pack's against the IR's); NULL
 * equals nothing. */
static inline bool
member_same(const char *a, const char *b)
{
	return a && b && (a == b || strcmp(a, b) == 0);
}

static inline bool
acc_same(Access a, Access b)
{
	return a.var == b.var && a.field == b.field && a.deref == b.deref &&
	       a.index == b.index && a.deep == b.deep && a.path == b.path;
}
/* The same but perhaps for the spelling of a longer path: o->a->f and
 * o->b->f, c->conns[0] and c->conns[1]. */
static inline bool
acc_same_shape(Access a, Access b)
{
	a.path = b.path;
	return acc_same(a, b);
}
bool state_eq(const State *a, const State *b);
uint32_t state_hash(const State *s);         /* equal states, equal hashes */
bool state_live(const State *s);
bool alias_add(State *s, Access a);
void alias_del_at(State *s, int i);
void status_add(State *s, int var, int kind);
int status_has(const State *s, int var);
void status_del(State *s, int var);
int flag_slot(const Site *site, int var);
int flag_slot_acc(const Site *site, Access a);
int flag_slot_spelt(const Site *site, Access a, const char *str);
/* A plain variable: no member, no dereference, no element. */
static inline bool
acc_plain(Access a)
{
	return !a.field && !a.deref && !a.index && !a.deep;
}
bool fn_var_named(const IrFunc *fn, Access a);
enum { PLACE_IN = 1, PLACE_BEYOND = 2 };
int place_under(const IrFunc *fn, Access a, Access st, bool pointee);
Match match_value(const State *s, const IrFunc *fn, Value v);
bool is_alias(const State *s, Access a);
void view_add(State *s, Access a, const char *by);
void view_del_var(State *s, int var, bool all);
void view_del_acc(State *s, Access a);
int view_match(const State *s, Value v);

/* ---- summary.c: rule look-up and function summaries ---------------------- */

const RuleFn *engine_lookup(Ctx *c, const char *name);
bool by_glob(const RuleFn *r, const char *name);
void bind_macros(Ctx *c);
void null_releases(Ctx *c, const IrFunc *fn);
int fn_index(Ctx *c, const char *name);      /* ir_func_index(), by a hash table */
bool in_loop(const IrFunc *fn, int b, int loop);
bool never_returns(Ctx *c, const char *name);
bool never_returns_if(Ctx *c, const char *name, int param, Pred known);
const uint8_t *params_written(Ctx *c, const IrFunc *fn);
SummaryEffect run_summary(Ctx *c, const IrFunc *fn, Access a, bool txn, Pred *when);
SummaryEffect summarize(Ctx *c, const IrFunc *fn, int param, bool deref);
SummaryEffect summarize_when(Ctx *c, const IrFunc *fn, int param, bool deref, Pred *when);
uint8_t value_sign(const Site *site, const State *s, Value v);
bool sign_split(uint8_t yes, uint8_t no, Pred *p);
SummaryEffect summarize_field(Ctx *c, const IrFunc *fn, int param, const char *field);
SummaryEffect summarize_path(Ctx *c, const IrFunc *fn, int param, const IrFunc *from, Access at,
			     bool *resets);
SummaryEffect summarize_key(Ctx *c, const IrFunc *fn, int param, const char *key, bool *resets);
bool field_resets(Ctx *c, const IrFunc *fn, int param, const char *field);
SummaryEffect summarize_place(Ctx *c, const IrFunc *fn, Access a, bool *resets,
			      bool *overwrites);
bool field_overwrites(Ctx *c, const IrFunc *fn, int param, const char *field);
const RuleAcquire *member_acquirer(Ctx *c, const char *name);
SummaryEffect summarize_txn(Ctx *c, const IrFunc *fn, int param);
bool fn_cleans_members(Ctx *c, const IrFunc *fn);
/* Openers and closers of one driver table that lose what is opened
 * (ownership.c): reported after the unit's functions. */
void driver_tables(Ctx *c);
/* member_untouched()'s how: MU_STRICT, no callee may store over the
 * member; MU_FREED, the object itself may go to a release of the packs
 * (`free(p)`: the member is forgotten with it, not touched). */
enum { MU_STRICT = 1, MU_FREED = 2 };
bool member_untouched(Ctx *c, const IrFunc *fn, int param, const char *field, int how);
typedef VEC(const char *) Names;
bool named_members(Ctx *c, const IrFunc *fn, int param, Names *out);
const RuleAcquire *acquires(Ctx *c, const IrEvent *e, const RuleFn *r);
bool arg_may_escape(Ctx *c, const IrEvent *e, int i);
const RuleAcquire *wrapper(Ctx *c, const char *name);
/* A function another unit of the program defines (progsum.h), when the
 * unit does not define name: its summary, or NULL. */
/* Pass 1: the unit's external functions and its callees, as progsum.h's
 * text. */
void export_summaries(Ctx *c, FILE *out);
/* Frees the plans summaries' walks made (Ctx.fplans): after each function
 * analysed or summarised, so that a unit holds those of one at a time. */
void drop_plans(Ctx *c);
/* Does a call of the unit go where another unit may be (what makes the
 * `c` and `v` lines of export_summaries())? */
bool unit_calls_out(Ctx *c);
/* engine_program_changes() on c (its table: the new one). */
void program_changes(Ctx *c, const ProgSnap *before, const char *answers, bool *changed);
/* ---- answers.c: what the walks asked the program's table ------------------- */

typedef struct Answers Answers;
typedef VEC(const char *) NameSet;

/* The decision that question (kind, name, arg, flags, aux) gets from table
 * t (NULL: none, the unit alone); answers.c lists the kinds. */
uint64_t answer_of(const struct ProgSums *t, char kind, const char *name, int arg, int flags,
		   const char *aux);
/* The same from c's table, kept in c->answers: every read of the table
 * goes through these.  ask_fn() is for the kinds whose reader needs the
 * summary itself ('m', 'w', 'r'): it returns it (NULL: none). */
uint64_t ask(Ctx *c, char kind, const char *name, int arg, int flags, const char *aux);
const ProgFn *ask_fn(Ctx *c, char kind, const char *name);
/* Where a question's member path may be made, outside the walk's arena:
 * NULL when the answers are not kept. */
Arena *answers_arena(Ctx *c);
/* The unit's calls through members, which progsum_resolve_calls() made
 * calls of the function the table puts there, or left: 'v' questions. */
void ask_members(Ctx *c);
/* fn_is_entry() said `is` of the function qualified so (entry.h). */
void asked_entry(Ctx *c, const char *qualified, bool is);
Answers *answers_new(void);
void answers_free(Answers *as);
/* The kept questions as text (answers.c), allocated; NULL when one could
 * not be written. */
char *answers_text(const Answers *as);
/* Does t answer every question of text as text says? */
bool answers_hold(const char *text, const struct ProgSums *t);
/* The names (into *names) and the qualified entries (into *entries,
 * 'y') of the questions of text that c's table answers otherwise, in
 * c->sum_arena; those it answers the same are kept in c->answers (the
 * lines written again asked them); false if text is not answers'. */
bool answers_changed(Ctx *c, const char *text, NameSet *names, NameSet *entries);
/* Some questions as were asked are not known (lines written again from a
 * text without answers): as says nothing (answers_text() NULL). */
void answers_lost(Answers *as);
/* ownership.c: the 'e' question's decision (an Effect). */
uint64_t own_prog_answer(const ProgFn *pf, int i, int flags, const char *aux);

/* A summary's letter ('r', 'b', 'k') as an effect. */
SummaryEffect prog_effect(char letter);
/* What such a function does to param->field (one level): SUM_KEEPS for a
 * member its summary does not name. */
SummaryEffect prog_field(const ProgFn *pf, int param, const char *field);

/* ---- retrange.c: what a function returns ----------------------------------- */

/* A predicate every value the function returns satisfies (OP_NONE:
 * nothing known): a function of the unit, or of another (progsum.h). */
Pred return_range(Ctx *c, const char *name);

/* ---- engine.c: the core, for protocols and summaries ---------------------- */

void run_site(Ctx *c, Site *site, const State *init);
void violate(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how);
/* violate() in two steps: the violation as it would be raised (false: it
 * would not be), and its report, once per place of the site (block: the
 * block it was raised in, for own_flush()'s rounds of a loop). */
bool violation_make(Ctx *c, Site *site, State *s, ViolKind kind, Loc where, const char *how,
		    Violation *out);
void violation_push(Ctx *c, Site *site, const Violation *v, int block);
bool lowered_exit(const IrBlock *b, const IrEvent *e);
bool engine_returns(Ctx *c, const IrBlock *b, const IrEvent *e);

/* ---- ownership.c: acquired handles ---------------------------------------- */

void site_init(Site *site, const IrFunc *fn, int bi, int i, const RuleAcquire *a);
/* its transfer functions, for protocols built on its aliases (txn.c) */
void own_assign(Ctx *c, Site *site, State *s, const IrEvent *e);
void own_kill(Ctx *c, Site *site, State *s, const IrEvent *e);
void own_use(Ctx *c, Site *site, State *s, const IrEvent *e);
bool refine_handle(Site *site, State *s, const Cond *cond, Pred test);
/* May call e reach name, a confined static of the unit (IrVar.confined):
 * a function of the unit that touches it (writes: stores into it or
 * through it), or one of elsewhere that can call back into such a
 * function? */
bool confined_reached(Ctx *c, const IrEvent *e, const char *name, bool writes);
/* Does no code of the unit let what name, a confined static pointer,
 * points to be reached but through name? */
bool confined_pointee_kept(Ctx *c, const char *name);
bool exit_seen(Site *site, State *s, const IrBlock *b);
TermKind call_end(Ctx *c, const Site *site, const State *s, const IrEvent *e, const RuleFn *r);
bool ends_process(Ctx *c, const IrFunc *fn, TermKind how);
bool fn_is_entry(Ctx *c, const IrFunc *fn);

/* ---- handoff.c: thread hand-off, on top of ownership -------------------- */

bool handoff_active(const State *s);
bool handoff_owns(const State *s);
void handoff_call(Ctx *c, Site *site, State *s, const IrEvent *e, const RuleFn *r);
bool handoff_release(Ctx *c, Site *site, State *s, const IrEvent *e);
void handoff_assign(State *s, const IrEvent *e);
void handoff_kill(State *s, int var);
bool handoff_edge(State *s, const Cond *cond, Pred test);
const Step *add_step(Ctx *c, State *s, Loc loc, const char *text);

#endif
