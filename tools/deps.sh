#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what closecheck needs to build and test on Debian 12 (bookworm).
set -euo pipefail
pkgs=(cmake make gcc pkg-config
      llvm-22 libclang-22-dev clang-22
      libclang-rt-22-dev   # ASan/UBSan runtime for the sanitized test pass
      libcmocka-dev libyaml-dev libjansson-dev
      libpq-dev libmariadb-dev libsqlite3-dev
      nodejs python3 git pre-commit neovim unixodbc-dev
      bear meson ninja-build)   # tests/setups: real build tools
# the man page test (man -l, groff) and terminal tests (script)
pkgs+=(man-db groff-base bsdutils)
# bench/ (the bench_smoke test): /usr/bin/time
pkgs+=(time)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)   # Debian's nodejs comes without it
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
