/*
 * No leak: POSIX resources released on every path or handed on, including
 * the tricky shapes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct conf { char *name; FILE *log; int fd; };
static char *saved_home;
void list_push(void *item);          /* elsewhere: keeps the item */

/* GOOD: closed on both paths. */
int
read_header_ok(const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int ok = fgets(buf, n, f) != NULL;
	fclose(f);
	return ok ? 0 : -1;
}

/* GOOD (tricky): -1 from open holds nothing. */
int
write_all_ok(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd == -1)
		return -1;
	ssize_t w = write(fd, data, len);
	close(fd);
	return w == (ssize_t)len ? 0 : -1;
}

/* GOOD (tricky): ownership returned. */
char *
dup_upper(const char *s)
{
	char *p = strdup(s);
	if (!p)
		return NULL;
	for (char *q = p; *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q -= 32;
	return p;
}

/* GOOD (tricky): stored into the caller's struct. */
int
conf_open_log(struct conf *c, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	c->log = f;
	return 0;
}

/* GOOD (tricky): kept in a global. */
void
remember_home(void)
{
	const char *h = getenv("HOME");
	char *copy = h ? strdup(h) : NULL;
	if (copy)
		saved_home = copy;
}

/* GOOD (tricky): handed to a list defined elsewhere. */
void
queue_copy(const char *s)
{
	char *p = strdup(s);
	if (p)
		list_push(p);
}

/* GOOD (tricky): a helper of this file closes it. */
static void
close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

int
probe(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	close_fd(fd);
	return 1;
}

/* GOOD (tricky): a helper frees *pp and clears it. */
static void
freep(char **pp)
{
	free(*pp);
	*pp = NULL;
}

size_t
length_of_copy(const char *s)
{
	char *p = strdup(s);
	size_t n = p ? strlen(p) : 0;
	freep(&p);
	return n;
}

/* GOOD (tricky): one cleanup label for every error goto. */
int
copy_file(const char *from, const char *to)
{
	FILE *in = NULL, *out = NULL;
	char *buf = NULL;
	int rc = -1;
	in = fopen(from, "r");
	if (!in)
		goto done;
	out = fopen(to, "w");
	if (!out)
		goto done;
	buf = malloc(4096);
	if (!buf)
		goto done;
	size_t n;
	while ((n = fread(buf, 1, 4096, in)) > 0)
		fwrite(buf, 1, n, out);
	rc = 0;
done:
	free(buf);
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	return rc;
}

/* GOOD (tricky): cleanup attributes close and free at scope exit. */
static void
fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static void
freestr(char **p)
{
	free(*p);
}

int
count_lines(const char *path)
{
	__attribute__((cleanup(fclosep))) FILE *f = fopen(path, "r");
	__attribute__((cleanup(freestr))) char *line = NULL;
	size_t cap = 0;
	int n = 0;
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		n++;
	return n;
}

/* GOOD (tricky): exit() after a failed write. */
void
write_or_die(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	if (!f)
		exit(1);
	if (fputs(s, f) < 0) {
		perror(path);
		exit(1); /* at-exit: leak */
	}
	fclose(f);
}

/* GOOD (tricky): every iteration frees what it allocates. */
int
sum_lengths(const char *const *v, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++) {
		char *p = strdup(v[i]);
		if (!p)
			continue;
		total += (int)strlen(p);
		free(p);
	}
	return total;
}

/* GOOD (tricky): fdopen takes the descriptor over. */
FILE *
stream_for(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return NULL;
	}
	return f;
}

/* GOOD: address list freed on every path. */
int
dial_ok(const char *host, const char *port)
{
	struct addrinfo hints = {0}, *res;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
	freeaddrinfo(res);
	return fd;
}

/* GOOD: the compiled expression is freed. */
int
matches_ok(const char *pattern, const char *s)
{
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	int m = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

/* GOOD (tricky): a flag set with the allocation decides the free. */
void
greet(const char *name)
{
	char *msg = (char *)"hello";
	int allocated = 0;
	if (name) {
		msg = malloc(strlen(name) + 7);
		if (!msg)
			return;
		sprintf(msg, "hello %s", name);
		allocated = 1;
	}
	puts(msg);
	if (allocated)
		free(msg);
}

/* GOOD (tricky): `return memcpy(malloc(...))` hands the block on. */
void *
clone_bytes(const void *src, size_t n)
{
	void *p = malloc(n);
	if (!p)
		return NULL;
	return memcpy(p, src, n);
}

/* GOOD: closedir on the early return too. */
int
has_entries_ok(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int any = readdir(d) != NULL;
	closedir(d);
	return any;
}
