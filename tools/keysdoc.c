/* SPDX-License-Identifier: MIT */
/*
 * keysdoc: the key tables of the docs, made from the tables the readers use.
 *
 *   keysdoc FILE.md     prints FILE.md with each region
 *                           <!-- keys NAME -->
 *                           ...
 *                           <!-- /keys -->
 *                       replaced by the markdown table of NAME
 *   keysdoc --list      the names: the tables of rulekeys.def and "config"
 *
 * The test keysdoc_rules (and _integrations) diffs the output against the
 * file, so the docs cannot drift from the code; to update a doc after
 * changing a table: keysdoc docs/rules.md >x && mv x docs/rules.md.
 */
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "rules.h"

static const YField *
table(const char *name)
{
	if (strcmp(name, "config") == 0)
		return config_keys;
	for (const YTable *t = rules_key_tables; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t->fields;
	return NULL;
}

/* Copies f to stdout, regenerating the regions; 1 on an unknown or open region. */
static int
rewrite(FILE *f, const char *path)
{
	char line[4096], name[128];
	int lineno = 0, in = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (in && strncmp(line, "<!-- /keys -->", 14) == 0) {
			in = 0;
		} else if (in) {
			continue;
		} else if (sscanf(line, "<!-- keys %127[^ ] -->", name) == 1) {
			const YField *t = table(name);
			if (!t) {
				fprintf(stderr, "%s:%d: unknown key table '%s'\n", path, lineno, name);
				return 1;
			}
			fputs(line, stdout);
			yf_markdown(stdout, t);
			in = lineno;
			continue;
		}
		fputs(line, stdout);
	}
	if (in) {
		fprintf(stderr, "%s:%d: '<!-- keys' without '<!-- /keys -->'\n", path, in);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (const YTable *t = rules_key_tables; t->name; t++)
			puts(t->name);
		puts("config");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: keysdoc FILE.md | --list\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	int rc = rewrite(f, argv[1]);
	fclose(f);
	return rc;
}
