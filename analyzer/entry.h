/* SPDX-License-Identifier: MIT */
/*
 * entry: the functions of the program whose return ends the process, as a
 * return from main does.  A command-line tool often has one main that
 * picks a command from a table and exits with what the command returns:
 *
 *     static struct cmd_struct commands[] = { { "add", cmd_add }, ... };
 *     status = p->fn(argc, argv);          (in run_builtin)
 *     ...
 *     exit(run_builtin(p, argc, argv));    (its only call)
 *
 * What cmd_add still holds when it returns is held until the process ends
 * a few statements later: not worth a finding by default, like what main
 * holds at its return (item 7 of the ownership issue; --report-at-exit
 * reports it).  Such a function is an "entry" of the program.
 *
 * A call site is a status call when the call's result is the process's
 * exit status and nothing after it can run for long: the value (or a
 * copy, or the result of a call it is passed to: `exit(common_exit(r))`)
 * reaches exit() or a return on some path, every path after the call
 * ends the process (exit(), a noreturn call) or returns from the caller,
 * and none goes round a loop (the call may be inside a loop that looks
 * the command up, when every path after it leaves the loop).  It is 'E'
 * when every path ends the process, 'R' when some path returns (then it
 * counts only if the caller is an entry).  A function is an entry when
 * it is called at all and every use of it is a status call of an entry
 * or 'E': its direct calls, and, when it is put into a struct member (a
 * driver table), every call through that member anywhere in the program.
 * Any other use (called to go on, its address passed or stored
 * elsewhere) keeps it an ordinary function.  main is an entry, but its
 * own calls are its work, not a dispatch: a tool (or a test driver) whose
 * main returns or exits with what process() returns keeps process()'s
 * leaks reported; entries come from a dispatcher other than main (git's
 * handle_builtin() and run_builtin()).  The solution is the least one:
 * recursion makes no entry.
 *
 * A unit says its part as facts (EntryFact), names qualified so that the
 * program can join them: a static function is NAME#HASH, HASH the unit's
 * main file's (entry_qualify()); a member is m and a hash of its USR.
 * In the program's summaries text (progsum.h) they are lines:
 *
 *   s CALLEE CALLER E|R     a status call
 *   o NAME                  a use of NAME that is not
 *   t MEMBER NAME           NAME put into MEMBER
 *   v MEMBER CALLER E|R|O   a call through MEMBER (O: not a status call)
 *
 * and, to keep the text short, a unit's `c NAME` line (a callee it does
 * not define) stands for an `o NAME` unless the unit has an `s NAME`
 * line: then it writes its other uses of NAME as `o` lines itself.
 *
 * Nothing here sees libclang: the facts come from the IR (IrEvent.via,
 * IrUnit.fnrefs), so engine tests build them by hand.
 */
#ifndef CLOSECHECK_ENTRY_H
#define CLOSECHECK_ENTRY_H

#include <stdbool.h>
#include <stdio.h>
#include "ir.h"
#include "mem.h"

typedef struct EntryFact {
	char kind;               /* 's', 'o', 't', 'v' */
	const char *name;        /* s, o, t: the function, qualified */
	const char *member;      /* t, v */
	const char *caller;      /* s, v: qualified */
	char how;                /* s: 'E' or 'R'; v: 'E', 'R' or 'O' */
} EntryFact;

typedef VEC(EntryFact) EntryFacts;

/* A member's USR as the facts name it (in a). */
const char *entry_member(Arena *a, const char *usr);
/* name as the facts of unit u name it: NAME#HASH when is_static (in a). */
const char *entry_qualify(Arena *a, const IrUnit *u, const char *name, bool is_static);

/* The facts of u (strings in a).  known(ctx, name): the rule table knows
 * the callee (a library function: no fact). */
void entry_facts(const IrUnit *u, bool (*known)(void *ctx, const char *name), void *ctx,
		 Arena *a, EntryFacts *out);

/* The facts as lines of the summaries text, with the `c` shortening
 * above: callees(ctx2, name) says whether the unit writes `c name`. */
void entry_write(const EntryFacts *f, bool (*callee_line)(void *ctx, const char *name),
		 void *ctx, FILE *out);

/* Which functions are entries, from the facts of every unit (or one):
 * the sorted qualified names, in a. */
typedef struct EntrySet {
	const char **names;
	int n;
} EntrySet;

void entry_solve(const EntryFact *f, int n, Arena *a, EntrySet *out);
bool entry_is(const EntrySet *s, const char *qualified);

#endif
