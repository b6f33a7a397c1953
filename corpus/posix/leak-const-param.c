/* SPDX-License-Identifier: MIT */
/*
 * Leaks of memory and streams lent to a function of another file whose
 * prototype takes a pointer to const: the callee only reads through it,
 * so the caller still owns what it passed and must release it.  Before,
 * any call to an unknown function counted as ownership leaving, and these
 * leaks went unseen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
	char *name;
	int id;
};

/* Defined in another file; they only read what they are given. */
void print_line(const char *line);
int count_words(const char *text, int max);
void show_record(const struct record *r);
int send_all(int fd, const void *buf, size_t len);

/* bad: the copy is printed and forgotten */
void
announce(const char *who)
{
	char *msg = malloc(strlen(who) + 8);
	if (!msg)
		return;
	strcpy(msg, "hello, ");
	strcat(msg, who);
	print_line(msg);
} /* expect: leak "memory 'msg' acquired by 'malloc' at line 28 is not released on this path" */

/* bad: the early return after a borrowing call leaks the copy */
int
words_in(const char *text)
{
	char *copy = strdup(text);
	if (!copy)
		return -1;
	int n = count_words(copy, 100);
	if (n == 0)
		return 0; /* expect: leak */
	free(copy);
	return n;
}

/* bad: a struct on the stack holding the handle is lent whole; the name is
 * still this function's to free */
void
show_named(int id, const char *name)
{
	struct record r;
	r.id = id;
	r.name = strdup(name);
	if (!r.name)
		return;
	show_record(&r);
} /* expect: leak */

/* bad: the buffer is sent through a `const void *` parameter and leaked
 * when the send fails */
int
send_greeting(int fd)
{
	char *buf = strdup("hello\n");
	if (!buf)
		return -1;
	if (send_all(fd, buf, strlen(buf)) < 0)
		return -1; /* expect: leak */
	free(buf);
	return 0;
}

/* A helper of this file that only hands its argument to a reader borrows it
 * too: its callers still own what they pass. */
static void
log_twice(char *line)
{
	print_line(line);
	print_line(line);
}

/* bad: lent through the helper, then leaked */
void
report(const char *what)
{
	char *line = strdup(what);
	if (!line)
		return;
	log_twice(line);
} /* expect: leak */

/* good: lent through the helper, then freed */
void
report_freed(const char *what)
{
	char *line = strdup(what);
	if (!line)
		return;
	log_twice(line);
	free(line);
}

void log_line(const char *fmt, ...);

/* BUG: a printf-like function (its last declared parameter the format)
 * reads its variadic arguments and keeps none: the copy leaks. */
void
log_copy(const char *s)
{
	char *n = strdup(s);
	if (n)
		log_line("%s", n);
} /* expect: leak */
