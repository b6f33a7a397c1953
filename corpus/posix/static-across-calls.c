/* A static of the unit whose address the unit never takes can only be
 * changed by the unit's own functions: a function of another library or
 * unit reaches it only by calling back into them.  So a handle kept in such
 * a static is still there after a call to `sync_parent_dir()`, declared
 * here and defined by no unit of the program (a library's), and a false
 * return that means "nothing open" leaks it, as with no call between. */
#include <stdbool.h>
#include <stdio.h>

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
