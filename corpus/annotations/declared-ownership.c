/*
 * Acquire/release pairs declared in the code itself rather than in a rule
 * pack: GCC's malloc(dealloc, index), Clang's ownership_* attributes, and
 * closecheck's own annotate("closecheck::...") spelling behind macros.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pool;
struct buf { char *data; size_t len; };

/* Clang parses GCC's malloc(dealloc) but does not use it: closecheck does. */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wignored-attributes"
#endif

void buf_free(struct buf *b);
struct buf *buf_new(size_t len) __attribute__((malloc, malloc(buf_free, 1)));

void *arena_take(size_t n) __attribute__((ownership_returns(arena_block)));
void arena_give(void *p) __attribute__((ownership_takes(arena_block, 1)));
void arena_keep(struct pool *pool, void *p) __attribute__((ownership_holds(arena_block, 2)));

#define CC_ACQUIRE(kind) __attribute__((annotate("closecheck::acquire(" #kind ")")))
#define CC_RELEASE(kind, arg) __attribute__((annotate("closecheck::release(" #kind ", " #arg ")")))
#define CC_BORROW __attribute__((annotate("closecheck::borrow")))

struct session;
struct session *session_open(const char *user) CC_ACQUIRE(session);
void session_close(int flags, struct session *s) CC_RELEASE(session, 1);
int session_send(struct session *s, const char *msg) CC_BORROW;
int session_detach(struct session *s);

/* BAD: the buffer from buf_new is not given back when the copy is too long. */
int
copy_line(const char *line)
{
	struct buf *b = buf_new(64);
	if (!b)
		return -1;
	if (strlen(line) >= 64)
		return -1; /* expect: leak */
	memcpy(b->data, line, strlen(line) + 1);
	buf_free(b);
	return 0;
}

/* GOOD: released by the declared deallocator on every path. */
int
copy_line_fixed(const char *line)
{
	struct buf *b = buf_new(64);
	if (!b)
		return -1;
	if (strlen(line) >= 64) {
		buf_free(b);
		return -1;
	}
	memcpy(b->data, line, strlen(line) + 1);
	buf_free(b);
	return 0;
}

/* BAD: the arena block is dropped on the error path. */
int
fill_block(int n)
{
	char *p = arena_take((size_t)n);
	if (!p)
		return -1;
	if (n > 4096)
		return -2; /* expect: leak */
	memset(p, 0, (size_t)n);
	arena_give(p);
	return 0;
}

/* GOOD (tricky): ownership_holds: the pool keeps the block. */
int
park_block(struct pool *pool, int n)
{
	char *p = arena_take((size_t)n);
	if (!p)
		return -1;
	arena_keep(pool, p);
	return 0;
}

/* BAD: a session opened with an annotated function leaks on failure. */
int
notify(const char *user, const char *msg)
{
	struct session *s = session_open(user);
	if (!s)
		return -1;
	if (session_send(s, msg) != 0)
		return -1; /* expect: leak */
	session_close(0, s);
	return 0;
}

/* GOOD: released through the annotated argument 1. */
int
notify_fixed(const char *user, const char *msg)
{
	struct session *s = session_open(user);
	int rc;
	if (!s)
		return -1;
	rc = session_send(s, msg);
	session_close(0, s);
	return rc;
}

/* BAD: freed with free() although buf_free is its deallocator. */
void
drop_buffer(void)
{
	struct buf *b = buf_new(16);
	if (b)
		free(b); /* expect: mismatched-release */
}

/* GOOD (tricky): session_detach is declared without annotation: it may keep
 * the session, so nothing is reported. */
int
hand_over(const char *user)
{
	struct session *s = session_open(user);
	if (!s)
		return -1;
	return session_detach(s);
}
