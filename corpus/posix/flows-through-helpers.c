/* SPDX-License-Identifier: MIT */
/*
 * Ways a buffer reaches the function that frees it (or does not), all in
 * one file: through the other member of a union, a local function pointer
 * set to one function, an element of a local array, a member of a struct
 * passed by value, and a `void *` the callee turns back into the pointer
 * it is.  Each helper that frees is followed as if called directly; each
 * that only reads leaves the buffer to its caller, who leaks it.
 */
#include <stdlib.h>
#include <string.h>

void show(const char *s);

union two_names {
	char *first;
	char *second;
};

/* BUG: stored through one member, read through the other, never freed */
void
union_leak(void)
{
	union two_names u;
	char *p = malloc(32);
	if (!p)
		return;
	strcpy(p, "text");
	u.first = p;
	show(u.second);
} /* expect: leak */

/* OK: the other member is the same storage: freeing it frees the buffer */
void
union_freed(void)
{
	union two_names u;
	char *p = malloc(32);
	if (!p)
		return;
	u.first = p;
	free(u.second);
}

static void
only_show(char *s)
{
	show(s);
}

static void
show_and_free(char *s)
{
	show(s);
	free(s);
}

/* BUG: the function pointer always calls only_show() */
void
pointer_call_leak(void)
{
	void (*done)(char *) = only_show;
	char *p = malloc(32);
	if (!p)
		return;
	done(p);
} /* expect: leak */

/* OK: it always calls show_and_free() */
void
pointer_call_freed(void)
{
	void (*done)(char *) = show_and_free;
	char *p = malloc(32);
	if (!p)
		return;
	(*done)(p);
}

/* OK: it may call either, so what it does is not known */
void
pointer_call_either(int quiet)
{
	void (*done)(char *) = show_and_free;
	if (quiet)
		done = only_show;
	char *p = malloc(32);
	if (!p)
		return;
	done(p);
}

static void
show_third(char *v[])
{
	show(v[2]);
}

static void
free_third(char *v[])
{
	free(v[2]);
}

/* BUG: the element is only shown */
void
element_leak(void)
{
	char *v[4];
	char *p = malloc(32);
	if (!p)
		return;
	v[2] = p;
	show_third(v);
} /* expect: leak */

/* OK: the helper frees the element */
void
element_freed(void)
{
	char *v[4];
	char *p = malloc(32);
	if (!p)
		return;
	v[2] = p;
	free_third(v);
}

struct label {
	char *text;
	int width;
};

static void
show_label(struct label l)
{
	show(l.text);
}

static void
drop_label(struct label l)
{
	free(l.text);
}

/* BUG: the copy of the struct is only shown */
void
by_value_leak(void)
{
	struct label l;
	l.text = malloc(32);
	if (!l.text)
		return;
	l.width = 4;
	show_label(l);
} /* expect: leak */

/* OK: the callee frees what its copy holds, the same buffer */
void
by_value_freed(void)
{
	struct label l;
	l.text = malloc(32);
	if (!l.text)
		return;
	drop_label(l);
}

static void
show_through(void *arg)
{
	char **pp = arg;
	show(*pp);
}

static void
free_through(void *arg)
{
	char **pp = (char **)arg;
	free(*pp);
}

/* BUG: the callee only reads through the pointer it was given */
void
void_pointer_leak(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	show_through(&p);
} /* expect: leak */

/* OK: the callee frees it */
void
void_pointer_freed(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	free_through(&p);
}
