/* SPDX-License-Identifier: MIT */
/*
 * The helpers gap-cross-file.c calls from another unit: a wrapper that
 * acquires, a helper that releases, one that ends the process, one that
 * keeps what it is given, one that only reads it and one that returns
 * it.  Nothing to report
 * here.
 */
#include <stdio.h>
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

void
name_fatal(const char *msg)
{
	fputs(msg, stderr);
	exit(1);
}

static char *kept_name;

void
name_keep(char *s)
{
	free(kept_name);
	kept_name = s;
}

size_t
name_len(char *s)
{
	return strlen(s);
}

char *
name_trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}
