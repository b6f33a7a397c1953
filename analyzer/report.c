/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

int
report_format_parse(const char *name, Format *out)
{
	static const struct { const char *name; Format f; } names[] = {
		{"text", FMT_TEXT}, {"json", FMT_JSON}, {"sarif", FMT_SARIF},
		{"codeclimate", FMT_CODECLIMATE}, {"gcc", FMT_GCC}, {"rich", FMT_RICH},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	return -1;
}

/* The length of the UTF-8 sequence at s (1 to 4), or 0 when it is not one:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
		   c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
	unsigned hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
	for (size_t i = 1; i < n; i++)
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return 0;
	return n;
}

json_t *
report_json_text(const char *s)
{
	if (!s)
		s = "";
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t n = strlen(s), k = 0;
	char *v = xmalloc(3 * n + 1);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len = utf8_len(p);
		if (len == 0) {
			memcpy(v + k, "\xef\xbf\xbd", 3);   /* U+FFFD */
			k += 3;
			p++;
			continue;
		}
		memcpy(v + k, p, len);
		k += len;
		p += len;
	}
	j = json_stringn(v, k);
	mem_free(v);
	return j;
}

static json_t *
str(const char *s)
{
	return report_json_text(s);
}

/* A string, or null when it is not known. */
static json_t *
str_or_null(const char *s)
{
	return s ? report_json_text(s) : json_null();
}

/* A path as a URI reference: RFC 3986 unreserved characters and '/' stay,
 * every other byte is percent-encoded. */
static void
uri_path(char *out, size_t n, const char *prefix, const char *path)
{
	size_t k = (size_t)snprintf(out, n, "%s", prefix);
	for (const unsigned char *p = (const unsigned char *)path; *p && k + 4 < n; p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			out[k++] = (char)*p;
		else
			k += (size_t)snprintf(out + k, n - k, "%%%02X", *p);
	}
	out[k < n ? k : n - 1] = '\0';
}

static int
cmp_error(const void *a, const void *b)
{
	const DiagRecord *x = *(const DiagRecord *const *)a, *y = *(const DiagRecord *const *)b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c == 0)
		c = x->line != y->line ? (x->line < y->line ? -1 : 1) :
		    x->col != y->col ? (x->col < y->col ? -1 : 1) : 0;
	return c ? c : strcmp(x->msg, y->msg);
}

/* The recorded errors sorted by place, as workers report them in any
 * order; *n of them.  Caller frees the array. */
static const DiagRecord **
sorted_errors(const ReportOptions *o, int *n)
{
	*n = o->diag ? o->diag->nerrs : 0;
	if (*n == 0)
		return NULL;
	const DiagRecord **v = xmalloc(sizeof(*v) * (size_t)*n);
	for (int i = 0; i < *n; i++)
		v[i] = &o->diag->errs[i];
	qsort(v, (size_t)*n, sizeof(*v), cmp_error);
	return v;
}

/* ---- json -------------------------------------------------------------- */

static json_t *
json_place(Loc l, const char *text)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", str(l.file));
	json_object_set_new(o, "line", json_integer(l.line));
	json_object_set_new(o, "column", json_integer(l.col));
	if (text)
		json_object_set_new(o, "message", str(text));
	return o;
}

static json_t *
json_finding(const Finding *f)
{
	json_t *o = json_object(), *path = json_array();
	json_object_set_new(o, "check", str(f->check));
	json_object_set_new(o, "severity", str(f->severity));
	json_object_set_new(o, "message", str(f->message));
	json_object_set_new(o, "file", str(f->loc.file));
	json_object_set_new(o, "line", json_integer(f->loc.line));
	json_object_set_new(o, "column", json_integer(f->loc.col));
	json_object_set_new(o, "end_line", json_integer(f->loc.line));
	json_object_set_new(o, "end_column", json_integer(f->loc.col));
	json_object_set_new(o, "function", str_or_null(f->func));
	json_object_set_new(o, "rule", str_or_null(f->rule));
	json_object_set_new(o, "kind", str_or_null(f->kind));
	json_object_set_new(o, "pack", str_or_null(f->pack));
	json_object_set_new(o, "fingerprint", str(f->fingerprint));
	for (int j = 0; j < f->nnotes; j++)
		json_array_append_new(path, json_place(f->notes[j].loc, f->notes[j].text));
	json_object_set_new(o, "path", path);
	return o;
}

static json_t *
int_or_null(int n)
{
	return n > 0 ? json_integer(n) : json_null();
}

/* The errors of the run: what could not be read or parsed. */
static json_t *
json_errors(const ReportOptions *o)
{
	json_t *list = json_array();
	int n;
	const DiagRecord **e = sorted_errors(o, &n);
	for (int i = 0; i < n; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "file", str_or_null(e[i]->file));
		json_object_set_new(x, "line", int_or_null(e[i]->line));
		json_object_set_new(x, "column", int_or_null(e[i]->col));
		json_object_set_new(x, "message", str(e[i]->msg));
		json_array_append_new(list, x);
	}
	mem_free(e);
	return list;
}

/* The document without its findings: *list is the empty array they go
 * into (report_write()). */
static json_t *
json_doc(const ReportOptions *o, json_t **list)
{
	json_t *root = json_object();
	*list = json_array();
	json_object_set_new(root, "version", json_string(CLOSECHECK_VERSION));
	json_object_set_new(root, "findings", *list);
	json_object_set_new(root, "errors", json_errors(o));
	return root;
}

static json_t *
json_item(const Finding *f, const ReportOptions *o)
{
	(void)o;
	return json_finding(f);
}

/* ---- sarif ------------------------------------------------------------- */

static const char *
sarif_level(const char *severity)
{
	if (severity && strcmp(severity, "error") == 0)
		return "error";
	if (severity && strcmp(severity, "note") == 0)
		return "note";
	return "warning";
}

static json_t *
text_obj(const char *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", str(t));
	return o;
}

/* A file as an artifactLocation: relative to %SRCROOT%, or outside the
 * source root an absolute file: URI. */
static json_t *
sarif_artifact(const char *file, const ReportOptions *o)
{
	json_t *art = json_object();
	char buf[PATH_MAX], uri[3 * PATH_MAX + 16];
	const char *rel = finding_relpath(file, o->srcroot, buf, sizeof(buf));
	uri_path(uri, sizeof(uri), rel[0] == '/' ? "file://" : "", rel);
	json_object_set_new(art, "uri", json_string(uri));
	if (rel[0] != '/' && o->srcroot)
		json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%"));
	return art;
}

static json_t *
sarif_location(Loc l, const ReportOptions *o, const char *msg)
{
	json_t *art = sarif_artifact(l.file, o), *region = json_object();
	json_t *phys = json_object(), *loc = json_object();
	json_object_set_new(region, "startLine", json_integer(l.line > 0 ? l.line : 1));
	json_object_set_new(region, "startColumn", json_integer(l.col > 0 ? l.col : 1));
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(phys, "region", region);
	json_object_set_new(loc, "physicalLocation", phys);
	if (msg)
		json_object_set_new(loc, "message", text_obj(msg));
	return loc;
}

typedef VEC(char) CharBuf;

static void
buf_add(CharBuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vec_push(b, s[i]);
}

/* The text of a file, or NULL if it cannot be read.  Caller frees. */
static char *
read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	CharBuf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	bool bad = ferror(f);
	fclose(f);
	vec_push(&b, '\0');
	if (bad || b.n == 1) {
		vec_free(&b);
		return NULL;
	}
	return b.v;
}

/* A link target of a page in docs/checks/ as a path under docs/, or NULL
 * when it is not a relative link into docs/ (a URL, an anchor, outside). */
static const char *
docs_target(const char *t, size_t n, char *out, size_t outn)
{
	if (n == 0 || t[0] == '#' || t[0] == '/' || memchr(t, ':', n))
		return NULL;
	if (n >= 3 && strncmp(t, "../", 3) == 0) {
		if (n >= 6 && strncmp(t + 3, "../", 3) == 0)
			return NULL;
		snprintf(out, outn, "%.*s", (int)(n - 3), t + 3);
	} else {
		snprintf(out, outn, "checks/%.*s", (int)n, t);
	}
	return out;
}

/* If p starts a link "[text](target)" into docs/, adds it to b (absolute
 * under doc_base, or its text alone) and returns the end of the link. */
static const char *
add_link(CharBuf *b, const char *p, const char *doc_base)
{
	size_t tn = strcspn(p + 1, "]\n");
	const char *close = p + 1 + tn;
	if (close[0] != ']' || close[1] != '(')
		return NULL;
	const char *t = close + 2;
	size_t n = strcspn(t, ")\n");
	char target[512];
	if (t[n] != ')' || !docs_target(t, n, target, sizeof(target)))
		return NULL;
	if (doc_base) {
		char *uri = checks_doc_uri(doc_base, target);
		buf_add(b, p, tn + 3);          /* "[text](" */
		buf_add(b, uri, strlen(uri));
		vec_push(b, ')');
		mem_free(uri);
	} else {
		buf_add(b, p + 1, tn);
	}
	return t + n + 1;
}

/* A check's page for SARIF's help: its links to other pages of docs/,
 * relative, would lead nowhere where the help is shown, so they become
 * absolute under doc_base, or plain text without one.  Caller frees. */
static char *
page_markdown(const char *page, const char *doc_base)
{
	CharBuf b = {0};
	for (const char *p = page, *end; *p;) {
		if (*p == '[' && (end = add_link(&b, p, doc_base)))
			p = end;
		else
			vec_push(&b, *p++);
	}
	vec_push(&b, '\0');
	return b.v;
}

/* help: the check's page (docs_dir), else its summary and fix with a link
 * to the page under doc_base when there is one. */
static json_t *
sarif_help(const CheckInfo *ci, const ReportOptions *o)
{
	char *page = NULL;
	if (o->docs_dir) {
		const char *doc = strncmp(ci->doc, "docs/", 5) == 0 ? ci->doc + 5 : ci->doc;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", o->docs_dir, doc);
		page = read_text(path);
	}
	json_t *h = json_object();
	if (page) {
		char *md = page_markdown(page, o->doc_base);
		json_object_set_new(h, "text", str(md));
		json_object_set_new(h, "markdown", str(md));
		mem_free(md);
		mem_free(page);
		return h;
	}
	char text[2200], md[2400];
	char *uri = o->doc_base ? checks_doc_uri(o->doc_base, ci->doc) : NULL;
	int k = snprintf(text, sizeof(text), "%s. %s", ci->summary, ci->fix);
	snprintf(md, sizeof(md), "%s", text);
	if (uri && k > 0 && (size_t)k < sizeof(text)) {
		snprintf(text + k, sizeof(text) - (size_t)k,
			 " The problem, an example and the fix: %s", uri);
		snprintf(md + k, sizeof(md) - (size_t)k,
			 "\n\nThe problem, an example and the fix: [%s](%s)", ci->doc, uri);
	}
	json_object_set_new(h, "text", str(text));
	json_object_set_new(h, "markdown", str(md));
	mem_free(uri);
	return h;
}

/* GitHub's words for a query's severity. */
static const char *
problem_severity(const char *severity)
{
	const char *level = sarif_level(severity);
	return strcmp(level, "note") == 0 ? "recommendation" : level;
}

/* properties: tags (the CWE ids as GitHub reads them), precision, severity. */
static json_t *
sarif_rule_properties(const CheckInfo *ci)
{
	json_t *p = json_object(), *tags = json_array();
	json_array_append_new(tags, json_string("correctness"));
	for (int i = 0; i < 3 && ci->cwe[i]; i++) {
		char tag[40];
		snprintf(tag, sizeof(tag), "external/cwe/cwe-%d", ci->cwe[i]);
		json_array_append_new(tags, json_string(tag));
	}
	json_object_set_new(p, "tags", tags);
	json_object_set_new(p, "precision", str(ci->precision));
	json_object_set_new(p, "problem.severity", json_string(problem_severity(ci->severity)));
	return p;
}

/* One check as a reportingDescriptor: name, descriptions, help, its page
 * under doc_base (no helpUri without one), CWE tags and precision. */
static json_t *
sarif_rule(const CheckInfo *ci, bool on, const ReportOptions *o)
{
	json_t *r = json_object(), *cfg = json_object();
	char full[1024];
	snprintf(full, sizeof(full), "%s. %s", ci->summary, ci->fix);
	json_object_set_new(r, "id", str(ci->id));
	json_object_set_new(r, "name", str(ci->name));
	json_object_set_new(r, "shortDescription", text_obj(ci->summary));
	json_object_set_new(r, "fullDescription", text_obj(full));
	json_object_set_new(r, "help", sarif_help(ci, o));
	if (o->doc_base) {
		char *uri = checks_doc_uri(o->doc_base, ci->doc);
		json_object_set_new(r, "helpUri", str(uri));
		mem_free(uri);
	}
	json_object_set_new(cfg, "level", json_string(sarif_level(ci->severity)));
	json_object_set_new(cfg, "enabled", json_boolean(on));
	json_object_set_new(r, "defaultConfiguration", cfg);
	json_object_set_new(r, "properties", sarif_rule_properties(ci));
	return r;
}

static json_t *
sarif_rules(const ReportOptions *o)
{
	json_t *rules = json_array();
	for (int i = 0; i < checks_count(); i++)
		json_array_append_new(rules, sarif_rule(checks_at(i),
							!o->checks || o->checks->on[i], o));
	return rules;
}

static json_t *
sarif_result(const Finding *f, const ReportOptions *o)
{
	json_t *r = json_object(), *locs = json_array(), *fp = json_object();
	json_object_set_new(r, "ruleId", str(f->check));
	int idx = checks_find(f->check);
	if (idx >= 0)
		json_object_set_new(r, "ruleIndex", json_integer(idx));
	json_object_set_new(r, "level", json_string(sarif_level(f->severity)));
	json_object_set_new(r, "message", text_obj(f->message));
	json_array_append_new(locs, sarif_location(f->loc, o, NULL));
	json_object_set_new(r, "locations", locs);
	json_object_set_new(fp, "closecheck/v1", str(f->fingerprint));
	json_object_set_new(r, "partialFingerprints", fp);
	if (f->nnotes > 0) {
		json_t *steps = json_array(), *tf = json_object(), *tfs = json_array();
		json_t *cf = json_object(), *cfs = json_array();
		for (int j = 0; j < f->nnotes; j++) {
			json_t *step = json_object();
			json_object_set_new(step, "location",
					    sarif_location(f->notes[j].loc, o, f->notes[j].text));
			json_array_append_new(steps, step);
		}
		json_t *last = json_object();
		json_object_set_new(last, "location", sarif_location(f->loc, o, f->message));
		json_array_append_new(steps, last);
		json_object_set_new(tf, "locations", steps);
		json_array_append_new(tfs, tf);
		json_object_set_new(cf, "threadFlows", tfs);
		json_array_append_new(cfs, cf);
		json_object_set_new(r, "codeFlows", cfs);
	}
	return r;
}

/* One error of the run as a notification, at its file when known. */
static json_t *
sarif_notification(const DiagRecord *e, const ReportOptions *o)
{
	json_t *n = json_object();
	json_object_set_new(n, "level", json_string("error"));
	json_object_set_new(n, "message", text_obj(e->msg));
	if (e->file) {
		json_t *phys = json_object(), *loc = json_object();
		json_object_set_new(phys, "artifactLocation", sarif_artifact(e->file, o));
		if (e->line > 0) {
			json_t *region = json_object();
			json_object_set_new(region, "startLine", json_integer(e->line));
			if (e->col > 0)
				json_object_set_new(region, "startColumn", json_integer(e->col));
			json_object_set_new(phys, "region", region);
		}
		json_t *locs = json_array();
		json_object_set_new(loc, "physicalLocation", phys);
		json_array_append_new(locs, loc);
		json_object_set_new(n, "locations", locs);
	}
	return n;
}

/* invocations[0]: successful when nothing was an error; the errors. */
static json_t *
sarif_invocations(const ReportOptions *o)
{
	json_t *invs = json_array(), *inv = json_object();
	bool ok = !o->diag || o->diag->errors == 0;
	json_object_set_new(inv, "executionSuccessful", json_boolean(ok));
	int n;
	const DiagRecord **e = sorted_errors(o, &n);
	if (n > 0) {
		json_t *list = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(list, sarif_notification(e[i], o));
		json_object_set_new(inv, "toolExecutionNotifications", list);
	}
	mem_free(e);
	json_array_append_new(invs, inv);
	return invs;
}

static json_t *
sarif_doc(const ReportOptions *o, json_t **list)
{
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *results = json_array();
	*list = results;
	json_object_set_new(root, "$schema",
			    json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string("closecheck"));
	json_object_set_new(driver, "version", json_string(CLOSECHECK_VERSION));
	json_object_set_new(driver, "semanticVersion", json_string(CLOSECHECK_VERSION));
	if (o->doc_base)
		json_object_set_new(driver, "informationUri", str(o->doc_base));
	json_object_set_new(driver, "rules", sarif_rules(o));
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "invocations", sarif_invocations(o));
	if (o->srcroot) {
		json_t *bases = json_object(), *root_uri = json_object();
		char uri[3 * PATH_MAX + 16];
		uri_path(uri, sizeof(uri) - 1, "file://", o->srcroot);
		if (uri[strlen(uri) - 1] != '/')
			strcat(uri, "/");
		json_object_set_new(root_uri, "uri", json_string(uri));
		json_object_set_new(bases, "%SRCROOT%", root_uri);
		json_object_set_new(run, "originalUriBaseIds", bases);
	}
	json_object_set_new(run, "results", results);
	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	return root;
}

/* ---- codeclimate ------------------------------------------------------- */

/* GitLab's scale: info, minor, major, critical, blocker. */
static const char *
codeclimate_severity(const char *severity)
{
	const char *level = sarif_level(severity);
	return strcmp(level, "error") == 0 ? "critical" :
	       strcmp(level, "note") == 0 ? "minor" : "major";
}

static json_t *
codeclimate_doc(const ReportOptions *o, json_t **list)
{
	(void)o;
	return *list = json_array();
}

static json_t *
codeclimate_issue(const Finding *f, const ReportOptions *o)
{
	json_t *issue = json_object(), *loc = json_object(), *lines = json_object();
	char buf[PATH_MAX];
	const char *m = f->message ? f->message : "", *c = f->check ? f->check : "";
	char *desc = xmalloc(strlen(m) + strlen(c) + 4);    /* however long */
	sprintf(desc, "%s [%s]", m, c);
	json_object_set_new(issue, "type", json_string("issue"));
	json_object_set_new(issue, "check_name", str(f->check));
	json_object_set_new(issue, "description", str(desc));
	mem_free(desc);
	json_object_set_new(issue, "categories", json_pack("[s]", "Bug Risk"));
	json_object_set_new(issue, "fingerprint", str(f->fingerprint));
	json_object_set_new(issue, "severity", json_string(codeclimate_severity(f->severity)));
	json_object_set_new(lines, "begin", json_integer(f->loc.line));
	json_object_set_new(loc, "path",
			    str(finding_relpath(f->loc.file, o->srcroot, buf, sizeof(buf))));
	json_object_set_new(loc, "lines", lines);
	json_object_set_new(issue, "location", loc);
	return issue;
}

/* ---- one item at a time -------------------------------------------------- */

typedef json_t *(*ItemFn)(const Finding *f, const ReportOptions *o);

enum { DUMP_FLAGS = JSON_INDENT(2) | JSON_PRESERVE_ORDER };

/* What stands for the items while the rest of the document is dumped, as
 * jansson writes it (control characters escaped). */
static const char items_mark[] = "\001closecheck-items\001";
static const char items_mark_dumped[] = "\"\\u0001closecheck-items\\u0001\"";

/* Writes item's text, each line after the first indented by indent. */
static int
put_item(json_t *item, const char *indent, size_t n, FILE *out)
{
	char *t = json_dumps(item, DUMP_FLAGS);
	json_decref(item);
	if (!t)
		return -1;
	size_t len = 0, lines = 0;
	for (; t[len]; len++)
		lines += t[len] == '\n';
	char *b = xmalloc(len + lines * n + 1), *q = b;
	for (const char *p = t; *p; p++) {
		*q++ = *p;
		if (*p == '\n') {
			memcpy(q, indent, n);
			q += n;
		}
	}
	fwrite(b, 1, (size_t)(q - b), out);
	mem_free(b);
	free(t);
	return 0;
}

/* Dumps doc with list, an empty array of it, holding item(f) for every
 * finding, made and written one at a time: a run with tens of thousands of
 * findings, each with its path, never holds them all as JSON (12,847
 * findings peaked at 371 MB as JSON and 942 MB as SARIF built whole, 134
 * MB either way so).  The text is the one json_dumpf() would give for the
 * whole document: the rest is dumped with a marker in the list, and each
 * item at the marker's indentation. */
static int
dump_items(json_t *doc, json_t *list, const FindingSet *s, ItemFn item,
	   const ReportOptions *o, FILE *out)
{
	if (s->v.n == 0)
		return json_dumpf(doc, out, DUMP_FLAGS);
	json_array_append_new(list, json_string(items_mark));
	char *text = json_dumps(doc, DUMP_FLAGS);
	char *at = text ? strstr(text, items_mark_dumped) : NULL;
	if (!at || strstr(at + 1, items_mark_dumped)) {
		/* the marker is not there once (some text of the report
		 * spells it): the whole document at once */
		free(text);
		json_array_clear(list);
		for (int i = 0; i < s->v.n; i++)
			json_array_append_new(list, item(&s->v.v[i], o));
		return json_dumpf(doc, out, DUMP_FLAGS);
	}
	const char *line = at;
	while (line > text && line[-1] != '\n')
		line--;
	size_t indent = (size_t)(at - line);
	fwrite(text, 1, (size_t)(at - text), out);
	int rc = 0;
	for (int i = 0; i < s->v.n && rc == 0; i++) {
		if (i > 0) {
			fputs(",\n", out);
			fwrite(line, 1, indent, out);
		}
		rc = put_item(item(&s->v.v[i], o), line, indent, out);
	}
	if (rc == 0)
		fputs(at + strlen(items_mark_dumped), out);
	free(text);
	return rc;
}

bool
report_is_text(Format f)
{
	return f == FMT_TEXT || f == FMT_GCC || f == FMT_RICH;
}

int
report_write(const FindingSet *s, const ReportOptions *o, FILE *out)
{
	if (report_is_text(o->format)) {
		TextStyle st = {o->format == FMT_RICH, o->color};
		Renderer *r = render_new(st);
		render_all(r, s, out);
		render_free(r);
		return ferror(out) ? -1 : 0;
	}
	json_t *list;
	json_t *doc = o->format == FMT_JSON ? json_doc(o, &list) :
		      o->format == FMT_SARIF ? sarif_doc(o, &list) : codeclimate_doc(o, &list);
	ItemFn item = o->format == FMT_JSON ? json_item :
		      o->format == FMT_SARIF ? sarif_result : codeclimate_issue;
	int rc = dump_items(doc, list, s, item, o, out);
	json_decref(doc);
	if (rc == 0)
		fputc('\n', out);
	return rc != 0 || ferror(out) ? -1 : 0;
}

/* ---- files written whole ----------------------------------------------- */

/* The temporary files open now, for report_file_remove_partial(): a slot
 * is filled before its flag is set and emptied after it is cleared. */
#define NPENDING 4
static char pending[NPENDING][PATH_MAX + 32];
static volatile sig_atomic_t pending_used[NPENDING];

static int
pending_add(const char *tmp)
{
	for (int i = 0; i < NPENDING; i++)
		if (!pending_used[i] && strlen(tmp) < sizeof(pending[i])) {
			strcpy(pending[i], tmp);
			pending_used[i] = 1;
			return i;
		}
	return -1;
}

static void
pending_drop(int slot)
{
	if (slot >= 0)
		pending_used[slot] = 0;
}

void
report_file_remove_partial(void)
{
	for (int i = 0; i < NPENDING; i++)
		if (pending_used[i])
			unlink(pending[i]);
}

/* A path that exists and is not a regular file is written in place. */
static bool
in_place(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* The mode a new file gets (0666 less the umask), or the existing one's. */
static mode_t
file_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

static int
open_temp(OutFile *of, Diag *d)
{
	char real[PATH_MAX];
	/* a symbolic link keeps pointing where it did: its target is replaced */
	if (realpath(of->path, real)) {
		mem_free(of->path);
		of->path = xstrdup(real);
	}
	of->tmp = xmalloc(strlen(of->path) + 16);
	sprintf(of->tmp, "%s.tmp-XXXXXX", of->path);
	int fd = mkstemp(of->tmp);
	if (fd >= 0 && fchmod(fd, file_mode(of->path)) != 0) {
		close(fd);
		unlink(of->tmp);
		fd = -1;
	}
	if (fd >= 0) {
		of->f = fdopen(fd, "w");    /* fails only without memory */
		if (!of->f)
			close(fd);
	}
	if (!of->f) {
		diag_error(d, of->path, 0, 0, "cannot write: %s", strerror(errno));
		mem_free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	of->slot = pending_add(of->tmp);
	return 0;
}

int
report_file_open(OutFile *of, const char *path, Diag *d)
{
	memset(of, 0, sizeof(*of));
	of->slot = -1;
	of->path = xstrdup(path);
	if (access(path, F_OK) == 0 && access(path, W_OK) != 0) {
		diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	if (!in_place(path))
		return open_temp(of, d);
	if (!(of->f = fopen(path, "w"))) {
		diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
file_release(OutFile *of)
{
	if (of->tmp)
		pending_drop(of->slot);
	mem_free(of->path);
	mem_free(of->tmp);
	memset(of, 0, sizeof(*of));
	of->slot = -1;
}

void
report_file_abort(OutFile *of)
{
	if (of->f)
		fclose(of->f);
	if (of->tmp)
		unlink(of->tmp);
	file_release(of);
}

int
report_file_commit(OutFile *of, Diag *d)
{
	bool bad = !of->f || ferror(of->f);
	int err = bad ? EIO : 0;
	if (of->f && fflush(of->f) != 0)
		err = errno, bad = true;
	if (of->f && !bad && of->tmp && fsync(fileno(of->f)) != 0)
		err = errno, bad = true;
	if (of->f && fclose(of->f) != 0 && !bad)
		err = errno, bad = true;
	of->f = NULL;
	if (!bad && of->tmp && rename(of->tmp, of->path) != 0)
		err = errno, bad = true;
	if (bad) {
		diag_error(d, of->path, 0, 0, "cannot write: %s%s", strerror(err),
			   of->tmp ? " (the previous file is kept)" : "");
		if (of->tmp)
			unlink(of->tmp);
	}
	file_release(of);
	return bad ? -1 : 0;
}
