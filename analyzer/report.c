/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <string.h>
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

static json_t *
str(const char *s)
{
	return json_string(s ? s : "");
}

/* A string, or null when it is not known. */
static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
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
json_doc(const FindingSet *s)
{
	json_t *root = json_object(), *list = json_array();
	json_object_set_new(root, "version", json_string(CLOSECHECK_VERSION));
	for (int i = 0; i < s->v.n; i++)
		json_array_append_new(list, json_finding(&s->v.v[i]));
	json_object_set_new(root, "findings", list);
	return root;
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

static json_t *
sarif_location(Loc l, const ReportOptions *o, const char *msg)
{
	json_t *art = json_object(), *region = json_object(), *phys = json_object();
	json_t *loc = json_object();
	char buf[PATH_MAX], uri[3 * PATH_MAX + 16];
	const char *rel = finding_relpath(l.file, o->srcroot, buf, sizeof(buf));
	/* outside the source root: an absolute file: URI */
	uri_path(uri, sizeof(uri), rel[0] == '/' ? "file://" : "", rel);
	json_object_set_new(art, "uri", json_string(uri));
	if (rel[0] != '/' && o->srcroot)
		json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%"));
	json_object_set_new(region, "startLine", json_integer(l.line > 0 ? l.line : 1));
	json_object_set_new(region, "startColumn", json_integer(l.col > 0 ? l.col : 1));
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(phys, "region", region);
	json_object_set_new(loc, "physicalLocation", phys);
	if (msg)
		json_object_set_new(loc, "message", text_obj(msg));
	return loc;
}

/* One check as a reportingDescriptor: descriptions, help and its page. */
static json_t *
sarif_rule(const CheckInfo *ci, bool on, const ReportOptions *o)
{
	json_t *r = json_object(), *cfg = json_object();
	const char *doc = strncmp(ci->doc, "docs/", 5) == 0 ? ci->doc + 5 : ci->doc;
	char uri[1024], full[1024], help[2200], md[2400];
	snprintf(uri, sizeof(uri), "%s%s", o->doc_base ? o->doc_base : "", doc);
	snprintf(full, sizeof(full), "%s. %s", ci->summary, ci->fix);
	snprintf(help, sizeof(help), "%s The problem, an example and the fix: %s",
		 full, o->doc_base ? uri : ci->doc);
	snprintf(md, sizeof(md), "%s\n\nThe problem, an example and the fix: [%s](%s)",
		 full, ci->doc, o->doc_base ? uri : ci->doc);
	json_t *h = text_obj(help);
	json_object_set_new(h, "markdown", json_string(md));
	json_object_set_new(r, "id", str(ci->id));
	json_object_set_new(r, "shortDescription", text_obj(ci->summary));
	json_object_set_new(r, "fullDescription", text_obj(full));
	json_object_set_new(r, "help", h);
	if (o->doc_base)
		json_object_set_new(r, "helpUri", str(uri));
	json_object_set_new(cfg, "level", json_string(sarif_level(ci->severity)));
	json_object_set_new(cfg, "enabled", json_boolean(on));
	json_object_set_new(r, "defaultConfiguration", cfg);
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

static json_t *
sarif_doc(const FindingSet *s, const ReportOptions *o)
{
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *results = json_array();
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
	for (int i = 0; i < s->v.n; i++)
		json_array_append_new(results, sarif_result(&s->v.v[i], o));
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
codeclimate_doc(const FindingSet *s, const ReportOptions *o)
{
	json_t *list = json_array();
	for (int i = 0; i < s->v.n; i++) {
		const Finding *f = &s->v.v[i];
		json_t *issue = json_object(), *loc = json_object(), *lines = json_object();
		char desc[2048], buf[PATH_MAX];
		snprintf(desc, sizeof(desc), "%s [%s]", f->message, f->check);
		json_object_set_new(issue, "type", json_string("issue"));
		json_object_set_new(issue, "check_name", str(f->check));
		json_object_set_new(issue, "description", str(desc));
		json_object_set_new(issue, "categories", json_pack("[s]", "Bug Risk"));
		json_object_set_new(issue, "fingerprint", str(f->fingerprint));
		json_object_set_new(issue, "severity", json_string(codeclimate_severity(f->severity)));
		json_object_set_new(lines, "begin", json_integer(f->loc.line));
		json_object_set_new(loc, "path",
				    str(finding_relpath(f->loc.file, o->srcroot, buf, sizeof(buf))));
		json_object_set_new(loc, "lines", lines);
		json_object_set_new(issue, "location", loc);
		json_array_append_new(list, issue);
	}
	return list;
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
	json_t *doc = o->format == FMT_JSON ? json_doc(s) :
		      o->format == FMT_SARIF ? sarif_doc(s, o) : codeclimate_doc(s, o);
	int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (rc == 0)
		fputc('\n', out);
	return rc != 0 || ferror(out) ? -1 : 0;
}
