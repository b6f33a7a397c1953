#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the dependencies, builds closecheck (warnings are errors) and runs
# the whole test suite: unit tests, the corpus runner, the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLOSECHECK_WERROR=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
