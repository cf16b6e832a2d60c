#!/usr/bin/env bash
# Builds everything with -Werror and runs every test; then does the same with AddressSanitizer and
# UndefinedBehaviorSanitizer (skip with --no-sanitize). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=0

./scripts/build.sh
ctest --test-dir build --output-on-failure -j2 --timeout 300
# The main command must keep working: probe the simulated XPO line.
build/optiqual --log-file '' probe --station station/configs/sim-xpo.yaml >/dev/null
build/optiqual --log-file '' check station/configs/*.yaml

if [ "$sanitize" = 1 ]; then
    BUILD_DIR=build-asan ./scripts/build.sh -DSANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug \
        -DOPTIQUAL_BUILD_BENCHMARKS=OFF
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j2 --timeout 600
fi
echo "all tests passed"
