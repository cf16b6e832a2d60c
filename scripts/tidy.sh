#!/usr/bin/env bash
# Runs clang-tidy-14 (the checks in .clang-tidy, every finding an error) on the C++ files that changed most
# recently, so that CI stays within its time budget (a heavy translation unit takes ~10 s of one core).
#   scripts/tidy.sh            the .cpp files of the newest commits, at most $TIDY_MAX_FILES (default 40)
#   scripts/tidy.sh REV        the .cpp files changed since REV (a header counts as its own .cpp)
#   scripts/tidy.sh --all      every .cpp file (about 30 min on two cores)
# Formatting-only commits (subject "Format: …") are skipped: they change no code.
set -euo pipefail
cd "$(dirname "$0")/.."
clang_tidy=$(command -v clang-tidy-14 || true)
if [ -z "$clang_tidy" ]; then
    echo "tidy: clang-tidy-14 is missing (scripts/install-deps.sh installs it)" >&2
    exit 2
fi
# clang-tidy reads the compile commands of a clang configure without the GCC precompiled header (clang cannot
# read GCC's .gch). Configuring writes compile_commands.json; nothing is built.
build_dir=${TIDY_BUILD_DIR:-build-tidy}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON \
    -DOPTIQUAL_HEADER_CHECK=OFF >/dev/null
known=$(sed -n 's/^ *"file": "\(.*\)",*$/\1/p' "$build_dir/compile_commands.json" | sed "s|^$PWD/||" | sort -u)

# A changed header stands for the .cpp beside it.
as_sources() { sed 's/\.h$/.cpp/' | awk '!seen[$0]++'; }
case "${1:-}" in
--all) candidates=$(git ls-files '*.cpp') ;;
"")
    max=${TIDY_MAX_FILES:-40}
    candidates=$(git log --no-merges --format='@%s' --name-only --diff-filter=AMR -n 200 |
        awk '/^@/ { skip = ($0 ~ /^@Format:/); next } !skip && NF' | grep -E '\.(cpp|h)$' | as_sources |
        grep -Fxf <(echo "$known") | head -n "$max" || true) ;;
*) candidates=$(git diff --name-only --diff-filter=AMR "$1" -- '*.cpp' '*.h' | as_sources) ;;
esac
files=$(echo "$candidates" | grep -Fxf <(echo "$known") || true)
if [ -z "$files" ]; then
    echo "tidy: no changed source files to check"
    exit 0
fi
count=$(echo "$files" | wc -l)
echo "tidy: checking $count files"
# One process per file, two at a time; any finding fails the file (WarningsAsErrors in .clang-tidy).
if echo "$files" | xargs -P 2 -n 1 "$clang_tidy" -p "$build_dir" --quiet 2> >(grep -v "warnings generated" >&2); then
    echo "tidy: $count files clean"
else
    echo "tidy: findings above (fix them, or disable the check in .clang-tidy with its reason)" >&2
    exit 1
fi
