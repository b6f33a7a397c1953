/*
 * No leak: C library and POSIX resources released at a cleanup label
 * reached by several gotos, or by static helpers of this file.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
close_quietly(FILE *f)
{
	if (f)
		fclose(f);
}

static void
xfree(char **p)
{
	free(*p);
	*p = NULL;
}

/* good (tricky): one label releases the descriptor, the buffer and the stream; the first goto precedes all three. */
int
copy_file(const char *from, const char *to)
{
	int in = -1;
	char *buf = NULL;
	FILE *out = NULL;
	ssize_t n;
	int rc = -1;

	if (!from || !to)
		goto out;
	in = open(from, O_RDONLY);
	if (in < 0)
		goto out;
	buf = malloc(65536);
	if (!buf)
		goto out;
	out = fopen(to, "wb");
	if (!out)
		goto out;
	while ((n = read(in, buf, 65536)) > 0)
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			goto out;
	rc = n < 0 ? -1 : 0;
out:
	if (out)
		fclose(out);
	free(buf);
	if (in >= 0)
		close(in);
	return rc;
}

/* good (tricky): stacked labels undo in reverse order of acquisition. */
int
find_newest(const char *dir, char *name, size_t len)
{
	struct dirent *e;
	struct stat st;
	time_t newest = 0;
	DIR *d = opendir(dir);
	if (!d)
		goto fail;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		goto fail_dir;
	while ((e = readdir(d)) != NULL) {
		if (fstatat(dfd, e->d_name, &st, 0) < 0)
			goto fail_fd;
		if (S_ISREG(st.st_mode) && st.st_mtime > newest) {
			newest = st.st_mtime;
			snprintf(name, len, "%s", e->d_name);
		}
	}
	close(dfd);
	closedir(d);
	return newest ? 0 : -1;
fail_fd:
	close(dfd);
fail_dir:
	closedir(d);
fail:
	perror(dir);
	return -1;
}

/* good (tricky): a static helper closes the stream, NULL or not, on every path. */
int
first_byte(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		close_quietly(f);
		return -1;
	}
	int c = fgetc(f);
	close_quietly(f);
	return c;
}

/* good (tricky): the helper takes char ** and frees *p on both paths. */
int
env_flag(const char *name)
{
	const char *v = getenv(name);
	if (!v)
		return 0;
	char *copy = strdup(v);
	if (!copy)
		return -1;
	for (char *p = copy; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (strcmp(copy, "1") == 0 || strcmp(copy, "yes") == 0 || strcmp(copy, "true") == 0) {
		xfree(&copy);
		return 1;
	}
	xfree(&copy);
	return 0;
}
