/* SPDX-License-Identifier: MIT */
/*
 * fuzz_compdb: a compile_commands.json -> compdb_validate() (what -p reads
 * before libclang does), then each entry's arguments through the
 * clean-up the front end applies (cmdargs_clean(), cmdargs_lang()).
 * libclang itself splits "command" strings; here they are split at
 * spaces, only to give cmdargs more argument lists.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "cmdargs.h"
#include "compdb.h"
#include "fuzz.h"

enum { MAXARGS = 256 };

static void
clean(const char *file, int argc, const char **argv)
{
	StrVec out = {0};
	(void)cmdargs_lang(file, argc, argv);
	cmdargs_clean(argc, argv, true, &out);
	strvec_release(&out);
}

static void
entry(json_t *e)
{
	const char *file = json_string_value(json_object_get(e, "file"));
	const char *argv[MAXARGS];
	int argc = 0;
	json_t *args = json_object_get(e, "arguments"), *a;
	size_t i;
	if (args) {
		json_array_foreach(args, i, a)
			if (argc < MAXARGS)
				argv[argc++] = json_string_value(a);
		clean(file, argc, argv);
		return;
	}
	char *cmd = strdup(json_string_value(json_object_get(e, "command")));
	for (char *save, *w = strtok_r(cmd, " \t\n", &save); w && argc < MAXARGS;
	     w = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = w;
	clean(file, argc, argv);
	free(cmd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("compile_commands.json", data, size);
	Diag d;
	fuzz_diag(&d);
	if (compdb_validate(fuzz_dir(), &d) == 0) {
		json_t *root = json_load_file(path, 0, NULL), *e;
		size_t i;
		json_array_foreach(root, i, e)
			entry(e);
		json_decref(root);
	}
	diag_release(&d);
	return 0;
}
