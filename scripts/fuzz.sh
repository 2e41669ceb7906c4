#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-16, ASan+UBSan) and runs one: scripts/fuzz.sh TARGET SECONDS
# (TARGET: a name from fuzz/*_fuzz.cc, e.g. x509_fuzz). The seed corpus fuzz/corpus/TARGET is read,
# new inputs go to a scratch corpus; a finding exits non-zero and leaves crash-* in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:-60}
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-16 -DTLSPP_FUZZ=ON -DTLSPP_BUILD_TESTS=OFF \
  -DTLSPP_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)" --target "$target" >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
seeds=fuzz/corpus/$target
[ -d "$seeds" ] || seeds=
echo "fuzz: $target for ${seconds}s"
(cd build-fuzz && "./fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
  "$scratch" ${seeds:+"../$seeds"} 2>&1 | tail -n 12)
