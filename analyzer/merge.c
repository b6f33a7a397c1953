/* SPDX-License-Identifier: MIT */
/*
 * merge: the reports of the shards into one (merge.h).  Each report is
 * read whole by jansson and checked; then every list a run sorts (JSON
 * findings and errors, SARIF results and notifications) is made of Items,
 * each with the key the run sorts it by, sorted, and its duplicates
 * dropped; the merged document is the first report's with those lists
 * replaced, so the keys stay in the order a run writes them.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "merge.h"

typedef enum Kind { KIND_JSON, KIND_SARIF } Kind;

typedef struct Report {
	const char *path;
	json_t *doc;
	Kind kind;
} Report;

/* One element of a list to merge, with what a run sorts it by. */
typedef struct Item {
	json_t *v;
	int input;               /* the report it comes from */
	char *file;              /* "" when it has none */
	int line, col;
	const char *k1, *k2;     /* check and message, or the message and "" */
	char *canon;             /* compact JSON, keys sorted: equal items */
} Item;

typedef VEC(Item) ItemVec;

static const char *
kind_name(Kind k)
{
	return k == KIND_JSON ? "a JSON report" : "a SARIF log";
}

static const char *
str_at(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
int_at(const json_t *o, const char *key)
{
	return (int)json_integer_value(json_object_get(o, key));
}

/* o's member at a path of keys ("a", "b", NULL: o.a.b), or NULL. */
static json_t *
member(json_t *o, const char *const *keys)
{
	for (; o && *keys; keys++)
		o = json_object_get(o, *keys);
	return o;
}

/* ---- reading and checking ---------------------------------------------- */

/* Is every element of list an object whose keys have the types asked?
 * spec: "key:s" a string, "key:i" an integer, "key:?s" a string or null,
 * "key:?i" an integer or null.  Says the first that is not. */
static bool
elements_ok(const Report *r, const char *listname, const json_t *list,
	    const char *const *spec, Diag *d)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (!json_is_object(e)) {
			diag_error(d, r->path, 0, 0, "%s[%zu] is not an object: not a closecheck report",
				   listname, i);
			return false;
		}
		for (const char *const *s = spec; *s; s++) {
			const char *colon = strchr(*s, ':');
			char key[32];
			snprintf(key, sizeof(key), "%.*s", (int)(colon - *s), *s);
			json_t *v = json_object_get(e, key);
			bool opt = colon[1] == '?', want_s = colon[1 + opt] == 's';
			if ((opt && json_is_null(v)) || (want_s ? json_is_string(v) : json_is_integer(v)))
				continue;
			diag_error(d, r->path, 0, 0, "%s[%zu] has no %s '%s': not a closecheck report",
				   listname, i, want_s ? "string" : "whole number", key);
			return false;
		}
	}
	return true;
}

static const char *const finding_spec[] = {
	"check:s", "severity:s", "message:s", "file:s", "line:i", "column:i", NULL};
static const char *const error_spec[] = {"file:?s", "line:?i", "column:?i", "message:s", NULL};

static int
check_json(const Report *r, Diag *d)
{
	const json_t *f = json_object_get(r->doc, "findings"), *e = json_object_get(r->doc, "errors");
	if (!json_is_array(f) || !json_is_array(e) || !str_at(r->doc, "version")) {
		diag_error(d, r->path, 0, 0, "a JSON document without \"version\", \"findings\" and "
			   "\"errors\": not a closecheck report");
		return -1;
	}
	return elements_ok(r, "findings", f, finding_spec, d) &&
	       elements_ok(r, "errors", e, error_spec, d) ? 0 : -1;
}

static const char *const k_loc[] = {"physicalLocation", "artifactLocation", "uri", NULL};

/* A result or a notification: its message's text and, for a result, its
 * rule and a location; a location's artifact has a uri. */
static bool
sarif_entry_ok(const Report *r, json_t *e, bool result, Diag *d)
{
	json_t *locs = json_object_get(e, "locations");
	json_t *loc = json_array_get(locs, 0);
	bool ok = json_is_object(e) && json_is_string(member(e, (const char *const[]){
		"message", "text", NULL})) && (!result || json_is_string(json_object_get(e, "ruleId")));
	if (ok && (result || locs))
		ok = json_is_string(member(loc, k_loc));
	if (!ok)
		diag_error(d, r->path, 0, 0, "a %s without its %s: not a closecheck report",
			   result ? "result" : "notification",
			   result ? "ruleId, message or location" : "message or location");
	return ok;
}

static int
check_run(const Report *r, json_t *run, Diag *d)
{
	const char *tool = json_string_value(member(run, (const char *const[]){
		"tool", "driver", "name", NULL}));
	if (!tool) {
		diag_error(d, r->path, 0, 0, "a SARIF run without tool.driver.name");
		return -1;
	}
	if (strcmp(tool, "closecheck") != 0) {
		diag_error(d, r->path, 0, 0, "a SARIF log of '%s', not of closecheck", tool);
		return -1;
	}
	json_t *results = json_object_get(run, "results"), *invs = json_object_get(run, "invocations");
	json_t *rules = member(run, (const char *const[]){"tool", "driver", "rules", NULL});
	if (!json_is_array(results) || !json_is_array(invs) || !json_is_array(rules)) {
		diag_error(d, r->path, 0, 0, "a SARIF run without results, invocations or rules: "
			   "not a closecheck report");
		return -1;
	}
	size_t i, j;
	json_t *e, *inv, *n;
	json_array_foreach(results, i, e)
		if (!sarif_entry_ok(r, e, true, d))
			return -1;
	json_array_foreach(rules, i, e)
		if (!str_at(e, "id")) {
			diag_error(d, r->path, 0, 0, "a SARIF rule without an id");
			return -1;
		}
	json_array_foreach(invs, i, inv)
		json_array_foreach(json_object_get(inv, "toolExecutionNotifications"), j, n)
			if (!sarif_entry_ok(r, n, false, d))
				return -1;
	return 0;
}

static int
check_sarif(const Report *r, Diag *d)
{
	json_t *runs = json_object_get(r->doc, "runs");
	if (!json_is_array(runs) || json_array_size(runs) == 0) {
		diag_error(d, r->path, 0, 0, "a SARIF log without runs");
		return -1;
	}
	size_t i;
	json_t *run;
	json_array_foreach(runs, i, run)
		if (check_run(r, run, d) != 0)
			return -1;
	return 0;
}

/* Reads and checks one report; 0, or -1 after reporting. */
static int
report_load(Report *r, Diag *d)
{
	json_error_t err;
	r->doc = json_load_file(r->path, 0, &err);
	if (!r->doc) {
		if (err.line > 0)
			diag_error(d, r->path, err.line, err.column, "not JSON: %s", err.text);
		else
			diag_error(d, r->path, 0, 0, "cannot read: %s", err.text);
		return -1;
	}
	if (json_is_array(r->doc)) {
		diag_error(d, r->path, 0, 0, "a JSON array (a Code Climate report?): merge reads "
			   "closecheck's json and sarif reports");
		return -1;
	}
	if (json_object_get(r->doc, "closecheck_baseline")) {
		diag_error(d, r->path, 0, 0, "a baseline, not a report: merge reads closecheck's "
			   "json and sarif reports");
		return -1;
	}
	if (!json_is_object(r->doc)) {
		diag_error(d, r->path, 0, 0, "not a closecheck report (json or sarif)");
		return -1;
	}
	/* SARIF's "version" is the format's, JSON's closecheck's: "runs" tells */
	r->kind = json_object_get(r->doc, "runs") ? KIND_SARIF : KIND_JSON;
	return r->kind == KIND_SARIF ? check_sarif(r, d) : check_json(r, d);
}

/* A copy of a run without what merging replaces: the rest must be the
 * same in every report of one run. */
static json_t *
run_frame(json_t *run)
{
	json_t *c = json_deep_copy(run);
	json_object_del(c, "results");
	json_object_del(c, "invocations");
	json_object_del(member(c, (const char *const[]){"tool", "driver", NULL}), "rules");
	return c;
}

/* The reports are of one format (want's, if given) and of one run. */
static int
check_alike(const Report *v, int n, Format want, Diag *d)
{
	if (want == FMT_JSON || want == FMT_SARIF)
		for (int i = 0; i < n; i++)
			if ((v[i].kind == KIND_JSON) != (want == FMT_JSON)) {
				diag_error(d, v[i].path, 0, 0, "%s, not %s (--format=%s)",
					   kind_name(v[i].kind), kind_name(v[i].kind == KIND_JSON ?
					   KIND_SARIF : KIND_JSON), want == FMT_JSON ? "json" : "sarif");
				return -1;
			}
	for (int i = 1; i < n; i++) {
		if (v[i].kind != v[0].kind) {
			diag_error(d, v[i].path, 0, 0, "%s, but '%s' is %s: give reports of one format",
				   kind_name(v[i].kind), v[0].path, kind_name(v[0].kind));
			return -1;
		}
		bool same;
		if (v[i].kind == KIND_JSON) {
			same = json_equal(json_object_get(v[i].doc, "version"),
					  json_object_get(v[0].doc, "version"));
		} else {
			json_t *a = run_frame(json_array_get(json_object_get(v[i].doc, "runs"), 0));
			json_t *b = run_frame(json_array_get(json_object_get(v[0].doc, "runs"), 0));
			same = json_equal(a, b) && json_equal(json_object_get(v[i].doc, "version"),
							       json_object_get(v[0].doc, "version"));
			json_decref(a);
			json_decref(b);
		}
		if (!same) {
			diag_error(d, v[i].path, 0, 0, "not of the same run as '%s' (another version "
				   "of closecheck%s): merge the shards of one run", v[0].path,
				   v[i].kind == KIND_SARIF ? ", other --doc-base or --srcroot" : "");
			return -1;
		}
	}
	return 0;
}

/* ---- merging lists ----------------------------------------------------- */

static int
cmp_int(int a, int b)
{
	return a != b ? (a < b ? -1 : 1) : 0;
}

/* The order of a run (finding.c: cmp_finding, report.c: cmp_error). */
static int
cmp_key(const Item *a, const Item *b)
{
	int c = strcmp(a->file, b->file);
	if (!c)
		c = cmp_int(a->line, b->line);
	if (!c)
		c = cmp_int(a->col, b->col);
	if (!c)
		c = strcmp(a->k1, b->k1);
	return c ? c : strcmp(a->k2, b->k2);
}

/* ... and among equal keys, equal items together, the first of each
 * report first. */
static int
cmp_item(const void *pa, const void *pb)
{
	const Item *a = pa, *b = pb;
	int c = cmp_key(a, b);
	if (!c)
		c = strcmp(a->canon, b->canon);
	return c ? c : cmp_int(a->input, b->input);
}

static void
item_add(ItemVec *items, json_t *v, int input, char *file, int line, int col,
	 const char *k1, const char *k2)
{
	Item it = {v, input, file, line, col, k1 ? k1 : "", k2 ? k2 : "",
		   json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS)};
	vec_push(items, it);
}

/* How often group[0 .. n) has its most frequent report. */
static int
most_per_report(const Item *group, int n)
{
	int most = 0;
	for (int i = 0; i < n; i++) {
		int k = 0;
		for (int j = 0; j < n; j++)
			k += group[j].input == group[i].input;
		most = k > most ? k : most;
	}
	return most;
}

/* The items sorted, each key once -- the item whose JSON sorts first --
 * as often as one report has it at most; the items are freed. */
static json_t *
items_merge(ItemVec *items)
{
	json_t *out = json_array();
	if (items->n > 1)
		qsort(items->v, (size_t)items->n, sizeof(Item), cmp_item);
	for (int i = 0, end; i < items->n; i = end) {
		for (end = i + 1; end < items->n && cmp_key(&items->v[i], &items->v[end]) == 0;)
			end++;
		for (int k = most_per_report(&items->v[i], end - i); k > 0; k--)
			json_array_append(out, items->v[i].v);
	}
	for (int i = 0; i < items->n; i++) {
		mem_free(items->v[i].file);
		free(items->v[i].canon);
	}
	vec_free(items);
	return out;
}

/* ---- json -------------------------------------------------------------- */

static json_t *
json_merge(const Report *v, int n, MergeSummary *sum)
{
	ItemVec findings = {0}, errors = {0};
	for (int r = 0; r < n; r++) {
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(v[r].doc, "findings"), i, e)
			item_add(&findings, e, r, xstrdup(str_at(e, "file")), int_at(e, "line"),
				 int_at(e, "column"), str_at(e, "check"), str_at(e, "message"));
		json_array_foreach(json_object_get(v[r].doc, "errors"), i, e) {
			const char *file = str_at(e, "file");
			item_add(&errors, e, r, xstrdup(file ? file : ""), int_at(e, "line"),
				 int_at(e, "column"), str_at(e, "message"), NULL);
		}
	}
	json_t *doc = json_copy(v[0].doc), *list = items_merge(&findings);
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		int sev = severity_parse(str_at(e, "severity"));
		sum->count[sev >= SEV_NOTE && sev <= SEV_ERROR ? sev : SEV_WARNING]++;
	}
	json_object_set_new(doc, "findings", list);
	list = items_merge(&errors);
	sum->errors = (int)json_array_size(list);
	json_object_set_new(doc, "errors", list);
	return doc;
}

/* ---- sarif ------------------------------------------------------------- */

static int
hex(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* A URI's path with its %XX decoded (report.c: uri_path() the other way),
 * after prefix.  Caller frees. */
static char *
uri_decode(const char *prefix, const char *uri)
{
	char *out = xmalloc(strlen(prefix) + strlen(uri) + 1);
	size_t k = (size_t)sprintf(out, "%s", prefix);
	for (const char *p = uri; *p; p++) {
		if (p[0] == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			out[k++] = (char)(hex((unsigned char)p[1]) * 16 + hex((unsigned char)p[2]));
			p += 2;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
	return out;
}

/* The path a location's artifact names, as a run knew it: below the
 * source root (%SRCROOT%, srcroot) or an absolute file: URI; "" when
 * there is none.  Caller frees. */
static char *
artifact_file(json_t *loc, const char *srcroot)
{
	json_t *art = member(loc, (const char *const[]){"physicalLocation", "artifactLocation",
							 NULL});
	const char *uri = str_at(art, "uri");
	if (!uri)
		return xstrdup("");
	if (strncmp(uri, "file://", 7) == 0)
		return uri_decode("", uri + 7);
	return uri_decode(str_at(art, "uriBaseId") && srcroot ? srcroot : "", uri);
}

static const char *const k_line[] = {"physicalLocation", "region", "startLine", NULL};
static const char *const k_col[] = {"physicalLocation", "region", "startColumn", NULL};

static void
location_item(ItemVec *items, json_t *e, int input, const char *srcroot, const char *k1,
	      const char *k2)
{
	json_t *loc = json_array_get(json_object_get(e, "locations"), 0);
	item_add(items, e, input, artifact_file(loc, srcroot),
		 (int)json_integer_value(member(loc, k_line)),
		 (int)json_integer_value(member(loc, k_col)), k1, k2);
}

static const char *
message_text(json_t *e)
{
	return str_at(json_object_get(e, "message"), "text");
}

/* The source root of a run as a path with a '/' at the end, or NULL.
 * Caller frees. */
static char *
run_srcroot(json_t *run)
{
	const char *uri = json_string_value(member(run, (const char *const[]){
		"originalUriBaseIds", "%SRCROOT%", "uri", NULL}));
	return uri && strncmp(uri, "file://", 7) == 0 ? uri_decode("", uri + 7) : NULL;
}

typedef struct SarifParts {
	ItemVec results, notes;
	json_t *rules;           /* id -> the rule kept */
	bool ok;                 /* every invocation successful */
} SarifParts;

/* Of two descriptors of one rule, the one whose JSON sorts first, enabled
 * if either is. */
static void
rule_add(json_t *kept, json_t *rule)
{
	const char *id = str_at(rule, "id");
	json_t *old = json_object_get(kept, id);
	if (!old) {
		json_object_set_new(kept, id, json_deep_copy(rule));
		return;
	}
	static const char *const k_on[] = {"defaultConfiguration", "enabled", NULL};
	bool on = json_is_true(member(old, k_on)) || json_is_true(member(rule, k_on));
	char *a = json_dumps(old, JSON_COMPACT | JSON_SORT_KEYS);
	char *b = json_dumps(rule, JSON_COMPACT | JSON_SORT_KEYS);
	if (a && b && strcmp(b, a) < 0)
		json_object_set_new(kept, id, json_deep_copy(rule));
	free(a);
	free(b);
	json_t *cfg = json_object_get(json_object_get(kept, id), "defaultConfiguration");
	if (json_is_object(cfg))
		json_object_set_new(cfg, "enabled", json_boolean(on));
}

static void
sarif_collect_run(SarifParts *p, json_t *run, int input)
{
	char *srcroot = run_srcroot(run);
	size_t i, j;
	json_t *e, *inv;
	json_array_foreach(json_object_get(run, "results"), i, e)
		location_item(&p->results, e, input, srcroot, str_at(e, "ruleId"), message_text(e));
	json_array_foreach(json_object_get(run, "invocations"), i, inv) {
		p->ok = p->ok && json_is_true(json_object_get(inv, "executionSuccessful"));
		json_array_foreach(json_object_get(inv, "toolExecutionNotifications"), j, e)
			location_item(&p->notes, e, input, srcroot, message_text(e), NULL);
	}
	json_array_foreach(member(run, (const char *const[]){"tool", "driver", "rules", NULL}),
			   i, e)
		rule_add(p->rules, e);
	mem_free(srcroot);
}

/* Where a run puts a check's rule: the check table's order, then others. */
static int
rule_rank(const char *id)
{
	int i = checks_find(id);
	return i >= 0 ? i : INT_MAX;
}

static int
cmp_rule(const void *pa, const void *pb)
{
	const char *a = str_at(*(json_t *const *)pa, "id"), *b = str_at(*(json_t *const *)pb, "id");
	int c = cmp_int(rule_rank(a), rule_rank(b));
	return c ? c : strcmp(a, b);
}

/* The rules kept, in order; each result's ruleIndex points into them. */
static json_t *
sarif_rules_merged(json_t *kept, json_t *results)
{
	size_t n = json_object_size(kept), k = 0, i;
	json_t **v = xcalloc(n + 1, sizeof(json_t *)), *rule, *r;
	const char *id;
	json_object_foreach(kept, id, rule)
		v[k++] = rule;
	qsort(v, n, sizeof(json_t *), cmp_rule);
	json_t *rules = json_array();
	for (i = 0; i < n; i++)
		json_array_append(rules, v[i]);
	json_array_foreach(results, k, r) {
		for (i = 0; i < n && strcmp(str_at(v[i], "id"), str_at(r, "ruleId")) != 0;)
			i++;
		if (i < n && json_object_get(r, "ruleIndex"))
			json_object_set_new(r, "ruleIndex", json_integer((json_int_t)i));
	}
	mem_free(v);
	return rules;
}

static void
count_levels(json_t *results, MergeSummary *sum)
{
	size_t i;
	json_t *e;
	json_array_foreach(results, i, e) {
		const char *level = str_at(e, "level");
		sum->count[level && strcmp(level, "error") == 0 ? SEV_ERROR :
			   level && strcmp(level, "note") == 0 ? SEV_NOTE : SEV_WARNING]++;
	}
}

static json_t *
sarif_merge(const Report *v, int n, MergeSummary *sum)
{
	SarifParts p = {.rules = json_object(), .ok = true};
	for (int r = 0; r < n; r++) {
		size_t i;
		json_t *run;
		json_array_foreach(json_object_get(v[r].doc, "runs"), i, run)
			sarif_collect_run(&p, run, r);
	}
	json_t *doc = json_deep_copy(v[0].doc), *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *results = items_merge(&p.results), *notes = items_merge(&p.notes);
	json_t *inv = json_object(), *invs = json_array();
	json_object_set_new(member(run, (const char *const[]){"tool", "driver", NULL}), "rules",
			    sarif_rules_merged(p.rules, results));
	json_object_set_new(inv, "executionSuccessful", json_boolean(p.ok));
	sum->errors = json_array_size(notes) > 0 ? (int)json_array_size(notes) : !p.ok;
	if (json_array_size(notes) > 0)
		json_object_set(inv, "toolExecutionNotifications", notes);
	json_decref(notes);
	json_array_append_new(invs, inv);
	json_object_set_new(run, "invocations", invs);
	count_levels(results, sum);
	json_object_set_new(run, "results", results);
	while (json_array_size(json_object_get(doc, "runs")) > 1)
		json_array_remove(json_object_get(doc, "runs"), 1);
	json_decref(p.rules);
	return doc;
}

/* ---- the whole ---------------------------------------------------------- */

int
merge_reports(int n, char *const *paths, Format want, FILE *out, MergeSummary *sum,
	      Diag *d)
{
	memset(sum, 0, sizeof(*sum));
	Report *v = xcalloc((size_t)n + 1, sizeof(Report));
	int rc = 0;
	for (int i = 0; i < n; i++) {
		v[i].path = paths[i];
		if (report_load(&v[i], d) != 0)
			rc = -1;
	}
	if (rc == 0 && n > 0)
		rc = check_alike(v, n, want, d);
	if (rc == 0 && n > 0) {
		json_t *doc = v[0].kind == KIND_JSON ? json_merge(v, n, sum) : sarif_merge(v, n, sum);
		sum->format = v[0].kind == KIND_JSON ? FMT_JSON : FMT_SARIF;
		rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
		     fputc('\n', out) != EOF ? 0 : -2;
		json_decref(doc);
	}
	for (int i = 0; i < n; i++)
		json_decref(v[i].doc);
	mem_free(v);
	return rc;
}
