/* SPDX-License-Identifier: MIT */
/*
 * fuzz_suppress: source text -> the suppression comments.  Each line goes
 * through suppress_parse() and suppress_line() (the Language Server's
 * way); the whole text through a Suppressions given it as an editor's
 * buffer (suppress_set_text()), which then filters findings on every line.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "suppress.h"

enum { MAXLINES = 64 };

static void
each_line(char *text)
{
	for (char *save, *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		SuppressComment c;
		if (suppress_parse(ln, &c))
			(void)suppress_covers(&c, "leak");
		const char *bad;
		int badcol;
		(void)suppress_line(ln, "txn-open", &bad, &badcol);
	}
}

static void
filter(const char *text, Diag *d)
{
	const char *file = "fuzz-suppress-src.c";
	Suppressions *s = suppress_new(d);
	suppress_set_text(s, file, text);
	suppress_scan(s, file);
	FindingSet fs;
	findings_init(&fs);
	static const char *const checks[] = {"leak", "txn-open", "double-release"};
	for (int line = 1; line <= MAXLINES; line++) {
		Finding f = {.check = checks[line % 3], .severity = "warning",
			     .loc = {file, line, 1}, .acquired = {file, line / 2, 1},
			     .message = "m", .func = "f"};
		findings_add(&fs, &f);
	}
	(void)suppress_apply(s, &fs);
	findings_release(&fs);
	suppress_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Diag d;
	fuzz_diag(&d);
	char *text = fuzz_text(data, size);
	filter(text, &d);
	each_line(text);
	free(text);
	diag_release(&d);
	return 0;
}
