/* SPDX-License-Identifier: MIT */
/*
 * attrs: what a function's or a variable's declaration says, for the
 * lowering (front end only: it reads libclang's attribute cursors).
 *
 * Ownership declared in the code becomes IrUnit.annots, once per function
 * name: GCC __attribute__((malloc(dealloc[, i]))) (acquires; dealloc
 * releases argument i), Clang ownership_returns / ownership_takes /
 * ownership_holds, and __attribute__((annotate("closecheck::acquire(KIND)")))
 * with release(KIND, ARG), keep(ARG) and borrow.  The rules side turns them
 * into rule entries; the packs win where both speak.
 */
#ifndef CLOSECHECK_ATTRS_H
#define CLOSECHECK_ATTRS_H

#include <stdbool.h>
#include "lower.h"

/* Records the ownership attributes of the function fn (named name). */
void attrs_read(const FeUnit *x, CXCursor fn, const char *name);

/* Noreturn by declaration: a GNU attribute (part of the function type), or
 * C11 _Noreturn / [[noreturn]] / a project's macro for them. */
bool attrs_noreturn(const FeUnit *x, CXCursor fn);

/* The function of decl's __attribute__((cleanup(fn))), interned; NULL if
 * none. */
const char *attrs_cleanup(const FeUnit *x, CXCursor decl);

#endif
