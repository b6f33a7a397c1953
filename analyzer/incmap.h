/* SPDX-License-Identifier: MIT */
/*
 * incmap: which translation units include which headers, so that a changed
 * or opened header is analysed through the units that include it (a header
 * is no unit of its own).
 *
 * What libclang reports while parsing (IrUnit.includes) is kept in a small
 * map on disk, one JSON file per project:
 *
 *   DIR/includes-<hash of the project key>.json
 *   DIR: --cache-dir, else $XDG_CACHE_HOME/closecheck, else
 *        ~/.cache/closecheck; never inside the user's tree.
 *   {"closecheck_includes": 1,
 *    "units": {"/repo/src/a.c": {"parsed": NS, "includes": ["/repo/src/a.h"]}}}
 *
 * The key is the repository root above the compile database or the files
 * (the nearest folder holding .git), else their folder.  A unit's entry is
 * used for a header while neither the unit nor any other file it includes
 * changed since it was parsed (their modification times are older than
 * "parsed", in nanoseconds, by more than the kernel clock's slack).
 * Otherwise, and for units never analysed (a cold cache), a cheap
 * conservative scan decides: the unit's #include lines, followed
 * transitively, quoted ones resolved against the including file's folder,
 * -iquote and -I folders, angled ones against -I folders.  Its answer is
 * kept as the unit's entry ("scanned": true) so that a unit is scanned once
 * until its files change; a real parse replaces it with the truth.
 *
 * Saving re-reads the file, merges this run's entries over it and replaces
 * it by rename, so concurrent runs never leave a broken file (the last
 * one's entries win).  Every problem with the cache (unreadable, broken,
 * not writable) only makes it cold.
 */
#ifndef CLOSECHECK_INCMAP_H
#define CLOSECHECK_INCMAP_H

#include <pthread.h>
#include <stdbool.h>
#include "mem.h"
#include "units.h"

typedef struct IncUnit {
	char *unit;              /* real path of the unit's main file */
	long long parsed;        /* when it was parsed, ns since the epoch */
	VEC(char *) includes;    /* real paths */
	bool scanned;            /* from the scan, not from a parse */
	bool fresh;              /* recorded by this run: saved */
} IncUnit;

typedef struct IncMap {
	char *path;              /* the cache file, NULL: nothing is kept */
	VEC(IncUnit) v;
	pthread_mutex_t lock;    /* incmap_record() is called by workers */
} IncMap;

/* Loads the map of the project of key (a folder; see above) from the cache
 * folder dir (NULL: the default).  Never fails: a missing or broken file
 * gives an empty map.  key NULL (--no-cache): no file is read or written,
 * the scan answers. */
void incmap_open(IncMap *m, const char *dir, const char *key);
void incmap_release(IncMap *m);
/* The project key of a file or folder: the nearest folder at or above it
 * holding .git, else its own folder.  Written to buf (PATH_MAX). */
const char *incmap_project_key(const char *path, char *buf);

/* Records what a unit includes (thread-safe); parsed as for IncUnit. */
void incmap_record(IncMap *m, const char *unit, long long parsed, int n,
		   const char *const *includes);
/* The same for a unit whose result came from the cache (cache.h): an
 * entry from a parse with these includes is kept as it is (nothing to
 * save). */
void incmap_confirm(IncMap *m, const char *unit, long long parsed, int n,
		    const char *const *includes);
/* Writes this run's entries (if any) to the cache file. */
void incmap_save(IncMap *m);

/* Does unit reach header (a real path)?  The map's entry when it is fresh
 * for header, else the scan of the unit's #include lines, whose answer is
 * kept as the unit's entry (marked "scanned") until a parse replaces it. */
bool incmap_includes(IncMap *m, const UnitSpec *unit, const char *header);
/* The scan alone. */
bool incmap_scan(const UnitSpec *unit, const char *header);

/* Adds to out the C units that include header: of cands when given, else of
 * the nearest compile database above header (compdb_search()), else the
 * .c files below its project folder with argv as their flags.  A unit
 * already in out is not added twice.  When none includes it, says so in a
 * note and adds header itself, with the flags of a candidate in its folder
 * (else argv).  Returns how many units include it. */
int incmap_add_units(IncMap *m, const char *header, const UnitList *cands, int argc,
		     const char *const *argv, UnitList *out, Diag *d);

/* The units that might include header (a real path): the entries of the
 * nearest compile database above it (compdb_search()), else the .c files below its project
 * folder with argv. */
void incmap_candidates(const char *header, int argc, const char *const *argv,
		       UnitList *out);

/* Is path a header by its name (.h)? */
bool incmap_is_header(const char *path);
/* Nanoseconds since the epoch, now. */
long long incmap_now(void);

#endif
