/* SPDX-License-Identifier: MIT */
/*
 * The bottom of a chain of wrappers across three units: chain-raw.c opens
 * and reads, chain-cfg.c wraps these (a wrapper of a wrapper, and a
 * closer that passes its argument down), chain-use.c calls the middle
 * unit.  Nothing to report here.
 */
#include <stdio.h>
#include <stdlib.h>

FILE *
chain_raw_open(const char *path)
{
	return fopen(path, "r");
}

void
chain_raw_close(FILE *f)
{
	fclose(f);
}

/* reads one byte: borrows its stream */
int
chain_raw_peek(FILE *f)
{
	return fgetc(f);
}
