/* SPDX-License-Identifier: MIT */
/*
 * A function of another file that opens a member of the object it is
 * given (mo_open() in member-opener-helpers.c: s->fd = open(...), 0 with
 * it, -1 without) acquires that member at its call sites here, as a
 * function of this file would: an error path that forgets to close it
 * leaks it, and the result says when there is nothing to close.
 */
#include <unistd.h>

struct mo_session {
	int fd;
	int flags;
};

int mo_open(struct mo_session *s, const char *path);
void mo_close(struct mo_session *s);
int mo_check(const char *path);

/* BUG: the check's failure returns with the descriptor open */
int
mo_read_first(const char *path, char *buf, int n)
{
	struct mo_session s;
	if (mo_open(&s, path) != 0)
		return -1;
	if (mo_check(path) < 0)
		return -1; /* expect: leak */
	int got = (int)read(s.fd, buf, (size_t)n);
	mo_close(&s);
	return got;
}

/* OK: closed on every path; nothing to close when the open failed */
int
mo_read_all(const char *path, char *buf, int n)
{
	struct mo_session s;
	if (mo_open(&s, path) != 0)
		return -1;
	if (mo_check(path) < 0) {
		mo_close(&s);
		return -1;
	}
	int got = (int)read(s.fd, buf, (size_t)n);
	mo_close(&s);
	return got;
}
