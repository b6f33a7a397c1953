/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 1 (reduced from real
 * code): a format chosen by ?: between two literals that both free their "%z"
 * argument: only a literal format is read, so the string seems overwritten
 * while still held.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <sqlite3.h>
#include <string.h>
/* The format is chosen by ?: between two literals; both free the "%z" argument. */
char *command(int argc, char **argv)
{
	char *cmd = sqlite3_mprintf("%s", argv[0]);
	for (int i = 1; i < argc && cmd != 0; i++)
		cmd = sqlite3_mprintf(strchr(argv[i], ' ') ? "%z \"%s\"" : "%z %s", cmd, argv[i]); /* known-false: leak, leak */
	return cmd;
}
