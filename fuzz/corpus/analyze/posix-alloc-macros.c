/* Allocation written through macros: debug builds that redefine malloc and
 * free to record the caller (`#define malloc(n) dbg_malloc(n, __FILE__,
 * __LINE__)`), and an allocator reached through a table of function
 * pointers (`#define free(p) heap.release(heap.ctx, (p))`, as Kamailio's
 * pkg_free).  A call the code writes as a macro a pack names is that
 * pack's function, with the macro's arguments as written. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void *dbg_malloc(size_t n, const char *file, int line);
char *dbg_strdup(const char *s, const char *file, int line);
struct heap {
	void *ctx;
	void (*release)(void *ctx, void *p);
};
extern struct heap heap;
void log_text(const char *fmt, ...);
void note_close(int line);
int real_fclose(FILE *f);
void *guard(void *p);
FILE *scratch_file(void);

#define malloc(n) dbg_malloc((n), __FILE__, __LINE__)
#define strdup(s) dbg_strdup(s, __FILE__, __LINE__)
#define free(p) heap.release(heap.ctx, (p))
#define LOG(...) log_text(__VA_ARGS__)
/* two calls: the value, and so the macro's name, is the last one's */
#define fclose(f) (note_close(__LINE__), real_fclose(f))
/* a call inside the macro's call: the outer one is the macro's */
#define calloc(n, size) guard(dbg_malloc((n) * (size), __FILE__, __LINE__))
/* a macro of no argument over a call of none */
#undef tmpfile
#define tmpfile() scratch_file()

struct item {
	char *name;
	int n;
};

/* Bad: the name is lost when the item cannot be allocated. */
struct item *
item_new(const char *name)
{
	char *copy = strdup(name);
	if (!copy)
		return NULL;
	struct item *it = malloc(sizeof(*it));
	if (!it)
		return NULL; /* expect: leak "memory 'copy' acquired by 'strdup' at line 45 is not released on this path" */
	it->name = copy;
	it->n = 0;
	return it;
}

/* Good: both released through the macro, on every path. */
int
item_use(const char *name)
{
	char *copy = strdup(name);
	if (!copy)
		return -1;
	char *buf = malloc(64);
	if (!buf) {
		free(copy);
		return -1;
	}
	LOG("%s %p", copy, (void *)buf);
	free(buf);
	free(copy);
	return 0;
}

/* Bad: released twice through the macro; the handle is the macro's
 * argument, not the call's first one (the heap's context). */
void
item_drop(char *s)
{
	char *t = strdup(s);
	if (!t)
		return;
	free(t);
	free(t); /* expect: double-release */
}

/* Good: both allocations move into the returned item, or are released
 * through the macro on the way out. */
struct item *
item_dup(const struct item *src)
{
	struct item *it = malloc(sizeof(*it));
	if (!it)
		return NULL;
	it->name = strdup(src->name);
	if (!it->name) {
		free(it);
		return NULL;
	}
	it->n = src->n;
	return it;
}

/* Bad: the stream is closed on one path only; fclose is a macro that
 * records the line, then closes. */
int
count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int n = 0, ch;
	while ((ch = getc(f)) != EOF) {
		if (ch == '\n')
			n++;
		if (n > 1000)
			return n; /* expect: leak */
	}
	fclose(f);
	return n;
}

/* Good: the table from the calloc macro (guard() around the allocation,
 * both in the macro) is released on every path. */
int
table_sum(int n)
{
	int *t = calloc((size_t)n, sizeof(int));
	if (!t)
		return -1;
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += t[i];
	free(t);
	return sum;
}

/* Bad: the scratch stream from the tmpfile() macro (a call with no
 * argument) is left open when the write fails. */
int
spill(const char *text)
{
	FILE *f = tmpfile();
	if (!f)
		return -1;
	if (fputs(text, f) < 0)
		return -1; /* expect: leak */
	fclose(f);
	return 0;
}
