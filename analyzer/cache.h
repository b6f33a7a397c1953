/* SPDX-License-Identifier: MIT */
/*
 * cache: the results of translation units kept between runs, so that a
 * second run with nothing changed reads them instead of parsing again.
 *
 *   DIR/results/<unit key, 16 hex digits>.json     one file per unit
 *   DIR: --cache-dir, else $XDG_CACHE_HOME/closecheck, else
 *        ~/.cache/closecheck (cache_default_dir(); the include map's too)
 *   {"closecheck_result": 1, "key": "<hex>", "unit": "/repo/a.c",
 *    "files": [[path, size, mtime_ns, "<content hash hex>"], ...],
 *    "result": {...}}
 *
 * The key.  A unit's key hashes the run's key and the unit: its main file
 * as named, its working directory and its compiler flags as the front end
 * gets them (after --extra-arg, --removed-arg and the configurations'
 * flags).  The run's key (cache_open()) is given by the caller: closecheck's
 * version, this executable's size and time, libclang's version, the current
 * directory (findings name files relative to it), CPATH and C_INCLUDE_PATH,
 * the content of every loaded rule pack, the checks and the engine's limits
 * (--report-at-exit among them; a unit adds its configuration's)
 * (analyze.c: run_key()).  With whole-program summaries (analyze.h:
 * program) a unit's result analysed alone is kept under its key with its
 * summaries' text in it, and one analysed with other units' summaries
 * under its key hashed with the lines of those it used (progsum_used()),
 * a slot of the unit pointing to the last such (with what its analysis
 * asked of them, answers.c): a summary that changes
 * elsewhere misses exactly the callers that asked something it now
 * answers otherwise (analyze.c: stored_result()).  What
 * is applied after the analysis of a unit --
 * the configurations' per-file checks and severities, suppression comments,
 * --warnings-as-errors, --only-changed-lines, named headers, baselines, the
 * output format -- is not in the key: the entry holds the unit's raw
 * findings, and those steps run again on every run.
 *
 * Validation.  The entry lists every file the unit read (the main file and
 * every file libclang included, system headers too) with its size,
 * modification time (ns) and a 64-bit hash of its content
 * (cache_hash_file(): FNV-1a's multiply, a word at a time).  It is
 * used when every file has its size, and its time or else (touched, not
 * changed) its content hash; then the entry is written again with the new
 * time (unless it is within MTIME_SLACK of now), so the next run does not
 * hash the file again.  Within a run each file is taken as the run's first
 * lookup found it (one stat() per file, however many entries list it:
 * ResultCache.seen), and a process hashes a file once for a size and time
 * (its stores and lookups share the hash); a store does not look again at
 * a file the process saw unchanged from before the unit's parse began until
 * after it (pass 2 and the rounds store what the IR pass 1 kept gives),
 * and records it as the parse read it.  A unit is stored only when
 * none of its files was modified later than MTIME_SLACK before its parse
 * began (it may have changed while it was read), and only when it
 * reported no error (a unit with errors is analysed again every time, and
 * says its errors again).
 * Not seen: a new file that would shadow one the unit read (a header added
 * earlier in the include path), files the compiler reads that are not
 * inclusions (response files, -include-pch).
 *
 * Storage.  An entry is written to a temporary file in the same folder and
 * renamed, so concurrent runs (and units in child processes) never leave a
 * broken entry; the last writer wins.  An entry that cannot be read, is
 * broken or truncated, or has another key is a miss, never an error.  A hit
 * sets the entry's modification time to now; cache_close() removes, at
 * most once a day, entries unused for CACHE_MAX_AGE_DAYS and temporary
 * files left by a killed writer.  An entry is replaced when its unit is
 * analysed again with the same key, so the folder holds one entry per
 * (unit, flags, packs, options, version) in use.
 *
 * Thread-safe: lookups and stores may come from any thread or child.
 */
#ifndef CLOSECHECK_CACHE_H
#define CLOSECHECK_CACHE_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

enum { CACHE_MAX_AGE_DAYS = 30 };

typedef struct FileTable FileTable;

typedef struct ResultCache {
	char *dir;               /* DIR/results; NULL: no cache */
	FileTable *seen;         /* files as this run's lookups found them */
	uint64_t key;            /* the run's part of every unit's key */
	atomic_int hits;         /* units read from the cache */
	atomic_int stores;       /* entries written */
} ResultCache;

#define CACHE_HASH_INIT 14695981039346656037ull
/* FNV-1a over n bytes, from h (CACHE_HASH_INIT to begin). */
uint64_t cache_hash(uint64_t h, const void *v, size_t n);
/* The same over a string and its terminating NUL (NULL: over ""). */
uint64_t cache_hash_str(uint64_t h, const char *s);
/* The hash of a file's content, from h: 8-byte words mixed by multiply
 * and shift, the last bytes by FNV-1a; 0, or -1 if it cannot be read. */
int cache_hash_file(const char *path, uint64_t h, uint64_t *out);

/* $XDG_CACHE_HOME/closecheck, else ~/.cache/closecheck, else NULL
 * (allocated). */
char *cache_default_dir(void);

/* Opens the cache in dir (NULL: the default) for a run whose key is key.
 * Nothing is created until the first store. */
void cache_open(ResultCache *c, const char *dir, uint64_t key);
/* Removes old entries (see above) and frees. */
void cache_close(ResultCache *c);

/* The key of a unit (see above). */
uint64_t cache_unit_key(const ResultCache *c, const char *file, const char *dir,
			int argc, const char *const *argv);
/* The stored result of the unit of key when every file it read is as it
 * was, else NULL; a new reference. */
json_t *cache_lookup(ResultCache *c, uint64_t key);
/* Keeps result (not taken) as the unit's: files, the files it read (its
 * main file first), parsed, when its parse began (ns since the epoch). */
void cache_store(ResultCache *c, uint64_t key, const char *unit, int nfiles,
		 const char *const *files, long long parsed, const json_t *result);

/* The flags of list (", " between them; clang's refused flags) that argv
 * has, as such a list; NULL when none. */
char *cache_flags_of(const char *list, int argc, const char *const *argv);

#endif
