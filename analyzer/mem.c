/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include "mem.h"

static _Thread_local long fail_after = -1;

void
mem_fail_after(long n)
{
	fail_after = n;
}

static int
should_fail(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

void *
mem_alloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *
mem_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void
mem_free(void *p)
{
	free(p);
}

/* glibc gives the top of its heap back to the system when 128 KB of it are
 * free, and serves a block of 128 KB or more (its threshold grows with
 * what is freed) from a mapping of its own, unmapped when freed: every
 * unit's walks, IR and results then fault their pages in again (a fault
 * costs some 10 us on the VMs measured).  On PostgreSQL's client tools
 * (115 units, one worker) the analysis took 58,000 minor faults against
 * 10,000 for the parse; with the heap kept up to 64 MB and blocks under
 * 32 MB from the heap, 44,000 (docs/performance.md, the nineteenth
 * session).  The peak is the same pages: what is kept is reused by the
 * next unit, its parse too. */
void
mem_tune(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

static _Noreturn void
out_of_memory(size_t n)
{
	fprintf(stderr, "closecheck: out of memory (%zu bytes)\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = mem_alloc(n);
	if (!p)
		out_of_memory(n);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	if (size && count > (size_t)-1 / size)
		out_of_memory((size_t)-1);
	void *p = xmalloc(count * size);
	memset(p, 0, count * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = mem_realloc(p, n);
	if (!q)
		out_of_memory(n);
	return q;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void
mem_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "closecheck: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Chunks are at least CHUNK bytes; a larger request gets a chunk of its own. */
enum { CHUNK = 64 * 1024 };

struct ArenaChunk {
	ArenaChunk *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

void
arena_init(Arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

/* Chunks of CHUNK bytes that arenas gave back, kept for the next arena of
 * the same thread (at most SPARE of them).  The engine's quiet runs (a
 * summary each) make and release an arena again and again: without this,
 * glibc gives the top of the heap back and faults it in again at each
 * one (git's sequencer.c with its summaries: 0.09 to 0.15 s of system time
 * against 0.02).  A chunk is made only when none is spare, so the chunks a
 * thread holds never outnumber the most it had in use at once; what grows
 * is what malloc() could have reused for other things.  Up to SPARE (32
 * MB) while a unit is analysed: a site's walk can take megabytes, and with
 * 4 MB kept psql's common.c (375,000 block visits in one function) spent a
 * third of its time faulting in the chunks of each walk again (0.66 s
 * against 0.43 s); at most KEPT (4 MB) between units (arena_spare_trim()),
 * so that the next unit's parse does not stack on them. */
enum { SPARE = 512, KEPT = 64 };
static _Thread_local ArenaChunk *spare;
static _Thread_local int nspare;

void
arena_release(Arena *a)
{
	ArenaChunk *c = a->head;
	while (c) {
		ArenaChunk *next = c->next;
		if (c->size == CHUNK && nspare < SPARE) {
			c->next = spare;
			spare = c;
			nspare++;
		} else {
			mem_free(c);
		}
		c = next;
	}
	arena_init(a);
}

static void
spare_keep(int n)
{
	while (spare && nspare > n) {
		ArenaChunk *next = spare->next;
		mem_free(spare);
		spare = next;
		nspare--;
	}
}

void
arena_spare_trim(void)
{
	spare_keep(KEPT);
}

void
arena_spare_release(void)
{
	spare_keep(0);
}

void *
arena_alloc(Arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	memset(p, 0, (n + 15) & ~(size_t)15);
	return p;
}

void *
arena_alloc_raw(Arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!a->head || a->used + n > a->head->size) {
		size_t size = n > CHUNK ? n : CHUNK;
		ArenaChunk *c;
		if (size == CHUNK && spare) {
			c = spare;
			spare = c->next;
			nspare--;
		} else {
			c = xmalloc(sizeof(*c) + size);
		}
		c->size = size;
		c->next = a->head;
		a->head = c;
		a->used = 0;
	}
	void *p = a->head->data + a->used;
	a->used += n;
	a->total += n;
	return p;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_raw(a, n + 1);     /* all of it written below */
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
