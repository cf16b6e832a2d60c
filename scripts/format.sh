#!/usr/bin/env bash
# Checks that every C++ source and header is formatted as .clang-format says (clang-format-14, Debian 12);
# exits 1 naming each file that is not. With --fix, formats them in place instead.
set -euo pipefail
cd "$(dirname "$0")/.."
fix=0
[ "${1:-}" = "--fix" ] && fix=1
clang_format=$(command -v clang-format-14 || true)
if [ -z "$clang_format" ]; then
    echo "format: clang-format-14 is missing (scripts/install-deps.sh installs it)" >&2
    exit 2
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "$fix" = 1 ]; then
    "$clang_format" -i "${files[@]}"
    exit 0
fi
# --dry-run prints one warning per differing region; list each file once.
bad=$("$clang_format" --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
if [ -n "$bad" ]; then
    echo "format: these files differ from .clang-format (run scripts/format.sh --fix):" >&2
    echo "$bad" | sed 's/^/  /' >&2
    exit 1
fi
echo "format: ${#files[@]} files formatted as .clang-format says"
