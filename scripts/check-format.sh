#!/usr/bin/env bash
# Fails when any C++ source differs from .clang-format's layout.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.h' '*.cc')
[ ${#files[@]} -eq 0 ] && exit 0
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/tlspp-format.log; then
  grep -E '^[^ ].*(warning|error):' /tmp/tlspp-format.log | cut -d: -f1 | sort -u | sed 's/^/unformatted: /'
  echo "format check failed: run clang-format -i on the files above" >&2
  exit 1
fi
echo "format: ${#files[@]} files ok"
