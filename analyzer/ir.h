/* SPDX-License-Identifier: MIT */
/*
 * ir: the small control-flow-graph IR that the front end lowers every
 * function body to.  Nothing after the front end sees libclang: the engine,
 * the checks and the tests work on this IR alone, and tests build it by hand
 * with the ir_* builder functions below.
 *
 * A function is a list of variables and a list of basic blocks; block 0 is
 * the entry.  A block holds events (calls, assignments, temporaries dying)
 * and ends in one terminator: goto, two-way branch on an atomic condition,
 * return, or a path end that is not a return (exit(), abort(), longjmp()).
 * Short-circuit operators, ?:, switch and loops are all lowered into blocks,
 * so a condition is always one comparison of a variable with a constant, or
 * unknown.
 *
 * Values name storage by access paths rooted at one variable: v, v.f, v->f,
 * *v, v[i].  Longer paths keep their root and last member, are marked
 * `deep`, and carry their whole spelling (Access.path) when it names one
 * place.
 * Every call's result goes to a fresh temporary (VAR_TEMP); the front end
 * emits EV_KILL for the temporaries of a full expression when it ends, so a
 * handle that only a temporary held is visibly dropped there.
 *
 * Ownership: an IrUnit owns an Arena; every function, block, event and string
 * of the unit is allocated from it and dies with ir_unit_free().
 */
#ifndef CLOSECHECK_IR_H
#define CLOSECHECK_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "mem.h"
#include "pred.h"

typedef struct Loc {
	const char *file;        /* interned; NULL = unknown */
	int line, col;
} Loc;

typedef enum VarKind { VAR_LOCAL, VAR_PARAM, VAR_GLOBAL, VAR_TEMP } VarKind;

/* What a parameter's type is once its typedefs are seen through (IrVar
 * .shape, and .pshape for what a pointer points to): the front end says;
 * a hand-written unit leaves SHAPE_UNKNOWN and the engine reads the
 * spelling instead. */
typedef enum TypeShape {
	SHAPE_UNKNOWN,
	SHAPE_BARE,              /* char, _Bool, float, double: never a handle */
	SHAPE_INT,               /* another integer or an enum */
	SHAPE_RECORD,            /* struct or union */
	SHAPE_POINTER,
	SHAPE_VOID,
	SHAPE_FUNC,
	SHAPE_OTHER,
} TypeShape;

typedef struct IrVar {
	const char *name;        /* "res"; temporaries "%t3" */
	VarKind kind;
	bool is_pointer;         /* pointer type */
	bool is_scalar;          /* integer, enum, bool or pointer */
	bool is_aggregate;       /* struct, union or array held in the variable */
	uint8_t shape, pshape;   /* parameters: TypeShape of the type and of
	                          * what it points to; a call's result (its
	                          * temporary): shape of its type
	                          * (SHAPE_UNKNOWN: not said) */
	bool confined;           /* VAR_GLOBAL: a static of the unit, not an
	                          * array, whose address the unit never takes:
	                          * only its own functions reach it (a function
	                          * elsewhere only by calling back into them) */
	const char *cleanup;     /* __attribute__((cleanup(fn))) or NULL */
	const char *type;        /* spelling of its type, e.g. "PGresult *" */
	const char *tnames;      /* parameters: the names its type goes by,
	                          * typedefs seen through, then those of what it
	                          * points to, '|'-separated ("DbConn|PGconn|
	                          * struct pg_conn" for DbConn *), or NULL */
	Loc loc;                 /* declaration */
} IrVar;

/* Storage reached from a variable. */
typedef struct Access {       /* the pointers first: 24 bytes, not 32 */
	const char *field;       /* interned member name, NULL = none */
	const char *path;        /* deep or indexed: the source's spelling of
	                          * the whole path when it names one place
	                          * ("o->pin->name", "c->conns[0]", "conns[i]"),
	                          * interned, so that two such places compare
	                          * by it; else NULL */
	int var;                 /* index in IrFunc.vars */
	bool deref;              /* through a pointer: *v or v->f */
	bool index;              /* array element: v[i] */
	bool deep;               /* a longer path (a->b->c), kept by its root */
} Access;

typedef enum ValKind {
	VAL_NONE,                /* no value (void, absent) */
	VAL_UNKNOWN,             /* something we do not model */
	VAL_INT,                 /* integer constant (NULL is 0) */
	VAL_STR,                 /* string literal */
	VAL_ACCESS,              /* the value stored at acc */
	VAL_ADDR,                /* &acc */
	VAL_FUNC,                /* a function designator (thread routines) */
	VAL_STEP,                /* the integer at acc (a plain variable) plus
	                          * ival: what `x++`, `x += 2` store in x */
} ValKind;

typedef struct Value {
	ValKind kind;
	Access acc;              /* VAL_ACCESS, VAL_ADDR */
	long long ival;          /* VAL_INT; VAL_STEP: the step */
	const char *str;         /* VAL_STR: literal text (unescaped);
	                          * VAL_FUNC: function name; VAL_ACCESS and
	                          * VAL_ADDR: acc.path */
} Value;

typedef enum EvKind {
	EV_CALL,                 /* dst = callee(args...) */
	EV_ASSIGN,               /* dst = src */
	EV_KILL,                 /* temporary `var` dies */
	EV_USE,                  /* src is dereferenced (read or written through) */
} EvKind;

typedef struct IrEvent {
	EvKind kind;
	Loc loc;
	bool has_dst;
	Access dst;              /* EV_CALL result (a temporary), EV_ASSIGN target */
	Value src;               /* EV_ASSIGN, EV_USE */
	const char *callee;      /* EV_CALL: function name; NULL = indirect call */
	const char *via;         /* an indirect call through a struct member
	                          * (p->fn(...), (*ops.run)()): the member's
	                          * USR ("c:@S@ops@FI@fn"), the same in every
	                          * unit, interned; else NULL */
	const char *macro;       /* EV_CALL written as a macro whose expansion
	                          * made it (`pkg_malloc(n)` expanding to
	                          * `_pkg_root.xmalloc(...)`): the macro's
	                          * name when it differs from callee, interned,
	                          * else NULL.  A pack that names the macro
	                          * names the call (bind_macros(), summary.c). */
	int margc;               /* with macro: the macro's arguments as */
	int *margv;              /* written, each the index of the call's
	                          * argument that is exactly its text (`(p)`
	                          * counts), or -1: pkg_free(p) expanding to
	                          * `xfree(mem_block, (p))` is {1} */
	bool cleanup;            /* EV_CALL made by a cleanup attribute / _Defer */
	int nargs;
	Value *args;             /* EV_CALL */
	/* EV_CALL, bit i: argument i goes to a parameter the callee's
	 * prototype declares as a pointer to const (`const char *`, `const
	 * struct x *`; not `char *const`), so the callee says it only reads
	 * through it.  Direct calls only, the declared parameters only (not
	 * the variadic part), the first 64 arguments, and only arguments that
	 * name storage (VAL_ACCESS, VAL_ADDR).  Dumped as `const ` before
	 * the argument. */
	uint64_t borrowed;
	int var;                 /* EV_KILL */
	const char *text;        /* source text of the call or assignment, or NULL */
} IrEvent;

/* "lhs <op> rhs"; known == false: a condition we cannot read. */
typedef struct Cond {
	bool known;
	bool bare;               /* written as a plain value: `if (p)`, `if (!p)` */
	Access lhs;
	const char *lhs_str;     /* lhs.path */
	CmpOp op;
	long long rhs;
	bool vs_var;             /* known == false: "lhs <op> rhs_acc", two values */
	Access rhs_acc;
	const char *text;        /* the source text of the whole condition */
	Loc loc;
} Cond;

typedef enum TermKind {
	T_NONE,                  /* not yet terminated (builder state only) */
	T_GOTO,                  /* succ[0] */
	T_BRANCH,                /* cond true: succ[0], false: succ[1] */
	T_RETURN,                /* leaves the function, value in ret */
	T_EXIT,                  /* the process ends (exit, abort) */
	T_LONGJMP,               /* leaves the function by longjmp */
} TermKind;

typedef struct IrBlock {
	int id;
	VEC(IrEvent) ev;         /* on the heap (ir_push_event()), freed with
	                          * the unit: doubling in the arena left every
	                          * smaller copy behind */
	TermKind term;
	int succ[2];
	Cond cond;               /* T_BRANCH */
	Value ret;               /* T_RETURN */
	Loc loc;                 /* where the terminator is in the source */
	const char *why;         /* T_BRANCH note text ("while loop") or NULL */
	int loop;                /* innermost loop that contains it: index+1, 0 none */
} IrBlock;

typedef struct IrLoop {
	const char *kind;        /* "for", "while", "do", "goto" */
	Loc loc;
	int head;                /* block tested at each iteration */
	int exit;                /* block reached when the loop ends */
	int parent;              /* enclosing loop index+1, 0 none */
} IrLoop;

typedef struct IrFunc {
	const char *name;
	Loc loc;                 /* of the function's name */
	Loc end;                 /* of its closing brace */
	int nparams;             /* vars 0 .. nparams-1 are the parameters */
	bool returns_pointer;
	bool returns_aggregate;  /* a struct or union, by value */
	bool returns_number;     /* an integer, enum, bool or floating type
	                          * (the front end says; a hand-written unit
	                          * does not) */
	bool analyse;            /* in the user's files: report findings */
	bool is_static;          /* internal linkage: no other unit calls it */
	bool truncated;          /* the front end gave up on part of the body */
	VEC(IrVar) vars;
	VEC(IrBlock *) blocks;   /* blocks.v[0] is the entry */
	VEC(IrLoop) loops;
} IrFunc;

/* What a declaration in the code itself says a function does to handles:
 * GCC's __attribute__((malloc(dealloc, i))), Clang's ownership_returns /
 * ownership_takes / ownership_holds, and closecheck's own
 * __attribute__((annotate("closecheck::acquire(KIND)"))) family. */
typedef enum AnnotRole { AN_ACQUIRE, AN_RELEASE, AN_KEEP, AN_BORROW } AnnotRole;

typedef struct IrAnnot {
	const char *function;
	AnnotRole role;
	const char *kind;        /* interned kind name, NULL for keep/borrow */
	int arg;                 /* AN_RELEASE, AN_KEEP: 0-based argument */
	Loc loc;                 /* of the attribute */
} IrAnnot;

/* A function named other than as the callee of a call: its address put
 * into a struct member (a driver table: `{ "add", cmd_add }`, `ops->run =
 * run`) or taken for anything else (passed, stored, returned).  What the
 * entries of the program (entry.h) need to know of who may call it. */
typedef struct IrFnRef {
	const char *name;        /* interned */
	bool is_static;          /* internal linkage */
	const char *field;       /* the member's USR, or NULL: taken otherwise */
} IrFnRef;

typedef struct IrUnit {
	const char *file;        /* main file of the translation unit */
	Arena arena;
	VEC(IrFunc *) funcs;
	VEC(IrAnnot) annots;
	VEC(IrFnRef) fnrefs;     /* once each, in the order first met */
	/* The user's files the unit includes, directly or not (real paths,
	 * interned; system headers left out), in libclang's order; in the
	 * arena.  What the include map (incmap.h) records. */
	VEC(const char *) includes;
	/* Every file the parse read: the main file and every file included,
	 * system headers too, as libclang opened them (made absolute);
	 * interned, in the arena.  What the result cache (cache.h) checks. */
	VEC(const char *) reads;
	struct InternTab *intern;
} IrUnit;

IrUnit *ir_unit_new(const char *file);
void ir_unit_free(IrUnit *u);
const char *ir_intern(IrUnit *u, const char *s);     /* same text, same pointer */
const char *ir_interned(const IrUnit *u, const char *s); /* the same, NULL if the
                                                     * unit never named it */
int ir_func_index(const IrUnit *u, const char *name); /* in u->funcs, or -1 */
unsigned ir_hash_str(const char *s);                 /* FNV-1a, for tables of names */
IrFunc *ir_func_new(IrUnit *u, const char *name, Loc loc);
IrFunc *ir_unit_find(const IrUnit *u, const char *name);
/* Adds a reference (name, field interned here) unless the unit has it. */
void ir_fnref_add(IrUnit *u, const char *name, bool is_static, const char *field);

int ir_var_add(IrUnit *u, IrFunc *f, const char *name, VarKind kind);
int ir_temp_add(IrUnit *u, IrFunc *f);
int ir_block_new(IrUnit *u, IrFunc *f);
/* Appends e to b's events (every producer of IR adds them so). */
IrEvent *ir_push_event(IrBlock *b, IrEvent e);
IrEvent *ir_emit(IrUnit *u, IrFunc *f, int block, EvKind kind, Loc loc);
IrEvent *ir_emit_call(IrUnit *u, IrFunc *f, int block, Loc loc,
		      const char *callee, int dst_temp, int nargs, const Value *args);
/* b's successors into out (succ[0] first: a branch's true edge); their number. */
int ir_succs(const IrBlock *b, int out[2]);
void ir_goto(IrFunc *f, int from, int to);
void ir_branch(IrFunc *f, int from, Cond cond, int if_true, int if_false);
void ir_return(IrFunc *f, int from, Value v, Loc loc);
void ir_end(IrFunc *f, int from, TermKind how, Loc loc);

Access ir_acc(int var);
Value ir_val_acc(Access a);
Value ir_val_var(int var);
Value ir_val_addr(int var);
Value ir_val_int(long long v);
Value ir_val_unknown(void);
bool ir_acc_eq(Access a, Access b);
/* Does v hold a pointer: its declared type, or for a call's temporary the
 * shape of the call's type (false where the front end did not say)? */
bool ir_var_pointer(const IrVar *v);

/* Human-readable listing, for tests and --dump-ir; irtext.h reads it back
 * (string literals are written with C escapes, one event per line). */
void ir_dump(const IrFunc *f, FILE *out);

#endif
