/*
 * Where a leak matters: a path that ends the process (exit(), abort(), a
 * return from main) gives everything back to the system, so what it still
 * holds is not reported unless --report-at-exit (the lines marked so).
 * The same handle lost on a return from any other function is a leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

/* bad: a helper's error path returns to its caller with the stream open. */
static int
read_magic(const char *path, char *magic)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	if (fread(magic, 4, 1, f) != 1)
		return -1; /* expect: leak */
	fclose(f);
	return 0;
}

/* good by default: the process exits with the buffer still allocated. */
static char *
load_or_exit(size_t n)
{
	char *buf = malloc(n);
	if (!buf)
		exit(1);
	if (n > 4096) {
		fprintf(stderr, "too big\n");
		exit(1); /* at-exit: leak */
	}
	return buf;
}

/* good by default: abort() while the file lock is held. */
static void
append_locked(int fd, const char *text, size_t len)
{
	if (flock(fd, LOCK_EX) != 0)
		return;
	if (write(fd, text, len) < 0)
		abort(); /* at-exit: lock-held */
	flock(fd, LOCK_UN);
}

/* good by default: main returns with the stream and the block held. */
int
main(int argc, char **argv)
{
	char magic[4];
	if (argc < 2)
		return 2;
	FILE *log = fopen("run.log", "a");
	if (!log)
		return 1;
	char *buf = load_or_exit(64);
	if (read_magic(argv[1], magic) != 0)
		return 1; /* at-exit: leak, leak */
	append_locked(fileno(log), magic, sizeof(magic));
	free(buf);
	fclose(log);
	return 0;
}
