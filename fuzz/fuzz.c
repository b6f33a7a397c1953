/* SPDX-License-Identifier: MIT */
/* fuzz.c: the helpers of fuzz.h. */
#include "fuzz.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char path[128];

char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void
remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

const char *
fuzz_dir(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/closecheck-fuzz-XXXXXX",
			 getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 32 ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(remove_dir);
	}
	return dir;
}

const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror("fuzz: writing the input");
		abort();
	}
	return path;
}

Rules *
fuzz_rules(const char *packs, const char *who)
{
	Diag d;
	diag_init(&d, stderr);
	Rules *r = rules_new();
	if (rules_load_dir(r, packs, &d) != 0) {
		fprintf(stderr, "%s: cannot load the packs of %s\n", who, packs);
		exit(2);
	}
	diag_release(&d);
	return r;
}

void
fuzz_diag(Diag *d)
{
	diag_init(d, NULL);
	d->keep_errors = true;
}
