/* SPDX-License-Identifier: MIT */
/*
 * The helpers gap-cross-file.c calls from another unit: a wrapper that
 * acquires and a helper that releases.  Nothing to report here.
 */
#include <stdlib.h>
#include <string.h>

char *
name_dup(const char *s)
{
	return strdup(s);
}

void
name_free(char *s)
{
	free(s);
}
