/* SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <string.h>
#include "baseline.h"

int
baseline_write(const FindingSet *s, const char *path, Diag *d)
{
	json_t *root = json_object(), *list = json_array();
	json_object_set_new(root, "closecheck_baseline", json_integer(1));
	for (int i = 0; i < s->v.n; i++) {
		const Finding *f = &s->v.v[i];
		json_t *e = json_object();
		json_object_set_new(e, "fingerprint", json_string(f->fingerprint));
		json_object_set_new(e, "check", json_string(f->check ? f->check : ""));
		json_object_set_new(e, "message", json_string(f->message ? f->message : ""));
		json_array_append_new(list, e);
	}
	json_object_set_new(root, "findings", list);
	int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc != 0)
		diag_error(d, path, 0, 0, "cannot write the baseline");
	return rc == 0 ? 0 : -1;
}

int
baseline_filter(FindingSet *s, const char *path, Diag *d)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	if (!root) {
		diag_error(d, path, err.line, err.column, "cannot read the baseline: %s", err.text);
		return -1;
	}
	json_t *list = json_object_get(root, "findings");
	if (!json_is_array(list)) {
		diag_error(d, path, 0, 0, "not a closecheck baseline (no 'findings' array)");
		json_decref(root);
		return -1;
	}
	int k = 0;
	for (int i = 0; i < s->v.n; i++) {
		bool known = false;
		size_t j;
		json_t *e;
		json_array_foreach(list, j, e) {
			const char *fp = json_string_value(json_object_get(e, "fingerprint"));
			if (fp && strcmp(fp, s->v.v[i].fingerprint) == 0) {
				known = true;
				break;
			}
		}
		if (!known)
			s->v.v[k++] = s->v.v[i];
	}
	s->v.n = k;
	json_decref(root);
	return 0;
}
