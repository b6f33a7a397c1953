#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the dependencies, builds closecheck (warnings are errors) and runs
# the whole test suite: unit tests, the corpus runner, the command line;
# then builds everything again with clang-22 under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-sanitize/) and runs the whole suite
# again: a sanitizer report fails it (tests/sanitizer_reports.sh).
# CLOSECHECK_SANITIZE_PASS=0 skips that second pass (CI never does); at the
# end the fuzz targets run over their seeds (CLOSECHECK_FUZZ_SMOKE=0 skips).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLOSECHECK_WERROR=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure

# clang-22 rather than gcc 12's -fsanitize: its runtime (libclang-rt-22-dev)
# is linked statically into each program, so closecheck starts the same
# under whatever runs it in the tests (gcc's shared libasan refuses to start
# when a library is preloaded before it, as bear does); it is LLVM 22, as
# the libclang we link, with UBSan checks gcc 12 lacks; and it builds our
# sources with clang's warnings as errors.
if [ "${CLOSECHECK_SANITIZE_PASS:-1}" != 0 ]; then
	cmake -S . -B build-sanitize -DCMAKE_C_COMPILER=clang-22 \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLOSECHECK_WERROR=ON \
		-DCLOSECHECK_SANITIZE=address,undefined
	cmake --build build-sanitize -j"$(nproc)"
	ctest --test-dir build-sanitize --output-on-failure
fi

# The libFuzzer targets (fuzz/README.md) build and pass over their seeds,
# the reproducers of fixed findings among them: the smoke only, well under
# a minute (the campaigns are run by hand: fuzz/campaign.sh, fuzz/csmith.sh).
if [ "${CLOSECHECK_FUZZ_SMOKE:-1}" != 0 ]; then
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-22 \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLOSECHECK_WERROR=ON -DCLOSECHECK_FUZZ=ON
	cmake --build build-fuzz -j"$(nproc)" --target fuzz_targets
	ctest --test-dir build-fuzz -R '^fuzz_smoke_' --output-on-failure
fi
