/* SPDX-License-Identifier: MIT */
/*
 * consts: the values the unit declares constant (consts.c says which), so
 * that the lowering folds the conditions that test them.  Front end only.
 * An FeConsts remembers, for one unit, the answers given and the statics
 * the unit writes; frontend.c makes one per unit (FeUnit.consts) and frees
 * it with the unit's parse.
 */
#ifndef CLOSECHECK_CONSTS_H
#define CLOSECHECK_CONSTS_H

#include <stdbool.h>
#include "lower.h"

FeConsts *consts_new(void);
void consts_free(FeConsts *k);

/* The value decl (a variable or an enum constant) holds wherever it is
 * read; false if it is not a constant of the unit.  depth: 0. */
bool consts_var(const FeUnit *x, CXCursor decl, long long *out, int depth);

/* Is decl a static of the unit (file scope or a function's), not an
 * array, whose address no code of the unit takes (&v, &v.f, inline asm)?
 * Then only the unit's functions reach it (IrVar.confined). */
bool consts_confined(const FeUnit *x, CXCursor decl);

/* The value every return of the unit's function fn gives; false if they
 * differ, one is not constant, or the unit does not define fn. */
bool consts_call(const FeUnit *x, CXCursor fn, long long *out);

#endif
