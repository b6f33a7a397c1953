/* SPDX-License-Identifier: MIT */
/*
 * The opener of member-opener-across-files.c, in another translation
 * unit: it leaves a descriptor in a member of the object it is given and
 * returns 0, or returns -1 with nothing open.  Nothing here is wrong.
 */
#include <fcntl.h>
#include <unistd.h>

struct mo_session {
	int fd;
	int flags;
};

int
mo_open(struct mo_session *s, const char *path)
{
	s->fd = open(path, O_RDONLY);
	if (s->fd < 0)
		return -1;
	s->flags = 0;
	return 0;
}

void
mo_close(struct mo_session *s)
{
	close(s->fd);
	s->fd = -1;
}
