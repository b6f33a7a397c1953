/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cmdargs: a compile command (the words of the input, one per line;
 * the first byte's low bit says whether argv[0] is the compiler, as in a
 * compile database, or flags after '--') -> cmdargs_clean(),
 * cmdargs_lang(), cmdargs_is_compiler(), cmdargs_remove() (--removed-arg
 * with the command's own last two words).
 */
#include <stdlib.h>
#include <string.h>
#include "cmdargs.h"
#include "fuzz.h"

enum { MAXARGS = 256 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	bool command = data[0] & 1;
	char *text = fuzz_text(data + 1, size - 1);
	const char *argv[MAXARGS];
	int argc = 0;
	for (char *save, *w = strtok_r(text, "\n", &save); w && argc < MAXARGS;
	     w = strtok_r(NULL, "\n", &save))
		argv[argc++] = w;
	for (int i = 0; i < argc; i++)
		(void)cmdargs_is_compiler(argv[i]);
	Lang lang = cmdargs_lang(argc ? argv[0] : "a.c", argc, argv);
	(void)cmdargs_lang_name(lang);
	StrVec out = {0};
	cmdargs_clean(argc, argv, command, &out);
	if (argc >= 2)
		cmdargs_remove(&out, 2, argv + argc - 2);
	strvec_release(&out);
	free(text);
	return 0;
}
