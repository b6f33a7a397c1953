/* SPDX-License-Identifier: MIT */
/*
 * The server is one loop: read a framed message, dispatch it, answer.  The
 * analysis of a document runs in the loop itself (a parse takes
 * milliseconds to a second), so there are no threads and nothing to cancel.
 * didOpen and didSave analyse at once; didChange only marks the document
 * due debounceMs (300) later, and the loop waits for input with poll() no
 * longer than until the first due document, so a burst of changes while
 * typing makes one analysis of the last text.  Standard input is
 * unbuffered for poll() to be right.  Positions are converted from libclang's 1-based
 * byte columns to LSP's 0-based UTF-16 characters with the document's text;
 * a range covers the token at the location (an identifier or a number, else
 * one character).
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "analyze.h"
#include "install.h"
#include "lsp.h"
#include "pipeline.h"
#include "progsum.h"
#include "report.h"

enum {
	MAX_MESSAGE = 64 << 20,  /* bytes in one body; a longer one is skipped */
	MAX_HEADER = 1024,       /* bytes in one header line */
	MAX_ELSEWHERE = 20,      /* problems in other files shown on a document */
	DEBOUNCE_MS = 300,       /* default quiet time after a change */
};

/* JSON-RPC's error codes, and LSP's one for requests before initialize. */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_NOT_INITIALIZED = -32002,
};

typedef struct Doc {
	char *uri;               /* as the client spells it */
	char *path;              /* the file it names */
	char *text;              /* the editor's full text */
	json_t *version;         /* the client's version, or NULL */
	double due;              /* a change to analyse at this now_ms(); 0: none */
	/* made when it was last saved and analysed: what its unit alone says
	 * (progsum.h), for the other documents of its database, whose
	 * analyses take it over the cache's (NULL: none) */
	char *summary;
	char *unit_file;         /* that unit's file, as its database spells it */
	char *db;                /* and that database's folder */
} Doc;

/* The summaries (progsum.h) the cache holds for the units of one compile
 * database, with the rounds of the chains a run stored for them, read
 * when a document of it is first analysed and again after any save (a
 * command-line run may have stored new ones); a document's analysis uses
 * those of every unit but its own. */
typedef struct Stored {
	char *file;
	char *text;
} Stored;

typedef struct Others {
	char *db;                /* the database's folder; NULL: none read */
	uint64_t key;            /* the cache's run key they were read with */
	VEC(Stored) v;
	int units;               /* the database's C units */
	bool stale;              /* a document was saved since */
} Others;

typedef struct Server {
	Pipeline *pl;            /* the command line's options, packs, configs */
	FILE *in, *out;
	Frontend *fe;
	VEC(Doc) docs;
	VEC(char *) roots;       /* workspace folders, absolute */
	VEC(char *) fallback;    /* flags for files in no compile database */
	char *compdb;            /* initializationOptions.compilationDatabase */
	char *doc_base;          /* URI prefix of docs/ for codeDescription */
	int debounce_ms;         /* quiet time after a change before its analysis */
	IncMap map;              /* the include map of the project of map_key */
	char *map_key;           /* NULL: none open */
	const LspHooks *hooks;   /* NULL: the pipeline's analysis (lsp.h) */
	Others others;           /* the other units' stored summaries */
	bool initialized, shutdown, exited, broken, log;
} Server;

static void lsp_log(const Server *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
lsp_log(const Server *sv, const char *fmt, ...)
{
	if (!sv->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("closecheck-lsp: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- framing ------------------------------------------------------------ */

typedef enum MsgStatus { MSG_OK, MSG_END, MSG_BAD, MSG_HUGE } MsgStatus;

/* One header line without its line end (a longer one sets *toolong and is
 * skipped); false at the end of input. */
static bool
read_header_line(FILE *in, char line[MAX_HEADER], bool *toolong)
{
	size_t n = 0;
	int c;
	*toolong = false;
	while ((c = getc(in)) != EOF && c != '\n') {
		if (n < MAX_HEADER - 1)
			line[n++] = c ? (char)c : ' ';  /* a NUL must not end it */
		else
			*toolong = true;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return c != EOF;
}

/* Content-Length's value in a header line: the length, -1 if the line has
 * none, -2 if it is not a number >= 0.  Found anywhere in the line, so that
 * a message after a body of unknown length is still found. */
static long long
content_length(const char *line)
{
	const char *p = strcasestr(line, "content-length:");
	if (!p)
		return -1;
	p += strlen("content-length:");
	while (*p == ' ' || *p == '\t')
		p++;
	if (!isdigit((unsigned char)*p))
		return -2;
	char *end;
	errno = 0;
	long long n = strtoll(p, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || *end)
		return errno == ERANGE && !*end ? LLONG_MAX : -2;
	return n;
}

/* Skips n bytes of input; false if it ends first. */
static bool
skip_bytes(FILE *in, long long n)
{
	char buf[8192];
	while (n > 0) {
		size_t want = n < (long long)sizeof(buf) ? (size_t)n : sizeof(buf);
		size_t got = fread(buf, 1, want, in);
		if (got == 0)
			return false;
		n -= (long long)got;
	}
	return true;
}

/* The next message's body (*body, *len bytes, NUL-terminated).  MSG_BAD:
 * its header had no usable Content-Length; MSG_HUGE: the body is longer
 * than MAX_MESSAGE (*len bytes, still to be skipped); MSG_END: the input
 * ended. */
static MsgStatus
read_message(FILE *in, char **body, long long *len)
{
	char line[MAX_HEADER];
	long long n = -1;
	bool bad = false, any = false, toolong;
	for (;;) {
		if (!read_header_line(in, line, &toolong))
			return MSG_END;
		if (!line[0] && !toolong) {
			if (any)
				break;
			continue;           /* a stray line end between messages */
		}
		any = true;
		long long v = content_length(line);
		if (toolong || v == -2)
			bad = true;
		else if (v >= 0)
			n = v;
	}
	if (bad || n < 0)
		return MSG_BAD;
	*len = n;
	if (n > MAX_MESSAGE)
		return MSG_HUGE;
	*body = xmalloc((size_t)n + 1);
	if (fread(*body, 1, (size_t)n, in) != (size_t)n) {
		mem_free(*body);
		return MSG_END;
	}
	(*body)[n] = '\0';
	return MSG_OK;
}

static void
lsp_send(Server *sv, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	char *text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!text)
		return;
	if (fprintf(sv->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text) < 0 ||
	    fflush(sv->out) != 0)
		sv->broken = true;      /* the client has gone */
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

/* A JSON string of s, valid UTF-8 whatever s holds (report.h): a source
 * file's Latin-1 comment in a compiler message must not lose the message. */
static json_t *
text_json(const char *s)
{
	return report_json_text(s);
}

static void
reply_error(Server *sv, json_t *id, int code, const char *message)
{
	lsp_log(sv, "error %d: %s", code, message);
	json_t *m = json_object(), *e = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(e, "code", json_integer(code));
	json_object_set_new(e, "message", text_json(message));
	json_object_set_new(m, "error", e);
	lsp_send(sv, m);
}

/* ---- uris and positions ------------------------------------------------- */

/* The path of a file: URI (percent escapes decoded); NULL for others. */
static char *
uri_to_path(const char *uri)
{
	const char *p;
	if (strncmp(uri, "file://localhost/", 17) == 0)
		p = uri + 16;
	else if (strncmp(uri, "file:///", 8) == 0)
		p = uri + 7;
	else
		return NULL;
	char *out = xmalloc(strlen(p) + 1), *o = out;
	for (; *p; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = {p[1], p[2], 0};
			*o = (char)strtol(hex, NULL, 16);
			p += 2;
			if (*o++ == '\0') {
				mem_free(out);  /* %00 names no file */
				return NULL;
			}
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* file:// URI of an absolute path, unreserved characters and '/' kept. */
static char *
path_to_uri(const char *path)
{
	char *out = xmalloc(strlen(path) * 3 + 8), *o = out;
	o += sprintf(o, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

/* A document's text cut into lines (without their line ends). */
typedef struct Lines {
	char *buf;
	VEC(char *) v;           /* v[i] is line i + 1 */
} Lines;

static void
lines_init(Lines *ls, const char *text)
{
	memset(ls, 0, sizeof(*ls));
	ls->buf = xstrdup(text ? text : "");
	for (char *p = ls->buf;;) {
		vec_push(&ls->v, p);
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		size_t n = strlen(p);
		if (n > 0 && p[n - 1] == '\r')
			p[n - 1] = '\0';
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void
lines_release(Lines *ls)
{
	mem_free(ls->buf);
	vec_free(&ls->v);
}

/* UTF-16 code units in s[0..n): LSP's default unit of 'character'. */
static int
utf16_len(const char *s, size_t n)
{
	int u = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80)
			u += c >= 0xF0 ? 2 : 1;
	}
	return u;
}

static json_t *
range_json(int l1, int c1, int l2, int c2)
{
	return json_pack("{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", l1, "character", c1,
			 "end", "line", l2, "character", c2);
}

static bool
is_word(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* The range of the token at line:col (1-based, col in bytes) of ls; with
 * no text for it, the bare position (0:0 for an unknown one). */
static json_t *
token_range(const Lines *ls, int line, int col)
{
	int l = line > 0 ? line - 1 : 0, c = col > 0 ? col - 1 : 0;
	if (!ls || line <= 0 || line > ls->v.n)
		return range_json(l, c, l, c);
	const char *s = ls->v.v[line - 1];
	size_t len = strlen(s), b = (size_t)c < len ? (size_t)c : len, e = b;
	if (e < len && is_word((unsigned char)s[e])) {
		while (e < len && is_word((unsigned char)s[e]))
			e++;
	} else if (e < len) {
		for (e++; e < len && ((unsigned char)s[e] & 0xC0) == 0x80; e++)
			;
	}
	return range_json(l, utf16_len(s, b), l, utf16_len(s, e));
}

/* ---- documents ---------------------------------------------------------- */

static Doc *
doc_find(Server *sv, const char *uri)
{
	for (int i = 0; i < sv->docs.n; i++)
		if (strcmp(sv->docs.v[i].uri, uri) == 0)
			return &sv->docs.v[i];
	return NULL;
}

static void
doc_release(Doc *d)
{
	mem_free(d->uri);
	mem_free(d->path);
	mem_free(d->text);
	json_decref(d->version);
	mem_free(d->summary);
	mem_free(d->unit_file);
	mem_free(d->db);
}

static void
doc_drop(Server *sv, const char *uri)
{
	Doc *d = doc_find(sv, uri);
	if (d) {
		doc_release(d);
		*d = sv->docs.v[--sv->docs.n];
	}
}

static void
doc_set_text(Doc *d, const char *text, json_t *version)
{
	mem_free(d->text);
	d->text = xstrdup(text);
	if (version) {
		json_decref(d->version);
		d->version = json_incref(version);
	}
}

/* ---- where a document's flags come from ---------------------------------- */

static bool
readable_compdb(const char *dir)
{
	size_t n = strlen(dir) + sizeof("/compile_commands.json");
	char *path = xmalloc(n);
	snprintf(path, n, "%s/compile_commands.json", dir);
	bool ok = access(path, R_OK) == 0;
	mem_free(path);
	return ok;
}

/* The workspace root holding path, or NULL. */
static const char *
root_of(const Server *sv, const char *path)
{
	for (int i = 0; i < sv->roots.n; i++) {
		size_t n = strlen(sv->roots.v[i]);
		if (strncmp(path, sv->roots.v[i], n) == 0 && (path[n] == '/' || n == 1))
			return sv->roots.v[i];
	}
	return NULL;
}

/* Adds the unit of doc to units (see lsp.h for the order); the source of its
 * flags, for the log; the folder of the database it came from into db[n]
 * ("" for the fallback flags). */
static const char *
unit_for_doc(Server *sv, const Doc *doc, UnitList *units, char *db, size_t n, Diag *d)
{
	char *const files[1] = {doc->path};
	Diag quiet;
	diag_init(&quiet, NULL);
	if (sv->compdb) {
		if (!readable_compdb(sv->compdb))
			diag_warning(d, NULL, 0, 0,
				     "initializationOptions.compilationDatabase: cannot read '%s/compile_commands.json'",
				     sv->compdb);
		else if (frontend_load_compdb(sv->compdb, 1, files, units, &quiet) == 0) {
			snprintf(db, n, "%s", sv->compdb);
			return "compilationDatabase";
		}
	}
	if (frontend_find_unit_db(doc->path, units, db, n))
		return "the nearest compile_commands.json";
	char dir[PATH_MAX + 16];
	for (int i = 0; i < sv->roots.n; i++)
		for (int b = 0; b < 2; b++) {
			snprintf(dir, sizeof(dir), "%s%s", sv->roots.v[i], b ? "/build" : "");
			if (readable_compdb(dir) &&
			    frontend_load_compdb(dir, 1, files, units, &quiet) == 0) {
				snprintf(db, n, "%s", dir);
				return "the workspace's compile_commands.json";
			}
		}
	db[0] = '\0';
	const char *root = root_of(sv, doc->path);
	snprintf(dir, sizeof(dir), "%s", root ? root : doc->path);
	char *slash = root ? NULL : strrchr(dir, '/');
	if (slash)
		*slash = '\0';         /* the file's directory */
	if (!dir[0])
		strcpy(dir, "/");
	unit_list_add(units, doc->path, dir, sv->fallback.n, (const char *const *)sv->fallback.v);
	return "fallbackFlags";
}

/* The unit of a header: one that includes it (incmap.h), among the named
 * database's units, the nearest database's above it (else the .c files of
 * its project) and the workspace roots' databases.  NULL when the header
 * is not on disk yet: it is then analysed as its own unit. */
static const char *
unit_for_header(Server *sv, const char *header, IncMap *map, UnitList *units,
		Diag *d)
{
	UnitList cands = {0};
	Diag quiet;
	diag_init(&quiet, NULL);
	if (access(header, R_OK) != 0)
		return NULL;
	if (sv->compdb && readable_compdb(sv->compdb))
		frontend_load_compdb(sv->compdb, 0, NULL, &cands, &quiet);
	incmap_candidates(header, sv->fallback.n, (const char *const *)sv->fallback.v, &cands);
	char dir[PATH_MAX + 16];
	for (int i = 0; i < sv->roots.n; i++)
		for (int b = 0; b < 2; b++) {
			snprintf(dir, sizeof(dir), "%s%s", sv->roots.v[i], b ? "/build" : "");
			if (readable_compdb(dir))
				frontend_load_compdb(dir, 0, NULL, &cands, &quiet);
		}
	int n = incmap_add_units(map, header, &cands, sv->fallback.n,
				 (const char *const *)sv->fallback.v, units, d);
	unit_list_release(&cands);
	return n > 0 ? "a unit that includes it" : "no unit that includes it";
}

/* ---- diagnostics -------------------------------------------------------- */

/* What one analysis publishes for one document. */
typedef struct Collect {
	Server *sv;
	const Doc *doc;
	const char *file;        /* the unit's spelling of the document's file */
	const char *dir;         /* relative names of other files are from here */
	Lines lines;
	json_t *list;
	int elsewhere;           /* problems of other files shown so far */
} Collect;

static bool
in_doc(const Collect *co, const char *file)
{
	return file && ((co->file && strcmp(file, co->file) == 0) ||
			strcmp(file, co->doc->path) == 0);
}

static int
severity_code(const char *severity)
{
	return strcmp(severity, "error") == 0 ? 1 : strcmp(severity, "note") == 0 ? 3 : 2;
}

/* A Location: the document's own URI and token range for its lines. */
static json_t *
location_json(const Collect *co, const char *file, int line, int col)
{
	json_t *loc = json_object();
	if (!file || in_doc(co, file)) {
		json_object_set_new(loc, "uri", json_string(co->doc->uri));
		json_object_set_new(loc, "range", token_range(&co->lines, line, col));
		return loc;
	}
	char *abs = NULL;
	if (file[0] != '/') {
		const char *dir = co->dir ? co->dir : ".";
		abs = xmalloc(strlen(dir) + strlen(file) + 2);
		sprintf(abs, "%s/%s", dir, file);
	}
	char *uri = path_to_uri(abs ? abs : file);
	json_object_set_new(loc, "uri", json_string(uri));
	json_object_set_new(loc, "range", token_range(NULL, line, col));
	mem_free(uri);
	mem_free(abs);
	return loc;
}

/* Diag's sink: parse errors and configuration problems.  Those of the
 * document are placed where they are; those of other files (a header, a
 * .closecheck.yaml) at its top, naming the place (as relatedInformation). */
static void
on_diag(void *ctx, const char *what, const char *file, int line, int col, const char *msg)
{
	Collect *co = ctx;
	lsp_log(co->sv, "%s:%d:%d: %s: %s", file ? file : "-", line, col, what, msg);
	json_t *dg = json_object();
	json_object_set_new(dg, "severity", json_integer(severity_code(what)));
	json_object_set_new(dg, "source", json_string("closecheck"));
	if (in_doc(co, file)) {
		json_object_set_new(dg, "range", token_range(&co->lines, line, col));
		json_object_set_new(dg, "message", text_json(msg));
	} else {
		if (strcmp(what, "note") == 0 || co->elsewhere++ >= MAX_ELSEWHERE) {
			json_decref(dg);
			return;
		}
		char where[PATH_MAX + 64] = "";
		if (file && line > 0)
			snprintf(where, sizeof(where), "%s:%d:%d: ", file, line, col);
		else if (file)
			snprintf(where, sizeof(where), "%s: ", file);
		size_t n = strlen(where) + strlen(msg) + 1;
		char *text = xmalloc(n);
		snprintf(text, n, "%s%s", where, msg);
		json_object_set_new(dg, "range", range_json(0, 0, 0, 0));
		json_object_set_new(dg, "message", text_json(text));
		mem_free(text);
		if (file) {
			json_t *ri = json_object();
			json_object_set_new(ri, "location", location_json(co, file, line, col));
			json_object_set_new(ri, "message", text_json(msg));
			json_t *rel = json_array();
			json_array_append_new(rel, ri);
			json_object_set_new(dg, "relatedInformation", rel);
		}
	}
	json_array_append_new(co->list, dg);
}

static json_t *
finding_diag(const Collect *co, const Finding *f, const char *severity)
{
	json_t *dg = json_object(), *rel = json_array();
	json_object_set_new(dg, "range", token_range(&co->lines, f->loc.line, f->loc.col));
	json_object_set_new(dg, "severity", json_integer(severity_code(severity)));
	json_object_set_new(dg, "source", json_string("closecheck"));
	json_object_set_new(dg, "code", text_json(f->check));
	int ci = checks_find(f->check);
	if (co->sv->doc_base && ci >= 0) {
		char *href = checks_doc_uri(co->sv->doc_base, checks_at(ci)->doc);
		json_object_set_new(dg, "codeDescription", json_pack("{s:s}", "href", href));
		mem_free(href);
	}
	json_object_set_new(dg, "message", text_json(f->message));
	for (int i = 0; i < f->nnotes; i++) {
		const Note *nt = &f->notes[i];
		json_t *ri = json_object();
		json_object_set_new(ri, "location",
				    location_json(co, nt->loc.file, nt->loc.line, nt->loc.col));
		json_object_set_new(ri, "message", text_json(nt->text));
		json_array_append_new(rel, ri);
	}
	json_object_set_new(dg, "relatedInformation", rel);
	return dg;
}

static void
publish(Server *sv, const Doc *doc, const char *uri, json_t *diags)
{
	json_t *p = json_object();
	json_object_set_new(p, "uri", json_string(uri));
	if (doc && doc->version)
		json_object_set(p, "version", doc->version);
	json_object_set_new(p, "diagnostics", diags);
	lsp_log(sv, "publish %zu diagnostics for %s", json_array_size(diags), uri);
	json_t *m = json_object();
	json_object_set_new(m, "method", json_string("textDocument/publishDiagnostics"));
	json_object_set_new(m, "params", p);
	lsp_send(sv, m);
}

/* The findings of the document's own file (the pipeline has filtered them
 * and set their severities). */
static void
add_findings(Collect *co, const FindingSet *fs)
{
	for (int i = 0; i < fs->v.n; i++)
		if (in_doc(co, fs->v.v[i].loc.file))
			json_array_append_new(co->list, finding_diag(co, &fs->v.v[i],
								     fs->v.v[i].severity));
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The editor's texts: every open document's, the analysed one's under the
 * name its unit gives it. */
static UnsavedText *
open_buffers(const Server *sv, const Doc *doc, const char *name, int *n)
{
	UnsavedText *bufs = xcalloc((size_t)sv->docs.n + 1, sizeof(*bufs));
	*n = 0;
	bufs[(*n)++] = (UnsavedText){name, doc->text};
	for (int i = 0; i < sv->docs.n; i++)
		if (&sv->docs.v[i] != doc)
			bufs[(*n)++] = (UnsavedText){sv->docs.v[i].path, sv->docs.v[i].text};
	return bufs;
}

/* The include map of path's project, opened once (the last one is saved
 * and dropped when another project's file comes). */
static IncMap *
server_map(Server *sv, const char *path)
{
	char key[PATH_MAX];
	incmap_project_key(path, key);
	if (sv->map_key && strcmp(sv->map_key, key) == 0)
		return &sv->map;
	if (sv->map_key) {
		incmap_save(&sv->map);
		incmap_release(&sv->map);
		mem_free(sv->map_key);
	}
	sv->map_key = xstrdup(key);
	incmap_open(&sv->map, NULL, key);
	return &sv->map;
}

/* Is every text what its file holds?  Only then does a parse tell what the
 * files include (the map must not keep what an unsaved buffer includes). */
static bool
buffers_on_disk(const UnsavedText *bufs, int n)
{
	bool same = true;
	for (int i = 0; i < n && same; i++) {
		FILE *f = fopen(bufs[i].file, "rb");
		size_t len = strlen(bufs[i].text);
		char *disk = xmalloc(len + 2);
		same = f && fread(disk, 1, len + 1, f) == len &&
		       memcmp(disk, bufs[i].text, len) == 0;
		if (f)
			fclose(f);
		mem_free(disk);
	}
	return same;
}

/* --srcroot, else the workspace root holding path, else the current
 * directory: what the baseline's paths are relative to. */
static const char *
srcroot_of(const Server *sv, const char *path, char buf[PATH_MAX])
{
	const char *root = sv->pl->o->srcroot ? sv->pl->o->srcroot : root_of(sv, path);
	if (root && realpath(root, buf))
		return buf;
	return root ? root : getcwd(buf, PATH_MAX);
}

/* The pipeline's steps after the analysis, on the editor's texts. */
static void
filter_findings(Server *sv, const Doc *doc, const UnsavedText *bufs, int n,
		FindingSet *fs, Diag *d)
{
	Pipeline *pl = sv->pl;
	for (int i = 0; pl->sup && i < n; i++)
		suppress_set_text(pl->sup, bufs[i].file, bufs[i].text);
	pipeline_filter(pl, doc->path, fs, d);
	char root[PATH_MAX];
	if (pl->o->baseline)
		pipeline_baseline(pl, fs, srcroot_of(sv, doc->path, root), false, d);
}

static void
others_clear(Others *ot)
{
	for (int i = 0; i < ot->v.n; i++) {
		mem_free(ot->v.v[i].file);
		mem_free(ot->v.v[i].text);
	}
	vec_free(&ot->v);
	mem_free(ot->db);
	memset(ot, 0, sizeof(*ot));
}

/* Reads the stored summaries of database db's units into sv->others, unless
 * they are there already and no document was saved since. */
static void
others_read(Server *sv, const char *db, ResultCache *c)
{
	Others *ot = &sv->others;
	if (ot->db && !ot->stale && ot->key == c->key && strcmp(ot->db, db) == 0)
		return;
	others_clear(ot);
	ot->db = xstrdup(db);
	ot->key = c->key;
	UnitList all = {0};
	Diag quiet;
	diag_init(&quiet, NULL);
	if (frontend_load_compdb(db, 0, NULL, &all, &quiet) == 0 &&
	    pipeline_prepare(sv->pl, &all, &quiet) == 0) {
		ot->units = all.n;
		char **text = xcalloc((size_t)all.n + 1, sizeof(char *));
		for (int i = 0; i < all.n; i++)
			text[i] = analyze_stored_summaries(c, &all.v[i]);
		analyze_stored_chains(c, sv->pl->rules, &all, text);
		for (int i = 0; i < all.n; i++)
			if (text[i])
				vec_push(&ot->v, ((Stored){xstrdup(all.v[i].file), text[i]}));
		mem_free(text);
	}
	diag_release(&quiet);
	unit_list_release(&all);
}

/* The summaries a saved document of database db made, other than mine's
 * unit, for file (NULL: none). */
static const char *
doc_summary(const Server *sv, const char *db, const char *file, const UnitSpec *mine)
{
	for (int i = 0; i < sv->docs.n; i++) {
		const Doc *d = &sv->docs.v[i];
		if (d->summary && strcmp(d->db, db) == 0 && strcmp(d->unit_file, file) == 0 &&
		    strcmp(file, mine->file) != 0)
			return d->summary;
	}
	return NULL;
}

/* The table of the other units' functions for an analysis of unit mine
 * of database db (the program summaries a single-file run of the command
 * line uses: analyze.h): the cache's, with those of the documents saved
 * since in their place; false, ps untouched, when there is none: no
 * database, --no-program-summaries, or nothing stored or saved. */
static bool
program_table(Server *sv, const char *db, const UnitSpec *mine,
	      const AnalyzeOptions *o, ProgSums *ps)
{
	if (!o->program || !db[0])
		return false;
	ResultCache c;
	if (pipeline_open_cache(sv->pl, o, &c)) {
		others_read(sv, db, &c);
		cache_close(&c);
	}
	const Others *ot = &sv->others;
	bool stored = ot->db && strcmp(ot->db, db) == 0;
	int k = 0, fns = 0, saved = 0;
	progsum_init(ps);
	for (int i = 0; stored && i < ot->v.n; i++) {
		const char *f = ot->v.v[i].file;
		if (strcmp(f, mine->file) == 0 || doc_summary(sv, db, f, mine))
			continue;
		if (progsum_add(ps, k, ot->v.v[i].text) == 0) {
			k++;
			fns += progsum_count(ot->v.v[i].text);
		}
	}
	for (int i = 0; i < sv->docs.n; i++) {
		const Doc *d = &sv->docs.v[i];
		/* one text a unit: the first saved document's of it */
		if (!d->summary || doc_summary(sv, db, d->unit_file, mine) != d->summary)
			continue;
		if (progsum_add(ps, k, d->summary) == 0) {
			k++;
			saved++;
			fns += progsum_count(d->summary);
		}
	}
	progsum_finish(ps, o->rules);
	lsp_log(sv, "program summaries: %d functions of %d other units of %s (%d of them from "
		"saved documents; %d units have none stored)", fns, k, db, saved,
		stored ? ot->units - ot->v.n : 0);
	if (k > 0)
		return true;
	progsum_release(ps);
	return false;
}

/* Analyses the document's unit with the editor's texts: a C file's own, a
 * header's through a unit that includes it; the findings in the document
 * go to co. */
static void
analyse_unit(Server *sv, Doc *doc, Collect *co, Diag *d, bool save)
{
	char real[PATH_MAX];
	bool header = incmap_is_header(doc->path) && realpath(doc->path, real);
	IncMap *map = server_map(sv, doc->path);
	UnitList units = {0};
	char db[PATH_MAX + 16] = "";
	const char *from = header ? unit_for_header(sv, real, map, &units, d) : NULL;
	if (from && units.n > 0) {
		UnitList near = {0};
		if (!frontend_find_unit_db(units.v[0].file, &near, db, sizeof(db)) && sv->compdb)
			snprintf(db, sizeof(db), "%s", sv->compdb);
		unit_list_release(&near);
	} else if (!from) {
		from = unit_for_doc(sv, doc, &units, db, sizeof(db), d);
	}
	pipeline_prepare(sv->pl, &units, d);
	if (units.n == 0) {
		lsp_log(sv, "%s: nothing to analyse (excluded, or not C)", doc->path);
		unit_list_release(&units);
		return;
	}
	lsp_log(sv, "%s: %s, flags from %s (%d)", doc->path, units.v[0].file, from,
		units.v[0].argc);
	co->file = header ? real : units.v[0].file;
	co->dir = units.v[0].dir;
	AnalyzeOptions o;
	analyze_options_init(&o);
	pipeline_analyze_options(sv->pl, &o);
	int n;
	UnsavedText *bufs = open_buffers(sv, doc, co->file, &n);
	o.incmap = buffers_on_disk(bufs, n) ? map : NULL;
	ProgSums ps;
	bool table = program_table(sv, db, &units.v[0], &o, &ps);
	if (table)
		o.limits.program = &ps;
	/* saved: what its unit says, for the other documents' analyses */
	char *summary = NULL;
	bool keep = save && !header && db[0] && o.program;
	if (keep)
		o.summary_out = &summary;
	FindingSet fs;
	findings_init(&fs);
	analyze_buffers(&o, sv->fe, &units.v[0], bufs, n, &fs, d);
	if (table)
		progsum_release(&ps);
	if (keep && summary) {
		mem_free(doc->summary);
		mem_free(doc->unit_file);
		mem_free(doc->db);
		doc->summary = summary;
		doc->unit_file = xstrdup(units.v[0].file);
		doc->db = xstrdup(db);
	} else {
		mem_free(summary);
	}
	filter_findings(sv, doc, bufs, n, &fs, d);
	add_findings(co, &fs);
	findings_release(&fs);
	mem_free(bufs);
	unit_list_release(&units);
	co->file = co->dir = NULL;
}

/* Analyses and publishes; with save, the include map is written too (not
 * while typing). */
static void
analyse_doc(Server *sv, Doc *doc, bool save)
{
	double t0 = now_ms();
	doc->due = 0;
	Collect co = {sv, doc, NULL, NULL, {0}, json_array(), 0};
	lines_init(&co.lines, doc->text);
	Diag d;
	diag_init(&d, NULL);
	d.sink = on_diag;
	d.sink_ctx = &co;
	if (sv->hooks) {
		FindingSet fs;
		findings_init(&fs);
		sv->hooks->analyse(sv->hooks->ctx, doc->path, doc->text, &fs, &d);
		add_findings(&co, &fs);
		findings_release(&fs);
	} else {
		/* configurations and comments read afresh, packs again if edited */
		pipeline_refresh(sv->pl, &d);
		if (pipeline_excludes(sv->pl, doc->path, &d))
			lsp_log(sv, "%s: excluded by its configuration", doc->path);
		else
			analyse_unit(sv, doc, &co, &d, save);
	}
	if (save && sv->map_key)
		incmap_save(&sv->map);
	lsp_log(sv, "%s: analysed in %.0f ms", doc->path, now_ms() - t0);
	publish(sv, doc, doc->uri, co.list);
	lines_release(&co.lines);
}

/* Milliseconds until the next change is due for analysis; -1: none. */
static int
next_due(const Server *sv)
{
	double first = 0;
	for (int i = 0; i < sv->docs.n; i++)
		if (sv->docs.v[i].due > 0 && (first == 0 || sv->docs.v[i].due < first))
			first = sv->docs.v[i].due;
	if (first == 0)
		return -1;
	double ms = first - now_ms();
	return ms <= 0 ? 0 : (int)ms + 1;
}

/* Analyses the changed documents whose quiet time is over. */
static void
run_due(Server *sv)
{
	double now = now_ms();
	for (int i = 0; i < sv->docs.n; i++)
		if (sv->docs.v[i].due > 0 && sv->docs.v[i].due <= now)
			analyse_doc(sv, &sv->docs.v[i], false);
}

/* ---- methods ------------------------------------------------------------ */

static void
add_root(Server *sv, const char *uri_or_path, bool is_uri)
{
	char *path = is_uri ? uri_to_path(uri_or_path) : xstrdup(uri_or_path);
	char real[PATH_MAX];
	if (path && path[0] == '/') {
		const char *p = realpath(path, real) ? real : path;
		bool seen = false;
		for (int i = 0; i < sv->roots.n && !seen; i++)
			seen = strcmp(sv->roots.v[i], p) == 0;
		if (!seen)
			vec_push(&sv->roots, xstrdup(p));
	}
	mem_free(path);
}

/* Where the check pages are: initializationOptions.docBase, else the
 * local docs (install.h) as a file: URI. */
static char *
find_doc_base(const char *option)
{
	if (option && *option)
		return xstrdup(option);
	char *dir = install_docs_dir();
	if (!dir)
		return NULL;
	char *uri = path_to_uri(dir), *base = xmalloc(strlen(uri) + 2);
	sprintf(base, "%s/", uri);
	mem_free(uri);
	mem_free(dir);
	return base;
}

static void
read_init_options(Server *sv, json_t *opts)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(opts, "fallbackFlags"), i, f)
		if (json_is_string(f))
			vec_push(&sv->fallback, xstrdup(json_string_value(f)));
	const char *db = json_string_value(json_object_get(opts, "compilationDatabase"));
	if (db && *db) {
		char buf[PATH_MAX * 2];
		if (db[0] == '/' || sv->roots.n == 0)
			snprintf(buf, sizeof(buf), "%s", db);
		else
			snprintf(buf, sizeof(buf), "%s/%s", sv->roots.v[0], db);
		size_t n = strlen(buf);
		if (n > 22 && strcmp(buf + n - 22, "/compile_commands.json") == 0)
			buf[n - 22] = '\0';  /* the file named instead of its directory */
		sv->compdb = xstrdup(buf);
	}
	sv->doc_base = find_doc_base(json_string_value(json_object_get(opts, "docBase")));
	json_t *ms = json_object_get(opts, "debounceMs");
	if (json_is_integer(ms) && json_integer_value(ms) >= 0 && json_integer_value(ms) <= 60000)
		sv->debounce_ms = (int)json_integer_value(ms);
}

static void
on_initialize(Server *sv, json_t *id, json_t *params)
{
	const char *root = json_string_value(json_object_get(params, "rootUri"));
	if (root)
		add_root(sv, root, true);
	else if ((root = json_string_value(json_object_get(params, "rootPath"))))
		add_root(sv, root, false);
	size_t i;
	json_t *wf;
	json_array_foreach(json_object_get(params, "workspaceFolders"), i, wf) {
		const char *uri = json_string_value(json_object_get(wf, "uri"));
		if (uri)
			add_root(sv, uri, true);
	}
	read_init_options(sv, json_object_get(params, "initializationOptions"));
	for (int r = 0; r < sv->roots.n; r++)
		lsp_log(sv, "workspace root %s", sv->roots.v[r]);
	sv->initialized = true;
	reply(sv, id, json_pack("{s:{s:{s:b,s:i,s:{s:b}}},s:{s:s,s:s}}",
				"capabilities", "textDocumentSync", "openClose", 1, "change", 1,
				"save", "includeText", 0,
				"serverInfo", "name", "closecheck", "version", CLOSECHECK_VERSION));
}

static void
on_did_open(Server *sv, const char *uri, json_t *td)
{
	const char *text = json_string_value(json_object_get(td, "text"));
	char *path = uri_to_path(uri);
	if (!text || !path) {
		lsp_log(sv, "didOpen of %s: %s", uri, text ? "not a file: URI" : "no text");
		mem_free(path);
		return;
	}
	Doc *doc = doc_find(sv, uri);
	if (!doc) {
		Doc nd = {.uri = xstrdup(uri), .path = path};
		vec_push(&sv->docs, nd);
		doc = &sv->docs.v[sv->docs.n - 1];
	} else {
		mem_free(path);
	}
	doc_set_text(doc, text, json_object_get(td, "version"));
	analyse_doc(sv, doc, true);
}

/* Full sync: every change is the whole text; the last one counts. */
static void
on_did_change(Server *sv, Doc *doc, json_t *params)
{
	json_t *changes = json_object_get(params, "contentChanges");
	size_t n = json_array_size(changes);
	json_t *last = n ? json_array_get(changes, n - 1) : NULL;
	const char *text = json_string_value(json_object_get(last, "text"));
	if (!text || json_object_get(last, "range")) {
		lsp_log(sv, "didChange of %s without a full text: ignored", doc->uri);
		return;
	}
	doc_set_text(doc, text, json_object_get(json_object_get(params, "textDocument"), "version"));
	/* analysed when typing pauses; with hooks->instant, at once */
	doc->due = now_ms() + (sv->hooks && sv->hooks->instant ? 0 : sv->debounce_ms);
}

static void
on_document(Server *sv, const char *method, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	if (!uri)
		return;
	Doc *doc = doc_find(sv, uri);
	if (strcmp(method, "textDocument/didOpen") == 0) {
		on_did_open(sv, uri, td);
	} else if (strcmp(method, "textDocument/didChange") == 0 && doc) {
		on_did_change(sv, doc, params);
	} else if (strcmp(method, "textDocument/didSave") == 0 && doc) {
		const char *text = json_string_value(json_object_get(params, "text"));
		if (text)
			doc_set_text(doc, text, NULL);
		sv->others.stale = true;    /* a run may have stored new summaries */
		analyse_doc(sv, doc, true);
	} else if (strcmp(method, "textDocument/didClose") == 0) {
		doc_drop(sv, uri);
		publish(sv, NULL, uri, json_array());
	}
}

/* Is id one JSON-RPC allows (a string, a number, null)? */
static bool
valid_id(json_t *id)
{
	return json_is_string(id) || json_is_number(id) || json_is_null(id);
}

static void
dispatch(Server *sv, json_t *msg)
{
	if (!json_is_object(msg)) {
		reply_error(sv, NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
		return;
	}
	json_t *id = json_object_get(msg, "id"), *params = json_object_get(msg, "params");
	json_t *jm = json_object_get(msg, "method");
	if (id && !valid_id(id)) {
		reply_error(sv, NULL, RPC_INVALID_REQUEST, "'id' must be a string or a number");
		return;
	}
	if (!jm && id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
		return;                 /* a response: this server sends no requests */
	const char *method = json_string_value(jm);
	const char *version = json_string_value(json_object_get(msg, "jsonrpc"));
	if (!method || !version || strcmp(version, "2.0") != 0) {
		reply_error(sv, id, RPC_INVALID_REQUEST,
			    method ? "'jsonrpc' must be \"2.0\"" : "'method' must be a string");
		return;
	}
	lsp_log(sv, "<- %s%s", method, id ? " (request)" : "");
	if (params && !json_is_object(params) && !json_is_array(params)) {
		if (id)
			reply_error(sv, id, RPC_INVALID_PARAMS, "'params' must be an object or an array");
		return;
	}
	if (strcmp(method, "exit") == 0) {
		sv->exited = true;
	} else if (sv->shutdown) {
		if (id)
			reply_error(sv, id, RPC_INVALID_REQUEST, "the server has been shut down");
	} else if (!sv->initialized) {
		if (id && strcmp(method, "initialize") == 0)
			on_initialize(sv, id, params);
		else if (id)
			reply_error(sv, id, RPC_NOT_INITIALIZED, "the server is not initialized");
	} else if (id && strcmp(method, "initialize") == 0) {
		reply_error(sv, id, RPC_INVALID_REQUEST, "the server is already initialized");
	} else if (id && strcmp(method, "shutdown") == 0) {
		sv->shutdown = true;
		for (int i = 0; i < sv->docs.n; i++)
			sv->docs.v[i].due = 0;  /* nothing more is published */
		reply(sv, id, NULL);
	} else if (!id && strncmp(method, "textDocument/did", 16) == 0) {
		on_document(sv, method, params);
	} else if (id) {
		reply_error(sv, id, RPC_METHOD_NOT_FOUND, "method not found");
	}                           /* other notifications are ignored */
}

/* Waits for input until the next pending analysis is due: false if that
 * came first. */
static bool
input_waiting(Server *sv)
{
	int ms = next_due(sv);
	if (ms < 0)
		return true;
	struct pollfd p = {fileno(sv->in), POLLIN, 0};
	int r = ms > 0 ? poll(&p, 1, ms) : 0;
	return r > 0 || (r < 0 && errno != EINTR);
}

static void
server_release(Server *sv)
{
	if (sv->map_key) {
		incmap_save(&sv->map);
		incmap_release(&sv->map);
		mem_free(sv->map_key);
	}
	for (int i = 0; i < sv->docs.n; i++)
		doc_release(&sv->docs.v[i]);
	vec_free(&sv->docs);
	for (int i = 0; i < sv->roots.n; i++)
		mem_free(sv->roots.v[i]);
	vec_free(&sv->roots);
	for (int i = 0; i < sv->fallback.n; i++)
		mem_free(sv->fallback.v[i]);
	vec_free(&sv->fallback);
	mem_free(sv->compdb);
	mem_free(sv->doc_base);
	others_clear(&sv->others);
	frontend_free(sv->fe);
}

int
lsp_main(Pipeline *pl, FILE *in, FILE *out)
{
	return lsp_serve(pl, in, out, NULL);
}

int
lsp_serve(Pipeline *pl, FILE *in, FILE *out, const LspHooks *hooks)
{
	Server sv = {0};
	sv.pl = pl;
	sv.in = in;
	sv.out = out;
	sv.hooks = hooks;
	sv.fe = hooks ? NULL : frontend_new();
	sv.debounce_ms = DEBOUNCE_MS;
	/* unbuffered, so that poll() on its descriptor tells what is left */
	setvbuf(in, NULL, _IONBF, 0);
	const char *log = getenv("CLOSECHECK_LSP_LOG");
	sv.log = log && *log && strcmp(log, "0") != 0;
	signal(SIGPIPE, SIG_IGN);   /* a vanished client is a write error */
	while (!sv.exited && !sv.broken) {
		if (!input_waiting(&sv)) {
			run_due(&sv);
			continue;
		}
		char *body;
		long long len;
		MsgStatus st = read_message(in, &body, &len);
		if (st == MSG_END)
			break;
		if (st == MSG_BAD) {
			reply_error(&sv, NULL, RPC_PARSE_ERROR,
				    "bad header: no Content-Length, or not a number");
			continue;
		}
		if (st == MSG_HUGE) {
			reply_error(&sv, NULL, RPC_PARSE_ERROR, "message too long: skipped");
			if (!skip_bytes(in, len))
				break;
			continue;
		}
		json_error_t err;
		json_t *msg = json_loadb(body, (size_t)len, JSON_DECODE_ANY, &err);
		mem_free(body);
		if (!msg) {
			char text[256];
			snprintf(text, sizeof(text), "parse error: %s", err.text);
			reply_error(&sv, NULL, RPC_PARSE_ERROR, text);
			continue;
		}
		dispatch(&sv, msg);
		json_decref(msg);
	}
	lsp_log(&sv, "%s", sv.exited ? "exit" : "end of input");
	bool clean = sv.shutdown;   /* exit (or the end of input) after shutdown */
	server_release(&sv);
	return clean ? 0 : 1;
}
