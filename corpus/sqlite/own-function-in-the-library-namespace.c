/* SPDX-License-Identifier: MIT */
/*
 * A function the program defines whose name a pack's glob covers (the
 * SQLite shell's sqlite3_expert_destroy() under `use: ["sqlite3_*"]`) is
 * what its own body says, not a library call that only borrows: the
 * glob is for the library's functions.  An exact name of a pack still
 * wins.
 */
#include <sqlite3.h>

typedef struct sqlite3_probe {
	sqlite3 *db;
	char *zName;
} sqlite3_probe;

void sqlite3_probe_destroy(sqlite3_probe *p)
{
	if (p) {
		sqlite3_close(p->db);
		sqlite3_free(p->zName);
		sqlite3_free(p);
	}
}

/* good: the half-made object is destroyed, then forgotten */
sqlite3_probe *sqlite3_probe_new(const char *zFile)
{
	sqlite3_probe *p = sqlite3_malloc(sizeof(*p));
	int rc;
	if (!p)
		return 0;
	p->zName = 0;
	rc = sqlite3_open(zFile, &p->db);
	if (rc == SQLITE_OK)
		p->zName = sqlite3_mprintf("%s", zFile);
	if (rc != SQLITE_OK || !p->zName) {
		sqlite3_probe_destroy(p);
		p = 0;
	}
	return p;
}

/* bad: destroyed, then freed again */
void sqlite3_probe_drop(const char *zFile)
{
	sqlite3_probe *p = sqlite3_probe_new(zFile);
	if (!p)
		return;
	sqlite3_probe_destroy(p);
	sqlite3_free(p); /* expect: double-release */
}
