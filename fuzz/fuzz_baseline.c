/* SPDX-License-Identifier: MIT */
/*
 * fuzz_baseline: a --baseline FILE -> baseline_filter() over a few
 * fingerprinted findings.
 */
#include <string.h>
#include "baseline.h"
#include "fuzz.h"

static const char *const prints[] = {"9a20926fcf4782f4", "0000000000000000", "ffffffffffffffff"};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("baseline.json", data, size);
	Diag d;
	fuzz_diag(&d);
	FindingSet fs;
	findings_init(&fs);
	for (int i = 0; i < 3; i++) {
		Finding f = {.check = "leak", .severity = "warning", .loc = {"a.c", i + 1, 1},
			     .message = "m", .func = "f"};
		memcpy(f.fingerprint, prints[i], sizeof(f.fingerprint));
		findings_add(&fs, &f);
	}
	int dropped = baseline_filter(&fs, path, &d);
	if (dropped > 3 || fs.v.n + (dropped > 0 ? dropped : 0) != 3)
		__builtin_trap();      /* it lost or made up findings */
	findings_release(&fs);
	diag_release(&d);
	return 0;
}
