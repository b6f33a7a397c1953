/* SPDX-License-Identifier: MIT */
/*
 * The top of the chain (see chain-raw.c): the stream comes from
 * chain_cfg_open(), a wrapper in chain-cfg.c of a wrapper in chain-raw.c,
 * and goes back through chain_cfg_close(), a releaser two units down.
 */
#include <stdio.h>

FILE *chain_cfg_open(const char *name);
void chain_cfg_close(FILE *f);
int chain_cfg_first(FILE *f);

/* BUG: the stream from the wrapper's wrapper is lost on the early return. */
int
chain_first_byte(const char *name)
{
	FILE *f = chain_cfg_open(name);
	if (!f)
		return -1;
	int c = chain_cfg_first(f);
	if (c == EOF)
		return -1; /* expect: leak "stream 'f' acquired by 'chain_cfg_open' at line 17 is not released on this path" */
	chain_cfg_close(f);
	return c;
}

/* BUG: closed twice, once through two units. */
void
chain_close_twice(const char *name)
{
	FILE *f = chain_cfg_open(name);
	if (!f)
		return;
	chain_cfg_close(f);
	fclose(f); /* expect: double-release */
}

/* Good: released on every path, through the chain. */
int
chain_all_paths(const char *name)
{
	FILE *f = chain_cfg_open(name);
	if (!f)
		return -1;
	int c = chain_cfg_first(f);
	chain_cfg_close(f);
	return c;
}

/* Good: given back to the caller. */
FILE *
chain_reopen(const char *name, FILE *old)
{
	chain_cfg_close(old);
	return chain_cfg_open(name);
}
