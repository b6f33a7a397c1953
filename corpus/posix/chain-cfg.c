/* SPDX-License-Identifier: MIT */
/*
 * The middle of the chain (see chain-raw.c): each function only passes
 * its work down to chain-raw.c, so what it does is what that unit's
 * functions do.  Summarised from this unit alone, chain_cfg_open() would
 * return nothing known and chain_cfg_close() would keep its argument;
 * with the rounds of the chains they are a wrapper of fopen() and a
 * releaser.  Nothing to report here.
 */
#include <stdio.h>

FILE *chain_raw_open(const char *path);
void chain_raw_close(FILE *f);
int chain_raw_peek(FILE *f);

FILE *
chain_cfg_open(const char *name)
{
	FILE *f = chain_raw_open(name);
	if (!f)
		return NULL;
	return f;
}

void
chain_cfg_close(FILE *f)
{
	if (f)
		chain_raw_close(f);
}

int
chain_cfg_first(FILE *f)
{
	return chain_raw_peek(f);
}
