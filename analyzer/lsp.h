/* SPDX-License-Identifier: MIT */
/*
 * lsp: closecheck as a Language Server over stdio (JSON-RPC 2.0 with
 * Content-Length framing; every message is read and built with jansson).
 *
 * Supported: initialize/initialized, shutdown/exit, and full-text document
 * sync.  didOpen and didSave analyse the document -- the editor's text, as a
 * libclang unsaved file (every open document's text is used) -- and publish
 * its diagnostics: findings (code = the check, the path as
 * relatedInformation) and parse errors.  didChange stores the text and
 * analyses it once no other change came for initializationOptions.
 * debounceMs (default 300); didClose publishes an empty list.  A header is
 * analysed through a unit that includes it (incmap.h), with the header's
 * text, and only the diagnostics located in it are published.  Nothing
 * else (no hover, no code actions).
 *
 * A document's flags come from, in order: initializationOptions.
 * compilationDatabase (a directory), the nearest compile_commands.json above
 * the file (DIR/ or DIR/build/, as on the command line), the workspace
 * roots' (rootUri, rootPath, workspaceFolders); else initializationOptions.
 * fallbackFlags, run from the root holding the file (or its directory).
 * What is done with a document's unit is the command line's pipeline
 * (pipeline.h), with the options given with --lsp: the nearest
 * .closecheck.yaml (or --config) applies (checks, severity, exclude, extra
 * packs, flags), and so do --checks, --warnings-as-errors, --extra-arg,
 * --removed-arg, --rules, --no-suppress, --baseline and '// closecheck:
 * ignore' comments (in the editors' texts, by the command line's rules).
 * Configurations are read again for every analysis; packs are loaded
 * again when one changed on disk.
 *
 * Malformed input gets JSON-RPC errors (-32700 parse error, -32600 invalid
 * request, -32601 method not found, -32002 before initialize) and the server
 * goes on.  Only protocol messages go to out; with CLOSECHECK_LSP_LOG set in
 * the environment, a trace goes to stderr.
 */
#ifndef CLOSECHECK_LSP_H
#define CLOSECHECK_LSP_H

#include <stdio.h>
#include "pipeline.h"

/* Serves until 'exit' or the end of input: 0 if 'shutdown' came first, else
 * 1.  Every analysis goes through pl, made from the command line's options
 * (pipeline.h): it is refreshed before each one. */
int lsp_main(Pipeline *pl, FILE *in, FILE *out);

/* What replaces the analysis of a document, for driving the reader and the
 * dispatcher from a buffer (fuzz/fuzz_lsp.c): analyse() is handed the
 * document's path and text; the messages it reports through d and the
 * findings it adds to fs are published as the document's diagnostics, as
 * the pipeline's would be.  No libclang index is made, no include map
 * opened, pl is not used (it may be NULL).  With instant, a didChange is
 * analysed before the next message is read (no quiet time: in may be a
 * stream poll() cannot wait on, such as fmemopen()'s). */
typedef struct LspHooks {
	void (*analyse)(void *ctx, const char *path, const char *text, FindingSet *fs,
			Diag *d);
	void *ctx;
	bool instant;
} LspHooks;

/* lsp_main() with hooks (NULL: lsp_main() itself). */
int lsp_serve(Pipeline *pl, FILE *in, FILE *out, const LspHooks *hooks);

#endif
