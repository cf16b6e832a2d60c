#!/usr/bin/env bash
# Fuzzes the station's outside inputs with libFuzzer (clang 14, ASan+UBSan): framing, resource strings, every
# simulator's command parser, sequence files and station files (tests/fuzz, docs/testing.md#fuzzing).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 s each, every target
#   scripts/fuzz.sh --runs N [TARGET...]                 N inputs each from a fixed seed: the same inputs every time
#                                                         (the bounded run of scripts/test.sh, in CI)
# New inputs that reach new code are kept in build-fuzz/corpus/<target> (with --runs: in a throw-away folder, so
# that the run does not depend on earlier ones); a crash leaves crash-* files in build-fuzz/findings/. Add a crash
# to tests/fuzz/corpus/<target>/ with its fix: the normal test run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=
seconds=
if [ "${1:-}" = "--runs" ]; then
    runs=$2
    shift 2
    bound=(-runs="$runs" -seed=1)
    corpus_root=$(mktemp -d)
    trap 'rm -rf "$corpus_root"' EXIT
else
    seconds=${1:-60}
    shift || true
    bound=(-max_total_time="$seconds")
    corpus_root=build-fuzz/corpus
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(framing resource_string scpi_simulator sequence_file station_file scpi_reply expression \
    driver_replies)
./scripts/install-deps.sh
launcher=()
if command -v ccache >/dev/null; then # as in build.sh: a second checkout or CI reuses the objects
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=1
    export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}
fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
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
    corpus=$corpus_root/$target
    mkdir -p "$corpus"
    echo "== $target: ${runs:+$runs runs}${seconds:+${seconds}s}"
    # shellcheck disable=SC2086 # the seed folders are words
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        build-fuzz/optiqual_fuzz_"$target" "$corpus" ${seeds[$target]} "${bound[@]}" -max_len=8192 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix=build-fuzz/findings/"$target"- \
        2>&1 | grep -E '^(#[0-9]+ +DONE|==|SUMMARY|stat::number_of_executed_units|stat::peak_rss|.*ERROR|fuzz property)' \
        || true
    if ls build-fuzz/findings/"$target"-* >/dev/null 2>&1; then
        echo "$target: findings in build-fuzz/findings/"
        status=1
    fi
done
exit $status
