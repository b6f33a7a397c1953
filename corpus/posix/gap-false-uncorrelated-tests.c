/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 3 (reduced from real
 * code): two tests of the same unchanged value are not correlated when the
 * value is the result of a call (a pure one, such as strcmp on a global
 * nothing wrote), so the path that takes one branch at the first test and
 * the other at the second is followed.  (Tests of the same member are
 * correlated since issue 10: corpus/posix/correlated-member-tests.c.)
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/*
 * And with the result of a pure call on a global (pg_recvlogical's output
 * file, once the descriptor in a global was followed): "-" means standard
 * output, which is neither opened nor closed.
 */
static int log_fd = -1;
static const char *log_name;
void set_log_name(const char *name) { log_name = name; }
int log_line(const char *msg)
{
	if (log_fd == -1) {
		if (strcmp(log_name, "-") == 0)
			log_fd = fileno(stdout);
		else
			log_fd = open(log_name, O_CREAT | O_APPEND | O_WRONLY, 0600);
		if (log_fd == -1)
			return -1;
	}
	if (write(log_fd, msg, strlen(msg)) < 0)
		return -1;
	if (strcmp(log_name, "-") != 0)
		close(log_fd);
	log_fd = -1; /* known-false: leak */
	return 0;
}
