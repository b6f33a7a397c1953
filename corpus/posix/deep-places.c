/* SPDX-License-Identifier: MIT */
/*
 * Handles kept more than one member down: o->in.name (a struct inside the
 * object), o->pin->name (an object the object points to), t.a.f (a struct
 * inside a local struct), g.log.out (inside a global).  Each such place is
 * followed as a one-level member is: overwritten while it owns a handle,
 * inside an object that is freed, released twice, left in a local struct
 * that dies.  Two paths that end in the same member name are two places.
 * A pointer on the way that is given a new value, or freed, leaves the
 * handle where it was (in the object it led to): nothing is said of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct inner {
	char *name;
	FILE *f;
};

struct outer {
	struct inner in;
	struct inner *pin;
	struct inner *alt;
	int n;
};

struct two {
	struct inner a, b;
};

struct logger {
	struct inner log;
};

static struct logger g;

/* BUG: the second copy overwrites the first, inside the object */
void
rename_nested(struct outer *o, const char *s)
{
	o->in.name = strdup(s);
	o->in.name = strdup(s); /* expect: leak "memory 'o->in.name' acquired by 'strdup' at line 42 is lost: 'o->in.name' is overwritten while it still holds it" */
}

/* BUG: the same, in the object o->pin points to */
void
rename_chain(struct outer *o, const char *s)
{
	o->pin->name = strdup(s);
	o->pin->name = strdup(s); /* expect: leak "memory 'o->pin->name' acquired by 'strdup' at line 50 is lost: 'o->pin->name' is overwritten while it still holds it" */
}

/* BUG: the object is freed with the name still in it */
void
make_and_drop(const char *s)
{
	struct outer *o = calloc(1, sizeof *o);
	if (!o)
		return;
	o->in.name = strdup(s);
	free(o); /* expect: leak "memory 'o->in.name' acquired by 'strdup' at line 61 is lost: 'o', which holds it, is released here" */
}

/* BUG: the inner object is freed with its stream still open */
void
drop_inner(struct outer *o, const char *path)
{
	o->pin->f = fopen(path, "r");
	free(o->pin); /* expect: leak "stream 'o->pin->f' acquired by 'fopen' at line 69 is lost: 'o->pin', which holds it, is released here" */
	o->pin = NULL;
}

/* BUG: a local struct's inner stream is never closed */
int
count_lines(const char *path)
{
	struct two t;
	int n = 0;
	t.a.f = fopen(path, "r");
	if (!t.a.f)
		return -1;
	while (fgetc(t.a.f) != EOF)
		n++;
	return n; /* expect: leak "stream 't.a.f' acquired by 'fopen' at line 80 is not released on this path" */
}

/* BUG: closed twice through the chain */
void
close_twice(struct outer *o, const char *path)
{
	o->pin->f = fopen(path, "r");
	if (!o->pin->f)
		return;
	fclose(o->pin->f);
	fclose(o->pin->f); /* expect: double-release */
}

/* BUG: t.a.f is closed twice and t.b.f never: two places, not one */
void
wrong_member(const char *x, const char *y)
{
	struct two t;
	t.a.f = fopen(x, "r");
	if (!t.a.f)
		return;
	t.b.f = fopen(y, "r");
	if (!t.b.f) {
		fclose(t.a.f);
		return;
	}
	fclose(t.a.f);
	fclose(t.a.f); /* expect: double-release */
} /* expect: leak "stream 't.b.f' acquired by 'fopen' at line 107 is not released on this path" */

/* BUG: the global's stream is replaced while open */
void
log_reopen(const char *path)
{
	g.log.f = fopen(path, "a");
	g.log.f = fopen(path, "a"); /* expect: leak */
}

/* OK: two places of the same member name, each kept by the caller */
void
set_both(struct outer *o, const char *s)
{
	o->pin->name = strdup(s);
	o->alt->name = strdup(s);
	o->in.name = strdup(s);
}

/* OK: closed and reset before the new one */
void
reopen(struct outer *o, const char *path)
{
	o->pin->f = fopen(path, "r");
	if (!o->pin->f)
		return;
	fclose(o->pin->f);
	o->pin->f = NULL;
	o->pin->f = fopen(path, "r");
}

/* OK: o->pin now points elsewhere; the name stays in the old object */
void
switch_inner(struct outer *o, struct inner *other, const char *s)
{
	o->pin->name = strdup(s);
	o->pin = other;
}

/* OK: freeing o does not free what o->pin points to, the caller's */
void
drop_outer_only(struct inner *shared, const char *s)
{
	struct outer *o = calloc(1, sizeof *o);
	if (!o)
		return;
	o->pin = shared;
	o->pin->name = strdup(s);
	free(o);
}

/* OK: a failed open is tested through the chain */
int
open_checked(struct outer *o, const char *path)
{
	o->pin->f = fopen(path, "r");
	if (!o->pin->f)
		return -1;
	return 0;
}

static void
inner_clear(struct inner *in)
{
	free(in->name);
	in->name = NULL;
}

/* OK: a helper of the file is given the object that holds it */
void
rename_helped(struct outer *o, const char *s)
{
	o->pin->name = strdup(s);
	inner_clear(o->pin);
	o->pin->name = strdup(s);
}

/* OK: every stream of the local struct is closed */
void
both_members(const char *x, const char *y)
{
	struct two t;
	t.a.f = fopen(x, "r");
	if (!t.a.f)
		return;
	t.b.f = fopen(y, "r");
	if (!t.b.f) {
		fclose(t.a.f);
		return;
	}
	fclose(t.b.f);
	fclose(t.a.f);
}

/* OK: the local struct is copied whole into the caller's */
void
fill(struct two *out, const char *x)
{
	struct two t;
	t.a.f = fopen(x, "r");
	*out = t;
}

void take_inner(struct inner v);
void take_inner_ptr(struct inner *v);

/* OK: the struct is returned whole, the stream in it */
struct two
open_two(const char *x)
{
	struct two t;
	t.a.f = fopen(x, "r");
	t.b.f = NULL;
	return t;
}

/* OK: the local struct is copied into the caller's with memcpy */
void
fill_copy(struct two *out, const char *x)
{
	struct two t;
	t.a.f = fopen(x, "r");
	t.b.f = NULL;
	memcpy(out, &t, sizeof t);
}

/* OK: the inner struct is given away by value, and by address */
void
give_inner(const char *x, const char *y)
{
	struct two t;
	t.a.f = fopen(x, "r");
	take_inner(t.a);
	t.b.f = fopen(y, "r");
	take_inner_ptr(&t.b);
}
