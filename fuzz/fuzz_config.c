/* SPDX-License-Identifier: MIT */
/*
 * fuzz_config: a .closecheck.yaml -> config_fixed() (--config FILE), then
 * what the driver asks of a configuration: the checks it turns on, its
 * exclusions and severities.
 */
#include <stdio.h>
#include <stdlib.h>
#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(".closecheck.yaml", data, size);
	Diag d;
	fuzz_diag(&d);
	ConfigCache cc = {0};
	if (config_fixed(&cc, path, &d) == 0) {
		const Config *c = config_for(&cc, "src/a.c", &d);
		CheckSet defaults, cs;
		checks_default(&defaults);
		const char *cmdline[] = {"-*,leak"};
		config_checks(c, &defaults, cmdline, 1, &cs, &d);
		char file[256];
		snprintf(file, sizeof(file), "%s/src/a.c", fuzz_dir());
		(void)config_excludes(c, file);
		snprintf(file, sizeof(file), "%s/vendor/x/y.h", fuzz_dir());
		(void)config_excludes(c, file);
		(void)config_excludes(c, "/elsewhere/b.c");
		(void)config_severity(c, "leak");
	}
	config_cache_release(&cc);
	diag_release(&d);
	return 0;
}
