/* SPDX-License-Identifier: MIT */
/*
 * mem: the one allocation seam and the arenas built on it.
 *
 * Every allocation of closecheck goes through mem_alloc()/mem_realloc(),
 * so a test build can make the Nth allocation fail (mem_fail_after()) and
 * prove that error paths return cleanly.  The x-variants never return NULL:
 * running out of memory is not an input error, so they print a message and
 * abort (a broken invariant of the process, not of the user's code).
 *
 * An Arena owns every object derived from one translation unit (IR, strings,
 * engine states, finding texts).  arena_release() frees it all at once; no
 * object allocated from an arena is ever freed on its own.
 */
#ifndef CLOSECHECK_MEM_H
#define CLOSECHECK_MEM_H

#include <stddef.h>
#include <string.h>

void *mem_alloc(size_t n);              /* NULL on failure */
void *mem_realloc(void *p, size_t n);   /* NULL on failure, p untouched */
void mem_free(void *p);
/* Test hook: the next n allocations succeed, every later one fails.
 * n < 0 turns failing off. */
void mem_fail_after(long n);
/* Sets how the C library's malloc gives memory back, once, at the start
 * of main() (mem.c says why). */
void mem_tune(void);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#define BUG(...) mem_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void mem_bug(const char *file, int line, const char *fmt, ...);

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
	ArenaChunk *head;
	size_t used;        /* bytes used in head */
	size_t total;       /* bytes handed out, for memory figures */
} Arena;

void arena_init(Arena *a);
void arena_release(Arena *a);
/* Frees the chunks this thread's released arenas left for the next ones
 * (each thread keeps some: see mem.c); a thread calls it before it ends. */
void arena_spare_release(void);
/* Frees them down to what a thread keeps between units (mem.c). */
void arena_spare_trim(void);
void *arena_alloc(Arena *a, size_t n);           /* zeroed, never NULL */
void *arena_alloc_raw(Arena *a, size_t n);       /* the same, not zeroed */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Growable array of T inside a struct: { T *v; int n, cap; }.  The _first
 * forms say the room of the first allocation (a vector that mostly holds
 * one large element: a block's states). */
#define VEC(T) struct { T *v; int n, cap; }
#define vec_push_first(vec, x, first) do { \
	if ((vec)->n == (vec)->cap) { \
		(vec)->cap = (vec)->cap ? (vec)->cap * 2 : (first); \
		(vec)->v = xrealloc((vec)->v, sizeof(*(vec)->v) * (size_t)(vec)->cap); \
	} \
	(vec)->v[(vec)->n++] = (x); \
} while (0)
#define vec_push(vec, x) vec_push_first(vec, x, 8)
#define vec_free(vec) do { mem_free((vec)->v); (vec)->v = NULL; (vec)->n = (vec)->cap = 0; } while (0)
/* The same, growing inside an arena (the old copy is left to the arena). */
#define avec_push_first(arena, vec, x, first) do { \
	if ((vec)->n == (vec)->cap) { \
		int ncap_ = (vec)->cap ? (vec)->cap * 2 : (first); \
		void *nv_ = arena_alloc_raw((arena), sizeof(*(vec)->v) * (size_t)ncap_); \
		if ((vec)->n) memcpy(nv_, (vec)->v, sizeof(*(vec)->v) * (size_t)(vec)->n); \
		(vec)->v = nv_; (vec)->cap = ncap_; \
	} \
	(vec)->v[(vec)->n++] = (x); \
} while (0)
#define avec_push(arena, vec, x) avec_push_first(arena, vec, x, 4)

#endif
