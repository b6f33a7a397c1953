/* SPDX-License-Identifier: MIT */
/*
 * fuzz_analyze: the input as a C file, through the whole analysis of one
 * unit as the Language Server does it with an editor's buffer:
 * analyze_text() hands it to libclang as an unsaved file
 * (clang_parseTranslationUnit2() with a CXUnsavedFile), lowers every
 * function, runs the engine with every shipped pack (RULES_DIR) and every
 * check; then the findings are sorted, fingerprinted and written in every
 * format (gcc, rich with the source lines, json, sarif with the check
 * pages of DOCS_DIR, codeclimate), the unit's errors listed in json and
 * sarif.
 *
 * The unit is FOLDER/input.c in the process's fuzz folder with -std=gnu11
 * and the include folders of csmith and libpq (the seeds come from
 * corpus/ and from csmith and bench/generate.py), -w.  The input is also
 * written to that file, for the rich format's source lines.  libclang is
 * slow per input: run it with -max_len (4096 in campaign.sh) and a
 * -timeout.  In-process (no isolation): a crash in libclang is a finding
 * too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze.h"
#include "fuzz.h"
#include "report.h"

static Rules *rules;
static Frontend *fe;
static AnalyzeOptions opts;
static UnitSpec spec;
static char *const args[] = {"-std=gnu11", "-I/usr/include/csmith",
			     "-I/usr/include/postgresql", "-w"};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rules = fuzz_rules(RULES_DIR, "fuzz_analyze");
	analyze_options_init(&opts);
	opts.rules = rules;
	checks_default(&opts.checks);
	opts.jobs = 1;
	opts.isolate = false;
	fe = frontend_new();
	static char file[128];
	snprintf(file, sizeof(file), "%s/input.c", fuzz_dir());
	spec.file = file;
	spec.dir = (char *)fuzz_dir();
	spec.argc = (int)(sizeof(args) / sizeof(args[0]));
	spec.argv = (char **)args;
	return 0;
}

/* With CLOSECHECK_FUZZ_PRINT set, the reports go to stderr (to see what
 * an input gives); else to /dev/null. */
static void
write_reports(const FindingSet *fs, const Diag *d)
{
	static const Format formats[] = {FMT_GCC, FMT_RICH, FMT_JSON, FMT_SARIF, FMT_CODECLIMATE};
	FILE *out = getenv("CLOSECHECK_FUZZ_PRINT") ? stderr : fopen("/dev/null", "w");
	if (!out)
		abort();
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		ReportOptions ro = {.format = formats[i], .srcroot = fuzz_dir(),
				    .doc_base = "https://example.invalid/docs/",
				    .docs_dir = DOCS_DIR, .diag = d};
		if (report_write(fs, &ro, out) != 0)
			abort();
	}
	if (out != stderr)
		fclose(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	fuzz_file("input.c", data, size);
	Diag d;
	fuzz_diag(&d);
	FindingSet fs;
	findings_init(&fs);
	analyze_text(&opts, fe, &spec, text, &fs, &d);
	findings_fingerprint(&fs, fuzz_dir());
	write_reports(&fs, &d);
	findings_release(&fs);
	diag_release(&d);
	free(text);
	return 0;
}
