/*
 * Where a leak matters: a path that ends the process (exit(), abort(), a
 * return from main) gives everything back to the system, so what it still
 * holds is not reported unless --report-at-exit (the lines marked so).
 * The same handle lost on a return from any other function is a leak.
 * A handle overwritten or discarded where every path goes on to end the
 * process is lost the same way; inside a loop the loss repeats, and on a
 * path that can return it is a leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* good by default (git's help.c): the path string is given to setenv(),
 * which copies it, and then the process is replaced or ends. */
static void
show_info(const char *page)
{
	setenv("INFOPATH", strdup("/usr/share/info"), 1); /* at-exit: leak */
	execlp("info", "info", page, (char *)NULL);
	perror("info");
	exit(1);
}

/* good by default: the buffer is overwritten on a path that only exits. */
static void
fail_with(const char *what)
{
	char *msg = strdup(what);
	if (msg) {
		fputs(msg, stderr);
		msg = strdup("exiting\n"); /* at-exit: leak */
		fputs(msg, stderr);
	}
	exit(1); /* at-exit: leak */
}

/* bad: the same loss in a loop repeats before the process ends. */
static void
serve_forever(const char *page)
{
	for (;;) {
		setenv("INFOPATH", strdup(page), 1); /* expect: leak */
		if (getenv("STOP"))
			exit(0);
	}
}

/* bad: the discarded copy is lost on a path that returns. */
static int
show_info_or_fail(const char *page)
{
	setenv("INFOPATH", strdup("/usr/share/info"), 1); /* expect: leak */
	execlp("info", "info", page, (char *)NULL);
	return -1;
}

/* good by default: main returns with the stream and the block held. */
int
main(int argc, char **argv)
{
	char magic[4];
	if (argc < 2)
		return 2;
	if (argc > 3)
		show_info(argv[2]);
	if (argc > 4)
		fail_with(argv[2]);
	if (argc > 5)
		serve_forever(argv[2]);
	if (argc > 6 && show_info_or_fail(argv[2]) != 0)
		return 3;
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
