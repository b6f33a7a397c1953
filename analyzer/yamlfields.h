/* SPDX-License-Identifier: MIT */
/*
 * yamlfields: the one YAML reading layer of packs and configurations.
 *
 * A mapping's keys are declared once, in a table of YField (key, type,
 * required or not, default, one line of documentation, and for tables read
 * by yf_read() a callback that stores the value).  From that table come the
 * key checks and their errors ("unknown key 'fial' in an entry of 'acquire'
 * (expected function, out, fails, success or null_arg)"), the typed getters'
 * messages, and the markdown key tables of docs/rules.md and
 * docs/integrations.md (tools/keysdoc.c; a test fails when the docs drift).
 *
 * Errors go to the reader's error callback with the node they are about:
 * the caller reports them at file:line:col.  The tables are declared by
 * their readers (rulekeys.def for packs, config.c) and exported as YTable
 * lists, which tools/keysdoc.c prints.
 */
#ifndef CLOSECHECK_YAMLFIELDS_H
#define CLOSECHECK_YAMLFIELDS_H

#include <stdbool.h>
#include <stdio.h>
#include <yaml.h>
#include "pred.h"

typedef enum YType {
	YT_STRING,      /* a non-empty string */
	YT_NAME,        /* a function name (or glob) */
	YT_INDEX,       /* an argument index, an integer >= 0 */
	YT_INDEXES,     /* an argument index or a sequence of them */
	YT_INT,         /* an integer */
	YT_INTS,        /* an integer or a sequence of them */
	YT_BOOL,        /* true or false */
	YT_PRED,        /* a predicate such as "== 0" */
	YT_STRINGS,     /* a sequence of strings (or one string) */
	YT_GLOBS,       /* a string of comma-separated globs, or a sequence of them */
	YT_MAPPING,     /* a mapping described elsewhere */
	YT_ENTRIES,     /* a sequence of entries described elsewhere */
} YType;

typedef struct YReader YReader;
typedef struct YField YField;

/* Stores the value v of field f; false after reporting an error. */
typedef bool YStoreFn(YReader *r, const yaml_node_t *v, const YField *f);

struct YField {
	const char *key;
	YType type;
	bool required;
	const char *dflt;       /* the default, as the docs say it (NULL: none) */
	const char *type_doc;   /* the type, when the docs say more than the type's name */
	const char *doc;        /* one line */
	YStoreFn *store;        /* for yf_read(); NULL: read by the caller */
};

/* A table: its name (as tools/keysdoc.c and the docs call it) and its fields,
 * ended by a field whose key is NULL. */
typedef struct YTable {
	const char *name;
	const YField *fields;
} YTable;

struct YReader {
	yaml_document_t *doc;
	/* reports msg about node n (counted by the caller) */
	void (*error)(YReader *r, const yaml_node_t *n, const char *msg);
	void *ctx;              /* the caller's */
	int errors;             /* errors reported through yf_fail() */
};

void yf_fail(YReader *r, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

const yaml_node_t *yf_node(const YReader *r, int id);
bool yf_is_null(const yaml_node_t *n);
const char *yf_scalar(const yaml_node_t *n);
/* The value of key in map; NULL if absent or null, or if map is no mapping. */
const yaml_node_t *yf_get(const YReader *r, const yaml_node_t *map, const char *key);
const YField *yf_field(const YField *fields, const char *key);
/* "a, b or c": the keys of fields, into buf. */
void yf_expected(const YField *fields, char *buf, size_t size);

/* Reports keys of map that are not plain, not in fields or repeated; where
 * says which mapping ("an entry of 'acquire'"). */
void yf_check_keys(YReader *r, const yaml_node_t *map, const YField *fields,
		   const char *where);
/* Walks map in order, calling each field's store; stops at the first
 * error, an unknown key included.  False after an error. */
bool yf_read(YReader *r, const yaml_node_t *map, const YField *fields, const char *where);

/* Typed getters: an absent or null key leaves *out and succeeds; a value of
 * the wrong type is reported ("expected true or false for 'on_success'"). */
bool yf_scalar_int(const yaml_node_t *n, long long *out);
const char *yf_as_string(YReader *r, const yaml_node_t *n, const char *what);
bool yf_as_mapping(YReader *r, const yaml_node_t *n, const char *what);
bool yf_get_index(YReader *r, const yaml_node_t *map, const char *key, int max, int *out);
bool yf_get_bool(YReader *r, const yaml_node_t *map, const char *key, bool *out);
/* The same for a value node in hand (key names it in the error). */
bool yf_as_bool(YReader *r, const yaml_node_t *n, const char *key, bool *out);
bool yf_get_pred(YReader *r, const yaml_node_t *map, const char *key, Pred *out);

/* The markdown table of fields: | key | type | default | meaning |. */
void yf_markdown(FILE *out, const YField *fields);
const char *yf_type_name(YType t);

#endif
