/* SPDX-License-Identifier: MIT */
/*
 * No leak: handles lent to functions of other files through `const T *`
 * parameters and then released, and the calls that still take ownership
 * away: a parameter that is not a pointer to const (`char *`, `char *const`),
 * the variadic part of a prototype, a declaration without a prototype, a
 * call through a function pointer, a pack's `keeps` (openlog keeps its
 * ident even though it is `const char *`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

/* Defined in another file. */
void print_line(const char *line);
void adopt_name(char *name);            /* may keep it */
void adopt_fixed(char *const name);     /* the pointer is const, not what it points to */
void queue_all(int n, ...);
int legacy_store();                     /* no prototype: says nothing of its parameters */

/* good: lent, then freed */
void
greet(const char *who)
{
	char *msg = strdup(who);
	if (!msg)
		return;
	print_line(msg);
	free(msg);
}

/* good: a `char *` parameter may keep the name: ownership moves */
void
name_it(const char *s)
{
	char *n = strdup(s);
	if (!n)
		return;
	print_line(n);
	adopt_name(n);
}

/* good: `char *const` is a const pointer to writable chars: not a borrow */
void
name_fixed(const char *s)
{
	char *n = strdup(s);
	if (n)
		adopt_fixed(n);
}

/* good: past the declared parameters of a function that is not printf-like,
 * the variadic arguments keep the old rule (the callee may keep them) */
void
queue_copy(const char *s)
{
	char *n = strdup(s);
	if (n)
		queue_all(1, n);
}

/* good: a K&R declaration says nothing about its parameters */
void
store_legacy(const char *s)
{
	char *n = strdup(s);
	if (n)
		legacy_store(n);
}

/* good: a call through a function pointer, even one typed with a const
 * parameter, is not known to borrow */
void
through_pointer(void (*sink)(const char *), const char *s)
{
	char *n = strdup(s);
	if (n)
		sink(n);
}

/* good: the pack says openlog keeps its ident (glibc does not copy it) */
void
start_log(const char *prog)
{
	char *ident = strdup(prog);
	if (!ident)
		return;
	openlog(ident, LOG_PID, LOG_USER);
}

/* good: a stream lent to a reader through a const pointer, then closed */
int
first_line(const char *path, char *out, int n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	print_line(path);
	if (!fgets(out, n, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}
