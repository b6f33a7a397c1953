/*
 * sqlite3_mprintf's %z conversion formats a string and frees it: the
 * classic way to grow a string in a loop.
 */
#include <sqlite3.h>

/* GOOD (tricky): each %z frees the previous string. */
char *
join_names(char **names, int n)
{
	char *s = sqlite3_mprintf("%s", names[0]);
	for (int i = 1; i < n && s; i++)
		s = sqlite3_mprintf("%z, %s", s, names[i]);
	return s;
}

/* BAD: %s copies, it does not free: the first string and every later
 * one are lost when s is overwritten. */
char *
join_names_leaky(char **names, int n)
{
	char *s = sqlite3_mprintf("%s", names[0]);
	for (int i = 1; i < n && s; i++)
		s = sqlite3_mprintf("%s, %s", s, names[i]); /* expect: leak, leak */
	return s;
}
