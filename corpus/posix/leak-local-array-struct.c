/* SPDX-License-Identifier: MIT */
/*
 * A handle stored into an array or a struct that is a local of the
 * function stays the function's: the array dies with it.  An element
 * written at a constant index (`argv[0] = path`) is told apart from the
 * others, as a struct's members are; an array also written at an index
 * that is not constant, or used otherwise (copied to a pointer), is storage
 * the engine cannot follow, and ownership leaves as before.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct query {
	char *text;
	int flags;
};

/* Defined in another file. */
int run_query(const struct query *q);
int run_argv(char *const argv[]);
int spawn(char **argv);

/* bad: the copy is stored into the argument vector and never freed */
int
run_tool(const char *path)
{
	char *argv[3];
	char *copy = strdup(path);
	if (!copy)
		return -1;
	argv[0] = copy;
	argv[1] = "--quiet";
	argv[2] = NULL;
	return run_argv(argv); /* expect: leak */
}

/* good: the element is freed by its own name */
int
run_tool_freed(const char *path)
{
	char *argv[2];
	argv[0] = strdup(path);
	if (!argv[0])
		return -1;
	argv[1] = NULL;
	int rc = run_argv(argv);
	free(argv[0]);
	return rc;
}

/* good: two elements, each freed once: storing into argv[1] does not
 * overwrite argv[0] */
void
pair(const char *a, const char *b)
{
	char *v[2];
	v[0] = strdup(a);
	v[1] = strdup(b);
	free(v[0]);
	free(v[1]);
}

/* bad: the text is held by a struct on the stack that is lent to a reader */
int
query_once(const char *sql)
{
	struct query q;
	q.flags = 0;
	q.text = strdup(sql);
	if (!q.text)
		return -1;
	return run_query(&q); /* expect: leak */
}

/* good: the struct's member is freed */
int
query_freed(const char *sql)
{
	struct query q;
	q.flags = 0;
	q.text = strdup(sql);
	if (!q.text)
		return -1;
	int rc = run_query(&q);
	free(q.text);
	return rc;
}

/* good: elements filled in a loop at an index that is not constant and
 * freed in another: the engine does not follow such an array, and takes
 * the store as ownership leaving */
void
fill_and_free(int n)
{
	char *v[8];
	int i;
	for (i = 0; i < n && i < 8; i++)
		v[i] = strdup("x");
	for (i = 0; i < n && i < 8; i++)
		free(v[i]);
}

/* good: the vector goes to a function that may keep what it holds */
int
spawn_copy(const char *path)
{
	char *argv[2];
	argv[0] = strdup(path);
	argv[1] = NULL;
	return spawn(argv);
}
