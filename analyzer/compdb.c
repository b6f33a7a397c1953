/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "compdb.h"
#include "mem.h"

static const char DB[] = "compile_commands.json";

int
compdb_dir(const char *arg, char *dir, size_t n, Diag *d)
{
	struct stat st;
	if (stat(arg, &st) != 0) {
		diag_error(d, arg, 0, 0, "cannot read the compile database: %s "
			   "(-p takes a build folder or its compile_commands.json)",
			   strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(dir, n, "%s", arg);
		return 0;
	}
	const char *slash = strrchr(arg, '/');
	const char *base = slash ? slash + 1 : arg;
	if (strcmp(base, DB) != 0) {
		diag_error(d, arg, 0, 0, "a compile database must be named %s "
			   "(-p takes a build folder or its compile_commands.json)", DB);
		return -1;
	}
	if (!slash)
		snprintf(dir, n, ".");
	else if (slash == arg)
		snprintf(dir, n, "/");
	else
		snprintf(dir, n, "%.*s", (int)(slash - arg), arg);
	return 0;
}

static bool
entry_ok(const char *path, size_t i, json_t *e, Diag *d)
{
	if (!json_is_object(e)) {
		diag_error(d, path, 0, 0, "entry %zu of the compile database is not an object", i + 1);
		return false;
	}
	const char *missing = NULL;
	if (!json_is_string(json_object_get(e, "directory")))
		missing = "\"directory\" (a string)";
	else if (!json_is_string(json_object_get(e, "file")))
		missing = "\"file\" (a string)";
	json_t *args = json_object_get(e, "arguments");
	if (!missing && args) {
		size_t k;
		json_t *a;
		if (!json_is_array(args) || json_array_size(args) == 0)
			missing = "\"arguments\" (a list of strings)";
		json_array_foreach(args, k, a)
			if (!missing && !json_is_string(a))
				missing = "\"arguments\" (a list of strings)";
	} else if (!missing && !json_is_string(json_object_get(e, "command"))) {
		missing = "\"arguments\" or \"command\"";
	}
	if (missing) {
		const char *f = json_string_value(json_object_get(e, "file"));
		diag_error(d, path, 0, 0, "entry %zu of the compile database%s%s%s has no %s",
			   i + 1, f ? " ('" : "", f ? f : "", f ? "')" : "", missing);
		return false;
	}
	return true;
}

int
compdb_validate(const char *dir, Diag *d)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", dir, DB);
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	if (!root) {
		if (access(path, R_OK) != 0)
			diag_error(d, path, 0, 0, "cannot read the compile database: %s",
				   strerror(errno));
		else
			diag_error(d, path, err.line, err.column,
				   "the compile database is not valid JSON: %s", err.text);
		return -1;
	}
	int rc = 0;
	if (!json_is_array(root)) {
		diag_error(d, path, 0, 0, "the compile database is not a JSON array of commands");
		rc = -1;
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(root, i, e)
			if (!entry_ok(path, i, e, d)) {
				rc = -1;
				break;
			}
	}
	json_decref(root);
	return rc;
}

static bool
has_db(const char *dir)
{
	char *path = xmalloc(strlen(dir) + sizeof(DB) + 2);
	sprintf(path, "%s/%s", dir, DB);
	bool yes = access(path, R_OK) == 0;
	mem_free(path);
	return yes;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir/cmake-build-* (CLion's build folders), sorted. */
static bool
try_cmake_build(const char *dir, bool (*found)(const char *, void *), void *ctx)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return false;
	VEC(char *) names = {0};
	for (struct dirent *de; (de = readdir(dp));)
		if (strncmp(de->d_name, "cmake-build-", 12) == 0)
			vec_push(&names, xstrdup(de->d_name));
	closedir(dp);
	if (names.n > 1)
		qsort(names.v, (size_t)names.n, sizeof(char *), by_name);
	bool done = false;
	char sub[PATH_MAX + 300];
	for (int i = 0; i < names.n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, names.v[i]);
		if (!done && has_db(sub) && found(sub, ctx))
			done = true;
		mem_free(names.v[i]);
	}
	vec_free(&names);
	return done;
}

bool
compdb_search(const char *file, bool (*found)(const char *dir, void *ctx), void *ctx)
{
	static const char *const subs[] = {"", "/build", "/builddir", "/_build", "/out"};
	char buf[PATH_MAX], sub[PATH_MAX + 32];
	/* "%s%s" of a folder and one of subs[] */
	if (!realpath(file, buf))
		return false;
	for (char *slash = strrchr(buf, '/'); slash; slash = strrchr(buf, '/')) {
		*slash = '\0';
		const char *dir = buf[0] ? buf : "/";
		for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
			snprintf(sub, sizeof(sub), "%s%s", buf, subs[i]);
			if (has_db(sub[0] ? sub : "/") && found(sub[0] ? sub : "/", ctx))
				return true;
		}
		if (try_cmake_build(dir, found, ctx))
			return true;
	}
	return false;
}
