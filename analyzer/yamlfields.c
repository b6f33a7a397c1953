/* SPDX-License-Identifier: MIT */
/* yamlfields: key checks, typed getters and key tables over libyaml documents. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "yamlfields.h"

void
yf_fail(YReader *r, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->errors++;
	r->error(r, n, msg);
}

const yaml_node_t *
yf_node(const YReader *r, int id)
{
	return yaml_document_get_node(r->doc, id);
}

bool
yf_is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *s = (const char *)n->data.scalar.value;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

const char *
yf_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

const yaml_node_t *
yf_get(const YReader *r, const yaml_node_t *map, const char *key)
{
	if (map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	     pr < map->data.mapping.pairs.top; pr++) {
		const char *k = yf_scalar(yf_node(r, pr->key));
		if (k && strcmp(k, key) == 0) {
			const yaml_node_t *v = yf_node(r, pr->value);
			return yf_is_null(v) ? NULL : v;
		}
	}
	return NULL;
}

const YField *
yf_field(const YField *fields, const char *key)
{
	for (; fields->key; fields++)
		if (strcmp(fields->key, key) == 0)
			return fields;
	return NULL;
}

void
yf_expected(const YField *fields, char *buf, size_t size)
{
	buf[0] = '\0';
	for (const YField *f = fields; f->key; f++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", f == fields ? "" : f[1].key ? ", " : " or ",
			 f->key);
	}
}

static void
unknown_key(YReader *r, const yaml_node_t *kn, const char *k, const YField *fields,
	    const char *where)
{
	char expected[300];
	yf_expected(fields, expected, sizeof(expected));
	yf_fail(r, kn, "unknown key '%s' in %s (expected %s)", k, where, expected);
}

void
yf_check_keys(YReader *r, const yaml_node_t *map, const YField *fields, const char *where)
{
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	     pr < map->data.mapping.pairs.top; pr++) {
		const yaml_node_t *kn = yf_node(r, pr->key);
		const char *k = yf_scalar(kn);
		if (!k) {
			yf_fail(r, kn, "expected a plain key in %s", where);
			continue;
		}
		if (!yf_field(fields, k)) {
			unknown_key(r, kn, k, fields, where);
			continue;
		}
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pr; q++) {
			const char *k2 = yf_scalar(yf_node(r, q->key));
			if (k2 && strcmp(k, k2) == 0) {
				yf_fail(r, kn, "duplicate key '%s' in %s", k, where);
				break;
			}
		}
	}
}

bool
yf_read(YReader *r, const yaml_node_t *map, const YField *fields, const char *where)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yf_node(r, p->key);
		const char *key = yf_scalar(k) ? yf_scalar(k) : "";
		const YField *f = yf_field(fields, key);
		if (!f) {
			unknown_key(r, k, key, fields, where);
			return false;
		}
		int before = r->errors;
		if (f->store && (!f->store(r, yf_node(r, p->value), f) || r->errors != before))
			return false;
	}
	return true;
}

bool
yf_scalar_int(const yaml_node_t *n, long long *out)
{
	const char *s = yf_scalar(n);
	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !errno && !*end;
}

const char *
yf_as_string(YReader *r, const yaml_node_t *n, const char *what)
{
	const char *s = yf_scalar(n);
	if (!s || !*s || yf_is_null(n) || strlen(s) != n->data.scalar.length) {
		yf_fail(r, n, "expected %s", what);
		return NULL;
	}
	return s;
}

bool
yf_as_mapping(YReader *r, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_MAPPING_NODE)
		return true;
	yf_fail(r, n, "expected a mapping for %s", what);
	return false;
}

bool
yf_get_index(YReader *r, const yaml_node_t *map, const char *key, int max, int *out)
{
	const yaml_node_t *n = yf_get(r, map, key);
	long long v;
	if (!n)
		return true;
	if (!yf_scalar_int(n, &v)) {
		yf_fail(r, n, "expected an argument index (an integer >= 0) for '%s'", key);
		return false;
	}
	if (v < 0) {
		yf_fail(r, n, "negative argument index '%lld' for '%s'", v, key);
		return false;
	}
	if (v > max) {
		yf_fail(r, n, "argument index '%lld' for '%s' is too large", v, key);
		return false;
	}
	*out = (int)v;
	return true;
}

bool
yf_as_bool(YReader *r, const yaml_node_t *n, const char *key, bool *out)
{
	const char *s = yf_scalar(n);
	if (s && (!strcmp(s, "true") || !strcmp(s, "false"))) {
		*out = s[0] == 't';
		return true;
	}
	yf_fail(r, n, "expected true or false for '%s'", key);
	return false;
}

bool
yf_get_bool(YReader *r, const yaml_node_t *map, const char *key, bool *out)
{
	const yaml_node_t *n = yf_get(r, map, key);
	return !n || yf_as_bool(r, n, key, out);
}

bool
yf_get_pred(YReader *r, const yaml_node_t *map, const char *key, Pred *out)
{
	const yaml_node_t *n = yf_get(r, map, key);
	if (!n)
		return true;
	const char *s = yf_scalar(n);
	if (!s) {
		yf_fail(r, n, "expected a predicate such as \"== 0\" for '%s'", key);
		return false;
	}
	if (pred_parse(s, out) != 0) {
		const char *tag = (const char *)n->tag;
		bool tagged = tag && strcmp(tag, YAML_STR_TAG) != 0;
		yf_fail(r, n, "bad predicate '%s%s%s' for '%s': expected an operator and "
			"an integer such as \"== 0\" or \"< 0\"%s", tagged ? tag : "",
			tagged ? " " : "", s, key, tagged ? " (quote it)" : "");
		return false;
	}
	return true;
}

const char *
yf_type_name(YType t)
{
	static const char *const names[] = {
		[YT_STRING] = "string",
		[YT_NAME] = "name",
		[YT_INDEX] = "integer >= 0",
		[YT_INDEXES] = "integer >= 0, or a sequence of them",
		[YT_INT] = "integer",
		[YT_INTS] = "integer, or a sequence of them",
		[YT_BOOL] = "`true` or `false`",
		[YT_PRED] = "predicate",
		[YT_STRINGS] = "sequence of strings",
		[YT_GLOBS] = "string, or sequence of strings",
		[YT_MAPPING] = "mapping",
		[YT_ENTRIES] = "sequence",
	};
	return names[t];
}

void
yf_markdown(FILE *out, const YField *fields)
{
	fputs("| key | type | default | meaning |\n|---|---|---|---|\n", out);
	for (const YField *f = fields; f->key; f++)
		fprintf(out, "| `%s` | %s | %s | %s |\n", f->key,
			f->type_doc ? f->type_doc : yf_type_name(f->type),
			f->required ? "**required**" : f->dflt ? f->dflt : "none", f->doc);
}
