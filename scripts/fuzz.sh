#!/usr/bin/env bash
# Fuzzes the station's outside inputs with libFuzzer (clang 14, ASan+UBSan): framing, resource strings, every
# simulator's command parser, sequence files and station files (tests/fuzz, docs/testing.md#fuzzing).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 s each, every target
# New inputs that reach new code are kept in build-fuzz/corpus/<target>; a crash leaves crash-* files in
# build-fuzz/findings/. Add a crash to tests/fuzz/corpus/<target>/ with its fix: the normal test run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(framing resource_string scpi_simulator sequence_file station_file scpi_reply expression \
    driver_replies)
./scripts/install-deps.sh
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DOPTIQUAL_FUZZ=ON -DSANITIZE=address,undefined -DOPTIQUAL_BUILD_BENCHMARKS=OFF -DOPTIQUAL_HEADER_CHECK=OFF \
    >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/optiqual_fuzz_}"
declare -A seeds=(
    [framing]="tests/fuzz/corpus/framing"
    [resource_string]="tests/fuzz/corpus/resource"
    [scpi_simulator]="tests/fuzz/corpus/scpi"
    [sequence_file]="tests/fuzz/corpus/sequence sequences/xpo sequences/coldplate sequences/cpo tests/sequences/invalid"
    [station_file]="tests/fuzz/corpus/station station/configs"
    [scpi_reply]="tests/fuzz/corpus/reply"
    [expression]="tests/fuzz/corpus/expression"
    [driver_replies]="tests/fuzz/corpus/driver"
)
mkdir -p build-fuzz/findings
status=0
for target in "${targets[@]}"; do
    corpus=build-fuzz/corpus/$target
    mkdir -p "$corpus"
    echo "== $target: ${seconds}s"
    # shellcheck disable=SC2086 # the seed folders are words
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        build-fuzz/optiqual_fuzz_"$target" "$corpus" ${seeds[$target]} -max_total_time="$seconds" -max_len=8192 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix=build-fuzz/findings/"$target"- \
        2>&1 | grep -E '^(#[0-9]+ +DONE|==|SUMMARY|stat::number_of_executed_units|stat::peak_rss|.*ERROR|fuzz property)' \
        || true
    if ls build-fuzz/findings/"$target"-* >/dev/null 2>&1; then
        echo "$target: findings in build-fuzz/findings/"
        status=1
    fi
done
exit $status
