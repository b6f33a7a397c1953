#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the dependencies, builds closecheck and runs it on the bundled
# corpus through the compile database CMake writes for it.  Exit status 1
# means findings were reported, as expected for the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
status=0
./build/closecheck -p build/corpus "$@" || status=$?
[ "$status" -le 1 ] || exit "$status"
