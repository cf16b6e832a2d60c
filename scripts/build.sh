#!/usr/bin/env bash
# Installs dependencies (Debian 12), configures and builds OptiQual into build/ (or $BUILD_DIR).
# Extra arguments go to CMake's configure step, e.g. -DSANITIZE=address,undefined; $BUILD_TARGETS (space-separated)
# builds only those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build_dir=${BUILD_DIR:-build}
# ccache (when installed) makes a rebuild of an unchanged file a lookup: the sanitizer pass, a second checkout
# and CI on a machine that built before all reuse objects. Paths are made relative to the checkout so that any
# checkout of the same sources hits.
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=1
    export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}
fi
cmake -S . -B "$build_dir" -G Ninja -DOPTIQUAL_WERROR=ON "${launcher[@]}" "$@" >/dev/null
targets=()
for t in ${BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j2 "${targets[@]}"
