/* SPDX-License-Identifier: MIT */
/*
 * A handle acquired inside a loop and held in a variable declared outside
 * it, lost where the path jumps out of the loop (`goto fail` from the
 * body), is a leak at that jump, not a loop-release: no later round
 * overwrites it (reduced from the SQLite shell's `.output`, whose file
 * name is kept only for the first plain argument).  A variable of the
 * loop's body that dies at the end of each round is a loop-release.
 */
#include <stdlib.h>
#include <string.h>

int use_name(const char *name);

/* BUG: an unknown option after the file name leaves the copy behind (the
 * copy's variable is a block's, as in the shell's command dispatcher). */
int parse_output(int argc, char **argv)
{
	int rc = 0;
	if (argc > 1) {
		char *file = NULL;
		for (int i = 1; i < argc; i++) {
			char *z = argv[i];
			if (z[0] == '-') {
				if (strcmp(z, "-x") != 0) {
					rc = 1;
					goto done; /* expect: leak */
				}
			} else if (file == NULL) {
				file = strdup(z);
			} else {
				free(file);
				return 1;
			}
		}
		if (file)
			rc = use_name(file);
		free(file);
	}
done:
	return rc;
}

/* Good: the same, with the copy freed on the way out. */
int parse_output_fixed(int argc, char **argv)
{
	int rc = 0;
	if (argc > 1) {
		char *file = NULL;
		for (int i = 1; i < argc; i++) {
			char *z = argv[i];
			if (z[0] == '-') {
				if (strcmp(z, "-x") != 0) {
					rc = 1;
					free(file);
					goto done;
				}
			} else if (file == NULL) {
				file = strdup(z);
			} else {
				free(file);
				return 1;
			}
		}
		if (file)
			rc = use_name(file);
		free(file);
	}
done:
	return rc;
}

/* BUG: a copy made in every round, only the last one freed after the loop. */
int last_name(int argc, char **argv)
{
	char *name = NULL;
	for (int i = 1; i < argc; i++)
		name = strdup(argv[i]); /* expect: loop-release */
	int rc = name ? use_name(name) : 0;
	free(name);
	return rc;
}
