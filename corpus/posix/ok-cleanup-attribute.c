/*
 * No leak: variables declared with __attribute__((cleanup(fn))) whose
 * cleanup function releases them when they go out of scope (the
 * systemd/glib _cleanup_ style).
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

static void
freep(void *p)
{
	free(*(void **)p);
}

static void
closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static void
fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static void
closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

static void
freeaddrinfop(struct addrinfo **ai)
{
	if (*ai)
		freeaddrinfo(*ai);
}

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

/* good (tricky): the descriptor is closed by closep on each of the three returns. */
int
read_pid_file(const char *path)
{
	char buf[32];
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoi(buf);
}

/* good (tricky): the stream is closed by fclosep, also on the early return. */
long
count_lines(const char *path)
{
	_cleanup_fclose_ FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long n = 0;
	int c;
	while ((c = fgetc(f)) != EOF)
		if (c == '\n')
			n++;
	if (ferror(f))
		return -1;
	return n;
}

/* good (tricky): freep releases the heap string on both returns. */
int
starts_with_ci(const char *s, const char *prefix)
{
	_cleanup_free_ char *lower = strdup(s);
	if (!lower)
		return -1;
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (strlen(lower) < strlen(prefix))
		return 0;
	return strncmp(lower, prefix, strlen(prefix)) == 0;
}

/* good (tricky): the directory stream is closed by its cleanup function. */
int
has_pid_dirs(void)
{
	_cleanup_(closedirp) DIR *d = opendir("/proc");
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			return 1;
	return 0;
}

/* good (tricky): freeaddrinfop frees the list; the connected socket is returned. */
int
tcp_connect(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	_cleanup_(freeaddrinfop) struct addrinfo *ai = NULL;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return -1;
	int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}
