/* SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "report.h"

static json_t *
entry(const Finding *f, const char *srcroot)
{
	char buf[PATH_MAX];
	json_t *e = json_object();
	json_object_set_new(e, "fingerprint", report_json_text(f->fingerprint));
	json_object_set_new(e, "check", report_json_text(f->check));
	json_object_set_new(e, "file",
			    report_json_text(finding_relpath(f->loc.file, srcroot, buf, sizeof(buf))));
	json_object_set_new(e, "function", f->func ? report_json_text(f->func) : json_null());
	json_object_set_new(e, "message", report_json_text(f->message));
	return e;
}

int
baseline_write(const FindingSet *s, const char *path, const char *srcroot, Diag *d)
{
	json_t *root = json_object(), *list = json_array();
	json_object_set_new(root, "closecheck_baseline", json_integer(1));
	for (int i = 0; i < s->v.n; i++)
		json_array_append_new(list, entry(&s->v.v[i], srcroot));
	json_object_set_new(root, "findings", list);
	/* written whole or not at all: the old baseline stays until the new
	 * one is complete */
	OutFile of;
	int rc = report_file_open(&of, path, d);
	if (rc == 0 && json_dumpf(root, of.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
		diag_error(d, path, 0, 0, "cannot write the baseline");
		report_file_abort(&of);
		rc = -1;
	} else if (rc == 0) {
		fputc('\n', of.f);
		rc = report_file_commit(&of, d);
	} else {
		report_file_abort(&of);
	}
	json_decref(root);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The fingerprints of the baseline, sorted; NULL after reporting. */
static const char **
read_prints(json_t *root, const char *path, size_t *n, Diag *d)
{
	json_t *list = json_object_get(root, "findings");
	if (!json_is_object(root) || !json_is_integer(json_object_get(root, "closecheck_baseline")) ||
	    !json_is_array(list)) {
		diag_error(d, path, 0, 0, "not a closecheck baseline (see --write-baseline)");
		return NULL;
	}
	const char **v = xcalloc(json_array_size(list) + 1, sizeof(char *));
	size_t i, k = 0;
	json_t *e;
	json_array_foreach(list, i, e) {
		const char *fp = json_string_value(json_object_get(e, "fingerprint"));
		if (fp)
			v[k++] = fp;
	}
	qsort(v, k, sizeof(char *), cmp_str);
	*n = k;
	return v;
}

int
baseline_filter(FindingSet *s, const char *path, Diag *d)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	if (!root) {
		diag_error(d, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
			   "cannot read the baseline: %s", err.text);
		return -1;
	}
	size_t n = 0;
	const char **prints = read_prints(root, path, &n, d);
	if (!prints) {
		json_decref(root);
		return -1;
	}
	int k = 0;
	for (int i = 0; i < s->v.n; i++) {
		const char *fp = s->v.v[i].fingerprint;
		if (!bsearch(&fp, prints, n, sizeof(char *), cmp_str))
			s->v.v[k++] = s->v.v[i];
	}
	int dropped = s->v.n - k;
	s->v.n = k;
	mem_free(prints);
	json_decref(root);
	return dropped;
}
