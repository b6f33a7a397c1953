/*
 * leak: C library and POSIX resources discarded at once, overwritten while
 * still owned, forgotten on one branch of a switch, or held when a void
 * function falls off its end.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

enum format { FMT_CSV, FMT_JSON };

struct record {
	int id;
	const char *name;
};

/* bad: fopen used to "touch" a lock file: the stream is never stored or closed. */
int
create_lock(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/.lock", dir);
	if (access(path, F_OK) == 0)
		return -1;
	fopen(path, "w"); /* expect: leak */
	return 0;
}

/* bad: the malloc'd name from get_current_dir_name goes straight to printf. */
void
print_cwd(void)
{
	printf("cwd: %s\n", get_current_dir_name()); /* expect: leak */
}

/* bad: a scratch block is allocated and its address dropped on the floor. */
void
prefault_heap(void)
{
	malloc(1 << 20); /* expect: leak */
}

/* bad: growing the buffer with a fresh malloc loses the old block. */
char *
join_words(const char *a, const char *b)
{
	size_t cap = 64;
	size_t la = strlen(a), lb = strlen(b);
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	if (la + lb + 2 > cap) {
		cap = la + lb + 2;
		buf = malloc(cap); /* expect: leak */
		if (!buf)
			return NULL;
	}
	snprintf(buf, cap, "%s %s", a, b);
	return buf;
}

/* bad: the login copy is overwritten by the configured name while still owned. */
char *
display_name(const char *login, const char *configured)
{
	char *name = strdup(login);
	if (!name)
		return NULL;
	if (configured && *configured)
		name = strdup(configured); /* expect: leak */
	return name;
}

/* bad: the unknown-format branch of the switch returns with the stream open. */
int
append_record(const char *path, enum format fmt, const struct record *r)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	switch (fmt) {
	case FMT_CSV:
		fprintf(f, "%d,%s\n", r->id, r->name);
		break;
	case FMT_JSON:
		fprintf(f, "{\"id\":%d,\"name\":\"%s\"}\n", r->id, r->name);
		break;
	default:
		fprintf(stderr, "unknown format %d\n", (int)fmt);
		return -1; /* expect: leak */
	}
	return fclose(f);
}

/* bad: the void function appends a line and falls off its end with the stream open. */
void
log_line(const char *path, const char *msg)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return;
	fputs(msg, f);
	fputc('\n', f);
} /* expect: leak */

/* bad: the directory listing is printed; closedir is forgotten. */
void
list_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		perror(path);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		puts(e->d_name);
} /* expect: leak */

/* bad: a failed write removes the temporary file but keeps its descriptor open. */
int
write_temp(char *tmpl, const char *data, size_t len)
{
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len) {
		unlink(tmpl);
		return -1; /* expect: leak */
	}
	close(fd);
	return 0;
}

/* bad: epoll_ctl failing leaks the epoll descriptor. */
int
watch_fd(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -1;
	ev.data.fd = fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		perror("epoll_ctl");
		return -1; /* expect: leak */
	}
	return ep;
}
