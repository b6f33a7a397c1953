/* SPDX-License-Identifier: MIT */
/* cache: units' results kept between runs (cache.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cache.h"
#include "mem.h"

/* File times come from the kernel's coarse clock, a tick behind ours: a
 * file modified this close before a parse may have changed during it. */
static const long long MTIME_SLACK_NS = 50000000;
static const long long DAY_NS = 86400LL * 1000000000LL;

uint64_t
cache_hash(uint64_t h, const void *v, size_t n)
{
	const unsigned char *b = v;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

uint64_t
cache_hash_str(uint64_t h, const char *s)
{
	return cache_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* Eight bytes at a time, each word mixed in by a multiply and a shift
 * (FNV-1a's byte loop costs about 4 cycles a byte; this, under one), the
 * last bytes by FNV-1a. */
static uint64_t
hash_words(uint64_t h, const unsigned char *b, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	return cache_hash(h, b + i, n - i);
}

/* Fills buf as far as the file goes: only the last block is short, so a
 * content hashes the same however read() splits it. */
static ssize_t
read_block(int fd, unsigned char *buf, size_t size)
{
	size_t have = 0;
	while (have < size) {
		ssize_t n = read(fd, buf + have, size - have);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		have += (size_t)n;
	}
	return (ssize_t)have;
}

int
cache_hash_file(const char *path, uint64_t h, uint64_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	unsigned char buf[65536];
	ssize_t n;
	while ((n = read_block(fd, buf, sizeof(buf))) > 0)
		h = hash_words(h, buf, (size_t)n);
	close(fd);
	*out = h;
	return n < 0 ? -1 : 0;
}

char *
cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char buf[PATH_MAX + 32];
	if (xdg && xdg[0] == '/')
		snprintf(buf, sizeof(buf), "%s/closecheck", xdg);
	else if (home && home[0] == '/')
		snprintf(buf, sizeof(buf), "%s/.cache/closecheck", home);
	else
		return NULL;
	return xstrdup(buf);
}

void
cache_open(ResultCache *c, const char *dir, uint64_t key)
{
	memset(c, 0, sizeof(*c));
	char *base = dir ? xstrdup(dir) : cache_default_dir();
	if (!base)
		return;
	c->dir = xmalloc(strlen(base) + 16);
	sprintf(c->dir, "%s/results", base);
	mem_free(base);
	c->key = key;
}

static long long
ns_of(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ns_of(ts);
}

/* Entries unused for CACHE_MAX_AGE_DAYS, and temporary files older than an
 * hour (a writer killed between open and rename). */
static void
evict(const char *dir)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	long long now = now_ns();
	struct dirent *de;
	while ((de = readdir(dh))) {
		char path[PATH_MAX];
		struct stat st;
		if (de->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path) ||
		    lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		long long age = now - ns_of(st.st_mtim);
		bool tmp = strstr(de->d_name, ".tmp-") != NULL;
		if (age > (tmp ? DAY_NS / 24 : CACHE_MAX_AGE_DAYS * DAY_NS))
			unlink(path);
	}
	closedir(dh);
}

void
cache_close(ResultCache *c)
{
	if (c->dir) {
		/* at most once a day: the stamp file's time says when */
		char stamp[PATH_MAX];
		struct stat st;
		snprintf(stamp, sizeof(stamp), "%s/.cleaned", c->dir);
		if (stat(c->dir, &st) == 0 &&
		    (stat(stamp, &st) != 0 || now_ns() - ns_of(st.st_mtim) > DAY_NS)) {
			int fd = open(stamp, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
			if (fd >= 0) {
				futimens(fd, NULL);
				close(fd);
				evict(c->dir);
			}
		}
	}
	mem_free(c->dir);
	memset(c, 0, sizeof(*c));
}

uint64_t
cache_unit_key(const ResultCache *c, const char *file, const char *dir, int argc,
	       const char *const *argv)
{
	uint64_t h = cache_hash(CACHE_HASH_INIT, &c->key, sizeof(c->key));
	h = cache_hash_str(h, file);
	h = cache_hash_str(h, dir);
	h = cache_hash(h, &argc, sizeof(argc));
	for (int i = 0; i < argc; i++)
		h = cache_hash_str(h, argv[i]);
	return h;
}

static void
entry_path(const ResultCache *c, uint64_t key, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%016" PRIx64 ".json", c->dir, key);
}

/* Is the file as the entry's record [path, size, mtime, hash] says?  A
 * file touched but not changed gets its new time in rec (*renewed: the
 * entry is to be written again), unless that time is too recent to trust
 * (now: when the lookup began). */
static bool
file_unchanged(json_t *rec, long long now, bool *renewed)
{
	const char *path = json_string_value(json_array_get(rec, 0));
	const char *hex = json_string_value(json_array_get(rec, 3));
	struct stat st;
	if (!path || !hex || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != (off_t)json_integer_value(json_array_get(rec, 1)))
		return false;
	if (ns_of(st.st_mtim) == (long long)json_integer_value(json_array_get(rec, 2)))
		return true;
	uint64_t h;
	char hexnow[17];
	if (cache_hash_file(path, CACHE_HASH_INIT, &h) != 0)
		return false;
	snprintf(hexnow, sizeof(hexnow), "%016" PRIx64, h);
	if (strcmp(hexnow, hex) != 0)
		return false;
	if (ns_of(st.st_mtim) <= now - MTIME_SLACK_NS) {
		json_integer_set(json_array_get(rec, 2), (json_int_t)ns_of(st.st_mtim));
		*renewed = true;
	}
	return true;
}

/* Writes e to path through a temporary file renamed over it. */
static bool
write_entry(const char *path, const json_t *e)
{
	char tmp[PATH_MAX + 16];
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return false;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return false;
	}
	bool ok = json_dumpf(e, f, JSON_COMPACT) == 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return false;
	}
	return true;
}

/* The JSON of a file read whole (jansson's own reader takes a byte at a
 * time), or NULL. */
static json_t *
load(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return NULL;
	json_t *j = NULL;
	char *buf = NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (1 << 30)) {
		buf = xmalloc((size_t)st.st_size);
		if (read(fd, buf, (size_t)st.st_size) == st.st_size)
			j = json_loadb(buf, (size_t)st.st_size, 0, NULL);
	}
	mem_free(buf);
	close(fd);
	return j;
}

json_t *
cache_lookup(ResultCache *c, uint64_t key)
{
	char path[PATH_MAX], hex[17];
	if (!c->dir)
		return NULL;
	entry_path(c, key, path, sizeof(path));
	json_t *e = load(path);
	snprintf(hex, sizeof(hex), "%016" PRIx64, key);
	const json_t *files = json_object_get(e, "files");
	const char *k = json_string_value(json_object_get(e, "key"));
	json_t *res = json_object_get(e, "result");
	bool ok = json_integer_value(json_object_get(e, "closecheck_result")) == 1 &&
		  k && strcmp(k, hex) == 0 && json_is_array(files) &&
		  json_array_size(files) > 0 && json_is_object(res);
	long long now = now_ns();
	bool renewed = false;
	for (size_t i = 0; ok && i < json_array_size(files); i++)
		ok = file_unchanged(json_array_get(files, i), now, &renewed);
	if (ok) {
		json_incref(res);
		/* used: kept by evict(); touched files: not hashed next time */
		if (!renewed || !write_entry(path, e))
			utimensat(AT_FDCWD, path, NULL, 0);
		atomic_fetch_add(&c->hits, 1);
	}
	json_decref(e);
	return ok ? res : NULL;
}

/* [path, size, mtime, hash] of a file read by a parse begun at parsed;
 * NULL if it cannot be read or may have changed since the parse began, or
 * is no regular file (a FIFO or a device: its size and time say nothing of
 * what the next parse reads, and opening it to hash it may block). */
static json_t *
file_record(const char *path, long long parsed)
{
	struct stat before, after;
	uint64_t h;
	char hex[17];
	if (stat(path, &before) != 0 || !S_ISREG(before.st_mode) ||
	    ns_of(before.st_mtim) > parsed - MTIME_SLACK_NS ||
	    cache_hash_file(path, CACHE_HASH_INIT, &h) != 0 || stat(path, &after) != 0 ||
	    ns_of(after.st_mtim) != ns_of(before.st_mtim) || after.st_size != before.st_size)
		return NULL;
	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	return json_pack("[s I I s]", path, (json_int_t)before.st_size,
			 (json_int_t)ns_of(before.st_mtim), hex);
}

/* mkdir -p dir. */
static bool
make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	bool ok = true;
	for (char *s = strchr(p + 1, '/'); ok; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		ok = mkdir(p, 0700) == 0 || errno == EEXIST;
		if (!s)
			break;
		*s = '/';
	}
	mem_free(p);
	return ok;
}

void
cache_store(ResultCache *c, uint64_t key, const char *unit, int nfiles,
	    const char *const *files, long long parsed, const json_t *result)
{
	char path[PATH_MAX], hex[17];
	if (!c->dir || nfiles == 0 || !make_dirs(c->dir))
		return;
	json_t *list = json_array();
	for (int i = 0; i < nfiles; i++) {
		json_t *rec = file_record(files[i], parsed);
		if (!rec) {
			json_decref(list);
			return;
		}
		json_array_append_new(list, rec);
	}
	snprintf(hex, sizeof(hex), "%016" PRIx64, key);
	json_t *e = json_object();
	json_object_set_new(e, "closecheck_result", json_integer(1));
	json_object_set_new(e, "key", json_string(hex));
	json_object_set_new(e, "unit", json_string(unit));
	json_object_set_new(e, "files", list);
	json_object_set(e, "result", (json_t *)result);
	entry_path(c, key, path, sizeof(path));
	if (write_entry(path, e))
		atomic_fetch_add(&c->stores, 1);
	json_decref(e);
}

/* Is arg the flag u ("-mabi=" stands for "-mabi=...")? */
static bool
is_flag(const char *arg, const char *u, size_t n)
{
	return n && u[n - 1] == '=' ? strncmp(arg, u, n) == 0
				    : strlen(arg) == n && strncmp(arg, u, n) == 0;
}

char *
cache_flags_of(const char *list, int argc, const char *const *argv)
{
	if (!list)
		return NULL;
	char *out = xmalloc(strlen(list) + 1);
	out[0] = '\0';
	for (const char *p = list; *p;) {
		const char *end = strstr(p, ", ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool has = false;
		for (int i = 0; i < argc && !has; i++)
			has = is_flag(argv[i], p, n);
		if (has)
			sprintf(out + strlen(out), "%s%.*s", out[0] ? ", " : "", (int)n, p);
		p += n + (end ? 2 : 0);
	}
	if (out[0])
		return out;
	mem_free(out);
	return NULL;
}
