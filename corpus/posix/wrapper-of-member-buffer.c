/* SPDX-License-Identifier: MIT */
/*
 * A wrapper whose handle comes through a local object: a helper of the
 * unit allocates into a member of the struct it is given (buf_init), and
 * the wrapper returns that member (read_word: `buf_init(&b); ... return
 * b.data;`, psql's psql_scan_slash_option with initPQExpBuffer).  Its
 * callers acquire what it returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wbuf {
	char *data;
	size_t len;
};

static void
wbuf_init(struct wbuf *b)
{
	b->data = malloc(64);
	if (!b->data)
		abort();
	b->data[0] = '\0';
	b->len = 0;
}

static char *
read_word(const char *line)
{
	struct wbuf b;
	wbuf_init(&b);
	strncat(b.data, line, 63);
	b.len = strlen(b.data);
	return b.data;
}

/* BUG: the word is lost when it is empty. */
int
word_length(const char *line)
{
	char *w = read_word(line);
	size_t n = strlen(w);
	if (n == 0)
		return -1; /* expect: leak "memory 'w' acquired by 'read_word' at line 42 is not released on this path" */
	free(w);
	return (int)n;
}

/* Good: released on every path. */
int
word_first(const char *line)
{
	char *w = read_word(line);
	int c = w[0];
	free(w);
	return c;
}

/* Good: the word is the caller's. */
char *
word_copy(const char *line)
{
	return read_word(line);
}
