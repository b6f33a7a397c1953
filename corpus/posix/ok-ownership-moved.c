/*
 * No leak: C library and POSIX resources that leave the function on
 * purpose: returned, stored into a struct, a global, an out-parameter, an
 * array or a list, handed over to a stream, or given to a function of
 * another file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <search.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

struct server {
	int listen_fd;
	FILE *access_log;
};

struct node {
	char *key;
	struct node *next;
};

static FILE *trace_file;
static struct node *seen;

/* Defined in another file: it may keep the descriptor. */
void event_loop_adopt(int fd);

/* good (tricky): open() failing returns -1 with nothing to close; the descriptor is returned. */
int
open_log(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	return fd;
}

/* good (tricky): the listening socket is stored into the server struct; closed on the failed bind. */
int
server_listen(struct server *srv, unsigned short port)
{
	struct sockaddr_in sa;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 128) < 0) {
		perror("listen");
		close(fd);
		return -1;
	}
	srv->listen_fd = fd;
	return 0;
}

/* good (tricky): the stream is stored into a global and lives until the program ends. */
int
trace_open(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	trace_file = f;
	return 0;
}

/* good (tricky): the file contents go to the caller through an out-parameter. */
int
read_small_file(const char *path, char **out)
{
	char *buf = malloc(4096);
	if (!buf)
		return -1;
	FILE *f = fopen(path, "r");
	if (!f) {
		free(buf);
		return -1;
	}
	size_t n = fread(buf, 1, 4095, f);
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	return (int)n;
}

/* good (tricky): every copy is stored into the caller's array. */
int
copy_args(int argc, char **argv, char **copies)
{
	for (int i = 0; i < argc; i++) {
		copies[i] = strdup(argv[i]);
		if (!copies[i])
			return -1;
	}
	return argc;
}

/* good (tricky): the key and the node are pushed on a global list. */
int
remember(const char *key)
{
	struct node *n = malloc(sizeof(*n));
	if (!n)
		return -1;
	n->key = strdup(key);
	if (!n->key) {
		free(n);
		return -1;
	}
	n->next = seen;
	seen = n;
	return 0;
}

/* good (tricky): event_loop_adopt has no body here, so the accepted descriptor moves to it. */
int
accept_one(int lfd)
{
	int c = accept(lfd, NULL, NULL);
	if (c < 0)
		return -1;
	event_loop_adopt(c);
	return 0;
}

/* good (tricky): fdopen takes the descriptor over; when fdopen fails it is closed here. */
FILE *
open_append_stream(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "a");
	if (!f) {
		close(fd);
		return NULL;
	}
	return f;
}

/* good: the concatenation is returned to the caller. */
char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* good: tsearch keeps the key it is given, although its parameter is a
 * const void * (which alone would say it only reads it). */
int
remember_name(void **names, const char *name)
{
	char *key = strdup(name);
	if (!key)
		return -1;
	if (!tsearch(key, names, by_name)) {
		free(key);
		return -1;
	}
	return 0;
}
