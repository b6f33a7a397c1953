/* SPDX-License-Identifier: MIT */
/*
 * compdb: finding and checking compile_commands.json before libclang reads
 * it.  libclang interprets the database (shell-splitting "command",
 * relative paths); this module makes sure a user never sees libclang's raw
 * "LIBCLANG TOOLING ERROR" text: a database that is not there, is not JSON
 * (reported at its line:column) or lacks a key is reported here, in words.
 */
#ifndef CLOSECHECK_COMPDB_H
#define CLOSECHECK_COMPDB_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"

/* -p ARG: a folder holding compile_commands.json, or that file itself.
 * Writes the folder to dir (n bytes); -1 after reporting when ARG is
 * neither. */
int compdb_dir(const char *arg, char *dir, size_t n, Diag *d);

/* Reads DIR/compile_commands.json with jansson and checks what libclang
 * needs: an array of objects, each with "directory" and "file" strings
 * and "arguments" (strings) or "command".  0, or -1 after reporting. */
int compdb_validate(const char *dir, Diag *d);

/* The folders searched for a database, from file's folder up: each
 * folder, and its build/, builddir/, _build/, out/ and cmake-build-*
 * folders.  Calls found(dir, ctx) for each folder holding a readable
 * compile_commands.json, nearest first, until it returns true; returns
 * whether one did. */
bool compdb_search(const char *file, bool (*found)(const char *dir, void *ctx), void *ctx);

/* Words for the note when no database was found. */
#define COMPDB_SEARCHED "compile_commands.json in its folder and the folders above, " \
	"and in their build/, builddir/, _build/, out/ and cmake-build-*/"

#endif
