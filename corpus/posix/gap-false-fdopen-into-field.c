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
