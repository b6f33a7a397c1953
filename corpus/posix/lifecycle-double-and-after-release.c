/*
 * Double release, use after release and mismatched release with POSIX
 * handles, next to the tricky shapes that are fine.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct node { struct node *next; char *name; };

/* BAD: the error path closes the stream, then the common exit closes it again. */
int
write_header(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	if (fputs("# header\n", f) < 0)
		fclose(f);
	fclose(f); /* expect: double-release */
	return 0;
}

/* GOOD (tricky): the error path sets the pointer to NULL after closing. */
int
write_header_fixed(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	if (fputs("# header\n", f) < 0) {
		fclose(f);
		f = NULL;
	}
	if (f)
		fclose(f);
	return 0;
}

/* BAD: reads the name after the node was freed. */
size_t
pop_name_length(struct node *head)
{
	struct node *n = malloc(sizeof(*n));
	if (!n)
		return 0;
	n->next = head;
	n->name = NULL;
	free(n);
	return n->name ? strlen(n->name) : 0; /* expect: use-after-release */
}

/* GOOD (tricky): freeing a list saves `next` before each free. */
void
free_list(struct node *head)
{
	struct node *p, *next;
	for (p = head; p; p = next) {
		next = p->next;
		free(p->name);
		free(p);
	}
}

/* BAD: the descriptor is written to after close. */
int
log_and_close(const char *path, const char *msg)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	fclose(f);
	return fprintf(f, "%s\n", msg); /* expect: use-after-release */
}

/* BAD: a popen stream closed with fclose leaves a zombie child. */
int
count_lines(const char *cmd)
{
	char line[256];
	int n = 0;
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		n++;
	fclose(p); /* expect: mismatched-release */
	return n;
}

/* GOOD: pclose for popen. */
int
count_lines_fixed(const char *cmd)
{
	char line[256];
	int n = 0;
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		n++;
	pclose(p);
	return n;
}

/* BAD: a directory stream released with free(). */
int
has_entries(const char *path)
{
	DIR *d = opendir(path);
	int any;
	if (!d)
		return 0;
	any = readdir(d) != NULL;
	free(d); /* expect: mismatched-release */
	return any;
}

/* GOOD (tricky): a helper of this file closes it, the caller does not. */
static void
close_quietly(FILE *f)
{
	if (f)
		fclose(f);
}

int
touch(const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	close_quietly(f);
	return 0;
}

/* BAD: the helper already closed it. */
int
touch_twice(const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	close_quietly(f);
	fclose(f); /* expect: double-release */
	return 0;
}
