/* SPDX-License-Identifier: MIT */
/*
 * A descriptor known to be 0, 1 or 2 is a standard stream: open() returns
 * the lowest free number, so a program that closed its standard streams
 * gets them back this way and keeps them open on purpose.  Reduced from
 * git's sanitize_stdfds() and archive's create_output_file().
 */
#include <fcntl.h>
#include <unistd.h>

/* Good (tricky): fills 0, 1 and 2 with /dev/null, closes the rest. */
void
fill_standard_streams(void)
{
	int fd = open("/dev/null", O_RDWR);
	while (fd >= 0 && fd < 2)
		fd = dup(fd);
	if (fd > 2)
		close(fd);
}

/* Good (tricky): when the file already is standard output, it stays. */
void
redirect_stdout(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (fd != 1) {
		dup2(fd, 1);
		close(fd);
	}
}

/* BUG: above 2 it is no standard stream, and this path keeps it open. */
int
peek(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (fd > 2)
		return 1; /* expect: leak */
	close(fd);
	return 0;
}
