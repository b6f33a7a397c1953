/* SPDX-License-Identifier: MIT */
/*
 * fuzz_lsp: the input as what an editor writes to `closecheck --lsp`:
 * Content-Length framed JSON-RPC messages (initialize, the didOpen ..
 * didClose of documents, shutdown, exit; or broken headers, lengths past
 * the input, bodies that are not JSON, params of the wrong type).  It is
 * read from an fmemopen() stream by lsp_serve() with hooks (lsp.h): the
 * reader, the dispatcher, the documents' store and the publication of
 * diagnostics run as in the server, but a document's analysis is
 * analyse() below, which reports messages and findings at places taken
 * from the document's own text (lines of any length, columns past their
 * end, bytes that are not UTF-8, other files, the check's documentation
 * link), so the conversion of positions and texts to LSP's is fuzzed too.
 * No libclang parse, no file written.
 *
 * What the server writes is checked: a sequence of messages, each with a
 * Content-Length header that is the length of a body that parses as a
 * JSON object with "jsonrpc": "2.0"; anything else aborts.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "lsp.h"

enum { MAX_PLACES = 12 };        /* findings and messages made per analysis */

/* The text of line i (1-based) of text: *len bytes at the result, NULL
 * past the last line. */
static const char *
line_at(const char *text, int i, size_t *len)
{
	const char *p = text;
	for (; i > 1 && p; i--) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return NULL;
	const char *nl = strchr(p, '\n');
	*len = nl ? (size_t)(nl - p) : strlen(p);
	return p;
}

static void
analyse(void *ctx, const char *path, const char *text, FindingSet *fs, Diag *d)
{
	static const char *const check[] = {"leak", "double-release", "no-such-check"};
	static const char *const sev[] = {"warning", "error", "note"};
	size_t len;
	const char *s;
	for (int i = 1; i <= MAX_PLACES && (s = line_at(text, i, &len)); i++) {
		char msg[80];
		int n = len < sizeof(msg) - 1 ? (int)len : (int)sizeof(msg) - 1;
		memcpy(msg, s, (size_t)n);
		msg[n] = '\0';
		/* a column from the line's first byte: inside it or past its end */
		int col = len ? (unsigned char)s[0] % (int)(len + 3) : i - 1;
		switch (i % 4) {
		case 0:
			diag_error(d, path, i, col, "%s", msg);
			break;
		case 1:
			diag_warning(d, i % 8 == 1 ? "lib/other.h" : NULL, i, col, "%s", msg);
			break;
		default: {
			Note notes[2] = {{{path, i + 1, col + 1}, msg},
					 {{i % 3 ? "/usr/include/stdio.h" : "rel.h", i, 2}, "from here"}};
			Finding f = {.check = check[i % 3], .severity = sev[i % 3],
				     .loc = {path, i, col}, .message = msg, .func = "f",
				     .nnotes = 2, .notes = notes};
			findings_add(fs, &f);
		}
		}
	}
	(void)ctx;
}

/* Aborts unless out is a sequence of well-framed JSON-RPC messages. */
static void
check_output(const char *out, size_t size)
{
	const char *p = out, *end = out + size;
	while (p < end) {
		size_t n;
		int used = 0;
		if (sscanf(p, "Content-Length: %zu\r\n\r\n%n", &n, &used) != 1 || used == 0 ||
		    n > (size_t)(end - p - used)) {
			fprintf(stderr, "fuzz_lsp: bad framing at byte %zu of the output\n",
				(size_t)(p - out));
			abort();
		}
		p += used;
		json_error_t err;
		json_t *m = json_loadb(p, n, 0, &err);
		const char *v = json_string_value(json_object_get(m, "jsonrpc"));
		if (!json_is_object(m) || !v || strcmp(v, "2.0") != 0) {
			fprintf(stderr, "fuzz_lsp: a message written is not JSON-RPC 2.0: %.*s\n",
				(int)n, p);
			abort();
		}
		json_decref(m);
		p += n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;               /* fmemopen() of no bytes */
	FILE *in = fmemopen((void *)data, size, "rb");
	char *out = NULL;
	size_t outsize = 0;
	FILE *o = open_memstream(&out, &outsize);
	if (!in || !o)
		abort();
	LspHooks hooks = {analyse, NULL, true};
	lsp_serve(NULL, in, o, &hooks);
	fclose(in);
	fclose(o);
	check_output(out, outsize);
	free(out);
	return 0;
}
