/* SPDX-License-Identifier: MIT */
/*
 * lsp: closecheck as a Language Server over stdio (JSON-RPC 2.0 with
 * Content-Length framing, every message built and read with jansson).
 *
 * Supports initialize/initialized, shutdown/exit, and full-text document
 * sync: didOpen and didSave analyse the document (its flags from the nearest
 * compile database above it, or initializationOptions.fallbackFlags, and the
 * editor's unsaved text) and publish its diagnostics with the path as
 * relatedInformation; didChange stores the text; didClose clears them.
 * Malformed input gets JSON-RPC errors; the server never exits on it.
 */
#ifndef CLOSECHECK_LSP_H
#define CLOSECHECK_LSP_H

#include <stdio.h>
#include "rules.h"

/* Serves until 'exit' or end of input: 0 after a shutdown, 1 otherwise. */
int lsp_main(const Rules *rules, FILE *in, FILE *out);

#endif
