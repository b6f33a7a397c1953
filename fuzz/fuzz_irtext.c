/* SPDX-License-Identifier: MIT */
/*
 * fuzz_irtext: IR as text (what --dump-ir prints, the .ir files of
 * tests/engine/) -> irtext_parse(); when it parses, the engine with every
 * shipped pack (RULES_DIR) and every check, the findings fingerprinted and
 * printed, as the driver does with a unit.  This finds crashes, hangs and memory
 * blow-ups of the engine without libclang.
 *
 * An input that begins with irbin.h's IRBIN_MAGIC is read as the IR in
 * bytes instead (irbin_read(): what pass 2 of a whole-program run reads),
 * then the same byte round trip and the engine.
 *
 * It also checks the round trip irtext.h promises: dumping what was read,
 * reading the dump and dumping again gives the same text; and irbin.h's:
 * the unit as bytes reads back into a unit with the same bytes and the
 * same dump, and no prefix of the bytes reads as a unit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "engine.h"
#include "fuzz.h"
#include "irbin.h"
#include "irtext.h"

static Rules *rules;
static CheckSet checks;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rules = fuzz_rules(RULES_DIR, "fuzz_irtext");
	checks_default(&checks);
	return 0;
}

static void
on_violation(void *ctx, const Violation *v)
{
	if (v->kind != V_BOUND)
		checks_report(&checks, v, ctx);
}

static void
round_trip(const IrUnit *u, Diag *d)
{
	char *once = irtext_dump(u);
	IrUnit *again = irtext_parse(u->file, once, d);
	if (!again) {
		fprintf(stderr, "fuzz_irtext: the dump does not read back: %s\n---\n%s", d->last, once);
		abort();
	}
	char *twice = irtext_dump(again);
	if (strcmp(once, twice) != 0) {
		fprintf(stderr, "fuzz_irtext: the dump changes when read back\n---\n%s---\n%s",
			once, twice);
		abort();
	}
	free(twice);
	free(once);
	ir_unit_free(again);
}

static char *
bytes_of(const IrUnit *u, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	if (!f || irbin_write(u, 42, f) != 0) {
		fprintf(stderr, "fuzz_irtext: irbin_write failed\n");
		abort();
	}
	fclose(f);
	return buf;
}

static void
binary_round_trip(const IrUnit *u)
{
	size_t n, m;
	char *once = bytes_of(u, &n);
	long long parsed = 0;
	const char *why = NULL;
	IrUnit *again = irbin_read((const unsigned char *)once, n, &parsed, &why);
	if (!again || parsed != 42) {
		fprintf(stderr, "fuzz_irtext: the bytes do not read back: %s\n", why);
		abort();
	}
	char *twice = bytes_of(again, &m);
	char *d1 = irtext_dump(u), *d2 = irtext_dump(again);
	if (n != m || memcmp(once, twice, n) != 0 || strcmp(d1, d2) != 0) {
		fprintf(stderr, "fuzz_irtext: the bytes change when read back\n");
		abort();
	}
	/* a prefix is never a unit (a few lengths: each read is linear) */
	for (size_t k = 0; k < n; k += 1 + n / 16) {
		IrUnit *cut = irbin_read((const unsigned char *)once, k, &parsed, &why);
		if (cut) {
			fprintf(stderr, "fuzz_irtext: %zu of %zu bytes read as a unit\n", k, n);
			abort();
		}
	}
	free(d1);
	free(d2);
	free(once);
	free(twice);
	ir_unit_free(again);
}

static void
analyse(const IrUnit *u)
{
	FindingSet fs;
	findings_init(&fs);
	EngineLimits lim;
	engine_limits_default(&lim);
	EngineStats st = {0};
	engine_run(u, rules, &lim, on_violation, &fs, &st);
	findings_sort(&fs);
	findings_fingerprint(&fs, NULL);
	FILE *out = fopen("/dev/null", "w");
	findings_print_text(&fs, out);
	fclose(out);
	findings_release(&fs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	Diag d;
	fuzz_diag(&d);
	long long parsed;
	const char *why;
	bool bytes = size >= strlen(IRBIN_MAGIC) && memcmp(data, IRBIN_MAGIC, strlen(IRBIN_MAGIC)) == 0;
	IrUnit *u = bytes ? irbin_read(data, size, &parsed, &why)
			  : irtext_parse("fuzz.ir", text, &d);
	if (u) {
		if (!bytes)
			round_trip(u, &d);
		binary_round_trip(u);
		analyse(u);
		ir_unit_free(u);
	}
	diag_release(&d);
	free(text);
	return 0;
}
