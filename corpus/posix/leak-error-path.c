/*
 * leak: C library and POSIX resources lost on an error path: streams,
 * descriptors, directory streams, address lists, compiled regexes, heap
 * memory, pipes to child processes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

struct buffer {
	char *data;
	size_t len, cap;
};

struct image_header {
	char magic[4];
	uint32_t width, height;
};

/* bad: a short read returns without fclose. */
int
read_image_header(const char *path, struct image_header *h)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	if (fread(h, sizeof(*h), 1, f) != 1) {
		fprintf(stderr, "%s: truncated header\n", path);
		return -1; /* expect: leak */
	}
	fclose(f);
	return memcmp(h->magic, "IMG1", 4) == 0 ? 0 : -1;
}

/* bad: fstat failing leaks the descriptor from open(). */
off_t
file_size(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		perror("fstat");
		return -1; /* expect: leak */
	}
	close(fd);
	return st.st_size;
}

/* bad: the directory stream is counted and never closed. */
int
count_entries(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	return n; /* expect: leak */
}

/* bad: a non-IPv4 answer returns without freeaddrinfo. */
int
resolve_port(const char *host, const char *service, int *port)
{
	struct addrinfo hints, *ai;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	int rc = getaddrinfo(host, service, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", host, gai_strerror(rc));
		return -1;
	}
	if (ai->ai_family != AF_INET)
		return -1; /* expect: leak */
	*port = ntohs(((struct sockaddr_in *)ai->ai_addr)->sin_port);
	freeaddrinfo(ai);
	return 0;
}

/* bad: a short read loses the malloc'd buffer. */
char *
read_exact(int fd, size_t n)
{
	char *buf = malloc(n + 1);
	if (!buf)
		return NULL;
	if (read(fd, buf, n) != (ssize_t)n)
		return NULL; /* expect: leak */
	buf[n] = '\0';
	return buf;
}

/* bad: an empty command output returns without pclose. */
int
git_head(char *out, int len)
{
	FILE *p = popen("git rev-parse HEAD", "r");
	if (!p)
		return -1;
	if (!fgets(out, len, p))
		return -1; /* expect: leak */
	out[strcspn(out, "\n")] = '\0';
	return pclose(p) == 0 ? 0 : -1;
}

/* bad: the compiled regex is used and never regfree'd. */
int
is_valid_email(const char *s)
{
	regex_t re;
	if (regcomp(&re, "^[^@ ]+@[^@ ]+\\.[a-z]+$", REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	int ok = regexec(&re, s, 0, NULL, 0) == 0;
	return ok; /* expect: leak */
}

/* bad: the socket leaks when connect() fails. */
int
connect_local(unsigned short port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("connect");
		return -1; /* expect: leak */
	}
	return fd;
}

/* bad: the descriptor and the stream are both lost at the same return. */
int
copy_to(const char *src, const char *dst)
{
	char buf[4096];
	int in = open(src, O_RDONLY);
	if (in < 0)
		return -1;
	FILE *out = fopen(dst, "w");
	if (!out) {
		close(in);
		return -1;
	}
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			return -1; /* expect: leak, leak */
	fclose(out);
	close(in);
	return n < 0 ? -1 : 0;
}

/* bad: the cleanup label closes the descriptor but forgets the buffer. */
char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	char *ret = NULL;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto out;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		goto out;
	if (read(fd, buf, (size_t)st.st_size) != st.st_size)
		goto out;
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	ret = buf;
	buf = NULL;
out:
	close(fd);
	return ret; /* expect: leak */
}

/* bad: asprintf's string is freed only when the file exists. */
int
has_config(const char *dir, const char *name)
{
	char *path;
	if (asprintf(&path, "%s/%s.conf", dir, name) < 0)
		return -1;
	if (access(path, R_OK) != 0)
		return 0; /* expect: leak */
	free(path);
	return 1;
}

/* bad: the outer struct is lost when allocating its data fails. */
struct buffer *
buffer_new(size_t cap)
{
	struct buffer *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->data = malloc(cap);
	if (!b->data)
		return NULL; /* expect: leak */
	b->cap = cap;
	return b;
}
