/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 10 (reduced from real
 * code): fdopen's result stored straight into a field and tested there: the
 * failure test on the field is not read as fdopen's failure, so the close()
 * of the descriptor that fdopen did not take seems a second release.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <stdio.h>
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
		close(dup_fd); /* known-false: double-release */
		return -1;
	}
	return 0;
}

/*
 * The same cause as a missed leak (pg_dump's open_none before upstream fixed
 * it): the duplicate goes straight into fdopen, whose result is stored into
 * the field and tested there; when fdopen fails nobody closes the duplicate.
 */
int reopen_unchecked(struct handle *h, int fd)
{
	h->priv = fdopen(dup(fd), "r");
	if (h->priv == NULL)
		return -1; /* known-to-fail: leak */
	return 0;
}
