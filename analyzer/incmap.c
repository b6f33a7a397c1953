/* SPDX-License-Identifier: MIT */
/*
 * The include map on disk and the scan of #include lines for units it does
 * not know (see incmap.h).  The map is small (one entry per unit, its
 * headers by path), read and written whole with jansson.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cmdargs.h"
#include "cache.h"
#include "compdb.h"
#include "incmap.h"
#include "report.h"

enum { SCAN_MAX_FILES = 4000 };  /* files one scan may read */
/* File times come from the kernel's coarse clock, a tick behind ours: a
 * file modified this close before a parse counts as modified after it. */
static const long long MTIME_SLACK_NS = 50000000;

long long
incmap_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

bool
incmap_is_header(const char *path)
{
	size_t n = strlen(path);
	return n > 2 && strcmp(path + n - 2, ".h") == 0;
}

/* ---- the cache file -------------------------------------------------- */

const char *
incmap_project_key(const char *path, char *buf)
{
	char probe[PATH_MAX + 8];
	struct stat st;
	if (!realpath(path, buf))
		snprintf(buf, PATH_MAX, "%s", path);
	if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(buf, '/');
		if (slash)
			*(slash == buf ? slash + 1 : slash) = '\0';
	}
	char *up = xstrdup(buf);
	for (;;) {
		snprintf(probe, sizeof(probe), "%s/.git", up[1] ? up : "");
		if (access(probe, F_OK) == 0) {
			snprintf(buf, PATH_MAX, "%s", up);
			break;
		}
		char *slash = strrchr(up, '/');
		if (!slash || slash == up)
			break;              /* no repository: the folder itself */
		*slash = '\0';
	}
	mem_free(up);
	return buf;
}

static void
entry_release(IncUnit *e)
{
	mem_free(e->unit);
	for (int i = 0; i < e->includes.n; i++)
		mem_free(e->includes.v[i]);
	vec_free(&e->includes);
}

static IncUnit *
entry_find(const IncMap *m, const char *unit)
{
	for (int i = 0; i < m->v.n; i++)
		if (strcmp(m->v.v[i].unit, unit) == 0)
			return &m->v.v[i];
	return NULL;
}

/* Adds (or replaces) unit's entry. */
static IncUnit *
entry_set(IncMap *m, const char *unit, long long parsed, int n,
	  const char *const *includes, bool fresh)
{
	IncUnit *e = entry_find(m, unit);
	if (e) {
		entry_release(e);
	} else {
		vec_push(&m->v, (IncUnit){0});
		e = &m->v.v[m->v.n - 1];
	}
	memset(e, 0, sizeof(*e));
	e->unit = xstrdup(unit);
	e->parsed = parsed;
	e->fresh = fresh;
	for (int i = 0; i < n; i++)
		vec_push(&e->includes, xstrdup(includes[i]));
	return e;
}

/* Adds the entries of the file at path to m (those m has win). */
static void
load_file(IncMap *m, const char *path)
{
	json_t *root = json_load_file(path, 0, NULL);
	json_t *units = json_object_get(root, "units"), *u;
	const char *unit;
	if (json_integer_value(json_object_get(root, "closecheck_includes")) != 1)
		units = NULL;
	json_object_foreach(units, unit, u) {
		json_t *inc = json_object_get(u, "includes"), *h;
		size_t i;
		if (entry_find(m, unit) || !json_is_array(inc))
			continue;
		VEC(const char *) names = {0};
		json_array_foreach(inc, i, h)
			if (json_is_string(h))
				vec_push(&names, json_string_value(h));
		entry_set(m, unit, json_integer_value(json_object_get(u, "parsed")), names.n,
			  names.v, false)->scanned = json_is_true(json_object_get(u, "scanned"));
		vec_free(&names);
	}
	json_decref(root);
}

void
incmap_open(IncMap *m, const char *dir, const char *key)
{
	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	char *base = !key ? NULL : dir ? xstrdup(dir) : cache_default_dir();
	if (!base)
		return;
	uint64_t h = cache_hash(CACHE_HASH_INIT, key, strlen(key));
	m->path = xmalloc(strlen(base) + 48);
	sprintf(m->path, "%s/includes-%016llx.json", base, (unsigned long long)h);
	mem_free(base);
	load_file(m, m->path);
}

void
incmap_release(IncMap *m)
{
	for (int i = 0; i < m->v.n; i++)
		entry_release(&m->v.v[i]);
	vec_free(&m->v);
	mem_free(m->path);
	pthread_mutex_destroy(&m->lock);
	memset(m, 0, sizeof(*m));
}

/* Records unit's includes; with keep, an entry from a parse with the same
 * includes is left as it is. */
static void
record(IncMap *m, const char *unit, long long parsed, int n, const char *const *includes,
       bool keep)
{
	char real[PATH_MAX];
	if (!realpath(unit, real))
		return;
	pthread_mutex_lock(&m->lock);
	const IncUnit *e = keep ? entry_find(m, real) : NULL;
	bool same = e && !e->scanned && e->includes.n == n;
	for (int i = 0; same && i < n; i++)
		same = strcmp(e->includes.v[i], includes[i]) == 0;
	if (!same)
		entry_set(m, real, parsed, n, includes, true);
	pthread_mutex_unlock(&m->lock);
}

void
incmap_record(IncMap *m, const char *unit, long long parsed, int n,
	      const char *const *includes)
{
	record(m, unit, parsed, n, includes, false);
}

void
incmap_confirm(IncMap *m, const char *unit, long long parsed, int n,
	       const char *const *includes)
{
	record(m, unit, parsed, n, includes, true);
}

/* mkdir -p of the folder of path. */
static bool
make_dirs(const char *path)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = strchr(p + 1, '/'); s && ok; s = strchr(s + 1, '/')) {
		*s = '\0';
		ok = mkdir(p, 0700) == 0 || errno == EEXIST;
		*s = '/';
	}
	mem_free(p);
	return ok;
}

static json_t *
map_json(const IncMap *m)
{
	json_t *root = json_object(), *units = json_object();
	for (int i = 0; i < m->v.n; i++) {
		const IncUnit *e = &m->v.v[i];
		json_t *u = json_object(), *inc = json_array();
		for (int j = 0; j < e->includes.n; j++)
			json_array_append_new(inc, json_string(e->includes.v[j]));
		json_object_set_new(u, "parsed", json_integer((json_int_t)e->parsed));
		json_object_set_new(u, "includes", inc);
		if (e->scanned)
			json_object_set_new(u, "scanned", json_true());
		json_object_set_new(units, e->unit, u);
	}
	json_object_set_new(root, "closecheck_includes", json_integer(1));
	json_object_set_new(root, "units", units);
	return root;
}

void
incmap_save(IncMap *m)
{
	IncMap merged = {0};
	bool any = false;
	for (int i = 0; i < m->v.n; i++)
		any |= m->v.v[i].fresh;
	if (!m->path || !any || !make_dirs(m->path))
		return;
	for (int i = 0; i < m->v.n; i++) {
		const IncUnit *e = &m->v.v[i];
		if (e->fresh)
			entry_set(&merged, e->unit, e->parsed, e->includes.n,
				  (const char *const *)e->includes.v, true)->scanned = e->scanned;
	}
	load_file(&merged, m->path);  /* what other runs saved meanwhile */
	/* whole or not at all, and removed by a signal (report.h); a cache
	 * that cannot be written is not worth a message */
	Diag quiet;
	diag_init(&quiet, NULL);
	OutFile of;
	json_t *j = map_json(&merged);
	if (report_file_open(&of, m->path, &quiet) == 0 &&
	    json_dumpf(j, of.f, JSON_COMPACT) == 0)
		report_file_commit(&of, &quiet);
	else
		report_file_abort(&of);
	json_decref(j);
	for (int i = 0; i < merged.v.n; i++)
		entry_release(&merged.v.v[i]);
	vec_free(&merged.v);
}

/* ---- which units reach a header ---------------------------------------- */

static long long
mtime_ns(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return LLONG_MAX;       /* gone: the entry is not to be trusted */
	return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* Is the entry still what a parse would say, header aside? */
static bool
entry_fresh(const IncUnit *e, const char *header)
{
	long long parsed = e->parsed - MTIME_SLACK_NS;
	if (mtime_ns(e->unit) > parsed)
		return false;
	for (int i = 0; i < e->includes.n; i++)
		if (strcmp(e->includes.v[i], header) != 0 &&
		    mtime_ns(e->includes.v[i]) > parsed)
			return false;
	return true;
}

typedef VEC(char *) Paths;
static void scan_closure(const UnitSpec *unit, const char *real, Paths *queue);

static void
paths_free(Paths *p)
{
	for (int i = 0; i < p->n; i++)
		mem_free(p->v[i]);
	vec_free(p);
}

/* The scan's answer for unit (real path), kept as an entry like a parse's,
 * so that a unit is scanned once until its files change. */
static const IncUnit *
scan_entry(IncMap *m, const UnitSpec *unit, const char *real)
{
	long long when = incmap_now();
	Paths closure = {0};
	scan_closure(unit, real, &closure);
	pthread_mutex_lock(&m->lock);
	IncUnit *e = entry_set(m, real, when, closure.n - 1,
			       (const char *const *)closure.v + 1, true);
	e->scanned = true;
	pthread_mutex_unlock(&m->lock);
	paths_free(&closure);
	return e;
}

bool
incmap_includes(IncMap *m, const UnitSpec *unit, const char *header)
{
	char real[PATH_MAX];
	if (!realpath(unit->file, real))
		return false;
	const IncUnit *e = entry_find(m, real);
	if (!e || !entry_fresh(e, header))
		e = scan_entry(m, unit, real);
	for (int i = 0; i < e->includes.n; i++)
		if (strcmp(e->includes.v[i], header) == 0)
			return true;
	return false;
}


/* The -I (angled and quoted) and -iquote (quoted only) folders of unit,
 * made absolute against its directory. */
static void
include_dirs(const UnitSpec *unit, Paths *angled, Paths *quoted)
{
	char cwd[PATH_MAX];
	const char *base = unit->dir && unit->dir[0] ? unit->dir :
			   getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	for (int i = 0; i < unit->argc; i++) {
		const char *a = unit->argv[i], *v = NULL;
		bool quote = false;
		if (strncmp(a, "-I", 2) == 0)
			v = a[2] ? a + 2 : i + 1 < unit->argc ? unit->argv[++i] : NULL;
		else if ((quote = strncmp(a, "-iquote", 7) == 0))
			v = a[7] ? a + 7 : i + 1 < unit->argc ? unit->argv[++i] : NULL;
		if (!v)
			continue;
		char *dir = xmalloc(strlen(base) + strlen(v) + 2);
		if (v[0] == '/')
			strcpy(dir, v);
		else
			sprintf(dir, "%s/%s", base, v);
		vec_push(quote ? quoted : angled, dir);
	}
}

/* The name in an #include line, and whether it is quoted; false if the
 * line is none. */
static bool
include_name(const char *line, char *name, size_t n, bool *quoted)
{
	const char *p = line;
	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != '#')
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "include", 7) != 0)
		return false;
	for (p += 7; *p == ' ' || *p == '\t';)
		p++;
	char close = *p == '"' ? '"' : *p == '<' ? '>' : 0;
	const char *end = close ? strchr(p + 1, close) : NULL;
	if (!end || (size_t)(end - p) > n)
		return false;
	*quoted = close == '"';
	snprintf(name, n, "%.*s", (int)(end - p - 1), p + 1);
	return true;
}

/* The real path of name in the first of dirs holding it, or NULL. */
static char *
resolve_in(const Paths *dirs, const char *name)
{
	for (int i = 0; i < dirs->n; i++) {
		char path[PATH_MAX * 2], real[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dirs->v[i], name);
		if (realpath(path, real))
			return xstrdup(real);
	}
	return NULL;
}

/* Adds to queue the files that file's #include lines name and that exist. */
static void
scan_file(const char *file, const Paths *angled, const Paths *quoted, Paths *queue)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return;
	char line[4096], name[PATH_MAX];
	bool q;
	Paths here = {0};
	char *dir = xstrdup(file);
	*strrchr(dir, '/') = '\0';
	vec_push(&here, dir);
	while (fgets(line, sizeof(line), f)) {
		if (!include_name(line, name, sizeof(name), &q))
			continue;
		char *found = NULL;
		if (q && !(found = resolve_in(&here, name)))
			found = resolve_in(quoted, name);
		if (!found)
			found = resolve_in(angled, name);
		if (!found)
			continue;
		bool seen = false;
		for (int i = 0; i < queue->n && !seen; i++)
			seen = strcmp(queue->v[i], found) == 0;
		if (seen || queue->n >= SCAN_MAX_FILES)
			mem_free(found);
		else
			vec_push(queue, found);
	}
	fclose(f);
	mem_free(dir);
	vec_free(&here);
}

/* The unit's file (real path) and every file its #include lines reach,
 * into queue. */
static void
scan_closure(const UnitSpec *unit, const char *real, Paths *queue)
{
	Paths angled = {0}, quoted = {0};
	include_dirs(unit, &angled, &quoted);
	vec_push(queue, xstrdup(real));
	for (int i = 0; i < queue->n; i++)
		scan_file(queue->v[i], &angled, &quoted, queue);
	paths_free(&angled);
	paths_free(&quoted);
}

bool
incmap_scan(const UnitSpec *unit, const char *header)
{
	char real[PATH_MAX];
	if (!realpath(unit->file, real))
		return false;
	Paths queue = {0};
	scan_closure(unit, real, &queue);
	bool found = false;
	for (int i = 1; i < queue.n && !found; i++)
		found = strcmp(queue.v[i], header) == 0;
	paths_free(&queue);
	return found;
}

/* ---- units for a header ------------------------------------------------- */

/* compdb_search()'s callback: loads every entry of the database in dir. */
static bool
load_all(const char *dir, void *ctx)
{
	UnitList *out = ctx;
	Diag quiet;
	diag_init(&quiet, NULL);
	return frontend_load_compdb(dir, 0, NULL, out, &quiet) == 0 && out->n > 0;
}

/* Adds the .c files below dir (folders starting with '.' left out). */
static void
c_files_below(const char *dir, int argc, const char *const *argv, UnitList *out,
	      int depth)
{
	DIR *d = depth < 32 ? opendir(dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d)) && out->n < SCAN_MAX_FILES) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(path, "%s/%s", dir, e->d_name);
		size_t n = strlen(path);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			c_files_below(path, argc, argv, out, depth + 1);
		else if (S_ISREG(st.st_mode) && n > 2 && strcmp(path + n - 2, ".c") == 0)
			unit_list_add(out, path, NULL, argc, argv);
		mem_free(path);
	}
	if (d)
		closedir(d);
}

void
incmap_candidates(const char *header, int argc, const char *const *argv, UnitList *out)
{
	char buf[PATH_MAX];
	if (!compdb_search(header, load_all, out))
		c_files_below(incmap_project_key(header, buf), argc, argv, out, 0);
}

static bool
has_unit(const UnitList *l, const char *real)
{
	char r[PATH_MAX];
	for (int i = 0; i < l->n; i++)
		if (realpath(l->v[i].file, r) && strcmp(r, real) == 0)
			return true;
	return false;
}

/* Adds header itself with the flags of a unit in its folder (else argv). */
static void
add_header_alone(const char *header, const UnitList *cands, int argc,
		 const char *const *argv, UnitList *out)
{
	size_t n = (size_t)(strrchr(header, '/') - header);
	for (int i = 0; i < cands->n; i++) {
		char r[PATH_MAX];
		const char *slash = realpath(cands->v[i].file, r) ? strrchr(r, '/') : NULL;
		if (slash && (size_t)(slash - r) == n && strncmp(r, header, n) == 0) {
			unit_list_add(out, header, cands->v[i].dir, cands->v[i].argc,
				      (const char *const *)cands->v[i].argv);
			return;
		}
	}
	unit_list_add(out, header, NULL, argc, argv);
}

int
incmap_add_units(IncMap *m, const char *header, const UnitList *cands, int argc,
		 const char *const *argv, UnitList *out, Diag *d)
{
	char real[PATH_MAX];
	if (!realpath(header, real)) {
		diag_error(d, header, 0, 0, "cannot read file: %s", strerror(errno));
		return 0;
	}
	UnitList found = {0};
	if (!cands)
		incmap_candidates(real, argc, argv, &found);
	const UnitList *c = cands ? cands : &found;
	int added = 0;
	for (int i = 0; i < c->n; i++) {
		if (cmdargs_lang(c->v[i].file, c->v[i].argc, (const char *const *)c->v[i].argv) !=
		    LANG_C || !incmap_includes(m, &c->v[i], real))
			continue;
		added++;
		if (!has_unit(out, c->v[i].file))
			unit_list_add(out, c->v[i].file, c->v[i].dir, c->v[i].argc,
				      (const char *const *)c->v[i].argv);
	}
	if (added == 0) {
		diag_note(d, header, 0, 0,
			  "no unit includes this header: it is analysed on its own");
		add_header_alone(real, c, argc, argv, out);
	}
	unit_list_release(&found);
	return added;
}
