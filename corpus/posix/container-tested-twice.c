/* SPDX-License-Identifier: MIT */
/*
 * The object that holds a handle in a member, tested again at the cleanup
 * label (`if (ptr && ptr->buf) free(ptr->buf); if (ptr) free(ptr);`, as
 * Kamailio's db_mysql connection set-up): the tests of `ptr` are tied to
 * each other before the function's other variables take the slots a path
 * follows, so no path has `ptr` null at one test and not at the next.
 */
#include <stdlib.h>
#include <string.h>
int ask(int);
void note(const char *what);

struct conn {
	char *buf;
	int ref;
};

/* Good (tricky): thirteen flags take the slots; the two tests of ptr
 * at the label stay tied. */
struct conn *conn_new(void)
{
	int f0 = 0;
	int f1 = 0;
	int f2 = 0;
	int f3 = 0;
	int f4 = 0;
	int f5 = 0;
	int f6 = 0;
	int f7 = 0;
	int f8 = 0;
	int f9 = 0;
	int f10 = 0;
	int f11 = 0;
	int f12 = 0;
	struct conn *ptr = malloc(sizeof(*ptr));
	if (!ptr)
		return NULL;
	memset(ptr, 0, sizeof(*ptr));
	ptr->ref = 1;
	ptr->buf = malloc(64);
	if (!ptr->buf)
		goto err;
	if (ask(0))
		f0 = 1;
	if (ask(1))
		f1 = 1;
	if (ask(2))
		f2 = 1;
	if (ask(3))
		f3 = 1;
	if (ask(4))
		f4 = 1;
	if (ask(5))
		f5 = 1;
	if (ask(6))
		f6 = 1;
	if (ask(7))
		f7 = 1;
	if (ask(8))
		f8 = 1;
	if (ask(9))
		f9 = 1;
	if (ask(10))
		f10 = 1;
	if (ask(11))
		f11 = 1;
	if (ask(12))
		f12 = 1;
	if (f0)
		note("0");
	if (f1)
		note("1");
	if (f2)
		note("2");
	if (f3)
		note("3");
	if (f4)
		note("4");
	if (f5)
		note("5");
	if (f6)
		note("6");
	if (f7)
		note("7");
	if (f8)
		note("8");
	if (f9)
		note("9");
	if (f10)
		note("10");
	if (f11)
		note("11");
	if (f12)
		note("12");
	if (ask(99))
		goto err;
	return ptr;
err:
	if (ptr && ptr->buf)
		free(ptr->buf);
	if (ptr)
		free(ptr);
	return NULL;
}

/* BUG: the member's buffer is lost with the object on the error path. */
struct conn *conn_new_leaky(void)
{
	int f0 = 0;
	int f1 = 0;
	int f2 = 0;
	int f3 = 0;
	int f4 = 0;
	int f5 = 0;
	int f6 = 0;
	int f7 = 0;
	int f8 = 0;
	int f9 = 0;
	int f10 = 0;
	int f11 = 0;
	int f12 = 0;
	struct conn *ptr = malloc(sizeof(*ptr));
	if (!ptr)
		return NULL;
	memset(ptr, 0, sizeof(*ptr));
	ptr->ref = 1;
	ptr->buf = malloc(64);
	if (!ptr->buf)
		goto err;
	if (ask(0))
		f0 = 1;
	if (ask(1))
		f1 = 1;
	if (ask(2))
		f2 = 1;
	if (ask(3))
		f3 = 1;
	if (ask(4))
		f4 = 1;
	if (ask(5))
		f5 = 1;
	if (ask(6))
		f6 = 1;
	if (ask(7))
		f7 = 1;
	if (ask(8))
		f8 = 1;
	if (ask(9))
		f9 = 1;
	if (ask(10))
		f10 = 1;
	if (ask(11))
		f11 = 1;
	if (ask(12))
		f12 = 1;
	if (f0)
		note("0");
	if (f1)
		note("1");
	if (f2)
		note("2");
	if (f3)
		note("3");
	if (f4)
		note("4");
	if (f5)
		note("5");
	if (f6)
		note("6");
	if (f7)
		note("7");
	if (f8)
		note("8");
	if (f9)
		note("9");
	if (f10)
		note("10");
	if (f11)
		note("11");
	if (f12)
		note("12");
	if (ask(99))
		goto err;
	return ptr;
err:
	if (ptr)
		free(ptr); /* expect: leak */
	return NULL;
}
