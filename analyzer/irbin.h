/* SPDX-License-Identifier: MIT */
/*
 * irbin: a translation unit's IR as bytes, complete.  Whole-program runs
 * (analyze.c, progsum.h) lower each unit once, in pass 1, keep its IR in
 * a file of the run's own folder, and give pass 2 that IR instead of a
 * second parse.  The text form (irtext.h) is for people and tests and
 * leaves out columns, files and variable identity; this one leaves out
 * nothing of an IrUnit, so pass 2 sees what a parse would have given.
 *
 * Format: "closecheck-ir 7\n", then integers as LEB128 varints (signed
 * ones zigzag-encoded) and strings through a table: 0 is NULL, an odd
 * number 2k+1 the k-th string already read, an even number 2(n+1) a new
 * string of n bytes that follow (it becomes the next of the table).
 * Every string read back is interned in the new unit (ir_intern()), so
 * equal texts are one pointer, as the front end makes them.
 *
 * irbin_write() writes the unit and the time its parse began (the include
 * map's and the cache's "parsed"); irbin_read() checks every count and
 * index against what it has read and returns NULL, with a reason, for
 * anything it would not have written.  Writing then reading then writing
 * gives the same bytes (test_irbin.c).
 */
#ifndef CLOSECHECK_IRBIN_H
#define CLOSECHECK_IRBIN_H

#include <stddef.h>
#include <stdio.h>
#include "ir.h"

#define IRBIN_MAGIC "closecheck-ir 7\n"

/* 0, or -1 when a write failed. */
int irbin_write(const IrUnit *u, long long parsed, FILE *out);
/* The unit held in buf[n] (its parse's start into *parsed), or NULL with
 * *why set to a static text. */
IrUnit *irbin_read(const unsigned char *buf, size_t n, long long *parsed,
		   const char **why);
/* The same from a file; NULL when it cannot be read either. */
IrUnit *irbin_load(const char *path, long long *parsed, const char **why);
/* Writes to path through a temporary file renamed at the end, so that a
 * reader never sees half of it; 0, or -1 (nothing left behind). */
int irbin_save(const IrUnit *u, long long parsed, const char *path);

#endif
