#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: formatting; the clang-16 build
# (warnings as errors); every test under AddressSanitizer + UndefinedBehaviorSanitizer; every
# libFuzzer target for 60 s (two at a time); then the g++ build with every test; a valgrind memcheck
# subset; the g++ ctest summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/check-format.sh

echo "== clang-16 build (warnings as errors)"
bash scripts/build.sh clang

echo "== clang-16 ASan+UBSan build and tests"
bash scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 600

echo "== libFuzzer targets (clang-16, ASan+UBSan)"
bash scripts/fuzz --all 60

echo "== g++ build and tests"
bash scripts/build.sh gcc
ctest --test-dir build --output-on-failure -j2 --timeout 600 | tee build/ctest.log

# (Not secrets_tests: it replaces operator new/delete, which valgrind intercepts itself.)
echo "== valgrind memcheck (the Connection and hostile-input tests)"
for t in unit_conn hostile_tests; do
  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    "build/tests/$t" --gtest_brief=1
done

echo "== g++ test summary"
grep -E "tests passed|tests failed|Total Test time" build/ctest.log
