/* SPDX-License-Identifier: MIT */
/*
 * units: the work list -- which translation units to analyse and with what
 * flags -- from a compile database read through libclang's
 * CXCompilationDatabase (the command strings split, response files expanded,
 * as clang itself reads them), from a command given by hand, or borrowed
 * from a file's nearest entry.  compdb.c finds and checks the database and
 * cmdargs.c cleans the arguments; this module owns the UnitList they fill.
 */
#include <clang-c/CXCompilationDatabase.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "cmdargs.h"
#include "compdb.h"
#include "units.h"

void
unit_list_add(UnitList *l, const char *file, const char *dir, int argc,
	      const char *const *argv)
{
	UnitSpec s = {0};
	s.file = xstrdup(file);
	s.dir = dir ? xstrdup(dir) : NULL;
	s.argc = argc;
	s.argv = xcalloc((size_t)argc + 1, sizeof(char *));
	for (int i = 0; i < argc; i++)
		s.argv[i] = xstrdup(argv[i]);
	vec_push(l, s);
}

void
unit_spec_release(UnitSpec *s)
{
	for (int j = 0; j < s->argc; j++)
		mem_free(s->argv[j]);
	mem_free(s->argv);
	mem_free(s->file);
	mem_free(s->dir);
	memset(s, 0, sizeof(*s));
}

void
unit_list_release(UnitList *l)
{
	for (int i = 0; i < l->n; i++)
		unit_spec_release(&l->v[i]);
	vec_free(l);
}

static char *
cx_dup(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

void
unit_list_add_command(UnitList *l, const char *file, const char *dir, int argc,
		      const char *const *argv)
{
	StrVec a = {0};
	cmdargs_clean(argc, argv, false, &a);
	unit_list_add(l, file, dir, a.n, (const char *const *)a.v);
	strvec_release(&a);
}

/* file made absolute against dir, symlinks and build/../src resolved:
 * the one spelling users and SARIF viewers expect. */
static char *
resolve(const char *dir, const char *file)
{
	char *path;
	if (file[0] != '/' && dir && dir[0]) {
		path = xmalloc(strlen(dir) + strlen(file) + 2);
		sprintf(path, "%s/%s", dir, file);
	} else {
		path = xstrdup(file);
	}
	char *real = realpath(path, NULL);
	if (real) {
		mem_free(path);
		path = xstrdup(real);
		free(real);
	}
	return path;
}

/* One database entry, read out of libclang. */
typedef struct Entry {
	char *file;             /* resolved */
	char *dir;
	StrVec args;            /* cleaned */
} Entry;

static void
entry_read(CXCompileCommand cmd, Entry *e)
{
	char *file = cx_dup(clang_CompileCommand_getFilename(cmd));
	e->dir = cx_dup(clang_CompileCommand_getDirectory(cmd));
	e->file = resolve(e->dir, file);
	mem_free(file);
	unsigned n = clang_CompileCommand_getNumArgs(cmd);
	char **argv = xcalloc(n + 1, sizeof(char *));
	for (unsigned i = 0; i < n; i++)
		argv[i] = cx_dup(clang_CompileCommand_getArg(cmd, i));
	memset(&e->args, 0, sizeof(e->args));
	cmdargs_clean((int)n, (const char *const *)argv, true, &e->args);
	for (unsigned i = 0; i < n; i++)
		mem_free(argv[i]);
	mem_free(argv);
}

static void
entry_release(Entry *e)
{
	mem_free(e->file);
	mem_free(e->dir);
	strvec_release(&e->args);
}

static void
add_entry(UnitList *out, const char *file, const Entry *e)
{
	unit_list_add(out, file, e->dir, e->args.n, (const char *const *)e->args.v);
}

static size_t
dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? (size_t)(slash - path) + 1 : 0;
}

/* The first entry of a file in file's folder (clangd's habit for a file
 * not in the database: its neighbours are built the same way); -1 if no
 * entry is in that folder. */
static int
nearest_entry(const Entry *v, int n, const char *file)
{
	size_t mine = dir_len(file);
	for (int i = 0; i < n; i++)
		if (dir_len(v[i].file) == mine && strncmp(v[i].file, file, mine) == 0)
			return i;
	return -1;
}

static int
by_file(const void *a, const void *b)
{
	const Entry *const *x = a, *const *y = b;
	int c = strcmp((*x)->file, (*y)->file);
	return c ? c : (*x < *y ? -1 : *x > *y);
}

/* dup[i]: an earlier entry has the same file.  Sorted, not pairwise: a
 * database of 100,000 entries is read in n log n. */
static bool *
first_of_each(const Entry *v, int n)
{
	bool *dup = xcalloc((size_t)n + 1, sizeof(bool));
	const Entry **order = xcalloc((size_t)n + 1, sizeof(Entry *));
	for (int i = 0; i < n; i++)
		order[i] = &v[i];
	qsort(order, (size_t)n, sizeof(Entry *), by_file);
	for (int i = 1; i < n; i++)
		if (strcmp(order[i]->file, order[i - 1]->file) == 0)
			dup[order[i] - v] = true;
	mem_free(order);
	return dup;
}

/* The entries of the database ARG names (its folder written to dir), read
 * out of libclang; NULL after reporting through d. */
static Entry *
read_db(const char *arg, char *dir, size_t dirlen, int *n, Diag *d)
{
	if (compdb_dir(arg, dir, dirlen, d) != 0 || compdb_validate(dir, d) != 0)
		return NULL;
	CXCompilationDatabase_Error err;
	CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
	if (err != CXCompilationDatabase_NoError || !db) {
		if (db)
			clang_CompilationDatabase_dispose(db);
		diag_error(d, NULL, 0, 0,
			   "cannot read compile database '%s/compile_commands.json'", dir);
		return NULL;
	}
	CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db);
	*n = (int)clang_CompileCommands_getSize(all);
	Entry *v = xcalloc((size_t)*n + 1, sizeof(Entry));
	for (int i = 0; i < *n; i++)
		entry_read(clang_CompileCommands_getCommand(all, i), &v[i]);
	clang_CompileCommands_dispose(all);
	clang_CompilationDatabase_dispose(db);
	return v;
}

static void
release_db(Entry *v, int n)
{
	for (int i = 0; i < n; i++)
		entry_release(&v[i]);
	mem_free(v);
}

/* The entry of want (a resolved path), or the one it borrows; -1: none. */
static int
entry_of(const Entry *v, int n, const char *want, bool *borrowed)
{
	*borrowed = false;
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].file, want) == 0)
			return i;
	int k = nearest_entry(v, n, want);
	*borrowed = k >= 0;
	return k;
}

/* Adds file with the entry entry_of() gives it; false (nothing said) if
 * it has none.  A borrowed entry is said in a note through d. */
static bool
add_file(const char *dir, const Entry *v, int n, const char *file, UnitList *out,
	 Diag *d)
{
	char *want = resolve(NULL, file);
	bool borrowed;
	int k = entry_of(v, n, want, &borrowed);
	if (k >= 0 && borrowed && d)
		diag_note(d, file, 0, 0, "not in the compile database '%s/compile_commands.json': "
			  "analysed with the flags of '%s'", dir, v[k].file);
	if (k >= 0)
		add_entry(out, want, &v[k]);
	mem_free(want);
	return k >= 0;
}

int
frontend_load_compdb(const char *arg, int nfiles, char *const *files,
		     UnitList *out, Diag *d)
{
	char dir[PATH_MAX];
	int n = 0;
	Entry *v = read_db(arg, dir, sizeof(dir), &n, d);
	if (!v)
		return -1;
	int rc = 0;
	if (nfiles == 0) {
		/* a file built twice (two targets) is one unit: the first */
		bool *dup = first_of_each(v, n);
		for (int i = 0; i < n; i++)
			if (!dup[i])
				add_entry(out, v[i].file, &v[i]);
		mem_free(dup);
		/* a lint step that checks nothing must not pass */
		if (n == 0)
			diag_error(d, NULL, 0, 0, "compile database '%s/compile_commands.json' "
				   "has no entries: nothing to analyse", dir);
	}
	for (int f = 0; f < nfiles; f++) {
		if (!add_file(dir, v, n, files[f], out, d)) {
			diag_error(d, files[f], 0, 0,
				   "file is not in the compile database '%s/compile_commands.json', "
				   "and no entry is in its folder to borrow flags from", dir);
			rc = -1;
		}
	}
	release_db(v, n);
	return rc;
}

typedef struct Search {
	const char *file;
	UnitList *units;
	Diag *d;
	char *dir;               /* the database's folder, when not NULL */
	size_t ndir;
} Search;

/* A database found on the way up: one that cannot be read, or that has no
 * entry for the file, is passed over quietly; a borrowed entry is said
 * through the caller's d. */
static bool
try_db(const char *dir, void *ctx)
{
	Search *s = ctx;
	Diag quiet;
	diag_init(&quiet, NULL);
	char folder[PATH_MAX];
	int n = 0;
	Entry *v = read_db(dir, folder, sizeof(folder), &n, &quiet);
	if (!v)
		return false;
	bool added = add_file(folder, v, n, s->file, s->units, s->d);
	release_db(v, n);
	if (added && s->dir)
		snprintf(s->dir, s->ndir, "%s", dir);
	return added;
}

bool
frontend_find_unit(const char *file, UnitList *units, Diag *d)
{
	Search s = {file, units, d, NULL, 0};
	return compdb_search(file, try_db, &s);
}

bool
frontend_find_unit_db(const char *file, UnitList *units, char *dir, size_t n)
{
	Search s = {file, units, NULL, dir, n};
	return compdb_search(file, try_db, &s);
}

bool
frontend_unit_for_file(const char *file, UnitList *units)
{
	return frontend_find_unit(file, units, NULL);
}

void
unit_list_keep_c(UnitList *l, Diag *d)
{
	int k = 0, skipped[LANG_OTHER + 1] = {0}, nskipped = 0;
	for (int i = 0; i < l->n; i++) {
		UnitSpec *u = &l->v[i];
		Lang lang = cmdargs_lang(u->file, u->argc, (const char *const *)u->argv);
		if (lang == LANG_C || lang == LANG_HEADER) {
			l->v[k++] = *u;
			continue;
		}
		skipped[lang]++;
		nskipped++;
		unit_spec_release(u);
	}
	l->n = k;
	if (nskipped == 0)
		return;
	char why[200] = "";
	size_t len = 0;
	for (int g = 0; g <= LANG_OTHER; g++)
		if (skipped[g])
			len += (size_t)snprintf(why + len, sizeof(why) - len, "%s%d %s",
						len ? ", " : "", skipped[g],
						cmdargs_lang_name((Lang)g));
	diag_note(d, NULL, 0, 0, "skipped %d unit%s that %s not C (%s): closecheck analyses C only",
		  nskipped, nskipped == 1 ? "" : "s", nskipped == 1 ? "is" : "are", why);
}

/* path made absolute (the current directory) and resolved when it exists. */
static void
absolute(const char *path, char *out, size_t n)
{
	char real[PATH_MAX], cwd[PATH_MAX];
	if (realpath(path, real)) {
		snprintf(out, n, "%s", real);
		return;
	}
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) &&
	    (size_t)snprintf(out, n, "%s/%s", cwd, path) < n)
		return;
	snprintf(out, n, "%s", path);
}

/* path relative to the folder base, both absolute: "src/a.c" below it,
 * "../src/a.c" beside it. */
static void
relative_to(const char *path, const char *base, char *out, size_t n)
{
	size_t common = 0, i = 0;
	for (; path[i] && path[i] == base[i]; i++)
		if (path[i] == '/')
			common = i;
	if (base[i] == '\0' && (path[i] == '/' || path[i] == '\0'))
		common = i;
	size_t k = 0;
	for (const char *b = base + common; *b; b++)
		if (b[0] == '/' && b[1] && b[1] != '/' && k + 3 < n)
			k += (size_t)snprintf(out + k, n - k, "../");
	snprintf(out + k, n - k, "%s", path[common] == '/' ? path + common + 1 : path + common);
}

/* The shard of file, 1 .. n, by its path relative to root (resolved). */
static int
shard_of(const char *file, int n, const char *root)
{
	char abs[PATH_MAX], rel[2 * PATH_MAX];
	absolute(file, abs, sizeof(abs));
	relative_to(abs, root, rel, sizeof(rel));
	uint64_t h = 14695981039346656037ull;           /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (int)(h % (uint64_t)n) + 1;
}

void
unit_list_shard(UnitList *l, int k, int n, const char *base)
{
	char root[PATH_MAX];
	absolute(base, root, sizeof(root));
	int kept = 0;
	for (int i = 0; i < l->n; i++) {
		if (shard_of(l->v[i].file, n, root) == k)
			l->v[kept++] = l->v[i];
		else
			unit_spec_release(&l->v[i]);
	}
	l->n = kept;
}
