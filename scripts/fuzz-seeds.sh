#!/usr/bin/env bash
# Re-records the seed corpora of the Connection fuzzers (fuzz/corpus/conn_{client,server}_fuzz)
# from a real in-memory conversation per variant (see fuzz/conn_fuzz_util.h). Run it after a change
# to what either side sends, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-16 -DTLSPP_FUZZ=ON -DTLSPP_BUILD_TESTS=OFF \
  -DTLSPP_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j2 --target conn_server_fuzz conn_client_fuzz >/dev/null
for side in server client; do
  dir=fuzz/corpus/conn_${side}_fuzz
  rm -rf "$dir" && mkdir -p "$dir"
  TLSPP_FUZZ_WRITE_SEEDS=$dir "./build-fuzz/fuzz/conn_${side}_fuzz"
done
