/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "finding.h"

void
findings_init(FindingSet *s)
{
	memset(s, 0, sizeof(*s));
	arena_init(&s->arena);
	pthread_mutex_init(&s->lock, NULL);
}

void
findings_release(FindingSet *s)
{
	arena_release(&s->arena);
	vec_free(&s->v);
	mem_free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	pthread_mutex_destroy(&s->lock);
}

static const char *
str_dup(FindingSet *s, const char *t)
{
	return t ? arena_strdup(&s->arena, t) : NULL;
}

/* A file name: the last one copied again when equal (a finding's notes
 * name its file over and over). */
static Loc
dup_loc(FindingSet *s, Loc l)
{
	if (!l.file)
		return l;
	if (!s->last_copy || strcmp(l.file, s->last_copy) != 0)
		s->last_copy = str_dup(s, l.file);
	l.file = s->last_copy;
	return l;
}

void
findings_add(FindingSet *s, const Finding *f)
{
	pthread_mutex_lock(&s->lock);
	Finding c = *f;
	c.check = str_dup(s, f->check);
	c.severity = str_dup(s, f->severity ? f->severity : "warning");
	c.loc = dup_loc(s, f->loc);
	c.acquired = dup_loc(s, f->acquired);
	c.message = str_dup(s, f->message);
	c.func = str_dup(s, f->func);
	c.rule = str_dup(s, f->rule);
	c.pack = str_dup(s, f->pack);
	c.kind = str_dup(s, f->kind);
	c.notes = arena_alloc(&s->arena, sizeof(Note) * (size_t)(f->nnotes + 1));
	for (int i = 0; i < f->nnotes; i++) {
		c.notes[i].loc = dup_loc(s, f->notes[i].loc);
		c.notes[i].text = str_dup(s, f->notes[i].text);
	}
	vec_push(&s->v, c);
	pthread_mutex_unlock(&s->lock);
}

static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
cmp_finding(const void *pa, const void *pb)
{
	const Finding *a = pa, *b = pb;
	int r = strcmp0(a->loc.file, b->loc.file);
	if (r)
		return r;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	r = strcmp0(a->check, b->check);
	return r ? r : strcmp0(a->message, b->message);
}

void
findings_sort(FindingSet *s)
{
	mem_free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	if (s->v.n == 0)
		return;
	qsort(s->v.v, (size_t)s->v.n, sizeof(Finding), cmp_finding);
	int k = 1;
	for (int i = 1; i < s->v.n; i++)
		if (cmp_finding(&s->v.v[k - 1], &s->v.v[i]) != 0)
			s->v.v[k++] = s->v.v[i];
	s->v.n = k;
}

static uint64_t hash_text(uint64_t h, const char *t, bool skip_lines);

/* A hash of what cmp_finding() compares. */
static uint64_t
hash_finding(const Finding *f)
{
	uint64_t h = 14695981039346656037ull;
	h = hash_text(h, f->loc.file, false);
	h = (h ^ (uint64_t)f->loc.line) * 1099511628211ull;
	h = (h ^ (uint64_t)f->loc.col) * 1099511628211ull;
	h = hash_text(h, f->check, false);
	return hash_text(h, f->message, false);
}

/* Finds f's slot: the equal finding's, or the empty one to fill. */
static int *
slot_of(const FindingSet *s, const Finding *f)
{
	size_t mask = (size_t)s->nslots - 1;
	for (size_t i = hash_finding(f) & mask;; i = (i + 1) & mask) {
		int *slot = &s->slots[i];
		if (*slot == 0 || cmp_finding(&s->v.v[*slot - 1], f) == 0)
			return slot;
	}
}

static void
slots_grow(FindingSet *s)
{
	mem_free(s->slots);
	s->nslots = s->nslots ? s->nslots * 2 : 64;
	s->slots = xcalloc((size_t)s->nslots, sizeof(int));
	for (int i = 0; i < s->v.n; i++)
		*slot_of(s, &s->v.v[i]) = i + 1;
}

bool
findings_add_new(FindingSet *s, const Finding *f)
{
	if (!s->slots || s->v.n * 2 >= s->nslots)
		slots_grow(s);
	int *slot = slot_of(s, f);
	if (*slot != 0)
		return false;
	findings_add(s, f);
	*slot_of(s, f) = s->v.n;
	return true;
}

int
severity_parse(const char *name)
{
	static const char *const names[] = {"note", "warning", "error", "never"};
	for (int i = 0; name && i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

void
findings_count(const FindingSet *s, int count[3])
{
	count[SEV_NOTE] = count[SEV_WARNING] = count[SEV_ERROR] = 0;
	for (int i = 0; i < s->v.n; i++) {
		int sev = severity_parse(s->v.v[i].severity);
		count[sev >= SEV_NOTE && sev <= SEV_ERROR ? sev : SEV_WARNING]++;
	}
}

bool
findings_fail(const int count[3], Severity fail_on)
{
	for (int sev = fail_on; sev <= SEV_ERROR; sev++)
		if (count[sev] > 0)
			return true;
	return false;
}

static void
print_loc(FILE *out, Loc l)
{
	fprintf(out, "%s:%d:%d: ", l.file ? l.file : "<unknown>", l.line, l.col);
}

void
findings_print_text(const FindingSet *s, FILE *out)
{
	for (int i = 0; i < s->v.n; i++) {
		const Finding *f = &s->v.v[i];
		print_loc(out, f->loc);
		fprintf(out, "%s: %s [%s]\n", f->severity, f->message, f->check);
		for (int j = 0; j < f->nnotes; j++) {
			print_loc(out, f->notes[j].loc);
			fprintf(out, "note: %s\n", f->notes[j].text);
		}
	}
}

const char *
finding_relpath(const char *file, const char *srcroot, char *buf, size_t n)
{
	if (!file)
		return "";
	/* the last file's absolute path, per thread: a report's findings
	 * come file after file, and realpath() is a system call per step of
	 * the path (a tenth of writing a 12,847-finding report) */
	static _Thread_local char last[PATH_MAX], last_abs[PATH_MAX];
	char real[PATH_MAX], cwd[PATH_MAX];
	const char *abs = file;
	if (last[0] && strcmp(file, last) == 0) {
		abs = last_abs;
	} else {
		if (realpath(file, real))
			abs = real;
		else if (file[0] != '/' && getcwd(cwd, sizeof(cwd)) &&
			 strlen(cwd) + strlen(file) + 2 <= sizeof(real)) {
			strcpy(real, cwd);
			strcat(strcat(real, "/"), file);
			abs = real;
		}
		if (strlen(file) < sizeof(last) && strlen(abs) < sizeof(last_abs)) {
			strcpy(last_abs, abs);
			strcpy(last, file);
		}
	}
	size_t len = srcroot ? strlen(srcroot) : 0;
	while (len > 1 && srcroot[len - 1] == '/')
		len--;
	if (len && strncmp(abs, srcroot, len) == 0 && abs[len] == '/')
		abs += len + 1;
	else if (strcmp(srcroot ? srcroot : "", "/") == 0 && abs[0] == '/')
		abs += 1;
	snprintf(buf, n, "%s", abs);
	return buf;
}

/* FNV-1a, 64 bits.  With skip_lines, the digits of "line 12" are left out,
 * so a finding keeps its hash when lines move. */
static uint64_t
hash_text(uint64_t h, const char *t, bool skip_lines)
{
	for (const char *p = t; p && *p; p++) {
		if (skip_lines && isdigit((unsigned char)*p) && p - t >= 5 &&
		    strncmp(p - 5, "line ", 5) == 0) {
			while (isdigit((unsigned char)p[1]))
				p++;
			continue;
		}
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	}
	return (h ^ 0xff) * 1099511628211ull;
}

/* (hash, index) pairs in order of hash, then index. */
typedef struct Keyed {
	uint64_t key;
	int i;
} Keyed;

static int
cmp_keyed(const void *a, const void *b)
{
	const Keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

void
findings_fingerprint(FindingSet *s, const char *srcroot)
{
	Keyed *key = xcalloc((size_t)s->v.n + 1, sizeof(*key));
	for (int i = 0; i < s->v.n; i++) {
		const Finding *f = &s->v.v[i];
		char buf[PATH_MAX];
		uint64_t h = 14695981039346656037ull;
		h = hash_text(h, f->check, false);
		h = hash_text(h, finding_relpath(f->loc.file, srcroot, buf, sizeof(buf)), false);
		h = hash_text(h, f->func, false);
		h = hash_text(h, f->message, true);
		key[i] = (Keyed){h, i};
	}
	/* a finding's rank among the earlier ones with its hash (a sort, not
	 * a count of each one's predecessors: 12,847 findings of one file
	 * took 82 million comparisons) */
	qsort(key, (size_t)s->v.n, sizeof(*key), cmp_keyed);
	for (int k = 0, rank = 0; k < s->v.n; k++) {
		rank = k > 0 && key[k - 1].key == key[k].key ? rank + 1 : 0;
		uint64_t h = (key[k].key ^ (uint64_t)rank) * 1099511628211ull;
		snprintf(s->v.v[key[k].i].fingerprint, sizeof(s->v.v[key[k].i].fingerprint),
			 "%016llx", (unsigned long long)h);
	}
	mem_free(key);
}
