/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md cause 10 (reduced from real code), fixed: fdopen's
 * result stored straight into a field and tested there.  The test of the
 * field decides whether fdopen took the descriptor over, as a test of a
 * variable does.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
struct handle { void *priv; };
/* fdopen takes the descriptor only when it succeeds. */
int reopen(struct handle *h, int fd)
{
	int dup_fd = dup(fd);
	if (dup_fd < 0)
		return -1;
	h->priv = fdopen(dup_fd, "r");
	if (h->priv == NULL)
	{
		close(dup_fd);
		return -1;
	}
	return 0;
}

/* BUG: fdopen failed, the descriptor is still open and nobody closes it. */
int reopen_leaky(struct handle *h, int fd)
{
	int dup_fd = dup(fd);
	if (dup_fd < 0)
		return -1;
	h->priv = fdopen(dup_fd, "r");
	if (h->priv == NULL)
		return -1; /* expect: leak */
	return 0;
}

/* BUG (pg_dump's open_none before upstream fixed it): the duplicate goes
 * straight into fdopen, whose result is stored into the field and tested
 * there; when fdopen fails nobody closes the duplicate. */
int reopen_unchecked(struct handle *h, int fd)
{
	h->priv = fdopen(dup(fd), "r");
	if (h->priv == NULL)
		return -1; /* expect: leak */
	return 0;
}

/* good: the stream owns the descriptor, which stays open while it lives:
 * fstat() on it after fdopen() reads a live descriptor (git's attr.c). */
long
stream_size(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	FILE *fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return (long)st.st_size;
}

/* bad: closed through the stream, then closed again. */
void
close_both(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	FILE *fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		return;
	}
	fclose(fp);
	close(fd); /* expect: double-release */
}
