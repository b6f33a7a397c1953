/* SPDX-License-Identifier: MIT */
/* cache: units' results kept between runs (cache.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
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

static FileTable *table_new(void);
static void table_free(FileTable *t);

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
	c->seen = table_new();
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
	if (c->seen)
		table_free(c->seen);
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

/* ---- what is known of files -------------------------------------------- */

/* A table of files by path, each with a size and a modification time;
 * in hashes, its content's hash at those too.  Open addressing; an entry
 * per file, never removed. */
typedef struct Known {
	char *path;
	bool exists;             /* seen: a regular file of this size and time */
	long long size, mtime;
	uint64_t hash;           /* hashes: */
	long long checked;       /* the file had this size and time (and so
	                          * this content) until then at least */
} Known;

struct FileTable {
	pthread_mutex_t lock;
	Known *v;
	size_t n, cap;
};

static Known *
slot_of(FileTable *t, const char *path)
{
	size_t i = (size_t)cache_hash_str(CACHE_HASH_INIT, path) & (t->cap - 1);
	while (t->v[i].path && strcmp(t->v[i].path, path) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->v[i];
}

/* A copy of what t knows of path into *k; false if nothing. */
static bool
table_get(FileTable *t, const char *path, Known *k)
{
	bool found = false;
	pthread_mutex_lock(&t->lock);
	if (t->cap) {
		Known *e = slot_of(t, path);
		if (e->path) {
			*k = *e;
			found = true;
		}
	}
	pthread_mutex_unlock(&t->lock);
	return found;
}

/* What t knows of path becomes k (k->path is not kept). */
static void
table_put(FileTable *t, const char *path, const Known *k)
{
	pthread_mutex_lock(&t->lock);
	if (2 * (t->n + 1) > t->cap) {
		Known *old = t->v;
		size_t n = t->cap;
		t->cap = n ? 2 * n : 1024;
		t->v = xcalloc(t->cap, sizeof(*t->v));
		for (size_t i = 0; i < n; i++)
			if (old[i].path)
				*slot_of(t, old[i].path) = old[i];
		mem_free(old);
	}
	Known *e = slot_of(t, path);
	char *name = e->path;
	if (!name) {
		name = xstrdup(path);
		t->n++;
	}
	*e = *k;
	e->path = name;
	pthread_mutex_unlock(&t->lock);
}

static FileTable *
table_new(void)
{
	FileTable *t = xcalloc(1, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

static void
table_free(FileTable *t)
{
	for (size_t i = 0; i < t->cap; i++)
		mem_free(t->v[i].path);
	mem_free(t->v);
	pthread_mutex_destroy(&t->lock);
	mem_free(t);
}

/* The content hashes of the files this process hashed, by path: every
 * unit of a project reads mostly the same headers, each unit is stored
 * once per pass, and a header touched since the last run is compared
 * with each entry that lists it.  A hash is used again for a file of the
 * same size and modification time, as a lookup trusts them (the time in
 * nanoseconds); only files older than MTIME_SLACK are kept (one changed
 * within the clock's tick keeps its time).  An editor's server sees few
 * files. */
static FileTable hashes = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void hashes_lock(void) { pthread_mutex_lock(&hashes.lock); }
static void hashes_unlock(void) { pthread_mutex_unlock(&hashes.lock); }

/* A child forked while another thread held the lock would wait forever. */
static void
hashes_atfork(void)
{
	pthread_atfork(hashes_lock, hashes_unlock, hashes_unlock);
}

static pthread_once_t hashes_once = PTHREAD_ONCE_INIT;

/* What this process hashed of path, if anything. */
static bool
hashed(const char *path, Known *k)
{
	pthread_once(&hashes_once, hashes_atfork);
	return table_get(&hashes, path, k);
}

/* The hash of the content of path, a regular file of st's size and time
 * (found by a stat() begun at seen, or 0), from the table or read; -1 if it
 * cannot be read or changed while it was. */
static int
content_hash(const char *path, const struct stat *st, long long now, long long seen,
	     uint64_t *h)
{
	Known k;
	if (hashed(path, &k) && k.size == (long long)st->st_size &&
	    k.mtime == ns_of(st->st_mtim)) {
		*h = k.hash;
		if (seen > k.checked) {
			k.checked = seen;
			table_put(&hashes, path, &k);
		}
		return 0;
	}
	if (cache_hash_file(path, CACHE_HASH_INIT, h) != 0)
		return -1;
	struct stat after;
	long long confirmed = now_ns();  /* unchanged until then, if still so */
	if (stat(path, &after) != 0 || ns_of(after.st_mtim) != ns_of(st->st_mtim) ||
	    after.st_size != st->st_size)
		return -1;
	if (ns_of(st->st_mtim) <= now - MTIME_SLACK_NS)
		table_put(&hashes, path, &(Known){.exists = true,
						   .size = (long long)st->st_size,
						   .mtime = ns_of(st->st_mtim), .hash = *h,
						   .checked = confirmed});
	return 0;
}

/* stat(path) as this run first saw it (c->seen: a lookup takes each file
 * as it was when a lookup of this run first looked, so a header that 400
 * entries list costs one stat()); false if it is no regular file. */
static bool
stat_once(ResultCache *c, const char *path, struct stat *st)
{
	Known k;
	if (c->seen && table_get(c->seen, path, &k)) {
		memset(st, 0, sizeof(*st));
		st->st_size = (off_t)k.size;
		st->st_mtim.tv_sec = (time_t)(k.mtime / 1000000000LL);
		st->st_mtim.tv_nsec = (long)(k.mtime % 1000000000LL);
		return k.exists;
	}
	bool ok = stat(path, st) == 0 && S_ISREG(st->st_mode);
	if (c->seen)
		table_put(c->seen, path, &(Known){.exists = ok, .size = ok ? (long long)st->st_size : 0,
						  .mtime = ok ? ns_of(st->st_mtim) : 0});
	return ok;
}

/* Is the file as the entry's record [path, size, mtime, hash] says?  A
 * file touched but not changed gets its new time in rec (*renewed: the
 * entry is to be written again), unless that time is too recent to trust
 * (now: when the lookup began). */
static bool
file_unchanged(ResultCache *c, json_t *rec, long long now, bool *renewed)
{
	const char *path = json_string_value(json_array_get(rec, 0));
	const char *hex = json_string_value(json_array_get(rec, 3));
	struct stat st;
	if (!path || !hex || !stat_once(c, path, &st) ||
	    st.st_size != (off_t)json_integer_value(json_array_get(rec, 1)))
		return false;
	if (ns_of(st.st_mtim) == (long long)json_integer_value(json_array_get(rec, 2)))
		return true;
	uint64_t h;
	char hexnow[17];
	if (content_hash(path, &st, now, 0, &h) != 0)
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
		ok = file_unchanged(c, json_array_get(files, i), now, &renewed);
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
	uint64_t h;
	long long size, mtime;
	char hex[17];
	Known k;
	if (hashed(path, &k) && k.checked >= parsed &&
	    k.mtime <= parsed - MTIME_SLACK_NS) {
		/* this process saw it unchanged from before the parse began
		 * until after: what the parse read (a unit stored again from
		 * the IR pass 1 kept, a header of many units) */
		size = k.size;
		mtime = k.mtime;
		h = k.hash;
	} else {
		struct stat before;
		long long seen = now_ns();
		if (stat(path, &before) != 0 || !S_ISREG(before.st_mode) ||
		    ns_of(before.st_mtim) > parsed - MTIME_SLACK_NS ||
		    content_hash(path, &before, parsed, seen, &h) != 0)
			return NULL;
		size = (long long)before.st_size;
		mtime = ns_of(before.st_mtim);
	}
	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	return json_pack("[s I I s]", path, (json_int_t)size, (json_int_t)mtime, hex);
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
