/* SPDX-License-Identifier: MIT */
/* Clean: releases everything it acquires. */
#include <stdio.h>
#include <stdlib.h>
#include "app.h"

int main(int argc, char **argv)
{
	char line[128];
	char *copy = malloc(16);
	if (!copy)
		return 1;
	int rc = argc > 1 ? read_config(argv[1], line, (int)sizeof line) : 0;
	free(copy);
	printf("%d %d\n", app_ok(rc), asm_answer());
	return 0;
}
