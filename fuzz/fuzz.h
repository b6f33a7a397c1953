/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h: what the libFuzzer targets of fuzz/ share.  Each target is one
 * fuzz_*.c with LLVMFuzzerTestOneInput() feeding its input to one reader of
 * untrusted input; fuzz/README.md says how to build and run them.
 *
 * fuzz_text() gives the input as a NUL-terminated string (the readers take
 * text); fuzz_file() writes it to a file in a folder of this process's own
 * (removed at exit), for the readers that only read files.  Messages go to
 * a Diag with no stream: formatted and counted, never printed.
 */
#ifndef CLOSECHECK_FUZZ_H
#define CLOSECHECK_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "rules.h"

/* The input with a NUL after it; free() it. */
char *fuzz_text(const uint8_t *data, size_t size);

/* Writes the input to NAME in the process's fuzz folder; its path
 * (static storage, valid until the next call). */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);

/* The process's fuzz folder, made on first use. */
const char *fuzz_dir(void);

/* A Diag that counts and keeps errors but prints nothing: diag_release() it. */
void fuzz_diag(Diag *d);

/* The packs of the folder packs (the shipped ones: RULES_DIR), loaded;
 * exits with a message naming who when one has an error. */
Rules *fuzz_rules(const char *packs, const char *who);

#endif
