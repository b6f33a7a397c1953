/*
 * leak: POSIX streams, descriptors, memory, directories, address lists,
 * regular expressions and pipes lost on some path.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <netdb.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* BAD: the stream is not closed when the header is missing. */
int
read_header(const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, n, f))
		return -1; /* expect: leak "stream 'f' acquired by 'fopen' at line 21 is not released on this path" */
	fclose(f);
	return 0;
}

/* BAD: the descriptor leaks when the write is short. */
int
write_all(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len)
		return -1; /* expect: leak */
	close(fd);
	return 0;
}

/* BAD: the buffer is lost when the second allocation fails. */
char *
join(const char *a, const char *b)
{
	char *x = malloc(strlen(a) + 1);
	if (!x)
		return NULL;
	char *y = malloc(strlen(b) + 1);
	if (!y)
		return NULL; /* expect: leak */
	strcpy(x, a);
	strcpy(y, b);
	free(y);
	return x;
}

/* BAD: the directory stream is left open on the early match. */
int
has_dotfile(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && e->d_name[1] && e->d_name[1] != '.')
			return 1; /* expect: leak */
	closedir(d);
	return 0;
}

/* BAD: the address list is not freed after the socket fails. */
int
dial(const char *host, const char *port)
{
	struct addrinfo hints = {0}, *res;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
	if (fd < 0)
		return -1; /* expect: leak */
	if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
		close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* BAD: the compiled expression is not freed. */
int
matches(const char *pattern, const char *s)
{
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	return regexec(&re, s, 0, NULL, 0) == 0; /* expect: leak */
}

/* BAD: the pipe from popen is not pclosed on the error path. */
int
first_line(const char *cmd, char *buf, int n)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	if (!fgets(buf, n, p))
		return -1; /* expect: leak */
	return pclose(p);
}

/* BAD: a discarded allocation. */
void
reserve(size_t n)
{
	malloc(n); /* expect: leak */
}

/* BAD: strdup's copy is overwritten. */
char *
last_word(const char *a, const char *b)
{
	char *w = strdup(a);
	w = strdup(b); /* expect: leak */
	return w;
}

/* BAD: the mapping leaks when the file is too small. */
int
peek(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	if (len < 4)
		return -2; /* expect: leak */
	int first = ((const char *)p)[0];
	munmap(p, len);
	return first;
}

/* BAD: the library handle is dropped when the symbol is missing. */
void *
load_plugin(const char *path)
{
	void *h = dlopen(path, RTLD_NOW);
	if (!h)
		return NULL;
	void *init = dlsym(h, "plugin_init");
	if (!init)
		return NULL; /* expect: leak */
	return h;
}

/* BAD: the accepted connection leaks when the greeting fails. */
int
serve_one(int lfd)
{
	int c = accept(lfd, NULL, NULL);
	if (c < 0)
		return -1;
	if (send(c, "hi\n", 3, 0) != 3)
		return -1; /* expect: leak */
	close(c);
	return 0;
}

/* BAD: asprintf's string is not freed. */
int
print_pair(int a, int b)
{
	char *s;
	if (asprintf(&s, "%d:%d", a, b) < 0)
		return -1;
	puts(s);
	return 0; /* expect: leak */
}

/* BAD: a buffer inside a nested block goes out of scope unreleased. */
int
checksum(const char *path)
{
	int sum = 0;
	{
		char *buf = malloc(4096);
		if (!buf)
			return -1;
		FILE *f = fopen(path, "r");
		if (f) {
			size_t n = fread(buf, 1, 4096, f);
			for (size_t i = 0; i < n; i++)
				sum += buf[i];
			fclose(f);
		}
	} /* expect: leak */
	return sum;
}

/* BAD: tmpfile's stream is lost when writing fails. */
FILE *
scratch(const char *data)
{
	FILE *t = tmpfile();
	if (!t)
		return NULL;
	if (fputs(data, t) < 0)
		return NULL; /* expect: leak */
	rewind(t);
	return t;
}

/* BAD: the duplicate descriptor leaks when fdopen fails. */
FILE *
reopen(int fd)
{
	int d = dup(fd);
	if (d < 0)
		return NULL;
	FILE *f = fdopen(d, "r");
	if (!f)
		return NULL; /* expect: leak */
	return f;
}
