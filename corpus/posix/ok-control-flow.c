/*
 * No leak: C library and POSIX code whose control flow hides the release:
 * failure values (NULL, -1, getaddrinfo != 0, regcomp != 0), exit/abort,
 * per-iteration release, ownership flags, aliases, ?: and switch.
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

/* good (tricky): malloc returning NULL holds nothing; the block is freed otherwise. */
int
checksum(const char *s)
{
	size_t n = strlen(s);
	unsigned char *copy = malloc(n + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, s, n + 1);
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + copy[i];
	free(copy);
	return (int)(sum & 0x7fffffff);
}

/* good (tricky): the failed write ends the process with exit(); the stream is not reported. */
void
write_pid_or_die(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	if (fprintf(f, "%ld\n", (long)getpid()) < 0) {
		perror(path);
		exit(EXIT_FAILURE); /* at-exit: leak */
	}
	fclose(f);
}

/* good (tricky): abort() on an impossible regex; freed on the normal path. */
int
is_uuid(const char *s)
{
	regex_t re;
	if (regcomp(&re, "^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$", REG_EXTENDED | REG_NOSUB) != 0)
		abort();
	int ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* good (tricky): each file is opened and closed in the same iteration. */
long
total_size(const char *const *paths, int n)
{
	long total = 0;
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");
		if (!f)
			continue;
		if (fseek(f, 0, SEEK_END) == 0)
			total += ftell(f);
		fclose(f);
	}
	return total;
}

/* good (tricky): the classic connect loop: each failed socket is closed, the winner is returned. */
int
dial(const char *host, const char *port)
{
	struct addrinfo hints, *res, *p;
	int fd = -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	for (p = res; p != NULL; p = p->ai_next) {
		fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, p->ai_addr, p->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* good (tricky): stdout is borrowed, a named file is owned: the flag decides the fclose. */
int
write_report(const char *path, const char *text)
{
	FILE *out = stdout;
	int owned = 0;
	if (path && strcmp(path, "-") != 0) {
		out = fopen(path, "w");
		if (!out)
			return -1;
		owned = 1;
	}
	int rc = fputs(text, out) < 0 ? -1 : 0;
	if (owned)
		fclose(out);
	return rc;
}

/* good (tricky): ?: picks stdin or a new stream; the same flag guards the fclose. */
long
count_bytes(const char *path)
{
	int use_stdin = strcmp(path, "-") == 0;
	FILE *in = use_stdin ? stdin : fopen(path, "rb");
	if (!in)
		return -1;
	long n = 0;
	while (fgetc(in) != EOF)
		n++;
	if (!use_stdin)
		fclose(in);
	return n;
}

/* good (tricky): closed through an alias. */
int
probe_device(const char *dev)
{
	int fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (fd == -1)
		return -1;
	int dup_of_fd = fd;
	char c;
	ssize_t n = read(dup_of_fd, &c, 1);
	close(dup_of_fd);
	return n >= 0;
}

/* good (tricky): every case of the switch closes the pipe before returning. */
int
run_status(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	int c = fgetc(p);
	switch (c) {
	case EOF:
		pclose(p);
		return 0;
	case '0':
		pclose(p);
		return 1;
	default:
		break;
	}
	pclose(p);
	return 2;
}

/* good: the directory stream is closed on the early match and after the loop. */
int
contains_file(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, name) == 0) {
			closedir(d);
			return 1;
		}
	}
	closedir(d);
	return 0;
}

/* good: regcomp failing needs no regfree; the error text is reported with regerror. */
int
grep_line(const char *pattern, const char *line)
{
	regex_t re;
	char err[128];
	int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &re, err, sizeof(err));
		fprintf(stderr, "%s: %s\n", pattern, err);
		return -1;
	}
	rc = regexec(&re, line, 0, NULL, 0);
	regfree(&re);
	return rc == 0;
}
