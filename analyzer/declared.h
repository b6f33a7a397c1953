/* SPDX-License-Identifier: MIT */
/*
 * declared: the rule table of one unit as the engine asks it: the packs
 * first, then what the code's own declarations say (IrUnit.annots, read by
 * attrs.c: GCC's malloc(dealloc, i), Clang's ownership_returns / _takes /
 * _holds, closecheck's annotate("closecheck::...")).  Declarations become
 * rule entries here, in the rules module's terms, so the engine knows one
 * look-up and no attribute.  A DeclaredRules owns the entries it makes (its
 * own arena); entries are made on first look-up and kept for the unit.
 */
#ifndef CLOSECHECK_DECLARED_H
#define CLOSECHECK_DECLARED_H

#include "ir.h"
#include "rules.h"

typedef struct DeclaredRules DeclaredRules;

DeclaredRules *declared_rules_new(const Rules *r, const IrUnit *u);
void declared_rules_free(DeclaredRules *d);
/* The entry for a call of name: the packs' if any, else the one its
 * declarations make (pack "(declared in the code)"), else NULL. */
const RuleFn *declared_rules_lookup(DeclaredRules *d, const char *name);

#endif
