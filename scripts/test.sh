#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: formatting; the clang-16
# ASan+UBSan build (warnings as errors, benchmarks included) with every test; every libFuzzer
# target for 30 s (two at a time); then the g++ build with every test; a valgrind memcheck subset;
# the g++ ctest summary closes the output. Each step's header shows the time since the start.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "== $1 (at ${SECONDS} s)"; }

step "dependencies"
bash scripts/deps.sh
step "format"
bash scripts/check-format.sh

# One clang-16 build serves both as the clang -Werror build and as the sanitizer build.
step "clang-16 ASan+UBSan build (warnings as errors) and tests"
bash scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 600

step "libFuzzer targets (clang-16, ASan+UBSan)"
bash scripts/fuzz --all 30

step "g++ build and tests"
bash scripts/build.sh gcc
ctest --test-dir build --output-on-failure -j2 --timeout 600 | tee build/ctest.log

# (Not secrets_tests: it replaces operator new/delete, which valgrind intercepts itself.)
step "valgrind memcheck (the Connection and hostile-input tests)"
for t in unit_conn hostile_tests; do
  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    "build/tests/$t" --gtest_brief=1
done

step "g++ test summary"
grep -E "tests passed|tests failed|Total Test time" build/ctest.log
