/* SPDX-License-Identifier: MIT */
/*
 * The helper of global-tested-twice.c, in another translation unit: it
 * calls back into that file's set_mode(), so a call of note_progress()
 * there may change the mode between two tests of it.  Nothing here is
 * wrong.
 */
void set_mode(int pipe);

void
note_progress(void)
{
	static int calls;
	if (++calls % 100 == 0)
		set_mode(0);
}
