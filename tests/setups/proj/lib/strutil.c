/* SPDX-License-Identifier: MIT */
/* Clean; compiled as src/util/strutil.c through the symlinked folder src/util. */
#include <string.h>
#include "app.h"

size_t trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return n;
}
