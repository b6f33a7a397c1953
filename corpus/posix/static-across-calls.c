/* A static of the unit whose address the unit never takes can only be
 * changed by the unit's own functions: a function of another library or
 * unit reaches it only by calling back into them.  So a handle kept in such
 * a static is still there after a call to `sync_parent_dir()`, declared
 * here and defined by no unit of the program (a library's), and a false
 * return that means "nothing open" leaks it, as with no call between. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void sync_parent_dir(const char *path);
void run_hooks(void);

static FILE *segment;

/* BUG: on the fflush failure `segment` still holds the stream, and the
 * caller, told "false", never closes it. */
bool
segment_open(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	if (fputs("# segment\n", f) < 0) {
		fclose(f);
		return false;
	}
	segment = f;
	sync_parent_dir(path);
	if (fflush(f) != 0)
		return false; /* expect: leak */
	return true;
}

bool
segment_close(void)
{
	bool ok = fclose(segment) == 0;
	segment = NULL;
	return ok;
}

/* Good (tricky): the unit takes the address of `journal` (a hook may
 * close it through `journal_slot`), so run_hooks() may have closed it. */
static FILE *journal;
static FILE **journal_slot = &journal;

bool
journal_open(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	if (fputs("# journal\n", f) < 0) {
		fclose(f);
		return false;
	}
	journal = f;
	run_hooks();
	if (fflush(f) != 0)
		return false;
	return true;
}

void
journal_drop(void)
{
	if (*journal_slot)
		fclose(*journal_slot);
	*journal_slot = NULL;
}

/* Good (tricky): `history` is not static; another unit may close it
 * inside run_hooks(). */
FILE *history;

bool
history_open(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	if (fputs("# history\n", f) < 0) {
		fclose(f);
		return false;
	}
	history = f;
	run_hooks();
	if (fflush(f) != 0)
		return false;
	return true;
}

/* Good (tricky): the output's name, a static string of the file, is
 * tested before the open and again before the close, with calls of
 * elsewhere between.  They cannot change the pointer (confined) nor the
 * string: no code of the file gives it to a function that could keep it
 * (only to `open` and as a printf-like argument). */
char *copy_name(const char *s);
int receive_more(void);
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tidy_name(char *name);

static char *outname;

void
set_output(const char *name)
{
	outname = copy_name(name);
}

int
stream_out(void)
{
	int fd;
	if (strcmp(outname, "-") == 0)
		fd = fileno(stdout);
	else {
		fd = open(outname, O_WRONLY | O_CREAT, 0600);
		if (fd < 0) {
			report("cannot open \"%s\"", outname);
			return -1;
		}
	}
	while (receive_more())
		if (write(fd, "x", 1) != 1)
			break;
	if (strcmp(outname, "-") != 0)
		close(fd);
	return 0;
}

/* BUG: here the string is given to tidy_name(), which may rewrite it (to
 * "-" for all the code knows) between the tests: the descriptor is then
 * never closed. */
static char *logname;

void
set_log(const char *name)
{
	logname = copy_name(name);
}

int
stream_log(void)
{
	int fd;
	if (strcmp(logname, "-") == 0)
		fd = fileno(stdout);
	else {
		fd = open(logname, O_WRONLY | O_CREAT, 0600);
		if (fd < 0)
			return -1;
	}
	tidy_name(logname);
	if (write(fd, "x", 1) != 1)
		report("short write");
	if (strcmp(logname, "-") != 0)
		close(fd);
	return 0; /* expect: leak */
}

/* Good (tricky): the output stream and its file name are statics of the
 * file.  Around each child run the stream is closed and opened again
 * only when there is a file name; run_child() reads the name but never
 * changes it, so the two tests of it agree, and the stream kept in the
 * static across run_child() (which cannot reach it) is never overwritten
 * while open nor written to after its close. */
#include <stdlib.h>

void die(const char *msg) __attribute__((noreturn));

static char *dump_path;
static FILE *dump_out;

void
set_dump_path(const char *path)
{
	dump_path = copy_name(path);
}

static int
run_child(const char *db)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "dump %s %s", dump_path ? "-a" : "-p", db);
	return system(cmd);
}

void
dump_all(const char *const *dbs, int n)
{
	for (int i = 0; i < n; i++) {
		fprintf(dump_out, "-- %s\n", dbs[i]);
		if (dump_path)
			fclose(dump_out);
		if (run_child(dbs[i]) != 0)
			die("dump failed");
		if (dump_path) {
			dump_out = fopen(dump_path, "a");
			if (!dump_out)
				die("cannot reopen the output");
		}
	}
}
