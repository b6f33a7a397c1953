/* SPDX-License-Identifier: MIT */
/* install: where the rule packs and the docs are (see install.h). */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "install.h"
#include "mem.h"

static const char *source_dir;

void
install_set_source_dir(const char *dir)
{
	source_dir = dir;
}

static bool
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running program into buf; false if unknown. */
static bool
bin_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

char *
install_rules_dir(void)
{
	const char *env = getenv("CLOSECHECK_RULES_DIR");
	if (env && *env)
		return xstrdup(env);
	char bin[PATH_MAX], buf[PATH_MAX + 64];
	if (!bin_dir(bin, sizeof(bin)))
		return NULL;
	snprintf(buf, sizeof(buf), "%s/rules", bin);
	if (is_dir(buf))
		return xstrdup(buf);
	snprintf(buf, sizeof(buf), "%s/../share/closecheck/rules", bin);
	if (is_dir(buf))
		return xstrdup(buf);
	return NULL;
}

/* dir, resolved, if it has a checks/ folder. */
static char *
docs_at(const char *dir)
{
	char pages[PATH_MAX + 16], real[PATH_MAX];
	int n = snprintf(pages, sizeof(pages), "%s/checks", dir);
	if (n <= 0 || (size_t)n >= sizeof(pages) || !is_dir(pages) || !realpath(dir, real))
		return NULL;
	return xstrdup(real);
}

char *
install_docs_dir(void)
{
	char bin[PATH_MAX], buf[PATH_MAX + 64];
	char *found = NULL;
	bool have_bin = bin_dir(bin, sizeof(bin));
	if (have_bin) {
		snprintf(buf, sizeof(buf), "%s/../share/doc/closecheck", bin);
		found = docs_at(buf);
	}
	if (!found && have_bin) {
		snprintf(buf, sizeof(buf), "%s/../docs", bin);
		found = docs_at(buf);
	}
	if (!found && source_dir) {
		snprintf(buf, sizeof(buf), "%s/docs", source_dir);
		found = docs_at(buf);
	}
	return found;
}
