/* SPDX-License-Identifier: MIT */
/*
 * Accepted gap (docs/evaluation.md, fifth session): a loop finds its target
 * again through a helper that may return the very object it was given
 * (git's receive-pack.c, `hint = find_command_by_refname(hint, ...)`), and
 * stores a fresh copy into a member each time: a second report for the same
 * target overwrites the first copy.  Once the pointer is given a new value
 * the engine takes the member for another object's, so the overwrite is not
 * seen: the helper's summary would have to say that it may return its
 * argument.
 */
#include <stdlib.h>
#include <string.h>
struct cmd {
	struct cmd *next;
	char *owned;
	int run;
};
struct cmd *find(struct cmd *from, const char *name);
const char *next_line(void);

/* bad: a target reported twice loses its first copy. */
int read_status(struct cmd *commands)
{
	struct cmd *hint = NULL;
	int code = 0;
	const char *line;
	while ((line = next_line())) {
		const char *p = strchr(line, ' ');
		if (hint)
			hint = find(hint, line);
		if (!hint)
			hint = find(commands, line);
		if (!hint || !hint->run || !p)
			continue;
		hint->owned = strdup(p); /* known-to-fail: leak */
		code = -1;
	}
	return code;
}
