/* SPDX-License-Identifier: MIT */
/*
 * irtext: the IR as text.  Reads what ir_dump() prints (and --dump-ir
 * shows) back into an IrUnit, so that engine tests are written as small
 * text files (the .ir files in tests/engine/) instead of hand-built
 * graphs, as QBE's .ssa tests are.  Reading a dump and dumping the result gives the same
 * text again (the `irtext-roundtrip` test, on the whole corpus).
 *
 * The dump leaves out what the engine needs for some checks, so the reader
 * also accepts lines ir_dump() never prints (all optional; a dump reads
 * back with their defaults):
 *
 *   func open_db
 *     param const char *info      variables, before the first block: param,
 *     local PGconn *c             local or global, a C type (optional; a
 *     global FILE *logf           trailing '*' makes it a pointer), a name
 *     loop for 12                 a loop (for, while, do, goto) at line 12;
 *     loop while 14 in 1          `in N`: inside loop N (1-based)
 *   b0:
 *     13: %t1 = PQconnectdb(info)
 *     13: c = %t1
 *     14: if c == 0 then b1 else b2
 *   b1: (loop 1)                  the innermost loop of the block (the dump
 *     ...                         prints "(loop)": the last loop declared)
 *     15: return c                a terminator may carry its line
 *
 * `x + 1` or `x - 2` (a plain variable and a constant) is a step of a
 * counter (VAL_STEP: `x++`, `x += 2`).
 * An indirect call through a struct member is `<indirect via "USR">(...)`
 * (IrEvent.via).  A call written as a macro that made it is prefixed
 * with the macro's name, `macro pkg_malloc <indirect via "USR">(n)`
 * (IrEvent.macro).  `ref NAME [static] [via "USR"]`, anywhere in the text
 * (never dumped), names a function otherwise than as a callee: put into
 * that member (a driver table), or with no `via` taken for anything else
 * (IrUnit.fnrefs).
 *
 * An argument written `const p` goes to a pointer-to-const parameter
 * (IrEvent.borrowed); `v[2]` is element 2 of a local array, the member
 * "[2]" (`v[]` any element).  A value's access may be followed by the
 * path as the source spells it, `c[]->conns...{c->conns[1]}` (Value.str).
 *
 * Names not declared are locals, "%t.." temporaries, "<memory>" a global.
 * Parameters come first (the IR's vars 0..nparams-1).  A known condition
 * gets its own text ("c == 0") for the path notes.  Everything is at the
 * line written before ':' in `file` (column 1); `;` starts a comment.
 *
 * What the text cannot say: columns and the file of an event (a header's
 * function reads as if in `file`), a comparison of two variables (read as
 * `?`), and two variables of one name (a shadowing local) become one.
 * None of it changes the dump, so the round trip holds.
 *
 * Errors are reported through Diag as file:line:col of the text and make
 * the reader return NULL; the caller owns the unit (ir_unit_free()).
 */
#ifndef CLOSECHECK_IRTEXT_H
#define CLOSECHECK_IRTEXT_H

#include "diag.h"
#include "ir.h"

/* Reads text (NUL-terminated), naming it `file` in errors and locations. */
IrUnit *irtext_parse(const char *file, const char *text, Diag *d);
/* Reads the file at path. */
IrUnit *irtext_read(const char *path, Diag *d);
/* Every function of u as ir_dump() prints it, in one string to free();
 * NULL if out of memory. */
char *irtext_dump(const IrUnit *u);

#endif
