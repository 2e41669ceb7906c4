#!/usr/bin/env bash
# Configures and builds tlspp. Usage: scripts/build.sh [gcc|clang|asan]   (default gcc)
#   gcc   -> build/        g++, RelWithDebInfo (the tool, tests, benchmarks)
#   clang -> build-clang/  clang++-16, warnings as errors
#   asan  -> build-asan/   clang++-16 with AddressSanitizer + UndefinedBehaviorSanitizer, warnings as
#                          errors (CI's clang build; tls_compare is left out: see bench/compare)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-gcc}
jobs=$(nproc 2>/dev/null || echo 2)
case "$kind" in
  gcc)   dir=build;       args=(-DCMAKE_CXX_COMPILER=g++) ;;
  clang) dir=build-clang; args=(-DCMAKE_CXX_COMPILER=clang++-16) ;;
  asan)  dir=build-asan;  args=(-DCMAKE_CXX_COMPILER=clang++-16 -DTLSPP_SANITIZE=ON
                                -DCMAKE_BUILD_TYPE=Debug) ;;
  *) echo "usage: $0 [gcc|clang|asan]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" "${args[@]}" >/dev/null
cmake --build "$dir" -j"$jobs"
