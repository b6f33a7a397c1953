/* SPDX-License-Identifier: MIT */
/*
 * Two tests of the same call of a pure function (the packs' `pure`:
 * strcmp, strlen, memcmp, ...) with the same arguments and nothing between
 * that may change them are one test (docs/evaluation.md cause 3, reduced
 * from pg_recvlogical's output file: "-" means standard output, which is
 * neither opened nor closed).  A store into an argument, a call given its
 * address or a pointer argument to write through, or, for a global or
 * what a pointer points to, a call of a function the packs do not know,
 * makes them two tests.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void reconfigure(void);

/* Good (tricky): the name is a global, and only calls the packs know
 * (write, fileno, open) run between the tests. */
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
	log_fd = -1;
	return 0;
}

/* Good (tricky): a parameter tested with `!strcmp`, a local copy made
 * only when its length is not zero. */
int copy_mode(const char *path, const char *mode)
{
	FILE *f;
	char *copy = NULL;
	if (!strcmp(mode, "-"))
		f = stdin;
	else
		f = fopen(path, mode);
	if (!f)
		return -1;
	if (strlen(path) > 0)
		copy = strdup(path);
	int c = fgetc(f);
	if (strlen(path) > 0)
		free(copy);
	if (strcmp(mode, "-"))
		fclose(f);
	return c;
}

/* BUG: the name is changed between the tests: the descriptor opened for
 * "out.log" is lost when the name becomes "-". */
int log_twice(const char *name)
{
	int fd;
	if (strcmp(name, "-") == 0)
		fd = 1;
	else
		fd = open(name, O_WRONLY);
	if (fd < 0)
		return -1;
	name = "-";
	if (write(fd, "x", 1) < 0) {
		if (strcmp(name, "-") != 0)
			close(fd);
		return -1; /* expect: leak */
	}
	if (strcmp(name, "-") != 0)
		close(fd);
	return 0; /* expect: leak */
}

/* BUG: a function of another file runs between the tests and may change
 * the global name: the descriptor may leak. */
int log_reconfigured(const char *msg)
{
	int fd;
	if (strcmp(log_name, "-") == 0)
		fd = fileno(stdout);
	else
		fd = open(log_name, O_CREAT | O_APPEND | O_WRONLY, 0600);
	if (fd == -1)
		return -1;
	reconfigure();
	if (write(fd, msg, strlen(msg)) < 0)
		return -1; /* expect: leak */
	if (strcmp(log_name, "-") != 0)
		close(fd);
	return 0; /* expect: leak */
}

/* BUG: the buffer the name is read from is written between the tests
 * (strcpy writes through its first argument): the copy may leak. */
int rename_buffer(char *buf, const char *to)
{
	char *copy = NULL;
	if (strcmp(buf, "-") != 0)
		copy = strdup(buf);
	strcpy(buf, to);
	if (strcmp(buf, "-") != 0)
		free(copy);
	return 0; /* expect: leak */
}
