#!/usr/bin/env bash
# Installs dependencies (Debian 12), configures and builds OptiQual into build/ (or $BUILD_DIR).
# Extra arguments go to CMake's configure step, e.g. -DSANITIZE=address,undefined.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DOPTIQUAL_WERROR=ON "$@" >/dev/null
cmake --build "$build_dir" -j2
