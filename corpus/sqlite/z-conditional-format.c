/* SPDX-License-Identifier: MIT */
/*
 * docs/evaluation.md cause 1 (reduced from the SQLite shell), fixed: a format
 * chosen by ?: between two literals that both free their "%z" argument frees
 * it; when only one of them does, the string is not taken as freed.
 */
#include <sqlite3.h>
#include <string.h>
/* Good (tricky): both literals free the "%z" argument. */
char *command(int argc, char **argv)
{
	char *cmd = sqlite3_mprintf("%s", argv[0]);
	for (int i = 1; i < argc && cmd != 0; i++)
		cmd = sqlite3_mprintf(strchr(argv[i], ' ') ? "%z \"%s\"" : "%z %s", cmd, argv[i]);
	return cmd;
}

/* BUG: only one of the two formats frees the old text (%s copies it); on the
 * path that takes the other, the old text is lost when cmd is overwritten. */
char *command_mixed(int argc, char **argv)
{
	char *cmd = sqlite3_mprintf("%s", argv[0]);
	for (int i = 1; i < argc && cmd != 0; i++)
		cmd = sqlite3_mprintf(strchr(argv[i], ' ') ? "%z \"%s\"" : "%s %s", cmd, argv[i]); /* expect: leak, leak */
	return cmd;
}
