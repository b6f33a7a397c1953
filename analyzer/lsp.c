/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "analyze.h"
#include "lsp.h"

enum { MAX_MESSAGE = 64 << 20 };

typedef struct Doc {
	char *uri;
	char *path;
	char *text;
} Doc;

typedef struct Server {
	const Rules *rules;
	FILE *in, *out;
	Frontend *fe;
	VEC(Doc) docs;
	VEC(char *) fallback;    /* flags for files in no compile database */
	bool shutdown;
} Server;

/* ---- framing ---------------------------------------------------------- */

/* The next message body (malloc'd, NUL-terminated), NULL at end of input;
 * *bad is set for a message whose header is unusable. */
static char *
read_message(FILE *in, bool *bad)
{
	char line[1024];
	long len = -1;
	*bad = false;
	for (;;) {
		if (!fgets(line, sizeof(line), in))
			return NULL;
		if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0)
			break;
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			char *end;
			len = strtol(line + 15, &end, 10);
			while (isspace((unsigned char)*end))
				end++;
			if (*end)
				len = -2;
		}
	}
	if (len < 0 || len > MAX_MESSAGE) {
		*bad = true;
		return NULL;
	}
	char *body = xmalloc((size_t)len + 1);
	if (fread(body, 1, (size_t)len, in) != (size_t)len) {
		mem_free(body);
		return NULL;
	}
	body[len] = '\0';
	return body;
}

static void
lsp_send(Server *sv, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	char *text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!text)
		return;
	fprintf(sv->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
	fflush(sv->out);
	free(text);
}

static void
reply(Server *sv, json_t *id, json_t *result)
{
	json_t *m = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "result", result ? result : json_null());
	lsp_send(sv, m);
}

static void
reply_error(Server *sv, json_t *id, int code, const char *message)
{
	json_t *m = json_object(), *e = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(e, "code", json_integer(code));
	json_object_set_new(e, "message", json_string(message));
	json_object_set_new(m, "error", e);
	lsp_send(sv, m);
}

/* ---- documents ---------------------------------------------------------- */

static char *
uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	const char *p = uri + 7;
	char *out = xmalloc(strlen(p) + 1), *o = out;
	for (; *p; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = {p[1], p[2], 0};
			*o++ = (char)strtol(hex, NULL, 16);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static Doc *
doc_find(Server *sv, const char *uri)
{
	for (int i = 0; i < sv->docs.n; i++)
		if (strcmp(sv->docs.v[i].uri, uri) == 0)
			return &sv->docs.v[i];
	return NULL;
}

static void
doc_drop(Server *sv, const char *uri)
{
	for (int i = 0; i < sv->docs.n; i++)
		if (strcmp(sv->docs.v[i].uri, uri) == 0) {
			mem_free(sv->docs.v[i].uri);
			mem_free(sv->docs.v[i].path);
			mem_free(sv->docs.v[i].text);
			sv->docs.v[i] = sv->docs.v[--sv->docs.n];
			return;
		}
}

/* ---- diagnostics -------------------------------------------------------- */

static json_t *
range_at(int line, int col)
{
	json_t *r = json_object(), *s = json_object(), *e = json_object();
	int l = line > 0 ? line - 1 : 0, c = col > 0 ? col - 1 : 0;
	json_object_set_new(s, "line", json_integer(l));
	json_object_set_new(s, "character", json_integer(c));
	json_object_set_new(e, "line", json_integer(l));
	json_object_set_new(e, "character", json_integer(c + 1));
	json_object_set_new(r, "start", s);
	json_object_set_new(r, "end", e);
	return r;
}

static json_t *
path_uri(const char *path)
{
	char buf[4200];
	snprintf(buf, sizeof(buf), "file://%s", path);
	return json_string(buf);
}

typedef struct ParseErrors {
	const char *path;
	json_t *list;
} ParseErrors;

static void
on_diag(void *ctx, const char *what, const char *file, int line, int col, const char *msg)
{
	ParseErrors *pe = ctx;
	if (!file || strcmp(file, pe->path) != 0 || strcmp(what, "note") == 0)
		return;
	json_t *dg = json_object();
	json_object_set_new(dg, "range", range_at(line, col));
	json_object_set_new(dg, "severity", json_integer(strcmp(what, "error") == 0 ? 1 : 2));
	json_object_set_new(dg, "source", json_string("closecheck"));
	json_object_set_new(dg, "message", json_string(msg));
	json_array_append_new(pe->list, dg);
}

static json_t *
finding_diag(const Finding *f)
{
	json_t *dg = json_object(), *rel = json_array();
	json_object_set_new(dg, "range", range_at(f->loc.line, f->loc.col));
	json_object_set_new(dg, "severity",
			    json_integer(strcmp(f->severity, "error") == 0 ? 1 :
					 strcmp(f->severity, "note") == 0 ? 3 : 2));
	json_object_set_new(dg, "source", json_string("closecheck"));
	json_object_set_new(dg, "code", json_string(f->check));
	json_object_set_new(dg, "message", json_string(f->message));
	for (int i = 0; i < f->nnotes; i++) {
		json_t *ri = json_object(), *loc = json_object();
		json_object_set_new(loc, "uri", path_uri(f->notes[i].loc.file ? f->notes[i].loc.file : ""));
		json_object_set_new(loc, "range", range_at(f->notes[i].loc.line, f->notes[i].loc.col));
		json_object_set_new(ri, "location", loc);
		json_object_set_new(ri, "message", json_string(f->notes[i].text));
		json_array_append_new(rel, ri);
	}
	json_object_set_new(dg, "relatedInformation", rel);
	return dg;
}

static void
publish(Server *sv, const char *uri, json_t *diags)
{
	json_t *m = json_object(), *p = json_object();
	json_object_set_new(m, "method", json_string("textDocument/publishDiagnostics"));
	json_object_set_new(p, "uri", json_string(uri));
	json_object_set_new(p, "diagnostics", diags);
	json_object_set_new(m, "params", p);
	lsp_send(sv, m);
}

static void
analyse_doc(Server *sv, Doc *doc)
{
	UnitList units = {0};
	if (!frontend_unit_for_file(doc->path, &units))
		unit_list_add(&units, doc->path, NULL, sv->fallback.n,
			      (const char *const *)sv->fallback.v);
	ParseErrors pe = {units.v[0].file, json_array()};
	Diag d;
	diag_init(&d, NULL);
	d.sink = on_diag;
	d.sink_ctx = &pe;
	AnalyzeOptions o;
	analyze_options_init(&o);
	o.rules = sv->rules;
	FindingSet fs;
	findings_init(&fs);
	analyze_text(&o, sv->fe, &units.v[0], doc->text, &fs, &d);
	for (int i = 0; i < fs.v.n; i++)
		if (fs.v.v[i].loc.file && strcmp(fs.v.v[i].loc.file, units.v[0].file) == 0)
			json_array_append_new(pe.list, finding_diag(&fs.v.v[i]));
	publish(sv, doc->uri, pe.list);
	findings_release(&fs);
	unit_list_release(&units);
}

/* ---- methods ----------------------------------------------------------- */

static void
on_initialize(Server *sv, json_t *id, json_t *params)
{
	json_t *opts = json_object_get(params, "initializationOptions");
	json_t *flags = json_object_get(opts, "fallbackFlags");
	size_t i;
	json_t *f;
	json_array_foreach(flags, i, f)
		if (json_is_string(f))
			vec_push(&sv->fallback, xstrdup(json_string_value(f)));
	json_t *res = json_object(), *caps = json_object(), *sync = json_object();
	json_t *save = json_object(), *info = json_object();
	json_object_set_new(sync, "openClose", json_true());
	json_object_set_new(sync, "change", json_integer(1));
	json_object_set_new(save, "includeText", json_false());
	json_object_set_new(sync, "save", save);
	json_object_set_new(caps, "textDocumentSync", sync);
	json_object_set_new(res, "capabilities", caps);
	json_object_set_new(info, "name", json_string("closecheck"));
	json_object_set_new(info, "version", json_string(CLOSECHECK_VERSION));
	json_object_set_new(res, "serverInfo", info);
	reply(sv, id, res);
}

static void
on_document(Server *sv, const char *method, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	if (!uri)
		return;
	if (strcmp(method, "textDocument/didClose") == 0) {
		doc_drop(sv, uri);
		publish(sv, uri, json_array());
		return;
	}
	Doc *doc = doc_find(sv, uri);
	if (strcmp(method, "textDocument/didOpen") == 0) {
		const char *text = json_string_value(json_object_get(td, "text"));
		char *path = uri_to_path(uri);
		if (!text || !path) {
			mem_free(path);
			return;
		}
		if (!doc) {
			Doc nd = {xstrdup(uri), path, xstrdup(text)};
			vec_push(&sv->docs, nd);
			doc = &sv->docs.v[sv->docs.n - 1];
		} else {
			mem_free(path);
			mem_free(doc->text);
			doc->text = xstrdup(text);
		}
		analyse_doc(sv, doc);
	} else if (strcmp(method, "textDocument/didChange") == 0 && doc) {
		json_t *changes = json_object_get(params, "contentChanges");
		size_t n = json_array_size(changes);
		const char *text = n ? json_string_value(json_object_get(json_array_get(changes, n - 1), "text")) : NULL;
		if (text) {
			mem_free(doc->text);
			doc->text = xstrdup(text);
		}
	} else if (strcmp(method, "textDocument/didSave") == 0 && doc) {
		const char *text = json_string_value(json_object_get(params, "text"));
		if (text) {
			mem_free(doc->text);
			doc->text = xstrdup(text);
		}
		analyse_doc(sv, doc);
	}
}

/* Handles one message; returns 0 to go on, else the exit status + 1. */
static int
dispatch(Server *sv, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	const char *method = json_string_value(json_object_get(msg, "method"));
	if (!json_is_object(msg) || !method) {
		if (!json_is_object(msg) || id)
			reply_error(sv, id, -32600, "invalid request");
		return 0;
	}
	json_t *params = json_object_get(msg, "params");
	if (strcmp(method, "exit") == 0)
		return sv->shutdown ? 1 : 2;
	if (sv->shutdown && id) {
		reply_error(sv, id, -32600, "the server is shutting down");
		return 0;
	}
	if (strcmp(method, "initialize") == 0 && id)
		on_initialize(sv, id, params);
	else if (strcmp(method, "shutdown") == 0 && id) {
		sv->shutdown = true;
		reply(sv, id, NULL);
	} else if (strncmp(method, "textDocument/did", 16) == 0 && !id)
		on_document(sv, method, params);
	else if (id)
		reply_error(sv, id, -32601, "method not found");
	return 0;                   /* other notifications are ignored */
}

int
lsp_main(const Rules *rules, FILE *in, FILE *out)
{
	Server sv = {0};
	sv.rules = rules;
	sv.in = in;
	sv.out = out;
	sv.fe = frontend_new();
	int status = -1;
	while (status < 0) {
		bool bad;
		char *body = read_message(in, &bad);
		if (!body) {
			if (!bad)
				break;              /* end of input */
			reply_error(&sv, NULL, -32700, "bad or missing Content-Length");
			continue;
		}
		json_error_t err;
		json_t *msg = json_loads(body, 0, &err);
		mem_free(body);
		if (!msg) {
			reply_error(&sv, NULL, -32700, "parse error");
			continue;
		}
		int r = dispatch(&sv, msg);
		json_decref(msg);
		if (r)
			status = r - 1;
	}
	for (int i = 0; i < sv.docs.n; i++) {
		mem_free(sv.docs.v[i].uri);
		mem_free(sv.docs.v[i].path);
		mem_free(sv.docs.v[i].text);
	}
	vec_free(&sv.docs);
	for (int i = 0; i < sv.fallback.n; i++)
		mem_free(sv.fallback.v[i]);
	vec_free(&sv.fallback);
	frontend_free(sv.fe);
	return status < 0 ? (sv.shutdown ? 0 : 1) : status;
}
