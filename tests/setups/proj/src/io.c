/* SPDX-License-Identifier: MIT */
/* The planted leak: 'f' is not closed when fgets fails (line 12). */
#include <stdio.h>
#include "app.h"

int read_config(const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, n, f))
		return -1;
	trim(buf);
	fclose(f);
	return 0;
}
