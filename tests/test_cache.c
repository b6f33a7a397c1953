/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of cache.c: the hash, the unit key (every part of it counts),
 * an entry stored and found again, kept through a touch (same content,
 * another time, then recorded), lost on a changed content or size or a file gone,
 * a file within one run as its first lookup saw it, hashes remembered by
 * size and time and not past a change, not
 * stored when a file is newer than the parse, broken entries read as
 * misses, the refused flags of a unit, no folder at all, and the removal
 * of old entries and left temporary files.  The command-line side is
 * cache_test.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cache.h"
#include "mem.h"

static char root[PATH_MAX];

static const char *
at(const char *rel)
{
	static char buf[4][PATH_MAX + 64];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", root, rel);
	return buf[k];
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Sets path's modification time to secs seconds from now. */
static void
age(const char *path, long secs)
{
	struct timespec t[2];
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec += secs;
	t[1] = t[0];
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static long long
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/closecheck-cache-XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_hash(void **state)
{
	(void)state;
	/* FNV-1a's published values */
	assert_true(cache_hash(CACHE_HASH_INIT, "", 0) == 0xcbf29ce484222325ull);
	assert_true(cache_hash(CACHE_HASH_INIT, "a", 1) == 0xaf63dc4c8601ec8cull);
	/* a file shorter than a word is hashed by FNV-1a */
	put(at("h.txt"), "a");
	uint64_t h = 0, h2 = 0;
	assert_int_equal(cache_hash_file(at("h.txt"), CACHE_HASH_INIT, &h), 0);
	assert_true(h == 0xaf63dc4c8601ec8cull);
	/* longer ones: one byte changed, or moved, changes it */
	put(at("h.txt"), "#define ABCDEFGH 1\n#define IJKLMNOP 2\n");
	put(at("h2.txt"), "#define ABCDEFGH 1\n#define IJKLMNOP 3\n");
	assert_int_equal(cache_hash_file(at("h.txt"), CACHE_HASH_INIT, &h), 0);
	assert_int_equal(cache_hash_file(at("h2.txt"), CACHE_HASH_INIT, &h2), 0);
	assert_true(h != h2);
	put(at("h2.txt"), "#define IJKLMNOP 2\n#define ABCDEFGH 1\n");
	assert_int_equal(cache_hash_file(at("h2.txt"), CACHE_HASH_INIT, &h2), 0);
	assert_true(h != h2);
	assert_int_equal(cache_hash_file(at("none"), CACHE_HASH_INIT, &h), -1);
	/* "ab" + "" is not "a" + "b" */
	assert_true(cache_hash_str(cache_hash_str(CACHE_HASH_INIT, "ab"), "") !=
		    cache_hash_str(cache_hash_str(CACHE_HASH_INIT, "a"), "b"));
}

static void
test_unit_key(void **state)
{
	(void)state;
	ResultCache c1, c2;
	cache_open(&c1, root, 1);
	cache_open(&c2, root, 2);
	const char *argv[] = {"-Iinclude", "-DX"}, *other[] = {"-Iinclude", "-DY"};
	uint64_t k = cache_unit_key(&c1, "a.c", "/p", 2, argv);
	assert_true(k == cache_unit_key(&c1, "a.c", "/p", 2, argv));
	assert_true(k != cache_unit_key(&c2, "a.c", "/p", 2, argv));    /* the run */
	assert_true(k != cache_unit_key(&c1, "b.c", "/p", 2, argv));    /* the file */
	assert_true(k != cache_unit_key(&c1, "a.c", "/q", 2, argv));    /* its folder */
	assert_true(k != cache_unit_key(&c1, "a.c", "/p", 2, other));   /* a flag */
	assert_true(k != cache_unit_key(&c1, "a.c", "/p", 1, argv));    /* one flag fewer */
	cache_close(&c1);
	cache_close(&c2);
}

/* A cache in root/dir with one entry for key 7 whose unit read u.c and
 * u.h. */
static void
store_one(ResultCache *c, const char *dir, long long parsed)
{
	put(at("u.c"), "int main(void) { return 0; }\n");
	put(at("u.h"), "#define U 1\n");
	age(at("u.c"), -10);
	age(at("u.h"), -10);
	cache_open(c, at(dir), 42);
	const char *files[] = {at("u.c"), at("u.h")};
	json_t *res = json_pack("{s [s] s i}", "findings", "one", "n", 3);
	cache_store(c, 7, files[0], 2, files, parsed, res);
	json_decref(res);
}

static long long
mtime_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* The time entry 7 of the cache in root/dir records for its k-th file. */
static long long
recorded_mtime(const char *dir, size_t k)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/results/%016x.json", at(dir), 7);
	json_t *e = json_load_file(path, 0, NULL);
	assert_non_null(e);
	long long t = (long long)json_integer_value(
		json_array_get(json_array_get(json_object_get(e, "files"), k), 2));
	json_decref(e);
	return t;
}

static bool
hit(ResultCache *c, uint64_t key)
{
	json_t *res = cache_lookup(c, key);
	bool yes = res != NULL;
	if (res)
		assert_int_equal(json_integer_value(json_object_get(res, "n")), 3);
	json_decref(res);
	return yes;
}

/* The cache of root/dir opened again: the next run. */
static void
next_run(ResultCache *c, const char *dir)
{
	cache_close(c);
	cache_open(c, at(dir), 42);
}

static void
test_store_lookup(void **state)
{
	(void)state;
	ResultCache c;
	store_one(&c, "lookup", now_ns());
	assert_int_equal(c.stores, 1);
	assert_true(hit(&c, 7));
	assert_false(hit(&c, 8));                  /* no such entry */
	assert_int_equal(c.hits, 1);
	/* touched, same content: still a hit, and the entry takes the new
	 * time (no hashing next time) */
	age(at("u.h"), -5);
	next_run(&c, "lookup");
	assert_true(hit(&c, 7));
	assert_true(recorded_mtime("lookup", 1) == mtime_of(at("u.h")));
	/* touched a moment ago: a hit, but the time is not trusted yet */
	age(at("u.h"), 0);
	next_run(&c, "lookup");
	assert_true(hit(&c, 7));
	assert_true(recorded_mtime("lookup", 1) != mtime_of(at("u.h")));
	/* same size, another content: a miss */
	put(at("u.h"), "#define U 2\n");
	next_run(&c, "lookup");
	assert_false(hit(&c, 7));
	/* within one run a file is as its first lookup found it: changed
	 * since, it is still a miss */
	put(at("u.h"), "#define U 1\n");
	assert_false(hit(&c, 7));
	/* the next run: back as it was, whatever its time */
	next_run(&c, "lookup");
	assert_true(hit(&c, 7));
	/* another size */
	put(at("u.c"), "int main(void) { return 1 ; }\n");
	next_run(&c, "lookup");
	assert_false(hit(&c, 7));
	cache_close(&c);
	/* a file gone */
	store_one(&c, "gone", now_ns());
	assert_true(hit(&c, 7));
	unlink(at("u.h"));
	next_run(&c, "gone");
	assert_false(hit(&c, 7));
	cache_close(&c);
}

/* The hash entry 7 or 8 of the cache in root/dir records for its k-th
 * file. */
static const char *
recorded_hash(const char *dir, int key, size_t k)
{
	static char hex[17];
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/results/%016x.json", at(dir), key);
	json_t *e = json_load_file(path, 0, NULL);
	assert_non_null(e);
	const char *h = json_string_value(
		json_array_get(json_array_get(json_object_get(e, "files"), k), 3));
	assert_non_null(h);
	snprintf(hex, sizeof(hex), "%s", h);
	json_decref(e);
	return hex;
}

/* The process remembers the hashes of the files it recorded: a file
 * changed between two units' stores, even to the same size, is hashed
 * again, and the later unit's entry holds its new content. */
static void
test_hash_remembered(void **state)
{
	(void)state;
	ResultCache c;
	store_one(&c, "again", now_ns());
	char first[17];
	snprintf(first, sizeof(first), "%s", recorded_hash("again", 7, 1));
	const char *files[] = {at("u.c"), at("u.h")};
	json_t *res = json_pack("{s [s] s i}", "findings", "one", "n", 3);
	/* unchanged: the same record */
	cache_store(&c, 8, files[0], 2, files, now_ns(), res);
	assert_string_equal(recorded_hash("again", 8, 1), first);
	/* the same size, another content and time */
	put(at("u.h"), "#define U 2\n");
	age(at("u.h"), -5);
	cache_store(&c, 8, files[0], 2, files, now_ns(), res);
	assert_int_equal(c.stores, 3);
	uint64_t h;
	char now[17];
	assert_int_equal(cache_hash_file(at("u.h"), CACHE_HASH_INIT, &h), 0);
	snprintf(now, sizeof(now), "%016llx", (unsigned long long)h);
	assert_string_equal(recorded_hash("again", 8, 1), now);
	assert_string_not_equal(now, first);
	assert_true(hit(&c, 8));
	assert_false(hit(&c, 7));
	json_decref(res);
	cache_close(&c);
}

/* A unit stored again from the same parse (pass 2 and the rounds work on
 * the IR pass 1 kept): a file this process saw unchanged from before that
 * parse until after it is recorded as the parse read it, even if it has
 * changed since; the next run then misses, until it is back. */
static void
test_stored_again(void **state)
{
	(void)state;
	ResultCache c;
	long long parsed = now_ns();
	store_one(&c, "again2", parsed);
	char first[17];
	snprintf(first, sizeof(first), "%s", recorded_hash("again2", 7, 1));
	put(at("u.h"), "#define U 3\n");          /* changed after the parse */
	const char *files[] = {at("u.c"), at("u.h")};
	json_t *res = json_pack("{s [s] s i}", "findings", "one", "n", 3);
	cache_store(&c, 8, files[0], 2, files, parsed, res);
	json_decref(res);
	assert_int_equal(c.stores, 2);
	assert_string_equal(recorded_hash("again2", 8, 1), first);
	next_run(&c, "again2");
	assert_false(hit(&c, 8));
	put(at("u.h"), "#define U 1\n");
	next_run(&c, "again2");
	assert_true(hit(&c, 8));
	/* a parse that began after the process last saw the files: they are
	 * looked at again, and one changed since that parse began is not
	 * stored */
	long long later = now_ns();
	put(at("u.h"), "#define U 4\n");
	const char *again[] = {at("u.c"), at("u.h")};   /* at()'s buffers turn */
	res = json_pack("{s [s] s i}", "findings", "one", "n", 3);
	cache_store(&c, 9, again[0], 2, again, later, res);
	assert_int_equal(c.stores, 0);
	/* and one parsed again after that, with nothing changed since, is */
	age(at("u.h"), -3);
	cache_store(&c, 9, again[0], 2, again, now_ns(), res);
	json_decref(res);
	assert_int_equal(c.stores, 1);
	cache_close(&c);
}

static void
test_not_stored(void **state)
{
	(void)state;
	ResultCache c;
	/* a file modified after the parse began may not be what was parsed */
	store_one(&c, "racy", now_ns() - 60LL * 1000000000LL);
	assert_int_equal(c.stores, 0);
	assert_false(hit(&c, 7));
	/* a file that cannot be read */
	const char *files[] = {at("u.c"), at("gone.h")};
	json_t *res = json_object();
	cache_store(&c, 9, files[0], 2, files, now_ns(), res);
	json_decref(res);
	assert_int_equal(c.stores, 0);
	assert_false(hit(&c, 9));
	cache_close(&c);
}

static void
test_broken_entries(void **state)
{
	(void)state;
	ResultCache c;
	store_one(&c, "broken", now_ns());
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/results/%016x.json", at("broken"), 7);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	/* truncated */
	assert_int_equal(truncate(path, st.st_size / 2), 0);
	assert_false(hit(&c, 7));
	/* not JSON, empty, another version, another key, no files */
	static const char *const broken[] = {
		"garbage", "",
		"{\"closecheck_result\": 2, \"key\": \"0000000000000007\", \"files\": [[\"/\", 0, 0, \"0\"]], \"result\": {}}",
		"{\"closecheck_result\": 1, \"key\": \"0000000000000008\", \"files\": [[\"/\", 0, 0, \"0\"]], \"result\": {}}",
		"{\"closecheck_result\": 1, \"key\": \"0000000000000007\", \"files\": [], \"result\": {}}",
		"{\"closecheck_result\": 1, \"key\": \"0000000000000007\", \"files\": [[1, 2]], \"result\": {}}",
	};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		put(path, broken[i]);
		assert_false(hit(&c, 7));
	}
	/* and stored again over it */
	const char *files[] = {at("u.c")};
	json_t *res = json_pack("{s i}", "n", 3);
	cache_store(&c, 7, files[0], 1, files, now_ns(), res);
	json_decref(res);
	assert_true(hit(&c, 7));
	cache_close(&c);
}

static void
test_flags_of(void **state)
{
	(void)state;
	const char *argv[] = {"-O2", "-mabi=lp64", "-fconserve-stack"};
	char *f = cache_flags_of("-fanalyzer, -mabi=, -fconserve-stack", 3, argv);
	assert_string_equal(f, "-mabi=, -fconserve-stack");
	mem_free(f);
	assert_null(cache_flags_of("-fanalyzer", 3, argv));
	assert_null(cache_flags_of(NULL, 3, argv));
	/* "-mabi" alone is not "-mabi=lp64" */
	f = cache_flags_of("-mabi, -O2", 3, argv);
	assert_string_equal(f, "-O2");
	mem_free(f);
}

static void
test_no_folder(void **state)
{
	(void)state;
	char *xdg = getenv("XDG_CACHE_HOME") ? xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "relative", 1);
	assert_null(cache_default_dir());
	ResultCache c;
	cache_open(&c, NULL, 1);
	assert_null(c.dir);
	const char *files[] = {"/etc/hostname"};
	json_t *res = json_object();
	cache_store(&c, 1, files[0], 1, files, now_ns(), res);
	json_decref(res);
	assert_null(cache_lookup(&c, 1));
	cache_close(&c);
	setenv("XDG_CACHE_HOME", "/x", 1);
	char *d = cache_default_dir();
	assert_string_equal(d, "/x/closecheck");
	mem_free(d);
	if (xdg)
		setenv("XDG_CACHE_HOME", xdg, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	mem_free(xdg);
	mem_free(home);
}

static void
test_evict(void **state)
{
	(void)state;
	ResultCache c;
	store_one(&c, "evict", now_ns());
	const char *dir = at("evict/results");
	char old[PATH_MAX + 64], tmp[PATH_MAX + 64], fresh[PATH_MAX + 64], young[PATH_MAX + 64];
	snprintf(old, sizeof(old), "%s/00000000000000aa.json", dir);
	snprintf(tmp, sizeof(tmp), "%s/00000000000000bb.json.tmp-123456", dir);
	snprintf(young, sizeof(young), "%s/00000000000000cc.json.tmp-654321", dir);
	snprintf(fresh, sizeof(fresh), "%s/%016x.json", dir, 7);
	put(old, "{}");
	put(tmp, "{");
	put(young, "{");
	age(old, -(CACHE_MAX_AGE_DAYS + 1) * 86400L);
	age(tmp, -2 * 3600L);
	cache_close(&c);
	assert_int_equal(access(old, F_OK), -1);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(access(young, F_OK), 0);    /* a writer may be at it */
	assert_int_equal(access(fresh, F_OK), 0);
	/* once a day: an old entry made now stays until tomorrow's run */
	put(old, "{}");
	age(old, -(CACHE_MAX_AGE_DAYS + 1) * 86400L);
	cache_open(&c, at("evict"), 42);
	cache_close(&c);
	assert_int_equal(access(old, F_OK), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_unit_key),
		cmocka_unit_test(test_store_lookup),
		cmocka_unit_test(test_hash_remembered),
		cmocka_unit_test(test_stored_again),
		cmocka_unit_test(test_not_stored),
		cmocka_unit_test(test_broken_entries),
		cmocka_unit_test(test_flags_of),
		cmocka_unit_test(test_no_folder),
		cmocka_unit_test(test_evict),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
