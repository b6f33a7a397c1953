/*
 * Commands picked from a table: a dispatcher looks the command up, calls it
 * through the table's member and exits with what it returns, so a
 * command's return ends the process as a return from main does.  What a command still holds
 * when it returns is given back by the system a few statements later: not
 * reported unless --report-at-exit (the lines marked so).  A function used
 * any other way (called to go on, called through a member that a loop
 * calls, its address passed elsewhere) is an ordinary function, whose
 * leaks are leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	int flags;
};

struct hook {
	void (*fire)(const char *event);
};

/* good by default: a command returns with the stream open; the process
 * ends with the command's status. */
static int
cmd_head(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	FILE *f = fopen(argv[1], "r");
	if (!f)
		return 1;
	char line[256];
	if (!fgets(line, sizeof line, f))
		return 1; /* at-exit: leak */
	fputs(line, stdout);
	fclose(f);
	return 0;
}

/* good by default: the same through a designated initializer. */
static int
cmd_echo(int argc, char **argv)
{
	char *copy = strdup(argc > 1 ? argv[1] : "");
	if (!copy)
		return 1;
	puts(copy);
	return 0; /* at-exit: leak */
}

/* bad: this command is also the helper of another, which goes on after
 * it: its leak is a leak. */
static int
cmd_count(int argc, char **argv)
{
	char *buf = malloc(64);
	if (!buf)
		return 1;
	if (argc > 3)
		return 2; /* expect: leak */
	free(buf);
	return argc;
}

/* bad: calls cmd_count and goes on with its own work. */
static int
cmd_twice(int argc, char **argv)
{
	int n = cmd_count(argc, argv);
	return n + cmd_count(argc, argv);
}

static const struct command commands[] = {
	{ "head", cmd_head, 0 },
	{ .name = "echo", .run = cmd_echo },
	{ "count", cmd_count, 1 },
	{ "twice", cmd_twice, 1 },
};

/* bad: a hook is called for every event in a loop: its leak repeats. */
static void
log_event(const char *event)
{
	char *line = malloc(strlen(event) + 2);
	if (!line)
		return;
	strcpy(line, event);
	if (line[0] == '#')
		return; /* expect: leak */
	puts(line);
	free(line);
}

static struct hook hooks[] = { { log_event } };

static void
fire_all(const char *event)
{
	for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++)
		hooks[i].fire(event);
}

/* Runs the command and checks standard output, as git's run_builtin() does:
 * its status becomes the process's. */
static int
run_command(const struct command *c, int argc, char **argv)
{
	int status = c->run(argc, argv);
	if (status)
		return status;
	if (fflush(stdout))
		exit(128);
	return 0;
}

/* bad: a setup helper whose result main tests and then goes on: not the
 * process's status. */
static int
open_log(const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	if (fputs("start\n", f) < 0)
		return -1; /* expect: leak */
	fclose(f);
	return 0;
}

/* Looks the command up and exits with its status (git's handle_builtin()). */
static void
dispatch(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (argc > 1 && strcmp(argv[1], commands[i].name) == 0)
			exit(run_command(&commands[i], argc - 1, argv + 1));
}

/* bad: main returns what this returns, but main's own calls are its work,
 * not a dispatch: its leak is reported (a tool, or a test driver, whose
 * main returns process()'s status). */
static int
usage(const char *name)
{
	char *msg = malloc(64);
	if (!msg)
		return 2;
	if (!name)
		return 2; /* expect: leak */
	free(msg);
	return 2;
}

int
main(int argc, char **argv)
{
	if (open_log("run.log") < 0)
		return 1;
	fire_all("start");
	dispatch(argc, argv);
	return usage(argv[0]);
}
