/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of report.c and the fingerprints of finding.c: each output
 * format written for a hand-made set of findings and read back (the JSON
 * ones with jansson), relative paths, URI encoding, and fingerprints that
 * survive moved lines but tell different findings apart; SARIF rules (name,
 * help from the check pages, CWE tags, links under --doc-base) and the
 * errors of a run in JSON and SARIF.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

#define ROOT "/nonexistent/proj"

static Finding
finding(const char *check, const char *file, int line, const char *func, const char *msg)
{
	Finding f = {0};
	f.check = check;
	f.severity = "warning";
	f.loc = (Loc){file, line, 3};
	f.func = func;
	f.message = msg;
	return f;
}

/* Two findings with path notes, one in a file outside the root whose name
 * needs percent-encoding, one with nothing known but the basics. */
static void
sample(FindingSet *s)
{
	findings_init(s);
	Note n1[2] = {{{ROOT "/src/db.c", 10, 14}, "'c' acquired here by 'PQconnectdb'"},
		      {{ROOT "/src/db.c", 11, 6}, "'PQstatus(c) != CONNECTION_OK' is true"}};
	Finding f = finding("leak", ROOT "/src/db.c", 12, "open_db",
			    "connection 'c' acquired by 'PQconnectdb' at line 10 is not released on this path");
	f.rule = "PQconnectdb";
	f.pack = "libpq";
	f.kind = "pg_conn";
	f.notes = n1;
	f.nnotes = 2;
	findings_add(s, &f);
	Note n2[1] = {{{"/elsewhere/my lib/x#1.c", 3, 9}, "acquired here by 'fopen'"}};
	f = finding("double-release", "/elsewhere/my lib/x#1.c", 7, NULL,
		    "stream 'f' is released twice: again here by 'fclose'");
	f.severity = "error";
	f.notes = n2;
	f.nnotes = 1;
	findings_add(s, &f);
	f = finding("txn-open", ROOT "/src/txn.c", 40, "save", "transaction is still open");
	f.severity = "note";
	findings_add(s, &f);
	findings_sort(s);
	findings_fingerprint(s, ROOT);
}

/* The report as text (caller frees). */
static char *
render_ro(const FindingSet *s, const ReportOptions *ro)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(report_write(s, ro, out), 0);
	fclose(out);
	return buf;
}

static char *
render(const FindingSet *s, Format fmt, const char *doc_base, const CheckSet *cs)
{
	ReportOptions ro = {.format = fmt, .srcroot = ROOT, .doc_base = doc_base, .checks = cs};
	return render_ro(s, &ro);
}

static json_t *
parse(char *text)
{
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);
	if (!doc)
		fail_msg("not JSON: %s at %d:%d\n%s", err.text, err.line, err.column, text);
	free(text);
	return doc;
}

static json_t *
render_json(const FindingSet *s, Format fmt, const char *doc_base, const CheckSet *cs)
{
	return parse(render(s, fmt, doc_base, cs));
}

static json_t *
render_json_ro(const FindingSet *s, const ReportOptions *ro)
{
	return parse(render_ro(s, ro));
}

static const char *
sget(json_t *o, const char *path)
{
	json_t *v = o;
	char key[64];
	for (const char *p = path; v && *p;) {
		size_t n = strcspn(p, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(key)) : json_object_get(v, key);
		p += n + (p[n] == '.');
	}
	if (!json_is_string(v))
		fail_msg("'%s' is not a string", path);
	return json_string_value(v);
}

static long long
iget(json_t *o, const char *path)
{
	json_t *v = o;
	char key[64];
	for (const char *p = path; v && *p;) {
		size_t n = strcspn(p, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(key)) : json_object_get(v, key);
		p += n + (p[n] == '.');
	}
	if (!json_is_integer(v))
		fail_msg("'%s' is not an integer", path);
	return json_integer_value(v);
}

/* ---- formats ------------------------------------------------------------ */

static void
test_format_parse(void **state)
{
	Format f;
	assert_int_equal(report_format_parse("text", &f), 0);
	assert_int_equal(f, FMT_TEXT);
	assert_int_equal(report_format_parse("json", &f), 0);
	assert_int_equal(f, FMT_JSON);
	assert_int_equal(report_format_parse("sarif", &f), 0);
	assert_int_equal(f, FMT_SARIF);
	assert_int_equal(report_format_parse("codeclimate", &f), 0);
	assert_int_equal(f, FMT_CODECLIMATE);
	assert_int_equal(report_format_parse("xml", &f), -1);
	assert_int_equal(report_format_parse("", &f), -1);
}

static void
test_text(void **state)
{
	FindingSet s;
	sample(&s);
	char *t = render(&s, FMT_TEXT, NULL, NULL);
	assert_string_equal(t,
		"/elsewhere/my lib/x#1.c:7:3: error: stream 'f' is released twice: again here by 'fclose' [double-release]\n"
		"/elsewhere/my lib/x#1.c:3:9: note: acquired here by 'fopen'\n"
		ROOT "/src/db.c:12:3: warning: connection 'c' acquired by 'PQconnectdb' at line 10 is not released on this path [leak]\n"
		ROOT "/src/db.c:10:14: note: 'c' acquired here by 'PQconnectdb'\n"
		ROOT "/src/db.c:11:6: note: 'PQstatus(c) != CONNECTION_OK' is true\n"
		ROOT "/src/txn.c:40:3: note: transaction is still open [txn-open]\n");
	free(t);
	findings_release(&s);
}

static void
test_json(void **state)
{
	FindingSet s;
	sample(&s);
	json_t *d = render_json(&s, FMT_JSON, NULL, NULL);
	assert_string_equal(sget(d, "version"), CLOSECHECK_VERSION);
	json_t *list = json_object_get(d, "findings");
	assert_int_equal(json_array_size(list), 3);
	json_t *leak = json_array_get(list, 1);
	assert_string_equal(sget(leak, "check"), "leak");
	assert_string_equal(sget(leak, "severity"), "warning");
	assert_string_equal(sget(leak, "file"), ROOT "/src/db.c");
	assert_int_equal(iget(leak, "line"), 12);
	assert_int_equal(iget(leak, "column"), 3);
	assert_int_equal(iget(leak, "end_line"), 12);
	assert_int_equal(iget(leak, "end_column"), 3);
	assert_string_equal(sget(leak, "function"), "open_db");
	assert_string_equal(sget(leak, "rule"), "PQconnectdb");
	assert_string_equal(sget(leak, "pack"), "libpq");
	assert_string_equal(sget(leak, "kind"), "pg_conn");
	assert_string_equal(sget(leak, "fingerprint"), s.v.v[1].fingerprint);
	assert_int_equal(json_array_size(json_object_get(leak, "path")), 2);
	assert_int_equal(iget(leak, "path.1.line"), 11);
	assert_int_equal(iget(leak, "path.1.column"), 6);
	assert_string_equal(sget(leak, "path.0.message"), "'c' acquired here by 'PQconnectdb'");
	/* unknown: null, not "" */
	json_t *dbl = json_array_get(list, 0);
	assert_true(json_is_null(json_object_get(dbl, "function")));
	assert_true(json_is_null(json_object_get(dbl, "pack")));
	assert_string_equal(sget(dbl, "severity"), "error");
	json_decref(d);
	findings_release(&s);
}

static void
test_sarif(void **state)
{
	FindingSet s;
	sample(&s);
	CheckSet cs;
	checks_default(&cs);
	cs.on[checks_find("txn-open")] = false;
	json_t *d = render_json(&s, FMT_SARIF, "https://example.org/cc/docs/", &cs);
	assert_string_equal(sget(d, "version"), "2.1.0");
	json_t *run = json_array_get(json_object_get(d, "runs"), 0);
	assert_string_equal(sget(run, "tool.driver.name"), "closecheck");
	assert_string_equal(sget(run, "tool.driver.version"), CLOSECHECK_VERSION);
	assert_string_equal(sget(run, "tool.driver.informationUri"), "https://example.org/cc/docs/");
	assert_string_equal(sget(run, "originalUriBaseIds.%SRCROOT%.uri"), "file://" ROOT "/");
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	assert_int_equal(json_array_size(rules), checks_count());
	for (int i = 0; i < checks_count(); i++) {
		json_t *r = json_array_get(rules, (size_t)i);
		char uri[200];
		snprintf(uri, sizeof(uri), "https://example.org/cc/docs/checks/%s.md", checks_at(i)->id);
		assert_string_equal(sget(r, "id"), checks_at(i)->id);
		assert_string_equal(sget(r, "name"), checks_at(i)->name);
		assert_string_not_equal(sget(r, "name"), checks_at(i)->id);
		assert_string_equal(sget(r, "helpUri"), uri);
		assert_string_equal(sget(r, "properties.precision"), checks_at(i)->precision);
		json_t *props = json_object_get(r, "properties");
		assert_string_equal(json_string_value(json_object_get(props, "problem.severity")),
				    "warning");
		json_t *tags = json_object_get(props, "tags");
		assert_string_equal(sget(tags, "0"), "correctness");
		for (int k = 0; k < 3 && checks_at(i)->cwe[k]; k++) {
			char tag[40];
			snprintf(tag, sizeof(tag), "external/cwe/cwe-%d", checks_at(i)->cwe[k]);
			assert_string_equal(sget(tags, k == 0 ? "1" : k == 1 ? "2" : "3"), tag);
		}
		assert_string_equal(sget(r, "shortDescription.text"), checks_at(i)->summary);
		assert_non_null(strstr(sget(r, "fullDescription.text"), checks_at(i)->fix));
		assert_non_null(strstr(sget(r, "help.text"), uri));
		assert_non_null(strstr(sget(r, "help.markdown"), uri));
		json_t *on = json_object_get(json_object_get(r, "defaultConfiguration"), "enabled");
		assert_true(json_is_boolean(on));
		assert_int_equal(json_is_true(on), strcmp(checks_at(i)->id, "txn-open") != 0);
	}
	json_t *res = json_object_get(run, "results");
	assert_int_equal(json_array_size(res), 3);
	/* the leak: relative to %SRCROOT%, fingerprint, a code flow */
	json_t *leak = json_array_get(res, 1);
	assert_string_equal(sget(leak, "ruleId"), "leak");
	assert_int_equal(iget(leak, "ruleIndex"), checks_find("leak"));
	assert_string_equal(sget(leak, "level"), "warning");
	assert_string_equal(sget(leak, "locations.0.physicalLocation.artifactLocation.uri"), "src/db.c");
	assert_string_equal(sget(leak, "locations.0.physicalLocation.artifactLocation.uriBaseId"),
			    "%SRCROOT%");
	assert_int_equal(iget(leak, "locations.0.physicalLocation.region.startLine"), 12);
	assert_int_equal(iget(leak, "locations.0.physicalLocation.region.startColumn"), 3);
	assert_string_equal(sget(leak, "partialFingerprints.closecheck/v1"), s.v.v[1].fingerprint);
	json_t *steps = json_object_get(json_array_get(json_object_get(
		json_array_get(json_object_get(leak, "codeFlows"), 0), "threadFlows"), 0), "locations");
	assert_int_equal(json_array_size(steps), 3);
	assert_string_equal(sget(steps, "0.location.message.text"), "'c' acquired here by 'PQconnectdb'");
	assert_int_equal(iget(steps, "1.location.physicalLocation.region.startLine"), 11);
	assert_int_equal(iget(steps, "2.location.physicalLocation.region.startLine"), 12);
	/* outside the root: an absolute, percent-encoded file: URI, no base */
	json_t *dbl = json_array_get(res, 0);
	assert_string_equal(sget(dbl, "level"), "error");
	assert_string_equal(sget(dbl, "locations.0.physicalLocation.artifactLocation.uri"),
			    "file:///elsewhere/my%20lib/x%231.c");
	assert_null(json_object_get(json_object_get(json_object_get(json_array_get(
		json_object_get(dbl, "locations"), 0), "physicalLocation"), "artifactLocation"),
		"uriBaseId"));
	/* no notes: no code flow */
	json_t *txn = json_array_get(res, 2);
	assert_string_equal(sget(txn, "level"), "note");
	assert_null(json_object_get(txn, "codeFlows"));
	json_decref(d);
	findings_release(&s);
}

static void
test_sarif_without_doc_base(void **state)
{
	FindingSet s;
	sample(&s);
	json_t *d = render_json(&s, FMT_SARIF, NULL, NULL);
	json_t *run = json_array_get(json_object_get(d, "runs"), 0);
	json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
	assert_null(json_object_get(driver, "informationUri"));
	json_t *r = json_array_get(json_object_get(driver, "rules"), 0);
	assert_null(json_object_get(r, "helpUri"));        /* only from --doc-base */
	/* no page found (docs_dir NULL), no link: the summary and the fix */
	assert_null(strstr(sget(r, "help.text"), "docs/checks/leak.md"));
	assert_non_null(strstr(sget(r, "help.text"), checks_at(0)->fix));
	assert_string_equal(sget(r, "help.markdown"), sget(r, "help.text"));
	json_decref(d);
	findings_release(&s);
}

static void
test_doc_uri(void **state)
{
	static const char *const bases[] = {"https://host/docs", "https://host/docs/",
					    "https://host/docs//"};
	for (size_t i = 0; i < 3; i++) {
		char *u = checks_doc_uri(bases[i], "docs/checks/leak.md");
		assert_string_equal(u, "https://host/docs/checks/leak.md");
		mem_free(u);
		u = checks_doc_uri(bases[i], "checks/leak.md");
		assert_string_equal(u, "https://host/docs/checks/leak.md");
		mem_free(u);
	}
	char *u = checks_doc_uri("file:///usr/share/doc/closecheck/", "rules.md");
	assert_string_equal(u, "file:///usr/share/doc/closecheck/rules.md");
	mem_free(u);
}

/* --doc-base without its final '/': one '/' all the same. */
static void
test_sarif_doc_base_without_slash(void **state)
{
	FindingSet s;
	sample(&s);
	json_t *d = render_json(&s, FMT_SARIF, "https://host/docs", NULL);
	json_t *run = json_array_get(json_object_get(d, "runs"), 0);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	json_t *leak = json_array_get(rules, (size_t)checks_find("leak"));
	assert_string_equal(sget(leak, "helpUri"), "https://host/docs/checks/leak.md");
	assert_non_null(strstr(sget(leak, "help.markdown"), "(https://host/docs/checks/leak.md)"));
	assert_string_equal(sget(run, "tool.driver.informationUri"), "https://host/docs");
	json_decref(d);
	findings_release(&s);
}

static json_t *
rule_of(json_t *sarif, const char *id)
{
	json_t *run = json_array_get(json_object_get(sarif, "runs"), 0);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	return json_array_get(rules, (size_t)checks_find(id));
}

/* The pages of docs/checks/ as help; their links to each other absolute
 * under --doc-base, plain text without. */
static void
test_sarif_help_pages(void **state)
{
	FindingSet s;
	sample(&s);
	ReportOptions ro = {.format = FMT_SARIF, .srcroot = ROOT, .docs_dir = RULES_DIR "/../docs"};
	json_t *d = render_json_ro(&s, &ro);
	const char *md = sget(rule_of(d, "leak"), "help.markdown");
	assert_true(strncmp(md, "# `leak`: a handle is not released", 34) == 0);
	assert_non_null(strstr(md, "## The fix"));
	assert_string_equal(sget(rule_of(d, "leak"), "help.text"), md);
	md = sget(rule_of(d, "loop-release"), "help.markdown");
	assert_non_null(strstr(md, "released at all is a `leak`, reported"));
	assert_null(strstr(md, "](leak.md)"));
	assert_null(json_object_get(rule_of(d, "leak"), "helpUri"));
	json_decref(d);

	ro.doc_base = "https://h/d";
	d = render_json_ro(&s, &ro);
	md = sget(rule_of(d, "loop-release"), "help.markdown");
	assert_non_null(strstr(md, "released at all is a [`leak`](https://h/d/checks/leak.md), reported"));
	md = sget(rule_of(d, "thread-release"), "help.markdown");
	assert_non_null(strstr(md, "[`use-after-release`](https://h/d/checks/use-after-release.md)"));
	json_decref(d);

	/* no pages there: the summary and the fix */
	ro.docs_dir = "/nonexistent";
	ro.doc_base = NULL;
	d = render_json_ro(&s, &ro);
	char want[2048];
	snprintf(want, sizeof(want), "%s. %s", checks_at(0)->summary, checks_at(0)->fix);
	assert_string_equal(sget(rule_of(d, checks_at(0)->id), "help.markdown"), want);
	assert_string_equal(sget(rule_of(d, checks_at(0)->id), "help.text"), want);
	json_decref(d);
	findings_release(&s);
}

/* Two errors of the run, reported out of order as workers do. */
static void
sample_errors(Diag *d)
{
	diag_init(d, NULL);
	d->keep_errors = true;
	diag_warning(d, ROOT "/src/w.c", 1, 1, "a warning is not recorded");
	diag_error(d, ROOT "/src/bad.c", 4, 10, "expected ';' after expression");
	diag_error(d, "/elsewhere/gone.c", 0, 0, "cannot read file: No such file or directory");
	diag_error(d, NULL, 0, 0, "cannot find the shipped rule packs");
	diag_error(d, ROOT "/src/bad.c", 2, 0, "unknown type name 'foo'");
}

static void
test_json_errors(void **state)
{
	FindingSet s;
	sample(&s);
	Diag dg;
	sample_errors(&dg);
	ReportOptions ro = {.format = FMT_JSON, .srcroot = ROOT, .diag = &dg};
	json_t *d = render_json_ro(&s, &ro);
	assert_int_equal(json_array_size(json_object_get(d, "findings")), 3);
	json_t *e = json_object_get(d, "errors");
	assert_int_equal(json_array_size(e), 4);
	/* sorted: no file first, then by file, line, column */
	assert_true(json_is_null(json_object_get(json_array_get(e, 0), "file")));
	assert_true(json_is_null(json_object_get(json_array_get(e, 0), "line")));
	assert_string_equal(sget(e, "0.message"), "cannot find the shipped rule packs");
	assert_string_equal(sget(e, "1.file"), "/elsewhere/gone.c");
	assert_true(json_is_null(json_object_get(json_array_get(e, 1), "column")));
	assert_string_equal(sget(e, "2.file"), ROOT "/src/bad.c");
	assert_int_equal(iget(e, "2.line"), 2);
	assert_true(json_is_null(json_object_get(json_array_get(e, 2), "column")));
	assert_int_equal(iget(e, "3.line"), 4);
	assert_int_equal(iget(e, "3.column"), 10);
	assert_string_equal(sget(e, "3.message"), "expected ';' after expression");
	assert_int_equal(json_object_size(json_array_get(e, 3)), 4);
	json_decref(d);
	diag_release(&dg);
	assert_int_equal(dg.nerrs, 0);
	/* none: an empty list, the key is always there */
	d = render_json(&s, FMT_JSON, NULL, NULL);
	assert_true(json_is_array(json_object_get(d, "errors")));
	assert_int_equal(json_array_size(json_object_get(d, "errors")), 0);
	json_decref(d);
	findings_release(&s);
}

static void
test_sarif_errors(void **state)
{
	FindingSet s;
	sample(&s);
	Diag dg;
	sample_errors(&dg);
	ReportOptions ro = {.format = FMT_SARIF, .srcroot = ROOT, .diag = &dg};
	json_t *d = render_json_ro(&s, &ro);
	json_t *run = json_array_get(json_object_get(d, "runs"), 0);
	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	json_t *n = json_object_get(inv, "toolExecutionNotifications");
	assert_int_equal(json_array_size(n), 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(sget(json_array_get(n, i), "level"), "error");
	assert_null(json_object_get(json_array_get(n, 0), "locations"));
	assert_string_equal(sget(n, "0.message.text"), "cannot find the shipped rule packs");
	assert_string_equal(sget(n, "1.locations.0.physicalLocation.artifactLocation.uri"),
			    "file:///elsewhere/gone.c");
	assert_null(json_object_get(json_object_get(json_array_get(json_object_get(
		json_array_get(n, 1), "locations"), 0), "physicalLocation"), "region"));
	assert_string_equal(sget(n, "3.locations.0.physicalLocation.artifactLocation.uri"), "src/bad.c");
	assert_string_equal(sget(n, "3.locations.0.physicalLocation.artifactLocation.uriBaseId"),
			    "%SRCROOT%");
	assert_int_equal(iget(n, "3.locations.0.physicalLocation.region.startLine"), 4);
	assert_int_equal(iget(n, "3.locations.0.physicalLocation.region.startColumn"), 10);
	assert_string_equal(sget(n, "3.message.text"), "expected ';' after expression");
	assert_int_equal(iget(n, "2.locations.0.physicalLocation.region.startLine"), 2);
	assert_null(json_object_get(json_object_get(json_object_get(json_array_get(json_object_get(
		json_array_get(n, 2), "locations"), 0), "physicalLocation"), "region"), "startColumn"));
	json_decref(d);
	diag_release(&dg);
	/* a run without errors, or errors counted but not kept */
	d = render_json(&s, FMT_SARIF, NULL, NULL);
	inv = json_array_get(json_object_get(json_array_get(json_object_get(d, "runs"), 0),
					     "invocations"), 0);
	assert_true(json_is_true(json_object_get(inv, "executionSuccessful")));
	assert_null(json_object_get(inv, "toolExecutionNotifications"));
	json_decref(d);
	diag_init(&dg, NULL);
	diag_error(&dg, NULL, 0, 0, "not kept");
	assert_int_equal(dg.nerrs, 0);
	d = render_json_ro(&s, &ro);
	inv = json_array_get(json_object_get(json_array_get(json_object_get(d, "runs"), 0),
					     "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	assert_null(json_object_get(inv, "toolExecutionNotifications"));
	json_decref(d);
	findings_release(&s);
}

static void
test_codeclimate(void **state)
{
	FindingSet s;
	sample(&s);
	json_t *d = render_json(&s, FMT_CODECLIMATE, NULL, NULL);
	assert_true(json_is_array(d));
	assert_int_equal(json_array_size(d), 3);
	static const char *const sev[] = {"critical", "major", "minor"};
	static const char *const path[] = {"/elsewhere/my lib/x#1.c", "src/db.c", "src/txn.c"};
	for (size_t i = 0; i < 3; i++) {
		json_t *x = json_array_get(d, i);
		assert_string_equal(sget(x, "type"), "issue");
		assert_string_equal(sget(x, "check_name"), s.v.v[i].check);
		assert_string_equal(sget(x, "fingerprint"), s.v.v[i].fingerprint);
		assert_string_equal(sget(x, "severity"), sev[i]);
		assert_string_equal(sget(x, "location.path"), path[i]);
		assert_int_equal(iget(x, "location.lines.begin"), s.v.v[i].loc.line);
		assert_non_null(strstr(sget(x, "description"), s.v.v[i].message));
		assert_string_equal(sget(x, "categories.0"), "Bug Risk");
	}
	json_decref(d);
	findings_release(&s);
}

static void
test_empty(void **state)
{
	FindingSet s;
	findings_init(&s);
	char *t = render(&s, FMT_TEXT, NULL, NULL);
	assert_string_equal(t, "");
	free(t);
	json_t *d = render_json(&s, FMT_JSON, NULL, NULL);
	assert_int_equal(json_array_size(json_object_get(d, "findings")), 0);
	json_decref(d);
	d = render_json(&s, FMT_SARIF, NULL, NULL);
	json_t *run = json_array_get(json_object_get(d, "runs"), 0);
	assert_true(json_is_array(json_object_get(run, "results")));
	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	json_decref(d);
	d = render_json(&s, FMT_CODECLIMATE, NULL, NULL);
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	findings_release(&s);
}

/* ---- fingerprints ------------------------------------------------------- */

/* The fingerprint of one finding alone in a set. */
static void
print_of(const Finding *f, const char *root, char out[17])
{
	FindingSet s;
	findings_init(&s);
	findings_add(&s, f);
	findings_fingerprint(&s, root);
	assert_int_equal(strlen(s.v.v[0].fingerprint), 16);
	memcpy(out, s.v.v[0].fingerprint, 17);
	findings_release(&s);
}

static void
test_fingerprint_stable(void **state)
{
	char a[17], b[17], c[17];
	Finding f = finding("leak", ROOT "/a.c", 12, "f", "memory 'p' acquired by 'malloc' at line 10 is not released");
	print_of(&f, ROOT, a);
	/* lines moved: the same */
	Finding g = finding("leak", ROOT "/a.c", 40, "f", "memory 'p' acquired by 'malloc' at line 38 is not released");
	print_of(&g, ROOT, b);
	assert_string_equal(a, b);
	/* the same file under another root: relative paths agree */
	Finding h = finding("leak", "/other/checkout/a.c", 12, "f", f.message);
	print_of(&h, "/other/checkout/", c);
	assert_string_equal(a, c);
}

static void
test_fingerprint_differs(void **state)
{
	char a[17], b[17];
	Finding f = finding("leak", ROOT "/a.c", 12, "f", "memory 'p1' acquired by 'malloc' at line 10 is not released");
	print_of(&f, ROOT, a);
	Finding g = f;
	g.message = "memory 'p2' acquired by 'malloc' at line 10 is not released";
	print_of(&g, ROOT, b);
	assert_string_not_equal(a, b);          /* digits in names count */
	g = f;
	g.func = "other";
	print_of(&g, ROOT, b);
	assert_string_not_equal(a, b);
	g = f;
	g.check = "double-release";
	print_of(&g, ROOT, b);
	assert_string_not_equal(a, b);
	g = f;
	g.loc.file = ROOT "/b.c";
	print_of(&g, ROOT, b);
	assert_string_not_equal(a, b);
}

static void
test_fingerprint_rank(void **state)
{
	/* two findings equal but for their lines: told apart by their rank */
	FindingSet s;
	findings_init(&s);
	Finding f = finding("leak", ROOT "/a.c", 12, "f", "memory acquired by 'malloc' at line 10 is lost");
	findings_add(&s, &f);
	f.loc.line = 20;
	f.message = "memory acquired by 'malloc' at line 18 is lost";
	findings_add(&s, &f);
	findings_sort(&s);
	findings_fingerprint(&s, ROOT);
	assert_string_not_equal(s.v.v[0].fingerprint, s.v.v[1].fingerprint);
	char alone[17];
	print_of(&s.v.v[0], ROOT, alone);
	assert_string_equal(alone, s.v.v[0].fingerprint);
	findings_release(&s);

	/* three equal findings among others: each takes its rank among the
	 * equal ones before it, whatever lies between them */
	Finding a = finding("leak", ROOT "/a.c", 12, "f", "memory 'p' acquired by 'malloc' at line 10 is lost");
	Finding b = finding("leak", ROOT "/a.c", 14, "g", "memory 'q' acquired by 'malloc' at line 13 is lost");
	FindingSet mixed, only;
	findings_init(&mixed);
	findings_init(&only);
	int line[] = {12, 0, 20, 30, 0};
	for (int k = 0; k < 5; k++) {
		Finding *x = line[k] ? &a : &b;
		if (line[k])
			x->loc.line = line[k];
		findings_add(&mixed, x);
		if (line[k])
			findings_add(&only, x);
	}
	findings_fingerprint(&mixed, ROOT);
	findings_fingerprint(&only, ROOT);
	const int at_a[] = {0, 2, 3};
	for (int k = 0; k < 3; k++) {
		assert_string_equal(mixed.v.v[at_a[k]].fingerprint, only.v.v[k].fingerprint);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(only.v.v[j].fingerprint, only.v.v[k].fingerprint);
	}
	assert_string_not_equal(mixed.v.v[1].fingerprint, mixed.v.v[4].fingerprint);
	char first_b[17];
	print_of(&b, ROOT, first_b);
	assert_string_equal(mixed.v.v[1].fingerprint, first_b);
	findings_release(&mixed);
	findings_release(&only);
}

static void
test_relpath(void **state)
{
	char buf[4096];
	assert_string_equal(finding_relpath(ROOT "/src/a.c", ROOT, buf, sizeof(buf)), "src/a.c");
	assert_string_equal(finding_relpath(ROOT "/src/a.c", ROOT "/", buf, sizeof(buf)), "src/a.c");
	assert_string_equal(finding_relpath(ROOT "x/a.c", ROOT, buf, sizeof(buf)), ROOT "x/a.c");
	assert_string_equal(finding_relpath("/a/b.c", "/", buf, sizeof(buf)), "a/b.c");
	assert_string_equal(finding_relpath(NULL, ROOT, buf, sizeof(buf)), "");
	/* relative names are taken from the current directory */
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(finding_relpath("no/such.c", cwd, buf, sizeof(buf)), "no/such.c");
	char want[4200];
	snprintf(want, sizeof(want), "%s/no/such.c", cwd);
	assert_string_equal(finding_relpath("no/such.c", ROOT, buf, sizeof(buf)), want);
}

/* ---- bytes that are not UTF-8, files written whole ---------------------- */

static void
test_json_text(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{"plain", "plain"},
		{"caf\xc3\xa9", "caf\xc3\xa9"},                  /* valid: kept */
		{"l\xe9" "ak.c", "l\xef\xbf\xbd" "ak.c"},         /* Latin-1 byte */
		{"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},         /* overlong '/' */
		{"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
		{"x\xe2\x82", "x\xef\xbf\xbd\xef\xbf\xbd"},       /* cut short */
		{"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},         /* 4 bytes */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = report_json_text(cases[i].in);
		assert_non_null(j);
		assert_string_equal(json_string_value(j), cases[i].out);
		json_decref(j);
	}
	json_t *j = report_json_text(NULL);
	assert_string_equal(json_string_value(j), "");
	json_decref(j);
}

/* A path and a message with a Latin-1 byte keep their keys in every format
 * (jansson's json_string() refuses them), and SARIF keeps its message text. */
static void
test_non_utf8_keeps_keys(void **state)
{
	FindingSet s;
	findings_init(&s);
	Finding f = finding("leak", ROOT "/l\xe9" "ak.c", 4, "f\xff", "'\xe9' not released");
	findings_add(&s, &f);
	findings_fingerprint(&s, ROOT);
	json_t *d = render_json(&s, FMT_JSON, NULL, NULL);
	assert_string_equal(sget(d, "findings.0.file"), ROOT "/l\xef\xbf\xbd" "ak.c");
	assert_string_equal(sget(d, "findings.0.function"), "f\xef\xbf\xbd");
	assert_string_equal(sget(d, "findings.0.message"), "'\xef\xbf\xbd' not released");
	json_decref(d);
	d = render_json(&s, FMT_CODECLIMATE, NULL, NULL);
	assert_string_equal(sget(d, "0.location.path"), "l\xef\xbf\xbd" "ak.c");
	json_decref(d);
	d = render_json(&s, FMT_SARIF, NULL, NULL);
	assert_string_equal(sget(d, "runs.0.results.0.message.text"), "'\xef\xbf\xbd' not released");
	json_decref(d);
	findings_release(&s);
}

/* Each document, written one finding at a time, is the text jansson gives
 * for the whole of it (read back and dumped again with the same flags):
 * with findings, with one whose message spells the marker that stands for
 * the findings while the rest is dumped, with none, and with an error of
 * the run that is the marker itself (then the document is dumped whole). */
static void
test_streamed_same_text(void **state)
{
	(void)state;
	static const Format fmts[] = {FMT_JSON, FMT_SARIF, FMT_CODECLIMATE};
	Diag dg;
	diag_init(&dg, NULL);
	dg.keep_errors = true;
	diag_error(&dg, ROOT "/src/a.c", 1, 1, "\001closecheck-items\001");
	for (int round = 0; round < 6; round++) {
		FindingSet s;
		if (round % 3 == 0) {
			sample(&s);
		} else {
			findings_init(&s);
			if (round % 3 == 1) {
				Finding f = finding("leak", ROOT "/src/a.c", 4, "f",
						    "\001closecheck-items\001");
				findings_add(&s, &f);
				findings_fingerprint(&s, ROOT);
			}
		}
		for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
			ReportOptions ro = {.format = fmts[i], .srcroot = ROOT,
					    .diag = round >= 3 ? &dg : NULL};
			char *text = render_ro(&s, &ro);
			json_error_t err;
			json_t *doc = json_loads(text, 0, &err);
			assert_non_null(doc);
			char *whole = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			assert_non_null(whole);
			size_t n = strlen(whole);
			assert_int_equal(strlen(text), n + 1);
			assert_memory_equal(text, whole, n);
			assert_int_equal(text[n], '\n');
			free(whole);
			json_decref(doc);
			free(text);
		}
		findings_release(&s);
	}
	diag_release(&dg);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[256];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Nothing but path in the folder (no temporary file left). */
static void
assert_alone(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "test \"$(ls -A '%s' | wc -l)\" -eq 1", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_file_whole(void **state)
{
	char dir[] = "/tmp/closecheck-outfile-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	spit(path, "old\n");
	Diag d;
	diag_init(&d, NULL);
	OutFile of;
	/* abandoned: the old text stays, the temporary file goes */
	assert_int_equal(report_file_open(&of, path, &d), 0);
	fputs("half", of.f);
	fflush(of.f);
	assert_string_equal(slurp(path), "old\n");
	report_file_abort(&of);
	assert_string_equal(slurp(path), "old\n");
	assert_alone(dir);
	/* a signal: report_file_remove_partial() removes the temporary file */
	assert_int_equal(report_file_open(&of, path, &d), 0);
	fputs("half", of.f);
	report_file_remove_partial();
	assert_string_equal(slurp(path), "old\n");
	assert_alone(dir);
	report_file_abort(&of);
	/* committed: replaced at once */
	assert_int_equal(report_file_open(&of, path, &d), 0);
	fputs("new\n", of.f);
	assert_int_equal(report_file_commit(&of, &d), 0);
	assert_string_equal(slurp(path), "new\n");
	assert_alone(dir);
	assert_int_equal(d.errors, 0);
	/* a read-only file is refused, not replaced */
	chmod(path, 0444);
	if (access(path, W_OK) != 0) {          /* not when run as root */
		assert_int_equal(report_file_open(&of, path, &d), -1);
		assert_int_equal(d.errors, 1);
		assert_non_null(strstr(d.last, "cannot write: Permission denied"));
		report_file_abort(&of);
		assert_string_equal(slurp(path), "new\n");
	}
	/* a folder that does not exist */
	char missing[160];
	snprintf(missing, sizeof(missing), "%s/no/out.txt", dir);
	assert_int_equal(report_file_open(&of, missing, &d), -1);
	assert_non_null(strstr(d.last, "no/out.txt: error: cannot write: No such file or directory"));
	report_file_abort(&of);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_without_doc_base),
		cmocka_unit_test(test_doc_uri),
		cmocka_unit_test(test_sarif_doc_base_without_slash),
		cmocka_unit_test(test_sarif_help_pages),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_sarif_errors),
		cmocka_unit_test(test_codeclimate),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fingerprint_stable),
		cmocka_unit_test(test_fingerprint_differs),
		cmocka_unit_test(test_fingerprint_rank),
		cmocka_unit_test(test_relpath),
		cmocka_unit_test(test_json_text),
		cmocka_unit_test(test_non_utf8_keeps_keys),
		cmocka_unit_test(test_streamed_same_text),
		cmocka_unit_test(test_file_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
