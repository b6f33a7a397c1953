/*
 * Buffers handed out through an argument: getline/getdelim (allocated, or
 * grown when the caller's buffer is too small, and to be freed even when
 * the call fails) and scandir's list; glibc's error(), which ends the
 * process only when its status is not 0.
 */
#include <dirent.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* good: the buffer getline grows is freed once, after the loop. */
long
count_lines(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	while (getline(&line, &cap, f) != -1)
		n++;
	free(line);
	return n;
}

/* bad: getline allocated a buffer even though it failed. */
int
first_line_length(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, f);
	if (len < 0)
		return -1; /* expect: leak */
	free(line);
	return (int)len;
}

/* good: a buffer of the caller's own is handed to getline, which may
 * replace it; the one freed at the end is what getline left there. */
int
line_into_own_buffer(FILE *f)
{
	size_t cap = 64;
	char *line = malloc(cap);
	if (!line)
		return -1;
	ssize_t len = getdelim(&line, &cap, ';', f);
	free(line);
	return len < 0 ? -1 : 0;
}

/* bad: the early return after a successful scandir forgets the list. */
int
count_entries(const char *dir, int limit)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		free(names[i]);
	if (n > limit)
		return -1; /* expect: leak */
	free(names);
	return n;
}

/* good: nothing to free when scandir fails. */
int
list_sorted(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n == -1)
		return -1;
	for (int i = 0; i < n; i++) {
		puts(names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return n;
}

/* good: error(1, ...) does not return; the stream is not lost there. */
void
copy_header(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		error(EXIT_FAILURE, 0, "cannot open %s", path);
	if (!fgets(out, (int)len, f))
		error(2, 0, "%s: empty", path); /* at-exit: leak */
	fclose(f);
}

/* bad: error(0, ...) only prints: the function goes on and returns. */
int
warn_and_return(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgetc(f) == EOF) {
		error(0, 0, "%s: empty", path);
		return -1; /* expect: leak */
	}
	fclose(f);
	return 0;
}

/* good: a status the path knows (a flag set to a constant and tested). */
void
fatal_by_flag(const char *path, int strict)
{
	int status = 0;
	if (strict)
		status = 3;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (status != 0 && fgetc(f) == EOF)
		error(status, 0, "%s: empty", path); /* at-exit: leak */
	fclose(f);
}
